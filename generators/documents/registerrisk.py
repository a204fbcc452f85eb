"""What the charter and the plan say about the risk register's part in the finish, and about
estimates that are still the import's default spread.

The figures are :mod:`pmokit.generators.schedule_risk`'s (PMO_SRA with and without the register,
PMO_SRA_RISKS' ranking); this module only words and formats them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pmokit.addin.calendar import WorkCalendar
from pmokit.generators.analysis import ProjectFigures
from pmokit.generators.documents import formatting as fmt
from pmokit.generators.schedule_risk import ScheduleRisk
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.plan_import import DEFAULT_SPREAD


def register_of(figures: ProjectFigures) -> ScheduleRisk | None:
    """The project's schedule risks as simulated, None when no open risk delays a task."""
    return figures.confidence.register if figures.confidence is not None else None


def without_row(figures: ProjectFigures) -> dict[str, str] | None:
    """The confidence table's row for the finish without the register (None without one)."""
    r = register_of(figures)
    if r is None:
        return None
    return {"measure": "Finish date without the risk register", "baseline": "", "planned": "", "likely": "",
            "p50": fmt.date(r.p50_without), "p80": fmt.date(r.p80_without)}


def with_label(figures: ProjectFigures) -> str:
    """The finish row's measure: says the register is in it when it is."""
    r = register_of(figures)
    if r is None:
        return "Finish date"
    return f"Finish date with the risk register ({r.risks} schedule {_risks(r.risks)})"


def confidence_sentence(portfolio: Portfolio, figures: ProjectFigures) -> str:
    """For the confidence note: what the register adds to the P80 ("" without one)."""
    r = register_of(figures)
    if r is None:
        return ""
    added = _workdays(portfolio, r.p80_without, r.p80_with)
    return (f" P50 and P80 include the risk register: each of the project's {r.risks} open {_risks(r.risks)} that "
            f"name the tasks they delay and a three-point delay in working days occurs in an iteration with its "
            f"probability and then adds its delay to those tasks (AACE 57R-09; PMO_SRA's risk arguments over the "
            f"Risks sheet's rows). Without the register the P80 would be {fmt.date(r.p80_without)}: the register "
            f"adds {_days(added)} to it.")


def plan_fields(portfolio: Portfolio, figures: ProjectFigures) -> dict[str, Any]:
    """The plan's schedule-risk drivers: a sentence on the P80 before and after mitigation and a
    row per schedule risk, the one adding most days first (empty without a register)."""
    r = register_of(figures)
    if r is None:
        return {"drivers": [], "summary": "", "note": ""}
    saved = _workdays(portfolio, r.p80_mitigated, r.p80_with)
    summary = (f"P80 finish with the register as it stands: {fmt.date(r.p80_with)}. Once every planned mitigation "
               f"is done (the post-mitigation probability and delay on the Risks sheet): {fmt.date(r.p80_mitigated)}"
               f"{f', {_days(saved)} earlier' if saved > 0 else ', no earlier'}. If no risk occurred: "
               f"{fmt.date(r.p80_without)}.")
    rows = [{"risk_id": fmt.clean(d.risk.risk_id), "title": fmt.clean(d.risk.title),
             "tasks": fmt.clean(d.risk.tasks), "without": fmt.date(d.without), "adds": f"{d.adds:.1f}",
             "mitigated": fmt.date(d.mitigated), "saves": f"{d.saves:.1f}"} for d in r.drivers]
    note = ("Days it adds: the P80 finish with every risk minus the P80 without this one; days mitigation saves: "
            "the same with this one at its post-mitigation figures. Every comparison runs on the same random numbers, "
            "so the differences are the risks' effect, not sampling noise (PMO_SRA_RISKS over the same rows gives "
            "these figures). A risk whose tasks have float to spare adds nothing to the P80.")
    return {"drivers": rows, "summary": summary, "note": note}


def defaults_sentence(figures: ProjectFigures) -> str:
    """How many three-point estimates are still the import's default spread ("" when none)."""
    n, total = figures.default_estimates, figures.estimates
    if not n:
        return ""
    verb = "is" if n == 1 else "are"
    low, high = DEFAULT_SPREAD
    return (f"{n} of {total} estimates {verb} still the import's default spread (optimistic {low:g} ×, pessimistic "
            f"{high:g} × the plan's duration, \"Default spread\" in the Tasks sheet's Estimate basis column): refine "
            f"{'it' if n == 1 else 'them'} with the task owners, as the P50 and P80 rest on them.")


def _workdays(portfolio: Portfolio, start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end`` (0 when ``end`` is not later)."""
    if end <= start:
        return 0
    calendar = WorkCalendar(portfolio.calendar.weekmask, portfolio.calendar.holiday_dates)
    return int(calendar.workdays_between(start, end)) - 1


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def _risks(n: int) -> str:
    return "risk" if n == 1 else "risks"
