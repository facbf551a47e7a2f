"""The one Jinja environment every template is rendered with."""

from __future__ import annotations

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ksdocs.formatting import FILTERS


def make_environment() -> SandboxedEnvironment:
    """Sandboxed (templates come from users), strict (a missing value is an error, never a
    blank) and autoescaping (a partner named ``Smith & Lee <Asia>`` comes out as written)."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env
