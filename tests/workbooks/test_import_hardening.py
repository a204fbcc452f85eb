"""``pmokit import`` under hostile input (issue 9 on main's import surface): nothing pmokit writes
into a workbook becomes a formula, the plan or CSV is only read, and a damaged, dangerous, huge or
strange file is one :class:`PlanError` / :class:`AgileError` naming it, never an internal error.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmokit.addin.errors import PmoError
from pmokit.workbooks import inputs
from pmokit.workbooks.agile_import import JIRA, AgileError, throughput_rows
from pmokit.workbooks.blank import write_blank_workbook
from pmokit.workbooks.importing import import_plan
from pmokit.workbooks.merge import Replacement, update_workbook
from pmokit.workbooks.model import Project, Task
from pmokit.workbooks.mspdi import PlanError, parse_mspdi, read_mspdi
from pmokit.workbooks.plan_import import plan_rows

FIXTURES = Path(__file__).parent / "fixtures"
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]


def _formula_cells(path: Path) -> set[tuple[str, str]]:
    book = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate) for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"}


def _evil_plan(tmp_path: Path) -> Path:
    """The links fixture with every task's name made to look like a formula."""
    text = (FIXTURES / "links.xml").read_text(encoding="utf-8")
    names = iter(FORMULAS * 10)
    text = re.sub(r"<Name>[^<]*</Name>", lambda m: f"<Name>{_xml(next(names))}</Name>", text)
    path = tmp_path / "evil.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def test_plan_text_that_looks_like_a_formula_stays_text_in_the_workbook(tmp_path: Path) -> None:
    """OWASP formula injection: a task name or project ID starting with = + - @ is text in the
    workbook, and a second import does not turn the first project's text cells into formulas."""
    workbook = write_blank_workbook(tmp_path / "wb.xlsx")
    before = _formula_cells(workbook)
    import_plan(_evil_plan(tmp_path), workbook, "=1+1")
    import_plan(FIXTURES / "progress.xml", workbook, "P2")  # rewrites the tables around the first project
    assert _formula_cells(workbook) == before
    book = openpyxl.load_workbook(workbook)
    names = [c.value for c in book["Tasks"]["D"][1:] if c.value]
    assert set(FORMULAS) <= set(names)
    assert {c.value for c in book["Projects"]["A"][1:] if c.value} == {"=1+1", "P2"}


TEXT = st.one_of(st.sampled_from(FORMULAS),
                 st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
                 .filter(lambda s: s == s.strip() and "\x00" not in s))


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=TEXT, project_id=TEXT)
def test_any_text_put_into_a_workbook_is_that_text_and_never_a_formula(tmp_path: Path, name: str,
                                                                       project_id: str) -> None:
    """Law: whatever text an import puts into a cell is a text cell (never a formula, whatever it
    starts with) and pmokit reads back exactly that text (control characters travel as Excel's
    own _xHHHH_ escapes)."""
    from pmokit.workbooks.loader import read_portfolio

    workbook = tmp_path / "law.xlsx"
    write_blank_workbook(workbook, replace=True)
    task = Task(project_id, "T1", name, optimistic=1, most_likely=1, pessimistic=1)
    update_workbook(workbook, [Replacement("Projects", [Project(project_id, name)], project_id),
                               Replacement("Tasks", [task], project_id)])
    book = openpyxl.load_workbook(workbook)
    cells = [book["Projects"]["A2"], book["Projects"]["B2"], book["Tasks"]["A2"], book["Tasks"]["D2"]]
    assert all(c.data_type != "f" for c in cells)
    portfolio, problems = read_portfolio(workbook, partial=True)
    assert portfolio is not None, [str(p) for p in problems]
    assert not [p for p in problems if p.sheet == "Projects"], [str(p) for p in problems]
    assert [(p.project_id, p.name) for p in portfolio.projects] == [(project_id, name)]
    assert [(t.project_id, t.name) for t in portfolio.tasks] == [(project_id, name)]


