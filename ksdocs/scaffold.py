"""Write a new workbook for `ksdocs init`: every sheet, header and drop-down, and a guide.

Everything comes from `schema`; the example rows from `example`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ksdocs.errors import OutputError
from ksdocs.example import Row, default_settings, example_sheets
from ksdocs.output import save_workbook
from ksdocs.schema import (
    INSTRUCTIONS_SHEET,
    JANGKA_WAKTU_MAX,
    JANGKA_WAKTU_MIN,
    PENGATURAN,
    SETTINGS,
    SHEETS,
    Column,
    Kind,
    Sheet,
)

VALIDATION_ROWS = 5000
"""Drop-down lists cover data rows 2 to this row."""

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_DATE_FORMAT = "d mmmm yyyy"
_TEXT_FORMAT = "@"

_WORKFLOW = (
    "Cara kerja",
    "1. Isi lembar Unit (unit pelaksana dan pimpinannya), Pejabat (peran MENTERI, SEKJEN, "
    "KABIRO, KABAG, SUBKOOR) dan Pengaturan (kop surat, penomoran, kertas) satu kali.",
    "2. Isi satu baris pada lembar Mitra untuk setiap rencana kerja sama; Kode menjadi nama "
    "folder paket dokumennya.",
    "3. Isi butir ruang lingkup pada lembar Ruang Lingkup (paling sedikit satu butir untuk "
    "setiap Kode) dan hasil kajian pada lembar Kajian (paling banyak satu baris untuk setiap "
    "Kode).",
    "4. Periksa buku kerja:  ksdocs validate <berkas>.xlsx  — semua masalah ditampilkan "
    "sekaligus dengan nama lembar, sel dan kolomnya.",
    "5. Buat dokumen:  ksdocs generate <berkas>.xlsx  — satu folder per Kode di folder "
    "output.",
    "6. Buka dokumen di Word, sesuaikan, cetak, tanda tangani.",
    "7. Catat setiap langkah SOP yang selesai:  ksdocs track <berkas>.xlsx <Kode> <langkah>  "
    "— langkah 1, 2, 4, 5, 6, 7 atau laporan; tanggalnya tercetak pada Lembar Kendali.",
    "8. Lihat posisi setiap kerja sama dan yang terlambat:  ksdocs status <berkas>.xlsx  "
    "(--xlsx rekap.xlsx menulis rekap untuk Kepala Biro). Batas waktu dihitung dalam hari "
    "kerja: tanpa Sabtu, Minggu, libur nasional dan hari pada lembar Libur (cuti bersama).",
    "",
    "Kolom berlatar kuning wajib diisi. Kolom dengan daftar pilihan hanya menerima nilai dari "
    "daftar. Tulis NIP sebagai teks (kolom NIP sudah berformat teks) agar digitnya tidak "
    "hilang. Tanggal boleh berupa tanggal Excel atau teks seperti 25 November 2026, "
    "25/11/2026 atau 2026-11-25.",
)


def write_workbook(path: Path, *, example: bool = False, force: bool = False) -> None:
    """Write a new workbook at `path` (with the example data when `example`).

    Refuses to replace an existing file unless `force`; writes atomically.
    """
    if path.is_dir():
        raise OutputError(f'"{path}" adalah folder; sebutkan nama berkas .xlsx yang akan dibuat.')
    if path.exists() and not force:
        raise OutputError(
            f'Berkas "{path}" sudah ada dan tidak ditimpa; gunakan --force untuk menimpanya.'
        )
    save_workbook(build_workbook(example=example), path)


def build_workbook(*, example: bool = False) -> Workbook:
    """The new workbook in memory: instructions first, then every sheet of the schema."""
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = INSTRUCTIONS_SHEET
    _write_instructions(guide)
    data = example_sheets() if example else {PENGATURAN.name: default_settings()}
    for sheet in SHEETS:
        worksheet = book.create_sheet(sheet.name)
        _write_sheet(worksheet, sheet, data.get(sheet.name, []))
    return book


def _write_sheet(worksheet: Worksheet, sheet: Sheet, rows: list[Row]) -> None:
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        cell = worksheet.cell(row=1, column=index, value=column.header)
        cell.font = _BOLD
        cell.alignment = _WRAP
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.comment = Comment(_column_note(column), "ksdocs", width=320, height=140)
        dimension = worksheet.column_dimensions[letter]
        dimension.width = column.width
        dimension.alignment = _WRAP
        if _is_text_only(column):
            dimension.number_format = _TEXT_FORMAT
        for number, row in enumerate(rows, start=2):
            value = row.get(column.header)
            if value is None:
                continue
            target = worksheet.cell(row=number, column=index, value=value)
            target.alignment = _WRAP
            if isinstance(value, date):
                target.number_format = _DATE_FORMAT
            elif _is_text_only(column):
                target.number_format = _TEXT_FORMAT
        if column.kind is Kind.CHOICE:
            _add_list(worksheet, f"{letter}2:{letter}{VALIDATION_ROWS}", column.header,
                      column.choices)
        elif column.kind is Kind.INTEGER and column.key == "jangka_waktu":
            _add_whole_number(worksheet, f"{letter}2:{letter}{VALIDATION_ROWS}", column.header)
    if sheet is PENGATURAN:
        value_letter = get_column_letter(len(sheet.columns))
        for number, row in enumerate(rows, start=2):
            for setting in SETTINGS:
                if setting.choices and row.get(sheet.columns[0].header) == setting.key:
                    _add_list(worksheet, f"{value_letter}{number}", setting.key, setting.choices)


def _is_text_only(column: Column) -> bool:
    """NIP columns: typed digits must stay text, or Excel drops digits after the 15th."""
    return column.key.startswith("nip")


def _add_list(worksheet: Worksheet, cells: str, header: str, choices: Iterable[str]) -> None:
    items = tuple(choices)
    formula = ",".join(items)
    if len(formula) > 255 or any(('"' in item or "," in item) for item in items):
        raise ValueError(f"{header}: daftar pilihan terlalu panjang untuk daftar Excel")
    listed = ", ".join(items)
    validation = DataValidation(
        type="list",
        formula1=f'"{formula}"',
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the arrow
        showErrorMessage=True,
        errorTitle="Pilihan tidak sah",
        error=f"{header}: pilih salah satu dari daftar: {listed}."[:255],
        showInputMessage=True,
        promptTitle=header[:32],
        prompt=f"Pilih dari daftar: {listed}."[:255],
    )
    validation.add(cells)
    worksheet.add_data_validation(validation)


def _add_whole_number(worksheet: Worksheet, cells: str, header: str) -> None:
    validation = DataValidation(
        type="whole",
        operator="between",
        formula1=str(JANGKA_WAKTU_MIN),
        formula2=str(JANGKA_WAKTU_MAX),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Bilangan tidak sah",
        error=f"{header}: isi bilangan bulat {JANGKA_WAKTU_MIN} sampai {JANGKA_WAKTU_MAX}.",
    )
    validation.add(cells)
    worksheet.add_data_validation(validation)


def _column_note(column: Column) -> str:
    need = "Wajib diisi." if column.required else "Boleh kosong."
    note = f"{column.header}\n{need} Jenis: {column.kind.value}."
    if column.choices:
        note += f" Pilihan: {', '.join(column.choices)}."
    return f"{note}\n{column.help}".strip()


def _write_instructions(worksheet: Worksheet) -> None:
    widths = (26, 14, 16, 44, 80)
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.append(["Petunjuk pengisian buku kerja kerja sama luar negeri"])
    worksheet.cell(row=1, column=1).font = _TITLE
    worksheet.append([])
    for line in _WORKFLOW:
        worksheet.append([line])
        if line == _WORKFLOW[0]:
            worksheet.cell(row=worksheet.max_row, column=1).font = _BOLD
    for sheet in SHEETS:
        worksheet.append([])
        worksheet.append([f"Lembar {sheet.name}", sheet.help])
        worksheet.cell(row=worksheet.max_row, column=1).font = _BOLD
        _header_row(worksheet, ("Kolom", "Wajib", "Jenis", "Pilihan", "Keterangan"))
        for column in sheet.columns:
            worksheet.append([
                column.header,
                "wajib" if column.required else "boleh kosong",
                column.kind.value,
                ", ".join(column.choices),
                column.help,
            ])
            _wrap_last(worksheet)
        if sheet is PENGATURAN:
            worksheet.append([])
            worksheet.append(["Kunci pada lembar Pengaturan"])
            worksheet.cell(row=worksheet.max_row, column=1).font = _BOLD
            _header_row(worksheet, ("Kunci", "Bawaan", "", "Pilihan", "Keterangan"))
            for setting in SETTINGS:
                worksheet.append([setting.key, setting.default, "", ", ".join(setting.choices),
                                  setting.help])
                _wrap_last(worksheet)


def _header_row(worksheet: Worksheet, titles: tuple[str, ...]) -> None:
    worksheet.append(list(titles))
    for cell in worksheet[worksheet.max_row]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL


def _wrap_last(worksheet: Worksheet) -> None:
    for cell in worksheet[worksheet.max_row]:
        cell.alignment = _WRAP


__all__ = ["VALIDATION_ROWS", "build_workbook", "write_workbook"]
