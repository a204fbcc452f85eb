"""The plan's tables by month: resource loading against capacity, and the time-phased budget.

``generators.analysis`` gives demand and capacity by role and month; the time-phased budget is not
there, so :func:`monthly_budget` spreads each task's baseline cost over its scheduled working days
with the very function behind PMO_LOAD (``addin.loading.spread``), which conserves each task's
amount exactly. Utilisation and over-allocation come from ``addin.loading`` too.
"""

from __future__ import annotations

import datetime as dt
from itertools import accumulate

import numpy as np

from addin.calendar import WorkCalendar
from addin.loading import overload, spread, utilisation
from generators.analysis import ProjectFigures, ResourceDemand
from generators.documents import formatting as fmt
from generators.documents.context import CRITICAL_FILL, PLAIN_FILL
from generators.model import Portfolio


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


def loading_rows(demand: ResourceDemand) -> tuple[list[dict[str, str]], str]:
    """One row per role and month with demand: FTE demand, capacity, utilisation, and a flag where
    demand exceeds capacity; and a sentence summing up the over-allocations."""
    if not demand.roles or not demand.months:
        return [], "No task effort is planned against roles."
    load = np.asarray(demand.demand_fte, dtype=float)
    capacity = np.asarray(demand.capacity_fte, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        used = utilisation(load, capacity)
    over = {(role, month): excess for role, month, excess in overload(load, capacity, demand.roles, demand.months)}
    rows = []
    for j, month in enumerate(demand.months):
        for i, role in enumerate(demand.roles):
            if load[i, j] <= 0:
                continue
            excess = over.get((role, month))
            rows.append({"month": fmt.month(month), "role": fmt.clean(role),
                         "demand": fmt.fixed(load[i, j]), "capacity": fmt.fixed(capacity[i, j]),
                         "utilisation": fmt.percent(used[i, j]),
                         "flag": f"Yes, by {fmt.fixed(excess)} FTE" if excess is not None else "",
                         "fill": CRITICAL_FILL if excess is not None else PLAIN_FILL})
    flagged = sorted({role for role, _ in over})
    note = (f"Over-allocated in {len(over)} role-month(s): {', '.join(flagged)} (shaded)."
            if over else "No role is over-allocated.")
    note += " Capacity is the role's whole capacity from the Resources sheet."
    return rows, note


def monthly_budget(portfolio: Portfolio, figures: ProjectFigures, currency: str = "") -> list[dict[str, str]]:
    """Planned cost by month: each task's baseline cost spread evenly over its working days,
    early start to early finish."""
    cost = {t.task_id: t.baseline_cost for t in portfolio.tasks_of(figures.project.project_id)}
    rows = [(t.early_start, t.early_finish, cost[t.task_id]) for t in figures.tasks
            if cost.get(t.task_id) and t.early_finish >= t.early_start]
    if not rows:
        return []
    starts, finishes, amounts = zip(*rows)
    months = months_between(min(starts), max(finishes))
    calendar = WorkCalendar(portfolio.calendar.weekmask, portfolio.calendar.holiday_dates)
    phased = spread(["cost"] * len(rows), list(starts), list(finishes), list(amounts), months,
                    calendar=calendar, end=next_month(months[-1]))
    per_month = [float(v) for v in np.asarray(phased.matrix)[0]]
    return [{"month": fmt.month(m), "planned": fmt.money(v, currency), "cumulative": fmt.money(c, currency)}
            for m, v, c in zip(months, per_month, accumulate(per_month))]
