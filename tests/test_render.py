"""CompiledTemplate renders the document docxtpl would, much faster; check_template lints."""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
import struct
import sys
import zipfile
import zlib
from collections.abc import Mapping
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from docbuild.styles import drop_styles

from ksdocs.environment import make_environment
from ksdocs.errors import TemplateProblem
from ksdocs.lint import TemplateIssue, check_template
from ksdocs.render import CompiledTemplate, Shared

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def png_bytes() -> bytes:
    """A 1×1 red PNG, enough for Word and python-docx."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def save_slim(document: Any, target: Path | BinaryIO) -> None:
    """Save a python-docx `document` (to a path or a binary file) with only the styles
    its text uses.

    python-docx starts every document from a template with 164 styles (350 kB of
    styles.xml, and a 440 kB stylesWithEffects.xml), which every later reader of the
    file, ksdocs and python-docx alike, parses again: a test's template keeps only what
    it uses (and what those styles are based on), so that it reads as fast as a small
    user's template does."""
    drop_styles(document)
    styles = document.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)
    document.save(str(target) if isinstance(target, Path) else target)


def build_template(path: Path, body: list[str] | None = None, *, landscape: bool = False,
                   title: str = "Templat uji") -> Path:
    """A small letter-like template: tags in the body, a `{%tr for %}` table, a `{%p if %}`
    block, a header with an image and tags, a footer with tags. `body` replaces the
    default body paragraphs."""
    path.write_bytes(_template_bytes(None if body is None else tuple(body), landscape, title))
    return path