def test_the_plan_file_is_only_read(tmp_path: Path) -> None:
    plan = _evil_plan(tmp_path)
    data, stamp = plan.read_bytes(), plan.stat().st_mtime_ns
    workbook = write_blank_workbook(tmp_path / "wb.xlsx")
    import_plan(plan, workbook, "P1")
    with pytest.raises(PmoError):
        import_plan(plan, tmp_path / "missing.xlsx", "P1")
    assert (plan.read_bytes(), plan.stat().st_mtime_ns) == (data, stamp)


PASSWD = b"root:x:0:0"
DANGEROUS = [
    # An external entity (XXE) reading a local file, and one fetching from the network.
    b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<Project xmlns="http://schemas.microsoft.com/project"><Name>&x;</Name></Project>',
    b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
    b'<Project xmlns="http://schemas.microsoft.com/project"><Name>&x;</Name></Project>',
    # A parameter entity and an external DTD.
    b'<?xml version="1.0"?><!DOCTYPE Project SYSTEM "http://127.0.0.1:9/x.dtd">'
    b'<Project xmlns="http://schemas.microsoft.com/project"/>',
    # Billion laughs, nine levels deep.
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b']><Project xmlns="http://schemas.microsoft.com/project"><Name>&lol9;</Name></Project>',
]


@pytest.mark.parametrize("data", DANGEROUS, ids=["xxe-file", "xxe-network", "external-dtd", "billion-laughs"])
def test_entities_and_dtds_are_refused_never_resolved(data: bytes) -> None:
    with pytest.raises(PlanError) as caught:
        parse_mspdi(data, "plan.xml")
    assert "plan.xml" in str(caught.value) and PASSWD.decode() not in str(caught.value)


def _mutated(fixture: str, tag: str, value: str, nth: int = 0) -> bytes:
    text = (FIXTURES / f"{fixture}.xml").read_text(encoding="utf-8")
    found = list(re.finditer(rf"<{tag}>([^<]*)</{tag}>", text))[nth]
    return (text[:found.start(1)] + value + text[found.end(1):]).encode()


@pytest.mark.parametrize("fixture, tag, value", [
    ("links", "UID", "1" * 400),  # 1e400: a float overflow
    ("links", "OutlineLevel", "1e300"),
    ("links", "LinkLag", "NaN"),
    ("links", "Start", "9999-12-31T23:59:59"),  # the finish-at-midnight rule ran past year 9999
    ("progress", "Finish", "0001-01-01T00:00:00"),
    ("calendar", "Month", "-1"),  # a yearly holiday in month 0
    ("links", "Duration", "PT99999999999H0M0S"),
])
def test_out_of_range_values_in_a_plan_are_a_plan_error_naming_the_file(fixture: str, tag: str, value: str) -> None:
    data = _mutated(fixture, tag, value)
    with pytest.raises(PlanError) as caught:
        plan_rows(parse_mspdi(data, "plan.xml"), "P1")
    assert "plan.xml" in str(caught.value)


def test_a_weekly_holiday_on_no_day_ends_at_its_finish() -> None:
    """A weekly exception whose DaysOfWeek names no day used to step week by week until the date
    overflowed (an internal error, after seconds); every recurrence now stops at its finish."""
    weekly = plan_rows(parse_mspdi((FIXTURES / "calendar.xml").read_bytes(), "plan.xml"), "P1")
    none = plan_rows(parse_mspdi(_mutated("calendar", "DaysOfWeek", "0"), "plan.xml"), "P1")
    assert len(none.calendar.holidays) < len(weekly.calendar.holidays)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["plan", "csv"])
def test_a_pipe_is_refused_at_once_not_read_forever(tmp_path: Path, kind: str) -> None:
    fifo = tmp_path / ("plan.xml" if kind == "plan" else "export.csv")
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_mspdi(fifo) if kind == "plan" else throughput_rows(fifo, "P1", JIRA)
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            outcome.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # unblock the reader so the test run can end
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], PlanError if kind == "plan" else AgileError)
    assert "not a regular file" in str(outcome[0]) and str(fifo) in str(outcome[0])


