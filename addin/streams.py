"""Random numbers by counter: every draw a pure function of (seed, stream, task, iteration).

Every simulation in pmokit draws its random numbers here, so a seed gives the same numbers on
every platform, with or without Numba, and in any order or block size the caller asks for them.

**The scheme.** A counter-based generator in the sense of Salmon, Moraes, Dror and Shaw,
"Parallel random numbers: as easy as 1, 2, 3" (SC 2011): no state is carried from one draw to the
next; a keyed hash of the draw's coordinates *is* the draw. The hash is SplitMix64's output
function (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
the multipliers of Stafford's Mix13), which is integer arithmetic that wraps at 2⁶⁴ identically in
NumPy and in compiled code.

1. Keys. From the seed s: root = mix(s + γ); the stream's key S = mix(root + (stream + 1)·γ);
   task t's key T = mix(S + (t + 1)·γ); and five keys from T, kⱼ = mix(T + (j + 1)·γ), j = 0 … 4
   (γ = 0x9E3779B97F4A7C15, SplitMix64's increment; all sums modulo 2⁶⁴). k₀ keys the jitter,
   k₁ … k₄ the permutation. A task's keys depend only on (seed, stream, task); "task −1"
   (T = mix(S)) is the common factor of the correlation copula.
2. Latin hypercube (DOMAIN.md: each task's [0, 1) cut into n equal strata, one draw in each,
   in a random order). Task t's stratum at iteration i is π_t(i), where π_t is a keyed bijection
   of [0, n): a four-round Feistel network over the mixed-radix domain [0, a) × [0, b),
   a = ⌈√n⌉, b = ⌈n / a⌉, with cycle walking for the values that land in [n, a·b) (Black and
   Rogaway, "Ciphers with arbitrary finite domains", CT-RSA 2002; Luby and Rackoff 1988 for the
   rounds). For x = i, and again for each result x ≥ n, (L, R) = (x div b, x mod b) and round
   r = 1 … 4 maps (L, R) to (R, (L + F_r(R)) mod ρ_r), ρ = a, b, a, b, with
   F_r(R) = ((mix(R + k_r) >> 32) · ρ_r) >> 32; the result is L·b + R. Being a bijection, π_t
   puts exactly one iteration in each stratum, whatever the keys; the keys only choose which
   permutation (four rounds: with two, tasks' strata correlate, tests/addin/test_streams.py).
3. Jitter: h = mix(k₀ + (i + 1)·γ) (SplitMix64's i-th output from k₀). With β = bits(n − 1)
   and j = (h >> (11 + β)) · 2^(β − 53) (so π_t(i) + j is exact in a double), the uniform is
   u = min((π_t(i) + j) · fl(1/n), 1 − 2⁻⁵³). Plain Monte Carlo (``lhs=False``):
   u = (h >> 11) · 2⁻⁵³.

**Same bits in NumPy and Numba.** The integer steps wrap identically. The float steps are one
conversion, one add and one multiply, in the same order in both, with no fused multiply-add, so
they round identically (IEEE 754). Everything after the uniforms (copula, inverse CDFs) runs the
same code on both routes, except the Beta-PERT table read, which :mod:`pmokit.addin.kernels`
fuses with the draw and which reads the table with the same operations and the C library's
``pow`` (see there). ``tests/addin/test_streams.py`` checks equality bit for bit, not closeness.
On another platform the integers and the uniforms are the same bits; a transcendental function
(the Beta tails' ``pow``, Φ and Φ⁻¹, exp, log) may differ in the last bit between C libraries.

Streams keep the random numbers of one simulation's separate parts apart (task durations, risk
occurrence, risk impacts, throughput): the same seed and task give unrelated numbers in two
streams.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pmokit.addin import kernels
from pmokit.addin.errors import InputError

FloatArray = NDArray[np.float64]
WordArray = NDArray[np.uint64]
Seed = int | np.random.Generator | None

#: The streams pmokit's simulations draw from (one simulation's parts never share one).
DURATIONS = 0  # three-point task durations and costs (PMO_MC, PMO_SRA)
OCCURRENCE = 1  # whether each risk occurs in an iteration
IMPACTS = 2  # each risk's impact when it occurs
THROUGHPUT = 3  # the past periods an agile forecast resamples

BLOCK_DRAWS = 1 << 17  # draws per NumPy tile: a tile's working arrays stay in cache
KEYS = 5  # per task: the jitter key, then the four Feistel round keys
_MASK = (1 << 64) - 1
_GAMMA = int(kernels.GAMMA)


def _mix_int(z: int) -> int:
    """:func:`kernels._mix` on a Python integer (for the seed's and stream's keys)."""
    z &= _MASK
    z = ((z ^ (z >> 30)) * int(kernels.MIX1)) & _MASK
    z = ((z ^ (z >> 27)) * int(kernels.MIX2)) & _MASK
    return z ^ (z >> 31)


def _mix(z: WordArray) -> WordArray:
    """SplitMix64's output function on an array of words, in place (uint64 wraps as intended)."""
    z ^= z >> np.uint64(30)
    z *= kernels.MIX1
    z ^= z >> np.uint64(27)
    z *= kernels.MIX2
    z ^= z >> np.uint64(31)
    return z


