"""Previews (``generate --preview``): the same documents, marked ``PRATINJAU`` at render
time, with letter numbers the register has not given yet left as dotted lines.

The mark is a paragraph added at the top of every page header of the rendered document
(so every page shows it), or at the top of its body when it has no header; never an
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
_HEADER_START = re.compile(rb"<w:hdr>|<w:hdr\s[^>]*>")
_HEADER_PART = re.compile(r"word/header\d*\.xml")
_PARAGRAPH = (
    '<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="120"/></w:pPr>'
    '<w:r><w:rPr><w:b/><w:color w:val="C00000"/><w:sz w:val="28"/></w:rPr>'
    f"<w:t>{MARK}</w:t></w:r></w:p>"
).encode()


def mark_preview(docx: bytes) -> bytes:
    """The document `docx` with the ``PRATINJAU`` line on every page."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    target_buffer = io.BytesIO()
    with source, zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        headers = [i.filename for i in source.infolist() if _HEADER_PART.fullmatch(i.filename)]
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in headers:
                data = _insert_after(_HEADER_START, data)
            elif info.filename == "word/document.xml" and not headers:
                data = _insert_after(_BODY, data)
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target_buffer.getvalue()


def _insert_after(start: re.Pattern[bytes], xml: bytes) -> bytes:
    found = start.search(xml)
    if found is None:
        return xml
    return xml[: found.end()] + _PARAGRAPH + xml[found.end() :]
