"""Dates as Excel sends them, and working days as a PMO counts them.

Excel stores a date as a serial number of days since 30 December 1899 (the "1900 date system"),
keeping Lotus 1-2-3's fictitious 29 February 1900 at serial 60, so serials 1–59 are one day off a
plain count. Mac workbooks may use the 1904 system, whose serial 0 is 1 January 1904 (1,462 days
later). Working days follow NumPy's business-day functions: a week mask (Monday first) and a
holiday list.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from pmokit.addin.errors import InputError

EXCEL_EPOCH = date(1899, 12, 30)
EPOCH_1904 = date(1904, 1, 1)
_FIRST_REAL_SERIAL = 61  # 1 March 1900: from here on the 1900 system counts days plainly
_SLASHED = re.compile(r"^\s*(\d{1,2})([/.])(\d{1,2})\2(\d{4})\s*$")


def to_date(value: Any, *, date1904: bool = False, argument: str = "date",
            row: int | None = None) -> date | None:
    """Read a cell's value as a date; blank gives None.

    Accepts a ``date`` or ``datetime`` (time of day dropped), an Excel serial number (int or float,
    fraction = time of day, dropped; 1900 system unless ``date1904``), a number stored as text, ISO
    text (``2026-11-30``, ``2026-11-30T09:00``) and text with slashes or dots when only one reading
    is a date (``30/11/2026`` and ``11/30/2026`` are both 30 November). Text that is a date either
    way round (``10/05/2026``: 10 May or 5 October?) is refused, never guessed: the message asks for
    ISO. Serial 60 is Excel's 29 February 1900, which never existed, and is refused, as are serials
    before the system's first day.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, np.datetime64):
        return _from_datetime64(value, argument, row)
    if isinstance(value, (bool, np.bool_)):
        raise InputError(argument, f"{value} is not a date", row)
    if isinstance(value, (int, float, np.integer, np.floating)):
        if math.isnan(float(value)):
            return None
        return _from_serial(float(value), date1904, argument, row)
    if isinstance(value, str):
        return _from_text(value, date1904, argument, row)
    raise InputError(argument, f"{value!s} is not a date", row)


def to_serial(d: date, *, date1904: bool = False) -> float:
    """Give the Excel serial number of a date (a datetime keeps its time of day as a fraction)."""
    fraction = 0.0
    if isinstance(d, datetime):
        fraction = (d - datetime(d.year, d.month, d.day)).total_seconds() / 86400.0
        d = d.date()
    if date1904:
        return float((d - EPOCH_1904).days) + fraction
    serial = (d - EXCEL_EPOCH).days
    if serial < _FIRST_REAL_SERIAL:
        serial -= 1  # before 1 March 1900 Excel counts one day fewer (no fictitious 29 Feb yet)
    return float(serial) + fraction


def _from_serial(serial: float, date1904: bool, argument: str, row: int | None) -> date:
    whole = math.floor(serial)
    if date1904:
        if whole < 0:
            raise InputError(argument, f"{serial:g} is before 1 January 1904, serial 0 of the "
                                       "1904 date system", row)
        return EPOCH_1904 + timedelta(days=whole)
    if whole < 1:
        raise InputError(argument, f"{serial:g} is not a date: Excel's 1900 date system starts at "
                                   "serial 1 (1 January 1900)", row)
    if whole == 60:
        raise InputError(argument, "serial 60 is Excel's 29 February 1900, a day that never "
                                   "existed", row)
    if whole < 60:
        whole += 1
    if whole > 2958465:  # 31 December 9999, Excel's last date
        raise InputError(argument, f"{serial:g} is after 31 December 9999, Excel's last date", row)
    return EXCEL_EPOCH + timedelta(days=whole)


def _from_text(text: str, date1904: bool, argument: str, row: int | None) -> date:
    s = text.strip()
    try:
        return _from_serial(float(s), date1904, argument, row)
    except ValueError:
        pass
    m = _SLASHED.match(s)
    if m:
        return _slashed(text, int(m.group(1)), int(m.group(3)), int(m.group(4)), argument, row)
    try:
        return datetime.fromisoformat(s).date()
    except ValueError:
        raise InputError(argument, f"'{text}' is not a date (write 2026-11-30 or 30/11/2026)",
                         row) from None


