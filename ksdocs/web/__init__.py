"""``ksdocs serve``: the office's web page and JSON API over the same library as the CLI.

`create_app` is the application factory (as in Flask's tutorial): tests build their own
app on a temporary data folder; `ksdocs.web.serve` runs one under waitress.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from ksdocs.errors import KsdocsError
from ksdocs.web.accounts import ServerDB
from ksdocs.web.jobs import JobRunner
from ksdocs.web.office import Office
from ksdocs.web.store import Store

MAX_UPLOAD = 20 * 1024 * 1024
"""Default upload limit; a larger request is refused with 413."""


@dataclass
class WebConfig:
    """Everything a server is started with."""

    data: Path
    token: str | None = None
    """The loopback token; None means accounts and a login (a network address)."""
    max_upload: int = MAX_UPLOAD
    secret_key: str = ""
    """Signs session cookies; read from (or written to) the data folder when empty."""
    register: Path | None = None
    """The office register; None means ``register.sqlite`` in the data folder."""
    office: Office | None = None
    """The warm LibreOffice; None makes one under the data folder."""
    extra: dict[str, Any] = field(default_factory=dict)


def _secret_key(data: Path) -> str:
    path = data / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    path.touch(mode=0o600)
    path.write_text(key, encoding="ascii")
    return key


def create_app(config: WebConfig) -> Flask:
    """A Flask app serving `config.data`."""
    from ksdocs.web import api, auth, pages

    config.data.mkdir(parents=True, exist_ok=True)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key or _secret_key(config.data),
        MAX_CONTENT_LENGTH=config.max_upload,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="ksdocs_session",
        WTF_CSRF_TIME_LIMIT=None,
        KSDOCS=config,
        **config.extra,
    )
    store = Store(config.data, config.register)
    db = ServerDB(config.data / "server.sqlite")
    office = config.office or Office(config.data / "office")
    app.extensions["ksdocs"] = {
        "store": store, "db": db, "jobs": JobRunner(db, store), "office": office,
    }
    csrf = CSRFProtect(app)
    csrf.exempt(api.bp)  # the API takes Bearer tokens only, never cookies
    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.before_request(auth.authenticate)

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError) -> tuple[str, int]:
        return _error_page(
            "Formulir ditolak: token keamanan (CSRF) tidak ada atau sudah kedaluwarsa. "
            "Muat ulang halaman lalu kirim lagi.", 400)

    @app.errorhandler(413)
    def too_large(error: Exception) -> tuple[Any, int]:
        mb = config.max_upload / (1024 * 1024)
        message = f"Berkas terlalu besar: batas unggahan {mb:g} MB."
        if request.path.startswith("/api/"):
            return {"error": message}, 413
        return _error_page(message, 413)

    @app.errorhandler(KsdocsError)
    def refused(error: KsdocsError) -> tuple[Any, int]:
        """A library error the user can act on: its message, never a traceback."""
        if request.path.startswith("/api/"):
            return {"error": str(error)}, 422
        return _error_page(str(error), 422)

    @app.errorhandler(500)
    def failed(error: Exception) -> tuple[Any, int]:
        message = ("Terjadi galat di server; tindakan ini tidak selesai. Coba lagi, dan bila "
                   "terulang, sampaikan waktu kejadiannya kepada admin (lihat log server).")
        if request.path.startswith("/api/"):
            return {"error": message}, 500
        return _error_page(message, 500)

    @app.errorhandler(404)
    def not_found(error: Exception) -> tuple[Any, int]:
        message = "Halaman atau berkas tidak ditemukan."
        if request.path.startswith("/api/"):
            return {"error": message}, 404
        return _error_page(message, 404)

    return app


def _error_page(message: str, status: int) -> tuple[str, int]:
    return render_template("error.html", message=message, status=status), status


def shutdown(app: Flask) -> None:
    """Stop the app's background work: jobs, LibreOffice, the server database."""
    parts = app.extensions["ksdocs"]
    parts["jobs"].shutdown()
    parts["office"].stop()
    parts["db"].close()
