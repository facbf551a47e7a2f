"""Build the nine document templates of the pack: ``templates/<id>.docx``.

The documents' wording is authored here, once, and lands in Word files that the office
edits afterwards (a sentence changed in Word stays changed until the next rebuild).
Rebuild with ``python tools/build_templates.py``.

The Jinja tags follow docxtpl's rules: a ``{{ }}`` tag always sits in one run (each text
piece below becomes exactly one run), a ``{%p %}`` tag alone in its paragraph, a
``{%tr %}`` tag alone in its table row. Lists use Word's own numbering, so items added
by a loop or left out by a condition are numbered by Word.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

FONT = "Arial"
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

DOTS = "...................................."
"""A blank to fill by hand inside a sentence."""

# Expressions used in many documents (each stays inside one run).
MITRA = "{{ mitra.nama }}{% if mitra.singkatan %} ({{ mitra.singkatan }}){% endif %}"
MITRA_EN = "{{ mitra.nama_en }}{% if mitra.singkatan %} ({{ mitra.singkatan }}){% endif %}"
TANGGAL_SURAT = "{{ kota }}, {{ surat.tanggal|tanggal }}"
PERMEN_65 = (
    "Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 65 Tahun 2016 tentang Penataan "
    "Kerja Sama di Lingkungan Kementerian Hukum dan Hak Asasi Manusia"
)
JENIS_PASAL_7 = (
    "{{ mitra.jenis }} sebagaimana dimaksud dalam Pasal 7 huruf {{ mitra.jenis_huruf }} "
    "Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 65 Tahun 2016"
)
UNIT_NAMES = (
    "{% for unit in unit_pelaksana %}{{ unit.nama }}"
    "{% if loop.revindex == 2 %}{% if loop.length > 2 %},{% endif %} dan "
    "{% elif not loop.last %}, {% endif %}{% endfor %}"
)
PEMBIAYAAN_SINGKAT = (
    '{% if mitra.pembiayaan == "Masing-masing Pihak" %}ditanggung oleh masing-masing pihak'
    '{% elif mitra.pembiayaan == "APBN" %}dibebankan pada APBN'
    '{% elif mitra.pembiayaan == "Mitra" %}ditanggung oleh mitra'
    '{% elif mitra.pembiayaan == "Bersama" %}ditanggung bersama oleh para pihak'
    "{% else %}{{ mitra.pembiayaan }}{% endif %}"
)
"""The funding in a few words, for a sentence or a table cell."""
DATE_DOTS = "........................"
"""A date to write by hand."""
TTD_TANGGAL = "{% if ttd.tanggal %}{{ ttd.tanggal|tanggal }}{% else %}" + DATE_DOTS + "{% endif %}"
TTD_DATE_EN = "{% if ttd.tanggal %}{{ ttd.tanggal|date_en }}{% else %}" + DATE_DOTS + "{% endif %}"


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
            f'w:eastAsia="{FONT}"/>'
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
            rfonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
            rfonts.set(qn("w:eastAsia"), FONT)
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
        self.docx.save(str(path))
        _normalise_zip(path)


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
          pad: float = 0.1, align_center: bool = False) -> Table:
    """A fixed-layout table with columns of `widths` cm, borderless unless asked."""
    tbl: Table = container.add_table(rows=0, cols=len(widths))
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
        "" if align_center else f'<w:tblInd {w} w:w="0" w:type="dxa"/>',
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


# --------------------------------------------------------------------------- letter parts


def kop(doc: Doc, *, page_numbers: bool = True) -> None:
    """The letterhead in the first page's header; later pages show ``- n -``."""
    section = doc.docx.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    header = first.paragraphs[0]
    header.text = ""
    header.paragraph_format.alignment = ALIGN["center"]
    run = header.add_run("{{ kop.baris_1 }}")
    run.bold = True
    run.font.size = Pt(14)
    para(first, bold("{{ kop.baris_2 }}"), align="center", size=13)
    para(first, "{{ kop.alamat }}", align="center", size=9, rule=24, line=1.0, after=2)
    para(first, "", size=6, line=1.0)
    if page_numbers:
        other = section.header
        other.is_linked_to_previous = False
        number = other.paragraphs[0]
        number.paragraph_format.alignment = ALIGN["center"]
        page_number(number)
        para(other, "", size=6)


def nomor_block(doc: Doc, hal: str, *, lampiran: str | None = None) -> None:
    """Nomor (with place and date at the right), Sifat, Lampiran, Hal."""
    tbl = table(doc.body, (2.3, 0.4, 7.3, doc.text_width - 10.0))
    cells = row(tbl)
    para(cells[0], "Nomor")
    para(cells[1], ":")
    para(cells[2], "{{ surat.nomor }}")
    para(cells[3], TANGGAL_SURAT, align="right")
    lines = [("Sifat", "{{ surat.sifat }}")]
    if lampiran:
        lines.append(("Lampiran", lampiran))
    lines.append(("Hal", hal))
    for label, value in lines:
        cells = row(tbl)
        para(cells[0], label)
        para(cells[1], ":")
        para(span(cells, 2, 2), value, right=1.5 if label == "Hal" else 0.0)


def addressee(doc: Doc, lines: Iterable[str], place: str = "Jakarta") -> None:
    """``Yth.`` and the addressee's title, ``di``, the place."""
    for index, text in enumerate(lines):
        para(doc.body, text, before=14 if index == 0 else 0, right=2.5)
    para(doc.body, "di")
    para(doc.body, place, indent=1.0, after=10)


def body(doc: Doc, *parts: Part, after: float = 6, first: float = 1.25,
         indent: float = 0.0, keep: bool = False, before: float = 0) -> Paragraph:
    """A justified body paragraph with its first line indented."""
    return para(doc.body, *parts, align="justify", first=first, indent=indent, after=after,
                keep=keep, before=before)


def item(doc: Doc, num: int, *parts: Part, after: float = 0.0) -> Paragraph:
    """A justified list item of list `num`."""
    return para(doc.body, *parts, align="justify", num=num, after=after)


def closing(doc: Doc) -> None:
    """The closing sentence of a letter."""
    body(doc, "Demikian kami sampaikan, atas perhatian dan kerja sama Bapak/Ibu, kami "
         "ucapkan terima kasih.", after=6, keep=True)


def signature(container: Any, title: str, name: str, nip: str, *, indent: float = SIGN_INDENT,
              place_date: str | None = None, lead: str | None = None,
              before: float = 12) -> None:
    """Title followed by a comma, room to sign, the name, and ``NIP …`` when there is one.

    `title`, `name` and `nip` are context paths (``pengirim.jabatan``); the NIP line
    disappears when the NIP is blank.
    """
    first = True

    def line(*parts: Part, **kwargs: Any) -> None:
        nonlocal first
        space = kwargs.pop("before", before if first else 0)
        para(container, *parts, indent=indent, keep=True, before=space, **kwargs)
        first = False

    if place_date:
        line(place_date)
    if lead:
        line(lead)
    line(f"{{{{ {title} }}}},")
    # Room to sign as space above the name: empty paragraphs would break the chain of
    # "keep with next" in LibreOffice.
    line(f"{{{{ {name} }}}}", before=SIGN_ROOM)
    tag(container, f"if {nip}")
    para(container, f"NIP {{{{ {nip} }}}}", indent=indent)
    tag(container, "endif")


def tembusan(doc: Doc, items: Sequence[str]) -> None:
    """``Tembusan:`` and the numbered titles."""
    if len(items) == 1:
        # One paragraph, so that the heading never stays behind on its own.
        paragraph = para(doc.body, "Tembusan:", before=18)
        paragraph.add_run().add_break()
        paragraph.add_run(items[0])
        return
    para(doc.body, "Tembusan:", before=18, keep=True)
    numbers = doc.new_list(left=0.6, hanging=0.6)
    for index, text in enumerate(items):
        para(doc.body, text, num=numbers, keep=index < len(items) - 1)


