"""Previews (``generate --preview``): the same documents, marked ``PRATINJAU`` at render
time, with letter numbers the register has not given yet left as dotted lines.

The mark is a paragraph added at the top of the rendered document's body, never an
edit of the template, so a user's own template is marked the same way.
"""

from __future__ import annotations

import io
import re
import zipfile

MARK = "PRATINJAU — bukan dokumen resmi"
NUMBER_DOTS = "...................."
"""A letter number not given yet, as a dotted line to fill by hand."""

_BODY = re.compile(rb"<w:body>|<w:body\s[^>]*>")
_PARAGRAPH = (
    '<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="120"/></w:pPr>'
    '<w:r><w:rPr><w:b/><w:color w:val="C00000"/><w:sz w:val="28"/></w:rPr>'
    f"<w:t>{MARK}</w:t></w:r></w:p>"
).encode()


def mark_preview(docx: bytes) -> bytes:
    """The document `docx` with the ``PRATINJAU`` line as its first paragraph."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    target_buffer = io.BytesIO()
    with source, zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                found = _BODY.search(data)
                if found is not None:
                    data = data[: found.end()] + _PARAGRAPH + data[found.end() :]
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target_buffer.getvalue()
