"""Who is asking: the loopback token (as Jupyter does), or an account with a login.

Pages take the token from the printed URL once and keep it in an HttpOnly cookie, or a
session cookie after a login; the API takes only ``Authorization: Bearer`` (so no
cookie can be used against it by another site, and it needs no CSRF token).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from ksdocs.web.accounts import ServerDB, User

bp = Blueprint("auth", __name__)

TOKEN_COOKIE = "ksdocs_token"
LOCAL_USER = User("lokal", "admin", "")
"""The person at the computer itself, on a loopback address."""
OPEN_ENDPOINTS = {"static", "auth.login"}


def _db() -> ServerDB:
    db: ServerDB = current_app.extensions["ksdocs"]["db"]
    return db


def _token() -> str | None:
    token: str | None = current_app.config["KSDOCS"].token
    return token


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _refuse() -> Any:
    if request.path.startswith("/api/"):
        return {"error": "Perlu otorisasi: kirim header 'Authorization: Bearer <token>'."}, 401
    if _token() is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return render_template("error.html", status=401, message=(
        "Perlu token akses. Buka alamat lengkap (dengan ?token=…) yang dicetak oleh "
        "'ksdocs serve' saat server dimulai."
    )), 401


def authenticate() -> Any:
    """Before every request: set `g.user`, or answer 401 / send to the login page."""
    g.user = None
    token = _token()
    bearer = _bearer()
    if request.path.startswith("/api/"):
        if bearer is None:
            return _refuse()
        if token is not None:
            g.user = LOCAL_USER if _same(bearer, token) else None
        else:
            g.user = _db().user_by_token(bearer)
        return None if g.user else _refuse()
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if token is not None:
        given = request.args.get("token")
        if given is not None and _same(given, token):
            rest = {k: v for k, v in request.args.items() if k != "token"}
            target = request.path + (f"?{urlencode(rest)}" if rest else "")
            response = redirect(target)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Lax")
            return response
        if _same(request.cookies.get(TOKEN_COOKIE), token) or _same(bearer, token):
            g.user = LOCAL_USER
            return None
        return _refuse()
    name = session.get("user")
    user = _db().user(name) if isinstance(name, str) else None
    if user is None and bearer is not None:
        user = _db().user_by_token(bearer)
    if user is None:
        session.pop("user", None)
        return _refuse()
    g.user = user
    return None


def admin_only(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if g.user is None or g.user.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("pages.index")


@bp.route("/masuk", methods=["GET", "POST"])
def login() -> Any:
    """The login page (accounts mode only)."""
    if _token() is not None:
        return redirect(url_for("pages.index"))
    error = None
    status = 200
    if request.method == "POST":
        name = request.form.get("nama", "").strip()
        password = request.form.get("sandi", "")
        address = request.remote_addr or "?"
        db = _db()
        if db.throttled(name, address):
            error = ("Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba "
                     "lagi, atau minta admin memeriksa akun Anda.")
            status = 429
        else:
            user = db.authenticate(name, password)
            if user is None:
                db.login_failed(name, address)
                error = "Nama pengguna atau kata sandi salah."
                status = 401
            else:
                db.login_succeeded(user.name)
                db.audit(user.name, "masuk", address)
                session.clear()
                session["user"] = user.name
                return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", error=error), status


@bp.route("/keluar", methods=["POST"])
def logout() -> Any:
    if g.user is not None and _token() is None:
        _db().audit(g.user.name, "keluar")
    session.clear()
    response = redirect(url_for("auth.login") if _token() is None else url_for("pages.index"))
    return response
