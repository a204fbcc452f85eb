"""The PMO_* functions called as Excel calls them: through xlwings' own classic COM path.

Excel calls a UDF through the VBA wrapper xlwings generates, which calls
``XLPython().CallUDF(module, name, args)`` in xlwings' COM server; xlwings reads each argument
with the options recorded by ``@xw.func`` (``__xlfunc__``), calls the function and writes the
result back with the Windows engine's cleaning rules. None of that needs Excel, only pywin32, so
this test stands in for the Windows-only modules (pythoncom, pywintypes, win32com, win32api …)
and runs xlwings' real ``udfs``, ``com_server`` and ``_xlwindows`` code on Linux, handing it the
raw values Excel sends: floats, None for blank cells, datetimes for date-formatted cells but plain
serial numbers for dates computed by formulas, integer COM codes for error cells, the
DISP_E_PARAMNOTFOUND marker for omitted optional arguments, and Range objects for references.
It also checks the VBA declarations and the function-wizard descriptions xlwings installs. The
stand-ins live in ``tests/classic_excel.py``, shared with the cost-per-cell benchmark.
"""

from __future__ import annotations

import math
import types
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
import xlwings
from classic_excel import DIV0, MISSING, NA, FakeRange, classic_udf_server, column
from classic_excel import TimeType as _TimeType


@pytest.fixture(scope="module")
def excel() -> Iterator[types.SimpleNamespace]:
    """xlwings' classic UDF server with the Windows modules stood in for, and pmokit's
    functions decorated by the real ``xlwings.udfs.xlfunc``; everything undone afterwards."""
    with classic_udf_server() as server:
        yield server


def call(excel: types.SimpleNamespace, name: str, *args: object) -> Any:
    """Call ``name`` as the VBA wrapper does: ``XLPy.CallUDF("pmokit.addin.functions", name, args)``."""
    return excel.call("pmokit.addin.functions", name, args)


# --- values in, values out ---------------------------------------------------------------------

# Wikipedia, "Program evaluation and review technique", § Example: seven activities with
# optimistic / most likely / pessimistic times and their expected times (O + 4M + P) / 6,
# printed to two decimals: A 4.00, B 5.33, C 5.17, D 6.33, E 5.17, F 4.50, G 5.17; critical
# path A–C–E–G, 19.51 work days (the table's rounded figures; exactly 19.5).
PERT_IDS = ("A", "B", "C", "D", "E", "F", "G")
PERT_O = (2.0, 3.0, 4.0, 4.0, 4.0, 3.0, 3.0)
PERT_M = (4.0, 5.0, 5.0, 6.0, 5.0, 4.0, 5.0)
PERT_P = (6.0, 9.0, 7.0, 10.0, 7.0, 8.0, 8.0)
PERT_EXPECTED = (4.00, 5.33, 5.17, 6.33, 5.17, 4.50, 5.17)
PERT_PREDECESSORS = (None, None, "A", "A", "B, C", "D", "E")


def test_a_column_of_ranges_spills_a_column_of_pert_means(excel: types.SimpleNamespace) -> None:
    result = call(excel, "PMO_PERT", column(*PERT_O), column(*PERT_M), column(*PERT_P))
    assert [round(row[0], 2) for row in result] == list(PERT_EXPECTED)


def test_single_cells_give_a_single_value(excel: types.SimpleNamespace) -> None:
    assert round(call(excel, "PMO_PERT", 3.0, 5.0, 9.0), 2) == 5.33


def test_numbers_stored_as_text_count_as_numbers(excel: types.SimpleNamespace) -> None:
    result = call(excel, "PMO_PERT", column("2", " 3 "), column(4.0, "5"), column("6", 9.0))
    assert [round(row[0], 2) for row in result] == [4.00, 5.33]


def test_a_range_sized_past_the_data_spills_blanks_for_the_empty_rows(
        excel: types.SimpleNamespace) -> None:
    result = call(excel, "PMO_PERT", column(2.0, 3.0, None, None), column(4.0, 5.0, None, None),
                  column(6.0, 9.0, None, None))
    assert [row[0] if row[0] == "" else round(row[0], 2) for row in result] == [4.0, 5.33, "",
                                                                                 ""]


def test_a_blank_cell_names_its_row(excel: types.SimpleNamespace) -> None:
    result = call(excel, "PMO_PERT", column(2.0, None), column(4.0, 5.0), column(6.0, 9.0))
    assert result == "PMO_PERT: optimistic row 2: is blank; a number is needed"


