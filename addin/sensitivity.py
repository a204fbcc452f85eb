"""Rank correlations between simulated inputs and an output: what drives the result.

Spearman's ρ between an input x and the output y over n iterations is Pearson's correlation of
their ranks, ties given their average rank (Spearman, 1904; what Primavera Risk Analysis calls
duration sensitivity and @RISK shows in its tornado of correlation coefficients). An input that
never varies has no rank order: its ρ is reported as 0 (it cannot move the output).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import stats

FloatArray = NDArray[np.float64]

ROWS_PER_CHUNK = 64  # inputs ranked at a time: bounds the rank scratch to 64 × iterations


def ranks(values: FloatArray) -> FloatArray:
    """Ranks 1 … n of ``values`` along the last axis, ties given their average rank.

    One sort per row; SciPy's ``rankdata`` (twice the work) only for rows that have ties, which
    continuous draws never do.
    """
    data = np.asarray(values, dtype=np.float64)
    order = np.argsort(data, axis=-1)
    out = np.empty(data.shape)
    n = data.shape[-1]
    np.put_along_axis(out, order, np.broadcast_to(np.arange(1.0, n + 1.0), data.shape), axis=-1)
    ordered = np.take_along_axis(data, order, axis=-1)
    tied = (ordered[..., 1:] == ordered[..., :-1]).any(axis=-1)
    if np.any(tied):
        out[tied] = stats.rankdata(data[tied], axis=-1)
    return out


def spearman_rows(inputs: FloatArray, output: FloatArray) -> FloatArray:
    """Spearman's ρ of each row of ``inputs`` (inputs × iterations) with ``output`` (iterations,).

    Rows are sorted a chunk at a time, so the scratch stays a few rows × iterations. A row
    without ties has the ranks 1 … n in its sort order, so Σ rank·y is the output's centred
    ranks read in that order against 1 … n; a row with ties is ranked in full.
    """
    n = output.shape[0]
    out = np.zeros(inputs.shape[0])
    if n < 2:
        return out
    target = ranks(output)
    target -= (n + 1) / 2.0
    target_ss = float(target @ target)
    if target_ss == 0.0:
        return out
    steps = np.arange(1.0, n + 1.0) - (n + 1) / 2.0
    distinct_ss = n * (n * n - 1.0) / 12.0  # Σ (rank − mean)² of 1 … n
    for first in range(0, inputs.shape[0], ROWS_PER_CHUNK):
        chunk = np.asarray(inputs[first:first + ROWS_PER_CHUNK], dtype=np.float64)
        order = np.argsort(chunk, axis=-1)
        ordered = np.take_along_axis(chunk, order, axis=-1)
        rho = (target[order] @ steps) / np.sqrt(distinct_ss * target_ss)
        for row in np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=-1)):
            r = ranks(chunk[row]) - (n + 1) / 2.0
            ss = float(r @ r)
            rho[row] = float(r @ target) / np.sqrt(ss * target_ss) if ss > 0.0 else 0.0
        out[first:first + chunk.shape[0]] = rho
    return out


class StreamedSpearman:
    """Spearman's ρ of many inputs with one output, from the inputs' ranks a block of
    iterations at a time.

    For inputs whose ranks are known without sorting — Latin hypercube draws through a rising
    inverse CDF rank as their strata — nothing is held but one sum per input: Σ (rank − mean) ×
    (output's rank − mean) over the iterations, fed block by block to :meth:`add`. The inputs'
    ranks must be 0 … n − 1 without ties (a permutation); rows marked ``fixed`` never vary and
    get 0.
    """

    def __init__(self, output: FloatArray, fixed: NDArray[np.bool_]) -> None:
        n = output.shape[0]
        self.n = n
        self.target = ranks(output) - (n + 1) / 2.0
        self.target_ss = float(self.target @ self.target)
        self.fixed = fixed
        self.sums = np.zeros(fixed.shape[0])

    def add(self, rank: NDArray[np.int64] | FloatArray, cols: slice) -> None:
        """Ranks 0 … n − 1 of every input in the iterations ``cols`` (inputs × those iterations)."""
        target = self.target[cols]
        # Σ (rank − (n − 1)/2)·t = Σ rank·t − (n − 1)/2 · Σ t, without a centred copy of the ranks
        self.sums += np.asarray(rank, dtype=np.float64) @ target
        self.sums -= (self.n - 1) / 2.0 * float(target.sum())

    def result(self) -> FloatArray:
        """Each input's ρ once every iteration has been added."""
        distinct_ss = self.n * (self.n * self.n - 1.0) / 12.0
        if self.n < 2 or self.target_ss == 0.0:
            return np.zeros(self.sums.shape)
        rho: FloatArray = self.sums / np.sqrt(distinct_ss * self.target_ss)
        rho[self.fixed] = 0.0
        return rho
