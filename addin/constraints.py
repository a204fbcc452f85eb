"""Constraints, deadlines and progress: what pins a task in time, as Microsoft Project applies them.

The rules are ``../shared/DOMAIN.md`` ("Microsoft Project files and scheduling rules"), from
Microsoft Project's documented scheduling behaviour, with Microsoft Project's defaults: "tasks will
always honor their constraint dates", "split in-progress tasks" and "reschedule uncompleted work to
start after the status date".

**Day numbers.** The passes work in working-day numbers (day 0 = the project start). A date maps to
the instant Microsoft Project gives it when no time is typed (its Default Start Time 08:00 for a
start, Default End Time 17:00 for a finish):

* a *start* on date D (Start No Earlier / Later Than, Must Start On, an actual start) is the start
  of D's working day: the number of working days before D (:func:`start_day`);
* a *finish* on D (Finish No Earlier / Later Than, Must Finish On, a deadline, an actual finish,
  the status date) is the end of D's working day: the number of working days up to and including
  D (:func:`finish_day`), so a 1-day task that starts on D finishes on D, as Project shows it.

A date on a non-working day is the end of the working day before it, which is the same working
instant as the start of the working day after it: Project moves a start that falls in non-working
time to the next working time and a finish back to the end of the last one. Shown as dates, a start
there appears on the next working day and a finish on the previous one.

**Constraints.** ASAP is the default. ALAP places a task at its late dates (it is then critical, as
Project marks it); its successors follow it. Flexible SNET / FNET bound the forward pass (ES ≥,
EF ≥) and never create negative float. Inflexible SNLT / FNLT bound both passes (ES and LS ≤ the
date; EF and LF ≤) and MSO / MFO fix both the early and the late date (Project sets early and late
start to the date, blocking logic flow through the task); they are honoured over links, so a task
whose links would place it later is held at its date and the conflict shows as negative total float,
measured from where the links would have placed it, on the task and on the predecessors that drive
it. A deadline never moves a task: it bounds its late finish only.

**Progress** at a status date. A complete task (actual finish, 100 %, or no remaining duration)
keeps its actual dates: links into it are ignored and links out of it become fixed dates for its
successors; it has no float and is never critical (it can no longer delay anything). A started task
keeps its actual start; its remaining duration (given, or duration × (1 − % complete)) runs after
the part already done and after the status date, and its predecessors still hold that remaining
part (retained logic, as Project's "split in-progress tasks" splits it); its float is the float of
its finish. Unstarted tasks start after the status date. As Project does since 2002, the status date
does not move a task that has a date constraint: it keeps its constraint, even in the past, where
the DCMA check for invalid dates flags it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import LINK_TYPES

if TYPE_CHECKING:
    from pmokit.addin.schedule import CpmResult

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Incoming = list[list[tuple[int, int, float]]]

#: Microsoft Project's constraint types by the codes its documentation uses.
CONSTRAINT_TYPES = ("ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO")
#: The ones DCMA and GAO call hard: they can hold a task against its logic.
HARD_CONSTRAINTS = frozenset({"SNLT", "FNLT", "MSO", "MFO"})
START_TYPES = frozenset({"SNET", "SNLT", "MSO"})
FINISH_TYPES = frozenset({"FNET", "FNLT", "MFO"})
#: MSPDI's ``ConstraintType`` numbers (Microsoft's Project XML schema), 0 to 7.
MSPDI_CODES = ("ASAP", "ALAP", "MSO", "MFO", "SNET", "SNLT", "FNET", "FNLT")
_NAMES = {
    "as soon as possible": "ASAP", "as late as possible": "ALAP",
    "start no earlier than": "SNET", "start no later than": "SNLT",
    "finish no earlier than": "FNET", "finish no later than": "FNLT",
    "must start on": "MSO", "must finish on": "MFO",
}
_FS, _SS, _FF, _SF = (LINK_TYPES.index(k) for k in ("FS", "SS", "FF", "SF"))
TOLERANCE = 1e-9


def constraint_code(value: object, row: int | None = None,
                    argument: str = "constraint_types") -> str:
    """Read a constraint type: a code (``SNET``), its name (``Start No Earlier Than``), or MSPDI's
    number 0–7; blank is ASAP."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "ASAP"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 0 <= value < len(MSPDI_CODES):
            return MSPDI_CODES[int(value)]
    text = " ".join(str(value).split()).lower()
    if not text:
        return "ASAP"
    code = _NAMES.get(text, text.upper())
    if code not in CONSTRAINT_TYPES:
        raise InputError(argument, f"'{value}' is not a constraint type: use one of "
                                   f"{', '.join(CONSTRAINT_TYPES)}", row)
    return code


