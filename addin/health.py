"""Schedule health: the DCMA 14-point assessment of a schedule's logic, dates and progress.

The checks and thresholds are DCMA-EA PAM 200.1 (2012) as ``../shared/DOMAIN.md`` states them, with
DAU Acquipedia's and AcqNotes' CPLI; the GAO Schedule Assessment Guide treats the thresholds as
starting points for questions, not compliance triggers, so every threshold is an argument
(:class:`Thresholds`). Each check answers its metric, its threshold, pass or fail (None when the
data it needs were not given) and the ids of the tasks that fail it, so a caller can point at their
rows. Days are working days on the schedule's calendar; dates are day numbers as in
:mod:`pmokit.addin.constraints`.

Population: tasks that are not summary or level-of-effort rows (``task_types``), and for checks 1,
5, 6, 7, 8 and 10 only those not complete. Checks 2–4 count links (into an incomplete task; a
failing link is reported by its successor's id, the row that holds it), the rest count tasks.

Where the sources differ or are silent, pmokit chooses:

* Milestones are tasks here: they need logic and must not carry hard constraints or negative float
  (PAM 200.1 counts every incomplete activity; some tools drop zero-duration rows). Check 10 skips
  them by its own rule (duration ≥ 1 day). The project's start and finish milestones count in
  check 1 too: the 5 % allowance is what absorbs them.
* Check 8 uses the baseline duration (PAM 200.1; earlier DCMA material and some tools use the
  remaining or original duration). A task with no baseline dates is judged on its planned
  duration, so an unbaselined plan is still checked.
* Check 9 judges forecasts by the schedule pmokit computes (every incomplete task has one): an
  unstarted task whose forecast start, or an incomplete task whose forecast finish, falls on or
  before the status date (work the status says was not done, shown as done by then), and an actual
  start or finish after the status date. Without a status date it is not assessed.
* Check 11 and 14 count tasks whose baseline finish is on or before the status date; BEI's
  numerator is every complete task (so finishing early raises it, as DCMA defines it).
* Check 12 adds ``slip_days`` (600, the DCMA example) to the first incomplete task of the driving
  path (:func:`driving_path`: back from the task that finishes last, through the links its dates
  sit on) and passes when that last task's finish moves by exactly that much; a hard constraint
  that holds a task on the path, or a link that only ties starts, makes it fail. The driving path, not the least total float, because a
  missed deadline elsewhere gives a shorter path less float than the longest one.
* Check 13's critical path length runs from the status date (the project start without one) to the
  forecast finish, and its total float is the baseline finish (the latest task baseline finish)
  minus the forecast finish: CPLI = (CPL + TF) / CPL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from pmokit.addin.constraints import HARD_CONSTRAINTS, Pins, constraint_code
from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import Link
from pmokit.addin.schedule import (FF, FS, SS, TOLERANCE, Network, build_network,
                                   check_durations, constrain, schedule_network)

FloatArray = NDArray[np.float64]
EXCLUDED_TYPES = {"summary": "summary", "loe": "loe", "level of effort": "loe", "hammock": "loe"}
TASK_TYPES = ("task", "milestone", "summary", "loe")


@dataclass(frozen=True)
class Thresholds:
    """The published thresholds (shares as fractions), and the day limits of checks 6, 8 and 12."""

    logic: float = 0.05
    leads: float = 0.0
    lags: float = 0.05
    relationship_types: float = 0.90
    hard_constraints: float = 0.05
    high_float: float = 0.05
    negative_float: float = 0.0
    high_duration: float = 0.05
    invalid_dates: float = 0.0
    resources: float = 0.0
    missed_tasks: float = 0.05
    cpli: float = 0.95
    bei: float = 0.95
    high_float_days: float = 44.0
    high_duration_days: float = 44.0
    slip_days: float = 600.0


#: Check number → the :class:`Thresholds` field that holds its threshold.
THRESHOLD_FIELDS = ("logic", "leads", "lags", "relationship_types", "hard_constraints",
                    "high_float", "negative_float", "high_duration", "invalid_dates", "resources",
                    "missed_tasks", "", "cpli", "bei")
NAMES = ("Logic", "Leads", "Lags", "Relationship types", "Hard constraints", "High float",
         "Negative float", "High duration", "Invalid dates", "Resources", "Missed tasks",
         "Critical path test", "CPLI", "BEI")


@dataclass(frozen=True)
class Check:
    """One check's answer: ``metric`` (a share, an index, or the share of the slip the finish
    took), ``passed`` (None: not assessed, ``note`` says why) and the failing tasks' ids."""

    number: int
    name: str
    metric: float
    threshold: float
    rule: str  # "≤", "≥" or "="
    passed: bool | None
    failing: list[str] = field(default_factory=list)
    count: int = 0  # how many fail
    population: int = 0  # out of how many
    unit: str = "tasks"
    note: str = ""


