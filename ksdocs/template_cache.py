"""Compiled templates kept on disk between runs.

Loading a template (reading the .docx, docxtpl's preprocessing, proving its XML, listing
the fields it uses and compiling its Jinja) costs a quarter of a second; the office
renders the same ten templates day after day. The first run of a template's content
keeps the result in the user's cache folder; later runs, and the worker processes of
the web page, read it back in a millisecond.

An entry is named by the template's SHA-256 and a fingerprint of this program (its
source files, and the versions of Python, Jinja and docxtpl): a changed template, or
another ksdocs, never meets an old entry. An entry that cannot be read is compiled
again; a folder that cannot be written is no error. ``KSDOCS_CACHE`` names another
folder, or turns the cache off with ``0``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

from ksdocs import forked
from ksdocs.environment import make_environment
from ksdocs.output import temp_file
from ksdocs.render import CompiledTemplate

CACHE_ENV = "KSDOCS_CACHE"
OFF = "0"
KEPT = 200
"""Entries kept; the oldest beyond are removed when a new one is written."""

Loaded = tuple[CompiledTemplate, frozenset[str] | None]
"""A compiled template, and the `FIELDS` it uses (None: unknown)."""


def cache_folder() -> Path | None:
    """Where compiled templates are kept: ``KSDOCS_CACHE``, else the user's cache folder
    (platformdirs); None when ``KSDOCS_CACHE`` is ``0``."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen == OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ksdocs", appauthor=False)) / "templat"


@functools.cache
def fingerprint() -> str:
    """What an entry depends on besides the template: this program's source and the
    versions of what compiles and runs the templates."""
    digest = hashlib.sha256()
    for name in ("jinja2", "docxtpl", "markupsafe"):
        digest.update(f"{name}={metadata.version(name)};".encode())
    digest.update(sys.version.encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:24]


def _entry(folder: Path, sha256: str) -> Path:
    return folder / f"{sha256}-{fingerprint()}.pickle"


def load(path: Path, sha256: str, name: str) -> Loaded:
    """The template at `path` (content `sha256`, named `name` in messages) compiled, and
    the fields it uses: from the cache when it holds them, else compiled and kept."""
    folder = cache_folder()
    entry = _entry(folder, sha256) if folder else None
    if entry is not None:
        cached = _read(entry, name)
        if cached is not None:
            return cached
    loaded = _compile(path, name)
    if entry is not None:
        _write(entry, loaded)
    return loaded


def fill(templates: Sequence[tuple[Path, str, str]], workers: int) -> None:
    """Compile the templates (path, SHA-256, name) the cache lacks side by side, in up to
    `workers` forked processes, each keeping what it compiled: the first run after an
    upgrade compiles all ten. What they could not do (a template that does not compile,
    a process that could not start or died) is left for `load`, which compiles here and
    reports a template's problem."""
    folder = cache_folder()
    if folder is None or workers < 2 or not forked.may_fork():
        return
    missing = [template for template in dict.fromkeys(templates)
               if not _entry(folder, template[1]).is_file()]
    if len(missing) < 2:
        return
    with contextlib.suppress(Exception), ProcessPoolExecutor(
            min(workers, len(missing)), mp_context=get_context("fork")) as pool:
        list(pool.map(_fill_one, missing))


def _fill_one(template: tuple[Path, str, str]) -> None:
    with contextlib.suppress(Exception):  # `load` in the main process reports it
        load(*template)


def _compile(path: Path, name: str) -> Loaded:
    from ksdocs.lint import fields_used
    from ksdocs.render import open_docx

    opened = open_docx(path, name)  # once for both
    compiled = CompiledTemplate.load(path, make_environment(), name=name, opened=opened)
    used = fields_used(path, opened, compiled=True)
    return compiled, frozenset(used) if used is not None else None


def _read(entry: Path, name: str) -> Loaded | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    try:
        compiled_bytes, used = pickle.loads(data)
        compiled = CompiledTemplate.loads(compiled_bytes)
    except Exception:  # an entry cut short or written by something else: compile again
        return None
    compiled.name = name
    return compiled, used


def _write(entry: Path, loaded: Loaded) -> None:
    compiled, used = loaded
    data = pickle.dumps((compiled.dumps(), used), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = temp_file(entry.parent, entry.name)
        try:
            temporary.write_bytes(data)
            os.replace(temporary, entry)
        finally:
            temporary.unlink(missing_ok=True)
        _prune(entry.parent)
    except OSError:
        return  # only a cache: the next run compiles again


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEPT:]:
        old.unlink(missing_ok=True)
