"""From table grids to the portfolio model: the one parsing path for a file and for a live Excel book.

A :class:`Grid` is a table's values with its header row, and where it sits on its sheet. Parsing
maps headers to schema columns, reads every cell (:mod:`pmokit.workbooks.cells`), checks each row, builds
the model's records and then the cross-record rules (:mod:`pmokit.workbooks.checks`). Every problem is
collected with its sheet!cell; nothing stops at the first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pmokit.workbooks.cells import is_blank, label, read_column, show
from pmokit.workbooks.checks import Layout, check_portfolio
from pmokit.workbooks.errors import Problem
from pmokit.workbooks.model import Calendar, Holiday, Portfolio
from pmokit.workbooks.schema import SHEETS, Column, SheetSpec, column_letter


@dataclass
class Grid:
    """One table's cells, header row first; ``top`` and ``left`` are the 1-based sheet row and
    column of its header's first cell. ``sheet`` is the worksheet's name as written in the book;
    ``problems`` what reading the file found (rows below the table, a damaged sheet)."""

    sheet: str
    values: Sequence[Sequence[Any]]
    top: int = 1
    left: int = 1
    problems: list[Problem] = field(default_factory=list)  # found while reading: an error makes it unreadable


@dataclass
class Parsed:
    """Records per sheet (by spec name), the week mask, and where every column sits."""

    records: dict[str, list[Any]] = field(default_factory=dict)
    rejected: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # rows with errors: what was read
    unreadable: set[str] = field(default_factory=set)  # sheets missing, or missing a required column
    weekmask: str = ""  # the first week mask found; blank means Monday to Friday
    layout: Layout = field(default_factory=Layout)


def parse_grids(grids: Mapping[str, Grid], *, source: str = "", date1904: bool = False,
                today: dt.date | None = None, partial: bool = False) -> tuple[Portfolio | None, list[Problem]]:
    """Build the portfolio from table grids keyed by sheet name (any case). Returns the portfolio
    (None when any error was found, unless ``partial``: then the rows that could be read) and
    every problem, errors first."""
    portfolio, problems, _ = parse_with_layout(grids, source=source, date1904=date1904, today=today)
    errors = any(p.severity == "error" for p in problems)
    return (None if errors and not partial else portfolio), problems


def parse_with_layout(grids: Mapping[str, Grid], *, source: str = "", date1904: bool = False,
                      today: dt.date | None = None) -> tuple[Portfolio, list[Problem], Layout]:
    """:func:`parse_grids` that also says where each column sat, and always returns what it read."""
    by_name = {name.lower(): grid for name, grid in grids.items()}
    parsed = Parsed()
    problems: list[Problem] = []
    for spec in SHEETS:
        grid = by_name.get(spec.name.lower())
        if grid is None:
            parsed.records[spec.name] = []
            parsed.unreadable.add(spec.name)
            if spec.required:
                problems.append(Problem(spec.name, "", f"the {spec.name} sheet (a table named {spec.name}) is "
                                                       "missing; `pmokit new` writes the standard layout"))
            continue
        parsed.records[spec.name] = _parse_sheet(spec, grid, parsed, problems, date1904)
    portfolio = _portfolio(parsed, source)
    problems += check_portfolio(portfolio, parsed.layout, today=today or dt.date.today(),
                                rejected=parsed.rejected, unreadable=parsed.unreadable)
    errors = sorted((p for p in problems if p.severity == "error"), key=_position)
    return portfolio, errors + [p for p in problems if p.severity != "error"], parsed.layout


_SHEET_ORDER = {spec.name.lower(): i for i, spec in enumerate(SHEETS)}


def _position(problem: Problem) -> tuple[int, int, int, str]:
    """Sheet order, then row, then column: the order a person fixes them in."""
    found = re.fullmatch(r"([A-Z]+)(\d+)", problem.cell)
    row, column = (int(found.group(2)), found.group(1)) if found else (0, "")
    return _SHEET_ORDER.get(problem.sheet.lower(), len(_SHEET_ORDER)), row, len(column), column


def _parse_sheet(spec: SheetSpec, grid: Grid, parsed: Parsed, problems: list[Problem],
                 date1904: bool) -> list[Any]:
    name = grid.sheet or spec.name
    problems += grid.problems
    if any(p.severity == "error" for p in grid.problems):
        parsed.unreadable.add(spec.name)
        return []
    if not grid.values:
        if spec.required:
            problems.append(Problem(name, "", f"the {spec.name} table has no header row"))
        return []
    header = list(grid.values[0])
    positions: dict[str, int] = {}
    for j, text in enumerate(header):
        column = spec.match(text)
        if column is not None and column.field not in positions:
            positions[column.field] = j
    letters = {f: column_letter(grid.left - 1 + j) for f, j in positions.items()}
    parsed.layout.sheets[spec.name] = (name, letters)
    first_cell = f"{column_letter(grid.left - 1)}{grid.top}"
    missing = [c for c in spec.columns if c.required and c.field not in positions]
    for c in missing:
        problems.append(Problem(name, first_cell, f"column '{c.header}' is missing from the {spec.name} table's "
                                                  f"header row (required: {c.help})"))
    if missing:
        parsed.unreadable.add(spec.name)
        return []
    width = len(header)
    rows = [(grid.top + i, r) for i, r in enumerate(grid.values[1:], start=1) if not _blank_row(r)]
    cells = [r if len(r) == width else (list(r) + [None] * width)[:width] for _, r in rows]
    by_column = list(zip(*cells)) if cells else [() for _ in range(width)]  # transposed at C speed
    columns = {}
    for column in spec.columns:
        at = positions.get(column.field)
        if at is None:
            continue
        raw = list(by_column[at])
        columns[column.field] = (column, raw, *read_column(raw, column, date1904=date1904))
    # rows with a cell problem, a blank required cell or out-of-order values take the careful
    # path; the rest are built straight from the columns, positionally (the common case, and what
    # makes 50,000 tasks load in about a second)
    careful = {k for _, _, _, found in columns.values() for k in found}
    careful |= {k for column, _, values, _ in columns.values() if column.required
                for k, v in enumerate(values) if v is None}
    for earlier, later, _ in _ORDER.get(spec.name, ()):
        if earlier in columns and later in columns:
            careful |= {k for k, (a, b) in enumerate(zip(columns[earlier][2], columns[later][2]))
                        if a is not None and b is not None and b < a}
    if spec.name == "Calendar":
        careful = set(range(len(rows)))
    records: list[Any] = []
    for k in sorted(careful):
        sheet_row = rows[k][0]
        values = _row_values(spec, columns, k, letters, sheet_row, name, problems, parsed)
        if values is None:
            continue
        if spec.name != "Calendar":
            records.append((k, spec.record(**values, row=sheet_row)))
        elif "date" in values:
            values.pop("weekmask", None)
            records.append((k, Holiday(**values, row=sheet_row)))
    if spec.name != "Calendar":
        records += _clean_records(spec, columns, rows, careful)
    records.sort(key=lambda pair: pair[0])
    return [record for _, record in records]


def _clean_records(spec: SheetSpec, columns: dict[str, _Read], rows: list[tuple[int, Any]],
                   careful: set[int]) -> list[tuple[int, Any]]:
    """Records of the rows without problems, built positionally: a blank cell or a column the
    sheet does not have gives the field's default."""
    n = len(rows)
    by_field: list[Sequence[Any]] = []
    for f in dataclasses.fields(spec.record):
        if f.name == "row":
            by_field.append([sheet_row for sheet_row, _ in rows])
        elif f.name in columns:
            values = columns[f.name][2]
            default = f.default if f.default is not dataclasses.MISSING else None
            by_field.append(values if default is None else [default if v is None else v for v in values])
        else:
            by_field.append([f.default] * n)
    make = spec.record
    return [(k, make(*fields)) for k, fields in enumerate(zip(*by_field)) if k not in careful]


