"""The fast .xlsx reader gives exactly the values openpyxl's read-only mode gives."""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from helpers import example, patch_sheet_xml, write_sheets
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from ksdocs import xlsx
from ksdocs.xlsx import CellValue, XlsxReader

ROOT = Path(__file__).resolve().parent.parent


def openpyxl_rows(path: Path) -> dict[str, list[tuple[CellValue, ...]]]:
    """Every worksheet's rows as openpyxl reads them, trailing blanks dropped."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    found = {}
    for title in book.sheetnames:
        sheet = book[title]
        if not hasattr(sheet, "iter_rows"):
            continue
        sheet.reset_dimensions()
        rows = [tuple(reversed(tuple(itertools.dropwhile(lambda v: v is None, reversed(row)))))
                for row in sheet.iter_rows(min_row=1, values_only=True)]
        found[title] = _trim(rows)
    book.close()
    return found


def fast_rows(path: Path) -> dict[str, list[tuple[CellValue, ...]]]:
    with open(path, "rb") as stream, XlsxReader(stream) as reader:
        return {title: _trim(list(reader.rows(title))) for title in reader.worksheets}


def _trim(rows: list[tuple[CellValue, ...]]) -> list[tuple[CellValue, ...]]:
    while rows and rows[-1] == ():
        rows.pop()
    return rows


def every_kind_of_cell(path: Path, *, date1904: bool = False) -> Path:
    book = openpyxl.Workbook()
    if date1904:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nilai"
    sheet.append(["teks", "  spasi  ", "baris\nbaru", "& < > \" '", "😀 日本語 العربية", "_x0007_"])
    sheet.append([1, -7, 3.25, 1e-9, 12345678901234567, True, False])
    sheet.append([date(2027, 3, 5), datetime(2027, 3, 5, 14, 30), time(9, 15),
                  timedelta(hours=30)])
    sheet.cell(row=3, column=6, value=45000).number_format = "dd/mm/yyyy"
    sheet.cell(row=3, column=7, value=45000.5).number_format = "[h]:mm:ss"
    sheet.cell(row=3, column=8, value=0.25).number_format = "0.00%"
    sheet["A6"] = "setelah baris kosong"
    sheet["D6"] = CellRichText("tebal ", TextBlock(InlineFont(b=True), "dan miring"))
    sheet["Z6"] = "jauh di kanan"
    sheet["A7"] = "=1+1"
    book.create_sheet("Kosong")
    book.save(path)
    return path


@pytest.mark.parametrize("date1904", [False, True])
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path: Path, date1904: bool) -> None:
    path = every_kind_of_cell(tmp_path / "nilai.xlsx", date1904=date1904)
    fast = fast_rows(path)
    assert fast == openpyxl_rows(path)
    assert set(fast) == {"Nilai", "Kosong"}
    assert fast["Nilai"][2][0] == datetime(2027, 3, 5)


def test_error_values_and_inline_strings_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    sheets = example()
    sheets["Mitra"][0]["Nama Mitra"] = "GANTI"
    path = write_sheets(tmp_path, sheets)
    patch_sheet_xml(path, 1, b'<c r="B2" t="inlineStr"><is><t>GANTI</t></is></c>',
                    b'<c r="B2" t="e"><v>#N/A</v></c>')
    assert fast_rows(path) == openpyxl_rows(path)
    assert fast_rows(path)["Mitra"][1][1] == "#N/A"


def test_the_example_workbook_reads_as_openpyxl_reads_it() -> None:
    path = ROOT / "data" / "contoh-kerjasama.xlsx"
    assert fast_rows(path) == openpyxl_rows(path)


@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_reads_as_openpyxl_reads_it(
    tmp_path: Path, soffice: str
) -> None:
    source = every_kind_of_cell(tmp_path / "asli.xlsx")
    (tmp_path / "lo").mkdir()
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profil", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(tmp_path / "lo"), str(source)], check=True, capture_output=True,
                   timeout=120)
    saved = tmp_path / "lo" / "asli.xlsx"
    assert fast_rows(saved) == openpyxl_rows(saved)
    assert shutil.which(soffice)


# --- the regular-expression reading of regular sheets -----------------------------------
# A sheet as Excel, LibreOffice and openpyxl write it is read without lxml (`_scan`);
# anything else falls back to lxml. Both must give the same rows, or the same refusal,
# for any sheet: these tests build sheets piece by piece, regular and not, and compare.

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED = ["nol", "satu & dua", "tiga"]


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _base_workbook() -> bytes:
    """An .xlsx with the `SHARED` strings and a date style, whose first sheet the tests
    replace. (openpyxl writes no shared strings; Excel writes nothing else.)"""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.cell(row=1, column=1, value=45000).number_format = "dd/mm/yyyy"
    saved = io.BytesIO()
    book.save(saved)
    items = "".join(f"<si><t>{_escaped(text)}</t></si>" for text in SHARED)
    stream = io.BytesIO()
    with zipfile.ZipFile(saved) as source, \
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    b"</Relationships>"))
            target.writestr(info, data)
        target.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
    return stream.getvalue()


BASE = _base_workbook()
with XlsxReader(io.BytesIO(BASE)) as _base:  # the style index of its date format
    DATE_STYLE = min(_base._dates)


def reader_with(sheet_xml: str, member: str = "xl/worksheets/sheet1.xml") -> XlsxReader:
    """A reader of `BASE` with `sheet_xml` as the XML of its sheet ``Data`` (or of
    another `member`)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(BASE)) as source, \
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                data = sheet_xml.encode("utf-8")
            target.writestr(info, data)
    return XlsxReader(io.BytesIO(stream.getvalue()))


