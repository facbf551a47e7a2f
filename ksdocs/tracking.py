"""Record SOP steps as done and see where every cooperation stands (SPEC §8).

`record_step` and `status` are what ``ksdocs track`` and ``ksdocs status`` (and the web
page) call: they read the workbook (partners, planned signing days, sheet `Libur`),
the register (the steps recorded), and hand back typed results; the caller passes in
who records and which day "today" is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ksdocs.cells import clean_text, parse_date
from ksdocs.errors import InputError, ValidationFailed
from ksdocs.models import Partner, Workbook, select_partners
from ksdocs.problems import Report
from ksdocs.register import Register, StepRecord, register_place
from ksdocs.schema import LIBUR, MITRA
from ksdocs.sop import Progress, Step, find_step, progress
from ksdocs.validate import load_workbook
from ksdocs.workdays import WorkCalendar

DATE_FORMS = "25 November 2026, 25/11/2026 atau 2026-11-25"


def parse_day(text: str, option: str = "--date") -> date:
    """A day typed by a user, in the workbook's date forms; `InputError` naming `option`."""
    day = parse_date(text)
    if day is None:
        raise InputError(f'{option}: "{text}" bukan tanggal yang dikenali; tulis seperti '
                         f"{DATE_FORMS}.")
    return day


@dataclass(frozen=True)
class Recorded:
    """What `record_step` did."""

    record: StepRecord
    step: Step
    mitra: str
    """The partner's name, or "" when its row on Mitra has errors."""
    register: Path
    warnings: tuple[str, ...] = ()
    progress: Progress | None = None
    """The cooperation's progress on the day recorded (None when its row has errors)."""


@dataclass(frozen=True)
class Status:
    """Every selected cooperation's progress, evaluated on `as_of`."""

    as_of: date
    partners: tuple[Progress, ...]
    trail: tuple[StepRecord, ...]
    """Every step record of these partners ever made, replaced ones included."""
    register: Path
    skipped: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Kode → error lines of partners left out because their row on Mitra has errors."""

    @property
    def late(self) -> tuple[Progress, ...]:
        return tuple(p for p in self.partners if p.late)


def record_step(
    workbook_path: Path,
    kode: str,
    step: str,
    *,
    done_on: date,
    by: str,
    note: str = "",
    register: Path | None = None,
    today: date | None = None,
) -> Recorded:
    """Record `step` of cooperation `kode` as done on `done_on` by `by`.

    A second record of the same step replaces the first (both stay in the trail). A step
    the SOP lacks or a Kode not on `Mitra` raises `InputError`; a day before the
    cooperation's `Tanggal Surat` is recorded with a warning (offices back-fill), and so
    is a day after `today` (a mistyped year, most likely).
    """
    chosen = find_step(step)
    # Characters Word and Excel cannot store would break the recap and the documents.
    by, note = clean_text(by)[0] or "tidak diketahui", clean_text(note)[0]
    book = _load(workbook_path)
    canonical, partner = _find_kode(book, kode)
    warnings: list[str] = []
    if partner is None:
        warnings.append(f'baris Kode "{canonical}" pada lembar {MITRA.name} bergalat; '
                        "periksa dengan ksdocs validate.")
    elif partner.tanggal_surat and done_on < partner.tanggal_surat:
        place = book.cell(MITRA.name, "tanggal_surat", partner.row)
        warnings.append(f"tanggal {done_on:%d/%m/%Y} lebih awal dari Tanggal Surat "
                        f"{partner.tanggal_surat:%d/%m/%Y} ({place}); tetap dicatat.")
    if today is not None and done_on > today:
        warnings.append(f"tanggal {done_on:%d/%m/%Y} belum tiba (hari ini {today:%d/%m/%Y}); "
                        "tetap dicatat.")
    path = register_place(register, book.settings.register, book.path)
    with Register(path) as opened:
        record = opened.record_step(canonical, chosen.id, done_on, done_by=by, note=note)
        records = opened.steps(canonical)
    if partner is None:
        return Recorded(record, chosen, "", path, tuple(warnings))
    now = progress(partner, records, WorkCalendar(book.libur), done_on)
    return Recorded(record, chosen, partner.nama, path, tuple(warnings), now)


def status(
    workbook_path: Path,
    *,
    as_of: date,
    kodes: Sequence[str] = (),
    register: Path | None = None,
) -> Status:
    """Where each cooperation (all, or those in `kodes`) stands on `as_of`."""
    book = _load(workbook_path)
    wanted = [_find_kode(book, kode)[0] for kode in kodes]
    keys = {kode.casefold() for kode in wanted}
    partners = [p for p in book.partners if not keys or p.kode.casefold() in keys]
    skipped = {
        kode: lines for kode, lines in book.invalid.items()
        if (not keys or kode.casefold() in keys) and not kode.startswith(f"{MITRA.name}!")
    }
    path = register_place(register, book.settings.register, book.path)
    records: list[StepRecord] = []
    trail: list[StepRecord] = []
    if path.exists():  # reading never creates (nor migrates) a register
        with Register(path, read_only=True) as opened:
            records = opened.steps()
            trail = opened.step_log()
    by_kode: dict[str, list[StepRecord]] = {}
    for record in records:
        by_kode.setdefault(record.kode.casefold(), []).append(record)
    calendar = WorkCalendar(book.libur)
    rows = tuple(
        progress(partner, by_kode.get(partner.kode.casefold(), ()), calendar, as_of)
        for partner in partners
    )
    shown = {partner.kode.casefold() for partner in partners}
    return Status(
        as_of, rows, tuple(r for r in trail if r.kode.casefold() in shown), path, skipped
    )


def _load(workbook_path: Path) -> Workbook:
    """The workbook, refused only for the problems that spoil tracking: those of sheet
    Mitra as a whole and of sheet Libur (a wrong day off would move due dates)."""
    book, report = load_workbook(workbook_path, files=False)  # the logo is not needed
    blocking = [
        problem for problem in report.errors
        if problem.sheet == LIBUR.name or (problem.sheet == MITRA.name and problem.kode is None)
    ]
    if blocking:
        only = Report()
        only.extend(blocking)
        raise ValidationFailed(only, "Buku kerja mengandung galat; perbaiki dulu.")
    return book


def _find_kode(book: Workbook, kode: str) -> tuple[str, Partner | None]:
    """The Kode as written on Mitra (matched without regard to case), and its partner
    (None when its row has errors)."""
    selection = select_partners(book, [kode])
    if selection.partners:
        return selection.partners[0].kode, selection.partners[0]
    return next(iter(selection.invalid)), None


