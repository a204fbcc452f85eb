"""Drawing three-point durations and costs fast: Latin hypercube, Gaussian copula, inverse CDF.

How the risk add-ins sample, vectorised over iterations: uniforms in [0, 1) (Latin hypercube by
default: each task's [0, 1) cut into ``iterations`` equal strata, one draw in each, shuffled), an
optional Gaussian copula for one common correlation between all tasks, then each task's inverse
CDF. Tasks whose O = P are constants.

Drawing Beta samples is what costs: the Beta-PERT inverse CDF is a per-shape quantile table
(:mod:`pmokit.addin.betatable`), and where Numba is installed the Latin hypercube shuffle and the table
reads run as one compiled loop (:mod:`pmokit.addin.kernels`) at a few ns a draw.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special

from pmokit.addin import kernels
from pmokit.addin.betatable import QuantileTable, beta_table, table_lookup
from pmokit.addin.errors import InputError
from pmokit.addin.threepoint import Values, check_lambda, check_three_point

FloatArray = NDArray[np.float64]

DISTRIBUTIONS = ("pert", "triangular", "uniform", "normal", "lognormal")
PERCENTILE_METHODS = {"inc": "linear", "exc": "weibull", "risk": "inverted_cdf"}



def generator(seed: int | np.random.Generator | None) -> np.random.Generator:
    """NumPy's random Generator for ``seed`` (the same seed gives the same draws)."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


BLOCK_DRAWS = 1 << 17  # draws per block of tasks: a block's working arrays stay in cache


def _lhs_block(rng: np.random.Generator, n: int, k: int) -> FloatArray:
    """Latin hypercube uniforms, k tasks × n iterations: stratum (shuffled) + jitter, over n."""
    if kernels.AVAILABLE:
        out = np.empty((k, n))
        kernels.lhs(rng.integers(1, 2**63, size=4, dtype=np.uint64), out)
        return out
    u = np.empty((k, n))
    u[:] = np.arange(n, dtype=np.float64)
    for row in u:  # one shuffle per task: faster than Generator.permuted along an axis
        rng.shuffle(row)
    u += rng.random((k, n))  # the place within the stratum
    u *= 1.0 / n
    return u


def _uniform_block(rng: np.random.Generator, n: int, k: int, lhs: bool) -> FloatArray:
    return _lhs_block(rng, n, k) if lhs else rng.random((k, n))


