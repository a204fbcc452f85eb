"""Exact percentiles of many rows of values that arrive a block of columns at a time.

A schedule risk analysis of 20,000 tasks × 10,000 iterations has 200 million early finishes; held
at once they take 1.6 GB. Yet a percentile by PERCENTILE.INC (or .EXC, or @RISK's rule) reads
only one or two order statistics of each row. Selection with limited storage in two passes over
the data (Munro and Paterson, "Selection and sorting with limited storage", Theoretical Computer
Science 12, 1980) finds them exactly:

1. Count. The first block fixes each row's range [lo, hi]; every value then falls in one of
   ``bins`` equal bins of that range, or below lo, or above hi; each row keeps only its counts.
   From the counts, the bin holding each wanted order statistic, and how many values lie below
   that bin, are known.
2. Collect. The same values are produced again (a simulation with the same seed draws the same
   numbers) and only those falling in a wanted bin are kept, each row's in its own stretch of
   one array sized from the counts. Sorted, each stretch gives the order statistics by position.
   A row that never varied (a task fixed in every iteration) keeps nothing: its one value is
   every order statistic.

Storage is rows × (bins + 2) counts plus, per row, the values of its wanted bins: about
(wanted bins) × iterations / bins for a finish that varies smoothly (80 a task at 10,000
iterations), instead of rows × iterations values. A row that repeats one value in most iterations
but not all (a milestone usually held by a constraint) keeps those repeats: up to its iterations.
The answer is the percentile NumPy gives on the whole row, bit for bit: the same order statistics
and the same interpolation (NumPy's ``_lerp``), checked by a property test against
``numpy.percentile``. Where Numba is installed the counting and collecting run as compiled loops
(same bins: the same three floating-point steps in the same order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pmokit.addin import kernels

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

BINS = 256
ROWS_PER_CHUNK = 2048  # rows binned at a time: bounds the scratch to 2,048 × block values


def order_statistics(n: int, levels: Sequence[float] | FloatArray, rule: str
                     ) -> tuple[IntArray, IntArray, FloatArray]:
    """Which sorted positions (0-based) a percentile reads, and the weight between them.

    For n values and each level q (0 to 1), NumPy's rule ``linear`` (PERCENTILE.INC),
    ``weibull`` (PERCENTILE.EXC) or ``inverted_cdf`` (@RISK) reads the values at positions
    ``lower`` and ``upper`` of the sorted row and answers ``lerp(lower, upper, gamma)``.
    The arithmetic is NumPy's own (``numpy.lib._function_base_impl``), step for step.
    """
    q = np.asarray(levels, dtype=np.float64)
    if rule == "inverted_cdf":
        index = n * q - 1
        previous = np.floor(index)
        chosen = np.where(index - previous == 0, previous, previous + 1).astype(np.int64)
        chosen[chosen < 0] = 0
        return chosen, chosen.copy(), np.zeros(q.shape)
    if rule == "linear":
        virtual = (n - 1) * q
    elif rule == "weibull":
        virtual = n * q + (0 + q * (1 - 0 - 0)) - 1
    else:
        raise ValueError(f"percentile rule {rule!r} is not linear, weibull or inverted_cdf")
    previous = np.floor(virtual)
    following = previous + 1
    above = virtual >= n - 1
    previous[above], following[above] = n - 1, n - 1
    below = virtual < 0
    previous[below], following[below] = 0, 0
    gamma = virtual - previous
    return previous.astype(np.int64), following.astype(np.int64), gamma


def lerp(a: FloatArray, b: FloatArray, t: FloatArray) -> FloatArray:
    """NumPy's interpolation between order statistics: a + (b − a)·t, from b's side when t ≥ ½."""
    diff = b - a
    out: FloatArray = a + diff * t
    upper = np.broadcast_to(t >= 0.5, out.shape)
    out[upper] = (b - diff * (1 - t))[upper]
    return out


class StreamedPercentiles:
    """Exact percentiles of ``rows`` rows of ``n`` values each, fed in two passes.

    Feed every block of columns (rows × some iterations, left to right) to :meth:`count`, then
    the same blocks again, in the same order, to :meth:`collect`; :meth:`result` then gives
    levels × rows, equal to ``numpy.percentile(whole, 100·levels, axis=1, method=rule)``.
    """

    def __init__(self, rows: int, n: int, levels: Sequence[float] | FloatArray, rule: str,
                 bins: int = BINS) -> None:
        self.rows, self.n, self.bins = rows, n, bins
        self.lower, self.upper, self.gamma = order_statistics(n, levels, rule)
        self.ranks = np.unique(np.concatenate([self.lower, self.upper]))
        self.counts = np.zeros((rows, bins + 2), dtype=np.int64)
        self.lo = np.zeros(rows)
        self.scale = np.zeros(rows)
        self.least = np.full(rows, np.inf)
        self.most = np.full(rows, -np.inf)
        self.ranged = False  # whether the first block has set each row's bins
        self.wanted = np.zeros((rows, 0), dtype=np.int64)  # per row: bin of each wanted rank
        self.kept = np.zeros(0)  # the wanted bins' values, row after row
        self.offsets = np.zeros(rows + 1, dtype=np.int64)  # where each row's values start
        self.filled = np.zeros(rows, dtype=np.int64)

    def count(self, block: FloatArray) -> None:
        """First pass: count each row's values per bin (the first block fixes the bins)."""
        data = np.ascontiguousarray(block, dtype=np.float64)
        if not self.ranged:
            self.ranged = True
            lo, hi = data.min(axis=1), data.max(axis=1)
            # A row with one value so far gets a narrow range around it, so that value has a
            # bin of its own and the others fall below or above.
            flat = hi <= lo
            margin = np.maximum(np.abs(lo), 1.0) * 1e-9
            self.lo = np.where(flat, lo - margin, lo)
            self.scale = self.bins / (np.where(flat, hi + margin, hi) - self.lo)
        if COMPILED:
            _count_rows(data, self.lo, self.scale, self.bins, self.counts, self.least, self.most)
            return
        np.minimum(self.least, data.min(axis=1), out=self.least)
        np.maximum(self.most, data.max(axis=1), out=self.most)
        width = self.bins + 2
        for first in range(0, self.rows, ROWS_PER_CHUNK):
            chunk = data[first:first + ROWS_PER_CHUNK]
            flat_bins = _bins(chunk, self.lo[first:first + chunk.shape[0], None],
                              self.scale[first:first + chunk.shape[0], None], self.bins)
            flat_bins += (np.arange(chunk.shape[0]) * width)[:, None]
            found = np.bincount(flat_bins.ravel(), minlength=chunk.shape[0] * width)
            self.counts[first:first + chunk.shape[0]] += found.reshape(-1, width)

    def _plan(self) -> None:
        """After the first pass: each wanted rank's bin per row; room for those bins' values.

        A row that never varied needs none: its every order statistic is that one value.
        """
        total = np.cumsum(self.counts, axis=1)
        wanted = np.empty((self.rows, self.ranks.size), dtype=np.int64)
        for j, rank in enumerate(self.ranks):
            wanted[:, j] = np.count_nonzero(total <= rank, axis=1)
        varies = self.least < self.most
        wanted[~varies] = -1  # nothing to collect
        self.wanted = wanted
        sizes = np.zeros(self.rows, dtype=np.int64)
        for j in range(wanted.shape[1]):
            first_time = np.all(wanted[:, :j] != wanted[:, j, None], axis=1)
            take = first_time & varies
            sizes[take] += self.counts[np.flatnonzero(take), wanted[take, j]]
        np.cumsum(sizes, out=self.offsets[1:])
        self.kept = np.empty(int(self.offsets[-1]))

    def collect(self, block: FloatArray) -> None:
        """Second pass: keep the values that fall in each row's wanted bins."""
        if self.wanted.shape[1] == 0:
            self._plan()
        data = np.ascontiguousarray(block, dtype=np.float64)
        if COMPILED:
            _collect_rows(data, self.lo, self.scale, self.bins, self.wanted, self.offsets,
                          self.filled, self.kept)
            return
        for first in range(0, self.rows, ROWS_PER_CHUNK):
            rows = slice(first, first + ROWS_PER_CHUNK)
            chunk = data[rows]
            bins = _bins(chunk, self.lo[rows, None], self.scale[rows, None], self.bins)
            keep = np.zeros(chunk.shape, dtype=bool)
            for j in range(self.wanted.shape[1]):
                keep |= bins == self.wanted[rows, j, None]
            row, _ = np.nonzero(keep)  # row by row, left to right
            within = np.cumsum(keep, axis=1)[keep] - 1
            at = self.offsets[row + first] + self.filled[row + first] + within
            self.kept[at] = chunk[keep]
            self.filled[rows] += keep.sum(axis=1)

    def result(self) -> FloatArray:
        """The percentiles, levels × rows, after both passes."""
        if self.wanted.shape[1] == 0:
            self._plan()
        kept = self.kept
        if COMPILED:
            _sort_rows(kept, self.offsets)
        else:
            row_of = np.repeat(np.arange(self.rows), np.diff(self.offsets))
            kept = kept[np.lexsort((kept, row_of))]  # each row's values in order
        rows = np.arange(self.rows)
        below = np.cumsum(self.counts, axis=1) - self.counts  # per row, values below each bin
        wanted = self.wanted
        # A row's kept values run bin by bin (bins are ranges of values): before bin b come the
        # row's other wanted bins below b, each counted once.
        first = np.array([np.all(wanted[:, :i] != wanted[:, i, None], axis=1)
                          for i in range(wanted.shape[1])]).T
        sizes = np.where(first, self.counts[rows[:, None], np.maximum(wanted, 0)], 0)
        by_rank = np.array(self.least, ndmin=2).repeat(self.ranks.size, axis=0)
        varies = wanted[:, 0] >= 0
        for j, rank in enumerate(self.ranks):
            b = wanted[:, j]
            earlier = np.where(wanted < b[:, None], sizes, 0).sum(axis=1)
            position = self.offsets[:-1] + earlier + rank - below[rows, np.maximum(b, 0)]
            by_rank[j, varies] = kept[position[varies]]
        where = {int(rank): j for j, rank in enumerate(self.ranks)}
        lower = by_rank[[where[int(r)] for r in self.lower]]
        upper = by_rank[[where[int(r)] for r in self.upper]]
        return lerp(lower, upper, self.gamma[:, None])


