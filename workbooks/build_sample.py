"""Build the sample PMO workbook (``workbooks/portfolio.xlsx``) from code, reproducibly.

``python -m pmokit.workbooks.build_sample`` writes the workbook; :func:`sample_portfolio` gives the same
data as a :class:`~pmokit.workbooks.model.Portfolio` for tests and generators. Everything random comes
from one NumPy generator with a fixed seed, so two builds are equal.

How the numbers hang together (the reporting date is Friday 2026-11-27):

- Each project's tasks are scheduled twice with the critical path method over the working
  calendar (Monday–Friday, NRW public holidays): the *baseline* on most-likely durations, the
  *forecast* on durations stretched by the project's slip. Task start/finish are the forecast.
- % complete at a date is the share of a task's forecast working days gone by then (in 5% steps),
  so EV(t) = Σ baseline cost × % complete(t), PV(t) = the same on the baseline dates, and a slipping
  project's SPI falls below 1 because its work is later than planned.
- AC(t) = EV(t) / CPI(t), CPI running from the project's first to its last value (its cost story);
  each task's actual cost is its earned value at the last CPI, so the Tasks sheet adds up to the
  last status report.
- Work begun or done records its actual start (and finish) on the Tasks sheet, as Microsoft
  Project keeps them; DWP-04 carries constraints and a deadline (:data:`CONSTRAINTS`), which its
  forecast dates honour.
- RAG: cost from CPI and schedule from SPI at the DOMAIN.md thresholds (Green ≥ 0.95, Amber ≥ 0.85),
  scope and resources from the project's story, overall the worst of the four.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.constraints import Pins
from pmokit.addin.schedule import as_dates, cpm
from pmokit.workbooks.model import (Calendar, Holiday, Milestone, Portfolio, Project, Resource, StatusReport,
                              Task, Throughput)
from pmokit.workbooks.sample_governance import charters, decisions, risks
from pmokit.workbooks.sample_import import with_imported_plan
from pmokit.workbooks.sample_plan import PlannedTask, links_text, plan_tasks
from pmokit.workbooks.sample_texts import CURRENCY, GROUP, HOLIDAYS, PEOPLE, PROJECTS, ProjectText

STATUS_DATE = dt.date(2026, 11, 27)
HISTORY_MONTHS = 12
PLAN_GATE = dt.date(2027, 1, 11)  # projects in Plan start building after the January investment board
# A plan not yet fit for a schedule risk analysis (issue 12, the DCMA health checks): the vendor's
# data-vault estimate is one 60-day block; the go-live date the business announced is typed in as a
# Must Finish On and the claims ingestion as Finish No Later Than the claims system's release
# freeze, both on their baseline dates, which the slower first phase already misses (negative float).
UNHEALTHY = "DWP-08"
LUMPED = ("Iteration – Data vault core model", 60)
PINNED = {"Go-live": "MFO", "Iteration – Ingestion from claims system": "FNLT"}
OUTPUT = Path(__file__).with_name("portfolio.xlsx")
RAG_ORDER = ("Green", "Amber", "Red")
# Share of a working day a role books on its task: managers and coaches run several things at once.
ALLOCATION = {"Project manager": 0.5, "Product owner": 0.5, "Scrum master": 0.5, "Solution architect": 0.7,
              "Security engineer": 0.6, "Change & training lead": 0.6}


def sample_portfolio(seed: int = 7) -> Portfolio:
    """Give the sample project group "Digital Workplace & Platforms" as a portfolio model.

    Deterministic: the same seed gives an equal portfolio.
    """
    rng = np.random.default_rng(seed)
    calendar = Calendar(tuple(Holiday(d, name) for d, name in HOLIDAYS), "1111100")
    work = WorkCalendar(calendar.weekmask, calendar.holiday_dates)
    people = {name: (role, hours, rate) for name, role, _, hours, rate, _, _ in PEOPLE}
    projects, tasks, status, milestones, throughput = [], [], [], [], []
    for number, p in enumerate(PROJECTS):
        built = _project(p, rng, work, people)
        projects.append(built.project)
        tasks += built.tasks
        status += built.status
        milestones += built.milestones
        # Its own generator per project: a team's throughput story changes nothing else.
        throughput += _throughput(p, np.random.default_rng([seed, number]), work)
    return with_imported_plan(Portfolio(  # DWP-11 comes from a Microsoft Project plan (sample_import.py)
        projects=tuple(projects), tasks=tuple(tasks),
        resources=tuple(Resource(n, r, t, h, c, f, u) for n, r, t, h, c, f, u in PEOPLE),
        calendar=calendar, status=tuple(status), milestones=tuple(milestones),
        risks=risks(), decisions=decisions(), charters=charters(), throughput=tuple(throughput),
    ))


class _Built:
    def __init__(self, project: Project, tasks: list[Task], status: list[StatusReport],
                 milestones: list[Milestone]) -> None:
        self.project, self.tasks, self.status, self.milestones = project, tasks, status, milestones


#: Constraints and deadlines the project managers set, by project and task name: (type, date,
#: deadline). DWP-04's test environments are frozen over the year end, so the last integration
#: test cycle cannot start before Monday 4 January 2027; the migration vendor's cutover team is
#: booked from Monday 1 February; the sponsor announced go-live for Tuesday 2 March 2027, which
#: the recovery plan holds by signing UAT off by Friday 19 February.
CONSTRAINTS: dict[tuple[str, str], tuple[str, dt.date | None, dt.date | None]] = {
    ("DWP-04", "System integration test, cycle 3"): ("SNET", dt.date(2027, 1, 4), None),
    ("DWP-04", "Cutover plan and dress rehearsal"): ("SNET", dt.date(2027, 2, 1), None),
    ("DWP-04", "UAT signed off"): ("", None, dt.date(2027, 2, 19)),
    ("DWP-04", "Go-live"): ("", None, dt.date(2027, 3, 2)),
}


def _constraints(p: ProjectText, plan: list[PlannedTask]) -> list[tuple[str, dt.date | None, dt.date | None]]:
    return [CONSTRAINTS.get((p.project_id, t.name), ("", None, None)) for t in plan]


def _schedule(plan: list[PlannedTask], durations: list[int], start: dt.date,
              work: WorkCalendar, pinned: list[tuple[str, dt.date | None, dt.date | None]] | None = None
              ) -> tuple[list[dt.date], list[dt.date]]:
    """The plan's early dates; ``pinned`` (the project's constraints) holds tasks to their dates."""
    ids = [str(i + 1) for i in range(len(plan))]
    pins = None if pinned is None else Pins.from_dates(
        start, work, constraint_types=[c[0] for c in pinned], constraint_dates=[c[1] for c in pinned])
    result = cpm(ids, durations, [links_text(t, ids) for t in plan], pins)
    dates = as_dates(result, start, work)
    return dates["early_start"], dates["early_finish"]


def _gate_lag(p: ProjectText, rng: np.random.Generator, work: WorkCalendar) -> int:
    """Working days between design sign-off and the January board, for a project in Plan."""
    if p.stage != "Plan":
        return 0
    state = rng.bit_generator.state
    plan = plan_tasks(p, rng)
    rng.bit_generator.state = state  # the real plan draws the same durations
    _, finish = _schedule(plan, _forecast(p, plan, np.random.default_rng(0), flat=True), p.start, work)
    signed = next(i for i, t in enumerate(plan) if t.name == "Design signed off")
    return max(work.workday_number(finish[signed], PLAN_GATE) - 1, 0)


def _forecast(p: ProjectText, plan: list[PlannedTask], rng: np.random.Generator,
              flat: bool = False) -> list[int]:
    out = []
    for t in plan:
        stretch = 1.0 if t.fixed_cost else p.slip.get(t.phase, 1.0)  # orders go out on time
        noise = 1.0 if flat or stretch == 1.0 else float(rng.uniform(0.95, 1.08))
        out.append(t.most_likely if t.milestone else max(1, math.ceil(t.most_likely * stretch * noise - 1e-9)))
    return out


def _done(start: dt.date, finish: dt.date, days: int, when: dt.date, work: WorkCalendar) -> float:
    """% complete at ``when`` of a task worked ``start``..``finish``, in 5% steps."""
    if days == 0:
        return 1.0 if finish <= when else 0.0
    if when < start:
        return 0.0
    gone = work.workdays_between(start, min(when, finish))
    return round(min(gone / days, 1.0) * 20) / 20


def _project(p: ProjectText, rng: np.random.Generator, work: WorkCalendar,
             people: dict[str, tuple[str, float, float]]) -> _Built:
    lag = _gate_lag(p, rng, work)
    plan = plan_tasks(p, rng, lag)
    if p.project_id == UNHEALTHY:  # the same random draws: only the one estimate changes
        plan = [dataclasses.replace(t, most_likely=LUMPED[1]) if t.name == LUMPED[0] else t for t in plan]
    ids = [str(i + 1) for i in range(len(plan))]
    base_start, base_finish = _schedule(plan, [t.most_likely for t in plan], p.start, work)
    durations = _forecast(p, plan, rng)
    pinned = _constraints(p, plan)
    start, finish = _schedule(plan, durations, p.start, work, pinned)
    cpi_end = p.cpi[1]
    tasks: list[Task] = []
    turn: dict[str, int] = {}
    for i, t in enumerate(plan):
        who = _assign(p, t, turn)
        role, hours, rate = people.get(who, (t.role, 40.0, _role_rate(t.role, people)))
        effort = float(round(t.most_likely * 8 * hours / 40 * ALLOCATION.get(t.role, 1.0)))
        cost = float(round(effort * rate + t.fixed_cost))
        o, m, pe = _three_point(t.most_likely, rng)
        done = _done(start[i], finish[i], durations[i], STATUS_DATE, work)
        kind, on, deadline = pinned[i]
        tasks.append(Task(
            p.project_id, ids[i], t.name, t.wbs, o, m, pe, links_text(t, ids), who, effort,
            start[i], finish[i], done, cost, float(round(cost * done / cpi_end)) if done else None,
            t.milestone, actual_start=start[i] if done > 0 else None,
            actual_finish=finish[i] if done >= 1 else None, constraint_type=kind, constraint_date=on,
            deadline=deadline))
    if p.project_id == UNHEALTHY:  # pinned to their baseline dates
        tasks = [dataclasses.replace(t, constraint_type=PINNED[t.name], constraint_date=base_finish[i])
                 if t.name in PINNED else t for i, t in enumerate(tasks)]
    bac = float(sum(t.baseline_cost or 0.0 for t in tasks))
    project = Project(
        p.project_id, p.name, GROUP, p.sponsor, p.manager, p.methodology, p.stage, p.priority,
        p.start, max(base_finish), max(finish), bac, float(round(bac * 0.1, -3)), CURRENCY)
    status = _status(p, plan, tasks, base_start, base_finish, durations, rng, work)
    return _Built(project, tasks, status, _milestones(p, plan, base_finish, finish))


def _assign(p: ProjectText, task: PlannedTask, turn: dict[str, int]) -> str:
    """The stream's developer, else the next team member with the role (round robin); the role
    itself when the project has nobody in it yet (or is not staffed: Initiate)."""
    role = task.role
    names = p.team.get(role, ())
    if not names or p.stage == "Initiate":
        return role
    if task.stream is not None:
        return names[task.stream % len(names)]
    k = turn.get(role, 0)
    turn[role] = k + 1
    return names[k % len(names)]


def _role_rate(role: str, people: dict[str, tuple[str, float, float]]) -> float:
    rates = [rate for r, _, rate in people.values() if r == role]
    return float(np.mean(rates)) if rates else 90.0


def _three_point(ml: int, rng: np.random.Generator) -> tuple[float, float, float]:
    if ml == 0:
        return 0.0, 0.0, 0.0
    o = max(1, round(ml * rng.uniform(0.6, 0.9)))
    pe = max(ml + 1, round(ml * rng.uniform(1.25, 2.0)))
    return float(min(o, ml)), float(ml), float(pe)


def report_dates(first: dt.date, last: dt.date, work: WorkCalendar) -> list[dt.date]:
    """The month-end reporting dates (each month's last working Friday or the working day before)
    after ``first`` and up to ``last``, at most :data:`HISTORY_MONTHS` of them."""
    out = []
    y, m = first.year, first.month
    while True:
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        friday = nxt - dt.timedelta(days=(nxt.weekday() - 4) % 7 or 7)
        day = work.add_workdays(friday, 0) if work.is_workday(friday) else work.add_workdays(friday, -1)
        if day > last:
            break
        if (day - first).days >= 14:
            out.append(day)
        y, m = nxt.year, nxt.month
    return out[-HISTORY_MONTHS:]


def _status(p: ProjectText, plan: list[PlannedTask], tasks: list[Task], base_start: list[dt.date],
            base_finish: list[dt.date], durations: list[int], rng: np.random.Generator,
            work: WorkCalendar) -> list[StatusReport]:
    if p.start >= STATUS_DATE:
        return []
    end = max(t.finish for t in tasks if t.finish)
    dates = report_dates(p.start, min(STATUS_DATE, work.add_workdays(end, 20)), work)
    costs = np.array([t.baseline_cost or 0.0 for t in tasks])
    n = len(dates)
    cpis = np.linspace(p.cpi[0], p.cpi[1], n) + np.append(rng.normal(0, 0.008, n - 1), 0.0)
    pv, ev = np.zeros(n), np.zeros(n)
    for k, d in enumerate(dates):
        pv[k] = sum(c * _done(s, f, t.most_likely, d, work)
                    for c, s, f, t in zip(costs, base_start, base_finish, plan))
        ev[k] = sum(c * _done(t.start, t.finish, days, d, work) for c, t, days in zip(costs, tasks, durations)
                    if t.start and t.finish)
    ac = np.maximum.accumulate(ev / cpis)
    ac[-1] = sum(t.actual_cost or 0.0 for t in tasks) if dates[-1] == STATUS_DATE else ac[-1]
    ac = np.minimum.accumulate(ac[::-1])[::-1]
    out = []
    for k, d in enumerate(dates):
        spi = ev[k] / pv[k] if pv[k] else 1.0
        cpi = ev[k] / ac[k] if ac[k] else 1.0
        rags = [_rag(cpi), _rag(spi), _story(p.scope_rag, k), _story(p.resources_rag, k)]
        overall = max(rags, key=RAG_ORDER.index)
        summary, steps = _narrative(p, tasks, dates, k, cpi, spi)
        out.append(StatusReport(p.project_id, d, float(round(pv[k])), float(round(ev[k])), float(round(ac[k])),
                                overall, rags[1], rags[0], rags[2], rags[3], summary, steps))
    return out


def _rag(index: float) -> str:
    return "Green" if index >= 0.95 else "Amber" if index >= 0.85 else "Red"


def _story(changes: dict[int, str], k: int) -> str:
    rag = "Green"
    for since, value in sorted(changes.items()):
        if k >= since:
            rag = value
    return rag


class _Span(NamedTuple):
    name: str
    milestone: bool
    start: dt.date
    finish: dt.date


def _narrative(p: ProjectText, tasks: list[Task], dates: list[dt.date], k: int,
               cpi: float, spi: float) -> tuple[str, str]:
    """A PM's summary and next steps for report ``k``, read off the tasks' dates."""
    d = dates[k]
    since = dates[k - 1] if k else p.start - dt.timedelta(days=1)
    real = [_Span(t.name, t.milestone, t.start, t.finish) for t in tasks if t.start and t.finish]
    finished = [t.name for t in real if since < t.finish <= d]
    running = [t for t in real if t.start <= d < t.finish]
    parts = [p.notes[f"{d:%Y-%m}"]] if f"{d:%Y-%m}" in p.notes else []
    if finished:
        more = f" and {len(finished) - 3} more." if len(finished) > 3 else "."
        parts.append("Completed: " + "; ".join(finished[:3]) + more)
    if running:
        parts.append("In progress: " + "; ".join(t.name for t in running[:3]) + ".")
    later = sorted((t for t in real if t.start > d and not t.milestone), key=lambda t: t.start)
    if not running and not later:
        parts.append("All work delivered; project in closure.")
    elif not running:
        parts.append(f"No work in progress: the plan resumes with {later[0].name} on {later[0].start:%d %b %Y}.")
    parts.append(f"CPI {cpi:.2f}, SPI {spi:.2f}.")
    ahead = d + dt.timedelta(days=35)
    starting = [t for t in later if t.start <= ahead]
    due = [t for t in real if t.milestone and d < t.finish <= ahead + dt.timedelta(days=30)]
    steps = []
    if starting:
        steps.append("Start " + "; ".join(f"{t.name} ({t.start:%d %b})" for t in starting[:3]) + ".")
    if due:
        steps.append(f"Milestone '{due[0].name}' forecast for {due[0].finish:%d %b %Y}.")
    if spi < 0.9:
        steps.append("Recovery plan for the schedule to the steering committee.")
    if cpi < 0.9:
        steps.append("Cost review with finance; estimate to complete re-baselined.")
    if not steps:
        steps.append("Continue current work; no escalations." if running
                     else f"Hold until {later[0].start:%d %b %Y}; keep the plan and risks current." if later
                     else "Close remaining actions and archive project records.")
    return " ".join(parts), " ".join(steps)


def _milestones(p: ProjectText, plan: list[PlannedTask], base: list[dt.date],
                forecast: list[dt.date]) -> list[Milestone]:
    out = []
    stale = p.project_id == "DWP-04"  # its PM has not re-forecast one milestone: overdue
    for i, t in enumerate(plan):
        if not t.milestone:
            continue
        actual = forecast[i] if forecast[i] <= STATUS_DATE else None
        shown = forecast[i]
        if stale and actual is None and base[i] < STATUS_DATE:
            shown, stale = base[i], False
        out.append(Milestone(p.project_id, t.name, base[i], shown, actual))
    return out


def _throughput(p: ProjectText, rng: np.random.Generator, work: WorkCalendar) -> list[Throughput]:
    """Weekly items done and backlog left for an agile project already delivering."""
    first, now, backlog = p.throughput
    if not backlog:
        return []
    fridays = []
    day = p.start + dt.timedelta(days=(4 - p.start.weekday()) % 7 + 14)
    while day <= STATUS_DATE:
        fridays.append(day if work.is_workday(day) else work.add_workdays(day, -1))
        day += dt.timedelta(days=7)
    rates = np.linspace(first, now, len(fridays))
    left = float(backlog)
    out = []
    for end, rate in zip(fridays, rates):
        done = float(min(rng.poisson(rate), left))
        left = left - done + float(rng.poisson(1.2) if p.scope_rag else rng.poisson(0.4))
        out.append(Throughput(p.project_id, end, done, left))
    return out


def main() -> None:
    """Write workbooks/portfolio.xlsx from the sample portfolio."""
    from pmokit.workbooks.writer import write_workbook

    # Dated at the sample's status date, so a rebuild from unchanged data gives the same bytes.
    created = dt.datetime.combine(STATUS_DATE, dt.time(18, 0))
    path = write_workbook(sample_portfolio(), OUTPUT, examples=True, created=created)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
