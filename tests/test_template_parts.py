"""Every part of a user's template that can hold a tag is rendered, or the template is
refused naming the part; and a template that would inflate beyond the stated limits is
refused before any of it is inflated."""

from __future__ import annotations

import shutil
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from helpers import run
from test_render import build_template

from ksdocs import docxzip
from ksdocs.catalog import BY_ID
from ksdocs.errors import BlankDate
from ksdocs.formatting import FILTERS
from ksdocs.lint import OPTIONAL_DATES, check_template

EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"
KODE = "KS-2027-001"
NAMA = "Kementerian Kehakiman Republik Korea"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NOTE_PARTS = {
    "endnotes": ("endnote", "application/vnd.openxmlformats-officedocument."
                 "wordprocessingml.endnotes+xml", f"{R}/endnotes"),
    "comments": ("comment", "application/vnd.openxmlformats-officedocument."
                 "wordprocessingml.comments+xml", f"{R}/comments"),
}


def _rewrite(path: Path, change: dict[str, bytes], add: dict[str, bytes]) -> None:
    """Replace members of the zip at `path` (by a function of their bytes) and add more."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info, change.get(info.filename, data))
        for name, data in add.items():
            target.writestr(name, data)


def with_note_part(path: Path, kind: str, text: str) -> Path:
    """`path` with an endnotes or comments part holding `text` in one paragraph."""
    element, content_type, reltype = NOTE_PARTS[kind]
    with zipfile.ZipFile(path) as source:
        types = source.read("[Content_Types].xml")
        rels = source.read("word/_rels/document.xml.rels")
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:{kind} xmlns:w="{W}"><w:{element} w:id="1" w:author="A">'
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{element}></w:{kind}>").encode()
    types = types.replace(b"</Types>", f'<Override PartName="/word/{kind}.xml" '
                          f'ContentType="{content_type}"/></Types>'.encode())
    rels = rels.replace(b"</Relationships>", f'<Relationship Id="rIdX{kind}" Type="{reltype}" '
                        f'Target="{kind}.xml"/></Relationships>'.encode())
    _rewrite(path, {"[Content_Types].xml": types, "word/_rels/document.xml.rels": rels},
             {f"word/{kind}.xml": part})
    return path


@pytest.mark.parametrize("kind", ["endnotes", "comments"])
def test_tags_in_endnotes_and_comments_are_rendered(tmp_path: Path, kind: str) -> None:
    template = with_note_part(build_template(tmp_path / "catatan.docx"), kind,
                              "Catatan untuk {{ mitra.nama }}")
    assert check_template(template) == []
    out = tmp_path / "out"
    code, output = run("generate", str(EXAMPLE), "-o", str(out), "-t", str(template),
                       "-k", KODE)
    assert code == 0, output
    with zipfile.ZipFile(out / KODE / "catatan.docx") as document:
        xml = document.read(f"word/{kind}.xml").decode()
    assert f"Catatan untuk {NAMA}" in xml
    assert "{{" not in xml


def test_a_tag_in_a_part_nothing_renders_is_refused(tmp_path: Path) -> None:
    template = build_template(tmp_path / "grafik.docx")
    chart = (b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
             b"<c:title><c:v>Kerja sama dengan {{ mitra.nama }}</c:v></c:title>"
             b"</c:chartSpace>")
    _rewrite(template, {}, {"word/charts/chart1.xml": chart})
    (issue,) = check_template(template)
    assert issue.part == "word/charts/chart1.xml"
    assert "tag di bagian ini tidak akan diisi" in issue.message
    code, output = run("templates", "check", str(template))
    assert code == 1 and "word/charts/chart1.xml" in output
    out = tmp_path / "out"
    code, output = run("generate", str(EXAMPLE), "-o", str(out), "-t", str(template),
                       "-k", KODE)
    assert code == 1
    assert output.startswith("Galat: Templat grafik.docx (word/charts/chart1.xml)")
    assert not out.exists() or not list(out.rglob("*.docx"))


def test_a_tag_in_a_core_property_nothing_renders_is_refused(tmp_path: Path) -> None:
    template = build_template(tmp_path / "kata-kunci.docx")
    with zipfile.ZipFile(template) as source:
        core = source.read("docProps/core.xml")
    core = core.replace(b"<cp:keywords/>", b"<cp:keywords>{{ mitra.nama }}</cp:keywords>")
    _rewrite(template, {"docProps/core.xml": core}, {})
    (issue,) = check_template(template)
    assert (issue.part, issue.place) == ("docProps/core.xml", "{{ mitra.nama }}")


def _claim_size(path: Path, member: str, size: int) -> None:
    """Make the zip directory state `size` as the uncompressed size of `member`."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_length] == name:
            struct.pack_into("<L", data, central + 24, size)
            local = struct.unpack_from("<L", data, central + 42)[0]
            struct.pack_into("<L", data, local + 22, size)
            path.write_bytes(bytes(data))
            return
        central = data.find(b"PK\x01\x02", central + 4)
    raise AssertionError(member)


def _bomb(tmp_path: Path, stated: int) -> Path:
    """A small copy of a shipped template with a member whose stated size is `stated`."""
    template = tmp_path / "penyampaian.docx"
    shutil.copy(BY_ID["penyampaian"].path, template)
    _rewrite(template, {}, {"word/isi.xml": b"<a>" + b" " * 4096 + b"</a>"})
    _claim_size(template, "word/isi.xml", stated)
    return template


