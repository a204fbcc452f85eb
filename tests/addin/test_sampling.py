"""Sampling: Latin hypercube, Gaussian copula, Beta-PERT quantile tables, percentile rules."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from pmokit.addin import betatable, sampling
from pmokit.addin.errors import InputError
from pmokit.addin.sampling import FloatArray

# ../shared/DOMAIN.md: on these ten values the 68th percentile is 21.48 (PERCENTILE.INC),
# 22.92 (PERCENTILE.EXC) and 21 (@RISK, the ⌈p·n⌉-th value).
TEN = [4, 7, 9, 13, 15, 19, 21, 25, 28, 30]


@pytest.mark.parametrize(("method", "expected"), [("inc", 21.48), ("exc", 22.92), ("risk", 21.0)])
def test_percentile_rules_domain_example(method: str, expected: float) -> None:
    assert sampling.percentile(TEN, 0.68, method) == pytest.approx(expected, abs=1e-9)


def test_percentile_exc_outside_its_range_is_an_error() -> None:
    # Excel: PERCENTILE.EXC(k) is #NUM! for k < 1/(n + 1) = 1/11.
    with pytest.raises(InputError, match="PERCENTILE.EXC"):
        sampling.percentile(TEN, 0.05, "exc")
    with pytest.raises(InputError, match="percentile: 1.2 is not between 0 and 1"):
        sampling.percentile(TEN, 1.2)
    with pytest.raises(InputError, match="method"):
        sampling.percentile(TEN, 0.5, "median")


# The fast Beta-PERT inverse CDF, measured against SciPy's exact betaincinv on shapes from λ = 0.5
# to 8 (α, β from 1 to 9): for each λ, 41 modes evenly spread over [O, P] (most of them between
# two rows of the grid of tables) and 40 exactly midway between two rows, where a draw is blended
# most from its two neighbouring shapes. Measured here: largest error 0.35% of (P − O) (in the
# tails), 99.9% of draws within 2.3e-4, mean 2.0e-6; in probability, |F(x̂) − u| ≤ 3.8e-5
# everywhere. On the 41 evenly spread modes alone (20,000 draws each, as this test drew before
# issue 12), the grid gives 0.35%, 2.2e-4 (2.199e-4), 1.8e-6 and 3.73e-5, where one table per
# exact shape gave 0.35%, 2.2e-4, 1.3e-6 and 3.7e-5: the stated accuracy is kept, and what the
# grid adds is the next test's. The bounds below leave a little room.
def test_quantile_table_error_against_betaincinv() -> None:
    rng = np.random.default_rng(0)
    errors = []
    for lam in (0.5, 2, 4, 8):
        tables = betatable.pert_tables(lam)
        count = tables.intervals
        midway = (np.round(np.linspace(0, count - 1, 40)) + 0.5) / count
        r = np.concatenate([np.linspace(0, 1, 41), midway])
        a, b = 1 + lam * r, 1 + lam * (1 - r)
        u = rng.random((r.size, 10_000))
        u[:, :4] = [[1e-9, 1e-6, 1 - 1e-6, 1 - 1e-9]]
        got = betatable.table_lookup(tables, betatable.place(tables, r), u)
        exact = special.betaincinv(a[:, None], b[:, None], u)
        error = np.abs(got - exact)
        assert error.max() < 0.005
        assert np.quantile(error, 0.999) < 1e-3  # per λ; pooled over the four, below:
        errors.append(error)
        assert np.abs(special.betainc(a[:, None], b[:, None], got) - u).max() < 5e-5
    pooled = np.concatenate(errors)
    assert np.quantile(pooled, 0.999) < 3e-4
    assert pooled.mean() < 5e-6


def _exact_shapes(lam: float, r: FloatArray) -> tuple[betatable.PertTables, betatable.Shapes]:
    """A "grid" whose rows are the tasks' own shapes (each read at weight 0): the tables one
    shape at a time, as pmokit built them before issue 12."""
    values = betatable.beta_table(1 + lam * r, 1 + lam * (1 - r))
    cells = values.shape[1] - 1
    padded = np.vstack([values, values[-1:]])  # row g + 1 is read at weight 0
    shapes = betatable.Shapes(np.arange(r.size), np.zeros(r.size), values[:, 1],
                              values[:, cells - 1], 1 / (1 + lam * r), 1 / (1 + lam * (1 - r)))
    return betatable.PertTables(lam, padded), shapes


@pytest.mark.parametrize("lam", [0.25, 0.5, 1, 2, 4, 8, 16, 32])
def test_grid_of_shapes_adds_little_to_the_tables_own_error(lam: float) -> None:
    # Blending two tables h ≤ 1/64 apart in α errs by at most h²/8 · |∂²Q/∂α²| ≤ 3.1e-5 times
    # the quantile's second derivative in α (of the unit Beta, so of (P − O)). Measured at every
    # mode midway between two rows (where the blend is worst), λ from 0.25 to 32 (α up to 33):
    # at most 9.0e-6 of (P − O) from the table of the task's exact shape (at λ = 1: that second
    # derivative reaches about 0.3), against the 2.2e-4 those tables themselves err by for 99.9%
    # of draws.
    tables = betatable.pert_tables(lam)
    count = tables.intervals
    r = (np.arange(count) + 0.5) / count
    u = np.random.default_rng(1).random((r.size, 500))
    u[:, :6] = [[1e-9, 1e-6, 1e-4, 1 - 1e-4, 1 - 1e-6, 1 - 1e-9]]
    grid = betatable.table_lookup(tables, betatable.place(tables, r), u)
    own = betatable.table_lookup(*_exact_shapes(lam, r), u)
    assert np.abs(grid - own).max() < 1.5e-5


def test_grid_rows_are_the_exact_shapes_tables() -> None:
    # At r = g / G a task reads row g alone (weight 0), which is beta_table of its own shape.
    tables = betatable.pert_tables(4.0)
    r = np.array([0.0, 0.25, 0.5, 1.0])
    shapes = betatable.place(tables, r)
    assert shapes.weight[:3].tolist() == [0.0, 0.0, 0.0] and shapes.weight[3] == 1.0
    assert np.array_equal(tables.values[shapes.rows[:3]],
                          betatable.beta_table(1 + 4 * r[:3], 1 + 4 * (1 - r[:3])))


def test_tables_are_bounded_whatever_the_tasks() -> None:
    # Issue 12: 20,000 tasks whose estimates are all different real numbers share one grid per λ
    # (257 × 2,049 doubles, 4.2 MB, for classic PERT), not a table each (16 KB × 20,000).
    rng = np.random.default_rng(2)
    o = rng.uniform(1, 10, 20_000)
    m = o + rng.uniform(0, 5, 20_000)
    p = m + rng.uniform(1, 10, 20_000)
    many = sampling.Sampler(o, m, p, 10, seed=1)
    one = sampling.Sampler([1], [2], [4], 10, seed=1)
    assert many.tables is one.tables
    assert many.tables.values.nbytes == 257 * 2049 * 8
    assert betatable.pert_tables(1000.0).values.shape == (2049, 2049)  # 34 MB at most


def test_table_lookup_leaves_u_alone_unless_asked() -> None:
    tables = betatable.pert_tables(4.0)
    u = np.array([[0.1, 0.5, 0.9]])
    betatable.table_lookup(tables, betatable.place(tables, np.array([0.3])), u)
    assert u.tolist() == [[0.1, 0.5, 0.9]]


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 300), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_latin_hypercube_one_draw_per_stratum(n: int, k: int, seed: int) -> None:
    """Law: in each column of a Latin hypercube, the n draws fall one in each [i/n, (i+1)/n)."""
    u = sampling.uniforms(n, k, seed=seed)
    assert u.shape == (n, k)
    strata = np.floor(u * n).astype(int)
    for column in strata.T:
        assert sorted(column.tolist()) == list(range(n))


def test_plain_monte_carlo_is_not_stratified() -> None:
    u = sampling.uniforms(1000, 1, seed=5, lhs=False)
    assert len(set(np.floor(u[:, 0] * 1000).astype(int).tolist())) < 1000


@pytest.mark.parametrize("rho", [0.5, 0.9, -0.4])
def test_copula_gives_the_common_correlation(rho: float) -> None:
    # Three tasks (−1/(k − 1) = −0.5 is the lowest common correlation). Normal scores of the
    # uniforms must correlate at ρ for every pair; the uniforms stay uniform (KS test).
    u = sampling.uniforms(20000, 3, seed=9, correlation=rho)
    z = special.ndtri(u)
    corr = np.corrcoef(z.T)
    off = corr[~np.eye(3, dtype=bool)]
    assert np.abs(off - rho).max() < 0.03
    for column in u.T:
        assert stats.kstest(column, "uniform").pvalue > 0.001


@pytest.mark.parametrize("rho", [0.5, -0.3])
def test_draws_reach_the_rank_correlation_of_the_copula(rho: float) -> None:
    # A Gaussian copula of correlation ρ has Spearman rank correlation (6/π)·arcsin(ρ/2)
    # (Kruskal 1958); rank correlation is what the inverse CDFs keep. Four Beta-PERT tasks,
    # 20,000 iterations: every pair within 0.02 of it (sd of the estimate ≈ 0.006).
    draws = sampling.sample_three_point([0, 1, 2, 0], [2, 3, 3, 8], [10, 9, 12, 9], 20_000,
                                        correlation=rho, seed=2026)
    spearman = stats.spearmanr(draws).statistic
    expected = 6 / np.pi * np.arcsin(rho / 2)
    assert np.abs(spearman[~np.eye(4, dtype=bool)] - expected).max() < 0.02


def test_correlation_below_its_floor_is_refused() -> None:
    with pytest.raises(InputError, match="correlation: -0.6 is outside -0.5 to 1"):
        sampling.sample_three_point([0, 0, 0], [1, 1, 1], [2, 2, 2], 10, correlation=-0.6)


def test_full_correlation_makes_equal_tasks_move_together() -> None:
    draws = sampling.sample_three_point([0, 0], [2, 2], [10, 10], 5000, correlation=1.0, seed=4)
    assert np.allclose(draws[:, 0], draws[:, 1])


N = 100_000


@pytest.mark.parametrize(("distribution", "mean", "variance"), [
    # Beta-PERT 0/2/10: mean 3, variance (3 − 0)(10 − 3)/7 = 3.000 (DOMAIN.md).
    ("pert", 3.0, 3.0),
    # Triangular 0/2/10: mean 4, variance 84/18 (Wikipedia formula, by hand).
    ("triangular", 4.0, 84 / 18),
    # Uniform 0..10: mean 5, variance 100/12.
    ("uniform", 5.0, 100 / 12),
    # Normal and lognormal with the PERT mean 3 and textbook sd 10/6.
    ("normal", 3.0, (10 / 6) ** 2),
    ("lognormal", 3.0, (10 / 6) ** 2),
])
def test_sample_moments(distribution: str, mean: float, variance: float) -> None:
    x = sampling.sample_three_point([0], [2], [10], N, distribution=distribution, seed=2)[:, 0]
    assert x.mean() == pytest.approx(mean, abs=0.005)
    assert x.var() == pytest.approx(variance, rel=0.02)


def test_pert_sample_follows_the_exact_beta_cdf() -> None:
    # Kolmogorov distance of 100,000 Latin hypercube draws of Beta-PERT 0/2/10 to the exact
    # Beta(1.8, 4.2) CDF: stratification alone allows 1/n; the tables add at most 3.8e-5.
    x = np.sort(sampling.sample_three_point([0], [2], [10], N, seed=3)[:, 0])
    exact = special.betainc(1.8, 4.2, x / 10)
    ranks = np.arange(1, N + 1) / N
    assert np.abs(exact - ranks).max() < 1 / N + 5e-5


def test_modified_pert_lambda() -> None:
    # λ = 2: mean (O + λM + P)/(λ + 2) = (0 + 4 + 10)/4 = 3.5, variance (3.5)(6.5)/5 = 4.55.
    x = sampling.sample_three_point([0], [2], [10], N, lam=2.0, seed=2)[:, 0]
    assert x.mean() == pytest.approx(3.5, abs=0.005)
    assert x.var() == pytest.approx(4.55, rel=0.02)


def test_equal_optimistic_and_pessimistic_is_a_constant() -> None:
    for distribution in sampling.DISTRIBUTIONS:
        x = sampling.sample_three_point([4, 0], [4, 0], [4, 0], 500, distribution=distribution,
                                        seed=1)
        assert (x[:, 0] == 4).all() and (x[:, 1] == 0).all()


def test_same_seed_same_draws_other_seed_other_draws() -> None:
    first = sampling.sample_three_point([1, 2], [3, 4], [9, 9], 1000, seed=7)
    again = sampling.sample_three_point([1, 2], [3, 4], [9, 9], 1000, seed=7)
    other = sampling.sample_three_point([1, 2], [3, 4], [9, 9], 1000, seed=8)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_draws_stay_within_o_and_p() -> None:
    x = sampling.sample_three_point([1, 0, 5], [1, 9, 6], [3, 10, 20], 20000, seed=1)
    assert (x >= [1, 0, 5]).all() and (x <= [3, 10, 20]).all()


def test_bad_arguments_named() -> None:
    with pytest.raises(InputError, match="distribution: 'beta' is not one of pert"):
        sampling.sample_three_point([0], [1], [2], 10, distribution="beta")
    with pytest.raises(InputError, match="iterations: 0 is not a positive whole number"):
        sampling.sample_three_point([0], [1], [2], 0)
    with pytest.raises(InputError, match="optimistic row 1: 3 is greater than most likely 1"):
        sampling.sample_three_point([3], [1], [2], 10)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=50),
       st.floats(0, 1), st.floats(0, 1), st.sampled_from(["inc", "risk"]))
def test_percentiles_rise_with_q(values: list[float], q1: float, q2: float, method: str) -> None:
    """Law: a higher percentile is never below a lower one, whatever the rule."""
    low, high = sorted((q1, q2))
    assert sampling.percentile(values, low, method) <= sampling.percentile(values, high, method)


def test_percentile_precision_covers_the_truth_95_percent_of_the_time() -> None:
    # Plain Monte Carlo draws of U(0, 1), n = 1000, whose true P80 is 0.8: the ± interval must
    # contain it in about 95% of 400 repeats (binomial sd of the coverage ≈ 1.1%).
    rng = np.random.default_rng(12)
    hits = 0
    for _ in range(400):
        u = rng.random(1000)
        centre = float(np.percentile(u, 80))
        half = sampling.percentile_precision(u, 0.8)
        hits += abs(centre - 0.8) <= half
    assert 0.91 <= hits / 400 <= 0.99


def test_percentile_precision_shrinks_like_one_over_root_n() -> None:
    rng = np.random.default_rng(1)
    small = sampling.percentile_precision(rng.random(10_000), 0.5)
    large = sampling.percentile_precision(rng.random(1_000_000), 0.5)
    # Uniform median: half-width ≈ 1.96·√(0.25/n)/f(0.5) = 0.0098 for n = 10,000.
    assert small == pytest.approx(0.0098, rel=0.1)
    assert small / large == pytest.approx(10, rel=0.15)


def test_compiled_and_array_table_reads_agree() -> None:
    # The Numba loop and the NumPy version read the same two rows with the same operations, and
    # both take the tails' powers from the C library: the same doubles, tails included. Modes at
    # both ends, on rows and between them; u at 0, at nodes, in both end cells, just below 1.
    tables = betatable.pert_tables(4.0)
    r = np.array([0.0, 1.0, 0.5, 0.3, 1 / 3, 0.999, 0.001])
    shapes = betatable.place(tables, r)
    u = np.random.default_rng(4).random((r.size, 50_000))
    u[:, :7] = [[1e-7, 1 - 1e-7, 0.5, 0.0, 1 / 2048, 2047 / 2048, sampling.kernels.BELOW_ONE]]
    low = np.array([1.0, 0.0, 5.0, 2.0, 0.0, 3.0, 1e4])
    span = np.array([2.0, 10.0, 0.5, 7.3, 1.0, 11.0, 3.5])
    fast = betatable.table_lookup(tables, shapes, u, low, span)
    plain = betatable.table_lookup(tables, shapes, u, low, span, numpy_only=True)
    assert fast.tobytes() == plain.tobytes()


def _without_numba(monkeypatch: pytest.MonkeyPatch, draw: Callable[[], FloatArray]) -> FloatArray:
    monkeypatch.setattr(sampling.kernels, "AVAILABLE", False)
    try:
        return draw()
    finally:
        monkeypatch.undo()


@pytest.mark.skipif(not sampling.kernels.AVAILABLE, reason="Numba is not installed")
@pytest.mark.parametrize("distribution", sampling.DISTRIBUTIONS)
@pytest.mark.parametrize(("correlation", "lhs"), [(0.0, True), (0.0, False), (0.4, True),
                                                  (-0.2, True)])
def test_numpy_fallback_draws_the_same_bits(distribution: str, correlation: float, lhs: bool,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 13: where Numba is missing (Excel on the web) the draws, and so every percentile,
    # must be those of the compiled path, bit for bit.
    o, m, p = [1, 0, 3, 2, 7], [2, 5, 3, 4, 7.5], [6, 9, 3, 12, 30]

    def sample() -> FloatArray:
        return sampling.sample_three_point(o, m, p, 3001, distribution=distribution, lhs=lhs,
                                           correlation=correlation, seed=2026)

    def total() -> FloatArray:
        return sampling.three_point_total(o, m, p, 3001, distribution=distribution, lhs=lhs,
                                          correlation=correlation, seed=2026)

    assert sample().tobytes() == _without_numba(monkeypatch, sample).tobytes()
    assert total().tobytes() == _without_numba(monkeypatch, total).tobytes()


def test_array_fallback_is_a_latin_hypercube_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where Numba is missing the NumPy code makes the strata: still one draw per stratum.
    monkeypatch.setattr(sampling.kernels, "AVAILABLE", False)
    u = sampling.uniforms(500, 3, seed=2)
    for column in np.floor(u * 500).astype(int).T:
        assert sorted(column.tolist()) == list(range(500))
    x = sampling.sample_three_point([0], [2], [10], 50_000, seed=1)[:, 0]
    assert x.mean() == pytest.approx(3.0, abs=0.01)


def test_no_tasks_give_an_empty_sample() -> None:
    assert sampling.sample_three_point([], [], [], 7, seed=1).shape == (7, 0)


@pytest.mark.parametrize(("iterations", "distribution", "lhs", "correlation"), [
    (1000, "pert", True, 0.0), (100_000, "pert", True, 0.0), (1000, "pert", False, 0.0),
    (1000, "triangular", True, 0.0), (1000, "pert", True, 0.5), (1000, "normal", True, -0.3)])
def test_total_is_the_sum_of_the_sample(iterations: int, distribution: str, lhs: bool,
                                        correlation: float) -> None:
    # The running total adds the very draws of the sample, task after task: the same doubles
    # as adding the sample's columns in task order.
    o, m, p = [1, 0, 3, 2], [2, 5, 3, 4], [6, 9, 3, 12]
    total = sampling.three_point_total(o, m, p, iterations, distribution=distribution, lhs=lhs,
                                       correlation=correlation, seed=6)
    draws = sampling.sample_three_point(o, m, p, iterations, distribution=distribution, lhs=lhs,
                                        correlation=correlation, seed=6)
    expected = np.zeros(iterations)
    for column in draws.T:
        expected += column
    assert total.tobytes() == expected.tobytes()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100)).map(sorted),
                min_size=1, max_size=6),
       st.integers(1, 700), st.sampled_from(sampling.DISTRIBUTIONS), st.booleans(),
       st.sampled_from([0.0, 0.3, 1.0, -0.1]), st.integers(0, 2**64 - 1), st.data())
def test_blocks_of_iterations_are_the_whole_sample(tasks: list[list[float]], n: int,
                                                   distribution: str, lhs: bool, rho: float,
                                                   seed: int, data: st.DataObject) -> None:
    """Law: drawing iterations [0, n) in blocks of any sizes, side by side, gives exactly the
    draws of all n at once (so a simulation can hold one block instead of tasks × iterations),
    and the totals of any block are those of the whole sample's iterations."""
    o, m, p = (list(col) for col in zip(*tasks))
    rho = max(rho, -1.0 / max(1, len(tasks) - 1))
    sampler = sampling.Sampler(o, m, p, n, distribution=distribution, lhs=lhs, correlation=rho,
                               seed=seed)
    whole = sampling.sample_three_point(o, m, p, n, distribution=distribution, lhs=lhs,
                                        correlation=rho, seed=seed).T
    width = data.draw(st.integers(1, n))
    blocks = [block for _, block in sampler.blocks(width)]
    assert np.concatenate(blocks, axis=1).tobytes() == whole.tobytes()
    start = data.draw(st.integers(0, n - 1))
    stop = data.draw(st.integers(start + 1, n))
    expected = np.zeros(stop - start)
    for row in whole[:, start:stop]:
        expected += row
    assert sampler.totals(start, stop).tobytes() == expected.tobytes()


