"""The one Jinja environment every template is rendered with."""

from __future__ import annotations

import re
from typing import Any

from jinja2 import StrictUndefined
from jinja2.nodes import EvalContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import pass_eval_context
from markupsafe import Markup, escape

from ksdocs.formatting import FILTERS


def make_environment() -> SandboxedEnvironment:
    """Sandboxed (templates come from users), strict (a missing value is an error, never a
    blank) and autoescaping (a partner named ``Smith & Lee <Asia>`` comes out as written)."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True,
                               finalize=_keep_markers)
    env.filters.update(FILTERS)
    return env


_MARKER = re.compile(r"\{_|_\}")


@pass_eval_context
def _keep_markers(eval_ctx: EvalContext, value: Any) -> Any:
    """A value as written even when it holds docxtpl's ``{_{ }_} {_% %_}`` markers.

    docxtpl turns those markers into braces in the whole rendered XML, values included;
    writing the ``_`` of a value's marker as a character reference keeps it out of reach.
    """
    if (not eval_ctx.autoescape or not isinstance(value, str) or isinstance(value, Markup)
            or ("{_" not in value and "_}" not in value)):
        return value
    return Markup(_MARKER.sub(lambda m: m.group(0).replace("_", "&#95;"), str(escape(value))))