def scope_list(doc: Doc, container: Any = None, *, english: bool = False,
               left: float = 0.75, fmt: str = "lowerLetter") -> None:
    """The scope items as a list (``a.``, ``b.``), in the workbook's order."""
    target = container if container is not None else doc.body
    numbers = doc.new_list(fmt, "%1.", left=left, hanging=0.6)
    tag(target, "for item in ruang_lingkup")
    para(target, "{{ item.teks_en }}" if english else "{{ item.teks }}", align="justify",
         num=numbers)
    tag(target, "endfor")


def unit_list(doc: Doc, container: Any = None, *, english: bool = False,
              left: float = 0.75) -> None:
    """The implementing units as a numbered list."""
    target = container if container is not None else doc.body
    numbers = doc.new_list(left=left, hanging=0.6)
    tag(target, "for unit in unit_pelaksana")
    para(target, "{{ unit.nama_en }}" if english else "{{ unit.nama }}", align="justify",
         num=numbers)
    tag(target, "endfor")


def kv_table(doc: Doc, container: Any, rows: Sequence[tuple[str, str]],
             widths: tuple[float, float, float]) -> Table:
    """An aligned ``label : value`` block (a borderless table)."""
    tbl = table(container, widths)
    for label, value in rows:
        cells = row(tbl)
        para(cells[0], label)
        para(cells[1], ":")
        para(cells[2], value, align="justify" if len(value) > 60 else "left")
    return tbl


# --------------------------------------------------------------------------- 01 rencana

PEMBIAYAAN_ID = {
    "Masing-masing Pihak": (
        "Biaya pelaksanaan kerja sama ditanggung oleh masing-masing Pihak sesuai dengan "
        "ketersediaan anggaran dan ketentuan peraturan perundang-undangan yang berlaku di "
        "negara masing-masing."
    ),
    "APBN": (
        "Biaya pelaksanaan kerja sama dibebankan pada Anggaran Pendapatan dan Belanja Negara "
        "melalui Daftar Isian Pelaksanaan Anggaran unit pelaksana, sesuai dengan "
        "ketersediaan anggaran dan ketentuan peraturan perundang-undangan."
    ),
    "Mitra": (
        "Biaya pelaksanaan kerja sama ditanggung oleh {{ mitra.nama }} sesuai dengan "
        "ketentuan yang berlaku bagi {{ mitra.nama }}, tanpa menimbulkan kewajiban "
        "pembiayaan bagi Anggaran Pendapatan dan Belanja Negara."
    ),
    "Bersama": (
        "Biaya pelaksanaan kerja sama ditanggung bersama oleh Para Pihak sesuai dengan "
        "kesepakatan untuk setiap kegiatan, ketersediaan anggaran, dan ketentuan peraturan "
        "perundang-undangan yang berlaku di negara masing-masing."
    ),
}


def pembiayaan_paragraphs(container: Any, texts: dict[str, str], *, size: float | None = None,
                          indent: float = 0.0) -> None:
    """One paragraph per kind of funding, kept by ``{%p if mitra.pembiayaan == … %}``."""
    first = True
    for kind, text in texts.items():
        tag(container, f'{"if" if first else "elif"} mitra.pembiayaan == "{kind}"')
        para(container, text, align="justify", size=size, indent=indent)
        first = False
    tag(container, "else")
    para(container, "{{ mitra.pembiayaan }}", align="justify", size=size, indent=indent)
    tag(container, "endif")


def build_rencana() -> Doc:
    """01: the cooperation plan (Permenkumham 65/2016 Pasal 9), signed by the unit's head."""
    doc = Doc("Rencana Kerja Sama")
    kop(doc)
    for title in ("RENCANA KERJA SAMA LUAR NEGERI", "{{ pengirim.nama|upper }}", "DENGAN",
                  "{{ mitra.nama|upper }}", "TENTANG",
                  "KERJA SAMA DI BIDANG {{ mitra.bidang|upper }}"):
        para(doc.body, bold(title), align="center", keep=True)
    para(doc.body, "Nomor {{ surat.nomor }}", align="center", before=6, after=18)

    sections = doc.new_list("upperLetter", "%1.", left=0.75, hanging=0.75)

    def heading(text: str) -> None:
        para(doc.body, bold(text), num=sections, before=8, after=4, keep=True, bold_all=True)

    def text(*parts: Part, after: float = 4) -> None:
        para(doc.body, *parts, align="justify", indent=0.75, after=after)

    heading("Latar Belakang dan Urgensi")
    tag(doc.body, "if mitra.latar_belakang")
    text("{{ mitra.latar_belakang }}")
    tag(doc.body, "else")
    dotted(doc.body, doc.text_width, 3, indent=0.75)
    tag(doc.body, "endif")
    text("Kerja sama ini diusulkan sejalan dengan tugas dan fungsi " "{{ pengirim.nama }} "
         "dalam " "pembentukan peraturan perundang-undangan dan dilaksanakan sesuai dengan "
         + PERMEN_65 + ".")

    heading("Maksud dan Tujuan")
    text("Kerja sama dengan " + MITRA + " di bidang {{ mitra.bidang }} bertujuan untuk "
         "{{ mitra.tujuan }}.")

    heading("Bentuk Kerja Sama")
    text("Kerja sama dituangkan dalam Memorandum Saling Pengertian (",
         italic("Memorandum of Understanding"),
         ") yang dilaksanakan melalui kegiatan berupa pertukaran informasi dan "
         "dokumen, seminar, lokakarya dan diskusi, pelatihan dan peningkatan kapasitas, "
         "kunjungan kerja, serta bentuk kegiatan lain yang disepakati oleh Para Pihak.")

    heading("Substansi Pokok")
    text("Ruang lingkup kerja sama meliputi:", after=0)
    scope_list(doc, left=1.35)

    heading("Jangka Waktu")
    text("Kerja sama berlaku untuk jangka waktu {{ mitra.jangka_waktu|terbilang }} tahun "
         "sejak tanggal penandatanganan Memorandum Saling Pengertian dan dapat diperpanjang "
         "atas kesepakatan tertulis Para Pihak.")

    heading("Mitra Kerja Sama")
    kv = table(doc.body, (0.75, 5.7, 0.4, doc.text_width - 6.85))
    for label, value in (
        ("Nama", MITRA),
        ("Nama dalam bahasa Inggris", "{{ mitra.nama_en }}"),
        ("Jenis mitra", "{{ mitra.jenis }} (Pasal 7 huruf {{ mitra.jenis_huruf }} "
         "Permenkumham Nomor 65 Tahun 2016)"),
        ("Negara", "{{ mitra.negara }}"),
        ("Penandatangan mitra", "{% if mitra.penandatangan_nama %}"
         "{{ mitra.penandatangan_nama }}, {% endif %}{{ mitra.penandatangan_jabatan }}"),
    ):
        cells = row(kv)
        para(cells[1], label)
        para(cells[2], ":")
        para(cells[3], value)
    row_tag(kv, "if mitra.alamat")
    cells = row(kv)
    para(cells[1], "Alamat")
    para(cells[2], ":")
    para(cells[3], "{{ mitra.alamat }}")
    row_tag(kv, "endif")

    heading("Unit Pelaksana")
    text("Kerja sama dilaksanakan oleh:", after=0)
    unit_list(doc, left=1.35)

    heading("Pembiayaan")
    pembiayaan_paragraphs(doc.body, PEMBIAYAAN_ID, indent=0.75)

    heading("Narahubung")
    tag(doc.body, "if mitra.narahubung")
    text("{{ mitra.narahubung }}")
    tag(doc.body, "else")
    dotted(doc.body, doc.text_width, 2, indent=0.75)
    tag(doc.body, "endif")

    signature(doc.body, "pengirim.jabatan", "pengirim.nama_pimpinan", "pengirim.nip",
              place_date=TANGGAL_SURAT, before=18)
    return doc


