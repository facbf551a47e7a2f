"""Bad workbooks, bad Kodes and a bad output folder, through the command line: exit code 1,
a message naming the file, sheet and cell, never a traceback, never a half pack."""

from __future__ import annotations

import errno
import json
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from helpers import example, rename, row, run, write_sheets

from ksdocs import pack
from ksdocs.example import Sheets
from ksdocs.validate import load_workbook

KODE = "KS-2027-001"




def only_partner(sheets: Sheets, kode: str) -> None:
    """Keep one partner, so that a test sees only its own problem."""
    for name in ("Mitra", "Ruang Lingkup", "Kajian"):
        sheets[name] = [values for values in sheets[name] if values["Kode"] == kode]


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- Kode names a folder: nothing may land outside the output folder ------------------------


@pytest.mark.parametrize(("kode", "message"), [
    ("../x", 'Kode "../x" hanya boleh berisi huruf, angka, titik (.), garis bawah (_) dan '
             "tanda hubung (-)"),
    ("a/b", 'Kode "a/b" hanya boleh berisi huruf, angka, titik (.), garis bawah (_) dan '
            "tanda hubung (-)"),
    ("..", 'Kode ".." tidak boleh diawali titik (.) atau tanda hubung (-)'),
    ("CON", 'Kode "CON" adalah nama perangkat yang dicadangkan Windows dan tidak dapat '
            "menjadi nama folder; pilih Kode lain"),
    ("   ", "wajib diisi"),
    ("K" * 300, "Kode terlalu panjang (300 karakter); paling banyak 64"),
])
def test_a_kode_that_is_no_safe_folder_name_is_refused(
    tmp_path: Path, kode: str, message: str
) -> None:
    sheets = example()
    only_partner(sheets, KODE)
    rename(sheets, KODE, kode)
    book = write_sheets(tmp_path, sheets)
    output = tmp_path / "keluaran" / "output"
    code, text = run("generate", str(book), "-o", str(output))
    assert code == 1
    assert f"Mitra!A2 (Kode): {message}" in text
    assert "Galat: Buku kerja mengandung galat; tidak ada dokumen dibuat" in text
    assert files_under(tmp_path) == ["kerjasama.xlsx"]


def test_a_kode_option_cannot_point_outside(tmp_path: Path) -> None:
    book = write_sheets(tmp_path, example())
    code, text = run("generate", str(book), "-o", str(tmp_path / "out"), "-k", "../x")
    assert (code, text.strip()) == (1, 'Galat: Kode "../x" tidak ada pada lembar Mitra; Kode '
                                       "yang ada: KS-2027-001, KS-2027-002, KS-2027-003, "
                                       "KS-2027-004, KS-2027-005, KS-2027-006, KS-2027-007.")
    assert files_under(tmp_path) == ["kerjasama.xlsx"]


# -- files that are not the workbook --------------------------------------------------------


def _not_a_workbook(path: Path) -> str:
    code, validate_text = run("validate", str(path))
    assert code == 1
    code, generate_text = run("generate", str(path), "-o", str(path.parent / "out"))
    assert code == 1
    assert generate_text == validate_text
    assert not (path.parent / "out").exists()
    return validate_text.strip()


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    path.write_bytes(b"")
    assert _not_a_workbook(path) == (
        f'Galat: Berkas "{path}" kosong (0 byte), bukan buku kerja Excel (.xlsx).')


def test_a_word_document_renamed(tmp_path: Path) -> None:
    path = tmp_path / "surat.xlsx"
    Document().save(str(path))
    assert _not_a_workbook(path) == (
        f'Galat: Berkas "{path}" adalah dokumen Word (.docx), bukan buku kerja Excel (.xlsx); '
        "buka di Excel lalu simpan sebagai Buku Kerja Excel (.xlsx).")


