"""A .docx as the plain text a reviewer reads: for golden files and text assertions.

Body paragraphs one a line; a table row as its cells joined by `` | ``; then every
header and footer of every section, each under a ``[kepala]``/``[kaki]`` line. Tabs
show as ``→``, line breaks inside a paragraph as ``↵`` followed by a new line, so that
a golden file shows the layout's skeleton as well as the words.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PARTS = (
    ("kepala halaman pertama", "headerReference", "first"),
    ("kepala", "headerReference", "default"),
    ("kaki halaman pertama", "footerReference", "first"),
    ("kaki", "footerReference", "default"),
)
"""A section's headers and footers, in the order the text shows them."""


@dataclass(frozen=True)
class DocumentXml:
    """What a reader sees of a .docx: the body, and each section's own headers and
    footers (None where the section has none of that kind and shows the previous one's),
    parsed with lxml alone. python-docx's ``Document()`` gives the same elements but
    parses every part of the package (styles, numbering, theme) to do so, several times
    slower for the documents the tests read by the hundred."""

    body: Any
    sections: list[dict[str, Any]]

    @classmethod
    def read(cls, source: Path | bytes) -> DocumentXml:
        data = source if isinstance(source, bytes) else source.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            document = etree.fromstring(package.read("word/document.xml"))
            relationships = etree.fromstring(package.read("word/_rels/document.xml.rels"))
            targets = {rel.get("Id"): rel.get("Target") for rel in relationships}
            body = document.find(qn("w:body"))
            sections = []
            # python-docx's sections: a paragraph's section break, then the body's last
            for sect_pr in body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr",
                                      namespaces={"w": W_P[1:W_P.index("}")]}):
                parts: dict[str, Any] = {}
                for label, reference, kind in PARTS:
                    found = [ref for ref in sect_pr.iterchildren(qn(f"w:{reference}"))
                             if ref.get(qn("w:type")) == kind]
                    if not found:
                        parts[label] = None
                        continue
                    target = targets[found[0].get(_R_ID)]
                    name = (target.lstrip("/") if target.startswith("/")
                            else posixpath.normpath(posixpath.join("word", target)))
                    parts[label] = etree.fromstring(package.read(name))
                sections.append(parts)
        return cls(body, sections)


def document_text(path: Path) -> str:
    """The whole text of the document at `path`, ending with one newline."""
    document = DocumentXml.read(path)
    lines = _block_lines(document.body)
    for number, section in enumerate(document.sections, start=1):
        for label, part in section.items():
            if part is None:
                continue
            part_lines = _block_lines(part)
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
