"""Agile forecasts by throughput resampling."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import forecast
from pmokit.addin.errors import InputError


def test_steady_team_is_certain() -> None:
    # Five items every period: 100 items take exactly 20 periods at any confidence, and from
    # Monday 7 Dec 2026, 20 weeks later is Monday 26 Apr 2027 (start + 20 × 7 days, DOMAIN.md).
    for q in (0.1, 0.5, 0.95):
        assert forecast.completion_periods([5, 5, 5], 100, q, seed=1) == 20
    assert forecast.completion_date([5, 5, 5], 100, 0.85, dt.date(2026, 12, 7),
                                    seed=1) == dt.date(2027, 4, 26)


def test_coin_flip_team_periods_follow_the_geometric_law() -> None:
    # Each period finishes 10 items or none, half the time each: 10 items take N periods with
    # P(N ≤ n) = 1 − 2⁻ⁿ. P(N ≤ 2) = 0.75 < 0.85 ≤ P(N ≤ 3) = 0.875, so @RISK's rule gives 3;
    # P(N ≤ 1) = 0.5 exactly, so the median by that rule is 1.
    assert forecast.completion_periods([0, 10], 10, 0.85, 20_000, seed=2, method="risk") == 3
    draws = forecast.period_samples([0, 10], 10, 200_000, seed=3)
    for n in (1, 2, 3, 4):
        assert (draws <= n).mean() == pytest.approx(1 - 2.0 ** -n, abs=0.005)


def test_coin_flip_items_in_six_periods() -> None:
    # Items in 6 periods = 10 × Binomial(6, ½): P(X ≤ 1) = 7/64 = 0.109, P(X ≤ 2) = 22/64 =
    # 0.344. At 85% confidence we need the 15th percentile: 2 heads, 20 items.
    assert forecast.items_in_periods([0, 10], 6, 0.85, 50_000, seed=4, method="risk") == 20


def test_more_confidence_needs_more_periods_and_promises_fewer_items() -> None:
    history = [3, 7, 2, 9, 5, 6, 4, 8, 0, 5]
    assert forecast.completion_periods(history, 200, 0.5, seed=1) <= forecast.completion_periods(
        history, 200, 0.9, seed=1)
    assert forecast.items_in_periods(history, 10, 0.5, seed=1) >= forecast.items_in_periods(
        history, 10, 0.9, seed=1)


def test_same_seed_same_forecast() -> None:
    history = [3, 7, 2, 9, 5]
    assert forecast.completion_periods(history, 80, 0.85, seed=5) == forecast.completion_periods(
        history, 80, 0.85, seed=5)


def test_periods_sample_reaches_the_backlog_exactly_when_done() -> None:
    # Law of the resampling: with a throughput of 1 or 2, finishing 11 items takes between 6 and
    # 11 periods, and the mean matches the renewal estimate 11/1.5 + a small overshoot.
    draws = forecast.period_samples([1, 2], 11, 20_000, seed=8)
    assert draws.min() >= 6 and draws.max() <= 11
    assert 7.3 < draws.mean() < 8.0


def test_empty_backlog_is_done_now() -> None:
    assert forecast.completion_periods([3, 4], 0, 0.9, seed=1) == 0


@pytest.mark.parametrize(("history", "backlog", "text"), [
    ([], 10, "throughput_history: is empty"),
    ([0, 0], 10, "throughput_history: has no finished items"),
    ([3, -1], 10, "throughput_history row 2: -1 is not a count of 0 or more"),
    ([3, float("nan")], 10, "throughput_history row 2: is missing"),
    ([3, 4], -5, "backlog: -5 is not a number of 0 or more"),
])
def test_bad_input_named(history: list[float], backlog: float, text: str) -> None:
    with pytest.raises(InputError) as caught:
        forecast.completion_periods(history, backlog, 0.8, seed=1)
    assert str(caught.value).startswith(text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=12).filter(any),
       st.integers(0, 300), st.floats(0, 1))
def test_periods_bounded_by_best_and_worst_nonzero_throughput(history: list[int], backlog: int,
                                                              q: float) -> None:
    """Law: no future can beat the best period every time, so the periods needed are at least
    ⌈backlog / max throughput⌉."""
    periods = forecast.completion_periods(history, backlog, q, 300, seed=1)
    assert periods >= np.ceil(backlog / max(history)) - 1e-9


def test_long_horizons_run_in_blocks() -> None:
    # 20,000 items at 1–3 a period (mean 2) take about 10,000 periods; 10,000 iterations would be
    # 100 million draws at once without blocks. The mean of the answer: 20,000 / 2 ≈ 10,000.
    periods = forecast.completion_periods([1, 2, 3], 20_000, 0.5, 2000, seed=1)
    assert periods == pytest.approx(10_000, rel=0.01)
    items = forecast.items_in_periods([1, 2, 3], 5000, 0.5, 2000, seed=1)
    assert items == pytest.approx(10_000, rel=0.01)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=10).filter(any), st.integers(1, 150),
       st.integers(0, 60), st.integers(0, 2**64 - 1))
def test_both_forecasts_simulate_the_same_futures(history: list[int], backlog: int,
                                                  periods: int, seed: int) -> None:
    """Law: for the same seed, an iteration needs at most N periods for the backlog exactly when
    it finishes at least the backlog's items within N periods (the same resampled futures)."""
    needed = forecast.period_samples(history, backlog, 300, seed=seed)
    done = forecast.item_samples(history, periods, 300, seed=seed)
    assert np.array_equal(needed <= periods, done >= backlog)


def test_the_forecast_does_not_depend_on_the_block_size(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each future period is a pure function of (seed, iteration, period), so drawing the futures
    # in smaller blocks changes nothing.
    history = [3, 7, 2, 9, 5, 6, 4, 8, 0, 5]
    periods = forecast.period_samples(history, 300, 2000, seed=4)
    items = forecast.item_samples(history, 40, 2000, seed=4)
    monkeypatch.setattr(forecast, "CHUNK", 1000)
    assert np.array_equal(forecast.period_samples(history, 300, 2000, seed=4), periods)
    assert np.array_equal(forecast.item_samples(history, 40, 2000, seed=4), items)
