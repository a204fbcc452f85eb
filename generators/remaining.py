"""The links of the work still to do at a status date, for the forecast schedule.

The forecast (``analysis``: the critical path and PMO_SRA of the remaining work, from the working
day after the status date) counts days from that day. A link's lag counts from its predecessor's
dates, which for finished and begun work lie in the past, so part of the lag has already gone by:
``9FS+84`` after a milestone met on 10 Sep 2026 leaves 28 working days at a 27 Nov status date, not
84 more (the sample's DWP-10 waits for its January restart that way). Left whole, past lags pile up
along chains of finished tasks and push the forecast months late. Microsoft Project reaches the
same dates by scheduling from the tasks' actual dates (its "actual start / finish" and status date).

The rule, per link (pred → task, lag L working days):

* a finished task's own links are met: it is done, at day 0;
* from a finished predecessor (FS / FF: its finish; SS / SF: its start) or a begun one (SS / SF:
  its start), the lag left is ``max(0, L − elapsed)``, ``elapsed`` being the working days from the
  day after its finish (FS / FF), or from its start (SS / SF), up to the forecast's first day;
  the dates are the recorded ones: actual, else the Tasks sheet's;
* a begun task has started: its start links (FS / SS) from finished or begun predecessors are met;
* every other link keeps its lag, as do leads (L ≤ 0) and links whose predecessor has no date.

:func:`as_text` writes the links back as Microsoft Project text, so ``=PMO_SRA`` over the remaining
estimates and these predecessors gives the deck's figure.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.predecessors import Link, parse, task_id
from pmokit.workbooks.model import Task

START_LINKS = ("FS", "SS")


def remaining_links(tasks: list[Task], origin: dt.date, calendar: WorkCalendar) -> list[list[Link]]:
    """Each task's links for the schedule of the work still to do from ``origin`` (the forecast's
    first working day), by the rule above; unknown predecessor ids are kept for the scheduler to
    name."""
    by_id = {task_id(t.task_id): t for t in tasks}
    out: list[list[Link]] = []
    for t in tasks:
        if t.percent_complete >= 1.0:
            out.append([])
            continue
        links = []
        for link in parse(t.predecessors):
            pred = by_id.get(task_id(link.pred))
            links.append(link if pred is None else Link(link.pred, link.kind, _lag_left(link, pred, t, origin, calendar)))
        out.append(links)
    return out


def _lag_left(link: Link, pred: Task, task: Task, origin: dt.date, calendar: WorkCalendar) -> float:
    done, begun = pred.percent_complete >= 1.0, pred.percent_complete > 0
    from_start = link.kind in ("SS", "SF")
    if task.percent_complete > 0 and link.kind in START_LINKS and (done or begun):
        return min(link.lag, 0.0)  # the task has started: what it waited for is behind it
    if link.lag <= 0 or not (done or (begun and from_start)):
        return link.lag  # a lead, or the predecessor's remaining work is scheduled: all of it is ahead
    anchor = (pred.actual_start or pred.start) if from_start else (pred.actual_finish or pred.finish)
    if anchor is None:
        return link.lag
    first = anchor if from_start else anchor + dt.timedelta(days=1)
    elapsed = int(np.busday_count(np.datetime64(first, "D"), np.datetime64(origin, "D"), busdaycal=calendar.numpy))
    return max(0.0, link.lag - max(elapsed, 0))


def as_text(links: list[Link]) -> str:
    """Links as Microsoft Project writes them: ``9FS+28, A SS``."""
    parts = []
    for link in links:
        pred = task_id(link.pred)
        kind = f"{pred}{link.kind}" if pred[-1:].isdigit() else f"{pred} {link.kind}"
        parts.append(kind + (f"{link.lag:+g}" if link.lag else ""))
    return ", ".join(parts)
