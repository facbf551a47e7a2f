"""`ksdocs init`: the new workbook's sheets, headers, drop-downs, guide and example data."""

from __future__ import annotations

import csv
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from helpers import EXAMPLE_WARNING, errors, warnings

from ksdocs.errors import OutputError
from ksdocs.example import example_sheets
from ksdocs.scaffold import VALIDATION_ROWS, write_workbook
from ksdocs.schema import INSTRUCTIONS_SHEET, PENGATURAN, SETTINGS, SHEETS, Kind
from ksdocs.validate import load_workbook

EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, bytes]:
    """The new workbook (False) and the example one (True), written once for the module:
    each test gets its own copy of the bytes to read or change."""
    folder = tmp_path_factory.mktemp("init")
    for example in (False, True):
        write_workbook(folder / f"{example}.xlsx", example=example)
    return {example: (folder / f"{example}.xlsx").read_bytes() for example in (False, True)}


@pytest.fixture
def fresh(tmp_path: Path, made: dict[bool, bytes]) -> Path:
    path = tmp_path / "kerjasama-2027.xlsx"
    path.write_bytes(made[False])
    return path


@pytest.fixture
def filled(tmp_path: Path, made: dict[bool, bytes]) -> Path:
    path = tmp_path / "contoh.xlsx"
    path.write_bytes(made[True])
    return path


def test_every_sheet_in_order_with_the_guide_first(fresh: Path) -> None:
    book = openpyxl.load_workbook(fresh)
    assert book.sheetnames == [INSTRUCTIONS_SHEET, *(sheet.name for sheet in SHEETS)]


def test_headers_are_bold_frozen_sized_and_wrapped(fresh: Path) -> None:
    book = openpyxl.load_workbook(fresh)
    for sheet in SHEETS:
        worksheet = book[sheet.name]
        assert [cell.value for cell in worksheet[1]] == [c.header for c in sheet.columns]
        assert all(cell.font.bold and cell.alignment.wrap_text for cell in worksheet[1])
        assert worksheet.freeze_panes == "A2"
        widths = [worksheet.column_dimensions[cell.column_letter].width for cell in worksheet[1]]
        assert widths == [c.width for c in sheet.columns]


def test_every_choice_column_has_a_drop_down_with_an_indonesian_message(fresh: Path) -> None:
    book = openpyxl.load_workbook(fresh)
    for sheet in SHEETS:
        worksheet = book[sheet.name]
        lists = {str(dv.sqref): dv for dv in worksheet.data_validations.dataValidation
                 if dv.type == "list"}
        for index, column in enumerate(sheet.columns, start=1):
            if column.kind is not Kind.CHOICE:
                continue
            letter = openpyxl.utils.get_column_letter(index)
            validation = lists.pop(f"{letter}2:{letter}{VALIDATION_ROWS}")
            assert validation.formula1 == '"' + ",".join(column.choices) + '"'
            assert validation.showErrorMessage
            assert validation.error == (f"{column.header}: pilih salah satu dari daftar: "
                                        f"{', '.join(column.choices)}.")
        if sheet is not PENGATURAN:
            assert lists == {}


def test_the_duration_accepts_whole_numbers_one_to_ten(fresh: Path) -> None:
    worksheet = openpyxl.load_workbook(fresh)["Mitra"]
    (whole,) = [dv for dv in worksheet.data_validations.dataValidation if dv.type == "whole"]
    assert (str(whole.sqref), whole.formula1, whole.formula2) == (f"S2:S{VALIDATION_ROWS}",
                                                                  "1", "10")


def test_settings_are_prefilled_with_their_defaults_and_lists(fresh: Path) -> None:
    worksheet = openpyxl.load_workbook(fresh)["Pengaturan"]
    rows = [tuple(r) for r in worksheet.iter_rows(min_row=2, values_only=True)]
    assert rows == [(s.key, s.default or None) for s in SETTINGS]
    lists = {str(dv.sqref): dv.formula1 for dv in worksheet.data_validations.dataValidation}
    assert lists == {"B12": '"A4,F4"', "B13": '"EN,ID"', "B19": '"Ya,Tidak"'}


def test_a_new_workbook_has_no_data_rows_and_asks_for_them(fresh: Path) -> None:
    book = openpyxl.load_workbook(fresh)
    assert book["Mitra"].max_row == 1
    report = load_workbook(fresh)[1]
    assert errors(report) == [
        f'Pejabat (Peran): peran wajib "{role}" belum ada; tambahkan satu baris dengan Peran '
        f"{role}" for role in ("MENTERI", "SEKJEN", "KABIRO", "KABAG", "SUBKOOR")
    ] + [
        'Pengaturan!B5 (Nilai): Unit Pengirim "DJPP" tidak ada pada lembar Unit; Kode yang '
        "ada: (belum ada)"
    ]


