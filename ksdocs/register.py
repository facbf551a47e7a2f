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

import functools
import getpass
import itertools
import os
import sqlite3
import string
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from ksdocs.cells import printable_problem
from ksdocs.errors import InputError, KsdocsError, NumberClash, OutputError
from ksdocs.numbering import pattern_error
from ksdocs.records import quick_init

SCHEMA_VERSION = 3
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
    (
        # Who made each number and document (the OS account, or the web page's user).
        "ALTER TABLE numbers ADD COLUMN made_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE documents ADD COLUMN made_by TEXT NOT NULL DEFAULT ''",
        # What a document was rendered from: a digest of the template's bytes and of the
        # values it used (`input_digest`), and one short digest per value used (`inputs`,
        # JSON), so that a re-run knows which documents are stale and which columns changed.
        "ALTER TABLE documents ADD COLUMN input_digest TEXT",
        "ALTER TABLE documents ADD COLUMN inputs TEXT",
        "CREATE INDEX documents_path ON documents (path)",
        # Kode is one identity whatever its case: the lookups compare it so.
        """CREATE INDEX numbers_current_kode_nocase
            ON numbers (kode COLLATE NOCASE, template_id) WHERE superseded_at IS NULL""",
        "CREATE INDEX documents_kode_nocase ON documents (kode COLLATE NOCASE)",
        # The partner's name as last generated, to notice a Kode reused for another partner.
        """CREATE TABLE partners (
            kode TEXT PRIMARY KEY COLLATE NOCASE,
            nama TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID""",
        # Registers of earlier versions (one per output folder) merged into this one.
        """CREATE TABLE merged (
            path TEXT PRIMARY KEY,
            numbers INTEGER NOT NULL,
            merged_at TEXT NOT NULL,
            made_by TEXT NOT NULL
        ) WITHOUT ROWID""",
    ),
)
"""MIGRATIONS[n] brings a register from schema version n to n + 1: to change the schema,
append a tuple of statements (and never edit one that has shipped)."""
assert len(MIGRATIONS) == SCHEMA_VERSION

_STEPS_VERSION = 2
"""The schema version that added the SOP steps."""

REGISTER_ENV = "KSDOCS_REGISTER"
"""The environment variable naming the office register (SPEC §6)."""
REGISTER_NAME = "register.sqlite"


def default_register() -> Path:
    """``register.sqlite`` in the user's data folder (``$XDG_DATA_HOME/ksdocs`` on Linux,
    ``%LOCALAPPDATA%\\ksdocs`` on Windows)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("ksdocs", appauthor=False)) / REGISTER_NAME


def register_place(
    option: Path | str | None = None, setting: str = "", workbook: Path | str | None = None
) -> Path:
    """Where the office register is, first match wins (SPEC §6): `option`
    (``--register``), ``KSDOCS_REGISTER``, the workbook's `setting` (``Pengaturan``
    ``Register``, relative to the workbook), else `default_register`."""
    if option:
        return Path(option)
    from_env = os.environ.get(REGISTER_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    if setting.strip():
        path = Path(setting.strip()).expanduser()
        if not path.is_absolute() and workbook is not None:
            path = Path(workbook).parent / path
        return path
    return default_register()


def current_user() -> str:
    """The OS account running ksdocs, recorded with every number and document."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor in the password database
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


@quick_init
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
    input_digest: str | None = None
    inputs: str | None = None


@dataclass(frozen=True)
class Recorded:
    """What the register last recorded of a document file: its SHA-256, and the digest
    (and per-value digests, JSON) of the inputs it was rendered from."""

    sha256: str
    input_digest: str | None
    inputs: str | None


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
    made_by: str = ""

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
    made_by: str = ""


@dataclass(frozen=True)
class Merged:
    """A register of an earlier version merged into this one."""

    path: Path
    numbers: int
    """Numbers it held that this register did not."""
    clashes: tuple[str, ...] = ()
    """Numbers both registers gave to different letters (printed twice already)."""
    renamed_to: Path | None = None


@dataclass(frozen=True)
class StepRecord:
    """An SOP step recorded as done: on which day, by whom, and when it was recorded."""

    kode: str
    step: str
    done_on: date
    done_by: str
    note: str
    recorded_at: str


