"""The Jinja environment, and .docx templates compiled once and rendered many times.

`CompiledTemplate` produces the document docxtpl's ``DocxTemplate.render`` + ``save``
would, but does the costly work once per template: the .docx is read and docxtpl's own
``patch_xml`` preprocessing is applied when the template is loaded, each part that
carries Jinja tags is compiled once, and every other zip member is kept as its
compressed bytes. A render then runs the compiled Jinja code, applies docxtpl's
post-processing to the rendered parts only, checks they are well-formed XML, and writes
the zip directly. `check_template` lints a user's template against `context.FIELDS`.
"""

from __future__ import annotations

import html
import io
import re
import signal
import struct
import threading
import traceback
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.nodes import EvalContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import pass_eval_context
from lxml import etree
from markupsafe import Markup, escape

from ksdocs.context import FIELDS
from ksdocs.errors import TemplateProblem
from ksdocs.formatting import FILTERS


def make_environment() -> SandboxedEnvironment:
    """Sandboxed (templates come from users), strict (a missing value is an error, never a
    blank) and autoescaping (a partner named ``Smith & Lee <Asia>`` comes out as written)."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True,
                               finalize=_keep_markers)
    env.filters.update(FILTERS)
    return env


_MARKER = re.compile(r"\{_|_\}")


@pass_eval_context
def _keep_markers(eval_ctx: EvalContext, value: Any) -> Any:
    """A value as written even when it holds docxtpl's ``{_{ }_} {_% %_}`` markers.

    docxtpl turns those markers into braces in the whole rendered XML, values included;
    writing the ``_`` of a value's marker as a character reference keeps it out of reach.
    """
    if (not eval_ctx.autoescape or not isinstance(value, str) or isinstance(value, Markup)
            or ("{_" not in value and "_}" not in value)):
        return value
    return Markup(_MARKER.sub(lambda m: m.group(0).replace("_", "&#95;"), str(escape(value))))


PAPERS = ("A4", "F4")
"""The paper sizes a document can be rendered on; the templates are A4."""
F4_TWIPS = (12189, 18709)
"""215 × 330 mm, portrait width × height, in twentieths of a point."""

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_W = "{" + _NS["w"] + "}"
_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

_CORE_PROPERTIES = {
    # The core properties docxtpl renders (``render_properties``) → their element.
    "author": "dc:creator",
    "comments": "dc:description",
    "identifier": "dc:identifier",
    "language": "dc:language",
    "subject": "dc:subject",
    "title": "dc:title",
}

# Errors a template can provoke while rendering: Jinja's own, and what filters or
# expressions raise on values they cannot handle (``{{ mitra.nama | kata }}``, ``1/0``).
_RENDER_ERRORS = (TemplateError, TypeError, ValueError, ArithmeticError, LookupError,
                  AttributeError, RecursionError, MemoryError)

RENDER_TIME_LIMIT = 60.0
"""Seconds one document may take to render before the template is refused: a loop over
``range(99999)`` inside another renders for hours. The shipped templates take
milliseconds."""


class _TooSlow(Exception):
    """Raised by the render timer inside a render that has run out of time."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise `_TooSlow` in the code running inside after `seconds` (SIGALRM).

    Only the main thread of a process can take signals, which forked workers are; in
    other threads, or without ``setitimer`` (Windows), there is no limit. A timer armed
    by the caller is put back with the time it had left."""
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    outer, _interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        left, _interval = signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (seconds - left), 0.001))


# ---------------------------------------------------------------------------------------
# Where an error is: the visible text of the paragraph around a line of a part's source.


def _visible_text(xml: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", xml)).split())


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + " …"


def _place_of_line(lines: list[str], lineno: int | None) -> str:
    """The text of source line `lineno` (1-based; one paragraph per line), or of the
    nearest lines that have text when it has none."""
    if not lines or lineno is None:
        return ""
    index = min(max(lineno - 1, 0), len(lines) - 1)
    order = [index] + [i for k in range(1, 4) for i in (index + k, index - k)]
    for i in order:
        if 0 <= i < len(lines):
            text = _visible_text(lines[i])
            if text:
                return _shorten(text)
    return ""


def _place_of_offset(xml: str, offset: int) -> str:
    """The text of the paragraph of rendered `xml` around character `offset`."""
    start = max(xml.rfind("<w:p>", 0, offset), xml.rfind("<w:p ", 0, offset), 0)
    end = xml.find("</w:p>", offset)
    return _shorten(_visible_text(xml[start: end if end >= 0 else offset + 200]))


def _problem(template: str, part: str, place: str, message: str) -> TemplateProblem:
    where = f"Templat {template} ({part})"
    if place:
        where += f', di sekitar "{place}"'
    return TemplateProblem(f"{where}: {message}")


def _describe(exc: BaseException, source_line: str) -> str:
    """What went wrong, in Indonesian, for the user who wrote the template."""
    text = str(exc)
    if isinstance(exc, UndefinedError) and not isinstance(exc, SecurityError):
        m = re.search(r"'([^']+)' is undefined", text)
        if m:
            return f"variabel '{m.group(1)}' tidak dikenal"
        m = re.search(r"has no (?:attribute|element) '?([^']+?)'?$", text)
        if m:
            attribute = m.group(1)
            expression = _jinja_code(source_line)
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
    return f"nilai tidak dapat diolah ({type(exc).__name__}: {text})"


def _jinja_code(xml_line: str) -> str:
    """The Jinja expressions and statements of a source line, without the XML."""
    return " ".join(re.findall(r"{{.*?}}|{%.*?%}", re.sub(r"<[^>]+>", "", xml_line)))


def _error_lineno(exc: BaseException, filename: str) -> int | None:
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


# ---------------------------------------------------------------------------------------
# docxtpl's post-processing, equivalent but skipping the work that would change nothing.

_LISTING_CHARS = ("\n", "\t", "\a", "\f")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_DOCPR = re.compile(r"<wp:docPr\b[^>]*>")
_DOCPR_ID = re.compile(r'(\sid=")[^"]*(")')
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PGSZ = re.compile(r"<w:pgSz\b[^>]*?/?>")


_DOCXTPL = DocxTemplate("")
"""For docxtpl's methods that use no document (resolve_listing, fix_tables)."""