# --------------------------------------------------------------------------- 02 penyampaian


def build_penyampaian() -> Doc:
    """02: the letter sending the plan to the Sekretaris Jenderal c.q. the Kepala Biro."""
    doc = Doc("Surat Penyampaian Rencana Kerja Sama")
    kop(doc)
    nomor_block(doc, "Penyampaian Rencana Kerja Sama dengan " + MITRA,
                lampiran="1 (satu) berkas")
    addressee(doc, ["Yth. {{ pejabat.sekjen.jabatan }}", "c.q. {{ pejabat.kabiro.jabatan }}"])
    body(doc, "Sehubungan dengan rencana kerja sama antara {{ pengirim.nama }} dan " + MITRA
         + " di bidang {{ mitra.bidang }}, bersama ini kami sampaikan Rencana Kerja Sama "
         "Nomor {{ surat.nomor_rencana }} sebagaimana terlampir, sesuai dengan ketentuan "
         "Pasal 9 ayat (1) " + PERMEN_65 + ". {{ mitra.nama }} merupakan {{ mitra.jenis }} "
         "sebagaimana dimaksud dalam Pasal 7 huruf {{ mitra.jenis_huruf }} Peraturan Menteri "
         "tersebut, yang berkedudukan di {{ mitra.negara }}.")
    body(doc, "Kerja sama tersebut akan dituangkan dalam Memorandum Saling Pengertian untuk "
         "jangka waktu {{ mitra.jangka_waktu|terbilang }} tahun dan dilaksanakan oleh "
         + UNIT_NAMES + ", dengan ruang lingkup:", after=0)
    scope_list(doc, left=1.85)
    body(doc, "Sehubungan dengan hal tersebut, kami mohon fasilitasi dan koordinasi lebih "
         "lanjut, termasuk konsultasi dengan Kementerian Luar Negeri. Narahubung: "
         "{% if mitra.narahubung %}{{ mitra.narahubung }}{% else %}" + DOTS + "{% endif %}.",
         before=6)
    closing(doc)
    signature(doc.body, "pengirim.jabatan", "pengirim.nama_pimpinan", "pengirim.nip")
    tembusan(doc, ["{{ pejabat.kabag.jabatan }}"])
    return doc


# --------------------------------------------------------------------------- 03 kajian

KAJIAN_WIDTHS = (1.0, 4.6, 10.4)


def build_kajian() -> Doc:
    """03: the analysis form; blank assessments become dotted lines to fill by hand."""
    doc = Doc("Formulir Kajian dan Analisis")
    kop(doc)
    para(doc.body, bold("FORMULIR KAJIAN DAN ANALISIS"), align="center")
    para(doc.body, bold("RENCANA KERJA SAMA LUAR NEGERI"), align="center", after=12)
    uraian = KAJIAN_WIDTHS[2] - 0.2
    tbl = table(doc.body, KAJIAN_WIDTHS, borders=True)
    head = row(tbl, header=True)
    for cell, text in zip(head, ("No.", "Aspek", "Uraian"), strict=True):
        shade(cell)
        para(cell, bold(text), align="center", size=SMALL)

    counter = 0

    def section(title: str) -> None:
        cells = row(tbl)
        cell = span(cells, 0, 3)
        shade(cell, "F2F2F2")
        para(cell, bold(title), size=SMALL)

    def line(aspect: str) -> _Cell:
        nonlocal counter
        counter += 1
        # A long background may run over a page: the row must be allowed to break.
        cells = row(tbl, cant_split=False)
        para(cells[0], f"{counter}.", align="center", size=SMALL)
        para(cells[1], aspect, size=SMALL)
        return cells[2]

    def value(cell: _Cell, *parts: Part, before: float = 0) -> None:
        para(cell, *parts, size=SMALL, before=before)

    def assessed(aspect: str, field: str, lines: int = 3) -> None:
        cell = line(aspect)
        tag(cell, f"if {field}")
        value(cell, f"{{{{ {field} }}}}")
        tag(cell, "else")
        dotted(cell, uraian, lines, size=SMALL)
        tag(cell, "endif")

    section("A. IDENTITAS USULAN")
    value(line("Surat usulan"), "Nomor {{ surat.nomor_penyampaian }} tanggal "
          "{{ surat.tanggal|tanggal }} hal Penyampaian Rencana Kerja Sama dengan "
          "{{ mitra.nama }} (Rencana Kerja Sama Nomor {{ surat.nomor_rencana }})")
    value(line("Unit pengusul"), "{{ pengirim.nama }}")
    cell = line("Mitra")
    value(cell, MITRA)
    value(cell, italic("{{ mitra.nama_en }}"))
    value(line("Jenis mitra"), "{{ mitra.jenis }} (Pasal 7 huruf {{ mitra.jenis_huruf }} "
          "Permenkumham Nomor 65 Tahun 2016)")
    value(line("Negara"), "{{ mitra.negara }}")
    value(line("Bidang kerja sama"), "{{ mitra.bidang }}")
    value(line("Penandatangan mitra"), "{% if mitra.penandatangan_nama %}"
          "{{ mitra.penandatangan_nama }}, {% endif %}{{ mitra.penandatangan_jabatan }} "
          "(setingkat {{ mitra.penandatangan_tingkat }})")

    section("B. SUBSTANSI")
    cell = line("Latar belakang dan urgensi")
    tag(cell, "if mitra.latar_belakang")
    value(cell, "{{ mitra.latar_belakang }}")
    tag(cell, "else")
    dotted(cell, uraian, 3, size=SMALL)
    tag(cell, "endif")
    value(line("Tujuan"), "{{ mitra.tujuan }}")
    cell = line("Dasar hukum")
    legal = doc.new_list(left=0.6, hanging=0.6)
    for text, condition in (
        ("Undang-Undang Nomor 24 Tahun 2000 tentang Perjanjian Internasional;", None),
        ("Peraturan Pemerintah Nomor 59 Tahun 2016 tentang Organisasi Kemasyarakatan yang "
         "Didirikan oleh Warga Negara Asing;", 'mitra.jenis_huruf == "c"'),
        (PERMEN_65 + ";", None),
        ("Peraturan Menteri Hukum Nomor 1 Tahun 2024 tentang Organisasi dan Tata Kerja "
         "Kementerian Hukum.", None),
    ):
        if condition:
            tag(cell, f"if {condition}")
        para(cell, text, size=SMALL, num=legal)
        if condition:
            tag(cell, "endif")
    assessed("Kesesuaian dengan tugas dan fungsi Ditjen PP", "kajian.kesesuaian_tusi")
    assessed("Kesesuaian dengan Rencana Strategis Kementerian", "kajian.kesesuaian_renstra")
    cell = line("Ruang lingkup dan bentuk kegiatan")
    scope = doc.new_list("lowerLetter", "%1.", left=0.6, hanging=0.6)
    tag(cell, "for item in ruang_lingkup")
    para(cell, "{{ item.teks }}", size=SMALL, num=scope)
    tag(cell, "endfor")
    value(cell, "dalam bentuk Memorandum Saling Pengertian.")
    assessed("Manfaat", "kajian.manfaat")
    assessed("Risiko (politik, hukum, keamanan, reputasi, data dan kekayaan intelektual)",
             "kajian.risiko")
    assessed("Kedudukan dan kelayakan mitra", "kajian.kelayakan_mitra")
    cell = line("Pembiayaan")
    value(cell, "Biaya " + PEMBIAYAAN_SINGKAT)
    cell = line("Jangka waktu")
    value(cell, "{{ mitra.jangka_waktu|terbilang }} tahun")
    tag(cell, 'if mitra.jenis_huruf == "c" and mitra.jangka_waktu > 3')
    value(cell, italic("Perhatian: izin prinsip organisasi internasional nonpemerintah "
                       "berlaku paling lama 3 (tiga) tahun (PP Nomor 59 Tahun 2016)."))
    tag(cell, "endif")
    cell = line("Unit pelaksana dan penandatangan MSP")
    units = doc.new_list(left=0.6, hanging=0.6)
    tag(cell, "for unit in unit_pelaksana")
    para(cell, "{{ unit.nama }} ({{ unit.jenis }})", size=SMALL, num=units)
    tag(cell, "endfor")
    tag(cell, "if penandatangan.aturan == 1")
    value(cell, "MSP ditandatangani oleh {{ penandatangan.jabatan }} sebagai penandatangan "
          "pengganti. {{ penandatangan.alasan }}", before=3)
    tag(cell, "elif penandatangan.aturan == 2")
    value(cell, "Penandatangan mitra setingkat Menteri, sehingga MSP ditandatangani oleh "
          "{{ penandatangan.jabatan }} (Pasal 14 ayat (1) Permenkumham Nomor 65 Tahun 2016: "
          "pejabat penandatangan dapat disesuaikan dengan pihak mitra).", before=3)
    tag(cell, "elif penandatangan.aturan == 3")
    value(cell, "Dilaksanakan oleh {{ unit_pelaksana|length|terbilang }} unit, sehingga MSP "
          "ditandatangani oleh {{ penandatangan.jabatan }} (Pasal 14 ayat (1) Permenkumham "
          "Nomor 65 Tahun 2016 dan SOP langkah 7).", before=3)
    tag(cell, "else")
    value(cell, "Dilaksanakan oleh 1 (satu) unit, sehingga MSP ditandatangani oleh "
          "{{ penandatangan.jabatan }} (Pasal 14 ayat (1) Permenkumham Nomor 65 Tahun 2016 "
          "dan SOP langkah 7).", before=3)
    tag(cell, "endif")

    section("C. KESIMPULAN")
    cell = line("Rekomendasi")
    for choice in ("Dapat ditindaklanjuti", "Dapat ditindaklanjuti dengan catatan",
                   "Tidak dapat ditindaklanjuti"):
        para(cell, f'{{% if kajian.rekomendasi == "{choice}" %}}\u2612{{% else %}}\u2610'
             f"{{% endif %}}  {choice}", size=SMALL)
    assessed("Catatan", "kajian.catatan", lines=2)

    sign = table(doc.body, (doc.text_width / 2, doc.text_width / 2))
    cells = row(sign)
    tag(cells[0], "if kajian.analis != pejabat.subkoor.nama")
    signature(cells[0], "pejabat.subkoor.jabatan", "pejabat.subkoor.nama",
              "pejabat.subkoor.nip", indent=0.0, lead="Mengetahui,", before=18)
    tag(cells[0], "endif")
    para(cells[0], "")
    signature(cells[1], "'Analis' if kajian.analis != pejabat.subkoor.nama else "
              "pejabat.subkoor.jabatan", "kajian.analis", "kajian.nip_analis", indent=0.5,
              place_date="{{ kota }}, {% if kajian.tanggal %}{{ kajian.tanggal|tanggal }}"
              "{% else %}" + DATE_DOTS + "{% endif %}", before=18)
    return doc