def start_day(calendar: WorkCalendar, origin: date, d: date) -> float:
    """The day number of the start of ``d``'s working day: the working days from ``origin`` to it.

    Negative before ``origin``; a non-working ``d`` gives the start of the next working day.
    """
    return float(np.busday_count(np.datetime64(origin, "D"), np.datetime64(d, "D"),
                                 busdaycal=calendar.numpy))


def finish_day(calendar: WorkCalendar, origin: date, d: date) -> float:
    """The day number of the end of ``d``'s working day (a non-working ``d``: the end of the
    working day before it)."""
    return start_day(calendar, origin, d + timedelta(days=1))


@dataclass(frozen=True)
class Pins:
    """Constraints, deadlines and progress per task, in working-day numbers (NaN or None: none).

    Each per-task field is None (not given) or one value per task. Constraint days are the day
    numbers :func:`start_day` / :func:`finish_day` give, starts of day for SNET / SNLT / MSO and
    ends of day for FNET / FNLT / MFO and deadlines; actual starts are starts of day, actual
    finishes and the status date ends of day. :meth:`from_dates` does that mapping.
    ``percent_complete`` is a fraction (0.4 for 40 %); ``remaining`` is working days and, where
    given, wins over % complete.
    """

    constraint_types: Sequence[object] | None = None
    constraint_days: Sequence[float] | None = None
    deadlines: Sequence[float] | None = None
    actual_starts: Sequence[float] | None = None
    actual_finishes: Sequence[float] | None = None
    percent_complete: Sequence[float] | None = None
    remaining: Sequence[float] | None = None
    status: float = math.nan

    @classmethod
    def from_dates(cls, start: date | None, calendar: WorkCalendar | None = None, *,
                   constraint_types: Sequence[object] | None = None,
                   constraint_dates: Sequence[date | None] | None = None,
                   deadlines: Sequence[date | None] | None = None,
                   actual_starts: Sequence[date | None] | None = None,
                   actual_finishes: Sequence[date | None] | None = None,
                   percent_complete: Sequence[float] | None = None,
                   remaining: Sequence[float] | None = None,
                   status_date: date | None = None) -> Pins:
        """Pins from calendar dates, mapped to day numbers on ``calendar`` from ``start``.

        ``Pins.from_dates(date(2027, 1, 4), constraint_types=["", "SNET"],
        constraint_dates=[None, date(2027, 1, 11)])`` holds the second task to Monday 11 January
        (day 5). Blank dates are None. ``start`` may be None only when no date is given.
        """
        cal = calendar or WorkCalendar()
        dated = [name for name, v in (("constraint_dates", constraint_dates),
                                      ("deadlines", deadlines), ("actual_starts", actual_starts),
                                      ("actual_finishes", actual_finishes),
                                      ("status_date", [status_date]))
                 if v is not None and any(x is not None for x in v)]
        if start is None and dated:
            raise InputError("start_date", f"is needed to place {', '.join(dated)} on the "
                                           "working calendar")
        origin = cal.add_workdays(start or date(2000, 1, 3), 0)
        kinds = None if constraint_types is None else [
            constraint_code(v, i + 1) for i, v in enumerate(constraint_types)]

        def days(values: Sequence[date | None] | None, finish: bool,
                 kind_of: Sequence[str] | None = None) -> list[float] | None:
            if values is None:
                return None
            out = []
            for i, v in enumerate(values):
                end = finish if kind_of is None or i >= len(kind_of) else \
                    kind_of[i] in FINISH_TYPES  # (a length mismatch is reported by bounds)
                out.append(math.nan if v is None else
                           (finish_day if end else start_day)(cal, origin, v))
            return out

        return cls(kinds, days(constraint_dates, False, kinds), days(deadlines, True),
                   days(actual_starts, False), days(actual_finishes, True), percent_complete,
                   remaining,
                   math.nan if status_date is None else finish_day(cal, origin, status_date))


