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
from collections.abc import Iterator
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pmokit.workbooks.cells import CellError
from pmokit.workbooks.errors import Problem, WorkbookError
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.checks import Layout
from pmokit.workbooks.reading import Grid, parse_grids, parse_with_layout
from pmokit.workbooks.schema import SHEETS

SUFFIXES = (".xlsx", ".xlsm")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
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
    if opened:
        return None, [Problem(target.name, "", opened)], Layout()
    with _collector_paused():
        try:
            grids, date1904 = read_grids(target)
        except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, OSError) as exc:
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
    if not path.exists():
        return f"there is no file {path}"
    if path.is_dir():
        return f"{path} is a folder, not a workbook"
    if path.suffix.lower() not in SUFFIXES:
        return f"{path.name} is not an .xlsx or .xlsm workbook"
    return ""


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def read_grids(path: Path) -> tuple[dict[str, Grid], bool]:
    """The standard tables of a workbook file as grids (by sheet name), and whether the workbook
    uses the 1904 date system. A sheet without a table is read from its first non-empty row."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path), load_tables=True)
    except CalamineError as exc:
        raise ValueError(str(exc)) from None
    try:
        with zipfile.ZipFile(path) as archive:
            date1904, sheet_files = _workbook_parts(archive)
            wanted = {s.name.lower() for s in SHEETS}
            sheets = {name.lower(): name for name in book.sheet_names}
            grids: dict[str, Grid] = {}
            tables = {t.lower(): t for t in (book.table_names or [])}
            for spec_name in wanted:
                sheet_name = sheets.get(spec_name)
                table = tables.get(spec_name)
                if table is None and sheet_name is not None:
                    table = _only_table_on(book, tables.values(), sheet_name)
                grid = None
                if table is not None:
                    grid = _table_grid(book, table, path)
                elif sheet_name is not None:
                    grid = _sheet_grid(book, sheet_name, path)
                if grid is None:
                    continue
                errors = _error_cells(archive, sheet_files.get(grid.sheet.lower()))
                if errors:
                    _mark_errors(grid, errors)
                grids[spec_name] = grid
            return grids, date1904
    finally:
        book.close()


def _only_table_on(book: Any, names: Any, sheet_name: str) -> str | None:
    """The name of the one table on a sheet whose table is not named like it (else None)."""
    found = [t for t in names if book.get_table_by_name(t).sheet.lower() == sheet_name.lower()]
    return found[0] if len(found) == 1 else None


def _table_grid(book: Any, table_name: str, path: Path) -> Grid:
    table = book.get_table_by_name(table_name)
    top, left = table.start  # 0-based first data cell
    bottom, right = table.end
    try:
        rows = [list(r) for r in table.to_python()]
    except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        rows = _values_by_openpyxl(path, table.sheet, top + 1, left + 1, bottom + 1, right + 1)
    return Grid(sheet=table.sheet, values=[list(table.columns)] + rows, top=top, left=left + 1)


def _sheet_grid(book: Any, sheet_name: str, path: Path) -> Grid | None:
    try:
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        rows = _values_by_openpyxl(path, sheet_name, 1, 1, None, None)
    for i, row in enumerate(rows):
        filled = [j for j, v in enumerate(row) if v not in ("", None)]
        if filled:
            left = filled[0]
            return Grid(sheet=sheet_name, values=[list(r[left:]) for r in rows[i:]], top=i + 1, left=left + 1)
    return Grid(sheet=sheet_name, values=[], top=1, left=1)


def _values_by_openpyxl(path: Path, sheet: str, top: int, left: int, bottom: int | None,
                        right: int | None) -> list[list[Any]]:
    """The slow way, only when calamine panics on a cell (a date-formatted cell holding a number
    far outside Excel's dates): openpyxl reads such a cell as #VALUE!, which the checks report."""
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about the very cell we will report
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = book[sheet].iter_rows(min_row=top, min_col=left, max_row=bottom, max_col=right, values_only=True)
            return [list(r) for r in rows]
        finally:
            book.close()


def _workbook_parts(archive: zipfile.ZipFile) -> tuple[bool, dict[str, str]]:
    root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    pr = root.find("m:workbookPr", _NS)
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    files: dict[str, str] = {}
    for s in root.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(s.get(f"{{{_NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        files[s.get("name", "").lower()] = path
    return date1904, files


def _error_cells(archive: zipfile.ZipFile, part: str | None) -> dict[tuple[int, int], str]:
    if not part:
        return {}
    try:
        xml = archive.read(part)
    except KeyError:
        return {}
    if b't="e"' not in xml:
        return {}
    return {(int(row), _column_number(col.decode())): value.decode() for col, row, value in _ERROR_CELL.findall(xml)}


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


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
