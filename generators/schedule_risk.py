"""The risk register's part in a project's forecast: which open risks delay which tasks, the
finish with and without them and after mitigation, and the risks that drive the date.

The compute stage (:mod:`pmokit.generators.analysis`) reads a project's register through
:func:`register` — the columns exactly as ``=PMO_SRA(…)`` / ``=PMO_SRA_RISKS(…)`` take them — and
simulates it with the cells' own functions (:func:`pmokit.addin.sra.simulate`,
:func:`pmokit.addin.riskdrivers.rank`), so a user who types those functions over the same rows
gets the same dates.

The register a cell is given: the project's open risks in the Risks sheet's order (closed,
retired, occurred and expired ones left out, as everywhere else in the documents). A risk is
keyed by its row in that list, as the cells key it by its row in the range, so a cost-only risk
keeps its row with blank schedule columns (the cells skip it). A risk delays the tasks of its
"Tasks affected" not yet finished; a risk whose tasks are all finished can no longer delay the
work and is left blank too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pmokit.addin import riskdrivers, riskevents, sra
from pmokit.addin.predecessors import task_id
from pmokit.addin.schedule import Network
from pmokit.workbooks.model import Risk

FloatArray = NDArray[np.float64]
TOP_DRIVERS = 5  # the drivers the deck and the plan list
DRIVER_CONFIDENCE = 0.8  # the ranking's percentile: P80, the date a steering committee is given


@dataclass(frozen=True)
class Register:
    """A project's open risks as the cells' risk arguments, one entry per risk (see the module
    notes): ``None`` / "" where a risk has no schedule part. ``events`` are the schedule risks
    the cells build from these columns and ``risks`` the register rows behind them."""

    ids: list[str]
    probabilities: list[float | None]
    mins: list[float | None]
    likelies: list[float | None]
    maxes: list[float | None]
    tasks: list[str]
    mitigated_probabilities: list[float | None]
    mitigated_likelies: list[float | None]
    events: list[riskevents.RiskEvent]
    risks: list[Risk]


@dataclass(frozen=True)
class Driver:
    """One risk's part in the P80 finish (PMO_SRA_RISKS' row for it)."""

    risk: Risk
    without: dt.date  # the P80 finish with every other risk, this one removed
    adds: float  # working days it adds to the P80 finish
    mitigated: dt.date  # the P80 finish with this one mitigated
    saves: float  # working days its mitigation takes off the P80 finish


@dataclass(frozen=True)
class ScheduleRisk:
    """The finish with the register, without it and after mitigation, and the risks that drive
    it, largest first (all of them: the documents show the first :data:`TOP_DRIVERS`)."""

    risks: int  # schedule risks simulated
    p50_with: dt.date
    p80_with: dt.date
    p50_without: dt.date  # the durations' own uncertainty: no risk occurs
    p80_without: dt.date
    p80_mitigated: dt.date  # every risk at its post-mitigation probability and days
    drivers: list[Driver]

    @property
    def top(self) -> list[Driver]:
        """The drivers the documents list: the largest, those that add a tenth of a day or more
        (what the documents' one decimal shows)."""
        return [d for d in self.drivers if round(d.adds, 1) > 0][:TOP_DRIVERS]


def register(risks: Sequence[Risk], task_ids: Sequence[str], finished: set[str]) -> Register:
    """The project's open risks (in sheet order) as the cells' register columns.

    ``task_ids`` are the simulated tasks (the order of the network), ``finished`` those already
    complete. The workbook's checks (:mod:`pmokit.workbooks.checks`) have made sure a risk with a
    schedule part names known tasks and a whole three-point delay; a task outside ``task_ids``
    (one without a three-point estimate) is not in the network, so it cannot be delayed either.
    """
    known = set(task_ids) - finished
    cols: dict[str, list[float | None]] = {k: [] for k in ("p", "lo", "ml", "hi", "rp", "rl")}
    texts: list[str] = []
    for r in risks:
        hit = _hits(r, known)
        texts.append(", ".join(hit))
        for key, value in zip(cols, (r.probability, r.schedule_min, r.schedule_likely, r.schedule_max,
                                     r.residual_probability, r.residual_schedule_likely)):
            cols[key].append(value if hit else None)
    picked = [i for i, text in enumerate(texts) if text]
    events = riskevents.register(
        task_ids, [str(i + 1) for i in picked], [_f(cols["p"][i]) for i in picked],
        [_f(cols["lo"][i]) for i in picked], [_f(cols["ml"][i]) for i in picked],
        [_f(cols["hi"][i]) for i in picked], [texts[i] for i in picked],
        [cols["rp"][i] for i in picked], [cols["rl"][i] for i in picked])
    return Register([r.risk_id for r in risks], cols["p"], cols["lo"], cols["ml"], cols["hi"], texts,
                    cols["rp"], cols["rl"], events, [risks[i] for i in picked])


def _hits(r: Risk, known: set[str]) -> list[str]:
    """The unfinished simulated tasks a risk delays ([] when it has no whole schedule part)."""
    if not r.tasks.strip() or None in (r.schedule_min, r.schedule_likely, r.schedule_max):
        return []
    names = [task_id(part) for part in r.tasks.replace(";", ",").split(",") if part.strip()]
    return list(dict.fromkeys(n for n in names if n in known))


def _f(x: float | None) -> float:
    return 0.0 if x is None else float(x)


def exposure(reg: Register, network: Network, o: FloatArray, m: FloatArray, p: FloatArray,
             with_register: sra.SraResult, *, seed: int, iterations: int,
             day: Callable[[float], dt.date]) -> ScheduleRisk | None:
    """What the register does to the finish (None without a schedule risk).

    ``with_register`` is the forecast's own simulation (the register included) over ``network``
    (the schedule at the status date: constraints and progress on it); the finish without the
    register is PMO_SRA over the same network with no risk, and the ranking
    PMO_SRA_RISKS' (:func:`pmokit.addin.riskdrivers.rank` at P80), all on the same seed and
    iterations. ``day`` turns a working-day number into the date the documents show.
    """
    if not reg.events:
        return None
    bare = sra.simulate(None, o, m, p, None, iterations, seed=seed, tasks=False, network=network)
    ranking = riskdrivers.rank(None, o, m, p, None, reg.events, DRIVER_CONFIDENCE, iterations, seed=seed,
                               network=network)
    by_key = {e.key: r for e, r in zip(reg.events, reg.risks)}
    drivers = [Driver(by_key[d.key], day(d.without), d.adds, day(d.mitigated), d.saves)
               for d in ranking.drivers]
    return ScheduleRisk(
        risks=len(reg.events),
        p50_with=day(sra.finish_percentile(with_register, 0.5)),
        p80_with=day(sra.finish_percentile(with_register, 0.8)),
        p50_without=day(sra.finish_percentile(bare, 0.5)),
        p80_without=day(sra.finish_percentile(bare, 0.8)),
        p80_mitigated=day(ranking.mitigated_all),
        drivers=drivers)
