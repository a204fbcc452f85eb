"""Drawing three-point durations and costs: Latin hypercube, Gaussian copula, inverse CDF.

How the risk add-ins sample: uniforms in [0, 1) (Latin hypercube by default: each task's [0, 1)
cut into ``iterations`` equal strata, one draw in each, in a random order), an optional Gaussian
copula for one common correlation between all tasks, then each task's inverse CDF. Tasks whose
O = P are constants.

The uniforms come from :mod:`pmokit.addin.streams`, where every draw is a pure function of
(seed, stream, task, iteration). So a :class:`Sampler` gives the draws of any block of iterations
on its own, ``block(i0, i1)``, and the blocks put side by side are exactly the draws of all the
iterations at once: a simulation over 20,000 tasks holds one block, never tasks × iterations. The
copula mixes tasks only within an iteration, so it works block by block too.

Drawing Beta samples is what costs: the Beta-PERT inverse CDF is read from quantile tables on a
fixed grid of shapes per λ, each task's between its two neighbouring tables
(:mod:`pmokit.addin.betatable`: a few MB however many tasks), and where Numba is installed the
uniforms and the table reads run as one compiled loop (:mod:`pmokit.addin.kernels`) at a few ns a
draw. Without Numba the NumPy code gives the same numbers, bit for bit, more slowly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special

from pmokit.addin import betatable, kernels, streams
from pmokit.addin.errors import InputError
from pmokit.addin.threepoint import Values, check_lambda, check_three_point

FloatArray = NDArray[np.float64]

DISTRIBUTIONS = ("pert", "triangular", "uniform", "normal", "lognormal")
PERCENTILE_METHODS = {"inc": "linear", "exc": "weibull", "risk": "inverted_cdf"}
BLOCK_DRAWS = streams.BLOCK_DRAWS  # draws per block when a caller gives no block size


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


def _copula(u: FloatArray, rho: float, shared: FloatArray | None) -> FloatArray:
    """Gaussian copula for one correlation ρ over tasks × iterations uniforms (rows = tasks).

    ρ > 0: each task's normal score is √ρ·W + √(1 − ρ)·ε, W = Φ⁻¹(``shared``) one common
    (stratified) normal per iteration. ρ < 0: the symmetric square root of the equicorrelation
    matrix, √(1 − ρ)·I + c·11ᵀ, mixes all tasks of an iteration (valid down to −1/(k − 1)); the
    tasks' scores are summed in task order. Marginals stay uniform.
    """
    if rho == 0.0 or u.shape[0] == 0:
        return u
    z: FloatArray = special.ndtri(u)
    if rho > 0.0:
        assert shared is not None
        common = special.ndtri(shared)
        common *= np.sqrt(rho)
        z *= np.sqrt(1.0 - rho)
        z += common
    else:
        k = z.shape[0]
        total = np.zeros(z.shape[1])
        for row in z:  # in task order, whatever the block
            total += row
        z *= np.sqrt(1.0 - rho)
        z += (np.sqrt(1.0 + (k - 1) * rho) - np.sqrt(1.0 - rho)) / k * total
    out: FloatArray = special.ndtr(z)
    np.clip(out, 0.0, kernels.BELOW_ONE, out=out)
    return out


def uniforms(n: int, k: int, *, seed: streams.Seed = None, lhs: bool = True,
             correlation: float = 0.0, stream: int = streams.DURATIONS) -> FloatArray:
    """Uniform draws in [0, 1), ``n`` iterations × ``k`` variables.

    ``lhs=True``: Latin hypercube, each column stratified into ``n`` equal bins with one draw per
    bin, in a random order. ``correlation``: one coefficient between all columns by a Gaussian
    copula (the uniforms' normal scores mixed by the equicorrelation matrix's square root, then
    mapped back through Φ); marginals stay uniform. The uniforms a :class:`Sampler` with the same
    seed, stream and options turns into draws.
    """
    count, width = _check_count(n), int(k)
    rho = check_correlation(correlation, width)
    key = streams.seed_value(seed)
    geometry = streams.Geometry.of(count)
    u = streams.Stream(streams.task_keys(key, stream, 0, width), geometry).uniforms(0, count,
                                                                                   lhs=lhs)
    shared = None
    if rho > 0.0:
        shared = _shared(key, stream, geometry).uniforms(0, count, lhs=lhs)[0]
    return _copula(u, rho, shared).T


def _shared(key: int, stream: int, geometry: streams.Geometry) -> streams.Stream:
    """The copula's common factor: "task −1" of the stream, apart from every task's numbers."""
    return streams.Stream(streams.task_keys(key, stream, -1, 0), geometry)


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


class Sampler:
    """Draws of each task's three-point estimate, a block of iterations at a time.

    ``Sampler(o, m, p, iterations, seed=…)`` checks the estimates once; ``block(i0, i1)`` then
    gives the draws of iterations i0 … i1 − 1 as a tasks × (i1 − i0) array, and blocks side by
    side are exactly :func:`sample_three_point`'s draws (transposed). ``totals()`` sums the tasks
    per iteration without keeping the draws. Options as :func:`sample_three_point`; ``stream``
    keeps this sampler's numbers apart from another's with the same seed (see
    :mod:`pmokit.addin.streams` for the numbers pmokit uses).
    """

    def __init__(self, o: Values, m: Values, p: Values, iterations: int, *,
                 distribution: str = "pert", lam: float = 4.0, correlation: float = 0.0,
                 lhs: bool = True, seed: streams.Seed = None,
                 stream: int = streams.DURATIONS) -> None:
        self.low, self.likely, self.high = check_three_point(o, m, p)
        self.iterations = _check_count(iterations)
        if distribution not in DISTRIBUTIONS:
            raise InputError("distribution", f"'{distribution}' is not one of "
                             f"{', '.join(DISTRIBUTIONS)}")
        lam = check_lambda(lam)
        self.tasks = int(self.low.shape[0])
        self.correlation = check_correlation(correlation, self.tasks)
        self.distribution, self.lhs = distribution, bool(lhs)
        key = streams.seed_value(seed)
        geometry = streams.Geometry.of(self.iterations)
        self.stream = streams.Stream(streams.task_keys(key, stream, 0, self.tasks), geometry)
        self.shared = _shared(key, stream, geometry) if self.correlation > 0.0 else None
        self.span = self.high - self.low
        self.constant = self.span == 0
        if distribution == "pert":
            varies = ~self.constant
            safe = np.where(varies, self.span, 1.0)
            # One grid of tables per λ, whatever the tasks: each task sits between two rows.
            self.tables = betatable.pert_tables(lam)
            self.shapes = betatable.place(self.tables, np.where(varies, (self.likely - self.low)
                                                                / safe, 0.0))

    @property
    def _fused(self) -> bool:
        """Whether one compiled loop draws and reads the table (independent Beta-PERT)."""
        return bool(kernels.AVAILABLE and self.distribution == "pert"
                    and self.correlation == 0.0 and self.tasks > 0)

    def _check(self, start: int, stop: int | None) -> tuple[int, int]:
        end = self.iterations if stop is None else int(stop)
        if not 0 <= int(start) <= end <= self.iterations:
            raise ValueError(f"iterations {start} … {end} are not within 0 … {self.iterations}")
        return int(start), end

    def _kernel(self, start: int, stop: int, out: FloatArray, total: FloatArray,
                store: bool) -> None:
        g, s = self.stream.geometry, self.shapes
        kernels.pert(self.stream.keys, g.n, g.a, g.b, g.bits, start, stop, self.lhs,
                     self.tables.values, s.rows, s.weight, s.first, s.last, s.inv_alpha,
                     s.inv_beta, self.low, self.span, out, total, store,
                     np.empty(0 if store else stop - start))

    def block(self, start: int, stop: int | None = None, *,
              out: FloatArray | None = None) -> FloatArray:
        """Draws of iterations start … stop − 1 (to the end if None): tasks × (stop − start).

        ``out``: an array of that shape to fill (a buffer reused block after block).
        """
        start, stop = self._check(start, stop)
        shape = (self.tasks, stop - start)
        if self._fused:
            result = out if out is not None and out.flags.c_contiguous else np.empty(shape)
            self._kernel(start, stop, result, np.empty(0), True)
        elif self.correlation < 0.0:  # mixes every task of an iteration: all rows at once
            u = _copula(self.stream.uniforms(start, stop, lhs=self.lhs), self.correlation, None)
            result = self._inverse(slice(0, self.tasks), u)
        else:
            result = self._rows(slice(0, self.tasks), start, stop)
        if out is not None and out is not result:
            out[...] = result
            return out
        return result

    def blocks(self, width: int | None = None) -> Iterator[tuple[slice, FloatArray]]:
        """(iterations, draws) for consecutive blocks of ``width`` iterations (by default about
        :data:`BLOCK_DRAWS` draws a block): draws is tasks × the block's iterations."""
        step = max(1, BLOCK_DRAWS // max(1, self.tasks)) if width is None else int(width)
        if step < 1:
            raise ValueError(f"block width {width} is not a positive whole number")
        for first in range(0, self.iterations, step):
            last = min(self.iterations, first + step)
            yield slice(first, last), self.block(first, last)

    def totals(self, start: int = 0, stop: int | None = None) -> FloatArray:
        """The sum over tasks of the draws of iterations start … stop − 1, one per iteration.

        Tasks are added in order, so the totals are the same however they are computed; the
        draws are never all held at once.
        """
        start, stop = self._check(start, stop)
        total = np.zeros(stop - start)
        if self._fused:
            self._kernel(start, stop, np.zeros((0, 0)), total, False)
        elif self.correlation < 0.0:
            step = max(1, BLOCK_DRAWS // max(1, self.tasks))
            for first in range(start, stop, step):
                last = min(stop, first + step)
                for row in self.block(first, last):
                    total[first - start:last - start] += row
        else:  # tasks are independent given the common factor: a few tasks at a time
            step = max(1, BLOCK_DRAWS // max(1, stop - start))
            for first in range(0, self.tasks, step):
                for row in self._rows(slice(first, min(self.tasks, first + step)), start, stop):
                    total += row
        return total

    def _rows(self, tasks: slice, start: int, stop: int) -> FloatArray:
        """Draws of some tasks over iterations start … stop − 1 (correlation ≥ 0)."""
        u = self.stream.rows(tasks).uniforms(start, stop, lhs=self.lhs)
        shared = None if self.shared is None else self.shared.uniforms(start, stop, lhs=self.lhs)[0]
        return self._inverse(tasks, _copula(u, self.correlation, shared))

    def _inverse(self, tasks: slice, u: FloatArray) -> FloatArray:
        """Each task's inverse CDF at its uniforms (rows of u), in u's memory where it can."""
        low, likely, high = self.low[tasks], self.likely[tasks], self.high[tasks]
        if self.distribution == "pert":
            out = betatable.table_lookup(self.tables, self.shapes.take(tasks), u, low,
                                         self.span[tasks], overwrite=True)
        elif self.distribution == "triangular":
            out = _triangular(low, likely, high, u)
        elif self.distribution == "uniform":
            out = u * self.span[tasks][:, None]
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
                       lhs: bool = True, seed: streams.Seed = None, width: int | None = None
                       ) -> Iterator[tuple[slice, FloatArray]]:
    """:func:`sample_three_point`'s draws a block of iterations at a time: (iterations, tasks ×
    the block's iterations), ``width`` iterations a block (by default about 131,072 draws)."""
    sampler = Sampler(o, m, p, iterations, distribution=distribution, lam=lam,
                      correlation=correlation, lhs=lhs, seed=seed)
    yield from sampler.blocks(width)


def three_point_total(o: Values, m: Values, p: Values, iterations: int, *,
                      distribution: str = "pert", lam: float = 4.0, correlation: float = 0.0,
                      lhs: bool = True, seed: streams.Seed = None) -> FloatArray:
    """The sum over tasks of :func:`sample_three_point`'s draws, one value per iteration.

    Never holds every draw at once: for independent Beta-PERT draws (the default) a compiled
    loop adds each draw to the total as it makes it.
    """
    return Sampler(o, m, p, iterations, distribution=distribution, lam=lam,
                   correlation=correlation, lhs=lhs, seed=seed).totals()


def sample_three_point(o: Values, m: Values, p: Values, iterations: int, *,
                       distribution: str = "pert", lam: float = 4.0, correlation: float = 0.0,
                       lhs: bool = True, seed: streams.Seed = None) -> FloatArray:
    """Draw each task's three-point estimate ``iterations`` times: an iterations × tasks array.

    Distributions: ``pert`` (Beta-PERT, shape λ = ``lam``, 4 classic), ``triangular``,
    ``uniform`` (O to P), ``normal`` and ``lognormal`` (both with the PERT mean (O + 4M + P) / 6
    and textbook standard deviation (P − O) / 6; the normal is not truncated). A task with O = P
    is that constant. The same ``seed`` gives the same array on every platform. Latin hypercube
    by default (``lhs=False``: plain Monte Carlo); ``correlation`` is one coefficient between all
    tasks. For many tasks and iterations, draw blocks of iterations with :class:`Sampler`.
    """
    sampler = Sampler(o, m, p, iterations, distribution=distribution, lam=lam,
                      correlation=correlation, lhs=lhs, seed=seed)
    return sampler.block(0).T


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