_ASKED_AT_ONCE = 500
"""Running numbers, or Kodes, the register is asked about in one query
(`Register._unheld`, `Register._in_groups`), below SQLite's oldest limit of 999 values
a query."""


def _render(pattern: str, values: dict[str, str | int]) -> str:
    """The pattern filled in; a missing ``urut`` value leaves the literal ``{urut}``."""
    out: list[str] = []
    for literal, name, spec in _parsed(pattern):
        out.append(literal)
        if name is None:
            continue
        if name in values:
            out.append(format(values[name], spec or ""))
        else:
            out.append(f"{{{name}}}")
    return "".join(out)


def _numbering(pattern: str, values: dict[str, str | int]) -> Callable[[int], str]:
    """``urut`` → ``_render(pattern, {**values, "urut": urut})``, with everything but the
    running number filled in once."""
    # One format call per number: the fixed text with its braces doubled, and the
    # running number as ``{0:spec}``.
    parts: list[str] = []
    for literal, name, spec in _parsed(pattern):
        fixed = literal
        if name == "urut":
            parts.append(_braces_doubled(fixed) + f"{{0:{spec or ''}}}")
            continue
        if name is not None:
            fixed += format(values[name], spec or "") if name in values else f"{{{name}}}"
        parts.append(_braces_doubled(fixed))
    return "".join(parts).format


