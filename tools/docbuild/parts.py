"""The parts of an official letter: letterhead, Nomor block, addressee, body,
signature, tembusan, and the lists every document shares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .layout import (
    ALIGN,
    SIGN_INDENT,
    SIGN_ROOM,
    Doc,
    Part,
    _twips,
    bold,
    page_number,
    para,
    row,
    span,
    table,
    tag,
)
from .phrases import (
    DATE_DOTS,
    TANGGAL_SURAT,
)

# --------------------------------------------------------------------------- letter parts


KOP_LOGO_CELL = 3.0
"""The kop's left cell, for the office's emblem (printed at most 2.8 cm wide)."""
KOP_OUTDENT = 1.5
"""With an emblem, the kop reaches this far into the left margin and a third of it into
the right one, so that the names keep to one line each beside the emblem."""


def kop(doc: Doc, *, page_numbers: bool = True) -> None:
    """The letterhead in the first page's header; later pages show ``- n -``.

    With a `Logo` setting, the emblem sits at the left of the names (a two-cell table);
    without one, the names are centred alone as they always were."""
    section = doc.docx.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    header = first.paragraphs[0]
    header.text = ""
    header.add_run("{%p if kop.logo %}")
    widths = (KOP_LOGO_CELL, doc.text_width + KOP_OUTDENT * 4 / 3 - KOP_LOGO_CELL)
    cells = row(table(first, widths, indent=-KOP_OUTDENT))
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    para(cells[0], "{{r kop.logo.gambar }}")
    _kop_names(cells[1], cells[1].add_paragraph())
    tag(first, "else")
    _kop_names(first, first.add_paragraph(style="Header"))
    tag(first, "endif")
    para(first, "", size=2, rule=24, line=1.0, after=2)
    para(first, "", size=6, line=1.0)
    if page_numbers:
        other = section.header
        other.is_linked_to_previous = False
        number = other.paragraphs[0]
        number.paragraph_format.alignment = ALIGN["center"]
        page_number(number)
        para(other, "", size=6)


def _kop_names(container: Any, first: Paragraph) -> None:
    """The ministry's and the unit's names (`first` is the paragraph of the first), then
    under them the address; the telephone; the website and e-mail (each line left out
    when its setting is blank)."""
    first.paragraph_format.alignment = ALIGN["center"]
    run = first.add_run("{{ kop.baris_1|utuh }}")
    run.bold = True
    run.font.size = Pt(14)
    para(container, bold("{{ kop.baris_2|utuh }}"), align="center", size=13)
    para(container, "{{ kop.alamat }}", align="center", size=9, line=1.0)
    tag(container, "if kop.telepon")
    para(container, "Telepon {{ kop.telepon }}", align="center", size=9, line=1.0)
    tag(container, "endif")
    tag(container, "if kop.laman or kop.surel")
    para(container, "{% if kop.laman %}Laman {{ kop.laman }}{% endif %}"
         "{% if kop.laman and kop.surel %}, {% endif %}"
         "{% if kop.surel %}Surel {{ kop.surel }}{% endif %}", align="center", size=9,
         line=1.0)
    tag(container, "endif")


def nomor_block(doc: Doc, hal: str, *, lampiran: str | None = None) -> None:
    """Nomor (with place and date at the right), Sifat, Lampiran, Hal."""
    tbl = table(doc.body, (2.3, 0.4, 7.3, doc.text_width - 10.0))
    cells = row(tbl)
    para(cells[0], "Nomor")
    para(cells[1], ":")
    para(cells[2], "{{ surat.nomor|utuh }}")
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
    # Kept with what follows, so that a tembusan never starts a page on its own.
    para(container, f"NIP {{{{ {nip} }}}}", indent=indent, keep=True)
    tag(container, "endif")


def tembusan(doc: Doc, items: Sequence[str], container: Any = None) -> None:
    """``Tembusan:`` and the numbered titles."""
    target = container if container is not None else doc.body
    if len(items) == 1:
        # One paragraph, so that the heading never stays behind on its own.
        paragraph = para(target, "Tembusan:", before=18)
        paragraph.add_run().add_break()
        paragraph.add_run(items[0])
        return
    para(target, "Tembusan:", before=18, keep=True)
    numbers = doc.new_list(left=0.6, hanging=0.6)
    for index, text in enumerate(items):
        para(target, text, num=numbers, keep=index < len(items) - 1)


PARAF_WIDTHS = (0.7, 3.6, 1.4, 1.5)
"""No. · Jabatan · Paraf · Tanggal of the paraf koordinasi box, in cm."""
PARAF_SIZE = 7.0


def _tc_pr(cell: _Cell, xml: str) -> None:
    cell._tc.get_or_add_tcPr().append(parse_xml(xml.replace("W", nsdecls("w"), 1)))


def _boxed(cell: _Cell) -> None:
    edge = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    _tc_pr(cell, "<w:tcBorders W>" + "".join(
        f"<w:{side} {edge}/>" for side in ("top", "left", "bottom", "right")
    ) + "</w:tcBorders>")


def sign_off(doc: Doc, title: str, name: str, nip: str, tembusan_items: Sequence[str],
             paraf: Sequence[str] = ()) -> None:
    """The signature block, the paraf koordinasi box at its left (No. · Jabatan · Paraf ·
    Tanggal, one row per coordinating official, initialled by hand before signing) and
    the tembusan, kept on one page: one table whose rows cannot split and whose
    paragraphs keep with the next (LibreOffice breaks a long chain of "keep with next"
    paragraphs outside a table). No table is nested in another, so that no render needs
    docxtpl's table fix."""
    widths = (*PARAF_WIDTHS, SIGN_INDENT - sum(PARAF_WIDTHS), doc.text_width - SIGN_INDENT)
    tbl = table(doc.body, widths)
    head = row(tbl)
    for cell, text in zip(head[:4], ("No.", "Jabatan", "Paraf", "Tanggal"), strict=True):
        if paraf:
            _boxed(cell)
        para(cell, bold(text) if paraf else "", align="center", size=PARAF_SIZE, keep=True)
    para(head[4], "", keep=True)
    signer = head[5]
    signature(signer, title, name, nip, indent=0.0, before=0)
    if paraf:
        _tc_pr(signer, '<w:vMerge W w:val="restart"/>')
    for number, official in enumerate(paraf, start=1):
        cells = row(tbl)
        cells[0]._tc.getparent().get_or_add_trPr().append(parse_xml(
            f'<w:trHeight {nsdecls("w")} w:val="{_twips(0.9)}" w:hRule="atLeast"/>'
        ))
        for cell, text in zip(cells, (f"{number}.", official, "", ""), strict=False):
            _boxed(cell)
            para(cell, text, align="center" if text.endswith(".") and len(text) < 4 else
                 "left", size=PARAF_SIZE, keep=True)
        para(cells[4], "", keep=True)
        _tc_pr(cells[5], "<w:vMerge W/>")
        para(cells[5], "", keep=True)
    if paraf:
        # The signature's height goes into a last, unboxed row, not into the box.
        cells = row(tbl)
        for cell in cells[:5]:
            para(cell, "", size=2, keep=True)
        _tc_pr(cells[5], "<w:vMerge W/>")
        para(cells[5], "", size=2, keep=True)
    last = span(row(tbl), 0, len(widths))
    tembusan(doc, tembusan_items, container=last)


def lampiran_heading(doc: Doc, signer: str, number: str, dated: str) -> None:
    """``Lampiran Surat <signer>``, ``Nomor``, ``Tanggal`` at the top right of a document
    that travels as a letter's attachment (context paths)."""
    indent = doc.text_width - 7.0
    tabs = [(indent + 1.7, "left", "none"), (indent + 2.0, "left", "none")]
    para(doc.body, f"Lampiran Surat {{{{ {signer} }}}}", indent=indent, size=SMALL_HEADING)
    para(doc.body, f"Nomor\t:\t{{{{ {number}|utuh }}}}", indent=indent, tabs=tabs,
         size=SMALL_HEADING)
    para(doc.body, f"Tanggal\t:\t{{% if {dated} %}}{{{{ {dated}|tanggal }}}}{{% else %}}"
         + DATE_DOTS + "{% endif %}", indent=indent, tabs=tabs, size=SMALL_HEADING,
         after=12)


SMALL_HEADING = 10.0


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
