"""The cells of an .xlsx, streamed straight from its XML: the values openpyxl's read-only
mode gives, several times faster.

A workbook of thousands of partners is read once per `validate` and once per
`generate`; openpyxl builds a Python object for every cell and every rich-text run,
which made reading most of the time of validating. This reader walks each sheet's rows
with lxml, keeps only the values, and turns them into what openpyxl returns: shared and
inline strings as text, numbers as int or float, numbers in a date format as
`datetime` (or `time`, `timedelta`), booleans, and error values (``#N/A``) as text.
It reads ordinary and Strict Open XML alike, since it matches elements by local name.

Most sheets are read faster still without building an element per cell: a sheet whose
XML is as Excel, LibreOffice and openpyxl write it is read with regular expressions
that must account for every character of its rows (`_regular_rows`, `_CELL_OR_OTHER`).
Anything else in it (a comment, a CDATA section, an attribute in another order, a
character XML forbids) sends the whole sheet through lxml, which reads it, or refuses
it, as before.
The shared strings are read so too when each is a plain text (`_regular_strings`).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import IO

from lxml import etree

from ksdocs.excel import (
    BUILTIN_DATE_FORMATS,
    LAST_ROW,
    LONGEST_FORMAT,
    MAC_EPOCH,
    WINDOWS_EPOCH,
    column_index,
    from_iso,
    from_serial,
    is_date_format,
    is_duration_format,
)

CellValue = str | int | float | bool | datetime | date | time | timedelta | None

_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_RELATIONSHIP_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


class XlsxReader:
    """One open .xlsx: its worksheet names, and each worksheet's rows of values."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._archive = zipfile.ZipFile(stream)
        workbook = _parse(self._archive.read("xl/workbook.xml"))
        namespace = str(workbook.tag).rpartition("}")[0] + "}"
        self._c, self._v, self._is, self._f, self._t = (
            namespace + name for name in ("c", "v", "is", "f", "t"))
        self.date1904 = any(
            _local(element.tag) == "workbookPr"
            and element.get("date1904", "0").lower() in ("1", "true")
            for element in workbook.iter()
        )
        self.worksheets = self._worksheet_parts(workbook)
        """Sheet name → zip member, for worksheets only (chart sheets are left out)."""
        self._strings: list[str] | None = None
        self._dates, self._durations = self._date_styles()
        self._scanned_formulas: dict[str, dict[str, str]] = {}
        """Sheet name → its formulas, found while `_scan` read its rows."""

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> XlsxReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def part_size(self, title: str) -> int:
        """The bytes of sheet `title`'s XML."""
        return self._archive.getinfo(self.worksheets[title]).file_size

    def rows(self, title: str) -> Iterator[tuple[CellValue, ...]]:
        """Every row of sheet `title` from row 1, as openpyxl's ``iter_rows(values_only=
        True)`` gives them: missing rows as ``()``, missing cells as None."""
        scanned = self._scan(title)
        return iter(scanned) if scanned is not None else self._streamed(title)

    def _streamed(self, title: str) -> Iterator[tuple[CellValue, ...]]:
        """`rows`, read by lxml element by element."""
        expected = 1
        cells = 0
        columns: dict[str, int] = {}
        shared = self._shared_strings()
        v_tag, is_tag, t_tag = self._v, self._is, self._t
        for count, row in enumerate(self._elements(title, "row"), start=1):
            number = _within_excel(int(row.get("r") or expected), count)
            while expected < number:
                yield ()
                expected += 1
            values: list[CellValue] = []
            for cell in row.iterchildren(self._c):
                reference = cell.get("r")
                column = _column(columns, reference.rstrip("0123456789")) if reference else 0
                # The common cells, a string shared or inline, without a call.
                kind = cell.get("t")
                child = cell[0] if len(cell) == 1 else None
                value: CellValue
                if kind == "s" and child is not None and child.tag == v_tag and child.text:
                    value = shared[int(child.text)]
                elif (kind == "inlineStr" and child is not None and child.tag == is_tag
                      and len(child) == 1 and child[0].tag == t_tag):
                    value = child[0].text or ""
                else:
                    value = self._value(cell)
                    if value is None and column:
                        continue  # `_scan`'s blank cell (without its place, it keeps one)
                if column:
                    _pad(values, column)
                values.append(value)
            cells = _within_budget(cells + len(values), title)
            yield _trimmed(values)
            expected = number + 1

    def _scan(self, title: str) -> list[tuple[CellValue, ...]] | None:
        """Every row of sheet `title`, read with regular expressions when the whole sheet
        is regular (`_regular_rows`); None when it is not, or too large to hold whole."""
        member = self.worksheets[title]
        if self._archive.getinfo(member).file_size > _SCAN_MOST:
            return None
        with self._archive.open(member) as part:
            data = part.read(_SCAN_MOST + 1)
        rows = _regular_rows(data, self._c[1:-2]) if len(data) <= _SCAN_MOST else None
        if rows is None:
            return None
        try:
            return self._regular_values(title, rows)
        except Exception:
            # A fault is refused here only in a sheet regular throughout; else lxml reads
            # it, and may refuse it first for a fault further on (a broken tag).
            if all(_CELLS.fullmatch(content) for _attributes, content in rows):
                raise
            return None

    def _regular_values(
        self, title: str, rows: list[tuple[str, str]]
    ) -> list[tuple[CellValue, ...]] | None:
        """`_scan`'s rows read; None at the first row holding anything but regular cells."""
        found: list[tuple[CellValue, ...]] = []
        formulas: dict[str, str] = {}
        columns: dict[str, int] = {}
        shared = self._shared_strings()
        expected = 1
        cells = 0
        for attributes, content in rows:  # (no more than Excel has: `_regular_rows`)
            if "<f" in content:  # (only a formula's tag starts so in a regular row)
                formulas.update((reference, f"={_unescape(text or '')}")
                                for reference, text in _FORMULA.findall(content))
            number = _within_excel(_row_number(attributes, expected), 0)
            found.extend(() for _ in range(number - expected))
            values: list[CellValue] = []
            for (letters, style, kind, v_tag, raw, is_tag, text,
                 other) in _CELL_OR_OTHER.findall(content):
                if other:  # a character of the row outside any regular cell
                    return None
                if is_tag:
                    value: CellValue = _unescape(text) if "&" in text else text
                elif kind == "s" and raw:
                    value = shared[int(raw)]
                else:
                    value = self._converted(kind, _unescape(raw) if v_tag else None, style)
                    if value is None:
                        # A blank cell (kept by Excel for its format) reads as a missing
                        # one: not padded up to, however far right it is (`MOST_CELLS`).
                        continue
                column = columns.get(letters) or _column(columns, letters)
                if column - 1 > len(values):
                    _pad(values, column)
                values.append(value)
            cells = _within_budget(cells + len(values), title)
            found.append(tuple(values))  # (it ends at a value: blanks are not appended)
            expected = number + 1
        self._scanned_formulas[title] = formulas
        return found

    def formulas(self, title: str) -> dict[str, str]:
        """Reference → formula of every cell of sheet `title` that holds one: found
        while its rows were read, when `rows` read it with regular expressions; else
        looked for in its XML."""
        scanned = self._scanned_formulas.get(title)
        if scanned is not None:
            return scanned
        if not self._holds_formula(title):
            return {}
        found: dict[str, str] = {}
        for row in self._elements(title, "row"):
            for cell in row.iterchildren(self._c):
                for child in cell.iterchildren(self._f):
                    if cell.get("r"):
                        found[str(cell.get("r"))] = f"={child.text or ''}"
        return found

    def _holds_formula(self, title: str) -> bool:
        """Whether sheet `title`'s XML has a formula element anywhere (most have none,
        and then need no second reading)."""
        with self._archive.open(self.worksheets[title]) as part:
            tail = b""
            while chunk := part.read(1 << 20):
                if _FORMULA_TAG.search(tail + chunk):
                    return True
                tail = chunk[-16:]
        return False

    def _elements(self, title: str, name: str) -> Iterator[etree._Element]:
        with self._archive.open(self.worksheets[title]) as part:
            for _event, element in etree.iterparse(
                part, events=("end",), tag=f"{{*}}{name}", resolve_entities=False,
                no_network=True,
            ):
                yield element
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]

    def _value(self, cell: etree._Element) -> CellValue:
        raw: str | None = None
        for child in cell:
            if child.tag == self._v:
                raw = child.text or ""
            elif child.tag == self._is:
                return self._text(child)
        return self._converted(cell.get("t", "n"), raw, cell.get("s", "0"))

    def _converted(self, kind: str, raw: str | None, style: str) -> CellValue:
        """The value of a cell of type `kind` (``t``, ``n`` when empty) and `style`
        (``s``) from its ``v`` (`raw`, None without one); a cell with an inline string is
        its text, read by the caller."""
        kind = kind or "n"
        if raw is None or (raw == "" and kind not in ("str", "inlineStr")):
            return None
        if kind == "s":
            return self._shared_strings()[int(raw)]
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind in ("str", "e", "inlineStr"):
            return raw
        if kind == "d":
            return from_iso(raw)
        number: int | float = float(raw) if any(c in raw for c in ".eE") else int(raw)
        style_index = int(style or "0")
        if style_index in self._dates:
            return from_serial(number, MAC_EPOCH if self.date1904 else WINDOWS_EPOCH,
                               duration=style_index in self._durations)
        return number

    def _shared_strings(self) -> list[str]:
        """The workbook's shared strings: read with a regular expression when every one
        is a plain text (`_regular_strings`), else streamed through lxml."""
        if self._strings is None:
            self._strings = []
            member = self._member("sharedStrings")
            if member is not None:
                strings = None
                if self._archive.getinfo(member).file_size <= _SCAN_MOST:
                    strings = _regular_strings(self._archive.read(member), self._c[1:-2])
                self._strings = strings if strings is not None else self._streamed_strings(
                    member)
        return self._strings

    def _streamed_strings(self, member: str) -> list[str]:
        """The shared strings of part `member` (each ``si`` of its root), read by lxml
        one by one; each is cleared once read, with those before it."""
        strings: list[str] = []
        with self._archive.open(member) as part:
            for _event, item in etree.iterparse(
                part, events=("end",), tag="{*}si", resolve_entities=False, no_network=True,
            ):
                parent = item.getparent()
                if parent is None or parent.getparent() is not None:
                    continue  # (an si within an si is part of that one's text)
                strings.append(self._text(item))
                item.clear()
                while item.getprevious() is not None:
                    del parent[0]
        return strings

    def _date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """Indices of the cell styles whose number format is a date, and those of them
        that are durations (``[h]:mm``)."""
        member = self._member("styles")
        if member is None:
            return frozenset(), frozenset()
        root = _parse(self._archive.read(member))
        formats: dict[int, str] = dict(BUILTIN_DATE_FORMATS)
        dates: set[int] = set()
        durations: set[int] = set()
        for element in root.iter():
            if _local(element.tag) == "numFmt":
                code = element.get("formatCode", "")
                if len(code) > LONGEST_FORMAT:
                    raise ValueError(f"format angka {code[:20]}… lebih dari {LONGEST_FORMAT} "
                                     "karakter, lebih panjang dari yang dapat dibuat Excel")
                formats[int(element.get("numFmtId", "0"))] = code
        for section in root:
            if _local(section.tag) != "cellXfs":
                continue
            for index, xf in enumerate(item for item in section if _local(item.tag) == "xf"):
                code = formats.get(int(xf.get("numFmtId", "0")), "")
                if code and is_date_format(code):
                    dates.add(index)
                    if is_duration_format(code):
                        durations.add(index)
        return frozenset(dates), frozenset(durations)

    def _member(self, kind: str) -> str | None:
        """The zip member the workbook's relationships name for `kind` (``styles``)."""
        for _id, member, relationship in self._relationships():
            if relationship.endswith("/" + kind):
                return member
        return None

    def _relationships(self) -> list[tuple[str, str, str]]:
        """(id, zip member, relationship type) of every part the workbook refers to."""
        name = "xl/_rels/workbook.xml.rels"
        if name not in self._archive.namelist():
            return []
        found = []
        for element in _parse(self._archive.read(name)):
            target = element.get("Target", "")
            member = (target.lstrip("/") if target.startswith("/")
                      else posixpath.normpath(posixpath.join("xl", target)))
            found.append((element.get("Id", ""), member, element.get("Type", "")))
        return found

    def _worksheet_parts(self, workbook: etree._Element) -> dict[str, str]:
        targets = {identifier: member for identifier, member, relationship
                   in self._relationships() if relationship.endswith("/worksheet")}
        parts: dict[str, str] = {}
        for element in workbook.iter():
            if _local(element.tag) != "sheet":
                continue
            relationship = element.get(_RELATIONSHIP_ID) or element.get(_STRICT_RELATIONSHIP_ID)
            if relationship in targets:
                parts[element.get("name", "")] = targets[relationship]
        return parts

    def _text(self, item: etree._Element) -> str:
        """The text of a shared or inline string: its ``t``, or its runs' ``t``, without
        the phonetic guides (``rPh``)."""
        first = item[0] if len(item) == 1 else None
        if first is not None and first.tag == self._t:
            return first.text or ""
        pieces = []
        for element in item.iter(self._t):
            if _local(element.getparent().tag) in ("si", "is", "r"):
                pieces.append(element.text or "")
        return "".join(pieces)


