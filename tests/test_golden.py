"""Every document of the example pack, word for word, against tests/golden/.

Any change of wording, numbering or layout shows as a readable diff of the golden text
files in review. After an intended change, rewrite them with

    python -m pytest tests/test_golden.py --update-golden

and read the diff before committing it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from document_text import document_text

from ksdocs.generate import Options, generate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "contoh-kerjasama.xlsx"
GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = date(2026, 11, 25)
"""The day of generation for letters without a Tanggal Surat, fixed so the files stay put."""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Relative name (``KS-2027-001/02-penyampaian``) → text, for the whole example pack."""
    folder = tmp_path_factory.mktemp("golden")
    output = folder / "output"
    generate(EXAMPLE, Options(output=output, register=folder / "register.sqlite", today=TODAY))
    return {
        path.relative_to(output).with_suffix("").as_posix(): document_text(path)
        for path in sorted(output.glob("*/*.docx"))
    }


def _golden_names() -> set[str]:
    return {
        path.relative_to(GOLDEN).with_suffix("").as_posix() for path in GOLDEN.glob("*/*.txt")
    }


def test_the_example_pack_holds_exactly_the_golden_documents(
    pack: dict[str, str], request: pytest.FixtureRequest
) -> None:
    if request.config.getoption("--update-golden"):
        for stale in _golden_names() - set(pack):
            (GOLDEN / f"{stale}.txt").unlink()
        for name, text in pack.items():
            target = GOLDEN / f"{name}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    assert sorted(pack) == sorted(_golden_names())


def test_every_document_reads_as_its_golden_text(pack: dict[str, str]) -> None:
    different = [
        name for name, text in pack.items()
        if not (GOLDEN / f"{name}.txt").exists()
        or (GOLDEN / f"{name}.txt").read_text(encoding="utf-8") != text
    ]
    for name in different[:1]:
        golden = GOLDEN / f"{name}.txt"
        expected = golden.read_text(encoding="utf-8") if golden.exists() else ""
        assert pack[name] == expected, f"{name} differs from its golden text"
    assert different == [], "differ from their golden text (see the first diff above)"
