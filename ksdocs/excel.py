"""What an .xlsx file's cells mean, for reading one: column letters and cell references,
Excel's serial dates, and the number formats that make a number a date.

openpyxl writes ksdocs' workbooks (`scaffold`, `recap`), but importing any part of it
imports the whole package, a tenth of a second of every ``validate`` and ``generate``;
reading needs only these few rules. They give openpyxl's answers, which
``tests/test_excel.py`` holds them to.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timedelta

# -- columns and references ----------------------------------------------------------

_LAST_COLUMN = 18278
"""``ZZZ``, the last column of a worksheet (Excel stops at ``XFD``, 16384)."""
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
LAST_ROW = 1_048_576
"""The last row of an Excel worksheet."""


@functools.cache
def column_letter(index: int) -> str:
    """``1`` → ``A``, ``28`` → ``AB``."""
    if not 1 <= index <= _LAST_COLUMN:
        raise ValueError(f"column {index} is out of range")
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@functools.cache
def column_index(letters: str) -> int:
    """``A`` → 1, ``ab`` → 28."""
    if not (1 <= len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        raise ValueError(f"{letters!r} is not a column")
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def split_reference(reference: str) -> tuple[str, int]:
    """``B12`` (or ``$B$12``) → ``("B", 12)``."""
    match = _REFERENCE.fullmatch(reference)
    if match is None or not int(match[2]):
        raise ValueError(f"{reference!r} is not a cell reference")
    return match[1], int(match[2])


# -- dates -----------------------------------------------------------------------------

WINDOWS_EPOCH = datetime(1899, 12, 30)
"""Day 0 of the 1900 date system: serial 1 is 1900-01-01, and Excel keeps Lotus's
29 February 1900, which never was."""
MAC_EPOCH = datetime(1904, 1, 1)
"""Day 0 of the 1904 date system (``date1904`` in the workbook)."""


def from_serial(value: float, epoch: datetime = WINDOWS_EPOCH, *,
                duration: bool = False) -> datetime | time | timedelta:
    """A cell's number in a date format as Python writes it: a day and its time to the
    millisecond, a time of day for a number below 1, or a duration."""
    if duration:
        span = timedelta(days=value)
        if span.microseconds:
            span = timedelta(seconds=span.total_seconds() // 1,
                             microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(value, 1)
    moment = timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and moment.days == 0:
        minutes, seconds = divmod(moment.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, moment.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # before Excel's 29 February 1900
    return epoch + timedelta(days=day) + moment


_ISO_MOMENT = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?P<fraction>\.\d{1,3})?)?)?Z?")
_ISO_DURATION = re.compile(
    r"PT(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d{1,3})?)S)?")


def from_iso(text: str) -> date | datetime | time | timedelta | None:
    """A date cell (``t="d"``, ISO 8601) as Python writes it; a duration (``PT30H``) as
    Excel writes one in strict mode. None for an empty text; ValueError for another."""
    if not text:
        return None
    match = _ISO_MOMENT.match(text)
    if match and any(match.groups()):
        number = {key: int(match[key] or 0)
                  for key in ("year", "month", "day", "hour", "minute", "second")}
        micro = int(float(match["fraction"]) * 1_000_000) if match["fraction"] else 0
        if not match["date"]:
            return time(number["hour"], number["minute"], number["second"], micro)
        if not match["time"]:
            return date(number["year"], number["month"], number["day"])
        return datetime(number["year"], number["month"], number["day"], number["hour"],
                        number["minute"], number["second"], micro)
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        return timedelta(**{key: float(value) for key, value in match.groupdict().items()
                            if value})
    raise ValueError(f"Invalid datetime value {text}")


# -- number formats ----------------------------------------------------------------------

BUILTIN_DATE_FORMATS = {
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
}
"""The built-in number formats (by ``numFmtId``) that are dates or times: a style may
name one without the workbook spelling it out. The other built-in ones are numbers."""

_NOT_DATE_PARTS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
"""Quoted text and bracketed colours or locales, whose letters say nothing."""
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?",
                       re.IGNORECASE)


LONGEST_FORMAT = 255
"""The most characters Excel allows in a number format's code. A longer one, which only
a damaged or hostile file holds, could take hours to look at: `_NOT_DATE_PARTS` tries
each ``[`` with no ``]`` after it against the rest of the code."""


def is_date_format(code: str) -> bool:
    """Whether a number shown in format `code` is a date or a time: its positive section
    has a day, month, year, hour, minute or second outside quotes and brackets."""
    return _DATE_LETTER.search(_NOT_DATE_PARTS.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str) -> bool:
    """Whether format `code` shows elapsed time (``[h]:mm``)."""
    return _DURATION.search(code.split(";")[0]) is not None