def test_a_csv_file_renamed(tmp_path: Path) -> None:
    path = tmp_path / "mitra.xlsx"
    path.write_text("Kode,Nama Mitra\nKS-2027-001,Kementerian Kehakiman\n", encoding="utf-8")
    assert _not_a_workbook(path) == (
        f'Galat: Berkas "{path}" bukan buku kerja Excel (.xlsx); buka di Excel lalu simpan '
        "sebagai Buku Kerja Excel (.xlsx).")


def test_a_password_protected_workbook(tmp_path: Path) -> None:
    # Excel keeps an encrypted workbook in an OLE compound file: its header, then the
    # EncryptionInfo and EncryptedPackage streams.
    path = tmp_path / "rahasia.xlsx"
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff"
              + b"\x09\x00\x06\x00")
    path.write_bytes(header.ljust(512, b"\0") + "EncryptedPackage".encode("utf-16-le") * 64)
    assert _not_a_workbook(path) == (
        f'Galat: Berkas "{path}" dilindungi kata sandi (terenkripsi) atau berformat Excel lama '
        "(.xls); buka di Excel, hapus kata sandinya, lalu simpan sebagai Buku Kerja Excel "
        "(.xlsx).")


# -- workbooks shaped in ways Excel users shape them ------------------------------------------


def _validate(path: Path) -> tuple[int, list[str]]:
    code, text = run("validate", str(path))
    return code, text.strip().splitlines()


def test_merged_header_cells_lose_the_hidden_header(tmp_path: Path) -> None:
    path = write_sheets(tmp_path, example())
    book = openpyxl.load_workbook(path)
    book["Mitra"].merge_cells("B1:C1")  # Excel keeps "Nama Mitra" and drops "Nama Mitra (EN)"
    book.save(path)
    code, lines = _validate(path)
    assert code == 1
    assert lines[0] == ("GALAT       Mitra (Nama Mitra (EN)): kolom wajib ini tidak ada pada "
                        "baris 1 (judul kolom)")


def test_hidden_rows_are_data(tmp_path: Path) -> None:
    path = write_sheets(tmp_path, example())
    book = openpyxl.load_workbook(path)
    book["Mitra"].row_dimensions[3].hidden = True
    book.save(path)
    workbook, report = load_workbook(path)
    assert report.ok
    assert "KS-2027-002" in [partner.kode for partner in workbook.partners]
    code, text = run("generate", str(path), "-o", str(tmp_path / "out"), "-k", "KS-2027-002",
                     "-t", "rencana")
    assert code == 0, text
    assert (tmp_path / "out" / "KS-2027-002" / "01-rencana.docx").exists()


def test_a_second_header_row_is_an_error_not_a_partner(tmp_path: Path) -> None:
    sheets = example()
    sheets["Mitra"].insert(0, {header: header for header in sheets["Mitra"][0]})
    path = write_sheets(tmp_path, sheets)
    code, lines = _validate(path)
    assert code == 1
    assert lines[0] == ("GALAT       Mitra!A2: baris ini mengulang judul kolom, bukan data; "
                        "judul kolom hanya di baris 1, hapus baris ini")
    assert [line for line in lines if line.startswith("GALAT")] == [lines[0]]
    workbook, _ = load_workbook(path)
    assert "Kode" not in [partner.kode for partner in workbook.partners]
    # the other partners are whole: --skip-invalid makes them
    code, text = run("generate", str(path), "-o", str(tmp_path / "out"), "--skip-invalid",
                     "-t", "rencana")
    assert code == 1
    assert "DILEWATI    Mitra!A2: paket tidak dibuat karena galat:" in text
    assert len([p for p in (tmp_path / "out").iterdir() if p.is_dir()]) == 7


def test_a_formula_without_a_stored_value_names_its_cell(tmp_path: Path) -> None:
    sheets = example()
    only_partner(sheets, KODE)
    row(sheets, "Mitra", KODE)["Jangka Waktu (Tahun)"] = "=2+1"
    code, lines = _validate(write_sheets(tmp_path, sheets))
    assert code == 1
    assert lines[0] == (
        "GALAT       Mitra!S2 (Jangka Waktu (Tahun)): berisi rumus =2+1 yang belum punya nilai "
        "tersimpan; buka berkas di Excel agar rumus dihitung, lalu simpan")