def _braces_doubled(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


@functools.lru_cache(maxsize=16)
def _parsed(pattern: str) -> tuple[tuple[str, str | None, str | None], ...]:
    """(literal text, field name, format spec) of each piece of `pattern`, parsed once: a
    run numbers thousands of letters from one pattern."""
    return tuple((literal, name, spec)
                 for literal, name, spec, _conversion in string.Formatter().parse(pattern))


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# SQLite primary result codes, for turning errors into messages.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_NOTADB = 26


class Register:
    """An open register file; use as a context manager or call `close`.

    `user` is recorded with every number and document (the OS account by default; the
    web page passes its user). `read_only` opens an existing register without writing
    anything, not even its WAL files, so it can be read from a read-only folder."""

    def __init__(
        self, path: Path | str, *, user: str | None = None, read_only: bool = False
    ) -> None:
        """Open the register, creating its folder and schema when new."""
        self.path = Path(path)
        self.user = user or current_user()
        self.read_only = read_only
        self._version = SCHEMA_VERSION
        if self.path.is_dir():
            raise InputError(f"{self.path}: ini sebuah folder, bukan berkas register.")
        if read_only:
            self._conn = self._connect_read_only()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"{self.path}: folder register tidak dapat dibuat ({exc.strerror or exc}). "
                "Periksa izin folder atau pilih register lain."
            ) from exc
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

    def _connect_read_only(self) -> sqlite3.Connection:
        """A read-only connection; `immutable` where the folder forbids even SQLite's
        shared-memory file (a read-only share)."""
        if not self.path.is_file():
            raise InputError(f"Register {self.path} belum ada; jalankan 'ksdocs generate' dulu.")
        uri = self.path.resolve().as_uri()
        last: sqlite3.Error | None = None
        for mode in ("?mode=ro", "?immutable=1"):
            try:
                conn = sqlite3.connect(uri + mode, uri=True, timeout=BUSY_TIMEOUT,
                                       isolation_level=None)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            except sqlite3.Error as exc:
                last = exc
                continue
            if app_id != APPLICATION_ID or version > SCHEMA_VERSION:
                conn.close()
                raise InputError(f"{self.path}: bukan register ksdocs yang dapat dibaca.")
            self._version = version
            return conn
        assert last is not None
        raise self._translate(last) from last

    @property
    def _made_by(self) -> str:
        """The ``made_by`` column, or a blank one in a register read before it existed."""
        return "made_by" if self._version >= 3 else "'' AS made_by"

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
        Kode is matched without regard to case.
        """
        problem = pattern_error(pattern)
        if problem is not None:
            raise InputError(f"{PATTERN_PLACE}: {problem}")
        with self._guard(), self._transaction():
            wanted, clashes = _one_request_per_letter(requests)
            current = self._retire_unprintable(self._current_numbers(wanted))
            replacing = _replaced_by_workbook(wanted, current)
            self._check_given(wanted, replacing, clashes)
            result = self._record_given(wanted, current, replacing)
            result.update(self._draw_numbers(
                [req for pair, req in wanted.items() if pair not in result and pair not in current],
                pattern, {"kode_unit": kode_unit, "klasifikasi": klasifikasi},
            ))
            for pair, (_id, nomor) in current.items():
                result.setdefault(pair, nomor)
            return {req.pair: result[_key(req.pair)] for req in requests}

    def _current_numbers(
        self, wanted: dict[tuple[str, str], NumberRequest]
    ) -> dict[tuple[str, str], tuple[int, str]]:
        """(row id, number) of every wanted letter that already has a current number."""
        pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for pair in wanted:
            pairs.setdefault((_nocase(pair[0]), pair[1]), []).append(pair)
        current: dict[tuple[str, str], tuple[int, str]] = {}
        for kode, template_id, row_id, nomor in self._in_groups(
            "SELECT kode, template_id, id, nomor FROM numbers "
            "WHERE kode COLLATE NOCASE IN ({values}) AND superseded_at IS NULL ORDER BY id",
            list(dict.fromkeys(pair[0] for pair in wanted)),
        ):
            for pair in pairs.get((_nocase(kode), template_id), ()):
                current.setdefault(pair, (row_id, nomor))  # (the oldest, as one by one)
        return {pair: current[pair] for pair in wanted if pair in current}

    def _retire_unprintable(
        self, current: dict[tuple[str, str], tuple[int, str]]
    ) -> dict[tuple[str, str], tuple[int, str]]:
        """`current` without the numbers no document can print (committed by an earlier
        version from a pattern such as ``{urut:c}``): those are superseded, so their
        letters are numbered again instead of failing every run."""
        unprintable = [pair for pair, (_id, nomor) in current.items()
                       if printable_problem(nomor)]
        now = _now()
        self._conn.executemany("UPDATE numbers SET superseded_at = ? WHERE id = ?",
                               [(now, current[pair][0]) for pair in unprintable])
        return {pair: row for pair, row in current.items() if pair not in unprintable}

    def _check_given(
        self,
        wanted: dict[tuple[str, str], NumberRequest],
        replacing: set[tuple[str, str]],
        clashes: list[str],
    ) -> None:
        """`NumberClash` (with the `clashes` found so far) for a number given twice, or
        given to a letter while another letter holds it."""
        given_by: dict[str, NumberRequest] = {}
        for pair, req in wanted.items():
            given = req.given.strip()
            if not given:
                continue
            if problem := printable_problem(given):
                clashes.append(f"{_place(req)}: nomor surat {given!r} {problem}.")
                continue
            other = given_by.setdefault(given, req)
            if other is not req:
                clashes.append(
                    f'{_place(req)}: nomor "{given}" juga diberikan untuk surat '
                    f"{other.kode}/{other.template_id} di {_place(other)}."
                )
                continue
            holder = self._conn.execute(
                "SELECT kode, template_id FROM numbers WHERE nomor = ? AND superseded_at IS NULL",
                (given,),
            ).fetchone()
            if holder is None:
                continue
            holder_pair = _key((holder[0], holder[1]))
            if holder_pair != pair and holder_pair not in replacing:
                clashes.append(
                    f'{_place(req)}: nomor "{given}" sudah tercatat di register untuk surat '
                    f"{holder[0]}/{holder[1]}; kosongkan sel ini agar diberi "
                    "nomor baru, atau tulis nomor lain."
                )
        if clashes:
            raise NumberClash(clashes)

    def _record_given(
        self,
        wanted: dict[tuple[str, str], NumberRequest],
        current: dict[tuple[str, str], tuple[int, str]],
        replacing: set[tuple[str, str]],
    ) -> dict[tuple[str, str], str]:
        """Record the numbers the workbook gives, superseding the letters' old ones."""
        now = _now()
        self._conn.executemany(
            "UPDATE numbers SET superseded_at = ? WHERE id = ?",
            [(now, current[pair][0]) for pair in replacing if pair in current],
        )
        rows = [(wanted[pair].kode, wanted[pair].template_id, wanted[pair].given.strip())
                for pair in replacing]
        self._conn.executemany(
            "INSERT INTO numbers (kode, template_id, nomor, source, created_at, made_by) "
            "VALUES (?, ?, ?, 'workbook', ?, ?)",
            [(*row, now, self.user) for row in rows],
        )
        return {pair: wanted[pair].given.strip() for pair in replacing}

    def _draw_numbers(
        self, requests: Sequence[NumberRequest], pattern: str, fixed: dict[str, str]
    ) -> dict[tuple[str, str], str]:
        """A new running number for every request, from its series' last one."""
        now = _now()
        last: dict[str, int] = {}
        free: dict[str, Iterator[tuple[int, str]]] = {}
        taken: set[str] = set()
        new_rows: list[tuple[str, str, str, str, int, str, str]] = []
        result: dict[tuple[str, str], str] = {}
        this_year = date.today().year
        by_year: dict[int, tuple[str, Callable[[int], str]]] = {}
        for req in requests:
            year = req.year if req.year is not None else this_year
            if year not in by_year:
                values: dict[str, str | int] = {**fixed, "tahun": year}
                by_year[year] = (_render(pattern, values), _numbering(pattern, values))
            series, numbered = by_year[year]
            if series not in free:
                row = self._conn.execute(
                    "SELECT last FROM series WHERE series = ?", (series,)
                ).fetchone()
                free[series] = self._unheld(numbered, row[0] if row is not None else 0,
                                            min(len(requests), _ASKED_AT_ONCE))
            # Skip a running number whose text some letter already carries (a number
            # typed in the workbook, or another pattern's output).
            while (drawn := next(free[series]))[1] in taken:
                pass
            last[series], nomor = drawn
            if problem := printable_problem(nomor):
                raise InputError(f"{PATTERN_PLACE}: nomor surat {nomor!r} {problem}; "
                                 "periksa Format Nomor, Kode Unit Surat dan Kode Klasifikasi")
            taken.add(nomor)
            new_rows.append((req.kode, req.template_id, nomor, series, last[series], now,
                             self.user))
            result[_key(req.pair)] = nomor
        self._conn.executemany(
            "INSERT INTO numbers "
            "(kode, template_id, nomor, source, series, urut, created_at, made_by) "
            "VALUES (?, ?, ?, 'register', ?, ?, ?, ?)",
            new_rows,
        )
        self._conn.executemany(
            "INSERT INTO series (series, last) VALUES (?, ?) "
            "ON CONFLICT (series) DO UPDATE SET last = excluded.last",
            last.items(),
        )
        return result

    def _unheld(
        self, numbered: Callable[[int], str], after: int, size: int
    ) -> Iterator[tuple[int, str]]:
        """(running number, its text) of every running number after `after` whose text
        no number in the register carries, in order. The register is asked about `size`
        of them at once, not one by one: a run numbering 10,000 letters asked 10,000
        times (30–40 ms)."""
        marks = ",".join("?" * size)
        for start in itertools.count(after + 1, size):
            block = [(urut, numbered(urut)) for urut in range(start, start + size)]
            held = {row[0] for row in self._conn.execute(
                f"SELECT nomor FROM numbers WHERE nomor IN ({marks})",
                [nomor for _urut, nomor in block],
            )}
            yield from (drawn for drawn in block if drawn[1] not in held)

    def _in_groups(self, sql: str, values: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """The rows of `sql` for these values (Kodes, paths), asked `_ASKED_AT_ONCE` at a
        time (its ``{values}`` stands for their placeholders): one query per Kode was
        20–60 ms for each such question at 5,000 partners. A query's ORDER BY orders the
        rows of each group, not all of them."""
        for start in range(0, len(values), _ASKED_AT_ONCE):
            group = values[start : start + _ASKED_AT_ONCE]
            yield from self._conn.execute(sql.format(values=",".join("?" * len(group))), group)

    def held_numbers(self, kodes: Iterable[str]) -> dict[tuple[str, str], str]:
        """The current numbers of these partners' letters, keyed by (Kode as given,
        template id), without allocating any: what a preview prints."""
        given = list(kodes)
        rows: dict[str, list[tuple[str, str]]] = {}
        with self._guard():
            # In the order one query per Kode gave them (its index's): by template, then
            # oldest first, so that the newest of two Kodes differing in case wins.
            for kode, template_id, nomor in self._in_groups(
                "SELECT kode, template_id, nomor FROM numbers WHERE kode COLLATE NOCASE "
                "IN ({values}) AND superseded_at IS NULL ORDER BY template_id, id",
                given,
            ):
                rows.setdefault(_nocase(kode), []).append((template_id, nomor))
        return {(kode, template_id): nomor for kode in given
                for template_id, nomor in rows.get(_nocase(kode), ())}

    def numbers(self, kode: str | None = None) -> list[NumberRow]:
        """Every number of one partner (or all), history included, oldest first."""
        sql = (
            "SELECT kode, template_id, nomor, source, created_at, superseded_at, "
            f"{self._made_by} FROM numbers"
        )
        with self._guard():
            if kode is None:
                rows = self._conn.execute(sql + " ORDER BY kode, id").fetchall()
            else:
                rows = self._conn.execute(
                    sql + " WHERE kode = ? COLLATE NOCASE ORDER BY id", (kode,)
                ).fetchall()
        return [NumberRow(*row) for row in rows]

    # -- documents ---------------------------------------------------------------

    def record(self, documents: Iterable[WrittenLike], *, workbook_sha256: str) -> None:
        """Archive written documents, all in one transaction; earlier rows stay.

        A document may carry ``input_digest`` and ``inputs`` (see `Recorded`)."""
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
                self.user,
                getattr(doc, "input_digest", None),
                getattr(doc, "inputs", None),
            )
            for doc in documents
        ]
        if not rows:
            return
        with self._guard(), self._transaction():
            self._conn.executemany(
                "INSERT INTO documents (kode, template_id, nomor, path, sha256, written_at, "
                "workbook_sha256, made_by, input_digest, inputs) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def recorded(self, paths: Iterable[Path | str]) -> dict[str, Recorded]:
        """What the archive last recorded of each of these files (absent: never)."""
        found: dict[str, Recorded] = {}
        with self._guard():
            for path, sha256, digest, inputs in self._in_groups(
                "SELECT path, sha256, input_digest, inputs FROM documents "
                "WHERE id IN (SELECT max(id) FROM documents WHERE path IN ({values}) "
                "GROUP BY path)",
                [str(path) for path in paths],
            ):
                found[path] = Recorded(sha256, digest, inputs)
        return found

    def documents(self, kode: str | None = None) -> list[DocumentRow]:
        """Every archived document of one partner (or all), oldest first."""
        sql = (
            "SELECT kode, template_id, nomor, path, sha256, written_at, workbook_sha256, "
            f"{self._made_by} FROM documents"
        )
        with self._guard():
            if kode is None:
                rows = self._conn.execute(sql + " ORDER BY kode, id").fetchall()
            else:
                rows = self._conn.execute(
                    sql + " WHERE kode = ? COLLATE NOCASE ORDER BY id", (kode,)
                ).fetchall()
        return [DocumentRow(*row) for row in rows]

    def search(self, text: str) -> tuple[list[NumberRow], list[DocumentRow]]:
        """Numbers and documents whose Kode, partner name or number contains `text`
        (without regard to case)."""
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        kodes_by_name = (
            "SELECT kode FROM partners WHERE nama LIKE :t ESCAPE '\\'"
            if self._version >= 3 else "SELECT NULL WHERE 0"
        )
        where = (
            f" WHERE kode LIKE :t ESCAPE '\\' OR nomor LIKE :t ESCAPE '\\' "
            f"OR kode IN ({kodes_by_name})"
        )
        with self._guard():
            numbers = self._conn.execute(
                "SELECT kode, template_id, nomor, source, created_at, superseded_at, "
                f"{self._made_by} FROM numbers{where} ORDER BY kode, id", {"t": like}
            ).fetchall()
            documents = self._conn.execute(
                "SELECT kode, template_id, nomor, path, sha256, written_at, workbook_sha256, "
                f"{self._made_by} FROM documents{where} ORDER BY kode, id", {"t": like}
            ).fetchall()
        return [NumberRow(*row) for row in numbers], [DocumentRow(*row) for row in documents]

    # -- partners ----------------------------------------------------------------

    def check_names(self, names: dict[str, str]) -> list[str]:
        """Record each partner's name (Kode → Nama Mitra); one warning per Kode the
        register knew under another name (a correction, or two workbooks that use the
        same Kode for different partners)."""
        warnings: list[str] = []
        now = _now()
        with self._guard(), self._transaction():
            known = {_nocase(kode): nama for kode, nama in self._in_groups(
                "SELECT kode, nama FROM partners WHERE kode IN ({values})", list(names))}
            for kode, nama in names.items():
                recorded = known.get(_nocase(kode))
                if recorded is not None and recorded != nama:
                    warnings.append(
                        f'{kode}: register mencatat Nama Mitra "{recorded}", buku kerja kini '
                        f'"{nama}" (koreksi nama, atau dua buku kerja memakai Kode yang sama?)'
                    )
            self._conn.executemany(
                "INSERT INTO partners (kode, nama, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama, "
                "updated_at = excluded.updated_at",
                [(kode, nama, now) for kode, nama in names.items()],
            )
        return warnings

    def partner_names(self) -> dict[str, str]:
        """Kode → the Nama Mitra last generated."""
        if self._version < 3:
            return {}
        with self._guard():
            return dict(self._conn.execute("SELECT kode, nama FROM partners").fetchall())

    def seed(self, letters: Iterable[tuple[str, str, str]]) -> int:
        """Record numbers printed on letters of an output folder (Kode, template id,
        number, from its manifest) that this register does not know, so that a new or
        replaced register never gives them again. A letter that already has another
        number keeps it. Returns how many were recorded."""
        now = _now()
        added = 0
        letters = list(letters)
        if not letters:
            return 0
        with self._guard(), self._transaction():
            for kode, template_id, nomor in letters:
                if self._conn.execute(
                    "SELECT 1 FROM numbers WHERE nomor = ? LIMIT 1", (nomor,)
                ).fetchone():
                    continue
                has_one = self._conn.execute(
                    "SELECT 1 FROM numbers WHERE kode = ? COLLATE NOCASE AND template_id = ? "
                    "AND superseded_at IS NULL", (kode, template_id),
                ).fetchone()
                self._conn.execute(
                    "INSERT INTO numbers (kode, template_id, nomor, source, created_at, "
                    "superseded_at, made_by) VALUES (?, ?, ?, 'workbook', ?, ?, ?)",
                    (kode, template_id, nomor, now, now if has_one else None, self.user),
                )
                added += 1
        return added

    # -- registers of earlier versions -------------------------------------------

    def merge(self, legacy: Path) -> Merged:
        """Take every number of `legacy` (a register an earlier version kept in an output
        folder) into this register, so that none is ever given again, and its archive
        with it; then rename `legacy` so it is not merged twice.

        A letter holding numbers in both keeps this register's, and the other stays as
        history; a number both gave to different letters is named in `clashes`."""
        legacy = Path(legacy)
        with self._guard():
            if self._conn.execute("SELECT 1 FROM merged WHERE path = ?",
                                  (str(legacy.resolve()),)).fetchone():
                return Merged(legacy, 0)  # merged before; left in place (read-only folder)
        with Register(legacy, user=self.user, read_only=True) as old, old._guard():
            old_numbers = old._conn.execute(
                "SELECT kode, template_id, nomor, source, series, urut, created_at, "
                f"superseded_at, {old._made_by} FROM numbers ORDER BY id"
            ).fetchall()
            old_series = old._conn.execute("SELECT series, last FROM series").fetchall()
            old_documents = old._conn.execute(
                "SELECT kode, template_id, nomor, path, sha256, written_at, workbook_sha256, "
                f"{old._made_by} FROM documents ORDER BY id"
            ).fetchall()
        folder = legacy.resolve().parent
        added = 0
        clashes: list[str] = []
        now = _now()
        with self._guard(), self._transaction():
            for (kode, template_id, nomor, source, series, urut, created_at, superseded,
                 made_by) in old_numbers:
                holder = self._conn.execute(
                    "SELECT kode, template_id, superseded_at FROM numbers WHERE nomor = ?",
                    (nomor,),
                ).fetchall()
                if any(_key((h[0], h[1])) == _key((kode, template_id)) for h in holder):
                    continue  # the same letter, already known
                if holder and superseded is None and any(h[2] is None for h in holder):
                    clashes.append(f'"{nomor}": {kode}/{template_id} dan '
                                   f"{holder[0][0]}/{holder[0][1]}")
                mine = self._conn.execute(
                    "SELECT 1 FROM numbers WHERE kode = ? COLLATE NOCASE AND template_id = ? "
                    "AND superseded_at IS NULL", (kode, template_id),
                ).fetchone()
                if superseded is None and (mine is not None or holder):
                    superseded = now  # this register's letter keeps its own number
                free_slot = series is not None and not self._conn.execute(
                    "SELECT 1 FROM numbers WHERE series = ? AND urut = ?", (series, urut)
                ).fetchone()
                self._conn.execute(
                    "INSERT INTO numbers (kode, template_id, nomor, source, series, urut, "
                    "created_at, superseded_at, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (kode, template_id, nomor, source if free_slot else "workbook",
                     series if free_slot else None, urut if free_slot else None,
                     created_at, superseded, made_by),
                )
                added += 1
            self._conn.executemany(
                "INSERT INTO series (series, last) VALUES (?, ?) ON CONFLICT (series) "
                "DO UPDATE SET last = max(last, excluded.last)",
                old_series,
            )
            self._conn.executemany(
                "INSERT INTO documents (kode, template_id, nomor, path, sha256, written_at, "
                "workbook_sha256, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(*row[:3], str(_legacy_path(folder, row[3])), *row[4:]) for row in old_documents],
            )
            self._conn.execute(
                "INSERT OR REPLACE INTO merged (path, numbers, merged_at, made_by) "
                "VALUES (?, ?, ?, ?)", (str(legacy.resolve()), added, now, self.user),
            )
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        renamed = legacy.with_name(f"{legacy.name}.digabung-{stamp}")
        try:
            for suffix in ("-wal", "-shm"):
                Path(f"{legacy}{suffix}").unlink(missing_ok=True)
            os.replace(legacy, renamed)
        except OSError:
            renamed = legacy
        return Merged(legacy, added, tuple(clashes), renamed if renamed != legacy else None)

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
        if self._version < _STEPS_VERSION:  # an older register, read without migrating
            return []
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
        if self._version < _STEPS_VERSION:
            return []
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
                "Pulihkan register dari cadangan bila ada. Bila tidak, pindahkan atau ganti "
                "nama berkas itu: register baru mencatat lebih dulu nomor surat yang tertulis "
                "di manifest.json setiap folder keluaran yang dibuat ulang, sehingga tidak "
                "ada nomor yang diberikan dua kali; buat ulang semua folder keluaran "
                "(ksdocs generate … -o FOLDER) sebelum membuat paket mitra baru."
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


