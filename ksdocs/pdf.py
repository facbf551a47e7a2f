"""PDF through LibreOffice: few long calls for many documents, never one start per file."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ksdocs.errors import KsdocsError, ToolMissing

FILES_PER_CALL = 400
"""One LibreOffice start costs about a second; a call converts this many files."""


def find_soffice() -> str:
    """The LibreOffice program, or a clear error before any work starts."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(
        "LibreOffice tidak ditemukan (perintah 'soffice'), padahal --pdf memerlukannya. "
        "Pasang LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) "
        "atau jalankan tanpa --pdf."
    )


def convert_to_pdf(documents: Sequence[Path], *, jobs: int = 1, soffice: str = "") -> list[Path]:
    """Write ``x.pdf`` beside every ``x.docx``; returns the PDFs in the same order.

    The documents are linked under unique names into a scratch folder, converted by
    at most `jobs` LibreOffice processes at once (each with its own profile, so a
    LibreOffice the user has open does not interfere), and the PDFs moved beside
    their sources. A document LibreOffice could not convert is named in the error.
    """
    program = soffice or find_soffice()
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="ksdocs-pdf-") as scratch_name:
        scratch = Path(scratch_name)
        staged: list[Path] = []
        for index, document in enumerate(documents):
            link = scratch / f"d{index:06d}.docx"
            try:
                os.link(document, link)
            except OSError:
                shutil.copyfile(document, link)
            staged.append(link)
        calls = [staged[i : i + FILES_PER_CALL] for i in range(0, len(staged), FILES_PER_CALL)]
        _run_calls(program, calls, scratch, max(1, jobs))
        results: list[Path] = []
        failed: list[str] = []
        for document, link in zip(documents, staged, strict=True):
            produced = scratch / "pdf" / (link.stem + ".pdf")
            target = document.with_suffix(".pdf")
            if not produced.exists() or produced.stat().st_size == 0:
                failed.append(str(document))
                continue
            shutil.move(produced, target)
            results.append(target)
    if failed:
        raise KsdocsError(
            "LibreOffice gagal mengubah dokumen berikut menjadi PDF:\n  " + "\n  ".join(failed)
        )
    return results


def _run_calls(program: str, calls: list[list[Path]], scratch: Path, jobs: int) -> None:
    pending = list(enumerate(calls))
    running: list[tuple[subprocess.Popen[bytes], int]] = []
    while pending or running:
        while pending and len(running) < jobs:
            number, files = pending.pop(0)
            profile = (scratch / f"profile{number % jobs}").as_uri()
            command = [
                program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                "--convert-to", "pdf", "--outdir", str(scratch / "pdf"), *map(str, files),
            ]
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            running.append((process, number))
        process, _number = running.pop(0)
        process.wait()
