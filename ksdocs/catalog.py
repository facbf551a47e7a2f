"""The nine shipped templates (SPEC §4): id, title, SOP step, output name, numbering."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class TemplateInfo:
    """One document of the pack."""

    number: int
    id: str
    title: str
    step: str
    numbered: bool
    """True when the document is a letter that takes a number from the register."""

    @property
    def filename(self) -> str:
        """``02-penyampaian.docx``."""
        return f"{self.number:02d}-{self.id}.docx"

    @property
    def path(self) -> Path:
        """The shipped .docx file."""
        return Path(str(resources.files("ksdocs.templates").joinpath(f"{self.id}.docx")))


TEMPLATES: tuple[TemplateInfo, ...] = (
    TemplateInfo(1, "rencana", "Rencana Kerja Sama", "1", True),
    TemplateInfo(2, "penyampaian", "Surat Penyampaian Rencana Kerja Sama", "2", True),
    TemplateInfo(3, "kajian", "Formulir Kajian dan Analisis", "4", False),
    TemplateInfo(4, "nota-dinas", "Nota Dinas Hasil Kajian", "5", True),
    TemplateInfo(5, "undangan", "Undangan Rapat Pembahasan Draf MSP", "5–6", True),
    TemplateInfo(6, "msp", "Draf Memorandum Saling Pengertian", "6", False),
    TemplateInfo(7, "tanda-tangan", "Halaman Penandatanganan MSP", "7", False),
    TemplateInfo(8, "laporan", "Laporan Akhir", "pencatatan", True),
    TemplateInfo(9, "kendali", "Lembar Kendali", "semua", False),
)

BY_ID = {info.id: info for info in TEMPLATES}