def _column(columns: dict[str, int], letters: str) -> int:
    """The column number of `letters`, remembered in `columns`."""
    column = columns.get(letters)
    if column is None:
        column = columns[letters] = column_index(letters)
    return column


def _pad(values: list[CellValue], column: int) -> None:
    """Blanks up to the cell before `column`, for the cells a row leaves out."""
    if column - 1 > len(values):
        values.extend([None] * (column - 1 - len(values)))


def _trimmed(values: list[CellValue]) -> tuple[CellValue, ...]:
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


_SCAN_MOST = 32 << 20
"""Bytes of a sheet's XML up to which it may be read with regular expressions, held
whole (about 20,000 partners); a larger sheet is streamed through lxml."""

_ODD_CHARACTERS = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x0D, 0xFFFE, 0xFFFF]
"""The characters XML 1.0 forbids, and the carriage return its parsers turn into a line
feed: a sheet or shared strings holding one are left to lxml."""
_ODD = "".join(f"\\u{code:04x}" for code in _ODD_CHARACTERS)
"""`_ODD_CHARACTERS` within a regular expression's character class."""
_TEXT = f"[^<{_ODD}]*"
"""Character data without markup or an `_ODD` character."""
_VALUE = f'[^<"{_ODD}]*'
"""The same within an attribute's quotes."""

