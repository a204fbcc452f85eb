"""The compute stage shared by the deck, the plan and the charter.

Every figure a document shows is computed here, from the portfolio model, by the very functions
behind the Excel cells (``pmokit.addin.functions``' core modules), so a deck always agrees with the
workbook. Figures are plain data; nothing here lays anything out.

Conventions: money in the workbook's currency; dates are ``datetime.date``; a ratio whose divisor
is zero is ``math.nan`` (Excel's #DIV/0!), shown by the documents as "n/a". Simulations run with
the cells' own defaults (:mod:`pmokit.addin.defaults`: seed 2026, 10,000 iterations), so a figure
here is the one ``=PMO_SRA(…)``, ``=PMO_RISK_RESERVE(…)`` or ``=PMO_FORECAST(…)`` gives over the
same rows.

Dates have three names (README, "Dates"): *baseline* is what was approved (the Projects sheet's
baseline finish, the tasks' and milestones' baselines); *planned* is what the project manager
entered (the Tasks sheet's start and finish, the Projects sheet's and Milestones sheet's forecast
columns); *forecast* is pmokit's own schedule: the critical path of the work still to do from the
status date, with P50 / P80 from the schedule risk analysis (P50 / P85 from throughput for agile
work).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from pmokit.addin import evm as evm_core
from pmokit.addin import forecast, loading, montecarlo, risk, sampling, sra, threepoint
from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.defaults import DEFAULT_ITERATIONS as DEFAULT_ITERATIONS  # the cells' defaults,
from pmokit.addin.defaults import DEFAULT_SEED as DEFAULT_SEED  # one constant for cells and documents
from pmokit.addin.errors import PmoError
from pmokit.addin.schedule import as_dates, critical_path, schedule_network
from pmokit.generators import schedule_risk
from pmokit.generators.boundary import (RISK_ARGUMENTS, STATUS_ARGUMENTS, TASK_ARGUMENTS, THROUGHPUT_ARGUMENTS,
                                        Rows, at_cells)
from pmokit.generators.remaining import forecast_network, missed_deadlines
from pmokit.workbooks.model import ESTIMATE_BASES, Milestone, Portfolio, Project, Risk, StatusReport, Task, Throughput
from pmokit.workbooks.schedule_health import ScheduleHealth, assess_project

HOURS_PER_FTE = 40.0
DEFAULT_SPREAD_BASIS = ESTIMATE_BASES[2]  # the Estimate basis of a three-point estimate pmokit import made up
CLOSED = {"closed", "retired", "occurred", "expired"}  # risk statuses no longer live
RESERVE_CONFIDENCE = 0.8  # the risk reserve's percentile
CONE = (0.5, 0.85)  # the throughput forecast's confidences: P50 and P85 (the agile convention)
RELEASE_CONFIDENCE = 0.85  # "items likely done by the release date"
TREND_PERIODS = 6  # reports the trend charts and RAG history show


@dataclass(frozen=True)
class Simulation:
    """How a simulated figure was made: said beside it, so anyone can rebuild it in a cell."""

    iterations: int
    seed: int

    def __str__(self) -> str:
        return f"{self.iterations:,} iterations, seed {self.seed}"


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
    early_start: dt.date  # forecast: the critical path of the remaining work from the status date
    early_finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    total_float: float  # working days, from the engine: negative where a deadline or constraint cannot be met
    free_float: float
    critical: bool
    criticality: float  # share of simulated iterations in which the task was critical (NaN: not run)
    p50_finish: dt.date | None  # None when the per-task figures were not simulated
    p80_finish: dt.date | None
    milestone: bool = False
    planned_start: dt.date | None = None  # the Tasks sheet's start and finish
    planned_finish: dt.date | None = None
    baseline_start: dt.date | None = None  # the Tasks sheet's baseline
    baseline_finish: dt.date | None = None
    done: bool = False  # 100% complete: its forecast dates are its recorded ones
    deadline: dt.date | None = None  # the Tasks sheet's deadline
    misses_deadline: bool = False  # its forecast finish falls after its deadline

    @property
    def negative_float(self) -> bool:
        """Whether a date it or a task after it must meet (a deadline, an MSO / MFO / SNLT /
        FNLT constraint) cannot be met: total float below zero, as Microsoft Project shows it."""
        return self.total_float < -1e-9


@dataclass(frozen=True)
class Confidence:
    """Monte Carlo confidence for a project: effort (hours) and finish date at P50 / P80.

    The finish dates are the schedule at the reporting date (the status date), as Microsoft
    Project reschedules a plan: finished work on its actual dates, each begun task's three-point
    estimate times its share still to do and every unstarted task after the reporting date,
    constraints and deadlines honoured (``pmokit.generators.remaining``). A project whose tasks
    are all complete shows its actual finish for all three. Durations are working days from the
    project start.
    """

    deterministic_finish: dt.date | None  # the most-likely durations through the network (CPM)
    p50_finish: dt.date | None
    p80_finish: dt.date | None
    p50_effort: float | None
    p80_effort: float | None
    p50_duration: float | None  # working days
    p80_duration: float | None
    register: schedule_risk.ScheduleRisk | None = None  # the open risks that delay tasks (None: none do)


@dataclass(frozen=True)
class BurnUp:
    """Items done (cumulative) and total scope (done + backlog left) at each period end."""

    period_ends: list[dt.date]
    done: list[float]
    scope: list[float | None]  # None where the Throughput row gives no backlog


@dataclass(frozen=True)
class AgileForecast:
    """An agile project's burn-up and throughput forecast (PMO_FORECAST, PMO_FORECAST_ITEMS).

    The forecast resamples every period of the Throughput sheet up to the reporting date, for the
    backlog left at the last period end, from that date in periods of ``period_days``.
    ``release`` is the approved date the items are wanted by: the Projects sheet's baseline finish.
    """

    burn_up: BurnUp
    throughput: list[float]  # items done per period, oldest first (the history resampled)
    backlog: float  # items left at the last period end
    start: dt.date  # the last period end: where the forecast starts
    period_days: int
    p50_finish: dt.date | None  # None when the history has no finished item (never done)
    p85_finish: dt.date | None
    release: dt.date | None
    periods_to_release: int  # whole periods from ``start`` to ``release``
    items_by_release: float | None  # items done by the release date at 85% confidence
    simulation: Simulation


@dataclass(frozen=True)
class TrendPoint:
    """One status report as the trend charts read it."""

    status_date: dt.date
    rag_overall: str
    rag_schedule: str
    rag_cost: str
    rag_scope: str
    cpi: float | None  # NaN for a zero divisor, None without PV, EV and AC
    spi: float | None
    forecast_finish: dt.date | None  # earned schedule's IEAC(t) as a date (waterfall work)
    throughput_p85: dt.date | None  # the throughput forecast at P85 as of that date (agile work)


@dataclass(frozen=True)
class ProjectFigures:
    """Everything the documents say about one project at the reporting date."""

    project: Project
    latest: StatusReport | None  # the last report on or before as_of
    previous: StatusReport | None  # the one before it (for trend arrows)
    history: list[StatusReport]  # reports up to as_of, oldest first
    evm: dict[str, float]  # pmokit.addin.evm keys (CV, CPI, EAC, …); {} without a status report
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
    contingency: float | None = None  # the management reserve the PMO holds (Projects sheet)
    contingency_confidence: float | None = None  # share of simulated register totals it covers
    agile: AgileForecast | None = None  # with a Throughput history
    trend: list[TrendPoint] = field(default_factory=list)  # every report up to as_of, oldest first
    simulation: Simulation = Simulation(DEFAULT_ITERATIONS, DEFAULT_SEED)
    default_estimates: int = 0  # three-point estimates still the import's default spread
    estimates: int = 0  # tasks with a three-point estimate
    # The DCMA 14-point checks of the Tasks rows at the reporting date (=PMO_SCHEDULE_CHECK over
    # them, pmokit.workbooks.schedule_health); None without tasks to check.
    health: ScheduleHealth | None = None

    @property
    def negative_float(self) -> list[str]:
        """Task IDs with negative total float: a deadline or a constraint date (MSO, MFO, SNLT,
        FNLT) the forecast cannot meet, on the task or after it."""
        return [t.task_id for t in self.tasks if t.negative_float]

    @property
    def missed_deadlines(self) -> list[str]:
        """Task IDs whose forecast finish falls after their deadline."""
        return [t.task_id for t in self.tasks if t.misses_deadline]

    @property
    def method(self) -> str:
        """How the finish is forecast: "SRA" (schedule risk on the tasks), "throughput", both
        ("SRA + throughput", a hybrid with both) or "" (neither)."""
        has_sra = self.confidence is not None
        has_flow = self.agile is not None and self.agile.p85_finish is not None
        return "SRA + throughput" if has_sra and has_flow else "SRA" if has_sra else "throughput" if has_flow else ""


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
    detail: bool = True,
) -> ProjectFigures:
    """All figures for one project as of ``as_of`` (default: the latest status date).

    ``detail=False`` skips what only the plan shows (per-task criticality and P50 / P80, the
    effort simulation): the deck's project finish is the same, at a third of the work.
    """
    try:
        project = portfolio.project(project_id)
    except KeyError:
        raise PmoError(f"Projects: there is no project '{project_id}'") from None
    as_of = as_of or reporting_date(portfolio)
    history = [s for s in portfolio.status_of(project_id) if s.status_date <= as_of]
    latest = history[-1] if history else None
    previous = history[-2] if len(history) > 1 else None
    bac = project.budget
    with at_cells(portfolio, project_id, Rows("Status", [latest], STATUS_ARGUMENTS),
                  Rows("Projects", [project], {"bac": "budget"})):
        figures = _evm(bac, latest)
    tasks, path, confidence = _schedule(portfolio, project, as_of, seed=seed, iterations=iterations,
                                        detail=detail)
    held = project.contingency
    with at_cells(portfolio, project_id, Rows("Risks", portfolio.risks_of(project_id), RISK_ARGUMENTS),
                  Rows("Projects", [project], {"amount": "contingency"})):
        risks = open_risks(portfolio.risks_of(project_id))
        totals = _register_totals(risks, seed, iterations)
        reserve = 0.0 if totals is None else float(sampling.percentile(totals, RESERVE_CONFIDENCE))
        emv_total = float(sum(risk_emv(r) for r in risks))
        coverage = None if totals is None or held is None else risk.coverage(totals, held)
    throughput = [t for t in portfolio.throughput_of(project_id) if t.period_end <= as_of]
    with at_cells(portfolio, project_id, Rows("Throughput", throughput, THROUGHPUT_ARGUMENTS)):
        agile = agile_forecast(throughput, project.baseline_finish, seed=seed, iterations=iterations)
        trend = _trend(history, project, throughput, seed=seed, iterations=iterations)
    estimated = [t for t in portfolio.tasks_of(project_id) if t.most_likely is not None]
    return ProjectFigures(
        project=project,
        latest=latest,
        previous=previous,
        history=history,
        evm=figures,
        earned_schedule=_earned_schedule(history, project),
        bac=bac,
        eac=figures.get("EAC") if figures and math.isfinite(figures.get("EAC", math.nan)) else None,
        tasks=tasks,
        critical_path=path,
        confidence=confidence,
        milestones=sorted(portfolio.milestones_of(project_id), key=_milestone_key),
        risks=risks,
        risk_reserve_p80=reserve,
        emv_total=emv_total,
        contingency=held,
        contingency_confidence=coverage,
        agile=agile,
        trend=trend,
        simulation=Simulation(iterations, seed),
        default_estimates=sum(t.estimate_basis == DEFAULT_SPREAD_BASIS for t in estimated),
        estimates=len(estimated),
        health=assess_project(portfolio, project, as_of),
    )


def agile_forecast(throughput: list[Throughput], release: dt.date | None, *, seed: int = DEFAULT_SEED,
                   iterations: int = DEFAULT_ITERATIONS) -> AgileForecast | None:
    """The burn-up and the throughput forecast from a project's Throughput rows (oldest first),
    or ``None`` without rows or without a backlog on the last one."""
    if not throughput or throughput[-1].backlog is None:
        return None
    ends = [t.period_end for t in throughput]
    done = list(np.cumsum([float(t.items_done) for t in throughput]))
    scope = [None if t.backlog is None else d + float(t.backlog) for t, d in zip(throughput, done)]
    history = [float(t.items_done) for t in throughput]
    backlog = float(throughput[-1].backlog)
    start = ends[-1]
    days = period_days(ends)
    simulation = Simulation(iterations, seed)
    p50: dt.date | None
    p85: dt.date | None
    try:
        p50, p85 = forecast.completion_dates(history, backlog, CONE, start, days, iterations, seed)
    except PmoError:  # no item ever finished: the backlog would never be done
        p50 = p85 = None
    periods = max((release - start).days // days, 0) if release else 0
    items = None
    if release is not None and p85 is not None:
        items = min(backlog, forecast.items_in_periods(history, periods, RELEASE_CONFIDENCE, iterations, seed)
                    if periods else 0.0)
    return AgileForecast(BurnUp(ends, [float(d) for d in done], scope), history, backlog, start, days,
                         p50, p85, release, periods, items, simulation)


def period_days(ends: list[dt.date]) -> int:
    """The length of a throughput period in days: the median gap between period ends (7 with
    fewer than two)."""
    gaps = [(b - a).days for a, b in zip(ends, ends[1:])]
    return max(int(np.median(gaps)), 1) if gaps else 7


def _trend(history: list[StatusReport], project: Project, throughput: list[Throughput], *, seed: int,
           iterations: int) -> list[TrendPoint]:
    """Each report's RAG, CPI, SPI and forecast finish; the forecasts for the last
    :data:`TREND_PERIODS` reports only (what the charts show)."""
    points = []
    for k, s in enumerate(history):
        cpi = spi = None
        if None not in (s.pv, s.ev, s.ac):
            out = evm_core.evm([project.budget or 0.0], [s.pv], [s.ev], [s.ac])
            cpi, spi = float(out["CPI"][0]), float(out["SPI"][0])
        recent = k >= len(history) - TREND_PERIODS
        finish = _es_finish(history[:k + 1], project) if recent else None
        flow = None
        if recent and throughput:
            then = [t for t in throughput if t.period_end <= s.status_date]
            agile = agile_forecast(then, None, seed=seed, iterations=iterations) if then else None
            flow = agile.p85_finish if agile else None
        points.append(TrendPoint(s.status_date, s.rag_overall, s.rag_schedule, s.rag_cost, s.rag_scope, cpi, spi,
                                 finish, flow))
    return points


def reporting_date(portfolio: Portfolio) -> dt.date:
    """The default as-of date: the latest status date in the workbook, else today."""
    dates = [s.status_date for s in portfolio.status]
    return max(dates) if dates else dt.date.today()


def portfolio_scurve(portfolio: Portfolio, as_of: dt.date | None = None) -> list[tuple[dt.date, float, float, float]]:
    """The portfolio's cumulative (status date, PV, EV, AC), summed over projects per reporting
    period (each project's latest report on or before each date), up to ``as_of``."""
    as_of = as_of or reporting_date(portfolio)
    reports = sorted((s for s in portfolio.status if s.status_date <= as_of and None not in (s.pv, s.ev, s.ac)),
                     key=lambda s: s.status_date)
    latest: dict[str, StatusReport] = {}
    curve: list[tuple[dt.date, float, float, float]] = []
    for day in sorted({s.status_date for s in reports}):
        for s in reports:
            if s.status_date == day:
                latest[s.project_id] = s
        now = latest.values()
        curve.append((day, sum(_num(s.pv) for s in now), sum(_num(s.ev) for s in now), sum(_num(s.ac) for s in now)))
    return curve


def resource_demand(portfolio: Portfolio, months: list[dt.date] | None = None) -> ResourceDemand:
    """Task effort spread over working days and summed by role and month (PMO_LOAD), beside the
    role's capacity from Resources (respecting available from / to).

    A task's "Resource or Role" names a person from Resources (counted under that person's role)
    or a role directly. Each task's whole effort is spread over its start … finish as the Tasks
    sheet has them now (re-forecast dates for late work), as PMO_LOAD does: the planned loading,
    not the work already booked. Default
    months: twelve, from the month of the reporting date.
    """
    if months is None:
        first = reporting_date(portfolio).replace(day=1)
        months = [add_months(first, i) for i in range(12)]
    calendar = work_calendar(portfolio)
    end = add_months(months[-1], 1)
    role_of = {r.resource: r.role for r in portfolio.resources}
    tasks = [t for t in portfolio.tasks if t.effort and t.start and t.finish and t.resource and t.finish >= t.start]
    roles = sorted({r.role for r in portfolio.resources} | {role_of.get(t.resource, t.resource) for t in tasks})
    if tasks:
        with at_cells(portfolio, "", Rows("Tasks", tasks, TASK_ARGUMENTS)):
            load = loading.spread(
                [role_of.get(t.resource, t.resource) for t in tasks], [t.start for t in tasks],
                [t.finish for t in tasks], [float(t.effort or 0) for t in tasks],
                months, calendar=calendar, end=end,
            )
        by_name = dict(zip(load.names, load.matrix))
    else:
        by_name = {}
    workdays = [calendar.workdays_between(m, add_months(m, 1) - dt.timedelta(days=1)) for m in months]
    fte_hours = [HOURS_PER_FTE * w / calendar.days_per_week for w in workdays]
    demand_h = [[float(x) for x in by_name.get(role, np.zeros(len(months)))] for role in roles]
    capacity_h = [[0.0] * len(months) for _ in roles]
    for r in portfolio.resources:
        i = roles.index(r.role)
        for j, m in enumerate(months):
            last = add_months(m, 1) - dt.timedelta(days=1)
            lo = max(m, r.available_from or m)
            hi = min(last, r.available_to or last)
            if hi >= lo:
                capacity_h[i][j] += r.capacity * calendar.workdays_between(lo, hi) / calendar.days_per_week
    return ResourceDemand(
        roles=roles,
        months=months,
        demand_fte=[[h / f for h, f in zip(row, fte_hours)] for row in demand_h],
        capacity_fte=[[h / f for h, f in zip(row, fte_hours)] for row in capacity_h],
        demand_hours=demand_h,
        capacity_hours=capacity_h,
    )


def risk_reserve(portfolio: Portfolio, percentile: float = RESERVE_CONFIDENCE, project_id: str | None = None, *,
                 seed: int = DEFAULT_SEED, iterations: int = DEFAULT_ITERATIONS) -> float:
    """The risk reserve at ``percentile`` over open risks (PMO_RISK_RESERVE)."""
    risks = portfolio.risks if project_id is None else portfolio.risks_of(project_id)
    totals = _register_totals(open_risks(risks), seed, iterations)
    return 0.0 if totals is None else float(sampling.percentile(totals, percentile))


@dataclass(frozen=True)
class Reserves:
    """A portfolio's reserves: the P80 risk reserve over all open risks (advice) and the
    contingency its projects hold (what is funded), with the confidence the held amount buys."""

    risk_reserve_p80: float  # 0 without costed open risks
    contingency: float | None  # summed over the projects that state one; None when none does
    confidence: float | None  # share of the simulated register totals the contingency covers
    simulation: Simulation


def portfolio_reserves(portfolio: Portfolio, *, seed: int = DEFAULT_SEED,
                       iterations: int = DEFAULT_ITERATIONS) -> Reserves:
    """The reserves of every project of ``portfolio`` together: one simulation of the register."""
    totals = _register_totals(open_risks(portfolio.risks), seed, iterations)
    held = [p.contingency for p in portfolio.projects if p.contingency is not None]
    contingency = float(sum(held)) if held else None
    return Reserves(
        0.0 if totals is None else float(sampling.percentile(totals, RESERVE_CONFIDENCE)), contingency,
        None if totals is None or contingency is None else risk.coverage(totals, contingency),
        Simulation(iterations, seed))


def work_calendar(portfolio: Portfolio) -> WorkCalendar:
    """The workbook's working week and holidays as the core's calendar."""
    return WorkCalendar(portfolio.calendar.weekmask, portfolio.calendar.holiday_dates)


def open_risks(risks: list[Risk] | tuple[Risk, ...]) -> list[Risk]:
    """Risks not closed, highest score first (probability band × impact), then highest EMV."""
    return sorted(open_risks_in_order(risks), key=lambda r: (-risk_score(r), -risk_emv(r), r.risk_id))


def open_risks_in_order(risks: list[Risk] | tuple[Risk, ...]) -> list[Risk]:
    """Risks not closed, in the Risks sheet's order: the register the cells are given."""
    return [r for r in risks if r.status.strip().lower() not in CLOSED]


def risk_score(r: Risk) -> int:
    """A risk's 1–25 score: its probability band (PMO_RISK_SCORE's 1–5 scale) times impact."""
    band = int(risk.probability_rating([r.probability])[0])
    return int(risk.risk_score([band], [r.impact])[0])


def _evm(bac: float | None, latest: StatusReport | None) -> dict[str, float]:
    if latest is None or bac is None or None in (latest.pv, latest.ev, latest.ac):
        return {}
    out = evm_core.evm([bac], [latest.pv], [latest.ev], [latest.ac])
    return {k: float(v[0]) for k, v in out.items()}


def _earned_schedule(history: list[StatusReport], project: Project) -> dict[str, float]:
    """Earned schedule (PMO_ES) against the plan the status history records.

    The Status sheet's PV column is the cumulative plan up to the reporting date; past it the
    plan runs on to BAC at the baseline finish, spread evenly over the remaining months (an
    assumption, said in the documents), so IEAC(t) counts the whole planned duration in reporting
    periods. Needs at least two reports with PV, EV and AC.
    """
    found = _es_plan(history, project)
    return {} if found is None else found[2]


def _es_plan(history: list[StatusReport],
             project: Project) -> tuple[list[dt.date], list[float], dict[str, float]] | None:
    """The plan's period ends and cumulative PV (the reports', run on to BAC at the baseline
    finish) and earned schedule over them; None without two reports with PV, EV and AC."""
    rows = [s for s in history if None not in (s.pv, s.ev, s.ac)]
    if len(rows) < 2:
        return None
    ends = [s.status_date for s in rows]
    plan = [_num(s.pv) for s in rows]
    bac, finish = project.budget, project.baseline_finish
    if bac is not None and finish is not None and finish > ends[-1] and bac > plan[-1]:
        last_day, last_pv = ends[-1], plan[-1]
        month = add_months(last_day.replace(day=1), 1)
        while True:
            end = min(add_months(month, 1) - dt.timedelta(days=1), finish)
            share = (end - last_day).days / (finish - last_day).days
            ends.append(end)
            plan.append(last_pv + (bac - last_pv) * share)
            if end >= finish:
                break
            month = add_months(month, 1)
    last = rows[-1]
    try:
        return ends, plan, evm_core.earned_schedule(ends, plan, _num(last.ev), last.status_date, ac=last.ac,
                                                    bac=bac)
    except PmoError:
        return None


def _es_finish(history: list[StatusReport], project: Project) -> dt.date | None:
    """Earned schedule's forecast finish as a date: Lipke's IEAC(t) = planned duration ÷ SPI(t),
    the planned duration in days from the plan's start (one report period before the first
    report, where earned schedule counts from) to its end: the baseline finish, or the report at
    which planned value reaches its total when that comes first. Counting in days, not periods,
    keeps a short last period (a baseline finish days after a report) from shrinking the forecast."""
    found = _es_plan(history, project)
    if found is None:
        return None
    ends, plan, es = found
    spi = es.get("SPI_T", math.nan)
    if not math.isfinite(spi) or spi <= 0:
        return None
    start = ends[0] - (ends[1] - ends[0])
    k = next(i for i, v in enumerate(plan) if v >= plan[-1])  # the period the plan reaches its total
    end = ends[k]
    finish = project.baseline_finish
    if finish is not None and (k == 0 or ends[k - 1] < finish) and finish < end:
        end = finish  # the plan ends at its baseline finish, not at the report after it
    return start + dt.timedelta(days=math.ceil((end - start).days / spi - 1e-9))


def _schedule(portfolio: Portfolio, project: Project, as_of: dt.date, *, seed: int,
              iterations: int, detail: bool = True) -> tuple[list[TaskSchedule], list[str], Confidence | None]:
    tasks = [t for t in portfolio.tasks_of(project.project_id)
             if None not in (t.optimistic, t.most_likely, t.pessimistic)]
    if not tasks:
        return [], [], None
    with at_cells(portfolio, project.project_id, Rows("Tasks", tasks, TASK_ARGUMENTS)):
        return _scheduled(portfolio, project, tasks, as_of, seed=seed, iterations=iterations, detail=detail)


def _scheduled(portfolio: Portfolio, project: Project, tasks: list[Task], as_of: dt.date, *, seed: int,
               iterations: int, detail: bool) -> tuple[list[TaskSchedule], list[str], Confidence | None]:
    calendar = work_calendar(portfolio)
    start = project.start or min((t.start for t in tasks if t.start), default=as_of)
    o, m, p = threepoint.check_three_point([_num(t.optimistic) for t in tasks], [_num(t.most_likely) for t in tasks],
                                           [_num(t.pessimistic) for t in tasks])
    # The forecast is the engine's schedule at the status date, as Microsoft Project reschedules a
    # plan: finished work on its actual dates, the rest of begun work (its estimate times its share
    # left) and all unstarted work after the status date, constraints and deadlines honoured
    # (pmokit.generators.remaining). The same network is the critical path (at PERT means) and the
    # simulation (PMO_SRA, from the most likely durations), in working days from the project start.
    mean = threepoint.pert_mean(o, m, p)
    plan = schedule_network(*forecast_network(tasks, mean, start, as_of, calendar))
    dates = as_dates(plan, start, calendar)
    late = missed_deadlines(plan)
    assert plan.bounds is not None  # the forecast's network always carries the status date
    complete = plan.bounds.complete  # finished: an actual finish, 100%, or no remaining duration
    ids = [t.task_id for t in tasks]
    register = schedule_risk.register(open_risks_in_order(portfolio.risks_of(project.project_id)), ids,
                                      {i for i, done in zip(ids, complete) if done})
    network, _ = forecast_network(tasks, m, start, as_of, calendar)
    sim = sra.simulate(None, o, m, p, None, iterations, seed=seed, tasks=detail, network=network,
                       risks=register.events)

    def day(x: float) -> dt.date:
        return calendar.add_workdays(start, max(math.ceil(x - 1e-9) - 1, 0))

    rows = []
    for i, t in enumerate(tasks):
        done = bool(complete[i])
        ef = dates["early_finish"][i]
        p50 = p80 = None
        if detail:
            p50 = ef if done else day(float(sim.task_p50[i]))
            p80 = ef if done else day(float(sim.task_p80[i]))
        rows.append(TaskSchedule(
            task_id=t.task_id, name=t.name, wbs=t.wbs, resource=t.resource,
            duration=float(mean[i]), optimistic=float(o[i]),
            most_likely=float(m[i]), pessimistic=float(p[i]),
            early_start=dates["early_start"][i], early_finish=ef, late_start=dates["late_start"][i],
            late_finish=dates["late_finish"][i], total_float=float(plan.total_float[i]),
            free_float=float(plan.free_float[i]), critical=bool(plan.critical[i]),
            criticality=float(sim.criticality[i]) if detail else math.nan,
            p50_finish=p50, p80_finish=p80, milestone=t.milestone,
            planned_start=t.start, planned_finish=t.finish, baseline_start=t.baseline_start,
            baseline_finish=t.baseline_finish, done=done, deadline=t.deadline,
            misses_deadline=bool(late[i]),
        ))
    effort = _effort_confidence(tasks, o, m, p, seed, iterations) if detail else (None, None)
    if complete.all():
        # All work is done: the finish is a fact, not a forecast.
        done_on = max(r.early_finish for r in rows)
        finish = {"ml": done_on, "p50": done_on, "p80": done_on}
    else:
        finish = {"ml": day(sim.deterministic_finish), "p50": day(sra.finish_percentile(sim, 0.5)),
                  "p80": day(sra.finish_percentile(sim, 0.8))}
    exposure = schedule_risk.exposure(register, network, o, m, p, sim, seed=seed, iterations=iterations,
                                      day=day)  # None once every task it hits is done
    confidence = Confidence(
        deterministic_finish=finish["ml"],
        p50_finish=finish["p50"],
        p80_finish=finish["p80"],
        p50_effort=effort[0],
        p80_effort=effort[1],
        p50_duration=sra.finish_percentile(sim, 0.5),
        p80_duration=sra.finish_percentile(sim, 0.8),
        register=exposure,
    )
    return rows, critical_path(plan), confidence


def _effort_confidence(tasks: list[Task], o: np.ndarray, m: np.ndarray, p: np.ndarray,
                       seed: int, iterations: int) -> tuple[float | None, float | None]:
    """P50 / P80 of the project's total effort (hours) by PMO_MC: each task's effort is taken
    to scale with its duration, so its three-point effort is effort × (O, M, P) / M."""
    usable = [i for i, t in enumerate(tasks) if t.effort and m[i] > 0]
    if not usable:
        return None, None
    e = np.array([float(tasks[i].effort or 0) for i in usable])
    ratio_o, ratio_p = o[usable] / m[usable], p[usable] / m[usable]
    samples = montecarlo.total_samples(e * ratio_o, e, e * ratio_p, iterations, seed=seed)
    return float(sampling.percentile(samples, 0.5)), float(sampling.percentile(samples, 0.8))


def register_inputs(risks: list[Risk]) -> tuple[list[float], list[float], list[float], list[float]]:
    """The costed open risks as PMO_RISK_RESERVE reads them: probability, min, likely, max."""
    costed = [r for r in risks if None not in (r.cost_min, r.cost_likely, r.cost_max)]
    return ([r.probability for r in costed], [_num(r.cost_min) for r in costed],
            [_num(r.cost_likely) for r in costed], [_num(r.cost_max) for r in costed])


def _register_totals(risks: list[Risk], seed: int, iterations: int) -> np.ndarray | None:
    """The simulated total cost of the costed risks per iteration (None without any)."""
    chance, low, likely, high = register_inputs(risks)
    if not chance:
        return None
    return risk.register_totals(chance, low, likely, high, iterations, seed)


def risk_emv(r: Risk) -> float:
    """EMV = probability × expected cost impact; with a three-point cost impact, its PERT mean."""
    if None not in (r.cost_min, r.cost_likely, r.cost_max):
        cost = float(threepoint.pert_mean([_num(r.cost_min)], [_num(r.cost_likely)], [_num(r.cost_max)])[0])
    else:
        cost = float(r.cost_likely or 0.0)
    return float(risk.emv([r.probability], [cost])[0])


def _num(x: float | None) -> float:
    return 0.0 if x is None else float(x)


def _milestone_key(m: Milestone) -> dt.date:
    return m.forecast_date or m.baseline_date or dt.date.max


def add_months(d: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months after ``d``'s month."""
    y, mo = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, mo + 1, 1)