def outcome(read: Callable[[], object]) -> object:
    try:
        return read()
    except Exception as error:  # the same refusal, whichever way the sheet was read
        return type(error)


texts = st.text(st.characters(codec="utf-8"), max_size=8)
"""Any text, with the characters XML forbids and the carriage return among them."""


@st.composite
def regular_cell(draw: st.DrawFn, reference: str) -> str:
    """A cell as Excel, LibreOffice and openpyxl write them."""
    r = f'r="{reference}"'
    cell: str = draw(st.one_of(
        texts.filter(lambda t: t.isprintable() or t == "").map(
            lambda t: f'<c {r} t="inlineStr"><is><t>{_escaped(t)}</t></is></c>'),
        st.just(f'<c {r} t="inlineStr"><is><t xml:space="preserve"> a\tb\n </t></is></c>'),
        st.integers(0, len(SHARED) - 1).map(lambda i: f'<c {r} t="s"><v>{i}</v></c>'),
        st.integers(-10**15, 10**15).map(lambda n: f'<c {r} t="n"><v>{n}</v></c>'),
        st.floats(allow_nan=False, allow_infinity=False).map(lambda x: f"<c {r}><v>{x!r}</v></c>"),
        st.integers(1, 60000).map(lambda n: f'<c {r} s="{DATE_STYLE}"><v>{n}</v></c>'),
        st.sampled_from([f'<c {r} t="b"><v>1</v></c>', f'<c {r} t="b"><v>0</v></c>',
                         f'<c {r} t="e"><v>#N/A</v></c>', f'<c {r} t="str"><v></v></c>',
                         f'<c {r} t="str"><v>A &amp; B</v></c>', f"<c {r}/>",
                         f'<c {r} t="s"></c>', f"<c {r}><f>1+1</f><v>2</v></c>",
                         f'<c {r}><f t="shared" si="0"/><v>3</v></c>',
                         f'<c {r} t="d"><v>2027-03-05T14:30:00</v></c>',
                         f'<c {r} t="inlineStr"><is><t>&#x41;&#66;&lt;&quot;&apos;</t></is></c>',
                         f'<c {r} t="str"><f>IF(A1&lt;&gt;"",A1&amp;"&#10;x","")</f><v>x</v></c>',
                         f'<c {r} s="1"><f t="shared" ref="{reference}:Z99" si="1">B1*2</f>'
                         "<v>4</v></c>",
                         f'<c {r} t="str"><f></f><v></v></c>',
                         f"<c {r}><f>NOW()</f></c>"]),
    ))
    return cell