@functools.cache
def _template_bytes(body: tuple[str, ...] | None, landscape: bool, title: str) -> bytes:
    """`build_template`'s file, made once per process for each set of arguments."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    document.core_properties.title = title
    header = section.header
    header.paragraphs[0].add_run().add_picture(io.BytesIO(png_bytes()), width=Mm(10))
    header.add_paragraph("{{ kop.baris_1 }} — {{ kop.alamat }}")
    section.footer.paragraphs[0].text = "Nomor {{ surat.nomor }} · {{ mitra.kode }}"

    for text in body if body is not None else [
        "Yth. {{ mitra.nama }}",
        "Alamat: {{ mitra.alamat }}",
        "Tanggal {{ surat.tanggal | tanggal }}, jangka waktu {{ mitra.jangka_waktu | terbilang }}",
        "{%p if kajian.ada %}",
        "Rekomendasi: {{ kajian.rekomendasi }}",
        "{%p else %}",
        "Belum ada kajian.",
        "{%p endif %}",
        "PASAL 2 Ruang lingkup",
    ]:
        document.add_paragraph(text, style="Normal")
    if body is None:
        table = document.add_table(rows=4, cols=3)
        table.style = "Table Grid"
        rows = [
            ["No", "Ruang lingkup", "Scope"],
            ["{%tr for item in ruang_lingkup %}", "", ""],
            ["{{ item.no }}", "{{ item.teks }}", "{{ item.teks_en }}"],
            ["{%tr endfor %}", "", ""],
        ]
        for row, texts in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.text = text
        document.add_paragraph("Hormat kami,", style="Normal")
        document.add_paragraph("{{ pengirim.nama_pimpinan }}", style="Heading 2")
        document.add_picture(io.BytesIO(png_bytes()), width=Mm(5))
        document.add_picture(io.BytesIO(png_bytes()), width=Mm(5))
    out = io.BytesIO()
    save_slim(document, out)
    return out.getvalue()


def sample_context(**mitra: Any) -> dict[str, Any]:
    """A context with the names the test templates use."""
    return {
        "kop": {"baris_1": "KEMENTERIAN HUKUM", "baris_2": "", "alamat": "Jl. H.R. Rasuna Said"},
        "mitra": {
            "nama": "Smith & Lee <Asia>",
            "alamat": "Jl. Satu No. 1\nJakarta 12950",
            "kode": "M-001",
            "jangka_waktu": 3,
            **mitra,
        },
        "surat": {"nomor": "W.1-HM.01.01-12", "tanggal": date(2026, 11, 25)},
        "kajian": {"ada": True, "rekomendasi": "Dilanjutkan"},
        "ruang_lingkup": [
            {"no": 1, "teks": "Pertukaran data", "teks_en": "Data exchange"},
            {"no": 2, "teks": "Pelatihan & magang", "teks_en": "Training & internships"},
        ],
        "pengirim": {"nama_pimpinan": "Dr. Budi"},
    }


# -------------------------------------------------------------------------------------
# Comparing two .docx files by text and structure, part by part.


def _normalise(element: Any) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """The element tree as (tag, text, attributes) in document order, without the
    whitespace-only text between elements (not in ``w:t``) and without drawing ids."""
    out = []
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        text = node.text or ""
        if node.tag != W + "t" and not text.strip():
            text = ""
        attributes = tuple(sorted(
            (k, v) for k, v in node.attrib.items()
            if not (node.tag.endswith("}docPr") and k == "id")
        ))
        out.append((node.tag, text, attributes))
    return out


def _xml_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def assert_same_document(naive: bytes, compiled: bytes) -> None:
    """Every member of both .docx files is present in both; XML members have the same
    elements, attributes and text; other members the same bytes."""
    expected, actual = _xml_members(naive), _xml_members(compiled)
    # python-docx drops nothing the templates use, but may add an empty core part
    assert set(expected) - {"docProps/core.xml"} == set(actual) - {"docProps/core.xml"}
    for name, data in expected.items():
        if name == "docProps/core.xml" or name not in actual:
            continue
        if actual[name] == data:
            continue  # the same bytes are the same elements (styles.xml alone is 350 kB)
        if name.endswith((".xml", ".rels")):
            assert _normalise(etree.fromstring(actual[name])) == _normalise(
                etree.fromstring(data)), name
        else:
            assert actual[name] == data, name


def render_naive(path: Path, context: Mapping[str, Any]) -> bytes:
    """What the straightforward docxtpl loop produces."""
    template = DocxTemplate(path)
    template.render(context, make_environment())
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def document_texts(data: bytes) -> dict[str, list[str]]:
    """The visible text of each paragraph of body, headers and footers."""
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return {
        "body": [p.text for p in document.paragraphs],
        "cells": cells,
        "header": [p.text for p in section.header.paragraphs],
        "footer": [p.text for p in section.footer.paragraphs],
    }


# -------------------------------------------------------------------------------------
# Equivalence with docxtpl


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return build_template(tmp_path / "uji.docx")


def test_same_document_as_docxtpl(template: Path) -> None:
    context = sample_context()
    compiled = CompiledTemplate.load(template, make_environment())
    assert_same_document(render_naive(template, context), compiled.render(context))


def test_a_raw_block_across_paragraphs_prints_as_docxtpl_prints_it(tmp_path: Path) -> None:
    """Text in {% raw %} is printed as it stands, paragraphs included."""
    path = build_template(tmp_path / "raw.docx",
                          ["A {% raw %}{{ b }}", "C {% endraw %}D {{ mitra.nama }}"])
    context = sample_context()
    rendered = CompiledTemplate.load(path).render(context)
    assert_same_document(render_naive(path, context), rendered)
    assert document_texts(rendered)["body"][:2] == ["A {{ b }}", f"C D {context['mitra']['nama']}"]
    body = zipfile.ZipFile(io.BytesIO(rendered)).read("word/document.xml")
    assert b"{#" not in body, "text of the template's own machinery between paragraphs"


def test_same_document_when_the_if_block_is_false(template: Path) -> None:
    context = sample_context()
    context["kajian"] = {"ada": False, "rekomendasi": ""}
    context["ruang_lingkup"] = []
    compiled = CompiledTemplate.load(template)
    data = compiled.render(context)
    assert_same_document(render_naive(template, context), data)
    texts = document_texts(data)
    assert "Belum ada kajian." in texts["body"]
    assert not any("Rekomendasi" in text for text in texts["body"])


def test_renders_text_in_body_table_header_and_footer(template: Path) -> None:
    compiled = CompiledTemplate.load(template)
    texts = document_texts(compiled.render(sample_context()))
    assert texts["body"][0] == "Yth. Smith & Lee <Asia>"
    assert texts["body"][1] == "Alamat: Jl. Satu No. 1\nJakarta 12950"
    assert texts["body"][2] == "Tanggal 25 November 2026, jangka waktu 3 (tiga)"
    assert "Rekomendasi: Dilanjutkan" in texts["body"]
    assert "Dr. Budi" in texts["body"]
    assert texts["cells"] == ["No", "Ruang lingkup", "Scope",
                              "1", "Pertukaran data", "Data exchange",
                              "2", "Pelatihan & magang", "Training & internships"]
    assert texts["header"][-1] == "KEMENTERIAN HUKUM — Jl. H.R. Rasuna Said"
    assert texts["footer"] == ["Nomor W.1-HM.01.01-12 · M-001"]


def test_newline_in_a_value_becomes_a_line_break(template: Path) -> None:
    data = CompiledTemplate.load(template).render(sample_context())
    xml = _xml_members(data)["word/document.xml"].decode()
    assert "Jl. Satu No. 1</w:t><w:br/><w:t" in xml


def test_images_survive_in_body_and_header(template: Path) -> None:
    naive = _xml_members(render_naive(template, sample_context()))
    compiled = _xml_members(CompiledTemplate.load(template).render(sample_context()))
    media = sorted(name for name in compiled if name.startswith("word/media/"))
    assert media and media == sorted(name for name in naive if name.startswith("word/media/"))
    header = next(name for name in compiled if name.startswith("word/header"))
    assert b"<pic:pic" in compiled[header] or b":pic " in compiled[header]
    body_ids = etree.fromstring(compiled["word/document.xml"]).xpath(
        "//wp:docPr/@id",
        namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"},
    )
    assert body_ids == ["1001", "1002"]


def test_output_is_deterministic(template: Path) -> None:
    compiled = CompiledTemplate.load(template)
    assert compiled.render(sample_context()) == compiled.render(sample_context())


def test_a_part_reading_only_what_every_document_shares_is_rendered_once(
    template: Path,
) -> None:
    """A run renders a template's letterhead once: a part whose tags read only names the
    same in every document (`Shared.names`; the test template's header reads ``kop``)
    is rendered, deflated and kept by the first document, and the others take it. The
    documents are byte for byte those rendered without keeping anything; the body and
    the footer, which read the partner's values, are rendered for each."""
    compiled = CompiledTemplate.load(template)
    contexts = [sample_context(), sample_context(nama="Mitra Lain", kode="M-002")]
    shared = Shared(frozenset({"kop"}))
    kept = [compiled.render(context, shared=shared) for context in contexts]
    assert kept == [compiled.render(context) for context in contexts]
    assert [name for _template, name, _paper in shared.members] == ["word/header1.xml"]
    assert document_texts(kept[1])["footer"] == ["Nomor W.1-HM.01.01-12 · M-002"]
    compiled.render(contexts[0], paper="F4", shared=shared)
    assert len(shared.members) == 2  # (each paper size its own)


def test_render_to_writes_a_docx_python_docx_opens(template: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    CompiledTemplate.load(template).render_to(out, sample_context())
    assert docx.Document(str(out)).paragraphs[0].text == "Yth. Smith & Lee <Asia>"


@pytest.mark.parametrize("count", [0, 1, 2, 3, 6])
def test_tables_are_fixed_as_docxtpl_fixes_them(tmp_path: Path, count: int) -> None:
    # a {%tc for %} loop makes rows with more or fewer cells than the grid has columns;
    # docxtpl then widens or narrows the grid, and so must CompiledTemplate
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Unit", "{%tc for u in units %}", "{{ u }}",
                                                "{%tc endfor %}"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "Catatan"
    inner = document.add_table(rows=3, cols=2)
    inner.rows[0].cells[0].text = "{%tr for u in units %}"
    inner.rows[1].cells[0].text = "{{ u }}"
    inner.rows[2].cells[0].text = "{%tr endfor %}"
    path = tmp_path / "tabel.docx"
    save_slim(document, path)
    context = {"units": [f"Unit {i}" for i in range(count)]}
    data = CompiledTemplate.load(path).render(context)
    assert_same_document(render_naive(path, context), data)
    assert document_texts(data)["cells"][: count + 1] == ["Unit"] + context["units"]


def test_table_check_agrees_with_docxtpl(tmp_path: Path) -> None:
    from ksdocs.render import _docxtpl, _tables_need_fix

    def table(grid: int, rows: list[list[int]]) -> str:
        cells = "".join(
            "<w:tr>" + "".join(
                f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p/></w:tc>'
                if span > 1 else "<w:tc><w:p/></w:tc>" for span in row) + "</w:tr>"
            for row in rows)
        columns = '<w:gridCol w:w="1000"/>' * grid
        return f"<w:tbl><w:tblGrid>{columns}</w:tblGrid>{cells}</w:tbl>"

    cases = [(3, [[1, 1, 1]]), (3, [[1, 1, 1, 1]]), (3, [[1, 1]]), (3, [[1, 2], [1]]),
             (3, [[1, 1], [3]]), (2, []), (4, [[2, 1], [1, 1, 1, 1]]), (1, [[1]])]
    for grid, rows in cases:
        xml = f'<w:body xmlns:w="{W[1:-1]}">{table(grid, rows)}<w:p/></w:body>'
        fixed = etree.tostring(_docxtpl().fix_tables(xml))
        changed = fixed != etree.tostring(etree.fromstring(xml))
        tree = etree.fromstring(xml)
        assert _tables_need_fix(tree, nested=False) == changed, (grid, rows)
        assert _tables_need_fix(tree, nested=True) == changed, (grid, rows)


# -------------------------------------------------------------------------------------
# Paper size


def _page_sizes(data: bytes) -> list[tuple[str | None, str | None, str | None]]:
    root = etree.fromstring(_xml_members(data)["word/document.xml"])
    return [(p.get(W + "w"), p.get(W + "h"), p.get(W + "orient")) for p in root.iter(W + "pgSz")]


def test_f4_sets_every_page_size(template: Path) -> None:
    compiled = CompiledTemplate.load(template)
    assert _page_sizes(compiled.render(sample_context())) == [("11906", "16838", None)]
    assert _page_sizes(compiled.render(sample_context(), paper="F4")) == [("12189", "18709", None)]


def test_f4_keeps_landscape(tmp_path: Path) -> None:
    path = build_template(tmp_path / "lebar.docx", ["{{ mitra.nama }}"], landscape=True)
    data = CompiledTemplate.load(path).render(sample_context(), paper="F4")
    assert _page_sizes(data) == [("18709", "12189", "landscape")]


def test_unknown_paper_is_refused(template: Path) -> None:
    with pytest.raises(ValueError, match="paper"):
        CompiledTemplate.load(template).render(sample_context(), paper="A5")


def test_f4_on_every_section(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{ mitra.nama }}")
    landscape = document.add_section()
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(297), Mm(210)
    document.add_paragraph("Lampiran")
    path = tmp_path / "dua.docx"
    save_slim(document, path)
    data = CompiledTemplate.load(path).render(sample_context(), paper="F4")
    assert _page_sizes(data) == [("12189", "18709", None), ("18709", "12189", "landscape")]


# -------------------------------------------------------------------------------------
# Values come out as written, and templates cannot escape the sandbox


def test_autoescape_keeps_ampersand_and_angle_brackets(template: Path) -> None:
    data = CompiledTemplate.load(template).render(sample_context())
    assert document_texts(data)["body"][0] == "Yth. Smith & Lee <Asia>"
    assert b"Smith &amp; Lee &lt;Asia&gt;" in _xml_members(data)["word/document.xml"]


def test_jinja_in_a_value_is_not_evaluated(template: Path) -> None:
    data = CompiledTemplate.load(template).render(sample_context(nama="{{ 7*7 }} {% if %}"))
    assert document_texts(data)["body"][0] == "Yth. {{ 7*7 }} {% if %}"


# any text a workbook cell can hold (no XML-illegal characters; \a, \f and \r have
# docxtpl meanings of their own or are not kept by XML, and are left out)
CELL_TEXT = st.text(st.characters(
    exclude_categories=["Cs"],
    exclude_characters="\x07\x0c\r\ufffe\uffff"
    + "".join(chr(c) for c in range(32) if chr(c) not in "\t\n"),
))


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=CELL_TEXT)
def test_any_cell_text_comes_out_as_written(template: Path, value: str) -> None:
    data = CompiledTemplate.load(template).render(sample_context(nama=value))
    assert document_texts(data)["body"][0] == "Yth. " + value


def test_a_control_character_in_a_value_is_named(template: Path) -> None:
    """Refused where the value enters the document: the tag that wrote it is named."""
    with pytest.raises(TemplateProblem, match=r'di sekitar "Yth\. \{\{ mitra\.nama \}\}".*U\+000B'):
        CompiledTemplate.load(template).render(sample_context(nama="A\x0bB"))


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    path = build_template(tmp_path / "jahat.docx", ["Isi {{ ''.__class__.__mro__ }}"])
    compiled = CompiledTemplate.load(path)
    with pytest.raises(TemplateProblem, match=r'jahat\.docx \(word/document\.xml\).*"Isi'):
        compiled.render(sample_context())


def test_document_properties_with_tags_are_rendered_as_plain_text(tmp_path: Path) -> None:
    path = build_template(tmp_path / "judul.docx", ["Isi"], title="Surat untuk {{ mitra.nama }}")
    data = CompiledTemplate.load(path).render(sample_context())
    assert docx.Document(io.BytesIO(data)).core_properties.title == (
        "Surat untuk Smith & Lee <Asia>")


# -------------------------------------------------------------------------------------
# Broken templates are clear errors naming the place


def test_unknown_variable_names_template_part_and_paragraph(tmp_path: Path) -> None:
    path = build_template(tmp_path / "msp.docx",
                          ["PEMBUKAAN", "PASAL 2 antara {{ mitra.nmaa }} dan kami", "PENUTUP"])
    with pytest.raises(TemplateProblem) as caught:
        CompiledTemplate.load(path).render(sample_context())
    assert str(caught.value) == (
        'Templat msp.docx (word/document.xml), di sekitar "PASAL 2 antara {{ mitra.nmaa }} '
        "dan kami\": variabel 'mitra.nmaa' tidak dikenal"
    )


def test_unknown_top_level_variable(tmp_path: Path) -> None:
    path = build_template(tmp_path / "a.docx", ["Halo {{ siapa }}"])
    with pytest.raises(TemplateProblem, match="variabel 'siapa' tidak dikenal"):
        CompiledTemplate.load(path).render(sample_context())


def test_syntax_error_is_reported_when_loading(tmp_path: Path) -> None:
    path = build_template(tmp_path / "rusak.docx", ["Satu", "Dua {{ mitra.nama }", "Tiga"])
    with pytest.raises(TemplateProblem) as caught:
        CompiledTemplate.load(path, name="rusak.docx")
    message = str(caught.value)
    assert message.startswith('Templat rusak.docx (word/document.xml), di sekitar "Dua')
    assert "kesalahan penulisan tag Jinja" in message


def test_error_in_the_footer_names_the_footer(tmp_path: Path) -> None:
    path = build_template(tmp_path / "kaki.docx", ["Isi"])
    context = sample_context()
    del context["surat"]
    with pytest.raises(TemplateProblem, match=r"\(word/footer1\.xml\), di sekitar \"Nomor"):
        CompiledTemplate.load(path).render(context)


def test_filter_type_error_is_a_template_problem(tmp_path: Path) -> None:
    path = build_template(tmp_path / "f.docx", ["Lama {{ mitra.nama | terbilang }}"])
    with pytest.raises(TemplateProblem, match=r'di sekitar "Lama .*nilai tidak dapat diolah'):
        CompiledTemplate.load(path).render(sample_context())


def test_template_breaking_word_xml_is_refused(tmp_path: Path) -> None:
    # a {%p if %} opened inside a table cell and closed outside the table
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "{%p if mitra.kode %}"
    document.add_paragraph("Sesudah tabel")
    document.add_paragraph("{%p endif %}")
    path = tmp_path / "silang.docx"
    save_slim(document, path)
    compiled = CompiledTemplate.load(path)
    compiled.render(sample_context())  # while the condition holds, the XML is whole
    with pytest.raises(TemplateProblem, match="bukan XML Word yang sah"):
        compiled.render(sample_context(kode=""))


def test_not_a_docx_is_a_template_problem(tmp_path: Path) -> None:
    path = tmp_path / "bukan.docx"
    path.write_text("bukan zip")
    with pytest.raises(TemplateProblem, match=r"bukan\.docx"):
        CompiledTemplate.load(path)


def test_broken_document_property_names_the_property(tmp_path: Path) -> None:
    path = build_template(tmp_path / "p.docx", ["Isi"], title="Jangan ubah tanda {{ }}")
    with pytest.raises(TemplateProblem, match=r"\(docProps/core\.xml\).*properti dokumen 'title'"):
        CompiledTemplate.load(path)


_FORKED: dict[str, CompiledTemplate] = {}


def _render_in_worker(nama: str) -> str:
    data = _FORKED["uji"].render(sample_context(nama=nama))
    return document_texts(data)["body"][0]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_compiled_before_fork_renders_in_workers(template: Path) -> None:
    _FORKED["uji"] = CompiledTemplate.load(template)
    names = [f"Mitra {i}" for i in range(8)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        assert pool.map(_render_in_worker, names) == [f"Yth. {n}" for n in names]


# -------------------------------------------------------------------------------------
# Linting a user's template


def test_check_accepts_a_template_using_known_fields(template: Path) -> None:
    assert check_template(template) == []


def test_check_reports_unknown_variables_with_their_place(tmp_path: Path) -> None:
    path = build_template(tmp_path / "milik.docx", [
        "Yth. {{ mitra.nmaa }}",
        "{%p for item in ruang_lingkup %}",
        "{{ item.no }}. {{ item.teks }} {{ item.judul }} {{ loop.index }}",
        "{%p endfor %}",
        "{% for u in unit_pelaksana %}{{ u.nama }}{% endfor %}",
        "{{ pejabat.kabag.nama | upper }} {{ mitra.nama.upper() }} {{ tidak_ada }}",
        "{% set kota_ttd = ttd.tempat %}{{ kota_ttd }} {{ mitra | length }}",
        "{{ surat.tanggal | tanggalan }}",
    ])
    issues = check_template(path)
    assert all(isinstance(issue, TemplateIssue) for issue in issues)
    assert [issue.message for issue in issues] == [
        "variabel 'mitra.nmaa' tidak dikenal",
        "variabel 'item.judul' (ruang_lingkup[].judul) tidak dikenal",
        "variabel 'tidak_ada' tidak dikenal",
        "filter 'tanggalan' tidak dikenal",
    ]
    # each names the paragraph; a {%p %} paragraph is replaced by its bare tag, which
    # joins the paragraph before it
    assert [issue.place for issue in issues] == [
        "Yth. {{ mitra.nmaa }}{% for item in ruang_lingkup %}",
        "{{ item.no }}. {{ item.teks }} {{ item.judul }} {{ loop.index }}{% endfor %}",
        "{{ pejabat.kabag.nama | upper }} {{ mitra.nama.upper() }} {{ tidak_ada }}",
        "{{ surat.tanggal | tanggalan }}",
    ]
    assert str(issues[0]) == (
        'Templat milik.docx (word/document.xml), di sekitar "Yth. {{ mitra.nmaa }}'
        "{% for item in ruang_lingkup %}\": variabel 'mitra.nmaa' tidak dikenal"
    )


def test_check_reports_syntax_errors(tmp_path: Path) -> None:
    path = build_template(tmp_path / "s.docx", ["{%p if mitra.kode %}", "Tanpa penutup"])
    issues = check_template(path)
    assert len(issues) == 1
    assert issues[0].part == "word/document.xml"
    assert "kesalahan penulisan tag Jinja" in issues[0].message


def test_check_looks_at_headers_and_footers(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "{{ kop.baris_9 }}"
    document.add_paragraph("Isi")
    path = tmp_path / "kop.docx"
    save_slim(document, path)
    issues = check_template(path)
    assert [(issue.part, issue.message) for issue in issues] == [
        ("word/header1.xml", "variabel 'kop.baris_9' tidak dikenal")]


# -------------------------------------------------------------------------------------
# The shipped templates, with the example workbook's partners


SHIPPED = sorted(TEMPLATES.glob("*.docx"))


def _example_contexts() -> list[tuple[str, dict[str, Any]]]:
    from ksdocs.context import build_context
    from ksdocs.validate import load_workbook

    workbook, _report = load_workbook(TEMPLATES.parent / "data" / "contoh-kerjasama.xlsx")
    numbers = {"rencana": "W.1/1", "penyampaian": "W.1/2", "nota-dinas": "W.1/3",
               "undangan": "W.1/4", "laporan": "W.1/5"}
    return [(p.kode, build_context(workbook, p, numbers, date(2026, 11, 25)))
            for p in workbook.partners]


@pytest.mark.slow
@pytest.mark.skipif(not SHIPPED, reason="the shipped templates have not landed yet")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_templates_render_as_docxtpl_does(path: Path) -> None:
    from ksdocs.context import for_document

    contexts = _example_contexts()
    compiled = CompiledTemplate.load(path, make_environment())
    for kode, context in contexts:
        document_context = for_document(context, path.stem)
        try:
            assert_same_document(render_naive(path, document_context),
                                 compiled.render(document_context))
        except AssertionError as error:
            raise AssertionError(
                f"docxtpl {metadata.version('docxtpl')} renders {path.name} for {kode} "
                "differently from ksdocs/render.py, which reproduces its XML patching: "
                "port docxtpl's change to render.py before moving its upper bound in "
                f"pyproject.toml.\n{error}"
            ) from error
    sizes = _page_sizes(compiled.render(document_context, paper="F4"))
    assert sizes and all((w, h) in {("12189", "18709"), ("18709", "12189")}
                         for w, h, _orient in sizes)


@pytest.mark.slow
def test_the_shipped_letterheads_rendered_once_give_the_same_documents() -> None:
    from ksdocs.context import RUN_KEYS, for_document

    contexts = _example_contexts()
    shared = Shared(RUN_KEYS)
    with_letterhead = 0
    for path in SHIPPED:
        compiled = CompiledTemplate.load(path, make_environment())
        with_letterhead += "word/header1.xml" in compiled.parts
        for _kode, context in contexts:
            document_context = for_document(context, path.stem)
            assert (compiled.render(document_context, paper="F4", shared=shared)
                    == compiled.render(document_context, paper="F4"))
    assert {name for _template, name, _paper in shared.members} == {"word/header1.xml"}
    assert len(shared.members) == with_letterhead == 7


_WRITTEN = ("{{ v }}|{{ v ~ '&' }}|{{ v | upper }}|{% for x in [v, n] %}{{ x }}{% endfor %}"
            "|{% set s %}<{{ v }}>{% endset %}{{ s }}|{% macro m(a) %}{{ a }}{% endmacro %}"
            "{{ m(v) }}|{% autoescape false %}{{ n }}{% endautoescape %}")


@functools.cache
def _writers() -> tuple[Any, Any]:
    """`_WRITTEN` compiled by ksdocs' code generator, and by Jinja's own."""
    from jinja2.compiler import CodeGenerator

    stock = make_environment()
    stock.code_generator_class = CodeGenerator
    return make_environment().from_string(_WRITTEN), stock.from_string(_WRITTEN)


def _written(template: Any, value: Any) -> str | type[BaseException]:
    try:
        return str(template.render(v=value, n=7))
    except Exception as error:  # the same refusal, for a character XML cannot hold
        return type(error)


@given(st.one_of(st.text(), st.text(alphabet="&<>\"'{}_%\n\t\x07\x0c\x00 ab")))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_a_value_is_written_exactly_as_jinja_writes_it(value: str) -> None:
    """ksdocs' code generator writes a value with one call; Jinja's own code escapes and
    finalizes it in three. The text written is the same, and so is a refusal."""
    from markupsafe import Markup

    ours, stock = _writers()
    for written in (value, Markup(value), f"{value}1"):
        assert _written(ours, written) == _written(stock, written)


def test_a_drawing_written_by_a_value_is_numbered_as_docxtpl_numbers_it(
    tmp_path: Path,
) -> None:
    """The emblem's drawing comes in a value, in a body without drawings of its own."""
    from markupsafe import Markup

    from ksdocs.logo import Logo, logo_context

    template = build_template(tmp_path / "lambang.docx", ["{{r kop.logo.gambar }}",
                                                           "{{ mitra.nama }}"])
    context = sample_context()
    logo = Logo("lambang.png", b"", "png", 120, 132)
    context["kop"] = {**context["kop"], "logo": logo_context(logo)}
    assert isinstance(context["kop"]["logo"]["gambar"], Markup)
    body = _xml_members(CompiledTemplate.load(template).render(context))["word/document.xml"]
    ids = etree.fromstring(body).xpath(
        "//wp:docPr/@id",
        namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"},
    )
    assert ids == ["1001"]


@given(st.lists(st.text() | st.sampled_from(["<w:t>", "“Mitra”", "‑", "日本", "😀"])))
def test_a_rendered_part_is_encoded_as_its_whole_text_is(pieces: list[str]) -> None:
    """A part beyond ASCII is encoded piece by piece: the same bytes as the whole text."""
    from ksdocs.render import _utf8

    text = "".join(pieces)
    assert _utf8(text, pieces) == text.encode("utf-8")


def test_a_character_utf_8_cannot_write_is_refused_either_way() -> None:
    from ksdocs.render import _utf8

    for pieces in (["a", "\ud800"], ["“", "\udfff", "b"]):
        with pytest.raises(UnicodeEncodeError):
            "".join(pieces).encode("utf-8")
        with pytest.raises(UnicodeEncodeError):
            _utf8("".join(pieces), pieces)
