"""What a document was rendered from, as digests: a re-run compares them with the
register's to regenerate exactly the stale documents and to name what changed.

A document's *inputs* are the values its template actually uses (the `FIELDS` that
`lint.fields_used` finds in it), each digested on its own, plus the paper size; its
*input digest* covers those and the template's bytes. A template whose fields cannot be
listed (a user's template with problems) is digested over its whole context.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeGuard

from ksdocs.context import DOCUMENT_KEY, FIELDS, RUN_KEYS, part_of
from ksdocs.records import quick_init

TEMPLATE_KEY = "(templat)"
PAPER_KEY = "(ukuran kertas)"
WHOLE_KEY = "(semua isian)"

_LABELS = {
    TEMPLATE_KEY: "templat",
    PAPER_KEY: "Ukuran Kertas",
    WHOLE_KEY: "isian",
}


@quick_init
@dataclass(frozen=True)
class Inputs:
    """A document's input digest, and its per-value digests (as stored, JSON)."""

    digest: str
    values: str


def _short(value: Any) -> str:
    kind = type(value)
    if kind is str:  # most values; many the same in every pack (the letterhead)
        key: Any = value
    elif kind in _SCALARS:  # a date, a flag, a count: by kind too (True == 1)
        key = (kind, value)
    else:
        return _digest(value)
    known = _KNOWN.get(key)
    if known is None:
        if len(_KNOWN) >= _KNOWN_MOST:
            _KNOWN.clear()
        known = _KNOWN[key] = _digest(value)
    return known


_SCALARS = frozenset({date, bool, int, type(None)})
"""The kinds of values besides text digested once per process."""


def _digest(value: Any) -> str:
    kind = type(value)
    if kind is str:
        text = _STRING(value)
    elif kind is list and all(type(item) is str for item in value):  # (a scope's texts)
        text = "[" + ", ".join(map(_STRING, value)) + "]"
    else:
        text = _ENCODER.encode(value)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_STRING = json.encoder.encode_basestring
"""A text as `_ENCODER` writes it (the function it calls for one), and a list of texts
as it writes them, without the encoder's own calls: a pack's texts are thousands."""


_KNOWN: dict[Any, str] = {}
"""Text (or a scalar with its kind) → its digest, as made in this process."""
_KNOWN_MOST = 100_000


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_plain)
"""What ``json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)`` does,
without making an encoder for every value."""


def _lookup(context: Mapping[str, Any], path: tuple[str, ...], at: int | None) -> Any:
    """The value of a `FIELDS` name, split at its dots (``mitra.nama``,
    ``ruang_lingkup[].teks``, ``langkah.7.tanggal``), in `context`; None where the
    context has no such value. `at`: the index of the first head naming a list (``[]``),
    None when none does (`_list_at`)."""
    if at is None:  # most names: a walk down the context's dicts
        value: Any = context
        for head in path:
            if type(value) is not dict and not isinstance(value, Mapping):  # (`_is_mapping`)
                return None
            value = value.get(head)
        return value
    parent = _lookup(context, path[:at], None)
    if not _is_mapping(parent):
        return None
    rest = path[at + 1:]
    inner = _list_at(rest)
    items = parent.get(path[at][:-2]) or []
    return [_lookup(item, rest, inner) if _is_mapping(item) else item for item in items]


def _list_at(path: tuple[str, ...]) -> int | None:
    return next((index for index, head in enumerate(path) if head.endswith("[]")), None)


def _is_mapping(value: Any) -> TypeGuard[Mapping[str, Any]]:
    return type(value) is dict or isinstance(value, Mapping)  # a dict without the ABC check


_TEMPLATE, _PAPER, _WHOLE, _OWN, _SHARED, _RUN = range(6)
"""What each stored value of a document's inputs is a digest of (`_plan`)."""


@functools.lru_cache(maxsize=256)
def _plan(
    fields: frozenset[str] | None,
) -> tuple[tuple[str, str, int, tuple[str, ...], int | None], ...]:
    """How the inputs of a template's documents are written, worked out once per set of
    fields: (name, the name as JSON, what it is, the name split at its dots, where a list
    is named in it) of every stored value, in ``sort_keys`` order. A field of ``surat``
    is the document's own (its number, its date); one of `RUN_KEYS` is the same in every
    pack of a run; the others are the same in every document of a pack."""
    names = (WHOLE_KEY,) if fields is None else tuple(fields)
    kinds = {TEMPLATE_KEY: _TEMPLATE, PAPER_KEY: _PAPER, WHOLE_KEY: _WHOLE}
    return tuple(
        (name, json.dumps(name), kinds.get(name, _kind(part_of(name))), path, _list_at(path))
        for name in sorted({TEMPLATE_KEY, PAPER_KEY, *names})
        for path in [tuple(name.split("."))]
    )


def _kind(head: str) -> int:
    if head == DOCUMENT_KEY:
        return _OWN
    return _RUN if head in RUN_KEYS else _SHARED


def document_inputs(
    template_sha256: str,
    fields: frozenset[str] | None,
    context: Mapping[str, Any],
    paper: str,
    pack_digests: dict[str, str] | None = None,
    run_digests: dict[str, str] | None = None,
) -> Inputs:
    """The inputs of one document rendered from `context`.

    `pack_digests`, shared by the documents of one pack, keeps what is written for each
    field that is the same in all of them, so that it is digested once per pack;
    `run_digests`, shared by every pack of a run, does so for the fields of
    `context.RUN_KEYS` (16 of the 30 fields of a letter).

    The stored text is what ``json.dumps(values, sort_keys=True)`` writes of the values
    (tested): the keys are sorted and written once (`_plan`), and every value is a
    hexadecimal digest."""
    known = {} if pack_digests is None else pack_digests
    run = known if run_digests is None else run_digests
    pieces = []
    for name, key, kind, path, at in _plan(fields):
        if kind >= _SHARED:
            same = known if kind == _SHARED else run
            piece = same.get(name)
            if piece is None:
                piece = same[name] = f'{key}: "{_short(_lookup(context, path, at))}"'
        elif kind == _OWN:
            piece = f'{key}: "{_short(_lookup(context, path, at))}"'
        elif kind == _TEMPLATE:
            piece = f'{key}: "{template_sha256[:16]}"'
        elif kind == _PAPER:
            piece = f'{key}: "{_short(paper)}"'
        else:
            piece = f'{key}: "{_short(context)}"'
        pieces.append(piece)
    text = "{" + ", ".join(pieces) + "}"
    return Inputs(hashlib.sha256(text.encode("utf-8")).hexdigest(), text)


def changed_columns(old: str | None, new: str) -> list[str]:
    """The workbook columns (or ``templat``, ``Ukuran Kertas``) whose values differ
    between two stored inputs, in the words of `FIELDS`; ``[]`` when unknown."""
    if not old:
        return []
    try:
        before = json.loads(old)
        after = json.loads(new)
    except ValueError:
        return []
    names = sorted(name for name in set(before) | set(after)
                   if before.get(name) != after.get(name))
    return list(dict.fromkeys(column_label(name) for name in names))


def column_label(name: str) -> str:
    """``mitra.nama`` → ``Nama Mitra`` (the column of `FIELDS`' description)."""
    if name in _LABELS:
        return _LABELS[name]
    source = FIELDS.get(name, name)
    _, colon, rest = source.partition(":")
    text = rest if colon else source
    text = re.split(r"\s+\(|,", text.strip(), maxsplit=1)[0]
    return text.strip() or name