def _uniform_blocks(n: int, k: int, rng: np.random.Generator, lhs: bool,
                    correlation: float) -> Iterator[tuple[slice, FloatArray]]:
    """Uniforms tasks × iterations, a block of tasks at a time (each task's draws contiguous).

    Gaussian copula for one correlation ρ ≥ 0: each task's normal score is
    √ρ·W + √(1 − ρ)·ε with W one shared (stratified) normal per iteration. For ρ < 0 the
    symmetric square root of the equicorrelation matrix, √(1 − ρ)·I + c·11ᵀ, mixes all tasks at
    once (valid down to −1/(k − 1)).
    """
    step = max(1, BLOCK_DRAWS // n)
    if correlation == 0.0 or k < 2:
        for first in range(0, k, step):
            last = min(k, first + step)
            yield slice(first, last), _uniform_block(rng, n, last - first, lhs)
        return
    if correlation > 0.0:
        shared = special.ndtri(_uniform_block(rng, n, 1, lhs)[0]) * np.sqrt(correlation)
        for first in range(0, k, step):
            last = min(k, first + step)
            z = special.ndtri(_uniform_block(rng, n, last - first, lhs))
            z *= np.sqrt(1.0 - correlation)
            z += shared
            yield slice(first, last), _to_uniform(z)
        return
    z = special.ndtri(_uniform_block(rng, n, k, lhs))
    c = (np.sqrt(1.0 + (k - 1) * correlation) - np.sqrt(1.0 - correlation)) / k
    common = z.sum(axis=0)
    z *= np.sqrt(1.0 - correlation)
    z += c * common
    yield slice(0, k), _to_uniform(z)


def _to_uniform(z: FloatArray) -> FloatArray:
    u: FloatArray = special.ndtr(z)
    np.clip(u, 0.0, np.nextafter(1.0, 0.0), out=u)
    return u


def check_correlation(correlation: float, k: int) -> float:
    """Check one common correlation coefficient for ``k`` tasks (−1/(k − 1) ≤ ρ ≤ 1)."""
    rho = float(correlation)
    low = -1.0 / (k - 1) if k > 1 else -1.0
    if not (low <= rho <= 1.0):
        raise InputError("correlation", f"{rho:g} is outside {low:g} to 1 (one coefficient "
                         f"shared by {k} tasks cannot be lower than −1/(tasks − 1))")
    return rho


def _check_count(n: int) -> int:
    try:
        count = int(n)
    except (TypeError, ValueError, OverflowError):
        raise InputError("iterations", f"{n} is not a whole number") from None
    if count != n or count < 1:
        raise InputError("iterations", f"{n} is not a positive whole number")
    return count


def uniforms(n: int, k: int, *, rng: np.random.Generator, lhs: bool = True,
             correlation: float = 0.0) -> FloatArray:
    """Uniform draws in [0, 1), ``n`` iterations × ``k`` variables.

    ``lhs=True``: Latin hypercube, each column stratified into ``n`` equal bins with one draw per
    bin, shuffled independently. ``correlation``: one coefficient between all columns by a
    Gaussian copula (the uniforms' normal scores mixed by the equicorrelation matrix's square root,
    then mapped back through Φ); marginals stay uniform.
    """
    count, width = _check_count(n), int(k)
    rho = check_correlation(correlation, width)
    out = np.empty((width, count))
    for tasks, block in _uniform_blocks(count, width, rng, lhs, rho):
        out[tasks] = block
    return out.T


def _triangular(low: FloatArray, likely: FloatArray, high: FloatArray,
                u: FloatArray) -> FloatArray:
    span = (high - low)[:, None]
    left = (likely - low)[:, None]
    right = (high - likely)[:, None]
    safe = np.where(span > 0, span, 1.0)
    mode_p = np.where(span > 0, left / safe, 0.0)
    rising = low[:, None] + np.sqrt(u * span * left)
    falling = high[:, None] - np.sqrt((1.0 - u) * span * right)
    return np.where(u < mode_p, rising, falling)


def _normal_params(low: FloatArray, likely: FloatArray,
                   high: FloatArray) -> tuple[FloatArray, FloatArray]:
    return (low + 4.0 * likely + high) / 6.0, (high - low) / 6.0


def _lognormal(low: FloatArray, likely: FloatArray, high: FloatArray, u: FloatArray) -> FloatArray:
    mean, sd = _normal_params(low, likely, high)
    positive = mean > 0  # O ≥ 0 and O < P make the mean positive; O = P = 0 is the constant 0
    safe = np.where(positive, mean, 1.0)
    s2 = np.log1p((sd / safe) ** 2)
    mu = np.log(safe) - 0.5 * s2
    out: FloatArray = np.exp(mu[:, None] + np.sqrt(s2)[:, None] * special.ndtri(u))
    out[~positive] = 0.0
    return out


class _Sampler:
    """Turns blocks of uniforms into draws of the given tasks' distribution."""

    def __init__(self, low: FloatArray, likely: FloatArray, high: FloatArray, distribution: str,
                 lam: float) -> None:
        self.low, self.likely, self.high = low, likely, high
        self.distribution = distribution
        self.constant = low == high
        if distribution == "pert":
            span = high - low
            varies = span > 0
            safe = np.where(varies, span, 1.0)
            alpha = np.where(varies, 1.0 + lam * (likely - low) / safe, 1.0)
            beta = np.where(varies, 1.0 + lam * (high - likely) / safe, 1.0)
            shapes, rows = np.unique(np.stack([alpha, beta], axis=1), axis=0, return_inverse=True)
            self.table: QuantileTable = beta_table(shapes[:, 0], shapes[:, 1])
            self.rows = rows.reshape(-1).astype(np.intp)

    def __call__(self, tasks: slice, u: FloatArray) -> FloatArray:
        low, likely, high = self.low[tasks], self.likely[tasks], self.high[tasks]
        if self.distribution == "pert":
            out = table_lookup(self.table, self.rows[tasks], u, low, high - low, overwrite=True)
        elif self.distribution == "triangular":
            out = _triangular(low, likely, high, u)
        elif self.distribution == "uniform":
            out = u * (high - low)[:, None]
            out += low[:, None]
        elif self.distribution == "normal":
            mean, sd = _normal_params(low, likely, high)
            out = special.ndtri(u)
            out *= sd[:, None]
            out += mean[:, None]
        else:
            out = _lognormal(low, likely, high, u)
        constant = self.constant[tasks]
        if constant.any():
            out[constant] = low[constant][:, None]
        return out


def three_point_blocks(o: Values, m: Values, p: Values, iterations: int, *,
                       distribution: str = "pert", lam: float = 4.0, correlation: float = 0.0,
                       lhs: bool = True, seed: int | np.random.Generator | None = None
                       ) -> Iterator[tuple[slice, FloatArray]]:
    """Draws of :func:`sample_three_point` a block of tasks at a time: (tasks, tasks × iterations).

    For totals over many tasks and iterations that need not all be held at once.
    """
    low, likely, high = check_three_point(o, m, p)
    n = _check_count(iterations)
    if distribution not in DISTRIBUTIONS:
        raise InputError("distribution", f"'{distribution}' is not one of "
                         f"{', '.join(DISTRIBUTIONS)}")
    shape = check_lambda(lam)
    k = low.shape[0]
    rho = check_correlation(correlation, k)
    sampler = _Sampler(low, likely, high, distribution, shape)
    for tasks, u in _uniform_blocks(n, k, generator(seed), lhs, rho):
        yield tasks, sampler(tasks, u)


_NO_ROWS = np.zeros((0, 0))


def _compiled_pert(distribution: str, lhs: bool, correlation: float, k: int) -> bool:
    """Whether the fused compiled loop applies: independent Latin hypercube Beta-PERT draws."""
    return bool(kernels.AVAILABLE and distribution == "pert" and lhs
                and float(correlation) == 0.0 and k > 0)


def three_point_total(o: Values, m: Values, p: Values, iterations: int, *,
                      distribution: str = "pert", lam: float = 4.0, correlation: float = 0.0,
                      lhs: bool = True, seed: int | np.random.Generator | None = None
                      ) -> FloatArray:
    """The sum over tasks of :func:`sample_three_point`'s draws, one value per iteration.

    Never holds every draw at once. For independent Latin hypercube Beta-PERT draws (the
    default) a compiled loop adds each draw to the total as it makes it, with the same random
    numbers as the sample itself.
    """
    low, likely, high = check_three_point(o, m, p)
    n = _check_count(iterations)
    k = low.shape[0]
    total = np.zeros(n)
    if _compiled_pert(distribution, lhs, correlation, k):
        sampler = _Sampler(low, likely, high, distribution, check_lambda(lam))
        rng = generator(seed)
        step = max(1, BLOCK_DRAWS // n)
        for first in range(0, k, step):
            tasks = slice(first, min(k, first + step))
            kernels.lhs_pert(rng.integers(1, 2**63, size=4, dtype=np.uint64),
                             sampler.table.values, sampler.table.steps, sampler.table.alpha,
                             sampler.table.beta, sampler.rows[tasks], low[tasks],
                             (high - low)[tasks], _NO_ROWS, total, False)
        return total
    for _, block in three_point_blocks(low, likely, high, n, distribution=distribution, lam=lam,
                                       correlation=correlation, lhs=lhs, seed=seed):
        total += block.sum(axis=0)
    return total


def sample_three_point(o: Values, m: Values, p: Values, iterations: int, *,
                       distribution: str = "pert", lam: float = 4.0, correlation: float = 0.0,
                       lhs: bool = True, seed: int | np.random.Generator | None = None
                       ) -> FloatArray:
    """Draw each task's three-point estimate ``iterations`` times: an iterations × tasks array.

    Distributions: ``pert`` (Beta-PERT, shape λ = ``lam``, 4 classic), ``triangular``,
    ``uniform`` (O to P), ``normal`` and ``lognormal`` (both with the PERT mean (O + 4M + P) / 6
    and textbook standard deviation (P − O) / 6; the normal is not truncated). A task with O = P
    is that constant. The same ``seed`` gives the same array. Latin hypercube by default
    (``lhs=False``: plain Monte Carlo); ``correlation`` is one coefficient between all tasks.
    """
    low, likely, high = check_three_point(o, m, p)
    n = _check_count(iterations)
    k = low.shape[0]
    if _compiled_pert(distribution, lhs, correlation, k):
        # Straight into the answer, a block of tasks at a time, no intermediate uniforms.
        sampler = _Sampler(low, likely, high, distribution, check_lambda(lam))
        rng = generator(seed)
        drawn = np.empty((k, n))
        scratch = np.zeros(n)
        for first in range(0, k, max(1, BLOCK_DRAWS // n)):
            tasks = slice(first, min(k, first + max(1, BLOCK_DRAWS // n)))
            kernels.lhs_pert(rng.integers(1, 2**63, size=4, dtype=np.uint64),
                             sampler.table.values, sampler.table.steps, sampler.table.alpha,
                             sampler.table.beta, sampler.rows[tasks], low[tasks],
                             (high - low)[tasks], drawn[tasks], scratch, True)
        return drawn.T
    blocks = three_point_blocks(low, likely, high, n, distribution=distribution, lam=lam,
                                correlation=correlation, lhs=lhs, seed=seed)
    out: FloatArray | None = None
    for tasks, block in blocks:
        if out is None:
            out = np.empty((k, block.shape[1]))
        out[tasks] = block
    if out is None:  # no tasks
        return np.zeros((_check_count(iterations), 0))
    return out.T


def _check_q(q: float | Sequence[float] | FloatArray) -> FloatArray:
    levels = np.atleast_1d(np.asarray(q, dtype=np.float64))
    bad = np.flatnonzero(~((levels >= 0.0) & (levels <= 1.0)))
    if bad.size:
        raise InputError("percentile", f"{levels[bad[0]]:g} is not between 0 and 1 "
                         "(0.8 for P80)", row=int(bad[0]) + 1 if levels.size > 1 else None)
    return levels


def percentile(values: Values, q: float | Sequence[float] | FloatArray,
               method: str = "inc") -> float | FloatArray:
    """The ``q``-th percentile (q from 0 to 1) of sampled values, by Excel's rule by default.

    ``inc``: PERCENTILE.INC (linear interpolation between order statistics); ``exc``:
    PERCENTILE.EXC (an error outside 1/(n + 1) … n/(n + 1), as in Excel); ``risk``: @RISK's
    ⌈q·n⌉-th smallest value. A single q gives a float, a column of q an array.
    """
    if method not in PERCENTILE_METHODS:
        raise InputError("method", f"'{method}' is not one of {', '.join(PERCENTILE_METHODS)}")
    data = np.asarray(values, dtype=np.float64).reshape(-1)
    if data.size == 0:
        raise InputError("values", "is empty")
    levels = _check_q(q)
    n = data.size
    if method == "exc":
        outside = (levels < 1.0 / (n + 1)) | (levels > n / (n + 1))
        if outside.any():
            level = float(levels[np.flatnonzero(outside)[0]])
            raise InputError("percentile", f"{level:g} is outside 1/(n + 1) to n/(n + 1) for "
                             f"{n} values (PERCENTILE.EXC's rule)")
    rule: Any = PERCENTILE_METHODS[method]  # NumPy's stubs want the literal name
    answer = np.percentile(data, levels * 100.0, method=rule)
    if np.ndim(q) == 0:
        return float(answer[0])
    return np.asarray(answer, dtype=np.float64)


def percentile_precision(values: Values, q: float, confidence: float = 0.95) -> float:
    """± half-width of the ``q``-th percentile's confidence interval from ``values``.

    Distribution-free (order statistics): the count of draws below the true percentile is
    Binomial(n, q), so the interval runs from the order statistic of rank nq − z√(nq(1 − q)) to
    that of rank nq + z√(nq(1 − q)) (normal approximation, z for ``confidence``). It assumes
    independent draws; Latin hypercube draws are tighter, so for them it errs on the safe side.
    """
    data = np.sort(np.asarray(values, dtype=np.float64).reshape(-1))
    n = data.size
    if n == 0:
        raise InputError("values", "is empty")
    level = float(_check_q(q)[0])
    if not 0.0 < confidence < 1.0:
        raise InputError("confidence", f"{confidence:g} is not between 0 and 1")
    z = float(special.ndtri(0.5 + confidence / 2.0))
    half = z * np.sqrt(n * level * (1.0 - level))
    lower = int(np.clip(np.floor(n * level - half), 1, n)) - 1
    upper = int(np.clip(np.ceil(n * level + half), 1, n)) - 1
    return float(data[upper] - data[lower]) / 2.0
