"""A plan put into an existing workbook: the project's rows replaced, everything else kept.

Each test builds a workbook with pmokit's writer, edits it the way a PMO would (another project,
a formula column, a fill colour), imports a fixture plan and reopens the file with openpyxl and
with pmokit's loader, value by value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import posixpath
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import TableColumn

from pmokit.workbooks import sample_path
from pmokit.workbooks.blank import write_blank_workbook
from pmokit.workbooks.importing import import_plan
from pmokit.workbooks.cells import EXCEL_ERRORS
from pmokit.workbooks.loader import load_portfolio, read_portfolio
from pmokit.workbooks.merge import Replacement, UpdateError, backup_path, update_workbook
from pmokit.workbooks.model import Portfolio, Project, Task
from pmokit.workbooks.mspdi import NAMESPACE, read_mspdi
from pmokit.workbooks.plan_import import plan_rows
from pmokit.workbooks.sample_import import SAMPLE_PLAN
from pmokit.workbooks.schema import SHEETS
from pmokit.workbooks.validate import validate_workbook
from pmokit.workbooks.writer import write_workbook

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 27)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


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


def parts(path: Path) -> dict[str, bytes]:
    """Every part of the package, unzipped, in the zip's order."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    root = etree.fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    return {r.get("Id"): r.get("Target").lstrip("/") if r.get("Target").startswith("/") else
            posixpath.normpath(posixpath.join(folder, r.get("Target"))) for r in root}


def sheet_part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as archive:
        book = etree.fromstring(archive.read("xl/workbook.xml"))
        rid = next(s.get(f"{{{R}}}id") for s in book.iter(f"{{{MAIN}}}sheet") if s.get("name") == sheet)
        return _rels(archive, "xl/workbook.xml")[rid]


def table_parts(path: Path, *sheets: str) -> set[str]:
    """The sheets' parts and their tables' parts."""
    out = set()
    with zipfile.ZipFile(path) as archive:
        for sheet in sheets:
            part = sheet_part(path, sheet)
            out |= {part} | {t for t in _rels(archive, part).values() if "/tables/" in t}
    return out


def fields_of(record: Any) -> tuple[Any, ...]:
    return tuple(getattr(record, f.name) for f in dataclasses.fields(record) if f.name != "row")


def schema_errors(path: Path) -> list[tuple[str, str, str]]:
    """openxml-audit checks every part against the ECMA-376 schemas (as tests/workbooks/test_writer.py):
    its errors as (part, place, description)."""
    tool = Path(sys.executable).parent / "openxml-audit"
    if not tool.exists():
        pytest.skip("openxml-audit is not installed (pip install -e .[test])")
    run = subprocess.run([str(tool), str(path), "-o", "json"], capture_output=True, text=True, timeout=120)
    [report] = json.loads(run.stdout)
    return [(e["part_uri"], e["path"], e["description"]) for e in report["errors"] if e["severity"] == "error"]


def assert_schema_valid(path: Path) -> None:
    """No schema error in the imported workbook that its previous version did not have (openpyxl,
    which the tests use to play the PMO, writes a few of its own into styles.xml)."""
    assert schema_errors(path) == schema_errors(backup_path(path))


def edited_plan(path: Path, *, rename: dict[str, str] | None = None, drop: str | None = None) -> Path:
    """The sample plan with tasks renamed and one task (and the links to it) taken out."""
    root = etree.parse(str(SAMPLE_PLAN)).getroot()
    ns = {"p": NAMESPACE}
    for task in root.iterfind("p:Tasks/p:Task", ns):
        name = task.find("p:Name", ns)
        if name is not None and name.text in (rename or {}):
            name.text = (rename or {})[name.text]
        if name is not None and name.text == drop:
            uid = task.findtext("p:UID", namespaces=ns)
            task.getparent().remove(task)
            for link in root.iterfind(f".//p:PredecessorLink[p:PredecessorUID='{uid}']", ns):
                link.getparent().remove(link)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return path


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