def _has_listing_chars(xml: str) -> bool:
    return any(c in xml for c in _LISTING_CHARS)


def _resolve_listing(xml: str) -> str:
    """docxtpl's ``resolve_listing`` (``\\n`` in a value → ``<w:br/>``, ``\\t`` → tab, …),
    applied only to the paragraphs that contain such a character."""
    if not _has_listing_chars(xml):
        return xml

    def paragraph(m: re.Match[str]) -> str:
        text = m.group(0)
        return str(_DOCXTPL.resolve_listing(text)) if _has_listing_chars(text) else text

    return _PARAGRAPH.sub(paragraph, xml)


def _postprocess(xml: str) -> str:
    """What docxtpl's ``render_xml_part`` does after Jinja has run."""
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "{_" in xml or "_}" in xml:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
    return _resolve_listing(xml)


# A cell spans its tcPr's gridSpan columns, or one; ROW_SPAN is a row's total.
_ROW_SPAN = ("count(w:tc[not(w:tcPr[1]/w:gridSpan)])"
             " + sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val)")
_GRID = "count(ancestor::w:tbl[1]/w:tblGrid[1]/w:gridCol)"
_TABLES_NEED_FIX = etree.XPath(
    f"boolean(//w:tbl[w:tblGrid][.//w:tr[count(w:tc) > {_GRID}]"
    f" or not(.//w:tr[{_ROW_SPAN} >= {_GRID}])])",
    namespaces=_NS,
)


def _tables_need_fix(tree: Any, nested: bool) -> bool:
    """Whether docxtpl's ``fix_tables`` would change a table: a row with more cells than
    the grid has columns, or a grid wider than its widest row.

    Without nested tables one XPath answers; with them, docxtpl also counts the rows of
    a nested table against the outer grid, and so does the walk below."""
    if not nested:
        return bool(_TABLES_NEED_FIX(tree))
    for table in tree.iter(_W + "tbl"):
        grid = table.find(_W + "tblGrid")
        if grid is None:
            continue
        columns = len(grid.findall(_W + "gridCol"))
        widest_cells = widest_span = 0
        for row in table.iter(_W + "tr"):
            cells = row.findall(_W + "tc")
            widest_cells = max(widest_cells, len(cells))
            span = 0
            for cell in cells:
                properties = cell.find(_W + "tcPr")
                grid_span = None if properties is None else properties.find(_W + "gridSpan")
                span += int(grid_span.get(_W + "val")) if grid_span is not None else 1
            widest_span = max(widest_span, span)
        if widest_cells > columns or columns > widest_span:
            return True
    return False


