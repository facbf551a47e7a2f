"""The one error hierarchy of ksdocs; the CLI turns these into messages and exit codes."""

from __future__ import annotations


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
