"""Read the .xlsx into raw rows, every value with its cell reference; nothing else.

Headers are matched against `schema` without regard to case or spacing, extra columns
are ignored, fully empty rows are skipped. Values are left as openpyxl gives them;
`validate` turns them into records. A file that is not a readable .xlsx raises
`WorkbookError`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import IO, Any

from ksdocs import forked
from ksdocs.docxzip import member_problem, size_problem
from ksdocs.errors import WorkbookError
from ksdocs.excel import column_letter
from ksdocs.schema import SHEETS, Column, Sheet
from ksdocs.xlsx import CellValue as CellValue  # what a cell holds, for validate
from ksdocs.xlsx import XlsxReader

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
EXCEL_ERRORS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
)
"""Excel's error values, as a cell shows them (a formula's result, or pasted)."""


class CellState(Enum):
    """Why a cell's value cannot be used."""

    UNCALCULATED = "uncalculated"
    """A formula with no cached value (the file was never recalculated by Excel)."""
    FORMULA_ERROR = "formula error"
    """A formula whose cached result is an Excel error such as ``#REF!``."""


@dataclass(frozen=True, slots=True)
class RawRow:
    """One non-empty data row (`RawSheet.ref` names where each value is)."""

    number: int
    values: dict[str, CellValue]
    """Every matched column's value by record key; None where the cell is blank."""
    states: dict[str, CellState] = field(default_factory=dict)
    """The columns whose value cannot be used (`CellState`); none in nearly every row."""


@dataclass(frozen=True)
class RawSheet:
    """One sheet of the schema as found in the file."""

    schema: Sheet
    title: str
    """The sheet's name as written in the file."""
    letters: dict[str, str]
    """Record key → column letter of every matched header."""
    missing: tuple[Column, ...]
    """Columns of the schema whose header is not in row 1."""
    duplicates: tuple[tuple[Column, str], ...]
    """Headers found more than once: the column and the letter of the ignored copy."""
    rows: tuple[RawRow, ...]

    def ref(self, key: str, row: int) -> str | None:
        """``E7`` for column `key` in `row`, or None when the column is missing."""
        letter = self.letters.get(key)
        return f"{letter}{row}" if letter else None


