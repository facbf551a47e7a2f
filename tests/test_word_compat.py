"""Every shipped template and every document of the example pack opens in Microsoft Word
without a repair: `openxml-audit` (schema, semantics and Word's app-compat rules) finds
nothing. LibreOffice opens almost anything; the office uses Word."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from helpers import emblem_png, example, row, write_sheets
from openxml_audit import OpenXmlValidator

from ksdocs.catalog import TEMPLATES
from ksdocs.generate import Options, generate

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "contoh-kerjasama.xlsx"


def _findings(paths: list[Path]) -> dict[str, list[str]]:
    validator = OpenXmlValidator()
    found = {}
    for path in paths:
        result = validator.validate(str(path))
        if not result.is_valid or result.error_count or result.warning_count:
            found[path.name] = [str(error) for error in result.errors]
    return found


@pytest.mark.slow
def test_every_shipped_template_passes_openxml_audit() -> None:
    assert _findings([info.path for info in TEMPLATES]) == {}


@pytest.mark.slow
def test_every_document_of_the_example_pack_passes_openxml_audit(tmp_path: Path) -> None:
    output = tmp_path / "out"
    generate(EXAMPLE, Options(output=output, today=date(2026, 11, 25)))
    documents = sorted(output.glob("*/*.docx"))
    assert len(documents) > 60
    found = _findings(documents)
    assert found == {}, {name: found[name] for name in list(found)[:3]}


@pytest.mark.slow
def test_a_pack_with_a_logo_and_signing_on_behalf_of_the_menteri_passes_openxml_audit(
    tmp_path: Path,
) -> None:
    (tmp_path / "lambang.png").write_bytes(emblem_png())
    sheets = example()
    row(sheets, "Pengaturan", "Logo")["Nilai"] = "lambang.png"
    row(sheets, "Pengaturan", "Atas Nama Menteri")["Nilai"] = "Ya"
    output = tmp_path / "out"
    # the Sekretaris Jenderal signs KS-2027-002: every document, the request to sign too
    generate(write_sheets(tmp_path, sheets),
             Options(output=output, today=date(2026, 11, 25), kodes=("KS-2027-002",)))
    documents = sorted(output.glob("*/*.docx"))
    assert len(documents) == 10
    assert sum("word/media/logo.png" in zipfile.ZipFile(d).namelist() for d in documents) == 7
    assert _findings(documents) == {}
