"""The compute stage shared by the deck, the plan and the charter.

Every figure a document shows is computed here, from the portfolio model, by the very functions
behind the Excel cells (``addin.functions``' core modules), so a deck always agrees with the
workbook. Figures are plain data; nothing here lays anything out.

Conventions: money in the workbook's currency; dates are ``datetime.date``; a ratio whose divisor
is zero is ``math.nan`` (Excel's #DIV/0!), shown by the documents as "n/a".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generators.model import Milestone, Portfolio, Project, Risk, StatusReport

DEFAULT_SEED = 20240601
DEFAULT_ITERATIONS = 5000


@dataclass(frozen=True)
class TaskSchedule:
    """One task's CPM result, in working-day numbers from the project start and as dates."""

    task_id: str
    name: str
    wbs: str
    resource: str
    duration: float  # PERT mean, working days
    optimistic: float
    most_likely: float
    pessimistic: float
    early_start: dt.date
    early_finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    total_float: float  # working days
    free_float: float
    critical: bool
    criticality: float  # share of simulated iterations in which the task was critical
    p50_finish: dt.date
    p80_finish: dt.date
    milestone: bool = False


@dataclass(frozen=True)
class Confidence:
    """Monte Carlo confidence for a project: effort (hours) and finish date at P50 / P80."""

    deterministic_finish: dt.date | None
    p50_finish: dt.date | None
    p80_finish: dt.date | None
    p50_effort: float | None
    p80_effort: float | None
    p50_duration: float | None  # working days
    p80_duration: float | None


@dataclass(frozen=True)
class ProjectFigures:
    """Everything the documents say about one project at the reporting date."""

    project: Project
    latest: StatusReport | None  # the last report on or before as_of
    previous: StatusReport | None  # the one before it (for trend arrows)
    history: list[StatusReport]  # reports up to as_of, oldest first
    evm: dict[str, float]  # addin.evm keys (CV, CPI, EAC, …); {} without a status report
    earned_schedule: dict[str, float]  # ES, AT, SV_T, SPI_T, IEAC_T; {} when it cannot be computed
    bac: float | None
    eac: float | None
    tasks: list[TaskSchedule]  # in the Tasks sheet's order; [] without tasks
    critical_path: list[str]  # task IDs in order
    confidence: Confidence | None
    milestones: list[Milestone]
    risks: list[Risk]  # open risks, highest score first
    risk_reserve_p80: float  # 0 without risks
    emv_total: float


@dataclass(frozen=True)
class ResourceDemand:
    """Demand and capacity by role and month, in FTE."""

    roles: list[str]
    months: list[dt.date]  # first day of each month
    demand_fte: list[list[float]]  # [role][month]
    capacity_fte: list[list[float]]  # [role][month]
    demand_hours: list[list[float]] = field(default_factory=list)
    capacity_hours: list[list[float]] = field(default_factory=list)

    @property
    def hiring_gap_fte(self) -> float:
        """The largest shortfall over the months, summed over roles (FTE to hire)."""
        gaps = [
            max((d - c for d, c in zip(dem, cap)), default=0.0)
            for dem, cap in zip(self.demand_fte, self.capacity_fte)
        ]
        return float(sum(g for g in gaps if g > 0))


def project_figures(
    portfolio: Portfolio,
    project_id: str,
    as_of: dt.date | None = None,
    *,
    seed: int = DEFAULT_SEED,
    iterations: int = DEFAULT_ITERATIONS,
) -> ProjectFigures:
    """All figures for one project as of ``as_of`` (default: the latest status date)."""
    raise NotImplementedError


def reporting_date(portfolio: Portfolio) -> dt.date:
    """The default as-of date: the latest status date in the workbook, else today."""
    raise NotImplementedError


def portfolio_scurve(portfolio: Portfolio, as_of: dt.date | None = None) -> list[tuple[dt.date, float, float, float]]:
    """The portfolio's cumulative (status date, PV, EV, AC), summed over projects per reporting
    period (each project's latest report on or before each date), up to ``as_of``."""
    raise NotImplementedError


def resource_demand(portfolio: Portfolio, months: list[dt.date] | None = None) -> ResourceDemand:
    """Task effort spread over working days and summed by role and month (PMO_LOAD), beside the
    role's capacity from Resources (respecting available from / to)."""
    raise NotImplementedError


def risk_reserve(portfolio: Portfolio, percentile: float = 0.8, project_id: str | None = None, *, seed: int = DEFAULT_SEED) -> float:
    """The risk reserve at ``percentile`` over open risks (PMO_RISK_RESERVE)."""
    raise NotImplementedError
