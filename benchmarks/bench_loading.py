"""PMO_LOAD: 10,000 tasks over five years of weekly periods, against a pandas explode-and-group."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np
import pandas as pd

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.loading import spread, week_starts
from benchmarks.timing import Result, best_of

TASKS = 10_000
START = date(2026, 1, 5)  # a Monday
WEEKS = 261  # five years


def workload(seed: int = 7) -> dict[str, object]:
    """Random tasks: 40 resources, 1–60 working days each, starts over the five years."""
    rng = np.random.default_rng(seed)
    starts = np.datetime64(START) + rng.integers(0, 5 * 365 - 90, TASKS).astype("timedelta64[D]")
    starts = np.busday_offset(starts, 0, roll="forward")
    finishes = np.busday_offset(starts, rng.integers(0, 60, TASKS), roll="forward")
    return {
        "resources": [f"R{i:02d}" for i in rng.integers(0, 40, TASKS)],
        "starts": starts,
        "finishes": finishes,
        "efforts": rng.uniform(8, 400, TASKS),
        "period_starts": week_starts(START, WEEKS),
        "holidays": [date(y, 12, 25) for y in range(2026, 2032)]
        + [date(y, 1, 1) for y in range(2027, 2032)],
    }


def pandas_baseline(w: dict[str, object]) -> pd.DataFrame:
    """The straightforward way: one row per task-day, then group by resource and period."""
    df = pd.DataFrame({"resource": w["resources"], "start": w["starts"], "finish": w["finishes"],
                       "effort": w["efforts"]})
    holidays = w["holidays"]
    df["day"] = [pd.bdate_range(s, f, freq="C", holidays=holidays)
                 for s, f in zip(df.start, df.finish)]
    df["n"] = df.day.map(len)
    days = df.explode("day")
    days["hours"] = days.effort / days.n
    periods = np.array(w["period_starts"], dtype="datetime64[ns]")
    days["period"] = np.searchsorted(periods, days.day.to_numpy(dtype="datetime64[ns]"),
                                     side="right") - 1
    days = days[days.period >= 0]
    return days.groupby(["resource", "period"]).hours.sum().unstack(fill_value=0.0)


def benchmarks() -> Iterator[Result]:
    w = workload()
    cal = WorkCalendar(holidays=w["holidays"])  # type: ignore[arg-type]

    def ours() -> object:
        return spread(w["resources"], w["starts"], w["finishes"], w["efforts"],  # type: ignore[arg-type]
                      w["period_starts"], calendar=cal)  # type: ignore[arg-type]

    mine = ours()
    base = pandas_baseline(w)
    for name in base.index:  # same answer before timing anything
        row = mine.matrix[mine.names.index(name)]  # type: ignore[attr-defined]
        assert np.allclose(row[base.columns.to_numpy()], base.loc[name].to_numpy())
    yield Result(f"PMO_LOAD {TASKS:,} tasks x {WEEKS} weeks", best_of(ours, 5),
                 best_of(lambda: pandas_baseline(w), 1), "pandas explode-and-group")
