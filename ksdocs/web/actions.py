"""What the pages and the API both do, each a call into the library plus the audit line.

No document logic lives here: checking is `ksdocs.validate`, the signatory is
`ksdocs.signatory`, generation is `ksdocs.generate`, steps are the register's.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ksdocs.errors import InputError
from ksdocs.models import Workbook
from ksdocs.problems import Problem, Report
from ksdocs.register import Register, StepRecord
from ksdocs.signatory import Signatory, choose_signatory
from ksdocs.validate import load_workbook
from ksdocs.web.accounts import ServerDB
from ksdocs.web.store import Store, StoredWorkbook

STEPS = ("1", "2", "4", "5", "6", "7", "laporan")
"""The SOP's steps a cooperation moves through (SPEC §8; the SOP has no step 3)."""
STEP_NAMES = {
    "1": "1 · Rencana kerja sama",
    "2": "2 · Penyampaian rencana",
    "4": "4 · Kajian dan analisis",
    "5": "5 · Nota dinas dan undangan rapat",
    "6": "6 · Pembahasan draf MSP",
    "7": "7 · Penandatanganan",
    "laporan": "Laporan akhir",
}


@dataclass(frozen=True)
class PartnerRow:
    """One line of the partners table."""

    kode: str
    nama: str
    negara: str
    signatory: Signatory
    last_step: StepRecord | None


@dataclass(frozen=True)
class Checked:
    """An uploaded workbook read and checked."""

    stored: StoredWorkbook
    workbook: Workbook
    report: Report

    @property
    def partners(self) -> list[PartnerRow]:
        return partner_rows(self)


def upload(store: Store, db: ServerDB, user: str, data: bytes, name: str) -> Checked:
    """Keep an uploaded workbook and check it; a file that is no workbook is refused
    (`WorkbookError`, with `validate`'s message) and not kept."""
    stored = store.save(data, name)
    try:
        checked = check(stored)
    except InputError as error:
        shutil.rmtree(stored.folder, ignore_errors=True)
        # validate's own message, naming the file as the user knows it
        raise type(error)(str(error).replace(str(stored.path), stored.name)) from error
    db.audit(user, "unggah", f"{stored.id} {name}: {checked.report.summary()}")
    return checked


def check(stored: StoredWorkbook) -> Checked:
    """`ksdocs validate` on a stored workbook."""
    workbook, report = load_workbook(stored.path)
    return Checked(stored, workbook, report)


def problems_by_kind(problems: list[Problem]) -> list[tuple[str, list[Problem]]]:
    """Problems grouped by the column (or sheet) they concern, in the order found."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        kind = f"{problem.sheet} · {problem.header}" if problem.header else problem.sheet
        groups.setdefault(kind, []).append(problem)
    return list(groups.items())


def partner_rows(checked: Checked, register_path: Path | None = None) -> list[PartnerRow]:
    book = checked.workbook
    if checked.report.global_errors():
        return []  # no signatory can be chosen before the units and officials are right
    steps: dict[str, StepRecord] = {}
    if register_path is not None and register_path.exists():
        with Register(register_path) as register:
            for record in register.steps():
                current = steps.get(record.kode.casefold())
                if current is None or _order(record.step) >= _order(current.step):
                    steps[record.kode.casefold()] = record
    return [
        PartnerRow(
            p.kode, p.nama, p.negara,
            choose_signatory(p, book.units, book.officials, book.settings),
            steps.get(p.kode.casefold()),
        )
        for p in book.partners
    ]


def _order(step: str) -> int:
    return STEPS.index(step) if step in STEPS else -1


def partner_json(row: PartnerRow) -> dict[str, Any]:
    """A partner as the API gives it (SPEC §9)."""
    s = row.signatory
    return {
        "kode": row.kode,
        "nama": row.nama,
        "negara": row.negara,
        "signatory": {
            "jabatan": s.jabatan, "nama": s.nama, "nip": s.nip, "pihak": s.pihak,
            "rule": s.rule.value, "reason": s.reason,
        },
        "last_step": row.last_step.step if row.last_step else None,
    }


def problem_json(problem: Problem) -> dict[str, str]:
    place = f"{problem.sheet}!{problem.cell}" if problem.cell else problem.sheet
    return {"place": place, "column": problem.header or "", "message": problem.message}


def record_step(
    store: Store, db: ServerDB, user: str, stored: StoredWorkbook, kode: str, step: str,
    done_on: date, note: str,
) -> StepRecord:
    """Record an SOP step done, by this user (as `ksdocs track` does)."""
    if step not in STEPS:
        raise InputError(f'Langkah "{step}" tidak ada dalam SOP; pilih dari: {", ".join(STEPS)}.')
    book, _ = load_workbook(stored.path)
    if kode not in {p.kode for p in book.partners}:
        raise InputError(f'Kode "{kode}" tidak ada (atau bergalat) pada lembar Mitra.')
    with Register(store.register) as register:
        record = register.record_step(kode, step, done_on, done_by=user, note=note)
    db.audit(user, "langkah", f"{kode} langkah {step} selesai {done_on.isoformat()}")
    return record
