"""Problems found in the user's input, each naming its place as ``Sheet!Cell (Header)``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


class Severity(Enum):
    """An error refuses generation; a warning lets it go on."""

    ERROR = "galat"
    WARNING = "peringatan"


@dataclass(frozen=True)
class Problem:
    """One problem: where it is, what is wrong, and which partner it spoils (if any)."""

    sheet: str
    cell: str | None
    header: str | None
    message: str
    severity: Severity = Severity.ERROR
    kode: str | None = None
    """The `Mitra` Kode whose pack this problem concerns; None for workbook-wide ones."""

    @property
    def place(self) -> str:
        """``Mitra!E7 (Jenis Mitra)``, ``Mitra (Jenis Mitra)`` or ``Mitra``."""
        place = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{place} ({self.header})" if self.header else place

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


@dataclass
class Report:
    """Every problem of one workbook, in the order found."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def global_errors(self) -> list[Problem]:
        """Errors that spoil every pack (settings, officials, units, missing sheets)."""
        return [p for p in self.errors if p.kode is None]

    def errors_by_kode(self) -> dict[str, list[Problem]]:
        """Errors that spoil one partner's pack only."""
        result: dict[str, list[Problem]] = {}
        for problem in self.errors:
            if problem.kode is not None:
                result.setdefault(problem.kode, []).append(problem)
        return result

    def summary(self) -> str:
        """The one-line count printed after the problems."""
        return f"{len(self.errors)} galat, {len(self.warnings)} peringatan."
