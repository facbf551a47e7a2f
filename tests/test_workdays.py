"""Working days and the SOP's schedule as pure functions of the records (SPEC §8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from helpers import example, write_sheets

from ksdocs.models import DayOff, Partner
from ksdocs.register import StepRecord
from ksdocs.sop import progress
from ksdocs.validate import load_workbook
from ksdocs.workdays import WorkCalendar


def test_days_off_say_why() -> None:
    calendar = WorkCalendar([DayOff(date(2027, 3, 12), "Cuti bersama Nyepi"),
                             DayOff(date(2027, 3, 15))])
    assert calendar.day_off(date(2027, 3, 6)) == "Sabtu"
    assert calendar.day_off(date(2027, 3, 7)) == "Minggu"
    assert calendar.day_off(date(2027, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert calendar.day_off(date(2027, 3, 12)) == "Cuti bersama Nyepi"
    assert calendar.day_off(date(2027, 3, 15)) == "libur kantor"
    assert calendar.day_off(date(2027, 3, 16)) is None


def test_counting_crosses_years_and_holidays() -> None:
    calendar = WorkCalendar()
    # Friday 31 December 2027; 1 January 2028 is a Saturday and New Year's Day.
    assert calendar.add(date(2027, 12, 31), 1) == date(2028, 1, 3)
    assert calendar.add(date(2027, 12, 24), 1) == date(2027, 12, 27)  # Christmas Saturday
    assert calendar.add(date(2027, 3, 1), 0) == date(2027, 3, 1)
    # 25 March (Thursday) to 1 April 2027: Good Friday and the weekend do not count.
    assert calendar.between(date(2027, 3, 25), date(2027, 4, 1)) == 4
    assert calendar.between(date(2027, 4, 1), date(2027, 3, 25)) == 0


def _partner() -> Partner:
    return Partner(
        kode="KS-1", nama="Mitra", nama_en="Partner", jenis="Organisasi Internasional",
        negara="Swiss", bidang="b", bidang_en="b", tujuan="t", tujuan_en="t",
        unit_pelaksana=("DJPP",), penandatangan_jabatan="Director",
        penandatangan_tingkat="Eselon I", jangka_waktu=3, pembiayaan="APBN",
    )


def _done(step: str, day: date) -> StepRecord:
    return StepRecord("KS-1", step, day, "ani", "", "2027-01-01T00:00:00+07:00")


def test_the_next_step_follows_the_furthest_step_done() -> None:
    calendar = WorkCalendar()
    # Step 5 recorded, step 4 not (yet): the cooperation has moved on to step 6.
    now = progress(_partner(), [_done("1", date(2027, 2, 1)), _done("5", date(2027, 2, 8))],
                   calendar, date(2027, 2, 9))
    assert now.last is not None and now.last.step.id == "5"
    assert now.next is not None and now.next.step.id == "6" and now.next.due is None
    assert str(now.state) == "TEPAT WAKTU"


def test_a_step_done_after_its_due_date_is_done_late() -> None:
    calendar = WorkCalendar()
    # Step 4 on Friday 12 February, step 5 on Wednesday 17 February: due Monday 15.
    now = progress(_partner(), [_done("4", date(2027, 2, 12)), _done("5", date(2027, 2, 17))],
                   calendar, date(2027, 2, 18))
    five = next(line for line in now.lines if line.step.id == "5")
    assert five.due == date(2027, 2, 15)
    assert str(five.state) == "SELESAI (terlambat 2 hari kerja)"
    assert not now.late


def test_the_signing_is_due_on_the_planned_day_and_a_weekend_after_it_is_late() -> None:
    partner = replace(_partner(), tanggal_ttd=date(2027, 2, 12))  # a Friday
    steps = [_done(step, date(2027, 2, 1)) for step in ("1", "2", "4", "5", "6")]
    calendar = WorkCalendar()
    assert str(progress(partner, steps, calendar, date(2027, 2, 12)).state) == "TEPAT WAKTU"
    saturday = progress(partner, steps, calendar, date(2027, 2, 13))
    assert saturday.late and str(saturday.state) == "TERLAMBAT 1 hari kerja"
    assert str(progress(partner, steps, calendar, date(2027, 2, 16)).state) == (
        "TERLAMBAT 2 hari kerja")


def test_the_libur_sheet_reads_into_the_calendar(tmp_path: Path) -> None:
    sheets = example()
    sheets["Libur"] = [{"Tanggal": "2027-02-15", "Keterangan": "Cuti bersama"}]
    book, _ = load_workbook(write_sheets(tmp_path, sheets))
    assert WorkCalendar(book.libur).add(date(2027, 2, 12), 1) == date(2027, 2, 16)
