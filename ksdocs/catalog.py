"""The nine shipped templates (SPEC §4), and which template a ``-t`` value names.

Everything about a template that more than one stage needs is a field here: its place
in the pack, its output name, and whether it is a letter numbered from the register
(`numbered`), which the context, the register requests and the validator all read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ksdocs.errors import InputError, UnknownTemplate


@dataclass(frozen=True)
class TemplateInfo:
    """One document of the pack."""

    number: int
    id: str
    title: str
    step: str
    numbered: bool
    """True when the document is a letter that takes a number from the register."""
    given_column: str = ""
    """The `Mitra` column in which the workbook may give this letter's number instead."""
    suffix: str = ""
    """After the number in the file name: ``07a-permohonan-ttd.docx``."""
    signers: tuple[str, ...] = ()
    """Made only when the MSP's signer has one of these `Pejabat` roles; empty: always."""

    @property
    def filename(self) -> str:
        """``02-penyampaian.docx``."""
        return f"{self.number:02d}{self.suffix}-{self.id}.docx"

    def needed(self, signer_role: str) -> bool:
        """Whether a pack whose MSP is signed by `signer_role` (a `Pejabat` role, "" for a
        unit's head) holds this document."""
        return not self.signers or signer_role in self.signers

    @property
    def path(self) -> Path:
        """The shipped .docx file."""
        return Path(str(resources.files("ksdocs.templates").joinpath(f"{self.id}.docx")))

    @property
    def number_key(self) -> str:
        """``nomor_nota_dinas``: the name of this letter's number under ``surat`` (and
        of its `Mitra` column when the workbook can give it); "" when not numbered."""
        return f"nomor_{self.id.replace('-', '_')}" if self.numbered else ""


TEMPLATES: tuple[TemplateInfo, ...] = (
    TemplateInfo(1, "rencana", "Rencana Kerja Sama", "1", True, "nomor_rencana"),
    TemplateInfo(2, "penyampaian", "Surat Penyampaian Rencana Kerja Sama", "2", True,
                 "nomor_penyampaian"),
    TemplateInfo(3, "kajian", "Formulir Kajian dan Analisis", "4", False),
    TemplateInfo(4, "nota-dinas", "Nota Dinas Hasil Kajian", "5", True),
    TemplateInfo(5, "undangan", "Undangan Rapat Pembahasan Draf MSP", "5–6", True),
    TemplateInfo(6, "msp", "Draf Memorandum Saling Pengertian", "6", False),
    TemplateInfo(7, "tanda-tangan", "Halaman Penandatanganan MSP", "7", False),
    TemplateInfo(7, "permohonan-ttd", "Nota Dinas Permohonan Penandatanganan MSP", "7", True,
                 suffix="a", signers=("MENTERI", "SEKJEN")),
    TemplateInfo(8, "laporan", "Laporan Akhir", "pencatatan", True),
    TemplateInfo(9, "kendali", "Lembar Kendali", "semua", False),
)

BY_ID = {info.id: info for info in TEMPLATES}

NUMBERED = tuple(info for info in TEMPLATES if info.numbered)
"""The letters, in pack order."""


@dataclass(frozen=True)
class Job:
    """One document of every pack: which template, under which file name."""

    id: str
    """The shipped template's id, or the stem of a user's template of no shipped name."""
    path: Path
    filename: str

    @property
    def info(self) -> TemplateInfo | None:
        """The shipped template this document stands for, if any."""
        return BY_ID.get(self.id)

    @property
    def numbered(self) -> bool:
        """Whether the document is a letter that receives a number."""
        return self.info is not None and self.info.numbered

    def needed(self, signer_role: str) -> bool:
        """Whether the pack of an MSP signed by `signer_role` holds this document (a
        user's template of its own name always)."""
        return self.info is None or self.info.needed(signer_role)


# What copying a file adds to its name: "penyampaian - Copy", "penyampaian - Copy (2)",
# "penyampaian (1)", "penyampaian - Salinan", "Copy of penyampaian", "penyampaian copy 2".
_COPY_PREFIX = re.compile(r"^(?:copy of|salinan(?: dari)?)\s+", re.IGNORECASE)
_COPY_SUFFIX = re.compile(
    r"(?:\s*-\s*(?:copy|salinan)(?:\s*\(\d+\))?|\s*\(\d+\)|\s+(?:copy|salinan)(?:\s+\d+)?)$",
    re.IGNORECASE,
)


