"""Run the web page under waitress until Ctrl-C: loopback with a token, or a network
address once accounts exist."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ksdocs.errors import InputError, KsdocsError
from ksdocs.register import REGISTER_ENV, default_register
from ksdocs.web import WebConfig, create_app, shutdown
from ksdocs.web.accounts import ServerDB


def default_data() -> Path:
    """The user data directory (SPEC §6), where the commands' own register lives too."""
    return default_register().parent


def is_loopback(host: str) -> bool:
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def accounts_db(data: Path) -> ServerDB:
    return ServerDB(data / "server.sqlite")


def prepare(host: str, data: Path, token: str | None = None) -> WebConfig:
    """The configuration for `host`; a network address without accounts is refused.
    The register is ``KSDOCS_REGISTER`` when set, as for every command (SPEC §6)."""
    register = Path(os.environ[REGISTER_ENV]) if os.environ.get(REGISTER_ENV) else None
    if is_loopback(host):
        chosen = token or os.environ.get("KSDOCS_TOKEN") or secrets.token_urlsafe(24)
        return WebConfig(data=data, token=chosen, register=register)
    db = accounts_db(data)
    try:
        if not db.has_users():
            raise InputError(
                f"Server tidak dimulai di {host}: alamat jaringan memerlukan akun, dan belum "
                "ada satu pun. Buat dulu dengan 'ksdocs user add NAMA --role admin' "
                f"(dengan --data {data} bila memakai folder data lain), atau jalankan "
                "tanpa --host untuk pemakaian di komputer ini saja."
            )
    finally:
        db.close()
    return WebConfig(data=data, token=None, register=register)


def run(
    host: str, port: int, config: WebConfig, *, announce: Callable[[str], None] = print,
) -> None:
    """Serve until Ctrl-C (or SIGTERM), then stop the jobs and LibreOffice cleanly."""
    from waitress.server import create_server

    app = create_app(config)
    try:
        server: Any = create_server(app, host=host, port=port, threads=8, ident="ksdocs")
    except OSError as error:
        shutdown(app)
        raise KsdocsError(
            f"Tidak dapat mendengarkan di {host}:{port} ({error.strerror or error}). "
            "Pilih port lain dengan --port."
        ) from error
    office = app.extensions["ksdocs"]["office"]
    if office.available:
        threading.Thread(target=_warm, args=(office,), daemon=True).start()
    if host in ("0.0.0.0", "::", ""):  # every address: name the machine colleagues reach
        import socket

        host_shown = socket.gethostname()
    else:
        host_shown = host
    shown = f"[{host_shown}]" if ":" in host_shown else host_shown
    base = f"http://{shown}:{server.effective_port}/"
    if config.token is not None:
        announce(f"ksdocs melayani di {base}?token={config.token}")
        announce("Buka alamat itu di peramban. Hentikan dengan Ctrl-C.")
    else:
        announce(f"ksdocs melayani di {base} (masuk dengan akun). Hentikan dengan Ctrl-C.")
    announce(f"Folder data: {config.data}")
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.task_dispatcher.shutdown()  # requests under way finish first
        server.close()
        shutdown(app)
        announce("Server dihentikan.")


def _warm(office: Any) -> None:
    with contextlib.suppress(KsdocsError):  # the first preview reports it
        office.start()


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
