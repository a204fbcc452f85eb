"""Cell values as Excel and Python callers hand them over, read the way an analyst means them."""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import cells
from pmokit.addin.cells import CellError
from pmokit.addin.errors import InputError

# Microsoft's CVErr table ("Cell Error Values", VBA documentation) as pywin32 returns them:
# xlErrDiv0 2007, xlErrNA 2042, xlErrNum 2036, xlErrValue 2015, each as the HRESULT
# 0x800A0000 + code, a negative 32-bit integer.
CVERR = {2007: "#DIV/0!", 2042: "#N/A", 2036: "#NUM!", 2015: "#VALUE!", 2029: "#NAME?",
         2000: "#NULL!", 2023: "#REF!"}


@pytest.mark.parametrize("code, text", CVERR.items())
def test_com_error_codes_are_excel_errors(code: int, text: str) -> None:
    hresult = 0x800A0000 + code - (1 << 32)
    assert cells.error_code(hresult) == text
    assert cells.error_code(text) == text
    with pytest.raises(CellError) as raised:
        cells.numbers([1.0, hresult], "optimistic")
    assert (raised.value.code, raised.value.row) == (text, 2)


def test_blank_and_missing_cells() -> None:
    assert all(cells.is_blank(v) for v in (None, "", "   ", cells.MISSING))
    assert not any(cells.is_blank(v) for v in (0, 0.0, "0", False))
    assert cells.number(cells.MISSING, "iterations", 10000.0) == 10000.0
    with pytest.raises(InputError, match="optimistic row 2: is blank"):
        cells.numbers([1.0, None, 3.0], "optimistic")
    assert cells.numbers([1.0, None], "load", blank=0.0).tolist() == [1.0, 0.0]


@pytest.mark.parametrize("text, value", [("12", 12.0), (" 12.5 ", 12.5), ("1,250", 1250.0),
                                         ("-3", -3.0), ("15%", 0.15), ("1e3", 1000.0),
                                         ("\u00a042", 42.0)])
def test_numbers_stored_as_text(text: str, value: float) -> None:
    assert cells.to_number(text, "x") == value


@pytest.mark.parametrize("text", ["abc", "1,2", "12..5", "", "%", "--1", "1.2.3"])
def test_text_that_is_not_a_number_is_named(text: str) -> None:
    with pytest.raises(InputError, match="is not a number"):
        cells.to_number(text, "x")


def test_booleans_and_dates_are_not_numbers() -> None:
    with pytest.raises(InputError, match="TRUE is not a number"):
        cells.to_number(True, "x")
    with pytest.raises(InputError, match="is a date, not a number"):
        cells.to_number(date(2026, 1, 1), "x")


@settings(max_examples=80)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_a_number_written_as_text_reads_back_as_itself(x: float) -> None:
    """Law: repr of a finite float, as text in a cell, is read as that float."""
    assert cells.to_number(repr(x), "x") == x


def test_ranges_become_columns_whichever_way_they_lie() -> None:
    assert cells.column(5.0, "x") == [5.0]
    assert cells.column([1, 2, 3], "x") == [1, 2, 3]
    assert cells.column(((1.0,), (2.0,)), "x") == [1.0, 2.0]  # a column range: rows of one
    assert cells.column([[1.0, 2.0, 3.0]], "x") == [1.0, 2.0, 3.0]  # a row range
    assert cells.column(np.array([4.0, 5.0]), "x") == [4.0, 5.0]
    with pytest.raises(InputError, match="block of 2 rows × 2 columns"):
        cells.column([[1, 2], [3, 4]], "x")


def test_ranges_of_different_lengths_are_named() -> None:
    with pytest.raises(InputError) as raised:
        cells.same_length(ids=[1, 2, 3], durations=[1, 2])
    assert str(raised.value) == ("durations: has 2 rows but ids has 3; give ranges of the same "
                                 "length")


def test_dates_from_cells_serials_and_text() -> None:
    # Microsoft's DATE documentation: DATE(2008,1,1) is serial number 39448.
    assert cells.to_date(39448.0, "start") == date(2008, 1, 1)
    assert cells.to_date(datetime(2008, 1, 1, 9, 30), "start") == date(2008, 1, 1)
    assert cells.to_date("2008-01-01", "start") == date(2008, 1, 1)
    assert cells.optional_date(None, "start") is None
    with pytest.raises(CellError):
        cells.to_date(-2146826246, "start")
    assert cells.holidays([[39448.0, None], [None, date(2008, 12, 25)]]) == [
        date(2008, 1, 1), date(2008, 12, 25)]


def test_ids_typed_as_numbers_lose_their_decimal_point() -> None:
    assert cells.labels([1.0, "B", 2.5], "ids") == ["1", "B", "2.5"]
    with pytest.raises(InputError, match="ids row 2: is blank"):
        cells.labels(["A", None], "ids")


