"""The critical path: early and late dates, total and free float, from ids, durations and links.

Links follow ``../shared/DOMAIN.md`` exactly, with lag L in working days:
FS: ES(succ) ≥ EF(pred) + L; SS: ES(succ) ≥ ES(pred) + L; FF: EF(succ) ≥ EF(pred) + L;
SF: EF(succ) ≥ ES(pred) + L. No task starts before day 0 (the project start). The passes work on
durations of shape (k,) for one schedule or (k, n) for n simulated schedules at once, one NumPy
operation per link over all n (the schedule risk analysis in :mod:`pmokit.addin.sra` uses them so).
"""

from __future__ import annotations

import graphlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import LINK_TYPES, Link, parse, task_id

FloatArray = NDArray[np.float64]
FS, SS, FF, SF = range(4)
TOLERANCE = 1e-9  # days: a float this small counts as zero (critical)


@dataclass(frozen=True)
class Network:
    """Tasks and links by index, in topological order, ready for the forward and backward passes."""

    ids: list[str]
    order: list[int]
    incoming: list[list[tuple[int, int, float]]]  # per task: (predecessor, link type, lag)
    outgoing: list[list[tuple[int, int, float]]]  # per task: (successor, link type, lag)

    @property
    def finishers(self) -> list[int]:
        """Tasks that may finish last: all but those an FS or FF successor (lag ≥ 0) outlasts.

        The project finish is the latest early finish of these; an SS or SF successor, or a
        lead, may finish before its predecessor, which then still counts.
        """
        return [i for i in range(len(self.ids))
                if not any(kind in (FS, FF) and lag >= 0 for _, kind, lag in self.outgoing[i])]


@dataclass(frozen=True)
class CpmResult:
    """A scheduled network; all times are working-day numbers counted from 0 at the project start."""

    ids: list[str]
    durations: FloatArray
    early_start: FloatArray
    early_finish: FloatArray
    late_start: FloatArray
    late_finish: FloatArray
    total_float: FloatArray
    free_float: FloatArray
    critical: NDArray[np.bool_]
    order: list[str]
    project_finish: float


def build_network(ids: Sequence[object],
                  predecessors: Sequence[object] | Sequence[Sequence[Link]]) -> Network:
    """Check the ids and links and put the tasks in dependency order.

    ``predecessors`` holds, per task, Microsoft Project text (``"3FS+2, A SS"``) or a list of
    :class:`Link`. Raises :class:`InputError` for blank or duplicate ids, unknown predecessor ids
    (naming the id and row), and a dependency cycle (naming the ids in it).
    """
    names = [task_id(i) for i in ids]
    if len(predecessors) != len(names):
        raise InputError("predecessors", f"has {len(predecessors)} rows but ids has {len(names)}")
    index: dict[str, int] = {}
    for row, name in enumerate(names, start=1):
        if not name or name.lower() == "nan" or name == "None":
            raise InputError("ids", "is blank: every task needs an id", row)
        if name in index:
            raise InputError("ids", f"'{name}' is a duplicate of row {index[name] + 1}", row)
        index[name] = row - 1
    incoming: list[list[tuple[int, int, float]]] = [[] for _ in names]
    outgoing: list[list[tuple[int, int, float]]] = [[] for _ in names]
    sorter: graphlib.TopologicalSorter[int] = graphlib.TopologicalSorter()
    for j, cell in enumerate(predecessors):
        links = list(cell) if isinstance(cell, (list, tuple)) else parse(cell, row=j + 1)
        sorter.add(j)
        for link in links:
            i = index.get(task_id(link.pred))
            if i is None:
                raise InputError("predecessors", f"unknown id '{link.pred}' (no task has it)",
                                 j + 1)
            if link.kind not in LINK_TYPES:
                raise InputError("predecessors", f"link type '{link.kind}' is not FS, SS, FF or "
                                                 "SF", j + 1)
            if not math.isfinite(link.lag):
                raise InputError("predecessors", f"lag {link.lag} is not a number", j + 1)
            kind = LINK_TYPES.index(link.kind)
            incoming[j].append((i, kind, float(link.lag)))
            outgoing[i].append((j, kind, float(link.lag)))
            sorter.add(j, i)
    try:
        order = list(sorter.static_order())
    except graphlib.CycleError as exc:
        cycle = [names[i] for i in exc.args[1]]
        raise InputError("predecessors", "dependency cycle " + " → ".join(cycle)) from None
    return Network(names, order, incoming, outgoing)


