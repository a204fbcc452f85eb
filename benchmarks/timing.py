"""Timing helpers for the benchmarks: best-of-N wall time, measured in the same run as the baseline."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One benchmark line: pmokit's time beside a plain baseline doing the same work, in one run."""

    name: str
    pmokit_s: float
    baseline_s: float
    baseline: str  # what the baseline is, in a few words
    note: str = ""
    pmokit_mb: float | None = None  # peak memory of the call, where measured (benchmarks/memory.py)
    baseline_mb: float | None = None

    @property
    def ratio(self) -> float:
        return self.baseline_s / self.pmokit_s if self.pmokit_s > 0 else float("inf")


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The shortest of ``repeat`` wall-clock runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best