@pytest.mark.parametrize(("text", "expected"), [
    ("25/11/2026", date(2026, 11, 25)), ("25-11-2026", date(2026, 11, 25)),
    ("2026-11-25", date(2026, 11, 25)), ("25 November 2026", date(2026, 11, 25)),
    ("25 Nopember 2026", date(2026, 11, 25)), ("25 Nov. 2026", date(2026, 11, 25)),
    (" 1 Agustus 2027 ", date(2027, 8, 1)), ("1 August 2027", date(2027, 8, 1)),
])
def test_dates_as_text_are_read(tmp_path: Path, text: str, expected: date) -> None:
    sheets = example()
    row(sheets, "Mitra", KODE)["Tanggal Surat"] = text
    workbook, report = load_workbook(write_sheets(tmp_path, sheets))
    assert report.ok
    assert workbook.partner(KODE).tanggal_surat == expected


@pytest.mark.parametrize("text", ["11/25/2026", "31/02/2026", "25.11.2026", "besok",
                                  "2026-11-25 10:00", "25 Novembre 2026"])
def test_other_dates_as_text_name_their_cell(tmp_path: Path, text: str) -> None:
    sheets = example()
    only_partner(sheets, KODE)
    row(sheets, "Mitra", KODE)["Tanggal Surat"] = text
    code, lines = _validate(write_sheets(tmp_path, sheets))
    assert code == 1
    assert lines[0] == (
        f'GALAT       Mitra!V2 (Tanggal Surat): "{text.strip()}" bukan tanggal yang dikenali; '
        "tulis sebagai tanggal Excel atau seperti 25 November 2026, 25/11/2026 atau 2026-11-25")


@pytest.mark.parametrize("text", ["3", " 3 ", "3.0", "3,0", "+3"])
def test_numbers_stored_as_text_are_accepted(tmp_path: Path, text: str) -> None:
    sheets = example()
    row(sheets, "Mitra", KODE)["Jangka Waktu (Tahun)"] = text
    row(sheets, "Ruang Lingkup", KODE)["No"] = "1"
    workbook, report = load_workbook(write_sheets(tmp_path, sheets))
    assert report.ok
    assert workbook.partner(KODE).jangka_waktu == 3


def test_a_number_with_words_names_its_cell(tmp_path: Path) -> None:
    sheets = example()
    only_partner(sheets, KODE)
    row(sheets, "Mitra", KODE)["Jangka Waktu (Tahun)"] = "3 tahun"
    code, lines = _validate(write_sheets(tmp_path, sheets))
    assert (code, lines[0]) == (1, 'GALAT       Mitra!S2 (Jangka Waktu (Tahun)): "3 tahun" '
                                   "bukan bilangan bulat 1 sampai 10")


# -- an output folder that cannot take the pack ------------------------------------------------


def test_an_output_path_through_a_file_is_refused_before_the_register(tmp_path: Path) -> None:
    book = write_sheets(tmp_path, example())
    (tmp_path / "laporan.txt").write_text("bukan folder")
    output = tmp_path / "laporan.txt" / "output"
    code, text = run("generate", str(book), "-o", str(output))
    assert (code, text.strip()) == (
        1, f"Galat: Tidak dapat menulis ke {output}: sebagian jalurnya adalah berkas, bukan "
           "folder. Pilih folder keluaran lain dengan -o.")
    assert files_under(tmp_path) == ["kerjasama.xlsx", "laporan.txt"]


def test_a_read_only_output_folder_is_refused_before_the_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, who may write anywhere: the file system's answer is simulated.
    book = write_sheets(tmp_path, example())
    output = tmp_path / "output"
    output.mkdir()
    original = Path.write_bytes

    def read_only(self: Path, data: bytes) -> int:
        if output in self.parents:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", read_only)
    code, text = run("generate", str(book), "-o", str(output))
    assert (code, text.strip()) == (
        1, f"Galat: Tidak boleh menulis ke {output} (hanya-baca atau tanpa izin). Pilih folder "
           "keluaran lain dengan -o.")
    assert list(output.iterdir()) == []  # no pack, no register