def test_an_error_cell_in_the_input_comes_back_as_that_error(
        excel: types.SimpleNamespace) -> None:
    assert call(excel, "PMO_PERT", column(2.0, NA), column(4.0, 5.0), column(6.0, 9.0)) == "#N/A"
    assert call(excel, "PMO_PERT", DIV0, 4.0, 6.0) == "#DIV/0!"
    # #SPILL! (xlErrSpill 2045) is not in xlwings' error table: it arrives as a bare integer.
    assert call(excel, "PMO_PERT", column(-2146826243), 4.0, 6.0) == "#SPILL!"


def test_three_points_out_of_order_name_the_row(excel: types.SimpleNamespace) -> None:
    result = call(excel, "PMO_PERT", column(2.0, 12.0), column(4.0, 10.0), column(6.0, 14.0))
    assert isinstance(result, str)
    assert result.startswith("PMO_PERT: ") and "row 2" in result and "12" in result


def test_ranges_of_different_lengths_say_so(excel: types.SimpleNamespace) -> None:
    result = call(excel, "PMO_PERT", column(2.0, 3.0), column(4.0, 5.0), column(6.0, 9.0, 7.0))
    assert result == ("PMO_PERT: pessimistic: has 3 rows but optimistic has 2; "
                      "give ranges of the same length")


def test_critical_path_spills_a_labelled_table(excel: types.SimpleNamespace) -> None:
    durations = [(o + 4 * m + p) / 6 for o, m, p in zip(PERT_O, PERT_M, PERT_P)]
    result = call(excel, "PMO_CPM", column(*PERT_IDS), column(*durations),
                  column(*PERT_PREDECESSORS))
    header, *rows = result
    assert header == ["Early start", "Early finish", "Late start", "Late finish",
                      "Total float", "Free float", "Critical"]
    critical = [task for task, row in zip(PERT_IDS, rows) if row[6] is True]
    assert critical == ["A", "C", "E", "G"]
    assert round(max(row[1] for row in rows), 2) == 19.50  # Wikipedia prints 19.51 (rounded)
    assert all(row[4] == 0 for row in rows if row[6] is True)


def test_cpm_errors_name_the_id_or_the_cycle(excel: types.SimpleNamespace) -> None:
    unknown = call(excel, "PMO_CPM", column("A", "B"), column(2.0, 3.0), column(None, "Z"))
    assert unknown.startswith("PMO_CPM: predecessors row 2: ") and "'Z'" in unknown
    cycle = call(excel, "PMO_CPM", column("A", "B"), column(2.0, 3.0), column("B", "A"))
    assert cycle.startswith("PMO_CPM: predecessors: dependency cycle")
    assert "A" in cycle and "B" in cycle


def test_task_ids_typed_as_numbers_match_their_predecessors(
        excel: types.SimpleNamespace) -> None:
    # Excel sends the id 1 as the float 1.0 and the predecessor "1" as text, or as 1.0 too.
    result = call(excel, "PMO_CPM", column(1.0, 2.0, 3.0), column(2.0, 3.0, 1.0),
                  column(None, 1.0, "2FS+1"))
    assert [row[:2] for row in result[1:]] == [[0.0, 2.0], [2.0, 5.0], [6.0, 7.0]]


def test_a_date_cell_and_a_formula_serial_give_the_same_dates(
        excel: types.SimpleNamespace) -> None:
    # Microsoft's DATE function documentation: DATE(2008,1,1) is serial number 39448.
    args = (column("A", "B"), column(2.0, 3.0), column(None, "A"))
    as_cell = call(excel, "PMO_CPM", *args, _TimeType(2008, 1, 1))  # pywin32's date type
    as_serial = call(excel, "PMO_CPM", *args, 39448.0)
    assert as_cell == as_serial
    first = as_cell[1][0]
    assert (first.year, first.month, first.day) == (2008, 1, 1)  # a Tuesday: a working day


def test_a_holiday_range_with_blank_cells_moves_the_dates(excel: types.SimpleNamespace) -> None:
    # Task A, 2 working days from Tuesday 1 January 2008 (serial 39448), with Wednesday 2
    # January a holiday: it works Tuesday and Thursday, so finishes on 3 January.
    holidays = FakeRange(((_TimeType(2008, 1, 2),), (None,), (None,)))
    table = call(excel, "PMO_CPM", column("A", "B"), column(2.0, 1.0), column(None, "A"),
                 39448.0, holidays, MISSING)
    finish_a, start_b = table[1][1], table[2][0]
    assert (finish_a.month, finish_a.day) == (1, 3)
    assert (start_b.month, start_b.day) == (1, 4)


