"""The Office.js route (Excel on the web and Mac through xlwings Lite / Server): the contract of
``xlwings.server`` over ``pmokit.addin.functions``.

``xlwings.server`` lives in xlwings' ``pro`` package (PolyForm Noncommercial unless licensed):
importing it checks a licence key. Without one these tests skip and say so. The payloads are the
shape Excel's Office.js add-in sends: every argument a 2-D array, dates as serial numbers.
"""

from __future__ import annotations

import asyncio
import inspect
import os
from pathlib import Path
from typing import Any

import pytest


def _licence_key() -> str:
    if os.environ.get("XLWINGS_LICENSE_KEY"):
        return os.environ["XLWINGS_LICENSE_KEY"]
    conf = Path.home() / ".xlwings" / "xlwings.conf"
    if conf.exists():
        for line in conf.read_text(encoding="utf-8").splitlines():
            if line.split(",")[0].strip('"') == "LICENSE_KEY":
                return line.split(",", 1)[1].strip().strip('"')
    return ""


pytestmark = pytest.mark.skipif(
    not _licence_key(),
    reason="no xlwings licence key configured (XLWINGS_LICENSE_KEY or ~/.xlwings/xlwings.conf): "
           "xlwings.server is xlwings PRO code and refuses to load without one",
)


def _payload(name: str, *args: Any) -> dict[str, Any]:
    import xlwings

    return {
        "func_name": name, "args": list(args), "caller_address": "Sheet1!B2", "formula_name": name,
        "version": xlwings.__version__, "runtime": "1.4", "client": "Office.js",
        "culture_info_name": "en-US", "date_format": "M/d/yyyy",
    }


def test_meta_lists_every_function_with_its_argument_help() -> None:
    import pmokit.addin.functions as functions
    from xlwings.server import custom_functions_meta

    meta = custom_functions_meta(functions)
    by_name = {f["name"]: f for f in meta["functions"]}
    assert set(functions.__all__) <= set(by_name)
    for name in functions.__all__:
        parameters = by_name[name]["parameters"]
        wanted = [p for p in inspect.signature(getattr(functions, name)).parameters]
        assert [p["name"] for p in parameters] == wanted
        assert all(p.get("description") for p in parameters), f"{name}: an argument has no help"
        assert by_name[name]["description"]


def test_a_call_shaped_as_excel_sends_it_returns_the_cell_values() -> None:
    import pmokit.addin.functions as functions
    from xlwings.server import custom_functions_call

    # PERT mean (O + 4M + P) / 6 (Malcolm et al. 1959): 2, 4, 12 → 5; 1, 2, 3 → 2
    one = asyncio.run(custom_functions_call(_payload("PMO_PERT", [[2]], [[4]], [[12]]), functions))
    assert one == [[5.0]]
    column = asyncio.run(custom_functions_call(_payload("PMO_PERT", [[2], [1]], [[4], [2]], [[12], [3]]), functions))
    assert column == [[5.0], [2.0]]


def test_an_error_cell_comes_back_as_an_excel_error_not_an_exception() -> None:
    import pmokit.addin.functions as functions
    from xlwings.server import custom_functions_call

    result = asyncio.run(custom_functions_call(_payload("PMO_PERT", [["#N/A"]], [[4]], [[12]]), functions))
    assert isinstance(result, list) and isinstance(result[0][0], str) and result != [[5.0]]