def test_the_bundled_sample_takes_a_new_project_and_every_other_part_stays_byte_for_byte(tmp_path: Path) -> None:
    """The sample's Functions sheet holds dynamic-array PMO_* formulas (``cm="1"`` cells and
    ``xl/metadata.xml``): the import used to refuse it; now only the sheets and tables it fills change."""
    book = tmp_path / "portfolio.xlsx"
    shutil.copyfile(sample_path(), book)
    before = parts(book)
    result = import_plan(SAMPLE_PLAN, book, "NEW-1")
    assert [(c.sheet, len(c.added), len(c.changed), len(c.removed)) for c in result.changes] == [
        ("Projects", 1, 0, 0), ("Tasks", 23, 0, 0), ("Milestones", 4, 0, 0), ("Resources", 0, 0, 0),
        ("Calendar", 0, 0, 0)]
    after = parts(book)
    assert list(after) == list(before)  # the same parts, in the same order
    assert changed(before, after) == table_parts(book, "Projects", "Tasks", "Milestones")
    functions = sheet_part(book, "Functions")
    assert after[functions].count(b'cm="1"') == 7 and b'<f t="array" ref="A7">PMO_PERT(' in after[functions]
    assert after["xl/metadata.xml"] == before["xl/metadata.xml"]
    rows = plan_rows(read_mspdi(SAMPLE_PLAN), "NEW-1")
    portfolio = load_portfolio(book, today=TODAY)
    assert [fields_of(t) for t in portfolio.tasks_of("NEW-1")] == [fields_of(t) for t in rows.tasks]
    assert [fields_of(m) for m in portfolio.milestones if m.project_id == "NEW-1"] == [
        fields_of(m) for m in rows.milestones]
    assert fields_of(portfolio.project("NEW-1")) == fields_of(rows.project)
    assert errors(book) == errors(backup_path(book))
    tables = openpyxl.load_workbook(book)
    assert tables["Tasks"].tables["Tasks"].ref == f"A1:Y{337 + 23}"
    assert_schema_valid(book)