# --------------------------------------------------------------------------- 04 nota dinas


def build_nota_dinas() -> Doc:
    """04: memo from the Kepala Bagian to the unit's head: the analysis and the meeting."""
    doc = Doc("Nota Dinas Hasil Kajian")
    kop(doc)
    para(doc.body, bold("NOTA DINAS"), align="center")
    para(doc.body, "NOMOR {{ surat.nomor }}", align="center", after=12)
    kv_table(doc, doc.body, (
        ("Yth.", "{{ pengirim.jabatan }}"),
        ("Dari", "{{ pejabat.kabag.jabatan }}"),
        ("Sifat", "{{ surat.sifat }}"),
        ("Lampiran", "1 (satu) berkas"),
        ("Hal", "Hasil Kajian dan Analisis Rencana Kerja Sama dengan " + MITRA),
        ("Tanggal", "{{ surat.tanggal|tanggal }}"),
    ), (2.3, 0.4, doc.text_width - 2.7))
    para(doc.body, "", rule=12, after=12, size=6)
    body(doc, "Menindaklanjuti Rencana Kerja Sama Nomor {{ surat.nomor_rencana }} antara "
         "{{ pengirim.nama }} dan " + MITRA + " di bidang {{ mitra.bidang }}, dengan hormat "
         "kami laporkan hasil kajian dan analisis sebagai berikut:")
    points = doc.new_list(left=0.75, hanging=0.75)
    item(doc, points, MITRA + " merupakan " + JENIS_PASAL_7 + ", berkedudukan di "
         "{{ mitra.negara }}. Kerja sama direncanakan untuk jangka waktu "
         "{{ mitra.jangka_waktu|terbilang }} tahun dengan biaya yang " + PEMBIAYAAN_SINGKAT
         + ".", after=4)
    assessment = ("Berdasarkan kajian atas kesesuaian dengan tugas dan fungsi Direktorat "
                  "Jenderal Peraturan Perundang-undangan dan Rencana Strategis Kementerian, "
                  "manfaat, risiko, serta kedudukan mitra, rencana kerja sama tersebut "
                  "dinilai: ")
    tag(doc.body, "if kajian.rekomendasi")
    item(doc, points, assessment + "{{ kajian.rekomendasi }}."
         "{% if kajian.catatan %} Catatan: {{ kajian.catatan }}{% endif %}", after=4)
    tag(doc.body, "else")
    item(doc, points, assessment + DOTS + DOTS, after=4)
    tag(doc.body, "endif")
    item(doc, points, "Kerja sama akan dilaksanakan oleh " + UNIT_NAMES + ". Sesuai dengan "
         "Pasal 14 ayat (1) Permenkumham Nomor 65 Tahun 2016, Memorandum Saling Pengertian "
         "ditandatangani oleh {{ penandatangan.jabatan }}.", after=4)
    item(doc, points, "Kami mengusulkan rapat pembahasan draf Memorandum Saling Pengertian "
         "dengan unit terkait; konsep undangan rapat dan draf Memorandum Saling Pengertian "
         "terlampir.", after=6)
    body(doc, "Demikian kami sampaikan, mohon arahan Bapak/Ibu. Atas perhatian Bapak/Ibu, "
         "kami ucapkan terima kasih.", keep=True)
    signature(doc.body, "pejabat.kabag.jabatan", "pejabat.kabag.nama", "pejabat.kabag.nip")
    tembusan(doc, ["Sekretaris Direktorat Jenderal Peraturan Perundang-undangan"])
    return doc


# --------------------------------------------------------------------------- 05 undangan


