"""Fast inverse CDF of Beta-PERT distributions: one grid of quantile tables per λ, read by
interpolation.

Inverting the regularised incomplete beta (SciPy's ``betaincinv``) takes microseconds per value,
far too slow for 10 million draws; a quantile table read by index takes a few ns. One table per
distinct Beta shape, as pmokit kept them before issue 12, costs 32 KB a shape (values and steps)
and more to build: 1.25 GB at the peak for 20,000 tasks whose estimates are real numbers, all
different. So the tables sit on a fixed grid instead, whatever the tasks.

**The grid.** With λ fixed, a Beta-PERT shape is one number: the mode's place r = (M − O) / (P − O)
in [0, 1], with α = 1 + λr and β = 1 + λ(1 − r) (α + β = λ + 2). :func:`pert_tables` tabulates
the shapes at r = g / G, g = 0 … G, with G = ⌈64λ⌉ intervals (at least 64, at most 2,048), so
neighbouring tables are at most 1/64 apart in α. A task at r lies between rows g = ⌊rG⌋ and
g + 1, at weight w = rG − g (:func:`place`); its quantile at u is read in both rows and blended:

* x = u · cells, c = ⌊x⌋, f = x − c; in row h, q_h = V[h, c] + f · (V[h, c + 1] − V[h, c]);
  the draw is q_g + w · (q_{g+1} − q_g) (bilinear in u and r);
* in the two end cells, where the quantile function is steepest, a power law follows the Beta's
  own tail through the blended end node: first · x^(1/α) in the first (u^(1/α) near 0), and
  1 − (1 − last) · (cells − x)^(1/β) in the last, with the task's own α and β.

The tables cost (G + 1) × 2,049 doubles: 4.2 MB for classic PERT (λ = 4), 34 MB at most, built
once per λ and kept, instead of 16 KB for each distinct shape. Measured against ``betaincinv`` in
``tests/addin/test_sampling.py`` over λ from 0.5 to 8 with modes spread over [O, P] (as before the
grid): at most 0.35% of (P − O) in the tails, 99.9% of draws within 2.2·10⁻⁴ of it (2.3·10⁻⁴ with
as many modes exactly midway between two rows, where the blend is largest), and |F(x̂) − u| ≤
3.8·10⁻⁵ everywhere — what one table per exact shape achieved. Blending tables h ≤ 1/64 apart in
α errs by at most h²/8 · |∂²Q/∂α²|: measured, at most 9·10⁻⁶ of (P − O) from λ = 0.25 to 32, far
below the tables' own error. Past λ ≈ 16 the tables themselves are coarser for the very peaked
shapes, one per shape or not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import special

from pmokit.addin import kernels

FloatArray = NDArray[np.float64]

TABLE_CELLS = 2048  # probability cells of a quantile table
CDF_POINTS = 2049  # density points integrated per shape
PER_LAMBDA = 64  # grid intervals per unit of λ: neighbouring shapes 1/64 apart in α
MIN_INTERVALS, MAX_INTERVALS = 64, 2048  # grid intervals at least / at most (4.2 … 34 MB)
BUILD_ROWS = 256  # shapes integrated at once while building a grid (bounds the scratch memory)


def beta_table(alpha: FloatArray, beta: FloatArray, cells: int = TABLE_CELLS,
               points: int = CDF_POINTS) -> FloatArray:
    """Quantiles of Beta(α, β) on [0, 1] at probabilities 0, 1/cells, …, 1, one row per (α, β)
    pair (α, β ≥ 1).

    The CDF is the trapezoid-integrated density on nodes x = (1 − cos πt) / 2 (t uniform), which
    crowd towards 0 and 1 where the quantile function is steepest, normalised to end at 1; it is
    then inverted by linear interpolation.
    """
    a = np.asarray(alpha, dtype=np.float64)[:, None]
    b = np.asarray(beta, dtype=np.float64)[:, None]
    t = np.linspace(0.0, 1.0, points)
    x = 0.5 * (1.0 - np.cos(np.pi * t))
    # Integrate in t: density(x(t)) · dx/dt, smooth at both ends for α, β ≥ 1.
    with np.errstate(divide="ignore"):
        log_x = np.log(x)
        log_1mx = np.log1p(-x)
        log_dx = np.log(0.5 * np.pi * np.sin(np.pi * t))
    inner = slice(1, points - 1)
    integrand = np.zeros((a.shape[0], points))
    integrand[:, inner] = np.exp((a - 1.0) * log_x[inner] + (b - 1.0) * log_1mx[inner]
                                 + log_dx[inner] - special.betaln(a, b))
    cdf = np.zeros_like(integrand)
    np.cumsum(0.5 * (integrand[:, 1:] + integrand[:, :-1]) * (t[1] - t[0]), axis=1,
              out=cdf[:, 1:])
    cdf /= cdf[:, -1:]
    probabilities = np.linspace(0.0, 1.0, cells + 1)
    values = np.empty((a.shape[0], cells + 1))
    for row in range(a.shape[0]):
        values[row] = np.interp(probabilities, cdf[row], x)
    values[:, 0], values[:, -1] = 0.0, 1.0
    return values


@dataclass(frozen=True)
class PertTables:
    """The quantile tables of one λ's Beta-PERT shapes on a grid of the mode's place.

    ``values[g, j]`` is the quantile at probability j / cells of the shape whose mode sits at
    r = g / intervals. Read-only: one grid serves every simulation with that λ.
    """

    lam: float
    values: FloatArray  # (intervals + 1, cells + 1)

    @property
    def intervals(self) -> int:
        """Grid intervals G (rows − 1)."""
        return int(self.values.shape[0] - 1)

    @property
    def cells(self) -> int:
        """Probability cells per table."""
        return int(self.values.shape[1] - 1)


def intervals(lam: float) -> int:
    """Grid intervals for λ: neighbouring shapes at most 1/64 apart in α, within the bounds."""
    return int(min(MAX_INTERVALS, max(MIN_INTERVALS, math.ceil(PER_LAMBDA * lam))))


@lru_cache(maxsize=4)
def pert_tables(lam: float) -> PertTables:
    """The grid of quantile tables for Beta-PERT with weight λ = ``lam`` (≥ 0), built once."""
    count = intervals(lam)
    r = np.arange(count + 1) / count
    values = np.empty((count + 1, TABLE_CELLS + 1))
    for first in range(0, count + 1, BUILD_ROWS):
        part = slice(first, min(first + BUILD_ROWS, count + 1))
        values[part] = beta_table(1.0 + lam * r[part], 1.0 + lam * (1.0 - r[part]))
    values.flags.writeable = False
    return PertTables(float(lam), values)


@dataclass(frozen=True)
class Shapes:
    """Where each task's shape sits on a grid, and what its tails need: one value per task.

    ``rows`` and ``weight`` place it between rows g and g + 1; ``first`` / ``last`` are its
    blended quantiles at 1/cells and 1 − 1/cells (the end nodes of its power-law tails);
    ``inv_alpha`` / ``inv_beta`` the tails' exponents 1/α and 1/β.
    """

    rows: NDArray[np.intp]
    weight: FloatArray
    first: FloatArray
    last: FloatArray
    inv_alpha: FloatArray
    inv_beta: FloatArray

    def take(self, which: slice | NDArray[np.intp]) -> Shapes:
        """The same tasks' shapes, restricted to some of them."""
        return Shapes(self.rows[which], self.weight[which], self.first[which], self.last[which],
                      self.inv_alpha[which], self.inv_beta[which])


