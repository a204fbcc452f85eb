"""Excel functions for schedules and resources: critical path, schedule health, schedule risk,
resource loading."""

# No `from __future__ import annotations`: see pmokit.addin.udf (Office.js reads the annotations
# on every call).

import math
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import numpy as np

from pmokit.addin import (cells, constraints, health, loading, riskdrivers, riskevents,
                          schedule, sra, udf)
from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.errors import InputError

IDS_HELP = "Task ids (a column), as the predecessors refer to them."
PRED_HELP = ("Predecessors per task as MS Project writes them: 3, 3FS+2, A SS, B FF-1 "
             "(comma-separated).")
START_HELP = ("Project start date (optional): answers in working-day dates (format those cells "
              "as dates) instead of day numbers.")
CPM_HEADER = ["Early start", "Early finish", "Late start", "Late finish", "Total float",
              "Free float", "Critical"]
WEEKMASK_HELP = "Working days Monday to Sunday, e.g. 1111100 (default)."
TYPES_HELP = ("Constraint per task (optional): ASAP (blank), ALAP, SNET, SNLT, FNET, FNLT, MSO or "
              "MFO, as Microsoft Project names them.")
CDATE_HELP = "Constraint date per task (optional): needed by every type but ASAP and ALAP."
DEADLINE_HELP = "Deadline per task (optional): never moves a task; missing it is negative float."
AS_HELP = "Actual start per task (optional): blank until work began."
AF_HELP = "Actual finish per task (optional): blank until the task finished."
PCT_HELP = "Percent complete per task (optional), 0 to 100%: needs an actual start when above 0."
STATUS_HELP = ("Status date (optional): remaining and unstarted work is scheduled after it, as MS "
               "Project's 'reschedule uncompleted work' does.")
REMAINING_HELP = ("Remaining duration per task in working days (optional): wins over percent "
                  "complete.")
_DATE_COLUMNS = ("constraint_dates", "deadlines", "actual_starts", "actual_finishes")


@dataclass(frozen=True)
class _Progress:
    """The optional constraint, deadline and progress arguments as typed: one reading for
    PMO_CPM, PMO_SRA, PMO_SRA_TABLE, PMO_SRA_RISKS and PMO_SCHEDULE_CHECK."""

    columns: dict[str, object]  # the per-task columns by argument name
    status_date: object

    @classmethod
    def of(cls, constraint_types: object, constraint_dates: object, deadlines: object,
           actual_starts: object, actual_finishes: object, percent_complete: object,
           status_date: object, remaining_durations: object) -> "_Progress":
        """The arguments in the order every function takes them."""
        return cls({"constraint_types": constraint_types, "constraint_dates": constraint_dates,
                    "deadlines": deadlines, "actual_starts": actual_starts,
                    "actual_finishes": actual_finishes, "percent_complete": percent_complete,
                    "remaining_durations": remaining_durations}, status_date)

    @property
    def given(self) -> dict[str, object]:
        """The per-task columns that hold anything (they must match the task columns' rows)."""
        return {name: value for name, value in self.columns.items() if cells.given(value)}

    def pins(self, used: cells.Rows, start: date | None,
             calendar: WorkCalendar) -> constraints.Pins | None:
        """Constraints, deadlines and progress on the rows in use, placed on ``calendar`` from
        ``start``; None when none is given (the plain critical path)."""
        status = cells.optional_date(self.status_date, "status_date")
        present = self.given
        if not present and status is None:
            return None

        def read(name: str) -> list[Any] | None:
            if name not in present:
                return None
            if name in _DATE_COLUMNS:
                return cells.optional_dates(present[name], name, rows=used.used)
            if name == "constraint_types":
                return cells.labels(present[name], name, blank_ok=True, rows=used.used)
            return list(cells.numbers(present[name], name, blank=math.nan, rows=used.used))

        return constraints.Pins.from_dates(
            start, calendar, constraint_types=read("constraint_types"),
            constraint_dates=read("constraint_dates"), deadlines=read("deadlines"),
            actual_starts=read("actual_starts"), actual_finishes=read("actual_finishes"),
            percent_complete=read("percent_complete"), remaining=read("remaining_durations"),
            status_date=status)