ODD_CELLS = [
    '<c t="inlineStr" {r}><is><t>urutan lain</t></is></c>',
    '<c {r} t="inlineStr"><is><t><![CDATA[a & b]]></t></is></c>',
    '<c {r} t="inlineStr"><is><r><t>ka</t></r><r><t>ya</t></r></is></c>',
    '<c {r} t="inlineStr"><is><t/></is></c>',
    "<c {r}><!-- catatan --><v>1</v></c>",
    '<c {r} t="inlineStr"><is><t>a & b</t></is></c>',
    '<c {r} t="inlineStr"><is><t>&nbsp;</t></is></c>',
    '<c {r} t="inlineStr"><is><t>&#1;</t></is></c>',
    '<c {r} t="inlineStr"><is><t>&#x110000;</t></is></c>',
    '<c {r} t="inlineStr"><is><t>a\r\nb</t></is></c>',
    '<c {r} t="inlineStr"><is><t>bel\x07</t></is></c>',
    '<c {r} t="inlineStr"><is><t>a]]>b</t></is></c>',
    '<c {r} t="s"><v>7</v></c>',
    "<c {r}><v>abc</v></c>",
    '<c {r} s="1" t="n" s="2"><v>1</v></c>',
    '<c {r} t="inlineStr"><is><t>tidak ditutup</t></is>',
    "<x:c {r}><x:v>1</x:v></x:c>",
    "<c><v>5</v></c>",
]
"""Cells no common program writes, or XML that is not well formed."""

ODD_ROWS = [
    " r='{n}'", ' r="{n}" r="{n}"', ' r="{n}" a:b="1"', ' xmlns="urn:lain" r="{n}"',
    ' r="{n}" spans="1:30" x14ac:dyDescent="0.25"',  # (without x14ac declared)
    ' r="x{n}"',
]
"""Row attributes no common program writes, or that are not well formed."""


@st.composite
def odd_cell(draw: st.DrawFn, reference: str) -> str:
    r = f'r="{reference}"'
    cell: str = draw(st.one_of(
        texts.map(lambda t: f'<c {r} t="inlineStr"><is><t>{t}</t></is></c>'),
        texts.map(lambda t: f'<c {r} t="inlineStr"><is><t>{_escaped(t)}</t></is></c>'),
        st.sampled_from([odd.format(r=r) for odd in ODD_CELLS]),
    ))
    return cell


def sheet(rows: list[str], head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"{head}>'
            f"<sheetPr/><sheetData>{''.join(rows)}</sheetData><pageMargins/></worksheet>")


@st.composite
def sheets(draw: st.DrawFn, odd: bool) -> str:
    """A worksheet's XML: regular throughout, or (`odd`) with odd cells and rows."""
    rows = []
    number = 0
    for _ in range(draw(st.integers(0, 4))):
        number += draw(st.integers(1, 3))
        columns = sorted(draw(st.sets(st.integers(1, 30), max_size=4)))
        cells = []
        for column in columns:
            letters = openpyxl.utils.get_column_letter(column)
            make = odd_cell if odd and draw(st.booleans()) else regular_cell
            cells.append(draw(make(f"{letters}{number}")))
        attributes = draw(st.sampled_from(
            [f' r="{number}"', f' r="{number}" spans="1:30" x14ac:dyDescent="0.25"', ""]
            + ([odd.format(n=number) for odd in ODD_ROWS] if odd else [])))
        space = draw(st.sampled_from(["", "\n  "]))
        rows.append(f"{space}<row{attributes}>{space.join(cells)}</row>" if cells
                    else f"{space}<row{attributes}/>")
    head = ' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
    return sheet(rows, head if not odd or draw(st.booleans()) else "")


@settings(max_examples=300, deadline=None)
@given(sheets(odd=False))
def test_a_regular_sheet_is_read_without_lxml_and_as_lxml_reads_it(xml: str) -> None:
    with reader_with(xml) as reader, reader_with(xml) as unread:
        scanned = reader._scan("Data")
        assert scanned is not None
        assert scanned == list(reader._streamed("Data"))
        # Its formulas, found as its rows were read, are those lxml finds in the XML.
        assert reader.formulas("Data") == unread.formulas("Data")


@settings(max_examples=500, deadline=None)
@given(sheets(odd=True))
def test_any_sheet_reads_or_is_refused_as_lxml_reads_or_refuses_it(xml: str) -> None:
    with reader_with(xml) as reader:
        assert outcome(lambda: list(reader.rows("Data"))) == outcome(
            lambda: list(reader._streamed("Data")))


REGULAR_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1"><v>1</v></c></row>'


@pytest.mark.parametrize("odd", ODD_CELLS)
def test_an_odd_cell_is_read_or_refused_as_lxml_reads_or_refuses_it(odd: str) -> None:
    cell = odd.format(r='r="C2"')
    with reader_with(sheet([REGULAR_ROW, f'<row r="2">{cell}</row>'])) as reader:
        assert outcome(lambda: list(reader.rows("Data"))) == outcome(
            lambda: list(reader._streamed("Data")))


