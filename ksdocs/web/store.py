"""The server's data folder: uploaded workbooks, their packs, previews and the register.

Layout under the data folder::

    register.sqlite            the office's register (SPEC §6; KSDOCS_REGISTER moves it)
    server.sqlite              accounts, jobs, audit trail
    workbooks/<id>/workbook.xlsx
    workbooks/<id>/output/     the packs generated from it (<Kode>/, <Kode>.zip)
    workbooks/<id>/preview/    preview images

Every file the server sends is found through `confined`, so no name from a request can
reach outside the data folder.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from ksdocs.errors import InputError, NotFound
from ksdocs.register import REGISTER_NAME

WORKBOOK_ID = re.compile(r"^[0-9a-f]{16}$")
XLSX_MAGIC = b"PK\x03\x04"


def confined(root: Path, *parts: str) -> Path:
    """`root`/`parts` when it exists and stays inside `root` after resolving symlinks;
    `NotFound` otherwise (``..``, absolute parts, a symlink that leads out)."""
    for part in parts:
        if not part or part in (".", "..") or "/" in part or "\\" in part or "\0" in part:
            raise NotFound(f'"{part}" bukan nama yang sah.')
    base = root.resolve()
    candidate = base.joinpath(*parts)
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise NotFound(f"{'/'.join(parts)} tidak ada.") from exc
    if not resolved.is_relative_to(base):
        raise NotFound(f"{'/'.join(parts)} tidak ada.")
    return resolved


@dataclass(frozen=True)
class StoredWorkbook:
    """One uploaded workbook and its folders."""

    id: str
    folder: Path
    name: str

    @property
    def path(self) -> Path:
        return self.folder / "workbook.xlsx"

    @property
    def output(self) -> Path:
        return self.folder / "output"

    @property
    def preview(self) -> Path:
        return self.folder / "preview"


class Store:
    """The data folder."""

    def __init__(self, root: Path, register: Path | None = None) -> None:
        self.root = root
        self.register = register or root / REGISTER_NAME
        """The office register every job numbers from, whatever a workbook's
        `Pengaturan` says: the server is the one place the office keeps it."""
        self.workbooks = root / "workbooks"
        self.workbooks.mkdir(parents=True, exist_ok=True)
        self.countries: dict[str, dict[str, str]] = {}
        """Workbook id → Kode → Negara, filled as the register is searched."""

    def save(self, data: bytes, name: str) -> StoredWorkbook:
        """Keep an uploaded workbook under a fresh id (its own name only as a label)."""
        if not name.lower().endswith(".xlsx"):
            raise InputError(
                f"{name}: bukan buku kerja .xlsx. Simpan berkas dari Excel sebagai "
                "'Buku Kerja Excel (.xlsx)' lalu unggah lagi."
            )
        label = Path(name.replace("\\", "/")).name  # a browser on Windows may send C:\…
        workbook_id = secrets.token_hex(8)
        folder = self.workbooks / workbook_id
        folder.mkdir()
        (folder / "workbook.xlsx").write_bytes(data)
        (folder / "name.txt").write_text(label, encoding="utf-8")
        return StoredWorkbook(workbook_id, folder, label)

    def get(self, workbook_id: str) -> StoredWorkbook:
        if not WORKBOOK_ID.match(workbook_id):
            raise NotFound(f'Buku kerja "{workbook_id}" tidak ada.')
        folder = confined(self.workbooks, workbook_id)
        label = folder / "name.txt"
        name = label.read_text(encoding="utf-8") if label.exists() else "workbook.xlsx"
        return StoredWorkbook(workbook_id, folder, name)

    def recent(self, limit: int = 20) -> list[StoredWorkbook]:
        folders = sorted(
            (p for p in self.workbooks.iterdir() if WORKBOOK_ID.match(p.name)),
            key=lambda p: p.stat().st_mtime, reverse=True,
        )
        return [self.get(p.name) for p in folders[:limit]]
