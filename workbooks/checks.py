"""Rules across rows and sheets: duplicate IDs, unknown projects, resources and tasks, predecessor
cycles and implausible lags, risks whose delays name unknown tasks or no whole three-point delay,
status dates in the future, effort or a baseline cost with no working day to be spread over,
schedules that would run past 31 December 9999. Each problem points at the cell that breaks the
rule. These include every rule the generators' calculations enforce, so a workbook that passes
``validate`` never stops a deck, charter or plan.

Works on any :class:`Portfolio`: a loaded one with its :class:`Layout` (where each column sat) or
one built in code, for which cells are given as the standard workbook writes them (or left blank
when a record has no row).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import parse
from pmokit.addin.schedule import cpm
from pmokit.workbooks.errors import Problem
from pmokit.workbooks.model import Portfolio, Task
from pmokit.workbooks.schema import DAYS_MAX, column_letter
from pmokit.workbooks.schema import sheet as sheet_spec


@dataclass
class Layout:
    """Where each sheet's columns sit: spec name → (worksheet name, field → column letter)."""

    sheets: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    def where(self, spec_name: str, field_name: str, row: int) -> tuple[str, str]:
        """The worksheet name and A1 cell of a record's field ("" when the row is unknown)."""
        if spec_name in self.sheets:
            name, letters = self.sheets[spec_name]
            letter = letters.get(field_name, "")
        else:
            name, letter = spec_name, _standard_letter(spec_name, field_name)
        return name, (f"{letter}{row}" if row and letter else "")


def _standard_letter(spec_name: str, field_name: str) -> str:
    columns = [c.field for c in sheet_spec(spec_name).columns]
    return column_letter(columns.index(field_name)) if field_name in columns else ""


def check_portfolio(portfolio: Portfolio, layout: Layout | None = None, *, today: dt.date | None = None,
                    rejected: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                    unreadable: Iterable[str] = ()) -> list[Problem]:
    """Every cross-row error in the portfolio, in sheet order.

    ``rejected`` holds, per sheet, what was read of rows that had errors of their own: a reference
    to such a row is not reported again (one bad cell in Projects must not make every task of
    that project an "unknown project"). References into an ``unreadable`` sheet (missing, or
    missing a required column) are not checked at all.
    """
    layout = layout or Layout()
    rejected = rejected or {}
    found: list[Problem] = []

    def problem(spec: str, field_name: str, row: int, message: str, project_id: str = "") -> None:
        name, cell = layout.where(spec, field_name, row)
        found.append(Problem(name, cell, message, project_id=project_id))

    _duplicates(portfolio, problem)
    _references(portfolio, problem, rejected, set(unreadable))
    _dependencies(portfolio.tasks, problem, rejected.get("Tasks", ()))
    _risk_delays(portfolio, problem, rejected.get("Tasks", ()))
    day = today or dt.date.today()
    calendar = _calendar(portfolio)
    if calendar is not None:
        _effort_days(portfolio.tasks, calendar, problem)
        _horizon(portfolio, calendar, day, problem)
    for s in portfolio.status:
        if s.status_date > day:
            problem("Status", "status_date", s.row,
                    f"status date {s.status_date.isoformat()} is in the future (today is {day.isoformat()})",
                    s.project_id)
    return found


_KEYS: tuple[tuple[str, str, Sequence[str], str], ...] = (
    ("Projects", "projects", ("project_id",), "project ID {0}"),
    ("Tasks", "tasks", ("project_id", "task_id"), "task ID {1} of project {0}"),
    ("Resources", "resources", ("resource",), "resource {0}"),
    ("Risks", "risks", ("project_id", "risk_id"), "risk ID {1} of project {0}"),
    ("Status", "status", ("project_id", "status_date"), "a status report of project {0} dated {1}"),
    ("Charter", "charters", ("project_id",), "a charter for project {0}"),
    ("Milestones", "milestones", ("project_id", "milestone"), "milestone {1} of project {0}"),
)


