"""Indonesian and English ways of writing dates, numbers and money (DOMAIN.md).

Each function is registered as a Jinja filter under the name in `FILTERS`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

from ksdocs.errors import BlankDate


def _as_date(value: date | datetime | None, filter_name: str) -> date:
    if value is None:
        raise BlankDate(filter_name)
    if not isinstance(value, date):
        raise TypeError(f"filter '{filter_name}' perlu tanggal, bukan {type(value).__name__}")
    return value.date() if isinstance(value, datetime) else value


@functools.lru_cache(maxsize=4096)
def _formatted(day: date, pattern: str, locale: str) -> str:
    """babel's writing of `day`, made once per date: a batch prints the same few dates
    in thousands of documents, and babel takes tens of microseconds each time."""
    return str(format_date(day, pattern, locale=_locale(locale)))


@functools.cache
def _locale(name: str) -> Locale:
    """babel's locale `name`, parsed once: given by name, babel parses it and finds its
    data again for every date (31 µs a date instead of 11)."""
    return Locale.parse(name)


def tanggal(value: date | datetime | None) -> str:
    """``25 November 2026``: day without leading zero, Indonesian month name."""
    return _formatted(_as_date(value, "tanggal"), "d MMMM y", "id")


def date_en(value: date | datetime | None) -> str:
    """``25 November 2026`` in English month names (the MSP's English column)."""
    return _formatted(_as_date(value, "date_en"), "d MMMM y", "en")


def hari(value: date | datetime | None) -> str:
    """``Rabu``: the Indonesian day name."""
    return _formatted(_as_date(value, "hari"), "EEEE", "id")


def day_en(value: date | datetime | None) -> str:
    """``Wednesday``."""
    return _formatted(_as_date(value, "day_en"), "EEEE", "en")


DATE_FILTERS = ("tanggal", "date_en", "hari", "day_en")
"""The filters that write a date, and refuse a blank one."""


def kata(value: int) -> str:
    """``tiga``: a whole number in Indonesian words."""
    return _words(int(value), "id")


def words_en(value: int) -> str:
    """``three``: a whole number in English words."""
    return _words(int(value), "en")


@functools.lru_cache(maxsize=1024)
def _words(value: int, lang: str) -> str:
    return str(num2words(value, lang=lang))


def terbilang(value: int) -> str:
    """``3 (tiga)``: the legal-text way of writing a number in Indonesian."""
    return f"{int(value)} ({kata(value)})"


def in_words(value: int) -> str:
    """``3 (three)``: the same in English."""
    return f"{int(value)} ({words_en(value)})"


def rupiah(value: int | float | Decimal) -> str:
    """``Rp1.500.000,00``: no space after Rp, `.` groups thousands, `,` decimals."""
    return "Rp" + format_decimal(Decimal(str(value)), "#,##0.00", locale=_locale("id"))


def rupiah_kata(value: int | float | Decimal) -> str:
    """``satu juta lima ratus ribu rupiah`` (whole rupiah)."""
    return f"{kata(int(value))} rupiah"


def kalimat(value: object) -> str:
    """A cell's text closing a sentence: exactly one full stop, whatever the cell ends with
    (``"Tidak ada"``, ``"Tidak ada."``, ``"Tidak ada;"`` → ``"Tidak ada."``); a question or
    exclamation mark is kept, and a blank stays blank."""
    text = str(value).rstrip()
    core = text.rstrip(" .;,:")
    if not core:
        return ""
    if core[-1] in "?!":
        return core
    return core + "."


NON_BREAKING_HYPHEN = "\u2011"


def utuh(value: object) -> str:
    """Hyphens that never break a line (U+2011): a letter number (``PPE-HM.04.01-18``) or
    a heading word (``PERUNDANG-UNDANGAN``) stays whole on one line."""
    return str(value).replace("-", NON_BREAKING_HYPHEN)


FILTERS: dict[str, Callable[..., Any]] = {
    "tanggal": tanggal,
    "date_en": date_en,
    "hari": hari,
    "day_en": day_en,
    "kata": kata,
    "words_en": words_en,
    "terbilang": terbilang,
    "in_words": in_words,
    "rupiah": rupiah,
    "rupiah_kata": rupiah_kata,
    "kalimat": kalimat,
    "utuh": utuh,
}
"""The Jinja filters every template can use, by name."""
