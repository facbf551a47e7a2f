"""Every exception class of ksdocs: the `KsdocsError` hierarchy the CLI turns into
messages and exit codes, and the few a stage raises and turns into a message itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from ksdocs.problems import Report


class KsdocsError(Exception):
    """Anything ksdocs itself reports; the message is meant for the user, in Indonesian."""

    exit_code = 1


class InputError(KsdocsError):
    """A problem the user can fix: a bad workbook, template, path or option."""


class WorkbookError(InputError):
    """The file cannot be read as a workbook at all (not .xlsx, encrypted, missing)."""


class TemplateProblem(InputError):
    """A template cannot be parsed or rendered; the message names the template and place."""


class OutputError(KsdocsError):
    """The output folder cannot be written (read-only, disk full, pack exists)."""


class ToolMissing(KsdocsError):
    """An external program ksdocs needs (LibreOffice) is not installed."""


class PdfFailed(KsdocsError):
    """LibreOffice could not convert some documents; `converted` are the PDFs it did
    make, in place beside their documents."""

    def __init__(self, message: str, *, converted: list[Path]) -> None:
        super().__init__(message)
        self.converted = converted


class ValidationFailed(InputError):
    """The workbook has errors; `report` holds them all, for the CLI to list."""

    def __init__(self, report: Report, message: str) -> None:
        super().__init__(message)
        self.report = report


class UnknownTemplate(InputError):
    """A ``-t`` value that is neither a shipped template's id nor a .docx path; the CLI
    shows it as a usage error with `suggestions`."""

    exit_code = 2

    def __init__(self, item: str, suggestions: Sequence[str], known: Sequence[str]) -> None:
        self.item = item
        self.suggestions = tuple(suggestions)
        hint = (" (maksud Anda " + " atau ".join(f'"{s}"' for s in self.suggestions) + "?)"
                if self.suggestions else "")
        super().__init__(
            f'templat "{item}" tidak dikenal{hint}; pakai salah satu dari '
            f"{', '.join(known)}, atau jalur berkas .docx templat Anda sendiri."
        )


class NumberClash(InputError):
    """Numbers given in the workbook that another letter already holds; one line each."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = tuple(lines)
        super().__init__("\n".join(self.lines))


# Raised inside a stage and turned into a message there, with its place.


class UnwritableCharacter(ValueError):
    """A value holds a character no Word document can store."""

    def __init__(self, character: str) -> None:
        super().__init__(f"sebuah nilai berisi karakter U+{ord(character):04X} yang tidak "
                         "boleh ada di dokumen Word")


class BlankDate(ValueError):
    """A date filter given no date. babel's ``format_date(None)`` means today: a blank
    signing date would print as today's, so the filter refuses instead."""

    def __init__(self, filter_name: str) -> None:
        super().__init__(filter_name)
        self.filter_name = filter_name


class TooLarge(ValueError):
    """A template over `docxzip.MAX_MEMBER_SIZE` or `MAX_TOTAL_SIZE`; the message says
    which."""


class CellError(ValueError):
    """A value that cannot be used; the message says why, for the cell named with it."""


class LogoProblem(ValueError):
    """The logo file cannot be used; the message (Indonesian) says why."""


class JobStopped(Exception):
    """The server is stopping: the job ends after the pack being written."""


class PreviewFailed(KsdocsError):
    """A document could not be turned into page images; the message says why."""


class NotFound(InputError):
    """A name from a request that names nothing the server holds."""
