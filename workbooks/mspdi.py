"""Reading a Microsoft Project XML file (MSPDI, what "Save As → XML" writes) as it stands.

This module only reads: each ``<Task>``, ``<Calendar>``, ``<Resource>`` and ``<Assignment>``
becomes a plain record with MSPDI's own units (minutes, datetimes, MSPDI's codes), so the rules
that turn a plan into workbook rows (:mod:`pmokit.workbooks.plan_import`) can be read and tested
apart from the XML. The element names and codes follow Microsoft's schema reference for
``mspdi_pj12.xsd`` (Project XML Data Interchange Schema); see ``../shared/DOMAIN.md``.

Parsed with lxml and no entity expansion, no network and no DTD: Microsoft Project never writes a
DOCTYPE, so a file with one is refused rather than trusted (the "billion laughs" and external
entity attacks both need it).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from pmokit.addin.constraints import MSPDI_CODES
from pmokit.addin.errors import PmoError
from pmokit.workbooks.inputs import read_regular

NAMESPACE = "http://schemas.microsoft.com/project"
MAX_INT = 2**31 - 1  # MSPDI's numbers (UIDs, codes, lags) are 32-bit
MAX_NUMBER = 1e15  # costs and amounts: more than any plan's budget, well inside a float's exact range
MAX_DURATION_MINUTES = 100 * 525600.0  # 100 years
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2149, 12, 31)  # Excel's first day; Project's last
#: MSPDI ``PredecessorLink/Type``: 0 = FF, 1 = FS, 2 = SF, 3 = SS.
LINK_CODES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
#: MSPDI ``ConstraintType`` 0–7 by the engine's codes, as the workbook writes them ("" for ASAP).
CONSTRAINT_CODES = tuple("" if code == "ASAP" else code for code in MSPDI_CODES)
#: Duration and lag formats (``DurationFormat``, ``LagFormat``) counted in elapsed time, and in
#: percent of the predecessor's duration; the "?" (estimated) variants count the same way.
ELAPSED_FORMATS = frozenset({4, 6, 8, 10, 12, 36, 38, 40, 42, 44})
PERCENT_FORMATS = frozenset({19, 20, 51, 52})
#: The custom fields Microsoft Project's PERT analysis fills: Duration1 = optimistic, Duration2 =
#: expected, Duration3 = pessimistic (the PjField constants pjTaskDuration1–3, 0x0B400067–69).
PERT_FIELDS = ("188743783", "188743784", "188743785")
#: Text1 (pjTaskText1, 0x0B400033): pmokit's exporter keeps the workbook's Task ID there.
TEXT1_FIELD = "188743731"
TASK_ID_ALIAS = "pmokit Task ID"
_DURATION = re.compile(r"^(-)?P(?:(\d+(?:\.\d*)?)Y)?(?:(\d+(?:\.\d*)?)M)?(?:(\d+(?:\.\d*)?)D)?"
                       r"(?:T(?:(\d+(?:\.\d*)?)H)?(?:(\d+(?:\.\d*)?)M)?(?:(\d+(?:\.\d*)?)S)?)?$")


class PlanError(PmoError):
    """A plan file cannot be imported: not MSPDI, damaged XML, a missing Java for .mpp, …"""

    exit_code = 1


@dataclass
class MsLink:
    """One ``PredecessorLink``: the predecessor's UID, FS/SS/FF/SF, the lag as written."""

    pred_uid: int
    kind: str = "FS"
    lag: int = 0  # LinkLag: tenths of a minute (or percent, by LagFormat)
    lag_format: int = 7
    cross_project: bool = False


@dataclass
class MsTask:
    """One ``Task`` element with MSPDI's units: durations and work in minutes, dates as datetimes."""

    uid: int
    id: int | None = None
    name: str = ""
    wbs: str = ""
    outline_number: str = ""
    outline_level: int = 0
    summary: bool = False
    milestone: bool = False
    manual: bool = False
    active: bool = True
    null: bool = False
    subproject: str = ""  # the inserted project's file, when the task is an inserted project
    external: bool = False
    start: dt.datetime | None = None
    finish: dt.datetime | None = None
    duration: float | None = None  # minutes
    duration_format: int = 7
    work: float | None = None  # minutes
    percent_complete: float = 0.0  # 0..100
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    remaining: float | None = None  # RemainingDuration, minutes
    constraint_type: int = 0
    constraint_date: dt.datetime | None = None
    deadline: dt.datetime | None = None
    calendar_uid: int = -1
    leveling_delay: float = 0.0  # tenths of a minute
    leveling_delay_format: int = 7  # Microsoft Project writes 8, elapsed days
    cost: float | None = None
    actual_cost: float | None = None
    baseline_start: dt.datetime | None = None
    baseline_finish: dt.datetime | None = None
    baseline_cost: float | None = None
    links: list[MsLink] = field(default_factory=list)
    extended: dict[str, str] = field(default_factory=dict)  # FieldID → Value
    extended_formats: dict[str, int] = field(default_factory=dict)  # FieldID → DurationFormat, where given


