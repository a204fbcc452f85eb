"""The Tasks and Risks sheets' columns as an analyst selects them for PMO_SRA / PMO_SRA_RISKS:
the cell-equivalence tests type the functions over these and expect the documents' figures."""

from __future__ import annotations

from collections.abc import Sequence

from pmokit.workbooks.model import Portfolio, Task


def sra_columns(tasks: Sequence[Task]) -> list[list[list[object]]]:
    """PMO_SRA's task columns over the Tasks sheet's rows: ids, O, M, P, predecessors."""
    return [[[getattr(t, name)] for t in tasks]
            for name in ("task_id", "optimistic", "most_likely", "pessimistic", "predecessors")]


def progress_columns(tasks: Sequence[Task]) -> list[list[list[object]]]:
    """The Tasks sheet's constraint, deadline and progress columns in PMO_SRA's argument order
    (the status date and remaining durations follow)."""
    return [[[getattr(t, name)] for t in tasks]
            for name in ("constraint_type", "constraint_date", "deadline", "actual_start",
                         "actual_finish", "percent_complete")]


def register_columns(sample: Portfolio, project_id: str) -> list[list[list[object]]]:
    """The project's open risks as a user selects them on the Risks sheet for PMO_SRA_RISKS: id,
    probability, delay min / likely / max, tasks affected, post-mitigation probability and delay
    likely, one row per risk in sheet order (cost-only risks have blank schedule cells); none
    (the arguments left out) when no risk names the tasks it delays."""
    live = [r for r in sample.risks_of(project_id) if r.status not in ("Closed", "Occurred")]
    if not any(r.tasks for r in live):
        return []
    fields = ("risk_id", "probability", "schedule_min", "schedule_likely", "schedule_max", "tasks",
              "residual_probability", "residual_schedule_likely")
    return [[[getattr(r, name)] for r in live] for name in fields]
