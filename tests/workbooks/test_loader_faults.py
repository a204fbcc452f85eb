"""Reading workbooks that other tools wrote, or that were damaged (issue 9): rows below a table
are never dropped silently, a stray far cell costs nothing, a damaged sheet is named, and only
regular files are opened."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pmokit.workbooks.errors import WorkbookError
from pmokit.workbooks.loader import load_portfolio, read_portfolio
from pmokit.workbooks.validate import ValidateOptions, validate_workbook
from pmokit.workbooks.writer import write_workbook
from workbook_factory import AS_OF, small_portfolio


@pytest.fixture(scope="module")
def standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(small_portfolio(), tmp_path_factory.mktemp("f") / "standard.xlsx")


def _copy(standard: Path, tmp_path: Path, name: str = "copy.xlsx") -> Path:
    return Path(shutil.copy(standard, tmp_path / name))


def _append(path: Path, sheet: str, *rows: list[object]) -> Path:
    """What openpyxl's ``append`` (or a paste) does: rows under the last one, the table left as it was."""
    book = openpyxl.load_workbook(path)
    for row in rows:
        book[sheet].append(row)
    book.save(path)
    return path


P03 = ["P03", "Data platform", "Digital", "CDO", "C. Diaz", "Agile", "Plan", 3]


def test_rows_below_a_table_are_read_with_a_warning_saying_how_to_resize_it(standard: Path, tmp_path: Path) -> None:
    """The audit's case: a third project one row below the Projects table was ignored without a
    word, and a task of it was blamed as "not on the Projects sheet"."""
    path = _append(_copy(standard, tmp_path), "Projects", P03)
    _append(path, "Tasks", ["P03", "T1", "", "Discovery", 1, 2, 3])
    portfolio, problems = read_portfolio(path, today=AS_OF)
    assert portfolio is not None, [str(p) for p in problems]
    assert [p.project_id for p in portfolio.projects] == ["P01", "P02", "P03"]
    assert [t.task_id for t in portfolio.tasks_of("P03")] == ["T1"] and portfolio.project("P03").row == 4
    warnings = [p for p in problems if p.rule == "TABLE_RANGE"]
    assert [(p.severity, p.where) for p in warnings] == [("warning", "Projects!A4:N4"), ("warning", "Tasks!A7:Y7")]
    assert "resize the table to A1:N4" in warnings[0].message
    assert all(p.severity == "warning" for p in problems)
    found = validate_workbook(path, ValidateOptions(as_of=AS_OF))
    assert "Projects!A4:N4" in [p.where for p in found] and not [p for p in found if p.severity == "error"]


def test_rows_below_stop_at_the_first_blank_row(standard: Path, tmp_path: Path) -> None:
    path = _append(_copy(standard, tmp_path), "Projects", P03, [], ["Notes: projects below are ideas"])
    portfolio = load_portfolio(path, today=AS_OF)
    assert [p.project_id for p in portfolio.projects] == ["P01", "P02", "P03"]


def test_a_bad_row_below_a_table_is_an_error_at_its_cell(standard: Path, tmp_path: Path) -> None:
    path = _append(_copy(standard, tmp_path), "Projects", ["P03", "Data platform", "", "", "", "Scrum", "Plan"])
    with pytest.raises(WorkbookError) as caught:
        load_portfolio(path, today=AS_OF)
    assert [str(p) for p in caught.value.problems] == [
        "Projects!F4: methodology 'Scrum' is not one of Waterfall, Agile, Hybrid"]


# The peak is this process's own high-water mark (VmHWM, KiB): ru_maxrss survives exec on Linux, so
# a child of a large pytest process would report its parent's peak.
STRAY = """
import pathlib, re, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
from pmokit.workbooks.loader import read_portfolio
portfolio, problems = read_portfolio(sys.argv[1])
status = pathlib.Path("/proc/self/status")
found = re.search(r"VmHWM:\\s*(\\d+)", status.read_text()) if status.exists() else None
peak = int(found.group(1)) if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(portfolio.projects), len(portfolio.tasks), peak)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize("sheet", ["Projects", "Tasks"])
def test_one_stray_value_in_xfd1048576_costs_nothing(standard: Path, tmp_path: Path, sheet: str) -> None:
    """The whole-sheet block from A1 to XFD1048576 is 17 billion cells: calamine asked for 512 GiB
    and the process aborted without a word. Only the table's range is read now, under 2 GiB of
    address space (measured: about 150 MB peak on the 2026 sample)."""
    path = _copy(standard, tmp_path)
    book = openpyxl.load_workbook(path)
    book[sheet]["XFD1048576"] = "stray"
    book.save(path)
    done = subprocess.run([sys.executable, "-c", STRAY, str(path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    projects, tasks, peak_kb = map(int, done.stdout.split())
    assert (projects, tasks) == (2, 5)
    assert peak_kb < 1024 ** 2  # KiB on Linux: under 1 GiB


def _replace_part(path: Path, part: str, data: bytes) -> Path:
    out = path.with_name(f"damaged-{path.name}")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, data if info.filename == part else src.read(info))
    return out


def test_a_damaged_sheet_inside_a_valid_zip_is_named(standard: Path, tmp_path: Path) -> None:
    source = _copy(standard, tmp_path)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml")  # Tasks
    path = _replace_part(source, "xl/worksheets/sheet2.xml", xml[: len(xml) // 2])
    before = path.read_bytes()
    with pytest.raises(WorkbookError) as caught:
        load_portfolio(path, today=AS_OF)
    (problem,) = caught.value.problems
    assert problem.sheet == "Tasks" and "damaged" in problem.message
    assert str(caught.value).startswith(f"{path}: Tasks: the sheet is damaged")
    assert path.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_like_a_workbook_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-c", "from pmokit.generators.cli import main; main()", "validate",
                           str(fifo)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not a regular file" in " ".join(done.stdout.split())


def test_a_far_cell_written_in_an_odd_way_counts_as_far() -> None:
    from pmokit.workbooks.tables import FAR, MAX_CELLS, sheet_extent

    normal = b'<sheetData><row r="1"><c r="A1"/><c r="N1"/></row><row r="50000"><c r="Y50000"/></row></sheetData>'
    assert sheet_extent(normal) <= MAX_CELLS
    assert sheet_extent(normal.replace(b'"Y50000"', b'"XFD1048576"')) == 1048576 * 16384
    assert sheet_extent(normal.replace(b'r="Y50000"', b"r='XFD1048576'")) > MAX_CELLS
    assert sheet_extent(normal.replace(b'<c r="Y50000"', b'<c\nr="XFD1048576"')) > MAX_CELLS
    assert sheet_extent(normal.replace(b'r="Y50000"', b'r="&#88;FD1"')) == FAR
    assert re.search(rb"XFD", normal) is None
