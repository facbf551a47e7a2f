"""Word mechanics of the templates: runs, paragraphs, lists, tables, page setup.

The Jinja tags follow docxtpl's rules: a ``{{ }}`` tag always sits in one run (each text
piece becomes exactly one run), a ``{%p %}`` tag alone in its paragraph, a ``{%tr %}``
tag alone in its table row. Lists use Word's own numbering, so items added by a loop or
left out by a condition are numbered by Word.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import _Header
from docx.shared import Cm, Emu, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .styles import drop_styles

FONT = "Arial"
"""Latin text, and Arabic and Hebrew (``w:cs``): Arial on Windows covers both scripts."""
EAST_ASIAN_FONT = "Microsoft YaHei"
"""Chinese, Japanese and Korean text (``w:eastAsia``). Arial has no such glyphs, so naming
it left the choice to Word's fallback. Microsoft YaHei is a sans-serif like Arial, with a
real bold, installed with every Windows since Vista whatever its language (unlike MS
Mincho, an optional download outside Japanese Windows), and covers simplified and
traditional Chinese, kana and kanji; LibreOffice prints it with the Noto CJK fonts."""
SIZE = 12.0
SMALL = 11.0
PAGE_A4 = (21.0, 29.7)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2.0, 2.5, 3.0, 2.0
SIGN_INDENT = 8.5
"""Left edge of a letter's signature block: the right half of the page."""
SIGN_ROOM = 54.0
"""Room to sign above the name, in points (four lines)."""

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# --------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class Span:
    """A piece of text written as one run, with its character formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None


Part = str | Span


def bold(text: str) -> Span:
    """Bold text."""
    return Span(text, bold=True)


def italic(text: str) -> Span:
    """Italic text (the English of a bilingual line)."""
    return Span(text, italic=True)


def _check_tags(text: str) -> None:
    """A Jinja tag must open and close within one run, or docxtpl cannot read it."""
    for start, end in (("{{", "}}"), ("{%", "%}"), ("{#", "#}")):
        if text.count(start) != text.count(end):
            raise ValueError(f"unbalanced {start} {end} in one run: {text!r}")


# --------------------------------------------------------------------------- document


class Doc:
    """A document under construction: the python-docx document and its list numbering."""

    def __init__(self, title: str, *, landscape: bool = False) -> None:
        self.docx = Document()
        self.title = title
        width, height = PAGE_A4
        if landscape:
            width, height = height, width
        self.text_width = width - MARGIN_LEFT - MARGIN_RIGHT
        self._next_list = 1
        self._setup_styles()
        section = self.docx.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(width), Cm(height)
        section.top_margin, section.bottom_margin = Cm(MARGIN_TOP), Cm(MARGIN_BOTTOM)
        section.left_margin, section.right_margin = Cm(MARGIN_LEFT), Cm(MARGIN_RIGHT)
        section.header_distance, section.footer_distance = Cm(1.0), Cm(1.2)
        self.body = self.docx

    def _setup_styles(self) -> None:
        styles = self.docx.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for child in list(r_pr):
            r_pr.remove(child)
        r_pr.append(parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" '
            f'w:eastAsia="{EAST_ASIAN_FONT}"/>'
        ))
        r_pr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{int(SIZE * 2)}"/>'))
        r_pr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{int(SIZE * 2)}"/>'))
        r_pr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="id-ID" w:eastAsia="en-US"/>'))
        for name in ("Normal", "Header", "Footer"):
            style = self.docx.styles[name]
            style.font.name = FONT
            style.font.size = Pt(SIZE)
            fmt = style.paragraph_format
            fmt.space_before = Pt(0)
            fmt.space_after = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
            fmt.line_spacing = 1.0
        # Every style names its East Asian and complex-script fonts too, in place of the
        # theme's (python-docx's headings and titles point to a theme whose fonts for
        # those scripts are blank): a style a user applies in Word prints any script.
        for rfonts in styles.iter(qn("w:rFonts")):
            for theme in ("w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(theme), None)
            rfonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
            rfonts.set(qn("w:cs"), FONT)

    # ------------------------------------------------------------------ lists

    def new_list(self, fmt: str = "decimal", text: str = "%1.", left: float = 0.75,
                 hanging: float = 0.75) -> int:
        """A new numbered list (its own counter) and its Word numbering id."""
        numbering = self.docx.part.numbering_part.element
        ident = 100 + self._next_list
        self._next_list += 1
        left_tw, hanging_tw = _twips(left), _twips(hanging)
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ident}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left_tw}"/></w:tabs>'
            f'<w:ind w:left="{left_tw}" w:hanging="{hanging_tw}"/></w:pPr>'
            "</w:lvl></w:abstractNum>"
        )
        nums = numbering.findall(qn("w:num"))
        if nums:
            nums[0].addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{ident}"><w:abstractNumId w:val="{ident}"/>'
            "</w:num>"
        ))
        return ident

    # ------------------------------------------------------------------ saving

    def save(self, path: Path) -> None:
        """Write the .docx with fixed metadata and zip dates, so a rebuild is byte-stable."""
        for tc in self.docx.element.body.iter(qn("w:tc")):
            if tc.find(qn("w:p")) is None:
                tc.append(parse_xml(f'<w:p {nsdecls("w")}/>'))
        props = self.docx.core_properties
        props.title = self.title
        props.author = "Direktorat Jenderal Peraturan Perundang-undangan"
        props.last_modified_by = props.author
        props.comments = ("Templat ksdocs: kalimat boleh diubah di Word; isian bertanda kurung "
                          "kurawal diambil dari buku kerja.")
        props.created = props.modified = datetime(2026, 1, 1)
        props.revision = 1
        # python-docx's default template carries Word 2010's stylesWithEffects.xml, which
        # would disagree with styles.xml once the styles change: Word then repairs the
        # file. The part is optional; Word writes it again when it saves.
        _drop_relationships(self.docx.part.rels, "/stylesWithEffects")
        # The paragraph and character styles stay, each naming its fonts (a user may
        # apply one in Word); the table styles no table uses, 89 % of styles.xml, go:
        # every document of the pack carried them, to be written, synced and parsed.
        drop_styles(self.docx, kinds=("table",))
        # python-docx's template also brings the picture of its own blank page, which a
        # file manager would show as every document's preview.
        _drop_relationships(self.docx.part.package.rels, "/metadata/thumbnail")
        self.docx.save(str(path))
        _normalise_zip(path)


def _drop_relationships(rels: Any, kind: str) -> None:
    """Remove the relationships whose type ends with `kind` (and so their parts)."""
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith(kind):
            rels.pop(rid)


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def _normalise_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


# --------------------------------------------------------------------------- paragraphs


def para(
    container: Any,
    *parts: Part,
    align: str = "left",
    indent: float = 0.0,
    first: float = 0.0,
    right: float = 0.0,
    before: float = 0.0,
    after: float = 0.0,
    size: float | None = None,
    bold_all: bool = False,
    keep: bool = False,
    num: int | None = None,
    tabs: Sequence[tuple[float, str, str]] = (),
    rule: int = 0,
    line: float | None = None,
) -> Paragraph:
    """Add a paragraph of runs, one per part; sizes in points, distances in cm.

    `first` is the first-line indent (negative: hanging); `tabs` are (position,
    "left"/"right"/"center", leader "none"/"dot"); `rule` draws a bottom border of that
    many eighths of a point; `num` makes the paragraph an item of that Word list.
    """
    paragraph: Paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = ALIGN[align]
    if indent:
        fmt.left_indent = Cm(indent)
    if first:
        fmt.first_line_indent = Cm(first)
    if right:
        fmt.right_indent = Cm(right)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if keep:
        fmt.keep_with_next = True
    for position, kind, leader in tabs:
        fmt.tab_stops.add_tab_stop(
            Cm(position),
            {"left": WD_TAB_ALIGNMENT.LEFT, "right": WD_TAB_ALIGNMENT.RIGHT,
             "center": WD_TAB_ALIGNMENT.CENTER}[kind],
            WD_TAB_LEADER.DOTS if leader == "dot" else WD_TAB_LEADER.SPACES,
        )
    p_pr = paragraph._p.get_or_add_pPr()
    if num is not None:
        num_pr = parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
        )
        _insert_ppr(p_pr, num_pr)
    if rule:
        _insert_ppr(p_pr, parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="thickThinSmallGap" w:sz="{rule}" '
            'w:space="1" w:color="auto"/></w:pBdr>'
        ))
    if size is not None or bold_all:
        # The paragraph mark carries the size (and weight) of a list number.
        mark = p_pr.find(qn("w:rPr"))
        if mark is None:
            mark = parse_xml(f'<w:rPr {nsdecls("w")}/>')
            _insert_ppr(p_pr, mark)
        if bold_all:
            mark.append(parse_xml(f'<w:b {nsdecls("w")}/>'))
        if size is not None:
            mark.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{int(size * 2)}"/>'))
            mark.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{int(size * 2)}"/>'))
    for part in parts:
        span = part if isinstance(part, Span) else Span(part)
        _check_tags(span.text)
        run = paragraph.add_run(span.text)
        run.bold = span.bold or bold_all or None
        run.italic = span.italic or None
        run.underline = span.underline or None
        if span.size or size:
            run.font.size = Pt(span.size or size or SIZE)
    return paragraph


_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
              "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd",
              "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
              "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
              "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
              "w:pPrChange")


def _insert_ppr(p_pr: Any, child: Any) -> None:
    """Insert `child` into a w:pPr at the place the schema orders it (Word is strict)."""
    rank = _PPR_ORDER.index(child.tag.replace(f"{{{child.nsmap['w']}}}", "w:"))
    for index, existing in enumerate(p_pr):
        tag = existing.tag.replace(f"{{{existing.nsmap['w']}}}", "w:")
        if tag in _PPR_ORDER and _PPR_ORDER.index(tag) > rank:
            p_pr.insert(index, child)
            return
    p_pr.append(child)


def tag(container: Any, code: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ``{%p code %}``."""
    para(container, f"{{%p {code} %}}")


