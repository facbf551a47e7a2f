"""The fast .xlsx reader gives exactly the values openpyxl's read-only mode gives."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from helpers import example, patch_sheet_xml, write_sheets
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from ksdocs.xlsx import CellValue, XlsxReader

ROOT = Path(__file__).resolve().parent.parent


def openpyxl_rows(path: Path) -> dict[str, list[tuple[CellValue, ...]]]:
    """Every worksheet's rows as openpyxl reads them, trailing blanks dropped."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    found = {}
    for title in book.sheetnames:
        sheet = book[title]
        if not hasattr(sheet, "iter_rows"):
            continue
        sheet.reset_dimensions()
        rows = [tuple(reversed(tuple(itertools.dropwhile(lambda v: v is None, reversed(row)))))
                for row in sheet.iter_rows(min_row=1, values_only=True)]
        found[title] = _trim(rows)
    book.close()
    return found


def fast_rows(path: Path) -> dict[str, list[tuple[CellValue, ...]]]:
    with open(path, "rb") as stream, XlsxReader(stream) as reader:
        return {title: _trim(list(reader.rows(title))) for title in reader.worksheets}


def _trim(rows: list[tuple[CellValue, ...]]) -> list[tuple[CellValue, ...]]:
    while rows and rows[-1] == ():
        rows.pop()
    return rows


def every_kind_of_cell(path: Path, *, date1904: bool = False) -> Path:
    book = openpyxl.Workbook()
    if date1904:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nilai"
    sheet.append(["teks", "  spasi  ", "baris\nbaru", "& < > \" '", "😀 日本語 العربية", "_x0007_"])
    sheet.append([1, -7, 3.25, 1e-9, 12345678901234567, True, False])
    sheet.append([date(2027, 3, 5), datetime(2027, 3, 5, 14, 30), time(9, 15),
                  timedelta(hours=30)])
    sheet.cell(row=3, column=6, value=45000).number_format = "dd/mm/yyyy"
    sheet.cell(row=3, column=7, value=45000.5).number_format = "[h]:mm:ss"
    sheet.cell(row=3, column=8, value=0.25).number_format = "0.00%"
    sheet["A6"] = "setelah baris kosong"
    sheet["D6"] = CellRichText("tebal ", TextBlock(InlineFont(b=True), "dan miring"))
    sheet["Z6"] = "jauh di kanan"
    sheet["A7"] = "=1+1"
    book.create_sheet("Kosong")
    book.save(path)
    return path


@pytest.mark.parametrize("date1904", [False, True])
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path: Path, date1904: bool) -> None:
    path = every_kind_of_cell(tmp_path / "nilai.xlsx", date1904=date1904)
    fast = fast_rows(path)
    assert fast == openpyxl_rows(path)
    assert set(fast) == {"Nilai", "Kosong"}
    assert fast["Nilai"][2][0] == datetime(2027, 3, 5)


def test_error_values_and_inline_strings_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    sheets = example()
    sheets["Mitra"][0]["Nama Mitra"] = "GANTI"
    path = write_sheets(tmp_path, sheets)
    patch_sheet_xml(path, 1, b'<c r="B2" t="inlineStr"><is><t>GANTI</t></is></c>',
                    b'<c r="B2" t="e"><v>#N/A</v></c>')
    assert fast_rows(path) == openpyxl_rows(path)
    assert fast_rows(path)["Mitra"][1][1] == "#N/A"


def test_the_example_workbook_reads_as_openpyxl_reads_it() -> None:
    path = ROOT / "data" / "contoh-kerjasama.xlsx"
    assert fast_rows(path) == openpyxl_rows(path)


@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_reads_as_openpyxl_reads_it(
    tmp_path: Path, soffice: str
) -> None:
    source = every_kind_of_cell(tmp_path / "asli.xlsx")
    (tmp_path / "lo").mkdir()
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profil", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(tmp_path / "lo"), str(source)], check=True, capture_output=True,
                   timeout=120)
    saved = tmp_path / "lo" / "asli.xlsx"
    assert fast_rows(saved) == openpyxl_rows(saved)
    assert shutil.which(soffice)
