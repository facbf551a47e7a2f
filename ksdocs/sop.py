"""The SOP's steps and where a cooperation stands in them (SPEC §8); pure functions.

The steps, their executors, time standards (mutu baku) and outputs are those of SOP
PPE.136.OT.02.02 Tahun 2025 "Pelaksanaan Kerja Sama Luar Negeri"; the SOP has no
step 3. After step 7 comes ``laporan``: the final report to the Kepala Biro (the SOP's
"pencatatan dan pendataan").

Due dates: step 5 is due one working day after step 4 is done; step 7 on the planned
signing day (`Tanggal Penandatanganan`) when the workbook has one; the other steps are
``tentatif`` and have none. The *next* step of a cooperation is the one after the
furthest step done (an earlier step recorded later is back-filling, not the way ahead).
A step not done by its due date is late by the working days after the due date up to
the day evaluated, at least one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ksdocs.errors import InputError
from ksdocs.models import Partner
from ksdocs.register import StepRecord

if TYPE_CHECKING:  # the holidays package is imported only where days are counted
    from ksdocs.workdays import WorkCalendar


@dataclass(frozen=True)
class Step:
    """One step of the SOP."""

    id: str
    """``1``, ``2``, ``4``, ``5``, ``6``, ``7`` or ``laporan``."""
    name: str
    """A short name for tables, e.g. ``kajian``."""
    kegiatan: str
    pelaksana: str
    kelengkapan: tuple[str, ...]
    waktu: str
    """The mutu baku as the SOP writes it: ``tentatif``, ``1 hari``, ``10 menit``."""
    output: str
    documents: tuple[str, ...]
    """Template ids of the pack made for this step."""

    @property
    def label(self) -> str:
        """``4 kajian``, ``laporan akhir``."""
        return self.name if self.id == "laporan" else f"{self.id} {self.name}"


STEPS: tuple[Step, ...] = (
    Step("1", "rencana", "Membuat rencana kerja sama sesuai kewenangannya.",
         "Pimpinan Unit Utama", ("Surat rencana kerja sama",), "tentatif",
         "Permohonan kerja sama", ("rencana",)),
    Step("2", "penyampaian", "Menyampaikan rencana kerja sama kepada Sekretaris Jenderal "
         "melalui Biro Humas, Hukum, dan Kerja Sama selaku pusat fasilitator dan koordinator "
         "kerja sama.", "Pimpinan Unit Utama; Biro Humas, Hukum, dan Kerja Sama",
         ("Surat rencana kerja sama",), "tentatif", "Surat", ("penyampaian",)),
    Step("4", "kajian", "Subkoordinator Kerja Sama melakukan pengkajian dan analisa dengan "
         "memperhatikan tusi Ditjen PP dan rencana strategis Kementerian.",
         "Subkoordinator Kerja Sama, Bagian Humas dan Kerja Sama Sekretariat Ditjen PP",
         ("Rencana kerja sama", "Berkas laporan", "Komputer", "Akses Internet"), "tentatif",
         "Hasil kajian dan analisa", ("kajian",)),
    Step("5", "nota dinas", "Bagian Humas dan Kerja Sama menyampaikan kepada Pimpinan Unit "
         "Utama.", "Bagian Humas dan Kerja Sama Sekretariat Ditjen PP",
         ("Rencana kerja sama", "Berkas laporan", "Komputer", "Akses Internet"), "1 hari",
         "Hasil kajian dan analisa", ("nota-dinas", "undangan")),
    Step("6", "pembahasan MSP", "Bagian Humas dan Kerja Sama membahas konsep naskah kerja "
         "sama dengan mengikutsertakan stakeholder terkait sesuai kewenangannya.",
         "Bagian Humas dan Kerja Sama Sekretariat Ditjen PP",
         ("Rencana kerja sama", "Berkas laporan hasil kajian", "Komputer", "Akses Internet"),
         "tentatif", "Draf naskah kerja sama", ("msp",)),
    Step("7", "penandatanganan", "MSP yang telah dibahas dan disepakati kemudian "
         "ditandatangani.", "Pejabat penandatangan (Pasal 14 ayat (1) Permenkumham "
         "65/2016) dan mitra", ("Naskah kerja sama",), "10 menit",
         "Naskah kerja sama", ("tanda-tangan",)),
    Step("laporan", "laporan akhir", "Laporan akhir diserahkan kepada Kepala Biro; arsip "
         "digital dan fisik.", "Bagian Humas dan Kerja Sama Sekretariat Ditjen PP",
         ("Naskah kerja sama yang telah ditandatangani",), "tentatif", "Laporan akhir",
         ("laporan",)),
)

BY_ID = {step.id: step for step in STEPS}
STEP_IDS = tuple(BY_ID)
_LISTED = ", ".join(STEP_IDS)


def find_step(text: str) -> Step:
    """The step named `text` (``4``, ``Laporan``); `InputError` naming the steps otherwise."""
    key = text.strip().casefold()
    if key in BY_ID:
        return BY_ID[key]
    if key == "3":
        raise InputError(f"langkah 3 tidak ada dalam SOP; langkah yang ada: {_LISTED}.")
    raise InputError(f'langkah "{text}" tidak dikenal; langkah yang ada: {_LISTED}.')


@dataclass(frozen=True)
class State:
    """Where a step (or a cooperation) stands on the day evaluated."""

    done: bool = False
    late_days: int = 0
    """Working days late (for a step done: done late); 0 when on time."""

    @property
    def late(self) -> bool:
        return self.late_days > 0

    def __str__(self) -> str:
        if self.done:
            if self.late:
                return f"SELESAI (terlambat {self.late_days} hari kerja)"
            return "SELESAI"
        if self.late:
            return f"TERLAMBAT {self.late_days} hari kerja"
        return "TEPAT WAKTU"


@dataclass(frozen=True)
class StepLine:
    """One step of one cooperation: its due date, its record and its state."""

    step: Step
    due: date | None
    """None: ``tentatif`` (no due date yet, or none at all)."""
    record: StepRecord | None
    state: State


@dataclass(frozen=True)
class Progress:
    """Where one cooperation stands in the SOP on the day evaluated."""

    kode: str
    mitra: str
    lines: tuple[StepLine, ...]
    last: StepLine | None
    """The furthest step done, or None before step 1."""
    next: StepLine | None
    """The step after it, or None when the final report is done."""

    @property
    def state(self) -> State:
        """The next step's state; ``SELESAI`` when every step is done."""
        return State(done=True) if self.next is None else self.next.state

    @property
    def late(self) -> bool:
        return self.next is not None and self.next.state.late