@dataclass(frozen=True)
class RawWorkbook:
    """Every sheet of the schema found in one file."""

    path: str
    sha256: str
    sheets: dict[str, RawSheet] = field(default_factory=dict)
    """Schema sheet name → sheet; sheets not in the file are absent."""
    lookalikes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Schema sheet name → the titles of two or more sheets in the file that differ only
    in case or spacing (``Mitra`` and ``Mitra ``); the first of them is read."""
    prepared: dict[str, Any] = field(default_factory=dict)
    """Schema sheet name → what its `Prepare` made of its rows, for the sheets
    `read_workbook` was given one for (their `RawSheet` then holds no rows)."""
    pending: dict[str, _Pending] = field(default_factory=dict, compare=False, repr=False)
    """Schema sheet name → the wait for a sheet the other process still reads and
    prepares (`read_workbook`'s `stack`); `complete` moves it to `sheets` and `prepared`."""

    @property
    def missing_sheets(self) -> tuple[Sheet, ...]:
        return tuple(
            sheet for sheet in SHEETS
            if sheet.name not in self.sheets and sheet.name not in self.pending
            and not sheet.optional
        )

    def complete(self, *names: str) -> list[str]:
        """Wait for the pending sheets `names` (every pending sheet when none is named);
        the names of those it waited for."""
        waited = [name for name in self.pending if not names or name in names]
        for name in waited:
            self.sheets[name], self.prepared[name] = self.pending.pop(name)()
        ordered = {sheet.name: self.sheets[sheet.name] for sheet in SHEETS
                   if sheet.name in self.sheets}  # (in the schema's order, as read here)
        self.sheets.clear()
        self.sheets.update(ordered)
        return waited


def normalise(text: str) -> str:
    """Header/sheet-name key: case folded, spaces collapsed."""
    return " ".join(text.split()).casefold()


Prepare = Callable[[RawSheet], Any]
"""What is made of a sheet's rows where the sheet is read: in the other process when it
reads that sheet (`_read_elsewhere`), so only the result is pickled back. A function of
a module (it is pickled by name), of the sheet alone."""


def read_workbook(
    path: Path, jobs: int = 1, prepare: Mapping[str, Prepare] | None = None,
    stack: contextlib.ExitStack | None = None,
) -> RawWorkbook:
    """Read every schema sheet of the .xlsx at `path`; `WorkbookError` when it is not one.

    `jobs`: processes that may read sheets side by side (`PARALLEL_FROM`). `prepare`:
    schema sheet name → its `Prepare`; the result is in `RawWorkbook.prepared`, and the
    sheet's `RawSheet` holds no rows (whoever wants them has the result). `stack`: the
    caller goes on while the other process still prepares its sheets
    (`RawWorkbook.pending`), and that process ends with `stack`; without it, everything
    is read when this returns."""
    name = str(path)
    with _refusing(name), contextlib.ExitStack() as own:
        with open(path, "rb") as file:
            data = file.read()  # once: what is hashed is what is read
        stream = io.BytesIO(data)
        digest = hashlib.sha256(data).hexdigest()
        _check_kind(name, data[:16], stream)
        raw = RawWorkbook(name, digest,
                          *_read_sheets(name, data, jobs, prepare or {}, stack or own))
        if stack is None:
            raw.complete()
    return raw


@contextlib.contextmanager
def _refusing(name: str) -> Iterator[None]:
    """The file `name` not read (or not all of it) as a `WorkbookError` saying why."""
    try:
        yield
    except FileNotFoundError:
        raise WorkbookError(f'Berkas "{name}" tidak ditemukan.') from None
    except IsADirectoryError:
        raise WorkbookError(f'"{name}" adalah folder, bukan berkas buku kerja Excel.') from None
    except PermissionError:
        raise WorkbookError(
            f'Berkas "{name}" tidak dapat dibuka (tidak ada izin baca, atau berkas sedang '
            "dikunci program lain)."
        ) from None
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, IndexError,
            EOFError, SyntaxError) as error:
        # SyntaxError: the XML parsers' errors (ElementTree's ParseError, lxml's) for a
        # damaged sheet. IndexError: a cell naming a shared string past the list's end.
        # zlib.error: a part whose compressed data no longer decompresses.
        raise WorkbookError(
            f'Berkas "{name}" bukan buku kerja Excel (.xlsx) yang dapat dibaca ({error}); '
            "buka di Excel lalu simpan sebagai Buku Kerja Excel (.xlsx)."
        ) from None
    except OSError as error:
        raise WorkbookError(f'Berkas "{name}" tidak dapat dibaca: {error.strerror}.') from None


def decode_escapes(text: str) -> str:
    """Undo the ``_x0007_`` escapes Excel writes for characters XML cannot hold."""
    return _ESCAPE.sub(lambda match: chr(int(match[1], 16)), text) if "_x" in text else text


def _check_kind(name: str, head: bytes, stream: IO[bytes]) -> None:
    """Refuse, with a reason, files that are plainly not an .xlsx."""
    hint = "buka di Excel lalu simpan sebagai Buku Kerja Excel (.xlsx)."
    if not head:
        raise WorkbookError(f'Berkas "{name}" kosong (0 byte), bukan buku kerja Excel (.xlsx).')
    if head.startswith(_OLE_MAGIC):
        raise WorkbookError(
            f'Berkas "{name}" dilindungi kata sandi (terenkripsi) atau berformat Excel lama '
            "(.xls); buka di Excel, hapus kata sandinya, lalu simpan sebagai Buku Kerja Excel "
            "(.xlsx)."
        )
    if not zipfile.is_zipfile(stream):
        raise WorkbookError(f'Berkas "{name}" bukan buku kerja Excel (.xlsx); {hint}')
    stream.seek(0)
    with zipfile.ZipFile(stream) as archive:
        members = archive.infolist()
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        kind = "dokumen Word (.docx)" if "word/document.xml" in names else "arsip zip lain"
        if "xl/workbook.bin" in names:
            kind = "buku kerja biner Excel (.xlsb)"
        raise WorkbookError(f'Berkas "{name}" adalah {kind}, bukan buku kerja Excel (.xlsx); '
                            f"{hint}")
    for member in members:
        if problem := member_problem(member):
            raise WorkbookError(f'Berkas "{name}": {problem}; {hint}')
    if problem := size_problem(members, MAX_PART_SIZE, MAX_SIZE):
        raise WorkbookError(f'Berkas "{name}" terlalu besar untuk buku kerja: {problem}.')


