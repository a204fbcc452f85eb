"""The critical path: early and late dates, total and free float, from ids, durations and links.

Links follow ``../shared/DOMAIN.md`` exactly, with lag L in working days:
FS: ES(succ) ≥ EF(pred) + L; SS: ES(succ) ≥ ES(pred) + L; FF: EF(succ) ≥ EF(pred) + L;
SF: EF(succ) ≥ ES(pred) + L. No task starts before day 0 (the project start). The passes work on
durations of shape (k,) for one schedule or (k, n) for n simulated schedules at once, one NumPy
operation per link over all n (the schedule risk analysis in :mod:`pmokit.addin.sra` uses them so).

Constraints, deadlines and progress (:mod:`pmokit.addin.constraints`) ride on the network as
:class:`~pmokit.addin.constraints.Bounds`: :func:`constrain` attaches them and the same passes
honour them, so a caller of ``forward_pass`` / ``backward_pass`` needs no change. Without them the
passes run exactly as before.
"""

from __future__ import annotations

import graphlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from pmokit.addin.calendar import WorkCalendar, as_dates_checked
from pmokit.addin.constraints import Bounds, Pins, bounds, cut_links
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
    bounds: Bounds | None = None  # constraints, deadlines and progress (see :func:`constrain`)

    @property
    def finishers(self) -> list[int]:
        """Tasks that may finish last: all but those an FS or FF successor (lag ≥ 0) outlasts.

        The project finish is the latest early finish of these; an SS or SF successor, or a
        lead, may finish before its predecessor, which then still counts. With bounds every task
        counts: a constraint may hold a successor before its predecessor's finish.
        """
        if self.bounds is not None:
            return list(range(len(self.ids)))
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
    #: Where links and flexible bounds alone would start each task; an inflexible constraint
    #: that holds a task earlier shows as early start < logic start (None: no bounds).
    logic_start: FloatArray | None = None
    bounds: Bounds | None = None
    #: Milestones placed at the start of their day by a start date (a start constraint, an
    #: actual start), which show on that day rather than the one before (None: no bounds).
    early_at_day_start: NDArray[np.bool_] | None = None
    late_at_day_start: NDArray[np.bool_] | None = None


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
                 ef: FloatArray | None = None, *, late: FloatArray | None = None,
                 logic: FloatArray | None = None) -> tuple[FloatArray, FloatArray]:
    """Early start and early finish for durations ``d`` of shape (k,) or (k, n).

    ``es`` and ``ef`` may be given as buffers of ``d``'s shape to fill (reused across blocks of
    iterations, which keeps them in cache). With bounds on the network (:func:`constrain`) each
    start is then held, in this order: a complete task at its actual start; ES ≥ its lower
    bounds and EF ≥ its own (SNET, MSO, the status date, links from finished work; FNET, MFO);
    an ALAP task no earlier than ``late`` (its late starts, on the pass after the backward pass);
    a started task's remaining work after its done part; ``logic`` (a buffer, optional) records
    the start so far; then ES ≤ and EF ≤ its inflexible bounds (SNLT, MSO; FNLT, MFO), which
    win over links as Project honours constraint dates, but not over work already done.
    """
    if d.ndim == 1:
        es1, ef1 = forward_pass(net, d[:, None], late=None if late is None else late[:, None],
                                logic=None if logic is None else logic[:, None])
        return es1[:, 0], ef1[:, 0]
    es = np.empty_like(d) if es is None else es
    ef = np.empty_like(d) if ef is None else ef
    scratch = np.empty_like(d[0])
    rules = None if net.bounds is None else net.bounds.forward
    # EF ≥ 0 lets a first FS link stand for max(0, EF + lag), unless a bound reaches before day 0.
    shortcut = net.bounds is None or not net.bounds.reaches_back
    for j in net.order:
        start = es[j]  # a view: updated in place, starting from day 0
        first = net.incoming[j][0] if net.incoming[j] else None
        if shortcut and first is not None and first[1] == FS and first[2] >= 0:
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
        rule = None if rules is None else rules[j]
        if rule is not None:
            _hold_early(rule, start, d[j], scratch, None if late is None else late[j],
                        None if logic is None else logic[j])
        elif logic is not None:
            logic[j] = start
        np.add(start, d[j], out=ef[j])
    return es, ef