def check_durations(durations: Sequence[object] | FloatArray, n: int,
                    argument: str = "durations") -> FloatArray:
    """Read durations as non-negative working days, one per task."""
    values = list(durations)
    if len(values) != n:
        raise InputError(argument, f"has {len(values)} rows but ids has {n}")
    out = np.empty(n)
    for row, v in enumerate(values, start=1):
        try:
            x = float(v)
        except (TypeError, ValueError):
            problem = "is missing" if v is None else f"'{v}' is not a number"
            raise InputError(argument, problem, row) from None
        if not math.isfinite(x):
            raise InputError(argument, "is missing" if math.isnan(x) else f"{x} is not a number",
                             row)
        if x < 0:
            raise InputError(argument, f"{x:g} is negative", row)
        out[row - 1] = x
    return out


def forward_pass(net: Network, d: FloatArray, es: FloatArray | None = None,
                 ef: FloatArray | None = None) -> tuple[FloatArray, FloatArray]:
    """Early start and early finish for durations ``d`` of shape (k,) or (k, n).

    ``es`` and ``ef`` may be given as buffers of ``d``'s shape to fill (reused across blocks of
    iterations, which keeps them in cache).
    """
    if d.ndim == 1:
        es1, ef1 = forward_pass(net, d[:, None])
        return es1[:, 0], ef1[:, 0]
    es = np.empty_like(d) if es is None else es
    ef = np.empty_like(d) if ef is None else ef
    scratch = np.empty_like(d[0])
    for j in net.order:
        start = es[j]  # a view: updated in place, starting from day 0
        first = net.incoming[j][0] if net.incoming[j] else None
        if first is not None and first[1] == FS and first[2] >= 0:
            start[...] = ef[first[0]]  # EF ≥ 0 already, so this is max(0, EF(pred) + 0)
            if first[2]:
                start += first[2]
            links = net.incoming[j][1:]
        else:
            start[...] = 0.0
            links = net.incoming[j]
        for i, kind, lag in links:
            if kind == FS:
                source = ef[i]
            elif kind == SS:
                source = es[i]
            else:  # FF, SF: the bound is on the finish, so move it back by this task's duration
                np.subtract(ef[i] if kind == FF else es[i], d[j], out=scratch)
                source = scratch
            if lag:
                np.add(source, lag, out=scratch)
                source = scratch
            np.maximum(start, source, out=start)
        np.add(start, d[j], out=ef[j])
    return es, ef


def backward_pass(net: Network, d: FloatArray, finish: FloatArray | float,
                  ls: FloatArray | None = None,
                  lf: FloatArray | None = None) -> tuple[FloatArray, FloatArray]:
    """Late start and late finish, given the project finish (per column when ``d`` is 2-D)."""
    if d.ndim == 1:
        ls1, lf1 = backward_pass(net, d[:, None], finish)
        return ls1[:, 0], lf1[:, 0]
    lf = np.empty_like(d) if lf is None else lf
    ls = np.empty_like(d) if ls is None else ls
    scratch = np.empty_like(d[0])
    for i in reversed(net.order):
        end = lf[i]
        end[...] = finish
        for j, kind, lag in net.outgoing[i]:
            if kind == FS:
                source = ls[j]
            elif kind == FF:
                source = lf[j]
            else:  # SS, SF bind this task's start, so its finish may be later by its duration
                np.add(ls[j] if kind == SS else lf[j], d[i], out=scratch)
                source = scratch
            if lag:
                np.subtract(source, lag, out=scratch)
                source = scratch
            np.minimum(end, source, out=end)
        np.subtract(end, d[i], out=ls[i])
    return ls, lf


