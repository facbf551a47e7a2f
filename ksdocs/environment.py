"""The one Jinja environment every template is rendered with."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import pass_eval_context
from markupsafe import Markup, escape

from ksdocs.errors import UnwritableCharacter
from ksdocs.formatting import FILTERS

MAX_SIZE = 100_000
"""The largest width, repeat count or exponent one expression may ask for: a template
is a letter, and ``{{ 'a' * 10**9 }}`` or ``{{ '%999999999d' % 1 }}`` would fill the
memory inside one Python call, where the render's time limit cannot stop it."""

_WIDTH = re.compile(r"[%:][-+ #0<>^=,_]*(\d+)(?:\.(\d+))?")
_SIZED_FILTERS = ("center", "indent", "wordwrap", "truncate", "format", "batch", "slice")
_SIZED_METHODS = ("center", "ljust", "rjust", "zfill", "expandtabs")


_DICT_ATTRIBUTES = frozenset(dir(dict))
_LOOP_ATTRIBUTES = frozenset(name for name in dir(LoopContext) if not name.startswith("_"))


class _Writer(CodeGenerator):
    """Jinja's code generator, writing each ``{{ value }}`` with one call of
    `_Sandbox.write_value` where Jinja's code makes three (``escape(finalize(…))``, and
    ``Markup`` of the result): a letter writes dozens of values."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame,
                          finalize: CodeGenerator._FinalizeInfo) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.write_value(context, ")
        else:  # escaping turned off, or decided while rendering ({% autoescape %})
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame,
                           finalize: CodeGenerator._FinalizeInfo) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing single operations that would grow without bound."""

    intercepted_binops = frozenset({"*", "**", "%"})
    code_generator_class = _Writer

    def write_value(self, context: Context, value: Any) -> Any:
        """What Jinja writes of `value` when escaping: ``escape(finalize(value))``. Most
        values are text with nothing to escape or check, written as they are."""
        if type(value) is str and _NOT_PLAIN.search(value) is None:
            return value
        return escape(_keep_markers(context.eval_ctx, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        # ``mitra.nama`` on the context's dicts, the most common lookup of a render: the
        # item at once, where Jinja first tries an attribute and catches its absence.
        # The same answer, as a plain dict has no attributes but the class's.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        elif type(obj) is LoopContext and attribute in _LOOP_ATTRIBUTES:
            # ``loop.last`` and its kin: the sandbox allows every public attribute of
            # Jinja's loop, after checks that took longer than the rest of the lookup.
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise SecurityError(f"pangkat {right} terlalu besar")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if (isinstance(sequence, str | list | tuple) and isinstance(count, int)
                        and len(sequence) * count > MAX_SIZE):
                    raise SecurityError("hasil perkalian teks atau daftar terlalu panjang")
        if operator == "%" and isinstance(left, str):
            _check_widths(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(__obj, "__name__", "") in _SIZED_METHODS and isinstance(
            getattr(__obj, "__self__", None), str
        ):
            _check_sizes(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", "") in ("format", "format_map"):
            _check_widths(owner)
        return super().wrap_str_format(value)


def _check_sizes(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_SIZE:
            raise SecurityError(f"ukuran {value} terlalu besar (paling besar {MAX_SIZE})")


def _check_widths(pattern: str) -> None:
    for width, precision in _WIDTH.findall(pattern):
        if int(width or 0) > MAX_SIZE or int(precision or 0) > MAX_SIZE:
            raise SecurityError("lebar format terlalu besar")


def _sized(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja's filter `function`, refusing a width or count above `MAX_SIZE`."""

    @functools.wraps(function)
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_sizes(args, kwargs)
        if name == "format" and isinstance(value, str):
            _check_widths(value)
        return function(value, *args, **kwargs)

    return checked


def make_environment() -> SandboxedEnvironment:
    """Sandboxed (templates come from users), strict (a missing value is an error, never a
    blank) and autoescaping (a partner named ``Smith & Lee <Asia>`` comes out as written)."""
    env = _Sandbox(undefined=StrictUndefined, autoescape=True, finalize=_keep_markers)
    for name in _SIZED_FILTERS:
        env.filters[name] = _sized(name, env.filters[name])
    env.filters.update(FILTERS)
    del env.globals["lipsum"]  # generates any amount of text on request
    return env


_MARKER = re.compile(r"\{_|_\}")
_SPECIAL_CHARACTERS = "\x00-\x1f{}\ufffe\uffff"
_SPECIAL = re.compile(f"[{_SPECIAL_CHARACTERS}]")
"""What any of the checks below looks for: a value without it is written as it is."""
_NOT_PLAIN = re.compile(f"[{_SPECIAL_CHARACTERS}&<>'\"]")
"""What a value holding none of is written as it is: nothing to check, nor to escape."""
XML_ILLEGAL = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\ufffe\uffff]")
"""Characters an XML document cannot hold. ``\\a`` and ``\\f`` are not among them here:
docxtpl turns them into a new paragraph and a page break (``resolve_listing``)."""


@pass_eval_context
def _keep_markers(eval_ctx: EvalContext, value: Any) -> Any:
    """A value as written even when it holds docxtpl's ``{_{ }_} {_% %_}`` markers, and
    never one that would make the document unreadable.

    docxtpl turns those markers into braces in the whole rendered XML, values included;
    writing the ``_`` of a value's marker as a character reference keeps it out of reach.
    Refusing here the characters XML cannot hold is what lets a render skip parsing its
    result (`ksdocs.xml_proof`): every value reaches the XML through this function.
    """
    if type(value) is not str:
        if hasattr(value, "__html__") and (watch := _WATCH.get()) is not None:
            watch.markup = True  # written as markup, not as text
        if not isinstance(value, str):
            return value
    if _SPECIAL.search(value) is None:
        return value
    illegal = XML_ILLEGAL.search(value)
    if illegal:
        raise UnwritableCharacter(illegal.group())
    if (watch := _WATCH.get()) is not None:
        watch.special = True
    if (not eval_ctx.autoescape or isinstance(value, Markup)
            or ("{_" not in value and "_}" not in value)):
        return value
    return Markup(_MARKER.sub(lambda m: m.group(0).replace("_", "&#95;"), str(escape(value))))


@dataclass
class ValueWatch:
    """Whether a render wrote a value holding a brace or a control character, and one
    written as markup (an element ksdocs builds, such as the letterhead's emblem)."""

    special: bool = False
    markup: bool = False


_WATCH: ContextVar[ValueWatch | None] = ContextVar("ksdocs_value_watch", default=None)


class watching_values:  # (a context manager, named as contextlib.suppress is)
    """Watch the values written by the renders inside (of this thread): ``special`` is
    set when one holds a brace or a control character (a line break, a tab), around
    which docxtpl's post-processing may rewrite the result.

    A class, not a generator function: entered for every part of every document, it
    takes 1 µs where ``contextlib.contextmanager``'s took 3.6 µs."""

    __slots__ = ("_token",)

    def __enter__(self) -> ValueWatch:
        watch = ValueWatch()
        self._token = _WATCH.set(watch)
        return watch

    def __exit__(self, *exc: object) -> None:
        _WATCH.reset(self._token)
