"""07 tanda-tangan: the signing page."""

from __future__ import annotations

from .layout import (
    Doc,
    para,
)
from .msp import closing_clause, signature_blocks


def build_tanda_tangan() -> Doc:
    """07: the signing page: closing clause, place and date, both signature blocks."""
    doc = Doc("Halaman Penandatanganan MSP")
    closing_clause(doc)
    para(doc.body, "", after=12)
    signature_blocks(doc)
    return doc