def _blank_row(row: Sequence[Any]) -> bool:
    first = row[0] if row else None
    if first is not None and first != "" and type(first) is not str:
        return False  # a number or date in the first cell, the common case
    if type(first) is str and first.strip():
        return False
    cells = list(row)
    if cells.count("") + cells.count(None) == len(cells):
        return True
    return all(is_blank(v) for v in cells)


_Read = tuple[Column, list[Any], list[Any], dict[int, str]]  # column, raw cells, values, problems by row


def _row_values(spec: SheetSpec, columns: dict[str, _Read], k: int, letters: dict[str, str], sheet_row: int,
                name: str, problems: list[Problem], parsed: Parsed) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    ok = True
    mask_only = "weekmask" in columns and all(  # a Calendar row holding only the working week
        columns[f][2][k] is None and k not in columns[f][3] for f in columns if f != "weekmask")
    for field_name, (column, raw, read_values, column_problems) in columns.items():
        if k in column_problems:
            problems.append(Problem(name, f"{letters[field_name]}{sheet_row}", column_problems[k]))
            ok = False
            continue
        value = read_values[k]
        if value is None:
            if column.required and not mask_only:
                problems.append(Problem(name, f"{letters[field_name]}{sheet_row}", f"{label(column)} is required"))
                ok = False
            continue
        if field_name == "weekmask":
            ok = _weekmask(value, raw[k], column, parsed, name, f"{letters[field_name]}{sheet_row}", problems) and ok
        values[field_name] = value
    for problem in _row_rules(spec, values, letters, sheet_row, name):
        problems.append(problem)
        ok = False
    if not ok:  # other rows may still refer to this one: keep what was read for the reference checks
        parsed.rejected.setdefault(spec.name, []).append(values)
        return None
    return values