def _numbers(register: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(register) as conn:
        return sorted(conn.execute("SELECT kode, template_id, nomor FROM numbers"))


def _documents(register: Path) -> int:
    with sqlite3.connect(register) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def test_a_full_disk_leaves_no_half_pack_and_burns_no_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, office_register: Path
) -> None:
    book = write_sheets(tmp_path, example())
    output = tmp_path / "output"
    original = pack._write_new

    def disk_full(path: str, data: bytes) -> None:
        if Path(path).parent.name.startswith(pack.TEMP_PREFIX):
            raise OSError(errno.ENOSPC, "No space left on device", path)
        original(path, data)

    monkeypatch.setattr(pack, "_write_new", disk_full)
    code, text = run("generate", str(book), "-o", str(output), "-j", "1")
    assert code == 1
    assert text.strip() == (f"Galat: Disk penuh saat menulis {output / KODE}. Kosongkan ruang "
                            "disk lalu jalankan lagi.")
    assert sorted(p.name for p in output.iterdir()) == ["manifest.json"]
    assert json.loads((output / "manifest.json").read_text(encoding="utf-8")) == {"dokumen": []}
    register = office_register
    assert _documents(register) == 0
    reserved = _numbers(register)

    # Space again: the same numbers, none skipped, as a run that never failed gets.
    monkeypatch.setattr(pack, "_write_new", original)
    code, text = run("generate", str(book), "-o", str(output), "-j", "1")
    assert code == 0, text
    assert _numbers(register) == reserved
    code, text = run("generate", str(book), "-o", str(tmp_path / "bersih"), "-j", "1")
    assert code == 0, text
    assert _numbers(register) == reserved  # a second folder shares the office's numbers


# -- the real client: LibreOffice opens every document ------------------------------------------

HOSTILE_NAMES = {
    "KS-2027-001": "Smith & Lee <Asia> \"Pty\" Ltd",
    "KS-2027-002": "وزارة العدل الاتحادية",
    "KS-2027-003": "משרד המשפטים של ישראל",
    "KS-2027-004": "大韓民國 法務部 🤝🇮🇩",
}


@pytest.mark.libreoffice
def test_libreoffice_converts_the_example_and_a_hostile_pack(
    tmp_path: Path, soffice: str
) -> None:
    import subprocess

    from ksdocs.generate import Options, generate
    from ksdocs.pdf import convert_to_pdf

    sheets = example()
    for kode, name in HOSTILE_NAMES.items():
        values = row(sheets, "Mitra", kode)
        values["Nama Mitra"] = name
        values["Alamat Mitra"] = "Baris satu\nBaris dua <3> & tiga"
    row(sheets, "Mitra", "KS-2027-001")["Latar Belakang"] = ("Latar belakang kerja sama. "
                                                             * 400)[:10_000]
    hostile = write_sheets(tmp_path, sheets)
    today = date(2026, 11, 25)
    documents = []
    for name, book in (("contoh", Path(__file__).parent.parent / "data" /
                        "contoh-kerjasama.xlsx"), ("hostile", hostile)):
        result = generate(book, Options(output=tmp_path / name, today=today, jobs=1))
        documents += [document.path for document in result.documents]
    # Seven packs of nine documents, four of them with the request to sign.
    assert len(documents) == 2 * (7 * 9 + 4)

    pdfs = convert_to_pdf(documents, jobs=1, soffice=soffice)  # one LibreOffice call
    assert all(pdf.stat().st_size > 1000 for pdf in pdfs)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "hostile" / "KS-2027-001" / "01-rencana.pdf"), "-"],
        check=True, capture_output=True, text=True,
    ).stdout
    assert "Smith & Lee <Asia>" in " ".join(text.split())
    assert "Baris dua <3> & tiga" in text
    assert "Latar belakang kerja sama." in text
