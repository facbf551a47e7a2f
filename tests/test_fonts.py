"""`--pdf` warns, naming the partner, when its text holds a script no installed font has."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import example, row, write_sheets

from ksdocs.fonts import font_warnings, installed_coverage, parse_charsets, uncovered
from ksdocs.validate import load_workbook

LATIN_ONLY = parse_charsets(["20-7e", "a0-17f", "2010-2026"])


def test_characters_outside_every_font_are_found_once_each() -> None:
    assert uncovered("Tokyo 東京 東 – Ürümqi\n", LATIN_ONLY) == ["東", "京"]


def test_the_warning_names_the_partner_and_the_script(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Nama Mitra"] = "独立行政法人国際協力機構"
    row(sheets, "Ruang Lingkup", "KS-2027-004")["Ruang Lingkup"] = "تبادل المعلومات"
    workbook, _report = load_workbook(write_sheets(tmp_path, sheets))
    warnings = font_warnings(workbook.partners, LATIN_ONLY)
    assert len(warnings) == 2
    assert warnings[0].startswith(
        "KS-2027-003 (独立行政法人国際協力機構): huruf 独立行政法人国際協力…")
    assert "(CJK)" in warnings[0] and "fonts-noto-cjk" in warnings[0]
    assert warnings[1].startswith("KS-2027-004 (")
    assert "(Arabic)" in warnings[1]


def test_the_example_needs_no_font_it_lacks() -> None:
    workbook, _report = load_workbook(Path(__file__).parent.parent / "data" /
                                      "contoh-kerjasama.xlsx")
    assert font_warnings(workbook.partners, LATIN_ONLY) == []


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="needs fontconfig")
def test_the_installed_noto_fonts_cover_japanese_arabic_and_hebrew() -> None:
    coverage = installed_coverage()
    assert coverage is not None
    assert uncovered("東京 القاهرة ירושלים", coverage) == []