def shipped_for(path: Path) -> TemplateInfo | None:
    """The shipped template a user's copy at `path` stands for, matched by name without
    regard to case, spaces or underscores (``Nota Dinas.docx`` is ``nota-dinas``) and
    ignoring what copying adds (``penyampaian - Copy (2).docx``); None for other names."""
    stem = path.stem.strip()
    previous = None
    while stem != previous:
        previous = stem
        stem = _COPY_PREFIX.sub("", _COPY_SUFFIX.sub("", stem)).strip()
    key = re.sub(r"[\s_-]+", "-", stem.casefold())
    return BY_ID.get(key)


def suggestions(item: str) -> list[str]:
    """Shipped ids close to a mistyped `item` (``mps`` → ``msp``)."""
    close = difflib.get_close_matches(item.casefold(), BY_ID, n=3, cutoff=0.5)
    # difflib ranks by matched characters; a transposition (mps/msp) is an obvious slip.
    swapped = [tid for tid in BY_ID if len(tid) == len(item) and sorted(tid) == sorted(item)]
    return list(dict.fromkeys([*swapped, *close]))


def is_template_id(item: str) -> bool:
    """Whether `item` names a shipped template (as opposed to a .docx path)."""
    return item.casefold() in BY_ID


def check_template_ids(requested: Sequence[str]) -> None:
    """`UnknownTemplate` for the first word that is no id (a usage error); a file that
    is not a .docx is an `InputError`."""
    for item in requested:
        if is_template_id(item) or Path(item).suffix.lower() == ".docx":
            continue
        if Path(item).suffix or Path(item).exists() or "/" in item or "\\" in item:
            raise InputError(
                f'Templat "{item}" bukan berkas .docx: pakai salah satu dari '
                f"{', '.join(BY_ID)}, atau jalur berkas .docx templat Anda sendiri."
            )
        raise UnknownTemplate(item, suggestions(item), tuple(BY_ID))


def resolve_templates(requested: Sequence[str]) -> list[Job]:
    """Template ids or .docx paths → jobs (all nine when `requested` is empty).

    A user's .docx named like a shipped template takes that document's place in the
    pack, letter number included (`shipped_for`). An unknown id is `UnknownTemplate`;
    a missing file, or one document asked for twice, is an `InputError`."""
    if not requested:
        return [Job(info.id, info.path, info.filename) for info in TEMPLATES]
    check_template_ids(requested)
    jobs: list[Job] = []
    for item in requested:
        if is_template_id(item):
            info = BY_ID[item.casefold()]
            jobs.append(Job(info.id, info.path, info.filename))
            continue
        path = Path(item)
        if not path.is_file():
            raise InputError(f"Berkas templat {path} tidak ditemukan.")
        shipped = shipped_for(path)
        if shipped is not None:  # the office's own copy of a shipped template
            jobs.append(Job(shipped.id, path, shipped.filename))
        else:
            jobs.append(Job(path.stem, path, path.name))
    names = [job.filename for job in jobs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InputError(f"Templat dipilih lebih dari sekali: {', '.join(duplicates)}.")
    return jobs


def blank_number_warnings(jobs: Sequence[Job]) -> list[str]:
    """One warning per user's template that prints ``surat.nomor`` but is no numbered
    letter: its "Nomor :" would stay blank. Templates with other problems are left to
    the compiler, which names their place."""
    warnings = []
    for job in jobs:
        if job.numbered or (job.info is not None and job.path == job.info.path):
            continue
        from ksdocs.lint import fields_used  # (and docxtpl) only for a user's template

        if "surat.nomor" in (fields_used(job.path) or ()):
            letters = ", ".join(f"{info.id}.docx" for info in NUMBERED)
            warnings.append(
                f"Templat {job.path.name} memakai {{{{ surat.nomor }}}}, tetapi namanya "
                f"tidak cocok dengan surat bernomor mana pun ({letters}), sehingga nomor "
                "suratnya kosong. Namai berkasnya seperti templat surat bawaannya (mis. "
                "penyampaian.docx), atau pakai isian nomor surat tertentu (mis. "
                "{{ surat.nomor_penyampaian }})."
            )
    return warnings
