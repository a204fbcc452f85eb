"""The standard workbook writer: tables, formats, dropdowns, RAG colours, the Functions sheet; every
file reopened with openpyxl (and read back by the loader) and checked value by value."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmokit.workbooks.blank import write_blank_workbook
from pmokit.workbooks.errors import OutputError
from pmokit.workbooks.cells import EXCEL_ERRORS
from pmokit.workbooks.loader import load_portfolio, read_portfolio
from pmokit.workbooks.model import METHODOLOGIES, RAG_VALUES, STAGES, Milestone, Portfolio, Project, Task
from pmokit.workbooks.schema import SHEETS
from pmokit.workbooks.writer import FUNCTION_EXAMPLES, write_workbook
from workbook_factory import AS_OF, small_portfolio, without_rows


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(small_portfolio(), tmp_path_factory.mktemp("w") / "portfolio.xlsx", examples=True)


def test_every_sheet_holds_one_table_of_its_name_with_the_schema_headers(written: Path) -> None:
    book = openpyxl.load_workbook(written)
    assert book.sheetnames == [s.name for s in SHEETS] + ["Functions"]
    portfolio = small_portfolio()
    counts = {"Projects": 2, "Tasks": 5, "Resources": 4, "Calendar": 2, "Status": 3, "Milestones": 3, "Risks": 3,
              "Decisions": 1, "Charter": 2, "Throughput": 3}
    assert len(portfolio.tasks) == counts["Tasks"]
    for spec in SHEETS:
        sheet = book[spec.name]
        assert list(sheet.tables) == [spec.name]
        ref = sheet.tables[spec.name].ref
        last = openpyxl.utils.get_column_letter(len(spec.columns))
        assert ref == f"A1:{last}{counts[spec.name] + 1}"
        assert [c.value for c in sheet[1]][: len(spec.columns)] == [c.header for c in spec.columns]


def test_values_are_written_cell_by_cell_with_date_and_money_formats(written: Path) -> None:
    sheet = openpyxl.load_workbook(written)["Tasks"]
    # row 4 is the third task: T3 Build, predecessors "T2FS+2, T1 SS", 25% complete
    assert [c.value for c in sheet[4]] == ["P01", "T3", "1.3", "Build", 10, 15, 25, "T2FS+2, T1 SS", "Developer",
                                           300, dt.datetime(2026, 2, 19), dt.datetime(2026, 3, 11), 0.25, 30000,
                                           9000, "No"] + [None] * 9  # the optional baseline … basis columns
    assert sheet["K4"].number_format == "yyyy-mm-dd"
    assert sheet["M4"].number_format == "0%"
    assert sheet["N4"].number_format == "#,##0"
    assert sheet["P5"].value == "Yes"  # the milestone M1
    calendar = openpyxl.load_workbook(written)["Calendar"]
    assert calendar["C2"].value == "0111110"  # the working week, as text so its leading 0 survives


def test_dropdowns_offer_the_allowed_words(written: Path) -> None:
    book = openpyxl.load_workbook(written)
    lists = {}
    for name in ("Projects", "Status"):
        for v in book[name].data_validations.dataValidation:
            if v.type == "list":
                lists[(name, str(v.sqref).split(":")[0])] = (v.formula1, v.errorStyle or "stop")  # OOXML default
    assert lists[("Projects", "F2")] == ('"Waterfall,Agile,Hybrid"', "stop")
    assert lists[("Projects", "G2")] == ('"Initiate,Plan,Execute,Close"', "information")  # own gates allowed
    for col in "FGHIJ":  # the five RAG columns of Status
        assert lists[("Status", f"{col}2")] == ('"Green,Amber,Red"', "stop")


def test_rag_columns_are_coloured_green_amber_red(written: Path) -> None:
    sheet = openpyxl.load_workbook(written)["Status"]
    rules = {}
    for cf in sheet.conditional_formatting:
        for rule in cf.rules:
            rules.setdefault(str(cf.sqref), []).append((rule.formula[0], rule.dxf.fill.bgColor.rgb))
    assert set(rules) == {f"{c}2:{c}1001" for c in "FGHIJ"}  # 1,000 data rows under the header
    for found in rules.values():
        assert sorted(found) == sorted([('"Green"', "FFC6EFCE"), ('"Amber"', "FFFFEB9C"), ('"Red"', "FFFFC7CE")])
    assert set(RAG_VALUES) == {"Green", "Amber", "Red"}


def test_functions_sheet_formulas_spill_as_dynamic_arrays(written: Path) -> None:
    """Each PMO_* formula carries cell metadata cm="1" (dynamic array) and no implicit-intersection
    @, so Excel 365 spills it instead of showing =@PMO_PERT(...)."""
    with zipfile.ZipFile(written) as z:
        names = z.namelist()
        assert "xl/metadata.xml" in names
        assert b"XLDAPR" in z.read("xl/metadata.xml")
        sheet = z.read("xl/worksheets/sheet11.xml").decode()
    cells = re.findall(r'<c r="([A-Z]+7)" cm="1"><f t="array" ref="\1">([^<]*)</f>', sheet)
    assert [f for _, f in cells] == [f[1:].replace("&", "&amp;") for _, f, _ in FUNCTION_EXAMPLES]
    assert "@" not in sheet


def test_function_examples_name_real_table_columns() -> None:
    headers = {s.name: {c.header for c in s.columns} for s in SHEETS}
    for _, formula, _ in FUNCTION_EXAMPLES:
        for table, column in re.findall(r"(\w+)\[([^\]]+)\]", formula):
            assert column in headers[table], f"{formula}: {table}[{column}]"


def test_the_written_workbook_loads_back_to_the_same_portfolio(written: Path) -> None:
    loaded = load_portfolio(written, today=AS_OF)
    assert without_rows(loaded) == without_rows(small_portfolio())
    assert [t.row for t in loaded.tasks] == [2, 3, 4, 5, 6]


def test_blank_workbook_has_the_tables_and_dropdowns_and_no_data(tmp_path: Path) -> None:
    path = write_blank_workbook(tmp_path / "blank.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [s.name for s in SHEETS]
    for spec in SHEETS:
        sheet = book[spec.name]
        assert list(sheet.tables) == [spec.name]
        assert all(c.value is None for c in sheet[2])
    assert len(book["Status"].conditional_formatting) == 5
    loaded = load_portfolio(path)
    assert loaded.projects == () and loaded.tasks == () and loaded.calendar.weekmask == "1111100"


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "portfolio.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputError):
        write_workbook(small_portfolio(), tmp_path / "portfolio.xlsx" / "inside.xlsx")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.xlsx"]


def test_the_written_workbook_passes_the_open_xml_schema_check(written: Path) -> None:
    """openxml-audit validates every part against the ECMA-376 schemas (Office 2019), metadata.xml
    and the dynamic-array cells included."""
    import json
    import subprocess
    import sys

    tool = Path(sys.executable).parent / "openxml-audit"
    if not tool.exists():
        pytest.skip("openxml-audit is not installed (pip install -e .[test])")
    run = subprocess.run([str(tool), str(written), "-o", "json"], capture_output=True, text=True, timeout=120)
    [report] = json.loads(run.stdout)
    assert (report["valid"], report["error_count"], report["errors"]) == (True, 0, [])


def test_a_working_week_without_holidays_round_trips(tmp_path: Path) -> None:
    """The week mask needs a Calendar row of its own when there are no holidays; that row is not
    a holiday missing its date."""
    import dataclasses

    from pmokit.workbooks.model import Calendar

    portfolio = dataclasses.replace(small_portfolio(), calendar=Calendar(weekmask="1111110"))
    loaded = load_portfolio(write_workbook(portfolio, tmp_path / "six-day.xlsx"), today=AS_OF)
    assert loaded.calendar == Calendar(holidays=(), weekmask="1111110")


def _table_column(book: openpyxl.Workbook, table: str, header: str) -> list[list[object]]:
    ref = book[table].tables[table].ref
    rows = list(book[table][ref])
    j = [c.value for c in rows[0]].index(header)
    return [[row[j].value] for row in rows[1:]]


def _evaluate(book: openpyxl.Workbook, formula: str) -> object:
    """Run a Functions-sheet formula with the PMO_* Python callables on the workbook's own tables."""
    functions = pytest.importorskip("pmokit.addin.functions")
    name, args = re.fullmatch(r"=(PMO_\w+)\((.*)\)", formula).groups()  # type: ignore[union-attr]
    values: list[object] = []
    for arg in args.split(","):
        found = re.fullmatch(r"(\w+)\[([^\]]+)\]", arg)
        values.append(_table_column(book, *found.groups()) if found else float(arg))
    return getattr(functions, name)(*values)


