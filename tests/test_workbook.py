"""Reading the .xlsx: files that are not workbooks, cell references, large workbooks."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from helpers import (
    NoProcessLeft,
    errors,
    example,
    patch_sheet_xml,
    with_member_header,
    write_sheets,
)

from ksdocs import forked, workbook, xlsx
from ksdocs.errors import WorkbookError
from ksdocs.schema import SHEETS
from ksdocs.validate import load_workbook
from ksdocs.workbook import CellState, decode_escapes, read_workbook
from ksdocs.xlsx import XlsxReader

# -- not a workbook ----------------------------------------------------------------------


def _refused(path: Path) -> str:
    with pytest.raises(WorkbookError) as caught:
        load_workbook(path)
    message = str(caught.value)
    assert f'"{path}"' in message
    return message


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "tidak-ada.xlsx"
    assert _refused(path) == f'Berkas "{path}" tidak ditemukan.'


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    path.write_bytes(b"")
    assert _refused(path) == f'Berkas "{path}" kosong (0 byte), bukan buku kerja Excel (.xlsx).'


def test_a_csv_file_renamed(tmp_path: Path) -> None:
    path = tmp_path / "mitra.xlsx"
    path.write_text("Kode;Nama Mitra\nKS-2027-001;Kementerian\n", encoding="utf-8")
    assert _refused(path) == (
        f'Berkas "{path}" bukan buku kerja Excel (.xlsx); buka di Excel lalu simpan sebagai '
        "Buku Kerja Excel (.xlsx)."
    )


def test_a_word_document_renamed(tmp_path: Path) -> None:
    path = tmp_path / "surat.xlsx"
    Document().save(str(path))
    assert _refused(path) == (
        f'Berkas "{path}" adalah dokumen Word (.docx), bukan buku kerja Excel (.xlsx); buka di '
        "Excel lalu simpan sebagai Buku Kerja Excel (.xlsx)."
    )


def test_a_password_protected_workbook(tmp_path: Path) -> None:
    # Excel stores an encrypted .xlsx inside an OLE compound file, like the old .xls.
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert _refused(path) == (
        f'Berkas "{path}" dilindungi kata sandi (terenkripsi) atau berformat Excel lama '
        "(.xls); buka di Excel, hapus kata sandinya, lalu simpan sebagai Buku Kerja Excel "
        "(.xlsx)."
    )


@pytest.mark.parametrize(("member", "change", "reason"), [
    ("xl/worksheets/sheet1.xml", {"method": 9},
     "dimampatkan dengan cara yang tidak dipakai Microsoft Office (Deflate64)"),
    ("xl/workbook.xml", {"method": 12},
     "dimampatkan dengan cara yang tidak dipakai Microsoft Office (bzip2)"),
    ("xl/worksheets/sheet1.xml", {"flags": 1}, "dikunci dengan kata sandi zip"),
])
def test_a_zip_excel_does_not_write(tmp_path: Path, member: str, change: dict[str, int],
                                    reason: str) -> None:
    """A part compressed some other way, or locked with a zip password: zipfile cannot
    read it, and the user gets a message instead of a traceback."""
    path = write_sheets(tmp_path, example())
    with_member_header(path, member, **change)
    assert _refused(path) == (
        f'Berkas "{path}": bagian {member} {reason}; buka di Excel lalu simpan sebagai '
        "Buku Kerja Excel (.xlsx)."
    )


def test_a_folder(tmp_path: Path) -> None:
    assert _refused(tmp_path) == f'"{tmp_path}" adalah folder, bukan berkas buku kerja Excel.'


def test_a_zip_of_something_else(tmp_path: Path) -> None:
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("catatan.txt", "bukan buku kerja")
    assert "adalah arsip zip lain, bukan buku kerja Excel (.xlsx)" in _refused(path)


def test_a_damaged_sheet(tmp_path: Path) -> None:
    path = write_sheets(tmp_path, example())
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    assert _refused(path).startswith(f'Berkas "{path}" bukan buku kerja Excel (.xlsx) yang dapat '
                                     "dibaca (")


def _with_damaged_member(path: Path, member: str, at: float = 0.5) -> None:
    """Flip a byte of `member`'s compressed data, at the fraction `at` of it: its checksum
    no longer matches, or it no longer decompresses."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    name_length, extra_length = (int.from_bytes(data[info.header_offset + at:][:2], "little")
                                 for at in (26, 28))
    start = info.header_offset + 30 + name_length + extra_length
    data[start + int(info.compress_size * at)] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_sheet_damaged_in_the_zip_is_refused_with_a_message(tmp_path: Path) -> None:
    """A flipped byte in a sheet's compressed data breaks its checksum or its
    decompression (zlib's own error): either way the user gets the message, never a
    traceback."""
    sheets = example()
    sheets["Mitra"] = sheets["Mitra"] * 20
    path = write_sheets(tmp_path, sheets)
    original = path.read_bytes()
    reasons = set()
    for eighth in range(1, 8):
        path.write_bytes(original)
        _with_damaged_member(path, "xl/worksheets/sheet1.xml", eighth / 8)
        reasons.add(_refused(path).partition("dapat dibaca (")[2].split(")")[0])
    assert any("decompressing" in reason for reason in reasons), reasons
    assert any("CRC" in reason for reason in reasons), reasons