@dataclass(frozen=True)
class Bounds:
    """What the critical-path passes honour, per task in day numbers (NaN where there is none).

    Built by :func:`bounds`; :func:`pmokit.addin.schedule.constrain` puts it on a network, and
    :func:`pmokit.addin.schedule.forward_pass` / ``backward_pass`` apply it on their own.
    """

    kinds: tuple[str, ...]  # the constraint each task is scheduled with
    start_min: FloatArray  # ES ≥: SNET, MSO, the status date, fixed links
    finish_min: FloatArray  # EF ≥: FNET, MFO, fixed links
    start_max: FloatArray  # ES ≤ and LS ≤, over links: SNLT, MSO
    finish_max: FloatArray  # EF ≤ and LF ≤, over links: FNLT, MFO
    resume: FloatArray  # a started task's remaining work starts no earlier, whatever else says
    deadline: FloatArray  # LF ≤ only
    fixed_start: FloatArray  # a complete task's actual start (its early and late start)
    fixed_duration: FloatArray  # a complete task's actual duration
    actual_start: FloatArray  # a started or complete task's actual start, as shown
    share: FloatArray  # remaining share of a fresh duration: 1 unstarted, r/d started, 0 complete
    remaining: FloatArray  # a started task's remaining duration
    anchor: FloatArray  # the start-of-day date a milestone sits on when it binds (for display)
    status: float

    @property
    def complete(self) -> BoolArray:
        """Tasks that are finished."""
        return ~np.isnan(self.fixed_start)

    @property
    def started(self) -> BoolArray:
        """Tasks that have started and are not finished."""
        return ~np.isnan(self.actual_start) & np.isnan(self.fixed_start)

    @cached_property
    def alap(self) -> BoolArray:
        """Tasks placed as late as possible."""
        return np.array([k == "ALAP" for k in self.kinds], dtype=bool)

    @cached_property
    def forward(self) -> list[tuple[float | None, ...] | None]:
        """Per task, what the forward pass applies: (fixed start, ES ≥, EF ≥, ALAP, resume,
        ES ≤, EF ≤) with None for what a task lacks, or None when it has nothing."""
        rules: list[tuple[float | None, ...] | None] = []
        for j in range(len(self.kinds)):
            rule = (_value(self.fixed_start[j]), _value(self.start_min[j]),
                    _value(self.finish_min[j]), 1.0 if self.kinds[j] == "ALAP" else None,
                    _value(self.resume[j]), _value(self.start_max[j]),
                    _value(self.finish_max[j]))
            rules.append(None if all(v is None for v in rule) else rule)
        return rules

    @cached_property
    def backward(self) -> list[tuple[float | None, ...] | None]:
        """Per task, what the backward pass applies: (fixed start, pinned LS (MSO), pinned LF
        (MFO), LF ≤ (FNLT, deadline), LS ≤ (SNLT)), or None."""
        rules: list[tuple[float | None, ...] | None] = []
        for i, kind in enumerate(self.kinds):
            late_finish = np.fmin(self.finish_max[i], self.deadline[i]) if kind != "MFO" \
                else self.deadline[i]
            rule = (_value(self.fixed_start[i]),
                    _value(self.start_max[i]) if kind == "MSO" else None,
                    _value(self.finish_max[i]) if kind == "MFO" else None,
                    _value(late_finish),
                    _value(self.start_max[i]) if kind == "SNLT" else None)
            rules.append(None if all(v is None for v in rule) else rule)
        return rules

    @cached_property
    def reaches_back(self) -> bool:
        """Whether a task may be placed before day 0 (an upper bound or an early actual date)."""
        return bool(np.isfinite(self.start_max).any() or np.isfinite(self.finish_max).any()
                    or (self.fixed_start < 0).any())

    def effective(self, d: FloatArray) -> FloatArray:
        """Durations as the passes take them, for durations ``d`` of shape (k,) or (k, n): a
        complete task's actual duration, a started task's remaining duration (scaled from a
        freshly drawn one by its remaining share), the rest unchanged. What a schedule risk
        analysis applies to each block of sampled durations."""
        out = np.array(d, dtype=np.float64, copy=True)

        def rows(values: FloatArray) -> FloatArray:
            return values if out.ndim == 1 else values[:, None]

        started = self.started  # a started task has a planned duration > 0 (milestones are done)
        out[started] *= rows(self.share[started])
        done = self.complete
        out[done] = rows(self.fixed_duration[done])
        return out