def _slashed(text: str, a: int, b: int, year: int, argument: str, row: int | None) -> date:
    """``a/b/year``: day first or month first, whichever is a date; refused when both are."""
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            readings.append(date(year, month, day))
        except ValueError:
            pass
    found = set(readings)
    if len(found) == 1:
        return readings[0]
    if not found:
        raise InputError(argument, f"'{text}' is not a date (write 2026-11-30 or 30/11/2026)", row)
    day_first, month_first = readings
    raise InputError(argument, f"'{text}' could be {day_first.day} {day_first:%B} or {month_first.day} "
                               f"{month_first:%B} {year}: write the date as {day_first.isoformat()} or "
                               f"{month_first.isoformat()} (year-month-day), or make the cell a date", row)


def _from_datetime64(value: np.datetime64, argument: str, row: int | None) -> date | None:
    if np.isnat(value):
        return None
    out = value.astype("datetime64[D]").astype(object)
    if not isinstance(out, date):
        raise InputError(argument, f"{value} is not a date", row)
    return out


class WorkCalendar:
    """Working days: a week mask (Monday first, ``"1111100"`` = Monday–Friday) and holidays.

    Day numbers count whole working days from a start: the start's own working day is 0.
    """

    def __init__(self, weekmask: str | Sequence[int] = "1111100",
                 holidays: Iterable[Any] = ()) -> None:
        days: list[date] = []
        for i, h in enumerate(holidays, start=1):
            d = to_date(h, argument="holidays", row=i)
            if d is not None:
                days.append(d)
        mask = weekmask.strip() if isinstance(weekmask, str) else weekmask
        try:
            self.numpy = np.busdaycalendar(weekmask=mask,
                                           holidays=np.array(days, dtype="datetime64[D]"))
        except ValueError:
            raise InputError("weekmask", f"'{weekmask}' is not a week mask: write seven 0/1 "
                                         "digits from Monday, e.g. 1111100") from None
        self.weekmask = "".join("1" if b else "0" for b in self.numpy.weekmask)
        self.holidays = tuple(sorted(set(days)))

    @property
    def days_per_week(self) -> int:
        """How many working days a standard week has (5 for Monday–Friday)."""
        return int(self.numpy.weekmask.sum())

    def is_workday(self, d: date) -> bool:
        """Tell whether a date is a working day."""
        return bool(np.is_busday(np.datetime64(d, "D"), busdaycal=self.numpy))

    def add_workdays(self, start: date, n: int) -> date:
        """Give the working day ``n`` working days after ``start`` (before it if ``n`` < 0).

        A start on a non-working day first moves to the next working day, so ``n = 0`` gives the
        first working day on or after ``start``.
        """
        try:
            out = np.busday_offset(np.datetime64(start, "D"), int(n), roll="forward",
                                   busdaycal=self.numpy)
        except OverflowError:
            raise InputError("days", f"{n} working days from {start} fall outside the calendar") from None
        return _as_date(out)

    def workday_number(self, start: date, d: date) -> int:
        """Count the working days from ``start`` up to (not including) ``d``: its day number."""
        return int(np.busday_count(np.datetime64(start, "D"), np.datetime64(d, "D"),
                                   busdaycal=self.numpy))

    def workdays_between(self, a: date, b: date) -> int:
        """Count the working days from ``a`` to ``b``, both included (negative if ``b`` < ``a``).

        Like Excel's NETWORKDAYS.INTL with the same week mask and holidays.
        """
        one = np.timedelta64(1, "D")
        lo, hi = np.datetime64(a, "D"), np.datetime64(b, "D")
        if hi < lo:
            return -int(np.busday_count(hi, lo + one, busdaycal=self.numpy))
        return int(np.busday_count(lo, hi + one, busdaycal=self.numpy))

    def __repr__(self) -> str:
        return f"WorkCalendar(weekmask={self.weekmask!r}, holidays={len(self.holidays)} days)"


LAST_DAY = np.datetime64("9999-12-31")
FIRST_DAY = np.datetime64("0001-01-01")


def _as_date(value: np.datetime64, argument: str = "days", row: int | None = None) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InputError(argument, f"the date falls after 31 December 9999 (or before year 1), "
                                   "outside the calendar dates can have", row)
    out = value.astype(object)
    assert isinstance(out, date)
    return out


def as_dates_checked(days: Any, argument: str) -> list[date]:
    """NumPy days as dates; :class:`InputError` naming the first row beyond 31 December 9999."""
    array = np.asarray(days, dtype="datetime64[D]")
    outside = np.flatnonzero((array > LAST_DAY) | (array < FIRST_DAY))
    if outside.size:
        _as_date(array[outside[0]], argument, int(outside[0]) + 1)
    return [x.astype(object) for x in array]