@dataclass
class MsException:
    """A calendar exception: a day or a range of days, once or recurring."""

    name: str
    start: dt.date
    finish: dt.date
    working: bool = False
    type: int | None = None  # 1 daily … 6 weekly, 7/8 by day / weekday count; None = plain range
    period: int = 1
    days_of_week: int = 0  # bit mask: 1 = Sunday, 2 = Monday, … 64 = Saturday
    month_item: int | None = None
    month_position: int | None = None
    month: int | None = None  # 0 = January
    month_day: int | None = None
    occurrences: int | None = None


@dataclass
class MsCalendar:
    """A ``Calendar``: its working week (MSPDI DayType 1 = Sunday … 7 = Saturday) and exceptions."""

    uid: int
    name: str = ""
    base_uid: int | None = None
    weekdays: dict[int, bool] = field(default_factory=dict)
    exceptions: list[MsException] = field(default_factory=list)
    work_weeks: list[str] = field(default_factory=list)  # names of alternative work weeks


@dataclass
class MsResource:
    uid: int
    name: str = ""
    type: int = 1  # 0 = material, 1 = work, 2 = cost
    group: str = ""
    max_units: float = 1.0
    standard_rate: float | None = None  # per hour


@dataclass
class MsAssignment:
    task_uid: int
    resource_uid: int
    work: float | None = None  # minutes


@dataclass
class MsPlan:
    """A whole MSPDI file, as written."""

    name: str = ""
    title: str = ""
    manager: str = ""
    start: dt.datetime | None = None
    finish: dt.datetime | None = None
    schedule_from_start: bool = True
    honor_constraints: bool = True
    currency: str = ""
    calendar_uid: int | None = None
    minutes_per_day: float = 480.0
    minutes_per_week: float = 2400.0
    default_start_time: dt.time = dt.time(8, 0)
    default_finish_time: dt.time = dt.time(17, 0)
    aliases: dict[str, str] = field(default_factory=dict)  # extended attribute FieldID → alias
    tasks: list[MsTask] = field(default_factory=list)
    calendars: list[MsCalendar] = field(default_factory=list)
    resources: list[MsResource] = field(default_factory=list)
    assignments: list[MsAssignment] = field(default_factory=list)


def read_mspdi(path: str | Path) -> MsPlan:
    """Read a Microsoft Project XML file; :class:`PlanError` when it is not one or is damaged."""
    source = Path(path)
    return parse_mspdi(read_regular(source, PlanError, what="plan file"), source.name)