def test_omitted_optional_arguments_take_their_defaults(excel: types.SimpleNamespace) -> None:
    args = (column("A", "B"), column(2.0, 3.0), column(None, "A"))
    assert call(excel, "PMO_CPM", *args, MISSING, MISSING, MISSING) == call(excel, "PMO_CPM",
                                                                              *args)


def test_a_zero_divisor_shows_div0_text(excel: types.SimpleNamespace) -> None:
    assert call(excel, "PMO_EVM", 1000.0, 500.0, 400.0, 0.0, "CPI") == "#DIV/0!"


def test_xlwings_would_write_nan_as_an_empty_cell(excel: types.SimpleNamespace) -> None:
    # Why PMO_* functions turn NaN into "#DIV/0!" themselves: xlwings' Windows engine writes
    # NaN as "" (an empty-looking cell), which would hide a zero divisor from the analyst.
    assert xlwings.conversion.write([[math.nan]], None, {}) == [[""]]


def test_evm_without_metric_spills_the_labelled_table(excel: types.SimpleNamespace) -> None:
    table = call(excel, "PMO_EVM", 1000.0, 500.0, 400.0, 450.0, MISSING)
    assert table[0] == ["Metric", "Value"]
    assert [row[0] for row in table[1:]][:6] == ["CV", "CV%", "SV", "SV%", "CPI", "SPI"]


def test_a_percentile_row_range_is_read_as_one_value(excel: types.SimpleNamespace) -> None:
    two_cells = FakeRange(((0.5, 0.8),))
    result = call(excel, "PMO_SRA", column("A"), 1.0, 2.0, 3.0, column(None), two_cells)
    assert result == "PMO_SRA: percentile: takes one value, not a range of 2 cells"


# --- what Excel installs: VBA declarations and wizard help -------------------------------------

class _Workbook:
    """The add-in workbook ``import_udfs`` writes into: records the VBA and MacroOptions."""

    Name = "pmokit.xlam"

    def __init__(self) -> None:
        self.vba = ""
        self.options: dict[str, dict[str, Any]] = {}
        workbook = self

        class Components:
            def Remove(self, component: object) -> None:
                pass

            def __call__(self, name: str) -> object:
                return name

            def Import(self, path: str) -> None:
                with open(path, encoding="utf-8") as f:
                    workbook.vba = f.read()

        def macro_options(name: str, **kwargs: Any) -> None:
            workbook.options[name] = kwargs

        self.VBProject = types.SimpleNamespace(VBComponents=Components())
        self.Application = types.SimpleNamespace(Version="16.0", MacroOptions=macro_options)


@pytest.fixture(scope="module")
def installed(excel: types.SimpleNamespace) -> _Workbook:
    """Run xlwings' own 'Import Functions' (``import_udfs``) into a recording workbook."""
    call(excel, "PMO_PERT", 1.0, 2.0, 3.0)  # loads the module into xlwings' UDF cache
    workbook = _Workbook()
    excel.udfs.import_udfs("pmokit.addin.functions", workbook)
    return workbook


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def test_every_function_is_declared_in_vba_with_its_optional_arguments(
        excel: types.SimpleNamespace, installed: _Workbook) -> None:
    import inspect

    for name in excel.module.__all__:
        function = getattr(excel.module, name)
        parts = []
        for p in inspect.signature(function).parameters.values():
            parts.append(p.name if p.default is inspect.Parameter.empty else f"Optional {p.name}")
        assert f"Function {name}({', '.join(parts)})" in installed.vba
        assert f'{name} = XLPy.CallUDF("pmokit.addin.functions", "{name}", ' in installed.vba


SIMULATIONS = ("PMO_MC", "PMO_MC_TABLE", "PMO_FORECAST", "PMO_FORECAST_ITEMS", "PMO_SRA",
               "PMO_SRA_TABLE", "PMO_RISK_RESERVE", "PMO_SRA_RISKS", "PMO_TORNADO")


def test_simulations_do_not_run_while_the_wizard_is_open(
        excel: types.SimpleNamespace, installed: _Workbook) -> None:
    guard = 'If (Not Application.CommandBars("Standard").Controls(1).Enabled) Then Exit Function'
    for name in excel.module.__all__:
        block = installed.vba.split(f"Function {name}(", 1)[1].split("End Function", 1)[0]
        assert (guard in block) == (name in SIMULATIONS), name