def cpm(ids: Sequence[object], durations: Sequence[object] | FloatArray,
        predecessors: Sequence[object] | Sequence[Sequence[Link]]) -> CpmResult:
    """Schedule the tasks: early and late start and finish, total and free float, critical or not.

    Durations are working days (0 for a milestone); predecessors are Microsoft Project text per
    task (``"3FS+2, A SS"``) or lists of :class:`Link`. Times are day numbers from 0.
    """
    net = build_network(ids, predecessors)
    return schedule_network(net, check_durations(durations, len(net.ids)))


def schedule_network(net: Network, d: FloatArray) -> CpmResult:
    """Run both passes and the floats on a checked network with checked durations."""
    if not len(d):
        empty = np.zeros(0)
        return CpmResult([], d, empty, empty, empty, empty, empty, empty,
                         np.zeros(0, dtype=bool), [], 0.0)
    es, ef = forward_pass(net, d)
    finish = float(ef.max())
    ls, lf = backward_pass(net, d, finish)
    total = ls - es
    total[np.abs(total) < TOLERANCE] = 0.0
    free = _free_float(net, d, es, ef, finish)
    free = np.minimum(np.maximum(free, 0.0), total)
    return CpmResult(net.ids, d, es, ef, ls, lf, total, free, total <= TOLERANCE,
                     [net.ids[i] for i in net.order], finish)


def _free_float(net: Network, d: FloatArray, es: FloatArray, ef: FloatArray,
                finish: float) -> FloatArray:
    """Slack of each task before its earliest successor (or the project finish) moves."""
    free = np.empty_like(d)
    for i in range(len(d)):
        slack = finish - ef[i]
        for j, kind, lag in net.outgoing[i]:
            own = es[i] if kind in (SS, SF) else ef[i]
            theirs = es[j] if kind in (FS, SS) else ef[j]
            slack = min(slack, theirs - lag - own)
        free[i] = 0.0 if abs(slack) < TOLERANCE else slack
    return free


def critical_path(result: CpmResult) -> list[str]:
    """List the critical tasks (total float 0) in the order they start."""
    crit = [i for i in range(len(result.ids)) if result.critical[i]]
    crit.sort(key=lambda i: (result.early_start[i], result.early_finish[i]))
    return [result.ids[i] for i in crit]


def as_dates(result: CpmResult, start: date,
             calendar: WorkCalendar | None = None) -> dict[str, list[date]]:
    """Show the early and late dates as working-day calendar dates, finishes inclusive.

    A task of duration d starting on working day s finishes on working day s + d − 1, as Microsoft
    Project shows it; a milestone (d = 0) starts and finishes on working day s − 1 (the end of the
    day its predecessor finishes; day 0 for a milestone at the project start). A fractional start
    falls on the day it lies in. Keys: early_start, early_finish, late_start, late_finish.
    """
    cal = calendar or WorkCalendar()
    origin = cal.add_workdays(start, 0)
    d = result.durations
    out: dict[str, list[date]] = {}
    for name, s, f in (("early", result.early_start, result.early_finish),
                       ("late", result.late_start, result.late_finish)):
        first = np.floor(s + TOLERANCE)
        last = np.ceil(f - TOLERANCE) - 1
        milestone = d <= TOLERANCE
        first = np.where(milestone, np.maximum(np.ceil(s - TOLERANCE) - 1, 0), first)
        last = np.where(milestone, first, last)
        out[f"{name}_start"] = _days(cal, origin, first)
        out[f"{name}_finish"] = _days(cal, origin, last)
    return out


def _days(cal: WorkCalendar, origin: date, numbers: FloatArray) -> list[date]:
    days = np.busday_offset(np.datetime64(origin, "D"), numbers.astype(np.int64),
                            roll="forward", busdaycal=cal.numpy)
    return [x.astype(object) for x in days]
