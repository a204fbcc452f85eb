"""The layers stay layers: the calculation core never loads Excel or Office libraries.

Each check runs in a fresh interpreter (as click's tests/test_imports.py does), so a module some
other test imported earlier cannot hide a stray import.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

#: The Excel surface (and the README table written from it): the only addin modules allowed
#: to import xlwings.
SURFACE = {"functions", "udf", "udf_estimating", "udf_scheduling", "udf_variance", "reference"}
OFFICE = ["xlwings", "openpyxl", "pptx", "docx", "docxtpl"]


def _loaded_after(code: str) -> dict[str, object]:
    script = textwrap.dedent(code) + textwrap.dedent(f"""
        import json, sys
        print(json.dumps({{"imported": imported,
                           "loaded": [m for m in {OFFICE!r} if m in sys.modules]}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_every_core_module_imports_without_excel_or_office_libraries() -> None:
    result = _loaded_after(f"""
        import importlib, pkgutil
        import pmokit.addin
        imported = []
        for info in pkgutil.iter_modules(pmokit.addin.__path__):
            if info.name not in {sorted(SURFACE)!r}:
                importlib.import_module("pmokit.addin." + info.name)
                imported.append(info.name)
    """)
    expected = {"cells", "errors", "calendar", "schedule", "sra", "loading", "evm", "threepoint",
                "sampling", "streams", "kernels", "montecarlo", "cocomo", "forecast", "risk",
                "riskevents", "riskdrivers", "selection", "sensitivity"}
    assert expected <= set(result["imported"])  # type: ignore[arg-type]
    assert result["loaded"] == []


def test_the_excel_functions_load_without_powerpoint_or_word() -> None:
    # Keeps pmokit.addin.functions runnable where only xlwings is installed (xlwings Lite/Server).
    result = _loaded_after("""
        import pmokit.addin.functions
        imported = ["functions"]
    """)
    assert result["loaded"] == ["xlwings"]
