"""PMO_MC: the P80 of a 500-task total from 100,000 iterations, against plain NumPy and SciPy.

Baselines doing the same work: NumPy's own Beta sampler (``rng.beta``, plain Monte Carlo, no
Latin hypercube possible since it is not an inverse CDF), summed a block of tasks at a time like
pmokit; and the exact inverse CDF (SciPy's ``betaincinv``) on Latin hypercube uniforms, timed on
a slice of the iterations and scaled. And pmokit's own NumPy fallback, what runs where Numba is
missing (Excel on the web, xlwings Lite): the same draws, bit for bit, at what cost (issue 13).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy import special

from pmokit.addin import kernels
from pmokit.addin.montecarlo import mc_percentile
from pmokit.addin.sampling import sample_three_point, uniforms
from benchmarks.timing import Result, best_of

TASKS = 500
ITERATIONS = 100_000
EXACT_ITERATIONS = 2_000  # betaincinv is timed on these and scaled


def estimates(seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """500 tasks with optimistic 1–10 days, most likely up to 5 more, pessimistic 1–10 beyond."""
    rng = np.random.default_rng(seed)
    o = rng.uniform(1, 10, TASKS)
    m = o + rng.uniform(0, 5, TASKS)
    p = m + rng.uniform(1, 10, TASKS)
    return o, m, p


def numpy_beta_p80(o: np.ndarray, m: np.ndarray, p: np.ndarray, iterations: int) -> float:
    """Plain Monte Carlo with NumPy's Beta sampler, 20 tasks at a time."""
    rng = np.random.default_rng(1)
    alpha = 1 + 4 * (m - o) / (p - o)
    beta = 1 + 4 * (p - m) / (p - o)
    total = np.zeros(iterations)
    for first in range(0, len(o), 20):
        part = slice(first, first + 20)
        draws = rng.beta(alpha[part], beta[part], size=(iterations, len(o[part])))
        total += (o[part] + (p[part] - o[part]) * draws).sum(axis=1)
    return float(np.percentile(total, 80))


def exact_inverse_p80(o: np.ndarray, m: np.ndarray, p: np.ndarray, iterations: int) -> float:
    """Latin hypercube uniforms through SciPy's exact Beta inverse CDF."""
    alpha = 1 + 4 * (m - o) / (p - o)
    beta = 1 + 4 * (p - m) / (p - o)
    u = uniforms(iterations, len(o), seed=1)
    total = (o + (p - o) * special.betaincinv(alpha, beta, u)).sum(axis=1)
    return float(np.percentile(total, 80))


def numpy_beta_draws(o: np.ndarray, m: np.ndarray, p: np.ndarray, iterations: int) -> np.ndarray:
    """Durations iterations × tasks from NumPy's Beta sampler (plain Monte Carlo)."""
    rng = np.random.default_rng(1)
    alpha = 1 + 4 * (m - o) / (p - o)
    beta = 1 + 4 * (p - m) / (p - o)
    return o + (p - o) * rng.beta(alpha, beta, size=(iterations, len(o)))


def benchmarks() -> Iterator[Result]:
    o, m, p = estimates()
    ours = mc_percentile(o, m, p, 0.8, ITERATIONS, seed=1)
    ours_s = best_of(lambda: mc_percentile(o, m, p, 0.8, ITERATIONS, seed=1), 3)
    base: list[float] = []
    base_s = best_of(lambda: base.append(numpy_beta_p80(o, m, p, ITERATIONS)), 1)
    # Same model, different draws: the P80s agree to well within 0.2%.
    assert abs(ours - base[0]) / ours < 2e-3, (ours, base[0])
    yield Result(f"PMO_MC {ITERATIONS:,} iterations x {TASKS} tasks", ours_s, base_s,
                 "NumPy rng.beta, plain Monte Carlo",
                 "pmokit: Latin hypercube, Beta-PERT by quantile tables")
    exact_s = best_of(lambda: exact_inverse_p80(o, m, p, EXACT_ITERATIONS), 1)
    yield Result(f"PMO_MC {ITERATIONS:,} iterations x {TASKS} tasks (inverse CDF)", ours_s,
                 exact_s * ITERATIONS / EXACT_ITERATIONS, "SciPy betaincinv on LHS uniforms",
                 f"betaincinv timed on {EXACT_ITERATIONS:,} iterations and scaled")
    if kernels.AVAILABLE:
        fallback: list[float] = []
        kernels.AVAILABLE = False
        try:
            plain_s = best_of(lambda: fallback.append(mc_percentile(o, m, p, 0.8, ITERATIONS,
                                                                    seed=1)), 1)
        finally:
            kernels.AVAILABLE = True
        assert fallback[0] == ours, (fallback[0], ours)  # the same draws, so the same P80
        yield Result(f"PMO_MC {ITERATIONS:,} iterations x {TASKS} tasks (no Numba)", ours_s,
                     plain_s, "pmokit's NumPy fallback",
                     "the ratio is how many times slower the fallback is; same P80, bit for bit")
    # The draws an SRA needs: 10,000 iterations x 1,000 tasks, kept (not summed).
    big = tuple(np.tile(v, 2) for v in (o, m, p))
    draw_s = best_of(lambda: sample_three_point(*big, 10_000, seed=1), 3)
    numpy_s = best_of(lambda: numpy_beta_draws(*big, 10_000), 1)
    yield Result("Beta-PERT draws 10,000 iterations x 1,000 tasks", draw_s, numpy_s,
                 "NumPy rng.beta, plain Monte Carlo", "pmokit: Latin hypercube, kept in memory")