def _hold_early(rule: tuple[float | None, ...], start: FloatArray, dj: FloatArray,
                scratch: FloatArray, late: FloatArray | None, logic: FloatArray | None) -> None:
    fixed, start_min, finish_min, alap, resume, start_max, finish_max = rule
    if fixed is not None:
        start[...] = fixed
        if logic is not None:
            logic[...] = start
        return
    if start_min is not None:
        np.maximum(start, start_min, out=start)
    if finish_min is not None:
        np.maximum(start, np.subtract(finish_min, dj, out=scratch), out=start)
    if alap is not None and late is not None:
        np.maximum(start, late, out=start)
    if resume is not None:
        np.maximum(start, resume, out=start)
    if logic is not None:
        logic[...] = start
    if start_max is not None:
        np.minimum(start, start_max, out=start)
    if finish_max is not None:
        np.minimum(start, np.subtract(finish_max, dj, out=scratch), out=start)
    if resume is not None and (start_max is not None or finish_max is not None):
        np.maximum(start, resume, out=start)  # work done is a fact no constraint undoes


def backward_pass(net: Network, d: FloatArray, finish: FloatArray | float,
                  ls: FloatArray | None = None,
                  lf: FloatArray | None = None) -> tuple[FloatArray, FloatArray]:
    """Late start and late finish, given the project finish (per column when ``d`` is 2-D).

    With bounds on the network a complete task's late dates are its actual ones, MSO / MFO fix
    the late start / finish at the date, and FNLT, SNLT and a deadline cap them.
    """
    if d.ndim == 1:
        ls1, lf1 = backward_pass(net, d[:, None], finish)
        return ls1[:, 0], lf1[:, 0]
    lf = np.empty_like(d) if lf is None else lf
    ls = np.empty_like(d) if ls is None else ls
    scratch = np.empty_like(d[0])
    rules = None if net.bounds is None else net.bounds.backward
    for i in reversed(net.order):
        end = lf[i]
        first = net.outgoing[i][0] if net.outgoing[i] else None
        if first is not None and first[1] in (FS, FF) and first[2] >= 0:
            # LS and LF never pass the finish, so this is min(finish, LS or LF of the successor)
            if first[2]:
                np.subtract(ls[first[0]] if first[1] == FS else lf[first[0]], first[2], out=end)
            else:
                end[...] = ls[first[0]] if first[1] == FS else lf[first[0]]
            links = net.outgoing[i][1:]
        else:
            end[...] = finish
            links = net.outgoing[i]
        for j, kind, lag in links:
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
        rule = None if rules is None else rules[i]
        if rule is not None:
            _hold_late(rule, end, d[i], scratch)
        np.subtract(end, d[i], out=ls[i])
    return ls, lf


def _hold_late(rule: tuple[float | None, ...], end: FloatArray, di: FloatArray,
               scratch: FloatArray) -> None:
    fixed, pinned_start, pinned_finish, finish_max, start_max = rule
    if fixed is not None:
        np.add(fixed, di, out=end)
        return
    if pinned_start is not None:
        np.add(pinned_start, di, out=end)
    if pinned_finish is not None:
        end[...] = pinned_finish
    if finish_max is not None:
        np.minimum(end, finish_max, out=end)
    if start_max is not None:
        np.minimum(end, np.add(start_max, di, out=scratch), out=end)


def constrain(net: Network, d: FloatArray, pins: Pins) -> tuple[Network, FloatArray]:
    """Put constraints, deadlines and progress on a network; give the durations the passes take.

    Returns the network carrying :class:`~pmokit.addin.constraints.Bounds` (links into finished
    work dropped, links out of it turned into fixed dates) and the durations: a complete task's
    actual duration, a started task's remaining one, the rest as given. A schedule risk analysis
    applies ``network.bounds.effective`` to each block of sampled durations the same way.
    """
    b = bounds(d, pins)
    incoming, b = cut_links(net.incoming, b)
    outgoing: list[list[tuple[int, int, float]]] = [[] for _ in net.ids]
    for j, links in enumerate(incoming):
        for i, kind, lag in links:
            outgoing[i].append((j, kind, lag))
    effective = b.effective(d)
    effective[b.started] = b.remaining[b.started]  # exactly as given, not via the share
    return Network(net.ids, net.order, incoming, outgoing, b), effective


def cpm(ids: Sequence[object], durations: Sequence[object] | FloatArray,
        predecessors: Sequence[object] | Sequence[Sequence[Link]],
        pins: Pins | None = None) -> CpmResult:
    """Schedule the tasks: early and late start and finish, total and free float, critical or not.

    Durations are working days (0 for a milestone); predecessors are Microsoft Project text per
    task (``"3FS+2, A SS"``) or lists of :class:`Link`. Times are day numbers from 0. ``pins``
    adds constraints, deadlines and progress (:class:`~pmokit.addin.constraints.Pins`).
    """
    return schedule_network(*network(ids, durations, predecessors, pins))