@pytest.mark.parametrize(("sizes", "reason"), [
    ({"xl/styles.xml": 3_000_000_000},
     "bagian xl/styles.xml berisi 2.861 MB setelah dibuka, lebih dari batas 128 MB "
     "per bagian"),
    ({f"xl/worksheets/sheet{n}.xml": 100_000_000 for n in (1, 2, 3)},
     "isinya 286 MB setelah dibuka, lebih dari batas 256 MB"),
])
def test_a_workbook_that_would_inflate_to_fill_the_memory(
    tmp_path: Path, sizes: dict[str, int], reason: str
) -> None:
    """A 20 MB upload can state gigabytes of text (a zip bomb); zipfile inflates no part
    beyond its stated size, so the stated sizes are refused before anything is read."""
    path = write_sheets(tmp_path, example())
    for member, size in sizes.items():
        with_member_header(path, member, size=size)
    assert _refused(path) == f'Berkas "{path}" terlalu besar untuk buku kerja: {reason}.'


def test_a_damaged_sheet_of_the_users_own_is_left_unread(tmp_path: Path) -> None:
    """Only the workbook's own sheets are read: a sheet the user keeps beside them (notes,
    a pivot table) cannot make the workbook unreadable."""
    sheets = example()
    sheets["Catatan"] = [{"Catatan": f"baris {n} " * 40} for n in range(50)]
    path = write_sheets(tmp_path, sheets)
    expected = load_workbook(path)
    with zipfile.ZipFile(path) as archive:
        member = next(name for name in archive.namelist()
                      if name.startswith("xl/worksheets/") and name.endswith(".xml")
                      and name.rpartition("sheet")[2] == f"{list(sheets).index('Catatan') + 1}.xml")
    _with_damaged_member(path, member)
    with zipfile.ZipFile(path) as archive, pytest.raises((zipfile.BadZipFile, zlib.error)):
        archive.read(member)  # (the damage is real)
    book, report = load_workbook(path)
    assert (book.partners, report) == (expected[0].partners, expected[1])


@pytest.mark.parametrize("read_by", ["regular expressions", "lxml"])
def test_a_row_past_excels_last_row_is_refused_at_once(tmp_path: Path, read_by: str) -> None:
    """A few bytes naming row 200,000,000 would have the reader pad that many empty rows
    (hours, or all the memory): a hostile upload could stall the web page. No workbook has
    such a row."""
    path = write_sheets(tmp_path, example())
    patch_sheet_xml(path, 1, b'<row r="3"', b'<row r="200000000"')
    if read_by == "lxml":  # (a comment: the sheet is not read with regular expressions)
        patch_sheet_xml(path, 1, b"<sheetData>", b"<sheetData><!-- catatan -->")
    assert "(baris 200000000 melampaui baris terakhir Excel, baris 1048576)" in _refused(path)