def due_date(
    step: Step, partner: Partner, done: Mapping[str, StepRecord], calendar: WorkCalendar
) -> date | None:
    """The day `step` must be done by, or None when the SOP sets none (yet)."""
    if step.id == "5" and "4" in done:
        return calendar.add(done["4"].done_on, 1)
    if step.id == "7":
        return partner.tanggal_ttd
    return None


def progress(
    partner: Partner, records: Iterable[StepRecord], calendar: WorkCalendar, as_of: date
) -> Progress:
    """Every step of `partner` with its due date and state, evaluated on `as_of`."""
    done = {record.step: record for record in records}
    lines: list[StepLine] = []
    for step in STEPS:
        due = due_date(step, partner, done, calendar)
        record = done.get(step.id)
        if record is not None:
            late = _late(calendar, due, record.done_on) if due else 0
            state = State(done=True, late_days=late)
        else:
            state = State(late_days=_late(calendar, due, as_of) if due else 0)
        lines.append(StepLine(step, due, record, state))
    furthest = max((i for i, line in enumerate(lines) if line.record), default=-1)
    last = lines[furthest] if furthest >= 0 else None
    following = lines[furthest + 1] if furthest + 1 < len(lines) else None
    return Progress(partner.kode, partner.nama, tuple(lines), last, following)


def _late(calendar: WorkCalendar, due: date, day: date) -> int:
    """Working days `day` is past `due` (at least 1 once past it), 0 when not past."""
    if day <= due:
        return 0
    return max(1, calendar.between(due, day))