def _renumber_drawings(xml: str) -> str:
    """docxtpl's ``fix_docpr_ids``: number every ``wp:docPr`` from 1001 in order."""
    counter = iter(range(1001, 1 << 31))

    def renumber(m: re.Match[str]) -> str:
        return _DOCPR_ID.sub(lambda a: f"{a.group(1)}{next(counter)}{a.group(2)}",
                             m.group(0), count=1)

    return _DOCPR.sub(renumber, xml)


def _set_paper(xml: str, paper: str) -> str:
    """Every section's page size set to `paper`; A4 is what the templates already have."""
    if paper == "A4":
        return xml
    short, long = F4_TWIPS

    def resize(m: re.Match[str]) -> str:
        tag = m.group(0)
        width = re.search(r'\sw:w="(\d+)"', tag)
        height = re.search(r'\sw:h="(\d+)"', tag)
        landscape = 'w:orient="landscape"' in tag or (
            width is not None and height is not None
            and int(width.group(1)) > int(height.group(1))
        )
        w, h = (long, short) if landscape else (short, long)
        tag = re.sub(r'\sw:[wh]="\d*"', "", tag)
        return tag.replace("<w:pgSz", f'<w:pgSz w:w="{w}" w:h="{h}"', 1)

    return _PGSZ.sub(resize, xml)


# ---------------------------------------------------------------------------------------
# The zip container: members read as they are compressed, and written back directly.

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_UTF8_FLAG = 0x800
_DEFLATED = 8


@dataclass
class _Member:
    """One zip member: its compressed data, as read or as just rendered."""

    name: bytes
    flags: int
    method: int
    time: int
    date: int
    crc: int
    compressed: bytes
    size: int

    def local_header(self) -> bytes:
        return _LOCAL_HEADER.pack(
            b"PK\x03\x04", 20, self.flags, self.method, self.time, self.date, self.crc,
            len(self.compressed), self.size, len(self.name), 0,
        ) + self.name

    def central_header(self, offset: int) -> bytes:
        return _CENTRAL_HEADER.pack(
            b"PK\x01\x02", 20, 20, self.flags, self.method, self.time, self.date,
            self.crc, len(self.compressed), self.size, len(self.name), 0, 0, 0, 0, 0,
            offset,
        ) + self.name

    def with_data(self, data: bytes, level: int) -> _Member:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        compressed = compressor.compress(data) + compressor.flush()
        return _Member(self.name, self.flags, _DEFLATED, self.time, self.date,
                       zlib.crc32(data), compressed, len(data))


def _read_members(data: bytes) -> list[_Member]:
    """Every member of the zip `data` with its compressed bytes, in the stored order."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            offset = info.header_offset
            fields = _LOCAL_HEADER.unpack_from(data, offset)
            start = offset + _LOCAL_HEADER.size + fields[9] + fields[10]
            if info.flag_bits & 0x1 or info.compress_type not in (0, _DEFLATED):
                raise ValueError(f"{info.filename}: unsupported zip member")
            name = info.filename.encode("utf-8")
            flags = _UTF8_FLAG if not name.isascii() else 0
            time = (info.date_time[3] << 11) | (info.date_time[4] << 5) | (info.date_time[5] // 2)
            date = ((info.date_time[0] - 1980) << 9) | (info.date_time[1] << 5) | info.date_time[2]
            members.append(_Member(name, flags, info.compress_type, time, date, info.CRC,
                                   data[start: start + info.compress_size], info.file_size))
    return members


def _write_zip(members: list[_Member]) -> bytes:
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for member in members:
        header = member.local_header()
        directory.append(member.central_header(offset))
        chunks += (header, member.compressed)
        offset += len(header) + len(member.compressed)
    central = b"".join(directory)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(central),
                           offset, 0)
    return b"".join(chunks) + central + end


# ---------------------------------------------------------------------------------------
# The compiled template.


@dataclass
class _Part:
    """A zip member whose XML carries Jinja tags, compiled once."""

    name: str
    """The member name, e.g. ``word/document.xml``."""
    template: Template
    filename: str
    """The name the compiled code runs under, to find errors' lines in tracebacks."""
    lines: list[str]
    """The preprocessed source, one paragraph per line, to name where an error is."""
    prefix: bytes = b""
    suffix: bytes = b""
    body: bool = False
    """The main document's body: tables, drawings and page size are fixed here."""
    nested_tables: bool = False