def build_undangan() -> Doc:
    """05: invitation to the meeting on the draft MSP; date, time and place by hand."""
    doc = Doc("Undangan Rapat Pembahasan Draf MSP")
    kop(doc)
    nomor_block(doc, "Undangan Rapat Pembahasan Draf Memorandum Saling Pengertian dengan "
                + MITRA, lampiran="1 (satu) berkas")
    para(doc.body, "Yth.", before=18)
    invited = doc.new_list(left=0.6, hanging=0.6)
    para(doc.body, "{{ pejabat.kabiro.jabatan }}", num=invited, right=4.0)
    tag(doc.body, "for unit in unit_pelaksana if unit.kode != pengirim.kode")
    para(doc.body, "{{ unit.jabatan }}", num=invited, right=4.0)
    tag(doc.body, "endfor")
    para(doc.body, "{{ pejabat.kabag.jabatan }}", num=invited, right=4.0)
    para(doc.body, "di")
    para(doc.body, "Tempat", indent=1.0, after=12)
    body(doc, "Dalam rangka penyiapan Memorandum Saling Pengertian antara "
         "{{ penandatangan.pihak }} dan " + MITRA + " tentang kerja sama di bidang "
         "{{ mitra.bidang }}, dengan hormat kami mengundang Bapak/Ibu atau pejabat yang "
         "ditunjuk untuk menghadiri rapat pembahasan draf Memorandum Saling Pengertian "
         "tersebut, yang akan dilaksanakan pada:")
    when = table(doc.body, (1.25, 3.2, 0.4, doc.text_width - 4.85))
    for label, text in (
        ("hari, tanggal", DOTS + DOTS[:16]),
        ("waktu", DOTS[:20] + " WIB s.d. selesai"),
        ("tempat", DOTS + DOTS),
        ("acara", "Pembahasan Draf Memorandum Saling Pengertian"),
    ):
        cells = row(when)
        para(cells[1], label, line=1.5)
        para(cells[2], ":", line=1.5)
        para(cells[3], text, line=1.5)
    body(doc, "Draf Memorandum Saling Pengertian dalam bahasa Indonesia dan bahasa Inggris "
         "kami lampirkan. Mengingat pentingnya acara tersebut, kami mohon kehadiran "
         "Bapak/Ibu tepat pada waktunya.", before=6)
    closing(doc)
    signature(doc.body, "pengirim.jabatan", "pengirim.nama_pimpinan", "pengirim.nip")
    tembusan(doc, ["{{ pejabat.sekjen.jabatan }}"])
    return doc


# --------------------------------------------------------------------------- 06 msp, 07 ttd

MSP_SIZE = SMALL
COLUMN = 7.8
GUTTER = 16.0 - 2 * COLUMN


class Bilingual:
    """The two-column table of a bilingual text: Indonesian left, English right."""

    def __init__(self, doc: Doc, size: float = MSP_SIZE) -> None:
        self.doc = doc
        self.size = size
        self.tbl = table(doc.body, (COLUMN, GUTTER, COLUMN))

    def pair(self, left: Sequence[Part] | Part, right: Sequence[Part] | Part, *,
             align: str = "justify", bold_all: bool = False, before: float = 0,
             after: float = 6, num: tuple[int, int] | None = None,
             indent: float = 0.0, keep: bool = False) -> None:
        """One row: the same paragraph in both languages, side by side."""
        cells = row(self.tbl)
        for cell, parts, number in ((cells[0], left, num[0] if num else None),
                                    (cells[2], right, num[1] if num else None)):
            seq: Sequence[Part] = [parts] if isinstance(parts, str | Span) else parts
            para(cell, *seq, align=align, bold_all=bold_all, before=before, after=after,
                 size=self.size, num=number, indent=indent, keep=keep)

    def heading(self, left: str, right: str, *, before: float = 12) -> None:
        """``PASAL n`` beside ``ARTICLE n`` or a title line, centred and bold."""
        self.pair(left, right, align="center", bold_all=True, before=before, after=0,
                  keep=True)

    def article(self, number: int, left: str, right: str) -> None:
        """An article's number and title in both languages."""
        self.heading(f"PASAL {number}", f"ARTICLE {number}")
        self.heading(left.upper(), right.upper(), before=0)
        cells = row(self.tbl)
        para(cells[0], "", size=4, keep=True)

    def lists(self, fmt: str = "decimal", text: str = "(%1)") -> tuple[int, int]:
        """A pair of Word lists, one per column."""
        return (self.doc.new_list(fmt, text, left=0.8, hanging=0.8),
                self.doc.new_list(fmt, text, left=0.8, hanging=0.8))

    def row_tag(self, code: str) -> None:
        """A ``{%tr %}`` row."""
        row_tag(self.tbl, code)

    def blank(self, height: float = 6) -> None:
        """An empty row."""
        cells = row(self.tbl)
        para(cells[0], "", size=height)


PEMBIAYAAN_EN = {
    "Masing-masing Pihak": (
        "Each Party shall bear its own costs in implementing this Memorandum of "
        "Understanding, subject to the availability of funds and in accordance with the "
        "laws and regulations in force in their respective countries."
    ),
    "APBN": (
        "The costs of implementing this Memorandum of Understanding shall be charged to "
        "the State Budget of the Republic of Indonesia, subject to the availability of funds "
        "and in accordance with the laws and regulations in force."
    ),
    "Mitra": (
        "The costs of implementing this Memorandum of Understanding shall be borne by "
        "the {{ mitra.nama_en }}, in accordance with its applicable rules, without creating "
        "any financial obligation on the State Budget of the Republic of Indonesia."
    ),
    "Bersama": (
        "The costs of implementing this Memorandum of Understanding shall be jointly borne "
        "by the Parties as mutually agreed for each activity, subject to the availability "
        "of funds and in accordance with the laws and regulations in force in their "
        "respective countries."
    ),
}
PEMBIAYAAN_MSP_ID = {
    "Masing-masing Pihak": (
        "Setiap Pihak menanggung biayanya sendiri dalam pelaksanaan Memorandum Saling "
        "Pengertian ini, sesuai dengan ketersediaan anggaran dan hukum serta peraturan "
        "perundang-undangan yang berlaku di negara masing-masing."
    ),
    "APBN": (
        "Biaya pelaksanaan Memorandum Saling Pengertian ini dibebankan pada Anggaran "
        "Pendapatan dan Belanja Negara Republik Indonesia, sesuai dengan ketersediaan "
        "anggaran dan ketentuan peraturan perundang-undangan yang berlaku."
    ),
    "Mitra": (
        "Biaya pelaksanaan Memorandum Saling Pengertian ini ditanggung oleh {{ mitra.nama }} "
        "sesuai dengan ketentuan yang berlaku baginya, tanpa menimbulkan kewajiban "
        "keuangan bagi Anggaran Pendapatan dan Belanja Negara Republik Indonesia."
    ),
    "Bersama": (
        "Biaya pelaksanaan Memorandum Saling Pengertian ini ditanggung bersama oleh Para "
        "Pihak sesuai dengan kesepakatan untuk setiap kegiatan, ketersediaan anggaran, dan "
        "hukum serta peraturan perundang-undangan yang berlaku di negara masing-masing."
    ),
}


def closing_clause(doc: Doc, size: float = MSP_SIZE) -> None:
    """The bilingual closing clause with place, date and the prevailing text."""
    text = Bilingual(doc, size)
    text.pair(
        [bold("SEBAGAI BUKTI,"), " yang bertanda tangan di bawah ini, yang diberi kuasa oleh "
         "institusi masing-masing, telah menandatangani Memorandum Saling Pengertian ini."],
        [bold("IN WITNESS WHEREOF,"), " the undersigned, being duly authorized by their "
         "respective institutions, have signed this Memorandum of Understanding."],
        before=12, keep=True,
    )
    text.pair(
        [bold("DIBUAT"), " dalam rangkap 2 (dua) di {{ ttd.tempat }} pada tanggal "
         + TTD_TANGGAL + ", dalam bahasa Indonesia dan bahasa Inggris, semua naskah sama "
         "autentiknya. Dalam hal terjadi perbedaan penafsiran, naskah "
         '{% if naskah_berlaku == "ID" %}bahasa Indonesia{% else %}bahasa Inggris{% endif %}'
         " yang berlaku."],
        [bold("DONE"), " in duplicate at {{ ttd.tempat_en }} on " + TTD_DATE_EN + ", in the "
         "Indonesian and English languages, all texts being equally authentic. In case of "
         "any divergence of interpretation, the "
         '{% if naskah_berlaku == "ID" %}Indonesian{% else %}English{% endif %}'
         " text shall prevail."],
        after=24, keep=True,
    )