_CELL = re.compile(
    f'<c r="([A-Z]{{1,3}})[1-9][0-9]*"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
    f'(?:/>|>(?:<f(?: t="[a-z]+")?(?: ref="[A-Z0-9:]+")?(?: ca="[01]")?(?: si="[0-9]+")?'
    f'(?:/>|>{_TEXT}</f>))?'
    f'(?:(<v>)({_TEXT})</v>|(<is>)<t(?: xml:space="preserve")?>({_TEXT})</t></is>)?</c>)'
)
"""One cell as Excel, LibreOffice and openpyxl write nearly all of them: its reference,
style and type in that order; a formula, if any; then its value or inline string. The
groups: letters, style, type, ``<v>`` when there is a value, the value, ``<is>`` when
there is an inline string, its text."""

_FORMULA = re.compile(f'<c r="([A-Z]{{1,3}}[1-9][0-9]*)"[^>]*><f[^>]*?(?:/>|>({_TEXT})</f>)')
"""The reference and formula text of a cell of a regular row (`_CELL`) that holds one."""
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
"""A formula element's start, in any sheet's XML."""

_SPACE = " \t\n"
"""The white space XML may put between a sheet's rows and cells (a carriage return is
one of `_ODD_CHARACTERS`)."""
_WHITE = f"[{_SPACE}]*"
_CELL_OR_OTHER = re.compile(f"{_CELL.pattern}|([^{_SPACE}])")
"""A regular cell (`_CELL`'s groups), or any other character but white space (the last
group): the cells of a row and the proof that nothing else is there, in one pass."""
_CELLS = re.compile(f"(?:{_WHITE}{_CELL.pattern})*{_WHITE}")
"""Regular cells only, from end to end of a row."""
_ROW_START = re.compile(f'{_WHITE}<row((?: (?!xmlns)[A-Za-z_][-\\w.:]*="{_VALUE}")*)(/?)>')
_ROW_NUMBER = re.compile(r'(?:^| )r="([^"]*)"')
_SHEET_DATA = re.compile(r"<sheetData(/?)>")
_STRING = re.compile('<si><t(?: xml:space="preserve")?>([^<]*)</t></si>')
_ODD_BYTES = bytes(code for code in _ODD_CHARACTERS if code < 0x80)
"""The `_ODD_CHARACTERS` that UTF-8 writes as one byte; the others as `_ODD_SEQUENCES`."""
_ODD_SEQUENCES = tuple(chr(code).encode("utf-8") for code in _ODD_CHARACTERS if code >= 0x80)
"""The `_ODD_CHARACTERS` that UTF-8 writes as several bytes, as it writes them."""
_SST = re.compile(r"<sst(?: [^<>]*)?>")
_ENCODING = re.compile(rb"""<\?xml[^>]*\bencoding=["']([^"']*)["']""")
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_BAD_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _regular_rows(data: bytes, namespace: str) -> list[tuple[str, str]] | None:
    """(attributes, cells) of every row of the worksheet XML `data`, when all of it is
    regular: UTF-8, its ``sheetData`` in the default namespace `namespace`, every row
    matched by `_ROW_START` end to end, no forbidden character, and no reference but
    XML's own. What is around ``sheetData`` is parsed by lxml, so a damaged sheet is
    still refused. None when any of it is not so. The cells of each row are proven
    regular as they are read (`_CELL_OR_OTHER`)."""
    text = _utf8_text(data)
    if text is None:
        return None
    found = _SHEET_DATA.search(text)
    if found is None:
        return None
    start = found.end()
    end = start if found[1] else text.find("</sheetData>", start)
    if end < 0:
        return None
    prefixes = _regular_outside(text[:found.start()] + text[end + 12 * (not found[1]):],
                                namespace)
    if prefixes is None:
        return None
    rows: list[tuple[str, str]] = []
    position = start
    while row := _ROW_START.match(text, position, end):
        if len(rows) == LAST_ROW:
            return None  # (more rows than Excel has: lxml streams them, and refuses them)
        attributes = row[1]
        if ((attributes.count("=") > 1 or ":" in attributes)
                and _irregular_attributes(attributes, prefixes)):
            return None
        if row[2]:  # <row .../>
            content, position = "", row.end()
        else:
            close = text.find("</row>", row.end(), end)
            if close < 0:
                return None
            content, position = text[row.end():close], close + 6
        rows.append((attributes, content))
    return rows if not text[position:end].strip(_SPACE) else None


