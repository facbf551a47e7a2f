"""One LibreOffice kept warm for the server's life, for previews and PDFs.

unoserver's server half runs LibreOffice with a UNO socket and answers conversions over
XML-RPC on a loopback port; it must run under a Python that has LibreOffice's ``uno``
module (Debian's ``python3-uno``, or the ``python`` LibreOffice ships on Windows), so
it is started as its own process and this side only uses unoserver's client. When it
dies it is started again on the next conversion; a conversion that fails is that
preview's error, never the server's. Without that module each conversion starts
``soffice`` once (slower, a few seconds each).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
from pathlib import Path

from ksdocs.errors import KsdocsError, PreviewFailed, ToolMissing

START_TIMEOUT = 60.0
CONVERT_TIMEOUT = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _python_with_uno() -> str | None:
    """A Python interpreter that can import LibreOffice's ``uno`` module."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    candidates = [sys.executable, "/usr/bin/python3"]
    if soffice:
        program = Path(soffice).resolve().parent
        candidates += [str(program / "python"), str(program / "python.exe")]
    for candidate in candidates:
        if not Path(candidate).exists():
            continue
        probe = subprocess.run(
            [candidate, "-c", "import uno"], capture_output=True, timeout=30, check=False
        )
        if probe.returncode == 0:
            return candidate
    return None


class Office:
    """A warm LibreOffice behind unoserver; `convert` turns a .docx into a PDF."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._port = 0
        self._python: str | None = None
        self._soffice = shutil.which("soffice") or shutil.which("libreoffice")

    @property
    def available(self) -> bool:
        return self._soffice is not None

    def start(self) -> None:
        """Start LibreOffice now (in the background of the caller's thread)."""
        with self._lock:
            self._ensure()

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def convert(self, source: Path, target: Path) -> Path:
        """`source` (.docx) as PDF at `target`, through the warm LibreOffice."""
        if self._soffice is None:
            raise ToolMissing(
                "LibreOffice tidak terpasang, jadi pratinjau dan PDF tidak dapat dibuat. "
                "Pasang LibreOffice lalu jalankan ulang server."
            )
        from unoserver.client import UnoClient

        with self._lock:
            if self._python is None:
                self._python = _python_with_uno() or ""
            if not self._python:
                return self._convert_cold(source, target)
            for attempt in (1, 2):
                self._ensure()
                try:
                    client = UnoClient("127.0.0.1", str(self._port), host_location="local")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    client.convert(inpath=str(source), outpath=str(target), convert_to="pdf")
                except xmlrpc.client.Fault as fault:  # LibreOffice answered: not this file
                    raise PreviewFailed(
                        f"{source.name}: LibreOffice tidak dapat membuka dokumen ini; "
                        "periksa berkasnya di Word atau LibreOffice."
                    ) from fault
                except Exception as error:  # LibreOffice died or hung: a fresh one, once
                    self._stop()
                    if attempt == 2:
                        raise PreviewFailed(
                            f"{source.name}: LibreOffice gagal membuat pratinjau ({error}); "
                            "coba lagi sebentar lagi."
                        ) from error
                    continue
                if target.exists() and target.stat().st_size:
                    return target
                raise PreviewFailed(f"{source.name}: LibreOffice tidak menulis PDF.")
        raise AssertionError("unreachable")

    def _convert_cold(self, source: Path, target: Path) -> Path:
        """Without LibreOffice's Python module: one ``soffice`` run for this document."""
        from ksdocs.pdf import convert_to_pdf

        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_suffix(".docx")
        if staged != source:
            shutil.copyfile(source, staged)
        try:
            (pdf,) = convert_to_pdf([staged], soffice=self._soffice or "")
        except KsdocsError as error:
            raise PreviewFailed(f"{source.name}: {error}") from error
        finally:
            if staged != source:
                staged.unlink(missing_ok=True)
        return pdf

    # -- process -----------------------------------------------------------------

    def _ensure(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._stop()
        if self._soffice is None:
            return
        if self._python is None:
            self._python = _python_with_uno() or ""
        if not self._python:
            return  # no LibreOffice Python module (Debian: python3-uno): convert cold
        import unoserver

        package = Path(unoserver.__file__).parent
        path_dir = self.workdir / "unoserver-lib"  # unoserver alone, for the other Python
        shutil.rmtree(path_dir, ignore_errors=True)
        shutil.copytree(package, path_dir / "unoserver",
                        ignore=shutil.ignore_patterns("__pycache__"))
        self._port, uno_port = _free_port(), _free_port()
        profile = self.workdir / "libreoffice-profile"
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(path_dir)}
        env.pop("PYTHONHOME", None)
        log = (self.workdir / "libreoffice.log").open("ab")
        self._process = subprocess.Popen(
            [
                self._python, "-c",
                "import sys; from importlib import metadata\n"
                "metadata.version = lambda name: '0'\n"
                "from unoserver import server; sys.argv[0] = 'unoserver'; server.main()",
                "--interface", "127.0.0.1", "--port", str(self._port),
                "--uno-port", str(uno_port), "--executable", self._soffice,
                "--user-installation", str(profile.resolve()),
                "--conversion-timeout", str(CONVERT_TIMEOUT),
            ],
            stdout=log, stderr=log, env=env, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self._port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        self._stop()
        raise PreviewFailed(
            "LibreOffice tidak dapat dijalankan untuk pratinjau; lihat libreoffice.log "
            "di folder data server."
        )

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                _signal_group(process, kill=False)
                process.wait(10)
            except subprocess.TimeoutExpired:
                _signal_group(process, kill=True)
        process.wait()
        # LibreOffice's launcher can outlive unoserver, stopped or crashed (its own
        # LibreOffice ended, not waited for): nothing of the group may stay.
        _signal_group(process, kill=True)


def _signal_group(process: subprocess.Popen[bytes], *, kill: bool) -> None:
    """Stop unoserver and the LibreOffice it started (its own process group on POSIX)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        elif kill:
            process.kill()
        else:
            process.terminate()


def page_count(pdf: Path) -> int:
    """How many pages `pdf` has, from poppler's pdfinfo."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        raise ToolMissing("pdfinfo (poppler-utils) tidak terpasang; pratinjau tidak dapat dibuat.")
    done = subprocess.run([pdfinfo, str(pdf)], capture_output=True, timeout=60, check=False)
    for line in done.stdout.decode(errors="replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise PreviewFailed(f"{pdf.name}: jumlah halaman PDF tidak terbaca.")


def page_image(pdf: Path, page: int, target: Path, *, resolution: int = 60) -> Path:
    """One page of `pdf` as JPEG at `target` through poppler's pdftoppm (six times faster
    than its PNG, at the same size for a page of text); written under a
    temporary name first, so a browser asking twice at once never reads half a file."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ToolMissing("pdftoppm (poppler-utils) tidak terpasang; pratinjau tidak dapat dibuat.")
    if target.exists():
        return target
    stem = target.with_name(f".{target.stem}-{threading.get_ident()}")
    done = subprocess.run(
        [pdftoppm, "-jpeg", "-jpegopt", "quality=90", "-r", str(resolution),
         "-f", str(page), "-l", str(page),
         "-singlefile", str(pdf), str(stem)],
        capture_output=True, timeout=60, check=False,
    )
    made = stem.with_suffix(".jpg")
    if done.returncode != 0 or not made.exists():
        made.unlink(missing_ok=True)
        raise PreviewFailed(f"{pdf.name}: halaman {page} tidak dapat digambar "
                            f"({done.stderr.decode(errors='replace').strip()}).")
    os.replace(made, target)
    return target