def signature_blocks(doc: Doc, size: float = MSP_SIZE) -> None:
    """Both parties' signature blocks side by side."""
    blocks = table(doc.body, (COLUMN, GUTTER, COLUMN))
    cells = row(blocks)
    for cell, ours in ((cells[0], True), (cells[2], False)):
        party = "{{ penandatangan.pihak|upper }}" if ours else "{{ mitra.nama|upper }}"
        party_en = ("{{ penandatangan.pihak_en|upper }}" if ours
                    else "{{ mitra.nama_en|upper }}")
        para(cell, bold("UNTUK " + party), align="center", size=size, keep=True)
        para(cell, Span("FOR THE " + party_en, bold=True, italic=True), align="center",
             size=size, keep=True)
    cells = row(blocks)
    for cell in (cells[0], cells[2]):
        for _ in range(5):
            para(cell, "", size=size, keep=True)
    cells = row(blocks)
    para(cells[0], bold("{{ penandatangan.nama }}"), align="center", size=size)
    para(cells[0], "{{ penandatangan.jabatan }}", align="center", size=size)
    para(cells[0], italic("{{ penandatangan.jabatan_en }}"), align="center", size=size)
    para(cells[2], bold("{% if mitra.penandatangan_nama %}{{ mitra.penandatangan_nama }}"
                        "{% else %}" + DOTS + "{% endif %}"), align="center", size=size)
    para(cells[2], "{{ mitra.penandatangan_jabatan }}", align="center", size=size)


def build_msp() -> Doc:
    """06: the draft MoU, Indonesian beside English, articles in the usual order."""
    doc = Doc("Draf Memorandum Saling Pengertian")
    section = doc.docx.sections[0]
    header = section.header.paragraphs[0]
    header.paragraph_format.alignment = ALIGN["right"]
    run = header.add_run("DRAF / DRAFT")
    run.bold = True
    run.font.size = Pt(10)
    para(section.header, Span("{{ mitra.kode }} \u2013 untuk pembahasan / for discussion",
                              italic=True, size=9), align="right")
    footer = section.footer.paragraphs[0]
    footer.paragraph_format.alignment = ALIGN["center"]
    page_number(footer, size=10)

    msp = Bilingual(doc)
    for left, right in (
        ("MEMORANDUM SALING PENGERTIAN", "MEMORANDUM OF UNDERSTANDING"),
        ("ANTARA", "BETWEEN"),
        ("{{ penandatangan.pihak|upper }}", "{{ penandatangan.pihak_en|upper }}"),
        ("DAN", "AND"),
        ("{{ mitra.nama|upper }}", "{{ mitra.nama_en|upper }}"),
        ("TENTANG", "ON"),
        ("KERJA SAMA DI BIDANG {{ mitra.bidang|upper }}",
         "COOPERATION IN THE FIELD OF {{ mitra.bidang_en|upper }}"),
    ):
        msp.pair(left, right, align="center", bold_all=True, after=4)
    msp.blank(12)
    msp.pair("{{ penandatangan.pihak }} dan " + MITRA + " (selanjutnya secara bersama-sama "
             "disebut \u201cPara Pihak\u201d dan secara sendiri-sendiri disebut "
             "\u201cPihak\u201d);",
             "The {{ penandatangan.pihak_en }} and the " + MITRA_EN + " (hereinafter referred "
             "to "
             "collectively as \u201cthe Parties\u201d and individually as "
             "\u201ca Party\u201d);")
    msp.pair([bold("MENYADARI"), " pentingnya kerja sama di bidang {{ mitra.bidang }} bagi "
              "kepentingan bersama Para Pihak;"],
             [bold("RECOGNIZING"), " the importance of cooperation in the field of "
              "{{ mitra.bidang_en }} for the mutual benefit of the Parties;"])
    msp.pair([bold("BERKEINGINAN"), " untuk memperkuat dan mengembangkan kerja sama atas "
              "dasar kesetaraan dan saling menguntungkan;"],
             [bold("DESIRING"), " to strengthen and develop cooperation on the basis of "
              "equality and mutual benefit;"])
    msp.pair([bold("MENGINGAT"), " hukum dan peraturan perundang-undangan yang berlaku di "
              "negara masing-masing;"],
             [bold("PURSUANT TO"), " the laws and regulations in force in their respective "
              "countries;"])
    msp.pair(bold("TELAH MENCAPAI PENGERTIAN SEBAGAI BERIKUT:"),
             bold("HAVE REACHED THE FOLLOWING UNDERSTANDING:"), before=6, align="left")

    msp.article(1, "Tujuan", "Objective")
    msp.pair("Memorandum Saling Pengertian ini bertujuan untuk {{ mitra.tujuan }}.",
             "The objective of this Memorandum of Understanding is {{ mitra.tujuan_en }}.")

    msp.article(2, "Ruang Lingkup", "Scope of Cooperation")
    msp.pair("Ruang lingkup kerja sama berdasarkan Memorandum Saling Pengertian ini "
             "meliputi:",
             "The scope of cooperation under this Memorandum of Understanding shall cover:",
             after=2, keep=True)
    letters = msp.lists("lowerLetter", "%1.")
    msp.row_tag("for item in ruang_lingkup")
    msp.pair("{{ item.teks }}", "{{ item.teks_en }}", num=letters, after=2)
    msp.row_tag("endfor")

    msp.article(3, "Bentuk Kerja Sama", "Forms of Cooperation")
    msp.pair("Kerja sama sebagaimana dimaksud dalam Pasal 2 dapat dilaksanakan dalam "
             "bentuk:",
             "The cooperation referred to in Article 2 may be carried out in the following "
             "forms:", after=2, keep=True)
    forms = msp.lists("lowerLetter", "%1.")
    for left, right in (
        ("pertukaran informasi, dokumen, dan publikasi;",
         "exchange of information, documents and publications;"),
        ("seminar, lokakarya, dan diskusi;", "seminars, workshops and discussions;"),
        ("pelatihan dan peningkatan kapasitas sumber daya manusia;",
         "training and human resources capacity building;"),
        ("kunjungan kerja dan pertukaran tenaga ahli; dan",
         "study visits and exchange of experts; and"),
        ("bentuk kerja sama lain yang disepakati oleh Para Pihak.",
         "other forms of cooperation as mutually agreed by the Parties."),
    ):
        msp.pair(left, right, num=forms, after=2)

    msp.article(4, "Lembaga Pelaksana", "Implementing Agencies")
    agencies = msp.lists()
    msp.pair("Lembaga pelaksana Memorandum Saling Pengertian ini untuk "
             "{{ penandatangan.pihak }} adalah:",
             "The implementing agencies of this Memorandum of Understanding for the "
             "{{ penandatangan.pihak_en }} shall be:", num=agencies, after=2, keep=True)
    units = (doc.new_list("lowerLetter", "%1.", left=1.4, hanging=0.6),
             doc.new_list("lowerLetter", "%1.", left=1.4, hanging=0.6))
    msp.row_tag("for unit in unit_pelaksana")
    end = "{% if loop.last %}.{% else %};{% endif %}"
    msp.pair("{{ unit.nama }}" + end, "{{ unit.nama_en }}" + end, num=units, after=2)
    msp.row_tag("endfor")
    msp.pair("Lembaga pelaksana Memorandum Saling Pengertian ini untuk {{ mitra.nama }} "
             "adalah {{ mitra.nama }}.",
             "The implementing agency of this Memorandum of Understanding for the "
             "{{ mitra.nama_en }} shall be the {{ mitra.nama_en }}.", num=agencies)

    msp.article(5, "Pelaksanaan", "Implementing Arrangements")
    steps = msp.lists()
    msp.pair("Para Pihak akan menyusun rencana kegiatan yang memuat jenis kegiatan, jadwal, "
             "tempat, dan pembiayaan untuk melaksanakan Memorandum Saling Pengertian ini.",
             "The Parties shall draw up activity plans setting out the activities, schedule, "
             "venue and financing to implement this Memorandum of Understanding.", num=steps)
    msp.pair("Setiap kegiatan yang memerlukan pengaturan lebih rinci dituangkan dalam "
             "pengaturan pelaksanaan yang disepakati secara tertulis oleh Para Pihak.",
             "Any activity requiring more detailed arrangements shall be set out in "
             "implementing arrangements agreed in writing by the Parties.", num=steps)
    msp.pair("Para Pihak akan melakukan evaluasi pelaksanaan Memorandum Saling Pengertian "
             "ini secara berkala.",
             "The Parties shall periodically evaluate the implementation of this Memorandum "
             "of Understanding.", num=steps)

    msp.article(6, "Pembiayaan", "Financial Arrangements")
    first = True
    for kind in PEMBIAYAAN_MSP_ID:
        msp.row_tag(f'{"if" if first else "elif"} mitra.pembiayaan == "{kind}"')
        msp.pair(PEMBIAYAAN_MSP_ID[kind], PEMBIAYAAN_EN[kind])
        first = False
    msp.row_tag("endif")

    msp.article(7, "Kerahasiaan", "Confidentiality")
    secret = msp.lists()
    msp.pair("Setiap Pihak menjaga kerahasiaan dokumen, data, dan informasi yang diterima "
             "dari Pihak lainnya dalam pelaksanaan Memorandum Saling Pengertian ini.",
             "Each Party shall maintain the confidentiality of documents, data and "
             "information received from the other Party in the implementation of this "
             "Memorandum of Understanding.", num=secret)
    msp.pair("Dokumen, data, dan informasi tersebut tidak akan diungkapkan kepada pihak "
             "ketiga tanpa persetujuan tertulis sebelumnya dari Pihak yang memberikan.",
             "Such documents, data and information shall not be disclosed to any third "
             "party without the prior written consent of the Party providing them.",
             num=secret)
    msp.pair("Ketentuan dalam pasal ini tetap berlaku walaupun Memorandum Saling Pengertian "
             "ini telah berakhir.",
             "The provisions of this Article shall remain in force notwithstanding the "
             "termination of this Memorandum of Understanding.", num=secret)

    msp.article(8, "Hak Kekayaan Intelektual", "Intellectual Property Rights")
    rights = msp.lists()
    msp.pair("Perlindungan hak kekayaan intelektual yang timbul dari pelaksanaan "
             "Memorandum Saling Pengertian ini dilaksanakan sesuai dengan hukum dan peraturan "
             "perundang-undangan yang berlaku di negara masing-masing Pihak serta perjanjian "
             "internasional yang mengikat Para Pihak.",
             "The protection of intellectual property rights arising from the implementation "
             "of this Memorandum of Understanding shall be in accordance with the laws and "
             "regulations in force in the respective countries of the Parties and the "
             "international agreements binding on the Parties.", num=rights)
    msp.pair("Penggunaan nama, logo, dan lambang resmi salah satu Pihak memerlukan "
             "persetujuan tertulis sebelumnya dari Pihak tersebut.",
             "The use of the name, logo and official emblem of either Party shall require "
             "the prior written consent of that Party.", num=rights)

    msp.article(9, "Penyelesaian Perbedaan", "Settlement of Differences")
    msp.pair("Setiap perbedaan yang timbul dari penafsiran atau pelaksanaan Memorandum "
             "Saling Pengertian ini akan diselesaikan secara damai melalui konsultasi "
             "dan/atau negosiasi antara Para Pihak.",
             "Any difference arising from the interpretation or implementation of this "
             "Memorandum of Understanding shall be settled amicably through consultation "
             "and/or negotiation between the Parties.")

    msp.article(10, "Amandemen", "Amendment")
    msp.pair("Memorandum Saling Pengertian ini dapat diubah setiap saat atas persetujuan "
             "tertulis Para Pihak. Perubahan tersebut merupakan bagian yang tidak terpisahkan "
             "dari Memorandum Saling Pengertian ini.",
             "This Memorandum of Understanding may be amended at any time by mutual written "
             "consent of the Parties. Such amendments shall form an integral part of this "
             "Memorandum of Understanding.")

    msp.article(11, "Mulai Berlaku, Jangka Waktu dan Pengakhiran",
                "Entry into Force, Duration and Termination")
    term = msp.lists()
    msp.pair("Memorandum Saling Pengertian ini mulai berlaku pada tanggal penandatanganan "
             "dan berlaku untuk jangka waktu {{ mitra.jangka_waktu|terbilang }} tahun.",
             "This Memorandum of Understanding shall enter into force on the date of its "
             "signing and shall remain in force for a period of "
             "{{ mitra.jangka_waktu|in_words }} years.", num=term)
    msp.pair("Memorandum Saling Pengertian ini dapat diperpanjang atas persetujuan tertulis "
             "Para Pihak.",
             "This Memorandum of Understanding may be extended by mutual written consent of "
             "the Parties.", num=term)
    msp.pair("Setiap Pihak dapat mengakhiri Memorandum Saling Pengertian ini dengan "
             "memberitahukan secara tertulis kepada Pihak lainnya paling lambat 6 (enam) "
             "bulan sebelum tanggal pengakhiran yang dikehendaki.",
             "Either Party may terminate this Memorandum of Understanding by giving written "
             "notice to the other Party at least 6 (six) months prior to the intended date of "
             "termination.", num=term)
    msp.pair("Pengakhiran Memorandum Saling Pengertian ini tidak memengaruhi kegiatan yang "
             "sedang berjalan, yang tetap dilaksanakan sampai selesai kecuali disepakati lain "
             "oleh Para Pihak.",
             "The termination of this Memorandum of Understanding shall not affect ongoing "
             "activities, which shall continue until their completion unless otherwise "
             "agreed by the Parties.", num=term)

    closing_clause(doc)
    signature_blocks(doc)
    return doc