def _regular_strings(data: bytes, namespace: str) -> list[str] | None:
    """Every shared string of the XML `data`, when every one is a plain text as Excel and
    LibreOffice write most (``<si><t>…</t></si>``, no runs, no phonetic guide) and what
    surrounds them is well formed (`_regular_outside`); None when not so."""
    text = _utf8_text(data)
    if text is None:
        return None
    found = _SST.search(text)
    end = text.rfind("</sst>")
    if found is None or end < found.end():
        return None
    if _regular_outside(text[:found.end()] + text[end:], namespace) is None:
        return None
    if _holds_odd(data):
        return None
    body = text[found.end():end]
    strings = _STRING.findall(body)
    # Each plain string has four tags; any other markup (a run, a comment) would add some.
    # What may lie between the strings is text, which a tree of them ignores too.
    if body.count("<") != 4 * len(strings):
        return None
    return [_unescape(string) if "&" in string else string for string in strings]


def _holds_odd(data: bytes) -> bool:
    """Whether the UTF-8 `data` holds one of `_ODD_CHARACTERS` (looked for in the bytes:
    a regular expression's class is ten times slower over megabytes of text)."""
    return (len(data.translate(None, _ODD_BYTES)) != len(data)
            or any(sequence in data for sequence in _ODD_SEQUENCES))