def test_re_importing_the_sample_s_imported_project_replaces_its_rows_only(tmp_path: Path) -> None:
    book = tmp_path / "portfolio.xlsx"
    shutil.copyfile(sample_path(), book)
    plan = edited_plan(tmp_path / "dwp.xml", rename={"Headsets ordered and delivered": "Headsets delivered"},
                       drop="Lessons learned and closure")
    before = parts(book)
    old = load_portfolio(book, today=TODAY)
    result = import_plan(plan, book, "DWP-11")
    tasks = next(c for c in result.changes if c.sheet == "Tasks")
    assert (tasks.added, tasks.removed) == ([], ["28 'Lessons learned and closure'"])
    assert "14 'Headsets delivered'" in tasks.changed
    after = parts(book)
    assert changed(before, after) <= table_parts(book, "Projects", "Tasks", "Milestones")
    assert sheet_part(book, "Tasks") in changed(before, after)
    portfolio = load_portfolio(book, today=TODAY)
    rows = plan_rows(read_mspdi(plan), "DWP-11")
    assert [fields_of(t) for t in portfolio.tasks_of("DWP-11")] == [fields_of(t) for t in rows.tasks]
    assert portfolio.project("DWP-11").sponsor == old.project("DWP-11").sponsor  # what the PMO typed stays
    for other in (p.project_id for p in old.projects if p.project_id != "DWP-11"):
        assert [fields_of(t) for t in portfolio.tasks_of(other)] == [fields_of(t) for t in old.tasks_of(other)]
    assert openpyxl.load_workbook(book)["Tasks"].tables["Tasks"].ref == "A1:Y336"  # one row fewer
    assert errors(book) == errors(backup_path(book))
    assert_schema_valid(book)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_imported_rows(tmp_path: Path) -> None:
    book = tmp_path / "portfolio.xlsx"
    shutil.copyfile(sample_path(), book)
    import_plan(SAMPLE_PLAN, book, "NEW-1")
    # the CSV filter's 12th token picks the sheet: 2 = Tasks (LibreOffice 7.2 and later)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
                    "--outdir", str(tmp_path), str(book)], check=True, capture_output=True, timeout=180)
    lines = (tmp_path / "portfolio-Tasks.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 336 + 23
    assert lines[-1].startswith("NEW-1,29,6.3,Project closed,0,0,0,")
    assert ",2027-02-05,2027-02-05," in lines[-1]  # a date serial in the table's date format


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


def smaller_progress(tmp_path: Path) -> Path:
    """The progress fixture without its task 3 ("Docs")."""
    text = (FIXTURES / "progress.xml").read_text(encoding="utf-8")
    smaller = tmp_path / "smaller.xml"
    smaller.write_text(text[:text.index("<Task><UID>3</UID>")] + text[text.index("<Task><UID>4</UID>"):],
                       encoding="utf-8")
    return smaller


def with_calc_chain(path: Path, cells: list[str]) -> None:
    """Give the workbook the calculation chain Excel keeps (``xl/calcChain.xml``) over ``cells``
    ("Sheet!A1" → the sheet's position)."""
    content = parts(path)
    names = [s.get("name") for s in etree.fromstring(content["xl/workbook.xml"]).iter(f"{{{MAIN}}}sheet")]
    chain = "".join(f'<c r="{c.split("!")[1]}" i="{names.index(c.split("!")[0]) + 1}"/>' for c in cells)
    content["xl/calcChain.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><calcChain xmlns="{MAIN}">{chain}</calcChain>'.encode()
    content["[Content_Types].xml"] = content["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.calcChain+xml"/></Types>'))
    content["xl/_rels/workbook.xml.rels"] = content["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdChain" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'calcChain" Target="calcChain.xml"/></Relationships>'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in content.items():
            archive.writestr(name, data)


def pmo_workbook(tmp_path: Path, first_plan: Path) -> Path:
    """PRG imported from ``first_plan``, then project OTHER's two tasks below it, as a PMO keeps
    it: a 'Double' column inside the Tasks table with an A1 formula in every row and a 'Check'
    column with a structured one, a validation on 'Double' down to the table's last row, a link
    on an OTHER task's name, a Summary sheet of formulas over the table, a calculation chain."""
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    import_plan(first_plan, book, "PRG")
    edit = openpyxl.load_workbook(book)
    projects = edit["Projects"]
    projects.append(["OTHER", "Other work", None, None, None, "Waterfall", "Execute"])
    ref = projects.tables["Projects"].ref.rstrip("0123456789") + str(projects.max_row)
    projects.tables["Projects"].ref = projects.tables["Projects"].autoFilter.ref = ref
    ws = edit["Tasks"]
    table = ws.tables["Tasks"]
    top = ws.max_row + 1
    for r, (task, name, m) in enumerate([("T1", "Keep me", 3), ("T2", "Keep me too", 4)], start=top):
        for c, v in zip((1, 2, 4, 5, 6, 7), ("OTHER", task, name, m - 1, m, m + 2)):
            ws.cell(r, c, v)
    last = top + 1
    ws.cell(1, 26, "Double")
    ws.cell(1, 27, "Check")
    for r in range(2, last + 1):
        ws.cell(r, 26, f"=F{r}*2")
        ws.cell(r, 27, "=Tasks[[#This Row],[Most likely]]+1")
    table.ref = table.autoFilter.ref = f"A1:AA{last}"
    table.tableColumns.append(TableColumn(id=26, name="Double"))
    table.tableColumns.append(TableColumn(id=27, name="Check"))
    ws.cell(last, 4).hyperlink = "https://example.org/keep-me-too"
    check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    check.add(f"Z2:Z{last}")
    ws.add_data_validation(check)
    summary = edit.create_sheet("Summary")
    summary["A1"] = "=SUM(Tasks[Most likely])"
    summary["A2"] = f"=Tasks!F{last}"
    edit.save(book)
    with_calc_chain(book, [f"Tasks!Z{r}" for r in range(2, last + 1)] + ["Summary!A1", "Summary!A2"])
    return book


@pytest.mark.parametrize("grow", [True, False], ids=["rows-move-down", "rows-move-up"])
def test_formulas_links_and_validations_move_with_the_rows_they_belong_to(tmp_path: Path, grow: bool) -> None:
    plans = [smaller_progress(tmp_path), FIXTURES / "progress.xml"]
    first, second = plans if grow else plans[::-1]
    book = pmo_workbook(tmp_path, first)
    old_first = 2 + (4 if grow else 5)  # OTHER's first row before
    new_first = 2 + (5 if grow else 4)
    before = parts(book)
    import_plan(second, book, "PRG")
    after = parts(book)
    assert changed(before, after) == table_parts(book, "Tasks") | {"xl/calcChain.xml", "[Content_Types].xml",
                                                                   "xl/_rels/workbook.xml.rels"}
    assert "xl/calcChain.xml" not in after and b"calcChain" not in after["[Content_Types].xml"] + after[
        "xl/_rels/workbook.xml.rels"]  # formula cells moved: Excel rebuilds the chain
    ws = openpyxl.load_workbook(book)["Tasks"]
    for offset, name in enumerate(("Keep me", "Keep me too")):
        r = new_first + offset
        assert (ws.cell(r, 1).value, ws.cell(r, 4).value) == ("OTHER", name)
        assert ws.cell(r, 26).value == f"=F{r}*2"  # moved as Excel moves it: still its own row's F
        assert ws.cell(r, 27).value == "=Tasks[[#This Row],[Most likely]]+1"
    # PRG's rows, in the plan's order: each row kept from the first import took its own formula
    # along (still its own row's F); the task new in the plan has none (a plain column, not a
    # calculated one, which Excel would not fill either).
    kept = [r for r in range(2, new_first) if ws.cell(r, 26).value is not None]
    assert all(ws.cell(r, 26).value == f"=F{r}*2" for r in kept)
    assert len(kept) == 4
    last = new_first + 1
    assert ws.tables["Tasks"].ref == f"A1:AA{last}"
    assert [c.value for c in ws[last + 1]][:27] == [None] * 27  # nothing left below the table
    assert ws.cell(last, 4).hyperlink.target == "https://example.org/keep-me-too"
    assert ws.cell(old_first + 1, 4).hyperlink is None or old_first + 1 == last
    assert [str(v.sqref) for v in ws.data_validations.dataValidation if "Z" in str(v.sqref)] == [f"Z2:Z{last}"]
    portfolio = load_portfolio(book, today=TODAY)
    assert [t.name for t in portfolio.tasks_of("OTHER")] == ["Keep me", "Keep me too"]
    assert len(portfolio.tasks_of("PRG")) == (5 if grow else 4)
    assert errors(book) == []
    assert_schema_valid(book)


def test_a_calculation_chain_stays_when_no_formula_cell_moves(tmp_path: Path) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    edit = openpyxl.load_workbook(book)
    edit.create_sheet("Summary")["A1"] = "=SUM(Tasks[Most likely])"
    edit.save(book)
    with_calc_chain(book, ["Summary!A1"])
    before = parts(book)
    import_plan(FIXTURES / "links.xml", book, "LNK")
    after = parts(book)
    assert after["xl/calcChain.xml"] == before["xl/calcChain.xml"]
    assert sheet_part(book, "Tasks") in changed(before, after)
    assert changed(before, after) <= table_parts(book, "Projects", "Tasks", "Resources", "Milestones", "Calendar")
    assert_schema_valid(book)


def test_a_note_on_a_row_that_must_move_is_refused_untouched(tmp_path: Path) -> None:
    book = pmo_workbook(tmp_path, smaller_progress(tmp_path))
    edit = openpyxl.load_workbook(book)
    edit["Tasks"]["D6"].comment = Comment("check the estimate", "PMO")
    edit.save(book)
    backup_path(book).unlink()
    before = book.read_bytes()
    with pytest.raises(UpdateError) as caught:
        import_plan(FIXTURES / "progress.xml", book, "PRG")
    assert str(caught.value).startswith("Tasks!D6 has a note or comment, on a Tasks row the import moves")
    assert book.read_bytes() == before and not backup_path(book).exists()


def test_a_protected_sheet_is_refused_untouched(tmp_path: Path) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    edit = openpyxl.load_workbook(book)
    edit["Tasks"].protection.sheet = True
    edit.save(book)
    before = book.read_bytes()
    with pytest.raises(UpdateError) as caught:
        import_plan(FIXTURES / "links.xml", book)
    assert str(caught.value).startswith("the Tasks sheet is protected: unprotect it")
    assert book.read_bytes() == before


def test_a_missing_sheet_is_added_with_its_table(tmp_path: Path) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    edit = openpyxl.load_workbook(book)
    del edit["Milestones"]
    edit.save(book)
    import_plan(FIXTURES / "progress.xml", book, "PRG")
    reopened = openpyxl.load_workbook(book)
    assert reopened.sheetnames[-1] == "Milestones" and reopened["Milestones"].tables["Milestones"].ref == "A1:E2"
    milestones = load_portfolio(book, today=TODAY).milestones
    assert [(m.project_id, m.milestone) for m in milestones] == [("PRG", "Go-live")]
    assert reopened["Milestones"]["C2"].number_format == "yyyy-mm-dd"  # a date format added for the dates
    assert errors(book) == []
    assert_schema_valid(book)


def _png() -> bytes:
    """A one-pixel PNG, the picture the dashboard shows."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x1f\x4e\x79")) + chunk(b"IEND", b""))


PIVOT_CACHE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="{MAIN}" refreshOnLoad="1" recordCount="0"><cacheSource type="worksheet">\
<worksheetSource name="Tasks"/></cacheSource><cacheFields count="1"><cacheField name="Project ID" numFmtId="0">\
<sharedItems/></cacheField></cacheFields></pivotCacheDefinition>""".encode()
PIVOT_TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotTableDefinition xmlns="{MAIN}" name="TasksByProject" cacheId="1" dataCaption="Values" updatedVersion="6" \
minRefreshableVersion="3" createdVersion="6"><location ref="B20:B21" firstHeaderRow="1" firstDataRow="1" \
firstDataCol="0"/><pivotFields count="1"><pivotField axis="axisRow" showAll="0"><items count="1"><item t="default"/>\
</items></pivotField></pivotFields><rowFields count="1"><field x="0"/></rowFields><rowItems count="1"><i t="grand">\
<x/></i></rowItems><colItems count="1"><i/></colItems></pivotTableDefinition>""".encode()


def dashboard_workbook(path: Path) -> Path:
    """The standard tables as XlsxWriter writes them, and a Dashboard sheet with a chart over the
    Tasks table, a picture and a pivot table over Tasks (XlsxWriter writes no pivots: its parts —
    table, cache, relationships, content types, the workbook's pivotCaches — are added by hand)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    for spec in SHEETS:
        book.add_worksheet(spec.name).add_table(0, 0, 1, len(spec.columns) - 1, {
            "name": spec.name, "columns": [{"header": c.header} for c in spec.columns]})
    dashboard = book.add_worksheet("Dashboard")
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": "Most likely", "categories": "=Tasks!$D$2:$D$20", "values": "=Tasks!$F$2:$F$20"})
    dashboard.insert_chart("B2", chart)
    dashboard.insert_image("K2", "logo.png", {"image_data": io.BytesIO(_png())})
    book.close()
    content = parts(path)
    sheet = sheet_part(path, "Dashboard")
    rels = posixpath.join(posixpath.dirname(sheet), "_rels", posixpath.basename(sheet) + ".rels")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    content["xl/pivotCache/pivotCacheDefinition1.xml"] = PIVOT_CACHE
    content["xl/pivotTables/pivotTable1.xml"] = PIVOT_TABLE
    content["xl/pivotTables/_rels/pivotTable1.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}"><Relationship '
        f'Id="rId1" Type="{rel}pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/>'
        "</Relationships>").encode()
    content[rels] = content[rels].replace(b"</Relationships>", (
        f'<Relationship Id="rIdPivot" Type="{rel}pivotTable" Target="../pivotTables/pivotTable1.xml"/>'
        "</Relationships>").encode())
    content["xl/_rels/workbook.xml.rels"] = content["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        f'<Relationship Id="rIdCache" Type="{rel}pivotCacheDefinition" '
        'Target="pivotCache/pivotCacheDefinition1.xml"/></Relationships>').encode())
    content["xl/workbook.xml"] = re.sub(rb"(<calcPr[^>]*/>)", (
        b'\\1<pivotCaches><pivotCache cacheId="1" r:id="rIdCache"/></pivotCaches>'), content["xl/workbook.xml"])
    spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml."
    content["[Content_Types].xml"] = content["[Content_Types].xml"].replace(b"</Types>", (
        f'<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" ContentType="{spreadsheet}'
        f'pivotCacheDefinition+xml"/><Override PartName="/xl/pivotTables/pivotTable1.xml" '
        f'ContentType="{spreadsheet}pivotTable+xml"/></Types>').encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    return path


def test_a_chart_a_picture_and_a_pivot_table_stay_byte_for_byte(tmp_path: Path) -> None:
    book = dashboard_workbook(tmp_path / "dashboard.xlsx")
    before = parts(book)
    kept = [n for n in before if re.match(r"xl/(charts|drawings|media|pivotCache|pivotTables)/", n)]
    assert {n.split("/")[1] for n in kept} == {"charts", "drawings", "media", "pivotCache", "pivotTables"}
    import_plan(FIXTURES / "progress.xml", book, "PRG")
    after = parts(book)
    # the tables had no date format (XlsxWriter writes none unless asked): one is added to the styles
    assert changed(before, after) <= table_parts(book, "Projects", "Tasks", "Milestones", "Resources") | {
        "xl/styles.xml"}
    assert {sheet_part(book, s) for s in ("Projects", "Tasks", "Milestones", "Resources")} <= changed(before, after)
    assert all(after[n] == before[n] for n in kept)
    assert [t.task_id for t in load_portfolio(book, today=TODAY).tasks_of("PRG")] == ["1", "2", "3", "4", "5"]
    assert openpyxl.load_workbook(book)["Tasks"].tables["Tasks"].ref == "A1:Y6"
    assert_schema_valid(book)


_WORDS = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20).map(
    str.strip).filter(lambda t: t and t.upper() not in EXCEL_ERRORS and not t.startswith(("=", "'")))
_DAY = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
_QUARTERS = st.integers(0, 4000).map(lambda q: q / 4)


@st.composite
def task_lists(draw: st.DrawFn) -> list[Task]:
    ids = draw(st.lists(st.from_regex(r"[A-Z]{1,2}[0-9]{1,3}", fullmatch=True), min_size=1, max_size=8, unique=True))
    tasks = []
    for task_id in ids:
        m = draw(_QUARTERS)
        start = draw(_DAY)
        tasks.append(Task("GEN", task_id, draw(_WORDS), draw(st.sampled_from(["", "1.1", "2"])), m / 2, m, m * 2,
                          resource=draw(st.sampled_from(["", "Ana"])), effort=draw(st.one_of(st.none(), _QUARTERS)),
                          start=start, finish=start + dt.timedelta(days=draw(st.integers(0, 90))),
                          percent_complete=draw(st.sampled_from([0.0, 0.25, 1.0])),
                          baseline_cost=draw(st.one_of(st.none(), st.integers(0, 10**9).map(lambda c: c / 100))),
                          milestone=draw(st.booleans())))
    return tasks


@pytest.fixture(scope="module")
def two_project_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return other_project(tmp_path_factory.mktemp("law") / "pmo.xlsx")


@settings(max_examples=25)
@given(first=task_lists(), second=task_lists())
def test_what_an_import_writes_the_loader_reads_back(two_project_book: Path, first: list[Task],
                                                     second: list[Task]) -> None:
    """Law: for any two task lists A and B of project GEN, putting A then B into a workbook that
    holds another project leaves B, row for row and value for value, and the other project as it was."""
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "pmo.xlsx"
        shutil.copyfile(two_project_book, book)
        project = [Project("GEN", "Generated", methodology="Waterfall", stage="Execute")]
        for tasks in (first, second):
            update_workbook(book, [Replacement("Projects", project, "GEN"), Replacement("Tasks", tasks, "GEN")])
        portfolio, _ = read_portfolio(book, partial=True)
        assert portfolio is not None
        assert [fields_of(t) for t in portfolio.tasks_of("GEN")] == [fields_of(t) for t in second]
        assert [t.name for t in portfolio.tasks_of("OTHER")] == ["Keep me", "Keep me too"]