def network(ids: Sequence[object], durations: Sequence[object] | FloatArray,
            predecessors: Sequence[object] | Sequence[Sequence[Link]],
            pins: Pins | None = None, argument: str = "durations"
            ) -> tuple[Network, FloatArray]:
    """The checked network with ``pins`` on it (:func:`constrain`) and the durations its passes
    take: what :func:`cpm` schedules, and what a schedule risk analysis simulates
    (:func:`pmokit.addin.sra.simulate`'s ``network``, given the most likely durations here)."""
    net = build_network(ids, predecessors)
    d = check_durations(durations, len(net.ids), argument)
    return (net, d) if pins is None else constrain(net, d, pins)


def schedule_network(net: Network, d: FloatArray) -> CpmResult:
    """Run both passes and the floats on a checked network with checked durations."""
    if not len(d):
        empty = np.zeros(0)
        return CpmResult([], d, empty, empty, empty, empty, empty, empty,
                         np.zeros(0, dtype=bool), [], 0.0)
    if net.bounds is not None:
        return _schedule_bounded(net, d, net.bounds)
    es, ef = forward_pass(net, d)
    finish = float(ef.max())
    ls, lf = backward_pass(net, d, finish)
    total = ls - es
    total[np.abs(total) < TOLERANCE] = 0.0
    free = _free_float(net, d, es, ef, finish)
    free = np.minimum(np.maximum(free, 0.0), total)
    return CpmResult(net.ids, d, es, ef, ls, lf, total, free, total <= TOLERANCE,
                     [net.ids[i] for i in net.order], finish)


def _schedule_bounded(net: Network, d: FloatArray, b: Bounds) -> CpmResult:
    """Both passes with bounds, then what Project shows: a started task from its actual start with
    the float of its finish, a complete task at its actual dates with no float, never critical."""
    logic = np.empty_like(d)
    es, ef = forward_pass(net, d, logic=logic)
    finish = float(ef.max())
    ls, lf = backward_pass(net, d, finish)
    if b.alap.any():  # ALAP tasks move to their late dates and their successors follow them
        es, ef = forward_pass(net, d, late=ls, logic=logic)
    total = ls - logic
    total[np.abs(total) < TOLERANCE] = 0.0
    free = _free_float(net, d, es, ef, finish)
    free = np.minimum(np.maximum(free, 0.0), np.maximum(total, 0.0))
    done, started = b.complete, b.started
    shown = np.where(started, b.actual_start, es)
    total[done], free[done] = 0.0, 0.0
    late = np.where(started, shown + total, ls)
    late[done], lf[done] = es[done], ef[done]
    milestone = d <= TOLERANCE
    hard_start = np.array([k in ("SNLT", "MSO") for k in b.kinds])
    return CpmResult(net.ids, d, shown, ef, late, lf, total, free, (total <= TOLERANCE) & ~done,
                     [net.ids[i] for i in net.order], finish, logic, b,
                     milestone & (np.abs(shown - b.anchor) < TOLERANCE),
                     milestone & (hard_start | done) & (np.abs(late - b.anchor) < TOLERANCE))


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
    day its predecessor finishes; day 0 for a milestone at the project start), or on day s when a
    start date placed it there (a start constraint, an actual start: 08:00 of that day). A
    fractional start falls on the day it lies in. Keys: early_start, early_finish, late_start,
    late_finish.
    """
    cal = calendar or WorkCalendar()
    origin = cal.add_workdays(start, 0)
    d = result.durations
    out: dict[str, list[date]] = {}
    for name, s, f, at_start in (
            ("early", result.early_start, result.early_finish, result.early_at_day_start),
            ("late", result.late_start, result.late_finish, result.late_at_day_start)):
        first = np.floor(s + TOLERANCE)
        last = np.ceil(f - TOLERANCE) - 1
        milestone = d <= TOLERANCE
        day_before = np.ceil(s - TOLERANCE) - 1
        on_start = day_before == -1 if at_start is None else (day_before == -1) | at_start
        first = np.where(milestone, np.where(on_start, day_before + 1, day_before), first)
        last = np.where(milestone, first, last)
        out[f"{name}_start"] = _days(cal, origin, first)
        out[f"{name}_finish"] = _days(cal, origin, last)
    return out


def _days(cal: WorkCalendar, origin: date, numbers: FloatArray) -> list[date]:
    """Working-day numbers as dates; :class:`InputError` naming the first task (row) whose date
    would fall after 31 December 9999."""
    try:
        days = np.busday_offset(np.datetime64(origin, "D"), numbers.astype(np.int64),
                                roll="forward", busdaycal=cal.numpy)
    except OverflowError:
        row = int(np.argmax(numbers)) + 1
        raise InputError("durations", "the schedule runs past 31 December 9999", row) from None
    return as_dates_checked(days, "durations")