def place(tables: PertTables, mode: FloatArray) -> Shapes:
    """Each task's place on the grid from its mode's place r = (M − O) / (P − O) in [0, 1]."""
    r = np.clip(np.asarray(mode, dtype=np.float64), 0.0, 1.0)
    count, cells, values = tables.intervals, tables.cells, tables.values
    position = r * count
    rows = np.minimum(position.astype(np.intp), count - 1)
    weight = position - rows
    ends = []
    for node in (1, cells - 1):
        low, high = values[rows, node], values[rows + 1, node]
        ends.append(low + weight * (high - low))  # the order of the interior's blend
    return Shapes(rows, weight, ends[0], ends[1], 1.0 / (1.0 + tables.lam * r),
                  1.0 / (1.0 + tables.lam * (1.0 - r)))


def table_lookup(tables: PertTables, shapes: Shapes, u: FloatArray,
                 low: FloatArray | None = None, span: FloatArray | None = None, *,
                 overwrite: bool = False, numpy_only: bool = False) -> FloatArray:
    """Quantiles of the tasks' shapes (one per row of ``u``) at uniforms ``u`` (tasks × draws).

    Bilinear between the neighbouring grid rows inside, power-law tails in the end cells (see the
    module note). With ``low`` and ``span`` per task the answer is scaled to low … low + span.
    ``overwrite=True`` lets the lookup reuse ``u``'s memory. The compiled loop of
    :mod:`pmokit.addin.kernels` does the work when Numba is installed; ``numpy_only=True`` forces
    the array version, which gives the same numbers bit for bit: the same operations in the same
    order, and the tails' powers from the C library's ``pow`` as in the compiled loop (NumPy's own
    ``power`` may round differently).
    """
    cells = tables.cells
    tasks = shapes.rows.shape[0]
    base = np.zeros(tasks) if low is None else np.asarray(low, dtype=np.float64)
    width = np.ones(tasks) if span is None else np.asarray(span, dtype=np.float64)
    if kernels.AVAILABLE and numpy_only is False:
        result = u if overwrite else np.empty_like(u)
        kernels.lookup(tables.values, shapes.rows, shapes.weight, shapes.first, shapes.last,
                       shapes.inv_alpha, shapes.inv_beta, base, width,
                       np.ascontiguousarray(u, dtype=np.float64), result)
        return result
    x = u if overwrite else u.copy()
    x *= cells
    index = x.astype(np.intp)  # u < 1 in use; u = 1 gives cells, a tail cell
    frac = x - index
    at = np.minimum(index, cells - 1) + (shapes.rows * (cells + 1))[:, None]
    out = _blend(tables.values, at, frac)
    below = _blend(tables.values, at + (cells + 1), frac)
    below -= out
    below *= shapes.weight[:, None]
    out += below  # q_g + w · (q_{g+1} − q_g)
    _power_tails(shapes, cells, x, index, out)
    out *= width[:, None]
    out += base[:, None]
    return out


