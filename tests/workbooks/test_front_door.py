"""``pmokit.workbooks`` is the front door for Python callers (STYLE 4; issue 9, Python callers):
``__all__`` is exactly its public names, and every one of them is there."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pmokit.workbooks as front

EXPECTED = {
    "load_portfolio", "read_portfolio", "validate_workbook", "ValidateOptions", "write_workbook",
    "write_blank_workbook", "sample_path", "Problem", "WorkbookError", "OutputError", "Portfolio", "Project", "Task",
    "Resource", "Calendar", "Holiday", "StatusReport", "Milestone", "Risk", "Decision", "Charter", "Throughput",
}


def test_all_is_exactly_the_public_names() -> None:
    assert set(front.__all__) == EXPECTED
    defined = {name for name, value in vars(front).items() if not name.startswith("_") and not inspect.ismodule(value)}
    assert defined <= EXPECTED  # nothing public by accident (an import, a helper)
    assert set(front.__all__) <= set(dir(front))
    for name in front.__all__:
        assert getattr(front, name).__module__.startswith("pmokit.workbooks")


def test_the_names_are_the_ones_the_modules_define() -> None:
    from pmokit.workbooks.loader import load_portfolio
    from pmokit.workbooks.model import Portfolio
    from pmokit.workbooks.validate import validate_workbook

    assert (front.load_portfolio, front.Portfolio, front.validate_workbook) == (load_portfolio, Portfolio,
                                                                                validate_workbook)


def test_importing_the_front_door_stays_cheap() -> None:
    """Names load on first use: ``import pmokit.workbooks`` reads no workbook library."""
    code = "import sys, pmokit.workbooks; print('python_calamine' in sys.modules, 'openpyxl' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_the_readme_example_runs() -> None:
    portfolio = front.load_portfolio(front.sample_path())
    problems = front.validate_workbook(front.sample_path(), front.ValidateOptions(as_of=portfolio.status[-1].status_date))
    assert portfolio.projects and not [p for p in problems if p.severity == "error"]
