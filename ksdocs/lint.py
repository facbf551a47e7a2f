"""Lint a user's template against the fields ksdocs provides (`context.FIELDS`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from ksdocs.context import FIELDS
from ksdocs.environment import make_environment
from ksdocs.errors import TemplateProblem
from ksdocs.formatting import DATE_FILTERS
from ksdocs.render import (
    CORE_PROPERTIES,
    UNRENDERED_PART,
    has_tags,
    open_docx,
    tagged_sources,
    tags_left_unrendered,
)
from ksdocs.template_errors import blank_date_message, describe, place_of_line, problem, shorten

FieldPath = tuple[str, ...]
"""``("ruang_lingkup", "[]", "teks")`` for the field ``ruang_lingkup[].teks``."""


def _field_path(key: str) -> FieldPath:
    segments: list[str] = []
    for segment in key.split("."):
        if segment.endswith("[]"):
            segments += [segment[:-2], "[]"]
        else:
            segments.append(segment)
    return tuple(segments)


def _field_key(path: FieldPath) -> str:
    return "".join(s if s == "[]" else f".{s}" for s in path).lstrip(".")


_LEAVES = {_field_path(key): key for key in FIELDS}
OPTIONAL_DATES = frozenset(key for key, source in FIELDS.items()
                           if "tanggal atau kosong" in source)
"""Fields that hold a date or nothing: a date filter on them needs an ``if``."""
_KNOWN = {path[:i] for path in _LEAVES for i in range(1, len(path) + 1)}
_CONTAINER_METHODS = {"items", "keys", "values", "get"}


@dataclass(frozen=True)
class TemplateIssue:
    """One problem `check_template` found: where it is and what is wrong."""

    template: str
    part: str
    place: str
    message: str

    def __str__(self) -> str:
        return str(problem(self.template, self.part, self.place, self.message))


Scope = dict[str, FieldPath | None]
"""Local names → the field path they stand for, or None for anything (a ``set`` of a
computed value, a macro argument)."""


class _FieldWalker:
    """Walks a template's AST: every variable path checked against `FIELDS`, loop
    variables mapped to list items (``item`` in ``for item in ruang_lingkup`` is
    ``ruang_lingkup[]``), filters and tests checked against the environment's."""

    def __init__(self, env: SandboxedEnvironment) -> None:
        self.env = env
        self.unknown: list[tuple[int, str]] = []
        self.used: set[str] = set()
        self.guarded: set[str] = set()
        """Fields an enclosing ``if`` has tested, so known not to be blank here."""

    def visit(self, node: nodes.Node, scope: Scope) -> None:
        internal = _internal_attribute(node)
        if internal is not None:
            self.unknown.append((node.lineno, f"atribut '{internal}' tidak diizinkan: "
                                 "templat tidak boleh menjangkau bagian dalam Python"))
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self._expression(node, scope)
        elif isinstance(node, nodes.Call):
            self._call(node, scope)
        elif isinstance(node, nodes.Filter | nodes.Test):
            self._filter_or_test(node, scope)
        elif isinstance(node, nodes.For):
            self._for(node, scope)
        elif isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            self._bind(node.target, self._resolve(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self._visit_all(node.body, dict(scope))
            self._bind(node.target, None, scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.visit(value, scope)
                self._bind(target, self._resolve(value, scope), inner)
            self._visit_all(node.body, inner)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            self._macro(node, scope)
        elif isinstance(node, nodes.If):
            self._branches(node.test, node.body, [*node.elif_, *node.else_], scope)
        elif isinstance(node, nodes.CondExpr):
            self._branches(node.test, [node.expr1],
                           [node.expr2] if node.expr2 is not None else [], scope)
        else:
            self._visit_all(node.iter_child_nodes(), scope)

    def _branches(self, test: nodes.Node, then: list[nodes.Node], otherwise: list[nodes.Node],
                  scope: Scope) -> None:
        """An ``if`` (or ``x if test else y``): the fields `test` names are not blank in
        `then`, or in `otherwise` when `test` is ``not field``."""
        self.visit(test, scope)
        negated = isinstance(test, nodes.Not)
        tested = self._tested(test.node if isinstance(test, nodes.Not) else test, scope)
        for branch, guards in ((then, set() if negated else tested),
                               (otherwise, tested if negated else set())):
            before = self.guarded
            self.guarded = before | guards
            self._visit_all(branch, scope)
            self.guarded = before

    def _tested(self, test: nodes.Node, scope: Scope) -> set[str]:
        found = set()
        for access in [test, *test.find_all((nodes.Name, nodes.Getattr, nodes.Getitem))]:
            path = self._resolve(access, scope)
            if path is not None:
                found.add(_field_key(path))
        return found

    def _visit_all(self, children: Any, scope: Scope) -> None:
        for child in children:
            self.visit(child, scope)

    def _chain(self, node: nodes.Node) -> tuple[nodes.Name, list[str]] | None:
        """The variable and the attributes/constant items of an access like
        ``mitra.nama`` or ``ruang_lingkup[0].teks``; None when not that simple."""
        segments: list[str] = []
        while True:
            if isinstance(node, nodes.Name):
                return node, segments[::-1]
            if isinstance(node, nodes.Getattr):
                segments.append(node.attr)
            elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                key = node.arg.value
                segments.append(key if isinstance(key, str) else "[]")
            else:
                return None
            node = node.node

    def _resolve(self, node: nodes.Node, scope: Scope) -> FieldPath | None:
        """The field path an expression stands for, when it is a plain access."""
        chain = self._chain(node)
        if chain is None:
            return None
        name, segments = chain
        if name.name in scope:
            base = scope[name.name]
            return None if base is None else base + tuple(segments)
        return (name.name, *segments)

    def _expression(self, node: nodes.Expr, scope: Scope) -> None:
        chain = self._chain(node)
        if chain is None:  # e.g. mitra[key]: check mitra, and key
            self._visit_all(node.iter_child_nodes(), scope)
            return
        name, segments = chain
        if name.name in scope:
            base = scope[name.name]
            if base is not None:
                self._check(base + tuple(segments), [name.name, *segments], node.lineno,
                            bound=True)
        elif name.name not in self.env.globals:
            self._check((name.name, *segments), [name.name, *segments], node.lineno)

    def _check(self, path: FieldPath, written: list[str], lineno: int,
               bound: bool = False) -> None:
        """Report the first segment of `path` that no field has; note the fields used.

        `written` is the access as the template spells it, its first segment a local
        name bound to the start of `path` when `bound`."""
        offset = len(path) - len(written)
        for i in range(1, len(path) + 1):
            prefix = path[:i]
            if prefix in _LEAVES:
                self.used.add(_LEAVES[prefix])
                return
            if prefix not in _KNOWN:
                shown = _field_key(tuple(written[: max(i - offset, 1)]))
                message = f"variabel '{shown}'"
                if bound:
                    message += f" ({_field_key(prefix)})"
                self.unknown.append((lineno, message + " tidak dikenal"))
                return

    def _call(self, node: nodes.Call, scope: Scope) -> None:
        func = node.node
        if isinstance(func, nodes.Getattr) and func.attr in _CONTAINER_METHODS:
            self.visit(func.node, scope)  # mitra.items(): check mitra only
        else:
            self.visit(func, scope)
        self._visit_all(node.args, scope)
        self._visit_all(node.kwargs, scope)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.visit(extra, scope)

    def _filter_or_test(self, node: nodes.Filter | nodes.Test, scope: Scope) -> None:
        kind, known = ("filter", self.env.filters) if isinstance(node, nodes.Filter) else (
            "test", self.env.tests)
        if node.name not in known:
            self.unknown.append((node.lineno, f"{kind} '{node.name}' tidak dikenal"))
        if isinstance(node, nodes.Filter) and node.name in DATE_FILTERS and node.node:
            path = self._resolve(node.node, scope)
            field = _field_key(path) if path is not None else ""
            if field in OPTIONAL_DATES and field not in self.guarded:
                self.unknown.append((node.lineno, blank_date_message(field, node.name)
                                     .replace("untuk mitra ini", "untuk sebagian mitra")))
        self._visit_all(node.iter_child_nodes(), scope)

    def _for(self, node: nodes.For, scope: Scope) -> None:
        self.visit(node.iter, scope)
        iterated = self._resolve(node.iter, scope)
        item = None
        if iterated is not None and (*iterated, "[]") in _KNOWN:
            item = (*iterated, "[]")
        inner = dict(scope, loop=None)
        self._bind(node.target, item, inner)
        if node.test is not None:
            self.visit(node.test, inner)
        self._visit_all(node.body, inner)
        self._visit_all(node.else_, dict(scope))

    def _macro(self, node: nodes.Macro | nodes.CallBlock, scope: Scope) -> None:
        if isinstance(node, nodes.CallBlock):
            self.visit(node.call, scope)
        else:
            scope[node.name] = None
        self._visit_all(node.defaults, scope)
        inner = dict(scope, varargs=None, kwargs=None, caller=None)
        for arg in node.args:
            inner[arg.name] = None
        self._visit_all(node.body, inner)

    def _bind(self, target: nodes.Node, path: FieldPath | None, scope: Scope) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = path
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, None, scope)
        elif isinstance(target, nodes.NSRef):
            pass  # ns.attr = …: the namespace itself was bound when created


def _internal_attribute(node: nodes.Node) -> str | None:
    """``__class__`` for ``x.__class__`` or ``x['__class__']``: a name the sandbox refuses
    at render time (it starts with ``_``), found before any render."""
    if isinstance(node, nodes.Getattr):
        attribute: object = node.attr
    elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        attribute = node.arg.value
    else:
        return None
    return attribute if isinstance(attribute, str) and attribute.startswith("_") else None


def _lint_sources(docxtpl: DocxTemplate) -> Iterator[tuple[str, str, list[str]]]:
    """(part, Jinja source, source lines for places) of every part docxtpl renders."""
    for part_name, source, _kind in tagged_sources(docxtpl):
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
        yield part_name, source, source.split("\n")
    core = docxtpl.docx.core_properties
    for prop in CORE_PROPERTIES:
        value = getattr(core, prop) or ""
        if has_tags(value):
            yield "docProps/core.xml", value, [value]


_BLOCK_TAGS = (("p", "w:p", "paragrafnya"), ("tr", "w:tr", "baris tabelnya"),
               ("tc", "w:tc", "sel tabelnya"))
_W_TEXT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def _stranded_text(docxtpl: DocxTemplate, name: str) -> Iterator[TemplateIssue]:
    """docxtpl replaces the whole paragraph, row or cell of a ``{%p %}``, ``{%tr %}`` or
    ``{%tc %}`` tag by the tag: any other text there is silently lost (and so is a
    second such tag), so the author is told before a render drops it."""
    parts = [(docxtpl.docx.part.partname.lstrip("/"), docxtpl.docx.element)]
    for rel in docxtpl.docx.part.rels.values():
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER):
            parts.append((rel.target_part.partname.lstrip("/"), rel.target_part.element))
    for part_name, root in parts:
        for letter, element, scope in _BLOCK_TAGS:
            for node in root.iter(f"{{{root.nsmap['w']}}}{element[2:]}"):
                text = "".join(t.text or "" for t in node.iter(_W_TEXT))
                tags = re.findall(r"\{%-?\s*" + letter + r"\s.*?%\}", text)
                if tags and (len(tags) > 1 or text.strip() != tags[0]):
                    yield TemplateIssue(
                        name, part_name, shorten(" ".join(text.split())),
                        f"tag {{%{letter} %}} harus sendirian di {scope}; teks atau tag lain "
                        "di sana akan hilang saat dirender",
                    )


def _lint(path: Path, env: SandboxedEnvironment, name: str,
          opened: tuple[DocxTemplate, bytes] | None = None, compiled: bool = False,
          ) -> tuple[list[TemplateIssue], set[str]]:
    """`compiled`: every part was compiled already, without error (`CompiledTemplate`)."""
    docxtpl, data = opened or open_docx(path, name)
    issues: list[TemplateIssue] = list(_stranded_text(docxtpl, name))
    issues += [TemplateIssue(name, part, place, UNRENDERED_PART)
               for part, place in tags_left_unrendered(docxtpl, data, name)]
    used: set[str] = set()
    for part, source, lines in _lint_sources(docxtpl):
        def issue(lineno: int | None, message: str, part: str = part,
                  lines: list[str] = lines) -> TemplateIssue:
            return TemplateIssue(name, part, place_of_line(lines, lineno), message)

        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            issues.append(issue(exc.lineno, describe(exc, "")))
            continue
        walker = _FieldWalker(env)
        walker.visit(tree, {})
        used |= walker.used
        found = [issue(lineno, message) for lineno, message in
                 sorted(walker.unknown, key=lambda item: item[0])]
        try:
            if not compiled:
                env.compile(source)
        except TemplateSyntaxError as exc:
            if not re.search(r"No (filter|test) named", exc.message or ""):
                found.append(issue(exc.lineno, describe(exc, "")))
        issues += list(dict.fromkeys(found))
    return issues, used


def check_template(path: Path, env: SandboxedEnvironment | None = None,
                   name: str | None = None) -> list[TemplateIssue]:
    """Every problem of the template at `path`: Jinja syntax errors, and variables,
    filters or tests ksdocs does not provide; empty when the template is fine."""
    issues, _used = _lint(Path(path), env or make_environment(), name or Path(path).name)
    return issues


def template_fields(path: Path) -> list[tuple[str, str]]:
    """The fields the template at `path` uses, in `FIELDS` order, with where each comes
    from; a template with problems is a TemplateProblem."""
    issues, used = _lint(Path(path), make_environment(), Path(path).name)
    if issues:
        raise TemplateProblem(str(issues[0]))
    return [(key, source) for key, source in FIELDS.items() if key in used]


def fields_used(path: Path, opened: tuple[DocxTemplate, bytes] | None = None,
                compiled: bool = False) -> set[str] | None:
    """The `FIELDS` the template at `path` uses; None when it has problems (which
    compiling it reports, with their place). `opened`: what `open_docx` gave for it;
    `compiled`: it was compiled already, without error."""
    try:
        issues, used = _lint(Path(path), make_environment(), Path(path).name, opened,
                             compiled)
    except TemplateProblem:
        return None
    return None if issues else used
