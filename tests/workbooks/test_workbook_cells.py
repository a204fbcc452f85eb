"""Reading cells (workbooks/cells.py): the column short paths agree with the cell-by-cell rules,
and the rules themselves on the values PMO analysts actually type."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.workbooks.cells import CellError, CellProblem, is_blank, read, read_column
from pmokit.workbooks.schema import SHEETS, Column, sheet

ALL_COLUMNS = [c for s in SHEETS for c in s.columns]
VALUES = st.one_of(
    st.none(), st.just(""), st.just("  "), st.text(max_size=8),
    st.sampled_from(["#N/A", "50%", "0.5", "1,000", "Green", "amber", "Yes", "no", "x", "2026-11-30",
                     "30/11/2026", "Waterfall", "1111100"]),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6), st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1)), st.builds(CellError, st.sampled_from(["#N/A", "#REF!"])),
)


def _one_by_one(values: list[Any], column: Column) -> tuple[list[Any], dict[int, str]]:
    out: list[Any] = []
    problems: dict[int, str] = {}
    for k, v in enumerate(values):
        if is_blank(v):
            out.append(None)
            continue
        try:
            out.append(read(v, column))
        except CellProblem as exc:
            problems[k] = str(exc)
            out.append(None)
    return out, problems


@settings(max_examples=100, deadline=None)
@given(column=st.sampled_from(ALL_COLUMNS), values=st.lists(VALUES, max_size=12),
       uniform=st.sampled_from([None, 1.5, 0.25, "Build", dt.date(2026, 3, 2)]))
def test_reading_a_column_equals_reading_each_cell(column: Column, values: list[Any], uniform: Any) -> None:
    """Law: the whole-column short paths never change a value or a problem; also for columns
    whose cells are all of one type (the case the short paths are for)."""
    for cells in (values, [uniform] * len(values) if uniform is not None else values):
        assert read_column(list(cells), column) == _one_by_one(list(cells), column)


TASKS = sheet("Tasks")


@pytest.mark.parametrize("field, value, expected", [
    ("percent_complete", "50%", 0.5), ("percent_complete", 0.5, 0.5), ("percent_complete", " 100 % ", 1.0),
    ("optimistic", "3", 3.0), ("optimistic", "1,250", 1250.0), ("effort", 7, 7.0),
    ("start", 46024, dt.date(2026, 1, 2)), ("start", "2026-01-02", dt.date(2026, 1, 2)),
    ("start", "22/01/2026", dt.date(2026, 1, 22)), ("start", dt.datetime(2026, 1, 2, 9, 30), dt.date(2026, 1, 2)),
    ("milestone", "Yes", True), ("milestone", "x", True), ("milestone", 0, False), ("milestone", True, True),
    ("task_id", 12.0, "12"), ("name", "  Build  ", "Build"),
])
def test_values_as_typed(field: str, value: Any, expected: Any) -> None:
    assert read(value, TASKS.column(field)) == expected


@pytest.mark.parametrize("field, value, message", [
    ("percent_complete", 50, "% complete 50 is more than 100%: write 50% or 0.5"),
    ("optimistic", "1,5", "optimistic '1,5' is not a number"),
    ("optimistic", True, "optimistic TRUE is not a number"),
    ("start", 60, "start serial 60 is Excel's 29 February 1900, a day that never existed"),
    ("start", "31/02/2026", "start '31/02/2026' is not a date (write 2026-11-30 or 30/11/2026)"),
    ("name", CellError("#REF!"), "name is the Excel error #REF!: fix the formula or clear the cell"),
])
def test_values_refused_with_the_rule(field: str, value: Any, message: str) -> None:
    with pytest.raises(CellProblem) as caught:
        read(value, TASKS.column(field))
    assert str(caught.value) == message


@pytest.mark.parametrize("value", [float("inf"), float("-inf")])
def test_an_infinite_number_is_a_problem_on_the_column_path_too(value: float) -> None:
    """Found by the law above: the whole-column short path once let ±inf through as a cost."""
    column = next(c for c in sheet("Risks").columns if c.field == "cost_min")
    values, problems = read_column([value], column)
    assert values == [None]
    assert "finite" in problems[0]
    values, problems = read_column([1.0, value], column)  # the column of numbers path
    assert values[1] is None and 1 in problems
