"""The workbook loader: tolerant reading, exact sheet!cell errors, the live-Excel path, and the law
that a workbook is never modified and nothing but WorkbookError escapes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.table import Table

from pmokit.workbooks.errors import WorkbookError
from pmokit.workbooks.loader import load_portfolio, portfolio_from_book, read_portfolio
from pmokit.workbooks.schema import SHEETS
from pmokit.workbooks.writer import write_workbook
from workbook_factory import AS_OF, edit, small_portfolio, without_rows


@pytest.fixture(scope="module")
def standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(small_portfolio(), tmp_path_factory.mktemp("l") / "standard.xlsx")


def _copy(standard: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(standard, tmp_path / "copy.xlsx"))


def _messy_workbook(path: Path) -> Path:
    """Projects as a table at C4 under a title, headers in other words, an extra column, a blank
    row, dates as serials and text, numbers as text, percentages both ways; the other required
    sheets as bare ranges without a table."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Projects"
    sheet["A1"] = "Our project list"
    header = ["PROJECT_ID", "name", "Notes (ours)", "methodology", "STAGE", "start", "Baseline",
              "BAC", "contingency"]
    rows = [
        ["P1", "Alpha", "keep", "agile", "Execute", 46024, "2026-12-31", "1,250,000", 0],
        [None, None, None, None, None, None, None, None, None],
        [101, "Beta", None, "Hybrid", "Gate 2", "23/03/2026", dt.datetime(2026, 9, 30), 5e5, "12000"],
    ]
    for j, text in enumerate(header):
        sheet.cell(4, 3 + j, text)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            sheet.cell(5 + i, 3 + j, value)
    sheet.add_table(Table(displayName="Portfolio", ref="C4:K7"))
    tasks = book.create_sheet("Tasks")
    tasks.append(["Project", "Task ID", "Name", "Optimistic", "Most likely", "Pessimistic", "% complete", "Milestone"])
    tasks.append(["P1", 1, "Build", "2", 3, 5.5, "50%", "no"])
    tasks.append(["P1", 2, "Test", 1, 1, 2, 0.25, "x"])
    for name in ("Resources", "Status", "Milestones", "Risks"):
        book.create_sheet(name).append([c.header for c in next(s for s in SHEETS if s.name == name).columns])
    book.save(path)
    return path


def test_tables_anywhere_blank_rows_serials_text_dates_and_percentages(tmp_path: Path) -> None:
    portfolio = load_portfolio(_messy_workbook(tmp_path / "messy.xlsx"), today=AS_OF)
    alpha, beta = portfolio.projects
    # serial 46024 is 2 January 2026 (Excel's 1900 date system); "23/03/2026" can only be day-first
    assert (alpha.project_id, alpha.methodology, alpha.start, alpha.baseline_finish, alpha.budget, alpha.row) == (
        "P1", "Agile", dt.date(2026, 1, 2), dt.date(2026, 12, 31), 1250000.0, 5)
    assert (beta.project_id, beta.stage, beta.start, beta.baseline_finish, beta.contingency, beta.row) == (
        "101", "Gate 2", dt.date(2026, 3, 23), dt.date(2026, 9, 30), 12000.0, 7)
    build, test = portfolio.tasks
    assert (build.task_id, build.optimistic, build.pessimistic, build.percent_complete, build.milestone) == (
        "1", 2.0, 5.5, 0.5, False)
    assert (test.task_id, test.percent_complete, test.milestone) == ("2", 0.25, True)


def test_error_values_are_named_at_their_cell(tmp_path: Path) -> None:
    """A #N/A from a formula is not a blank: calamine reads error cells as empty, so the loader
    finds them in the sheet XML."""
    path = tmp_path / "errors.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Projects")
    sheet.write_row(0, 0, ["Project ID", "Name", "Methodology", "Stage", "Budget (BAC)"])
    sheet.write_row(1, 0, ["P1", "Alpha", "Agile", "Plan"])
    sheet.write_formula(1, 4, "=NA()", None, "#N/A")
    sheet.write_row(2, 0, ["P2", "Beta", "Agile", "Plan", "#DIV/0!"])
    sheet.add_table(0, 0, 2, 4, {"name": "Projects", "columns": [{"header": h} for h in
                                                                  ["Project ID", "Name", "Methodology", "Stage",
                                                                   "Budget (BAC)"]]})
    book.close()
    _, problems = read_portfolio(path, today=AS_OF)
    messages = [str(p) for p in problems if p.sheet == "Projects"]
    assert messages == ["Projects!E2: budget (BAC) is the Excel error #N/A: fix the formula or clear the cell",
                        "Projects!E3: budget (BAC) is the Excel error #DIV/0!: fix the formula or clear the cell"]


