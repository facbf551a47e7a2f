"""The recap workbook for the Kepala Biro (``ksdocs status --xlsx``, SPEC §8).

Three sheets, each with a bold header row that stays in view, filters on it, and real
Excel dates: `Rekap` (one row per cooperation, late rows highlighted), `Langkah`
(every step of every cooperation) and `Jejak` (the audit trail of every record made).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ksdocs.errors import OutputError
from ksdocs.formatting import tanggal
from ksdocs.output import save_workbook
from ksdocs.sop import BY_ID
from ksdocs.tracking import Status

Cell = str | int | date | None

STATUS_HEADERS = ("Kode", "Mitra", "Langkah terakhir", "Tanggal", "Langkah berikut",
                  "Batas waktu", "Keadaan", "Dicatat oleh")
STEP_HEADERS = ("Kode", "Mitra", "Langkah", "Kegiatan", "Mutu baku", "Batas waktu",
                "Tanggal selesai", "Oleh", "Catatan", "Keadaan")
TRAIL_HEADERS = ("Kode", "Langkah", "Tanggal selesai", "Oleh", "Catatan", "Dicatat pada")

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_LATE_FILL = PatternFill("solid", fgColor="F8CBAD")
_LATE_FONT = Font(name="Calibri", size=11, color="9C0006")  # openpyxl's default face
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "dd/mm/yyyy"


def status_rows(status: Status) -> list[tuple[tuple[Cell, ...], bool]]:
    """The `Rekap` rows (the same as the terminal table), each with whether it is late."""
    rows: list[tuple[tuple[Cell, ...], bool]] = []
    for item in status.partners:
        last, following = item.last, item.next
        rows.append((
            (
                item.kode,
                item.mitra,
                last.step.label if last else "belum ada",
                last.record.done_on if last and last.record else None,
                following.step.label if following else "–",
                following.due if following and following.due else
                ("tentatif" if following else "–"),
                str(item.state),
                last.record.done_by if last and last.record else "",
            ),
            item.late,
        ))
    return rows


def write_recap(status: Status, path: Path) -> None:
    """Write the recap workbook at `path` atomically; `OutputError` when it cannot be."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Rekap"
    _sheet(summary, f"Rekap pelaksanaan kerja sama luar negeri per {tanggal(status.as_of)}",
           STATUS_HEADERS, status_rows(status), (14, 36, 20, 13, 20, 13, 28, 16))

    steps: list[tuple[tuple[Cell, ...], bool]] = []
    for item in status.partners:
        for line in item.lines:
            record = line.record
            steps.append((
                (
                    item.kode, item.mitra, line.step.label, line.step.kegiatan,
                    line.step.waktu, line.due or "tentatif",
                    record.done_on if record else None, record.done_by if record else "",
                    record.note if record else "",
                    str(line.state) if record or line.due else "",
                ),
                line.state.late,
            ))
    _sheet(book.create_sheet("Langkah"), "Langkah SOP setiap kerja sama", STEP_HEADERS, steps,
           (14, 30, 18, 48, 10, 13, 13, 16, 30, 26))

    trail = [
        (
            (record.kode, BY_ID[record.step].label if record.step in BY_ID else record.step,
             record.done_on, record.done_by, record.note, record.recorded_at),
            False,
        )
        for record in status.trail
    ]
    _sheet(book.create_sheet("Jejak"), "Jejak pencatatan (semua catatan, termasuk yang "
           "sudah diganti)", TRAIL_HEADERS, trail, (14, 18, 13, 16, 36, 26))
    book.properties.title = f"Rekap kerja sama per {tanggal(status.as_of)}"
    _save(book, path)


def _sheet(
    worksheet: Worksheet,
    title: str,
    headers: Sequence[str],
    rows: Sequence[tuple[tuple[Cell, ...], bool]],
    widths: Sequence[int],
) -> None:
    """A title in row 1, the header in row 2 (frozen, with filters), then the rows."""
    worksheet.append([title])
    worksheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    worksheet.append(list(headers))
    for cell in worksheet[2]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    for values, late in rows:
        worksheet.append(list(values))
        for cell in worksheet[worksheet.max_row]:
            cell.alignment = _WRAP
            if isinstance(cell.value, date):
                cell.number_format = _DATE_FORMAT
            if late:
                cell.fill = _LATE_FILL
                cell.font = _LATE_FONT
    worksheet.freeze_panes = "A3"
    # Printed for the Kepala Biro: landscape, one page wide, the header on every page.
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = "1:2"
    last = get_column_letter(len(headers))
    worksheet.auto_filter.ref = f"A2:{last}{max(2, worksheet.max_row)}"


def _save(book: Workbook, path: Path) -> None:
    if path.is_dir():
        raise OutputError(f'"{path}" adalah folder; sebutkan nama berkas .xlsx rekap.')
    save_workbook(book, path)
