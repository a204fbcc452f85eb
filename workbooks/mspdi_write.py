"""``pmokit export msproject``: one project of the workbook as a Microsoft Project XML (MSPDI) file.

Written in the element order ``mspdi_pj12.xsd`` requires (Microsoft Project refuses a file whose
elements are out of order): the project's settings, the calendar (working week and each holiday,
both as a legacy ``WeekDay`` exception and as an ``Exception``), the tasks (a flat list of the
workbook's tasks under the project summary task, with links, constraints, deadlines, baseline and
progress), the resources and one assignment per task with a resource.

What the workbook knows that Microsoft Project has no field for travels in custom fields: the
Task ID in Text1 (alias "pmokit Task ID", so a re-import keeps the workbook's IDs) and a
three-point estimate other than the default spread in Duration1–3 (the fields Microsoft Project's
PERT analysis uses). Durations use an 8-hour day (480 minutes), 08:00–12:00 and 13:00–17:00.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from pmokit.addin.constraints import MSPDI_CODES, START_TYPES
from pmokit.addin.predecessors import parse
from pmokit.workbooks.model import Portfolio, Project, Task
from pmokit.workbooks.mspdi import (NAMESPACE, PERT_FIELDS, TASK_ID_ALIAS, TEXT1_FIELD, PlanError,
                                    format_duration)
from pmokit.workbooks.output import write_atomically
from pmokit.workbooks.plan_import import three_point
from pmokit.workbooks.text import clean_portfolio

MINUTES_PER_DAY = 480
DAY_START, DAY_END = dt.time(8, 0), dt.time(17, 0)
LINK_TYPES = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}
CONSTRAINTS = {"": 0, **{code: k for k, code in enumerate(MSPDI_CODES)}}
_PERT_NAMES = (("Duration1", "Optimistic Duration"), ("Duration2", "Expected Duration"),
               ("Duration3", "Pessimistic Duration"))


def export_msproject(portfolio: Portfolio, project_id: str, path: str | Path, *, replace: bool = True) -> Path:
    """Write one project as an MSPDI file; the file appears whole or not at all. With
    ``replace=False`` an existing file is an :class:`~pmokit.workbooks.errors.OutputError` and
    stays as it was (the command's default, ``--force`` to replace)."""
    data = mspdi_bytes(portfolio, project_id)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return write_atomically(path, write, replace=replace)


def mspdi_bytes(portfolio: Portfolio, project_id: str) -> bytes:
    """The MSPDI document for one project, as bytes (UTF-8, with its XML declaration). Text goes
    through pmokit's one text rule first (:func:`~pmokit.workbooks.text.clean_portfolio`): XML
    cannot hold control characters."""
    portfolio = clean_portfolio(portfolio)
    try:
        project = portfolio.project(project_id)
    except KeyError:
        ids = ", ".join(p.project_id for p in portfolio.projects[:10])
        where = f"{Path(portfolio.source).name}: " if portfolio.source else ""
        raise PlanError(f"{where}project {project_id} is not on the Projects sheet (it has {ids or 'none'})") from None
    tasks = portfolio.tasks_of(project_id)
    root = _el(None, "Project")
    _project(root, project, portfolio, tasks)
    uid = {t.task_id: i for i, t in enumerate(tasks, start=1)}
    people = _people(tasks)
    _add(root, "ExtendedAttributes", None)
    attributes = root[-1]
    for field_id, name, alias in ((TEXT1_FIELD, "Text1", TASK_ID_ALIAS),
                                  *((f, n, a) for f, (n, a) in zip(PERT_FIELDS, _PERT_NAMES))):
        item = _el(attributes, "ExtendedAttribute")
        _add(item, "FieldID", field_id)
        _add(item, "FieldName", name)
        _add(item, "Alias", alias)
    _calendar(root, portfolio)
    tasks_el = _el(root, "Tasks")
    _summary(tasks_el, project, tasks)
    for t in tasks:
        _task(tasks_el, t, uid[t.task_id], uid)
    resources = _el(root, "Resources")
    rates = {r.resource.casefold(): r for r in portfolio.resources}
    for person, k in people.items():
        r = _el(resources, "Resource")
        _add(r, "UID", k)
        _add(r, "ID", k)
        _add(r, "Name", person)
        _add(r, "Type", 1)
        known = rates.get(person.casefold())
        if known is not None and known.role and known.role != person:
            _add(r, "Group", known.role)
        _add(r, "MaxUnits", 1)
        if known is not None and known.cost_rate is not None:
            _add(r, "StandardRate", _number(known.cost_rate))
    assignments = _el(root, "Assignments")
    for t in tasks:
        if t.resource:
            a = _el(assignments, "Assignment")
            _add(a, "UID", uid[t.task_id])
            _add(a, "TaskUID", uid[t.task_id])
            _add(a, "ResourceUID", people[t.resource])
            _add(a, "Units", 1)
            if t.effort is not None:
                _add(a, "Work", format_duration(t.effort * 60))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True, pretty_print=True))


