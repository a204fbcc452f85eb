"""Schedule risk analysis: Monte Carlo over the network, a block of iterations at a time.

Each task's duration is drawn from its three-point estimate (Beta-PERT by default, Latin hypercube)
by a :class:`pmokit.addin.sampling.Sampler`, a block of iterations at a time; risk events from the
register (:mod:`pmokit.addin.riskevents`) add their days to the tasks they hit; the critical-path
passes of :mod:`pmokit.addin.schedule` then run once per block of iterations, in topological
order, each link one NumPy operation over the block — no Python loop per iteration.

What it reports, as Primavera Risk Analysis defines it:

* the project finish per iteration, and per task its P50 / P80 early finish;
* criticality index: the share of iterations in which the task's total float is 0;
* duration sensitivity: Spearman's rank correlation, over the iterations, between the task's
  sampled duration (its three-point draw; risk days are the risks' own, ranked by
  :func:`pmokit.addin.riskdrivers.rank`) and the project finish. A task whose duration never
  varies (O = P, or a complete task) has 0;
* duration cruciality: criticality index × duration sensitivity.

Memory. Only a block of iterations is worked on at a time (tasks × block ≤ :data:`CELLS`), so a
finish needs tasks × block numbers, not tasks × iterations. Per-task P50 / P80 need every task's
finish in every iteration: up to :data:`HOLD_BYTES` they are held; past it they come from two
passes over the same draws (:mod:`pmokit.addin.selection`: count per bin, then collect the wanted
order statistics), exact for the chosen percentile rule — not float32 storage, which would move
a P80 by up to a thousandth of a day at 10,000 days, nor an estimating sketch.

Parallel paths make the simulated finish later than the deterministic one (merge bias), as a
correct simulation must. Adding days to a task never makes an FS / SS network finish earlier, but
with FF or SF links it can (the CPM "duration paradox": a longer task whose finish is tied by FF
starts earlier and pulls its SS successors forward), so with those links a risk can lower a
percentile.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pmokit.addin import riskevents, sampling, selection, sensitivity
from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import Link
from pmokit.addin.riskevents import RiskDraws, RiskEvent
from pmokit.addin.schedule import (TOLERANCE, Network, backward_pass, build_network,
                                   check_durations, forward_pass, schedule_network)

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SraResult:
    """A schedule risk analysis: project finish per iteration and, per task, P50/P80 finish,
    criticality index and duration sensitivity. Times are working-day numbers from 0 at the
    project start."""

    ids: list[str]
    finish: FloatArray  # (iterations,)
    task_p50: FloatArray  # (k,) early finish, 50th percentile
    task_p80: FloatArray  # (k,) early finish, 80th percentile
    criticality: FloatArray  # (k,) share of iterations with total float 0
    deterministic_finish: float  # CPM finish on the most-likely durations, without risks
    sensitivity: FloatArray  # (k,) Spearman ρ of the task's duration with the project finish

    @property
    def iterations(self) -> int:
        """How many iterations were run."""
        return int(self.finish.shape[0])

    @property
    def cruciality(self) -> FloatArray:
        """Duration cruciality: criticality index × duration sensitivity, per task."""
        return self.criticality * self.sensitivity


BLOCK = 1000  # iterations per block: a block's tasks × iterations arrays stay in cache
CELLS = 1 << 23  # at most tasks × block numbers per working array (64 MB): fewer iterations a
#                  block for very large networks


@dataclass(frozen=True)
class Plan:
    """A checked simulation set-up: the network, the three-point durations and the options."""

    net: Network
    low: FloatArray
    likely: FloatArray
    high: FloatArray
    iterations: int
    seed: int
    options: dict[str, Any]

    @property
    def width(self) -> int:
        """Iterations per block."""
        return max(1, min(BLOCK, CELLS // max(1, len(self.net.ids)), self.iterations))

    @property
    def fixed(self) -> NDArray[np.bool_]:
        """Tasks whose duration never varies: O = P, or complete (its actual duration)."""
        fixed: NDArray[np.bool_] = self.low == self.high
        if self.net.bounds is not None:
            fixed |= self.net.bounds.share == 0
        return fixed

    def columns(self) -> Iterator[slice]:
        """The blocks of iterations, in order."""
        for b0 in range(0, self.iterations, self.width):
            yield slice(b0, min(b0 + self.width, self.iterations))


def prepare(ids: Sequence[object] | None, o: Sequence[float] | FloatArray,
            m: Sequence[float] | FloatArray, p: Sequence[float] | FloatArray,
            predecessors: Sequence[object] | Sequence[Sequence[Link]] | None, iterations: int,
            seed: int | None, method: str, network: Network | None,
            options: dict[str, Any]) -> Plan:
    """Check a simulation's arguments (as :func:`simulate` takes them) and fix its seed: a run
    without one draws fresh entropy once, shared by the durations and every risk's streams."""
    if network is None:
        if ids is None or predecessors is None:
            raise InputError("ids", "give the task ids and predecessors, or a network")
        network = build_network(ids, predecessors)
    elif ids is not None or predecessors is not None:
        raise InputError("network", "give either a network or ids and predecessors, not both")
    k = len(network.ids)
    for name, values in (("optimistic", o), ("most_likely", m), ("pessimistic", p)):
        if len(values) != k:
            raise InputError(name, f"has {len(values)} rows but ids has {k}")
    if method not in sampling.PERCENTILE_METHODS:
        raise InputError("method", f"'{method}' is not one of "
                                   f"{', '.join(sampling.PERCENTILE_METHODS)}")
    n = int(iterations)
    if n < 1:
        raise InputError("iterations", f"{iterations} is not a positive whole number")
    low, likely, high = (np.asarray(v, dtype=np.float64) for v in (o, m, p))
    entropy: Any = np.random.SeedSequence().entropy  # one int when drawn fresh
    resolved = int(entropy) if seed is None else int(seed)
    return Plan(network, low, likely, high, n, resolved, options)