@dataclass
class _Properties:
    """docProps/core.xml when some core properties carry Jinja tags."""

    name: str
    xml: bytes
    templates: dict[str, Template] = field(default_factory=dict)


class CompiledTemplate:
    """A .docx template read, preprocessed and compiled once; see the module docstring.

    Holds no open file or lock, so an instance made before ``fork`` is safe to use in
    the worker processes; otherwise load once per process.
    """

    compresslevel = 1
    """Deflate level of the rendered parts: a few hundred bytes larger than zipfile's
    default 6 on these parts, in a third of the time."""

    time_limit = RENDER_TIME_LIMIT
    """Seconds a render may take; see `RENDER_TIME_LIMIT`."""

    def __init__(self, name: str, members: list[_Member], parts: dict[str, _Part],
                 properties: _Properties | None) -> None:
        self.name = name
        self._members = members
        self._parts = parts
        self._properties = properties

    @classmethod
    def load(cls, path: Path, env: SandboxedEnvironment | None = None,
             name: str | None = None) -> CompiledTemplate:
        """Read, preprocess and compile the template at `path` (named `name` in messages)."""
        env = env if env is not None else make_environment()
        name = name or Path(path).name
        try:
            data = Path(path).read_bytes()
            docxtpl = DocxTemplate(Path(path))
            docxtpl.init_docx()
            members = _read_members(data)
        except TemplateProblem:
            raise
        except Exception as exc:  # python-docx, zipfile and lxml raise many kinds
            raise TemplateProblem(
                f"Templat {name}: tidak dapat dibaca sebagai .docx ({exc})"
            ) from exc
        parts: dict[str, _Part] = {}
        for part_name, source, kind in _tagged_sources(docxtpl):
            parts[part_name] = _compile_part(env, docxtpl, name, part_name, source, kind)
        properties = _compile_properties(env, docxtpl, name, members)
        return cls(name, members, parts, properties)

    @property
    def parts(self) -> list[str]:
        """The names of the zip members rendered each time, e.g. ``word/document.xml``."""
        names = list(self._parts)
        if self._properties is not None:
            names.append(self._properties.name)
        return names

    def render(self, context: Mapping[str, Any], *, paper: str = "A4") -> bytes:
        """The .docx bytes of this template rendered with `context`."""
        if paper not in PAPERS:
            raise ValueError(f"paper must be 'A4' or 'F4', not {paper!r}")
        rendered: dict[str, bytes] = {}
        try:
            with _time_limit(self.time_limit):
                for part in self._parts.values():
                    rendered[part.name] = self._render_part(part, context, paper)
                if self._properties is not None:
                    rendered[self._properties.name] = self._render_properties(context)
        except _TooSlow:
            raise TemplateProblem(f"Templat {self.name}: {self._too_slow()}") from None
        members = [
            member.with_data(rendered[key], self.compresslevel)
            if (key := member.name.decode("utf-8")) in rendered else member
            for member in self._members
        ]
        return _write_zip(members)

    def render_to(self, path: Path, context: Mapping[str, Any], *,
                  paper: str = "A4") -> None:
        """Render with `context` and write the .docx to `path`."""
        Path(path).write_bytes(self.render(context, paper=paper))

    def _render_part(self, part: _Part, context: Mapping[str, Any], paper: str) -> bytes:
        try:
            xml = part.template.render(context)
        except _TooSlow as exc:
            lineno = _error_lineno(exc, part.filename)
            raise _problem(self.name, part.name, _place_of_line(part.lines, lineno),
                           self._too_slow()) from None
        except _RENDER_ERRORS as exc:
            lineno = _error_lineno(exc, part.filename)
            line = part.lines[lineno - 1] if lineno and lineno <= len(part.lines) else ""
            raise _problem(self.name, part.name, _place_of_line(part.lines, lineno),
                           _describe(exc, line)) from exc
        xml = _postprocess(xml)
        data = xml.encode("utf-8")
        try:
            tree = etree.fromstring(data)
        except etree.XMLSyntaxError as exc:
            raise self._malformed(part, xml, data, exc) from exc
        if part.body:
            changed = False
            if "<w:tbl" in xml and _tables_need_fix(tree, part.nested_tables):
                tree = _DOCXTPL.fix_tables(xml)
                xml = etree.tostring(tree, encoding="unicode")
                changed = True
            if "<wp:docPr" in xml:
                xml = _renumber_drawings(xml)
                changed = True
            if paper != "A4":
                xml = _set_paper(xml, paper)
                changed = True
            if changed:
                data = xml.encode("utf-8")
        return part.prefix + data + part.suffix

    def _too_slow(self) -> str:
        return (f"templat terlalu lama dirender (lebih dari {self.time_limit:g} detik); "
                "periksa perulangan {% for %} dan makronya")

    def _malformed(self, part: _Part, xml: str, data: bytes,
                   exc: etree.XMLSyntaxError) -> TemplateProblem:
        illegal = _XML_ILLEGAL.search(xml)
        if illegal:
            return _problem(self.name, part.name, _place_of_offset(xml, illegal.start()),
                            f"sebuah nilai berisi karakter U+{ord(illegal.group()):04X} "
                            "yang tidak boleh ada di dokumen Word")
        return _problem(self.name, part.name, _place_of_offset(xml, _char_offset(data, exc)),
                        "hasil render bukan XML Word yang sah; periksa pasangan tag "
                        f"{{%p %}}, {{%tr %}} dan {{%tc %}} di sekitar tempat ini ({exc.msg})")

    def _render_properties(self, context: Mapping[str, Any]) -> bytes:
        assert self._properties is not None
        root = etree.fromstring(self._properties.xml)
        for prop, template in self._properties.templates.items():
            try:
                value = template.render(context)
            except _RENDER_ERRORS as exc:
                raise _problem(self.name, self._properties.name, "",
                               f"properti dokumen '{prop}': {_describe(exc, '')}") from exc
            tag = _CORE_PROPERTIES[prop]
            element = root.find(tag, _NS)
            if element is None:
                prefix, local = tag.split(":")
                element = etree.SubElement(root, f"{{{_NS[prefix]}}}{local}")
            element.text = value
        return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))


