"""Every workbook rule of SPEC §2: the exact message and cell a user reads, and the records."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from helpers import (
    EXAMPLE_WARNING,
    check,
    drop_column,
    errors,
    example,
    patch_sheet_xml,
    rename,
    row,
    warnings,
    write_sheets,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from ksdocs.schema import MITRA
from ksdocs.validate import _repeats_header, load_workbook
from ksdocs.workbook import RawRow, RawSheet, normalise

UNIT_CODES = "DJPP, AHU, BPHN, KANWIL-DKI, BHP-JKT"


# -- the example -------------------------------------------------------------------------


def test_the_example_data_has_no_error_and_one_warning(tmp_path: Path) -> None:
    path = write_sheets(tmp_path, example())
    book, report = load_workbook(path)
    assert errors(report) == []
    assert warnings(report) == [EXAMPLE_WARNING]
    assert report.summary() == "0 galat, 1 peringatan."
    assert [p.kode for p in book.partners] == [f"KS-2027-00{n}" for n in range(1, 8)]
    assert book.invalid == {}
    assert book.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert book.path == str(path)


def test_records_hold_the_values_as_written(tmp_path: Path) -> None:
    book, _ = load_workbook(write_sheets(tmp_path, example()))
    first = book.partner("KS-2027-001")
    assert first.nama_en == "Ministry of Justice of the Republic of Korea"
    assert first.tanggal_surat == date(2027, 2, 15)
    assert first.tanggal_ttd == date(2027, 6, 10)
    assert first.jangka_waktu == 3
    assert [item.no for item in first.ruang_lingkup] == [1, 2, 3]
    assert first.kajian is not None and first.kajian.rekomendasi == "Dapat ditindaklanjuti"
    second = book.partner("KS-2027-002")
    assert second.nama_en == "Asia Foundation for Law & Development"
    assert second.unit_pelaksana == ("DJPP", "BPHN")
    assert second.tanggal_surat is None and second.sifat == "Biasa"
    assert book.partner("KS-2027-005").kajian is None
    assert book.partner("KS-2027-006").pengganti == "SEKJEN"
    assert book.units["KANWIL-DKI"].jenis == "Kantor Wilayah"
    assert book.officials["MENTERI"].nip == ""
    assert book.settings.unit_pengirim == "DJPP"
    assert book.columns["Mitra"]["jenis"] == "E"


# -- structure ---------------------------------------------------------------------------


def test_a_missing_sheet_is_named(tmp_path: Path) -> None:
    sheets = example()
    del sheets["Kajian"]
    report = check(tmp_path, sheets)
    assert errors(report) == [
        "Kajian: lembar ini tidak ada dalam buku kerja; buat buku kerja baru dengan ksdocs "
        "init atau salin lembarnya dari buku kerja contoh"
    ]
    assert warnings(report) == []  # no "no analysis" warning for every partner


def test_the_days_off_sheet_is_optional_and_read_when_present(tmp_path: Path) -> None:
    assert "Libur" not in example()
    assert load_workbook(write_sheets(tmp_path, example()))[0].libur == ()
    sheets = example()
    sheets["Libur"] = [
        {"Tanggal": datetime(2027, 3, 12), "Keterangan": "Cuti bersama Nyepi"},
        {"Tanggal": "15/03/2027", "Keterangan": None},
    ]
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert [(day.tanggal, day.keterangan) for day in book.libur] == [
        (date(2027, 3, 12), "Cuti bersama Nyepi"),
        (date(2027, 3, 15), ""),
    ]


def test_a_bad_day_off_is_named_and_a_repeated_one_warned(tmp_path: Path) -> None:
    sheets = example()
    sheets["Libur"] = [
        {"Tanggal": "31/02/2027", "Keterangan": "tidak ada"},
        {"Tanggal": "2027-03-12", "Keterangan": "Cuti bersama"},
        {"Tanggal": "12 Maret 2027", "Keterangan": "lagi"},
    ]
    report = check(tmp_path, sheets)
    assert errors(report) == [
        'Libur!A2 (Tanggal): "31/02/2027" bukan tanggal yang dikenali; tulis sebagai tanggal '
        "Excel atau seperti 25 November 2026, 25/11/2026 atau 2026-11-25"
    ]
    assert warnings(report)[-1] == "Libur!A4 (Tanggal): tanggal ini sudah ada di Libur!A3"


def test_a_missing_required_column_is_named_without_a_cell(tmp_path: Path) -> None:
    sheets = example()
    drop_column(sheets, "Mitra", "Negara")
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == [
        "Mitra (Negara): kolom wajib ini tidak ada pada baris 1 (judul kolom)"
    ]
    assert report.errors[0].kode is None
    assert book.partners == ()


def test_a_missing_optional_column_is_fine(tmp_path: Path) -> None:
    sheets = example()
    drop_column(sheets, "Mitra", "Narahubung")
    assert errors(check(tmp_path, sheets)) == []


def test_headers_match_without_case_or_spaces_in_any_order_with_extra_columns(
    tmp_path: Path,
) -> None:
    sheets = example()
    sheets["Mitra"] = [
        {"Catatan Internal": "abaikan", **{f"  {k.upper()} ": v for k, v in reversed(r.items())}}
        for r in sheets["Mitra"]
    ]
    sheets["Mitra"][0]["  JENIS MITRA "] = "LSM"
    report = check(tmp_path, sheets)
    # Jenis Mitra is now the 25th column (Y): Catatan Internal, then the 28 reversed.
    assert errors(report) == [
        'Mitra!Y2 (Jenis Mitra): "LSM" bukan pilihan yang sah; pilih salah satu dari: '
        "Lembaga Pemerintahan Asing, Organisasi Internasional, "
        "Organisasi Internasional Nonpemerintah"
    ]


def test_a_repeated_header_is_a_warning_and_the_first_column_is_read(tmp_path: Path) -> None:
    sheets = example()
    for values in sheets["Unit"]:
        values[" kode"] = "ABAIKAN"
    report = check(tmp_path, sheets)
    assert errors(report) == []
    assert "Unit!I1 (Kode): judul kolom ini muncul lebih dari sekali; hanya kolom A yang " \
        "dibaca" in warnings(report)


def test_empty_rows_are_skipped_and_cells_keep_their_row(tmp_path: Path) -> None:
    sheets = example()
    sheets["Mitra"][1:1] = [{}, {"Kode": "   "}]
    row(sheets, "Mitra", "KS-2027-002")["Negara"] = None
    assert errors(check(tmp_path, sheets)) == ["Mitra!F5 (Negara): wajib diisi"]


# -- values ------------------------------------------------------------------------------


def test_a_blank_required_value_spoils_only_its_partner(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Nama Mitra"] = "  "
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == ["Mitra!B4 (Nama Mitra): wajib diisi"]
    assert report.errors[0].kode == "KS-2027-003"
    assert "KS-2027-003" not in [p.kode for p in book.partners]
    assert len(book.partners) == 6
    assert book.invalid == {"KS-2027-003": ("Mitra!B4 (Nama Mitra): wajib diisi",)}


def test_a_blank_kode_still_names_its_row(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-004")["Kode"] = None
    report = check(tmp_path, sheets)
    assert errors(report)[:1] == ["Mitra!A5 (Kode): wajib diisi"]
    assert report.errors[0].kode == "Mitra!A5"
    assert 'Ruang Lingkup!A10 (Kode): Kode "KS-2027-004" tidak ada pada lembar Mitra' in errors(
        report
    )


def test_a_value_outside_the_list_names_every_choice(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-006")["Jenis Mitra"] = "LSM"
    assert errors(check(tmp_path, sheets)) == [
        'Mitra!E7 (Jenis Mitra): "LSM" bukan pilihan yang sah; pilih salah satu dari: '
        "Lembaga Pemerintahan Asing, Organisasi Internasional, "
        "Organisasi Internasional Nonpemerintah"
    ]


def test_choices_match_without_case_and_keep_the_list_spelling(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Jenis Mitra"] = "organisasi  INTERNASIONAL"
    row(sheets, "Mitra", "KS-2027-003")["Pembiayaan"] = "masing-masing pihak"
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    partner = book.partner("KS-2027-003")
    assert (partner.jenis, partner.pembiayaan) == ("Organisasi Internasional",
                                                   "Masing-masing Pihak")


def test_free_text_is_trimmed_but_otherwise_kept(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Nama Mitra"] = "  kementerian  Kehakiman\nKOREA \t"
    book, _ = load_workbook(write_sheets(tmp_path, sheets))
    assert book.partner("KS-2027-001").nama == "kementerian  Kehakiman\nKOREA"


def test_numbers_in_text_columns_read_as_typed(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Narahubung"] = 81234567890
    row(sheets, "Mitra", "KS-2027-002")["Narahubung"] = 5221618.0
    row(sheets, "Mitra", "KS-2027-003")["Nomor Surat Rencana"] = 12
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert book.partner("KS-2027-001").narahubung == "81234567890"
    assert book.partner("KS-2027-002").narahubung == "5221618"
    assert book.partner("KS-2027-003").nomor_rencana == "12"


def test_a_nip_typed_as_a_number_must_be_retyped_as_text(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Unit", "DJPP")["NIP Pimpinan"] = 197203152000031002
    report = check(tmp_path, sheets)
    assert errors(report) == [
        "Unit!H2 (NIP Pimpinan): NIP tertulis sebagai angka sehingga Excel dapat mengubah "
        "digit setelah digit ke-15; format sel sebagai Teks lalu ketik ulang NIP (atau awali "
        "dengan tanda petik ')"
    ]
    assert report.errors[0].kode is None


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Nama Mitra"] = "Kementerian CTRLMARK Kehakiman"
    path = write_sheets(tmp_path, sheets)
    # Excel stores characters XML cannot hold as _xHHHH_ escapes.
    patch_sheet_xml(path, 1, b"CTRLMARK", b"_x0007__x000B__xFFFF_")
    book, report = load_workbook(path)
    assert errors(report) == []
    assert "Mitra!B2 (Nama Mitra): karakter kendali yang tidak sah dihapus dari isi sel" in (
        warnings(report)
    )
    assert book.partner("KS-2027-001").nama == "Kementerian  Kehakiman"


def test_a_literal_escape_sequence_is_kept(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Narahubung"] = "LITERAL"
    path = write_sheets(tmp_path, sheets)
    patch_sheet_xml(path, 1, b"LITERAL", b"kode _x005F_x0041_")
    book, _ = load_workbook(path)
    assert book.partner("KS-2027-001").narahubung == "kode _x0041_"


# -- Kode --------------------------------------------------------------------------------


def test_a_duplicate_kode_names_both_cells_and_drops_both_rows(tmp_path: Path) -> None:
    sheets = example()
    sheets["Mitra"].append({**row(sheets, "Mitra", "KS-2027-002"), "Kode": "ks-2027-002"})
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == [
        'Mitra!A9 (Kode): Kode "ks-2027-002" sudah dipakai di Mitra!A3; setiap Kode harus unik'
    ]
    assert "KS-2027-002" not in [p.kode for p in book.partners]
    assert list(book.invalid) == ["KS-2027-002"]


@pytest.mark.parametrize(
    ("kode", "message"),
    [
        ("KS 2027/1", 'Kode "KS 2027/1" hanya boleh berisi huruf, angka, titik (.), garis '
         "bawah (_) dan tanda hubung (-)"),
        ("KS..1", 'Kode "KS..1" tidak boleh memuat dua titik berurutan (..)'),
        (".KS1", 'Kode ".KS1" tidak boleh diawali titik (.) atau tanda hubung (-)'),
        ("-KS1", 'Kode "-KS1" tidak boleh diawali titik (.) atau tanda hubung (-)'),
        ("K" * 65, "Kode terlalu panjang (65 karakter); paling banyak 64"),
        ("CON", 'Kode "CON" adalah nama perangkat yang dicadangkan Windows dan tidak dapat '
         "menjadi nama folder; pilih Kode lain"),
        ("nul.txt", 'Kode "nul.txt" adalah nama perangkat yang dicadangkan Windows dan tidak '
         "dapat menjadi nama folder; pilih Kode lain"),
        ("Com1", 'Kode "Com1" adalah nama perangkat yang dicadangkan Windows dan tidak dapat '
         "menjadi nama folder; pilih Kode lain"),
        ("LPT9.2027", 'Kode "LPT9.2027" adalah nama perangkat yang dicadangkan Windows dan '
         "tidak dapat menjadi nama folder; pilih Kode lain"),
    ],
)
def test_a_kode_must_be_a_safe_folder_name(tmp_path: Path, kode: str, message: str) -> None:
    sheets = example()
    rename(sheets, "KS-2027-004", kode)
    report = check(tmp_path, sheets)
    assert errors(report) == [f"Mitra!A5 (Kode): {message}"]
    assert report.errors[0].kode == kode


@pytest.mark.parametrize("kode", ["KS_2027.004", "a", "K" * 64, "CONSOLE", "COM10"])
def test_ordinary_kodes_are_accepted(tmp_path: Path, kode: str) -> None:
    sheets = example()
    rename(sheets, "KS-2027-004", kode)
    assert errors(check(tmp_path, sheets)) == []


# -- Unit Pelaksana, override ------------------------------------------------------------


def test_an_unknown_unit_lists_the_known_ones(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Unit Pelaksana"] = "DJPP; DJXX"
    assert errors(check(tmp_path, sheets)) == [
        f'Mitra!M2 (Unit Pelaksana): unit "DJXX" tidak ada pada lembar Unit; Kode yang ada: '
        f"{UNIT_CODES}"
    ]


def test_units_split_on_semicolons_and_commas_with_a_warning_for_repeats(
    tmp_path: Path,
) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Unit Pelaksana"] = " bphn , djpp;; BPHN ;"
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert book.partner("KS-2027-001").unit_pelaksana == ("BPHN", "DJPP")
    assert 'Mitra!M2 (Unit Pelaksana): unit "BPHN" disebut lebih dari sekali; dihitung satu ' \
        "kali" in warnings(report)


def test_separators_alone_are_a_blank(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Unit Pelaksana"] = " ; , "
    assert errors(check(tmp_path, sheets)) == ["Mitra!M2 (Unit Pelaksana): wajib diisi"]


def test_an_override_must_name_a_role_or_a_unit(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-006")["Penandatangan Pengganti"] = "WAMEN"
    assert errors(check(tmp_path, sheets)) == [
        'Mitra!Q7 (Penandatangan Pengganti): "WAMEN" bukan Peran pada lembar Pejabat maupun '
        "Kode pada lembar Unit; Peran yang ada: MENTERI, SEKJEN, KABIRO, SESDITJEN, KABAG, "
        f"SUBKOOR; Kode Unit yang ada: {UNIT_CODES}"
    ]


def test_an_override_needs_a_reason(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-006")["Alasan Penggantian"] = None
    assert errors(check(tmp_path, sheets)) == [
        "Mitra!R7 (Alasan Penggantian): wajib diisi bila Penandatangan Pengganti diisi"
    ]


def test_an_override_by_unit_code_in_any_case(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-006")["Penandatangan Pengganti"] = "bphn"
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert book.partner("KS-2027-006").pengganti == "BPHN"


def test_a_reason_without_an_override_is_a_warning(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Alasan Penggantian"] = "permintaan mitra"
    report = check(tmp_path, sheets)
    assert errors(report) == []
    assert "Mitra!R4 (Alasan Penggantian): diisi, tetapi Penandatangan Pengganti kosong; " \
        "alasan ini diabaikan" in warnings(report)


# -- Jangka Waktu ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(3, 3), (7.0, 7), ("3", 3), (" 10 ", 10),
                                                 ("2.0", 2), (1, 1)])
def test_duration_accepts_whole_numbers(tmp_path: Path, value: object, expected: int) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Jangka Waktu (Tahun)"] = value  # type: ignore[assignment]
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert book.partner("KS-2027-003").jangka_waktu == expected


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (11, "11"), (2.5, "2.5"),
                                              ("tiga", "tiga"), ("3 tahun", "3 tahun"),
                                              (-2, "-2")])
def test_duration_rejects_anything_else(tmp_path: Path, value: object, shown: str) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Jangka Waktu (Tahun)"] = value  # type: ignore[assignment]
    assert errors(check(tmp_path, sheets)) == [
        f'Mitra!S4 (Jangka Waktu (Tahun)): "{shown}" bukan bilangan bulat 1 sampai 10'
    ]


def test_an_ngo_beyond_three_years_is_a_warning(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-002")["Jangka Waktu (Tahun)"] = 5
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert "Mitra!S3 (Jangka Waktu (Tahun)): jangka waktu 5 tahun melebihi 3 tahun, batas " \
        "izin prinsip Organisasi Internasional Nonpemerintah (PP 59/2016)" in warnings(report)
    assert book.partner("KS-2027-002").jangka_waktu == 5


# -- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 11, 25, 0, 0), date(2026, 11, 25)),
        (datetime(2026, 11, 25, 14, 30), date(2026, 11, 25)),
        ("2026-11-25", date(2026, 11, 25)),
        ("25/11/2026", date(2026, 11, 25)),
        ("25-11-2026", date(2026, 11, 25)),
        ("5/1/2027", date(2027, 1, 5)),
        ("25 November 2026", date(2026, 11, 25)),
        ("1 agustus 2026", date(2026, 8, 1)),
        ("17 AUGUST 2026", date(2026, 8, 17)),
        ("3 Mei 2027", date(2027, 5, 3)),
        ("3 May 2027", date(2027, 5, 3)),
        ("31 Desember 2026", date(2026, 12, 31)),
    ],
)
def test_dates_as_excel_dates_or_text(tmp_path: Path, value: object, expected: date) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-002")["Tanggal Surat"] = value  # type: ignore[assignment]
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert book.partner("KS-2027-002").tanggal_surat == expected


@pytest.mark.parametrize("value", ["31/02/2026", "kemarin", "11/25/2026", "2026/11/25",
                                   "25 Nevember 2026", "25.11.2026", 46351])
def test_other_dates_are_errors(tmp_path: Path, value: object) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-002")["Tanggal Surat"] = value  # type: ignore[assignment]
    assert errors(check(tmp_path, sheets)) == [
        f'Mitra!V3 (Tanggal Surat): "{value}" bukan tanggal yang dikenali; tulis sebagai '
        "tanggal Excel atau seperti 25 November 2026, 25/11/2026 atau 2026-11-25"
    ]


def test_an_analysis_date_in_text(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Kajian", "KS-2027-003")["Tanggal Kajian"] = "2 Maret 2027"
    book, _ = load_workbook(write_sheets(tmp_path, sheets))
    analysis = book.partner("KS-2027-003").kajian
    assert analysis is not None and analysis.tanggal == date(2027, 3, 2)


# -- formulas ----------------------------------------------------------------------------


def test_a_formula_without_a_stored_value_is_an_error(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Negara"] = '="Republik "&"Korea"'
    report = check(tmp_path, sheets)
    assert errors(report) == [
        'Mitra!F2 (Negara): berisi rumus ="Republik "&"Korea" yang belum punya nilai '
        "tersimpan; buka berkas di Excel agar rumus dihitung, lalu simpan"
    ]
    assert report.errors[0].kode == "KS-2027-001"


def test_a_formula_with_a_stored_value_gives_that_value(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Negara"] = '="Republik "&"Korea"'
    path = write_sheets(tmp_path, sheets)
    patch_sheet_xml(path, 1, b'<c r="F2"><f>"Republik "&amp;"Korea"</f><v></v></c>',
                    b'<c r="F2" t="str"><f>"Republik "&amp;"Korea"</f><v>Republik Korea</v></c>')
    book, report = load_workbook(path)
    assert errors(report) == []
    assert book.partner("KS-2027-001").negara == "Republik Korea"


def test_a_formula_with_an_error_result_is_an_error(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Jangka Waktu (Tahun)"] = "=1/0"
    path = write_sheets(tmp_path, sheets)
    patch_sheet_xml(path, 1, b'<c r="S2"><f>1/0</f><v></v></c>',
                    b'<c r="S2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    assert errors(load_workbook(path)[1]) == [
        "Mitra!S2 (Jangka Waktu (Tahun)): rumus menghasilkan galat #DIV/0!; perbaiki rumusnya"
    ]


# -- Ruang Lingkup, Kajian ---------------------------------------------------------------


def test_a_scope_row_for_an_unknown_kode(tmp_path: Path) -> None:
    sheets = example()
    sheets["Ruang Lingkup"].append({"Kode": "KS-2027-099", "No": 1, "Ruang Lingkup": "x",
                                    "Ruang Lingkup (EN)": "x"})
    assert errors(check(tmp_path, sheets)) == [
        'Ruang Lingkup!A22 (Kode): Kode "KS-2027-099" tidak ada pada lembar Mitra'
    ]


def test_a_partner_without_scope_is_named_at_its_kode(tmp_path: Path) -> None:
    sheets = example()
    sheets["Ruang Lingkup"] = [r for r in sheets["Ruang Lingkup"] if r["Kode"] != "KS-2027-003"]
    report = check(tmp_path, sheets)
    assert errors(report) == [
        'Mitra!A4 (Kode): belum ada butir pada lembar Ruang Lingkup untuk Kode "KS-2027-003"; '
        "isi paling sedikit satu butir"
    ]
    assert report.errors[0].kode == "KS-2027-003"


def test_a_repeated_scope_number_names_both_cells(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Ruang Lingkup", "KS-2027-001", 1)["No"] = 1
    assert errors(check(tmp_path, sheets)) == [
        'Ruang Lingkup!B3 (No): No 1 untuk Kode "KS-2027-001" sudah dipakai di '
        "Ruang Lingkup!B2"
    ]


def test_scope_items_are_sorted_by_number(tmp_path: Path) -> None:
    sheets = example()
    for index, number in enumerate((3, 1, 2)):
        row(sheets, "Ruang Lingkup", "KS-2027-001", index)["No"] = number
    book, _ = load_workbook(write_sheets(tmp_path, sheets))
    items = book.partner("KS-2027-001").ruang_lingkup
    assert [item.no for item in items] == [1, 2, 3]
    assert items[0].teks.startswith("pelatihan dan lokakarya")


def test_a_second_analysis_row_for_a_kode(tmp_path: Path) -> None:
    sheets = example()
    sheets["Kajian"].append({"Kode": "KS-2027-001", "Rekomendasi": "Dapat ditindaklanjuti"})
    assert errors(check(tmp_path, sheets)) == [
        'Kajian!A8 (Kode): Kode "KS-2027-001" sudah punya baris kajian di Kajian!A2; paling '
        "banyak satu baris untuk setiap Kode"
    ]


def test_an_analysis_problem_spoils_its_partner(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Kajian", "KS-2027-002")["Rekomendasi"] = "Ditolak"
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == [
        'Kajian!G3 (Rekomendasi): "Ditolak" bukan pilihan yang sah; pilih salah satu dari: '
        "Dapat ditindaklanjuti, Dapat ditindaklanjuti dengan catatan, Tidak dapat "
        "ditindaklanjuti"
    ]
    assert report.errors[0].kode == "KS-2027-002"
    assert "KS-2027-002" in book.invalid


# -- Unit, Pejabat -----------------------------------------------------------------------


def test_a_missing_role_is_workbook_wide(tmp_path: Path) -> None:
    sheets = example()
    sheets["Pejabat"] = [r for r in sheets["Pejabat"] if r["Peran"] != "KABIRO"]
    report = check(tmp_path, sheets)
    assert errors(report) == [
        'Pejabat (Peran): peran wajib "KABIRO" belum ada; tambahkan satu baris dengan Peran '
        "KABIRO"
    ]
    assert report.global_errors() == report.errors


def test_roles_match_without_case(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Pejabat", "MENTERI")["Peran"] = "Menteri"
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert "MENTERI" in book.officials


def test_a_repeated_role(tmp_path: Path) -> None:
    sheets = example()
    sheets["Pejabat"].append({**row(sheets, "Pejabat", "SEKJEN"), "Nama": "Orang Lain"})
    assert errors(check(tmp_path, sheets)) == [
        'Pejabat!A8 (Peran): Peran "SEKJEN" sudah dipakai di Pejabat!A3'
    ]


def test_a_repeated_unit_code(tmp_path: Path) -> None:
    sheets = example()
    sheets["Unit"].append({**row(sheets, "Unit", "DJPP"), "Kode": "djpp"})
    assert errors(check(tmp_path, sheets)) == ['Unit!A7 (Kode): Kode "djpp" sudah dipakai di '
                                               "Unit!A2"]


def test_a_unit_code_with_a_separator(tmp_path: Path) -> None:
    sheets = example()
    sheets["Unit"].append({**row(sheets, "Unit", "DJPP"), "Kode": "DJ PP;2"})
    assert errors(check(tmp_path, sheets)) == [
        'Unit!A7 (Kode): Kode "DJ PP;2" hanya boleh berisi huruf, angka, titik (.), garis bawah '
        "(_) dan tanda hubung (-)"
    ]


def test_a_unit_type_outside_the_list(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Unit", "BHP-JKT")["Jenis Unit"] = "Balai"
    report = check(tmp_path, sheets)
    assert errors(report) == ['Unit!D6 (Jenis Unit): "Balai" bukan pilihan yang sah; pilih '
                              "salah satu dari: Unit Utama, Kantor Wilayah, UPT"]
    assert report.errors[0].kode is None


# -- Pengaturan --------------------------------------------------------------------------


def _setting(sheets: dict[str, list[dict[str, object]]], key: str) -> dict[str, object]:
    return next(r for r in sheets["Pengaturan"] if r["Kunci"] == key)


def test_the_sending_unit_must_be_a_unit(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Unit Pengirim")["Nilai"] = "DJXX"
    assert errors(check(tmp_path, sheets)) == [
        f'Pengaturan!B5 (Nilai): Unit Pengirim "DJXX" tidak ada pada lembar Unit; Kode yang '
        f"ada: {UNIT_CODES}"
    ]


def test_an_unknown_setting_is_a_warning(tmp_path: Path) -> None:
    sheets = example()
    sheets["Pengaturan"].append({"Kunci": "Warna Kop", "Nilai": "biru"})
    last = len(sheets["Pengaturan"]) + 1
    report = check(tmp_path, sheets)
    assert errors(report) == []
    assert warnings(report)[-1].startswith(
        f'Pengaturan!A{last} (Kunci): "Warna Kop" bukan kunci pengaturan yang dikenal; baris ini '
        "diabaikan (kunci yang dikenal: Kota, Nama Kementerian,"
    )


def test_settings_keys_match_without_case_and_blanks_take_the_default(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Kota")["Kunci"] = " kota "
    row(sheets, "Pengaturan", " kota ")["Nilai"] = "Surabaya"
    row(sheets, "Pengaturan", "Kop Baris 1")["Nilai"] = None
    row(sheets, "Pengaturan", "Ukuran Kertas")["Nilai"] = "f4"
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert book.settings.kota == "Surabaya"
    assert book.settings.kop_baris_1 == "KEMENTERIAN HUKUM REPUBLIK INDONESIA"
    assert book.settings.ukuran_kertas == "F4"


@pytest.mark.parametrize(("key", "value", "cell", "choices"), [
    ("Ukuran Kertas", "Folio", "B12", "A4, F4"),
    ("Naskah Berlaku", "Inggris", "B13", "EN, ID"),
    ("Atas Nama Menteri", "Mungkin", "B19", "Ya, Tidak"),
])
def test_settings_with_a_closed_list(tmp_path: Path, key: str, value: str, cell: str,
                                     choices: str) -> None:
    sheets = example()
    row(sheets, "Pengaturan", key)["Nilai"] = value
    assert errors(check(tmp_path, sheets)) == [
        f'Pengaturan!{cell} (Nilai): "{value}" bukan pilihan yang sah; pilih salah satu dari: '
        f"{choices}"
    ]


@pytest.mark.parametrize(("pattern", "message"), [
    ("{kode_unit}-{klasifikasi}", 'Format Nomor "{kode_unit}-{klasifikasi}" harus memuat '
     "{urut} (nomor urut dari register)"),
    ("{kode_unit}/{bulan}/{urut}", 'penanda "{bulan}" tidak dikenal; gunakan hanya '
     "{kode_unit}, {klasifikasi}, {urut}, {tahun}"),
    ("{kode_unit}-{urut", 'Format Nomor "{kode_unit}-{urut" tidak sah: kurung kurawal { } '
     "tidak berpasangan"),
    ("{}-{urut}", 'penanda "{}" tidak dikenal; gunakan hanya {kode_unit}, {klasifikasi}, '
     "{urut}, {tahun}"),
    ("{kode_unit}-{urut:>100000000}", 'format "{urut:>100000000}" terlalu lebar '
     "(paling lebar 20)"),
    ("{kode_unit}-{urut!r}", 'penanda "{urut}" ditulis dengan cara yang tidak didukung'),
])
def test_the_number_format(tmp_path: Path, pattern: str, message: str) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Format Nomor")["Nilai"] = pattern
    assert errors(check(tmp_path, sheets)) == [f"Pengaturan!B11 (Nilai): {message}"]


def test_a_number_format_with_the_year(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Format Nomor")["Nilai"] = "{kode_unit}.{klasifikasi}-{urut}/{tahun}"
    book, report = load_workbook(write_sheets(tmp_path, sheets))
    assert errors(report) == []
    assert book.settings.format_nomor == "{kode_unit}.{klasifikasi}-{urut}/{tahun}"


def test_a_repeated_setting(tmp_path: Path) -> None:
    sheets = example()
    sheets["Pengaturan"].append({"Kunci": "KOTA", "Nilai": "Bandung"})
    last = len(sheets["Pengaturan"]) + 1
    assert errors(check(tmp_path, sheets)) == [
        f'Pengaturan!A{last} (Kunci): kunci "Kota" sudah ada di Pengaturan!A2'
    ]


# -- all at once -------------------------------------------------------------------------


def test_every_problem_is_reported_in_one_run_in_sheet_order(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Pejabat", "SUBKOOR")["Jabatan"] = None
    row(sheets, "Mitra", "KS-2027-007")["Pembiayaan"] = "Hibah"
    row(sheets, "Mitra", "KS-2027-001")["Negara"] = None
    row(sheets, "Kajian", "KS-2027-001")["NIP Analis"] = 199004122015031003
    found = errors(check(tmp_path, sheets))
    assert [line.split(":")[0] for line in found] == [
        "Mitra!F2 (Negara)", "Mitra!T8 (Pembiayaan)", "Kajian!J2 (NIP Analis)",
        "Pejabat!B7 (Jabatan)",
    ]


def test_a_letter_number_typed_twice(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Nomor Surat Rencana"] = "PPE-HM.04.01-900"
    row(sheets, "Mitra", "KS-2027-002")["Nomor Surat Penyampaian"] = "PPE-HM.04.01-900"
    assert errors(check(tmp_path, sheets)) == [
        'Mitra!X3 (Nomor Surat Penyampaian): nomor surat "PPE-HM.04.01-900" sudah dipakai di '
        "Mitra!W2; setiap surat perlu nomor sendiri"
    ]


def test_an_analysis_dated_before_the_letter_it_analyses_is_a_warning_at_its_cell(
    tmp_path: Path,
) -> None:
    sheets = example()
    row(sheets, "Kajian", "KS-2027-001")["Tanggal Kajian"] = datetime(2027, 2, 1)
    report = check(tmp_path, sheets)
    assert errors(report) == []
    found = [w for w in warnings(report) if "Tanggal Kajian" in w]
    assert len(found) == 1
    assert found[0].startswith("Kajian!K2 (Tanggal Kajian): kajian bertanggal 1 Februari 2027, "
                               "sebelum Tanggal Surat (Mitra!V2, 15 Februari 2027)")


def test_a_signing_dated_before_the_letter_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Tanggal Penandatanganan"] = datetime(2027, 1, 10)
    report = check(tmp_path, sheets)
    assert errors(report) == []
    found = [w for w in warnings(report) if "Tanggal Penandatanganan" in w]
    assert len(found) == 1
    assert found[0].startswith("Mitra!AA2 (Tanggal Penandatanganan): penandatanganan "
                               "bertanggal 10 Januari 2027, sebelum Tanggal Surat")


# -- a second header row: the rule as SPEC states it, on any row -------------------------

_MITRA_KEYS = [column.key for column in MITRA.columns]
_CELL = st.one_of(
    st.none(), st.integers(-5, 5), st.sampled_from(["", "  ", "x", "Kode", "KS-1"]),
    st.text(max_size=6),
    st.just("own header"), st.just("OWN HEADER"), st.sampled_from(_MITRA_KEYS),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_MITRA_KEYS), _CELL), max_size=12))
def test_a_row_repeats_the_headers_when_two_and_half_its_filled_cells_are_theirs(
    cells: list[tuple[str, object]],
) -> None:
    values: dict[str, object] = {}
    for key, cell in cells:
        if cell in ("own header", "OWN HEADER"):  # its column's header, as typed
            header = MITRA.column(key).header
            cell = f" {header.upper() if cell == 'OWN HEADER' else header} ".replace(" ", "  ")
        elif cell in _MITRA_KEYS:  # another column's header
            cell = MITRA.column(str(cell)).header
        values[key] = cell
    headers = {column.key: normalise(column.header) for column in MITRA.columns}
    filled = [(key, value) for key, value in values.items()
              if value is not None and not (isinstance(value, str) and not value.strip())]
    same = [key for key, value in filled
            if isinstance(value, str) and normalise(value) == headers[key]]
    sheet = RawSheet(MITRA, MITRA.name, {}, (), (), ())
    assert _repeats_header(sheet, RawRow(2, values)) == (  # type: ignore[arg-type]
        len(same) >= 2 and len(same) * 2 >= len(filled))