def test_a_member_stated_beyond_the_limit_is_refused_before_inflating(tmp_path: Path) -> None:
    template = _bomb(tmp_path, 2 * 1024**3 - 1)  # "2 GB"; the file is a few kB
    tracemalloc.start()
    try:
        code, output = run("templates", "check", str(template))
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1
    assert output.strip() == (
        "Galat: Templat penyampaian.docx terlalu besar: bagian word/isi.xml berisi "
        "2.048 MB setelah dibuka, lebih dari batas 50 MB per bagian.")
    assert peak < 20 * 1024 * 1024
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path / "out"), "-t",
                       str(template), "-k", KODE)
    assert code == 1 and "terlalu besar" in output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.docx"))


def test_a_member_inflating_beyond_its_stated_size_is_refused(tmp_path: Path) -> None:
    template = _bomb(tmp_path, 100)  # states 100 bytes, inflates to 4096
    code, output = run("templates", "check", str(template))
    assert code == 1
    assert output.startswith("Galat: Templat penyampaian.docx: tidak dapat dibaca sebagai "
                             ".docx (")


def test_members_together_beyond_the_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docxzip, "MAX_TOTAL_SIZE", 3 * 1024 * 1024)
    template = tmp_path / "penyampaian.docx"
    shutil.copy(BY_ID["penyampaian"].path, template)
    _rewrite(template, {}, {f"word/media/isi{i}.bin": b"\0" * (1024 * 1024) for i in range(4)})
    code, output = run("templates", "check", str(template))
    assert code == 1
    assert "terlalu besar: isinya " in output
    assert "MB setelah dibuka, lebih dari batas 3 MB." in output


# -- a blank date never prints as today ----------------------------------------------------


@pytest.mark.parametrize("name", ["tanggal", "date_en", "hari", "day_en"])
def test_date_filters_refuse_a_blank_date(name: str) -> None:
    with pytest.raises(BlankDate):
        FILTERS[name](None)


@pytest.mark.parametrize("name", ["tanggal", "date_en", "hari", "day_en"])
def test_a_blank_date_is_refused_naming_the_field_and_never_printed_as_today(
    tmp_path: Path, name: str
) -> None:
    template = build_template(tmp_path / "ttd.docx",
                              [f"Ditandatangani {{{{ ttd.tanggal | {name} }}}}"])
    (issue,) = check_template(template)
    assert issue.message.startswith(f"'ttd.tanggal' kosong untuk sebagian mitra, dan filter "
                                    f"'{name}' tidak mengisi tanggal yang kosong")
    out = tmp_path / "out"
    code, output = run("generate", str(EXAMPLE), "-o", str(out), "-t", str(template),
                       "-k", "KS-2027-002")  # no signing date
    assert code == 1
    assert output.startswith("Galat: Mitra KS-2027-002: Templat ttd.docx (word/document.xml)")
    assert f"'ttd.tanggal' kosong untuk mitra ini, dan filter '{name}'" in output
    assert not out.exists() or not list(out.rglob("*.docx"))


@pytest.mark.parametrize("body", [
    "{% if ttd.tanggal %}{{ ttd.tanggal | tanggal }}{% else %}……{% endif %}",
    "{% if not ttd.tanggal %}……{% else %}{{ ttd.tanggal | tanggal }}{% endif %}",
    "{{ ttd.tanggal | tanggal if ttd.tanggal else '……' }}",
    "{% if ttd.tanggal and mitra.nama %}{{ ttd.tanggal | date_en }}{% endif %}",
    "{{ surat.tanggal | tanggal }}",
])
def test_a_guarded_date_passes_the_check(tmp_path: Path, body: str) -> None:
    template = build_template(tmp_path / "ttd.docx", [body])
    assert check_template(template) == []


def test_the_dates_that_may_be_blank_are_known_to_the_check() -> None:
    assert {"ttd.tanggal", "kajian.tanggal", "langkah.7.tanggal"} <= OPTIONAL_DATES
    assert "surat.tanggal_penyampaian" not in OPTIONAL_DATES


def test_a_date_tested_elsewhere_is_still_refused(tmp_path: Path) -> None:
    template = build_template(tmp_path / "ttd.docx", [
        "{% if kajian.tanggal %}{{ ttd.tanggal | tanggal }}{% endif %}"])
    (issue,) = check_template(template)
    assert "'ttd.tanggal' kosong" in issue.message


def test_a_render_error_names_the_partner_and_stops_the_run(tmp_path: Path) -> None:
    template = build_template(tmp_path / "ttd.docx", ["{{ ttd.tanggal | tanggal }}"])
    out = tmp_path / "out"
    code, output = run("generate", str(EXAMPLE), "-o", str(out), "-t", str(template), "-j", "1")
    assert code == 1
    assert output.startswith("Galat: Mitra KS-2027-002: Templat ttd.docx")
    # KS-2027-001 has a signing date and landed; nothing after the failing partner.
    assert sorted(p.parent.name for p in out.rglob("ttd.docx")) == ["KS-2027-001"]
