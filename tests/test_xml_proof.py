"""What is proven once per template part, so that no render has to parse its result.

A proof that is wrong would let a value or a branch write a document Word cannot open,
so each construct that could break the XML must leave the part unproven (and checked
after every render), and the shipped templates must be proven (or every document pays
for the check).
"""

from __future__ import annotations

import pytest

from ksdocs import template_cache
from ksdocs.catalog import TEMPLATES, TemplateInfo
from ksdocs.environment import make_environment
from ksdocs.pack import sha256_of
from ksdocs.xml_proof import prove

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def body(inner: str) -> str:
    return f"<w:body {W}>{inner}</w:body>"


def para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def table(rows: str, columns: int = 2) -> str:
    grid = "".join('<w:gridCol w:w="100"/>' for _ in range(columns))
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"


def row(cells: int, span: int = 1) -> str:
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{para("x")}</w:tc>'
    return "<w:tr>" + cell * cells + "</w:tr>"


ENV = make_environment()


@pytest.mark.parametrize("info", TEMPLATES, ids=lambda info: info.id)
def test_every_part_of_a_shipped_template_is_proven(info: TemplateInfo) -> None:
    """The letterhead's emblem included: a drawing ksdocs builds whole, written between
    two runs by ``{{r kop.logo.gambar }}``."""
    compiled, _fields = template_cache.load(info.path, sha256_of(info.path), info.filename)
    for part in compiled._parts.values():
        assert part.proof.well_formed, part.name
        assert part.proof.plain_text, part.name  # rendered without a scan afterwards
        if part.body:
            assert part.tables_fixed, part.name


def test_the_emblem_drawing_is_one_well_formed_run() -> None:
    from lxml import etree

    from ksdocs.logo import Logo, logo_context

    drawing = logo_context(Logo("logo.png", b"", "png", 300, 200))["gambar"]  # type: ignore[index]
    wrapped = ('<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
               f"{drawing}</w:p>")
    (run,) = etree.fromstring(wrapped.encode())
    assert run.tag.endswith("}r")


MARKUP = frozenset({"kop.logo.gambar"})


@pytest.mark.parametrize("source, proven", [
    (body("<w:p><w:r><w:t>a</w:t></w:r>{{ kop.logo.gambar }}</w:p>"), True),
    (body("<w:p>{{ kop.logo.gambar|upper }}</w:p>"), False),  # a filter: another value
    (body("<w:p>{{ kop.logo.gambar ~ '<' }}</w:p>"), False),
    (body("<w:p>{{ kop.logo }}</w:p>"), False),
    (body("<w:p>{{ kop['logo'].gambar }}</w:p>"), False),
    (body('<w:p w:rsidR="{{ kop.logo.gambar }}"></w:p>'), False),  # inside a tag
])
def test_only_the_named_markup_field_may_stand_between_tags(source: str, proven: bool) -> None:
    assert prove(ENV, source, MARKUP).well_formed is proven
    assert not prove(ENV, source).well_formed


@pytest.mark.parametrize("source", [
    body(para("{{ a }}") + "{% if b %}" + para("{{ c }}") + "{% else %}" + para("-")
         + "{% endif %}"),
    body("{% for x in xs %}" + para("{{ x }}{% if loop.last %}.{% endif %}") + "{% endfor %}"),
    body(table(row(2) + "{% for x in xs %}" + row(2) + "{% endfor %}")),
    # the text of one paragraph to the text of the next: what is left out is balanced
    body("<w:p><w:r><w:t>{% if a %}x</w:t></w:r></w:p><w:p><w:r><w:t>{% endif %}y</w:t>"
         "</w:r></w:p>"),
])
def test_blocks_that_open_and_close_in_one_place_are_proven(source: str) -> None:
    """Open and close at the same depth and under the same elements: whatever a render
    keeps or repeats between them, it closes what it opens."""
    proof = prove(ENV, source)
    assert proof.well_formed and proof.fixed_tables


@pytest.mark.parametrize("source", [
    # a branch that closes a run it did not open
    body("<w:p><w:r><w:t>{% if a %}x</w:t></w:r>{% endif %}</w:p>"),
    body("<w:p>{% for x in xs %}<w:r><w:t>{% endfor %}</w:t></w:r></w:p>"),
    # a value in a tag, not in text
    body('<w:p w:rsidR="{{ a }}">' + "</w:p>"),
    body("<w:p>{{ a }}</w:p>"),
    # markup written raw
    body(para("{{ a | safe }}")),
    body(para("{{ a|urlize }}")),
    # markup made elsewhere and written here
    body("{% set x %}</w:t>{% endset %}" + para("{{ x }}")),
    body("{% macro m() %}</w:t><w:t>{% endmacro %}" + para("{{ m() }}")),
    body("{% filter upper %}" + para("a") + "{% endfilter %}"),
    body("{% autoescape false %}" + para("{{ a }}") + "{% endautoescape %}"),
    # a tag written in pieces
    body("<w:p{% if a %} w:rsidR='1'{% endif %}></w:p>"),
])
def test_a_construct_that_could_break_the_xml_is_not_proven(source: str) -> None:
    assert not prove(ENV, source).well_formed


@pytest.mark.parametrize("source", [
    # cells repeated in a row
    body(table("<w:tr>{% for x in xs %}<w:tc>" + para("{{ x }}") + "</w:tc>{% endfor %}"
               "</w:tr>")),
    # the only row that fills the grid may be dropped
    body(table(row(1) + "{% if a %}" + row(2) + "{% endif %}")),
    # a row wider than its grid
    body(table(row(3))),
    # a table in a table: docxtpl counts its rows against the outer grid
    body(table("<w:tr><w:tc>" + table(row(2)) + "<w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>")),
])
def test_tables_a_render_could_leave_for_docxtpl_to_fix_are_not_proven(source: str) -> None:
    proof = prove(ENV, source)
    assert proof.well_formed and not proof.fixed_tables


@pytest.mark.parametrize(("text", "plain"), [
    ("Nomor {{ a }}", True),
    ("Kolom\tlain {{ a }}", False),  # docxtpl turns a tab into a <w:tab/>
    ("{_{ harfiah }_} {{ a }}", False),  # and its markers into braces
    ("kurung { buka {{ a }}", False),  # a value ending in "_" would make a marker
])
def test_text_docxtpl_would_rewrite_is_never_plain(text: str, plain: bool) -> None:
    proof = prove(ENV, body(para(text)))
    assert proof.well_formed
    assert proof.plain_text is plain
