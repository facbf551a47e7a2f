"""Proofs, made once when a template part is compiled, that no data can break its XML.

A rendered part is the template's own XML with values and chosen branches put in. The
values cannot break it: autoescaping writes ``& < > " '`` as references, and the
environment's ``finalize`` refuses characters XML cannot hold. What is left is the
template's structure: a ``{% if %}`` that opens in one element and closes in another, a
``{{ }}`` inside a tag's name, ``|safe``. `prove` reads the part's tokens with Jinja's
own lexer and the XML around them, and answers two questions for every possible
context at once:

- ``well_formed``: every statement block (``if``/``elif``/``else``/``endif``,
  ``for``/``endfor``, …) opens and closes at the same place in the element tree, every
  ``{{ }}`` sits in text, and no filter writes raw markup. Then whichever branches a
  render takes, the elements it removes or repeats are whole, and the result is as
  well-formed as the template. A part that is not proven is parsed after every render,
  as before.
- ``fixed_tables``: docxtpl's table fix (``fix_tables``) has nothing to do in any
  render. It widens a grid narrower than a row's cells and narrows a grid wider than
  every row. When no block sits directly in a row, every rendered row is one of the
  template's rows as written; when each table also has a row outside any block that
  fills its grid, a render can repeat or drop the other rows without changing that.
- ``plain_text``: the template's own text holds nothing docxtpl's post-processing
  rewrites (its ``{_{ }_}`` markers, a tab, a line break, ``\a`` or ``\f``). In a
  well-formed part everything else a render writes is a value, which the environment
  watches (`ksdocs.environment.watching_values`): a render whose values hold none of
  those either is left as Jinja wrote it, without scanning it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment, TemplateSyntaxError
from lxml import etree

_OPENERS = frozenset({"if", "for", "with"})
_MIDDLES = frozenset({"elif", "else"})
_UNPROVABLE = frozenset({"include", "import", "from", "extends", "autoescape", "macro", "call",
                         "filter", "block", "trans"})
"""Statements whose output is markup made elsewhere (a macro, a block, a captured
``set``), markup rewritten (``filter``), or text with escaping turned off."""
_RAW_FILTERS = frozenset({"safe", "urlize"})
"""Filters whose output is markup, not text."""
_TAG = re.compile(
    r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[|</([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"
    r"(?:\"[^\"<]*\"|'[^'<]*'))*)\s*(/?)>|<",
    re.DOTALL,
)


@dataclass(frozen=True)
class Proof:
    """What holds for every render of one part."""

    well_formed: bool
    fixed_tables: bool
    plain_text: bool = False


UNPROVEN = Proof(well_formed=False, fixed_tables=False)

LISTING_CHARS = ("\n", "\t", "\a", "\f")
"""What docxtpl's ``resolve_listing`` turns into XML: a line break, a tab, a new
paragraph, a page break."""
REWRITTEN = frozenset(("{", "}", *LISTING_CHARS))
"""Characters around which docxtpl's post-processing may rewrite a rendered part: the
braces of its markers, and the listing characters."""


class _Unproven(Exception):
    """The part's structure could not be proven; it is checked after each render."""


def prove(env: Environment, source: str, markup: frozenset[str] = frozenset()) -> Proof:
    """What can be proven of every render of the preprocessed part `source`.

    `markup` names the fields whose value is a whole element that ksdocs itself builds
    (the letterhead's emblem, ``kop.logo.gambar``): written as it is, ``{{r … }}``,
    between two tags, it keeps the part well-formed. Only ksdocs makes such values: a
    template cannot (``|safe``, macros and captured ``set`` are not proven), and
    anything else it puts in that name is escaped as text."""
    try:
        return _Walk(markup).run(env, source)
    except (_Unproven, TemplateSyntaxError):
        return UNPROVEN


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _dotted(tokens: list[tuple[str, str]]) -> str:
    """``kop.logo.gambar`` for the tokens of exactly that name; "" for anything else
    (a filter, a call, an operator)."""
    names = [value for kind, value in tokens[::2]]
    if (all(kind == "name" for kind, _ in tokens[::2])
            and all(token == ("operator", ".") for token in tokens[1::2]) and len(tokens) % 2):
        return ".".join(names)
    return ""