class Durations:
    """Each task's sampled durations, drawn a block of iterations at a time (tasks × block) by
    the sampler's block API, and their rank correlation with the project finish.

    With independent Latin hypercube draws (the default) a task's rank among its n draws is its
    stratum, ⌊u·n⌋ of its uniform u: the inverse CDFs rise strictly, so nothing needs holding or
    sorting. (The stratum comes back from u exactly unless the within-stratum jitter lies within
    about 10⁻¹¹ of a stratum's edge, which happens for about one draw in 10¹¹.) With a correlation
    or plain Monte Carlo the ranks need the draws themselves, so each task's durations are held
    (tasks × iterations) for the sort.
    """

    def __init__(self, plan: Plan, keep: bool = False) -> None:
        self.sampler = sampling.Sampler(plan.low, plan.likely, plan.high, plan.iterations,
                                        seed=plan.seed, **plan.options)
        k, self.n = len(plan.low), plan.iterations
        self.scratch = np.empty(k * plan.width)
        self.stratified = bool(plan.options["lhs"]) and plan.options["correlation"] == 0.0
        self.fixed = plan.fixed
        self.kept = np.empty((k, self.n)) if keep and not self.stratified else None

    def block(self, cols: slice) -> FloatArray:
        """The durations of iterations ``cols`` (a scratch array, rewritten by the next block)."""
        width = cols.stop - cols.start
        out = self.scratch[:self.fixed.shape[0] * width].reshape(-1, width)
        drawn = self.sampler.block(cols.start, cols.stop, out=out)
        if self.kept is not None:
            self.kept[:, cols] = drawn
        return drawn

    def ranking(self, finish: FloatArray) -> _Ranking:
        """Spearman ρ with ``finish``, to feed with each block of iterations (:meth:`_Ranking.add`)."""
        return _Ranking(self, finish)


class _Ranking:
    """Spearman ρ of the durations with the project finish, gathered block by block."""

    def __init__(self, durations: Durations, finish: FloatArray) -> None:
        self.durations = durations
        self.finish = finish
        self.streamed = (sensitivity.StreamedSpearman(finish, durations.fixed)
                         if durations.stratified else None)

    def add(self, cols: slice) -> None:
        """Rank the durations of iterations ``cols`` (their strata, from the same uniforms)."""
        if self.streamed is None:
            return
        n = self.durations.n
        u = self.durations.sampler.stream.uniforms(cols.start, cols.stop)
        u *= n
        np.floor(u, out=u)
        np.clip(u, 0, n - 1, out=u)
        self.streamed.add(u, cols)

    def result(self) -> FloatArray:
        if self.streamed is not None:
            return self.streamed.result()
        assert self.durations.kept is not None
        rho = sensitivity.spearman_rows(self.durations.kept, self.finish)
        rho[self.durations.fixed] = 0.0
        return rho