def _duplicates(portfolio: Portfolio, problem: Any) -> None:
    for spec, attr, key, words in _KEYS:
        records = getattr(portfolio, attr)
        read = attrgetter(*key)
        keys = [read(r) for r in records] if len(key) > 1 else [(read(r),) for r in records]
        folded = [tuple(_fold(v) for v in k) for k in keys] if any(
            type(v) is str for v in (keys[0] if keys else ())) else keys
        if len(set(folded)) == len(folded):
            continue  # the common case: nothing to report
        seen: dict[tuple[Any, ...], int] = {}
        for record, k in zip(records, folded):
            if k in seen:
                shown = [str(getattr(record, f)) for f in key]
                at = f"row {seen[k]}" if seen[k] else "an earlier row"
                problem(spec, key[-1], record.row, f"{words.format(*shown)} is already used in {at}",
                        getattr(record, "project_id", ""))
            else:
                seen[k] = record.row


def _fold(value: Any) -> Any:
    return value.strip().casefold() if isinstance(value, str) else value


def _references(portfolio: Portfolio, problem: Any, rejected: Mapping[str, Sequence[Mapping[str, Any]]],
                unreadable: set[str]) -> None:
    if "Projects" not in unreadable:
        _project_references(portfolio, problem, rejected)
    if "Resources" not in unreadable:
        _resource_references(portfolio, problem, rejected)


