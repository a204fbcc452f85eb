"""Resource loading: each task's effort spread over its working days and summed per resource per period.

A task of effort E with n working days (start to finish inclusive) is spread by a profile's
cumulative share F on [0, 1]: the working days from index i to j get E·(F(j/n) − F(i/n)), so any
run of periods covering the task gets exactly E (the shares telescope to F(1) − F(0) = 1).
Profiles: flat F(x) = x; front-loaded (density 2(1 − x)) F = 2x − x²; back-loaded (density 2x)
F = x²; bell (density 6x(1 − x), a Beta(2, 2)) F = 3x² − 2x³. Periods are counted in working days
of the calendar, and the whole computation is a handful of NumPy operations on a tasks × periods
array — no Python loop per task.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pmokit.addin.calendar import WorkCalendar, to_date
from pmokit.addin.errors import InputError
from pmokit.addin.evm import divide

FloatArray = NDArray[np.float64]
TOLERANCE = 1e-9

PROFILES: dict[str, Callable[[FloatArray], FloatArray]] = {
    "flat": lambda x: x,
    "front": lambda x: x * (2.0 - x),
    "back": lambda x: x * x,
    "bell": lambda x: x * x * (3.0 - 2.0 * x),
}
UNITS = ("hours", "fte")


@dataclass(frozen=True)
class LoadResult:
    """Load per resource (rows, first-appearance order) and period (columns, by start date)."""

    names: list[str]
    period_starts: list[date]
    matrix: FloatArray  # names × periods, in ``unit``
    unit: str = "hours"


def spread(resources: Sequence[Any], starts: Sequence[Any], finishes: Sequence[Any],
           efforts: Sequence[Any] | FloatArray, period_starts: Sequence[Any], *,
           profile: str = "flat", calendar: WorkCalendar | None = None, unit: str = "hours",
           hours_per_fte: float = 40.0, end: Any = None) -> LoadResult:
    """Spread each task's effort (hours) over its working days and sum it per resource and period.

    Each period runs from its start to the day before the next one; the last runs to ``end``
    (exclusive) or, without it, as long as the period before it (7 days if there is only one).
    Effort outside the periods is not shown. ``unit="fte"`` divides each period's hours by
    ``hours_per_fte`` × working days in the period / working days in a standard week.
    """
    n = len(resources)
    for name, col in (("starts", starts), ("finishes", finishes), ("efforts", efforts)):
        if len(col) != n:
            raise InputError(name, f"has {len(col)} rows but resources has {n}")
    shape = PROFILES.get(str(profile).strip().lower())
    if shape is None:
        raise InputError("profile", f"'{profile}' is not a profile: use flat, front, back or bell")
    unit = str(unit).strip().lower()
    if unit not in UNITS:
        raise InputError("unit", f"'{unit}' is not a unit: use hours or FTE")
    if unit == "fte" and not (hours_per_fte > 0):
        raise InputError("hours_per_fte", f"{hours_per_fte:g} must be more than 0")
    cal = calendar or WorkCalendar()
    names = _names(resources)
    s = _days(starts, "starts")
    f = _days(finishes, "finishes")
    e = _efforts(efforts)
    bad = np.flatnonzero(f < s)
    if bad.size:
        row = int(bad[0]) + 1
        raise InputError("finishes", f"{f[row - 1]} is before the start {s[row - 1]}", row)
    bounds = _period_bounds(period_starts, end)

    origin = min(s.min(), bounds[0]) if n else bounds[0]
    first = np.busday_count(origin, s, busdaycal=cal.numpy)  # index of first working day
    after = np.busday_count(origin, f + np.timedelta64(1, "D"), busdaycal=cal.numpy)
    days = after - first
    empty = np.flatnonzero((days <= 0) & (e > 0))
    if empty.size:
        row = int(empty[0]) + 1
        raise InputError("finishes", f"no working day from {s[row - 1]} to {f[row - 1]} to "
                                     "spread the effort over", row)
    edges = np.busday_count(origin, bounds, busdaycal=cal.numpy)

    width = np.maximum(days, 1).astype(np.float64)
    x = (edges[None, :] - first[:, None]) / width[:, None]
    np.clip(x, 0.0, 1.0, out=x)
    cum = shape(x)
    share = np.diff(cum, axis=1)
    share *= e[:, None]
    matrix = _sum_by(names, share)
    labels = list(dict.fromkeys(names))
    if unit == "fte":
        workdays = np.diff(edges).astype(np.float64)
        matrix = divide(matrix, hours_per_fte * workdays[None, :] / cal.days_per_week)
    periods = [d.astype(object) for d in bounds[:-1]]
    return LoadResult(labels, periods, matrix, unit)


def _sum_by(names: list[str], rows: FloatArray) -> FloatArray:
    codes: dict[str, int] = {}
    group = np.fromiter((codes.setdefault(x, len(codes)) for x in names), dtype=np.int64,
                        count=len(names))
    if not len(names):
        return np.zeros((0, rows.shape[1]))
    order = np.argsort(group, kind="stable")
    sorted_groups = group[order]
    heads = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    return np.add.reduceat(rows[order], heads, axis=0)


def _names(resources: Sequence[Any]) -> list[str]:
    out = []
    for row, r in enumerate(resources, start=1):
        if r is None or (isinstance(r, float) and math.isnan(r)) or not str(r).strip():
            raise InputError("resources", "is blank: name the resource or role", row)
        out.append(str(int(r)) if isinstance(r, float) and r.is_integer() else str(r).strip())
    return out


def _days(values: Sequence[Any], argument: str) -> NDArray[np.datetime64]:
    if isinstance(values, np.ndarray) and np.issubdtype(values.dtype, np.datetime64):
        out = values.astype("datetime64[D]")
    elif all(type(v) is date for v in values):
        out = np.array(values, dtype="datetime64[D]")
    else:
        dates = []
        for row, v in enumerate(values, start=1):
            d = to_date(v, argument=argument, row=row)
            if d is None:
                raise InputError(argument, "is missing", row)
            dates.append(d)
        out = np.array(dates, dtype="datetime64[D]")
    if np.isnat(out).any():
        raise InputError(argument, "is missing", int(np.flatnonzero(np.isnat(out))[0]) + 1)
    return out


def _efforts(values: Sequence[Any] | FloatArray) -> FloatArray:
    try:
        e = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        e = np.empty(len(values))
        for row, v in enumerate(values, start=1):
            try:
                e[row - 1] = float(v)
            except (TypeError, ValueError):
                raise InputError("efforts", f"'{v}' is not a number", row) from None
    bad = np.flatnonzero(~np.isfinite(e) | (e < 0))
    if bad.size:
        row = int(bad[0]) + 1
        problem = "is missing" if np.isnan(e[row - 1]) else f"{e[row - 1]:g} is negative"
        raise InputError("efforts", problem, row)
    return e


def _period_bounds(period_starts: Sequence[Any], end: Any) -> NDArray[np.datetime64]:
    starts = _days(period_starts, "period_starts")
    if not len(starts):
        raise InputError("period_starts", "is empty: give at least one period start")
    steps = np.diff(starts)
    if (steps <= np.timedelta64(0, "D")).any():
        row = int(np.flatnonzero(steps <= np.timedelta64(0, "D"))[0]) + 2
        raise InputError("period_starts", f"{starts[row - 1]} is not after the period before",
                         row)
    if end is not None:
        last = to_date(end, argument="end")
        if last is None or np.datetime64(last, "D") <= starts[-1]:
            raise InputError("end", "must be after the last period start")
        stop = np.datetime64(last, "D")
    else:
        stop = starts[-1] + (steps[-1] if len(steps) else np.timedelta64(7, "D"))
    return np.concatenate([starts, [stop]])


def _matrix(load: LoadResult | Any) -> FloatArray:
    m = load.matrix if isinstance(load, LoadResult) else load
    return np.atleast_2d(np.asarray(m, dtype=np.float64))


def utilisation(load: LoadResult | Any, capacity: Any) -> FloatArray:
    """Give load over capacity per resource and period (NaN, #DIV/0!, where capacity is 0).

    ``capacity`` is one number for all, one per resource (a column, one per row of the load) or a
    full resources × periods table.
    """
    m = _matrix(load)
    return divide(m, _capacity(capacity, m.shape))


def overload(load: LoadResult | Any, capacity: Any, names: Sequence[str] | None = None,
             periods: Sequence[date] | None = None) -> list[tuple[str, date, float]]:
    """List each over-allocated resource and period with the excess over capacity."""
    m = _matrix(load)
    if isinstance(load, LoadResult):
        names = load.names if names is None else names
        periods = load.period_starts if periods is None else periods
    if names is None or periods is None:
        raise InputError("load", "needs resource names and period starts")
    if len(names) != m.shape[0] or len(periods) != m.shape[1]:
        raise InputError("load", f"is {m.shape[0]} × {m.shape[1]} but there are {len(names)} "
                                 f"names and {len(periods)} periods")
    excess = m - _capacity(capacity, m.shape)
    rows, cols = np.nonzero(excess > TOLERANCE * np.maximum(1.0, np.abs(m)))
    return [(names[int(r)], periods[int(c)], float(excess[r, c])) for r, c in zip(rows, cols)]


def _capacity(capacity: Any, shape: tuple[int, ...]) -> FloatArray:
    c = np.asarray(capacity, dtype=np.float64)
    if c.ndim == 0:
        return np.full(shape, float(c))
    if c.ndim == 1 or (c.ndim == 2 and c.shape[1] == 1 and shape[1] != 1):
        c = c.reshape(-1)
        if len(c) != shape[0]:
            raise InputError("capacity", f"has {len(c)} rows but the load has {shape[0]} "
                                         "resources")
        return np.repeat(c[:, None], shape[1], axis=1)
    if c.shape != shape:
        raise InputError("capacity", f"is {c.shape[0]} × {c.shape[1]} but the load is "
                                     f"{shape[0]} × {shape[1]}")
    return c


def week_starts(first: date, count: int) -> list[date]:
    """List ``count`` Monday-based weekly period starts from the Monday on or before ``first``."""
    monday = first - timedelta(days=first.weekday())
    return [monday + timedelta(weeks=i) for i in range(count)]
