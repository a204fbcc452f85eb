"""Excel functions for schedules and resources: critical path, schedule risk, resource loading."""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np

from pmokit.addin import cells, loading, schedule, sra, udf
from pmokit.addin.calendar import WorkCalendar

IDS_HELP = "Task ids (a column), as the predecessors refer to them."
PRED_HELP = ("Predecessors per task as MS Project writes them: 3, 3FS+2, A SS, B FF-1 "
             "(comma-separated).")
START_HELP = ("Project start date (optional): answers in working-day dates (format those cells "
              "as dates) instead of day numbers.")
CPM_HEADER = ["Early start", "Early finish", "Late start", "Late finish", "Total float",
              "Free float", "Critical"]


@udf.udf("=PMO_CPM(A2:A40, C2:C40, D2:D40, DATE(2027,1,4), Holidays!A2:A20)")
def PMO_CPM(
    ids: Annotated[Any, udf.arg(IDS_HELP)],
    durations: Annotated[Any, udf.arg("Duration per task in working days (0 for a milestone).")],
    predecessors: Annotated[Any, udf.arg(PRED_HELP)],
    start_date: Annotated[Any, udf.arg(START_HELP)] = None,
    holidays: Annotated[Any, udf.arg(udf.HOL_HELP)] = None,
    weekmask: Annotated[Any, udf.arg("Working days Monday to Sunday, e.g. 1111100 (default).")]
    = None,
) -> udf.Cells:
    """Critical path: per task early/late start and finish, total and free float, critical.
    Floats in working days."""
    used = cells.rows(ids=ids, durations=durations, predecessors=predecessors)
    names = cells.labels(ids, "ids", rows=used.used)
    days = cells.numbers(durations, "durations", rows=used.used)
    links = cells.labels(predecessors, "predecessors", blank_ok=True, rows=used.used)
    with used.numbered():
        result = schedule.cpm(names, days, links)
    start = cells.optional_date(start_date, "start_date")
    columns: list[Any] = [result.early_start, result.early_finish, result.late_start,
                          result.late_finish]
    if start is not None:
        shown = schedule.as_dates(result, start, udf.calendar(holidays, weekmask))
        columns = [shown["early_start"], shown["early_finish"], shown["late_start"],
                   shown["late_finish"]]
    columns += [result.total_float, result.free_float, result.critical]
    return cells.as_table(CPM_HEADER, used.scatter(zip(*columns), blank=[""] * 7))


def _sra(ids: object, o: object, m: object, p: object, predecessors: object, iterations: object,
         seed: object, *, tasks: bool = True) -> tuple[cells.Rows, sra.SraResult]:
    used = cells.rows(ids=ids, optimistic=o, most_likely=m, pessimistic=p,
                      predecessors=predecessors)
    names = cells.labels(ids, "ids", rows=used.used)
    _, lows, likely, highs = udf.three_point(o, m, p, used)
    links = cells.labels(predecessors, "predecessors", blank_ok=True, rows=used.used)
    runs = cells.integer(iterations, "iterations", 10000, minimum=2)
    with used.numbered():
        return used, sra.simulate(names, lows, likely, highs, links, runs, seed=udf.seed(seed),
                                  tasks=tasks)


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
) -> udf.Cells:
    """Schedule risk analysis: project finish at a percentile by Monte Carlo over the network
    (Beta-PERT durations, Latin hypercube, fixed seed)."""
    q = cells.fraction(percentile, "percentile")
    # The finish alone needs no backward pass nor per-task percentiles: about a third the work.
    used, result = _sra(ids, optimistic, most_likely, pessimistic, predecessors, iterations,
                        seed, tasks=False)
    finish = sra.finish_percentile(result, q)
    start = cells.optional_date(start_date, "start_date")
    return cells.cell(finish if start is None else _finish_date(finish, start,
                                                                 udf.calendar(holidays)))


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
) -> udf.Cells:
    """Schedule risk per task: criticality index (share of runs on the critical path), P50
    and P80 finish (Beta-PERT durations, Latin hypercube, fixed seed)."""
    used, result = _sra(ids, optimistic, most_likely, pessimistic, predecessors, iterations,
                        seed)
    start = cells.optional_date(start_date, "start_date")
    p50: Any = result.task_p50
    p80: Any = result.task_p80
    if start is not None:
        calendar = udf.calendar(holidays)
        p50 = [_finish_date(day, start, calendar) for day in p50]
        p80 = [_finish_date(day, start, calendar) for day in p80]
    return cells.as_table(["Criticality", "P50 finish", "P80 finish"],
                          used.scatter(zip(result.criticality, p50, p80), blank=[""] * 3))


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

