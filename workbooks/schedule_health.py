"""Schedule health of a project's Tasks rows: the DCMA 14-point assessment (``pmokit.addin.health``)
as ``=PMO_SCHEDULE_CHECK(…)`` gives it over the same rows, and as ``pmokit validate`` warns of it.

What the cell is given, column by column (:class:`HealthInputs`):

* durations are the tasks' PERT means, (O + 4M + P) / 6 working days: the durations pmokit's
  forecast critical path and schedule risk analysis use (``generators/analysis.py``), so the float,
  the critical path test and CPLI judged here belong to the schedule whose P80 the documents
  report. The Tasks sheet's planned start / finish are the project manager's own dates, which
  pmokit does not schedule from;
* the project's start (Projects sheet, else the earliest task start) places the dates; the status
  date is the reporting date (the validator's ``--as-of``, else the workbook's latest status date);
* baselines, actuals, % complete, remaining days, constraints, deadlines and resources are the
  Tasks sheet's columns. Where a task shows progress without an actual date, the Tasks sheet's
  own dates stand in, as Microsoft Project sets them when % complete is entered: a task more than
  0 % complete without an actual start started on its Start, and a 100 % task without an actual
  finish finished on its Finish. A column no task fills is left out (the check it feeds says
  "needs …" rather than failing every task).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pmokit.addin import constraints, health, threepoint
from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.errors import PmoError
from pmokit.workbooks.checks import Layout
from pmokit.workbooks.errors import Problem
from pmokit.workbooks.model import Portfolio, Project, Task

T = TypeVar("T")
RULE = "SCHEDULE_HEALTH"
SHOWN = 3  # failing tasks named in a warning, each with its cell
#: Check number → the Tasks column a failing task is pointed at.
FIELDS = {1: "predecessors", 2: "predecessors", 3: "predecessors", 4: "predecessors",
          5: "constraint_type", 6: "predecessors", 7: "constraint_date", 8: "most_likely",
          9: "start", 10: "resource", 11: "baseline_finish", 12: "predecessors", 13: "finish",
          14: "baseline_finish"}
#: Check names short enough for a table column.
SHORT_NAMES = ("Logic", "Leads", "Lags", "FS links", "Hard constr.", "High float", "Neg. float",
               "High dur.", "Invalid dates", "Resources", "Missed tasks", "CP test", "CPLI", "BEI")
#: The checks whose failure makes a P80 unreliable (:func:`p80_caveat`).
P80_CHECKS = (1, 5, 7, 8, 12)


@dataclass(frozen=True)
class HealthInputs:
    """The Tasks columns of one project as ``=PMO_SCHEDULE_CHECK`` takes them; ``None`` for an
    optional column no task fills."""

    tasks: list[Task]
    ids: list[str]
    durations: list[float]
    predecessors: list[str]
    start: dt.date
    status_date: dt.date
    baseline_starts: list[dt.date | None] | None
    baseline_finishes: list[dt.date | None] | None
    actual_starts: list[dt.date | None] | None
    actual_finishes: list[dt.date | None] | None
    percent_complete: list[float] | None
    constraint_types: list[str | None] | None
    constraint_dates: list[dt.date | None] | None
    deadlines: list[dt.date | None] | None
    resources: list[str]
    remaining: list[float | None] | None


@dataclass(frozen=True)
class ScheduleHealth:
    """One project's 14 checks, with the Tasks rows they were run on (to point at cells)."""

    project_id: str
    status_date: dt.date
    checks: list[health.Check]
    tasks: list[Task]
    limits: health.Thresholds = field(default_factory=health.Thresholds)

    @property
    def passed(self) -> int:
        return sum(c.passed is True for c in self.checks)

    @property
    def assessed(self) -> int:
        return sum(c.passed is not None for c in self.checks)

    @property
    def failed(self) -> list[health.Check]:
        return [c for c in self.checks if c.passed is False]

    def task(self, task_id: str) -> Task:
        return next(t for t in self.tasks if t.task_id == task_id)


