"""A small project built in code, with its figures from the calculation core (not from the
documents package): five tasks A–D and a milestone M, start Monday 4 Jan 2027.

Network (working days): A 3 → B 2 and A → C 4; B, C → D 1; D → M (milestone). By hand: the path
A–C–D is 3 + 4 + 1 = 8 days, A–B–D only 6, so A, C, D and M are critical and B has 2 days of float.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.schedule import as_dates, cpm, critical_path
from pmokit.generators.analysis import Confidence, ProjectFigures, ResourceDemand, TaskSchedule
from pmokit.workbooks.errors import Problem
from pmokit.workbooks.model import Charter, Decision, Milestone, Portfolio, Project, Resource, Risk, Task

START = dt.date(2027, 1, 4)
IDS = ["A", "B", "C", "D", "M"]
O, ML, P = [2, 1, 3, 1, 0], [3, 2, 4, 1, 0], [5, 4, 7, 2, 0]
MEANS = [(o + 4 * m + p) / 6 for o, m, p in zip(O, ML, P)]  # PERT mean (Malcolm et al. 1959)
PREDS = ["", "A", "A", "B, C", "D"]
NAMES = ["Requirements", "Data migration design", "Build interfaces", "User acceptance test", "Go-live"]
COSTS = [30000.0, 12000.0, 50000.0, 8000.0, 0.0]


def make_portfolio(name: str = "CRM Replacement", business_case: str = "Replace the 2009 CRM.\nCut licence cost by 40%.",
                   sponsor: str = "Dana Whitfield") -> Portfolio:
    project = Project("PRJ-001", name, group="Digital", sponsor=sponsor, project_manager="Sam Okafor",
                      methodology="Hybrid", stage="Plan", start=START, baseline_finish=dt.date(2027, 1, 15),
                      budget=100000.0)
    tasks = tuple(Task("PRJ-001", i, n, wbs=f"1.{k + 1}", optimistic=o, most_likely=m, pessimistic=p,
                       predecessors=pr, resource="Analyst" if k % 2 == 0 else "Developer", effort=8.0 * m,
                       baseline_cost=c, milestone=(i == "M"))
                  for k, (i, n, o, m, p, pr, c) in enumerate(zip(IDS, NAMES, O, ML, P, PREDS, COSTS)))
    charter = Charter("PRJ-001", business_case=business_case, objectives="- Single customer view\n- Retire legacy CRM",
                      in_scope="Sales and service modules", out_of_scope="Marketing automation",
                      deliverables="Configured CRM\nMigrated data", success_criteria="95% of users active in month 1",
                      assumptions="Vendor support available", constraints="Go-live before fiscal year end",
                      stakeholders="Head of Sales\nService desk lead", approved_by="Dana Whitfield",
                      approved_on=dt.date(2026, 12, 1))
    return Portfolio(
        projects=(project,), tasks=tasks,
        resources=(Resource("Ann", "Analyst"), Resource("Dev", "Developer")),
        milestones=(Milestone("PRJ-001", "Go-live", dt.date(2027, 1, 15), dt.date(2027, 1, 18)),),
        risks=(Risk("PRJ-001", "R1", "Vendor delay", 0.3, 4, 5000, 10000, 20000, "Sam Okafor", "Weekly vendor call"),),
        decisions=(Decision("PRJ-001", "Approve data retention policy", dt.date(2027, 1, 8), "Dana Whitfield"),),
        charters=(charter,),
    )


def make_figures(portfolio: Portfolio, project_id: str = "PRJ-001") -> ProjectFigures:
    """Figures from pmokit.addin.schedule's CPM (the calculation core); P50/P80 are stated inputs."""
    result = cpm(IDS, MEANS, PREDS)
    dates = as_dates(result, START, WorkCalendar())
    tasks = [TaskSchedule(i, n, f"1.{k + 1}", "Analyst" if k % 2 == 0 else "Developer", MEANS[k], O[k], ML[k], P[k],
                          dates["early_start"][k], dates["early_finish"][k], dates["late_start"][k],
                          dates["late_finish"][k], float(result.total_float[k]), float(result.free_float[k]),
                          bool(result.critical[k]), 1.0 if result.critical[k] else 0.2,
                          dates["early_finish"][k], dates["early_finish"][k] + dt.timedelta(days=3),
                          milestone=(i == "M"))
             for k, (i, n) in enumerate(zip(IDS, NAMES))]
    finish = max(dates["early_finish"])
    confidence = Confidence(finish, finish + dt.timedelta(days=1), dt.date(2027, 1, 20), 200.0, 240.0, 9.0, 11.0)
    return ProjectFigures(
        project=portfolio.project(project_id), latest=None, previous=None, history=[], evm={}, earned_schedule={},
        bac=100000.0, eac=None, tasks=tasks, critical_path=critical_path(result), confidence=confidence,
        milestones=list(portfolio.milestones), risks=list(portfolio.risks), risk_reserve_p80=12500.0,
        emv_total=3000.0)


# this project's demand, and all projects' (a second project adds 0.25 FTE of Analyst in January)
DEMAND = (ResourceDemand(roles=["Analyst", "Developer"], months=[dt.date(2027, 1, 1), dt.date(2027, 2, 1)],
                         demand_fte=[[0.5, 0.0], [1.5, 0.2]], capacity_fte=[[1.0, 1.0], [1.0, 1.0]]),
          ResourceDemand(roles=["Analyst", "Developer", "Tester"],
                         months=[dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1)],
                         demand_fte=[[0.0, 0.75, 0.0], [0.0, 1.5, 0.2], [1.0, 0.0, 0.0]],
                         capacity_fte=[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]))
FINDINGS = [Problem("Projects", "F2", "baseline finish is before forecast finish", "warning",
                    rule="baseline set", project_id="PRJ-001")]


@pytest.fixture
def portfolio() -> Portfolio:
    return make_portfolio()


@pytest.fixture
def figures(portfolio: Portfolio) -> ProjectFigures:
    return make_figures(portfolio)


@pytest.fixture
def templates_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "templates"
