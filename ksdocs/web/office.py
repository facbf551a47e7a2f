"""One LibreOffice kept warm for the server's life, for previews and PDFs.

unoserver's server half runs LibreOffice with a UNO socket and answers conversions over
XML-RPC on a loopback port; it must run under a Python that has LibreOffice's ``uno``
module (Debian's ``python3-uno``, or the ``python`` LibreOffice ships on Windows), so
it is started as its own process and this side only uses unoserver's client. When it
dies it is started again on the next conversion; a conversion that fails is that
preview's error, never the server's.
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
from pathlib import Path

from ksdocs.errors import KsdocsError, ToolMissing

START_TIMEOUT = 60.0
CONVERT_TIMEOUT = 60


class PreviewFailed(KsdocsError):
    """A document could not be turned into page images; the message says why."""


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
            for attempt in (1, 2):
                self._ensure()
                try:
                    client = UnoClient("127.0.0.1", str(self._port), host_location="local")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    client.convert(inpath=str(source), outpath=str(target), convert_to="pdf")
                    if target.exists() and target.stat().st_size:
                        return target
                    raise PreviewFailed(f"{source.name}: LibreOffice tidak menulis PDF.")
                except PreviewFailed:
                    raise
                except Exception as error:
                    alive = self._process is not None and self._process.poll() is None
                    if attempt == 2 or alive:
                        self._stop()
                        raise PreviewFailed(
                            f"{source.name}: LibreOffice gagal membuat pratinjau ({error}). "
                            "LibreOffice dijalankan ulang; coba lagi."
                        ) from error
                    self._stop()  # it died: start a fresh one and try once more
        raise AssertionError("unreachable")

    # -- process -----------------------------------------------------------------

    def _ensure(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._stop()
        if self._soffice is None:
            return
        if self._python is None:
            self._python = _python_with_uno()
        if self._python is None:
            raise ToolMissing(
                "Modul Python 'uno' milik LibreOffice tidak ditemukan (di Debian: paket "
                "python3-uno), jadi LibreOffice tidak dapat dijaga tetap siap."
            )
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


def _signal_group(process: subprocess.Popen[bytes], *, kill: bool) -> None:
    """Stop unoserver and the LibreOffice it started (its own process group on POSIX)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        elif kill:
            process.kill()
        else:
            process.terminate()


def page_images(pdf: Path, prefix: Path, *, resolution: int = 60) -> list[Path]:
    """Every page of `pdf` as PNG (``prefix-1.png`` …) through poppler's pdftoppm."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ToolMissing("pdftoppm (poppler-utils) tidak terpasang; pratinjau tidak dapat dibuat.")
    for old in prefix.parent.glob(f"{prefix.name}-*.png"):
        old.unlink()
    done = subprocess.run(
        [pdftoppm, "-png", "-r", str(resolution), str(pdf), str(prefix)],
        capture_output=True, timeout=60, check=False,
    )
    if done.returncode != 0:
        raise PreviewFailed(f"{pdf.name}: pdftoppm gagal ({done.stderr.decode(errors='replace')}).")
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"),
                  key=lambda p: int(p.stem.rsplit("-", 1)[1]))