@udf.udf("=PMO_CPM(A2:A40, C2:C40, D2:D40, DATE(2027,1,4), Holidays!A2:A20)")
def PMO_CPM(
    ids: Annotated[Any, udf.arg(IDS_HELP)],
    durations: Annotated[Any, udf.arg("Duration per task in working days (0 for a milestone).")],
    predecessors: Annotated[Any, udf.arg(PRED_HELP)],
    start_date: Annotated[Any, udf.arg(START_HELP)] = None,
    holidays: Annotated[Any, udf.arg(udf.HOL_HELP)] = None,
    weekmask: Annotated[Any, udf.arg(WEEKMASK_HELP)] = None,
    constraint_types: Annotated[Any, udf.arg(TYPES_HELP)] = None,
    constraint_dates: Annotated[Any, udf.arg(CDATE_HELP)] = None,
    deadlines: Annotated[Any, udf.arg(DEADLINE_HELP)] = None,
    actual_starts: Annotated[Any, udf.arg(AS_HELP)] = None,
    actual_finishes: Annotated[Any, udf.arg(AF_HELP)] = None,
    percent_complete: Annotated[Any, udf.arg(PCT_HELP)] = None,
    status_date: Annotated[Any, udf.arg(STATUS_HELP)] = None,
    remaining_durations: Annotated[Any, udf.arg(REMAINING_HELP)] = None,
) -> udf.Cells:
    """Critical path: per task early/late start and finish, total and free float, critical.
    Floats in working days. Constraints, deadlines and progress as Microsoft Project schedules
    them: negative float where a date cannot be met, and a Note column."""
    progress = _Progress.of(constraint_types, constraint_dates, deadlines, actual_starts,
                            actual_finishes, percent_complete, status_date, remaining_durations)
    used = cells.rows(ids=ids, durations=durations, predecessors=predecessors, **progress.given)
    names = cells.labels(ids, "ids", rows=used.used)
    days = cells.numbers(durations, "durations", rows=used.used)
    links = cells.labels(predecessors, "predecessors", blank_ok=True, rows=used.used)
    start = cells.optional_date(start_date, "start_date")
    calendar = udf.calendar(holidays, weekmask)
    with used.numbered():
        pins = progress.pins(used, start, calendar)
        result = schedule.cpm(names, days, links, pins)
    columns_out: list[Any] = [result.early_start, result.early_finish, result.late_start,
                              result.late_finish]
    if start is not None:
        shown = schedule.as_dates(result, start, calendar)
        columns_out = [shown["early_start"], shown["early_finish"], shown["late_start"],
                       shown["late_finish"]]
    columns_out += [result.total_float, result.free_float, result.critical]
    header = list(CPM_HEADER)
    if pins is not None:  # a new column only when asked for, so existing sheets keep their shape
        columns_out.append(constraints.notes(result))
        header.append("Note")
    return cells.as_table(header, used.scatter(zip(*columns_out), blank=[""] * len(header)))


RISK_P_HELP = ("Risk register (optional): probability per risk, 0 to 1; rows with no tasks "
               "and no days (cost-only risks) are skipped.")
RISK_MIN_HELP = "Fewest working days each risk adds to each task it hits, if it occurs."
RISK_ML_HELP = "Most likely working days each risk adds to each task it hits."
RISK_MAX_HELP = "Most working days each risk adds to each task it hits."
RISK_TASKS_HELP = "Task ids each risk delays, as text: T1, T4 (the same days to each)."
RISK_COLUMNS = ("risk_probabilities", "risk_min_days", "risk_likely_days", "risk_max_days",
                "risk_tasks")