def assess(ids: Sequence[object], durations: Sequence[object] | FloatArray,
           predecessors: Sequence[object] | Sequence[Sequence[Link]], *,
           pins: Pins | None = None,
           baseline_starts: Sequence[float] | None = None,
           baseline_finishes: Sequence[float] | None = None,
           resources: Sequence[object] | None = None,
           task_types: Sequence[object] | None = None,
           thresholds: Thresholds | None = None) -> list[Check]:
    """Run the 14 checks on a schedule; baseline starts / finishes are day numbers (start of day /
    end of day, NaN where a task has none), ``resources`` a name or a cost per task (blank or 0:
    none; None: not given, check 10 not assessed)."""
    limits = thresholds or Thresholds()
    plain = build_network(ids, predecessors)
    k = len(plain.ids)
    planned = check_durations(durations, k)
    if k == 0:
        return [Check(n, NAMES[n - 1], math.nan, 1.0 if n == 12 else _threshold(n, limits),
                      _rule(n), None, note="no tasks") for n in range(1, 15)]
    pins = pins or Pins()
    net, d = constrain(plain, planned, pins)
    result = schedule_network(net, d)
    b = net.bounds
    assert b is not None
    counted = _counted(task_types, k)
    done = b.complete
    open_ = counted & ~done
    names = np.array(plain.ids, dtype=object)
    status = pins.status
    kinds = ["ASAP"] * k if pins.constraint_types is None else [
        constraint_code(v, i + 1) for i, v in enumerate(pins.constraint_types)]
    base_start = _days(baseline_starts, k, "baseline_starts")
    base_finish = _days(baseline_finishes, k, "baseline_finishes")
    tf = result.total_float
    checks = [_share(1, limits, open_, open_ & np.array(
        [not plain.incoming[j] or not plain.outgoing[j] for j in range(k)], dtype=bool), names)]
    links = [(j, kind, lag) for j in range(k) if open_[j] for _, kind, lag in plain.incoming[j]]
    for number, bad in ((2, lambda kind, lag: lag < 0), (3, lambda kind, lag: lag > 0),
                        (4, lambda kind, lag: kind != FS)):
        checks.append(_links(number, limits, links, bad, names))
    hard = np.array([c in HARD_CONSTRAINTS for c in kinds], dtype=bool)
    checks.append(_share(5, limits, open_, open_ & hard, names))
    checks.append(_share(6, limits, open_, open_ & (tf > limits.high_float_days + TOLERANCE),
                         names))
    checks.append(_share(7, limits, open_, open_ & (tf < -TOLERANCE), names))
    base_days = np.where(np.isnan(base_start) | np.isnan(base_finish) | (planned == 0), planned,
                         base_finish - base_start)  # a milestone has no duration
    checks.append(_share(8, limits, open_, open_ & (base_days > limits.high_duration_days
                                                    + TOLERANCE), names))
    started = b.started
    unstarted = ~done & ~started
    actual_start = _days(pins.actual_starts, k, "actual_starts")
    actual_finish = _days(pins.actual_finishes, k, "actual_finishes")
    invalid = counted & ((unstarted & (result.early_start < status - TOLERANCE))
                         | (started & (result.early_finish <= status + TOLERANCE))
                         | (actual_start >= status - TOLERANCE)
                         | (actual_finish > status + TOLERANCE))
    checks.append(_needs(_share(9, limits, counted, invalid, names), status, True, ""))
    checks.append(_resources(limits, open_, planned, resources, names))
    due = counted & (base_finish <= status + TOLERANCE)
    finished = b.fixed_start + b.fixed_duration
    missed = due & (~done | (finished > base_finish + TOLERANCE))
    checks.append(_needs(_share(11, limits, due, missed, names), status, baseline_finishes,
                         "baseline_finishes"))
    path = driving_path(net, d, result.early_finish - d, result.early_finish)
    checks.append(_critical_path_test(limits, net, d, float(result.early_finish[path[0]]), path,
                                      open_, names))
    on_path = np.zeros(k, dtype=bool)
    on_path[path] = True
    checks.append(_cpli(limits, result.project_finish, status, base_finish, counted,
                        open_ & on_path, names))
    checks.append(_bei(limits, due, counted & done, status, baseline_finishes, names))
    return checks


