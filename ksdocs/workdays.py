"""Working days of the office (SPEC §8): no Saturdays, Sundays, national holidays or the
office's own days off. Pure: "today" is always passed in, never read from the clock.

Indonesia's national holidays come from the `holidays` package (its Islamic and
Chinese-calendar dates are kept up to date there, so we keep no table of our own); the
office's extra days off (cuti bersama) come from sheet `Libur`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import holidays

from ksdocs.models import DayOff

_WEEKEND = {5: "Sabtu", 6: "Minggu"}
_ONE_DAY = timedelta(days=1)


class WorkCalendar:
    """Which days are working days, and counting in them."""

    def __init__(self, days_off: Iterable[DayOff] = ()) -> None:
        self._national = holidays.country_holidays("ID", language="id")
        self._office = {day.tanggal: day.keterangan or "libur kantor" for day in days_off}

    def day_off(self, day: date) -> str | None:
        """Why `day` is not a working day (``Sabtu``, the holiday's name), or None."""
        if day.weekday() in _WEEKEND:
            return _WEEKEND[day.weekday()]
        national = self._national.get(day)
        if national:
            return str(national)
        return self._office.get(day)

    def is_working_day(self, day: date) -> bool:
        return self.day_off(day) is None

    def add(self, start: date, days: int) -> date:
        """The day `days` working days after `start` (``add(friday, 1)`` is Monday)."""
        day = start
        for _ in range(days):
            day += _ONE_DAY
            while not self.is_working_day(day):
                day += _ONE_DAY
        return day

    def between(self, after: date, through: date) -> int:
        """How many working days fall after `after`, up to and including `through`."""
        count = 0
        day = after + _ONE_DAY
        while day <= through:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count