@pytest.mark.parametrize("fault", [
    '<row r="x1"><c r="A1"><v>1</v></c>',  # a row number that is none
    '<row r="1"><c r="A1" t="s"><v>99</v></c>',  # a shared string that is not there
    '<row r="1"><c r="A1"><v>satu</v></c>',  # a number that is none
])
def test_a_fault_in_an_odd_row_is_refused_as_lxml_refuses_the_sheet(fault: str) -> None:
    # Cells are read and proven regular in one pass, so a fault may stop it before the
    # odd end of its row is seen (here a broken tag, which lxml refuses first): the sheet
    # is then lxml's to refuse, with lxml's message, as when the row was proven first.
    with reader_with(sheet([f'{fault}<c r="B1"></row>'])) as reader:
        refused = outcome(lambda: list(reader.rows("Data")))
        assert refused == outcome(lambda: list(reader._streamed("Data")))
        assert refused is etree.XMLSyntaxError


@pytest.mark.parametrize("odd", ODD_ROWS)
def test_an_odd_row_is_read_or_refused_as_lxml_reads_or_refuses_it(odd: str) -> None:
    row = f'<row{odd.format(n=2)}><c r="A2"><v>2</v></c></row>'
    with reader_with(sheet([REGULAR_ROW, row])) as reader:
        assert outcome(lambda: list(reader.rows("Data"))) == outcome(
            lambda: list(reader._streamed("Data")))


@pytest.mark.parametrize("xml", [
    # A document type's default attributes reach every cell (B1 is then text).
    sheet([REGULAR_ROW]).replace(
        "\n<worksheet", '\n<!DOCTYPE worksheet [<!ATTLIST c t CDATA "str">]><worksheet'),
    sheet([REGULAR_ROW]).replace(
        "<pageMargins/>", "<pageMargins>"),
    sheet([REGULAR_ROW]).replace(
        "<pageMargins/>", "<row r=\"9\"><c r=\"A9\"><v>1</v></c></row>"),
    sheet([REGULAR_ROW]).replace(
        'encoding="UTF-8"', 'encoding="ISO-8859-1"'),
    sheet([REGULAR_ROW]).replace(
        f'xmlns="{MAIN}"', 'xmlns="urn:lain"'),
    sheet([REGULAR_ROW]).replace(
        "</sheetData>", ""),
])
def test_what_surrounds_the_rows_decides_as_lxml_decides(xml: str) -> None:
    """A damaged sheet, or one in another encoding or namespace, is never taken for a
    regular one by looking at its rows alone."""
    with reader_with(xml) as reader:
        assert reader._scan("Data") is None
        assert outcome(lambda: list(reader.rows("Data"))) == outcome(
            lambda: list(reader._streamed("Data")))


def test_the_example_workbook_is_read_without_lxml() -> None:
    """The fast reading serves the sheets users have (a check that the tests above do
    not compare lxml with itself)."""
    with open(ROOT / "data" / "contoh-kerjasama.xlsx", "rb") as stream, \
            XlsxReader(stream) as reader:
        for title in reader.worksheets:
            assert reader._scan(title) is not None, title


# -- shared strings -------------------------------------------------------------------


def reader_with_strings(sst_xml: str) -> XlsxReader:
    """A reader of `BASE` with `sst_xml` as the XML of its shared strings."""
    return reader_with(sst_xml, "xl/sharedStrings.xml")


def strings_as_a_tree_reads_them(sst_xml: str) -> object:
    """The shared strings as the whole XML parsed into one tree gives them: what the
    reader did before it streamed them (the reference both ways are held to)."""
    with reader_with_strings(sst_xml) as reader:
        def read() -> list[str]:
            root = xlsx._parse(sst_xml.encode("utf-8"))
            return [reader._text(item) for item in root if xlsx._local(item.tag) == "si"]

        return outcome(read)


