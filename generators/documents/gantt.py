"""The plan's Gantt chart picture: one bar per task from early start to early finish, the critical
path in red, milestones as diamonds (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from pmokit.generators.analysis import TaskSchedule  # noqa: E402

# matplotlib.dates is untyped; these are its documented functions
_dates: Any = mdates
date2num = _dates.date2num

CRITICAL, OTHER, MILESTONE = "#C0392B", "#5B7FA6", "#1F3A5F"
WIDTH_CM = 17.0


def shown_tasks(tasks: Sequence[TaskSchedule], max_rows: int) -> list[TaskSchedule]:
    """All tasks when they fit; otherwise the critical ones and milestones, in plan order,
    capped at ``max_rows``."""
    if len(tasks) <= max_rows:
        return list(tasks)
    return [t for t in tasks if t.critical or t.milestone][:max_rows]


def gantt_png(tasks: Sequence[TaskSchedule], max_rows: int = 40, as_of: dt.date | None = None) -> tuple[bytes, str]:
    """The Gantt picture as PNG bytes, and its caption saying what it shows."""
    rows = shown_tasks(tasks, max_rows)
    height_in = min(1.0 + 0.24 * max(len(rows), 1), 9.5)
    fig = Figure(figsize=(WIDTH_CM / 2.54, height_in), dpi=150)
    ax = fig.add_subplot()
    for y, task in enumerate(rows):
        start = date2num(task.early_start)
        # finishes are inclusive (a 1-day task starts and finishes the same day): the bar ends
        # at the end of the finish day
        finish = date2num(task.early_finish + dt.timedelta(days=1))
        colour = CRITICAL if task.critical else OTHER
        if task.milestone or task.duration == 0:
            ax.plot([start], [y], marker="D", color=MILESTONE, markersize=6)
        else:
            ax.barh(y, finish - start, left=start, height=0.6, color=colour)
    if as_of is not None and rows:
        ax.axvline(date2num(as_of), color="#333333", linestyle="--", linewidth=0.8)
        # Right-aligned to the line: near the chart's right edge a left-aligned label was cut off.
        ax.annotate(f"status {as_of:%d %b %Y}", (date2num(as_of), -0.5), xytext=(-3, 2),
                    textcoords="offset points", fontsize=6.5, color="#333333", va="bottom",
                    ha="right", annotation_clip=False)
    ax.set_yticks(range(len(rows)), [_label(t) for t in rows], fontsize=6.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.xaxis_date()
    locator = _dates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_dates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    caption = ("Gantt chart of the forecast schedule (the critical path of the remaining work from the status "
               "date at PERT means; finished work at its recorded dates): critical tasks in red, milestones as "
               "diamonds" + (", the status date dashed." if as_of else "."))
    if len(rows) < len(tasks):
        caption += f" {len(rows)} of {len(tasks)} tasks shown (the critical path and milestones)."
    return buffer.getvalue(), caption


def _label(task: TaskSchedule) -> str:
    name = task.name if len(task.name) <= 38 else task.name[:37] + "…"
    return f"{task.task_id}  {name}"
