"""The plan's tables by month: resource loading against capacity, and the time-phased budget.

``pmokit.generators.analysis`` gives demand and capacity by role and month; the time-phased budget is not
there, so :func:`monthly_budget` spreads each task's baseline cost over its scheduled working days
with the very function behind PMO_LOAD (``pmokit.addin.loading.spread``), which conserves each task's
amount exactly. Utilisation and over-allocation come from ``pmokit.addin.loading`` too.
"""

from __future__ import annotations

import datetime as dt
from itertools import accumulate

import numpy as np

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.loading import overload, spread, utilisation
from pmokit.generators.boundary import Rows, at_cells
from pmokit.generators.analysis import ProjectFigures, ResourceDemand
from pmokit.generators.documents import formatting as fmt
from pmokit.generators.documents.context import CRITICAL_FILL, PLAIN_FILL
from pmokit.workbooks.model import Portfolio


def month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def next_month(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from ``first``'s to ``last``'s, inclusive."""
    months, m = [], month_start(first)
    while m <= last:
        months.append(m)
        m = next_month(m)
    return months


def loading_rows(project: ResourceDemand, portfolio: ResourceDemand) -> tuple[list[dict[str, str]], str]:
    """One row per role and month in which the project needs the role: the project's demand, all
    projects' demand, the role's capacity, utilisation (all projects over capacity) and a flag
    where all projects together need more than the role has; and a sentence summing them up."""
    if not project.roles or not project.months:
        return [], "No task effort is planned against roles."
    load = np.asarray(portfolio.demand_fte, dtype=float).reshape(len(portfolio.roles), len(portfolio.months))
    capacity = np.asarray(portfolio.capacity_fte, dtype=float).reshape(load.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        used = utilisation(load, capacity)
    over = {(role, month): excess for role, month, excess in overload(load, capacity, portfolio.roles, portfolio.months)}
    where = {(role, month): (i, j) for i, role in enumerate(portfolio.roles) for j, month in enumerate(portfolio.months)}
    rows = []
    for j, month in enumerate(project.months):
        for i, role in enumerate(project.roles):
            own = float(project.demand_fte[i][j])
            if own < 0.005 or (role, month) not in where:  # nothing that shows at two decimals
                continue
            a, b = where[(role, month)]
            excess = over.get((role, month))
            rows.append({"month": fmt.month(month), "role": fmt.clean(role), "demand": fmt.fixed(own),
                         "all_demand": fmt.fixed(load[a, b]), "capacity": fmt.fixed(capacity[a, b]),
                         "utilisation": fmt.percent(used[a, b]),
                         "flag": f"Yes, by {fmt.fixed(excess)} FTE" if excess is not None else "",
                         "fill": CRITICAL_FILL if excess is not None else PLAIN_FILL})
    flagged = sorted({fmt.clean(r["role"]) for r in rows if r["flag"]})
    count = sum(1 for r in rows if r["flag"])
    note = (f"Over-allocated in {count} role-month(s), shaded: {', '.join(flagged)}."
            if count else "No role this project needs is over-allocated.")
    return rows, note


def monthly_budget(portfolio: Portfolio, figures: ProjectFigures, currency: str = "") -> list[dict[str, str]]:
    """Planned cost by month: each task's baseline cost spread evenly over its working days,
    planned start to planned finish (the Tasks sheet; the forecast dates where it has none)."""
    cost = {t.task_id: t.baseline_cost for t in portfolio.tasks_of(figures.project.project_id)}
    spans = [(t.planned_start or t.early_start, t.planned_finish or t.early_finish, t) for t in figures.tasks]
    kept = [(start, finish, t) for start, finish, t in spans if cost.get(t.task_id) and finish >= start]
    if not kept:
        return []
    starts, finishes, amounts = [s for s, _, _ in kept], [f for _, f, _ in kept], [cost[t.task_id] for _, _, t in kept]
    months = months_between(min(starts), max(finishes))
    calendar = WorkCalendar(portfolio.calendar.weekmask, portfolio.calendar.holiday_dates)
    sheet_rows = {t.task_id: t for t in portfolio.tasks_of(figures.project.project_id)}
    with at_cells(portfolio, figures.project.project_id,
                  Rows("Tasks", [sheet_rows[t.task_id] for _, _, t in kept],
                       {"starts": "start", "finishes": "finish", "efforts": "baseline_cost"})):
        phased = spread(["cost"] * len(kept), starts, finishes, amounts, months, calendar=calendar,
                        end=next_month(months[-1]))
    per_month = [float(v) for v in np.asarray(phased.matrix)[0]]
    return [{"month": fmt.month(m), "planned": fmt.money(v, currency), "cumulative": fmt.money(c, currency)}
            for m, v, c in zip(months, per_month, accumulate(per_month))]