MAX_PART_SIZE = 128 * 1024 * 1024
"""The most one part of a workbook may hold uncompressed. 20,000 partners with their
scope and analyses are 30 MB of sheet XML (about 80,000 would fit); more is a file
built to fill the memory (a 20 MB upload can state gigabytes). At the limit, a part of
the smallest shared strings still becomes a list of some 7 million strings: 541 MB in
memory, measured."""
MAX_SIZE = 256 * 1024 * 1024
"""The most all the parts of a workbook may hold together uncompressed."""


PARALLEL_FROM = 2_000_000
"""Bytes of sheet XML from which a second process reads some sheets while this one reads
the others (about 300 partners with their scope and analyses): parsing the XML is half
of checking a workbook of thousands of partners. Below it, starting a process costs
more than it saves."""


_Pending = Callable[[], tuple[RawSheet, Any]]
"""The wait for a sheet being read and prepared by the other process."""


def _read_sheets(
    name: str, data: bytes, jobs: int, prepare: Mapping[str, Prepare],
    stack: contextlib.ExitStack,
) -> tuple[dict[str, RawSheet], dict[str, tuple[str, ...]], dict[str, Any],
           dict[str, _Pending]]:
    with XlsxReader(io.BytesIO(data)) as book:
        titles: dict[str, list[str]] = {}
        for name_in_file in book.worksheets:
            titles.setdefault(normalise(name_in_file), []).append(name_in_file)
        by_key = {key: same[0] for key, same in titles.items()}
        lookalikes = {
            sheet.name: tuple(titles[normalise(sheet.name)]) for sheet in SHEETS
            if len(titles.get(normalise(sheet.name), ())) > 1
        }
        chosen = {sheet: title for sheet in SHEETS
                  if (title := by_key.get(normalise(sheet.name))) is not None}
        # (A sheet not chosen is missing, or a chart sheet under a data sheet's name.)
        found: dict[str, RawSheet] = {}
        prepared: dict[str, Any] = {}
        pending: dict[str, _Pending] = {}
        elsewhere = _read_elsewhere(stack, book, data, chosen, jobs, prepare)
        for sheet, title in sorted(chosen.items(), key=lambda item: item[1] in elsewhere):
            work = prepare.get(sheet.name)
            if work is not None and title in elsewhere:
                pending[sheet.name] = functools.partial(
                    _prepared_elsewhere, name, data, sheet, title, work, elsewhere[title])
                continue
            answer = forked.answer(elsewhere[title]) if title in elsewhere else None
            rows, formulas = answer if answer is not None else _contents(book, title)
            found[sheet.name] = _read_sheet(sheet, title, iter(rows), formulas)
            if work is not None:
                prepared[sheet.name], found[sheet.name] = _prepared(found[sheet.name], work)
        return ({sheet.name: found[sheet.name] for sheet in chosen if sheet.name in found},
                lookalikes, prepared, pending)


def _prepared(raw: RawSheet, work: Prepare) -> tuple[Any, RawSheet]:
    """What `work` makes of the rows of `raw`, and `raw` without them."""
    return work(raw), replace(raw, rows=())


def _prepared_elsewhere(name: str, data: bytes, sheet: Sheet, title: str, work: Prepare,
                        future: Future[Any]) -> tuple[RawSheet, Any]:
    """The sheet `title`, and what `work` made of it, from the other process; read here
    when that failed (a damaged sheet is refused here, as when read here first)."""
    with _refusing(name):
        answer = forked.answer(future)
        if answer is not None:
            header, result = answer
            return _read_sheet(sheet, title, iter([header]), {}), result
        with XlsxReader(io.BytesIO(data)) as book:
            rows, formulas = _contents(book, title)
            result, raw = _prepared(_read_sheet(sheet, title, iter(rows), formulas), work)
            return raw, result


