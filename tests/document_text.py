"""A .docx as the plain text a reviewer reads: for golden files and text assertions.

Body paragraphs one a line; a table row as its cells joined by `` | ``; then every
header and footer of every section, each under a ``[kepala]``/``[kaki]`` line. Tabs
show as ``→``, line breaks inside a paragraph as ``↵`` followed by a new line, so that
a golden file shows the layout's skeleton as well as the words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")


def document_text(path: Path) -> str:
    """The whole text of the document at `path`, ending with one newline."""
    document = Document(str(path))
    lines = _block_lines(document.element.body)
    for number, section in enumerate(document.sections, start=1):
        for label, part in (
            ("kepala halaman pertama", section.first_page_header),
            ("kepala", section.header),
            ("kaki halaman pertama", section.first_page_footer),
            ("kaki", section.footer),
        ):
            if part.is_linked_to_previous:
                continue
            part_lines = _block_lines(part._element)
            if any(line.strip() for line in part_lines):
                lines.append(f"[{label} {number}]")
                lines.extend(part_lines)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _block_lines(container: Any) -> list[str]:
    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == W_P:
            lines.append(_paragraph(child))
        elif child.tag == W_TBL:
            for row in child.iter(W_TR):
                cells = [
                    " / ".join(_paragraph(p) for p in cell.iter(W_P) if _paragraph(p).strip())
                    for cell in row.iterchildren(W_TC)
                ]
                lines.append(" | ".join(cells))
    return lines


def _paragraph(p: Any) -> str:
    pieces: list[str] = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:noBreakHyphen")):
        if node.tag == qn("w:t"):
            pieces.append(node.text or "")
        elif node.tag == qn("w:noBreakHyphen"):
            pieces.append("-")
        elif node.tag == qn("w:tab") and node.getparent().tag == qn("w:r"):
            pieces.append("→")
        elif node.tag == qn("w:br") and node.get(qn("w:type")) in (None, "textWrapping"):
            pieces.append("↵\n")
        elif node.tag == qn("w:br"):
            pieces.append(f"[{node.get(qn('w:type'))}]")
    return "".join(pieces)
