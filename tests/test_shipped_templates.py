"""The shipped templates as an office would receive them: clean under `templates check`,
on A4 paper (F4 when the workbook asks) in Arial, with the margins of tata naskah dinas."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from helpers import example, row, run, write_sheets

from ksdocs.catalog import TEMPLATES, TemplateInfo
from ksdocs.generate import Options, generate

A4 = (11906, 16838)
F4 = (12189, 18709)
"""Paper sizes in twentieths of a point: A4 210 × 297 mm, F4 215 × 330 mm."""


def _twips(cm: float) -> int:
    """Centimetres in twentieths of a point, cut as Word writes them (2.5 cm → 1417)."""
    return int(cm * 1440 / 2.54)


MINIMUM_MARGINS = {"top": _twips(2), "bottom": _twips(2.5), "left": _twips(3), "right": _twips(2)}
"""Tata naskah dinas (DOMAIN.md): at least 2 cm top, 2.5 cm bottom, 3 cm left, 2 cm right."""


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def _sections(document_xml: str) -> list[str]:
    return re.findall(r"<w:sectPr\b.*?</w:sectPr>", document_xml, re.S)


def _attribute(tag: str, name: str) -> int:
    found = re.search(rf'w:{name}="(\d+)"', tag)
    assert found, f"no w:{name} in {tag}"
    return int(found.group(1))


def _page(section: str) -> tuple[tuple[int, int], dict[str, int]]:
    size = re.search(r"<w:pgSz\b[^>]*>", section)
    margins = re.search(r"<w:pgMar\b[^>]*>", section)
    assert size and margins
    width, height = _attribute(size.group(0), "w"), _attribute(size.group(0), "h")
    return (min(width, height), max(width, height)), {
        side: _attribute(margins.group(0), side) for side in MINIMUM_MARGINS
    }


@pytest.mark.parametrize("info", TEMPLATES, ids=lambda info: info.id)
def test_a_shipped_template_passes_templates_check(info: TemplateInfo) -> None:
    code, output = run("templates", "check", str(info.path))
    assert code == 0, output
    assert "GALAT" not in output and "PERINGATAN" not in output, output


@pytest.mark.parametrize("info", TEMPLATES, ids=lambda info: info.id)
def test_a_shipped_template_is_a4_in_arial_with_the_official_margins(info: TemplateInfo) -> None:
    path = info.path
    sections = _sections(_part(path, "word/document.xml"))
    assert sections, "no section properties"
    for section in sections:
        size, margins = _page(section)
        assert size == A4
        for side, minimum in MINIMUM_MARGINS.items():
            assert margins[side] >= minimum, f"{side} margin {margins[side]} < {minimum}"
    styles = _part(path, "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults, "no document defaults"
    assert 'w:ascii="Arial"' in defaults.group(0) and 'w:hAnsi="Arial"' in defaults.group(0)
    body_size = re.search(r"<w:sz w:val=\"(\d+)\"", defaults.group(0))
    assert body_size and int(body_size.group(1)) in (22, 24), "body text is not 11 or 12 pt"



@pytest.mark.parametrize("info", TEMPLATES, ids=lambda info: info.id)
def test_a_shipped_template_names_a_font_for_every_script(info: TemplateInfo) -> None:
    """Chinese, Japanese or Korean text (``w:eastAsia``) and Arabic or Hebrew
    (``w:cs``) print in named fonts that have their glyphs, in Word as in LibreOffice:
    in the defaults, and in every style or run that names fonts at all (a theme's font
    for those scripts would win over the name, and python-docx's theme leaves it blank)."""
    with zipfile.ZipFile(info.path) as archive:
        # Text: styles, body, headers and footers (numbering.xml's fonts print bullets).
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                 if re.fullmatch(r"word/(styles|document|header\d*|footer\d*)\.xml", name)}
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", parts["word/styles.xml"], re.S)
    assert defaults, "no default run properties"
    (fonts,) = re.findall(r"<w:rFonts\b[^>]*>", defaults.group(0))
    assert 'w:eastAsia="Microsoft YaHei"' in fonts and 'w:cs="Arial"' in fonts, fonts
    named = [(name, tag) for name, xml in parts.items()
             for tag in re.findall(r"<w:rFonts\b[^>]*>", xml)]
    assert len(named) > 1
    for name, tag in named:
        assert "w:eastAsia=" in tag and "w:cs=" in tag, (name, tag)
        assert "eastAsiaTheme" not in tag and "cstheme" not in tag, (name, tag)


@pytest.mark.parametrize("info", TEMPLATES, ids=lambda info: info.id)
def test_a_shipped_template_carries_only_the_table_styles_its_tables_use(
    info: TemplateInfo,
) -> None:
    """Every document of a pack is a copy of its template's parts. python-docx's 100
    table styles were 311 of styles.xml's 349 kB in each of them (written, synced,
    parsed by every reader), and its picture of a blank page was every document's
    preview in a file manager. The paragraph and character styles stay: a user may
    apply one in Word."""
    with zipfile.ZipFile(info.path) as archive:
        names = archive.namelist()
        text = "".join(archive.read(name).decode("utf-8") for name in names
                       if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name))
        styles = archive.read("word/styles.xml").decode("utf-8")
    used = set(re.findall(r'<w:tblStyle w:val="([^"]+)"', text))
    tables = re.findall(r'<w:style w:type="table"( w:default="1")? w:styleId="([^"]+)"', styles)
    assert tables, "no table style at all: Word needs the default one"
    assert all(default or key in used for default, key in tables), tables
    assert len(re.findall(r'<w:style w:type="paragraph"', styles)) > 30
    assert not [name for name in names if "thumbnail" in name]


def test_a_workbook_asking_for_f4_gets_f4_pages(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Ukuran Kertas")["Nilai"] = "F4"
    workbook = write_sheets(tmp_path, sheets)
    output = tmp_path / "output"
    generate(workbook, Options(output=output, register=tmp_path / "register.sqlite",
                               kodes=("KS-2027-003",), today=date(2026, 11, 25)))
    documents = sorted((output / "KS-2027-003").glob("*.docx"))
    # A unit's head signs KS-2027-003's MSP: no request to sign in its pack.
    assert len(documents) == len([info for info in TEMPLATES if info.needed("")])
    for document in documents:
        for section in _sections(_part(document, "word/document.xml")):
            assert _page(section)[0] == F4, document.name