def threshold_text(check: Check, limits: Thresholds) -> str:
    """A check's threshold in words: ``≤ 5%``, ``≥ 90%``, ``≥ 0.95``, ``finish moves 600 d``."""
    if check.number == 12:
        return f"finish moves {limits.slip_days:g} d"
    if check.number in (13, 14):
        return f"≥ {check.threshold:g}"
    return f"{check.rule} {check.threshold:.0%}"


def _counted(task_types: Sequence[object] | None, k: int) -> NDArray[np.bool_]:
    if task_types is None:
        return np.ones(k, dtype=bool)
    if len(task_types) != k:
        raise InputError("task_types", f"has {len(task_types)} rows but ids has {k}")
    out = np.ones(k, dtype=bool)
    for j, value in enumerate(task_types):
        text = "" if value is None else " ".join(str(value).split()).lower()
        if text in EXCLUDED_TYPES:
            out[j] = False
        elif text not in ("", "task", "milestone"):
            raise InputError("task_types", f"'{value}' is not one of {', '.join(TASK_TYPES)}",
                             j + 1)
    return out


def _days(values: Sequence[float] | None, k: int, argument: str) -> FloatArray:
    if values is None:
        return np.full(k, math.nan)
    if len(values) != k:
        raise InputError(argument, f"has {len(values)} rows but ids has {k}")
    return np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)


def _rule(number: int) -> str:
    return "≥" if number in (4, 13, 14) else ("=" if number in (2, 7, 9, 10, 12) else "≤")


def _verdict(number: int, metric: float, threshold: float) -> bool:
    if number in (4, 13, 14):
        return metric >= threshold - TOLERANCE
    return metric <= threshold + TOLERANCE


def _threshold(number: int, limits: Thresholds) -> float:
    return float(getattr(limits, THRESHOLD_FIELDS[number - 1]))


def _share(number: int, limits: Thresholds, population: NDArray[np.bool_],
           failing: NDArray[np.bool_], names: NDArray[np.object_]) -> Check:
    """A task-count check: the failing share of the population against the threshold."""
    threshold = _threshold(number, limits)
    total, bad = int(population.sum()), int(failing.sum())
    if total == 0:
        return Check(number, NAMES[number - 1], math.nan, threshold, _rule(number), None,
                     note="no tasks to judge")
    metric = bad / total
    return Check(number, NAMES[number - 1], metric, threshold, _rule(number),
                 _verdict(number, metric, threshold), [str(x) for x in names[failing]], bad, total)


def _links(number: int, limits: Thresholds, links: list[tuple[int, int, float]],
           bad: Callable[[int, float], bool], names: NDArray[np.object_]) -> Check:
    """A link-count check (2–4): links into incomplete tasks, reported by successor id."""
    threshold = _threshold(number, limits)
    failing = [j for j, kind, lag in links if bad(kind, lag)]
    if not links:
        return Check(number, NAMES[number - 1], math.nan, threshold, _rule(number), None,
                     unit="links", note="no links to judge")
    share = len(failing) / len(links)
    metric = 1.0 - share if number == 4 else share
    ids = [str(names[j]) for j in dict.fromkeys(failing)]
    return Check(number, NAMES[number - 1], metric, threshold, _rule(number),
                 _verdict(number, metric, threshold), ids, len(failing), len(links), "links")


def _needs(check: Check, status: float, given: object, argument: str) -> Check:
    """Mark a check not assessed when the status date or a needed argument is missing."""
    missing = [name for name, absent in (("status_date", math.isnan(status)),
                                         (argument, given is None)) if absent and name]
    if not missing:
        return check
    return replace(check, metric=math.nan, passed=None, failing=[], count=0, population=0,
                   note="needs " + " and ".join(missing))


