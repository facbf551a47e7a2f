"""Property tests: any text a user pastes into a cell comes out of the pack as written, or
is a clear validation error; the formatters hold for any date and number."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from helpers import example, row
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook as OpenpyxlWorkbook

from ksdocs import template_cache
from ksdocs.catalog import TEMPLATES
from ksdocs.context import build_context, for_document
from ksdocs.example import Sheets
from ksdocs.formatting import date_en, in_words, rupiah, tanggal, terbilang
from ksdocs.pack import sha256_of
from ksdocs.render import CompiledTemplate
from ksdocs.validate import load_workbook
from ksdocs.workbook import read_workbook

KODE = "KS-2027-001"
TODAY = date(2026, 11, 25)

# (sheet, first cell of the row, header): the text cells that reach partner KODE's pack.
FIELDS = [
    *[("Mitra", KODE, header) for header in (
        "Nama Mitra", "Nama Mitra (EN)", "Singkatan", "Negara", "Alamat Mitra",
        "Bidang Kerja Sama", "Bidang Kerja Sama (EN)", "Tujuan", "Tujuan (EN)",
        "Latar Belakang", "Nama Penandatangan Mitra", "Jabatan Penandatangan Mitra",
        "Tempat Penandatanganan", "Narahubung",
    )],
    ("Ruang Lingkup", KODE, "Ruang Lingkup"),
    ("Ruang Lingkup", KODE, "Ruang Lingkup (EN)"),
    *[("Kajian", KODE, header) for header in (
        "Kesesuaian Tusi", "Kesesuaian Renstra", "Manfaat", "Risiko", "Kelayakan Mitra",
        "Catatan", "Analis",
    )],
    ("Unit", "DJPP", "Nama Unit"),
    ("Unit", "DJPP", "Nama Unit (EN)"),
    ("Unit", "DJPP", "Jabatan Pimpinan"),
    ("Unit", "DJPP", "Nama Pimpinan"),
    ("Pejabat", "MENTERI", "Nama"),
    ("Pejabat", "MENTERI", "Jabatan (EN)"),
    ("Pejabat", "KABAG", "Nama"),
    ("Pejabat", "SUBKOOR", "Nama"),
]
REQUIRED = {
    "Nama Mitra", "Nama Mitra (EN)", "Negara", "Bidang Kerja Sama", "Bidang Kerja Sama (EN)",
    "Tujuan", "Tujuan (EN)", "Jabatan Penandatangan Mitra", "Ruang Lingkup",
    "Ruang Lingkup (EN)", "Nama Unit", "Nama Unit (EN)", "Jabatan Pimpinan", "Nama Pimpinan",
    "Nama", "Jabatan (EN)",
}

# What XML cannot carry: Excel writes these as _xHHHH_ escapes, ksdocs removes them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def excel_text(value: str) -> str:
    """`value` as Excel stores it in the sheet XML: a literal ``_xHHHH_`` escaped as
    ``_x005F_xHHHH_``, and characters XML cannot hold (and CR) as ``_xHHHH_``."""
    value = _ESCAPE_LIKE.sub(r"_x005F_\1", value)
    return re.sub("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]",
                  lambda m: f"_x{ord(m.group()):04X}_", value)


def write_as_excel(folder: Path, sheets: Sheets) -> Path:
    """Write `sheets` the way Excel would store typed text: strings are text cells even
    when they start with ``=``, and carry the escapes of `excel_text`."""
    book = OpenpyxlWorkbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, rows in sheets.items():
        worksheet = book.create_sheet(title)
        headers = list(dict.fromkeys(h for values in rows for h in values))
        worksheet.append(headers)
        for number, values in enumerate(rows, start=2):
            for column, header in enumerate(headers, start=1):
                value = values.get(header)
                cell = worksheet.cell(number, column)
                if isinstance(value, str):
                    cell.value = excel_text(value)
                    cell.data_type = "s"
                else:
                    cell.value = value
    path = folder / "kerjasama.xlsx"
    book.save(path)
    return path


def as_written(value: str) -> str:
    """What ksdocs promises to keep of a cell: illegal characters removed, line ends as
    ``\\n``, surrounding whitespace trimmed."""
    value = _ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def paragraphs(data: bytes) -> Iterator[str]:
    """The text of every paragraph of a .docx (body, tables, headers, footers), as
    python-docx reads it: ``<w:br/>`` is ``\\n``, ``<w:tab/>`` is ``\\t``."""
    document = docx.Document(io.BytesIO(data))
    roots = [document.element.body]
    for section in document.sections:
        roots += [section.header._element, section.footer._element]
    for root in roots:
        for element in root.iter(qn("w:p")):
            yield Paragraph(element, document).text


@pytest.fixture(scope="module")
def compiled() -> dict[str, CompiledTemplate]:
    """The shipped templates, compiled as generate compiles them (and kept as it keeps
    them)."""
    return {info.id: template_cache.load(info.path, sha256_of(info.path), info.filename)[0]
            for info in TEMPLATES}


def render_pack(compiled: dict[str, CompiledTemplate], path: Path) -> tuple[Any, list[str]]:
    """Validate the workbook at `path`; the report, and every paragraph of partner KODE's
    nine documents (none when the workbook has errors)."""
    book, report = load_workbook(path)
    if not report.ok:
        return report, []
    context = build_context(book, book.partner(KODE), {}, TODAY)
    texts: list[str] = []
    for info in TEMPLATES:
        texts += paragraphs(compiled[info.id].render(for_document(context, info.id)))
    return report, texts


def test_every_field_of_the_property_reaches_the_pack(
    compiled: dict[str, CompiledTemplate], tmp_path: Path
) -> None:
    sheets = example()
    for number, (sheet, first, header) in enumerate(FIELDS):
        row(sheets, sheet, first)[header] = f"PENANDA{number:02d}X"
    report, texts = render_pack(compiled, write_as_excel(tmp_path, sheets))
    assert report.ok, report.errors
    text = "\n".join(texts)
    assert [f for n, f in enumerate(FIELDS) if f"PENANDA{n:02d}X" not in text] == []


EXCEL_CELL_LIMIT = 32_767

HOSTILE = [
    "Smith & Lee <Asia> \"Ltd\" 'Pty'", "{{ 7*7 }}", "{% if true %}ya{% endif %}", "{# x",
    "{_{ mitra.nama }_} {_% if %_}", "=1+1", "+62 21 5221618", "-Tidak ada-", "@hukum_id",
    "Ministère de la Justice — Œuvre, São Paulo, Ærø", "法務部 大韓民国", "وزارة العدل",
    "משרד המשפטים", "Министерство юстиции", "🤝🇮🇩🇰🇷 kerja sama", "e\u0301\u0308 Z\u0335a\u0336",
    "baris satu\nbaris dua\n\nbaris empat", "Windows\r\nline\rends", "  spasi di tepi \t ",
    "kendali\x07\x0b\x1f di tengah", "_x0041_ literal", "\u202eterbalik\u202c dan \u200b",
    "tab\tdi tengah", "\U0010fffd \ufeff \u2028",
]
TEXT = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map(" ".join),
    st.builds(lambda piece: (piece * 10_000)[:10_000],
              st.sampled_from(HOSTILE) | st.text(min_size=1, max_size=12))
    # A cell's stored text holds at most 32,767 characters (Excel's limit, which the
    # writer used here enforces by cutting): 10,000 control characters take 70,000.
    .filter(lambda value: len(excel_text(value)) <= EXCEL_CELL_LIMIT),
)


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(FIELDS), TEXT), min_size=1, max_size=4,
                        unique_by=lambda change: change[0]))
def test_any_cell_text_reaches_the_documents_as_written_or_is_a_clear_error(
    compiled: dict[str, CompiledTemplate], changes: list[tuple[tuple[str, str, str], str]]
) -> None:
    sheets = example()
    for (sheet, first, header), value in changes:
        row(sheets, sheet, first)[header] = value
    with tempfile.TemporaryDirectory() as folder:
        path = write_as_excel(Path(folder), sheets)
        raw = read_workbook(path)
        report, texts = render_pack(compiled, path)

    messages = [str(problem) for problem in report.problems]
    for (sheet, first, header), value in changes:
        number = next(n for n, r in enumerate(sheets[sheet], start=2)
                      if next(iter(r.values())) == first)
        key = next(c.key for c in raw.sheets[sheet].schema.columns if c.header == header)
        place = f"{sheet}!{raw.sheets[sheet].ref(key, number)} ({header})"
        if _ILLEGAL.search(value):
            assert f"{place}: karakter kendali yang tidak sah dihapus dari isi sel" in messages
        expected = as_written(value)
        if not expected:
            if header in REQUIRED:
                assert f"{place}: wajib diisi" in messages
            continue
        if report.ok:
            assert any(expected in text for text in texts), (header, expected[:80])
    if not report.ok:
        # the only errors a text can cause are blank required cells
        assert all(m.endswith(": wajib diisi") for m in map(str, report.errors)), messages


def test_jinja_in_a_cell_is_text_not_code(compiled: dict[str, CompiledTemplate],
                                          tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", KODE)["Nama Mitra"] = "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}"
    report, texts = render_pack(compiled, write_as_excel(tmp_path, sheets))
    assert report.ok
    assert any("{{ 7*7 }} {% for x in range(3) %}x{% endfor %}" in text for text in texts)
    assert not any("49" in text or "xxx" in text for text in texts)


def test_a_line_break_in_a_cell_is_a_line_break_in_the_document(
    compiled: dict[str, CompiledTemplate], tmp_path: Path
) -> None:
    sheets = example()
    row(sheets, "Mitra", KODE)["Alamat Mitra"] = "Jl. Satu No. 1\r\nSeoul 04000"
    book, report = load_workbook(write_as_excel(tmp_path, sheets))
    assert report.ok
    context = build_context(book, book.partner(KODE), {}, TODAY)
    xml = docx.Document(io.BytesIO(compiled["rencana"].render(
        for_document(context, "rencana")))).element.xml
    assert re.search(r"Jl\. Satu No\. 1</w:t>\s*<w:br/>\s*<w:t[^>]*>Seoul 04000", xml)


# -- the formatters ------------------------------------------------------------------------

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@given(st.dates())
def test_dates_read_day_month_name_year(value: date) -> None:
    assert tanggal(value) == f"{value.day} {BULAN[value.month - 1]} {value.year}"
    assert date_en(value) == f"{value.day} {MONTHS[value.month - 1]} {value.year}"


_UNITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
          "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11,
          "seratus": 100, "seribu": 1000}
_SCALES = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}


def read_indonesian(words: str) -> int:
    """The number Indonesian number words say (``dua ribu tiga ratus sebelas`` → 2311)."""
    total = group = last = 0
    for word in words.split():
        if word in _UNITS:
            last = _UNITS[word]
            group += last
        elif word == "belas":  # tiga belas: 3 + 10
            group += 10
        elif word == "puluh":  # dua puluh: 2 + 2 × 9
            group += last * 9
        elif word == "ratus":
            group += last * 99
        elif word in _SCALES:
            total += (group or 1) * _SCALES[word]
            group = 0
        else:
            raise AssertionError(f"unexpected word {word!r} in {words!r}")
    return total + group


@given(st.integers(min_value=0, max_value=10**12))
def test_terbilang_says_the_number(value: int) -> None:
    text = terbilang(value)
    number, words = re.fullmatch(r"(\d+) \(([a-z ]+)\)", text).groups()  # type: ignore[union-attr]
    assert int(number) == value
    assert read_indonesian(words) == value


@given(st.integers(min_value=0, max_value=10**12))
def test_in_words_is_the_number_in_english(value: int) -> None:
    match = re.fullmatch(r"(\d+) \(([a-z ,-]+)\)", in_words(value))
    assert match is not None and int(match[1]) == value


@given(st.decimals(min_value=0, max_value=10**15, places=2, allow_nan=False,
                   allow_infinity=False))
def test_rupiah_groups_thousands_with_dots_and_keeps_the_cents(value: Decimal) -> None:
    text = rupiah(value)
    assert re.fullmatch(r"Rp\d{1,3}(\.\d{3})*,\d{2}", text), text
    assert Decimal(text[2:].replace(".", "").replace(",", ".")) == value


@pytest.mark.slow  # 200 examples; the manifest tests of generate read it in the fast loop
@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), st.text(max_size=12) | st.integers(),
                                max_size=5), max_size=4))
def test_the_manifest_is_written_as_indented_json_writes_it(
    entries: list[dict[str, object]]
) -> None:
    import json

    from ksdocs.output import _manifest_pieces

    expected = json.dumps({"dokumen": entries}, ensure_ascii=False, indent=2) + "\n"
    assert "".join(_manifest_pieces(entries)) == expected


@settings(max_examples=300, deadline=None)
@given(st.text() | st.lists(st.text(), max_size=4)
       | st.lists(st.text() | st.integers() | st.none(), max_size=4))
def test_a_value_is_digested_as_its_json_text(value: object) -> None:
    """A document's inputs keep, per value, the SHA-256 of the JSON text earlier versions
    wrote of it: texts and lists of texts are written without the encoder, and must
    still come out as it writes them, or documents would look stale after an upgrade."""
    import hashlib
    import json

    from ksdocs.digest import _digest

    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    try:
        expected = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    except UnicodeEncodeError:  # (a lone surrogate: no workbook cell holds one)
        return
    assert _digest(value) == expected
