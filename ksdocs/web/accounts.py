"""The server's own database: accounts, login attempts, jobs and the audit trail.

It lives in the server's data folder (``server.sqlite``), apart from the register: the
register is the office's archive of numbers and documents and may be shared or moved
with ``--register``, while accounts and sessions belong to one server. Every action a
person takes on the web page is written to ``audit`` with their name.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ksdocs.errors import InputError

ROLES = ("admin", "staf")
"""``admin`` manages accounts; ``staf`` does the office's work."""

THROTTLE_FAILURES = 5
THROTTLE_WINDOW = timedelta(minutes=15)
"""After this many failed logins for one name or one address within the window, the
next attempts are refused until the window has passed."""

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS users (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'staf')),
        password TEXT NOT NULL,
        api_token TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS login_failures (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE,
        address TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY,
        workbook TEXT NOT NULL,
        user TEXT NOT NULL,
        state TEXT NOT NULL,
        done INTEGER NOT NULL,
        total INTEGER NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
)


@dataclass(frozen=True)
class User:
    """An account of the web page."""

    name: str
    role: str
    created_at: str


@dataclass(frozen=True)
class AuditEntry:
    at: str
    user: str
    action: str
    detail: str


@dataclass(frozen=True)
class JobRow:
    """A generation job as the progress bar shows it."""

    id: str
    workbook: str
    user: str
    state: str
    done: int
    total: int
    message: str
    created_at: str


def _now() -> datetime:
    return datetime.now(UTC)


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash``, hex, from the standard library's scrypt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """True when `password` matches a hash made by `hash_password`."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        again = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
            dklen=len(digest) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(again.hex(), digest)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ServerDB:
    """The server's SQLite file; safe to share between the server's threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            path, timeout=30, isolation_level=None, check_same_thread=False
        )
        with self._write():
            for statement in SCHEMA:
                self._conn.execute(statement)

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    # -- accounts ----------------------------------------------------------------

    def add_user(self, name: str, password: str, role: str = "staf") -> str:
        """Create an account; returns its API token (shown once, stored hashed)."""
        name = name.strip()
        if not name or any(ch.isspace() for ch in name) or len(name) > 64:
            raise InputError(f'Nama pengguna "{name}" tidak sah: satu kata, paling panjang 64.')
        if role not in ROLES:
            raise InputError(f'Peran "{role}" tidak dikenal; pilih {" atau ".join(ROLES)}.')
        if len(password) < 8:
            raise InputError("Kata sandi terlalu pendek: paling sedikit 8 karakter.")
        token = secrets.token_urlsafe(32)
        try:
            with self._write() as conn:
                conn.execute(
                    "INSERT INTO users (name, role, password, api_token, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (name, role, hash_password(password), _token_hash(token),
                     _now().isoformat(timespec="seconds")),
                )
        except sqlite3.IntegrityError as exc:
            raise InputError(f'Pengguna "{name}" sudah ada.') from exc
        return token

    def remove_user(self, name: str) -> None:
        with self._write() as conn:
            removed = conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount
        if not removed:
            raise InputError(f'Pengguna "{name}" tidak ada.')

    def users(self) -> list[User]:
        rows = self._read("SELECT name, role, created_at FROM users ORDER BY name")
        return [User(str(n), str(r), str(c)) for n, r, c in rows]

    def has_users(self) -> bool:
        return bool(self._read("SELECT 1 FROM users LIMIT 1"))

    def user(self, name: str) -> User | None:
        rows = self._read("SELECT name, role, created_at FROM users WHERE name = ?", (name,))
        return User(*map(str, rows[0])) if rows else None

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when the password is right; None otherwise (same time either way)."""
        rows = self._read(
            "SELECT name, role, created_at, password FROM users WHERE name = ?", (name,)
        )
        if not rows:
            check_password(password, hash_password("x"))  # spend the same time
            return None
        n, role, created, stored = map(str, rows[0])
        return User(n, role, created) if check_password(password, stored) else None

    def user_by_token(self, token: str) -> User | None:
        rows = self._read(
            "SELECT name, role, created_at FROM users WHERE api_token = ?", (_token_hash(token),)
        )
        return User(*map(str, rows[0])) if rows else None

    # -- login throttling ---------------------------------------------------------

    def throttled(self, name: str, address: str) -> bool:
        """True when this name or this address failed too often lately."""
        since = (_now() - THROTTLE_WINDOW).isoformat()
        rows = self._read(
            "SELECT count(*) FROM login_failures WHERE at > ? AND (name = ? OR address = ?)",
            (since, name, address),
        )
        return int(str(rows[0][0])) >= THROTTLE_FAILURES

    def login_failed(self, name: str, address: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO login_failures (name, address, at) VALUES (?, ?, ?)",
                (name, address, _now().isoformat()),
            )

    def login_succeeded(self, name: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM login_failures WHERE name = ?", (name,))

    # -- audit ---------------------------------------------------------------------

    def audit(self, user: str, action: str, detail: str = "") -> None:
        """Record one action of one person."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO audit (at, user, action, detail) VALUES (?, ?, ?, ?)",
                (_now().isoformat(timespec="seconds"), user, action, detail),
            )

    def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        rows = self._read(
            "SELECT at, user, action, detail FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [AuditEntry(*map(str, row)) for row in rows]

    # -- jobs ------------------------------------------------------------------------

    def save_job(self, job: JobRow) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO jobs (id, workbook, user, state, done, total, message, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "state = excluded.state, done = excluded.done, total = excluded.total, "
                "message = excluded.message",
                (job.id, job.workbook, job.user, job.state, job.done, job.total, job.message,
                 job.created_at),
            )

    def job(self, job_id: str) -> JobRow | None:
        rows = self._read("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _job(rows[0]) if rows else None

    def latest_job(self, workbook: str) -> JobRow | None:
        rows = self._read(
            "SELECT * FROM jobs WHERE workbook = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
            (workbook,),
        )
        return _job(rows[0]) if rows else None

    def interrupted_jobs(self) -> None:
        """Jobs left queued or running by a server that stopped are failed, with a reason."""
        with self._write() as conn:
            conn.execute(
                "UPDATE jobs SET state = 'failed', message = ? "
                "WHERE state IN ('queued', 'running')",
                ("Server dihentikan sebelum tugas selesai; jalankan lagi.",),
            )


def _job(row: tuple[object, ...]) -> JobRow:
    id_, workbook, user, state, done, total, message, created = row
    return JobRow(str(id_), str(workbook), str(user), str(state), int(str(done)),
                  int(str(total)), str(message), str(created))
