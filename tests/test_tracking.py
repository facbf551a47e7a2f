"""Tracking the SOP (SPEC §8) through the CLI, with fixed dates: due dates in working
days, late partners, the recap workbook, and every bad input's message."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from document_text import document_text
from helpers import example, row, run, write_sheets

from ksdocs.cli import main
from ksdocs.example import Sheets


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A register of the test's own: nothing touches the user's data directory."""
    return tmp_path / "kantor" / "register.sqlite"


def workbook(tmp_path: Path, *, libur: Sequence[date] = (), **signing: date) -> Path:
    """The example workbook; `signing` sets Tanggal Penandatanganan by Kode (``_`` for
    ``-``), `libur` adds rows to sheet Libur."""
    sheets: Sheets = example()
    for key, day in signing.items():
        row(sheets, "Mitra", key.replace("_", "-"))["Tanggal Penandatanganan"] = day
    if libur:
        sheets["Libur"] = [{"Tanggal": day, "Keterangan": "Cuti bersama"} for day in libur]
    return write_sheets(tmp_path, sheets)


def track(book: Path, register: Path, kode: str, step: str, day: str,
          *extra: str) -> tuple[int, str]:
    """``ksdocs track`` by ani; the fixed days of these tests may lie ahead of the clock,
    so the warning for a day not yet come is left out."""
    code, output = run("track", str(book), kode, step, "--date", day, "--register",
                       str(register), "--by", "ani", *extra)
    kept = [line for line in output.splitlines() if "belum tiba (hari ini" not in line]
    return code, "\n".join(kept) + "\n"


def status_lines(book: Path, register: Path, as_of: str, *extra: str) -> dict[str, str]:
    """Kode → its line of the status table."""
    code, output = run("status", str(book), "--register", str(register), "--as-of", as_of,
                       *extra)
    assert code == 0, output
    return {line.split()[0]: line for line in output.splitlines()
            if line.startswith("KS-")}


# -- due dates in working days ----------------------------------------------------------


def test_a_friday_step_4_makes_step_5_due_on_monday(tmp_path: Path, register: Path) -> None:
    book = workbook(tmp_path)
    code, output = track(book, register, "KS-2027-002", "4", "12/02/2027")  # a Friday
    assert code == 0, output
    assert output.splitlines()[:2] == [
        "Dicatat: KS-2027-002 langkah 4 kajian selesai 12/02/2027 oleh ani.",
        "Berikutnya: langkah 5 nota dinas, batas waktu 15/02/2027.",
    ]
    assert "TEPAT WAKTU" in status_lines(book, register, "2027-02-15")["KS-2027-002"]
    line = status_lines(book, register, "2027-02-16")["KS-2027-002"]
    assert "15/02/2027" in line and "TERLAMBAT 1 hari kerja" in line


@pytest.mark.parametrize(
    ("done", "due"),
    [
        ("25 Maret 2027", "29/03/2027"),  # Thursday before Good Friday
        ("16 Agustus 2027", "18/08/2027"),  # Monday before Independence Day
    ],
)
def test_a_national_holiday_pushes_the_due_date_past_it(
    tmp_path: Path, register: Path, done: str, due: str
) -> None:
    book = workbook(tmp_path)
    code, output = track(book, register, "KS-2027-003", "4", done)
    assert code == 0, output
    assert f"batas waktu {due}." in output


def test_a_day_off_on_sheet_libur_pushes_it_further(tmp_path: Path, register: Path) -> None:
    book = workbook(tmp_path, libur=[datetime(2027, 8, 18)])
    code, output = track(book, register, "KS-2027-003", "4", "2027-08-16")
    assert code == 0, output
    assert "batas waktu 19/08/2027." in output


# -- status ----------------------------------------------------------------------------


