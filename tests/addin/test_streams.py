"""Counter-based random numbers: the documented recipe, exact equality of the compiled and NumPy
routes, blocks equal to the whole, and the statistical properties the simulations rely on."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from pmokit.addin import kernels, streams
from pmokit.addin.errors import InputError

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15

needs_numba = pytest.mark.skipif(not kernels.AVAILABLE, reason="Numba is not installed")


# A second implementation of the recipe in streams.py's module docstring, in plain Python
# integers and floats (no NumPy), written from the text: if the code and the text part, this
# fails.
def mix(z: int) -> int:
    z &= MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def reference_keys(seed: int, stream: int, task: int) -> list[int]:
    root = mix(seed + GAMMA)
    s = mix(root + (stream + 1) * GAMMA)
    t = mix(s + (task + 1) * GAMMA)
    return [mix(t + (j + 1) * GAMMA) for j in range(5)]


def reference_stratum(keys: list[int], n: int, i: int) -> int:
    a = math.isqrt(n - 1) + 1
    b = -(-n // a)
    x = i
    while True:
        left, right = divmod(x, b)
        for key, radix in zip(keys[1:], (a, b, a, b)):
            f = ((mix(right + key) >> 32) * radix) >> 32
            left, right = right, (left + f) % radix
        x = left * b + right
        if x < n:
            return x


def reference_uniform(seed: int, stream: int, task: int, n: int, i: int, lhs: bool) -> float:
    keys = reference_keys(seed, stream, task)
    h = mix(keys[0] + (i + 1) * GAMMA)
    if not lhs:
        return (h >> 11) * 2.0**-53
    bits = (n - 1).bit_length()
    jitter = (h >> (11 + bits)) * 2.0 ** (bits - 53)
    return min((reference_stratum(keys, n, i) + jitter) * (1.0 / n), 1.0 - 2.0**-53)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**64 - 1), st.integers(0, 3), st.integers(1, 3000), st.booleans(),
       st.data())
def test_the_code_follows_the_documented_recipe(seed: int, number: int, n: int, lhs: bool,
                                                data: st.DataObject) -> None:
    """Law: every uniform is the documented pure function of (seed, stream, task, iteration)."""
    tasks = data.draw(st.integers(1, 4))
    start = data.draw(st.integers(0, n - 1))
    stop = data.draw(st.integers(start + 1, min(n, start + 40)))
    got = streams.stream(seed, number, tasks, n).uniforms(start, stop, lhs=lhs)
    want = [[reference_uniform(seed, number, t, n, i, lhs) for i in range(start, stop)]
            for t in range(tasks)]
    assert got.tolist() == want


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**64 - 1), st.integers(1, 5000), st.integers(1, 5), st.booleans(),
       st.data())
def test_blocks_side_by_side_are_the_whole(seed: int, n: int, k: int, lhs: bool,
                                           data: st.DataObject) -> None:
    """Law: the uniforms of iterations [0, n) drawn in any blocks, side by side, are exactly the
    uniforms drawn at once; and a subset of tasks draws exactly its rows."""
    s = streams.stream(seed, 0, k, n)
    whole = s.uniforms(0, n, lhs=lhs)
    cuts = sorted(set(data.draw(st.lists(st.integers(1, n - 1), max_size=6)) if n > 1 else []))
    edges = [0, *cuts, n]
    parts = [s.uniforms(a, b, lhs=lhs) for a, b in zip(edges, edges[1:])]
    assert np.array_equal(np.concatenate(parts, axis=1), whole)
    assert np.array_equal(s.rows(slice(k - 1, k)).uniforms(0, n, lhs=lhs), whole[k - 1:])


@needs_numba
@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**64 - 1), st.integers(1, 5000), st.integers(1, 5), st.booleans(),
       st.data())
def test_compiled_and_numpy_uniforms_are_the_same_bits(seed: int, n: int, k: int, lhs: bool,
                                                       data: st.DataObject) -> None:
    """Law: the compiled loop and the NumPy code give the same doubles, bit for bit."""
    start = data.draw(st.integers(0, n - 1))
    stop = data.draw(st.integers(start + 1, n))
    s = streams.stream(seed, 1, k, n)
    compiled = s.uniforms(start, stop, lhs=lhs)
    assert kernels.AVAILABLE
    try:
        kernels.AVAILABLE = False
        plain = s.uniforms(start, stop, lhs=lhs)
    finally:
        kernels.AVAILABLE = True
    assert compiled.tobytes() == plain.tobytes()


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 99, 100, 101, 1024, 1025, 10_007, 65_536])
def test_each_stratum_holds_exactly_one_iteration(n: int) -> None:
    # Latin hypercube (DOMAIN.md): task t's strata π_t(0 … n−1) are 0 … n−1 once each, and the
    # uniform of iteration i lies in stratum π_t(i): [π/n, (π + 1)/n).
    s = streams.stream(2026, 0, 6, n)
    strata = s.strata(0, n)
    u = s.uniforms(0, n)
    for row in strata:
        assert np.array_equal(np.sort(row), np.arange(n))
    assert np.array_equal(np.floor(u * n).astype(np.int64), strata)
    assert (u >= 0).all() and (u < 1).all()


def test_tasks_strata_look_independent() -> None:
    # 120 tasks over n = 4,000 strata. For independent random permutations the rank correlation
    # of two tasks is about N(0, 1/(n − 1)); so are a task's correlation with the iteration
    # number and between neighbouring iterations. Scaled by √(n − 1), each set must have mean
    # near 0 and spread near 1 (7,140 pairs: the sample sd is within ±3% of 1 with room).
    n, k = 4000, 120
    strata = streams.stream(7, 0, k, n).strata(0, n).astype(np.float64)
    pairs = np.corrcoef(strata)[np.triu_indices(k, 1)] * math.sqrt(n - 1)
    assert abs(pairs.mean()) < 0.05 and 0.94 < pairs.std() < 1.06
    order = np.array([np.corrcoef(np.arange(n), row)[0, 1] for row in strata]) * math.sqrt(n - 1)
    lag = np.array([np.corrcoef(row[:-1], row[1:])[0, 1] for row in strata]) * math.sqrt(n - 1)
    for scaled in (order, lag):
        assert abs(scaled.mean()) < 0.3 and 0.75 < scaled.std() < 1.25


def test_pairs_of_tasks_fill_the_square_evenly() -> None:
    # Two tasks' uniforms over 10 × 10 cells of the unit square. A Latin hypercube fixes every
    # row and column total at n/10, so independence is the contingency-table chi-square test
    # (81 degrees of freedom); over 30 pairs of tasks its p-values must look uniform.
    n = 20_000
    u = streams.stream(11, 0, 60, n).uniforms(0, n)
    p_values = []
    for t in range(0, 60, 2):
        counts, _, _ = np.histogram2d(u[t], u[t + 1], bins=10, range=[[0, 1], [0, 1]])
        p_values.append(stats.chi2_contingency(counts).pvalue)
    assert np.mean(np.array(p_values) < 0.05) <= 0.2
    assert stats.kstest(p_values, "uniform").pvalue > 0.001


def test_jitter_is_uniform_within_the_stratum() -> None:
    n = 50_000
    s = streams.stream(3, 0, 2, n)
    within = (s.uniforms(0, n) * n - s.strata(0, n)).ravel()
    assert stats.kstest(within, "uniform").pvalue > 0.001
    plain = s.uniforms(0, n, lhs=False).ravel()
    assert stats.kstest(plain, "uniform").pvalue > 0.001


def test_seeds_streams_and_tasks_give_unrelated_numbers() -> None:
    n = 5000
    base = streams.stream(1, 0, 2, n).uniforms(0, n)
    others = [streams.stream(2, 0, 2, n).uniforms(0, n), streams.stream(1, 1, 2, n).uniforms(0, n),
              base[1:]]
    for other in others:
        r = np.corrcoef(base[0], other[0])[0, 1]
        assert abs(r) < 4 / math.sqrt(n)
    assert not np.array_equal(base[0], others[0][0])


def test_choices_are_uniform_whole_numbers() -> None:
    picks = streams.stream(5, streams.THROUGHPUT, 100, 1).choices(0, 700, 7)
    assert picks.min() == 0 and picks.max() == 6
    assert stats.chisquare(np.bincount(picks.ravel(), minlength=7)).pvalue > 0.001
    again = streams.stream(5, streams.THROUGHPUT, 100, 1).choices(300, 700, 7)
    assert np.array_equal(again, picks[:, 300:])


def test_seed_values() -> None:
    assert streams.seed_value(2026) == 2026
    assert streams.seed_value(-1) == MASK  # modulo 2⁶⁴
    assert streams.seed_value(7.0) == 7
    generator = np.random.default_rng(3)
    assert streams.seed_value(generator) == np.random.default_rng(3).integers(0, 2**63)
    assert streams.seed_value(None) != streams.seed_value(None)
    with pytest.raises(InputError, match="seed: 1.5 is not a whole number"):
        streams.seed_value(1.5)
