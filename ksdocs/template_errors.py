"""Where a template error is, and what it means, in words for the template's author.

A place is the visible text of the paragraph around the error: the line of the part's
preprocessed source (one paragraph per line) or an offset in the rendered XML.
"""

from __future__ import annotations

import html
import re
import traceback

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError

from ksdocs.errors import BlankDate, TemplateProblem, UnwritableCharacter


def visible_text(xml: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", xml)).split())


def shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + " …"


def place_of_line(lines: list[str], lineno: int | None) -> str:
    """The text of source line `lineno` (1-based; one paragraph per line), or of the
    nearest lines that have text when it has none."""
    if not lines or lineno is None:
        return ""
    index = min(max(lineno - 1, 0), len(lines) - 1)
    order = [index] + [i for k in range(1, 4) for i in (index + k, index - k)]
    for i in order:
        if 0 <= i < len(lines):
            text = visible_text(lines[i])
            if text:
                return shorten(text)
    return ""


def place_of_offset(xml: str, offset: int) -> str:
    """The text of the paragraph of rendered `xml` around character `offset`."""
    start = max(xml.rfind("<w:p>", 0, offset), xml.rfind("<w:p ", 0, offset), 0)
    end = xml.find("</w:p>", offset)
    return shorten(visible_text(xml[start: end if end >= 0 else offset + 200]))


def problem(template: str, part: str, place: str, message: str) -> TemplateProblem:
    where = f"Templat {template} ({part})"
    if place:
        where += f', di sekitar "{place}"'
    return TemplateProblem(f"{where}: {message}")


def describe(exc: BaseException, source_line: str) -> str:
    """What went wrong, in Indonesian, for the user who wrote the template."""
    text = str(exc)
    if isinstance(exc, UndefinedError) and not isinstance(exc, SecurityError):
        m = re.search(r"'([^']+)' is undefined", text)
        if m:
            return f"variabel '{m.group(1)}' tidak dikenal"
        m = re.search(r"has no (?:attribute|element) '?([^']+?)'?$", text)
        if m:
            attribute = m.group(1)
            expression = jinja_code(source_line)
            full = re.search(
                r"([A-Za-z_]\w*(?:\.\w+|\[[^\]]*\])*)\." + re.escape(attribute) + r"\b",
                expression,
            )
            name = full.group(0) if full else attribute
            return f"variabel '{name}' tidak dikenal"
        return f"nilai tidak dikenal ({text})"
    if isinstance(exc, SecurityError):
        return f"tidak diizinkan oleh sandbox ({text})"
    if isinstance(exc, RecursionError):
        return "makro atau blok memanggil dirinya sendiri tanpa akhir"
    if isinstance(exc, MemoryError):
        return "hasil render terlalu besar untuk memori"
    if isinstance(exc, TemplateSyntaxError):
        m = re.search(r"No (filter|test) named '([^']+)'", exc.message or "")
        if m:
            return f"{m.group(1)} '{m.group(2)}' tidak dikenal"
        return f"kesalahan penulisan tag Jinja ({exc.message})"
    if isinstance(exc, TemplateError):
        return f"kesalahan Jinja ({text})"
    if isinstance(exc, UnwritableCharacter):
        return text
    if isinstance(exc, BlankDate):
        return blank_date_message(_filtered_field(source_line, exc.filter_name),
                                  exc.filter_name)
    return f"nilai tidak dapat diolah ({type(exc).__name__}: {text})"


def blank_date_message(field: str, filter_name: str) -> str:
    """Why a date filter refused, and how to write the blank case."""
    return (f"'{field}' kosong untuk mitra ini, dan filter '{filter_name}' tidak mengisi "
            f"tanggal yang kosong (tanggal hari ini bukan penggantinya); tulis "
            f"{{% if {field} %}}{{{{ {field} | {filter_name} }}}}{{% else %}}……{{% endif %}}")


def _filtered_field(source_line: str, filter_name: str) -> str:
    """The expression a filter is applied to on a source line, e.g. ``ttd.tanggal``."""
    match = re.search(r"([A-Za-z_][\w.\[\]'\"]*)\s*\|\s*" + re.escape(filter_name) + r"\b",
                      jinja_code(source_line))
    return match.group(1) if match else "nilai"


def jinja_code(xml_line: str) -> str:
    """The Jinja expressions and statements of a source line, without the XML."""
    return " ".join(re.findall(r"{{.*?}}|{%.*?%}", re.sub(r"<[^>]+>", "", xml_line)))


def error_lineno(exc: BaseException, filename: str) -> int | None:
    """The template line an error happened on: Jinja's own, or the last traceback frame
    Jinja rewrote to point into the template."""
    lineno = getattr(exc, "lineno", None)
    if isinstance(exc, TemplateSyntaxError) and lineno is not None:
        return int(lineno)
    found = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == filename:
            found = line
    return found