def _three_cooperations(tmp_path: Path, register: Path) -> Path:
    """002 done step 4 on Friday 12 Feb (step 5 due Monday 15); 003 on Monday 15 Feb
    (due Tuesday 16); 004 did steps 1–6 and planned its signing on Wednesday 10 Feb."""
    book = workbook(tmp_path, KS_2027_004=datetime(2027, 2, 10))
    assert track(book, register, "KS-2027-002", "4", "12/02/2027")[0] == 0
    assert track(book, register, "KS-2027-003", "4", "15/02/2027")[0] == 0
    for step in ("1", "2", "4", "5", "6"):
        assert track(book, register, "KS-2027-004", step, "01/02/2027")[0] == 0
    return book


def test_status_as_of_a_day_flags_exactly_the_late_partners(
    tmp_path: Path, register: Path
) -> None:
    book = _three_cooperations(tmp_path, register)
    code, output = run("status", str(book), "--register", str(register), "--as-of",
                       "16/02/2027")
    assert code == 0
    header = output.splitlines()[0].split("  ")
    assert [h.strip() for h in header if h.strip()] == [
        "KODE", "MITRA", "LANGKAH TERAKHIR", "TANGGAL", "LANGKAH BERIKUT", "BATAS WAKTU",
        "KEADAAN", "DICATAT OLEH"]
    lines = {line.split()[0]: line for line in output.splitlines() if line.startswith("KS-")}
    late = {kode for kode, line in lines.items() if "TERLAMBAT" in line}
    assert late == {"KS-2027-002", "KS-2027-004"}
    assert "TERLAMBAT 1 hari kerja" in lines["KS-2027-002"]
    # 11, 12, 15 and 16 February are working days after the signing day.
    assert "7 penandatanganan" in lines["KS-2027-004"]
    assert "10/02/2027" in lines["KS-2027-004"]
    assert "TERLAMBAT 4 hari kerja" in lines["KS-2027-004"]
    assert "TEPAT WAKTU" in lines["KS-2027-003"] and "16/02/2027" in lines["KS-2027-003"]
    assert "belum ada" in lines["KS-2027-001"] and "tentatif" in lines["KS-2027-001"]
    assert output.splitlines()[-2:] == ["7 kerja sama, 2 terlambat, per 16/02/2027.",
                                        f"Register: {register}"]

    only = status_lines(book, register, "16/02/2027", "-k", "ks-2027-003")
    assert list(only) == ["KS-2027-003"]


def test_late_rows_are_red_on_a_terminal_with_colour(tmp_path: Path, register: Path) -> None:
    book = _three_cooperations(tmp_path, register)
    result = CliRunner().invoke(main, ["status", str(book), "--register", str(register),
                                       "--as-of", "16/02/2027"], color=True)
    red = [line for line in result.output.splitlines() if line.startswith("\x1b[31m")]
    assert [line.split()[0].removeprefix("\x1b[31m") for line in red] == [
        "KS-2027-002", "KS-2027-004"]


def test_the_final_report_done_is_selesai(tmp_path: Path, register: Path) -> None:
    book = workbook(tmp_path)
    for step in ("1", "2", "4", "5", "6", "7", "laporan"):
        assert track(book, register, "KS-2027-005", step, "01/03/2027")[0] == 0
    line = status_lines(book, register, "01/12/2027")["KS-2027-005"]
    assert line.split()[-7:] == ["laporan", "akhir", "01/03/2027", "–", "–", "SELESAI", "ani"]


def test_a_step_recorded_again_replaces_the_first(tmp_path: Path, register: Path) -> None:
    book = workbook(tmp_path)
    assert track(book, register, "KS-2027-002", "4", "12/02/2027")[0] == 0
    code, output = track(book, register, "ks-2027-002", "LAPORAN", "01/03/2027")
    assert code == 0 and "KS-2027-002 langkah laporan akhir" in output
    assert track(book, register, "KS-2027-002", "4", "15/02/2027", "--note", "koreksi")[0] == 0
    line = status_lines(book, register, "02/03/2027")["KS-2027-002"]
    assert "laporan akhir" in line and "01/03/2027" in line


