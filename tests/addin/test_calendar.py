"""Excel date serials and working-day arithmetic.

Known serials are Excel's own documented values: Microsoft, "Date systems in Excel" (support
article): 1 January 1900 is serial 1 in the 1900 system, Excel treats 1900 as a leap year (the
Lotus 1-2-3 compatibility bug, so 29 February 1900 is serial 60 and 1 March 1900 is 61), and
1 January 1904 is serial 0 in the 1904 system, 1,462 days after the same date's 1900 serial.
Microsoft's DATE function help gives 1 January 2008 as serial 39448.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin.calendar import EXCEL_EPOCH, WorkCalendar, to_date, to_serial
from pmokit.addin.errors import InputError


@pytest.mark.parametrize(("serial", "expected"), [
    (1, date(1900, 1, 1)),
    (59, date(1900, 2, 28)),
    (61, date(1900, 3, 1)),
    (39448, date(2008, 1, 1)),
    (2958465, date(9999, 12, 31)),
])
def test_excel_1900_serials(serial: int, expected: date) -> None:
    assert to_date(serial) == expected
    assert to_date(float(serial)) == expected
    assert to_serial(expected) == serial


def test_serial_60_is_the_fictitious_leap_day() -> None:
    with pytest.raises(InputError, match="29 February 1900"):
        to_date(60)


def test_1904_system_is_1462_days_later() -> None:
    assert to_date(0, date1904=True) == date(1904, 1, 1)
    assert to_serial(date(2008, 1, 1), date1904=True) == 39448 - 1462
    assert to_date(39448 - 1462, date1904=True) == date(2008, 1, 1)


def test_fraction_is_time_of_day() -> None:
    assert to_date(39448.75) == date(2008, 1, 1)
    assert to_serial(datetime(2008, 1, 1, 18)) == pytest.approx(39448.75)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-30", date(2026, 11, 30)),
    ("2026-11-30T09:30", date(2026, 11, 30)),
    ("30/11/2026", date(2026, 11, 30)),
    ("11/30/2026", date(2026, 11, 30)),  # month first: the only reading that is a date
    ("30.11.2026", date(2026, 11, 30)),
    ("05/05/2026", date(2026, 5, 5)),  # either way round the same day
    (" 39448 ", date(2008, 1, 1)),  # a serial stored as text
])
def test_texts(text: str, expected: date) -> None:
    assert to_date(text) == expected


def test_blank_is_none_and_dates_pass_through() -> None:
    assert to_date(None) is None
    assert to_date("  ") is None
    assert to_date(float("nan")) is None
    assert to_date(datetime(2026, 11, 30, 8)) == date(2026, 11, 30)
    assert to_date(np.datetime64("2026-11-30")) == date(2026, 11, 30)


@pytest.mark.parametrize("text", ["01/02/2026", "10.05.2026", "12/11/2026"])
def test_a_text_date_that_reads_both_ways_is_refused_not_guessed(text: str) -> None:
    """Issue 9: "10/05/2026" was read day-first without a word; 10 May and 5 October are both
    dates, so neither is chosen and the message shows both in ISO form."""
    a, b = int(text[:2]), int(text[3:5])
    with pytest.raises(InputError) as info:
        to_date(text, argument="start", row=2)
    message = str(info.value)
    assert message.startswith(f"start row 2: '{text}' could be ")
    assert date(2026, b, a).isoformat() in message and date(2026, a, b).isoformat() in message


@pytest.mark.parametrize("bad", ["31/02/2026", "next week", 0, -5, True])
def test_bad_dates_name_the_argument_and_row(bad: object) -> None:
    with pytest.raises(InputError) as info:
        to_date(bad, argument="starts", row=4)
    assert str(info.value).startswith("starts row 4: ")


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_serial_round_trip(d: date) -> None:
    """Law: every real date survives date → serial → date, in both date systems."""
    assert to_date(to_serial(d)) == d
    if d >= date(1904, 1, 1):
        assert to_date(to_serial(d, date1904=True), date1904=True) == d


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_serials_from_march_1900_count_days_from_the_epoch(d: date) -> None:
    """Law: from 1 March 1900 on, a serial is the plain day count from 30 December 1899."""
    assert to_serial(d) == (d - EXCEL_EPOCH).days


# Working days: 30 Nov 2026 is a Monday; 25 and 28 Dec 2026 (Friday, Monday) are holidays below.
XMAS = WorkCalendar(holidays=[date(2026, 12, 25), date(2026, 12, 28)])


def test_add_workdays_skips_weekends_and_holidays() -> None:
    cal = WorkCalendar()
    assert cal.add_workdays(date(2026, 11, 30), 0) == date(2026, 11, 30)
    assert cal.add_workdays(date(2026, 11, 30), 4) == date(2026, 12, 4)   # Friday
    assert cal.add_workdays(date(2026, 11, 30), 5) == date(2026, 12, 7)   # next Monday
    assert cal.add_workdays(date(2026, 12, 5), 0) == date(2026, 12, 7)    # Saturday rolls on
    assert XMAS.add_workdays(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert cal.add_workdays(date(2026, 12, 7), -1) == date(2026, 12, 4)


def test_workdays_between_is_networkdays() -> None:
    # December 2026 has 23 weekdays; NETWORKDAYS with two holidays in it gives 21.
    assert WorkCalendar().workdays_between(date(2026, 12, 1), date(2026, 12, 31)) == 23
    assert XMAS.workdays_between(date(2026, 12, 1), date(2026, 12, 31)) == 21
    assert XMAS.workdays_between(date(2026, 12, 31), date(2026, 12, 1)) == -21
    assert XMAS.workday_number(date(2026, 12, 21), date(2026, 12, 29)) == 4


def test_weekmask_and_holiday_serials() -> None:
    six_day = WorkCalendar("1111110", holidays=[46381.0])  # serial 46381 = 25 Dec 2026
    assert to_date(46381) == date(2026, 12, 25)
    assert six_day.holidays == (date(2026, 12, 25),)
    assert six_day.days_per_week == 6
    assert six_day.add_workdays(date(2026, 12, 24), 1) == date(2026, 12, 26)  # a Saturday


def test_bad_weekmask_says_how_to_write_it() -> None:
    with pytest.raises(InputError, match="seven 0/1 digits"):
        WorkCalendar("11111")


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
       st.integers(min_value=0, max_value=400))
def test_add_then_count_agree(start: date, n: int) -> None:
    """Law: the working day n days after a working start has day number n, and the inclusive
    count from start to it is n + 1 (as a hand count of weekdays would say)."""
    cal = XMAS
    first = cal.add_workdays(start, 0)
    day = cal.add_workdays(first, n)
    assert cal.workday_number(first, day) == n
    assert cal.workdays_between(first, day) == n + 1
    by_hand = sum(1 for i in range((day - first).days + 1)
                  if (first + timedelta(i)).weekday() < 5
                  and first + timedelta(i) not in cal.holidays)
    assert by_hand == n + 1
