"""The register as an Excel workbook (``ksdocs register --xlsx``): one sheet of letter
numbers, one of documents, for the office's records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook

from ksdocs.output import save_workbook
from ksdocs.register import DocumentRow, NumberRow


def write_register_xlsx(
    path: Path,
    numbers: Sequence[NumberRow],
    documents: Sequence[DocumentRow],
    names: Mapping[str, str],
) -> None:
    """Write `numbers` and `documents` (with each Kode's partner name) to `path`."""
    folded = {kode.casefold(): nama for kode, nama in names.items()}
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nomor Surat")
    sheet.append(["Kode", "Nama Mitra", "Templat", "Nomor", "Sumber", "Dibuat", "Oleh",
                  "Diganti"])
    for n in numbers:
        sheet.append([n.kode, folded.get(n.kode.casefold(), ""), n.template_id, n.number,
                      n.source, n.created_at, n.made_by, n.superseded_at or ""])
    sheet = book.create_sheet("Dokumen")
    sheet.append(["Kode", "Nama Mitra", "Templat", "Nomor", "Berkas", "SHA-256", "Ditulis",
                  "Oleh", "SHA-256 buku kerja"])
    for d in documents:
        sheet.append([d.kode, folded.get(d.kode.casefold(), ""), d.template_id, d.number or "",
                      d.path, d.sha256, d.written_at, d.made_by, d.workbook_sha256])
    save_workbook(book, path)