# -- the recap workbook -------------------------------------------------------------------


def test_the_recap_workbook_holds_every_row_highlights_the_late_and_keeps_the_trail(
    tmp_path: Path, register: Path
) -> None:
    book = _three_cooperations(tmp_path, register)
    assert track(book, register, "KS-2027-003", "4", "12/02/2027", "--note", "tanggal "
                 "dikoreksi")[0] == 0
    recap = tmp_path / "rekap" / "rekap.xlsx"
    code, output = run("status", str(book), "--register", str(register), "--as-of",
                       "16/02/2027", "--xlsx", str(recap))
    assert code == 0 and f"Rekap ditulis: {recap}" in output

    opened = openpyxl.load_workbook(recap)
    assert opened.sheetnames == ["Rekap", "Langkah", "Jejak"]
    for sheet in opened.worksheets:
        assert sheet.freeze_panes == "A3"
        assert sheet.auto_filter.ref.startswith("A2:")
        assert all(cell.font.bold for cell in sheet[2])
    summary = opened["Rekap"]
    assert "16 Februari 2027" in summary["A1"].value
    rows = {r[0].value: r for r in summary.iter_rows(min_row=3)}
    assert list(rows) == [f"KS-2027-00{n}" for n in range(1, 8)]
    late = {kode for kode, r in rows.items() if r[0].fill.fgColor.rgb.endswith("F8CBAD")}
    assert late == {"KS-2027-002", "KS-2027-003", "KS-2027-004"}
    assert rows["KS-2027-003"][6].value == "TERLAMBAT 1 hari kerja"
    assert rows["KS-2027-004"][5].value == datetime(2027, 2, 10)

    steps = [tuple(c.value for c in r) for r in opened["Langkah"].iter_rows(min_row=3)]
    assert len(steps) == 7 * 7
    mine = [s for s in steps if s[0] == "KS-2027-004"]
    assert [s[2] for s in mine] == ["1 rencana", "2 penyampaian", "4 kajian", "5 nota dinas",
                                    "6 pembahasan MSP", "7 penandatanganan", "laporan akhir"]
    assert mine[3][5] == datetime(2027, 2, 2) and mine[3][9] == "SELESAI"
    assert mine[5][4] == "10 menit" and mine[5][9] == "TERLAMBAT 4 hari kerja"

    trail = [tuple(c.value for c in r) for r in opened["Jejak"].iter_rows(min_row=3)]
    assert [(t[0], t[1], t[2], t[4]) for t in trail if t[0] == "KS-2027-003"] == [
        ("KS-2027-003", "4 kajian", datetime(2027, 2, 15), None),
        ("KS-2027-003", "4 kajian", datetime(2027, 2, 12), "tanggal dikoreksi"),
    ]
    assert len(trail) == 8 and all(t[3] == "ani" and t[5] for t in trail)


@pytest.mark.slow
@pytest.mark.libreoffice
def test_the_recap_opens_in_libreoffice(tmp_path: Path, register: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    book = _three_cooperations(tmp_path, register)
    recap = tmp_path / "rekap.xlsx"
    assert run("status", str(book), "--register", str(register), "--as-of", "16/02/2027",
               "--xlsx", str(recap))[0] == 0
    out = tmp_path / "csv"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
         "--convert-to", "csv", "--outdir", str(out), str(recap)],
        check=True, capture_output=True, timeout=180,
    )
    text = (out / "rekap.csv").read_text(encoding="utf-8")
    for kode in (f"KS-2027-00{n}" for n in range(1, 8)):
        assert kode in text
    assert "TERLAMBAT 4 hari kerja" in text


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("KS-2027-002", "3"), "Galat: langkah 3 tidak ada dalam SOP; langkah yang ada: 1, 2, "
         "4, 5, 6, 7, laporan."),
        (("KS-2027-002", "8"), 'Galat: langkah "8" tidak dikenal; langkah yang ada: 1, 2, 4, '
         "5, 6, 7, laporan."),
        (("KS-2099-001", "4"), 'Galat: Kode "KS-2099-001" tidak ada pada lembar Mitra; Kode '
         "yang ada: KS-2027-001, KS-2027-002, KS-2027-003, KS-2027-004, KS-2027-005, "
         "KS-2027-006, KS-2027-007."),
        (("KS-2027-002", "4", "--date", "kemarin"), 'Galat: --date: "kemarin" bukan tanggal '
         "yang dikenali; tulis seperti 25 November 2026, 25/11/2026 atau 2026-11-25."),
        (("KS-2027-002", "4", "--date", "30/02/2027"), 'Galat: --date: "30/02/2027" bukan '
         "tanggal yang dikenali; tulis seperti 25 November 2026, 25/11/2026 atau 2026-11-25."),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_1(
    tmp_path: Path, register: Path, args: tuple[str, ...], message: str
) -> None:
    book = workbook(tmp_path)
    code, output = run("track", str(book), *args, "--register", str(register))
    assert code == 1
    assert output.strip() == message
    assert not register.exists()


