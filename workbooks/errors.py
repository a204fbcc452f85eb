"""Errors in the workbook and in the files written, for people to read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pmokit.addin.errors import PmoError


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a workbook, at a cell: ``Tasks!F14: pessimistic 3 is less than most likely 5``.

    ``severity`` is ``"error"`` (the workbook cannot be used as it is) or ``"warning"`` (a PMO
    governance rule is not met). ``cell`` is an A1 reference or ``""`` when the problem is the
    whole sheet; ``project_id`` names the project a governance warning is about.
    """

    sheet: str
    cell: str
    message: str
    severity: str = "error"
    rule: str = ""
    project_id: str = ""

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class WorkbookError(PmoError):
    """The workbook cannot be used; carries every problem found, not just the first."""

    exit_code = 1

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        errors = [p for p in problems if p.severity == "error"] or problems
        # A problem with the file itself already names it.
        head = f"{source}: " if source and not any(p.sheet == Path(source).name for p in errors) else ""
        if len(errors) == 1:
            message = f"{head}{errors[0]}"
        else:
            lines = "\n".join(f"  {p}" for p in errors[:20])
            more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
            message = f"{head}{len(errors)} problems\n{lines}{more}"
        super().__init__(message)


class OutputError(PmoError):
    """A file could not be written: open in another program, unwritable folder, …"""

    exit_code = 1

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        super().__init__(f"cannot write {self.path}: {problem}")
