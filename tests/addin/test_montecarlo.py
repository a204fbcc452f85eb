"""Monte Carlo of a total: stability between seeds, agreement with theory, the summary table."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import montecarlo, sampling
from pmokit.addin.errors import InputError

O = [2, 4, 1, 6, 3, 5, 2, 8, 4, 1]
M = [4, 6, 3, 9, 5, 7, 3, 10, 6, 2]
P = [9, 12, 8, 15, 11, 10, 7, 18, 9, 6]


def test_p80_moves_less_than_one_percent_between_seeds() -> None:
    # The stability rule: with 10,000 iterations the P80 moves < 1% between seeds.
    p80 = [montecarlo.mc_percentile(O, M, P, 0.8, seed=s) for s in range(10)]
    assert (max(p80) - min(p80)) / min(p80) < 0.01


def test_same_seed_same_answer() -> None:
    assert montecarlo.mc_percentile(O, M, P, 0.8, seed=3) == montecarlo.mc_percentile(
        O, M, P, 0.8, seed=3)


def test_total_mean_and_spread_match_beta_pert_theory() -> None:
    # Mean of a sum = sum of PERT means; variance = sum of Beta-PERT variances
    # (μ − O)(P − μ)/(λ + 3) for independent tasks (DOMAIN.md).
    o, m, p = (np.array(v, dtype=float) for v in (O, M, P))
    mu = (o + 4 * m + p) / 6
    var = ((mu - o) * (p - mu) / 7).sum()
    totals = montecarlo.total_samples(O, M, P, 100_000, seed=1)
    assert totals.mean() == pytest.approx(mu.sum(), abs=0.01)
    assert totals.var() == pytest.approx(var, rel=0.02)


def test_many_tasks_p80_approaches_the_normal() -> None:
    # 500 identical tasks 0/2/10: the total is nearly normal (central limit theorem), mean 1,500,
    # variance 500 × 3 = 1,500; P80 = 1,500 + 0.8416·√1,500 = 1,532.6 (z from the normal table).
    k = 500
    p80 = montecarlo.mc_percentile([0] * k, [2] * k, [10] * k, 0.8, 20_000, seed=5)
    assert p80 == pytest.approx(1500 + 0.8416 * math.sqrt(1500), abs=1.0)


def test_full_correlation_adds_percentiles() -> None:
    # Perfectly correlated identical tasks: the total is k times one task, so its P80 is k times
    # the task's P80.
    single = montecarlo.mc_percentile([0], [2], [10], 0.8, seed=2)
    total = montecarlo.mc_percentile([0] * 4, [2] * 4, [10] * 4, 0.8, correlation=1.0, seed=2)
    assert total == pytest.approx(4 * single, rel=2e-3)


def test_positive_correlation_widens_the_total() -> None:
    loose = montecarlo.total_samples(O, M, P, 20_000, seed=1).std()
    tight = montecarlo.total_samples(O, M, P, 20_000, seed=1, correlation=0.5).std()
    assert tight > 1.5 * loose


def test_latin_hypercube_converges_faster_than_plain_monte_carlo() -> None:
    # The spread of the estimated mean over seeds: stratifying each task leaves only the
    # interaction noise, far below plain Monte Carlo's σ/√n.
    lhs = [montecarlo.total_samples(O, M, P, 2000, seed=s).mean() for s in range(20)]
    plain = [montecarlo.total_samples(O, M, P, 2000, seed=s, lhs=False).mean() for s in range(20)]
    assert np.std(lhs) < np.std(plain) / 5


def test_table_rows_and_order() -> None:
    rows = montecarlo.mc_table(O, M, P, seed=1)
    labels = [label for label, _, _ in rows]
    assert labels == ["Mean", "Std dev", "Min", "P5", "P10", "P20", "P30", "P40", "P50", "P60",
                      "P70", "P80", "P90", "P95", "Max"]
    values = [value for _, value, _ in rows]
    assert values[2] <= values[3] and values[-2] <= values[-1]
    assert values[3:-1] == sorted(values[3:-1])
    precision = dict((label, pm) for label, _, pm in rows)
    assert math.isnan(precision["Min"]) and math.isnan(precision["Max"])
    assert all(precision[f"P{q}"] > 0 for q in (5, 50, 95))
    # Mean ± 1.96 s/√n.
    assert precision["Mean"] == pytest.approx(1.96 * values[1] / math.sqrt(10_000), rel=1e-3)
    assert rows[11][1] == montecarlo.mc_percentile(O, M, P, 0.8, seed=1)


def test_table_with_plain_monte_carlo_precision_is_honest() -> None:
    # Over 30 seeds of plain Monte Carlo, the P80 estimates scatter within the ± the table
    # reports (95%): nearly all seeds' P80 lie within ± of their mean.
    p80 = []
    halves = []
    for s in range(30):
        row = montecarlo.mc_table(O, M, P, 5000, seed=s, lhs=False)[11]
        p80.append(row[1])
        halves.append(row[2])
    centre = np.mean(p80)
    assert np.mean(np.abs(np.array(p80) - centre) <= np.array(halves)) >= 0.85


def test_bad_percentile_is_named_before_simulating() -> None:
    with pytest.raises(InputError, match="percentile: 80 is not between 0 and 1"):
        montecarlo.mc_percentile(O, M, P, 80)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100)).map(sorted),
                min_size=1, max_size=8),
       st.floats(0, 1), st.floats(0, 1), st.sampled_from(sampling.DISTRIBUTIONS))
def test_monte_carlo_percentiles_rise_with_the_percentile(tasks: list[list[float]], q1: float,
                                                          q2: float, distribution: str) -> None:
    """Law: for the same seed, the total's percentile at a higher q is never lower."""
    o, m, p = (list(col) for col in zip(*tasks))
    low, high = sorted((q1, q2))
    a = montecarlo.mc_percentile(o, m, p, low, 500, distribution=distribution, seed=1)
    b = montecarlo.mc_percentile(o, m, p, high, 500, distribution=distribution, seed=1)
    assert a <= b + 1e-9 * max(1.0, abs(b))
