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

from ksdocs import tracking
from ksdocs.errors import InputError
from ksdocs.models import Workbook
from ksdocs.problems import Problem, Report
from ksdocs.recap import write_recap
from ksdocs.register import DocumentRow, NumberRow, Register
from ksdocs.register_export import write_register_xlsx
from ksdocs.signatory import Signatory, choose_signatory
from ksdocs.sop import STEPS, Progress
from ksdocs.validate import load_workbook
from ksdocs.web.accounts import ServerDB
from ksdocs.web.store import Store, StoredWorkbook

STEP_NAMES = {step.id: step.label for step in STEPS}
"""The SOP's steps for the form that records one (SPEC §8)."""


@dataclass(frozen=True)
class PartnerRow:
    """One line of the partners table."""

    kode: str
    nama: str
    negara: str
    signatory: Signatory
    progress: Progress | None
    """Where it stands in the SOP today (None when tracking cannot read its row)."""


@dataclass(frozen=True)
class Checked:
    """An uploaded workbook read and checked."""

    stored: StoredWorkbook
    workbook: Workbook
    report: Report


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
    """`ksdocs validate` on a stored workbook: the files it names are never read."""
    workbook, report = load_workbook(stored.path, files=False)
    return Checked(stored, workbook, report)


def problems_by_kind(problems: list[Problem]) -> list[tuple[str, list[Problem]]]:
    """Problems grouped by the column (or sheet) they concern, in the order found."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        kind = f"{problem.sheet} · {problem.header}" if problem.header else problem.sheet
        groups.setdefault(kind, []).append(problem)
    return list(groups.items())


def partner_rows(checked: Checked, register: Path, today: date) -> list[PartnerRow]:
    """The partners with their signatory and, from `ksdocs status`, their SOP progress."""
    book = checked.workbook
    if checked.report.global_errors():
        return []  # no signatory can be chosen before the units and officials are right
    try:
        found = tracking.status(checked.stored.path, as_of=today, register=register)
        by_kode = {item.kode.casefold(): item for item in found.partners}
    except InputError:
        by_kode = {}
    return [
        PartnerRow(
            p.kode, p.nama, p.negara,
            choose_signatory(p, book.units, book.officials, book.settings),
            by_kode.get(p.kode.casefold()),
        )
        for p in book.partners
    ]


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
        "sop": _progress_json(row.progress),
    }


def _progress_json(item: Progress | None) -> dict[str, Any] | None:
    if item is None:
        return None
    last, following = item.last, item.next
    return {
        "last_step": last.step.id if last else None,
        "next_step": following.step.id if following else None,
        "due": following.due.isoformat() if following and following.due else None,
        "late": item.late,
        "state": str(item.state),
    }


def problem_json(problem: Problem) -> dict[str, str]:
    place = f"{problem.sheet}!{problem.cell}" if problem.cell else problem.sheet
    return {"place": place, "column": problem.header or "", "message": problem.message}


def record_step(
    store: Store, db: ServerDB, user: str, stored: StoredWorkbook, kode: str, step: str,
    done_on: date, note: str,
) -> tracking.Recorded:
    """`ksdocs track`, recorded as done by this user."""
    done = tracking.record_step(stored.path, kode, step, done_on=done_on, by=user, note=note,
                                register=store.register)
    db.audit(user, "langkah", f"{done.record.kode} langkah {done.step.label} selesai "
                              f"{done_on.isoformat()}")
    return done


def recap(store: Store, db: ServerDB, user: str, stored: StoredWorkbook, today: date,
          target: Path) -> Path:
    """`ksdocs status --xlsx`: the recap workbook for the Kepala Biro."""
    found = tracking.status(stored.path, as_of=today, register=store.register)
    write_recap(found, target)
    db.audit(user, "unduh", f"{stored.id} rekap status")
    return target


@dataclass(frozen=True)
class RegisterLine:
    """A letter number with its partner's name and country."""

    number: NumberRow
    nama: str
    negara: str


@dataclass(frozen=True)
class RegisterView:
    """The register searched: its letter numbers, documents and partner names."""

    lines: list[RegisterLine]
    documents: list[DocumentRow]
    names: dict[str, str]


def countries(store: Store) -> dict[str, str]:
    """Kode → Negara from the workbooks uploaded to the server (the newest wins): the
    register keeps partners' names, not their countries."""
    found: dict[str, str] = {}
    for stored in reversed(store.recent(limit=200)):
        cache = store.countries  # uploaded workbooks never change: read each once
        if stored.id not in cache:
            try:
                book, _ = load_workbook(stored.path, files=False)
            except InputError:
                book = None
            cache[stored.id] = (
                {p.kode.casefold(): p.negara for p in book.partners} if book else {})
        found.update(cache[stored.id])
    return found


def search_register(
    store: Store, text: str = "", negara: str = "", tahun: str = ""
) -> RegisterView:
    """`ksdocs register --cari` on the server's register, narrowed by country and by the
    year a number was given; current numbers only."""
    if not store.register.exists():
        return RegisterView([], [], {})
    with Register(store.register, read_only=True) as book:
        numbers, documents = book.search(text.strip()) if text.strip() else (
            book.numbers(), book.documents())
        names = book.partner_names()
    folded = {kode.casefold(): nama for kode, nama in names.items()}
    lands = countries(store)
    wanted_land = negara.strip().casefold()

    def keep(kode: str, when: str) -> bool:
        land = lands.get(kode.casefold(), "")
        return ((not wanted_land or wanted_land in land.casefold())
                and (not tahun.strip() or when.startswith(tahun.strip())))

    lines = [
        RegisterLine(n, folded.get(n.kode.casefold(), ""), lands.get(n.kode.casefold(), ""))
        for n in numbers if n.current and keep(n.kode, n.created_at)
    ]
    documents = [d for d in documents if keep(d.kode, d.written_at)]
    return RegisterView(lines, documents, names)


def export_register(view: RegisterView, target: Path) -> Path:
    """`ksdocs register --xlsx` for what the search found."""
    write_register_xlsx(target, [line.number for line in view.lines], view.documents, view.names)
    return target