def _char_offset(data: bytes, exc: etree.XMLSyntaxError) -> int:
    """The character offset in `data` of an lxml parse error."""
    line, column = exc.position
    start = 0
    for _ in range(max(line - 1, 0)):
        start = data.find(b"\n", start) + 1
    return len(data[: start + max(column - 1, 0)].decode("utf-8", "replace"))


def _tagged_sources(docxtpl: DocxTemplate) -> Iterator[tuple[str, str, str]]:
    """(member name, preprocessed XML, kind) of every part docxtpl renders that carries
    Jinja tags; kind is ``body``, ``xml`` (header, footer) or ``raw`` (footnotes)."""
    document = docxtpl.docx
    body = docxtpl.patch_xml(docxtpl.get_xml())
    yield document.part.partname.lstrip("/"), body, "body"
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        part = rel.target_part
        if part.blob:
            source = docxtpl.patch_xml(docxtpl.get_part_xml(part))
            if _is_dynamic(source):
                yield part.partname.lstrip("/"), source, "xml"
    for part in document.part.package.parts:
        if part.content_type == CT.WML_FOOTNOTES:
            source = docxtpl.patch_xml(part.blob.decode("utf-8"))
            if _is_dynamic(source):
                yield part.partname.lstrip("/"), source, "raw"


def _is_dynamic(source: str) -> bool:
    """Whether rendering could change the part: Jinja tags, or characters docxtpl's
    ``resolve_listing`` rewrites. A part without either is copied as it is."""
    return any(tag in source for tag in ("{{", "{%", "{#")) or _has_listing_chars(source)