def _register(names: list[str], columns: dict[str, object], *, ids: object = None,
              mitigated_probabilities: object = None, mitigated_likely: object = None
              ) -> tuple[list[str], list[riskevents.RiskEvent]]:
    """The register's schedule risks (labels and events), or none when it is left out.

    Each risk's random numbers are keyed by its row in the register, so PMO_SRA, PMO_SRA_TABLE
    and PMO_SRA_RISKS given the same register draw the same numbers for it.
    """
    given = [name for name in RISK_COLUMNS if cells.given(columns[name])]
    if not given:
        return [], []
    if len(given) < len(RISK_COLUMNS):
        missing = next(name for name in RISK_COLUMNS if name not in given)
        raise InputError(missing, "is missing: a risk register needs probabilities, min / likely "
                                  "/ max days and the tasks each risk delays")
    extra = {name: value for name, value in (("risk_ids", ids),
                                              ("mitigated_probabilities", mitigated_probabilities),
                                              ("mitigated_likely_days", mitigated_likely))
             if cells.given(value)}
    used = cells.rows(**columns, **extra)
    grid = {name: cells.column(value, name) for name, value in {**columns, **extra}.items()}
    schedule_part = ("risk_min_days", "risk_likely_days", "risk_max_days", "risk_tasks")
    picked = [i for i in used.used
              if not all(cells.is_blank(grid[name][i]) for name in schedule_part)]
    rows = cells.Rows(picked, used.count)
    chance, low, likely, high = (cells.numbers(columns[name], name, rows=picked).tolist()
                                 for name in RISK_COLUMNS[:4])
    hits = cells.labels(columns["risk_tasks"], "risk_tasks", blank_ok=True, rows=picked)
    after: dict[str, list[float | None]] = {
        name: [None if np.isnan(x) else float(x)
               for x in cells.numbers(extra[name], name, blank=np.nan, rows=picked)]
        for name in ("mitigated_probabilities", "mitigated_likely_days") if name in extra}
    labels = (cells.labels(extra["risk_ids"], "risk_ids", blank_ok=True, rows=picked)
              if "risk_ids" in extra else [""] * len(picked))
    labels = [label or f"Row {i + 1}" for label, i in zip(labels, picked)]
    with rows.numbered():
        events = riskevents.register(
            names, [str(i + 1) for i in picked], chance, low, likely, high, hits,
            after.get("mitigated_probabilities"), after.get("mitigated_likely_days"))
    return labels, events


def _columns(probabilities: object, lows: object, likelies: object, highs: object,
             tasks: object) -> dict[str, object]:
    """The register's schedule columns by argument name."""
    return dict(zip(RISK_COLUMNS, (probabilities, lows, likelies, highs, tasks)))


@dataclass(frozen=True)
class _Network:
    """The task arguments of a schedule simulation, read and checked: the network carries the
    constraints, deadlines and progress when any is given (:func:`schedule.network`)."""

    used: cells.Rows
    names: list[str]
    low: np.ndarray
    likely: np.ndarray
    high: np.ndarray
    network: schedule.Network
    iterations: int
    start: date | None
    calendar: WorkCalendar

    def when(self, day: float) -> Any:
        """A finish day number as a date when a start date is given, else the number."""
        return day if self.start is None else _finish_date(day, self.start, self.calendar)


def _network(ids: object, o: object, m: object, p: object, predecessors: object,
             iterations: object, start_date: object, holidays: object,
             progress: _Progress) -> _Network:
    used = cells.rows(ids=ids, optimistic=o, most_likely=m, pessimistic=p,
                      predecessors=predecessors, **progress.given)
    names = cells.labels(ids, "ids", rows=used.used)
    _, lows, likely, highs = udf.three_point(o, m, p, used)
    links = cells.labels(predecessors, "predecessors", blank_ok=True, rows=used.used)
    runs = cells.integer(iterations, "iterations", udf.DEFAULT_ITERATIONS, minimum=2)
    start = cells.optional_date(start_date, "start_date")
    calendar = udf.calendar(holidays)
    with used.numbered():
        pins = progress.pins(used, start, calendar)
        network, _ = schedule.network(names, likely, links, pins, "most_likely")
    return _Network(used, names, lows, likely, highs, network, runs, start, calendar)


def _sra(net: _Network, seed: object, register: dict[str, object], *, tasks: bool = True
         ) -> sra.SraResult:
    _, risks = _register(net.names, register)
    with net.used.numbered():
        return sra.simulate(None, net.low, net.likely, net.high, None, net.iterations,
                            seed=udf.seed(seed), tasks=tasks, risks=risks, network=net.network)


def _finish_date(day: float, start: Any, calendar: WorkCalendar) -> Any:
    """A finish day number as the working day it falls on (inclusive, as MS Project shows)."""
    return calendar.add_workdays(start, max(int(np.ceil(day - schedule.TOLERANCE)) - 1, 0))