class RiskDays:
    """Adds the risks' days to the tasks they hit, in a block of durations, and takes them off.

    Risk by risk in register order, so a risk that does not occur adds an exact 0 and leaves the
    sums bit for bit as if it were not in the register. A complete task takes no risk days: its
    duration is a fact.
    """

    def __init__(self, risks: Sequence[RiskEvent], plan: Plan) -> None:
        self.draws: RiskDraws | None = (riskevents.draw(risks, plan.iterations, plan.seed)
                                        if risks else None)
        bounds = plan.net.bounds
        done = set() if bounds is None else set(np.flatnonzero(bounds.complete).tolist())
        self.hits = [np.asarray([t for t in risk.tasks if t not in done], dtype=np.intp)
                     for risk in risks]
        self.tasks = np.asarray(sorted({int(t) for hit in self.hits for t in hit}),
                                dtype=np.intp)

    def add(self, d: FloatArray, cols: slice, probability: FloatArray,
            factor: FloatArray) -> FloatArray:
        """Add the days (in place); gives the rows' own durations back for :meth:`restore`."""
        if self.draws is None or not self.tasks.size:
            return np.empty((0, 0))
        saved = d[self.tasks]
        added = self.draws.added(probability, factor, cols)
        for j, hit in enumerate(self.hits):
            if probability[j] > 0.0:
                d[hit] += added[j]
        return saved

    def restore(self, d: FloatArray, saved: FloatArray) -> None:
        if saved.size:
            d[self.tasks] = saved


def _forward_blocks(plan: Plan, durations: Durations, extra: RiskDays,
                    probability: FloatArray, factor: FloatArray, es: FloatArray, ef: FloatArray,
                    logic: FloatArray | None = None
                    ) -> Iterator[tuple[slice, FloatArray, FloatArray, FloatArray, FloatArray]]:
    """Each block of iterations after the forward pass: (iterations, durations with the risks'
    days, early starts, early finishes, project finish). The risks' days come off the durations
    when the caller asks for the next block.

    With constraints and progress on the network (:func:`pmokit.addin.schedule.constrain`) the
    drawn durations are first made effective (a complete task's actual duration, a started
    task's remaining share) and ``logic`` records each start before inflexible constraints cap
    it, as :func:`pmokit.addin.schedule.schedule_network` does for one schedule.
    """
    finishers = plan.net.finishers
    bounds = plan.net.bounds
    for cols in plan.columns():
        d = durations.block(cols)
        if bounds is not None:
            d = bounds.effective(d)
        used = slice(0, cols.stop - cols.start)
        saved = extra.add(d, cols, probability, factor)
        es_b, ef_b = es[:, used], ef[:, used]
        forward_pass(plan.net, d, es_b, ef_b, logic=None if logic is None else logic[:, used])
        yield cols, d, es_b, ef_b, ef_b[finishers].max(axis=0)
        extra.restore(d, saved)


def _late_pass(net: Network, d: FloatArray, es: FloatArray, ef: FloatArray, ls: FloatArray,
               lf: FloatArray, logic: FloatArray | None, finish: FloatArray) -> FloatArray:
    """After a block's forward pass: the backward pass, then (with ALAP tasks) the forward pass
    that moves them to their late dates; gives each task's total float, in the ``ls`` buffer."""
    backward_pass(net, d, finish, ls, lf)
    if net.bounds is not None and net.bounds.alap.any():
        forward_pass(net, d, es, ef, late=ls, logic=logic)
    np.subtract(ls, es if logic is None else logic, out=ls)
    return ls


#: Per-task finishes are held whole (one pass) up to this size; past it they are counted in a
#: first pass and the wanted order statistics collected in a second (:mod:`selection`).
HOLD_BYTES = 1 << 27
TASK_LEVELS: FloatArray = np.true_divide([50.0, 80.0], 100)  # P50 and P80, as numpy.percentile reads them