def test_a_file_larger_than_any_plan_is_refused_before_it_is_read(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(PlanError) as caught:
        read_mspdi(FIXTURES / "links.xml")
    assert "links.xml" in str(caught.value) and "MB pmokit reads" in str(caught.value)


def test_a_csv_field_beyond_the_csv_limit_is_an_agile_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Summary,Status,Resolved\nok,Done,05/Mar/26 4:00 PM\n\"" + "x" * 200_000
                    + "\",Done,05/Mar/26 4:00 PM\n", encoding="utf-8")
    with pytest.raises(AgileError) as caught:
        throughput_rows(path, "P1", JIRA)
    assert "export.csv line" in str(caught.value)


@pytest.mark.parametrize("closed, words", [
    ("1/1/0001 9:00:00 AM", "row 2: '1/1/0001 9:00:00 AM' is outside the dates a workbook holds"),
    ("12/31/9999 9:00:00 AM", "row 2: '12/31/9999 9:00:00 AM' is outside the dates a workbook holds"),
])
def test_csv_dates_a_workbook_cannot_hold_are_refused_with_their_row(tmp_path: Path, closed: str, words: str) -> None:
    """Year 1 stepped the weekly periods below the first date Python has: an internal error."""
    from pmokit.workbooks.agile_import import AZURE_DEVOPS

    path = tmp_path / "ado.csv"
    path.write_text(f"ID,State,Closed Date,Created Date\n1,Closed,{closed},{closed}\n", encoding="utf-8")
    with pytest.raises(AgileError) as caught:
        throughput_rows(path, "P1", AZURE_DEVOPS)
    assert "ado.csv" in str(caught.value) and words in str(caught.value)


def test_items_spread_over_centuries_are_refused_not_written_as_a_million_rows(tmp_path: Path) -> None:
    from pmokit.workbooks.agile_import import AZURE_DEVOPS

    path = tmp_path / "ado.csv"
    path.write_text("ID,State,Closed Date\n1,Closed,1/5/1900 9:00:00 AM\n2,Closed,1/5/9000 9:00:00 AM\n",
                    encoding="utf-8")
    with pytest.raises(AgileError) as caught:
        throughput_rows(path, "P1", AZURE_DEVOPS)
    assert "more than the 10,000 a Throughput sheet takes" in str(caught.value)


def test_a_workbook_reached_through_a_link_is_updated_where_it_lives(tmp_path: Path) -> None:
    """Outputs replace a link as a link (never followed); the import's --into workbook is the one
    file pmokit means to change, so a link to it updates the workbook itself, backup beside it."""
    real = write_blank_workbook(tmp_path / "real.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    result = import_plan(FIXTURES / "links.xml", link, "P1")
    assert link.is_symlink() and result.backup == tmp_path / "real.bak.xlsx" and result.backup.exists()
    assert "P1" in {c.value for c in openpyxl.load_workbook(real)["Projects"]["A"]}


def test_text_longer_than_an_excel_cell_is_refused_at_its_cell_and_nothing_is_written(tmp_path: Path) -> None:
    """A 40,000-character task name went into the workbook, which Excel then reported as damaged."""
    workbook = write_blank_workbook(tmp_path / "wb.xlsx")
    before = workbook.read_bytes()
    text = (FIXTURES / "links.xml").read_text(encoding="utf-8")
    found = re.search(r"<Name>A</Name>", text)
    assert found is not None
    plan = tmp_path / "long.xml"
    plan.write_text(text[:found.start()] + "<Name>" + "N" * 40_000 + "</Name>" + text[found.end():], encoding="utf-8")
    with pytest.raises(PmoError) as caught:
        import_plan(plan, workbook, "P1")
    assert str(caught.value).startswith("Tasks!D") and "40,000 characters" in str(caught.value)
    assert workbook.read_bytes() == before and not (tmp_path / "wb.bak.xlsx").exists()
