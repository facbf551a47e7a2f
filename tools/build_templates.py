"""Build the document templates of the pack: ``templates/<id>.docx``.

The documents' wording is authored in ``tools/docbuild/`` (a module per document, on a
small layout module) and lands in Word files that ship with the package. A test rebuilds
every template and fails when a committed .docx differs from its builder, so a change is
made in the builder and the templates are rebuilt with ``python tools/build_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docbuild import BUILDERS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def build(target: Path) -> list[Path]:
    """Build every template into `target`; return the files written."""
    written = []
    for template_id, builder in BUILDERS.items():
        path = target / f"{template_id}.docx"
        builder().save(path)
        written.append(path)
    return written


def main() -> None:
    """Build every template into ``templates/``."""
    for path in build(TEMPLATES):
        print(f"{path.relative_to(TEMPLATES.parent)}")


if __name__ == "__main__":
    main()