def test_a_day_before_the_letter_date_is_recorded_with_a_warning(
    tmp_path: Path, register: Path
) -> None:
    book = workbook(tmp_path)  # KS-2027-001 has Tanggal Surat 15 February 2027
    code, output = track(book, register, "KS-2027-001", "1", "10/02/2027")
    assert code == 0
    assert output.splitlines()[0] == (
        "Peringatan: tanggal 10/02/2027 lebih awal dari Tanggal Surat 15/02/2027 "
        "(Mitra!V2 (Tanggal Surat)); tetap dicatat.")
    assert "10/02/2027" in status_lines(book, register, "11/02/2027")["KS-2027-001"]


def test_status_refuses_a_bad_day_an_unknown_kode_and_a_bad_libur_row(
    tmp_path: Path, register: Path
) -> None:
    book = workbook(tmp_path)
    code, output = run("status", str(book), "--register", str(register), "--as-of", "besok")
    assert code == 1 and output.strip() == (
        'Galat: --as-of: "besok" bukan tanggal yang dikenali; tulis seperti 25 November '
        "2026, 25/11/2026 atau 2026-11-25.")
    code, output = run("status", str(book), "--register", str(register), "-k", "KS-X")
    assert code == 1 and output.strip().startswith('Galat: Kode "KS-X" tidak ada pada lembar '
                                                   "Mitra; Kode yang ada: KS-2027-001")
    sheets = example()
    sheets["Libur"] = [{"Tanggal": "32/12/2027", "Keterangan": "salah ketik"}]
    code, output = run("status", str(write_sheets(tmp_path, sheets, "libur.xlsx")),
                       "--register", str(register))
    assert code == 1
    assert output.splitlines() == [
        'GALAT       Libur!A2 (Tanggal): "32/12/2027" bukan tanggal yang dikenali; tulis '
        "sebagai tanggal Excel atau seperti 25 November 2026, 25/11/2026 atau 2026-11-25",
        "Galat: Buku kerja mengandung galat; perbaiki dulu.",
    ]
    assert not register.exists()


def test_a_missing_workbook_is_named(tmp_path: Path, register: Path) -> None:
    code, output = run("track", str(tmp_path / "tidak-ada.xlsx"), "KS-1", "4",
                       "--register", str(register))
    assert code == 1 and output.strip() == (
        f'Galat: Berkas "{tmp_path / "tidak-ada.xlsx"}" tidak ditemukan.')


# -- the documents carry the records ------------------------------------------------------


