"""Users' own templates, hostile or just unlucky, through `templates check` and
`generate -t`: a clear message naming the template and the place, exit code 1, nothing
executed; and the docxtpl traps users fall into."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from helpers import run, with_member_header
from test_render import (
    assert_same_document,
    build_template,
    document_texts,
    render_naive,
    sample_context,
    save_slim,
)

from ksdocs.render import CompiledTemplate

EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"
KODE = "KS-2027-001"
NAMA = "Kementerian Kehakiman Republik Korea"
FAILED_FOR = f"Galat: Mitra {KODE}: "
"""How generate begins an error met while rendering this partner's pack."""




def generate_with(template: Path, output: Path) -> tuple[int, str]:
    return run("generate", str(EXAMPLE), "-o", str(output), "-t", str(template), "-k", KODE)


def written(output: Path) -> list[str]:
    return sorted(p.name for p in output.rglob("*.docx")) if output.exists() else []


# -- reaching Python internals ------------------------------------------------------------

ESCAPES = [
    ("{{ ''.__class__.__mro__ }}", "__mro__", "access to attribute '__class__' of 'str'"),
    ("{{ cycler.__init__.__globals__ }}", "__globals__", "access to attribute '__init__'"),
    ("{{ self._TemplateReference__context }}", "_TemplateReference__context",
     "access to attribute '_TemplateReference__context'"),
    ("{{ lipsum.__globals__ }}", "__globals__", "access to attribute '__globals__'"),
    ("{{ mitra['__class__'] }}", "__class__", "'__class__'"),
    ("{% for x in [1] %}{{ loop._iterator }}{% endfor %}", "_iterator",
     "access to attribute '_iterator'"),
]


@pytest.mark.parametrize(("tag", "attribute", "refusal"), ESCAPES)
def test_python_internals_are_refused_by_check_and_generate(
    tmp_path: Path, tag: str, attribute: str, refusal: str
) -> None:
    path = build_template(tmp_path / "jahat.docx", ["Pembuka", f"Isi {tag}", "Penutup"])
    code, text = run("templates", "check", str(path))
    assert code == 1
    assert (f'Templat jahat.docx (word/document.xml), di sekitar "Isi {tag}": atribut '
            f"'{attribute}' tidak diizinkan: templat tidak boleh menjangkau bagian dalam Python"
            ) in text

    code, text = generate_with(path, tmp_path / "out")
    assert code == 1
    assert text.startswith(FAILED_FOR + "Templat jahat.docx (word/document.xml), di sekitar "
                           f'"Isi {tag}')
    assert "tidak diizinkan oleh sandbox" in text or "tidak dikenal" in text
    assert refusal in text or "tidak dikenal" in text
    assert written(tmp_path / "out") == []


# -- templates that never finish --------------------------------------------------------------


def test_a_range_beyond_the_sandbox_limit(tmp_path: Path) -> None:
    path = build_template(tmp_path / "loop.docx",
                          ["Isi {% for i in range(10**9) %}x{% endfor %}"])
    code, text = generate_with(path, tmp_path / "out")
    assert code == 1
    assert text.startswith(FAILED_FOR + 'Templat loop.docx (word/document.xml), di sekitar '
                           '"Isi {% for i in range(10**9) %}x{% endfor %}": nilai tidak '
                           "dapat diolah (OverflowError: Range too big.")
    assert written(tmp_path / "out") == []


@pytest.mark.parametrize("expression", [
    "'a' * 10**9",
    "'%999999999d' % 1",
    "[0] * 10**9",
    "'{:>999999999}'.format(1)",
    "'x'.center(10**9)",
    "'x'|center(10**9)",
    "'%999999999d'|format(1)",
    "2 ** 99999999",
])
def test_one_expression_cannot_fill_the_memory(tmp_path: Path, expression: str) -> None:
    """A single Python call the time limit cannot interrupt is refused before it runs."""
    path = build_template(tmp_path / "besar.docx", ["Pembuka", f"Isi {{{{ {expression} }}}}"])
    code, text = generate_with(path, tmp_path / "out")
    assert code == 1
    assert text.startswith(FAILED_FOR + 'Templat besar.docx (word/document.xml), di sekitar '
                           '"Isi ')
    assert "tidak diizinkan oleh sandbox" in text
    assert written(tmp_path / "out") == []