@udf.udf("=PMO_SRA(A2:A40, E2:E40, F2:F40, G2:G40, D2:D40, 80%)", simulation=True)
def PMO_SRA(
    ids: Annotated[Any, udf.arg(IDS_HELP)],
    optimistic: Annotated[Any, udf.arg(udf.O_HELP)],
    most_likely: Annotated[Any, udf.arg(udf.M_HELP)],
    pessimistic: Annotated[Any, udf.arg(udf.P_HELP)],
    predecessors: Annotated[Any, udf.arg(PRED_HELP)],
    percentile: Annotated[Any, udf.arg(udf.Q_HELP)],
    iterations: Annotated[Any, udf.arg(udf.ITER_HELP)] = None,
    start_date: Annotated[Any, udf.arg(START_HELP)] = None,
    holidays: Annotated[Any, udf.arg(udf.HOL_HELP)] = None,
    seed: Annotated[Any, udf.arg(udf.SEED_HELP)] = None,
    risk_probabilities: Annotated[Any, udf.arg(RISK_P_HELP)] = None,
    risk_min_days: Annotated[Any, udf.arg(RISK_MIN_HELP)] = None,
    risk_likely_days: Annotated[Any, udf.arg(RISK_ML_HELP)] = None,
    risk_max_days: Annotated[Any, udf.arg(RISK_MAX_HELP)] = None,
    risk_tasks: Annotated[Any, udf.arg(RISK_TASKS_HELP)] = None,
    constraint_types: Annotated[Any, udf.arg(TYPES_HELP)] = None,
    constraint_dates: Annotated[Any, udf.arg(CDATE_HELP)] = None,
    deadlines: Annotated[Any, udf.arg(DEADLINE_HELP)] = None,
    actual_starts: Annotated[Any, udf.arg(AS_HELP)] = None,
    actual_finishes: Annotated[Any, udf.arg(AF_HELP)] = None,
    percent_complete: Annotated[Any, udf.arg(PCT_HELP)] = None,
    status_date: Annotated[Any, udf.arg(STATUS_HELP)] = None,
    remaining_durations: Annotated[Any, udf.arg(REMAINING_HELP)] = None,
) -> udf.Cells:
    """Schedule risk analysis: project finish at a percentile by Monte Carlo over the network
    (Beta-PERT durations, Latin hypercube, fixed seed), with the risk register's delays when
    given; constraints, deadlines and progress as in PMO_CPM."""
    q = cells.fraction(percentile, "percentile")
    register = _columns(risk_probabilities, risk_min_days, risk_likely_days, risk_max_days,
                        risk_tasks)
    progress = _Progress.of(constraint_types, constraint_dates, deadlines, actual_starts,
                            actual_finishes, percent_complete, status_date, remaining_durations)
    net = _network(ids, optimistic, most_likely, pessimistic, predecessors, iterations,
                   start_date, holidays, progress)
    # The finish alone needs no backward pass nor per-task percentiles: about a third the work.
    result = _sra(net, seed, register, tasks=False)
    return cells.cell(net.when(sra.finish_percentile(result, q)))


@udf.udf("=PMO_SRA_TABLE(A2:A40, E2:E40, F2:F40, G2:G40, D2:D40, 10000, DATE(2027,1,4))",
         simulation=True)
