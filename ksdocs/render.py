""".docx templates compiled once and rendered many times.

`CompiledTemplate` produces the document docxtpl's ``DocxTemplate.render`` + ``save``
would, but does the costly work once per template: the .docx is read and docxtpl's own
``patch_xml`` preprocessing is applied when the template is loaded, each part that
carries Jinja tags is compiled once, and every other zip member is kept as its
compressed bytes. A render then runs the compiled Jinja code, applies docxtpl's
post-processing to the rendered parts only, checks they are well-formed XML, and writes
the zip directly (`docxzip`).
"""

from __future__ import annotations

import functools
import io
import marshal
import os
import pickle
import re
import signal
import threading
import weakref
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

from jinja2 import Template, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from ksdocs.docxzip import FAST_LEVEL, Member, ZipLayout, check_sizes, read_members
from ksdocs.environment import XML_ILLEGAL, make_environment, watching_values
from ksdocs.errors import TemplateProblem, TooLarge
from ksdocs.logo import MARKUP_FIELDS
from ksdocs.template_errors import (
    describe,
    error_lineno,
    place_of_line,
    place_of_offset,
    problem,
    shorten,
)
from ksdocs.xml_proof import LISTING_CHARS, UNPROVEN, Proof, prove

if TYPE_CHECKING:  # docxtpl (and python-docx) are imported only to compile a template
    from docxtpl import DocxTemplate

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