def test_lipsum_is_not_offered(tmp_path: Path) -> None:
    path = build_template(tmp_path / "lipsum.docx", ["Isi {{ lipsum(10**6) }}"])
    code, text = generate_with(path, tmp_path / "out")
    assert code == 1
    assert "variabel 'lipsum' tidak dikenal" in text


def test_nested_loops_are_stopped_by_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CompiledTemplate, "time_limit", 0.5)
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    path = build_template(tmp_path / "lama.docx", ["Pembuka", f"Isi {loop}", "Penutup"])
    code, text = generate_with(path, tmp_path / "out")
    assert code == 1
    assert text.strip() == (
        FAILED_FOR + f'Templat lama.docx (word/document.xml), di sekitar "Isi {loop[:75]} …": '
        "templat terlalu lama dirender (lebih dari 0.5 detik); periksa perulangan {% for %} "
        "dan makronya")
    assert written(tmp_path / "out") == []


def test_the_time_limit_stops_a_render_in_the_workers_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers keep SIGALRM for the timer (`render.own_alarm`) instead of setting it for
    every document: the limit holds there all the same."""
    monkeypatch.setattr(CompiledTemplate, "time_limit", 0.5)
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    path = build_template(tmp_path / "lama.docx", [f"Isi {loop}"])
    code, text = run("generate", str(EXAMPLE), "-o", str(tmp_path / "out"), "-t", str(path),
                     "-j", "2")
    assert code == 1
    assert "templat terlalu lama dirender (lebih dari 0.5 detik)" in text
    assert written(tmp_path / "out") == []


def test_the_time_limit_does_not_outlive_the_render(template_path: Path) -> None:
    import signal

    compiled = CompiledTemplate.load(template_path)
    before = signal.getsignal(signal.SIGALRM)
    compiled.render(sample_context())
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.fixture
def template_path(tmp_path: Path) -> Path:
    return build_template(tmp_path / "uji.docx")


def test_a_macro_calling_itself(tmp_path: Path) -> None:
    path = build_template(tmp_path / "ulang.docx",
                          ["Isi {% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"])
    code, text = generate_with(path, tmp_path / "out")
    assert code == 1
    assert text.strip() == (
        FAILED_FOR + 'Templat ulang.docx (word/document.xml), di sekitar "Isi {% macro m() %}'
        '{{ m() }}{% endmacro %}{{ m() }}": makro atau blok memanggil dirinya sendiri tanpa akhir')


# -- mistakes ------------------------------------------------------------------------------


def test_an_unknown_variable(tmp_path: Path) -> None:
    path = build_template(tmp_path / "salah.docx", ["Yth. {{ mitra.nmaa }}"])
    expected = ('Templat salah.docx (word/document.xml), di sekitar "Yth. {{ mitra.nmaa }}": '
                "variabel 'mitra.nmaa' tidak dikenal")
    code, text = run("templates", "check", str(path))
    assert (code, text.splitlines()[0]) == (1, expected)
    code, text = generate_with(path, tmp_path / "out")
    assert (code, text.strip()) == (1, FAILED_FOR + expected)


def test_a_syntax_error(tmp_path: Path) -> None:
    path = build_template(tmp_path / "rusak.docx", ["Satu", "Dua {% if mitra.nama %} tiga"])
    code, text = run("templates", "check", str(path))
    assert code == 1
    assert text.startswith('Templat rusak.docx (word/document.xml), di sekitar "Dua {% if '
                           'mitra.nama %} tiga": kesalahan penulisan tag Jinja (')
    code, text = generate_with(path, tmp_path / "out")
    assert code == 1
    assert text.startswith('Galat: Templat rusak.docx (word/document.xml), di sekitar "Dua {% '
                           "if mitra.nama %} tiga\": kesalahan penulisan tag Jinja (")


def test_a_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "palsu.docx"
    path.write_text("Yth. {{ mitra.nama }}", encoding="utf-8")
    code, text = run("templates", "check", str(path))
    assert code == 1
    assert text.startswith("Galat: Templat palsu.docx: tidak dapat dibaca sebagai .docx (")
    code, text = generate_with(path, tmp_path / "out")
    assert code == 1
    assert text.startswith("Galat: Templat palsu.docx: tidak dapat dibaca sebagai .docx (")


@pytest.mark.parametrize(("change", "reason"), [
    ({"flags": 1}, "dikunci dengan kata sandi zip"),
    ({"method": 9}, "dimampatkan dengan cara yang tidak dipakai Microsoft Office (Deflate64)"),
])
def test_a_docx_with_a_part_zipfile_cannot_read(tmp_path: Path, change: dict[str, int],
                                                reason: str) -> None:
    """A part Word never reads (custom XML nothing refers to), locked with a zip password
    or compressed another way: refused with the reason, before anything is read."""
    path = build_template(tmp_path / "surat.docx", ["Yth. {{ mitra.nama }}"])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("customXml/item9.xml", "<catatan>{{ mitra.nama }}</catatan>")
    with_member_header(path, "customXml/item9.xml", **change)
    expected = (f"Galat: Templat {path.name}: tidak dapat dibaca sebagai .docx (bagian "
                f"customXml/item9.xml {reason})")
    for command in (["templates", "check", str(path)],
                    ["generate", str(EXAMPLE), "-o", str(tmp_path / "out"), "-t", str(path)]):
        code, text = run(*command)
        assert (code, text.strip()) == (1, expected)
    assert written(tmp_path / "out") == []


def test_a_text_file_as_template(tmp_path: Path) -> None:
    path = tmp_path / "surat.txt"
    path.write_text("Yth. {{ mitra.nama }}", encoding="utf-8")
    code, text = generate_with(path, tmp_path / "out")
    assert code == 1
    assert text.startswith(f'Galat: Templat "{path}" bukan berkas .docx: pakai salah satu dari ')
    code, text = run("templates", "check", str(path))
    assert code == 1
    assert text.startswith("Galat: Templat surat.txt: tidak dapat dibaca sebagai .docx (")


def test_a_tag_split_across_formatted_runs_renders(tmp_path: Path) -> None:
    # Word splits a tag into runs when part of it is formatted or spell-checked.
    document = docx.Document()
    paragraph = document.add_paragraph("Yth. ")
    paragraph.add_run("{{ mi")
    bold = paragraph.add_run("tra.na")
    bold.bold = True
    bold.font.size = Pt(14)
    paragraph.add_run("ma }}")
    path = tmp_path / "pecah.docx"
    save_slim(document, path)
    assert run("templates", "check", str(path)) == (0, f"{path}: tidak ada masalah.\n")
    code, text = generate_with(path, tmp_path / "out")
    assert code == 0, text
    data = (tmp_path / "out" / KODE / "pecah.docx").read_bytes()
    assert document_texts(data)["body"] == [f"Yth. {NAMA}"]


# -- the docxtpl traps -------------------------------------------------------------------------


def _render(path: Path, **mitra: object) -> list[str]:
    return document_texts(CompiledTemplate.load(path).render(sample_context(**mitra)))["body"]


def test_ampersand_and_angle_brackets_in_values(tmp_path: Path) -> None:
    path = build_template(tmp_path / "a.docx", ["{{ mitra.nama }}"])
    assert _render(path, nama="Smith & Lee <Asia> \"x\" 'y' &amp;") == [
        "Smith & Lee <Asia> \"x\" 'y' &amp;"]


def test_docxtpl_markers_in_values_are_kept(tmp_path: Path) -> None:
    # docxtpl turns {_{ into {{ across the rendered XML: a value must not be touched
    path = build_template(tmp_path / "a.docx", ["{{ mitra.nama }} dan {_{ literal }_}"])
    assert _render(path, nama="{_{ x }_} {_% y %_}") == [
        "{_{ x }_} {_% y %_} dan {{ literal }}"]


@pytest.mark.parametrize("nama", ["{_{ x }_}", "a {", "tab\there", "a\u0007b\fc"])
def test_values_are_post_processed_in_a_template_of_plain_text(tmp_path: Path,
                                                               nama: str) -> None:
    """A template whose own text docxtpl leaves alone is not scanned after a render,
    unless one of its values holds what docxtpl would rewrite: same result as docxtpl."""
    path = build_template(tmp_path / "a.docx", ["{{ mitra.nama }}_ dan teks"])
    compiled = CompiledTemplate.load(path)
    assert compiled._parts["word/document.xml"].proof.plain_text
    context = sample_context(nama=nama)
    assert_same_document(render_naive(path, context), compiled.render(context))


def test_line_breaks_inside_a_value(tmp_path: Path) -> None:
    path = build_template(tmp_path / "a.docx", ["Alamat: {{ mitra.alamat }}"])
    data = CompiledTemplate.load(path).render(sample_context(alamat="Jl. Satu\nJakarta\n12950"))
    assert document_texts(data)["body"] == ["Alamat: Jl. Satu\nJakarta\n12950"]
    xml = docx.Document(io.BytesIO(data)).element.xml
    assert xml.count("<w:br/>") == 2


def test_a_p_if_block_leaves_no_empty_paragraph(tmp_path: Path) -> None:
    path = build_template(tmp_path / "p.docx", [
        "Sebelum", "{%p if mitra.singkatan %}", "Singkatan: {{ mitra.singkatan }}",
        "{%p endif %}", "{%p for item in ruang_lingkup %}", "{{ item.no }}. {{ item.teks }}",
        "{%p endfor %}", "Sesudah",
    ])
    assert _render(path, singkatan="") == ["Sebelum", "1. Pertukaran data",
                                           "2. Pelatihan & magang", "Sesudah"]
    assert _render(path, singkatan="MOJ") == ["Sebelum", "Singkatan: MOJ", "1. Pertukaran data",
                                              "2. Pelatihan & magang", "Sesudah"]


@pytest.mark.libreoffice
def test_a_table_saved_by_libreoffice_takes_tr_loops(tmp_path: Path, soffice: str) -> None:
    document = docx.Document()
    document.add_paragraph("Ruang lingkup {{ mitra.kode }}")
    table = document.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    for cells, texts in zip(table.rows, [
        ["No", "Ruang lingkup"], ["{%tr for item in ruang_lingkup %}", ""],
        ["{{ item.no }}", "{{ item.teks }}"], ["{%tr endfor %}", ""],
    ], strict=True):
        for cell, text in zip(cells.cells, texts, strict=True):
            cell.text = text
    source = tmp_path / "sumber" / "tabel.docx"
    source.parent.mkdir()
    document.save(str(source))
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    saved = tmp_path / "tabel.docx"
    assert saved.read_bytes() != source.read_bytes()
    data = CompiledTemplate.load(saved).render(sample_context())
    rows = [[cell.text for cell in row.cells]
            for row in docx.Document(io.BytesIO(data)).tables[0].rows]
    assert rows == [["No", "Ruang lingkup"], ["1", "Pertukaran data"],
                    ["2", "Pelatihan & magang"]]


@pytest.mark.parametrize("paragraph", [
    "Catatan: {%p if mitra.nama %}",
    "{%p if mitra.nama %}ada{%p else %}",
])
def test_check_warns_when_a_p_tag_shares_its_paragraph(tmp_path: Path, paragraph: str) -> None:
    """docxtpl replaces the whole paragraph by the tag: the rest would vanish silently."""
    path = build_template(tmp_path / "berbagi.docx", [paragraph, "{%p endif %}"])
    code, text = run("templates", "check", str(path))
    assert code == 1
    assert (f'Templat berbagi.docx (word/document.xml), di sekitar "{paragraph}": tag {{%p %}} '
            "harus sendirian di paragrafnya; teks atau tag lain di sana akan hilang saat "
            "dirender") in text


@pytest.mark.parametrize("obj, name", [
    ({"nama": "Yayasan"}, "nama"),
    ({"items": "butir"}, "items"),  # a key named like a method: the method, as in Jinja
    ({}, "nama"),
    ({"nama": "x"}, "__class__"),
    ({"nama": "x"}, "mro"),
    (type("Sub", (dict,), {"nama": "atribut"})(nama="butir"), "nama"),
])
def test_the_quick_dict_lookup_answers_as_jinjas_sandbox_does(obj: object, name: str) -> None:
    from jinja2 import Undefined
    from jinja2.sandbox import SandboxedEnvironment

    from ksdocs.environment import make_environment

    ours = make_environment().getattr(obj, name)
    stock = SandboxedEnvironment().getattr(obj, name)
    if isinstance(stock, Undefined):
        assert isinstance(ours, Undefined)
    elif callable(stock):
        assert getattr(ours, "__name__", None) == getattr(stock, "__name__", None)
    else:
        assert ours == stock