def PMO_SRA_TABLE(
    ids: Annotated[Any, udf.arg(IDS_HELP)],
    optimistic: Annotated[Any, udf.arg(udf.O_HELP)],
    most_likely: Annotated[Any, udf.arg(udf.M_HELP)],
    pessimistic: Annotated[Any, udf.arg(udf.P_HELP)],
    predecessors: Annotated[Any, udf.arg(PRED_HELP)],
    iterations: Annotated[Any, udf.arg(udf.ITER_HELP)] = None,
    start_date: Annotated[Any, udf.arg(START_HELP)] = None,
    holidays: Annotated[Any, udf.arg(udf.HOL_HELP)] = None,
    seed: Annotated[Any, udf.arg(udf.SEED_HELP)] = None,
    risk_probabilities: Annotated[Any, udf.arg(RISK_P_HELP)] = None,
    risk_min_days: Annotated[Any, udf.arg(RISK_MIN_HELP)] = None,
    risk_likely_days: Annotated[Any, udf.arg(RISK_ML_HELP)] = None,
    risk_max_days: Annotated[Any, udf.arg(RISK_MAX_HELP)] = None,
    risk_tasks: Annotated[Any, udf.arg(RISK_TASKS_HELP)] = None,
    constraint_types: Annotated[Any, udf.arg(TYPES_HELP)] = None,
    constraint_dates: Annotated[Any, udf.arg(CDATE_HELP)] = None,
    deadlines: Annotated[Any, udf.arg(DEADLINE_HELP)] = None,
    actual_starts: Annotated[Any, udf.arg(AS_HELP)] = None,
    actual_finishes: Annotated[Any, udf.arg(AF_HELP)] = None,
    percent_complete: Annotated[Any, udf.arg(PCT_HELP)] = None,
    status_date: Annotated[Any, udf.arg(STATUS_HELP)] = None,
    remaining_durations: Annotated[Any, udf.arg(REMAINING_HELP)] = None,
) -> udf.Cells:
    """Schedule risk per task: criticality index, P50 and P80 finish, duration sensitivity
    (Spearman ρ with the project finish) and cruciality (criticality × sensitivity). Beta-PERT,
    Latin hypercube, fixed seed; constraints, deadlines and progress as in PMO_CPM."""
    register = _columns(risk_probabilities, risk_min_days, risk_likely_days, risk_max_days,
                        risk_tasks)
    progress = _Progress.of(constraint_types, constraint_dates, deadlines, actual_starts,
                            actual_finishes, percent_complete, status_date, remaining_durations)
    net = _network(ids, optimistic, most_likely, pessimistic, predecessors, iterations,
                   start_date, holidays, progress)
    result = _sra(net, seed, register)
    p50: Any = result.task_p50
    p80: Any = result.task_p80
    if net.start is not None:
        p50, p80 = [net.when(day) for day in p50], [net.when(day) for day in p80]
    columns = zip(result.criticality, p50, p80, result.sensitivity, result.cruciality)
    return cells.as_table(SRA_TABLE_HEADER, net.used.scatter(columns, blank=[""] * 5))


SRA_TABLE_HEADER = ["Criticality", "P50 finish", "P80 finish", "Sensitivity", "Cruciality"]


@udf.udf('=PMO_SRA_RISKS(A2:A40, E2:E40, F2:F40, G2:G40, D2:D40, Risks!B2:B30, Risks!D2:D30, '
         'Risks!N2:N30, Risks!O2:O30, Risks!P2:P30, Risks!M2:M30, Risks!Q2:Q30, Risks!S2:S30)',
         simulation=True)
def PMO_SRA_RISKS(
    ids: Annotated[Any, udf.arg(IDS_HELP)],
    optimistic: Annotated[Any, udf.arg(udf.O_HELP)],
    most_likely: Annotated[Any, udf.arg(udf.M_HELP)],
    pessimistic: Annotated[Any, udf.arg(udf.P_HELP)],
    predecessors: Annotated[Any, udf.arg(PRED_HELP)],
    risk_ids: Annotated[Any, udf.arg("Risk id or title per risk, to label the rows.")],
    risk_probabilities: Annotated[Any, udf.arg(RISK_P_HELP)],
    risk_min_days: Annotated[Any, udf.arg(RISK_MIN_HELP)],
    risk_likely_days: Annotated[Any, udf.arg(RISK_ML_HELP)],
    risk_max_days: Annotated[Any, udf.arg(RISK_MAX_HELP)],
    risk_tasks: Annotated[Any, udf.arg(RISK_TASKS_HELP)],
    mitigated_probabilities: Annotated[Any, udf.arg(
        "Probability per risk once mitigated (blank: unchanged).")] = None,
    mitigated_likely_days: Annotated[Any, udf.arg(
        "Most likely days per risk once mitigated; its min and max scale with it (blank: "
        "unchanged).")] = None,
    percentile: Annotated[Any, udf.arg("Confidence, 0 to 1 (default 80%: P80).")] = None,
    iterations: Annotated[Any, udf.arg(udf.ITER_HELP)] = None,
    start_date: Annotated[Any, udf.arg(START_HELP)] = None,
    holidays: Annotated[Any, udf.arg(udf.HOL_HELP)] = None,
    seed: Annotated[Any, udf.arg(udf.SEED_HELP)] = None,
    constraint_types: Annotated[Any, udf.arg(TYPES_HELP)] = None,
    constraint_dates: Annotated[Any, udf.arg(CDATE_HELP)] = None,
    deadlines: Annotated[Any, udf.arg(DEADLINE_HELP)] = None,
    actual_starts: Annotated[Any, udf.arg(AS_HELP)] = None,
    actual_finishes: Annotated[Any, udf.arg(AF_HELP)] = None,
    percent_complete: Annotated[Any, udf.arg(PCT_HELP)] = None,
    status_date: Annotated[Any, udf.arg(STATUS_HELP)] = None,
    remaining_durations: Annotated[Any, udf.arg(REMAINING_HELP)] = None,
) -> udf.Cells:
    """Which risks drive the date: per risk the P80 finish without it and the days it adds
    (largest first), and with it mitigated; last row all risks. Beta-PERT, same random numbers
    in every comparison; constraints, deadlines and progress as in PMO_CPM."""
    q = 0.8 if not cells.given(percentile) else cells.fraction(percentile, "percentile")
    progress = _Progress.of(constraint_types, constraint_dates, deadlines, actual_starts,
                            actual_finishes, percent_complete, status_date, remaining_durations)
    net = _network(ids, optimistic, most_likely, pessimistic, predecessors, iterations,
                   start_date, holidays, progress)
    register = _columns(risk_probabilities, risk_min_days, risk_likely_days, risk_max_days,
                        risk_tasks)
    labels, risks = _register(net.names, register, ids=risk_ids,
                              mitigated_probabilities=mitigated_probabilities,
                              mitigated_likely=mitigated_likely_days)
    if not risks:
        raise InputError("risk_tasks", "no risk names the tasks it delays (T1, T4) with its days")
    with net.used.numbered():
        ranking = riskdrivers.rank(None, net.low, net.likely, net.high, None, risks, q,
                                   net.iterations, seed=udf.seed(seed), network=net.network)
    when = net.when
    label = {risk.key: text for risk, text in zip(risks, labels)}
    rows = [[label[d.key], when(ranking.with_all), when(d.without), d.adds, when(d.mitigated),
             d.saves] for d in ranking.drivers]
    rows.append(["All risks", when(ranking.with_all), when(ranking.without_any),
                 ranking.with_all - ranking.without_any, when(ranking.mitigated_all),
                 ranking.with_all - ranking.mitigated_all])
    level = f"P{100 * q:.4g}"
    return cells.as_table(["Risk", f"{level} with it", f"{level} without it", "Days it adds",
                           f"{level} with it mitigated", "Days mitigation saves"], rows)


