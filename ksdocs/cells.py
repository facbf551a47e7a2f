"""One cell's value → the value a record holds, or why it cannot be one.

Each function looks at one value only: text cleaning, dates, whole numbers, choices,
NIPs, Kodes, Excel's error values. The rules across cells and sheets are in
`validate`, which names the cell of every message these functions return.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from types import MappingProxyType

from ksdocs.errors import CellError
from ksdocs.output import MANIFEST_NAME, PREVIEW_FOLDER
from ksdocs.workbook import EXCEL_ERRORS, CellValue, normalise

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CODE = re.compile(r"[A-Za-z0-9._-]+")
"""What a code (Kode, Peran, unit Kode) may hold: it names folders and files."""
_WHOLE = re.compile(r"([+-]?\d+)(?:[.,]0+)?")
_KODE_MAX = 64
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{n}" for n in range(1, 10)]
    + [f"LPT{n}" for n in range(1, 10)]
)
_REGISTER = "register.sqlite"  # register.REGISTER_NAME, which imports this module
OUTPUT_NAMES = frozenset(
    (MANIFEST_NAME, PREVIEW_FOLDER, _REGISTER, f"{_REGISTER}-journal", f"{_REGISTER}-wal",
     f"{_REGISTER}-shm")
)
"""What the output folder holds besides the pack folders (and ``<Kode>.zip``): a Kode
named like one of them would make its pack folder collide with it."""

YEAR_MIN = 1900
YEAR_MAX = 2100
"""The years a date of a cooperation can have; 0027 or 9999 is a typing slip."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "december", "des", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})")
_NAMED_DATE = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})")
DATE_HINT = (
    "tulis sebagai tanggal Excel atau seperti 25 November 2026, 25/11/2026 atau 2026-11-25"
)
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")


def clean_text(text: str) -> tuple[str, bool]:
    """`text` without XML-illegal characters, every line end as ``\n``, surrounding
    whitespace trimmed; True if any character was removed.

    Text pasted from Windows keeps its ``\r\n`` line ends in the cell; Word shows a
    ``\r`` as a space, so a line break would be lost in the document."""
    if text.isascii() and text.isprintable():  # the usual cell: nothing to remove
        return text.strip(), False
    cleaned = _ILLEGAL.sub("", text)
    removed = cleaned != text
    if "\r" in cleaned:
        cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
    return cleaned.strip(), removed


