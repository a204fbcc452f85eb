"""Compiled inner loops for :mod:`pmokit.addin.streams` and :mod:`pmokit.addin.betatable`.

Each loop computes exactly what the NumPy code of those modules computes: the same 64-bit
integer hash steps (which wrap the same way in both) and the same floating-point operations in
the same order, with no fused multiply-add (Numba contracts nothing unless asked to by
``fastmath``) and the tails' powers from the C library's ``pow``, which the NumPy code calls too
(``math.pow``; NumPy's own ``power`` may use other SIMD code). So a seed gives the same draws, bit
for bit, with and without Numba: ``tests/addin/test_streams.py`` checks it.

Compiled by Numba on first use and cached on disk. Where Numba cannot be imported (Pyodide,
xlwings Lite), or when the environment sets ``PMOKIT_NO_NUMBA=1``, ``AVAILABLE`` is False and the
callers run their NumPy code instead; the functions below then stay plain Python (correct, slow,
unused).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any

import numpy as np

AVAILABLE = False
if os.environ.get("PMOKIT_NO_NUMBA", "").strip() in ("", "0"):
    try:
        import numba
        AVAILABLE = True
    except ImportError:  # pragma: no cover - exercised only where Numba is missing
        pass

U64 = np.uint64
#: SplitMix64's increment, the golden ratio in 64 bits (Steele, Lea and Flood, 2014).
GAMMA = U64(0x9E3779B97F4A7C15)
#: The multipliers of SplitMix64's output function (Stafford's "Mix13" variant of MurmurHash3's
#: 64-bit finaliser).
MIX1 = U64(0xBF58476D1CE4E5B9)
MIX2 = U64(0x94D049BB133111EB)
UNIT = 1.0 / 9007199254740992.0  # 2⁻⁵³: a 53-bit integer times UNIT is a uniform in [0, 1)
BELOW_ONE = 1.0 - UNIT  # the largest double below 1
_S11, _S27, _S30, _S31, _S32 = U64(11), U64(27), U64(30), U64(31), U64(32)


def _mix(z: Any) -> Any:
    """SplitMix64's output function: a bijection of 64-bit words that spreads every input bit."""
    z = (z ^ (z >> _S30)) * MIX1
    z = (z ^ (z >> _S27)) * MIX2
    return z ^ (z >> _S31)


def _round(left: Any, right: Any, key: Any, radix: Any) -> tuple[Any, Any]:
    """One Feistel round on a mixed-radix pair: (left, right) → (right, left + F(right) mod radix).

    F is the top 32 bits of mix(right + key) scaled to [0, radix) by a multiply and shift.
    """
    f = ((_mix(right + key) >> _S32) * radix) >> _S32
    s = left + f
    return right, (s - radix if s >= radix else s)


def _feistel(left: Any, right: Any, k1: Any, k2: Any, k3: Any, k4: Any, a: Any,
             b: Any) -> tuple[Any, Any]:
    """Four rounds over [0, a) × [0, b): radices a, b, a, b, so the pair ends where it began."""
    left, right = _round(left, right, k1, a)
    left, right = _round(left, right, k2, b)
    left, right = _round(left, right, k3, a)
    return _round(left, right, k4, b)


