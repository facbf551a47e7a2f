"""What a run says when it ends, in Indonesian: numbers as Indonesians write them
(``2.700 dokumen``, ``4,4 detik``), the same warning for many partners on one line,
and packs left as they were counted rather than listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal

from ksdocs.generate import Result
from ksdocs.problems import Problem

FIRST_PLACES = 3
"""Cells named on an aggregated warning line before ``…``."""
GROUP_FROM = 3
"""The same warning for this many partners or more is one line."""


def number(value: int) -> str:
    """``2.700``."""
    return format_decimal(value, locale="id")


def seconds(value: float) -> str:
    """``4,4``."""
    return format_decimal(round(value, 1), format="#,##0.0", locale="id")


@dataclass(frozen=True)
class Line:
    """One line of the summary, for stdout or (``err``) stderr."""

    text: str
    err: bool = True


def warning_lines(problems: Sequence[Problem]) -> list[str]:
    """``PERINGATAN  …`` lines: a warning repeated for `GROUP_FROM` or more partners
    becomes one line with the count and the first cells."""
    groups: dict[tuple[str, str | None, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.sheet, problem.header, problem.message), []).append(problem)
    lines: list[str] = []
    for (sheet, header, message), group in groups.items():
        if len(group) < GROUP_FROM or any(p.cell is None for p in group):
            lines.extend(f"PERINGATAN  {problem}" for problem in group)
            continue
        cells = [p.cell or "" for p in group[:FIRST_PLACES]]
        places = f"{sheet}!{cells[0]}, " + ", ".join(cells[1:]) + ", …"
        column = f" ({header})" if header else ""
        lines.append(f"PERINGATAN  {number(len(group))} mitra{column}: {places}: {message}")
    return lines


def generate_lines(result: Result, shown_output: Path) -> list[Line]:
    """The whole summary of `generate`, warnings first, the closing line last."""
    lines = [Line(text) for text in warning_lines(result.report.warnings)]
    lines += [Line(f"PERINGATAN  {warning}") for warning in result.name_warnings]
    lines += [Line(f"PERINGATAN  {warning}") for warning in result.template_warnings]
    lines += [Line(f"PERINGATAN  {warning}") for warning in result.font_warnings]
    if result.merged is not None:
        merged = result.merged
        where = f" (berkasnya kini {merged.renamed_to})" if merged.renamed_to else ""
        lines.append(Line(
            f"Register lama {merged.path} digabungkan ke register {result.register}: "
            f"{number(merged.numbers)} nomor ditambahkan, tidak ada yang akan diberikan "
            f"lagi{where}."))
        lines += [Line(f"PERINGATAN  nomor yang sama sudah diberikan dua kali: {clash}")
                  for clash in merged.clashes]
    if result.seeded:
        lines.append(Line(
            f"{number(result.seeded)} nomor surat dari manifest.json yang belum dikenal "
            "register dicatat ke register, agar tidak diberikan lagi."))
    if result.temporaries_removed:
        lines.append(Line(
            f"{number(result.temporaries_removed)} berkas sementara dari proses yang terhenti "
            "dihapus."))
    for kode, problems in result.invalid.items():
        lines.append(Line(f"DILEWATI    {kode}: paket tidak dibuat karena galat:"))
        lines += [Line(f"              {problem}") for problem in problems]
    lines += _pack_lines(result)
    lines += _closing(result, shown_output)
    return lines


def _pack_lines(result: Result) -> list[Line]:
    lines: list[Line] = []
    for outcome in result.outcomes:
        kode = outcome.kode
        if outcome.regenerated:
            why = " berubah" if outcome.changed else ""
            columns = ", ".join(outcome.changed) if outcome.changed else "isinya"
            lines.append(Line(f"DIBUAT ULANG {kode}: {columns}{why} — "
                              f"{number(outcome.regenerated)} dokumen dibuat ulang"))
        if outcome.recreated:
            lines.append(Line(f"DITULIS LAGI {kode}: {_names(outcome.recreated)} sudah "
                              "dihapus, ditulis lagi"))
        for document, stale in outcome.kept:
            because = (" Isiannya berubah sejak ditulis;" if stale else "")
            lines.append(Line(
                f"DISUNTING   {kode}: {document.path.name} diubah di luar ksdocs dan tidak "
                f"ditimpa.{because} --force memindahkannya ke {kode}/arsip/ lalu menulis "
                "ulang."))
        for name, moved in outcome.archived:
            lines.append(Line(f"DIARSIPKAN  {kode}: {name} yang diubah di luar ksdocs "
                              f"dipindahkan ke {moved}"))
    for pdf in result.removed_pdfs:
        lines.append(Line(f"DIHAPUS     {pdf}: PDF lama dari dokumen yang dibuat ulang "
                          "(jalankan dengan --pdf untuk membuatnya lagi)"))
    return lines


def _names(names: Iterable[str]) -> str:
    return ", ".join(names)


def _closing(result: Result, shown_output: Path) -> list[Line]:
    current = sum(1 for kode, names in result.existing.items() if names)
    where = shown_output / "pratinjau" if result.preview else shown_output
    extras = []
    if result.pdfs:
        extras.append(f"{number(result.pdfs)} PDF")
    if result.zips:
        extras.append(f"{number(result.zips)} zip")
    if result.adopted:
        extras.append(f"{number(result.adopted)} dokumen yang sudah ada dicatat ke register")
    lines = []
    if current:
        lines.append(Line(
            f"{number(current)} paket sudah mutakhir dan tidak diubah "
            "(--force menulis ulang semuanya)."))
    head = "Pratinjau selesai" if result.preview else "Selesai"
    lines.append(Line(
        f"{head}: {number(len(result.packs))} paket, {number(len(result.documents))} dokumen"
        + (f" ({', '.join(extras)})" if extras else "")
        + f" dalam {seconds(result.seconds)} detik, di {where}/.",
        err=False,
    ))
    if result.preview:
        lines.append(Line("Pratinjau: tidak ada nomor surat diambil, tidak ada yang dicatat "
                          "di register.", err=False))
    else:
        lines.append(Line(f"Register: {result.register}", err=False))
    return lines
