"""The `Format Nomor` pattern of letter numbers: which patterns can number letters.

Checked by the validator (so the user sees the cell) and again by the register
(which numbers from it), with the same words. A pattern passes only when every
placeholder is a known name with a format that writes it as ordinary text, so every
number it can make is printable (`cells.printable_problem`).
"""

from __future__ import annotations

import re
import string

from ksdocs.cells import printable_problem

PLACEHOLDERS = ("kode_unit", "klasifikasi", "urut", "tahun")
"""The names a pattern may use: unit code, classification code, running number, year."""

NUMBERS = ("urut", "tahun")
"""The placeholders that are whole numbers; the others are text."""

MAX_WIDTH = 20
"""The widest a placeholder may be padded (``{urut:03d}``); more is a typing slip."""

_NUMBER_SPEC = re.compile(r"(?:[^{}]?[<>=^])?0?(\d*)d?")
"""Alignment, zero padding and width, written as a whole number: ``03d``, ``>4``."""
_TEXT_SPEC = re.compile(r"(?:[^{}]?[<>^])?(\d*)(?:\.\d+)?s?")
"""Alignment, width and cut, written as text: ``>8``, ``.3``."""
_SAMPLES: dict[str, tuple[str | int, ...]] = {
    "urut": (1, 12, 999_999),
    "tahun": (1900, 2026, 2100),
    "kode_unit": ("PPE",),
    "klasifikasi": ("HM.04.01",),
}


def pattern_error(pattern: str) -> str | None:
    """Why `pattern` cannot number letters, in Indonesian; None when it can."""
    allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return f'Format Nomor "{pattern}" tidak sah: kurung kurawal {{ }} tidak berpasangan'
    names: set[str] = set()
    for literal, name, spec, conversion in parts:
        if literal and (problem := printable_problem(literal)):
            return f'Format Nomor "{pattern}" {problem}'
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            return f'penanda "{{{name}}}" tidak dikenal; gunakan hanya {allowed}'
        if conversion is not None or (spec and "{" in spec):
            return f'penanda "{{{name}}}" ditulis dengan cara yang tidak didukung'
        if problem := _spec_error(name, spec or ""):
            return problem
        names.add(name)
    if "urut" not in names:
        return f'Format Nomor "{pattern}" harus memuat {{urut}} (nomor urut dari register)'
    return None


def _spec_error(name: str, spec: str) -> str | None:
    """Why the format `spec` of placeholder `name` cannot write it, or None."""
    shape = _NUMBER_SPEC if name in NUMBERS else _TEXT_SPEC
    shown = spec if printable_problem(spec) is None else "…"
    match = shape.fullmatch(spec)
    if match is None:
        allowed = ("perataan, angka nol di depan dan lebar (mis. {urut:03d})" if name in NUMBERS
                   else "perataan, lebar dan pemotongan (mis. {kode_unit:>5})")
        return (f'format "{{{name}:{shown}}}" tidak sah: untuk {{{name}}} hanya {allowed} '
                "yang boleh")
    if match[1] and int(match[1]) > MAX_WIDTH:
        return f'format "{{{name}:{shown}}}" terlalu lebar (paling lebar {MAX_WIDTH})'
    for sample in _SAMPLES[name]:
        try:
            written = format(sample, spec)
        except ValueError:
            return f'format "{{{name}:{shown}}}" tidak sah'
        if problem := printable_problem(written):
            return f'format "{{{name}:{shown}}}" {problem}'
    return None
