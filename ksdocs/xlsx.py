"""The cells of an .xlsx, streamed straight from its XML: the values openpyxl's read-only
mode gives, several times faster.

A workbook of thousands of partners is read once per `validate` and once per
`generate`; openpyxl builds a Python object for every cell and every rich-text run,
which made reading most of the time of validating. This reader walks each sheet's rows
with lxml, keeps only the values, and turns them into what openpyxl returns: shared and
inline strings as text, numbers as int or float, numbers in a date format as
`datetime` (or `time`, `timedelta`), booleans, and error values (``#N/A``) as text.
It reads ordinary and Strict Open XML alike, since it matches elements by local name.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import IO

from lxml import etree

from ksdocs.excel import (
    BUILTIN_DATE_FORMATS,
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
        expected = 1
        columns: dict[str, int] = {}
        shared = self._shared_strings()
        v_tag, is_tag, t_tag = self._v, self._is, self._t
        for row in self._elements(title, "row"):
            number = int(row.get("r") or expected)
            while expected < number:
                yield ()
                expected += 1
            values: list[CellValue] = []
            for cell in row.iterchildren(self._c):
                reference = cell.get("r")
                if reference:
                    letters = reference.rstrip("0123456789")
                    column = columns.get(letters)
                    if column is None:
                        column = columns[letters] = column_index(letters)
                    if column - 1 > len(values):
                        values.extend([None] * (column - 1 - len(values)))
                # The common cells, a string shared or inline, without a call.
                kind = cell.get("t")
                child = cell[0] if len(cell) == 1 else None
                if kind == "s" and child is not None and child.tag == v_tag and child.text:
                    values.append(shared[int(child.text)])
                elif (kind == "inlineStr" and child is not None and child.tag == is_tag
                      and len(child) == 1 and child[0].tag == t_tag):
                    values.append(child[0].text or "")
                else:
                    values.append(self._value(cell))
            while values and values[-1] is None:
                values.pop()
            yield tuple(values)
            expected = number + 1

    def formulas(self, title: str) -> dict[str, str]:
        """Reference → formula of every cell of sheet `title` that holds one."""
        found: dict[str, str] = {}
        for row in self._elements(title, "row"):
            for cell in row.iterchildren(self._c):
                for child in cell.iterchildren(self._f):
                    if cell.get("r"):
                        found[str(cell.get("r"))] = f"={child.text or ''}"
        return found

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
        kind = cell.get("t", "n")
        raw: str | None = None
        for child in cell:
            if child.tag == self._v:
                raw = child.text or ""
            elif child.tag == self._is:
                return self._text(child)
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
        style = int(cell.get("s", "0"))
        if style in self._dates:
            return from_serial(number, MAC_EPOCH if self.date1904 else WINDOWS_EPOCH,
                               duration=style in self._durations)
        return number

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            member = self._member("sharedStrings")
            if member is not None:
                root = _parse(self._archive.read(member))
                self._strings = [self._text(item) for item in root if _local(item.tag) == "si"]
        return self._strings

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
                formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
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