def sst(items: list[str], head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{MAIN}" count="{len(items)}"{head}>{"".join(items)}</sst>')


regular_string = st.one_of(
    texts.filter(lambda t: t.isprintable() or t == "").map(
        lambda t: f"<si><t>{_escaped(t)}</t></si>"),
    texts.filter(lambda t: t.isprintable()).map(
        lambda t: f'<si><t xml:space="preserve"> {_escaped(t)}\t\n</t></si>'),
    st.sampled_from(["<si><t>A &amp; B &lt;C&gt; &quot;D&quot; &apos;E&apos;</t></si>",
                     "<si><t>&#x41;&#66;&#10;</t></si>", "<si><t></t></si>",
                     "<si><t>Kementerian Kehakiman 법무부 司法部</t></si>"]),
)
"""A shared string as Excel and LibreOffice write most: plain text."""

ODD_STRINGS = [
    "<si><r><t>ka</t></r><r><rPr><b/></rPr><t>ya</t></r></si>",
    '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>',
    "<si><t/></si>",
    "<si><!-- catatan --><t>a</t></si>",
    "<si><t><![CDATA[a & b]]></t></si>",
    "<si><t>a & b</t></si>",
    "<si><t>&nbsp;</t></si>",
    "<si><t>&#1;</t></si>",
    "<si><t>a\r\nb</t></si>",
    "<si><t>bel\x07</t></si>",
    "<si><t>a]]>b</t></si>",
    "<si><t>a\uffffb</t></si>",
    '<si><t xml:space="preserve" xml:lang="id">a</t></si>',
    "<si><t>tidak ditutup</si>",
    "<x:si><x:t>awalan</x:t></x:si>",
    "<si><si><t>di dalam</t></si></si>",
]
"""Shared strings no common program writes plainly, or XML that is not well formed."""


@settings(max_examples=300, deadline=None)
@given(st.lists(regular_string, max_size=6))
def test_plain_shared_strings_are_read_without_lxml_as_a_tree_reads_them(
    items: list[str],
) -> None:
    xml = sst(items)
    assert xlsx._regular_strings(xml.encode("utf-8"), MAIN) is not None
    with reader_with_strings(xml) as reader:
        assert reader._shared_strings() == strings_as_a_tree_reads_them(xml)
        assert reader._streamed_strings("xl/sharedStrings.xml") == reader._shared_strings()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(regular_string, st.sampled_from(ODD_STRINGS)), max_size=6))
def test_any_shared_strings_read_or_are_refused_as_a_tree_reads_them(items: list[str]) -> None:
    xml = sst(items, ' xmlns:x="' + MAIN + '"')
    with reader_with_strings(xml) as reader:
        assert outcome(reader._shared_strings) == strings_as_a_tree_reads_them(xml)


@pytest.mark.parametrize("xml", [
    sst(["<si><t>a</t></si>"]).replace(
        "\n<sst", '\n<!DOCTYPE sst [<!ENTITY x "y">]><sst'),
    sst(["<si><t>a</t></si>"]).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
    sst(["<si><t>a</t></si>"]).replace(f'xmlns="{MAIN}"', 'xmlns="urn:lain"'),
    sst(["<si><t>a</t></si>"]).replace("</sst>", ""),
    sst(["<si><t>a</t></si>"]).replace("</sst>", "</sst><si><t>b</t></si>"),
    sst([]).replace("></sst>", "/>"),
    sst(["<si><t>a</t></si>"]).replace('count="1"', 'count="1>"'),
])
def test_what_surrounds_the_shared_strings_decides_as_a_tree_decides(xml: str) -> None:
    assert xlsx._regular_strings(xml.encode("utf-8"), MAIN) is None
    with reader_with_strings(xml) as reader:
        assert outcome(reader._shared_strings) == strings_as_a_tree_reads_them(xml)


@pytest.mark.libreoffice
def test_the_shared_strings_of_a_libreoffice_workbook_are_read_without_lxml(
    tmp_path: Path, soffice: str
) -> None:
    """LibreOffice, like Excel, keeps every text of a saved workbook as a shared string
    (a check that the tests above do not compare lxml with itself)."""
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profil", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(tmp_path / "lo"), str(ROOT / "data" / "contoh-kerjasama.xlsx")],
                   check=True, capture_output=True, timeout=120)
    saved = tmp_path / "lo" / "contoh-kerjasama.xlsx"
    with zipfile.ZipFile(saved) as archive:
        data = archive.read("xl/sharedStrings.xml")
    strings = xlsx._regular_strings(data, MAIN)
    assert strings is not None and "Kementerian Kehakiman Republik Korea" in strings
    with XlsxReader(io.BytesIO(saved.read_bytes())) as reader:
        assert reader._streamed_strings("xl/sharedStrings.xml") == strings
