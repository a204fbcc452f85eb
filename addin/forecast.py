"""Agile forecasts by resampling past throughput (Monte Carlo over the team's own history).

Each iteration draws past periods' throughput at random, with replacement, until the backlog is
done; the number of periods drawn is one possible future. The forecast at confidence c is the
c-th percentile of those periods (or of the dates they give); "items in N periods" takes the
(1 − c)-th percentile of the items done, since more items are less likely (``../shared/DOMAIN.md``).
All iterations run together as arrays: a block of future periods at a time, extended only for the
iterations not yet done. Which past period iteration i draws as its j-th future period is a pure
function of (seed, i, j) (:mod:`pmokit.addin.streams`), so the answer does not depend on the
block sizes, and "periods to finish" and "items in N periods" simulate the same futures.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from pmokit.addin import sampling, streams
from pmokit.addin.errors import InputError

FloatArray = NDArray[np.float64]

CHUNK = 1 << 20  # random draws per block


def _history(history: Sequence[float] | FloatArray) -> FloatArray:
    values = np.atleast_1d(np.asarray(history, dtype=np.float64)).reshape(-1)
    if values.size == 0:
        raise InputError("throughput_history", "is empty: give the items finished in each past "
                         "period")
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
    if bad.size:
        value = values[bad[0]]
        raise InputError("throughput_history", "is missing" if np.isnan(value)
                         else f"{value:g} is not a count of 0 or more", row=int(bad[0]) + 1)
    return values


def _count(value: float, argument: str) -> int:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise InputError(argument, f"{value} is not a number of 0 or more")
    return math.ceil(number)


def _iterations(iterations: int) -> int:
    if int(iterations) != iterations or iterations < 1:
        raise InputError("iterations", f"{iterations} is not a positive whole number")
    return int(iterations)


def period_samples(history: Sequence[float] | FloatArray, backlog: float,
                   iterations: int = 10000, seed: streams.Seed = None) -> NDArray[np.int64]:
    """Periods needed to finish ``backlog`` items, one value per iteration (resampled history)."""
    values = _history(history)
    items = _count(backlog, "backlog")
    n = _iterations(iterations)
    if items == 0:
        return np.zeros(n, dtype=np.int64)
    if not values.any():
        raise InputError("throughput_history", "has no finished items in any period: the "
                         "backlog would never be done")
    futures = _futures(seed, n)
    periods = np.zeros(n, dtype=np.int64)
    done = np.zeros(n)
    pending = np.arange(n)
    drawn = 0  # future periods drawn so far by every iteration still pending
    expected = math.ceil(1.5 * items / values.mean())
    while pending.size:
        # Draw about the periods still expected, capped so a block stays a few MB.
        step = max(8, min(expected, CHUNK // pending.size))
        draws = np.cumsum(values[futures.rows(pending).choices(drawn, drawn + step, values.size)],
                          axis=1)
        drawn += step
        draws += done[pending][:, None]
        finished = draws[:, -1] >= items
        first = np.argmax(draws >= items, axis=1)
        periods[pending[finished]] += first[finished] + 1
        periods[pending[~finished]] += step
        done[pending[~finished]] = draws[~finished, -1]
        pending = pending[~finished]
    return periods


def _futures(seed: streams.Seed, iterations: int) -> streams.Stream:
    """One row of random numbers per iteration: its j-th number picks its j-th future period."""
    return streams.stream(seed, streams.THROUGHPUT, iterations, 1)


def completion_periods(history: Sequence[float] | FloatArray, backlog: float, q: float,
                       iterations: int = 10000, seed: streams.Seed = None,
                       *, method: str = "inc") -> float:
    """Periods needed to finish the backlog with confidence ``q`` (0.85 for 85%)."""
    sampling.percentile([0.0], q)
    return float(sampling.percentile(
        period_samples(history, backlog, iterations, seed).astype(np.float64), q, method=method))


def completion_date(history: Sequence[float] | FloatArray, backlog: float, q: float,
                    start: dt.date, period_days: int = 7, iterations: int = 10000,
                    seed: streams.Seed = None, *,
                    method: str = "inc") -> dt.date:
    """Date by which the backlog is done with confidence ``q``: start + periods × period_days.

    A percentile between two whole numbers of periods gives a date between them, rounded up to
    the next whole day (the cautious side).
    """
    return completion_dates(history, backlog, [q], start, period_days, iterations, seed,
                            method=method)[0]


def completion_dates(history: Sequence[float] | FloatArray, backlog: float, qs: Sequence[float],
                     start: dt.date, period_days: int = 7, iterations: int = 10000,
                     seed: int | np.random.Generator | None = None, *,
                     method: str = "inc") -> list[dt.date]:
    """:func:`completion_date` at several confidences from one simulation (a forecast cone:
    P50 and P85 from the same futures, each equal to its own :func:`completion_date`)."""
    if int(period_days) != period_days or period_days < 1:
        raise InputError("period_days", f"{period_days} is not a positive whole number of days")
    for q in qs:
        sampling.percentile([0.0], q)
    samples = period_samples(history, backlog, iterations, seed).astype(np.float64)
    periods = [float(sampling.percentile(samples, q, method=method)) for q in qs]
    return [start + dt.timedelta(days=math.ceil(p * int(period_days) - 1e-9)) for p in periods]


def item_samples(history: Sequence[float] | FloatArray, periods: int,
                 iterations: int = 10000, seed: streams.Seed = None) -> FloatArray:
    """Items done within ``periods`` future periods, one value per iteration (resampled history).

    The same futures as :func:`period_samples` for the same seed: an iteration finishes a backlog
    within ``periods`` exactly when it does ``backlog`` items or more in them.
    """
    values = _history(history)
    if int(periods) != periods or periods < 0:
        raise InputError("periods", f"{periods} is not a whole number of 0 or more")
    n = _iterations(iterations)
    futures = _futures(seed, n)
    totals = np.zeros(n)
    drawn, horizon = 0, int(periods)
    while drawn < horizon:
        step = min(horizon - drawn, max(1, CHUNK // n))
        totals += values[futures.choices(drawn, drawn + step, values.size)].sum(axis=1)
        drawn += step
    return totals


def items_in_periods(history: Sequence[float] | FloatArray, periods: int, q: float,
                     iterations: int = 10000, seed: streams.Seed = None,
                     *, method: str = "inc") -> float:
    """Items done within ``periods`` future periods with confidence ``q``.

    The (1 − q)-th percentile of the simulated items: at 85% confidence, 85% of the futures
    finish at least that many.
    """
    _history(history)
    sampling.percentile([0.0], q)
    totals = item_samples(history, periods, iterations, seed)
    return float(sampling.percentile(totals, 1.0 - q, method=method))
