"""The output folder as a whole: its lock, its manifest, the zips beside the packs, file
modes, and making what was written durable.

Several runs may write into one output folder at once (two colleagues, or a script
running one partner per process): every temporary name is unique to its run, and the
shared files (the manifest, a pack folder being created) change only under the folder's
lock, ``.ksdocs.lock``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import json
import os
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ksdocs.errors import OutputError
from ksdocs.records import quick_init

TEMP_PREFIX = ".ksdocs-tmp-"
"""Every temporary file or folder ksdocs makes in an output folder starts so."""
LOCK_NAME = ".ksdocs.lock"
MANIFEST_NAME = "manifest.json"
PREVIEW_FOLDER = "pratinjau"
"""``<output>/pratinjau/<Kode>/``: previews, apart from the real packs."""


def describe_os_error(error: OSError, path: Path) -> str:
    """An Indonesian sentence for the usual reasons a write fails."""
    import errno

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


# -- modes ---------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def dir_mode() -> int:
    """The mode of a new folder under the user's umask (0755 under 022), never the 0700
    of a temporary folder: packs are for a shared folder too."""
    return 0o777 & ~_umask()


def file_mode() -> int:
    """The mode of a new file under the user's umask (0644 under 022), never the 0600
    of a temporary file."""
    return 0o666 & ~_umask()


def make_temp_dir(parent: str, name: str) -> str:
    """A uniquely named hidden folder in `parent`, with the mode an ordinary folder gets
    (in text: a run makes one for each of thousands of packs)."""
    while True:
        temp = os.path.join(parent, _temp_name(name))
        try:
            os.mkdir(temp, 0o777)  # the umask makes it `dir_mode()`, in one call
            return temp
        except FileExistsError:
            continue


def save_workbook(book: Any, path: Path) -> None:
    """Save the openpyxl workbook `book` at `path` whole or not at all, with the mode an
    ordinary file gets under the user's umask (init, the recap, the register export)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f'Folder "{path.parent}" tidak dapat ditulisi: '
                          f"{error.strerror}.") from None
    temporary = temp_file(path.parent, path.name)
    try:
        book.save(temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise OutputError(f'Berkas "{path}" tidak dapat ditulis: {error.strerror}.') from None
    finally:
        temporary.unlink(missing_ok=True)


def temp_file(folder: Path, name: str) -> Path:
    """A unique, not yet existing temporary file name in `folder`, for `name`."""
    return folder / _temp_name(name)


def _temp_name(name: str) -> str:
    return f"{TEMP_PREFIX}{name}-{os.getpid()}-{os.urandom(4).hex()}"


# -- the folder ----------------------------------------------------------------------


def prepare_output(output: Path) -> None:
    """Create `output` and prove it writable before the register is opened."""
    try:
        output.mkdir(parents=True, exist_ok=True)
        probe = temp_file(output, "probe")
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise OutputError(describe_os_error(error, output)) from error


@contextlib.contextmanager
def folder_lock(output: Path) -> Iterator[None]:
    """Hold the output folder's lock (other runs into the same folder wait): ``flock`` on
    the folder itself, or on ``.ksdocs.lock`` where folders cannot be locked (Windows)."""
    try:
        handle = _open_lock(output)
    except OSError as error:
        raise OutputError(describe_os_error(error, output)) from error
    try:
        _lock(handle)
        yield
    finally:
        with contextlib.suppress(OSError):
            _unlock(handle)
        os.close(handle)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _open_lock(output: Path) -> int:
        return os.open(output / LOCK_NAME, os.O_RDWR | os.O_CREAT)

    def _lock(handle: int) -> None:
        while True:
            try:
                msvcrt.locking(handle, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue

    def _unlock(handle: int) -> None:
        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _open_lock(output: Path) -> int:
        return os.open(output, os.O_RDONLY)

    def _lock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX)

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)


def pack_folders(output: Path) -> dict[str, str]:
    """Kode (case-folded) → the pack folder's name as it is on disk: ``ks-1`` and
    ``KS-1`` are one pack, whatever case the workbook uses today."""
    found: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir(output):
            if entry.is_dir() and not entry.name.startswith("."):
                found.setdefault(entry.name.casefold(), entry.name)
    return found


# -- durability ----------------------------------------------------------------------

_libc = None
if sys.platform.startswith("linux"):
    with contextlib.suppress(OSError, AttributeError):
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)

_renameat2: Any = None
with contextlib.suppress(AttributeError):  # glibc 2.28 and later
    if _libc is not None:
        _renameat2 = _libc.renameat2
        _renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                               ctypes.c_uint)
_AT_FDCWD = -100
_RENAME_NOREPLACE = 1


def rename_unless_there(source: str, target: str) -> bool | None:
    """Rename `source` to `target` in one step unless `target` exists (``renameat2`` with
    ``RENAME_NOREPLACE``): True when renamed, False when `target` was there. None where
    the system or the file system cannot; then the caller must look and rename under
    `folder_lock`, as a plain rename would replace an empty folder."""
    if _renameat2 is None:
        return None
    if _renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target),
                  _RENAME_NOREPLACE) == 0:
        return True
    code = ctypes.get_errno()
    if code == errno.EEXIST:
        return False
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return None
    raise OSError(code, os.strerror(code), source, None, target)


