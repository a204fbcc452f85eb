"""Errors from the calculation core while generating come back at the workbook cell they came from
(issue 9, "validate passes, the deck refuses"): never an argument name and an array row."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pmokit.workbooks.errors import WorkbookError
from pmokit.workbooks.loader import load_portfolio
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.writer import write_workbook
from workbook_factory import AS_OF, small_portfolio


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    path = write_workbook(small_portfolio(), tmp_path_factory.mktemp("b") / "pmo.xlsx")
    return load_portfolio(path, today=AS_OF)


def _with_task(portfolio: Portfolio, index: int, **changes: object) -> Portfolio:
    """The portfolio with one task changed after loading (what a caller building it in code, or a
    rule validate lacked, lets through)."""
    tasks = list(portfolio.tasks)
    tasks[index] = dataclasses.replace(tasks[index], **changes)
    return dataclasses.replace(portfolio, tasks=tuple(tasks))


def test_a_core_error_in_the_deck_names_the_workbook_cell(loaded: Portfolio, tmp_path: Path) -> None:
    """Effort on two non-working days (the workbook's week is Tuesday–Saturday): the resource
    loading refuses it as "finishes row 1"; the deck says Tasks!L3, the task's finish cell."""
    from pmokit.generators.deck import DeckOptions, write_deck

    broken = _with_task(loaded, 1, start=dt.date(2026, 3, 8), finish=dt.date(2026, 3, 9))
    with pytest.raises(WorkbookError) as caught:
        write_deck(broken, tmp_path / "deck.pptx", DeckOptions(iterations=100))
    (problem,) = caught.value.problems
    assert problem.where == f"Tasks!L{loaded.tasks[1].row}"
    assert problem.message.startswith("finish: no working day from 2026-03-08 to 2026-03-09")
    assert str(caught.value).startswith(f"{loaded.source}: Tasks!L3: finish:")
    assert not (tmp_path / "deck.pptx").exists()


def test_a_core_error_in_a_plan_names_the_workbook_cell(loaded: Portfolio, tmp_path: Path) -> None:
    from pmokit.generators.documents import DocumentOptions, write_plan

    broken = _with_task(loaded, 2, optimistic=30.0)  # above most likely 15: the core's three-point rule
    with pytest.raises(WorkbookError) as caught:
        write_plan(broken, "P01", tmp_path, DocumentOptions(iterations=100))
    (problem,) = caught.value.problems
    assert problem.where == f"Tasks!E{loaded.tasks[2].row}"
    assert problem.message == "optimistic: 30 is greater than most likely 15"
    assert list(tmp_path.iterdir()) == []


def test_the_cell_follows_the_workbook_s_own_column_order(tmp_path: Path) -> None:
    """A PMO that moved its columns gets its own letters: the layout read travels with the portfolio."""
    import openpyxl

    from pmokit.generators.boundary import Rows, at_cells
    from pmokit.addin.errors import InputError

    path = write_workbook(small_portfolio(), tmp_path / "pmo.xlsx")
    book = openpyxl.load_workbook(path)
    book["Tasks"].insert_cols(1)
    book["Tasks"].tables["Tasks"].ref = "B1:Z6"
    book.save(path)
    portfolio = load_portfolio(path, today=AS_OF)
    with pytest.raises(WorkbookError) as caught:
        with at_cells(portfolio, "P01", Rows("Tasks", portfolio.tasks_of("P01"), {"finishes": "finish"})):
            raise InputError("finishes", "is wrong", row=2)
    assert caught.value.problems[0].where == "Tasks!M3"


def test_a_baseline_cost_with_no_working_day_is_a_validate_rule_and_the_plan_names_its_cell(
        loaded: Portfolio, tmp_path: Path) -> None:
    """The plan's budget by month (main's phasing) spreads each task's baseline cost over its
    working days; a task on two non-working days passed validate, then the plan stopped with
    "finishes row 1". Now validate says it at the finish cell, and the plan names the same cell."""
    from pmokit.generators.documents import DocumentOptions, write_plan
    from pmokit.workbooks.validate import ValidateOptions, validate_workbook

    changes = {"start": dt.date(2026, 3, 8), "finish": dt.date(2026, 3, 9), "effort": None, "baseline_cost": 1000.0}
    broken = _with_task(loaded, 1, **changes)
    where = f"Tasks!L{loaded.tasks[1].row}"
    with pytest.raises(WorkbookError) as caught:
        write_plan(broken, loaded.tasks[1].project_id, tmp_path, DocumentOptions(iterations=100))
    assert [p.where for p in caught.value.problems] == [where]
    assert list(tmp_path.iterdir()) == []
    tasks = list(small_portfolio().tasks)
    tasks[1] = dataclasses.replace(tasks[1], **changes)  # type: ignore[arg-type]
    path = write_workbook(dataclasses.replace(small_portfolio(), tasks=tuple(tasks)), tmp_path / "cost.xlsx")
    found = [p for p in validate_workbook(path, ValidateOptions(as_of=AS_OF)) if p.severity == "error"]
    assert [(p.where, p.message.split(" has ")[0]) for p in found] == [(where, "baseline cost 1,000")]