def _el(parent: Any, tag: str) -> Any:
    name = f"{{{NAMESPACE}}}{tag}"
    if parent is None:
        return etree.Element(name, nsmap={None: NAMESPACE})
    return etree.SubElement(parent, name)


def _add(parent: Any, tag: str, value: object) -> None:
    element = _el(parent, tag)
    if value is not None:
        element.text = _text(value)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _number(x: float) -> str:
    """A number as xsd:decimal writes it, exactly as Python holds it (no exponent)."""
    return str(int(x)) if float(x).is_integer() else format(Decimal(repr(float(x))), "f")


def _at(day: dt.date | None, time: dt.time) -> dt.datetime | None:
    return None if day is None else dt.datetime.combine(day, time)


def _people(tasks: list[Task]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in tasks:
        if t.resource and t.resource not in out:
            out[t.resource] = len(out) + 1
    return out


def _project(root: Any, project: Project, portfolio: Portfolio, tasks: list[Task]) -> None:
    starts = [t.start for t in tasks if t.start]
    start = project.start or (min(starts) if starts else dt.date.today())
    mask = portfolio.calendar.weekmask
    status = portfolio.status_of(project.project_id)
    for tag, value in (
        ("SaveVersion", 14), ("Name", f"{project.project_id}.xml"), ("Title", project.name),
        ("Manager", project.project_manager or None), ("ScheduleFromStart", True),
        ("StartDate", _at(start, DAY_START)),
        ("FinishDate", _at(project.forecast_finish, DAY_END) if project.forecast_finish else None),
        ("CurrencyCode", project.currency or portfolio.currency or None), ("CalendarUID", 1),
        ("DefaultStartTime", DAY_START.isoformat()), ("DefaultFinishTime", DAY_END.isoformat()),
        ("MinutesPerDay", MINUTES_PER_DAY), ("MinutesPerWeek", MINUTES_PER_DAY * mask.count("1")),
        ("DaysPerMonth", 20), ("DurationFormat", 7), ("HonorConstraints", True),
        ("StatusDate", _at(status[-1].status_date, DAY_END) if status else None),
    ):
        if value is not None and value != "":
            _add(root, tag, value)


def _calendar(root: Any, portfolio: Portfolio) -> None:
    calendars = _el(root, "Calendars")
    c = _el(calendars, "Calendar")
    _add(c, "UID", 1)
    _add(c, "Name", "Standard")
    _add(c, "IsBaseCalendar", True)
    days = _el(c, "WeekDays")
    mask = portfolio.calendar.weekmask
    for day_type, bit in zip((2, 3, 4, 5, 6, 7, 1), mask):
        w = _el(days, "WeekDay")
        _add(w, "DayType", day_type)
        _add(w, "DayWorking", bit == "1")
        if bit == "1":
            times = _el(w, "WorkingTimes")
            for a, b in (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")):
                span = _el(times, "WorkingTime")
                _add(span, "FromTime", a)
                _add(span, "ToTime", b)
    holidays = sorted(portfolio.calendar.holidays, key=lambda h: h.date)
    for h in holidays:  # the legacy form every Project version reads
        w = _el(days, "WeekDay")
        _add(w, "DayType", 0)
        _add(w, "DayWorking", False)
        span = _el(w, "TimePeriod")
        _add(span, "FromDate", _at(h.date, dt.time(0)))
        _add(span, "ToDate", _at(h.date, dt.time(23, 59)))
    if holidays:
        exceptions = _el(c, "Exceptions")
        for h in holidays:
            x = _el(exceptions, "Exception")
            _add(x, "EnteredByOccurrences", True)
            span = _el(x, "TimePeriod")
            _add(span, "FromDate", _at(h.date, dt.time(0)))
            _add(span, "ToDate", _at(h.date, dt.time(23, 59)))
            _add(x, "Occurrences", 1)
            _add(x, "Name", h.name or "Holiday")
            _add(x, "Type", 1)
            _add(x, "Period", 1)
            _add(x, "DayWorking", False)


def _summary(parent: Any, project: Project, tasks: list[Task]) -> None:
    t = _el(parent, "Task")
    _add(t, "UID", 0)
    _add(t, "ID", 0)
    _add(t, "Name", project.name)
    _add(t, "OutlineNumber", 0)
    _add(t, "OutlineLevel", 0)
    _add(t, "Start", _at(project.start, DAY_START) if project.start else None)
    _add(t, "Finish", _at(project.forecast_finish, DAY_END) if project.forecast_finish else None)
    _add(t, "Summary", True)
    if project.baseline_finish or project.budget is not None:
        b = _el(t, "Baseline")
        _add(b, "Number", 0)
        if project.baseline_finish:
            _add(b, "Finish", _at(project.baseline_finish, DAY_END))
        if project.budget is not None:
            _add(b, "Cost", _number(project.budget))


def _task(parent: Any, t: Task, uid: int, uids: dict[str, int]) -> None:
    el = _el(parent, "Task")
    days = t.most_likely or 0.0
    milestone = t.milestone
    start_time = DAY_END if milestone else DAY_START
    ordered: list[tuple[str, object]] = [
        ("UID", uid), ("ID", uid), ("Name", t.name), ("WBS", t.wbs or None),
        ("OutlineLevel", 1), ("Start", _at(t.start, start_time)), ("Finish", _at(t.finish, DAY_END)),
        ("Duration", format_duration(days * MINUTES_PER_DAY)), ("DurationFormat", 7),
        ("Work", format_duration(t.effort * 60) if t.effort is not None else None),
        ("Milestone", milestone), ("Summary", False),
        ("PercentComplete", int(round(t.percent_complete * 100))),
        ("ActualStart", _at(t.actual_start, start_time)), ("ActualFinish", _at(t.actual_finish, DAY_END)),
        ("ActualCost", _number(t.actual_cost) if t.actual_cost is not None else None),
        ("RemainingDuration", format_duration(_remaining(t) * MINUTES_PER_DAY)),
        ("ConstraintType", CONSTRAINTS.get(t.constraint_type, 0)),
        ("ConstraintDate", _at(t.constraint_date, DAY_START if t.constraint_type in START_TYPES else DAY_END)),
        ("Deadline", _at(t.deadline, DAY_END)),
    ]
    for tag, value in ordered:
        if value is not None and value != "":
            _add(el, tag, value)
    for link in parse(t.predecessors):
        p = _el(el, "PredecessorLink")
        _add(p, "PredecessorUID", uids[link.pred])
        _add(p, "Type", LINK_TYPES[link.kind])
        _add(p, "LinkLag", int(round(link.lag * MINUTES_PER_DAY * 10)))
        _add(p, "LagFormat", 7)
    _extended(el, TEXT1_FIELD, t.task_id)
    if _pert_kept(t):
        for field_id, value in zip(PERT_FIELDS, (t.optimistic, t.most_likely, t.pessimistic)):
            _extended(el, field_id, format_duration((value or 0.0) * MINUTES_PER_DAY), duration=True)
    if t.baseline_start or t.baseline_finish or t.baseline_cost is not None:
        b = _el(el, "Baseline")
        _add(b, "Number", 0)
        for tag, value in (("Start", _at(t.baseline_start, start_time)), ("Finish", _at(t.baseline_finish, DAY_END)),
                           ("Cost", _number(t.baseline_cost) if t.baseline_cost is not None else None)):
            if value is not None:
                _add(b, tag, value)


def _extended(parent: Any, field_id: str, value: str, duration: bool = False) -> None:
    x = _el(parent, "ExtendedAttribute")
    _add(x, "FieldID", field_id)
    _add(x, "Value", value)
    if duration:
        _add(x, "DurationFormat", 7)


def _remaining(t: Task) -> float:
    if t.remaining is not None:
        return t.remaining
    return (t.most_likely or 0.0) * (1.0 - t.percent_complete)


def _pert_kept(t: Task) -> bool:
    """Whether the three-point estimate needs Duration1–3: anything but the default spread
    around the most likely (which a re-import makes again)."""
    if t.most_likely is None:
        return False
    if t.estimate_basis == "Default spread":
        return (t.optimistic, t.most_likely, t.pessimistic) != three_point(t.most_likely)
    return True