def make_durable(output: Path, files: Iterable[Path] = ()) -> None:
    """Put everything written under `output` on disk before the register records it.

    Linux: one ``syncfs`` of the file system holding `output` (files and directory
    entries alike). Elsewhere: ``fsync`` of every file in `files` and of the folders
    holding them, falling back to ``os.sync``.
    """
    if _libc is not None and hasattr(_libc, "syncfs"):
        fd = os.open(output, os.O_RDONLY)
        try:
            if _libc.syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    folders: set[Path] = set()
    for path in files:
        with contextlib.suppress(OSError):
            _fsync(path)
            folders.add(path.parent)
            folders.add(path.parent.parent)
    if sys.platform == "win32":  # folders cannot be opened for fsync there
        return
    for folder in folders:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


# -- manifest and zips ---------------------------------------------------------------


@quick_init
@dataclass(frozen=True)
class ManifestEntry:
    """One document as ``manifest.json`` lists it."""

    kode: str
    template_id: str
    number: str
    path: Path
    sha256: str


def read_manifest(output: Path) -> list[dict[str, str]]:
    """The entries of ``output/manifest.json``; none when it is missing or unreadable."""
    try:
        body = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))
        entries = body.get("dokumen", [])
        return [entry for entry in entries if isinstance(entry, dict) and "path" in entry]
    except (OSError, ValueError, AttributeError):
        return []


def write_manifest(
    output: Path, documents: Sequence[ManifestEntry], removed: Iterable[Path] = ()
) -> Path:
    """``output/manifest.json``: every document in the folder's packs, this run's merged in
    under the folder's lock (another run may be merging its own at the same moment).

    Entries of earlier runs stay while their files exist, so a run for one partner
    does not erase the others' entries; `removed` files leave it.
    """
    manifest = output / MANIFEST_NAME
    gone = {path.relative_to(output).as_posix() for path in removed}
    inside = _relative_to(output)
    ours = {inside(document.path): document for document in documents}
    with folder_lock(output):
        # An earlier entry this run lists again is replaced, not looked for on disk: a
        # run again over a thousand packs would look for every one of their documents.
        entries = {
            entry["path"]: entry
            for entry in read_manifest(output)
            if entry["path"] not in ours and entry["path"] not in gone
            and (output / entry["path"]).exists()
        }
        for relative, document in ours.items():
            entries[relative] = {
                "pack": document.kode,
                "template": document.template_id,
                "number": document.number,
                "path": relative,
                "sha256": document.sha256,
            }
        body = {"dokumen": sorted(entries.values(), key=lambda e: e["path"])}
        temp = temp_file(output, MANIFEST_NAME)
        try:
            with open(temp, "w", encoding="utf-8") as handle:  # (as write_text opens it)
                handle.writelines(_manifest_pieces(body["dokumen"]))
            os.replace(temp, manifest)
        except OSError as error:
            temp.unlink(missing_ok=True)
            raise OutputError(describe_os_error(error, manifest)) from error
    return manifest


def _relative_to(output: Path) -> Callable[[Path], str]:
    """``path.relative_to(output).as_posix()``, for thousands of paths: a path spelled
    from `output` (every document of a run is) is cut as text, without pathlib."""
    prefix = os.path.join(output, "")

    def relative(path: Path) -> str:
        text = os.fspath(path)
        if text.startswith(prefix) and ".." not in text:
            cut = text[len(prefix):]
            return cut.replace(os.sep, "/") if os.sep != "/" else cut
        return path.relative_to(output).as_posix()

    return relative


_STRING = json.encoder.encode_basestring
"""A text as ``json.dumps(…, ensure_ascii=False)`` writes it (what its encoder calls for
a text), without a call of the encoder's own for each of a manifest's 50,000 texts."""


def _manifest_pieces(entries: list[dict[str, Any]]) -> Iterator[str]:
    """``{"dokumen": entries}`` as ``json.dumps(…, ensure_ascii=False, indent=2)`` writes
    it, a line at the end, in pieces: a manifest of ten thousand documents is not held
    as one text (and its lines, and its bytes) on top of the run. Entries of text only
    (all that ksdocs writes) are written here, as the indenting encoder is pure Python
    and slow on a thousand packs."""
    if not all(isinstance(value, str) for entry in entries for value in entry.values()):
        yield json.dumps({"dokumen": entries}, ensure_ascii=False, indent=2) + "\n"
        return
    if not entries:
        yield '{\n  "dokumen": []\n}\n'
        return
    yield '{\n  "dokumen": [\n'
    for index, entry in enumerate(entries):
        fields = ",\n".join(f"      {_STRING(key)}: {_STRING(value)}"
                            for key, value in entry.items())
        yield (",\n" if index else "") + (f"    {{\n{fields}\n    }}" if fields else "    {}")
    yield "\n  ]\n}\n"


def write_zip(pack_dir: Path, target: Path) -> None:
    """``output/<Kode>.zip`` holding the pack's documents (and PDFs), written atomically;
    what the user added to the pack (sub-folders, the archive of hand edits) stays out."""
    temp = temp_file(target.parent, target.name)
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(pack_dir.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    archive.write(path, f"{pack_dir.name}/{path.name}")
        os.chmod(temp, file_mode())
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise OutputError(describe_os_error(error, target)) from error
