"""The PMO_* functions called as Excel calls them through Office.js (xlwings Lite, xlwings Server).

Excel on the web, on Mac and on Windows reaches Python custom functions through an Office.js
add-in. The add-in asks the Python side for the functions' metadata
(``xlwings.server.custom_functions_meta``) and, on every recalculation, posts a payload to
``xlwings.server.custom_functions_call``: the function's name and every argument as a 2-D array,
whatever its size (``[[2]]`` for one cell), dates as serial numbers, blank cells as ``""`` (or
``null`` in Pyodide ≥ 0.28), error cells as error objects, ``null`` for an omitted optional
argument. These tests send exactly that for every function in ``pmokit.addin.functions.__all__``
and check what comes back: a matrix (Office.js spills it), dates as formatted serials, and real
Excel errors (``{"type": "Error", "errorType": "NotAvailable"}``) where the classic add-in can only
write text.

``xlwings.server`` is xlwings' PolyForm Noncommercial code; the suite runs it under xlwings'
``noncommercial`` key, set for the test run only in ``tests/conftest.py``. These tests never skip.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest
import xlwings
from xlwings import server

import pmokit.addin.functions as functions
from pmokit.addin import reference, udf

DATE_FORMAT = "M/d/yyyy"


def serial(day: dt.date) -> int:
    """A date as Excel's 1900 serial number (Microsoft's DATE docs: DATE(2008,1,1) = 39448)."""
    return (day - dt.date(1899, 12, 30)).days


def error(text: str, kind: str) -> dict[str, str]:
    """An error cell as Office.js hands it to a custom function (Excel's ErrorCellValue)."""
    return {"type": "Error", "basicType": "Error", "basicValue": text, "errorType": kind}


NA = error("#N/A", "NotAvailable")
DIV0 = error("#DIV/0!", "Div0")


def payload(name: str, *args: Any, date_format: str | None = DATE_FORMAT) -> dict[str, Any]:
    """What the add-in's JavaScript posts for one call (xlwings' custom-functions-code.js)."""
    return {
        "func_name": name, "args": list(args), "caller_address": "Excel[Plan.xlsx]Sheet1!B2",
        "content_language": "en-US", "version": xlwings.__version__, "runtime": "1.4",
        "culture_info_name": "en-US", "date_format": date_format,
    }


def call(name: str, *args: Any, **options: Any) -> Any:
    """``custom_functions_call`` for one cell, as xlwings Lite and xlwings Server run it."""
    return asyncio.run(server.custom_functions_call(payload(name, *args, **options), functions))


def written(result: Any) -> Any:
    """A Python answer as xlwings' Office.js engine writes it into the cells."""
    options = {"runtime": "1.4", "date_format": DATE_FORMAT}
    return xlwings.conversion.write(result, None, options, engine_name="officejs")


def plain(argument: Any) -> Any:
    """The Python value a caller of the function would pass for an Office.js argument."""
    if argument is None:
        return None
    rows = [[None if cell == "" else cell for cell in row] for row in argument]
    if len(rows) == 1 and len(rows[0]) == 1:
        return rows[0][0]
    if all(len(row) == 1 for row in rows):
        return [row[0] for row in rows]
    return rows


def col(*values: Any) -> list[list[Any]]:
    """A one-column range as Office.js sends it."""
    return [[value] for value in values]


# Wikipedia, "Program evaluation and review technique", § Example (tests/addin/test_functions.py):
# activities A–G, expected times (O + 4M + P) / 6, critical path A–C–E–G of 19.5 days. The
# ranges run one row past the data, blank in every column, as a range sized past a table does.
IDS = col("A", "B", "C", "D", "E", "F", "G", "")
O = col(2, 3, 4, 4, 4, 3, 3, "")
M = col(4, 5, 5, 6, 5, 4, 5, "")
P = col(6, 9, 7, 10, 7, 8, 8, "")
PREDECESSORS = col("", "", "A", "A", "B, C", "D", "E", "")
MONDAY = dt.date(2026, 3, 2)
WEEKS = [[serial(MONDAY), serial(dt.date(2026, 3, 9))]]
LOAD = [["Resource", *WEEKS[0]], ["Ana", 60, 40], ["Ben", 50, 0]]  # PMO_LOAD's spill read back

#: The constraint, deadline and progress arguments of PMO_SRA and PMO_SRA_TABLE (as PMO_CPM takes
#: them): A done (actual start and finish), B half done, D held to start no earlier than Monday
#: 16 March, a deadline on G, status date Friday 6 March.
PROGRESS = (col("", "", "", "SNET", "", "", "", ""), col("", "", "", serial(dt.date(2026, 3, 16)),
                                                            "", "", "", ""),
            col("", "", "", "", "", "", serial(dt.date(2026, 3, 27)), ""),
            col(serial(MONDAY), serial(dt.date(2026, 3, 3)), "", "", "", "", "", ""),
            col(serial(dt.date(2026, 3, 5)), "", "", "", "", "", "", ""),
            col("", 0.5, "", "", "", "", "", ""), [[serial(dt.date(2026, 3, 6))]], None)

#: A minimal valid call of each function, every argument as Office.js sends it (None: omitted).
#: A function added to pmokit.addin.functions without an entry here fails the tests below.
PAYLOADS: dict[str, tuple[Any, ...]] = {
    "PMO_PERT": (O, M, P),
    "PMO_PERT_SD": ([[2]], [[4]], [[12]]),
    "PMO_PERT_PROB": (O, M, P, [[20]]),
    "PMO_MC": (O, M, P, [[0.8]], [[500]], None, None, [[7]], None, None, None),
    "PMO_MC_TABLE": (O, M, P, [[500]], [["triangular"]], None, [[7]], None, None, None),
    "PMO_COCOMO": ([[50]], [["PREC", "High"], ["TEAM", "Very High"]], None),
    "PMO_COCOMO_SCHEDULE": ([[50]], None, None),
    "PMO_FORECAST": (col(5, 6, 4), [[20]], [[0.85]], [[serial(MONDAY)]], None, [[500]], [[7]]),
    "PMO_FORECAST_ITEMS": (col(5, 6, 4, ""), [[6]], [[0.85]], [[500]], [[7]]),
    "PMO_CPM": (IDS, col(4, 5.33, 5.17, 6.33, 5.17, 4.5, 5.17, ""), PREDECESSORS,
                [[serial(MONDAY)]], col(serial(dt.date(2026, 3, 10)), ""), *[None] * 9),
    "PMO_SRA": (IDS, O, M, P, PREDECESSORS, [[0.8]], [[500]], [[serial(MONDAY)]], None, [[7]],
                [[0.5]], [[1]], [[2]], [[3]], [["C"]], *PROGRESS),
    "PMO_SRA_TABLE": (IDS, O, M, P, PREDECESSORS, [[500]], [[serial(MONDAY)]], None, [[7]],
                      *[None] * 5, *PROGRESS),
    "PMO_LOAD": (col("Ana", "Ben", "Ana"), col(*[serial(MONDAY)] * 3),
                 col(serial(dt.date(2026, 3, 13)), serial(dt.date(2026, 3, 6)),
                     serial(dt.date(2026, 3, 6))), col(80, 50, 20), WEEKS, [["flat"]], None,
                 None, None),
    "PMO_UTILISATION": (LOAD, [[40]]),
    "PMO_OVERLOAD": (LOAD, col(40, 50)),
    "PMO_EVM": ([[4000]], [[3000]], [[2500]], [[2800]], None),
    "PMO_ES": (col(*[serial(dt.date(2026, m, 28)) for m in range(1, 13)]),
               col(50, 120, 210, 320, 450, 590, 720, 830, 920, 980, 995, 1000), [[520]],
               [[serial(dt.date(2026, 7, 28))]], None, None),
    "PMO_VARIANCE": (col(100, 0), col(110, 5)),
    "PMO_RAG": (col(0.96, 0.9, 0.84, ""), None, None, None),
    "PMO_RISK_SCORE": (col(0.3, 0.85), col(4, 5)),
    "PMO_EMV": (col(0.3, 0.5), col(1000, 200)),
    "PMO_RISK_RESERVE": (col(0.3, 0.5), col(100, 50), col(200, 80), col(400, 150), [[0.8]],
                         [[500]], [[7]]),
    "PMO_SRA_RISKS": (col("A", "B", "M"), col(10, 4, 0), col(10, 6, 0), col(10, 8, 0),
                      col("", "", "A, B"), col("R1", "R2", "R3"), col(0.5, 0.9, 0.2),
                      col(4, "", 1), col(4, "", 2), col(4, "", 3), col("B", "", "A, B"),
                      col(0.1, "", ""), col(2, "", ""), None, [[500]], [[serial(MONDAY)]], None,
                      [[7]], col("", "SNET", ""), col("", serial(dt.date(2026, 3, 9)), ""),
                      None, None, None, None, None, None),
    "PMO_TORNADO": (O, M, P, IDS, [[500]], None, None, [[7]], None, None),
    "PMO_SCHEDULE_CHECK": (IDS, col(4, 5.33, 5.17, 6.33, 5.17, 4.5, 5.17, ""), PREDECESSORS,
                           [[serial(MONDAY)]], [[serial(dt.date(2026, 3, 9))]], *[None] * 14),
}


def test_every_function_has_a_payload() -> None:
    missing = set(functions.__all__) - set(PAYLOADS)
    assert not missing, f"give {sorted(missing)} a payload in PAYLOADS"
    for name in functions.__all__:
        assert len(PAYLOADS[name]) == len(inspect.signature(getattr(functions, name)).parameters)


@pytest.mark.parametrize("name", functions.__all__)
def test_meta_describes_the_function_as_the_wizard_does(name: str) -> None:
    function = getattr(functions, name)
    meta = {f["name"]: f for f in server.custom_functions_meta(functions)["functions"]}[name]
    assert meta["id"] == name and meta["description"] == function.__doc__
    parameters = inspect.signature(function).parameters.values()
    assert [p["name"] for p in meta["parameters"]] == [p.name for p in parameters]
    assert [p["description"] for p in meta["parameters"]] == [
        text for _, text in reference.argument_help(function)]
    assert [bool(p.get("optional")) for p in meta["parameters"]] == [
        p.default is not inspect.Parameter.empty for p in parameters]
    # Every argument any value or range, every answer a matrix Excel spills (dynamic arrays);
    # no streaming, no volatility.
    assert meta["result"] == {"dimensionality": "matrix", "type": "any"}
    assert meta["options"] == {"requiresAddress": True, "requiresParameterAddresses": True}


def test_meta_lets_error_cells_reach_the_functions() -> None:
    meta = server.custom_functions_meta(functions)
    assert meta["allowErrorForDataTypeAny"] is True  # so #N/A in comes back as #N/A out
    assert {f["name"] for f in meta["functions"]} >= set(functions.__all__)


@pytest.mark.parametrize("name", functions.__all__)
def test_a_call_as_excel_sends_it_answers_the_python_answer(name: str) -> None:
    args = PAYLOADS[name]
    result = call(name, *args)
    direct = getattr(functions, name)(*[plain(a) for a in args])
    assert not isinstance(direct, udf.Message), direct  # the payload is valid input
    assert isinstance(result, list) and result and all(isinstance(r, list) for r in result)
    assert len({len(row) for row in result}) == 1  # a rectangle Excel can spill
    assert result == written(direct)


@pytest.mark.parametrize("name", functions.__all__)
def test_an_error_cell_comes_back_as_that_excel_error(name: str) -> None:
    first, *rest = PAYLOADS[name]
    broken = [row[:] for row in first]
    broken[-1][-1] = NA
    assert call(name, broken, *rest) == [[{"type": "Error", "errorType": "NotAvailable"}]]


def test_values_spill_as_excel_shows_them() -> None:
    # PERT means of the Wikipedia example: 4.00, 5.33, 5.17, …, then "" for the blank row.
    means = call("PMO_PERT", *PAYLOADS["PMO_PERT"])
    assert [round(row[0], 2) for row in means[:7]] == [4.00, 5.33, 5.17, 6.33, 5.17, 4.50, 5.17]
    assert means[7] == [""]
    assert call("PMO_PERT", [[2]], [[4]], [[12]]) == [[5.0]]  # (2 + 16 + 12) / 6
    # Rita Mulcahy's four-sided fence: CPI .893, SPI .833 (tests/addin/test_functions.py).
    table = dict(map(tuple, call("PMO_EVM", *PAYLOADS["PMO_EVM"])[1:]))
    assert (round(table["CPI"], 3), round(table["SPI"], 3)) == (0.893, 0.833)
    assert call("PMO_EVM", [[4000]], [[3000]], [[2500]], [[2800]], [["CPI"]]) == [
        [pytest.approx(2500 / 2800)]]


def test_dates_in_are_serials_and_dates_out_are_formatted_serials() -> None:
    # Five items a week, 20 left, from Monday 2 March 2026: done Monday 30 March.
    done = {"type": "FormattedNumber", "basicValue": serial(dt.date(2026, 3, 30)),
            "numberFormat": DATE_FORMAT}
    assert call("PMO_FORECAST", col(5, 5, 5), [[20]], [[0.85]], [[serial(MONDAY)]]) == [[done]]
    # Without a date format from Excel the serial comes back plain.
    assert call("PMO_FORECAST", col(5, 5, 5), [[20]], [[0.85]], [[serial(MONDAY)]],
                date_format=None) == [[serial(dt.date(2026, 3, 30))]]
    # The critical path A–C–E–G from Monday 2 March, with Tuesday 10 March a holiday.
    header, *rows = call("PMO_CPM", *PAYLOADS["PMO_CPM"])
    assert header[6] == "Critical"
    assert [task[0] for task, row in zip(IDS, rows) if row[6] is True] == list("ACEG")
    assert rows[0][0]["basicValue"] == serial(MONDAY)


def test_omitted_optional_arguments_take_their_defaults() -> None:
    args = PAYLOADS["PMO_MC"][:4]
    omitted = call("PMO_MC", *args, None, None, None, None, None, None, None)
    assert omitted == call("PMO_MC", *args)  # trailing arguments left out altogether
    assert omitted == call("PMO_MC", *args, [[10000]], [["pert"]], [[0]],
                           [[udf.DEFAULT_SEED]], [["inc"]], [[4]], [[True]])
    assert call("PMO_RAG", [[0.9]], [[None]], [[""]], None) == [["Amber"]]  # blank: default


def test_a_zero_divisor_is_a_real_div0_error() -> None:
    assert call("PMO_EVM", [[1000]], [[500]], [[400]], [[0]], [["CPI"]]) == [
        [{"type": "Error", "errorType": "Div0"}]]
    # Within a spilled table only the cell without an answer is the error.
    assert call("PMO_VARIANCE", col(100, 0), col(110, 5)) == [
        ["Variance", "Variance %"], [10, 0.1], [5, {"type": "Error", "errorType": "Div0"}]]
    assert call("PMO_PERT", DIV0, [[4]], [[6]]) == [[{"type": "Error", "errorType": "Div0"}]]


@pytest.mark.parametrize(("name", "args", "message"), [
    ("PMO_PERT", (col(2, ""), col(4, 5), col(6, 9)),
     "PMO_PERT: optimistic row 2: is blank; a number is needed"),
    ("PMO_CPM", (col("A", "B"), col(2, 3), col("B", "A")),
     "PMO_CPM: predecessors: dependency cycle"),
    ("PMO_EVM", ([[1]], [[1]], [[1]], [[1]], [["nope"]]),
     "PMO_EVM: metric: 'nope' is not one of CV"),
    ("PMO_SRA", (col("A"), [[1]], [[2]], [[3]], [[""]], [[0.5, 0.8]]),
     "PMO_SRA: percentile: takes one value, not a range of 2 cells"),
])
def test_bad_input_is_value_error_with_the_message_in_its_flag(name: str, args: tuple[Any, ...],
                                                                message: str) -> None:
    # xlwings Server answers an XlwingsError with its text (even in production), which its
    # JavaScript throws as CustomFunctions.Error(invalidValue, text): #VALUE!, message on hover.
    with pytest.raises(xlwings.XlwingsError) as raised:
        call(name, *args)
    assert str(raised.value).startswith(message)


def test_the_classic_route_and_python_callers_still_get_the_message_as_text() -> None:
    answer = functions.PMO_PERT([2, None], [4, 5], [6, 9])
    assert answer == "PMO_PERT: optimistic row 2: is blank; a number is needed"
    assert isinstance(answer, str)


def test_one_registration_serves_both_routes() -> None:
    # The Office.js keys on the one function object the classic add-in also calls.
    for name in functions.__all__:
        info = getattr(functions, name).__xlfunc__
        assert info["name"] == name and {"help_url", "namespace", "cache"} <= set(info)
        assert all(a["options"] == {"convert": Any, "ndim": 2, "err_to_str": True}
                   for a in info["args"]), name


def test_annotations_are_objects_so_each_call_does_not_evaluate_them() -> None:
    # custom_functions_call runs typing.get_type_hints on the function on every call; string
    # annotations (``from __future__ import annotations``) would be eval'd each time, some
    # 0.3 ms a call (pmokit.addin.udf).
    for name in functions.__all__:
        hints = getattr(functions, name).__annotations__
        assert not [a for a in hints.values() if isinstance(a, str)], name


def test_under_xlwings_server_settings_xw_func_is_office_js_and_still_one_registration(
        tmp_path: Any) -> None:
    # xlwings Server sets XLWINGS_ON_SERVER=true before importing xlwings, which makes xw.func
    # the Office.js decorator itself; udf() then registers with it twice, to the same effect.
    script = textwrap.dedent("""
        import asyncio, json
        import xlwings
        from xlwings import server
        import pmokit.addin.functions as f
        meta = server.custom_functions_meta(f)
        data = {"func_name": "PMO_PERT", "args": [[[2]], [[4]], [[12]]], "version":
                xlwings.__version__, "runtime": "1.4", "caller_address": "Sheet1!A1"}
        print(json.dumps({"on_server": xlwings.on_server,
                          "names": sorted(x["name"] for x in meta["functions"]),
                          "pert": asyncio.run(server.custom_functions_call(data, f))}))
    """)
    env = {"PATH": "", "HOME": str(tmp_path), "XLWINGS_ON_SERVER": "true",
           "XLWINGS_LICENSE_KEY": "noncommercial"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=True)
    answer = json.loads(done.stdout)
    assert answer == {"on_server": True, "names": sorted(functions.__all__), "pert": [[5.0]]}


def test_without_a_licence_key_the_functions_import_and_answer_without_office_js(
        tmp_path: Any) -> None:
    # The product never needs xlwings' key: no XLWINGS_LICENSE_KEY and no ~/.xlwings/xlwings.conf.
    script = textwrap.dedent("""
        import json, sys
        import pmokit.addin.functions as f
        from pmokit.addin import udf
        print(json.dumps({
            "officejs": udf.OFFICEJS is not None,
            "registered": [n for n in f.__all__ if hasattr(getattr(f, n), "__xlfunc__")],
            "pert": f.PMO_PERT(2, 4, 12),
            "message": f.PMO_PERT([2, None], [4, 5], [6, 9]),
        }))
    """)
    env = {"PATH": "", "HOME": str(tmp_path), "USERPROFILE": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=True)
    answer = json.loads(done.stdout)
    assert answer == {"officejs": False, "registered": [], "pert": 5.0,
                      "message": "PMO_PERT: optimistic row 2: is blank; a number is needed"}
