"""One partner's pack on disk.

A new pack is written into a hidden temporary folder beside the target and renamed into
place only when every document is there, so an interrupted run or a full disk never
leaves a half-written pack. In an existing pack each document is replaced on its own,
atomically (written beside it, then renamed over it), and nothing else in the folder is
touched: documents this run leaves alone keep their file and time, and whatever the user
put there (a sub-folder of scans, a signed PDF) stays.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ksdocs.errors import OutputError
from ksdocs.output import (
    TEMP_PREFIX,
    describe_os_error,
    folder_lock,
    make_temp_dir,
    rename_unless_there,
    temp_file,
)
from ksdocs.records import quick_init

ARCHIVE_FOLDER = "arsip"
"""``<Kode>/arsip/``: hand-edited documents moved aside by ``--force``."""

__all__ = [
    "ARCHIVE_FOLDER",
    "TEMP_PREFIX",
    "WrittenDocument",
    "archive_edited",
    "describe_os_error",
    "remove_stale_temporaries",
    "sha256_of",
    "write_pack",
]


@quick_init
@dataclass(frozen=True)
class WrittenDocument:
    """A document of a pack as it is on disk, with what the register keeps of it."""

    kode: str
    template_id: str
    number: str
    path: Path
    sha256: str
    input_digest: str | None = None
    inputs: str | None = None


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def write_pack(
    pack_dir: Path, documents: Sequence[tuple[str, bytes]], *, new: bool = False
) -> dict[str, str] | None:
    """Write ``(filename, bytes)`` pairs into the pack `pack_dir`; `new`: the caller found
    no such folder (else it is looked for).

    Returns filename → SHA-256; None, having written nothing, when `new` but the folder
    is there after all (another run made it meanwhile): the caller decides the pack's
    documents again, against what the folder holds. Raises `OutputError` (leaving no
    temporary file behind) when the folder cannot be written.
    """
    written = {name: hashlib.sha256(data).hexdigest() for name, data in documents}
    if not documents:
        return written
    # A run writes thousands of packs: paths in text, not pathlib's.
    target = os.fspath(pack_dir)
    output, name = os.path.split(target)
    try:
        if new or not os.path.exists(target):
            try:
                folder = make_temp_dir(output, name)
            except FileNotFoundError:
                os.makedirs(output, exist_ok=True)
                folder = make_temp_dir(output, name)
            try:
                for filename, data in documents:
                    _write_new(os.path.join(folder, filename), data)
                if _put_in_place(folder, target, output):
                    return written
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            shutil.rmtree(folder, ignore_errors=True)  # another run made it meanwhile
            if new:
                return None
        # The pack exists (or another run made it a moment ago): replace document by document.
        for filename, data in documents:
            _replace_file(pack_dir / filename, data)
    except OSError as error:
        raise OutputError(describe_os_error(error, pack_dir)) from error
    return written


def _put_in_place(folder: str, target: str, output: str) -> bool:
    """Rename the finished pack `folder` to `target` in the folder `output`; False when
    `target` exists."""
    placed = rename_unless_there(folder, target)
    if placed is not None:
        return placed
    with folder_lock(Path(output)):
        if os.path.exists(target):
            return False
        os.rename(folder, target)
        return True


def _write_new(path: str, data: bytes) -> None:
    """`data` as the new file `path` (what ``Path.write_bytes`` does, without its buffered
    file object: a pack of one run is thousands of files)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


def _replace_file(target: Path, data: bytes) -> None:
    temp = temp_file(target.parent, target.name)
    try:
        _write_new(os.fspath(temp), data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def archive_edited(path: Path, stamp: datetime) -> Path:
    """Move a hand-edited document to ``<Kode>/arsip/<name>.<time stamp><suffix>``."""
    folder = path.parent / ARCHIVE_FOLDER
    target = folder / f"{path.stem}.{stamp:%Y%m%d-%H%M%S}{path.suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{path.stem}.{stamp:%Y%m%d-%H%M%S}-{counter}{path.suffix}"
    try:
        folder.mkdir(exist_ok=True)
        os.replace(path, target)
    except OSError as error:
        raise OutputError(describe_os_error(error, target)) from error
    return target


STALE_AFTER_SECONDS = 600
"""A temporary file or folder lives milliseconds; one this old was left by an interrupted
run (younger ones may belong to another run writing into the same folder right now)."""


def remove_stale_temporaries(folder: Path, packs: Sequence[Path] = ()) -> int:
    """Delete what interrupted runs left in `folder` and in the `packs` folders: hidden
    temporary folders and files older than `STALE_AFTER_SECONDS`, and those of dead
    processes on this machine at once. Returns how many were removed."""
    removed = 0
    now = time.time()
    for parent in (folder, *packs):
        try:
            entries = list(os.scandir(parent))
        except OSError:
            continue
        for entry in entries:
            if not entry.name.startswith(TEMP_PREFIX):
                continue
            try:
                old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
            except OSError:
                continue
            if not (old or _owner_is_dead(entry.name)):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                Path(entry.path).unlink(missing_ok=True)
            removed += 1
    return removed


def _owner_is_dead(name: str) -> bool:
    """Whether a temporary file name ``…-<pid>-<random>`` names a process that is gone."""
    parts = name.rsplit("-", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """Whether `pid` has exited and only waits to be reaped: a worker of a killed run,
    orphaned where nothing reaps orphans (a container's first process often does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]
