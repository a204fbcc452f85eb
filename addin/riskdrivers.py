"""Which risks drive the date: the register ranked by the days each adds to the finish.

AACE RP 57R-09 ranks risk drivers by taking each out in turn: the finish at a confidence (P80)
with every risk minus the same without that one is the days it adds; Primavera Risk Analysis
and Safran Risk report the same ranking. Every variant here — all risks, none, all mitigated,
each without one risk, each with one risk mitigated — runs on the same random numbers (the same
durations, the same draws of each risk: :mod:`pmokit.addin.riskevents`), so the differences are
the risks' effect, not sampling noise, and each variant reruns only the tasks downstream of the
tasks its changed risks hit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from pmokit.addin import sampling, sra
from pmokit.addin.predecessors import Link
from pmokit.addin.riskevents import RiskEvent
from pmokit.addin.schedule import Network, forward_pass

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class RiskDriver:
    """One risk's part in the finish at the chosen confidence (working-day numbers and days)."""

    key: str
    without: float  # the finish percentile with every other risk as registered, this one removed
    adds: float  # the finish percentile with all risks minus ``without``
    mitigated: float  # the finish percentile with this risk at its post-mitigation figures
    saves: float  # the finish percentile with all risks minus ``mitigated``


@dataclass(frozen=True)
class RiskRanking:
    """Which risks drive the date: the finish at a confidence with and without the register."""

    level: float  # the confidence, 0.8 for P80
    with_all: float  # every risk as registered (before mitigation)
    without_any: float  # no risk at all: the durations' own uncertainty
    mitigated_all: float  # every risk at its post-mitigation figures
    drivers: list[RiskDriver]  # largest ``adds`` first; ties in register order


def rank(ids: Sequence[object] | None, o: Sequence[float] | FloatArray,
         m: Sequence[float] | FloatArray, p: Sequence[float] | FloatArray,
         predecessors: Sequence[object] | Sequence[Sequence[Link]] | None,
         risks: Sequence[RiskEvent], q: float = 0.8, iterations: int = 10000, *,
         seed: int | None = None, distribution: str = "pert", lhs: bool = True,
         lam: float = 4.0, correlation: float = 0.0, method: str = "inc",
         network: Network | None = None) -> RiskRanking:
    """Rank the risks by the days each adds to the finish at confidence ``q`` (AACE 57R-09:
    the percentile with all risks minus the same without that one), and give the finish before
    and after mitigation.

    Every variant (all risks, none, all mitigated, each without one risk, each with one risk
    mitigated) runs on the same random numbers — the same durations and the same draws of each
    risk — so the differences are the risks' effect, not sampling noise.
    """
    sampling.percentile([0.0], q)  # check q before simulating
    options = {"distribution": distribution, "lam": lam, "correlation": correlation,
               "lhs": lhs}
    plan = sra.prepare(ids, o, m, p, predecessors, iterations, seed, method, network, options)
    registered = np.array([r.probability for r in risks])
    after = np.array([r.mitigated().probability for r in risks])
    ones = np.ones(len(risks))
    factors = np.array([r.mitigation_factor for r in risks])
    variants = [(registered, ones), (np.zeros(len(risks)), ones), (after, factors)]
    for j in range(len(risks)):
        without = registered.copy()
        without[j] = 0.0
        variants.append((without, ones))
    for j in range(len(risks)):
        mitigated_p, mitigated_f = registered.copy(), ones.copy()
        mitigated_p[j], mitigated_f[j] = after[j], factors[j]
        variants.append((mitigated_p, mitigated_f))
    finishes = _variant_finishes(plan, risks, variants)
    levels = [float(sampling.percentile(row, q, method=method)) for row in finishes]
    with_all, without_any, mitigated_all = levels[:3]
    count = len(risks)
    drivers = [RiskDriver(risk.key, levels[3 + j], with_all - levels[3 + j],
                          levels[3 + count + j], with_all - levels[3 + count + j])
               for j, risk in enumerate(risks)]
    drivers.sort(key=lambda d: -d.adds)  # stable: ties keep the register's order
    return RiskRanking(q, with_all, without_any, mitigated_all, drivers)


def _variant_finishes(plan: sra.Plan, risks: Sequence[RiskEvent],
                      variants: Sequence[tuple[FloatArray, FloatArray]]) -> FloatArray:
    """The project finish per iteration for each variant of the risks' probabilities and day
    factors, all on the same durations and risk draws: variants × iterations.

    The first variant runs the whole network; each other one reruns only the tasks downstream of
    the tasks whose risks it changes, starting from the first variant's dates.
    """
    net, k = plan.net, len(plan.net.ids)
    out = np.empty((len(variants), plan.iterations))
    if k == 0:
        out[:] = 0.0
        return out
    durations = sra.Durations(plan)
    extra = sra.RiskDays(risks, plan)
    first_p, first_f = variants[0]
    subnets = [_downstream(net, risks, (prob != first_p) | (factor != first_f))
               for prob, factor in variants]
    es0, ef0, es, ef = (np.empty((k, plan.width)) for _ in range(4))
    finishers = net.finishers
    bounds = net.bounds
    for cols in plan.columns():
        d_b = durations.block(cols)
        if bounds is not None:
            d_b = bounds.effective(d_b)
        used = slice(0, cols.stop - cols.start)
        for v, (prob, factor) in enumerate(variants):
            saved = extra.add(d_b, cols, prob, factor)
            if v == 0:
                forward_pass(net, d_b, es0[:, used], ef0[:, used])
                out[v, cols] = ef0[finishers, used].max(axis=0)
            else:
                es[:, used], ef[:, used] = es0[:, used], ef0[:, used]
                forward_pass(subnets[v], d_b, es[:, used], ef[:, used])
                out[v, cols] = ef[finishers, used].max(axis=0)
            extra.restore(d_b, saved)
    return out


def _downstream(net: Network, risks: Sequence[RiskEvent], changed: NDArray[np.bool_]) -> Network:
    """The network with its pass order cut to the tasks hit by the ``changed`` risks and every
    task reachable from them by a link (in topological order): the only dates that can move."""
    reached = np.zeros(len(net.ids), dtype=bool)
    for j in np.flatnonzero(changed).tolist():
        reached[list(risks[j].tasks)] = True
    for i in net.order:  # topological: a task's predecessors are settled before it
        if reached[i]:
            for j, _, _ in net.outgoing[i]:
                reached[j] = True
    return replace(net, order=[i for i in net.order if reached[i]])
