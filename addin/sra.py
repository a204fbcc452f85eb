"""Schedule risk analysis: Monte Carlo over the network, all iterations in one pass.

Each task's duration is drawn from its three-point estimate (Beta-PERT by default, Latin hypercube,
by :func:`addin.sampling.sample_three_point`); the critical-path passes of :mod:`addin.schedule`
then run once, in topological order, each link one NumPy operation over every iteration — no
Python loop per iteration. A task is critical in an iteration when its total float there is 0; its
criticality index is the share of iterations in which it is. Parallel paths make the simulated
finish later than the deterministic one (merge bias), as a correct simulation must.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from addin import sampling
from addin.errors import InputError
from addin.predecessors import Link
from addin.schedule import TOLERANCE, backward_pass, build_network, cpm, forward_pass

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


def simulate(ids: Sequence[object], o: Sequence[float] | FloatArray,
             m: Sequence[float] | FloatArray, p: Sequence[float] | FloatArray,
             predecessors: Sequence[object] | Sequence[Sequence[Link]],
             iterations: int = 10000, *, seed: int | None = None, distribution: str = "pert",
             lhs: bool = True, lam: float = 4.0, correlation: float = 0.0,
             method: str = "inc") -> SraResult:
    """Simulate the project finish from three-point task durations and the dependency network.

    Durations (working days) are drawn from each task's optimistic / most likely / pessimistic
    estimate by ``distribution`` (Beta-PERT with λ = ``lam`` by default: the Beta's own spread,
    wider than the textbook (P − O)/6). The same ``seed`` gives the same answer on every call.
    """
    net = build_network(ids, predecessors)
    k = len(net.ids)
    for name, values in (("optimistic", o), ("most_likely", m), ("pessimistic", p)):
        if len(values) != k:
            raise InputError(name, f"has {len(values)} rows but ids has {k}")
    if int(iterations) < 1:
        raise InputError("iterations", f"{iterations} is not a positive whole number")
    if k == 0:
        empty = np.zeros(0)
        return SraResult([], np.zeros(int(iterations)), empty, empty, empty, 0.0)
    samples = sampling.sample_three_point(o, m, p, int(iterations), distribution=distribution,
                                          lam=lam, correlation=correlation, lhs=lhs, seed=seed)
    # Tasks down, iterations across: each task's row is contiguous for the per-link operations.
    d = np.ascontiguousarray(np.asarray(samples, dtype=np.float64).T)
    es, ef = forward_pass(net, d)
    sinks = net.sinks
    finish = ef[sinks].max(axis=0)
    ls, _ = backward_pass(net, d, finish)
    np.subtract(ls, es, out=ls)  # total float, reusing the late-start buffer
    criticality = (ls <= TOLERANCE).mean(axis=1)
    task_p50, task_p80 = np.percentile(ef, [50.0, 80.0], axis=1,
                                       method=sampling.PERCENTILE_METHODS[method])
    deterministic = cpm(net.ids, np.asarray(m, dtype=np.float64), predecessors).project_finish
    return SraResult(net.ids, finish, task_p50, task_p80, criticality, deterministic)


def finish_percentile(result: SraResult, q: float, method: str = "inc") -> float:
    """Give the project finish (working days from the start) at confidence ``q`` in [0, 1]."""
    return float(sampling.percentile(result.finish, q, method=method))
