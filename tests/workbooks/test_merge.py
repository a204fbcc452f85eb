"""A plan put into an existing workbook: the project's rows replaced, everything else kept.

Each test builds a workbook with pmokit's writer, edits it the way a PMO would (another project,
a formula column, a fill colour), imports a fixture plan and reopens the file with openpyxl and
with pmokit's loader, value by value.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from pmokit.workbooks.blank import write_blank_workbook
from pmokit.workbooks.importing import import_plan
from pmokit.workbooks.loader import load_portfolio
from pmokit.workbooks.merge import UpdateError, backup_path
from pmokit.workbooks.model import Portfolio, Project, Task
from pmokit.workbooks.validate import validate_workbook
from pmokit.workbooks.writer import write_workbook

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 27)


def other_project(path: Path) -> Path:
    """A workbook holding project OTHER with two tasks, a PMO formula column and a yellow cell."""
    portfolio = Portfolio(projects=(Project("OTHER", "Other work", methodology="Waterfall", stage="Execute"),),
                          tasks=(Task("OTHER", "T1", "Keep me", most_likely=3, optimistic=2, pessimistic=5),
                                 Task("OTHER", "T2", "Keep me too", most_likely=4, optimistic=3, pessimistic=6,
                                      predecessors="T1")))
    write_workbook(portfolio, path)
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    ws["B2"].fill = PatternFill("solid", fgColor="FFFF00")
    ws.cell(1, 30, "PMO note")
    ws.cell(2, 30, "=F2*2")
    ws.cell(3, 30, "=F3*2")
    book.save(path)
    return path


def errors(path: Path) -> list[str]:
    return [str(p) for p in validate_workbook(path) if p.severity == "error"]


def test_import_adds_the_project_and_keeps_the_other_project_its_formulas_and_formats(tmp_path: Path) -> None:
    book = other_project(tmp_path / "pmo.xlsx")
    before = book.read_bytes()
    result = import_plan(FIXTURES / "progress.xml", book, "PRG")
    assert [(c.sheet, len(c.added), len(c.changed), len(c.removed)) for c in result.changes] == [
        ("Projects", 1, 0, 0), ("Tasks", 5, 0, 0), ("Milestones", 1, 0, 0), ("Resources", 3, 0, 0),
        ("Calendar", 0, 0, 0)]
    assert backup_path(book).read_bytes() == before
    portfolio = load_portfolio(book, today=TODAY)
    assert [t.task_id for t in portfolio.tasks_of("OTHER")] == ["T1", "T2"]
    assert [t.task_id for t in portfolio.tasks_of("PRG")] == ["1", "2", "3", "4", "5"]
    ws = openpyxl.load_workbook(book)["Tasks"]
    assert ws["B2"].fill.fgColor.rgb == "00FFFF00"
    assert (ws.cell(2, 30).value, ws.cell(3, 30).value) == ("=F2*2", "=F3*2")
    assert ws.tables["Tasks"].ref.endswith("8")  # the header and 2 + 5 rows
    assert errors(book) == []


def test_reimport_replaces_only_that_project_s_rows_and_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    book = other_project(tmp_path / "pmo.xlsx")
    import_plan(FIXTURES / "progress.xml", book, "PRG")
    ws_book = openpyxl.load_workbook(book)
    ws_book["Tasks"].cell(5, 30, "PM's own note on Build")  # row 5 = task 2 of PRG
    ws_book.save(book)
    smaller = tmp_path / "smaller.xml"
    text = (FIXTURES / "progress.xml").read_text(encoding="utf-8")
    start = text.index("<Task><UID>3</UID>")
    smaller.write_text(text[:start] + text[text.index("<Task><UID>4</UID>"):].replace(
        "<Name>Test</Name>", "<Name>System test</Name>"), encoding="utf-8")
    before = book.read_bytes()
    dry = import_plan(smaller, book, "PRG", dry_run=True)
    assert book.read_bytes() == before
    tasks = next(c for c in dry.changes if c.sheet == "Tasks")
    assert (tasks.added, tasks.changed, tasks.removed) == ([], ["4 'System test'"], ["3 'Docs'"])
    import_plan(smaller, book, "PRG")
    portfolio = load_portfolio(book, today=TODAY)
    assert [t.name for t in portfolio.tasks_of("PRG")] == ["Analysis", "Build", "System test", "Go-live"]
    assert [t.name for t in portfolio.tasks_of("OTHER")] == ["Keep me", "Keep me too"]
    ws = openpyxl.load_workbook(book)["Tasks"]
    assert ws.cell(5, 30).value == "PM's own note on Build"  # a matched row keeps the PMO's columns
    assert ws.tables["Tasks"].ref.endswith("7")
    assert [ws.cell(r, 1).value for r in range(8, 10)] == [None, None]  # the old last row is cleared
    assert errors(book) == []


def test_the_project_row_keeps_what_the_pmo_typed(tmp_path: Path) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    import_plan(FIXTURES / "progress.xml", book, "PRG")
    edit = openpyxl.load_workbook(book)
    ws = edit["Projects"]
    ws["D2"] = "Chief Digital Officer"  # Sponsor
    ws["G2"] = "Close"  # Stage
    edit.save(book)
    import_plan(FIXTURES / "progress.xml", book, "PRG")
    project = load_portfolio(book, today=TODAY).project("PRG")
    assert (project.sponsor, project.stage, project.name, project.budget) == (
        "Chief Digital Officer", "Close", "Progress", 20000.0)


def test_an_imported_calendar_fills_a_blank_workbook(tmp_path: Path) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    import_plan(FIXTURES / "calendar.xml", book, "CAL")
    calendar = load_portfolio(book, today=TODAY).calendar
    assert calendar.weekmask == "1111110"
    assert dt.date(2026, 5, 25) in calendar.holiday_dates and len(calendar.holidays) == 15
    assert errors(book) == []


@pytest.mark.parametrize("fixture", ["links", "summary_links", "constraints", "progress", "calendar", "unsupported"])
def test_every_fixture_imports_into_a_workbook_that_validates(tmp_path: Path, fixture: str) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    import_plan(FIXTURES / f"{fixture}.xml", book)
    assert errors(book) == []


def test_a_workbook_with_what_openpyxl_would_drop_is_refused_untouched(tmp_path: Path) -> None:
    from pmokit.workbooks import sample_path

    book = tmp_path / "portfolio.xlsx"
    shutil.copyfile(sample_path(), book)  # its Functions sheet holds dynamic-array formulas
    before = book.read_bytes()
    with pytest.raises(UpdateError) as caught:
        import_plan(FIXTURES / "links.xml", book)
    assert "dynamic-array formulas (they would stop spilling)" in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert book.read_bytes() == before and not backup_path(book).exists()


def test_data_right_below_a_table_that_must_grow_is_refused(tmp_path: Path) -> None:
    book = other_project(tmp_path / "pmo.xlsx")
    edit = openpyxl.load_workbook(book)
    edit["Tasks"]["A6"] = "a total the PMO typed"
    edit.save(book)
    before = book.read_bytes()
    with pytest.raises(UpdateError) as caught:
        import_plan(FIXTURES / "progress.xml", book, "PRG")
    assert str(caught.value).startswith("Tasks!A6 holds data right below the Tasks table")
    assert book.read_bytes() == before


def test_an_older_tasks_table_without_the_new_columns_gets_them_at_its_right(tmp_path: Path) -> None:
    book = write_blank_workbook(tmp_path / "old.xlsx")
    edit = openpyxl.load_workbook(book)
    ws = edit["Tasks"]
    table = ws.tables["Tasks"]
    keep = 16  # up to Milestone: the Tasks table before issue 10
    for c in range(keep + 1, ws.max_column + 1):
        ws.cell(1, c).value = None
    table.ref = f"A1:{openpyxl.utils.get_column_letter(keep)}2"
    table.autoFilter.ref = table.ref
    del table.tableColumns[keep:]
    edit.save(book)
    import_plan(FIXTURES / "constraints.xml", book, "CON")
    headers = [c.value for c in openpyxl.load_workbook(book)["Tasks"][1]]
    assert headers[keep:keep + 3] == ["Constraint type", "Constraint date", "Deadline"]
    task = next(t for t in load_portfolio(book, today=TODAY).tasks if t.name == "Must start on")
    assert (task.constraint_type, task.constraint_date) == ("MSO", dt.date(2026, 3, 10))
    assert errors(book) == []