CORE_PROPERTIES = {
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


def _render_pieces(template: Template, context: Mapping[str, Any]) -> list[str]:
    """The pieces of text ``template.render(context)`` joins, with its handling of errors
    (their lines in the template), for `_utf8`."""
    rendering = template.new_context(dict(context))
    try:
        return list(template.root_render_func(rendering))
    except Exception:
        template.environment.handle_exception()


def _utf8(text: str, pieces: list[str]) -> bytes:
    """``text.encode("utf-8")``, where `text` is the `pieces` joined. Python stores a text
    holding one character beyond ASCII (a curly quote, an accented name) two or four
    bytes wide, and encodes it several times slower: a page of 70 KB takes 0.15 ms. Then
    each piece is encoded on its own, most of them plain ASCII."""
    if text.isascii():
        return text.encode("utf-8")
    return b"".join([piece.encode("utf-8") for piece in pieces])


def _expire(signum: int, frame: Any) -> None:
    raise _TooSlow


_ALARM_OWNER: int | None = None
"""The process (a worker of a batch) whose SIGALRM is the render timer's for good."""


def own_alarm() -> None:
    """Make SIGALRM the render timer's for the rest of this process: a batch's worker,
    which renders thousands of documents and has no timer of its own, then arms the
    timer for each without setting and restoring the signal's handler every time."""
    global _ALARM_OWNER
    if hasattr(signal, "setitimer"):
        signal.signal(signal.SIGALRM, _expire)
        _ALARM_OWNER = os.getpid()


class _time_limit:  # (a context manager, named as contextlib.suppress is)
    """Raise `_TooSlow` in the code running inside after `seconds` (SIGALRM).

    Only the main thread of a process can take signals, which forked workers are; in
    other threads, or without ``setitimer`` (Windows), there is no limit. A timer armed
    by the caller is put back with the time it had left.

    A class, not a generator function: entered for every document, it takes 3 µs in a
    worker where ``contextlib.contextmanager``'s took 7 µs."""

    __slots__ = ("_armed", "_outer", "_previous", "_seconds")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._armed = False  # by this process's own timer (`own_alarm`)
        self._previous: Any = None  # the handler put back, when not
        self._outer = 0.0

    def __enter__(self) -> None:
        seconds = self._seconds
        if (seconds <= 0 or not hasattr(signal, "setitimer")
                or threading.current_thread() is not threading.main_thread()):
            return
        if os.getpid() == _ALARM_OWNER:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            self._armed = True
            return
        self._previous = signal.signal(signal.SIGALRM, _expire)
        self._outer, _interval = signal.setitimer(signal.ITIMER_REAL, seconds)

    def __exit__(self, *exc: object) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elif self._previous is not None:
            left, _interval = signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            if self._outer:
                signal.setitimer(signal.ITIMER_REAL,
                                 max(self._outer - (self._seconds - left), 0.001))


# ---------------------------------------------------------------------------------------
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_DRAWING = "<wp:docPr"
_DOCPR = re.compile(r"<wp:docPr\b[^>]*>")
_DOCPR_ID = re.compile(r'(\sid=")[^"]*(")')
_PGSZ = re.compile(r"<w:pgSz\b[^>]*?/?>")
_RAW_BLOCK = re.compile(r"\{%-?\s*raw\b")


@functools.cache
def _docxtpl() -> DocxTemplate:
    """For docxtpl's methods that use no document (resolve_listing, fix_tables)."""
    from docxtpl import DocxTemplate

    return DocxTemplate("")


def _has_listing_chars(xml: str) -> bool:
    return any(c in xml for c in LISTING_CHARS)


def _resolve_listing(xml: str) -> str:
    """docxtpl's ``resolve_listing`` (``\\n`` in a value → ``<w:br/>``, ``\\t`` → tab, …),
    applied only to the paragraphs that contain such a character."""

    def paragraph(m: re.Match[str]) -> str:
        text = m.group(0)
        return str(_docxtpl().resolve_listing(text)) if _has_listing_chars(text) else text

    return _PARAGRAPH.sub(paragraph, xml)


def _postprocess(xml: str, newlines: bool) -> tuple[str, bool]:
    """What docxtpl's ``render_xml_part`` does after Jinja has run, and whether a value's
    tab or line break was turned into XML (``resolve_listing``)."""
    if newlines:
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "{_" in xml or "_}" in xml:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
    if not _has_listing_chars(xml):
        return xml, False
    return _resolve_listing(xml), True


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
@dataclass
class _Part:
    """A zip member whose XML carries Jinja tags, compiled once."""

    name: str
    """The member name, e.g. ``word/document.xml``."""
    template: Template
    code: CodeType
    """The Python code Jinja compiled `template` from, kept for `CompiledTemplate.dumps`."""
    filename: str
    """The name the compiled code runs under, to find errors' lines in tracebacks."""
    lines: list[str]
    """The preprocessed source, one paragraph per line, to name where an error is."""
    prefix: bytes = b""
    suffix: bytes = b""
    body: bool = False
    """The main document's body: tables, drawings and page size are fixed here."""
    nested_tables: bool = False
    newlines: bool = True
    """The rendered XML holds docxtpl's line break before each paragraph, to remove."""
    proof: Proof = UNPROVEN
    """What holds for every render, so need not be checked after each (`xml_proof`)."""
    tables_fixed: bool = False
    """No render can give a table rows that docxtpl's ``fix_tables`` would change."""
    drawings: bool = True
    """The part's own XML has drawings (``wp:docPr``), to number after each render."""
    names: frozenset[str] | None = None
    """The context's names its tags read (Jinja's undeclared variables); None: unknown."""


_PART_FIELDS = tuple(f.name for f in fields(_Part) if f.name not in ("template", "code"))
"""The fields of `_Part` that `CompiledTemplate.dumps` keeps as they are."""


@dataclass
class Shared:
    """Rendered parts kept for the documents of one run. A part whose tags read only
    `names`, values the same in every document rendered with this object (a letterhead
    reads only ``kop``), is rendered and deflated once per template and paper size."""

    names: AbstractSet[str]
    members: dict[tuple[object, str, str], Member] = field(default_factory=dict)


@dataclass
class _Properties:
    """docProps/core.xml when some core properties carry Jinja tags."""

    name: str
    xml: bytes
    templates: dict[str, Template] = field(default_factory=dict)
    codes: dict[str, CodeType] = field(default_factory=dict)


class CompiledTemplate:
    """A .docx template read, preprocessed and compiled once; see the module docstring.

    Holds no open file or lock, so an instance made before ``fork`` is safe to use in
    the worker processes; otherwise load once per process.
    """

    compresslevel = FAST_LEVEL
    """Deflate level of the rendered parts: some hundred bytes larger than zipfile's
    default 6 on these parts, in a fraction of the time."""

    time_limit = RENDER_TIME_LIMIT
    """Seconds a render may take; see `RENDER_TIME_LIMIT`."""

    def __init__(self, name: str, members: list[Member], parts: dict[str, _Part],
                 properties: _Properties | None) -> None:
        self.name = name
        self._members = members
        self._parts = parts
        self._properties = properties
        rendered = {name.encode("utf-8") for name in self.parts}
        # The members a render copies come first, laid out once; the rendered ones after.
        self._layout = ZipLayout([m for m in members if m.name not in rendered])
        self._rendered = {m.name.decode("utf-8"): m for m in members if m.name in rendered}

    @classmethod
    def load(cls, path: Path, env: SandboxedEnvironment | None = None,
             name: str | None = None,
             opened: tuple[DocxTemplate, bytes] | None = None) -> CompiledTemplate:
        """Read, preprocess and compile the template at `path` (named `name` in messages);
        `opened`: what `open_docx` gave for it already."""
        env = env if env is not None else make_environment()
        name = name or Path(path).name
        docxtpl, data = opened or open_docx(path, name)
        try:
            members = read_members(data)
        except Exception as exc:  # zipfile raises many kinds
            raise TemplateProblem(
                f"Templat {name}: tidak dapat dibaca sebagai .docx ({exc})"
            ) from exc
        unrendered = tags_left_unrendered(docxtpl, data, name)
        if unrendered:
            part_name, excerpt = unrendered[0]
            raise problem(name, part_name, excerpt, UNRENDERED_PART)
        parts: dict[str, _Part] = {}
        for part_name, source, kind in tagged_sources(docxtpl):
            parts[part_name] = _compile_part(env, docxtpl, name, part_name, source, kind)
        properties = _compile_properties(env, docxtpl, name, members)
        return cls(name, members, parts, properties)

    def dumps(self) -> bytes:
        """This template as bytes `loads` makes it again from, without reading,
        preprocessing or compiling anything (`template_cache` keeps them between runs).
        Jinja's compiled code is kept as Python marshals it: the bytes are for this
        Python version and this ksdocs only."""
        parts = [{**{f: getattr(part, f) for f in _PART_FIELDS},
                  "code": marshal.dumps(part.code)} for part in self._parts.values()]
        properties = None
        if self._properties is not None:
            properties = (self._properties.name, self._properties.xml,
                          {prop: marshal.dumps(code)
                           for prop, code in self._properties.codes.items()})
        return pickle.dumps((self.name, self._members, parts, properties),
                            protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, data: bytes, env: SandboxedEnvironment | None = None) -> CompiledTemplate:
        """The template `dumps` gave `data` for. Only for bytes this program wrote:
        they are unpickled."""
        env = env if env is not None else make_environment()
        name, members, part_states, properties_state = pickle.loads(data)
        parts = {}
        for state in part_states:
            code = marshal.loads(state.pop("code"))
            parts[state["name"]] = _Part(template=_from_code(env, code), code=code, **state)
        properties = None
        if properties_state is not None:
            part_name, xml, codes = properties_state
            loaded = {prop: marshal.loads(code) for prop, code in codes.items()}
            properties = _Properties(part_name, xml,
                                     {prop: _from_code(env, code) for prop, code in loaded.items()},
                                     loaded)
        return cls(name, members, parts, properties)

    @property
    def names(self) -> frozenset[str] | None:
        """The context's names this template's tags read; None when unknown (tags in
        the document's properties, or a part compiled without them)."""
        if self._properties is not None or any(
                part.names is None for part in self._parts.values()):
            return None
        return frozenset().union(*(part.names or () for part in self._parts.values()))

    @property
    def parts(self) -> list[str]:
        """The names of the zip members rendered each time, e.g. ``word/document.xml``."""
        names = list(self._parts)
        if self._properties is not None:
            names.append(self._properties.name)
        return names

    def render(self, context: Mapping[str, Any], *, paper: str = "A4",
               shared: Shared | None = None) -> bytes:
        """The .docx bytes of this template rendered with `context`; `shared`: the parts
        kept for the other documents of the run, taken and kept there."""
        if paper not in PAPERS:
            raise ValueError(f"paper must be 'A4' or 'F4', not {paper!r}")
        members: dict[str, Member] = {}
        try:
            with _time_limit(self.time_limit):
                for part in self._parts.values():
                    if shared is None or part.names is None or not part.names <= shared.names:
                        members[part.name] = self._member(
                            part.name, self._render_part(part, context, paper))
                        continue
                    key = (self, part.name, paper)
                    kept = shared.members.get(key)
                    if kept is None:
                        kept = shared.members[key] = self._member(
                            part.name, self._render_part(part, context, paper))
                    members[part.name] = kept
                if self._properties is not None:
                    name = self._properties.name
                    members[name] = self._member(name, self._render_properties(context))
        except _TooSlow:
            raise TemplateProblem(f"Templat {self.name}: {self._too_slow()}") from None
        return self._layout.write([members[name] for name in self._rendered])

    def _member(self, name: str, data: bytes) -> Member:
        return self._rendered[name].with_data(data, self.compresslevel)

    def render_to(self, path: Path, context: Mapping[str, Any], *,
                  paper: str = "A4") -> None:
        """Render with `context` and write the .docx to `path`."""
        Path(path).write_bytes(self.render(context, paper=paper))

    def _render_part(self, part: _Part, context: Mapping[str, Any], paper: str) -> bytes:
        try:
            with watching_values() as watch:
                pieces = _render_pieces(part.template, context)
        except _TooSlow as exc:
            lineno = error_lineno(exc, part.filename)
            raise problem(self.name, part.name, place_of_line(part.lines, lineno),
                           self._too_slow()) from None
        except _RENDER_ERRORS as exc:
            lineno = error_lineno(exc, part.filename)
            line = part.lines[lineno - 1] if lineno and lineno <= len(part.lines) else ""
            raise problem(self.name, part.name, place_of_line(part.lines, lineno),
                           describe(exc, line)) from exc
        xml = "".join(pieces)
        listed = False
        if watch.special or not part.proof.plain_text or part.newlines:
            xml, listed = _postprocess(xml, part.newlines)
            data = xml.encode("utf-8")
        else:
            data = _utf8(xml, pieces)
        tree = None
        if listed or not part.proof.well_formed:
            try:
                tree = etree.fromstring(data)
            except etree.XMLSyntaxError as exc:
                raise self._malformed(part, xml, data, exc) from exc
        if part.body:
            changed = False
            if (not part.tables_fixed and "<w:tbl" in xml
                    and _tables_need_fix(tree if tree is not None else etree.fromstring(data),
                                         part.nested_tables)):
                tree = _docxtpl().fix_tables(xml)
                xml = etree.tostring(tree, encoding="unicode")
                changed = True
            # A drawing comes from the template, or from a value written as markup (the
            # emblem); a part not proven well-formed may write anything.
            if ((part.drawings or watch.markup or not part.proof.well_formed)
                    and _DRAWING in xml):
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
        illegal = XML_ILLEGAL.search(xml)
        if illegal:
            return problem(self.name, part.name, place_of_offset(xml, illegal.start()),
                            f"sebuah nilai berisi karakter U+{ord(illegal.group()):04X} "
                            "yang tidak boleh ada di dokumen Word")
        return problem(self.name, part.name, place_of_offset(xml, _char_offset(data, exc)),
                        "hasil render bukan XML Word yang sah; periksa pasangan tag "
                        f"{{%p %}}, {{%tr %}} dan {{%tc %}} di sekitar tempat ini ({exc.msg})")

    def _render_properties(self, context: Mapping[str, Any]) -> bytes:
        assert self._properties is not None
        root = etree.fromstring(self._properties.xml)
        for prop, template in self._properties.templates.items():
            try:
                value = template.render(context)
            except _RENDER_ERRORS as exc:
                raise problem(self.name, self._properties.name, "",
                               f"properti dokumen '{prop}': {describe(exc, '')}") from exc
            tag = CORE_PROPERTIES[prop]
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


TAG_OPENERS = ("{{", "{%", "{#")
"""What starts a Jinja tag, statement or comment."""


_UNRENDERED_CORE = ("category", "content_status", "keywords", "last_modified_by", "version")
"""Core properties docxtpl does not render."""

UNRENDERED_PART = (
    "tag di bagian ini tidak akan diisi: ksdocs mengisi isi dokumen, kepala dan kaki "
    "halaman, catatan kaki, catatan akhir, komentar dan properti judul, subjek, penulis, "
    "komentar, pengenal dan bahasa; pindahkan tag ke salah satunya"
)


def has_tags(text: str) -> bool:
    """Whether `text` holds a Jinja tag opener (``{{``, ``{%`` or ``{#``)."""
    return any(tag in text for tag in TAG_OPENERS)


def open_docx(path: Path, name: str) -> tuple[DocxTemplate, bytes]:
    """The template at `path` opened by docxtpl, and its bytes; a `TemplateProblem`
    naming `name` when it is no readable .docx or is larger than `docxzip` allows (the
    sizes are checked before any member is inflated)."""
    from docxtpl import DocxTemplate

    try:
        data = Path(path).read_bytes()
        check_sizes(data)
        docxtpl = DocxTemplate(io.BytesIO(data))
        docxtpl.init_docx()
    except TooLarge as exc:
        raise TemplateProblem(f"Templat {name} terlalu besar: {exc}.") from None
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds
        raise TemplateProblem(f"Templat {name}: tidak dapat dibaca sebagai .docx ({exc})") from exc
    return docxtpl, data


def tags_left_unrendered(docxtpl: DocxTemplate, data: bytes,
                         name: str) -> list[tuple[str, str]]:
    """(part, text around the tag) of every tag where no render reaches it: a chart, a
    SmartArt diagram, custom XML, a core property docxtpl does not render, … Such a tag
    would be printed as it is."""
    rendered = {name for name, _source, _kind in tagged_sources(docxtpl)}
    rendered |= {"docProps/core.xml"}
    found: list[tuple[str, str]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename in rendered or not info.filename.endswith(".xml"):
                continue
            try:
                xml = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise TemplateProblem(
                    f"Templat {name}: tidak dapat dibaca sebagai .docx ({exc})") from exc
            text = re.sub(r"<[^>]*>", "", xml.decode("utf-8", "replace"))
            if has_tags(text):
                start = min(i for tag in TAG_OPENERS if (i := text.find(tag)) >= 0)
                found.append((info.filename, shorten(text[max(start - 20, 0):start + 60])))
    core = docxtpl.docx.core_properties
    for prop in _UNRENDERED_CORE:
        value = getattr(core, prop) or ""
        if isinstance(value, str) and has_tags(value):
            found.append(("docProps/core.xml", shorten(value)))
    return found


_SOURCES: weakref.WeakKeyDictionary[DocxTemplate, list[tuple[str, str, str]]] = (
    weakref.WeakKeyDictionary())


def tagged_sources(docxtpl: DocxTemplate) -> list[tuple[str, str, str]]:
    """(member name, preprocessed XML, kind) of every part rendered that carries Jinja
    tags; kind is ``body``, ``xml`` (header, footer) or ``raw`` (footnotes, endnotes,
    comments). Made once per opened template: compiling a template and listing its
    fields both need them, and docxtpl's preprocessing is slow on a long document."""
    sources = _SOURCES.get(docxtpl)
    if sources is None:
        sources = _SOURCES[docxtpl] = list(_tagged_sources(docxtpl))
    return sources


def _tagged_sources(docxtpl: DocxTemplate) -> Iterator[tuple[str, str, str]]:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    # Parts beside the body that hold paragraphs of text, rendered like the body.
    notes = (CT.WML_FOOTNOTES, CT.WML_ENDNOTES, CT.WML_COMMENTS)

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
        if part.content_type in notes:
            source = docxtpl.patch_xml(part.blob.decode("utf-8"))
            if _is_dynamic(source):
                yield part.partname.lstrip("/"), source, "raw"


def _is_dynamic(source: str) -> bool:
    """Whether rendering could change the part: Jinja tags, or characters docxtpl's
    ``resolve_listing`` rewrites. A part without either is copied as it is."""
    return has_tags(source) or _has_listing_chars(source)


def _compile(env: SandboxedEnvironment, source: str | nodes.Template,
             filename: str) -> tuple[Template, CodeType]:
    """`source` (its text, or the tree Jinja parsed it into) compiled."""
    code = env.compile(source, filename=filename)
    return _from_code(env, code), code


def _from_code(env: SandboxedEnvironment, code: CodeType) -> Template:
    # The environment's globals as a plain dict (Jinja's own is a ChainMap over them):
    # Jinja copies a template's globals into every render's context, and copying a
    # ChainMap is a walk in Python. The environment is complete before any template is
    # compiled, so the copy is what the ChainMap would show.
    return env.template_class.from_code(env, code, dict(env.make_globals(None)), None)


def _compile_part(env: SandboxedEnvironment, docxtpl: DocxTemplate, name: str,
                  part_name: str, source: str, kind: str) -> _Part:
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)  # as render_xml_part does
    lines = source.split("\n")
    filename = f"{name}/{part_name}"
    # docxtpl starts every paragraph on a line of its own, so that an error has a line
    # number, and removes those line breaks after rendering. Inside a Jinja comment the
    # break counts as a line all the same and is never written: nothing to remove. A
    # {% raw %} block would print the comment, so such a part keeps docxtpl's way.
    newlines = _RAW_BLOCK.search(source) is not None
    compiled = source if newlines else source.replace("\n<w:p", "{#\n#}<w:p")
    try:
        tree = env.parse(compiled, filename=filename)  # (once: compiled, and its names read)
        template, code = _compile(env, tree, filename)
    except TemplateSyntaxError as exc:
        lineno = exc.lineno
        line = lines[lineno - 1] if lineno and lineno <= len(lines) else ""
        raise problem(name, part_name, place_of_line(lines, lineno),
                       describe(exc, line)) from exc
    part = _Part(part_name, template, code, filename, lines,
                 proof=prove(env, compiled, MARKUP_FIELDS),
                 newlines=newlines, drawings=_DRAWING in compiled,
                 names=frozenset(meta.find_undeclared_variables(tree)))
    if kind == "body":
        part.body = True
        part.prefix, part.suffix = _around_body(docxtpl)
        part.nested_tables = bool(docxtpl.docx.element.body.xpath(".//w:tbl//w:tbl"))
        part.tables_fixed = part.proof.fixed_tables and not part.nested_tables
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
                        members: list[Member]) -> _Properties | None:
    """docProps/core.xml's tagged properties compiled, or None when none has tags.

    Unlike docxtpl, values are not HTML-escaped here: a property is plain text, and
    lxml escapes it when it is written, so ``Smith & Lee`` stays as written.
    """
    from docx.opc.constants import CONTENT_TYPE as CT

    core = docxtpl.docx.core_properties
    templates = {}
    codes = {}
    for prop in CORE_PROPERTIES:
        value = getattr(core, prop) or ""
        if has_tags(value):
            source = "{% autoescape false %}" + value + "{% endautoescape %}"
            try:
                templates[prop], codes[prop] = _compile(env, source,
                                                        f"{name}/docProps/core.xml")
            except TemplateSyntaxError as exc:
                raise problem(name, "docProps/core.xml", shorten(value),
                               f"properti dokumen '{prop}': {describe(exc, '')}") from exc
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
            return _Properties(part_name, data, templates, codes)
    return None