def build_tanda_tangan() -> Doc:
    """07: the signing page: closing clause, place and date, both signature blocks."""
    doc = Doc("Halaman Penandatanganan MSP")
    closing_clause(doc)
    para(doc.body, "", after=12)
    signature_blocks(doc)
    return doc


# --------------------------------------------------------------------------- 08 laporan


def build_laporan() -> Doc:
    """08: the final report to the Kepala Biro that the cooperation was carried out."""
    doc = Doc("Laporan Akhir")
    kop(doc)
    nomor_block(doc, "Laporan Pelaksanaan Kerja Sama dengan " + MITRA,
                lampiran="1 (satu) berkas")
    addressee(doc, ["Yth. {{ pejabat.kabiro.jabatan }}"])
    body(doc, "Menindaklanjuti surat kami Nomor {{ surat.nomor_penyampaian }} hal "
         "Penyampaian Rencana Kerja Sama dengan " + MITRA + ", dengan hormat kami laporkan "
         "bahwa kerja sama tersebut telah dilaksanakan dengan penandatanganan Memorandum "
         "Saling Pengertian tentang kerja sama di bidang {{ mitra.bidang }}, dengan "
         "keterangan sebagai berikut:")
    info = table(doc.body, (1.25, 4.3, 0.4, doc.text_width - 5.95))
    facts: list[tuple[str, str]] = [
        ("Para pihak", "{{ penandatangan.pihak }} dan " + MITRA),
        ("Jenis mitra", "{{ mitra.jenis }} (Pasal 7 huruf {{ mitra.jenis_huruf }} "
         "Permenkumham Nomor 65 Tahun 2016), {{ mitra.negara }}"),
        ("Penandatangan", "{{ penandatangan.jabatan }} ({{ penandatangan.nama }}) dan "
         "{{ mitra.penandatangan_jabatan }}{% if mitra.penandatangan_nama %} "
         "({{ mitra.penandatangan_nama }}){% endif %}, {{ mitra.nama_en }}"),
        ("Tempat dan tanggal", "{{ ttd.tempat }}, " + TTD_TANGGAL),
        ("Jangka waktu", "{{ mitra.jangka_waktu|terbilang }} tahun sejak tanggal "
         "penandatanganan"),
        ("Unit pelaksana", UNIT_NAMES),
        ("Pembiayaan", "Biaya " + PEMBIAYAAN_SINGKAT),
    ]
    for label, text in facts:
        cells = row(info)
        para(cells[1], label)
        para(cells[2], ":")
        para(cells[3], text, align="left")
    cells = row(info)
    para(cells[1], "Ruang lingkup")
    para(cells[2], ":")
    scope = doc.new_list("lowerLetter", "%1.", left=0.6, hanging=0.6)
    tag(cells[3], "for item in ruang_lingkup")
    para(cells[3], "{{ item.teks }}", num=scope)
    tag(cells[3], "endfor")
    body(doc, "Salinan Memorandum Saling Pengertian yang telah ditandatangani kami lampirkan "
         "untuk pencatatan dan arsip kerja sama Kementerian.", before=6)
    closing(doc)
    signature(doc.body, "pengirim.jabatan", "pengirim.nama_pimpinan", "pengirim.nip")
    tembusan(doc, ["{{ pejabat.sekjen.jabatan }}", "{{ pejabat.kabag.jabatan }}"])
    return doc