def _utf8_text(data: bytes) -> str | None:
    """`data` as text, when it is UTF-8 with no reference but XML's own and none to a
    character XML forbids; None when not so."""
    declared = _ENCODING.match(data, 3 if data.startswith(b"\xef\xbb\xbf") else 0)
    if declared is not None and declared[1].lower() not in (b"utf-8", b"utf8"):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _BAD_AMPERSAND.search(text) or "]]>" in text:  # (XML allows neither in text)
        return None
    if "&#" in text and any(not _allowed(code) for code in _character_references(text)):
        return None
    return text


def _regular_outside(text: str, namespace: str) -> frozenset[str] | None:
    """The namespace prefixes declared by a part's XML without its rows or strings (a
    worksheet without its ``sheetData``, shared strings without their ``si``), when it
    is well formed, without a document type, with `namespace` as its default one and no
    other ``row``; None when it is not so."""
    if "<!DOCTYPE" in text:
        return None
    try:
        root = _parse(text.encode("utf-8"))
    except etree.XMLSyntaxError:
        return None
    if root.nsmap.get(None) != namespace or next(root.iter("{*}row"), None) is not None:
        return None
    return frozenset(prefix for prefix in root.nsmap if prefix) | {"xml"}


def _character_references(text: str) -> Iterator[int]:
    for match in _REFERENCE.finditer(text):
        if match[2] or match[3]:
            yield int(match[2]) if match[2] else int(match[3], 16)