def inputs(portfolio: Portfolio, project: Project, status_date: dt.date) -> HealthInputs | None:
    """The project's Tasks columns as the check reads them; None without tasks, or when a task has
    no three-point estimate (the validator reports that row)."""
    tasks = portfolio.tasks_of(project.project_id)
    if not tasks or any(None in (t.optimistic, t.most_likely, t.pessimistic) for t in tasks):
        return None
    start = project.start or min((t.start for t in tasks if t.start), default=status_date)
    mean = threepoint.pert_mean([float(t.optimistic or 0) for t in tasks],
                                [float(t.most_likely or 0) for t in tasks],
                                [float(t.pessimistic or 0) for t in tasks])
    begun, ended = [t.begun_on for t in tasks], [t.ended_on for t in tasks]  # the forecast's rule too
    return HealthInputs(
        tasks=tasks, ids=[t.task_id for t in tasks], durations=[float(x) for x in mean],
        predecessors=[t.predecessors for t in tasks], start=start, status_date=status_date,
        baseline_starts=_given([t.baseline_start for t in tasks]),
        baseline_finishes=_given([t.baseline_finish for t in tasks]),
        actual_starts=_given(begun), actual_finishes=_given(ended),
        percent_complete=[t.percent_complete for t in tasks],
        constraint_types=_given([t.constraint_type or None for t in tasks]),
        constraint_dates=_given([t.constraint_date for t in tasks]),
        deadlines=_given([t.deadline for t in tasks]),
        resources=[t.resource for t in tasks],
        remaining=_given([t.remaining for t in tasks]))


def _given(values: Sequence[T]) -> list[T] | None:
    return list(values) if any(v is not None for v in values) else None


def assess_project(portfolio: Portfolio, project: Project, status_date: dt.date,
                   thresholds: health.Thresholds | None = None) -> ScheduleHealth | None:
    """The 14 checks over the project's Tasks rows at ``status_date``; None when there is nothing
    to check (no tasks, a row the validator reports as an error, a schedule that cannot be
    computed: a cycle, an unknown predecessor)."""
    found = inputs(portfolio, project, status_date)
    if found is None:
        return None
    calendar = WorkCalendar(portfolio.calendar.weekmask, portfolio.calendar.holiday_dates)
    origin = calendar.add_workdays(found.start, 0)

    def days(values: list[dt.date | None] | None, finish: bool) -> list[float] | None:
        place = constraints.finish_day if finish else constraints.start_day
        return None if values is None else [
            math.nan if d is None else place(calendar, origin, d) for d in values]

    try:
        pins = constraints.Pins.from_dates(
            found.start, calendar, constraint_types=found.constraint_types,
            constraint_dates=found.constraint_dates, deadlines=found.deadlines,
            actual_starts=found.actual_starts, actual_finishes=found.actual_finishes,
            percent_complete=found.percent_complete,
            remaining=None if found.remaining is None else [
                math.nan if r is None else r for r in found.remaining],
            status_date=status_date)
        checks = health.assess(found.ids, found.durations, found.predecessors, pins=pins,
                               baseline_starts=days(found.baseline_starts, False),
                               baseline_finishes=days(found.baseline_finishes, True),
                               resources=found.resources, thresholds=thresholds)
    except PmoError:
        return None
    return ScheduleHealth(project.project_id, status_date, checks, found.tasks,
                          thresholds or health.Thresholds())


def portfolio_health(portfolio: Portfolio, status_date: dt.date,
                     thresholds: health.Thresholds | None = None) -> list[ScheduleHealth]:
    """Every project's schedule health that can be assessed, in the Projects sheet's order."""
    found = (assess_project(portfolio, p, status_date, thresholds) for p in portfolio.projects)
    return [h for h in found if h is not None]


