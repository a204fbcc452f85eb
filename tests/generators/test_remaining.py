"""The work still to do at a status date: the Tasks sheet's constraints, deadlines and progress on
the engine's network (pmokit.generators.remaining). The engine's progress model covers what the
old elapsed-lag rule did — a lag after finished work counts from the predecessor's recorded
dates, so what has gone by is not waited for again — worked here both ways by hand."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.schedule import as_dates, schedule_network
from pmokit.generators.remaining import forecast_network, missed_deadlines, progress
from pmokit.generators.boundary import TASK_ARGUMENTS, Rows, at_cells
from pmokit.workbooks.errors import WorkbookError
from pmokit.workbooks.model import Portfolio, Project, Task

D = dt.date
CAL = WorkCalendar(holidays=[D(2026, 12, 25)])
START = D(2026, 9, 1)
STATUS = D(2026, 11, 27)  # a Friday: the forecast's first working day is Monday 30 November
ORIGIN = D(2026, 11, 30)


def _task(tid: str, preds: str = "", done: float = 0.0, ml: float = 2.0, **dates: object) -> Task:
    return Task("P", tid, tid, optimistic=ml, most_likely=ml, pessimistic=ml, predecessors=preds,
                percent_complete=done, row=int(tid) + 1 if tid.isdigit() else 0, **dates)  # type: ignore[arg-type]


def _schedule(tasks: list[Task]) -> dict[str, list[dt.date]]:
    durations = np.array([t.most_likely or 0.0 for t in tasks])
    return as_dates(schedule_network(*forecast_network(tasks, durations, START, STATUS, CAL)), START, CAL)


def test_a_lag_after_finished_work_counts_from_its_recorded_finish() -> None:
    """M met Thu 10 Sep 2026; B follows it FS+84. The old rule: from Fri 11 Sep to Fri 27 Nov there
    are 56 working days (Fri 11 Sep, then the eleven weeks from 14 Sep to 27 Nov), so 84 − 56 = 28
    are left from Mon 30 Nov: B starts on the 28th working day after it, Fri 8 Jan 2027 (25 Dec
    off). The engine: B starts no earlier than M's actual finish + 84 working days, the start of
    the 85th working day after 10 Sep — Fri 8 Jan 2027 — and after the status date: the same day.
    With FS+3 the lag has long gone by and the status date holds B: Mon 30 Nov. An SS lag counts
    from the actual start: A began Mon 23 Nov, so A SS+8 holds C to Thu 3 Dec."""
    tasks = [_task("M", done=1.0, ml=0.0, actual_start=D(2026, 9, 10), actual_finish=D(2026, 9, 10)),
             _task("A", "M", done=0.4, actual_start=D(2026, 11, 23)),
             _task("B", "M FS+84"),
             _task("E", "M FS+3"),
             _task("C", "A SS+8")]
    assert CAL.add_workdays(ORIGIN, 28) == D(2027, 1, 8)  # the old rule's day
    dates = _schedule(tasks)
    assert dates["early_start"][2] == D(2027, 1, 8)
    assert dates["early_start"][3] == ORIGIN
    assert dates["early_start"][4] == D(2026, 12, 3)
    assert dates["early_start"][:2] == [D(2026, 9, 10), D(2026, 11, 23)]  # facts stay where they happened


def test_work_the_sheet_calls_begun_or_done_takes_its_start_and_finish_as_actual() -> None:
    """Start and Finish are "planned (or actual)": without Actual start / finish, a task % complete
    says has begun (finished) takes them; recorded actual dates win."""
    tasks = [_task("1", done=1.0, start=D(2026, 9, 1), finish=D(2026, 9, 2)),
             _task("2", "1", done=0.5, ml=4.0, start=D(2026, 9, 3), finish=D(2026, 9, 8),
                   actual_start=D(2026, 9, 4)),
             _task("3", "2", start=D(2026, 9, 9), finish=D(2026, 9, 10))]
    p = progress(tasks, STATUS)
    assert p.actual_starts == [D(2026, 9, 1), D(2026, 9, 4), None]
    assert p.actual_finishes == [D(2026, 9, 2), None, None]
    assert p.status_date == STATUS and p.constraint_types == ["", "", ""]
    dates = _schedule(tasks)
    assert (dates["early_start"][0], dates["early_finish"][0]) == (D(2026, 9, 1), D(2026, 9, 2))
    # 2's two remaining days run Mon 30 Nov – Tue 1 Dec after the status date; 3 follows on Wed 2 Dec
    assert dates["early_finish"][1] == D(2026, 12, 1) and dates["early_start"][2] == D(2026, 12, 2)


def test_a_row_the_engine_cannot_place_is_named_at_its_cell() -> None:
    """The engine names the argument and row; the generators' one boundary (at_cells) turns that
    into the Tasks sheet's cell, as for every other core error."""
    def schedule_at_cells(tasks: list[Task]) -> None:
        portfolio = Portfolio((Project("P", "P"),), tasks=tuple(tasks))
        with at_cells(portfolio, "P", Rows("Tasks", tasks, TASK_ARGUMENTS)):
            _schedule(tasks)

    tasks = [_task("1"), _task("2", "1", done=0.4), _task("3", "1", done=0.0)]
    with pytest.raises(WorkbookError, match=re.escape(
            "Tasks!M3: % complete: 40% complete but no actual start: give the date work began")):
        schedule_at_cells(tasks)
    tasks = [_task("1"), _task("2", "1", constraint_type="MSO")]
    with pytest.raises(WorkbookError, match=re.escape(
            "Tasks!W3: constraint date: is blank, but a MSO constraint needs a date")):
        schedule_at_cells(tasks)


def test_a_missed_deadline_is_flagged_and_a_finished_task_never_is() -> None:
    """1 finished late (a deadline in its past is history, not a forecast); 2 (5 days) runs Mon 30
    Nov – Fri 4 Dec after the status date, past its Thu 3 Dec deadline: missed by one day, its
    total float −1; 3 meets its own."""
    tasks = [_task("1", done=1.0, actual_start=D(2026, 9, 1), actual_finish=D(2026, 9, 30),
                   deadline=D(2026, 9, 15)),
             _task("2", "1", ml=5.0, deadline=D(2026, 12, 3)),
             _task("3", "2", ml=1.0, deadline=D(2026, 12, 31))]
    result = schedule_network(*forecast_network(tasks, np.array([20.0, 5.0, 1.0]), START, STATUS, CAL))
    assert missed_deadlines(result).tolist() == [False, True, False]
    assert result.total_float.tolist()[:2] == [0.0, -1.0]
