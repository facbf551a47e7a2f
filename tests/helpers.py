"""Build workbooks for tests from short specs: the example data, changed one thing at a time.

    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Jenis Mitra"] = "LSM"
    path = write_sheets(tmp_path, sheets)

Rows are dicts header → value; a sheet's headers are the keys of its rows in order of
first appearance, so deleting a key from every row drops the column.
"""

from __future__ import annotations

import errno
import io
import zipfile
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook

from ksdocs.cli import main
from ksdocs.example import Row, Sheets, example_sheets
from ksdocs.problems import Report
from ksdocs.schema import SHEETS
from ksdocs.validate import load_workbook


def example() -> Sheets:
    """A fresh copy of the example data."""
    return example_sheets()


def write_sheets(tmp_path: Path, sheets: Sheets, name: str = "kerjasama.xlsx") -> Path:
    """Write `sheets` as a plain .xlsx in `tmp_path`, in the order given."""
    path = tmp_path / name
    path.write_bytes(_xlsx(repr(sheets), sheets))
    return path


_WRITTEN: dict[str, bytes] = {}
"""The .xlsx written for each content (its repr), this process: openpyxl takes tens of
milliseconds a workbook, and hundreds of tests write one, a quarter of them the example
unchanged."""


def _xlsx(key: str, sheets: Sheets) -> bytes:
    if key not in _WRITTEN:
        book = Workbook()
        first = book.active
        assert first is not None
        book.remove(first)
        for title, rows in sheets.items():
            worksheet = book.create_sheet(title)
            headers = _headers(title, rows)
            worksheet.append(headers)
            for values in rows:
                worksheet.append([values.get(header) for header in headers])
        out = io.BytesIO()
        book.save(out)
        _WRITTEN[key] = out.getvalue()
    return _WRITTEN[key]


def _headers(title: str, rows: list[Row]) -> list[str]:
    headers: dict[str, None] = {}
    for values in rows:
        headers.update(dict.fromkeys(values))
    if not headers:
        schema = next((sheet for sheet in SHEETS if sheet.name == title), None)
        headers = dict.fromkeys(column.header for column in schema.columns) if schema else {}
    return list(headers)


def row(sheets: Sheets, sheet: str, code: str, index: int = 0) -> Row:
    """The `index`-th row of `sheet` whose first column (Kode, Peran, Kunci) is `code`."""
    found = [values for values in sheets[sheet] if next(iter(values.values()), None) == code]
    return found[index]


def rename(sheets: Sheets, old: str, new: str) -> None:
    """Change a partner's Kode everywhere it appears."""
    for name in ("Mitra", "Ruang Lingkup", "Kajian"):
        for values in sheets[name]:
            if values["Kode"] == old:
                values["Kode"] = new


def drop_column(sheets: Sheets, sheet: str, header: str) -> None:
    for values in sheets[sheet]:
        values.pop(header, None)


def check(tmp_path: Path, sheets: Sheets) -> Report:
    """Write `sheets` and validate them."""
    return load_workbook(write_sheets(tmp_path, sheets))[1]


def errors(report: Report) -> list[str]:
    return [str(problem) for problem in report.errors]


def warnings(report: Report) -> list[str]:
    return [str(problem) for problem in report.warnings]


EXAMPLE_WARNING = (
    "Mitra!A6 (Kode): belum ada baris pada lembar Kajian; formulir kajian dibuat dengan "
    "bagian penilaian kosong untuk diisi tangan"
)
"""The one warning of the example data: partner KS-2027-005 has no analysis row."""


def patch_sheet_xml(path: Path, sheet_number: int, old: bytes, new: bytes) -> None:
    """Replace bytes in ``xl/worksheets/sheet<N>.xml``: for cells openpyxl will not write."""
    member = f"xl/worksheets/sheet{sheet_number}.xml"
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename == member:
                assert old in data, f"{old!r} not in {member}"
                data = data.replace(old, new)
            target.writestr(info, data)


def with_member_header(path: Path, member: str, *, method: int | None = None,
                       flags: int | None = None, size: int | None = None) -> None:
    """Set `member`'s compression method, flags or stated uncompressed size in its local
    and central headers (as another zip program, or a hostile upload, may write them)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    # (signature, where the name's length is, where the name is, where the flags are;
    # the method follows the flags, and the uncompressed size is 16 bytes after them)
    for signature, length_at, name_at, flags_at in ((b"PK\x03\x04", 26, 30, 6),
                                                   (b"PK\x01\x02", 28, 46, 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            length = int.from_bytes(data[start + length_at:start + length_at + 2], "little")
            if data[start + name_at:start + name_at + length] == name:
                at = start + flags_at
                if flags is not None:
                    data[at:at + 2] = flags.to_bytes(2, "little")
                if method is not None:
                    data[at + 2:at + 4] = method.to_bytes(2, "little")
                if size is not None:
                    data[at + 16:at + 20] = size.to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))


def run(*args: str) -> tuple[int, str]:
    """``ksdocs ARGS`` as a user runs it: (exit code, everything printed). Fails the test
    on a traceback: every error must reach the user as a message."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def emblem_png(width: int = 120, height: int = 132) -> bytes:
    """A made-up emblem as a PNG (no official one ships): a gold shield-like oval with a
    green disc and a white bar, drawn pixel by pixel, written with zlib and struct."""
    import struct
    import zlib

    rows = []
    for y in range(height):
        line = bytearray([0])  # filter: none
        for x in range(width):
            dx, dy = (x - width / 2) / (width / 2), (y - height / 2) / (height / 2)
            r = dx * dx + dy * dy
            if r <= 0.45 and abs(dy) < 0.12:
                pixel = (255, 255, 255, 255)
            elif r <= 0.6:
                pixel = (20, 110, 60, 255)
            elif r <= 1.0:
                pixel = (212, 160, 23, 255)
            else:
                pixel = (255, 255, 255, 0)
            line += bytes(pixel)
        rows.append(bytes(line))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


class NoProcessLeft:
    """Stands for a process pool whose processes cannot be started (fork refused with
    EAGAIN: no memory, or no process left for the user)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __enter__(self) -> NoProcessLeft:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    def map(self, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