def test_the_function_examples_compute_on_the_workbook_tables(written: Path) -> None:
    """Each example, run with the add-in's Python functions on the tables it names, gives numbers,
    not an error text: its arguments are the right columns in the right order. PERT means are
    checked by hand: (O + 4M + P) / 6 (Malcolm et al. 1959) for the five tasks of the small
    portfolio: (3+20+9)/6, (4+24+11)/6, (10+60+25)/6, 0, (5+32+12)/6."""
    book = openpyxl.load_workbook(written)
    for _, formula, _ in FUNCTION_EXAMPLES:
        result = _evaluate(book, formula)
        assert not isinstance(result, str), f"{formula}: {result}"
    means = _evaluate(book, FUNCTION_EXAMPLES[0][1])
    assert [row[0] for row in means] == pytest.approx([32 / 6, 39 / 6, 95 / 6, 0.0, 49 / 6])  # type: ignore[attr-defined]


_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20).map(str.strip).filter(
    lambda t: t.upper() not in EXCEL_ERRORS)
_ID = st.from_regex(r"[A-Z]{1,3}-?[0-9]{1,4}", fullmatch=True)
_DATE = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))
# Excel keeps 15 significant digits, so the law is about values that have at most that many
_MONEY = st.integers(0, 10**14).map(lambda cents: cents / 100)
_HOURS = st.integers(0, 10**9).map(lambda cents: cents / 100)  # within HOURS_MAX (10,000,000)
_DAYS = st.integers(0, 13332).map(lambda quarters: quarters / 4)  # O + M + P within DAYS_MAX (10,000)