def _compile(env: SandboxedEnvironment, source: str, filename: str) -> Template:
    code = env.compile(source, filename=filename)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _compile_part(env: SandboxedEnvironment, docxtpl: DocxTemplate, name: str,
                  part_name: str, source: str, kind: str) -> _Part:
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)  # as render_xml_part does
    lines = source.split("\n")
    filename = f"{name}/{part_name}"
    try:
        template = _compile(env, source, filename)
    except TemplateSyntaxError as exc:
        lineno = exc.lineno
        line = lines[lineno - 1] if lineno and lineno <= len(lines) else ""
        raise _problem(name, part_name, _place_of_line(lines, lineno),
                       _describe(exc, line)) from exc
    part = _Part(part_name, template, filename, lines)
    if kind == "body":
        part.body = True
        part.prefix, part.suffix = _around_body(docxtpl)
        part.nested_tables = bool(docxtpl.docx.element.body.xpath(".//w:tbl//w:tbl"))
    elif kind == "xml":
        part.prefix = _XML_DECLARATION.encode()
    return part


def _around_body(docxtpl: DocxTemplate) -> tuple[bytes, bytes]:
    """The main document part serialised as python-docx saves it, split where the body
    goes."""
    root = docxtpl.docx.element
    body = root.body
    marker = etree.Comment("ksdocs-body")
    body.addprevious(marker)
    root.remove(body)
    try:
        xml = etree.tostring(root, encoding="UTF-8", standalone=True)
    finally:
        marker.addnext(body)
        root.remove(marker)
    prefix, suffix = xml.split(b"<!--ksdocs-body-->")
    return prefix, suffix


def _compile_properties(env: SandboxedEnvironment, docxtpl: DocxTemplate, name: str,
                        members: list[_Member]) -> _Properties | None:
    """docProps/core.xml's tagged properties compiled, or None when none has tags.

    Unlike docxtpl, values are not HTML-escaped here: a property is plain text, and
    lxml escapes it when it is written, so ``Smith & Lee`` stays as written.
    """
    core = docxtpl.docx.core_properties
    templates = {}
    for prop in _CORE_PROPERTIES:
        value = getattr(core, prop) or ""
        if any(tag in value for tag in ("{{", "{%", "{#")):
            source = "{% autoescape false %}" + value + "{% endautoescape %}"
            try:
                templates[prop] = _compile(env, source, f"{name}/docProps/core.xml")
            except TemplateSyntaxError as exc:
                raise _problem(name, "docProps/core.xml", _shorten(value),
                               f"properti dokumen '{prop}': {_describe(exc, '')}") from exc
    if not templates:
        return None
    part_name = next(
        (part.partname.lstrip("/") for part in docxtpl.docx.part.package.parts
         if part.content_type == CT.OPC_CORE_PROPERTIES),
        "docProps/core.xml",
    )
    for member in members:
        if member.name.decode("utf-8") == part_name:
            data = zlib.decompress(member.compressed, -15) if member.method else member.compressed
            return _Properties(part_name, data, templates)
    return None


# ---------------------------------------------------------------------------------------
# Linting a user's template against the fields ksdocs provides.

FieldPath = tuple[str, ...]
"""``("ruang_lingkup", "[]", "teks")`` for the field ``ruang_lingkup[].teks``."""


def _field_path(key: str) -> FieldPath:
    segments: list[str] = []
    for segment in key.split("."):
        if segment.endswith("[]"):
            segments += [segment[:-2], "[]"]
        else:
            segments.append(segment)
    return tuple(segments)


def _field_key(path: FieldPath) -> str:
    return "".join(s if s == "[]" else f".{s}" for s in path).lstrip(".")


_LEAVES = {_field_path(key): key for key in FIELDS}
_KNOWN = {path[:i] for path in _LEAVES for i in range(1, len(path) + 1)}
_CONTAINER_METHODS = {"items", "keys", "values", "get"}


@dataclass(frozen=True)
class TemplateIssue:
    """One problem `check_template` found: where it is and what is wrong."""

    template: str
    part: str
    place: str
    message: str

    def __str__(self) -> str:
        return str(_problem(self.template, self.part, self.place, self.message))


Scope = dict[str, FieldPath | None]
"""Local names → the field path they stand for, or None for anything (a ``set`` of a
computed value, a macro argument)."""


