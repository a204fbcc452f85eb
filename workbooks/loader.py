"""Loading the PMO workbook into the portfolio model, from a file or from a live Excel book.

File path: python-calamine reads the tables (their place and values, dates already as dates) and
the workbook's cells in one Rust pass; the only XML we read ourselves is ``workbook.xml`` (the
1904 date-system flag) and, when a sheet holds Excel error values, that sheet's cells with
``t="e"``, because calamine gives an error cell as blank and a blank ``#N/A`` must not pass as an
empty cell. openpyxl is not needed at all. The file is opened read-only and never written.

Live path (the Excel buttons): ``book.sheets[name].tables[name].range.value`` through xlwings —
unsaved edits included — then the same parsing (:mod:`pmokit.workbooks.reading`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineError

from pmokit.workbooks.cells import CellError
from pmokit.workbooks.errors import Problem, WorkbookError
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.output import note_input
from pmokit.workbooks.checks import Layout
from pmokit.workbooks.tables import MAX_CELLS, TableDef, column_number, letters, read_package, sheet_extent
from pmokit.workbooks.reading import Grid, parse_grids, parse_with_layout
from pmokit.workbooks.schema import SHEETS

SUFFIXES = (".xlsx", ".xlsm")
# what reading one damaged sheet raises: calamine's errors, XML parsers' (lxml's is a SyntaxError),
# a bad checksum or a cut-off member in the zip
_UNREADABLE: tuple[type[BaseException], ...] = (
    CalamineError, ElementTree.ParseError, SyntaxError, ValueError, KeyError, zipfile.BadZipFile, EOFError, zlib.error)
_UNOPENABLE: tuple[type[BaseException], ...] = (OSError, *_UNREADABLE)
_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>.*?</f>)?<v>([^<]*)</v>',
                         re.DOTALL)


def load_portfolio(path: str | Path, *, today: dt.date | None = None) -> Portfolio:
    """Read a PMO workbook (.xlsx / .xlsm) into the portfolio model.

    Raises :class:`WorkbookError` listing every error with its sheet and cell.
    """
    portfolio, problems = read_portfolio(path, today=today)
    if portfolio is None:
        raise WorkbookError([p for p in problems if p.severity == "error"], source=str(path))
    return portfolio


def read_portfolio(path: str | Path, *, today: dt.date | None = None,
                   partial: bool = False) -> tuple[Portfolio | None, list[Problem]]:
    """Read a workbook and every problem in it: the portfolio (None when there are errors, unless
    ``partial``: then what could be read) and the problems, errors first. ``today`` is the date
    status reports may not be after. Never raises for a bad workbook."""
    portfolio, problems, _ = read_with_layout(path, today=today)
    errors = any(p.severity == "error" for p in problems)
    return (None if errors and not partial else portfolio), problems


def read_with_layout(path: str | Path, *,
                     today: dt.date | None = None) -> tuple[Portfolio | None, list[Problem], Layout]:
    """:func:`read_portfolio` that also says where each column sat (for the validator's cells);
    the portfolio is what could be read, None only when the file could not be opened."""
    target = Path(path)
    opened = _open_problem(target)
    note_input(target)
    if opened:
        return None, [Problem(target.name, "", opened)], Layout()
    with _collector_paused():
        try:
            grids, date1904 = read_grids(target)
        except _UNOPENABLE as exc:
            return None, [Problem(target.name, "", f"cannot be read as an Excel workbook ({_reason(exc)})")], Layout()
        return parse_with_layout(grids, source=str(target), date1904=date1904, today=today)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workbook is read: a large workbook makes
    hundreds of thousands of lists and records, none of them in a cycle, and the collector would
    rescan them again and again (about a third of the load time of 50,000 tasks)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _open_problem(path: Path) -> str:
    try:
        info = path.stat()
    except FileNotFoundError:
        return f"there is no file {path}"
    except OSError as exc:
        return f"{path} cannot be opened ({exc.strerror or exc})"
    if stat.S_ISDIR(info.st_mode):
        return f"{path} is a folder, not a workbook"
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block the reader, or never end
        return f"{path} is not a regular file (a pipe or a device?); give the workbook's file"
    if path.suffix.lower() not in SUFFIXES:
        return f"{path.name} is not an .xlsx or .xlsm workbook"
    return ""


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def read_grids(path: Path) -> tuple[dict[str, Grid], bool]:
    """The standard tables of a workbook file as grids (by sheet name), and whether the workbook
    uses the 1904 date system. A sheet without a table is read from its first non-empty row.

    Only the tables' ranges are read, and the rows directly below a table that its range does
    not cover (what a paste or another tool's writer leaves): those are read as part of the
    table, with a warning on the grid saying how to resize it. A sheet whose cells reach too far
    to load at once is read by streaming just the table's range; a damaged sheet becomes a grid
    carrying the problem, named by sheet.
    """
    with zipfile.ZipFile(path) as archive:
        package = read_package(archive)
        plans: list[tuple[str, str, TableDef | None, bytes | BaseException]] = []
        for spec in SHEETS:
            table = package.table(spec.name)
            sheet_name = package.sheet_name(spec.name)
            if table is None and sheet_name is not None:
                on = package.tables_on(sheet_name)
                table = on[0] if len(on) == 1 else None
            sheet = table.sheet if table is not None else sheet_name
            if sheet is None:
                continue
            try:
                plans.append((spec.name, sheet, table, archive.read(package.sheets[sheet])))
            except _UNREADABLE as exc:
                plans.append((spec.name, sheet, table, exc))
    grids: dict[str, Grid] = {}
    with _Book(path) as book:
        for spec_name, sheet, table, xml in plans:
            try:
                if isinstance(xml, BaseException):
                    raise xml
                grid = _grid(book, path, sheet, table, xml)
            except _UNREADABLE as exc:
                grids[spec_name] = Grid(sheet, [], problems=[Problem(sheet, "", f"the sheet is damaged and cannot "
                                                                                f"be read ({_reason(exc)})")])
                continue
            if b't="e"' in xml and grid.values:
                _mark_errors(grid, _error_cells(xml))
            grids[spec_name] = grid
    return grids, package.date1904


class _Book:
    """calamine's workbook, opened on first use and closed at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book: Any = None

    def __enter__(self) -> _Book:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.book is not None:
            self.book.close()

    def rows(self, sheet: str) -> list[list[Any]]:
        """Every row of the sheet from A1, as calamine reads them (the caller checked its extent)."""
        from python_calamine import CalamineWorkbook

        if self.book is None:
            self.book = CalamineWorkbook.from_path(str(self.path))
        return self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)  # type: ignore[no-any-return]


def _grid(book: _Book, path: Path, sheet: str, table: TableDef | None, xml: bytes) -> Grid:
    extent = sheet_extent(xml)
    rows: list[list[Any]] | None = None
    if extent <= MAX_CELLS:
        try:
            rows = book.rows(sheet)
        except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
            if type(exc).__name__ != "PanicException":
                raise
            # calamine panics on a date-formatted cell holding a number far outside Excel's dates;
            # openpyxl reads it as #VALUE!, which the checks report
    if table is None:
        if rows is None and extent > MAX_CELLS:
            return Grid(sheet, [], problems=[Problem(sheet, "", f"its cells reach too far to read without a table "
                                                                "(a value far below or right of the data?): make the "
                                                                "data an Excel table (Insert > Table) or clear those "
                                                                "cells")])
        return _sheet_grid(sheet, rows if rows is not None else _stream(path, sheet, 1, 1, None, None))
    return _table_grid(path, sheet, table, rows)


def _table_grid(path: Path, sheet: str, table: TableDef, rows: list[list[Any]] | None) -> Grid:
    """The table's data rows under its column names, then the rows directly below it."""
    first = table.first_row + (1 if table.header_rows else 0)  # 1-based first data row
    last = table.last_row - table.totals_rows
    left, right = table.first_col, table.last_col
    if rows is not None:
        data = [_cut(rows[i - 1] if i <= len(rows) else [], left, right) for i in range(first, last + 1)]
        below = _below(_cut(rows[i - 1], left, right) for i in range(table.last_row + 1, len(rows) + 1))
    else:
        data = _stream(path, sheet, first, left, last, right) if last >= first else []
        below = _below(iter(_stream_lazily(path, sheet, table.last_row + 1, left, right)))
    grid = Grid(sheet=sheet, values=[list(table.columns)] + data + below, top=first - 1, left=left)
    if below:
        grid.problems.append(_below_warning(table, len(below)))
    return grid


def _cut(row: list[Any], left: int, right: int) -> list[Any]:
    part = row[left - 1:right]
    return part if len(part) == right - left + 1 else part + [None] * (right - left + 1 - len(part))


def _below(rows: Iterator[list[Any]]) -> list[list[Any]]:
    """The rows from the first one on up to the first blank one."""
    out = []
    for row in rows:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            break
        out.append(row)
    return out


def _below_warning(table: TableDef, n: int) -> Problem:
    first, last = table.last_row + 1, table.last_row + n
    rows = f"row {first} is" if n == 1 else f"rows {first}–{last} are"
    wanted = f"{letters(table.first_col)}{table.first_row}:{letters(table.last_col)}{last}"
    where = f"{letters(table.first_col)}{first}:{letters(table.last_col)}{last}"
    return Problem(table.sheet, where, f"{rows} directly below the {table.name} table ({table.ref}) but outside "
                                       f"it; pmokit reads them as part of it, Excel's formulas do not: resize the "
                                       f"table to {wanted} (Table Design > Resize Table)", severity="warning",
                   rule="TABLE_RANGE")


def _sheet_grid(sheet_name: str, rows: list[list[Any]]) -> Grid:
    for i, row in enumerate(rows):
        filled = [j for j, v in enumerate(row) if v not in ("", None)]
        if filled:
            left = filled[0]
            return Grid(sheet=sheet_name, values=[list(r[left:]) for r in rows[i:]], top=i + 1, left=left + 1)
    return Grid(sheet=sheet_name, values=[], top=1, left=1)


def _stream(path: Path, sheet: str, top: int, left: int, bottom: int | None,
            right: int | None) -> list[list[Any]]:
    """A range of a sheet read by openpyxl, streaming (memory for the range only, wherever the
    sheet's other cells are). The slow way: for a sheet whose cells reach too far for calamine, or
    a cell calamine panics on (openpyxl reads that one as #VALUE!, which the checks report)."""
    return list(_stream_lazily(path, sheet, top, left, right, bottom))


def _stream_lazily(path: Path, sheet: str, top: int, left: int, right: int | None,
                   bottom: int | None = None) -> Iterator[list[Any]]:
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about the very cell we will report
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = book[sheet].iter_rows(min_row=top, min_col=left, max_row=bottom, max_col=right, values_only=True)
            for row in rows:
                yield list(row)
        finally:
            book.close()


def _error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    return {(int(row), column_number(col.decode())): value.decode() for col, row, value in _ERROR_CELL.findall(xml)}


def _mark_errors(grid: Grid, errors: dict[tuple[int, int], str]) -> None:
    rows = [list(r) for r in grid.values]
    for (row, col), code in errors.items():
        i, j = row - grid.top, col - grid.left
        if 0 <= i < len(rows) and 0 <= j < len(rows[i]):
            rows[i][j] = CellError(code)
    grid.values = rows


def portfolio_from_book(book: Any, *, today: dt.date | None = None) -> Portfolio:
    """Read the portfolio from a workbook open in Excel, unsaved edits included (the Excel buttons).

    ``book`` is an xlwings ``Book``; only ``book.name``, ``book.sheets[name].tables[name].range``
    (``.value``, ``.row``, ``.column``) are used, so tests pass a stand-in. Raises
    :class:`WorkbookError` like :func:`load_portfolio`.
    """
    grids: dict[str, Grid] = {}
    names = {s.name.lower(): s.name for s in book.sheets}
    for spec in SHEETS:
        sheet_name = names.get(spec.name.lower())
        if sheet_name is None:
            continue
        sheet = book.sheets[sheet_name]
        tables = {t.name.lower(): t for t in sheet.tables}
        table = tables.get(spec.name.lower()) or next(iter(tables.values()), None)
        if table is None:
            rng = sheet.used_range
        else:
            rng = table.range
        # err_to_str: xlwings otherwise gives an #N/A cell as None, which would pass as blank
        values = rng.options(err_to_str=True).value if hasattr(rng, "options") else rng.value
        if not isinstance(values, list):
            values = [[values]]
        elif values and not isinstance(values[0], list):
            values = [values]
        grids[spec.name] = Grid(sheet=sheet_name, values=values, top=rng.row, left=rng.column)
    portfolio, problems = parse_grids(grids, source=str(getattr(book, "name", "")), today=today)
    if portfolio is None:
        raise WorkbookError([p for p in problems if p.severity == "error"], source=str(getattr(book, "name", "")))
    return portfolio