def parse_mspdi(data: bytes, name: str = "the plan") -> MsPlan:
    """Parse MSPDI bytes (``name`` is the file name messages use)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PlanError(f"{name} is not readable XML (line {exc.lineno}: {exc.msg}); save the plan from "
                        "Microsoft Project again with File → Save As → XML") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise PlanError(f"{name} declares a DTD, which Microsoft Project never writes: refused for safety")
    if _local(root.tag) != "Project" or not (root.tag.startswith(f"{{{NAMESPACE}}}") or "}" not in root.tag):
        raise PlanError(f"{name} is XML but not a Microsoft Project plan (its root element is "
                        f"<{_local(root.tag)}>, MSPDI's is <Project xmlns=\"{NAMESPACE}\">)")
    return _plan(root, name)


def _local(tag: Any) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


def _plan(root: Any, name: str) -> MsPlan:
    plan = MsPlan()
    for child in root:
        tag = _local(child.tag)
        text = (child.text or "").strip()
        if tag == "Tasks":
            plan.tasks = [_task(t, name) for t in child]
        elif tag == "Calendars":
            plan.calendars = [_calendar(c, name) for c in child]
        elif tag == "Resources":
            plan.resources = [_resource(r, name) for r in child]
        elif tag == "Assignments":
            plan.assignments = [a for a in (_assignment(x, name) for x in child) if a is not None]
        elif tag == "ExtendedAttributes":
            for attribute in child:
                values = _texts(attribute)
                if values.get("FieldID") and values.get("Alias"):
                    plan.aliases[values["FieldID"]] = values["Alias"]
        elif text:
            _project_field(plan, tag, text, name)
    return plan


def _project_field(plan: MsPlan, tag: str, text: str, name: str) -> None:
    where = f"{name}: <{tag}>"
    if tag == "Name":
        plan.name = text
    elif tag == "Title":
        plan.title = text
    elif tag == "Manager":
        plan.manager = text
    elif tag == "StartDate":
        plan.start = _datetime(text, where)
    elif tag == "FinishDate":
        plan.finish = _datetime(text, where)
    elif tag == "ScheduleFromStart":
        plan.schedule_from_start = _bool(text)
    elif tag == "HonorConstraints":
        plan.honor_constraints = _bool(text)
    elif tag == "CurrencyCode":
        plan.currency = text
    elif tag == "CalendarUID":
        plan.calendar_uid = _int(text, where)
    elif tag == "MinutesPerDay":
        plan.minutes_per_day = _number(text, where) or 480.0
    elif tag == "MinutesPerWeek":
        plan.minutes_per_week = _number(text, where) or 2400.0
    elif tag == "DefaultStartTime":
        plan.default_start_time = _time(text, where)
    elif tag == "DefaultFinishTime":
        plan.default_finish_time = _time(text, where)


def _texts(element: Any) -> dict[str, str]:
    return {_local(c.tag): (c.text or "").strip() for c in element}


def _task(element: Any, name: str) -> MsTask:
    values: dict[str, str] = {}
    links: list[MsLink] = []
    extended: dict[str, str] = {}
    extended_formats: dict[str, int] = {}
    baseline: dict[str, str] = {}
    for child in element:
        tag = _local(child.tag)
        if tag == "PredecessorLink":
            links.append(_link(_texts(child), name))
        elif tag == "ExtendedAttribute":
            found = _texts(child)
            if found.get("FieldID"):
                extended[found["FieldID"]] = found.get("Value", "")
                if found.get("DurationFormat"):  # a duration custom field keeps its own unit
                    extended_formats[found["FieldID"]] = _int(found["DurationFormat"], f"{name}: a custom field")
        elif tag == "Baseline":
            found = _texts(child)
            if found.get("Number", "0") in ("0", ""):
                baseline = found
        elif child.text is not None:
            values[tag] = child.text.strip()
    uid_text = values.get("UID")
    if not uid_text:
        raise PlanError(f"{name}: a <Task> has no <UID> (task named '{values.get('Name', '')}')")
    task = MsTask(uid=_int(uid_text, f"{name}: task UID"))
    where = f"{name}: task {values.get('ID', uid_text)} '{values.get('Name', '')}'"
    get = values.get
    task.id = _int(get("ID"), where) if get("ID") else None
    task.name = get("Name", "")
    task.wbs = get("WBS", "")
    task.outline_number = get("OutlineNumber", "")
    task.outline_level = _int(get("OutlineLevel", "0") or "0", where)
    task.summary = _bool(get("Summary"))
    task.milestone = _bool(get("Milestone"))
    task.manual = _bool(get("Manual"))
    task.active = _bool(get("Active", "1"))
    task.null = _bool(get("IsNull"))
    task.subproject = get("SubprojectName", "") if _bool(get("IsSubproject")) else ""
    if _bool(get("IsSubproject")) and not task.subproject:
        task.subproject = task.name or "an inserted project"
    task.external = _bool(get("ExternalTask"))
    task.start = _datetime(get("Start"), where)
    task.finish = _datetime(get("Finish"), where)
    task.duration = parse_duration(get("Duration"), where)
    task.duration_format = _int(get("DurationFormat", "7") or "7", where)
    task.work = parse_duration(get("Work"), where)
    task.percent_complete = _number(get("PercentComplete"), where) or 0.0
    task.actual_start = _datetime(get("ActualStart"), where)
    task.actual_finish = _datetime(get("ActualFinish"), where)
    task.remaining = parse_duration(get("RemainingDuration"), where)
    task.constraint_type = _int(get("ConstraintType", "0") or "0", where)
    task.constraint_date = _datetime(get("ConstraintDate"), where)
    task.deadline = _datetime(get("Deadline"), where)
    task.calendar_uid = _int(get("CalendarUID", "-1") or "-1", where)
    task.leveling_delay = _number(get("LevelingDelay"), where) or 0.0
    task.leveling_delay_format = _int(get("LevelingDelayFormat", "7") or "7", where)
    task.cost = _number(get("Cost"), where)
    task.actual_cost = _number(get("ActualCost"), where)
    task.baseline_start = _datetime(baseline.get("Start"), where)
    task.baseline_finish = _datetime(baseline.get("Finish"), where)
    task.baseline_cost = _number(baseline.get("Cost"), where)
    task.links = links
    task.extended = extended
    task.extended_formats = extended_formats
    return task


def _link(values: dict[str, str], name: str) -> MsLink:
    where = f"{name}: a <PredecessorLink>"
    uid = values.get("PredecessorUID")
    if not uid:
        raise PlanError(f"{where} has no <PredecessorUID>")
    code = _int(values.get("Type", "1") or "1", where)
    if code not in LINK_CODES:
        raise PlanError(f"{where} has link type {code}; MSPDI's are 0 = FF, 1 = FS, 2 = SF, 3 = SS")
    return MsLink(_int(uid, where), LINK_CODES[code], int(_number(values.get("LinkLag"), where) or 0),
                  _int(values.get("LagFormat", "7") or "7", where), _bool(values.get("CrossProject")))


def _calendar(element: Any, name: str) -> MsCalendar:
    values = _texts(element)
    where = f"{name}: calendar '{values.get('Name', '')}'"
    calendar = MsCalendar(uid=_int(values.get("UID", "0") or "0", where), name=values.get("Name", ""))
    base = values.get("BaseCalendarUID")
    calendar.base_uid = _int(base, where) if base and base != "-1" else None
    for child in element:
        tag = _local(child.tag)
        if tag == "WeekDays":
            for day in child:
                _weekday(calendar, day, where)
        elif tag == "Exceptions":
            calendar.exceptions += [_exception(x, where) for x in child]
        elif tag == "WorkWeeks":
            calendar.work_weeks += [_texts(w).get("Name", "a work week") or "a work week" for w in child]
    return calendar


def _weekday(calendar: MsCalendar, element: Any, where: str) -> None:
    values = _texts(element)
    day_type = _int(values.get("DayType", "0") or "0", where)
    working = _bool(values.get("DayWorking"))
    if day_type:
        calendar.weekdays[day_type] = working
        return
    period = next((c for c in element if _local(c.tag) == "TimePeriod"), None)  # a dated exception
    if period is None:
        return
    span = _texts(period)
    start = _datetime(span.get("FromDate"), where)
    finish = _datetime(span.get("ToDate"), where)
    if start is not None and finish is not None:
        calendar.exceptions.append(MsException("", start.date(), _end_day(finish), working))


def _end_day(moment: dt.datetime) -> dt.date:
    """The last day a ``ToDate`` covers: 2026-12-26T23:59:00 is the 26th, 2026-12-27T00:00 too."""
    return (moment - dt.timedelta(minutes=1)).date() if moment.time() == dt.time(0) else moment.date()


#: The recurrence fields' ranges (MSPDI: Month 0 = January … 11; MonthItem 0–9; MonthPosition
#: 0 = first … 4 = last; DaysOfWeek a 7-bit mask).
_EXCEPTION_RANGES = {"Period": (1, 10_000), "DaysOfWeek": (0, 127), "MonthItem": (0, 9), "MonthPosition": (0, 4),
                     "Month": (0, 11), "MonthDay": (1, 31), "Occurrences": (0, 100_000), "Type": (0, 9)}


def _exception(element: Any, where: str) -> MsException:
    values = _texts(element)
    period = next((c for c in element if _local(c.tag) == "TimePeriod"), None)
    span = _texts(period) if period is not None else {}
    start = _datetime(span.get("FromDate"), where)
    finish = _datetime(span.get("ToDate"), where)
    if start is None or finish is None:
        raise PlanError(f"{where}: exception '{values.get('Name', '')}' has no <TimePeriod> dates")

    def number(key: str) -> int | None:
        text = values.get(key)
        low, high = _EXCEPTION_RANGES.get(key, (-MAX_INT, MAX_INT))
        return _int(text, f"{where}: exception {key}", low, high) if text else None

    kind = number("Type")
    occurrences = number("Occurrences")
    return MsException(
        values.get("Name", ""), start.date(), _end_day(finish), _bool(values.get("DayWorking")),
        None if kind in (None, 9) or (occurrences == 1 and kind == 1) else kind,
        number("Period") or 1, number("DaysOfWeek") or 0, number("MonthItem"), number("MonthPosition"),
        number("Month"), number("MonthDay"),
        occurrences if _bool(values.get("EnteredByOccurrences")) else None)


def _resource(element: Any, name: str) -> MsResource:
    values = _texts(element)
    where = f"{name}: resource '{values.get('Name', '')}'"
    return MsResource(
        uid=_int(values.get("UID", "0") or "0", where), name=values.get("Name", ""),
        type=_int(values.get("Type", "1") or "1", where), group=values.get("Group", ""),
        max_units=_number(values.get("MaxUnits"), where) or 1.0,
        standard_rate=_number(values.get("StandardRate"), where))


def _assignment(element: Any, name: str) -> MsAssignment | None:
    values = _texts(element)
    where = f"{name}: an assignment"
    if not values.get("TaskUID") or not values.get("ResourceUID"):
        return None
    return MsAssignment(_int(values["TaskUID"], where), _int(values["ResourceUID"], where),
                        parse_duration(values.get("Work"), where))


def _bool(text: str | None) -> bool:
    return (text or "").strip().lower() in ("1", "true")


def _int(text: str | None, where: str, low: int = -MAX_INT, high: int = MAX_INT) -> int:
    """A whole number between ``low`` and ``high`` (MSPDI's are 32-bit); PlanError otherwise."""
    try:
        value = float(text or "")
    except ValueError:
        raise PlanError(f"{where}: '{text}' is not a whole number") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise PlanError(f"{where}: {_short(text)} is not a whole number from {low} to {high}")
    return int(value)


def _number(text: str | None, where: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise PlanError(f"{where}: '{_short(text)}' is not a number") from None
    if not (math.isfinite(value) and abs(value) <= MAX_NUMBER):
        raise PlanError(f"{where}: {_short(text)} is not a number a plan can hold (at most {MAX_NUMBER:,.0f})")
    return value


def _datetime(text: str | None, where: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise PlanError(f"{where}: '{_short(text)}' is not a date and time like 2026-03-02T08:00:00") from None
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise PlanError(f"{where}: {_short(text)} is outside the dates a plan can hold "
                        f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}, Microsoft Project's last day)")
    return moment.replace(tzinfo=None)


def _short(text: str | None, size: int = 40) -> str:
    """A value for a message: at most ``size`` characters."""
    value = text or ""
    return value if len(value) <= size else value[:size] + "…"


def _time(text: str, where: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise PlanError(f"{where}: '{text}' is not a time like 08:00:00") from None


def parse_duration(text: str | None, where: str) -> float | None:
    """An ISO 8601 duration (``PT16H0M0S``) in minutes; None when absent."""
    if not text:
        return None
    m = _DURATION.match(text)
    if m is None or text in ("P", "PT", "-P", "-PT"):
        raise PlanError(f"{where}: duration '{text}' is not an ISO 8601 duration like PT16H0M0S")
    sign, years, months, days, hours, minutes, seconds = m.groups()
    total = (float(years or 0) * 525600 + float(months or 0) * 43200 + float(days or 0) * 1440
             + float(hours or 0) * 60 + float(minutes or 0) + float(seconds or 0) / 60)
    if not total <= MAX_DURATION_MINUTES:  # also NaN
        raise PlanError(f"{where}: duration {_short(text)} is longer than a plan can hold (100 years)")
    return -total if sign else total


def format_duration(minutes: float) -> str:
    """Minutes as MSPDI writes a duration, whole seconds: 960 → ``PT16H0M0S``."""
    seconds = int(round(abs(minutes) * 60))
    hours, rest = divmod(seconds, 3600)
    return f"{'-' if minutes < 0 else ''}PT{hours}H{rest // 60}M{rest % 60}S"