def _allowed(code: int) -> bool:
    """Whether XML 1.0 allows character `code`."""
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def _unescape(text: str) -> str:
    """XML's character and entity references (``&amp;``, ``&#10;``) as the characters
    they stand for (`_regular_rows` has let through only those)."""
    if "&" not in text:
        return text
    return _REFERENCE.sub(
        lambda match: _NAMED[match[1]] if match[1]
        else chr(int(match[2]) if match[2] else int(match[3], 16)), text)


def _irregular_attributes(attributes: str, prefixes: frozenset[str]) -> bool:
    """Whether a row's attributes name one twice, or use a namespace prefix the sheet
    does not declare (not well formed: lxml refuses both)."""
    names = _ATTRIBUTE_NAME.findall(attributes)
    return len(set(names)) < len(names) or any(
        name.partition(":")[0] not in prefixes for name in names if ":" in name)


_ATTRIBUTE_NAME = re.compile(r' ([^=]+)=')


MOST_CELLS = 20_000_000
"""The most cells one sheet's rows may span, counting the blanks up to each row's last
value: 20,000 partners with their 40 columns are 800,000. A value in column ZZZ of every
row spans 18,278 cells a row, and a file of a few hundred kilobytes holding such rows
would take the memory of the machine. (Blank cells that Excel keeps for their format
span nothing: a row ends at its last value.)"""


def _within_budget(cells: int, title: str) -> int:
    """`cells`, when within `MOST_CELLS`; `ValueError` naming sheet `title` when not."""
    if cells > MOST_CELLS:
        raise ValueError(f"lembar {title} mencakup lebih dari {MOST_CELLS} sel")
    return cells


def _within_excel(number: int, count: int) -> int:
    """`number`, a row's, when neither it nor `count`, the rows read so far, is past
    Excel's last row: no workbook has such a row, and padding up to it, from a few bytes
    of a damaged or hostile file, would take hours. `ValueError` when one is."""
    if number > LAST_ROW or count > LAST_ROW:
        raise ValueError(f"baris {max(number, count)} melampaui baris terakhir Excel, "
                         f"baris {LAST_ROW}")
    return number


def _row_number(attributes: str, expected: int) -> int:
    number = _ROW_NUMBER.search(attributes)
    return int(number[1] or expected) if number else expected