class _FieldWalker:
    """Walks a template's AST: every variable path checked against `FIELDS`, loop
    variables mapped to list items (``item`` in ``for item in ruang_lingkup`` is
    ``ruang_lingkup[]``), filters and tests checked against the environment's."""

    def __init__(self, env: SandboxedEnvironment) -> None:
        self.env = env
        self.unknown: list[tuple[int, str]] = []
        self.used: set[str] = set()

    def visit(self, node: nodes.Node, scope: Scope) -> None:
        internal = _internal_attribute(node)
        if internal is not None:
            self.unknown.append((node.lineno, f"atribut '{internal}' tidak diizinkan: "
                                 "templat tidak boleh menjangkau bagian dalam Python"))
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self._expression(node, scope)
        elif isinstance(node, nodes.Call):
            self._call(node, scope)
        elif isinstance(node, nodes.Filter | nodes.Test):
            self._filter_or_test(node, scope)
        elif isinstance(node, nodes.For):
            self._for(node, scope)
        elif isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            self._bind(node.target, self._resolve(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self._visit_all(node.body, dict(scope))
            self._bind(node.target, None, scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.visit(value, scope)
                self._bind(target, self._resolve(value, scope), inner)
            self._visit_all(node.body, inner)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            self._macro(node, scope)
        else:
            self._visit_all(node.iter_child_nodes(), scope)

    def _visit_all(self, children: Any, scope: Scope) -> None:
        for child in children:
            self.visit(child, scope)

    def _chain(self, node: nodes.Node) -> tuple[nodes.Name, list[str]] | None:
        """The variable and the attributes/constant items of an access like
        ``mitra.nama`` or ``ruang_lingkup[0].teks``; None when not that simple."""
        segments: list[str] = []
        while True:
            if isinstance(node, nodes.Name):
                return node, segments[::-1]
            if isinstance(node, nodes.Getattr):
                segments.append(node.attr)
            elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                key = node.arg.value
                segments.append(key if isinstance(key, str) else "[]")
            else:
                return None
            node = node.node

    def _resolve(self, node: nodes.Node, scope: Scope) -> FieldPath | None:
        """The field path an expression stands for, when it is a plain access."""
        chain = self._chain(node)
        if chain is None:
            return None
        name, segments = chain
        if name.name in scope:
            base = scope[name.name]
            return None if base is None else base + tuple(segments)
        return (name.name, *segments)

    def _expression(self, node: nodes.Expr, scope: Scope) -> None:
        chain = self._chain(node)
        if chain is None:  # e.g. mitra[key]: check mitra, and key
            self._visit_all(node.iter_child_nodes(), scope)
            return
        name, segments = chain
        if name.name in scope:
            base = scope[name.name]
            if base is not None:
                self._check(base + tuple(segments), [name.name, *segments], node.lineno,
                            bound=True)
        elif name.name not in self.env.globals:
            self._check((name.name, *segments), [name.name, *segments], node.lineno)

    def _check(self, path: FieldPath, written: list[str], lineno: int,
               bound: bool = False) -> None:
        """Report the first segment of `path` that no field has; note the fields used.

        `written` is the access as the template spells it, its first segment a local
        name bound to the start of `path` when `bound`."""
        offset = len(path) - len(written)
        for i in range(1, len(path) + 1):
            prefix = path[:i]
            if prefix in _LEAVES:
                self.used.add(_LEAVES[prefix])
                return
            if prefix not in _KNOWN:
                shown = _field_key(tuple(written[: max(i - offset, 1)]))
                message = f"variabel '{shown}'"
                if bound:
                    message += f" ({_field_key(prefix)})"
                self.unknown.append((lineno, message + " tidak dikenal"))
                return

    def _call(self, node: nodes.Call, scope: Scope) -> None:
        func = node.node
        if isinstance(func, nodes.Getattr) and func.attr in _CONTAINER_METHODS:
            self.visit(func.node, scope)  # mitra.items(): check mitra only
        else:
            self.visit(func, scope)
        self._visit_all(node.args, scope)
        self._visit_all(node.kwargs, scope)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.visit(extra, scope)

    def _filter_or_test(self, node: nodes.Filter | nodes.Test, scope: Scope) -> None:
        kind, known = ("filter", self.env.filters) if isinstance(node, nodes.Filter) else (
            "test", self.env.tests)
        if node.name not in known:
            self.unknown.append((node.lineno, f"{kind} '{node.name}' tidak dikenal"))
        self._visit_all(node.iter_child_nodes(), scope)

    def _for(self, node: nodes.For, scope: Scope) -> None:
        self.visit(node.iter, scope)
        iterated = self._resolve(node.iter, scope)
        item = None
        if iterated is not None and (*iterated, "[]") in _KNOWN:
            item = (*iterated, "[]")
        inner = dict(scope, loop=None)
        self._bind(node.target, item, inner)
        if node.test is not None:
            self.visit(node.test, inner)
        self._visit_all(node.body, inner)
        self._visit_all(node.else_, dict(scope))

    def _macro(self, node: nodes.Macro | nodes.CallBlock, scope: Scope) -> None:
        if isinstance(node, nodes.CallBlock):
            self.visit(node.call, scope)
        else:
            scope[node.name] = None
        self._visit_all(node.defaults, scope)
        inner = dict(scope, varargs=None, kwargs=None, caller=None)
        for arg in node.args:
            inner[arg.name] = None
        self._visit_all(node.body, inner)

    def _bind(self, target: nodes.Node, path: FieldPath | None, scope: Scope) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = path
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, None, scope)
        elif isinstance(target, nodes.NSRef):
            pass  # ns.attr = …: the namespace itself was bound when created


def _internal_attribute(node: nodes.Node) -> str | None:
    """``__class__`` for ``x.__class__`` or ``x['__class__']``: a name the sandbox refuses
    at render time (it starts with ``_``), found before any render."""
    if isinstance(node, nodes.Getattr):
        attribute: object = node.attr
    elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        attribute = node.arg.value
    else:
        return None
    return attribute if isinstance(attribute, str) and attribute.startswith("_") else None


def _lint_sources(path: Path, name: str) -> Iterator[tuple[str, str, list[str]]]:
    """(part, Jinja source, source lines for places) of every part docxtpl renders."""
    try:
        docxtpl = DocxTemplate(Path(path))
        docxtpl.init_docx()
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds
        raise TemplateProblem(f"Templat {name}: tidak dapat dibaca sebagai .docx ({exc})") from exc
    for part_name, source, _kind in _tagged_sources(docxtpl):
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
        yield part_name, source, source.split("\n")
    core = docxtpl.docx.core_properties
    for prop in _CORE_PROPERTIES:
        value = getattr(core, prop) or ""
        if any(tag in value for tag in ("{{", "{%", "{#")):
            yield "docProps/core.xml", value, [value]


def _lint(path: Path, env: SandboxedEnvironment, name: str) -> tuple[list[TemplateIssue],
                                                                       set[str]]:
    issues: list[TemplateIssue] = []
    used: set[str] = set()
    for part, source, lines in _lint_sources(path, name):
        def issue(lineno: int | None, message: str, part: str = part,
                  lines: list[str] = lines) -> TemplateIssue:
            return TemplateIssue(name, part, _place_of_line(lines, lineno), message)

        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            issues.append(issue(exc.lineno, _describe(exc, "")))
            continue
        walker = _FieldWalker(env)
        walker.visit(tree, {})
        used |= walker.used
        found = [issue(lineno, message) for lineno, message in
                 sorted(walker.unknown, key=lambda item: item[0])]
        try:
            env.compile(source)
        except TemplateSyntaxError as exc:
            if not re.search(r"No (filter|test) named", exc.message or ""):
                found.append(issue(exc.lineno, _describe(exc, "")))
        issues += list(dict.fromkeys(found))
    return issues, used


def check_template(path: Path, env: SandboxedEnvironment | None = None,
                   name: str | None = None) -> list[TemplateIssue]:
    """Every problem of the template at `path`: Jinja syntax errors, and variables,
    filters or tests ksdocs does not provide; empty when the template is fine."""
    issues, _used = _lint(Path(path), env or make_environment(), name or Path(path).name)
    return issues


def template_fields(path: Path) -> list[tuple[str, str]]:
    """The fields the template at `path` uses, in `FIELDS` order, with where each comes
    from; a template with problems is a TemplateProblem."""
    issues, used = _lint(Path(path), make_environment(), Path(path).name)
    if issues:
        raise TemplateProblem(str(issues[0]))
    return [(key, source) for key, source in FIELDS.items() if key in used]