def test_block_fills_a_buffer_and_refuses_iterations_outside() -> None:
    sampler = sampling.Sampler([1, 2], [3, 4], [9, 9], 100, seed=1)
    buffer = np.empty((2, 10))
    assert sampler.block(20, 30, out=buffer) is buffer
    assert np.array_equal(buffer, sampler.block(0).T[20:30].T)
    with pytest.raises(ValueError, match="iterations 90 … 101 are not within 0 … 100"):
        sampler.block(90, 101)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e5), st.floats(0, 1e5), st.floats(0, 1e5)).map(sorted),
                min_size=1, max_size=5),
       st.sampled_from(["pert", "triangular", "uniform"]), st.booleans(), st.floats(0, 10))
def test_bounded_draws_stay_within_o_and_p(tasks: list[list[float]], distribution: str,
                                           lhs: bool, lam: float) -> None:
    """Law: Beta-PERT, triangular and uniform draws never leave [O, P]."""
    o, m, p = (np.array(col) for col in zip(*tasks))
    x = sampling.sample_three_point(o, m, p, 200, distribution=distribution, lhs=lhs, lam=lam,
                                    seed=1)
    slack = 1e-9 * np.maximum(p, 1.0)
    assert (x >= o - slack).all() and (x <= p + slack).all()