def _weekmask(value: str, raw: Any, column: Column, parsed: Parsed, name: str, cell: str,
              problems: list[Problem]) -> bool:
    mask = value.zfill(7) if isinstance(raw, (int, float)) else value
    if not re.fullmatch(r"[01]{7}", mask) or "1" not in mask:
        problems.append(Problem(name, cell, f"{label(column)} {show(raw)} is not seven 1s and 0s for Monday "
                                            "to Sunday with at least one working day, e.g. 1111100"))
        return False
    parsed.weekmask = parsed.weekmask or mask
    return True


# (earlier field, later field, sentence): a later value below the earlier one is an error.
_ORDER: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Tasks": (("optimistic", "most_likely", "less than"), ("most_likely", "pessimistic", "less than"),
              ("start", "finish", "before")),
    "Projects": (("start", "baseline_finish", "before"), ("start", "forecast_finish", "before")),
    "Resources": (("available_from", "available_to", "before"),),
    "Risks": (("cost_min", "cost_likely", "less than"), ("cost_likely", "cost_max", "less than")),
}


def _row_rules(spec: SheetSpec, values: dict[str, Any], letters: dict[str, str], sheet_row: int,
               name: str) -> list[Problem]:
    found = []
    for earlier, later, words in _ORDER.get(spec.name, ()):
        a, b = values.get(earlier), values.get(later)
        if a is not None and b is not None and b < a:
            found.append(Problem(name, f"{letters[later]}{sheet_row}",
                                 f"{label(spec.column(later))} {show(b)} is {words} "
                                 f"{label(spec.column(earlier))} {show(a)}"))
    return found


def _portfolio(parsed: Parsed, source: str) -> Portfolio:
    r = parsed.records
    return Portfolio(
        projects=tuple(r["Projects"]), tasks=tuple(r["Tasks"]), resources=tuple(r["Resources"]),
        calendar=Calendar(holidays=tuple(r["Calendar"]), weekmask=parsed.weekmask or "1111100"),
        status=tuple(r["Status"]), milestones=tuple(r["Milestones"]), risks=tuple(r["Risks"]),
        decisions=tuple(r["Decisions"]), charters=tuple(r["Charter"]), throughput=tuple(r["Throughput"]),
        source=source, layout=parsed.layout.sheets,
    )

