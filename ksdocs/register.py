"""The SQLite register (SPEC §6, §8): letter numbers, the archive of written documents,
and the SOP steps recorded as done.

A number is allocated once per (partner Kode, template id) and reused on every later
run. Running numbers count per *series*: the `Format Nomor` pattern rendered with
everything except ``{urut}``, so ``{tahun}`` in the pattern starts a new count each
year. A running number is never handed out twice, even when the number it made is
later replaced by one given in the workbook.

Each batch is one short ``BEGIN IMMEDIATE`` transaction, so two processes sharing the
register wait for each other instead of drawing the same number; UNIQUE indexes
back this up.
"""

from __future__ import annotations

import sqlite3
import string
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Protocol

from ksdocs.errors import InputError, KsdocsError, NumberClash, OutputError
from ksdocs.numbering import pattern_error

SCHEMA_VERSION = 2
APPLICATION_ID = 0x6B73646F  # "ksdo": marks the file as a ksdocs register
BUSY_TIMEOUT = 30.0
"""Seconds a run waits for another run holding the register before giving up."""

PATTERN_PLACE = "Pengaturan (Format Nomor)"

# MIGRATIONS[n] brings a register from schema version n to n + 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE series (
            series TEXT PRIMARY KEY,
            last INTEGER NOT NULL CHECK (last >= 0)
        ) WITHOUT ROWID""",
        """CREATE TABLE numbers (
            id INTEGER PRIMARY KEY,
            kode TEXT NOT NULL,
            template_id TEXT NOT NULL,
            nomor TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('register', 'workbook')),
            series TEXT,
            urut INTEGER,
            created_at TEXT NOT NULL,
            superseded_at TEXT,
            CHECK ((source = 'register') = (series IS NOT NULL AND urut IS NOT NULL)),
            UNIQUE (series, urut)
        )""",
        """CREATE UNIQUE INDEX numbers_current_pair
            ON numbers (kode, template_id) WHERE superseded_at IS NULL""",
        """CREATE UNIQUE INDEX numbers_current_nomor
            ON numbers (nomor) WHERE superseded_at IS NULL""",
        "CREATE INDEX numbers_nomor ON numbers (nomor)",
        "CREATE INDEX numbers_kode ON numbers (kode)",
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            kode TEXT NOT NULL,
            template_id TEXT NOT NULL,
            nomor TEXT,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            written_at TEXT NOT NULL,
            workbook_sha256 TEXT NOT NULL
        )""",
        "CREATE INDEX documents_kode ON documents (kode)",
    ),
    (
        # The SOP steps done (SPEC §8): one current record per (Kode, step) ...
        """CREATE TABLE steps (
            kode TEXT NOT NULL COLLATE NOCASE,
            step TEXT NOT NULL,
            done_on TEXT NOT NULL,
            done_by TEXT NOT NULL,
            note TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (kode, step)
        ) WITHOUT ROWID""",
        # ... and every record ever made, replaced ones included: the audit trail.
        """CREATE TABLE step_log (
            id INTEGER PRIMARY KEY,
            kode TEXT NOT NULL COLLATE NOCASE,
            step TEXT NOT NULL,
            done_on TEXT NOT NULL,
            done_by TEXT NOT NULL,
            note TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX step_log_kode ON step_log (kode)",
    ),
)
assert len(MIGRATIONS) == SCHEMA_VERSION


@dataclass(frozen=True)
class NumberRequest:
    """One letter that needs a number.

    ``given`` is the number typed in the workbook (blank: take one from the register),
    ``place`` the workbook cell it came from, e.g. ``Mitra!W5 (Nomor Surat Rencana)``,
    and ``year`` the year of the letter date for ``{tahun}`` (None: this year).
    """

    kode: str
    template_id: str
    given: str = ""
    place: str = ""
    year: int | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return (self.kode, self.template_id)


class WrittenLike(Protocol):
    """What `Register.record` needs of a written document (``number`` blank: none)."""

    @property
    def kode(self) -> str: ...
    @property
    def template_id(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def path(self) -> Path | str: ...
    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True)
class DocumentRecord:
    """One document written to disk, to be archived."""

    kode: str
    template_id: str
    number: str
    path: Path | str
    sha256: str


@dataclass(frozen=True)
class NumberRow:
    """A number in the register; superseded ones are kept as history."""

    kode: str
    template_id: str
    number: str
    source: str
    """``register`` (allocated) or ``workbook`` (given in the workbook)."""
    created_at: str
    superseded_at: str | None

    @property
    def current(self) -> bool:
        return self.superseded_at is None


@dataclass(frozen=True)
class DocumentRow:
    """A document in the archive."""

    kode: str
    template_id: str
    number: str | None
    path: str
    sha256: str
    written_at: str
    workbook_sha256: str


@dataclass(frozen=True)
class StepRecord:
    """An SOP step recorded as done: on which day, by whom, and when it was recorded."""

    kode: str
    step: str
    done_on: date
    done_by: str
    note: str
    recorded_at: str


def _render(pattern: str, values: dict[str, str | int]) -> str:
    """The pattern filled in; a missing ``urut`` value leaves the literal ``{urut}``."""
    out: list[str] = []
    for literal, name, spec, _conversion in string.Formatter().parse(pattern):
        out.append(literal)
        if name is None:
            continue
        if name in values:
            out.append(format(values[name], spec or ""))
        else:
            out.append(f"{{{name}}}")
    return "".join(out)


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# SQLite primary result codes, for turning errors into messages.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_NOTADB = 26


class Register:
    """An open register file; use as a context manager or call `close`."""

    def __init__(self, path: Path | str) -> None:
        """Open the register, creating its folder and schema when new."""
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"{self.path}: folder register tidak dapat dibuat ({exc.strerror or exc}). "
                "Periksa izin folder atau pilih register lain."
            ) from exc
        if self.path.is_dir():
            raise InputError(f"{self.path}: ini sebuah folder, bukan berkas register.")
        try:
            self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        try:
            with self._guard():
                self._open_schema()
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle ---------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- numbers -----------------------------------------------------------------

    def allocate(
        self,
        requests: Sequence[NumberRequest],
        *,
        pattern: str,
        kode_unit: str,
        klasifikasi: str,
    ) -> dict[tuple[str, str], str]:
        """The number of every requested letter, keyed by (Kode, template id).

        Letters that already have a number keep it; numbers given in the workbook are
        recorded (replacing an earlier one, kept as history); the rest are allocated.
        A given number held by another letter raises `NumberClash` and changes nothing.
        """
        problem = pattern_error(pattern)
        if problem is not None:
            raise InputError(f"{PATTERN_PLACE}: {problem}")
        with self._guard(), self._transaction():
            return self._allocate(requests, pattern, kode_unit, klasifikasi)

    def _allocate(
        self,
        requests: Sequence[NumberRequest],
        pattern: str,
        kode_unit: str,
        klasifikasi: str,
    ) -> dict[tuple[str, str], str]:
        conn = self._conn
        now = _now()
        clashes: list[str] = []

        wanted: dict[tuple[str, str], NumberRequest] = {}
        for req in requests:
            first = wanted.setdefault(req.pair, req)
            if first.given.strip() != req.given.strip():
                clashes.append(
                    f"{_place(req)}: surat {req.kode}/{req.template_id} sudah diberi nomor "
                    f'"{first.given.strip()}" di {_place(first)}.'
                )

        current: dict[tuple[str, str], tuple[int, str]] = {}
        for pair in wanted:
            row = conn.execute(
                "SELECT id, nomor FROM numbers "
                "WHERE kode = ? AND template_id = ? AND superseded_at IS NULL",
                pair,
            ).fetchone()
            if row is not None:
                current[pair] = (row[0], row[1])

        # Letters whose number the workbook now replaces; they free their old number.
        replacing = {
            pair
            for pair, req in wanted.items()
            if req.given.strip() and (pair not in current or current[pair][1] != req.given.strip())
        }

        given_by: dict[str, NumberRequest] = {}
        for pair, req in wanted.items():
            given = req.given.strip()
            if not given:
                continue
            other = given_by.setdefault(given, req)
            if other is not req:
                clashes.append(
                    f'{_place(req)}: nomor "{given}" juga diberikan untuk surat '
                    f"{other.kode}/{other.template_id} di {_place(other)}."
                )
                continue
            holder = conn.execute(
                "SELECT kode, template_id FROM numbers WHERE nomor = ? AND superseded_at IS NULL",
                (given,),
            ).fetchone()
            if holder is not None:
                holder_pair = (holder[0], holder[1])
                if holder_pair != pair and holder_pair not in replacing:
                    clashes.append(
                        f'{_place(req)}: nomor "{given}" sudah tercatat di register untuk surat '
                        f"{holder_pair[0]}/{holder_pair[1]}; kosongkan sel ini agar diberi "
                        "nomor baru, atau tulis nomor lain."
                    )
        if clashes:
            raise NumberClash(clashes)

        result: dict[tuple[str, str], str] = {}
        conn.executemany(
            "UPDATE numbers SET superseded_at = ? WHERE id = ?",
            [(now, current[pair][0]) for pair in replacing if pair in current],
        )
        conn.executemany(
            "INSERT INTO numbers (kode, template_id, nomor, source, created_at) "
            "VALUES (?, ?, ?, 'workbook', ?)",
            [(*pair, wanted[pair].given.strip(), now) for pair in replacing],
        )
        for pair in replacing:
            result[pair] = wanted[pair].given.strip()

        last: dict[str, int] = {}
        taken: set[str] = set()
        new_rows: list[tuple[str, str, str, str, int, str]] = []
        this_year = date.today().year
        for pair, req in wanted.items():
            if pair in result:
                continue
            if pair in current:
                result[pair] = current[pair][1]
                continue
            values: dict[str, str | int] = {
                "kode_unit": kode_unit,
                "klasifikasi": klasifikasi,
                "tahun": req.year if req.year is not None else this_year,
            }
            series = _render(pattern, values)
            if series not in last:
                row = conn.execute("SELECT last FROM series WHERE series = ?", (series,)).fetchone()
                last[series] = row[0] if row is not None else 0
            while True:
                last[series] += 1
                nomor = _render(pattern, {**values, "urut": last[series]})
                # Skip a running number whose text some letter already carries
                # (a number typed in the workbook, or another pattern's output).
                if (
                    nomor not in taken
                    and not conn.execute(
                        "SELECT 1 FROM numbers WHERE nomor = ? LIMIT 1", (nomor,)
                    ).fetchone()
                ):
                    break
            taken.add(nomor)
            new_rows.append((*pair, nomor, series, last[series], now))
            result[pair] = nomor

        conn.executemany(
            "INSERT INTO numbers (kode, template_id, nomor, source, series, urut, created_at) "
            "VALUES (?, ?, ?, 'register', ?, ?, ?)",
            new_rows,
        )
        conn.executemany(
            "INSERT INTO series (series, last) VALUES (?, ?) "
            "ON CONFLICT (series) DO UPDATE SET last = excluded.last",
            last.items(),
        )
        return {req.pair: result[req.pair] for req in requests}

    def numbers(self, kode: str | None = None) -> list[NumberRow]:
        """Every number of one partner (or all), history included, oldest first."""
        sql = "SELECT kode, template_id, nomor, source, created_at, superseded_at FROM numbers"
        with self._guard():
            if kode is None:
                rows = self._conn.execute(sql + " ORDER BY kode, id").fetchall()
            else:
                rows = self._conn.execute(sql + " WHERE kode = ? ORDER BY id", (kode,)).fetchall()
        return [NumberRow(*row) for row in rows]

    # -- documents ---------------------------------------------------------------

    def record(self, documents: Iterable[WrittenLike], *, workbook_sha256: str) -> None:
        """Archive written documents, all in one transaction; earlier rows stay."""
        now = _now()
        rows = [
            (
                doc.kode,
                doc.template_id,
                doc.number or None,
                str(doc.path),
                doc.sha256,
                now,
                workbook_sha256,
            )
            for doc in documents
        ]
        with self._guard(), self._transaction():
            self._conn.executemany(
                "INSERT INTO documents "
                "(kode, template_id, nomor, path, sha256, written_at, workbook_sha256) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def documents(self, kode: str | None = None) -> list[DocumentRow]:
        """Every archived document of one partner (or all), oldest first."""
        sql = (
            "SELECT kode, template_id, nomor, path, sha256, written_at, workbook_sha256 "
            "FROM documents"
        )
        with self._guard():
            if kode is None:
                rows = self._conn.execute(sql + " ORDER BY kode, id").fetchall()
            else:
                rows = self._conn.execute(sql + " WHERE kode = ? ORDER BY id", (kode,)).fetchall()
        return [DocumentRow(*row) for row in rows]

    # -- SOP steps ---------------------------------------------------------------

    def record_step(
        self, kode: str, step: str, done_on: date, *, done_by: str, note: str = ""
    ) -> StepRecord:
        """Record `step` of `kode` as done; a second record of the same step replaces the
        first, and both stay in `step_log`. `kode` is matched without regard to case."""
        record = StepRecord(kode, step, done_on, done_by, note, _now())
        row = (kode, step, done_on.isoformat(), done_by, note, record.recorded_at)
        with self._guard(), self._transaction():
            self._conn.execute(
                "INSERT INTO step_log (kode, step, done_on, done_by, note, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )
            self._conn.execute(
                "INSERT INTO steps (kode, step, done_on, done_by, note, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kode, step) DO UPDATE SET "
                "kode = excluded.kode, done_on = excluded.done_on, "
                "done_by = excluded.done_by, note = excluded.note, "
                "recorded_at = excluded.recorded_at",
                row,
            )
        return record

    def steps(self, kode: str | None = None) -> list[StepRecord]:
        """The current record of every step done, of one partner (or all)."""
        sql = "SELECT kode, step, done_on, done_by, note, recorded_at FROM steps"
        with self._guard():
            if kode is None:
                rows = self._conn.execute(sql + " ORDER BY kode, done_on").fetchall()
            else:
                rows = self._conn.execute(
                    sql + " WHERE kode = ? ORDER BY done_on", (kode,)
                ).fetchall()
        return [_step_record(row) for row in rows]

    def step_log(self, kode: str | None = None) -> list[StepRecord]:
        """Every step record ever made, replaced ones included, in the order made."""
        sql = "SELECT kode, step, done_on, done_by, note, recorded_at FROM step_log"
        with self._guard():
            if kode is None:
                rows = self._conn.execute(sql + " ORDER BY id").fetchall()
            else:
                rows = self._conn.execute(sql + " WHERE kode = ? ORDER BY id", (kode,)).fetchall()
        return [_step_record(row) for row in rows]

    # -- internals ---------------------------------------------------------------

    def _open_schema(self) -> None:
        """Check the file is a register of a known version; create or migrate it."""
        conn = self._conn
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header: NOTADB here
        self._use_wal()
        with self._transaction():
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables):
                raise InputError(
                    f"{self.path}: basis data SQLite ini bukan register ksdocs. "
                    "Pilih berkas register lain."
                )
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"{self.path}: register ini dibuat oleh ksdocs yang lebih baru "
                    f"(skema {version}, dikenal sampai {SCHEMA_VERSION}); perbarui ksdocs."
                )
            for step in MIGRATIONS[version:]:
                for statement in step:
                    conn.execute(statement)
            if version < SCHEMA_VERSION:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _use_wal(self) -> None:
        """Switch a new register to WAL mode (it stays so); readers then never block writers.

        SQLite does not wait on its busy timeout for this switch, so two runs creating
        the register at the same moment retry here.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                if self._conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as exc:
                code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
                if code not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, taken at once so concurrent runs queue up."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn SQLite errors into messages that name the register file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: sqlite3.Error) -> KsdocsError:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
            return InputError(
                f"{self.path}: berkas ini bukan register ksdocs atau sudah rusak ({exc}). "
                "Pindahkan atau ganti nama berkas itu, atau pilih register lain."
            )
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return OutputError(
                f"{self.path}: register dipakai proses lain lebih dari {BUSY_TIMEOUT:.0f} detik; "
                "coba lagi nanti."
            )
        if code in (_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_IOERR, _SQLITE_FULL):
            return OutputError(
                f"{self.path}: register tidak dapat ditulis ({exc}). "
                "Periksa izin folder dan ruang disk, atau pilih register lain."
            )
        return OutputError(f"{self.path}: register gagal diperbarui ({exc}).")


def _step_record(row: tuple[str, str, str, str, str, str]) -> StepRecord:
    kode, step, done_on, done_by, note, recorded_at = row
    return StepRecord(kode, step, date.fromisoformat(done_on), done_by, note, recorded_at)


def _place(req: NumberRequest) -> str:
    return req.place or f"{req.kode}/{req.template_id}"
