"""A plan's project calendar as the workbook keeps it: the working week and a list of holidays.

Microsoft Project's calendar (``mspdi_pj12.xsd``, ``Calendars``) has a working week (``WeekDay``
with ``DayType`` 1 = Sunday … 7 = Saturday, inherited from the base calendar where a derived one
says nothing) and exceptions: a range of days, or a recurrence (daily, weekly on some days,
monthly or yearly by day or by position such as "last Monday of May") over a range or a number
of occurrences. The workbook's Calendar sheet holds whole non-working days and a Monday-first
week mask, so recurring exceptions are expanded into their dates here. What the sheet cannot hold
(a working Saturday, changed working hours, alternative work weeks) is said in a note, never
dropped silently.
"""

from __future__ import annotations

import calendar as months
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from pmokit.workbooks.mspdi import MsCalendar, MsException, MsPlan

DEFAULT_WEEK = {1: False, 2: True, 3: True, 4: True, 5: True, 6: True, 7: False}  # Monday–Friday
MAX_DAYS = 20000  # a recurrence running longer than ~55 years is a typing slip: stop there


@dataclass
class PlanCalendar:
    """The project calendar for the workbook: ``weekmask`` Monday first, holidays by date."""

    weekmask: str = "1111100"
    holidays: dict[dt.date, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def project_calendar(plan: MsPlan, first: dt.date, last: dt.date) -> PlanCalendar:
    """The plan's project calendar, recurring holidays expanded between ``first`` and ``last``
    (the years the plan spans; later occurrences are left out and the note says so)."""
    out = PlanCalendar()
    by_uid = {c.uid: c for c in plan.calendars}
    chosen = by_uid.get(plan.calendar_uid) if plan.calendar_uid is not None else None
    if chosen is None:
        chosen = next(iter(plan.calendars), None)
    if chosen is None:
        out.notes.append("the plan has no calendar: Monday to Friday, no holidays")
        return out
    week = _week(chosen, by_uid)
    out.weekmask = "".join("1" if week[day] else "0" for day in (2, 3, 4, 5, 6, 7, 1))
    if "1" not in out.weekmask:
        out.notes.append(f"calendar '{chosen.name}' has no working day: Monday to Friday used")
        out.weekmask = "1111100"
    working_weekday = {i: out.weekmask[i] == "1" for i in range(7)}
    clipped: list[str] = []
    odd_working: dict[dt.date, str] = {}  # by day: the legacy unnamed entry and the named one are one day
    for exception in _exceptions(chosen, by_uid):
        label = exception.name or "an exception"
        days = list(_dates(exception))
        kept = [d for d in days if first <= d <= last]
        if len(kept) < len(days) and exception.type is not None:
            clipped.append(label)
        for day in kept:
            if exception.working:
                if not working_weekday[day.weekday()] and (exception.name or day not in odd_working):
                    odd_working[day] = f"{label} ({day.isoformat()})"
            elif working_weekday[day.weekday()] and not out.holidays.get(day):
                out.holidays[day] = exception.name
    if clipped:
        out.notes.append(f"recurring calendar exceptions ({', '.join(sorted(set(clipped)))}) expanded from "
                         f"{first.year} to {last.year}, the years the plan spans; later occurrences are not "
                         "written")
    if odd_working:
        found = [odd_working[d] for d in sorted(odd_working)]
        shown = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
        out.notes.append(f"working days on a non-working weekday ({shown}) skipped: the Calendar sheet "
                         "holds non-working days only")
    weeks = [w for c in _lineage(chosen, by_uid) for w in c.work_weeks]
    if weeks:
        out.notes.append(f"alternative work weeks ({', '.join(weeks)}) skipped: the workbook has one working "
                         "week")
    return out


def _lineage(calendar: MsCalendar, by_uid: dict[int, MsCalendar]) -> Iterator[MsCalendar]:
    seen: set[int] = set()
    current: MsCalendar | None = calendar
    while current is not None and current.uid not in seen:
        seen.add(current.uid)
        yield current
        current = by_uid.get(current.base_uid) if current.base_uid is not None else None


def _week(calendar: MsCalendar, by_uid: dict[int, MsCalendar]) -> dict[int, bool]:
    week = dict(DEFAULT_WEEK)
    for c in reversed(list(_lineage(calendar, by_uid))):  # base first, the derived calendar wins
        week.update(c.weekdays)
    return week


def _exceptions(calendar: MsCalendar, by_uid: dict[int, MsCalendar]) -> list[MsException]:
    """The calendar's exceptions with its base calendars' (the derived calendar's own come last,
    so a named one replaces a legacy unnamed entry for the same day)."""
    found: list[MsException] = []
    for c in reversed(list(_lineage(calendar, by_uid))):
        found += sorted(c.exceptions, key=lambda x: bool(x.name))
    return found


def _dates(x: MsException) -> Iterator[dt.date]:
    """Every day an exception covers, in order, at most ``occurrences`` of them when it says so."""
    made = 0
    for day in _candidates(x):
        if day > x.finish or made >= MAX_DAYS:
            return
        if day < x.start:
            continue
        yield day
        made += 1
        if x.occurrences is not None and made >= x.occurrences:
            return


def _candidates(x: MsException) -> Iterator[dt.date]:
    """The days a recurrence names, in order, never past its finish (so a pattern that names no
    day, or a long period, ends at the finish instead of running off the calendar)."""
    one = dt.timedelta(days=1)
    period = max(x.period, 1)
    if x.type is None:
        day = x.start
        while day <= x.finish:
            yield day
            day += one
    elif x.type in (1, 7):  # daily, every `period` days
        day = x.start
        while day <= x.finish:
            yield day
            day += period * one
    elif x.type == 8:  # every `period`-th weekday
        day, count = x.start, 0
        while day <= x.finish:
            if day.weekday() < 5:
                if count % period == 0:
                    yield day
                count += 1
            day += one
    elif x.type == 6:  # weekly, on the days of the mask, every `period` weeks
        monday = x.start - x.start.weekday() * one
        while monday <= x.finish:
            for i in range(7):
                day = monday + i * one
                if x.days_of_week & (1 << ((day.weekday() + 1) % 7)):
                    yield day
            monday += 7 * period * one
    else:
        yield from _monthly(x, period)


def _monthly(x: MsException, period: int) -> Iterator[dt.date]:
    yearly = x.type in (2, 3)
    step = 12 if yearly else period
    year, month = x.start.year, (x.month + 1 if yearly and x.month is not None else x.start.month)
    if yearly and dt.date(year, month, 1) < dt.date(x.start.year, x.start.month, 1):
        year += 1
    while year <= x.finish.year:
        day = (_by_day(year, month, x.month_day or 1) if x.type in (2, 4)
               else _by_position(year, month, x.month_position or 0, x.month_item or 0))
        if day is not None:
            yield day
        month += step
        year += (month - 1) // 12
        month = (month - 1) % 12 + 1


def _by_day(year: int, month: int, day: int) -> dt.date | None:
    last = months.monthrange(year, month)[1]
    return dt.date(year, month, day) if 1 <= day <= last else None


def _by_position(year: int, month: int, position: int, item: int) -> dt.date | None:
    """The ``position``-th (0 = first … 3 = fourth, 4 = last) ``item`` of a month: item 0 = day,
    1 = weekday, 2 = weekend day, 3 = Sunday … 9 = Saturday (MSPDI ``MonthItem``)."""
    last = months.monthrange(year, month)[1]
    days = [dt.date(year, month, d) for d in range(1, last + 1)]
    if item == 1:
        days = [d for d in days if d.weekday() < 5]
    elif item == 2:
        days = [d for d in days if d.weekday() >= 5]
    elif item >= 3:
        days = [d for d in days if (d.weekday() + 1) % 7 == item - 3]
    if not days:
        return None
    return days[-1] if position >= 4 else (days[position] if position < len(days) else None)
