"""The .docx zip container: members read with their compressed bytes as they are, and
written back directly, so a render recompresses only the parts it changed."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType

from ksdocs.errors import TooLarge

_deflate: ModuleType
try:  # Intel's ISA-L deflate: the same format, four to five times faster at level 1
    from isal import isal_zlib as _deflate

    FAST_LEVEL = 0
except ImportError:  # a platform without its wheel
    _deflate = zlib
    FAST_LEVEL = 1
"""The deflate level of rendered parts: ISA-L's fastest, 0, which still compresses (a
letter's body 12% larger than at its level 1, in 60% of the time); zlib's 0 would only
store, so zlib's 1."""

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CENTRAL_BEFORE_OFFSET = struct.Struct("<4s6H3L5HL")
"""A central directory entry up to its last field, the local header's offset."""
_OFFSET = struct.Struct("<L")
_END_RECORD = struct.Struct("<4s4H2LH")
_UTF8_FLAG = 0x800
_DEFLATED = 8

MAX_MEMBER_SIZE = 50 * 1024 * 1024
"""The most one member of a template may hold uncompressed: a letter's XML is well
under a megabyte, and a picture a few; more is a file built to fill the memory."""
MAX_TOTAL_SIZE = 200 * 1024 * 1024
"""The most a whole template (its file, and all its members uncompressed) may hold."""


def check_sizes(data: bytes) -> None:
    """`TooLarge` unless every member of the zip `data` is at most `MAX_MEMBER_SIZE` and
    all together at most `MAX_TOTAL_SIZE` uncompressed, as the zip's directory states;
    `ValueError` for a member zipfile cannot read (`member_problem`)."""
    if len(data) > MAX_TOTAL_SIZE:
        raise TooLarge(f"berkasnya {_mb(len(data))}, lebih dari batas {_mb(MAX_TOTAL_SIZE)}")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    for info in members:
        if problem := member_problem(info):
            raise ValueError(problem)
    if problem := size_problem(members, MAX_MEMBER_SIZE, MAX_TOTAL_SIZE):
        raise TooLarge(problem)


def size_problem(members: Sequence[zipfile.ZipInfo], most: int, most_total: int) -> str | None:
    """Why `members` are too large once inflated, as the zip's directory states: one over
    `most`, or all together over `most_total`; None when they are not.

    zipfile never inflates a member beyond its stated size (one that inflates further
    fails its CRC check), so checked before anything is inflated, the stated sizes bound
    the memory any reader of the file uses, whatever a hostile file was built to do."""
    for info in members:
        if info.file_size > most:
            return (f"bagian {info.filename} berisi {_mb(info.file_size)} setelah dibuka, "
                    f"lebih dari batas {_mb(most)} per bagian")
    total = sum(info.file_size for info in members)
    if total > most_total:
        return f"isinya {_mb(total)} setelah dibuka, lebih dari batas {_mb(most_total)}"
    return None


def member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why zip member `info` cannot be read, as Word and Excel never write it: locked with
    a zip password, or compressed another way than deflate (zipfile reads neither);
    None when it can be."""
    if info.flag_bits & _ENCRYPTED:
        return f"bagian {info.filename} dikunci dengan kata sandi zip"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        method = _METHODS.get(info.compress_type, f"metode {info.compress_type}")
        return (f"bagian {info.filename} dimampatkan dengan cara yang tidak dipakai "
                f"Microsoft Office ({method})")
    return None


_ENCRYPTED = 0x1
"""The flag of a zip member locked with a password."""
_METHODS = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd"}
"""Compression methods of other zip programs, by their number in the zip format."""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB".replace(",", ".")


@dataclass
class Member:
    """One zip member: its compressed data, as read or as just rendered."""

    name: bytes
    flags: int
    method: int
    time: int
    date: int
    crc: int
    compressed: bytes
    size: int

    _headers: tuple[bytes, bytes] | None = field(default=None, repr=False, compare=False)

    def headers(self) -> tuple[bytes, bytes]:
        """The local header, and the central directory entry up to its offset field:
        made once per member, and a template's members that are copied as they are
        appear in every document it renders."""
        if self._headers is None:
            local = _LOCAL_HEADER.pack(
                b"PK\x03\x04", 20, self.flags, self.method, self.time, self.date, self.crc,
                len(self.compressed), self.size, len(self.name), 0,
            ) + self.name
            central = _CENTRAL_BEFORE_OFFSET.pack(
                b"PK\x01\x02", 20, 20, self.flags, self.method, self.time, self.date,
                self.crc, len(self.compressed), self.size, len(self.name), 0, 0, 0, 0, 0,
            )
            self._headers = (local, central)
        return self._headers

    def with_data(self, data: bytes, level: int) -> Member:
        """This member holding `data` instead, deflated at `level` (`FAST_LEVEL` is
        fast)."""
        return Member(self.name, self.flags, _DEFLATED, self.time, self.date,
                       _deflate.crc32(data), _deflate.compress(data, level, -15), len(data))


def read_members(data: bytes) -> list[Member]:
    """Every member of the zip `data` with its compressed bytes, in the stored order."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            offset = info.header_offset
            fields = _LOCAL_HEADER.unpack_from(data, offset)
            start = offset + _LOCAL_HEADER.size + fields[9] + fields[10]
            if problem := member_problem(info):
                raise ValueError(problem)
            name = info.filename.encode("utf-8")
            flags = _UTF8_FLAG if not name.isascii() else 0
            time = (info.date_time[3] << 11) | (info.date_time[4] << 5) | (info.date_time[5] // 2)
            date = ((info.date_time[0] - 1980) << 9) | (info.date_time[1] << 5) | info.date_time[2]
            members.append(Member(name, flags, info.compress_type, time, date, info.CRC,
                                   data[start: start + info.compress_size], info.file_size))
    return members


def write_zip(members: Sequence[Member]) -> bytes:
    """The zip of `members`, in their order."""
    return ZipLayout(members).write(())


class ZipLayout:
    """A zip whose first members are fixed: their bytes and their directory entries are
    laid out once, and each `write` adds only the members given to it after them (a
    template's rendered parts, behind the dozen parts every document copies)."""

    def __init__(self, fixed: Sequence[Member]) -> None:
        self._count = len(fixed)
        self._head, self._directory, self._offset = _lay_out(fixed, 0)

    def write(self, members: Sequence[Member]) -> bytes:
        """The zip of the fixed members, then `members`."""
        body, directory, end = _lay_out(members, self._offset)
        count = self._count + len(members)
        central = self._directory + directory
        return b"".join((
            self._head, body, central,
            _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(central), end, 0),
        ))


def _lay_out(members: Sequence[Member], offset: int) -> tuple[bytes, bytes, int]:
    """The local headers and data of `members` written from `offset` on, their central
    directory entries, and the offset after them."""
    chunks: list[bytes] = []
    directory: list[bytes] = []
    for member in members:
        local, central = member.headers()
        directory += (central, _OFFSET.pack(offset), member.name)
        chunks += (local, member.compressed)
        offset += len(local) + len(member.compressed)
    return b"".join(chunks), b"".join(directory), offset