def test_every_function_and_argument_has_wizard_help(
        excel: types.SimpleNamespace, installed: _Workbook) -> None:
    from typing import get_type_hints

    for name in excel.module.__all__:
        function = getattr(excel.module, name)
        options = installed.options[f"'pmokit.xlam'!{name}"]
        assert options["Category"] == "pmokit"
        # Native dynamic arrays: no legacy expand="table" resizing on any function.
        assert "expand" not in function.__xlfunc__["ret"]["options"], name
        assert options["Description"] == _one_line(function.__doc__)
        assert len(options["Description"]) <= 255, name
        hints = get_type_hints(function, include_extras=True)
        written = [hints[arg].__metadata__[0]["doc"] for arg in function.__xlfunc__["argmap"]]
        assert options["ArgumentDescriptions"] == written, name
        for doc in options["ArgumentDescriptions"]:
            assert not doc.startswith("Positional argument"), name  # a dropped description
            assert 0 < len(doc) <= 255, name


def test_each_simulation_help_says_which_spread_it_uses(excel: types.SimpleNamespace) -> None:
    for name in ("PMO_PERT_SD", "PMO_PERT_PROB"):
        assert "(P − O) / 6" in getattr(excel.module, name).__doc__
    for name in ("PMO_MC", "PMO_MC_TABLE", "PMO_SRA", "PMO_SRA_TABLE", "PMO_RISK_RESERVE",
                 "PMO_SRA_RISKS", "PMO_TORNADO"):
        assert "Beta-PERT" in getattr(excel.module, name).__doc__


def test_a_nested_annotated_would_drop_the_description(excel: types.SimpleNamespace) -> None:
    # The pitfall the surface avoids: xlwings reads only the first Annotated metadata, and a
    # nested Annotated flattens into two, so the inner "doc" wins only if it comes first.
    info = excel.udfs.xlfunc(_nested_probe).__xlfunc__  # (the pitfall demonstrated)
    assert info["args"][0]["doc"] == "Positional argument 1"
    info = excel.udfs.xlfunc(_flat_probe).__xlfunc__
    assert info["args"][0]["doc"] == "The x values."


_Column = Annotated[Any, {"ndim": 2}]


def _nested_probe(x: Annotated[_Column, {"doc": "The x values."}]) -> Any:
    return x


def _flat_probe(x: Annotated[Any, {"doc": "The x values.", "ndim": 2}]) -> Any:
    return x


# --- the estimating functions through the same path --------------------------------------------

def test_monte_carlo_with_omitted_options_is_the_default_run_every_time(
        excel: types.SimpleNamespace) -> None:
    args = (column(*PERT_O), column(*PERT_M), column(*PERT_P), 0.8)
    omitted = call(excel, "PMO_MC", *args, *[MISSING] * 7)
    assert omitted == call(excel, "PMO_MC", *args)  # recalculation: the same answer
    assert omitted == call(excel, "PMO_MC", *args, 10000.0, "pert", 0.0, MISSING, "inc", 4.0,
                           True)
    assert sum(PERT_O) < omitted < sum(PERT_P)


def test_mc_table_spills_statistic_value_and_precision(excel: types.SimpleNamespace) -> None:
    table = call(excel, "PMO_MC_TABLE", column(*PERT_O), column(*PERT_M), column(*PERT_P))
    assert table[0] == ["Statistic", "Value", "± at 95%"]
    assert all(len(row) == 3 for row in table)
    values = {row[0]: row[1] for row in table[1:]}
    assert values["Min"] <= values["P5"] <= values["P50"] <= values["P95"] <= values["Max"]


def test_cocomo_reads_a_two_column_rating_range(excel: types.SimpleNamespace) -> None:
    ratings = FakeRange((("PREC", "High"), ("TEAM", "Very High")))
    from pmokit.addin import cocomo

    assert call(excel, "PMO_COCOMO", 50.0, ratings, MISSING) == pytest.approx(
        cocomo.effort(50.0, {"PREC": "High", "TEAM": "Very High"}))


def test_forecast_answers_a_date_from_a_date_cell(excel: types.SimpleNamespace) -> None:
    answer = call(excel, "PMO_FORECAST", column(5.0, 5.0, 5.0), 20.0, 0.85,
                  _TimeType(2026, 3, 2), MISSING, MISSING, MISSING)
    assert (answer.year, answer.month, answer.day) == (2026, 3, 30)