def _blend(values: FloatArray, at: NDArray[np.intp], frac: FloatArray) -> FloatArray:
    """V[c] + f · (V[c + 1] − V[c]) at flat positions ``at`` of the table."""
    node = values.take(at)
    out: FloatArray = values.take(at + 1)
    out -= node
    out *= frac
    out += node
    return out


def _power_tails(shapes: Shapes, cells: int, x: FloatArray, index: NDArray[np.intp],
                 out: FloatArray) -> None:
    """Overwrite the draws in the end cells with the power-law tails (the kernel's formulas)."""
    for lower, edge in ((True, index == 0), (False, index >= cells - 1)):
        where = np.nonzero(edge)
        if where[0].size == 0:
            continue
        task = where[0]
        at = x[where]
        if lower:
            out[where] = shapes.first[task] * _pow(at, shapes.inv_alpha[task])
        else:
            powers = _pow(np.maximum(cells - at, 0.0), shapes.inv_beta[task])
            out[where] = 1.0 - (1.0 - shapes.last[task]) * powers


def _pow(x: FloatArray, y: FloatArray) -> FloatArray:
    """x ** y by the C library's ``pow``, as compiled code calls it (a few draws in a thousand)."""
    return np.array([math.pow(a, b) for a, b in zip(x.tolist(), y.tolist())], dtype=np.float64)