def _value(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _column(values: Sequence[float] | None, k: int, argument: str) -> FloatArray:
    if values is None:
        return np.full(k, math.nan)
    out = np.asarray([math.nan if v is None else float(v) for v in values], dtype=np.float64)
    if len(out) != k:
        raise InputError(argument, f"has {len(out)} rows but ids has {k}")
    return out


def bounds(durations: FloatArray, pins: Pins) -> Bounds:
    """Turn constraints, deadlines and progress into the bounds the passes honour.

    ``durations`` are the planned working days per task. Raises :class:`InputError` naming the
    argument and row: a dated constraint without its date, an actual finish before the actual
    start, a % complete outside 0–100 % or without an actual start, a negative remaining duration.
    """
    k = len(durations)
    given = pins.constraint_types
    if given is not None and len(given) != k:
        raise InputError("constraint_types", f"has {len(given)} rows but ids has {k}")
    kinds = ["ASAP"] * k if given is None else [constraint_code(v, i + 1)
                                                 for i, v in enumerate(given)]
    cday = _column(pins.constraint_days, k, "constraint_dates")
    deadline = _column(pins.deadlines, k, "deadlines")
    a_start = _column(pins.actual_starts, k, "actual_starts")
    a_finish = _column(pins.actual_finishes, k, "actual_finishes")
    pct = _column(pins.percent_complete, k, "percent_complete")
    rem = _column(pins.remaining, k, "remaining_durations")
    status = float(pins.status)
    nan = np.full(k, math.nan)
    start_min, finish_min, start_max, finish_max = nan.copy(), nan.copy(), nan.copy(), nan.copy()
    resume = nan.copy()
    fixed_start, fixed_duration, shown_start = nan.copy(), nan.copy(), nan.copy()
    share, remaining, anchor = np.ones(k), nan.copy(), nan.copy()
    for j in range(k):
        row, d, kind = j + 1, float(durations[j]), kinds[j]
        if kind not in ("ASAP", "ALAP") and math.isnan(cday[j]):
            raise InputError("constraint_dates", f"is blank, but a {kind} constraint needs a "
                                                 "date", row)
        done_share, left, complete = _progress(d, a_start[j], a_finish[j], pct[j], rem[j], row)
        reschedule = kind in ("ASAP", "ALAP") and not math.isnan(status)
        if complete:  # its actual dates, whatever its links and constraint say
            first, last = _actual_span(d, a_start[j], a_finish[j])
            fixed_start[j], fixed_duration[j], shown_start[j] = first, last - first, first
            share[j] = 0.0
            if d == 0 and math.isnan(a_finish[j]):
                anchor[j] = first  # a milestone done on its actual start shows on that day
            kinds[j] = "ASAP"
            continue
        if not math.isnan(a_start[j]):  # started: the remaining part runs after what is done
            shown_start[j] = a_start[j]
            remaining[j] = left
            share[j] = left / d
            resume[j] = a_start[j] + done_share * d  # the done part is a fact: it wins
            if reschedule:
                start_min[j] = status
            if kind in START_TYPES or kind == "ALAP":
                kind = kinds[j] = "ASAP"  # its start has happened: a start constraint is spent
        elif reschedule:
            start_min[j] = status
        if kind in ("SNET", "MSO"):
            start_min[j] = np.fmax(start_min[j], cday[j])
        if kind in ("FNET", "MFO"):
            finish_min[j] = cday[j]
        if kind in ("SNLT", "MSO"):
            start_max[j] = cday[j]
        if kind in ("FNLT", "MFO"):
            finish_max[j] = cday[j]
        if kind in START_TYPES:
            anchor[j] = cday[j]
    return Bounds(tuple(kinds), start_min, finish_min, start_max, finish_max, resume, deadline,
                  fixed_start, fixed_duration, shown_start, share, remaining, anchor, status)


def _progress(d: float, a_start: float, a_finish: float, pct: float, rem: float,
              row: int) -> tuple[float, float, bool]:
    """The share of the duration done, the working days left, and whether it is complete."""
    if not math.isnan(pct) and not 0.0 <= pct <= 1.0:
        raise InputError("percent_complete", f"{pct:g} is not between 0 and 1: give 0.4 or 40%",
                         row)
    if not math.isnan(rem) and rem < 0:
        raise InputError("remaining_durations", f"{rem:g} is negative", row)
    if not math.isnan(a_finish):
        if not math.isnan(a_start) and a_finish < a_start:
            raise InputError("actual_finishes", "is before the actual start", row)
        return 1.0, 0.0, True
    if math.isnan(a_start):
        if not math.isnan(pct) and pct > 0:
            raise InputError("percent_complete", f"{pct:.0%} complete but no actual start: give "
                                                 "the date work began", row)
        if not math.isnan(rem) and abs(rem - d) > TOLERANCE:
            raise InputError("remaining_durations", f"{rem:g} days left but no actual start: "
                                                    "give the date work began", row)
        return 0.0, d, False
    if d == 0:
        return 1.0, 0.0, True  # a milestone that has happened
    if not math.isnan(rem):
        return max(d - rem, 0.0) / d, rem, rem == 0
    done = 0.0 if math.isnan(pct) else pct
    return done, d * (1.0 - done), done >= 1.0


def _actual_span(d: float, a_start: float, a_finish: float) -> tuple[float, float]:
    """A complete task's start and finish day numbers from its actual dates.

    Without an actual finish it finished as planned (start + duration, as Project sets it);
    without an actual start it took its planned duration. A milestone sits at its actual finish.
    """
    if d == 0:
        t = a_finish if not math.isnan(a_finish) else a_start
        return t, t
    if math.isnan(a_finish):
        return a_start, a_start + d
    if math.isnan(a_start):
        return a_finish - d, a_finish
    return a_start, a_finish


def cut_links(incoming: Incoming, b: Bounds) -> tuple[Incoming, Bounds]:
    """Links as progress leaves them: a complete task's links in are dropped and its links out,
    and a started task's start links (SS, SF) out, become fixed bounds on the successor; the rest
    stay (retained logic)."""
    done, started = b.complete, b.started
    start_min, finish_min = b.start_min.copy(), b.finish_min.copy()
    kept: Incoming = []
    for j, links in enumerate(incoming):
        keep: list[tuple[int, int, float]] = []
        for i, kind, lag in links if not done[j] else ():
            if done[i] or (started[i] and kind in (_SS, _SF)):
                source = b.actual_start[i] if kind in (_SS, _SF) else \
                    b.fixed_start[i] + b.fixed_duration[i]
                target = start_min if kind in (_FS, _SS) else finish_min
                target[j] = np.fmax(target[j], source + lag)
            else:
                keep.append((i, kind, lag))
        kept.append(keep)
    return kept, replace(b, start_min=start_min, finish_min=finish_min)


def notes(result: CpmResult) -> list[str]:
    """Say per task what pins it, for a schedule with bounds: complete, in progress and the days
    left, its constraint (and by how much it overrides the links), a missed deadline, or negative
    float that comes from a date after it; blank when nothing does."""
    b = result.bounds
    if b is None or result.logic_start is None:
        return [""] * len(result.ids)
    internal_start = result.early_finish - result.durations
    out = []
    for j in range(len(result.ids)):
        parts = []
        if b.complete[j]:
            parts.append("complete")
        elif b.started[j]:
            parts.append(f"in progress, {b.remaining[j]:g} d left")
        held = result.logic_start[j] - internal_start[j]
        if held > TOLERANCE:
            parts.append(f"{b.kinds[j]} holds it {held:g} d before its links allow")
        elif b.kinds[j] != "ASAP":
            parts.append(b.kinds[j])
        late = result.early_finish[j] - b.deadline[j]
        if not b.complete[j] and late > TOLERANCE:
            parts.append(f"misses its deadline by {late:g} d")
        if result.total_float[j] < -TOLERANCE and held <= TOLERANCE and not late > TOLERANCE:
            parts.append("negative float: a date after it cannot be met")
        out.append("; ".join(parts))
    return out
