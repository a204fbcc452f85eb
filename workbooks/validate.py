"""``pmokit validate``: every error in a workbook with its sheet and cell, then the governance
warnings, among them the schedule health checks that fail (:mod:`pmokit.workbooks.schedule_health`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pmokit.workbooks.checks import Layout
from pmokit.workbooks.errors import Problem
from pmokit.workbooks.governance import governance
from pmokit.workbooks.loader import read_with_layout
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.schedule_health import warnings as health_warnings

__all__ = ["ValidateOptions", "governance", "validate_workbook", "warnings"]


@dataclass(frozen=True)
class ValidateOptions:
    """What to check against: a status older than ``stale_days`` is stale; "today" is ``as_of``
    (default: the real today) for future status dates and overdue milestones, and the status
    date of the schedule health checks (default: the workbook's latest status date, the
    documents' reporting date)."""

    stale_days: int = 35
    as_of: dt.date | None = None


def validate_workbook(path: str | Path, options: ValidateOptions | None = None) -> list[Problem]:
    """Check a workbook: every error (sheet!cell, what, the rule), then the PMO's governance warnings.

    Errors come first in sheet order; then what reading found (rows below a table, rule
    ``TABLE_RANGE``); then warnings project by project (the governance rules, then the failing
    schedule health checks). Governance is checked on
    the rows that could be read, so one bad cell does not hide the warnings. Never raises for a
    bad workbook; the file is only read.
    """
    options = options or ValidateOptions()
    portfolio, problems, layout = read_with_layout(path, today=options.as_of)
    if portfolio is None:
        return problems
    return problems + warnings(portfolio, options, layout=layout)  # errors, then reading warnings


def warnings(portfolio: Portfolio, options: ValidateOptions | None = None, *,
             layout: Layout | None = None) -> list[Problem]:
    """The governance rules' warnings and the failing schedule health checks, project by project
    (what ``pmokit validate`` and the Excel button report after the errors)."""
    options = options or ValidateOptions()
    found = governance(portfolio, options, layout=layout)
    found += health_warnings(portfolio, options.as_of or status_date(portfolio), layout=layout)
    order = {p.project_id: i for i, p in enumerate(portfolio.projects)}
    return sorted(found, key=lambda p: order.get(p.project_id, len(order)))


def status_date(portfolio: Portfolio) -> dt.date:
    """The schedule's status date: the workbook's latest status date, else today."""
    return max((s.status_date for s in portfolio.status), default=dt.date.today())