def dotted(container: Any, width: float, lines: int = 2, indent: float = 0.0,
           size: float | None = None) -> None:
    """Dotted lines across `width` cm, to write on by hand."""
    for _ in range(lines):
        # The zero-width space after the tab makes LibreOffice draw the leader in a cell.
        para(container, "\t\u200b", indent=indent, tabs=[(width - 0.3, "right", "dot")],
             size=size, line=1.5)


def page_number(paragraph: Paragraph, size: float = SIZE) -> None:
    """Append ``- n -`` with a PAGE field to `paragraph`."""
    w = nsdecls("w")

    def run(xml: str | None = None, text: str = "") -> None:
        new = paragraph.add_run(text)
        new.font.size = Pt(size)
        if xml:
            new._r.append(parse_xml(xml))

    run(text="- ")
    run(f'<w:fldChar {w} w:fldCharType="begin"/>')
    run(f'<w:instrText {w} xml:space="preserve"> PAGE </w:instrText>')
    run(f'<w:fldChar {w} w:fldCharType="separate"/>')
    run(f"<w:t {w}>2</w:t>")
    run(f'<w:fldChar {w} w:fldCharType="end"/>')
    run(text=" -")


# --------------------------------------------------------------------------- tables


def table(container: Any, widths: Sequence[float], *, borders: bool = False,
          pad: float = 0.1, align_center: bool = False, indent: float = 0.0) -> Table:
    """A fixed-layout table with columns of `widths` cm, borderless unless asked; `indent`
    cm from the left margin (negative: into it)."""
    if isinstance(container, _Header):  # a header's table is given its width
        tbl: Table = container.add_table(0, len(widths), Cm(sum(widths)))
    else:
        tbl = container.add_table(rows=0, cols=len(widths))
    previous = tbl._tbl.getprevious()
    if previous is not None and previous.tag == qn("w:tbl"):
        # Two tables in a row would merge into one in Word and LibreOffice.
        tbl._tbl.addprevious(parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" '
            'w:lineRule="exact"/></w:pPr></w:p>'
        ))
    tbl_pr = tbl._tbl.tblPr
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    total = _twips(sum(widths))
    edge = 'w:val="single" w:sz="4" w:space="0" w:color="000000"' if borders else 'w:val="nil"'
    vertical = _twips(0.05) if borders else 0
    side = _twips(pad) if borders else 0
    w = nsdecls("w")
    for xml in (
        f'<w:tblW {w} w:w="{total}" w:type="dxa"/>',
        f'<w:jc {w} w:val="center"/>' if align_center else "",
        "" if align_center else f'<w:tblInd {w} w:w="{_twips(indent)}" w:type="dxa"/>',
        f"<w:tblBorders {w}>"
        + "".join(f"<w:{edge_name} {edge}/>" for edge_name in
                  ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>",
        f'<w:tblLayout {w} w:type="fixed"/>',
        f'<w:tblCellMar {w}><w:top w:w="{vertical}" w:type="dxa"/>'
        f'<w:left w:w="{side}" w:type="dxa"/><w:bottom w:w="{vertical}" w:type="dxa"/>'
        f'<w:right w:w="{_twips(pad)}" w:type="dxa"/></w:tblCellMar>',
        f'<w:tblLook {w} w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
    ):
        if xml:
            tbl_pr.append(parse_xml(xml))
    for grid_col, width in zip(tbl._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = Cm(width)
    return tbl


def row(tbl: Table, *, cant_split: bool = True, header: bool = False) -> list[_Cell]:
    """A new row with empty cells (no paragraph yet: `para` adds them)."""
    new = tbl.add_row()  # type: ignore[no-untyped-call]
    tr_pr = new._tr.get_or_add_trPr()
    if cant_split:
        tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if header:
        tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for tc in new._tr.iter(qn("w:tc")):
        for p in tc.findall(qn("w:p")):
            tc.remove(p)
    return list(new.cells)


def span(cells: list[_Cell], start: int, count: int) -> _Cell:
    """Join `count` cells from `start` into one (gridSpan); return the joined cell."""
    first = cells[start]
    tc_pr = first._tc.get_or_add_tcPr()
    first._tc.width = Emu(sum(cell._tc.width or 0 for cell in cells[start:start + count]))
    tc_pr.append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="{count}"/>'))
    for cell in cells[start + 1:start + count]:
        cell._tc.getparent().remove(cell._tc)
    return first


def shade(cell: _Cell, fill: str = "E7E6E6") -> None:
    """A light background for a header or section cell."""
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def row_tag(tbl: Table, code: str) -> None:
    """A row holding only a docxtpl row tag ``{%tr code %}``."""
    cells = row(tbl, cant_split=False)
    para(cells[0], f"{{%tr {code} %}}")