def test_load_raises_one_error_listing_every_problem(standard: Path, tmp_path: Path) -> None:
    path = edit(_copy(standard, tmp_path), {"Tasks!E2": "two", "Risks!D3": 1.5, "Projects!F3": "Scrum"})
    with pytest.raises(WorkbookError) as caught:
        load_portfolio(path, today=AS_OF)
    assert [str(p) for p in caught.value.problems] == [
        "Projects!F3: methodology 'Scrum' is not one of Waterfall, Agile, Hybrid",
        "Tasks!E2: optimistic 'two' is not a number",
        "Risks!D3: probability 1.5 is more than 100%: write 50% or 0.5",
    ]
    assert str(caught.value).startswith(f"{path}: 3 problems\n  Projects!F3:")


def test_the_workbook_is_never_modified(standard: Path, tmp_path: Path) -> None:
    for path in (_copy(standard, tmp_path), edit(_copy(standard, tmp_path), {"Tasks!E2": "#N/A"})):
        before = (path.read_bytes(), os.stat(path).st_mtime_ns)
        read_portfolio(path, today=AS_OF)
        assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


def test_a_1904_date_system_workbook_reads_the_same_dates(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = "Projects"
    sheet.append(["Project ID", "Name", "Methodology", "Stage", "Start"])
    sheet.append(["P1", "Alpha", "Agile", "Plan", 44562])  # a bare serial: 1 Jan 1904 + 44562 days
    sheet.append(["P2", "Beta", "Agile", "Plan", dt.datetime(2026, 3, 2)])
    path = tmp_path / "mac.xlsx"
    book.save(path)
    portfolio, problems = read_portfolio(path, today=AS_OF, partial=True)
    assert portfolio is not None
    assert [p.start for p in portfolio.projects] == [dt.date(1904, 1, 1) + dt.timedelta(days=44562),
                                                     dt.date(2026, 3, 2)]


@pytest.mark.parametrize("name, content, message", [
    ("missing.xlsx", None, "there is no file"),
    ("notes.txt", b"hello", "notes.txt is not an .xlsx or .xlsm workbook"),
    ("broken.xlsx", b"PK not really a zip", "broken.xlsx: cannot be read as an Excel workbook"),
])
def test_files_that_are_not_workbooks_give_a_workbook_error(tmp_path: Path, name: str, content: bytes | None,
                                                            message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(WorkbookError) as caught:
        load_portfolio(path)
    assert message in str(caught.value)


class _Range:
    def __init__(self, value: Any, row: int, column: int) -> None:
        self.value, self.row, self.column = value, row, column


class _Table:
    def __init__(self, name: str, rng: _Range) -> None:
        self.name, self.range = name, rng


class _Sheet:
    def __init__(self, name: str, tables: list[_Table]) -> None:
        self.name, self.tables = name, tables


class _Sheets(list[_Sheet]):
    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return super().__getitem__(key)


class FakeBook:
    """What xlwings hands the Excel buttons: table ranges' values as floats, datetimes and None."""

    def __init__(self, path: Path) -> None:
        book = openpyxl.load_workbook(path)
        self.name = path.name
        self.sheets = _Sheets()
        for sheet in book:
            tables = []
            for name, ref in sheet.tables.items():
                cells = sheet[ref]
                values = [[float(c.value) if isinstance(c.value, int) and not isinstance(c.value, bool) else c.value
                           for c in row] for row in cells]
                tables.append(_Table(name, _Range(values, cells[0][0].row, cells[0][0].column)))
            self.sheets.append(_Sheet(sheet.title, tables))


def test_a_live_book_gives_the_same_portfolio_as_the_file(standard: Path) -> None:
    live = portfolio_from_book(FakeBook(standard), today=AS_OF)
    assert without_rows(live) == without_rows(small_portfolio())
    assert [t.row for t in live.tasks] == [t.row for t in load_portfolio(standard, today=AS_OF).tasks]


def test_a_live_book_with_errors_raises_with_cells(standard: Path, tmp_path: Path) -> None:
    path = edit(_copy(standard, tmp_path), {"Tasks!G3": 2})
    with pytest.raises(WorkbookError) as caught:
        portfolio_from_book(FakeBook(path), today=AS_OF)
    assert [str(p) for p in caught.value.problems] == ["Tasks!G3: pessimistic 2 is less than most likely 6"]


CELL_VALUES = st.one_of(
    st.none(), st.text(max_size=12), st.sampled_from(["#N/A", "#VALUE!", "50%", "1,000", "2026-02-30", "x", " "]),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-10**18, max_value=10**18),
    st.booleans(), st.dates(min_value=dt.date(1900, 1, 1)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.sampled_from(["Projects", "Tasks", "Risks", "Status", "Calendar"]),
                                st.integers(2, 7), st.integers(1, 12), CELL_VALUES), min_size=1, max_size=8))