def _resources(limits: Thresholds, open_: NDArray[np.bool_], planned: FloatArray,
               resources: Sequence[object] | None, names: NDArray[np.object_]) -> Check:
    if resources is None:
        return Check(10, NAMES[9], math.nan, limits.resources, "=", None,
                     note="needs resources")
    if len(resources) != len(planned):
        raise InputError("resources", f"has {len(resources)} rows but ids has {len(planned)}")
    none = np.array([_blank(r) for r in resources], dtype=bool)
    return _share(10, limits, open_ & (planned >= 1.0), open_ & (planned >= 1.0) & none, names)


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return math.isnan(value) or value == 0
    return not str(value).strip()


def driving_path(net: Network, d: FloatArray, start: FloatArray,
                 finish: FloatArray) -> list[int]:
    """The tasks that drive the project finish, last first: from the task that finishes last
    (the latest in dependency order, when several do), back through each task's driving link (the one its early date sits on, no gap), until a task
    is placed by no link (the project start, a constraint, the status date, finished work).

    ``start`` and ``finish`` are the early dates the passes computed (for a started task, its
    remaining work)."""
    last = finish.max()
    path = [next(j for j in reversed(net.order) if finish[j] >= last - 1e-6)]  # the finish
    seen = set(path)
    while True:
        j = path[-1]
        step = None
        for i, kind, lag in net.incoming[j]:
            own = start[j] if kind in (FS, SS) else finish[j]
            theirs = finish[i] if kind in (FS, FF) else start[i]
            if abs(own - theirs - lag) < 1e-6 and i not in seen:
                step = i
                break
        if step is None:
            return path
        path.append(step)
        seen.add(step)


def _critical_path_test(limits: Thresholds, net: Network, d: FloatArray, finish: float,
                        path: list[int], open_: NDArray[np.bool_],
                        names: NDArray[np.object_]) -> Check:
    slip = limits.slip_days
    driving = [j for j in path if open_[j]]
    if not driving:
        return Check(12, NAMES[11], math.nan, 1.0, "=", None,
                     note="no incomplete task drives the finish")
    tested = driving[-1]  # the earliest: a slip there must carry through the whole path
    longer = d.copy()
    longer[tested] += slip
    end = path[0]  # the project's last task: its finish must take the whole slip
    moved = float(schedule_network(net, longer).early_finish[end]) - finish
    passed = abs(moved - slip) < 1e-6
    return Check(12, NAMES[11], moved / slip, 1.0, "=", passed,
                 [] if passed else [str(names[tested])], 0 if passed else 1, 1,
                 note=f"{slip:g} days added to {names[tested]}; the finish moved {moved:g}")


def _cpli(limits: Thresholds, finish: float, status: float, base_finish: FloatArray,
          counted: NDArray[np.bool_], critical: NDArray[np.bool_],
          names: NDArray[np.object_]) -> Check:
    known = base_finish[counted & ~np.isnan(base_finish)]  # critical: the driving path
    if not len(known):
        return Check(13, NAMES[12], math.nan, limits.cpli, "≥", None,
                     note="needs baseline_finishes")
    now = 0.0 if math.isnan(status) else status
    length = finish - now
    if length <= TOLERANCE:
        return Check(13, NAMES[12], math.nan, limits.cpli, "≥", None,
                     note="no critical path left after the status date")
    float_ = float(known.max()) - finish
    metric = (length + float_) / length
    passed = metric >= limits.cpli - TOLERANCE
    failing = [] if passed else [str(x) for x in names[critical]]
    return Check(13, NAMES[12], metric, limits.cpli, "≥", passed, failing, len(failing),
                 int(critical.sum()),
                 note=f"critical path {length:g} days, total float {float_:g} days")


def _bei(limits: Thresholds, due: NDArray[np.bool_], done: NDArray[np.bool_], status: float,
         given: object, names: NDArray[np.object_]) -> Check:
    if math.isnan(status) or given is None:
        return _needs(Check(14, NAMES[13], math.nan, limits.bei, "≥", None), status, given,
                      "baseline_finishes")
    if not due.any():
        return Check(14, NAMES[13], math.nan, limits.bei, "≥", None,
                     note="no task was due to finish by the status date")
    metric = int(done.sum()) / int(due.sum())
    late = due & ~done
    return Check(14, NAMES[13], metric, limits.bei, "≥", metric >= limits.bei - TOLERANCE,
                 [str(x) for x in names[late]], int(late.sum()), int(due.sum()))
