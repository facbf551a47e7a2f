"""Which characters of a partner's text no installed font can print (``--pdf``).

LibreOffice prints a character no installed font covers as an empty box: a Japanese,
Arabic or Hebrew partner name needs its Noto font (fonts-noto-cjk, fonts-noto-core).
The installed coverage is fontconfig's (``fc-list``), read once per process.
"""

from __future__ import annotations

import bisect
import dataclasses
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import cache

from ksdocs.models import Partner

Ranges = tuple[tuple[int, ...], tuple[int, ...]]
"""Sorted, merged code point ranges: their starts and their (inclusive) ends."""


@cache
def installed_coverage() -> Ranges | None:
    """Every code point some installed font covers, or None where fontconfig is missing
    (nothing can then be said, so nothing is warned)."""
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        listing = subprocess.run([program, "--format", "%{charset}\n"], capture_output=True,
                                 text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_charsets(listing.split())


def parse_charsets(pieces: Iterable[str]) -> Ranges:
    """fontconfig's ``20-7e a0-17f 192`` pieces → merged ranges."""
    ranges: list[tuple[int, int]] = []
    for piece in pieces:
        first, _, last = piece.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(low for low, _ in merged), tuple(high for _, high in merged)


def uncovered(text: str, coverage: Ranges) -> list[str]:
    """The distinct printable characters of `text` outside `coverage`, in order."""
    starts, ends = coverage
    missing: list[str] = []
    for character in dict.fromkeys(text):
        if character.isspace() or unicodedata.category(character)[0] == "C":
            continue
        code = ord(character)
        index = bisect.bisect_right(starts, code) - 1
        if index < 0 or code > ends[index]:
            missing.append(character)
    return missing


def _texts(partner: Partner) -> Iterable[str]:
    for record in (partner, *partner.ruang_lingkup, partner.kajian):
        if record is None:
            continue
        for field in dataclasses.fields(record):
            value = getattr(record, field.name)
            if isinstance(value, str):
                yield value


def _script(character: str) -> str:
    name = unicodedata.name(character, "")
    if not name:
        return f"U+{ord(character):04X}"
    word = name.split()[0]
    return word if len(word) <= 3 else word.capitalize()  # CJK, Arabic, Hebrew


def font_warnings(partners: Iterable[Partner], coverage: Ranges | None = None) -> list[str]:
    """One warning per partner whose text holds characters no installed font covers."""
    coverage = coverage if coverage is not None else installed_coverage()
    if coverage is None:
        return []
    warnings = []
    for partner in partners:
        missing = uncovered(" ".join(_texts(partner)), coverage)
        if missing:
            scripts = ", ".join(dict.fromkeys(_script(character) for character in missing))
            shown = "".join(missing[:10]) + ("…" if len(missing) > 10 else "")
            warnings.append(
                f"{partner.kode} ({partner.nama}): huruf {shown} ({scripts}) tidak ada pada "
                "fon mana pun yang terpasang, sehingga PDF-nya menampilkan kotak kosong; "
                "pasang fon Noto (Debian/Ubuntu: apt-get install fonts-noto-core "
                "fonts-noto-cjk). Berkas .docx tidak terpengaruh."
            )
    return warnings