def _legacy_path(folder: Path, recorded: str) -> Path:
    """An earlier version recorded paths as typed (relative to where it ran): the pack
    folder and file name, under the folder its register was in."""
    path = Path(recorded)
    if path.is_absolute():
        return path
    return folder.joinpath(*path.parts[-2:])


_NOCASE = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _nocase(text: str) -> str:
    """`text` as SQLite's NOCASE compares it: only the letters A to Z folded."""
    return text.lower() if text.isascii() else text.translate(_NOCASE)


def _key(pair: tuple[str, str]) -> tuple[str, str]:
    """A letter's identity: its Kode whatever its case, and its template."""
    return (pair[0].casefold(), pair[1])


def _one_request_per_letter(
    requests: Sequence[NumberRequest],
) -> tuple[dict[tuple[str, str], NumberRequest], list[str]]:
    """The first request of every letter, and a clash line for every later request of
    the same letter that gives another number."""
    wanted: dict[tuple[str, str], NumberRequest] = {}
    clashes: list[str] = []
    for req in requests:
        first = wanted.setdefault(_key(req.pair), req)
        if first.given.strip() != req.given.strip():
            clashes.append(
                f"{_place(req)}: surat {req.kode}/{req.template_id} sudah diberi nomor "
                f'"{first.given.strip()}" di {_place(first)}.'
            )
    return wanted, clashes


def _replaced_by_workbook(
    wanted: dict[tuple[str, str], NumberRequest],
    current: dict[tuple[str, str], tuple[int, str]],
) -> set[tuple[str, str]]:
    """Letters whose number the workbook now gives or changes; they free their old one."""
    return {
        pair
        for pair, req in wanted.items()
        if req.given.strip() and (pair not in current or current[pair][1] != req.given.strip())
    }


def _place(req: NumberRequest) -> str:
    return req.place or f"{req.kode}/{req.template_id}"
