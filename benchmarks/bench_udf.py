"""Cost per cell: the Python side of one single-row PMO_PERT and PMO_EVM call, on both routes.

A sheet that calls a function once per row pays the per-call cost thousands of times on every
recalculation (xlwings issues #1981, #397). Each line times the call as Excel makes it, beside a
do-nothing function with the same arguments registered the same way (``benchmarks/udf_noop.py``):

* classic COM add-in: xlwings' ``XLPython().CallUDF`` with the same stubbed COM layer as the
  classic contract tests (``tests/classic_excel.py``), every argument a cell reference;
* Office.js (xlwings Lite, xlwings Server): ``xlwings.server.custom_functions_call`` with the
  payload Excel posts, every argument a 1 × 1 array.

Neither includes what happens outside Python (VBA and COM marshalling, the HTTP round trip to
xlwings Server, Pyodide's JavaScript bridge).
"""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import xlwings

from benchmarks.timing import Result

CALLS = 1000
ROUNDS = 15
ROWS = 10_000
NOOP = "benchmarks.udf_noop"
FLOOR = "do-nothing function registered the same way"
#: One task's three-point estimate, and one project's BAC, PV, EV and AC (the fence example).
PERT_ROW = (2.0, 4.0, 12.0)
EVM_ROW = (4000.0, 3000.0, 2500.0, 2800.0)


def _cpu(run: Callable[[], object]) -> float:
    """The CPU time ``run`` takes (not wall time: these calls never wait)."""
    start = time.process_time()
    run()
    return time.process_time() - start


def _time(pmokit: Callable[[], object], floor: Callable[[], object]) -> tuple[float, float]:
    """The shortest CPU time of CALLS calls each, the two measured in turns (ROUNDS of each) so
    other work on a shared machine falls on both alike."""
    best = [float("inf"), float("inf")]
    for _ in range(ROUNDS):
        best = [min(best[0], _cpu(pmokit)), min(best[1], _cpu(floor))]
    return best[0], best[1]


def _result(name: str, times: tuple[float, float]) -> Result:
    pmokit_s, floor_s = times
    return Result(f"{name}, {CALLS} calls", pmokit_s, floor_s, FLOOR,
                  f"{pmokit_s / CALLS * 1e6:.0f} µs a call against "
                  f"{floor_s / CALLS * 1e6:.0f} µs, "
                  f"{pmokit_s / floor_s:.2f}× the do-nothing call; aim within 2×")


def _classic(cases: list[tuple[str, str, tuple[Any, ...]]]) -> Iterator[Result]:
    from tests.classic_excel import MISSING, FakeRange, classic_udf_server

    def cell(value: object) -> FakeRange:
        return FakeRange(((value,),))

    with classic_udf_server(extra_modules=(NOOP,)) as excel:
        for label, name, row in cases:
            args = tuple(cell(v) for v in row)
            args += (MISSING,) if name == "PMO_EVM" and len(row) == 4 else ()

            def run(module: str, function: str) -> Callable[[], object]:
                def calls() -> None:
                    for _ in range(CALLS):
                        excel.call(module, function, args)
                return calls

            noop = name.replace("PMO_", "NOOP_")
            yield _result(f"{label}, classic add-in (CallUDF)",
                          _time(run("pmokit.addin.functions", name), run(NOOP, noop)))
        yield _whole_column(excel.call)


def _whole_column(call: Callable[[str, str, tuple[Any, ...]], Any]) -> Result:
    """PMO_PERT over a 10,000-row table: one call given the whole columns, against one call per
    row (the per-row time measured on 1,000 rows and scaled)."""
    from tests.classic_excel import FakeRange, column

    o = [float(2 + i % 7) for i in range(ROWS)]
    columns = (column(*o), column(*[v + 2 for v in o]), column(*[v + 8 for v in o]))
    rows = [tuple(FakeRange(((v,),)) for v in (a, a + 2, a + 8)) for a in o[:1000]]
    assert len(call("pmokit.addin.functions", "PMO_PERT", columns)) == ROWS

    def whole_call() -> None:
        call("pmokit.addin.functions", "PMO_PERT", columns)

    def row_calls() -> None:
        for args in rows:
            call("pmokit.addin.functions", "PMO_PERT", args)

    whole = per_row = float("inf")
    for _ in range(3):
        whole, per_row = (min(whole, _cpu(whole_call)),
                          min(per_row, _cpu(row_calls) * ROWS / len(rows)))
    return Result(f"PMO_PERT over {ROWS:,} rows, classic add-in: the whole columns in one call",
                  whole, per_row, f"{ROWS:,} one-row calls",
                  "one call reads each column once; the per-row calls pay xlwings' per-call "
                  "cost every time")


def _officejs(cases: list[tuple[str, str, tuple[Any, ...]]]) -> Iterator[Result]:
    from xlwings import server

    import pmokit.addin.functions as functions

    noops = importlib.import_module(NOOP)
    for label, name, row in cases:
        args: list[Any] = [[[v]] for v in row]
        args += [None] if name == "PMO_EVM" and len(row) == 4 else []

        def run(module: Any, function: str) -> Callable[[], object]:
            data = {"func_name": function, "args": args, "caller_address": "Sheet1!B2",
                    "version": xlwings.__version__, "runtime": "1.4"}

            async def calls() -> None:
                for _ in range(CALLS):
                    await server.custom_functions_call(data, module)
            return lambda: asyncio.run(calls())

        yield _result(f"{label}, Office.js (custom_functions_call)",
                      _time(run(functions, name), run(noops, name.replace("PMO_", "NOOP_"))))


def benchmarks() -> Iterator[Result]:
    cases = [
        ("PMO_PERT one row", "PMO_PERT", PERT_ROW),
        ("PMO_EVM one row, one metric (CPI)", "PMO_EVM", (*EVM_ROW, "CPI")),
        ("PMO_EVM one row, whole table", "PMO_EVM", EVM_ROW),
    ]
    yield from _classic(cases)
    from pmokit.addin import udf

    if udf.OFFICEJS is None:
        raise RuntimeError("xlwings.server did not load: set XLWINGS_LICENSE_KEY=noncommercial")
    yield from _officejs(cases)