def test_the_kendali_and_the_final_report_carry_the_recorded_dates(
    tmp_path: Path, register: Path
) -> None:
    book = workbook(tmp_path)  # KS-2027-002 has no Tanggal Penandatanganan
    assert track(book, register, "KS-2027-002", "4", "12/02/2027")[0] == 0
    assert run("track", str(book), "KS-2027-002", "7", "--date", "15 Juni 2027",
               "--register", str(register), "--by", "budi")[0] == 0
    out = tmp_path / "out"
    code, output = run("generate", str(book), "-k", "KS-2027-002", "-o", str(out),
                       "--register", str(register))
    assert code == 0, output

    kendali = document_text(out / "KS-2027-002" / "09-kendali.docx").splitlines()
    rows = {line.split(" | ")[0]: line.rstrip(" |").split(" | ") for line in kendali
            if " | " in line}
    assert rows["4"][6:] == ["12 Februari 2027 / ani"]
    assert rows["7"][6:] == ["15 Juni 2027 / budi"]
    assert rows["5"][6:] == [] and rows["\u2013"][6:] == []

    laporan = document_text(out / "KS-2027-002" / "08-laporan.docx")
    assert "Tempat dan tanggal | : | Jakarta, 15 Juni 2027" in laporan
    assert laporan.splitlines()[0].endswith("| Jakarta, 15 Juni 2027")


# -- the library, as the web page calls it ----------------------------------------------


def test_the_library_gives_typed_rows_for_a_user_and_a_day(
    tmp_path: Path, register: Path
) -> None:
    from ksdocs.tracking import record_step, status

    book = workbook(tmp_path)
    done = record_step(book, "ks-2027-003", "4", done_on=date(2027, 2, 12),
                       by="web:siti\x07", note="lewat\x00 laman", register=register)
    assert (done.record.kode, done.record.done_by, done.record.note) == (
        "KS-2027-003", "web:siti", "lewat laman")
    assert done.progress is not None and done.progress.next is not None
    assert done.progress.next.due == date(2027, 2, 15)

    found = status(book, as_of=date(2027, 2, 16), kodes=["KS-2027-003"], register=register)
    (row_,) = found.partners
    assert row_.late and row_.state.late_days == 1 and str(row_.state) == (
        "TERLAMBAT 1 hari kerja")
    assert row_.last is not None and row_.last.step.id == "4"
    assert [r.note for r in found.trail] == ["lewat laman"]

    from ksdocs.recap import write_recap

    write_recap(found, tmp_path / "rekap.xlsx")
    jejak = openpyxl.load_workbook(tmp_path / "rekap.xlsx")["Jejak"]
    assert jejak["D3"].value == "web:siti" and jejak["E3"].value == "lewat laman"


def test_a_recap_over_a_folder_is_refused(tmp_path: Path, register: Path) -> None:
    book = workbook(tmp_path)
    code, output = run("status", str(book), "--register", str(register), "--xlsx",
                       str(tmp_path))
    assert code == 2
    assert f'Galat: nilai untuk --xlsx tidak sah: "{tmp_path}" adalah folder, bukan berkas.' in (
        output.splitlines())


def test_without_register_the_office_register_is_used(
    tmp_path: Path, office_register: Path
) -> None:
    book = workbook(tmp_path)
    code, output = run("track", str(book), "KS-2027-002", "1", "--date", "01/02/2027")
    assert code == 0 and output.splitlines()[-1] == f"Register: {office_register}"
    assert "01/02/2027" in status_lines(book, office_register, "02/02/2027")["KS-2027-002"]
    code, output = run("status", str(book), "--as-of", "02/02/2027")
    assert "1 rencana" in output and f"Register: {office_register}" in output
    office_register.unlink()
    code, output = run("status", str(book))
    assert code == 0 and output.splitlines()[-1] == (
        f"Register: {office_register} (belum ada; belum ada langkah dicatat)")


def test_a_day_not_yet_come_is_recorded_with_a_warning(tmp_path: Path, register: Path) -> None:
    from ksdocs.tracking import record_step

    book = workbook(tmp_path)
    done = record_step(book, "KS-2027-002", "1", done_on=date(2072, 2, 1), by="ani",
                       register=register, today=date(2027, 2, 1))
    assert done.warnings == (
        "tanggal 01/02/2072 belum tiba (hari ini 01/02/2027); tetap dicatat.",)