def warnings(portfolio: Portfolio, status_date: dt.date, *, layout: Layout | None = None,
             thresholds: health.Thresholds | None = None) -> list[Problem]:
    """A governance warning per failing check per project, at the cell of its first failing task
    (the next few named with their cells in the message), rule :data:`RULE`."""
    layout = layout or Layout()
    found = []
    for result in portfolio_health(portfolio, status_date, thresholds):
        for check in result.failed:
            column = FIELDS[check.number]
            cells = []
            for task_id in check.failing[:SHOWN]:
                t = result.task(task_id)
                sheet, cell = layout.where("Tasks", _field(column, t), t.row)
                cells.append((sheet, cell, task_id))
            sheet, cell = (cells[0][0], cells[0][1]) if cells else layout.where("Tasks", column, 0)
            named = ", ".join(f"{tid} ({s}!{c})" if c else tid for s, c, tid in cells)
            more = len(check.failing) - len(cells)
            tail = f"; failing: {named}" + (f" and {more} more" if more > 0 else "") if cells else ""
            found.append(Problem(sheet, cell, f"project {result.project_id} fails schedule check "
                                 f"{check.number} {check.name}: {describe(check, result.limits)}{tail}",
                                 severity="warning", rule=RULE, project_id=result.project_id))
    return found


def _field(column: str, task: Task) -> str:
    if column == "constraint_date" and task.constraint_date is None:
        return "deadline" if task.deadline is not None else "predecessors"
    if column == "baseline_finish" and task.baseline_finish is None:
        return "finish"
    return column


def metric_text(check: health.Check) -> str:
    """The metric as the tables show it: a share as a percentage, an index to two decimals."""
    if math.isnan(check.metric):
        return "n/a"
    if check.number in (13, 14):
        return f"{check.metric:.2f}"
    if check.number == 12:
        return f"{check.metric:.0%} of the slip"
    return f"{check.metric:.0%}"


def measured(check: health.Check) -> str:
    """What a check measured: ``2 of 25 tasks (8%)``, ``62% of 16 links finish-to-start``,
    ``0.87 (critical path 120 days, total float -16 days)``."""
    if check.passed is None:
        return "n/a"
    if check.number == 4:
        return f"{check.metric:.0%} of {check.population} links finish-to-start"
    if check.number == 12:
        return check.note
    if check.number == 13:
        return f"{metric_text(check)} ({check.note})"
    if check.number == 14:
        return (f"{metric_text(check)} ({check.count} of {check.population} tasks due by the "
                "status date not finished)")
    return f"{check.count} of {check.population} {check.unit} ({metric_text(check)})"


def failing_text(check: health.Check, shown: int = 5) -> str:
    """The first failing tasks' ids, then how many more: ``T1, T2, T3 + 4 more``."""
    more = len(check.failing) - shown
    return ", ".join(check.failing[:shown]) + (f" + {more} more" if more > 0 else "")


NEEDS = {"status_date": "a status date", "baseline_finishes": "the tasks' baseline finishes",
         "resources": "the tasks' resources"}


def note_text(check: health.Check) -> str:
    """Why a check was not assessed, in the workbook's words: ``needs the tasks' baseline finishes``."""
    note = check.note
    for name, words in NEEDS.items():
        note = note.replace(name, words)
    return note


def describe(check: health.Check, limits: health.Thresholds) -> str:
    """What was measured against what: ``2 of 25 tasks (8%) against ≤ 5%``."""
    if check.number == 12:
        return f"{check.note} (a sound path moves it {limits.slip_days:g})"
    return f"{measured(check)} against {health.threshold_text(check, limits)}"


def p80_caveat(result: ScheduleHealth) -> str:
    """A sentence for the schedule risk section when the schedule failed a check that makes its
    P80 unreliable (:data:`P80_CHECKS`), else ``""``."""
    failed = {c.number: c for c in result.failed if c.number in P80_CHECKS}
    if not failed:
        return ""
    parts = []
    for number, words in ((1, "{n} missing logic"), (5, "{n} under hard constraints"),
                          (7, "{n} with negative float"),
                          (8, "{n} longer than {days:g} working days"),
                          (12, "a critical path a slip does not carry to the finish")):
        if number in failed:
            n = failed[number].count
            parts.append(words.format(n=f"{n} task{'s' if n != 1 else ''}",
                                      days=result.limits.high_duration_days))
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"The P80 below rests on a schedule with {listed}: treat it as indicative."