class _Walk:
    """One pass over a part's tokens, keeping the open elements and the open blocks."""

    def __init__(self, markup: frozenset[str]) -> None:
        self.markup = markup
        self.elements: list[str] = []
        self.blocks: list[tuple[str, tuple[str, ...]]] = []
        self.literal: list[str] = []
        """The part's XML without its Jinja: every branch and loop body once."""
        self.tables: list[int] = []
        """For each open table, how many blocks were open when it began."""
        self.static_rows: list[bool] = []
        """For each row in order, whether it is outside every block of its table."""
        self.fixed_tables = True

    def run(self, env: Environment, source: str) -> Proof:
        statement: list[tuple[str, str]] = []
        in_statement = in_variable = in_text = False
        for _line, kind, value in env.lex(source):
            if kind == "data":
                self._data(value)
            elif kind == "block_begin":
                in_statement, statement = True, []
            elif kind == "block_end":
                in_statement = False
                self._statement(statement)
            elif kind == "variable_begin":
                in_variable, statement = True, []
                in_text = bool(self.elements) and self.elements[-1] == "w:t"
            elif kind == "variable_end":
                in_variable = False
                if not in_text and _dotted(statement) not in self.markup:
                    raise _Unproven("a value outside the text of a run")
            elif kind == "whitespace":
                continue
            elif in_statement or in_variable:
                statement.append((kind, value))
                if (kind == "name" and value in _RAW_FILTERS and len(statement) > 1
                        and statement[-2] == ("operator", "|")):
                    raise _Unproven(f"the {value} filter writes markup")
        if self.elements or self.blocks:
            raise _Unproven("elements or blocks left open")
        literal = "".join(self.literal)
        return Proof(well_formed=True,
                     fixed_tables=self.fixed_tables and self._rows_fill_their_grids(),
                     plain_text=not any(c in literal for c in REWRITTEN))

    def _rows_fill_their_grids(self) -> bool:
        """No row has more cells than its grid, and a row outside every block fills it."""
        if not self.static_rows:
            return True
        try:
            root = etree.fromstring("".join(self.literal).encode("utf-8"))
        except etree.XMLSyntaxError:
            return False
        rows = iter(self.static_rows)
        for table in root.iter(_W + "tbl"):
            grid = table.find(_W + "tblGrid")
            if grid is None:
                return False
            columns = len(grid.findall(_W + "gridCol"))
            filled = False
            for row in table.iter(_W + "tr"):
                cells = row.findall(_W + "tc")
                if len(cells) > columns:
                    return False
                spans = (cell.find(f"{_W}tcPr/{_W}gridSpan") for cell in cells)
                width = sum(int(span.get(_W + "val", "1")) if span is not None else 1
                            for span in spans)
                filled = filled or (next(rows) and width >= columns)
            if not filled:
                return False
        return True

    def _data(self, text: str) -> None:
        self.literal.append(text)
        for match in _TAG.finditer(text):
            closing, opening, _attributes, empty = match.groups()
            token = match.group(0)
            if token.startswith(("<!--", "<?")):
                continue
            if closing:
                if not self.elements or self.elements.pop() != closing:
                    raise _Unproven(f"</{closing}> closes another element")
                if closing == "w:tbl":
                    self.tables.pop()
            elif opening:
                if not empty:
                    self.elements.append(opening)
                if opening == "w:tbl" and not empty:
                    if self.tables:
                        self.fixed_tables = False  # docxtpl counts nested rows outside
                    self.tables.append(len(self.blocks))
                elif opening == "w:tr" and self.tables:
                    self.static_rows.append(len(self.blocks) == self.tables[-1])
            else:
                raise _Unproven("a tag the template writes in pieces")

    def _statement(self, tokens: list[tuple[str, str]]) -> None:
        if not tokens or tokens[0][0] != "name":
            raise _Unproven("an unnamed statement")
        keyword = tokens[0][1]
        here = tuple(self.elements)
        if keyword in _UNPROVABLE:
            raise _Unproven(f"{{% {keyword} %}}")
        if keyword == "set" and ("operator", "=") not in tokens:
            raise _Unproven("{% set %} capturing markup")
        if keyword in _OPENERS:
            if here and here[-1] == "w:tr":
                self.fixed_tables = False
            self.blocks.append((keyword, here))
        elif keyword in _MIDDLES or keyword.startswith("end"):
            if not self.blocks or self.blocks[-1][1] != here:
                raise _Unproven(f"{{% {keyword} %}} in another element than its block")
            if keyword.startswith("end"):
                self.blocks.pop()