LOAD_HELP = "Load table: PMO_LOAD's spilled result (names down the side, periods across)."
CAP_HELP = "Capacity: one number, one per resource (a column), or a table like the load."


@udf.udf("=PMO_LOAD(B2:B200, C2:C200, D2:D200, E2:E200, Periods!B1:BA1, \"bell\")")
def PMO_LOAD(
    resources: Annotated[Any, udf.arg("Resource or role per task (a column).")],
    starts: Annotated[Any, udf.arg("Start date per task.")],
    finishes: Annotated[Any, udf.arg("Finish date per task (inclusive).")],
    efforts: Annotated[Any, udf.arg("Effort per task in hours.")],
    period_starts: Annotated[Any, udf.arg("First day of each period, ascending (a row or "
                                          "column).")],
    profile: Annotated[Any, udf.arg("Spread: flat (default), front, back or bell.")] = None,
    holidays: Annotated[Any, udf.arg(udf.HOL_HELP)] = None,
    unit: Annotated[Any, udf.arg("hours (default) or fte.")] = None,
    hours_per_fte: Annotated[Any, udf.arg("Hours in a full-time week (default 40).")] = None,
) -> udf.Cells:
    """Resource loading: each task's effort spread over its working days, summed per resource
    per period. Names down the side, periods across."""
    used = cells.rows(resources=resources, starts=starts, finishes=finishes, efforts=efforts)
    names = cells.labels(resources, "resources", rows=used.used)
    first = cells.dates(starts, "starts", rows=used.used)
    last = cells.dates(finishes, "finishes", rows=used.used)
    hours = cells.numbers(efforts, "efforts", rows=used.used)
    periods = cells.dates(period_starts, "period_starts")
    options: dict[str, Any] = {
        "profile": cells.choice(profile, "profile", "flat", loading.PROFILES),
        "calendar": udf.calendar(holidays),
        "unit": cells.choice(unit, "unit", "hours", loading.UNITS),
        "hours_per_fte": cells.number(hours_per_fte, "hours_per_fte", 40.0),
    }
    with used.numbered():
        result = loading.spread(names, first, last, hours, periods, **options)
    rows = [[name, *values] for name, values in zip(result.names, result.matrix)]
    return cells.as_table(["Resource", *result.period_starts], rows)


