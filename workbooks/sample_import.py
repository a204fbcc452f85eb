"""The sample portfolio's one imported project: DWP-11, from the Microsoft Project plan shipped as
``workbooks/sample-plan.xml`` (built by :mod:`pmokit.workbooks.build_sample_plan`), brought in by
the same rules ``pmokit import`` uses, so the demo shows that route end to end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pmokit.workbooks.model import Holiday, Portfolio
from pmokit.workbooks.mspdi import read_mspdi
from pmokit.workbooks.plan_import import plan_rows
from pmokit.workbooks.sample_texts import CURRENCY, GROUP

SAMPLE_PLAN = Path(__file__).with_name("sample-plan.xml")
PROJECT_ID = "DWP-11"


def with_imported_plan(portfolio: Portfolio) -> Portfolio:
    """The portfolio with DWP-11 added from the shipped plan, as the PMO completes an imported
    project's row (group, sponsor, priority, contingency); new people and holidays added."""
    rows = plan_rows(read_mspdi(SAMPLE_PLAN), PROJECT_ID)
    budget = rows.project.budget or 0.0
    project = replace(rows.project, group=GROUP, sponsor="Head of Customer Service", priority=3,
                      contingency=float(round(budget * 0.1, -3)), currency=rows.project.currency or CURRENCY)
    people = {r.resource.casefold() for r in portfolio.resources}
    days = {h.date for h in portfolio.calendar.holidays}
    holidays = portfolio.calendar.holidays + tuple(Holiday(d, n) for d, n in sorted(rows.calendar.holidays.items())
                                                   if d not in days)
    return replace(portfolio, projects=portfolio.projects + (project,), tasks=portfolio.tasks + tuple(rows.tasks),
                   milestones=portfolio.milestones + tuple(rows.milestones),
                   resources=portfolio.resources + tuple(r for r in rows.resources
                                                         if r.resource.casefold() not in people),
                   calendar=replace(portfolio.calendar, holidays=holidays))
