"""Resource loading: spreading effort by profile, FTE, utilisation and overload."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.errors import InputError
from pmokit.addin.loading import spread, utilisation, overload, week_starts

MON = date(2026, 11, 30)  # a Monday
WEEKS = week_starts(MON, 3)  # 30 Nov, 7 Dec, 14 Dec


def test_flat_spread_by_hand() -> None:
    # 80 hours over Mon 30 Nov – Fri 11 Dec (10 working days): 8 h a day, 40 h a week.
    r = spread(["Ann"], [MON], [date(2026, 12, 11)], [80], WEEKS)
    assert r.names == ["Ann"] and r.period_starts == WEEKS
    assert r.matrix.tolist() == [[40, 40, 0]]


def test_holiday_moves_effort_to_the_other_days() -> None:
    # A holiday on Tue 8 Dec leaves 9 working days: 80/9 h each, 5 in week 1 and 4 in week 2.
    cal = WorkCalendar(holidays=[date(2026, 12, 8)])
    r = spread(["Ann"], [MON], [date(2026, 12, 11)], [80], WEEKS, calendar=cal)
    assert r.matrix[0] == pytest.approx([80 * 5 / 9, 80 * 4 / 9, 0])


@pytest.mark.parametrize(("profile", "first_week_share"), [
    # Cumulative shares at half-way (x = 0.5), worked by hand from each profile's density:
    ("flat", 0.5),    # F = x
    ("front", 0.75),  # density 2(1 − x): F = 2x − x² = 0.75
    ("back", 0.25),   # density 2x: F = x² = 0.25
    ("bell", 0.5),    # density 6x(1 − x): F = 3x² − 2x³ = 0.5
])
def test_profiles_over_two_weeks(profile: str, first_week_share: float) -> None:
    r = spread(["Ann"], [MON], [date(2026, 12, 11)], [100], WEEKS, profile=profile)
    assert r.matrix[0] == pytest.approx([100 * first_week_share, 100 * (1 - first_week_share), 0])


def test_bell_over_three_weeks_peaks_in_the_middle() -> None:
    # F(1/3) = 3/9 − 2/27 = 7/27, so the weeks get 7/27, 13/27, 7/27 of the effort.
    r = spread(["Ann"], [MON], [date(2026, 12, 18)], [270], WEEKS, profile="bell")
    assert r.matrix[0] == pytest.approx([70, 130, 70])


def test_resources_summed_in_first_appearance_order() -> None:
    r = spread(["Bob", "Ann", "Bob"], [MON, MON, date(2026, 12, 7)],
               [date(2026, 12, 4), date(2026, 12, 1), date(2026, 12, 7)], [20, 16, 8], WEEKS)
    assert r.names == ["Bob", "Ann"]
    assert r.matrix.tolist() == [[20, 8, 0], [16, 0, 0]]


def test_fte() -> None:
    # FTE = hours / (40 × working days in the period / 5): 80 h in a 5-day week is 2 FTE; with a
    # holiday the week has 4 days, so 32 h is 1 FTE.
    cal = WorkCalendar(holidays=[date(2026, 12, 8)])
    r = spread(["Ann", "Bob"], [MON, date(2026, 12, 7)], [date(2026, 12, 4), date(2026, 12, 11)],
               [80, 32], WEEKS[:2], calendar=cal, unit="FTE")
    assert r.matrix.tolist() == [[2.0, 0.0], [0.0, 1.0]]
    assert r.unit == "fte"


def test_fte_of_a_period_without_working_days_is_div0() -> None:
    r = spread(["Ann"], [MON], [MON], [8], [MON, date(2026, 12, 5)], end=date(2026, 12, 7),
               unit="fte")
    assert r.matrix[0, 0] == pytest.approx(8 / (40 * 5 / 5))  # 30 Nov – 4 Dec has 5 days
    assert math.isnan(r.matrix[0, 1])  # the weekend


def test_effort_outside_the_periods_is_not_shown() -> None:
    r = spread(["Ann"], [MON - timedelta(days=7)], [date(2026, 12, 4)], [80], WEEKS[:1])
    assert r.matrix.tolist() == [[40]]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"finishes": [date(2026, 11, 27)]}, "finishes row 1: 2026-11-27 is before the start"),
    ({"starts": [date(2026, 12, 5)], "finishes": [date(2026, 12, 6)]}, "no working day"),
    ({"efforts": [-1]}, "efforts row 1: -1 is negative"),
    ({"efforts": [None]}, "efforts row 1"),
    ({"starts": [None]}, "starts row 1: is missing"),
    ({"profile": "s-curve"}, "profile: 's-curve' is not a profile"),
    ({"unit": "days"}, "unit: 'days' is not a unit"),
    ({"resources": [""]}, "resources row 1: is blank"),
    ({"efforts": [1, 2]}, "efforts: has 2 rows but resources has 1"),
    ({"period_starts": [MON, MON]}, "period_starts row 2"),
])
def test_bad_input_says_where(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"resources": ["Ann"], "starts": [MON],
                               "finishes": [date(2026, 12, 4)], "efforts": [8],
                               "period_starts": WEEKS}
    args.update(kwargs)
    with pytest.raises(InputError) as info:
        spread(**args)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_utilisation_and_overload() -> None:
    load = spread(["Ann", "Bob"], [MON, MON], [date(2026, 12, 11), date(2026, 12, 4)],
                  [90, 20], WEEKS[:2])
    assert utilisation(load, 40).tolist() == [[45 / 40, 45 / 40], [0.5, 0.0]]
    assert utilisation(load, [45, 20]).tolist() == [[1.0, 1.0], [1.0, 0.0]]
    assert math.isnan(utilisation(load, [40, 0])[1, 1])  # no capacity: #DIV/0!
    assert overload(load, 40) == [("Ann", WEEKS[0], 5.0), ("Ann", WEEKS[1], 5.0)]
    assert overload(load, [45, 20]) == []
    with pytest.raises(InputError, match="capacity: has 3 rows"):
        utilisation(load, [1, 2, 3])


def _by_day(starts: list[date], finishes: list[date], efforts: list[float], profile: str,
            periods: list[date], cal: WorkCalendar) -> np.ndarray:
    """An independent oracle: walk each task day by day, give each working day its slice of the
    profile's cumulative share, and drop it in the period it falls in."""
    shapes = {"flat": lambda x: x, "front": lambda x: 2 * x - x * x, "back": lambda x: x * x,
              "bell": lambda x: 3 * x * x - 2 * x ** 3}
    f = shapes[profile]
    end = periods[-1] + (periods[-1] - periods[-2] if len(periods) > 1 else timedelta(7))
    out = np.zeros(len(periods))
    for s, fin, e in zip(starts, finishes, efforts):
        days = [s + timedelta(i) for i in range((fin - s).days + 1)]
        days = [d for d in days if cal.is_workday(d)]
        for i, d in enumerate(days):
            share = e * (f((i + 1) / len(days)) - f(i / len(days)))
            for p in range(len(periods)):
                if periods[p] <= d < (periods[p + 1] if p + 1 < len(periods) else end):
                    out[p] += share
    return out