def _uniform_row(keys: Any, t: int, n: int, a: int, b: int, bits: int, i0: int, i1: int,
                 lhs: bool, row: Any) -> None:
    """row[j] = task t's uniform of iteration i0 + j: stratum π_t(i) plus jitter, over n.

    ``a`` × ``b`` ≥ n is the Feistel domain, ``bits`` the bit length of n − 1: the jitter keeps
    53 − bits bits, so stratum + jitter is exact.
    """
    jitter = keys[t, 0]
    if not lhs:
        for j in range(i1 - i0):
            row[j] = float(_mix(jitter + U64(i0 + j + 1) * GAMMA) >> _S11) * UNIT
        return
    k1, k2, k3, k4 = keys[t, 1], keys[t, 2], keys[t, 3], keys[t, 4]
    ua, ub = U64(a), U64(b)
    # The first pass over [0, a·b) as (i // b, i % b): an inner loop over i % b that the
    # compiler turns into vector code.
    i, high, low = i0, i0 // b, i0 % b
    while i < i1:
        stop = min(b, low + (i1 - i))
        left = U64(high)
        base = i - i0 - low
        for r in range(low, stop):
            x, y = _feistel(left, U64(r), k1, k2, k3, k4, ua, ub)
            row[base + r] = float(x * ub + y)
        i += stop - low
        high += 1
        low = 0
    # Cycle walking: a value past n goes round again until it lands inside (under 1/√n of them).
    limit = float(n)
    for j in range(i1 - i0):
        if row[j] >= limit:
            value = U64(row[j])
            while value >= U64(n):
                x, y = _feistel(value // ub, value % ub, k1, k2, k3, k4, ua, ub)
                value = x * ub + y
            row[j] = float(value)
    shift = U64(11 + bits)
    scale = UNIT * float(1 << bits)
    inverse = 1.0 / n
    for j in range(i1 - i0):
        h = _mix(jitter + U64(i0 + j + 1) * GAMMA)
        row[j] = min((row[j] + float(h >> shift) * scale) * inverse, BELOW_ONE)


def _quantile(values: Any, g: Any, w: Any, x: Any, cells: int, first: Any, last: Any,
              inv_a: Any, inv_b: Any) -> Any:
    """The unit Beta-PERT quantile at table position x (u × cells) of a task between grid rows g
    and g + 1 at weight w: bilinear inside, power-law end cells (:mod:`pmokit.addin.betatable`)."""
    c = int(x)
    if c == 0:
        return first * math.pow(x, inv_a)
    if c >= cells - 1:
        return 1.0 - (1.0 - last) * math.pow(max(cells - x, 0.0), inv_b)
    f = x - c
    a0 = values[g, c]
    b0 = values[g + 1, c]
    q0 = a0 + f * (values[g, c + 1] - a0)
    q1 = b0 + f * (values[g + 1, c + 1] - b0)
    return q0 + w * (q1 - q0)


def _uniforms(keys: Any, n: int, a: int, b: int, bits: int, i0: int, i1: int, lhs: bool,
              out: Any) -> None:
    """out (tasks × (i1 − i0)) = the uniforms of iterations i0 … i1 − 1 of each task."""
    for t in range(keys.shape[0]):
        _uniform_row(keys, t, n, a, b, bits, i0, i1, lhs, out[t])


def _lookup(values: Any, rows: Any, weight: Any, first: Any, last: Any, inv_a: Any, inv_b: Any,
            low: Any, span: Any, u: Any, out: Any) -> None:
    """out = low + span · Q(u), each task's quantile read between its two grid rows."""
    k, n = u.shape
    cells = values.shape[1] - 1
    for t in range(k):
        g, w, f0, f1, ia, ib = rows[t], weight[t], first[t], last[t], inv_a[t], inv_b[t]
        for i in range(n):
            q = _quantile(values, g, w, u[t, i] * cells, cells, f0, f1, ia, ib)
            out[t, i] = low[t] + span[t] * q


def _pert(keys: Any, n: int, a: int, b: int, bits: int, i0: int, i1: int, lhs: bool, values: Any,
          rows: Any, weight: Any, first: Any, last: Any, inv_a: Any, inv_b: Any, low: Any,
          span: Any, out: Any, total: Any, store: bool, scratch: Any) -> None:
    """Beta-PERT draws of iterations i0 … i1 − 1 of each task: into out (tasks × width) when
    ``store``, else added to total (width,) task after task without being kept.

    The same numbers as :func:`_uniforms` then :func:`_lookup`, one task's row at a time.
    """
    cells = values.shape[1] - 1
    for t in range(keys.shape[0]):
        row = out[t] if store else scratch
        _uniform_row(keys, t, n, a, b, bits, i0, i1, lhs, row)
        g, w, f0, f1, ia, ib = rows[t], weight[t], first[t], last[t], inv_a[t], inv_b[t]
        base, width = low[t], span[t]
        for j in range(i1 - i0):
            q = _quantile(values, g, w, row[j] * cells, cells, f0, f1, ia, ib)
            if store:
                row[j] = base + width * q
            else:
                total[j] += base + width * q


if AVAILABLE:  # the helpers compiled first: the kernels below call them as compiled functions
    _mix = numba.njit(cache=True, nogil=True, inline="always")(_mix)
    _round = numba.njit(cache=True, nogil=True, inline="always")(_round)
    _feistel = numba.njit(cache=True, nogil=True, inline="always")(_feistel)
    _quantile = numba.njit(cache=True, nogil=True, inline="always")(_quantile)
    _uniform_row = numba.njit(cache=True, nogil=True)(_uniform_row)

# Without Numba these stay plain Python (correct but slow); the callers then use NumPy.
uniforms: Callable[..., None] = (numba.njit(cache=True, nogil=True)(_uniforms) if AVAILABLE
                                 else _uniforms)
lookup: Callable[..., None] = numba.njit(cache=True, nogil=True)(_lookup) if AVAILABLE else _lookup
pert: Callable[..., None] = numba.njit(cache=True, nogil=True)(_pert) if AVAILABLE else _pert
