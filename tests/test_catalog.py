"""Which template a ``-t`` names, which partners a ``-k`` names, and the facts the
catalogue holds for every stage."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from helpers import run

from ksdocs.catalog import BY_ID, NUMBERED, TEMPLATES, shipped_for
from ksdocs.context import FIELDS, NUMBER_KEYS
from ksdocs.models import Settings
from ksdocs.schema import SETTINGS
from ksdocs.validate import GIVEN_NUMBER_COLUMNS

EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"


def test_the_letters_are_one_field_of_the_catalogue() -> None:
    assert [info.id for info in NUMBERED] == [
        "rencana", "penyampaian", "nota-dinas", "undangan", "permohonan-ttd", "laporan"]
    assert list(NUMBER_KEYS.values()) == [
        "nomor_rencana", "nomor_penyampaian", "nomor_nota_dinas", "nomor_undangan",
        "nomor_permohonan_ttd", "nomor_laporan"]
    assert {key for key in FIELDS if key.startswith("surat.nomor_")} == {
        f"surat.{key}" for key in NUMBER_KEYS.values()}
    assert GIVEN_NUMBER_COLUMNS == ("nomor_rencana", "nomor_penyampaian")


def test_every_setting_default_is_the_schema_one() -> None:
    defaults = Settings()
    assert {field.name for field in dataclasses.fields(Settings)} == {
        setting.attribute for setting in SETTINGS}
    for setting in SETTINGS:
        assert getattr(defaults, setting.attribute) == setting.default, setting.key


@pytest.mark.parametrize("name", [
    "Penyampaian.docx", "PENYAMPAIAN.DOCX", "penyampaian - Copy.docx",
    "penyampaian - Copy (2).docx", "Penyampaian (1).docx", "penyampaian - Salinan.docx",
    "Copy of penyampaian.docx", "penyampaian copy 2.docx", "Salinan penyampaian.docx",
])
def test_a_copy_of_a_shipped_template_is_matched(name: str) -> None:
    assert shipped_for(Path(name)) is BY_ID["penyampaian"]


def test_words_of_a_template_id_match_in_any_spelling() -> None:
    assert shipped_for(Path("Nota Dinas.docx")) is BY_ID["nota-dinas"]
    assert shipped_for(Path("tanda_tangan.docx")) is BY_ID["tanda-tangan"]
    assert shipped_for(Path("surat-penyampaian.docx")) is None


def test_a_renamed_copy_keeps_its_letter_number(tmp_path: Path) -> None:
    copy = tmp_path / "Penyampaian - Copy.docx"
    shutil.copy(BY_ID["penyampaian"].path, copy)
    out = tmp_path / "out"
    code, output = run("generate", str(EXAMPLE), "-o", str(out), "-t", str(copy),
                       "-k", "KS-2027-001")
    assert code == 0, output
    (entry,) = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dokumen"]
    assert entry["path"] == "KS-2027-001/02-penyampaian.docx"
    assert entry["number"]
    text = "\n".join(cell.text for table in Document(str(out / entry["path"])).tables
                     for row in table.rows for cell in row.cells)
    # The document writes the number with non-breaking hyphens, so it never splits.
    assert entry["number"].replace("-", "\u2011") in text


def test_a_template_whose_number_would_be_blank_is_warned(tmp_path: Path) -> None:
    other = tmp_path / "surat-kami.docx"
    shutil.copy(BY_ID["penyampaian"].path, other)
    out = tmp_path / "out"
    code, output = run("generate", str(EXAMPLE), "-o", str(out), "-t", str(other),
                       "-k", "KS-2027-001")
    assert code == 0, output
    assert ("PERINGATAN  Templat surat-kami.docx memakai {{ surat.nomor }}, tetapi namanya "
            "tidak cocok") in output
    code, output = run("generate", str(EXAMPLE), "-o", str(out), "-t", "penyampaian",
                       "-k", "KS-2027-002")
    assert code == 0, output
    assert "PERINGATAN  Templat" not in output
    code, output = run("templates", "check", str(other))
    assert code == 0
    assert output.startswith("PERINGATAN  Templat surat-kami.docx memakai {{ surat.nomor }}")
    copy = tmp_path / "Penyampaian (2).docx"
    shutil.copy(BY_ID["penyampaian"].path, copy)
    code, output = run("templates", "check", str(copy))
    assert (code, output) == (0, f"{copy}: tidak ada masalah.\n")


def test_a_mistyped_template_id_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path / "out"), "-t", "mps")
    assert code == 2
    assert 'templat "mps" tidak dikenal (maksud Anda "msp"?)' in output
    assert "ksdocs generate --help" in output
    code, output = run("templates", "show", "kajan")
    assert code == 2
    assert '"kajian"' in output


def test_a_template_id_in_capitals_is_that_template(tmp_path: Path) -> None:
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-t", "MSP",
                       "-k", "KS-2027-001")
    assert code == 0, output
    assert [p.name for p in (tmp_path / "KS-2027-001").iterdir()] == [BY_ID["msp"].filename]


def test_kode_selects_in_any_case_in_every_command(tmp_path: Path) -> None:
    register = str(tmp_path / "register.sqlite")
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-k", "ks-2027-001",
                       "--register", register)
    assert code == 0, output
    assert sorted(p.name for p in (tmp_path / "KS-2027-001").iterdir()) == sorted(
        info.filename for info in TEMPLATES)
    assert not (tmp_path / "ks-2027-001").exists() or (tmp_path / "KS-2027-001").samefile(
        tmp_path / "ks-2027-001")
    code, output = run("register", "--register", register, "-k", "ks-2027-001")
    assert code == 0, output
    # The Menteri signs KS-2027-001's MSP: its pack holds the request to sign as well.
    assert "NOMOR SURAT (6)" in output and "DOKUMEN (10)" in output
    code, output = run("signatory", str(EXAMPLE), "-k", "Ks-2027-002")
    assert code == 0, output
    assert output.startswith("KS-2027-002")
    code, output = run("signatory", str(EXAMPLE), "-k", "KS-9999")
    assert code == 1
    assert 'Kode "KS-9999" tidak ada pada lembar Mitra; Kode yang ada: KS-2027-001' in output