def test_options_and_flags() -> None:
    assert cells.choice(None, "distribution", "pert", ["pert", "uniform"]) == "pert"
    assert cells.choice("Uniform", "distribution", "pert", ["pert", "uniform"]) == "uniform"
    with pytest.raises(InputError, match="'beta' is not one of pert, uniform"):
        cells.choice("beta", "distribution", "pert", ["pert", "uniform"])
    assert [cells.flag(v, "f", True) for v in (None, False, 0.0, "no", "TRUE")] == [
        True, False, False, False, True]
    assert cells.fraction("80%", "percentile") == pytest.approx(0.8)
    with pytest.raises(InputError, match="give 0.8 or 80% for P80"):
        cells.fraction(80, "percentile")
    with pytest.raises(InputError, match="takes one value, not a range of 2 cells"):
        cells.number([1.0, 2.0], "backlog")
    with pytest.raises(InputError, match="2.5 is not a whole number"):
        cells.integer(2.5, "iterations", 10000)


def test_results_as_excel_shows_them() -> None:
    assert cells.cell(math.nan) == "#DIV/0!"
    assert cells.cell(math.inf) == "#NUM!"
    assert cells.cell(np.float64(2.5)) == 2.5 and type(cells.cell(np.float64(2.5))) is float
    assert cells.cell(np.bool_(True)) is True
    assert cells.as_column([1.0]) == 1.0
    assert cells.as_column(np.array([1.0, np.nan])) == [[1.0], ["#DIV/0!"]]
    assert cells.as_table(["A", "B"], [(1, np.nan)]) == [["A", "B"], [1, "#DIV/0!"]]


def test_a_labelled_table_reads_back_with_its_labels() -> None:
    names, heads, values = cells.matrix([["Resource", 46000.0, 46007.0], ["Ana", 8.0, None]],
                                        "load")
    assert names == ["Ana"] and heads == [46000.0, 46007.0]
    assert values.tolist() == [[8.0, 0.0]]
    names, heads, values = cells.matrix([[1.0, "2"], [3.0, 4.0]], "load")
    assert names is None and heads is None and values.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_rows_leave_out_only_rows_blank_everywhere() -> None:
    used = cells.rows(a=[1.0, None, None, 4.0, None], b=[2.0, 3.0, "", None, None])
    assert (used.used, used.count) == ([0, 1, 3], 5)
    assert used.scatter([10, 11, 13]) == [10, 11, "", 13, ""]
    assert cells.numbers([1.0, None, None, 4.0, None], "a", rows=[0, 3]).tolist() == [1.0, 4.0]
    with pytest.raises(InputError, match="b row 4: is blank"):
        cells.numbers([2.0, 3.0, "", None, None], "b", rows=used.used)


def test_the_core_row_numbers_become_sheet_rows() -> None:
    used = cells.rows(a=[None, 1.0, None, 2.0])
    with pytest.raises(InputError) as raised, used.numbered():
        raise InputError("a", "is negative", row=2)  # the core's second row is the sheet's 4th
    assert raised.value.row == 4 and str(raised.value) == "a row 4: is negative"


def test_newer_error_cells_are_not_read_as_numbers() -> None:
    # xlErrSpill is 2045 in Microsoft's XlCVError enumeration; xlwings' own table lacks it and
    # passes the COM code -2146826243 through as an integer, which must not become a number.
    with pytest.raises(CellError) as raised:
        cells.numbers([1.0, -2146826243], "optimistic")
    assert raised.value.code == "#SPILL!"


def test_rating_tables_for_cocomo() -> None:
    assert cells.ratings(None, "scale_factors") is None
    assert cells.ratings([["PREC", "High"], [None, None], ["TEAM", 2.0]], "scale_factors") == {
        "PREC": "High", "TEAM": 2.0}
    with pytest.raises(InputError, match="give two columns"):
        cells.ratings([["PREC", "High", "x"]], "scale_factors")


@settings(max_examples=60)
@given(st.lists(st.floats(min_value=1.0, max_value=2958465.99), min_size=1, max_size=30))
def test_a_column_of_serials_reads_as_each_serial_would(serials: list[float]) -> None:
    """Law: reading a whole column of serial dates gives, cell by cell, the calendar's reading
    of each serial (the column takes a vectorised path when it can)."""
    from pmokit.addin.calendar import to_date

    try:
        expected = [to_date(s) for s in serials]
    except InputError:  # serial 60, Excel's 29 February 1900, is refused either way
        with pytest.raises(InputError):
            cells.dates(serials, "starts")
        return
    assert cells.dates(serials, "starts") == expected