def _project_references(portfolio: Portfolio, problem: Any,
                        rejected: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    projects: set[Any] = {p.project_id for p in portfolio.projects}
    projects |= {r.get("project_id") for r in rejected.get("Projects", ())}
    for spec, attr in (("Tasks", "tasks"), ("Status", "status"), ("Milestones", "milestones"),
                       ("Risks", "risks"), ("Decisions", "decisions"), ("Charter", "charters"),
                       ("Throughput", "throughput")):
        for record in getattr(portfolio, attr):
            if record.project_id not in projects:
                problem(spec, "project_id", record.row,
                        f"project {record.project_id} is not on the Projects sheet")


def _resource_references(portfolio: Portfolio, problem: Any,
                         rejected: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    if not portfolio.resources and not rejected.get("Resources"):
        return
    known = {r.resource.casefold() for r in portfolio.resources} | {r.role.casefold() for r in portfolio.resources}
    known |= {str(r.get(k, "")).casefold() for r in rejected.get("Resources", ()) for k in ("resource", "role")}
    for t in portfolio.tasks:
        if t.resource and t.resource.casefold() not in known:
            problem("Tasks", "resource", t.row,
                    f"resource '{t.resource}' is neither a resource nor a role on the Resources sheet", t.project_id)


def _dependencies(tasks: Iterable[Task], problem: Any, rejected: Sequence[Mapping[str, Any]]) -> None:
    unread = {(r.get("project_id"), r.get("task_id")) for r in rejected}
    by_project: dict[str, dict[str, Task]] = defaultdict(dict)
    for t in tasks:
        by_project[t.project_id].setdefault(t.task_id, t)
    for project_id, known in by_project.items():
        graph: dict[str, list[str]] = {}
        for task_id, t in known.items():
            preds: list[str] = []
            text = t.predecessors
            if text in known:  # one plain task ID, the common case: no need to parse
                graph[task_id] = [text]
                continue
            try:
                links = parse(text, t.row or None)
            except InputError as exc:
                problem("Tasks", "predecessors", t.row, f"predecessors: {exc.problem}", project_id)
                links = []
            for link in links:
                if abs(link.lag) > DAYS_MAX:
                    problem("Tasks", "predecessors", t.row, f"predecessors: the lag of {_days(link.lag)} working days "
                                                            f"on {link.pred} is beyond ±{DAYS_MAX:,.0f}, the most "
                                                            "pmokit takes as plausible", project_id)
                if link.pred not in known and (project_id, link.pred) not in unread:
                    problem("Tasks", "predecessors", t.row,
                            f"predecessor {link.pred} is not a task of project {project_id}", project_id)
                elif link.pred in known:
                    preds.append(link.pred)
            graph[task_id] = preds
        for cycle in find_cycles(graph):
            first = min(cycle[:-1], key=lambda i: known[i].row)
            problem("Tasks", "predecessors", known[first].row,
                    f"dependency cycle {' → '.join(cycle)} in project {project_id}", project_id)


def _risk_delays(portfolio: Portfolio, problem: Any, rejected: Sequence[Mapping[str, Any]]) -> None:
    """A risk that delays tasks (issue 12) names tasks of its own project and a whole three-point
    delay, min ≤ likely ≤ max: what PMO_SRA's risk arguments and the documents' forecast need."""
    unread = {(r.get("project_id"), r.get("task_id")) for r in rejected}
    known = {(t.project_id, t.task_id) for t in portfolio.tasks}
    for r in portfolio.risks:
        delays = (r.schedule_min, r.schedule_likely, r.schedule_max)
        if not r.tasks.strip() and all(d is None for d in delays):
            continue  # a cost-only risk
        if not r.tasks.strip():
            problem("Risks", "tasks", r.row, f"risk {r.risk_id} has a delay but no tasks affected: name the task "
                    "IDs it would delay (T040, T050)", r.project_id)
            continue
        missing = [name for name, d in zip(("Delay min", "Delay likely", "Delay max"), delays) if d is None]
        field_of = {"Delay min": "schedule_min", "Delay likely": "schedule_likely", "Delay max": "schedule_max"}
        if missing:
            problem("Risks", field_of[missing[0]], r.row, f"risk {r.risk_id} delays tasks but has no "
                    f"{' / '.join(missing)}: give the working days it adds (min, likely, max)", r.project_id)
        elif not delays[0] <= delays[1] <= delays[2]:  # type: ignore[operator]
            problem("Risks", "schedule_likely", r.row, f"risk {r.risk_id}: delay min {delays[0]:g}, likely "
                    f"{delays[1]:g}, max {delays[2]:g} are not in order (min ≤ likely ≤ max)", r.project_id)
        for name in (part.strip() for part in r.tasks.replace(";", ",").split(",")):
            key = (r.project_id, name)
            if name and key not in known and key not in unread:
                problem("Risks", "tasks", r.row, f"task {name} is not a task of project {r.project_id}", r.project_id)


def _days(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"


def _calendar(portfolio: Portfolio) -> WorkCalendar | None:
    try:
        return WorkCalendar(portfolio.calendar.weekmask, portfolio.calendar.holiday_dates)
    except InputError:
        return None  # a week mask built in code that is not one; the loader refuses it at its cell


def _effort_days(tasks: Sequence[Task], calendar: WorkCalendar, problem: Any) -> None:
    """A task with effort or a baseline cost needs at least one working day between its start and
    finish: the resource loading spreads the effort over them (PMO_LOAD and the deck's resource
    chart), the plan's budget by month the cost."""
    spread = [t for t in tasks if (t.effort or t.baseline_cost) and t.start and t.finish and t.finish >= t.start]
    if not spread:
        return
    starts = np.array([t.start for t in spread], dtype="datetime64[D]")
    ends = np.array([t.finish for t in spread], dtype="datetime64[D]") + np.timedelta64(1, "D")
    for i in np.flatnonzero(np.busday_count(starts, ends, busdaycal=calendar.numpy) <= 0):
        t = spread[int(i)]
        assert t.start is not None and t.finish is not None
        span = "on" if t.start == t.finish else "from"
        dates = t.start.isoformat() if t.start == t.finish else f"{t.start.isoformat()} to {t.finish.isoformat()}"
        what = (f"effort {t.effort:g} hours" if t.effort else f"baseline cost {t.baseline_cost:,.0f}")
        purpose = "to be done in" if t.effort else "to be spread over"
        problem("Tasks", "finish", t.row, f"{what} has no working day {span} {dates} {purpose} "
                                          "(the Calendar sheet's working week and holidays)", t.project_id)


def _horizon(portfolio: Portfolio, calendar: WorkCalendar, today: dt.date, problem: Any) -> None:
    """Every project's schedule, at pessimistic durations from its start (or from today, if that
    is later), must end by 31 December 9999, the last date a calendar (and Excel) has. Settled for
    almost every project by the sum of its durations and lags; the critical path only otherwise."""
    by_project: dict[str, list[Task]] = defaultdict(list)
    for t in portfolio.tasks:
        if t.pessimistic is not None:
            by_project[t.project_id].append(t)
    starts = {p.project_id: p.start for p in portfolio.projects}
    for project_id, tasks in by_project.items():
        begin = starts.get(project_id) or min((t.start for t in tasks if t.start), default=today)
        origin = max(begin, today)
        room = _workdays_left(calendar, origin)
        lags = [link.lag for t in tasks if "+" in t.predecessors for link in _links(t)]
        if any(lag > DAYS_MAX for lag in lags):
            continue  # an implausible lag is reported at its cell by _dependencies
        bound = sum(t.pessimistic or 0.0 for t in tasks) + sum(max(lag, 0.0) for lag in lags)
        if bound < room:
            continue
        try:
            plan = cpm([t.task_id for t in tasks], [t.pessimistic for t in tasks], [t.predecessors for t in tasks])
        except InputError:
            continue  # a broken network is reported by _dependencies
        if plan.project_finish < room:
            continue
        last = tasks[int(np.argmax(plan.early_finish))]
        problem("Tasks", "pessimistic", last.row,
                f"project {project_id}'s schedule runs past 31 December 9999 at pessimistic durations "
                f"({plan.project_finish:,.0f} working days from {origin.isoformat()}); a duration or lag is "
                "far too long", project_id)


def _workdays_left(calendar: WorkCalendar, origin: dt.date) -> float:
    return float(np.busday_count(np.datetime64(origin, "D"), np.datetime64("9999-12-31"), busdaycal=calendar.numpy))


def _links(task: Task) -> list[Any]:
    try:
        return parse(task.predecessors, task.row or None)
    except InputError:
        return []


def find_cycles(preds: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of tasks, written in dependency order and closed
    (``["A", "B", "A"]``: A comes before B, which comes before A). ``preds`` maps each task to the
    tasks it waits on."""
    preds = _unresolved(preds)  # most tasks are in no cycle: peel them off first, in linear time
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in preds:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:  # Tarjan's algorithm without recursion (long dependency chains)
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = preds.get(node, [])
            if i < len(successors):
                work.append((node, i + 1))
                nxt = successors[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    group.append(w)
                    if w == node:
                        break
                if len(group) > 1 or node in preds.get(node, []):
                    groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return [_walk(group, preds) for group in groups]


def _unresolved(preds: dict[str, list[str]]) -> dict[str, list[str]]:
    """The part of the graph a topological sort (Kahn's algorithm) cannot order: the tasks in a
    cycle and those waiting on one, in their original order."""
    waiting = {node: len(p) for node, p in preds.items()}
    successors: dict[str, list[str]] = defaultdict(list)
    for node, p in preds.items():
        for q in p:
            successors[q].append(node)
    ready = [node for node, n in waiting.items() if n == 0]
    while ready:
        node = ready.pop()
        for nxt in successors.get(node, ()):
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    return {node: p for node, p in preds.items() if waiting[node] > 0}


def _walk(group: list[str], preds: dict[str, list[str]]) -> list[str]:
    members = set(group)
    start = next(n for n in preds if n in members)  # the first of the group in sheet order
    path = [start]
    seen = {start: 0}
    node = start
    while True:
        node = next(p for p in preds[node] if p in members)
        if node in seen:
            cycle = path[seen[node]:] + [node]
            return list(reversed(cycle))
        seen[node] = len(path)
        path.append(node)
