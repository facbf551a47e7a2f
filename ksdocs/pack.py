"""One partner's pack on disk, written atomically.

Documents are written into a hidden temporary folder beside the target and the folder
is renamed into place only when every document is there, so an interrupted run or a
full disk never leaves a half-written pack. Documents of an existing pack that this
run does not regenerate are kept (hard-linked into the new folder).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ksdocs.errors import OutputError

TEMP_PREFIX = ".ksdocs-tmp-"


@dataclass(frozen=True)
class WrittenDocument:
    """A document as written into its pack."""

    kode: str
    template_id: str
    number: str
    path: Path
    sha256: str


def describe_os_error(error: OSError, path: Path) -> str:
    """An Indonesian sentence for the usual reasons a write fails."""
    if error.errno == errno.ENOSPC:
        return f"Disk penuh saat menulis {path}. Kosongkan ruang disk lalu jalankan lagi."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Tidak boleh menulis ke {path} (hanya-baca atau tanpa izin). "
            "Pilih folder keluaran lain dengan -o."
        )
    if error.errno == errno.ENOTDIR:
        return (
            f"Tidak dapat menulis ke {path}: sebagian jalurnya adalah berkas, bukan folder. "
            "Pilih folder keluaran lain dengan -o."
        )
    return f"Gagal menulis {path}: {error.strerror or error}."


def existing_documents(pack_dir: Path, filenames: Iterable[str]) -> list[str]:
    """The names among `filenames` that the pack folder already holds."""
    return [name for name in filenames if (pack_dir / name).exists()]


def write_pack(
    pack_dir: Path, documents: Iterable[tuple[str, bytes]]
) -> dict[str, tuple[Path, str]]:
    """Write ``(filename, bytes)`` pairs as the pack `pack_dir`, atomically.

    Returns filename → (final path, SHA-256). Raises `OutputError` (and leaves nothing
    behind) when the folder cannot be written.
    """
    parent = pack_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{pack_dir.name}-", dir=parent))
    except OSError as error:
        raise OutputError(describe_os_error(error, parent)) from error
    written: dict[str, tuple[Path, str]] = {}
    try:
        for filename, data in documents:
            (temp / filename).write_bytes(data)
            written[filename] = (pack_dir / filename, hashlib.sha256(data).hexdigest())
        if pack_dir.exists():
            for old in pack_dir.iterdir():
                if old.is_file() and old.name not in written:
                    _keep(old, temp / old.name)
            _swap(temp, pack_dir)
        else:
            os.rename(temp, pack_dir)
    except OSError as error:
        shutil.rmtree(temp, ignore_errors=True)
        raise OutputError(describe_os_error(error, pack_dir)) from error
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return written


def _keep(old: Path, new: Path) -> None:
    """Carry a document the run does not regenerate into the new pack folder: a hard
    link where the file system has them (instant), else a copy (FAT drives, shares)."""
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def _swap(new: Path, target: Path) -> None:
    """Replace folder `target` by folder `new` with two renames."""
    old = target.with_name(f"{TEMP_PREFIX}{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


STALE_AFTER_SECONDS = 600
"""A temporary folder lives milliseconds; one this old was left by an interrupted run
(younger ones may belong to another run writing into the same folder right now)."""


def remove_stale_temporaries(output: Path) -> None:
    """Delete temporary folders an interrupted earlier run left in `output`."""
    if not output.is_dir():
        return
    now = time.time()
    for entry in output.iterdir():
        if entry.name.startswith(TEMP_PREFIX) and entry.is_dir():
            if entry.name.endswith("-old"):
                target = output / entry.name[len(TEMP_PREFIX) : -len("-old")]
                if not target.exists():
                    os.rename(entry, target)  # the swap was cut between its renames
                    continue
            if now - entry.stat().st_mtime > STALE_AFTER_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
