"""Values Excel leaves behind that would print a wrong document: each refused at its
cell (or its file) with what to do, never printed."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import check, errors, example, rename, row, run, write_sheets

from ksdocs.cells import kode_problem, parse_date
from ksdocs.errors import InputError
from ksdocs.register import REGISTER_NAME, NumberRequest, Register
from ksdocs.validate import load_workbook

KODE = "KS-2027-001"
EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"

EXCEL_ERRORS = ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!",
                "#GETTING_DATA"]


def _set_cell(path: Path, sheet: str, ref: str, value: str, data_type: str) -> None:
    book = openpyxl.load_workbook(path)
    cell = book[sheet][ref]
    cell.value = value
    cell.data_type = data_type
    book.save(path)


@pytest.mark.parametrize("value", EXCEL_ERRORS)
@pytest.mark.parametrize("data_type", ["e", "s"], ids=["error-cell", "text-cell"])
def test_an_excel_error_value_is_an_error_at_its_cell(
    tmp_path: Path, value: str, data_type: str
) -> None:
    # "e": what Paste Values of a failed lookup leaves; "s": the same typed as text.
    path = write_sheets(tmp_path, example())
    _set_cell(path, "Mitra", "C2", value, data_type)  # Nama Mitra (EN)
    book, report = load_workbook(path)
    assert errors(report) == [
        f"Mitra!C2 (Nama Mitra (EN)): berisi nilai galat Excel {value} (hasil rumus yang "
        "gagal, mungkin tersalin sebagai nilai); isi dengan nilai yang benar"]
    assert report.errors[0].kode == KODE
    assert KODE not in {partner.kode for partner in book.partners}


def test_an_excel_error_in_an_optional_cell_is_an_error_too(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", KODE)["Narahubung"] = "#N/A"
    row(sheets, "Unit", "DJPP")["NIP Pimpinan"] = "#REF!"
    assert [problem.place for problem in check(tmp_path, sheets).errors] == [
        "Mitra!AB2 (Narahubung)", "Unit!H2 (NIP Pimpinan)"]


@pytest.mark.parametrize("kode", [
    "manifest.json", "Manifest.JSON", "register.sqlite", "register.sqlite-wal",
    "KS-2027-002.zip", "pratinjau", "Pratinjau", "COM1", "nul.txt"])
def test_a_kode_colliding_with_the_output_folder_is_refused_at_its_cell(
    tmp_path: Path, kode: str
) -> None:
    sheets = example()
    rename(sheets, KODE, kode)
    report = check(tmp_path, sheets)
    (problem,) = report.errors
    assert problem.place == "Mitra!A2 (Kode)"
    assert problem.kode == kode


def test_the_register_beside_the_packs_cannot_be_a_kode() -> None:
    assert kode_problem(REGISTER_NAME) is not None


def test_nothing_ksdocs_writes_beside_the_packs_can_be_a_kode(tmp_path: Path) -> None:
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-k", KODE, "--zip")
    assert code == 0, output
    beside = [path.name for path in tmp_path.iterdir() if path.name != KODE]
    assert beside  # manifest, register, the zip
    for name in beside:
        assert kode_problem(name) is not None, name


@pytest.mark.parametrize("value", ["0027-11-25", "25/11/9999", "1 Januari 1899",
                                   datetime(9999, 1, 1), datetime(2101, 1, 1)])
def test_a_year_outside_1900_2100_is_refused(tmp_path: Path, value: str | datetime) -> None:
    sheets = example()
    row(sheets, "Mitra", KODE)["Tanggal Surat"] = value
    (message,) = errors(check(tmp_path, sheets))
    assert message.startswith("Mitra!V2 (Tanggal Surat): tahun ")
    assert "di luar 1900–2100; periksa tanggalnya" in message


def test_the_years_of_dates_as_text_are_bounded() -> None:
    assert parse_date("25/11/2026") == date(2026, 11, 25)
    assert parse_date("1 Januari 1900") == date(1900, 1, 1)
    assert parse_date("31 Desember 2100") == date(2100, 12, 31)
    assert parse_date("0027-11-25") is None
    assert parse_date("25/11/9999") is None


@pytest.mark.parametrize("nip", ["1.97203E+17", "1,97203E+17", "1.97203152000031E+17"])
def test_an_nip_excel_wrote_in_scientific_notation_is_refused(tmp_path: Path,
                                                              nip: str) -> None:
    sheets = example()
    row(sheets, "Pejabat", "KABIRO")["NIP"] = nip
    (message,) = errors(check(tmp_path, sheets))
    assert message.startswith(f'Pejabat!E4 (NIP): NIP "{nip}" adalah angka yang sudah '
                              "dipotong Excel")


def test_two_sheets_named_alike_are_refused(tmp_path: Path) -> None:
    sheets = example()
    sheets["Mitra "] = [dict(values, **{"Nama Mitra": "Lain"}) for values in sheets["Mitra"]]
    report = check(tmp_path, sheets)
    assert errors(report) == [
        'Mitra: buku kerja memuat lembar "Mitra" dan "Mitra " yang namanya hanya berbeda '
        "huruf besar/kecil atau spasi, sehingga tidak jelas mana yang berisi data; hapus atau "
        "ganti nama yang bukan lembar Mitra"]
    code, _output = run("generate", str(tmp_path / "kerjasama.xlsx"), "-o",
                       str(tmp_path / "out"))
    assert code == 1
    assert not (tmp_path / "out").exists()


def test_a_strict_open_xml_workbook_is_read_as_an_ordinary_one(tmp_path: Path) -> None:
    plain = write_sheets(tmp_path, example())
    strict = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(strict, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename).replace(
                b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                b"http://purl.oclc.org/ooxml/spreadsheetml/main")
            target.writestr(info, data)
    code, output = run("validate", str(strict))
    assert code == 0, output
    assert load_workbook(strict)[0].partners == load_workbook(plain)[0].partners


# -- letter numbers are always printable ---------------------------------------------------


@pytest.mark.parametrize(("pattern", "fragment"), [
    ("{kode_unit}-{urut:c}", 'format "{urut:c}" tidak sah'),
    ("{kode_unit}-{urut:x}", 'format "{urut:x}" tidak sah'),
    ("{kode_unit:d}-{urut}", 'format "{kode_unit:d}" tidak sah'),
    ("{urut:99d}", "terlalu lebar"),
    ("PPE\u200b{urut}", "memuat karakter U+200B yang tidak dapat dicetak"),
    ("{urut!r}", "tidak didukung"),
    ("{urut[0]}", "tidak dikenal"),
])
def test_a_format_nomor_that_could_print_badly_is_refused_at_its_cell(
    tmp_path: Path, pattern: str, fragment: str
) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Format Nomor")["Nilai"] = pattern
    (message,) = errors(check(tmp_path, sheets))
    assert message.startswith("Pengaturan!B")
    assert fragment in message


@pytest.mark.parametrize("pattern", ["{urut:03d}/{kode_unit}/{tahun}", "{kode_unit:.3}-{urut:>4}",
                                     "{klasifikasi}/{urut:0>5d}"])
def test_plain_formats_still_number(tmp_path: Path, pattern: str) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Format Nomor")["Nilai"] = pattern
    assert check(tmp_path, sheets).ok


def test_the_register_never_commits_an_unprintable_number(tmp_path: Path) -> None:
    with Register(tmp_path / "register.sqlite") as register:
        request = NumberRequest("KS-1", "rencana", "", "", 2027)
        with pytest.raises(InputError, match="U\\+200B yang tidak dapat dicetak"):
            register.allocate([request], pattern="{kode_unit}-{urut}",
                              kode_unit="PPE\u200b", klasifikasi="HM")
        given = NumberRequest("KS-1", "rencana", "12\u200b3", "Mitra!W2", 2027)
        with pytest.raises(InputError, match="U\\+200B yang tidak dapat dicetak"):
            register.allocate([given], pattern="{urut}", kode_unit="PPE", klasifikasi="HM")
        with pytest.raises(InputError, match="U\\+0001 yang tidak dapat dicetak"):
            register.allocate([request], pattern="{urut:\x01>3}", kode_unit="PPE",
                              klasifikasi="HM")
        assert register.numbers() == []


def test_a_unit_code_or_a_given_number_that_cannot_print_is_refused_at_its_cell(
    tmp_path: Path
) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Kode Unit Surat")["Nilai"] = "PP\u200bE"
    row(sheets, "Mitra", KODE)["Nomor Surat Rencana"] = "W.1-\u200e12"
    assert [problem.place for problem in check(tmp_path, sheets).errors] == [
        "Mitra!W2 (Nomor Surat Rencana)", "Pengaturan!B9 (Nilai)"]


def test_an_unprintable_number_an_older_register_holds_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    request = NumberRequest("KS-1", "rencana", "", "", 2027)
    settings = {"pattern": "{kode_unit}-{urut}", "kode_unit": "PPE", "klasifikasi": "HM"}
    with Register(path) as register:
        assert register.allocate([request], **settings) == {("KS-1", "rencana"): "PPE-1"}
    with sqlite3.connect(path) as db:  # what {urut:c} committed before it was refused
        db.execute("UPDATE numbers SET nomor = 'PPE-\x01'")
    with Register(path) as register:
        assert register.allocate([request], **settings) == {("KS-1", "rencana"): "PPE-2"}
        assert [(n.number, n.current) for n in register.numbers()] == [
            ("PPE-\x01", False), ("PPE-2", True)]
