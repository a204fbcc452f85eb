"""Whatever cells Excel sends, a PMO_* function answers: never a traceback in the cell.

The classic add-in writes an escaping exception's text into the cell, so the law here is that
every function, given any mix of the values Excel sends (numbers, numbers as text, blanks, error
codes, dates, booleans, the missing marker), returns a value, a table or a message.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmokit.addin.functions as functions

CELL = st.one_of(
    st.none(),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=-5, max_value=50).map(float),
    st.sampled_from(["", "12", " 3.5 ", "abc", "15%", "A", "1FS+2", "B SS", "2026-03-02",
                     "#N/A", "pert", "TRUE"]),
    st.sampled_from([-2146826246, -2146826281, -2147352572, -2146826243]),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.just(datetime(2026, 3, 2, 9, 30)),
    st.booleans(),
)
ARGUMENT = st.one_of(CELL, st.lists(CELL, min_size=1, max_size=6))
SIMULATIONS = {"PMO_MC", "PMO_MC_TABLE", "PMO_SRA", "PMO_SRA_TABLE", "PMO_RISK_RESERVE",
               "PMO_FORECAST", "PMO_FORECAST_ITEMS", "PMO_SRA_RISKS", "PMO_TORNADO"}


def _is_answer(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(row, list) for row in value)
    return value is None or isinstance(value, (str, float, int, bool, date))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(functions.__all__), st.data())
def test_any_cells_get_an_answer_not_an_exception(name: str, data: st.DataObject) -> None:
    """Law: every function returns an answer (value, table or message) for any cells."""
    import inspect

    function = getattr(functions, name)
    parameters = list(inspect.signature(function).parameters)
    args = [data.draw(ARGUMENT, label=p) for p in parameters]
    if name in SIMULATIONS and "iterations" in parameters:
        args[parameters.index("iterations")] = 200.0  # keep each example quick
    answer = function(*args)
    assert _is_answer(answer), (name, args, answer)


_NUMBER = st.floats(min_value=0, max_value=100, allow_nan=False)
PLAUSIBLE = st.one_of(_NUMBER, _NUMBER, _NUMBER, _NUMBER, _NUMBER.map(lambda x: float(round(x))),
                      st.integers(0, 1).map(float), st.sampled_from(["A", "B", "1", "A,B", ""]),
                      st.none(), st.dates(min_value=date(2026, 1, 1),
                                          max_value=date(2026, 12, 31)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(functions.__all__), st.integers(1, 5), st.data())
def test_plausible_columns_get_an_answer_not_an_exception(name: str, rows: int,
                                                         data: st.DataObject) -> None:
    """Law: columns of one length, mostly numbers, also always get an answer."""
    import inspect

    function = getattr(functions, name)
    parameters = list(inspect.signature(function).parameters)
    column = st.lists(PLAUSIBLE, min_size=rows, max_size=rows)
    args = [data.draw(st.one_of(column, PLAUSIBLE), label=p) for p in parameters]
    if name in SIMULATIONS and "iterations" in parameters:
        args[parameters.index("iterations")] = 200.0
    answer = function(*args)
    assert _is_answer(answer), (name, args, answer)


def test_a_divisor_too_small_to_divide_by_is_num_not_an_exception() -> None:
    """Found by the law above: a PV of 2.2e-309 (a subnormal) made EV / PV overflow, a
    RuntimeWarning (an exception under -W error) instead of Excel's #NUM!."""
    answer = functions.PMO_EVM(0.0, 2.225073858507203e-309, 1.0, 0.0, "SPI")
    assert not isinstance(answer, Exception)