def test_nip_columns_are_formatted_as_text(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    assert book["Unit"].column_dimensions["H"].number_format == "@"
    assert book["Unit"]["H2"].number_format == "@"
    assert book["Unit"]["H2"].value == "197203152000031002"


def test_the_guide_explains_every_column_and_setting(fresh: Path) -> None:
    worksheet = openpyxl.load_workbook(fresh)[INSTRUCTIONS_SHEET]
    rows = [r for r in worksheet.iter_rows(values_only=True)]
    text = "\n".join(str(value) for r in rows for value in r if value is not None)
    assert "ksdocs validate" in text and "ksdocs generate" in text
    assert "ksdocs track" in text and "ksdocs status" in text and "cuti bersama" in text
    described = {r[0]: r for r in rows if r[0] is not None}
    for sheet in SHEETS:
        assert f"Lembar {sheet.name}" in described
        for column in sheet.columns:
            assert column.header in described
    jenis = next(r for r in rows if r[0] == "Jenis Mitra")
    assert jenis[1:4] == ("wajib", "pilihan", "Lembaga Pemerintahan Asing, Organisasi "
                          "Internasional, Organisasi Internasional Nonpemerintah")
    kota = next(r for r in rows if r[0] == "Kota")
    assert kota[1] == "Jakarta"


def test_the_example_round_trips_without_errors(filled: Path) -> None:
    book, report = load_workbook(filled)
    assert errors(report) == []
    assert warnings(report) == [EXAMPLE_WARNING]
    assert len(book.partners) == len(example_sheets()["Mitra"])


def test_the_committed_example_matches_the_example_data(filled: Path) -> None:
    fresh, _ = load_workbook(filled)
    committed, report = load_workbook(EXAMPLE)
    assert errors(report) == []
    assert replace(committed, sha256="", path="") == replace(fresh, sha256="", path="")


def test_an_existing_file_is_not_overwritten(fresh: Path) -> None:
    before = fresh.read_bytes()
    with pytest.raises(OutputError) as caught:
        write_workbook(fresh, example=True)
    assert str(caught.value) == (
        f'Berkas "{fresh}" sudah ada dan tidak ditimpa; gunakan --force untuk menimpanya.'
    )
    assert fresh.read_bytes() == before


def test_force_overwrites_and_leaves_no_temporary_file(fresh: Path) -> None:
    write_workbook(fresh, example=True, force=True)
    assert openpyxl.load_workbook(fresh)["Mitra"].max_row == 8
    assert [p.name for p in fresh.parent.iterdir()] == [fresh.name]


def test_parent_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "data" / "2027" / "kerjasama.xlsx"
    write_workbook(path)
    assert path.is_file()


def test_a_folder_is_not_a_workbook_name(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_workbook(tmp_path, force=True)
    assert str(caught.value) == (
        f'"{tmp_path}" adalah folder; sebutkan nama berkas .xlsx yang akan dibuat.'
    )


@pytest.mark.libreoffice
def test_libreoffice_reads_every_sheet(filled: Path, tmp_path: Path, soffice: str) -> None:
    out = tmp_path / "csv"
    profile = (tmp_path / "profile").as_uri()
    # Filter options: comma, double quote, UTF-8, from line 1, ..., sheet -1 = every sheet.
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,'
         "false,false,-1", "--outdir", str(out), str(filled)],
        check=True, capture_output=True, timeout=180,
    )
    with open(out / "contoh-Mitra.csv", encoding="utf-8", newline="") as stream:
        mitra = list(csv.reader(stream))
    assert mitra[0][:3] == ["Kode", "Nama Mitra", "Nama Mitra (EN)"]
    assert mitra[2][2] == "Asia Foundation for Law & Development"
    assert (out / f"contoh-{INSTRUCTIONS_SHEET}.csv").is_file()


@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_still_validates(
    filled: Path, tmp_path: Path, soffice: str
) -> None:
    out = tmp_path / "lo"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(filled)],
        check=True, capture_output=True, timeout=180,
    )
    book, report = load_workbook(out / filled.name)
    assert errors(report) == []
    assert warnings(report) == [EXAMPLE_WARNING]
    original, _ = load_workbook(filled)
    assert book.partners == original.partners
