"""PDF through LibreOffice: few long calls for many documents, never one start per file."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ksdocs.errors import PdfFailed, ToolMissing

FILES_PER_CALL = 400
"""One LibreOffice start costs about a second; a call converts this many files."""
POLL_SECONDS = 0.2
"""How often a held Ctrl-C is looked for while LibreOffice works."""


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


def convert_to_pdf(
    documents: Sequence[Path], *, jobs: int = 1, soffice: str = "",
    stop_if_asked: Callable[[], None] = lambda: None,
) -> list[Path]:
    """Write ``x.pdf`` beside every ``x.docx``; returns the PDFs in the same order.

    The documents are linked under unique names into a scratch folder, converted by
    at most `jobs` LibreOffice processes at once (each with its own profile, so a
    LibreOffice the user has open does not interfere), and the PDFs moved beside
    their sources. A document LibreOffice could not convert is named in `PdfFailed`,
    which carries the PDFs of the others.
    While LibreOffice works, `stop_if_asked` (`interrupts.held`'s) is called every
    `POLL_SECONDS`: a Ctrl-C held by the caller still stops the conversion.
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
        _run_calls(program, calls, scratch, max(1, jobs), stop_if_asked)
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
        raise PdfFailed(
            "LibreOffice gagal mengubah dokumen berikut menjadi PDF:\n  " + "\n  ".join(failed),
            converted=results,
        )
    return results


def _run_calls(program: str, calls: list[list[Path]], scratch: Path, jobs: int,
               stop_if_asked: Callable[[], None]) -> None:
    """Run the LibreOffice calls, `jobs` at a time. Interrupted (Ctrl-C, SIGTERM), every
    LibreOffice started is ended with all its processes before the scratch folder goes."""
    pending = list(enumerate(calls))
    running: list[tuple[subprocess.Popen[bytes], int]] = []
    try:
        while pending or running:
            while pending and len(running) < jobs:
                number, files = pending.pop(0)
                profile = (scratch / f"profile{number % jobs}").as_uri()
                command = [
                    program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(scratch / "pdf"), *map(str, files),
                ]
                process = subprocess.Popen(
                    command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    start_new_session=os.name == "posix",  # its own group, to end it whole
                    # its own temporary files go into the scratch folder, and with it
                    env={**os.environ, "TMPDIR": str(scratch), "TMP": str(scratch),
                         "TEMP": str(scratch)},
                )
                running.append((process, number))
            while True:
                try:
                    running[0][0].wait(timeout=POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    stop_if_asked()
            running.pop(0)
    except BaseException:
        for process, _number in running:
            _end(process)
        raise


def _end(process: subprocess.Popen[bytes]) -> None:
    """End a LibreOffice and the processes it started (soffice.bin), waiting for it."""
    if os.name != "posix":  # pragma: no cover - Windows
        process.kill()
        process.wait()
        return
    import signal

    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever of its group is left
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # until the last of the group is gone
        try:
            os.killpg(process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.05)