# --------------------------------------------------------------------------- 09 kendali

KENDALI_WIDTHS = (1.0, 5.7, 4.9, 4.4, 1.8, 3.3, 1.8, 1.8)

STEPS: tuple[tuple[str, str, str, Sequence[str], str, str], ...] = (
    ("1", "Membuat rencana kerja sama sesuai kewenangannya (Pasal 9 ayat (1) Permenkumham "
     "65/2016).", "{{ pengirim.jabatan }}", ["Surat rencana kerja sama"], "tentatif",
     "Permohonan kerja sama (dokumen 01)"),
    ("2", "Menyampaikan rencana kerja sama kepada Sekretaris Jenderal melalui Biro selaku "
     "pusat fasilitator dan koordinator kerja sama Kementerian.",
     "{{ pengirim.jabatan }}; {{ pejabat.kabiro.jabatan }}", ["Surat rencana kerja sama"],
     "tentatif", "Surat (dokumen 02)"),
    ("4", "Melakukan pengkajian dan analisis dengan memperhatikan tugas dan fungsi Ditjen PP "
     "dan rencana strategis Kementerian.", "{{ pejabat.subkoor.jabatan }}",
     ["Rencana kerja sama", "Berkas laporan", "Komputer", "Akses internet"], "tentatif",
     "Hasil kajian dan analisis (dokumen 03)"),
    ("5", "Menyampaikan hasil kajian dan analisis kepada Pimpinan Unit Utama untuk dibahas "
     "dalam rapat dengan unit terkait.", "{{ pejabat.kabag.jabatan }}",
     ["Rencana kerja sama", "Berkas laporan", "Komputer", "Akses internet"], "1 hari",
     "Hasil kajian dan analisis (dokumen 04, 05)"),
    ("6", "Membahas konsep naskah kerja sama dengan mengikutsertakan pemangku kepentingan "
     "terkait sesuai kewenangannya.", "{{ pejabat.kabag.jabatan }}",
     ["Rencana kerja sama", "Berkas laporan hasil kajian", "Komputer", "Akses internet"],
     "tentatif", "Draf naskah kerja sama (dokumen 06)"),
    ("7", "Menandatangani MSP yang telah dibahas dan disepakati (Pasal 14 ayat (1) "
     "Permenkumham 65/2016).",
     "{{ penandatangan.jabatan }}; {{ mitra.penandatangan_jabatan }}", ["Naskah kerja sama"],
     "10 menit", "Naskah kerja sama (dokumen 07)"),
    ("\u2013", "Pencatatan: laporan akhir kepada Kepala Biro; arsip digital dan fisik.",
     "{{ pengirim.jabatan }}", ["Naskah kerja sama yang telah ditandatangani"], "\u2013",
     "Laporan akhir (dokumen 08)"),
)


def build_kendali() -> Doc:
    """09: the control sheet: the SOP's steps with columns for date and initials."""
    doc = Doc("Lembar Kendali", landscape=True)
    footer = doc.docx.sections[0].footer.paragraphs[0]
    footer.paragraph_format.alignment = ALIGN["center"]
    page_number(footer, size=10)
    para(doc.body, bold("LEMBAR KENDALI PELAKSANAAN KERJA SAMA LUAR NEGERI"), align="center")
    para(doc.body, "Kode {{ mitra.kode }} \u2013 SOP Nomor PPE.136.OT.02.02 Tahun 2025",
         align="center", after=10, size=SMALL)
    half = doc.text_width / 2
    identity = table(doc.body, (2.6, 0.4, half - 3.3, 0.3, 3.6, 0.4, half - 4.0))
    left: tuple[tuple[str, Part], ...] = (
        ("Mitra", MITRA),
        ("", italic("{{ mitra.nama_en }}")),
        ("Jenis mitra", "{{ mitra.jenis }} (Pasal 7 huruf {{ mitra.jenis_huruf }})"),
    )
    right: tuple[tuple[str, Part], ...] = (
        ("Negara", "{{ mitra.negara }}"),
        ("Bidang", "{{ mitra.bidang }}"),
        ("Unit pelaksana", UNIT_NAMES),
    )
    for (label_l, value_l), (label_r, value_r) in zip(left, right, strict=True):
        cells = row(identity)
        for offset, label, value in ((0, label_l, value_l), (4, label_r, value_r)):
            para(cells[offset], label, size=SMALL)
            para(cells[offset + 1], ":" if label else "", size=SMALL)
            para(cells[offset + 2], value, size=SMALL)
    para(doc.body, "", after=6)
    tbl = table(doc.body, KENDALI_WIDTHS, borders=True)
    head = row(tbl, header=True)
    for cell, text in zip(head, ("No.", "Kegiatan", "Pelaksana", "Kelengkapan", "Waktu",
                                 "Output", "Tanggal", "Paraf"), strict=True):
        shade(cell)
        para(cell, bold(text), align="center", size=SMALL)
    for number, activity, actor, needs, time, output in STEPS:
        cells = row(tbl)
        para(cells[0], number, align="center", size=SMALL)
        para(cells[1], activity, size=SMALL)
        para(cells[2], actor, size=SMALL)
        if len(needs) == 1:
            para(cells[3], needs[0], size=SMALL)
        else:
            listed = doc.new_list(left=0.5, hanging=0.5)
            for need in needs:
                para(cells[3], need, size=SMALL, num=listed, line=0.95)
        para(cells[4], time, align="center", size=SMALL)
        para(cells[5], output, size=SMALL)
        for cell in cells[6:]:
            para(cell, "", size=SMALL)
        cells[0]._tc.getparent().get_or_add_trPr().append(parse_xml(
            f'<w:trHeight {nsdecls("w")} w:val="{_twips(1.2)}" w:hRule="atLeast"/>'
        ))
    para(doc.body, "Kolom Tanggal dan Paraf diisi oleh petugas Bagian Hubungan Masyarakat dan "
         "Kerja Sama pada saat setiap langkah selesai. Langkah 3 tidak ada dalam SOP.",
         before=6, size=9)
    return doc


# --------------------------------------------------------------------------- main

BUILDERS = {
    "rencana": build_rencana,
    "penyampaian": build_penyampaian,
    "kajian": build_kajian,
    "nota-dinas": build_nota_dinas,
    "undangan": build_undangan,
    "msp": build_msp,
    "tanda-tangan": build_tanda_tangan,
    "laporan": build_laporan,
    "kendali": build_kendali,
}


def main() -> None:
    """Build every template into ``templates/``."""
    for template_id, build in BUILDERS.items():
        path = TEMPLATES / f"{template_id}.docx"
        build().save(path)
        print(f"{path.relative_to(TEMPLATES.parent)}")


if __name__ == "__main__":
    main()