def _bins(values: FloatArray, lo: FloatArray, scale: FloatArray, bins: int) -> IntArray:
    """Each value's bin: ⌊(value − lo)·scale⌋ + 1, so 1 … bins inside the row's range, 0 below
    it and bins + 1 from its top up (values past either end pile into those two).

    The same arithmetic in both passes (and in the compiled loops), so a value always lands in
    the same bin.
    """
    place = values - lo
    place *= scale
    place += 1.0
    np.clip(place, 0.0, bins + 1.0, out=place)
    return place.astype(np.int64)  # ⌊·⌋: truncation, everything being ≥ 0 now


def _count_rows_py(data: Any, lo: Any, scale: Any, bins: int, counts: Any, least: Any,
                   most: Any) -> None:
    """counts[r, bin of data[r, i]] += 1 for every value (:func:`_bins` in one loop), and each
    row's least and most value so far."""
    top = bins + 1.0
    for r in range(data.shape[0]):
        base, factor = lo[r], scale[r]
        low, high = least[r], most[r]
        for i in range(data.shape[1]):
            value = data[r, i]
            low = min(low, value)
            high = max(high, value)
            place = (value - base) * factor + 1.0
            place = min(max(place, 0.0), top)
            counts[r, int(place)] += 1
        least[r], most[r] = low, high


