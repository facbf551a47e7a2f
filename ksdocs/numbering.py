"""The `Format Nomor` pattern of letter numbers: which patterns can number letters.

Checked by the validator (so the user sees the cell) and again by the register
(which numbers from it), with the same words.
"""

from __future__ import annotations

import string

PLACEHOLDERS = ("kode_unit", "klasifikasi", "urut", "tahun")
"""The names a pattern may use: unit code, classification code, running number, year."""

MAX_WIDTH = 20
"""The widest a placeholder may be padded (``{urut:03d}``); more is a typing slip."""


def pattern_error(pattern: str) -> str | None:
    """Why `pattern` cannot number letters, in Indonesian; None when it can."""
    allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return f'Format Nomor "{pattern}" tidak sah: kurung kurawal {{ }} tidak berpasangan'
    names: set[str] = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            return f'penanda "{{{name}}}" tidak dikenal; gunakan hanya {allowed}'
        if conversion is not None or (spec and "{" in spec):
            return f'penanda "{{{name}}}" ditulis dengan cara yang tidak didukung'
        sample: str | int = 1 if name in ("urut", "tahun") else "X"
        try:
            padded = format(sample, spec or "")
        except ValueError:
            return f'format "{{{name}:{spec}}}" tidak sah'
        if len(padded) > MAX_WIDTH:
            return f'format "{{{name}:{spec}}}" terlalu lebar (paling lebar {MAX_WIDTH})'
        names.add(name)
    if "urut" not in names:
        return f'Format Nomor "{pattern}" harus memuat {{urut}} (nomor urut dari register)'
    return None
