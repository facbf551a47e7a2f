"""ksdocs reads cells by openpyxl's rules without importing openpyxl: the same columns,
references, dates and date formats as openpyxl, which writes the workbooks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from ksdocs import excel

FORMAT_CODES = [
    *BUILTIN_FORMATS.values(),
    "dd/mm/yyyy", "d mmmm yyyy", "[$-421]d mmmm yyyy;@", "[$-F800]dddd, mmmm dd, yyyy",
    "yyyy-mm-dd hh:mm:ss", "[h]:mm", "[mm]:ss", "[ss].00", "[hh]:mm:ss.000", "hh:mm:ss",
    '"Tanggal" 0', '"day"0;"month"0', "[Red]0.00", "[Blue]#,##0;[Red]-#,##0", "0.00_m",
    r"0\d", "@", "General", "0;[Red]dd/mm", "#,##0 \"hari\"", "[$Rp-421]#,##0", "e",
    "mmm-yy;@", "[h]", "HH:MM", "YYYY", "0.0E+00", "", ";;;",
]


@pytest.mark.parametrize("code", FORMAT_CODES)
def test_a_format_is_a_date_exactly_where_openpyxl_says_so(code: str) -> None:
    assert excel.is_date_format(code) == is_date_format(code)
    assert excel.is_duration_format(code) == is_timedelta_format(code)


def test_the_builtin_formats_that_are_dates_are_openpyxls() -> None:
    dates = {number: code for number, code in BUILTIN_FORMATS.items() if is_date_format(code)}
    assert dates == excel.BUILTIN_DATE_FORMATS


def test_every_column_has_openpyxls_letters() -> None:
    for index in range(1, 18279):
        letters = get_column_letter(index)
        assert excel.column_letter(index) == letters
        assert excel.column_index(letters) == index
        assert excel.column_index(letters.lower()) == column_index_from_string(letters.lower())


@pytest.mark.parametrize("letters", ["", "1", "AAAA", "A1", "É", "A B"])
def test_what_is_not_a_column_is_refused(letters: str) -> None:
    with pytest.raises(ValueError):
        column_index_from_string(letters)
    with pytest.raises(ValueError):
        excel.column_index(letters)


@pytest.mark.parametrize("reference", ["A1", "$B$12", "xfd1048576", "ZZZ7"])
def test_a_reference_splits_as_openpyxl_splits_it(reference: str) -> None:
    assert excel.split_reference(reference) == coordinate_from_string(reference)


@pytest.mark.parametrize("reference", ["A0", "1A", "A", "AAAA1", "A-1", ""])
def test_what_is_not_a_reference_is_refused(reference: str) -> None:
    with pytest.raises(ValueError):
        excel.split_reference(reference)


EDGES = [0, 0.5, 0.999999, 0.9999999999, 1, 1.25, 59, 59.99, 60, 60.5, 61, 1e-9,
         45000, 45000.000011574, 2958465.9999999, 46433, 100000.123456789]


def outcome(convert: Callable[[], object]) -> object:
    """What a conversion gives, or the kind of error it raises (past year 9999)."""
    try:
        return convert()
    except (OverflowError, ValueError) as error:
        return type(error)


@pytest.mark.parametrize("value", EDGES)
@pytest.mark.parametrize("epoch", ["1900", "1904"])
def test_a_serial_date_is_openpyxls(value: float, epoch: str) -> None:
    ours = excel.WINDOWS_EPOCH if epoch == "1900" else excel.MAC_EPOCH
    theirs = CALENDAR_WINDOWS_1900 if epoch == "1900" else CALENDAR_MAC_1904
    assert outcome(lambda: excel.from_serial(value, ours)) == outcome(
        lambda: from_excel(value, theirs))
    assert outcome(lambda: excel.from_serial(value, ours, duration=True)) == outcome(
        lambda: from_excel(value, theirs, timedelta=True))


@given(st.floats(min_value=0, max_value=2958465, allow_nan=False)
       | st.integers(min_value=0, max_value=2958465))
def test_any_serial_date_is_openpyxls(value: float) -> None:
    assert outcome(lambda: excel.from_serial(value)) == outcome(lambda: from_excel(value))
    assert outcome(lambda: excel.from_serial(value, excel.MAC_EPOCH)) == outcome(
        lambda: from_excel(value, CALENDAR_MAC_1904))
    assert outcome(lambda: excel.from_serial(value, duration=True)) == outcome(
        lambda: from_excel(value, timedelta=True))


@pytest.mark.parametrize("text", [
    "2027-03-05", "2027-03-05T14:30:00", "2027-03-05T14:30:00Z", "2027-03-05T14:30:05.123",
    "14:30", "14:30:05", "T14:30:05.5", "PT30H", "PT1H30M", "PT45.5S", "PT2H3M4.25S", "",
])
def test_an_iso_date_cell_reads_as_openpyxl_reads_it(text: str) -> None:
    assert excel.from_iso(text) == from_ISO8601(text)


@pytest.mark.parametrize("text", ["kemarin", "05/03/2027", "PT"])
def test_what_is_no_iso_date_is_refused_as_openpyxl_refuses_it(text: str) -> None:
    with pytest.raises(ValueError):
        from_ISO8601(text)
    with pytest.raises(ValueError):
        excel.from_iso(text)


def test_checking_a_workbook_does_not_import_openpyxl() -> None:
    """openpyxl is a tenth of a second to import, in every validate and generate."""
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, ksdocs.cli, ksdocs.generate, ksdocs.validate; "
         "print(sorted(m for m in sys.modules if m.startswith('openpyxl')))"],
        capture_output=True, text=True, check=True)
    assert imported.stdout.strip() == "[]"