@st.composite
def _portfolios(draw: st.DrawFn) -> Portfolio:
    ids = draw(st.lists(_ID, min_size=1, max_size=4, unique_by=str.casefold))
    projects = tuple(Project(
        i, draw(_TEXT.filter(bool)), draw(_TEXT), draw(_TEXT), draw(_TEXT), draw(st.sampled_from(METHODOLOGIES)),
        draw(st.sampled_from(STAGES)), draw(st.none() | st.integers(1, 99)), None, None, None,
        draw(st.none() | _MONEY), draw(st.none() | _MONEY)) for i in ids)
    tasks = []
    for k in range(draw(st.integers(0, 6))):
        o = draw(_DAYS)
        m = o + draw(_DAYS)
        p = m + draw(_DAYS)
        start = draw(st.none() | st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9000, 12, 31)))
        effort = draw(st.none() | _HOURS)
        # effort needs a working day to be done in: a week from the start always has one
        earliest = start + dt.timedelta(days=6 if effort else 0) if start else None
        finish = None if earliest is None else draw(st.none() | st.dates(min_value=earliest,
                                                                          max_value=dt.date(9999, 12, 31)))
        tasks.append(Task(draw(st.sampled_from(ids)), f"T{k}", draw(_TEXT.filter(bool)), draw(_TEXT), o, m, p, "",
                          "", effort, start, finish, draw(st.integers(0, 100)) / 100, None, None,
                          draw(st.booleans())))
    milestones = tuple(Milestone(draw(st.sampled_from(ids)), f"M{k} {draw(_TEXT)}".strip(), draw(st.none() | _DATE),
                                 draw(st.none() | _DATE), draw(st.none() | _DATE)) for k in range(draw(st.integers(0, 3))))
    return Portfolio(projects=projects, tasks=tuple(tasks), milestones=milestones)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(portfolio=_portfolios())
def test_writing_then_loading_gives_the_portfolio_back(tmp_path: Path, portfolio: Portfolio) -> None:
    """Law: any plausible portfolio the model holds (any printable text, IDs, dates across Excel's
    range — task starts to year 9000, so a schedule ends by 9999 —, durations within DAYS_MAX, money
    to the cent up to a trillion, whole percentages, effort with a working day to be done in)
    survives write → load unchanged."""
    loaded, problems = read_portfolio(write_workbook(portfolio, tmp_path / "law.xlsx"), today=AS_OF, partial=True)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert loaded is not None
    assert without_rows(loaded) == without_rows(portfolio)
