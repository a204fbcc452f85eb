"""Same numbers on every platform (issue 13): the simulations answer the same with and without
Numba.

Excel on the web and xlwings Lite run Python in Pyodide, where Numba does not exist. Each check
runs the Excel functions (through ``pmokit.addin.functions``, as a sheet calls them) in a fresh
interpreter: once with Numba, once with ``PMOKIT_NO_NUMBA=1``, and once where importing numba
fails outright (a meta-path hook refuses it, as in Pyodide). The answers must be equal exactly:
the values travel as JSON, whose numbers are Python's ``repr`` of each double (it round-trips).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from pmokit.addin import kernels

BLOCK_NUMBA = """
import importlib.abc, sys
class _NoNumba(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "numba" or name.startswith("numba."):
            raise ImportError("No module named 'numba' (refused by the test)")
        return None
sys.meta_path.insert(0, _NoNumba())
"""

CALLS = """
import datetime as dt, json, sys
from pmokit.addin import kernels
from pmokit.addin.functions import (PMO_FORECAST, PMO_FORECAST_ITEMS, PMO_MC, PMO_MC_TABLE,
                                    PMO_RISK_RESERVE, PMO_SRA, PMO_SRA_TABLE)

o = [2, 3, 4, 4, 4, 3, 3, 1, 6, 2]
m = [4, 5, 5, 6, 5, 4, 5, 2, 9, 2]
p = [6, 9, 7, 10, 7, 8, 8, 3, 15, 5]
ids = list("ABCDEFGHIJ")
preds = ["", "A", "A", "B", "C", "D, E", "F SS+2", "B", "G, H", "I FF-1"]
history = [3, 7, 2, 9, 5, 6, 4, 8, 0, 5]
answers = {
    "PMO_MC": [PMO_MC(o, m, p, q) for q in (0.1, 0.5, 0.8, 0.95)],
    "PMO_MC seed 7": PMO_MC(o, m, p, 0.8, 5000, "pert", 0, 7),
    "PMO_MC plain Monte Carlo": PMO_MC(o, m, p, 0.8, 4000, "pert", 0, 3, "inc", 4, False),
    "PMO_MC correlated": PMO_MC(o, m, p, 0.8, 4000, "pert", 0.5, 3),
    "PMO_MC anti-correlated": PMO_MC(o, m, p, 0.8, 4000, "pert", -0.1, 3),
    "PMO_MC triangular": PMO_MC(o, m, p, 0.8, 4000, "triangular", 0, 3),
    "PMO_MC lognormal": PMO_MC(o, m, p, 0.8, 4000, "lognormal", 0.2, 3),
    "PMO_MC_TABLE": PMO_MC_TABLE(o, m, p),
    "PMO_SRA": [PMO_SRA(ids, o, m, p, preds, q) for q in (0.5, 0.8)],
    "PMO_SRA seed 9": PMO_SRA(ids, o, m, p, preds, 0.8, 3000, None, None, 9),
    "PMO_SRA_TABLE": PMO_SRA_TABLE(ids, o, m, p, preds),
    "PMO_FORECAST": PMO_FORECAST(history, 120, 0.85),
    "PMO_FORECAST date": PMO_FORECAST(history, 120, 0.85, dt.date(2026, 3, 2)),
    "PMO_FORECAST_ITEMS": PMO_FORECAST_ITEMS(history, 12, 0.85),
    "PMO_RISK_RESERVE": PMO_RISK_RESERVE([0.5, 0.2, 0.9, 0.3], [10, 0, 2, 40], [20, 8, 5, 45],
                                         [30, 28, 8, 90], 0.8),
}
print(json.dumps({"compiled": kernels.AVAILABLE, "numba loaded": "numba" in sys.modules,
                  "answers": answers}, default=str))
"""


def _run(prelude: str = "", **env: str) -> dict[str, Any]:
    script = textwrap.dedent(prelude) + textwrap.dedent(CALLS)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, **env}, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def compiled() -> dict[str, Any]:
    if not kernels.AVAILABLE:
        pytest.skip("Numba is not installed: nothing to compare the NumPy route with")
    result = _run(PMOKIT_NO_NUMBA="0")
    assert result["compiled"] is True
    return result


def test_the_functions_answer_the_same_without_numba(compiled: dict[str, Any]) -> None:
    plain = _run(PMOKIT_NO_NUMBA="1")
    assert plain["compiled"] is False and plain["numba loaded"] is False
    assert plain["answers"] == compiled["answers"]


def test_the_functions_import_and_answer_where_numba_cannot_be_imported(
        compiled: dict[str, Any]) -> None:
    refused = _run(BLOCK_NUMBA, PMOKIT_NO_NUMBA="0")
    assert refused["compiled"] is False and refused["numba loaded"] is False
    assert refused["answers"] == compiled["answers"]


def test_the_answers_are_numbers_not_messages(compiled: dict[str, Any]) -> None:
    # Equal error texts on both sides would pass the equality above for the wrong reason.
    answers = compiled["answers"]
    assert len(answers) == 15
    for name, value in answers.items():
        if name == "PMO_FORECAST date":
            assert dt.date.fromisoformat(value) > dt.date(2026, 3, 2)
        elif isinstance(value, list) and isinstance(value[0], list):  # a table: header, rows
            assert all(isinstance(row[1], float) for row in value[1:]), (name, value)
        else:
            assert all(isinstance(v, float) for v in (value if isinstance(value, list)
                                                      else [value])), (name, value)