def _read_elsewhere(stack: contextlib.ExitStack, book: XlsxReader, data: bytes,
                    chosen: Mapping[Sheet, str], jobs: int,
                    prepare: Mapping[str, Prepare]) -> dict[str, Future[Any]]:
    """Title → what a forked process (ended with `stack`) answers for that sheet while
    this one reads the others: the sheets with a `Prepare`, read and prepared there;
    without any, the largest sheets, about half the XML, read there. Empty where it is
    not worth it, or not allowed (`forked.may_fork`)."""
    titles = list(chosen.values())
    sizes = {title: book.part_size(title) for title in titles}
    if jobs < 2 or sum(sizes.values()) < PARALLEL_FROM or not forked.may_fork():
        return {}
    there = [title for sheet, title in chosen.items() if sheet.name in prepare]
    if not there:
        here = 0
        for title in sorted(titles, key=sizes.__getitem__, reverse=True):
            if here >= sum(sizes[t] for t in there):
                there.append(title)
            else:
                here += sizes[title]
    if not sum(size for title, size in sizes.items() if title not in there):
        return {}  # one side holds it all: nothing to read side by side
    elsewhere = forked.start(stack, data)
    if elsewhere is None:
        return {}
    schema = {title: sheet for sheet, title in chosen.items()}
    futures: dict[str, Future[Any]] = {}
    for title in there:
        work = prepare.get(schema[title].name)
        futures[title] = (elsewhere.submit(_sheet_contents, title) if work is None else
                          elsewhere.submit(_sheet_prepared, title, schema[title], work))
    return futures


_Read = tuple[Iterable[tuple[CellValue, ...]], dict[str, str]]
"""A sheet's rows, and the formula of every cell that holds one."""


def _contents(book: XlsxReader, title: str) -> _Read:
    """The rows and the formulas of sheet `title`."""
    rows = book.rows(title)  # first: a regular sheet's formulas are found as it is read
    return rows, book.formulas(title)


def _sheet_contents(data: bytes, title: str) -> tuple[list[tuple[CellValue, ...]], dict[str, str]]:
    """The rows and formulas of sheet `title` of the workbook `data`, rows in a list."""
    with XlsxReader(io.BytesIO(data)) as book:
        rows, formulas = _contents(book, title)
        return list(rows), formulas


def _sheet_prepared(
    data: bytes, title: str, sheet: Sheet, prepare: Prepare
) -> tuple[tuple[CellValue, ...], Any]:
    """The header row of sheet `title` (schema `sheet`) of the workbook `data`, and what
    `prepare` makes of the sheet: all that is pickled back."""
    rows, formulas = _sheet_contents(data, title)
    header = rows[0] if rows else ()
    return header, prepare(_read_sheet(sheet, title, iter(rows), formulas))


def _read_sheet(sheet: Sheet, title: str, rows: Iterator[tuple[CellValue, ...]],
                formulas: dict[str, str]) -> RawSheet:
    header = next(rows, ())
    by_header = {column_key: column for column in sheet.columns
                 if (column_key := normalise(column.header))}
    indices: dict[str, int] = {}
    duplicates: list[tuple[Column, str]] = []
    for index, value in enumerate(header):
        if not isinstance(value, str):
            continue
        column = by_header.get(normalise(value))
        if column is None:
            continue
        if column.key in indices:
            duplicates.append((column, column_letter(index + 1)))
        else:
            indices[column.key] = index
    letters = {key: column_letter(index + 1) for key, index in indices.items()}
    missing = tuple(column for column in sheet.columns if column.key not in indices)

    data: list[RawRow] = []
    columns = tuple(indices.items())
    for number, row in enumerate(rows, start=2):
        values: dict[str, CellValue] = {}
        empty = True
        width = len(row)
        for key, index in columns:
            value = row[index] if index < width else None
            if isinstance(value, str):
                value = decode_escapes(value)
                empty = empty and (not value or value.isspace())
            elif value is not None:
                empty = False
            values[key] = value
        states: dict[str, CellState] = {}
        if formulas:
            for key, value in values.items():
                if (ref := f"{letters[key]}{number}") not in formulas:
                    continue
                if value is None:
                    values[key] = formulas[ref]
                    states[key] = CellState.UNCALCULATED
                elif isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
                    states[key] = CellState.FORMULA_ERROR
            empty = empty and not states
        if not empty:
            data.append(RawRow(number, values, states))
    return RawSheet(sheet, title, letters, missing, tuple(duplicates), tuple(data))