def test_random_cell_values_never_raise_anything_but_workbook_error(
        standard: Path, tmp_path: Path, cells: list[tuple[str, int, int, Any]]) -> None:
    """Law: whatever lands in the cells (text, error codes, huge or infinite numbers, blank rows),
    loading either succeeds or raises WorkbookError whose every problem names a sheet."""
    book = openpyxl.load_workbook(standard)
    for sheet, row, col, value in cells:
        if isinstance(value, float) and not (value == value and abs(value) != float("inf")):
            value = "#NUM!"  # a cell cannot hold NaN or infinity; Excel shows #NUM!
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch.isprintable())
            if value.startswith("="):
                value = "'" + value
        book[sheet].cell(row, col, value)
    path = tmp_path / "random.xlsx"
    book.save(path)
    try:
        load_portfolio(path, today=AS_OF)
    except WorkbookError as exc:
        assert exc.problems and all(p.sheet for p in exc.problems)


def test_a_date_cell_holding_a_number_far_outside_excel_dates_is_reported(standard: Path, tmp_path: Path) -> None:
    """calamine panics on such a cell (chrono's TimeDelta bound); the loader falls back to
    openpyxl for that table and still names the cell."""
    path = edit(_copy(standard, tmp_path), {"Projects!I2": -1e300})
    _, problems = read_portfolio(path, today=AS_OF)
    assert [p.where for p in problems if p.severity == "error"] == ["Projects!I2"]


class _ErrorRange(_Range):
    """xlwings gives an error cell as None, or as its text with ``options(err_to_str=True)``."""

    def __init__(self, value: Any, row: int, column: int, cell: tuple[int, int], code: str) -> None:
        super().__init__(value, row, column)
        self.as_text = [list(r) for r in value]
        self.as_text[cell[0]][cell[1]] = code
        self.value[cell[0]][cell[1]] = None

    def options(self, **options: Any) -> _Range:
        assert options == {"err_to_str": True}
        return _Range(self.as_text, self.row, self.column)


def test_a_live_book_error_cell_is_an_error_not_a_blank(standard: Path) -> None:
    book = FakeBook(standard)
    table = book.sheets["Projects"].tables[0]
    rng = table.range
    table.range = _ErrorRange(rng.value, rng.row, rng.column, (1, 11), "#N/A")  # row 2, Budget (BAC)
    with pytest.raises(WorkbookError) as caught:
        portfolio_from_book(book, today=AS_OF)
    assert [str(p) for p in caught.value.problems] == [
        "Projects!L2: budget (BAC) is the Excel error #N/A: fix the formula or clear the cell"]


def test_an_xlsm_workbook_loads_like_an_xlsx(standard: Path, tmp_path: Path) -> None:
    macro = Path(shutil.copy(standard, tmp_path / "pmo.xlsm"))
    assert without_rows(load_portfolio(macro, today=AS_OF)) == without_rows(small_portfolio())