def as_text(value: CellValue) -> str:
    """A non-text cell value as the text a user sees: ``5221618``, not ``5221618.0``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def excel_error(value: CellValue) -> str | None:
    """The Excel error value a cell holds (``#N/A``), typed, pasted or computed; None
    for any other value."""
    if isinstance(value, str) and "#" in value and value.strip().upper() in EXCEL_ERRORS:
        return value.strip().upper()
    return None


def parse_date(text: str) -> date | None:
    """`2026-11-25`, `25/11/2026`, `25-11-2026` or `25 November 2026` (Indonesian or English
    month) in the years `YEAR_MIN`–`YEAR_MAX`; None for anything else."""
    day = _written_date(text)
    return day if day is not None and YEAR_MIN <= day.year <= YEAR_MAX else None


def _written_date(text: str) -> date | None:
    text = " ".join(text.split())
    try:
        if match := _ISO_DATE.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DMY_DATE.fullmatch(text):
            return date(int(match[4]), int(match[3]), int(match[1]))
        if (match := _NAMED_DATE.fullmatch(text)) and match[2].casefold() in _MONTHS:
            return date(int(match[3]), _MONTHS[match[2].casefold()], int(match[1]))
    except ValueError:
        return None
    return None


def to_date(value: CellValue) -> date:
    """A date cell, or a date written as text, as a date; `CellError` otherwise."""
    if isinstance(value, datetime):
        value = value.date()
    text = as_text(value)
    day = value if isinstance(value, date) else (
        _written_date(value) if isinstance(value, str) else None)
    if day is None:
        raise CellError(f'"{text}" bukan tanggal yang dikenali; {DATE_HINT}')
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise CellError(f'tahun {day.year} pada "{text}" di luar {YEAR_MIN}–{YEAR_MAX}; '
                        "periksa tanggalnya")
    return day


def to_integer(value: CellValue, low: int, high: int | None, wanted: str) -> int:
    """A whole number between `low` and `high` (written as a number or as text);
    `CellError` saying it is not `wanted` otherwise."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and (match := _WHOLE.fullmatch(value)):
        number = int(match[1])
    if number is None or number < low or (high is not None and number > high):
        shown = str(value) if isinstance(value, float) else as_text(value)
        raise CellError(f'"{shown}" bukan {wanted}')
    return number


def to_choice(text: str, options: Iterable[str]) -> str:
    """The option `text` names, in any case or spacing; `CellError` listing them."""
    options = tuple(options)
    found = _options_by_key(options).get(normalise(text))
    if found is None:
        raise CellError(f'"{text}" bukan pilihan yang sah; pilih salah satu dari: '
                        f"{', '.join(options)}")
    return found


@functools.lru_cache(maxsize=64)
def _options_by_key(options: tuple[str, ...]) -> Mapping[str, str]:
    """`options` by the key `normalise` makes of them, the first where two agree: worked
    out once per column, not for each of its thousands of cells."""
    by_key: dict[str, str] = {}
    for option in options:
        by_key.setdefault(normalise(option), option)
    return MappingProxyType(by_key)


def nip_problem(value: CellValue) -> str | None:
    """Why `value` cannot be an NIP as written, or None: an 18-digit NIP typed as a
    number loses its last digits in Excel, and shows as ``1.97203E+17`` when pasted as
    text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ("NIP tertulis sebagai angka sehingga Excel dapat mengubah digit setelah "
                "digit ke-15; format sel sebagai Teks lalu ketik ulang NIP (atau awali "
                "dengan tanda petik ')")
    if isinstance(value, str) and _SCIENTIFIC.fullmatch(value.strip()):
        return (f'NIP "{value.strip()}" adalah angka yang sudah dipotong Excel (notasi '
                "ilmiah), digit aslinya hilang; format sel sebagai Teks lalu ketik ulang "
                "NIP lengkapnya")
    return None


def kode_problem(kode: str) -> str | None:
    """Why `kode` cannot name a pack folder in the output folder, or None when it can."""
    if not CODE.fullmatch(kode):
        return (f'Kode "{kode}" hanya boleh berisi huruf, angka, titik (.), garis bawah (_) '
                "dan tanda hubung (-)")
    if len(kode) > _KODE_MAX:
        return f"Kode terlalu panjang ({len(kode)} karakter); paling banyak {_KODE_MAX}"
    if kode[0] in ".-":
        return f'Kode "{kode}" tidak boleh diawali titik (.) atau tanda hubung (-)'
    if ".." in kode:
        return f'Kode "{kode}" tidak boleh memuat dua titik berurutan (..)'
    if kode.endswith("."):
        return f'Kode "{kode}" tidak boleh diakhiri titik (.)'
    if kode.split(".")[0].upper() in _WINDOWS_DEVICES:
        return (f'Kode "{kode}" adalah nama perangkat yang dicadangkan Windows dan tidak dapat '
                "menjadi nama folder; pilih Kode lain")
    if kode.casefold() in OUTPUT_NAMES or kode.casefold().endswith(".zip"):
        return (f'Kode "{kode}" sama dengan nama berkas atau folder yang ditulis ksdocs di '
                "folder keluaran (manifest.json, register.sqlite, pratinjau, <Kode>.zip); "
                "pilih Kode lain")
    return None


def printable_problem(text: str) -> str | None:
    """Why `text` (a letter number) cannot be printed as it is: a control, format or
    unassigned character (U+0001, U+200B, …); None when every character shows."""
    if text.isascii() and text.isprintable():  # the usual number, at once
        return None
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            return f"memuat karakter U+{ord(char):04X} yang tidak dapat dicetak"
    return None
