"""Where the generators call the calculation core with workbook rows, and the core's errors
come back at the cells they came from.

The core names an argument and a row of the arrays it was given (``finishes row 1: no working
day …``); only the generator knows which workbook rows it passed. :func:`at_cells` carries that
knowledge: around a call to the core, an :class:`~pmokit.addin.errors.InputError` naming one of
the arguments listed becomes a :class:`~pmokit.workbooks.errors.WorkbookError` at the cell of the
record on that row (``Tasks!L7: finish: no working day …``), through the same
:class:`~pmokit.workbooks.checks.Layout` the validator uses. An error the arguments cannot place
is put at the project's row of the Projects sheet. Every rule the core enforces is also a
``validate`` rule (:mod:`pmokit.workbooks.checks`), so this is the last line, not the first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pmokit.addin.errors import InputError
from pmokit.workbooks.cells import label
from pmokit.workbooks.checks import Layout
from pmokit.workbooks.errors import Problem, WorkbookError
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.schema import sheet as sheet_spec

#: The core's argument names for task columns, as ``loading.spread``, ``schedule.cpm``,
#: ``sra.simulate`` and ``threepoint`` call them → the Tasks field they were filled from.
TASK_ARGUMENTS = {
    "ids": "task_id", "optimistic": "optimistic", "most_likely": "most_likely", "pessimistic": "pessimistic",
    "durations": "most_likely", "predecessors": "predecessors", "resources": "resource", "starts": "start",
    "finishes": "finish", "efforts": "effort", "constraint_types": "constraint_type",
    "constraint_dates": "constraint_date", "deadlines": "deadline", "percent_complete": "percent_complete",
    "remaining_durations": "remaining", "actual_starts": "actual_start", "actual_finishes": "actual_finish",
}
STATUS_ARGUMENTS = {"pv": "pv", "ev": "ev", "ac": "ac"}
THROUGHPUT_ARGUMENTS = {"throughput_history": "items_done", "backlog": "backlog"}
RISK_ARGUMENTS = {
    "probabilities": "probability", "probability": "probability", "min_impacts": "cost_min",
    "likely_impacts": "cost_likely", "max_impacts": "cost_max", "impact": "impact", "cost": "cost_likely",
}


@dataclass(frozen=True)
class Rows:
    """Workbook records handed to the core as arrays: the sheet, the records in the order passed,
    and the core's argument names → the field each array was filled from."""

    sheet: str
    records: Sequence[Any]
    arguments: Mapping[str, str]


@contextmanager
def at_cells(portfolio: Portfolio, project_id: str, *sources: Rows) -> Iterator[None]:
    """Around calls to the core: an ``InputError`` becomes a ``WorkbookError`` at its cell."""
    try:
        yield
    except InputError as exc:
        raise WorkbookError([_problem(portfolio, project_id, sources, exc)], source=portfolio.source) from None


def _problem(portfolio: Portfolio, project_id: str, sources: Sequence[Rows], exc: InputError) -> Problem:
    layout = Layout(dict(portfolio.layout))
    for source in sources:
        field = source.arguments.get(exc.argument)
        row = exc.row if exc.row is not None or len(source.records) != 1 else 1  # a one-row call names no row
        if field is None or row is None or not 1 <= row <= len(source.records):
            continue
        record = source.records[row - 1]
        sheet, cell = layout.where(source.sheet, field, getattr(record, "row", 0))
        return Problem(sheet, cell, f"{label(sheet_spec(source.sheet).column(field))}: {exc.problem}",
                       project_id=project_id)
    if not project_id:
        return Problem(sources[0].sheet if sources else "Projects", "", str(exc))
    rows = [p.row for p in portfolio.projects if p.project_id == project_id]
    sheet, cell = layout.where("Projects", "project_id", rows[0] if rows else 0)
    return Problem(sheet, cell, f"project {project_id}: {exc}", project_id=project_id)