def _capacity(value: object) -> Any:
    cap = cells.matrix(value, "capacity")[2]
    return float(cap[0, 0]) if cap.size == 1 else cap


@udf.udf("=PMO_UTILISATION(J2#, Capacity!B2:B12)")
def PMO_UTILISATION(
    load: Annotated[Any, udf.arg(LOAD_HELP)],
    capacity: Annotated[Any, udf.arg(CAP_HELP)],
) -> udf.Cells:
    """Utilisation: load over capacity per resource and period (1 = fully booked)."""
    names, periods, hours = cells.matrix(load, "load")
    share = loading.utilisation(hours, _capacity(capacity))
    if names is None or periods is None:
        return [[cells.cell(x) for x in row] for row in share]
    return cells.as_table(["Resource", *periods], [[n, *row] for n, row in zip(names, share)])


@udf.udf("=PMO_OVERLOAD(J2#, 40)")
def PMO_OVERLOAD(
    load: Annotated[Any, udf.arg(LOAD_HELP)],
    capacity: Annotated[Any, udf.arg(CAP_HELP)],
) -> udf.Cells:
    """Over-allocations: each resource and period whose load exceeds capacity, with the
    excess."""
    names, periods, hours = cells.matrix(load, "load")
    names = names or [f"Row {i + 1}" for i in range(hours.shape[0])]
    starts: list[Any] = ([cells.to_date(p, "load") for p in periods] if periods is not None
                         else [f"Column {j + 1}" for j in range(hours.shape[1])])
    rows = loading.overload(hours, _capacity(capacity), names, starts)
    if not rows:
        return "No over-allocation"
    return cells.as_table(["Resource", "Period", "Excess"], rows)



CHECK_HEADER = ["Check", "Count", "Metric", "Threshold", "Result", "Failing ids"]
SHOWN_IDS = 5  # failing ids listed before "+ N more"
THRESHOLDS_HELP = ("Thresholds (optional), two columns: check number 1-14 (or high float days, "
                   "high duration days, slip days) and its value.")
_DAY_LIMITS = {"high float days": "high_float_days", "high duration days": "high_duration_days",
               "slip days": "slip_days"}


@udf.udf("=PMO_SCHEDULE_CHECK(A2:A40, C2:C40, D2:D40, DATE(2027,1,4), DATE(2027,3,31), "
         "H2:H40, I2:I40, J2:J40, K2:K40, L2:L40)")
def PMO_SCHEDULE_CHECK(
    ids: Annotated[Any, udf.arg(IDS_HELP)],
    durations: Annotated[Any, udf.arg("Duration per task in working days (0 for a milestone).")],
    predecessors: Annotated[Any, udf.arg(PRED_HELP)],
    start_date: Annotated[Any, udf.arg("Project start date: needed to place the other dates.")]
    = None,
    status_date: Annotated[Any, udf.arg("Status date: needed by checks 9, 11 and 14; CPLI runs "
                                        "from it.")] = None,
    baseline_starts: Annotated[Any, udf.arg("Baseline start per task (optional).")] = None,
    baseline_finishes: Annotated[Any, udf.arg("Baseline finish per task: needed by checks 11, "
                                              "13 and 14.")] = None,
    actual_starts: Annotated[Any, udf.arg(AS_HELP)] = None,
    actual_finishes: Annotated[Any, udf.arg(AF_HELP)] = None,
    percent_complete: Annotated[Any, udf.arg(PCT_HELP)] = None,
    constraint_types: Annotated[Any, udf.arg(TYPES_HELP)] = None,
    constraint_dates: Annotated[Any, udf.arg(CDATE_HELP)] = None,
    deadlines: Annotated[Any, udf.arg(DEADLINE_HELP)] = None,
    resources: Annotated[Any, udf.arg("Resource name or cost per task: needed by check 10.")]
    = None,
    task_types: Annotated[Any, udf.arg("Type per task (optional): task, milestone, summary or "
                                       "LOE; summary and LOE rows are not judged.")] = None,
    holidays: Annotated[Any, udf.arg(udf.HOL_HELP)] = None,
    weekmask: Annotated[Any, udf.arg(WEEKMASK_HELP)] = None,
    thresholds: Annotated[Any, udf.arg(THRESHOLDS_HELP)] = None,
    remaining_durations: Annotated[Any, udf.arg(REMAINING_HELP)] = None,
) -> udf.Cells:
    """Schedule health: the 14 checks of the DCMA 14-point assessment (logic, leads, lags, links,
    constraints, float, duration, dates, resources, missed tasks, critical path test, CPLI, BEI)
    with metric, threshold, pass or fail and the failing ids."""
    progress = _Progress.of(constraint_types, constraint_dates, deadlines, actual_starts,
                            actual_finishes, percent_complete, status_date, remaining_durations)
    extra = {"baseline_starts": baseline_starts, "baseline_finishes": baseline_finishes,
             "resources": resources, "task_types": task_types}
    used = cells.rows(ids=ids, durations=durations, predecessors=predecessors, **progress.given,
                      **{name: value for name, value in extra.items() if cells.given(value)})
    names = cells.labels(ids, "ids", rows=used.used)
    days = cells.numbers(durations, "durations", rows=used.used)
    links = cells.labels(predecessors, "predecessors", blank_ok=True, rows=used.used)
    start = cells.optional_date(start_date, "start_date")
    calendar = udf.calendar(holidays, weekmask)
    limits = _thresholds(thresholds)
    with used.numbered():
        pins = progress.pins(used, start, calendar) or constraints.Pins()
        base = {name: _baseline(extra[name], name, used, start, calendar)
                for name in ("baseline_starts", "baseline_finishes")}
        checks = health.assess(
            names, days, links, pins=pins, baseline_starts=base["baseline_starts"],
            baseline_finishes=base["baseline_finishes"],
            resources=_optional_labels(resources, "resources", used),
            task_types=_optional_labels(task_types, "task_types", used), thresholds=limits)
    return cells.as_table(CHECK_HEADER, [_check_row(c, limits) for c in checks])


