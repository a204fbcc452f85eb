"""Build ``workbooks/sample-plan.xml``: the Microsoft Project plan the sample portfolio imports.

``python -m pmokit.workbooks.build_sample_plan`` writes it. It is the plan a project manager would
keep in Microsoft Project for DWP-11, moving the contact centre's telephony to Microsoft Teams:
six phases as summary tasks (with links between phases, as planners draw them), 23 tasks, a
start-no-earlier-than constraint on the pilot (after the year-end change freeze), a finish-no-later-than
on the headset delivery (the vendor's contract), a deadline on
the full go-live (its baseline date) that the slipped plan now misses, progress at the status date, a baseline, named
resources with assignments, and the NRW holiday calendar. Dates are scheduled by pmokit's critical
path method over that calendar, baseline on the planned durations and current dates on the
durations the build and the headset delivery now need.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from lxml import etree

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.schedule import as_dates, cpm
from pmokit.workbooks.mspdi import NAMESPACE, format_duration, parse_mspdi
from pmokit.workbooks.plan_import import plan_rows
from pmokit.workbooks.sample_texts import HOLIDAYS, PEOPLE

OUTPUT = Path(__file__).with_name("sample-plan.xml")
PROJECT_ID = "DWP-11"
START = dt.date(2026, 9, 28)
STATUS_DATE = dt.date(2026, 11, 27)
FREEZE_END = dt.date(2026, 12, 28)  # no go-live in the year-end change freeze
HEADSETS_DUE = dt.date(2026, 12, 11)  # the vendor's contractual delivery date
# (outline level, name, planned days, links "row[type][±lag]" to earlier rows, who, slipped days)
ROWS: tuple[tuple[int, str, int, str, str, int], ...] = (
    (1, "Initiation", 0, "", "", 0),
    (2, "Kick-off and plan sign-off", 3, "", "Katrin Hoffmann", 0),
    (2, "Current call flows documented", 8, "2", "Sabine Krüger", 0),
    (1, "Design", 0, "1", "", 0),
    (2, "Target call routing design", 10, "", "Priya Nair", 0),
    (2, "Number porting plan", 5, "5SS+3", "Markus Keller", 0),
    (2, "Security and call recording review", 4, "5", "Stefan Braun", 0),
    (2, "Design signed off", 0, "5, 6, 7", "", 0),
    (1, "Build", 0, "8", "", 0),
    (2, "Teams Phone tenant configuration", 8, "", "Benedikt Roth", 0),
    (2, "Auto attendants and call queues", 10, "10", "Elif Arslan", 0),
    (2, "CRM screen-pop integration", 15, "8FS+5", "Julia Neumann", 19),
    (2, "Call recording connector", 8, "10", "Mehmet Yilmaz", 0),
    (2, "Headsets ordered and delivered", 25, "", "Petra Zimmermann", 30),
    (1, "Test", 0, "9", "", 0),
    (2, "System test", 10, "", "Claudia Fischer", 0),
    (2, "Load test of call queues", 4, "16SS+5", "Oliver Wagner", 0),
    (2, "User acceptance test", 8, "16", "Sabine Krüger", 0),
    (2, "Defect fixing", 6, "18FF+2", "Julia Neumann", 0),
    (1, "Deployment", 0, "", "", 0),
    (2, "Pilot go-live (service desk)", 0, "18", "", 0),
    (2, "Pilot hypercare", 10, "21", "Elif Arslan", 0),
    (2, "Agent training", 6, "21SS", "Lena Schäfer", 0),
    (2, "Number porting window", 2, "22", "Markus Keller", 0),
    (2, "Full go-live", 0, "23, 24", "", 0),
    (1, "Closure", 0, "20", "", 0),
    (2, "Decommission old PBX", 5, "", "Sven Albrecht", 0),
    (2, "Lessons learned and closure", 3, "27", "Katrin Hoffmann", 0),
    (2, "Project closed", 0, "28", "", 0),
)


def _el(parent: Any, tag: str, text: object = None) -> Any:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        element.text = "1" if text is True else "0" if text is False else (
            text.isoformat(timespec="seconds") if isinstance(text, dt.datetime) else str(text))
    return element


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def plan_xml(dates: dict[int, tuple[dt.date, dt.date, dt.date, dt.date]] | None = None) -> bytes:
    """The plan as MSPDI; ``dates`` by row: (start, finish, baseline start, baseline finish)."""
    root = etree.Element(f"{{{NAMESPACE}}}Project", nsmap={None: NAMESPACE})
    for tag, value in (("SaveVersion", 14), ("Name", "sample-plan.xml"),
                       ("Title", "Contact centre telephony to Microsoft Teams"), ("Manager", "Aylin Demir"),
                       ("StartDate", _at(START, 8)), ("CurrencyCode", "EUR"), ("CalendarUID", 1),
                       ("MinutesPerDay", 480), ("MinutesPerWeek", 2400), ("StatusDate", _at(STATUS_DATE, 17))):
        _el(root, tag, value)
    calendar = _el(_el(root, "Calendars"), "Calendar")
    _el(calendar, "UID", 1)
    _el(calendar, "Name", "NRW")
    _el(calendar, "IsBaseCalendar", True)
    week = _el(calendar, "WeekDays")
    for day in range(1, 8):
        w = _el(week, "WeekDay")
        _el(w, "DayType", day)
        _el(w, "DayWorking", 2 <= day <= 6)
    exceptions = _el(calendar, "Exceptions")
    for holiday, label in HOLIDAYS:
        x = _el(exceptions, "Exception")
        period = _el(x, "TimePeriod")
        _el(period, "FromDate", _at(holiday, 0))
        _el(period, "ToDate", dt.datetime.combine(holiday, dt.time(23, 59)))
        _el(x, "Name", label)
        _el(x, "DayWorking", False)
    tasks = _el(root, "Tasks")
    people = {name: (role, hours, rate) for name, role, _, hours, rate, _, _ in PEOPLE}
    names = sorted({who for *_, who, _ in ROWS if who})
    for row, (level, name, days, links, who, slipped) in enumerate(ROWS, start=1):
        summary = level == 1
        t = _el(tasks, "Task")
        number = _outline(row)
        for tag, value in (("UID", row), ("ID", row), ("Name", name), ("WBS", number), ("OutlineNumber", number),
                           ("OutlineLevel", level)):
            _el(t, tag, value)
        span = dates.get(row) if dates else None
        if span:
            start, finish, base_start, base_finish = span
            _el(t, "Start", _at(start, 17 if not days and not summary else 8))
            _el(t, "Finish", _at(finish, 17))
        current = slipped or days
        if not summary:
            _el(t, "Duration", format_duration(current * 480))
            if who:
                _el(t, "Work", format_duration(current * 8 * 60))
        _el(t, "Milestone", not summary and not days)
        _el(t, "Summary", summary)
        if span and not summary:
            done = _done(span[0], span[1], current)
            _el(t, "PercentComplete", round(done * 100))
            if done:
                _el(t, "ActualStart", _at(span[0], 17 if not days else 8))
            if done >= 1:
                _el(t, "ActualFinish", _at(span[1], 17))
            if who and done:
                _el(t, "ActualCost", round(days * 8 * people[who][2] * done * 1.06, 2))
        if name.startswith("Pilot go-live"):
            _el(t, "ConstraintType", 4)
            _el(t, "ConstraintDate", _at(FREEZE_END, 8))
        if name.startswith("Headsets"):
            _el(t, "ConstraintType", 7)
            _el(t, "ConstraintDate", _at(HEADSETS_DUE, 17))
        if name == "Full go-live" and span:
            _el(t, "Deadline", _at(span[3], 17))  # the baseline date, committed to the business
        for link in filter(None, (x.strip() for x in links.split(","))):
            _link(t, link)
        if span and not summary:
            b = _el(t, "Baseline")
            _el(b, "Number", 0)
            _el(b, "Start", _at(span[2], 17 if not days else 8))
            _el(b, "Finish", _at(span[3], 17))
            if who:
                _el(b, "Cost", round(days * 8 * people[who][2], 2))
    resources = _el(root, "Resources")
    for k, who in enumerate(names, start=1):
        role, hours, rate = people[who]
        r = _el(resources, "Resource")
        fields: tuple[tuple[str, object], ...] = (("UID", k), ("ID", k), ("Name", who), ("Type", 1), ("Group", role),
                                                  ("MaxUnits", round(hours / 40, 2)), ("StandardRate", rate))
        for tag, item in fields:
            _el(r, tag, item)
    assignments = _el(root, "Assignments")
    for row, (_, _, days, _, who, slipped) in enumerate(ROWS, start=1):
        if who:
            a = _el(assignments, "Assignment")
            for tag, value in (("UID", row), ("TaskUID", row), ("ResourceUID", names.index(who) + 1),
                               ("Units", 1), ("Work", format_duration((slipped or days) * 8 * 60))):
                _el(a, tag, value)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True, pretty_print=True))


def _link(task: Any, text: str) -> None:
    found = re.fullmatch(r"(\d+)(FS|SS|FF|SF)?([+-]\d+)?", text)
    assert found is not None, text
    pred, kind, lag = int(found.group(1)), found.group(2) or "FS", int(found.group(3) or 0)
    p = _el(task, "PredecessorLink")
    _el(p, "PredecessorUID", pred)
    _el(p, "Type", {"FF": 0, "FS": 1, "SF": 2, "SS": 3}[kind])
    _el(p, "LinkLag", lag * 4800)
    _el(p, "LagFormat", 7)


def _done(start: dt.date, finish: dt.date, days: int) -> float:
    work = WorkCalendar("1111100", [d for d, _ in HOLIDAYS])
    if not days:
        return 1.0 if finish <= STATUS_DATE else 0.0
    if STATUS_DATE < start:
        return 0.0
    return round(min(work.workdays_between(start, min(STATUS_DATE, finish)) / days, 1.0) * 20) / 20


def scheduled() -> dict[int, tuple[dt.date, dt.date, dt.date, dt.date]]:
    """Each row's current and baseline dates: the leaf tasks' links (summary links applied to
    them, as an import does) scheduled over the NRW calendar; summaries span their tasks."""
    leaves = plan_rows(parse_mspdi(plan_xml()), PROJECT_ID).tasks
    work = WorkCalendar("1111100", [d for d, _ in HOLIDAYS])
    ids = [t.task_id for t in leaves]
    preds = [t.predecessors for t in leaves]
    planned = {str(r): days for r, (_, _, days, _, _, _) in enumerate(ROWS, start=1)}
    current = {str(r): slipped or days for r, (_, _, days, _, _, slipped) in enumerate(ROWS, start=1)}
    base = as_dates(cpm(ids, [planned[i] for i in ids], preds), START, work)
    now = as_dates(cpm(ids, [current[i] for i in ids], preds), START, work)
    out = {int(i): (now["early_start"][k], now["early_finish"][k], base["early_start"][k], base["early_finish"][k])
           for k, i in enumerate(ids)}
    for row, (level, *_rest) in enumerate(ROWS, start=1):
        if level == 1:
            kids = [out[r] for r in range(row + 1, len(ROWS) + 1) if r in out and r <= _last_child(row)]
            out[row] = (min(k[0] for k in kids), max(k[1] for k in kids), min(k[2] for k in kids),
                        max(k[3] for k in kids))
    return out


def _outline(row: int) -> str:
    """A row's outline number: phases 1 … 6, their tasks 1.1, 1.2, …"""
    phase = sum(1 for level, *_ in ROWS[:row] if level == 1)
    if ROWS[row - 1][0] == 1:
        return str(phase)
    first = max(r for r in range(1, row + 1) if ROWS[r - 1][0] == 1)
    return f"{phase}.{row - first}"


def _last_child(row: int) -> int:
    end = row
    while end < len(ROWS) and ROWS[end][0] > 1:
        end += 1
    return end


def main() -> None:
    """Write workbooks/sample-plan.xml."""
    OUTPUT.write_bytes(plan_xml(scheduled()))
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
