"""The work still to do at a status date, as the forecast schedules it: the Tasks sheet's
constraints, deadlines and progress on the engine's network, as Microsoft Project reschedules a
plan at its status date.

The forecast (``analysis``: the critical path at PERT means and PMO_SRA) runs on
:func:`pmokit.addin.schedule.network` with :class:`~pmokit.addin.constraints.Pins` from the
Tasks sheet: the very network ``=PMO_CPM(…)`` and ``=PMO_SRA(…)`` schedule when given the same
columns (:class:`Progress` holds them in those functions' argument order), in day numbers from
the project start. What the engine does with them is ``pmokit.addin.constraints``' rule: a
finished task keeps its actual dates and its links out become fixed dates for its successors; a
started task keeps its actual start and its remaining work (estimate × (1 − % complete), or the
Remaining column) runs after the status date with retained logic; unstarted ASAP / ALAP work
starts after the status date; constraints and deadlines as Microsoft Project honours them.

**One mechanism, not two.** This module used to rewrite each link's lag for a schedule counted
from the working day after the status date: a lag after finished work less the working days gone
by since the predecessor's recorded finish (``9FS+84`` after a milestone met on Thu 10 Sep 2026
left 28 days at a Fri 27 Nov status date). The engine's progress model already covers that case,
so the rule is gone: the link from a finished predecessor becomes the fixed date "its actual
finish + L working days" and the status date holds the successor no earlier than the day after,
so it starts at max(status + 1, finish + L): the same day the elapsed-lag rule gave, counted on
the calendar instead of subtracted (tests/generators/test_remaining.py works that example both
ways). Likewise an SS / SF lag from a begun task counts from its actual start. Where the two
differ the engine follows Microsoft Project: a begun task whose predecessor is unfinished
still waits for it with its remaining work (retained logic), where the old rule called its start
links met.

**Dates of work the sheet calls begun or done.** The engine needs an actual start for work
begun and places finished work on its actual dates. The Tasks sheet's Start and Finish are
"planned (or actual)": where % complete says a task has begun (or finished) and its Actual start
(Actual finish) is blank, the Start (Finish) is taken as the actual date, as :func:`progress`
says. A sheet that records its actual dates, as the sample and an imported plan do, is read as
it stands, so ``=PMO_SRA`` typed over its columns gives the deck's figure.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.constraints import TOLERANCE, Pins
from pmokit.addin.schedule import CpmResult, Network, network
from pmokit.workbooks.model import Task

FloatArray = NDArray[np.float64]



@dataclass(frozen=True)
class Progress:
    """The constraint, deadline and progress arguments of PMO_CPM / PMO_SRA for a project's
    tasks, in those functions' order (one value per task; None where blank)."""

    constraint_types: list[str]
    constraint_dates: list[dt.date | None]
    deadlines: list[dt.date | None]
    actual_starts: list[dt.date | None]
    actual_finishes: list[dt.date | None]
    percent_complete: list[float]
    status_date: dt.date
    remaining_durations: list[float | None]

    def arguments(self) -> tuple[object, ...]:
        """The eight arguments in the functions' order."""
        return (self.constraint_types, self.constraint_dates, self.deadlines, self.actual_starts,
                self.actual_finishes, self.percent_complete, self.status_date,
                self.remaining_durations)


def progress(tasks: list[Task], status_date: dt.date) -> Progress:
    """The tasks' constraints, deadlines and progress at ``status_date``: actual dates where the
    sheet records them, else for work begun (done) the sheet's Start (Finish): ``Task.begun_on``,
    the rule the schedule health check reads too."""
    return Progress(
        [t.constraint_type for t in tasks], [t.constraint_date for t in tasks],
        [t.deadline for t in tasks],
        [t.begun_on for t in tasks], [t.ended_on for t in tasks],
        [t.percent_complete for t in tasks], status_date, [t.remaining for t in tasks])


def pins(tasks: list[Task], start: dt.date, status_date: dt.date, calendar: WorkCalendar) -> Pins:
    """The engine's pins for the tasks, in day numbers from ``start`` on ``calendar``."""
    p = progress(tasks, status_date)
    return Pins.from_dates(
        start, calendar, constraint_types=p.constraint_types, constraint_dates=p.constraint_dates,
        deadlines=p.deadlines, actual_starts=p.actual_starts, actual_finishes=p.actual_finishes,
        percent_complete=p.percent_complete,
        remaining=[math.nan if r is None else r for r in p.remaining_durations],
        status_date=p.status_date)


def forecast_network(tasks: list[Task], durations: FloatArray, start: dt.date,
                     status_date: dt.date, calendar: WorkCalendar) -> tuple[Network, FloatArray]:
    """The project's network with its pins and the durations its passes take (a finished task's
    actual duration, a begun one's remaining): what the forecast schedules at PERT means and
    simulates from the most likely durations. A bad row raises the engine's ``InputError`` (argument
    and row), which the caller's :func:`pmokit.generators.boundary.at_cells` names at its cell."""
    return network([t.task_id for t in tasks], durations, [t.predecessors for t in tasks],
                   pins(tasks, start, status_date, calendar))


def missed_deadlines(result: CpmResult) -> NDArray[np.bool_]:
    """Per task: whether its forecast finish falls after its deadline (finished work excepted)."""
    b = result.bounds
    if b is None:
        return np.zeros(len(result.ids), dtype=bool)
    with np.errstate(invalid="ignore"):
        late = result.early_finish - b.deadline > TOLERANCE
    return late & ~b.complete
