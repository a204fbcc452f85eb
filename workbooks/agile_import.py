"""``pmokit import jira|azure-devops CSV``: an agile team's finished items per period into the
Throughput sheet, and the backlog left at each period's end.

An item counts as done in the period its resolution date falls in, when its status says done.
Periods are ``period_days`` long and end on the period end the options give (weekly periods end on
Fridays by default); a period with nothing finished is a real zero and is written. The backlog at
a period's end is the items created by then and not yet done (the last row: the items still open
in the export), when the export has a created date; otherwise only the last row has it.

Defaults follow each tool's standard CSV export headers: Jira's "Export Excel CSV (all fields)"
(Issue key, Status, Resolution, Created, Resolved; dates like ``12/Mar/26 3:45 PM``) and Azure
DevOps' query export (ID, State, Created Date, Closed Date; dates like ``3/12/2026 3:45:00 PM``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from pmokit.addin.errors import PmoError
from pmokit.workbooks.inputs import read_regular
from pmokit.workbooks.model import Throughput
from pmokit.workbooks.schema import FIRST_DATE

LAST_DAY = dt.date(9999, 12, 24)  # a week before Excel's last date: the period end after it still exists
MAX_PERIODS = 10_000  # about 190 years of weekly periods

#: Statuses of items taken off the backlog without being done (Azure DevOps' "Removed", …).
DROPPED = ("removed", "cancelled", "canceled", "rejected", "won't do")
#: Resolutions Jira gives items that were closed without being done.
NOT_DONE = ("won't do", "won't fix", "duplicate", "cannot reproduce", "incomplete", "declined", "rejected")
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%d/%b/%y %I:%M %p",
                "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p",
                "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y")


class AgileError(PmoError):
    """The CSV export cannot be read as asked; nothing was written."""

    exit_code = 1


@dataclass(frozen=True)
class AgileOptions:
    """Which columns say when and whether an item was done, and how long a period is."""

    date_column: str
    status_column: str
    done: tuple[str, ...]
    created_column: str = ""
    resolution_column: str = ""
    period_days: int = 7
    period_end: dt.date | None = None  # the last period's end; default: see the module docstring
    date_format: str = ""


JIRA = AgileOptions("Resolved", "Status", ("done", "closed", "resolved"), "Created", "Resolution")
AZURE_DEVOPS = AgileOptions("Closed Date", "State", ("done", "closed", "completed"), "Created Date")
TOOLS = {"jira": JIRA, "azure-devops": AZURE_DEVOPS, "azure": AZURE_DEVOPS, "ado": AZURE_DEVOPS}


@dataclass
class AgileRows:
    rows: list[Throughput]
    notes: list[str] = field(default_factory=list)


def throughput_rows(path: str | Path, project_id: str, options: AgileOptions) -> AgileRows:
    """Read a CSV export into the project's Throughput rows."""
    source = Path(path)
    data = read_regular(source, AgileError, what="CSV export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text))
    try:
        table = list(reader)
    except csv.Error as exc:  # a field beyond the csv module's limit, a NUL byte, …
        raise AgileError(f"{source.name} line {reader.line_num}: not CSV pmokit can read ({exc})") from None
    if not table or not any(h.strip() for h in table[0]):
        raise AgileError(f"{source.name} has no header row")
    header = [h.strip() for h in table[0]]
    rows = [r for r in table[1:] if any(c.strip() for c in r)]

    def column(name: str, option: str, required: bool = True) -> int | None:
        folded = [h.casefold() for h in header]
        if name.casefold() in folded:
            return folded.index(name.casefold())
        if required:
            raise AgileError(f"{source.name} has no column '{name}' (use {option} to name it); its columns are "
                             f"{', '.join(header[:15])}{' …' if len(header) > 15 else ''}")
        return None

    done_at = column(options.date_column, "--date-column")
    status_at = column(options.status_column, "--status-column")
    created_at = column(options.created_column, "--created-column", False) if options.created_column else None
    resolution_at = column(options.resolution_column, "", False) if options.resolution_column else None

    def cell(r: list[str], j: int | None) -> str:
        return r[j].strip() if j is not None and j < len(r) else ""

    done_dates = _dates([cell(r, done_at) for r in rows], options, options.date_column, source.name)
    created = (_dates([cell(r, created_at) for r in rows], options, options.created_column, source.name)
               if created_at is not None else [None] * len(rows))
    finished: list[dt.date] = []
    opened: list[tuple[dt.date | None, dt.date | None]] = []  # (created, done) of every counted item
    skipped = 0
    wanted = {s.casefold() for s in options.done}
    for r, when, made in zip(rows, done_dates, created):
        if cell(r, status_at).casefold() in DROPPED:
            skipped += 1
            continue
        is_done = cell(r, status_at).casefold() in wanted and when is not None
        if is_done and cell(r, resolution_at).casefold() in NOT_DONE:
            skipped += 1
            continue
        if is_done and when is not None:
            finished.append(when)
        opened.append((made, when if is_done else None))
    notes = []
    if skipped:
        notes.append(f"{skipped} items closed without being done (Removed, Won't Do, Duplicate, …) are not "
                     "counted, as done or as backlog")
    if not finished:
        raise AgileError(f"{source.name} has no done items (status {', '.join(options.done)} with a "
                         f"'{options.date_column}' date): nothing to count")
    ends = _period_ends(min(finished), max(finished), options)
    out = []
    for k, end in enumerate(ends):
        start = end - dt.timedelta(days=options.period_days)
        count = sum(1 for d in finished if start < d <= end)
        if created_at is not None:
            backlog: float | None = float(sum(1 for made, gone in opened
                                              if (made is None or made <= end) and (gone is None or gone > end)))
        else:
            backlog = float(sum(1 for _, gone in opened if gone is None)) if k == len(ends) - 1 else None
        out.append(Throughput(project_id, end, float(count), backlog))
    return AgileRows(out, notes)


def _dates(values: list[str], options: AgileOptions, name: str, source: str) -> list[dt.date | None]:
    """Parse a date column with the one format that reads all of it (day-first and month-first
    are told apart by the column as a whole, not cell by cell)."""
    filled = [v for v in values if v]
    formats = (options.date_format,) if options.date_format else DATE_FORMATS
    for fmt in formats:
        try:
            parsed = {v: dt.datetime.strptime(v, fmt).date() for v in set(filled)}
        except ValueError:
            continue
        outside = next((i for i, v in enumerate(values, start=2) if v and not FIRST_DATE <= parsed[v] <= LAST_DAY), None)
        if outside is not None:
            raise AgileError(f"{source}: column '{name}' row {outside}: {values[outside - 2]!r} is outside the dates "
                             f"a workbook holds ({FIRST_DATE.isoformat()} to {LAST_DAY.isoformat()})")
        return [parsed[v] if v else None for v in values]
    bad = next((i for i, v in enumerate(values, start=2) if v and not _any_format(v, formats)), None)
    shown = f"row {bad}: '{values[bad - 2]}'" if bad else f"'{filled[0]}'"
    raise AgileError(f"{source}: column '{name}' has dates in no one format pmokit knows ({shown}); give the "
                     "format with --date-format, e.g. \"%d/%b/%y %I:%M %p\"")


def _any_format(value: str, formats: tuple[str, ...]) -> bool:
    for fmt in formats:
        try:
            dt.datetime.strptime(value, fmt)
            return True
        except ValueError:
            continue
    return False


def _period_ends(first: dt.date, last: dt.date, options: AgileOptions) -> list[dt.date]:
    """The period ends from the one holding ``first`` to the one holding ``last``; at most
    :data:`MAX_PERIODS` of them (a Throughput sheet of more is a mistake in the dates or options)."""
    end = options.period_end
    if end is None:
        end = last
        if options.period_days % 7 == 0:
            end += dt.timedelta(days=(4 - last.weekday()) % 7)  # the Friday that week
    count = (end - first).days // options.period_days + 1
    if count > MAX_PERIODS:
        raise AgileError(f"the items were done from {first.isoformat()} to {last.isoformat()}: {count:,} periods of "
                         f"{options.period_days} days, more than the {MAX_PERIODS:,} a Throughput sheet takes; check "
                         "the dates, or give a longer --period-days")
    step = dt.timedelta(days=options.period_days)
    return list(reversed([end - k * step for k in range(max(count, 0)) if end - k * step >= first]))