def _optional_labels(value: object, argument: str, used: cells.Rows) -> list[str] | None:
    if not cells.given(value):
        return None
    return cells.labels(value, argument, blank_ok=True, rows=used.used)


def _baseline(value: object, argument: str, used: cells.Rows, start: date | None,
              calendar: WorkCalendar) -> list[float] | None:
    """Baseline dates as day numbers: starts at the start of their day, finishes at its end."""
    if not cells.given(value):
        return None
    if start is None:
        raise InputError("start_date", f"is needed to place {argument} on the working calendar")
    origin = calendar.add_workdays(start, 0)
    place = constraints.finish_day if argument == "baseline_finishes" else constraints.start_day
    return [math.nan if d is None else place(calendar, origin, d)
            for d in cells.optional_dates(value, argument, rows=used.used)]


def _thresholds(value: object) -> health.Thresholds:
    """Thresholds from a two-column range: check number (or a day limit's name) and value."""
    limits = health.Thresholds()
    if not cells.given(value):
        return limits
    changes: dict[str, float] = {}
    for row, pair in enumerate(cells.grid(value), start=1):
        if all(cells.is_blank(x) for x in pair):
            continue
        if len(pair) != 2:
            raise InputError("thresholds", "give two columns: check number (1-14) and threshold")
        key = cells.label(pair[0]).lower()
        number = int(float(key)) if key.replace(".", "", 1).isdigit() else 0
        field = _DAY_LIMITS.get(key) or (health.THRESHOLD_FIELDS[number - 1]
                                         if 1 <= number <= 14 else "")
        if not field:
            raise InputError("thresholds", f"'{pair[0]}' is not a check number 1-14 (12 has no "
                                           "threshold) or a day limit", row)
        changes[field] = cells.to_number(pair[1], "thresholds", row)
    return health.Thresholds(**{**vars(limits), **changes})


def _check_row(check: health.Check, limits: health.Thresholds) -> list[object]:
    threshold = health.threshold_text(check, limits)
    count = "" if check.passed is None or check.number in (12, 13) else \
        f"{check.count} of {check.population} {check.unit}"
    result = "n/a" if check.passed is None else ("Pass" if check.passed else "Fail")
    shown = ", ".join(check.failing[:SHOWN_IDS])
    if len(check.failing) > SHOWN_IDS:
        shown += f" + {len(check.failing) - SHOWN_IDS} more"
    detail = "; ".join(x for x in (shown, check.note) if x)
    metric: object = "" if math.isnan(check.metric) else check.metric
    return [f"{check.number} {check.name}", count, metric, threshold, result, detail]
