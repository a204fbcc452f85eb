"""Monte Carlo of a total: stability between seeds, agreement with theory, the summary table, the
tornado of variance shares."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from pmokit.addin import montecarlo, sampling, threepoint
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


# --- Tornado: each task's share of the total's variance (issue 12) ----------------------------
def test_independent_shares_are_the_beta_pert_variances() -> None:
    """Known answer (DOMAIN.md): independent Beta-PERT tasks' variances are (μ − O)(P − μ)/(λ + 3)
    and the total's is their sum, so each task's share is its variance over the sum. With 50,000
    Latin hypercube iterations the sampled shares agree to well under 1% of each."""
    var = threepoint.beta_pert_variance(O, M, P)
    shares = montecarlo.variance_contributions(O, M, P, 50_000, seed=3)
    assert shares == pytest.approx(var / var.sum(), rel=0.01)
    # 0/2/10 has variance 3.000 (DOMAIN.md): beside a fixed task it holds all the variance.
    assert montecarlo.variance_contributions([0, 5], [2, 5], [10, 5]).tolist() == [1.0, 0.0]


def test_correlated_shares_are_normalised_squared_rank_correlations() -> None:
    """With a correlation the shares are each task's squared Spearman ρ with the total, over
    their sum: checked against SciPy on the same draws (the same seed draws the same total)."""
    shares = montecarlo.variance_contributions(O, M, P, 3000, correlation=0.4, seed=5)
    draws = sampling.sample_three_point(O, M, P, 3000, correlation=0.4, seed=5)
    total = montecarlo.total_samples(O, M, P, 3000, correlation=0.4, seed=5)
    assert np.allclose(draws.sum(axis=1), total)
    rho2 = np.array([stats.spearmanr(draws[:, t], total).statistic ** 2 for t in range(len(O))])
    assert shares == pytest.approx(rho2 / rho2.sum(), abs=1e-12)
    # Identical tasks share alike: 1/3 each.
    assert montecarlo.variance_contributions([1] * 3, [2] * 3, [6] * 3, 5000, correlation=0.5,
                                             seed=1) == pytest.approx([1 / 3] * 3, abs=0.02)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 10), st.integers(0, 10)),
                min_size=1, max_size=8), st.sampled_from([0.0, 0.3, -0.1]),
       st.integers(0, 2**32 - 1))
def test_shares_are_non_negative_and_sum_to_one(rows: list[tuple[int, int, int]], rho: float,
                                                seed: int) -> None:
    """Law: whatever the tasks and correlation, the shares are ≥ 0 and sum to 1 (NaN only when
    no task varies)."""
    o = [float(a) for a, _, _ in rows]
    m = [a + b for a, b, _ in rows]
    p = [a + b + c for a, b, c in rows]
    rho = max(rho, -1.0 / max(len(rows) - 1, 1))
    shares = montecarlo.variance_contributions(o, m, p, 300, correlation=rho, seed=seed)
    if all(x == y for x, y in zip(o, p)):
        assert np.isnan(shares).all()
    else:
        assert (shares >= 0).all() and shares.sum() == pytest.approx(1.0)