def simulate(ids: Sequence[object] | None, o: Sequence[float] | FloatArray,
             m: Sequence[float] | FloatArray, p: Sequence[float] | FloatArray,
             predecessors: Sequence[object] | Sequence[Sequence[Link]] | None,
             iterations: int = 10000, *, seed: int | None = None, distribution: str = "pert",
             lhs: bool = True, lam: float = 4.0, correlation: float = 0.0,
             method: str = "inc", tasks: bool = True, risks: Sequence[RiskEvent] = (),
             network: Network | None = None) -> SraResult:
    """Simulate the project finish from three-point task durations, the dependency network and
    the risk events that hit its tasks.

    Durations (working days) are drawn from each task's optimistic / most likely / pessimistic
    estimate by ``distribution`` (Beta-PERT with λ = ``lam`` by default: the Beta's own spread,
    wider than the textbook (P − O)/6). Each of ``risks`` occurs with its probability and adds
    its days to its tasks (:mod:`pmokit.addin.riskevents`). The same ``seed`` gives the same
    answer on every call. ``tasks=False`` gives only the project finish (per-task figures are
    NaN), skipping the backward pass: what a single finish percentile needs. ``network``: a
    network already built by :func:`pmokit.addin.schedule.build_network` (it may carry what the
    passes read beyond the links), given instead of ``ids`` and ``predecessors`` (pass None).
    """
    options = {"distribution": distribution, "lam": lam, "correlation": correlation,
               "lhs": lhs}
    plan = prepare(ids, o, m, p, predecessors, iterations, seed, method, network, options)
    net, n, k = plan.net, plan.iterations, len(plan.net.ids)
    if k == 0:
        empty = np.zeros(0)
        return SraResult([], np.zeros(n), empty, empty, empty, 0.0, empty)
    likely = check_durations(plan.likely, k, "most_likely")
    bounds = net.bounds
    deterministic = schedule_network(
        net, likely if bounds is None else bounds.effective(likely)).project_finish
    late_moves = bounds is not None and bool(bounds.alap.any())  # ALAP: finishes need late dates
    held = k * n * 8 <= HOLD_BYTES
    durations = Durations(plan, keep=tasks)
    extra = RiskDays(risks, plan)
    chances = np.array([r.probability for r in risks])
    ones = np.ones(len(risks))
    rule: Any = sampling.PERCENTILE_METHODS[method]

    # Blocks of iterations, tasks down and iterations across, so each link is one NumPy
    # operation over a contiguous row that is still in cache when its successors read it.
    es, ef = np.empty((k, plan.width)), np.empty((k, plan.width))
    ls, lf = (np.empty((k, plan.width)) for _ in range(2)) if tasks else (es, ef)
    logic = np.empty((k, plan.width)) if tasks and bounds is not None else None
    counted = np.ones(k, dtype=bool) if bounds is None else ~bounds.complete  # never critical
    finish = np.empty(n)
    critical_count = np.zeros(k, dtype=np.int64)
    task_finish = np.empty((k, n)) if tasks and held else None
    picker = (selection.StreamedPercentiles(k, n, TASK_LEVELS, rule)
              if tasks and not held else None)
    for cols, d_b, es_b, ef_b, block_finish in _forward_blocks(plan, durations, extra, chances,
                                                               ones, es, ef, logic):
        finish[cols] = block_finish
        if not tasks:
            continue
        used = slice(0, cols.stop - cols.start)
        total_float = _late_pass(net, d_b, es_b, ef_b, ls[:, used], lf[:, used],
                                 None if logic is None else logic[:, used], block_finish)
        critical_count += np.count_nonzero(total_float <= TOLERANCE, axis=1)
        if task_finish is not None:
            task_finish[:, cols] = ef_b
        if picker is not None:
            picker.count(ef_b)
    if not tasks:
        nan = np.full(k, np.nan)
        return SraResult(net.ids, finish, nan, nan.copy(), nan.copy(), deterministic, nan.copy())
    if task_finish is not None:
        task_p50, task_p80 = np.percentile(task_finish, TASK_LEVELS * 100, axis=1, method=rule,
                                           overwrite_input=True)  # our own scratch: no copy
        ranked = durations.ranking(finish)
        for cols in plan.columns():
            ranked.add(cols)
        rho = ranked.result()
    else:
        # Second pass: the same draws again; keep the finishes at the wanted order statistics
        # and the durations' rank products with the finish.
        assert picker is not None
        ranked = durations.ranking(finish)
        for cols, d_b, es_b, ef_b, block_finish in _forward_blocks(plan, durations, extra,
                                                                   chances, ones, es, ef, logic):
            if late_moves:
                used = slice(0, cols.stop - cols.start)
                _late_pass(net, d_b, es_b, ef_b, ls[:, used], lf[:, used],
                           None if logic is None else logic[:, used], block_finish)
            picker.collect(ef_b)
            ranked.add(cols)
        task_p50, task_p80 = picker.result()
        rho = ranked.result()
    criticality = np.where(counted, critical_count / n, 0.0)
    return SraResult(net.ids, finish, task_p50, task_p80, criticality, deterministic, rho)


def finish_percentile(result: SraResult, q: float, method: str = "inc") -> float:
    """Give the project finish (working days from the start) at confidence ``q`` in [0, 1]."""
    return float(sampling.percentile(result.finish, q, method=method))
