"""Compiled inner loops for :mod:`pmokit.addin.sampling`: Latin hypercube strata and quantile-table reads.

NumPy has no vectorised random permutation: ``Generator.shuffle`` costs about 13 ns a value, the
bulk of drawing 10 million Latin hypercube samples. These loops, compiled by Numba on first use
(and cached on disk), shuffle and read the tables at a few ns a value, with the caller's NumPy
``Generator`` as the random source so the same seed gives the same draws. Without Numba the
pure-NumPy versions in :mod:`pmokit.addin.sampling` run instead (same distributions, other draws).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

try:
    import numba
    AVAILABLE = True
except ImportError:  # pragma: no cover - exercised only where Numba is missing
    AVAILABLE = False


def _next(s0: Any, s1: Any, s2: Any, s3: Any) -> tuple[Any, Any, Any, Any, Any]:
    """One step of xoshiro256+ (Blackman and Vigna, 2018): a uniform in [0, 1) from the top 53
    bits of the output, and the new state."""
    result = s0 + s3
    tmp = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= tmp
    s3 = (s3 << np.uint64(45)) | (s3 >> np.uint64(19))
    return (result >> np.uint64(11)) * UNIT, s0, s1, s2, s3


def _shuffle(strata: Any, s0: Any, s1: Any, s2: Any, s3: Any) -> tuple[Any, Any, Any, Any]:
    """Fill strata with 0 … n−1 in a random order (Fisher–Yates); the new state."""
    n = strata.shape[0]
    for i in range(n):
        strata[i] = i
    for i in range(n - 1, 0, -1):
        u, s0, s1, s2, s3 = _next(s0, s1, s2, s3)
        # ⌊u·(i + 1)⌋ from a 53-bit uniform: off uniform by at most (i + 1)/2⁵³, ~1e-11.
        j = int(u * (i + 1))
        strata[i], strata[j] = strata[j], strata[i]
    return s0, s1, s2, s3


def _quantile(values: Any, steps: Any, r: Any, x: Any, cells: int, first: Any, last: Any,
              inv_a: Any, inv_b: Any) -> Any:
    """The unit Beta quantile at table position x (u × cells) of row r; power-law end cells."""
    c = int(x)
    if c == 0:
        return first * x ** inv_a
    if c >= cells - 1:
        return 1.0 - (1.0 - last) * max(cells - x, 0.0) ** inv_b
    return values[r, c] + (x - c) * steps[r, c]


def _lhs(state: Any, out: Any) -> None:
    """Fill out (tasks × n) with Latin hypercube uniforms: per row a shuffled stratum + jitter.

    Random numbers from xoshiro256+ seeded by the caller's NumPy Generator (``state``: four
    64-bit words, not all zero): far faster to call here than the Generator itself, and as sound
    for simulation.
    """
    k, n = out.shape
    strata = np.empty(n, dtype=np.int64)
    scale = 1.0 / n
    s0, s1, s2, s3 = state[0], state[1], state[2], state[3]
    for t in range(k):
        s0, s1, s2, s3 = _shuffle(strata, s0, s1, s2, s3)
        row = out[t]
        for i in range(n):
            u, s0, s1, s2, s3 = _next(s0, s1, s2, s3)
            row[i] = (strata[i] + u) * scale


def _lookup(values: Any, steps: Any, alpha: Any, beta: Any, rows: Any, low: Any, span: Any,
            u: Any, out: Any) -> None:
    """out = low + span · Q(u) from the unit quantile table rows; power-law end cells."""
    k, n = u.shape
    cells = values.shape[1] - 1
    for t in range(k):
        r = rows[t]
        first, last = values[r, 1], values[r, cells - 1]
        inv_a, inv_b = 1.0 / alpha[r], 1.0 / beta[r]
        for i in range(n):
            q = _quantile(values, steps, r, u[t, i] * cells, cells, first, last, inv_a, inv_b)
            out[t, i] = low[t] + span[t] * q


def _lhs_pert(state: Any, values: Any, steps: Any, alpha: Any, beta: Any, rows: Any,
              low: Any, span: Any, out: Any, total: Any, store: bool) -> None:
    """Latin hypercube Beta-PERT draws of a block of tasks, into out (tasks × n) when ``store``,
    else added to total (n,) without being stored.

    The same random numbers, in the same order, as :func:`_lhs` then :func:`_lookup`.
    """
    n = total.shape[0]
    k = rows.shape[0]
    cells = values.shape[1] - 1
    strata = np.empty(n, dtype=np.int64)
    scale = 1.0 / n
    s0, s1, s2, s3 = state[0], state[1], state[2], state[3]
    for t in range(k):
        s0, s1, s2, s3 = _shuffle(strata, s0, s1, s2, s3)
        r = rows[t]
        first, last = values[r, 1], values[r, cells - 1]
        inv_a, inv_b = 1.0 / alpha[r], 1.0 / beta[r]
        for i in range(n):
            u, s0, s1, s2, s3 = _next(s0, s1, s2, s3)
            q = _quantile(values, steps, r, (strata[i] + u) * scale * cells, cells, first, last,
                          inv_a, inv_b)
            if store:
                out[t, i] = low[t] + span[t] * q
            else:
                total[i] += low[t] + span[t] * q


UNIT = 1.0 / 9007199254740992.0  # 2⁻⁵³

if AVAILABLE:  # the helpers compiled first: the kernels below call them as compiled functions
    _next = numba.njit(cache=True, nogil=True, inline="always")(_next)
    _shuffle = numba.njit(cache=True, nogil=True)(_shuffle)
    _quantile = numba.njit(cache=True, nogil=True, inline="always")(_quantile)

# Without Numba these stay plain Python (correct but slow); sampling then uses its NumPy path.
lhs: Callable[[Any, Any], None] = numba.njit(cache=True, nogil=True)(_lhs) if AVAILABLE else _lhs
lookup: Callable[..., None] = numba.njit(cache=True, nogil=True)(_lookup) if AVAILABLE else _lookup
lhs_pert: Callable[..., None] = (numba.njit(cache=True, nogil=True)(_lhs_pert) if AVAILABLE
                                 else _lhs_pert)