def _sort_rows_py(kept: Any, offsets: Any) -> None:
    """Sort each row's stretch of ``kept`` in place."""
    for r in range(offsets.shape[0] - 1):
        kept[offsets[r]:offsets[r + 1]].sort()


def _collect_rows_py(data: Any, lo: Any, scale: Any, bins: int, wanted: Any, offsets: Any,
                     filled: Any, kept: Any) -> None:
    """Append each value in one of its row's wanted bins to that row's stretch of ``kept``."""
    top = bins + 1.0
    for r in range(data.shape[0]):
        if wanted[r, 0] < 0:
            continue
        base, factor = lo[r], scale[r]
        for i in range(data.shape[1]):
            place = (data[r, i] - base) * factor + 1.0
            b = int(min(max(place, 0.0), top))
            for j in range(wanted.shape[1]):
                if wanted[r, j] == b:
                    kept[offsets[r] + filled[r]] = data[r, i]
                    filled[r] += 1
                    break


def _compiled(function: Callable[..., None]) -> Callable[..., None]:
    """The loop compiled by Numba (cached on disk) where :mod:`pmokit.addin.kernels` compiles
    its own (Numba importable and not switched off by ``PMOKIT_NO_NUMBA=1``), else as it is."""
    if not kernels.AVAILABLE:
        return function
    import numba

    compiled: Callable[..., None] = numba.njit(cache=True, nogil=True)(function)
    return compiled


#: Whether the compiled loops run (tests set it False to check the NumPy route).
COMPILED = kernels.AVAILABLE
_count_rows = _compiled(_count_rows_py)
_collect_rows = _compiled(_collect_rows_py)
_sort_rows = _compiled(_sort_rows_py)
