"""The example pack as printed by LibreOffice: page breaks and fonts a reader would notice."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from helpers import emblem_png, example, row, write_sheets

from ksdocs.generate import Options, generate
from ksdocs.pdf import convert_to_pdf

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "contoh-kerjasama.xlsx"
TODAY = date(2026, 11, 25)
PAGE_NUMBER = re.compile(r"^\s*-?\s*\d+\s*-?\s*")


@pytest.fixture(scope="module")
def poppler() -> None:
    for tool in ("pdfinfo", "pdftotext", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} (poppler-utils) is not installed")


def _output(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _last_page_start(pdf: Path) -> str:
    pages = int(re.search(r"Pages:\s+(\d+)", _output("pdfinfo", str(pdf))).group(1))  # type: ignore[union-attr]
    text = _output("pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-")
    lines = [line for line in text.splitlines() if line.strip()]
    first = PAGE_NUMBER.sub("", lines[0]) if pages > 1 and lines else (lines or [""])[0]
    return first or (lines[1] if len(lines) > 1 else "")


@pytest.mark.libreoffice
def test_no_document_of_the_example_pack_ends_on_a_page_starting_with_the_tembusan(
    tmp_path: Path, soffice: str, poppler: None
) -> None:
    output = tmp_path / "out"
    generate(EXAMPLE, Options(output=output, today=TODAY))
    pdfs = convert_to_pdf(sorted(output.glob("*/*.docx")), jobs=2, soffice=soffice)
    starts = {pdf.relative_to(output).as_posix(): _last_page_start(pdf) for pdf in pdfs}
    alone = [name for name, start in starts.items() if start.startswith(("Tembusan", "NIP"))]
    assert alone == []


@pytest.mark.libreoffice
def test_a_japanese_partner_name_prints_in_a_cjk_font(
    tmp_path: Path, soffice: str, poppler: None
) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Nama Mitra"] = "独立行政法人国際協力機構"
    workbook = write_sheets(tmp_path, sheets)
    output = tmp_path / "out"
    generate(workbook, Options(output=output, today=TODAY, kodes=("KS-2027-003",),
                               templates=("penyampaian",)))
    (pdf,) = convert_to_pdf([output / "KS-2027-003" / "02-penyampaian.docx"], soffice=soffice)
    assert "独立行政法人" in _output("pdftotext", str(pdf), "-")
    assert "CJK" in _output("pdffonts", str(pdf))


@pytest.mark.libreoffice
def test_the_logo_prints_at_the_left_of_the_letterhead(
    tmp_path: Path, soffice: str, poppler: None
) -> None:
    (tmp_path / "lambang.png").write_bytes(emblem_png(120, 132))
    sheets = example()
    row(sheets, "Pengaturan", "Logo")["Nilai"] = "lambang.png"
    output = tmp_path / "out"
    generate(write_sheets(tmp_path, sheets), Options(
        output=output, today=TODAY, kodes=("KS-2027-003",), templates=("penyampaian",)))
    (pdf,) = convert_to_pdf([output / "KS-2027-003" / "02-penyampaian.docx"], soffice=soffice)
    images = _output("pdfimages", "-list", str(pdf)).splitlines()[2:]
    # one picture (its transparency is a soft mask beside it), on the first page
    assert [line.split()[:5] for line in images if line.split()[2] == "image"] == [
        ["1", "0", "image", "120", "132"]]
    # the names still read on one line each beside it
    text = _output("pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-")
    assert "DIREKTORAT JENDERAL PERATURAN PERUNDANG-UNDANGAN" in text.replace("\u2011", "-")