def seed_value(seed: Seed) -> int:
    """The 64-bit seed a simulation runs on: an integer as given (modulo 2⁶⁴), one draw from a
    NumPy Generator, or fresh entropy for None (a different answer each call)."""
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1, np.uint64)[0])
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 2**63, dtype=np.int64))
    try:
        value = int(seed)
    except (TypeError, ValueError, OverflowError):
        raise InputError("seed", f"{seed} is not a whole number") from None
    if value != seed:
        raise InputError("seed", f"{seed} is not a whole number")
    return value & _MASK


def task_keys(seed: int, stream: int, first: int, stop: int) -> WordArray:
    """The keys of tasks first … stop − 1 of a stream: (tasks, 5) words (see the module note)."""
    root = _mix_int(seed + _GAMMA)
    key = _mix_int(root + (int(stream) + 1) * _GAMMA)
    tasks = np.arange(first + 1, stop + 1, dtype=np.uint64)
    tasks *= kernels.GAMMA
    tasks += np.uint64(key)
    own = _mix(tasks)
    keys = np.empty((own.shape[0], KEYS), dtype=np.uint64)
    for j in range(KEYS):
        keys[:, j] = _mix(own + np.uint64((j + 1) * _GAMMA & _MASK))
    return keys


@dataclass(frozen=True)
class Geometry:
    """How n iterations are stratified: the Feistel domain a × b ≥ n and n − 1's bit length."""

    n: int
    a: int
    b: int
    bits: int

    @classmethod
    def of(cls, n: int) -> Geometry:
        a = math.isqrt(n - 1) + 1
        return cls(n, a, -(-n // a), (n - 1).bit_length())


@dataclass(frozen=True)
class Stream:
    """Uniforms of ``keys.shape[0]`` tasks over ``iterations`` iterations, any block at a time.

    Made by :func:`stream`. ``uniforms(i0, i1)`` gives tasks × (i1 − i0) values, the same
    numbers however the iterations are split into blocks.
    """

    keys: WordArray  # (tasks, 5)
    geometry: Geometry

    @property
    def tasks(self) -> int:
        """How many tasks (rows) the stream draws for."""
        return int(self.keys.shape[0])

    @property
    def iterations(self) -> int:
        """How many iterations each task is stratified over."""
        return self.geometry.n

    def rows(self, which: slice | NDArray[np.intp]) -> Stream:
        """The same stream restricted to some tasks (their numbers unchanged)."""
        return Stream(self.keys[which], self.geometry)

    def uniforms(self, start: int, stop: int, *, lhs: bool = True,
                 out: FloatArray | None = None) -> FloatArray:
        """Uniforms in [0, 1) of iterations start … stop − 1: tasks × (stop − start).

        ``lhs=True``: Latin hypercube (one iteration of the n in each stratum of each task);
        ``lhs=False``: plain Monte Carlo. ``out``: a C-contiguous array to fill.
        """
        shape = (self.tasks, stop - start)
        result = np.empty(shape) if out is None or not out.flags.c_contiguous else out
        g = self.geometry
        if kernels.AVAILABLE:
            kernels.uniforms(self.keys, g.n, g.a, g.b, g.bits, start, stop, lhs, result)
        else:
            step = max(1, BLOCK_DRAWS // max(1, stop - start))
            for first in range(0, self.tasks, step):
                last = min(self.tasks, first + step)
                result[first:last] = _uniforms(self.keys[first:last], g, start, stop, lhs)
        if out is not None and out is not result:
            out[...] = result
            return out
        return result

    def strata(self, start: int, stop: int) -> NDArray[np.int64]:
        """Each task's stratum π_t(i) of iterations start … stop − 1 (0 … n − 1)."""
        return _strata(self.keys, self.geometry, start, stop).astype(np.int64)

    def choices(self, start: int, stop: int, count: int) -> NDArray[np.intp]:
        """Whole numbers in [0, count), tasks × (stop − start), independent (no strata): for
        resampling ``count`` values with replacement, as a forecast resamples past periods."""
        h = _hashes(self.keys[:, 0], start, stop)
        h >>= np.uint64(32)
        h *= np.uint64(count)  # count < 2³²: (h · count) >> 32 is in [0, count)
        h >>= np.uint64(32)
        return h.astype(np.intp)


def stream(seed: Seed, number: int, tasks: int, iterations: int) -> Stream:
    """Stream ``number`` of ``seed`` for ``tasks`` tasks over ``iterations`` iterations."""
    return Stream(task_keys(seed_value(seed), number, 0, int(tasks)), Geometry.of(int(iterations)))


def _hashes(jitter: WordArray, start: int, stop: int) -> WordArray:
    """h = mix(k₀ + (i + 1)·γ) for each task's jitter key k₀ and i in start … stop − 1."""
    counters = np.arange(start + 1, stop + 1, dtype=np.uint64)
    counters *= kernels.GAMMA
    return _mix(jitter[:, None] + counters)


def _scaled(words: WordArray, radix: np.uint64) -> WordArray:
    """The round function's value F = ((mix(words) >> 32) · radix) >> 32, in place."""
    f = _mix(words)
    f >>= np.uint64(32)
    f *= radix
    f >>= np.uint64(32)
    return f


def _add_mod(f: WordArray, left: WordArray | NDArray[np.uint64], radix: np.uint64) -> WordArray:
    """(left + F) mod radix in place in f, for left, F < radix."""
    f += left
    # Where left + F < radix, left + F − radix wraps round to a word above left + F, so the
    # smaller of the two is the answer.
    np.minimum(f, f - radix, out=f)
    return f


def _feistel(left: WordArray, right: WordArray, keys: WordArray, a: np.uint64,
             b: np.uint64) -> WordArray:
    """The four rounds of :func:`kernels._feistel` on arrays, one key row per element. Returns
    left · b + right."""
    for r, radix in ((1, a), (2, b), (3, a), (4, b)):
        left, right = right, _add_mod(_scaled(right + keys[:, r], radix), left, radix)
    return left * b + right


def _strata(keys: WordArray, g: Geometry, start: int, stop: int) -> WordArray:
    """π_t(i) for each task (rows of ``keys``) and i in start … stop − 1, as words.

    The rounds of :func:`kernels._feistel`, with each round function tabulated per task over
    its few inputs (fewer than ⌈√n⌉ + 1) and read by index: the same values, far fewer hashes.
    """
    a, b, n = np.uint64(g.a), np.uint64(g.b), np.uint64(g.n)
    tasks, width = keys.shape[0], stop - start
    high, low = np.divmod(np.arange(start, stop, dtype=np.uint64), b)
    left: NDArray[np.uint64] = np.broadcast_to(high, (tasks, width))
    right: NDArray[np.uint64] = np.broadcast_to(low, (tasks, width))
    for r, radix, inputs in ((1, a, g.b), (2, b, g.a), (3, a, g.b), (4, b, g.a)):
        table = _scaled(np.add(keys[:, r, None], np.arange(inputs, dtype=np.uint64)), radix)
        where = right.view(np.int64) + (np.arange(tasks, dtype=np.int64) * inputs)[:, None]
        left, right = right, _add_mod(table.take(where), left, radix)
    value: WordArray = left * b + right
    outside = np.argwhere(value >= n)  # cycle walking, as in the kernel
    while outside.size:
        x = value[outside[:, 0], outside[:, 1]]
        x = _feistel(x // b, x % b, keys[outside[:, 0]], a, b)
        value[outside[:, 0], outside[:, 1]] = x
        outside = outside[x >= n]
    return value


def _uniforms(keys: WordArray, g: Geometry, start: int, stop: int, lhs: bool) -> FloatArray:
    """:func:`kernels._uniforms` in NumPy: the same operations, a tile of tasks at a time."""
    h = _hashes(keys[:, 0], start, stop)
    if not lhs:
        h >>= np.uint64(11)
        u: FloatArray = h.astype(np.float64)
        u *= kernels.UNIT
        return u
    h >>= np.uint64(11 + g.bits)
    jitter = h.astype(np.float64)
    jitter *= kernels.UNIT * float(1 << g.bits)
    u = _strata(keys, g, start, stop).astype(np.float64)
    u += jitter
    u *= 1.0 / g.n
    np.minimum(u, kernels.BELOW_ONE, out=u)
    return u
