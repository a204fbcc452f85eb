"""The links of the work still to do at a status date: lags count from the predecessor's recorded
dates, so what has gone by by the forecast's first day is not waited for again."""

from __future__ import annotations

import datetime as dt

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.predecessors import Link
from pmokit.generators.remaining import as_text, remaining_links
from pmokit.workbooks.model import Task

D = dt.date
CAL = WorkCalendar(holidays=[D(2026, 12, 25)])
ORIGIN = D(2026, 11, 30)  # Monday: the working day after a Friday 27 Nov 2026 status date


def _task(tid: str, preds: str = "", done: float = 0.0, start: dt.date | None = None,
          finish: dt.date | None = None, **actual: dt.date) -> Task:
    return Task("P", tid, tid, optimistic=1, most_likely=2, pessimistic=3, predecessors=preds, percent_complete=done,
                start=start, finish=finish, **actual)


def test_a_lag_after_finished_work_counts_from_its_finish() -> None:
    """By hand: M met on Thu 10 Sep 2026; from Fri 11 Sep to Fri 27 Nov there are 56 working days
    (Fri 11 Sep, then the eleven full weeks from 14 Sep to 27 Nov); M FS+84 leaves 84 − 56 = 28. A start-to-start lag counts from the start: A began Mon 23 Nov,
    five working days before the origin, so SS+8 leaves 3 (the begun A's own remaining work is
    scheduled, so FS from it keeps its lag)."""
    tasks = [_task("M", done=1.0, finish=D(2026, 9, 10)),
             _task("A", "M", done=0.4, start=D(2026, 11, 23)),
             _task("B", "M FS+84"),
             _task("C", "A SS+8, A FS+2")]
    links = remaining_links(tasks, ORIGIN, CAL)
    assert links[2] == [Link("M", "FS", 28.0)]
    assert links[3] == [Link("A", "SS", 3.0), Link("A", "FS", 2.0)]
    assert links[0] == [] and links[1] == [Link("M", "FS", 0.0)]  # done: at day 0; begun: its start is behind it


def test_recorded_actuals_win_and_a_lag_never_goes_negative() -> None:
    """Actual dates over the sheet's; a lag long gone is 0, not a lead; a lead stays a lead; a
    predecessor with no dates keeps its whole lag (nothing says how much has gone by)."""
    tasks = [_task("1", done=1.0, finish=D(2026, 11, 20), actual_finish=D(2026, 11, 26)),
             _task("2", "1FS+3, 1FF+1"),
             _task("3", done=1.0),
             _task("4", "3FS+5, 1SS-2"),
             _task("5", "1FS+2", done=1.0, finish=D(2026, 11, 27))]
    links = remaining_links(tasks, ORIGIN, CAL)
    # 1 finished Thu 26 Nov: Fri 27 Nov has gone by, so FS+3 leaves 2 and FF+1 leaves 0
    assert links[1] == [Link("1", "FS", 2.0), Link("1", "FF", 0.0)]
    assert links[3] == [Link("3", "FS", 5.0), Link("1", "SS", -2.0)]
    assert links[4] == []


def test_links_read_back_as_microsoft_project_text() -> None:
    assert as_text([Link("9", "FS", 28.0), Link("A", "SS"), Link("B", "FF", -1.5)]) == "9FS+28, A SS, B FF-1.5"
    assert as_text([]) == ""