@st.composite
def tasks(draw: st.DrawFn) -> tuple[list[date], list[date], list[float]]:
    n = draw(st.integers(min_value=1, max_value=12))
    starts, finishes, efforts = [], [], []
    for _ in range(n):
        s = MON + timedelta(days=draw(st.integers(0, 50)))
        s += timedelta(days=max(0, s.weekday() - 4) and 7 - s.weekday())  # onto a weekday
        starts.append(s)
        finishes.append(s + timedelta(days=draw(st.integers(0, 30))))
        efforts.append(draw(st.floats(0, 500)))
    return starts, finishes, efforts


@settings(max_examples=60, deadline=None)
@given(tasks(), st.sampled_from(["flat", "front", "back", "bell"]))
def test_conserves_effort_and_matches_day_by_day(t: tuple[list[date], list[date], list[float]],
                                                 profile: str) -> None:
    """Laws: when the periods cover every task, the load sums to exactly the effort given (per
    resource and in total), and it equals a day-by-day walk of the same profile."""
    starts, finishes, efforts = t
    periods = week_starts(MON, 13)  # 30 Nov 2026 + 13 weeks covers day 80 onwards
    names = ["Ann" if i % 2 else "Bob" for i in range(len(efforts))]
    r = spread(names, starts, finishes, efforts, periods, profile=profile)
    for name in set(names):
        given_effort = sum(e for e, n in zip(efforts, names) if n == name)
        assert r.matrix[r.names.index(name)].sum() == pytest.approx(given_effort, rel=1e-12,
                                                                    abs=1e-9)
    oracle = _by_day(starts, finishes, efforts, profile, periods, WorkCalendar())
    assert r.matrix.sum(axis=0) == pytest.approx(oracle, rel=1e-9, abs=1e-9)
    assert (r.matrix >= -1e-12).all()
