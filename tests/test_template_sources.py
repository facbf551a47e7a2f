"""The shipped templates are what their builder makes (tools/docbuild/ is the source).

A sentence changed in the builder without a rebuild, or in a .docx without the builder,
fails here: rebuild with ``python tools/build_templates.py`` and commit both.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import build_templates  # noqa: E402

# Runs the whole builder (every template made again, about 1.5 s): in CI, not in the fast
# loop, where the golden texts and the shipped templates' checks still cover the templates.
pytestmark = pytest.mark.slow


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {path.stem: path for path in build_templates.build(folder)}


def test_every_shipped_template_has_a_builder_and_every_builder_a_template(
    rebuilt: dict[str, Path],
) -> None:
    shipped = {path.stem for path in build_templates.TEMPLATES.glob("*.docx")}
    assert shipped == set(rebuilt)


@pytest.mark.parametrize("template_id", sorted(
    path.stem for path in (ROOT / "templates").glob("*.docx")
))
def test_a_shipped_template_is_exactly_what_its_builder_makes(
    template_id: str, rebuilt: dict[str, Path]
) -> None:
    shipped = _parts(build_templates.TEMPLATES / f"{template_id}.docx")
    built = _parts(rebuilt[template_id])
    assert sorted(shipped) == sorted(built), "the parts of the .docx differ"
    different = [name for name in shipped if shipped[name] != built[name]]
    assert different == [], (
        f"{template_id}.docx differs from its builder in {different}: "
        "rebuild with python tools/build_templates.py"
    )
