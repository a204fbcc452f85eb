"""Schedule risk analysis: Monte Carlo over the network, all iterations in one pass.

Each task's duration is drawn from its three-point estimate (Beta-PERT by default, Latin hypercube,
by a :class:`pmokit.addin.sampling.Sampler`, a block of iterations at a time); the critical-path
passes of :mod:`pmokit.addin.schedule` then run on each block, in topological order, each link one
NumPy operation over the block's iterations — no Python loop per iteration. A task is critical in
an iteration when its total float there is 0; its criticality index is the share of iterations in
which it is. Parallel paths make the simulated finish later than the deterministic one (merge
bias), as a correct simulation must.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pmokit.addin import sampling
from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import Link
from pmokit.addin.schedule import (TOLERANCE, backward_pass, build_network, check_durations,
                            forward_pass, schedule_network)

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SraResult:
    """A schedule risk analysis: project finish per iteration and, per task, P50/P80 finish and
    criticality index. Times are working-day numbers from 0 at the project start."""

    ids: list[str]
    finish: FloatArray  # (iterations,)
    task_p50: FloatArray  # (k,) early finish, 50th percentile
    task_p80: FloatArray  # (k,) early finish, 80th percentile
    criticality: FloatArray  # (k,) share of iterations with total float 0
    deterministic_finish: float  # CPM finish on the most-likely durations

    @property
    def iterations(self) -> int:
        """How many iterations were run."""
        return int(self.finish.shape[0])


BLOCK = 1000  # iterations per block: a block's tasks × iterations arrays stay in cache


def simulate(ids: Sequence[object], o: Sequence[float] | FloatArray,
             m: Sequence[float] | FloatArray, p: Sequence[float] | FloatArray,
             predecessors: Sequence[object] | Sequence[Sequence[Link]],
             iterations: int = 10000, *, seed: int | None = None, distribution: str = "pert",
             lhs: bool = True, lam: float = 4.0, correlation: float = 0.0,
             method: str = "inc", tasks: bool = True) -> SraResult:
    """Simulate the project finish from three-point task durations and the dependency network.

    Durations (working days) are drawn from each task's optimistic / most likely / pessimistic
    estimate by ``distribution`` (Beta-PERT with λ = ``lam`` by default: the Beta's own spread,
    wider than the textbook (P − O)/6). The same ``seed`` gives the same answer on every call.
    ``tasks=False`` gives only the project finish (criticality and task percentiles are NaN),
    skipping the backward pass: what a single finish percentile needs.
    """
    net = build_network(ids, predecessors)
    k = len(net.ids)
    for name, values in (("optimistic", o), ("most_likely", m), ("pessimistic", p)):
        if len(values) != k:
            raise InputError(name, f"has {len(values)} rows but ids has {k}")
    if method not in sampling.PERCENTILE_METHODS:
        raise InputError("method", f"'{method}' is not one of "
                                   f"{', '.join(sampling.PERCENTILE_METHODS)}")
    n = int(iterations)
    if n < 1:
        raise InputError("iterations", f"{iterations} is not a positive whole number")
    if k == 0:
        empty = np.zeros(0)
        return SraResult([], np.zeros(n), empty, empty, empty, 0.0)
    sampler = sampling.Sampler(o, m, p, n, distribution=distribution, lam=lam,
                               correlation=correlation, lhs=lhs, seed=seed)
    likely = check_durations(m, k, "most_likely")
    deterministic = schedule_network(net, likely).project_finish

    # Blocks of iterations, tasks down and iterations across, so each link is one NumPy
    # operation over a contiguous row that is still in cache when its successors read it.
    width = min(BLOCK, n)
    es, ef, ls, lf, durations = (np.empty((k, width)) for _ in range(5))
    finish = np.empty(n)
    critical_count = np.zeros(k, dtype=np.int64)
    task_finish = np.empty((k, n)) if tasks else None
    finishers = net.finishers
    for b0 in range(0, n, width):
        b1 = min(b0 + width, n)
        cols = slice(0, b1 - b0)
        d_b = sampler.block(b0, b1, out=durations if b1 - b0 == width else None)
        es_b, ef_b = es[:, cols], ef[:, cols]
        forward_pass(net, d_b, es_b, ef_b)
        block_finish = ef_b[finishers].max(axis=0)
        finish[b0:b1] = block_finish
        if task_finish is None:
            continue
        task_finish[:, b0:b1] = ef_b
        ls_b, _ = backward_pass(net, d_b, block_finish, ls[:, cols], lf[:, cols])
        np.subtract(ls_b, es_b, out=ls_b)  # total float, in the late-start buffer
        critical_count += np.count_nonzero(ls_b <= TOLERANCE, axis=1)
    if task_finish is None:
        nan = np.full(k, np.nan)
        return SraResult(net.ids, finish, nan, nan.copy(), nan.copy(), deterministic)
    rule: Any = sampling.PERCENTILE_METHODS[method]
    task_p50, task_p80 = np.percentile(task_finish, [50.0, 80.0], axis=1, method=rule,
                                       overwrite_input=True)  # our own scratch: no copy
    return SraResult(net.ids, finish, task_p50, task_p80, critical_count / n, deterministic)


def finish_percentile(result: SraResult, q: float, method: str = "inc") -> float:
    """Give the project finish (working days from the start) at confidence ``q`` in [0, 1]."""
    return float(sampling.percentile(result.finish, q, method=method))
