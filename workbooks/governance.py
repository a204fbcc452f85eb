"""The PMO's governance rules, checked per project and reported as warnings.

| Rule | Checked for | Warns when |
| --- | --- | --- |
| CHARTER | projects in Plan, or a stage of the PMO's own | no charter row, or no "Approved on" date |
| STATUS_STALE | projects not in Close | no status report, or the latest is more than N days old (`--stale-days`, default 35) |
| RISK_OWNER | risks not Closed | no owner |
| RISK_MITIGATION | risks not Closed | no mitigation |
| NO_BASELINE | projects in Execute, Close or a stage of the PMO's own | no baseline finish or no budget (BAC) |
| MILESTONE_OVERDUE | milestones not reached | the forecast date (else the baseline date) has passed |
| GATE_DOCUMENTS | projects in Execute or Close | the gate's documents are missing: an approved charter, a plan (tasks with three-point estimates) and a risk register |

A project in Initiate is still writing its charter; passing into Plan needs the approved charter,
and passing into Execute needs charter, plan and risk register (so an Execute project without a
charter is reported once, by GATE_DOCUMENTS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from pmokit.workbooks.checks import Layout
from pmokit.workbooks.errors import Problem
from pmokit.workbooks.model import STAGES, Portfolio, Project

GATED = ("Execute", "Close")
RULES = {
    "CHARTER": "charter not approved",
    "STATUS_STALE": "no recent status report",
    "RISK_OWNER": "risk without an owner",
    "RISK_MITIGATION": "risk without a mitigation",
    "NO_BASELINE": "no baseline",
    "MILESTONE_OVERDUE": "overdue milestone",
    "GATE_DOCUMENTS": "stage gate passed without the required documents",
}


class Thresholds(Protocol):
    """Anything with the two settings the rules need (GovernanceOptions, ValidateOptions)."""

    @property
    def stale_days(self) -> int: ...

    @property
    def as_of(self) -> dt.date | None: ...


@dataclass(frozen=True)
class GovernanceOptions:
    """How strict the rules are: status older than ``stale_days`` is stale; dates are judged as of
    ``as_of`` (default: today)."""

    stale_days: int = 35
    as_of: dt.date | None = None


def governance(portfolio: Portfolio, options: Thresholds | None = None, *,
               layout: Layout | None = None) -> list[Problem]:
    """The PMO's governance warnings for every project, project by project.

    ``options`` is any object with ``stale_days`` and ``as_of`` (a :class:`GovernanceOptions` or
    the validator's ``ValidateOptions``). Each warning has ``severity="warning"``, its rule code
    (:data:`RULES`) and the project's ID.
    """
    options = options or GovernanceOptions()
    layout = layout or Layout()
    day = options.as_of or dt.date.today()
    found: list[Problem] = []
    for project in portfolio.projects:
        found += _project_rules(portfolio, project, options.stale_days, day, layout)
    return found


def _warn(layout: Layout, spec: str, field: str, row: int, rule: str, project_id: str, message: str) -> Problem:
    sheet, cell = layout.where(spec, field, row)
    return Problem(sheet, cell, message, severity="warning", rule=rule, project_id=project_id)


def _project_rules(portfolio: Portfolio, project: Project, stale_days: int, day: dt.date,
                   layout: Layout) -> list[Problem]:
    pid = project.project_id
    stage = project.stage
    found: list[Problem] = []
    charter = portfolio.charter_of(pid)
    approved = charter is not None and charter.approved_on is not None
    if stage not in GATED and stage != STAGES[0] and not approved:
        found.append(_charter_warning(layout, project, charter.row if charter is not None else None))
    if stage != "Close":
        reports = portfolio.status_of(pid)
        if not reports:
            found.append(_warn(layout, "Projects", "project_id", project.row, "STATUS_STALE", pid,
                               f"project {pid} has no status report"))
        else:
            last = reports[-1]
            age = (day - last.status_date).days
            if age > stale_days:
                found.append(_warn(layout, "Status", "status_date", last.row, "STATUS_STALE", pid,
                                   f"project {pid}'s latest status is {age} days old "
                                   f"({last.status_date.isoformat()}); the PMO asks for one every {stale_days} days"))
    for risk in portfolio.risks_of(pid):
        if risk.status.lower() == "closed":
            continue
        if not risk.owner.strip():
            found.append(_warn(layout, "Risks", "owner", risk.row, "RISK_OWNER", pid,
                               f"risk {risk.risk_id} of project {pid} has no owner"))
        if not risk.mitigation.strip():
            found.append(_warn(layout, "Risks", "mitigation", risk.row, "RISK_MITIGATION", pid,
                               f"risk {risk.risk_id} of project {pid} has no mitigation"))
    if stage != STAGES[0] and stage != "Plan":
        missing = [name for name, value in (("baseline finish", project.baseline_finish),
                                            ("budget (BAC)", project.budget)) if value is None]
        if missing:
            field = "baseline_finish" if project.baseline_finish is None else "budget"
            found.append(_warn(layout, "Projects", field, project.row, "NO_BASELINE", pid,
                               f"project {pid} is in {stage} with no {' and no '.join(missing)}"))
    for m in portfolio.milestones_of(pid):
        due = m.forecast_date or m.baseline_date
        if m.actual_date is None and due is not None and due < day:
            field = "forecast_date" if m.forecast_date else "baseline_date"
            found.append(_warn(layout, "Milestones", field, m.row, "MILESTONE_OVERDUE", pid,
                               f"milestone '{m.milestone}' of project {pid} was due {due.isoformat()} and "
                               "has no actual date"))
    if stage in GATED:
        docs = [name for name, ok in (
            ("an approved charter", approved),
            ("a plan (tasks with three-point estimates)", any(t.most_likely is not None for t in portfolio.tasks_of(pid))),
            ("a risk register", bool(portfolio.risks_of(pid))),
        ) if not ok]
        if docs:
            found.append(_warn(layout, "Projects", "stage", project.row, "GATE_DOCUMENTS", pid,
                               f"project {pid} passed into {stage} without {', '.join(docs)}"))
    return found


def _charter_warning(layout: Layout, project: Project, charter_row: int | None) -> Problem:
    pid = project.project_id
    if charter_row is not None:
        return _warn(layout, "Charter", "approved_on", charter_row, "CHARTER", pid,
                     f"project {pid}'s charter has no approval date")
    return _warn(layout, "Projects", "project_id", project.row, "CHARTER", pid,
                 f"project {pid} has no charter row; the PMO needs an approved charter in {project.stage}")