@pytest.mark.parametrize("read_by", ["regular expressions", "lxml"])
def test_more_rows_than_excel_has_are_refused(tmp_path: Path, read_by: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows that all name one row number are counted too (as if Excel stopped at row 30,
    past the other sheets' rows)."""
    monkeypatch.setattr(xlsx, "LAST_ROW", 30)
    sheets = example()
    sheets["Mitra"] = sheets["Mitra"] * 5
    path = write_sheets(tmp_path, sheets)
    if read_by == "lxml":
        patch_sheet_xml(path, 1, b"<sheetData>", b"<sheetData><!-- catatan -->")
    for number in range(3, len(sheets["Mitra"]) + 2):  # every row of Mitra as row 2
        patch_sheet_xml(path, 1, f'<row r="{number}"'.encode(), b'<row r="2"')
    assert "(baris 31 melampaui baris terakhir Excel, baris 30)" in _refused(path)


@pytest.mark.parametrize("read_by", ["regular expressions", "lxml"])
def test_rows_spanning_too_many_cells_are_refused(tmp_path: Path, read_by: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A value in column ZZZ spans 18,278 cells of its row: rows of them, a few hundred
    kilobytes of file, took gigabytes of memory (as if the budget were 10,000 cells,
    beyond the example's sheets)."""
    monkeypatch.setattr(xlsx, "MOST_CELLS", 10_000)
    path = write_sheets(tmp_path, example())
    assert load_workbook(path)[0].partners
    if read_by == "lxml":
        patch_sheet_xml(path, 1, b"<sheetData>", b"<sheetData><!-- catatan -->")
    patch_sheet_xml(path, 1, b"</sheetData>",
                    b'<row r="100"><c r="ZZZ100"><v>1</v></c></row></sheetData>')
    assert "(lembar Mitra mencakup lebih dari 10000 sel)" in _refused(path)


@pytest.mark.parametrize("read_by", ["regular expressions", "lxml"])
def test_formatted_blank_cells_far_right_span_nothing(tmp_path: Path, read_by: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Excel keeps a blank cell for its format (a fill, a border) wherever the user set
    one; blank cells in column ZZZ of every partner's row neither count against the
    budget nor change what is read."""
    monkeypatch.setattr(xlsx, "MOST_CELLS", 10_000)
    path = write_sheets(tmp_path, example())
    expected = load_workbook(path)[0].partners
    if read_by == "lxml":
        patch_sheet_xml(path, 1, b"<sheetData>", b"<sheetData><!-- catatan -->")
    last = len(expected) + 1
    for number in range(1, last + 1):  # at the end of each row, where Excel writes it
        end = f'</row><row r="{number + 1}"' if number < last else "</row></sheetData>"
        patch_sheet_xml(path, 1, end.encode(), f'<c r="ZZZ{number}" s="0"/>{end}'.encode())
    assert load_workbook(path)[0].partners == expected


@pytest.mark.parametrize("code", ["[" * 40_000, "yyyy-mm-dd" + " " * 250])
def test_a_number_format_longer_than_excel_allows_is_refused_at_once(
    tmp_path: Path, code: str
) -> None:
    """Excel's number formats have at most 255 characters. Looking at 40,000 "[" for a
    date took 1.5 s, and twice as many took four times as long: a few megabytes in the
    styles of a hostile file would have taken hours."""
    path = write_sheets(tmp_path, example())
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename == "xl/styles.xml":
                data = data.replace(b'formatCode="yyyy-mm-dd"', f'formatCode="{code}"'.encode())
            target.writestr(info, data)
    assert f"(format angka {code[:20]}… lebih dari 255 karakter, lebih panjang dari yang " \
        "dapat dibuat Excel)" in _refused(path)


def test_a_cell_naming_a_shared_string_the_file_lacks(tmp_path: Path) -> None:
    """Excel keeps a sheet's text in one list and each cell names its entry; a damaged
    file may name an entry past the end."""
    sheets = example()
    sheets["Mitra"][0]["Nama Mitra"] = "GANTI"
    path = write_sheets(tmp_path, sheets)
    patch_sheet_xml(path, 1, b'<c r="B2" t="inlineStr"><is><t>GANTI</t></is></c>',
                    b'<c r="B2" t="s"><v>99</v></c>')
    assert _refused(path).startswith(f'Berkas "{path}" bukan buku kerja Excel (.xlsx) yang dapat '
                                     "dibaca (")


def test_a_workbook_with_another_extension_is_read_by_content(tmp_path: Path) -> None:
    path = write_sheets(tmp_path, example(), name="kerjasama.data")
    assert errors(load_workbook(path)[1]) == []


# -- raw rows ----------------------------------------------------------------------------


def test_rows_keep_their_cell_references(tmp_path: Path) -> None:
    sheets = example()
    sheets["Mitra"].insert(2, {})
    raw = read_workbook(write_sheets(tmp_path, sheets))
    mitra = raw.sheets["Mitra"]
    assert [r.number for r in mitra.rows] == [2, 3, 5, 6, 7, 8, 9]
    assert mitra.ref("kode", mitra.rows[2].number) == "A5"
    assert mitra.rows[2].values["kode"] == sheets["Mitra"][3]["Kode"]
    assert mitra.rows[2].values["kode"] == "KS-2027-003"
    assert mitra.letters["narahubung"] == "AB"
    assert raw.missing_sheets == ()


def test_sheet_names_match_without_case_or_spaces(tmp_path: Path) -> None:
    sheets = example()
    sheets[" ruang  LINGKUP "] = sheets.pop("Ruang Lingkup")
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert len(book.partner("KS-2027-004").ruang_lingkup) == 3


def test_formula_cells_are_found_only_where_there_are_formulas(tmp_path: Path) -> None:
    sheets = example()
    sheets["Kajian"][0]["Catatan"] = "=1+1"
    raw = read_workbook(write_sheets(tmp_path, sheets))
    kajian = raw.sheets["Kajian"]
    row = kajian.rows[0]
    assert kajian.ref("catatan", row.number) == "H2"
    assert (row.states["catatan"], row.values["catatan"]) == (CellState.UNCALCULATED, "=1+1")
    assert all(not r.states for r in raw.sheets["Mitra"].rows)


def test_text_that_starts_with_an_equals_sign_is_not_a_formula(tmp_path: Path) -> None:
    sheets = example()
    path = write_sheets(tmp_path, sheets)
    patch_sheet_xml(path, 1, b"<t>Republik Korea</t>", b"<t>=Republik Korea</t>")
    book, report = load_workbook(path)
    assert errors(report) == []
    assert book.partner("KS-2027-001").negara == "=Republik Korea"


@pytest.mark.parametrize(("text", "expected"), [
    ("a_x0007_b", "a\x07b"), ("_x005F_x0007_", "_x0007_"), ("tanpa", "tanpa"),
    ("_x00e9_", "é"), ("_xZZZZ_", "_xZZZZ_"),
])
def test_excel_escapes_are_decoded(text: str, expected: str) -> None:
    assert decode_escapes(text) == expected


# -- size --------------------------------------------------------------------------------


def _large(tmp_path: Path, count: int) -> Path:
    sheets = example()
    template = sheets["Mitra"][1]
    scope = [r for r in sheets["Ruang Lingkup"] if r["Kode"] == "KS-2027-002"]
    analysis = sheets["Kajian"][1]
    sheets["Mitra"], sheets["Ruang Lingkup"], sheets["Kajian"] = [], [], []
    for number in range(1, count + 1):
        kode = f"KS-2027-{number:04d}"
        sheets["Mitra"].append({**template, "Kode": kode})
        sheets["Ruang Lingkup"].extend({**item, "Kode": kode} for item in scope)
        sheets["Kajian"].append({**analysis, "Kode": kode})
    return write_sheets(tmp_path, sheets)


@pytest.mark.slow
def test_five_thousand_partners_are_all_read(tmp_path: Path) -> None:
    """Every row of a large workbook arrives; its speed is tools/benchmark.py's job."""
    path = _large(tmp_path, 5000)
    book, report = load_workbook(path)
    assert errors(report) == []
    assert len(book.partners) == 5000
    assert len(book.partners[-1].ruang_lingkup) == 3


@pytest.mark.slow
def test_a_large_workbook_reports_every_row(tmp_path: Path) -> None:
    path = _large(tmp_path, 2000)
    patch_sheet_xml(path, 1, b"<t>KS-2027-1999</t>", b"<t>KS-2027-0001</t>")
    report = load_workbook(path)[1]
    assert errors(report)[0] == (
        'Mitra!A2000 (Kode): Kode "KS-2027-0001" sudah dipakai di Mitra!A2; setiap Kode harus unik'
    )


# -- sheets read side by side --------------------------------------------------------------


@pytest.fixture
def side_by_side(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Read the largest sheets in a second process whatever the workbook's size (and
    check that some were); the titles of the sheets read there."""
    monkeypatch.setattr(workbook, "PARALLEL_FROM", 0)
    monkeypatch.setattr(forked, "may_fork", lambda: True)  # whatever other tests left
    elsewhere: list[str] = []
    original = workbook._read_elsewhere

    def recorded(*args: Any) -> dict[str, Any]:
        futures = original(*args)
        elsewhere.extend(futures)
        return futures

    monkeypatch.setattr(workbook, "_read_elsewhere", recorded)
    yield elsewhere
    assert elsewhere


def test_sheets_read_side_by_side_are_read_the_same(tmp_path: Path, side_by_side: None) -> None:
    sheets = example()
    sheets["Kajian"][0]["Catatan"] = "=1+1"  # a formula, in a sheet read elsewhere or here
    sheets["Mitra"].insert(2, {})
    sheets["Mitra"][0]["Tanggal Surat"] = "2026-11-25"
    path = write_sheets(tmp_path, sheets)
    assert read_workbook(path, jobs=2) == read_workbook(path, jobs=1)
    assert load_workbook(path, jobs=2) == load_workbook(path, jobs=1)


def test_the_time_spent_waiting_for_the_other_process_is_offered(
    tmp_path: Path, side_by_side: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`meanwhile` runs while the other process still reads (generate imports the
    renderer then), and only then: one process alone has no time to spare."""
    path = write_sheets(tmp_path, example())
    seen: list[bool] = []
    original = forked.answer

    def answer(future: Any) -> Any:
        seen.append(bool(calls))  # (the other process's answer taken after `meanwhile`)
        return original(future)

    calls: list[int] = []
    monkeypatch.setattr(forked, "answer", answer)
    assert load_workbook(path, jobs=2, meanwhile=lambda: calls.append(1)) == load_workbook(
        path, jobs=1, meanwhile=lambda: calls.append(2))
    assert calls == [1] and seen and all(seen)


def test_generating_imports_the_renderer_only_once_reading_has_started() -> None:
    """Jinja, babel and num2words (a tenth of a second) are imported while the other
    reading process works (`generate._import_renderer`), not before it starts."""
    code = ("import sys, ksdocs.cli, ksdocs.generate; "
            "print(sorted({'jinja2', 'babel', 'num2words', 'ksdocs.batch'} & set(sys.modules)))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert shown.strip() == "[]"


def test_scope_and_analyses_checked_elsewhere_give_every_problem_in_order(
    tmp_path: Path, side_by_side: list[str]
) -> None:
    """The other reading process checks the scope and analysis rows while this one checks
    the partners: the same records, and the same problems in the same order, as when
    this process checks them all."""
    sheets = example()
    scope, kajian = sheets["Ruang Lingkup"], sheets["Kajian"]
    scope += [
        {**scope[0], "Kode": "KS-TIDAK-ADA"},  # no such partner
        dict(scope[0]),  # its No used twice
        {**scope[1], "No": "dua", "Ruang Lingkup (EN)": None},  # not a number; blank
        {**scope[6], "Kode": str(scope[6]["Kode"]).lower(), "No": 90},  # Kode in another case
        {header: header for header in scope[0]},  # the headers once more
        {**scope[3], "No": 91, "Ruang Lingkup": "pelatihan_x0007_ hukum"},  # a control character
    ]
    scope[4]["Ruang Lingkup"] = "=1+1"  # a formula no program calculated
    kajian += [
        dict(kajian[0]),  # a second analysis of one partner
        {**kajian[1], "Kode": "KS-TIDAK-ADA", "Tanggal Kajian": "kemarin",
         "NIP Analis": "123", "Rekomendasi": "mungkin"},
    ]
    path = write_sheets(tmp_path, sheets)
    here = load_workbook(path, jobs=1)
    assert load_workbook(path, jobs=2) == here
    assert sorted(side_by_side) == ["Kajian", "Ruang Lingkup"]  # (the partners read here)
    starts = [
        "C6 berisi rumus =1+1 yang belum",
        'A22 Kode "KS-TIDAK-ADA" tidak ada',
        'B23 No 1 untuk Kode "KS-2027-001"',
        'B24 "dua" bukan bilangan bulat',
        "D24 wajib diisi",
        "A26 baris ini mengulang judul",
        "C27 karakter kendali yang tidak",
        'A8 Kode "KS-2027-001" sudah punya',
        'A9 Kode "KS-TIDAK-ADA" tidak ada',
        'G9 "mungkin" bukan pilihan',
        'K9 "kemarin" bukan tanggal',
    ]
    problems = [f"{problem.cell} {problem.message}" for problem in here[1].problems
                if problem.sheet != "Mitra"]
    assert [problem[:len(start)] for problem, start in zip(problems, starts, strict=True)] == starts
    partner = next(p for p in here[0].partners if p.kode == scope[6]["Kode"])
    assert 90 in [item.no for item in partner.ruang_lingkup]  # (its Kode in another case)


def test_scope_columns_read_elsewhere_are_reported_before_their_rows(
    tmp_path: Path, side_by_side: None
) -> None:
    sheets = example()
    for row in sheets["Ruang Lingkup"]:
        del row["No"]  # a required column missing: reported before any row's problem
        row["Ruang Lingkup (EN)"] = None
    sheets["Kajian"][0]["Tanggal Kajian"] = "kemarin"
    path = write_sheets(tmp_path, sheets)
    here = load_workbook(path, jobs=1)
    assert load_workbook(path, jobs=2) == here
    assert [str(problem) for problem in here[1].problems if problem.sheet != "Mitra"][:2] == [
        "Ruang Lingkup (No): kolom wajib ini tidak ada pada baris 1 (judul kolom)",
        "Ruang Lingkup!C2 (Ruang Lingkup (EN)): wajib diisi",
    ]


def test_a_damaged_scope_sheet_checked_elsewhere_is_reported_here(
    tmp_path: Path, side_by_side: None
) -> None:
    path = write_sheets(tmp_path, example())
    patch_sheet_xml(path, 2, b"</sheetData>", b"</sheetDta>")
    with pytest.raises(WorkbookError) as serial:
        load_workbook(path, jobs=1)
    with pytest.raises(WorkbookError) as parallel:
        load_workbook(path, jobs=2)
    assert str(parallel.value) == str(serial.value)


def test_a_damaged_sheet_read_elsewhere_is_reported_here(tmp_path: Path,
                                                          side_by_side: None) -> None:
    path = write_sheets(tmp_path, example())
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    sizes = {info.filename: len(data) for info, data in parts
             if info.filename.startswith("xl/worksheets/")}
    largest = max(sizes, key=sizes.__getitem__)  # the first sheet given to the other process
    with zipfile.ZipFile(path, "w") as target:
        for info, data in parts:
            target.writestr(info, data[: len(data) // 2] if info.filename == largest else data)
    with pytest.raises(WorkbookError) as serial:
        read_workbook(path, jobs=1)
    with pytest.raises(WorkbookError) as parallel:
        read_workbook(path, jobs=2)
    assert str(parallel.value) == str(serial.value)


def test_a_process_with_threads_reads_every_sheet_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The web server has threads: forking there could leave a lock held for good in the
    child, so it never reads sheets side by side."""
    monkeypatch.setattr(workbook, "PARALLEL_FROM", 0)
    path = write_sheets(tmp_path, example())
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert not forked.may_fork()
        data = path.read_bytes()
        with XlsxReader(io.BytesIO(data)) as book, contextlib.ExitStack() as stack:
            chosen = {sheet: sheet.name for sheet in SHEETS if sheet.name in book.worksheets}
            assert workbook._read_elsewhere(stack, book, data, chosen, 2, {}) == {}
    finally:
        release.set()
        waiting.join()


def _killed(data: bytes, title: str) -> None:
    os._exit(9)  # as the system's out-of-memory killer would end a process


def test_a_reading_process_that_dies_leaves_the_sheets_to_this_one(
    tmp_path: Path, side_by_side: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_sheets(tmp_path, example())
    expected = read_workbook(path, jobs=1)
    checked = load_workbook(path, jobs=1)
    monkeypatch.setattr(workbook, "_sheet_contents", _killed)
    assert read_workbook(path, jobs=2) == expected
    assert load_workbook(path, jobs=2) == checked  # (its scope and analyses checked here)



def _interrupted(state: Any) -> None:
    raise KeyboardInterrupt  # a Ctrl-C reaches the whole process group, this one too


def _answered(state: Any, value: int) -> int:
    return value


def test_a_ctrl_c_in_the_reading_process_leaves_its_other_work_undone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stopped with Ctrl-C, the process reading sheets does none of the work still given to
    it: its caller, stopping too, waits for it to end (for 20,000 partners, 1.5 s of
    reading a sheet nobody will look at)."""
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    with contextlib.ExitStack() as stack:
        elsewhere = forked.start(stack, None)
        assert elsewhere is not None
        assert forked.answer(elsewhere.submit(_answered, 1)) == 1
        assert forked.answer(elsewhere.submit(_interrupted)) is None
        assert forked.answer(elsewhere.submit(_answered, 2)) is None


_CTRL_C_AT_START = """
import contextlib, os, signal
from concurrent.futures import process
from ksdocs import forked

signal.signal(signal.SIGINT, signal.default_int_handler)
original = process._ExecutorManagerThread.start

def ctrl_c_first(thread):  # between making the pool's thread and starting it
    os.kill(os.getpid(), signal.SIGINT)
    original(thread)

process._ExecutorManagerThread.start = ctrl_c_first
try:
    with contextlib.ExitStack() as stack:
        forked.start(stack, None)
except KeyboardInterrupt:
    print("dihentikan")
"""


def test_a_ctrl_c_while_the_reading_process_starts_stops_both_cleanly() -> None:
    """A Ctrl-C just as the reading process is being started stops this process once it
    is started, not half-way: the pool left half-started could not be shut down, and the
    user got a traceback (or a process that did not end) instead of the message."""
    done = subprocess.run([sys.executable, "-c", _CTRL_C_AT_START], capture_output=True,
                          text=True, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, "dihentikan\n", "")


def test_the_cycle_collector_is_back_after_reading(tmp_path: Path) -> None:
    """Reading pauses Python's cycle collector (the workbook's objects hold no cycles);
    a long-lived process such as the web server must get it back, after a refused file
    too."""
    import gc

    assert gc.isenabled()
    load_workbook(write_sheets(tmp_path, example()))
    assert gc.isenabled()
    with pytest.raises(WorkbookError):
        load_workbook(tmp_path / "tidak-ada.xlsx")
    assert gc.isenabled()
    # Kept by the caller (generate), the objects are put out of its reach first: its
    # first collection would walk them all once more. The caller hands them back.
    assert gc.get_freeze_count() == 0
    load_workbook(write_sheets(tmp_path, example()), keep=True)
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.unfreeze()


def test_a_process_that_cannot_be_started_leaves_the_sheets_to_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_sheets(tmp_path, example())
    expected = read_workbook(path, jobs=1)
    monkeypatch.setattr(workbook, "PARALLEL_FROM", 0)
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    monkeypatch.setattr(forked, "ProcessPoolExecutor", NoProcessLeft)
    assert read_workbook(path, jobs=2) == expected
