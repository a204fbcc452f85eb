"""Excel functions for variance: earned value, earned schedule, plan versus actual, RAG."""

# No `from __future__ import annotations`: see pmokit.addin.udf (Office.js reads the annotations
# on every call).

import math
from typing import Annotated, Any

from pmokit.addin import cells, evm, udf
from pmokit.addin.errors import InputError

#: Each metric by its code or its label, in capitals without spaces ("CV%" and "CV_PCT").
METRIC_NAMES = {key.upper().replace(" ", ""): code for code, name in evm.EVM_METRICS.items()
                for key in (code, name)}


def _metric(value: object) -> str | None:
    word = cells.text(value, "metric", "")
    if not word:
        return None
    code = METRIC_NAMES.get(word.upper().replace(" ", ""))
    if code is None:
        raise InputError("metric", f"'{word}' is not one of {', '.join(evm.EVM_METRICS)}")
    return code


@udf.udf("=PMO_EVM(B2, C2, D2, E2)")
def PMO_EVM(
    bac: Annotated[Any, udf.arg("Budget at completion (a cell or a column).")],
    pv: Annotated[Any, udf.arg("Planned value to date.")],
    ev: Annotated[Any, udf.arg("Earned value to date.")],
    ac: Annotated[Any, udf.arg("Actual cost to date.")],
    metric: Annotated[Any, udf.arg("One metric, e.g. CPI, SPI, EAC, CV% (blank: the whole table).")]
    = None,
) -> udf.Cells:
    """Earned value: CV, CV%, SV, SV%, CPI, SPI, three EACs, ETC, VAC, TCPI, per row; one
    metric when named."""
    b, p, e, a = [cells.numbers(value, name) for name, value in
                  (("bac", bac), ("pv", pv), ("ev", ev), ("ac", ac))]
    code = _metric(metric)
    if code is not None:
        return cells.as_column(evm.evm(b, p, e, a, metrics=[code])[code])
    metrics = evm.evm(b, p, e, a)
    labels = list(evm.EVM_METRICS.values())
    values = [metrics[code] for code in evm.EVM_METRICS]
    if len(values[0]) == 1:
        return cells.as_table(["Metric", "Value"], [[name, v[0]] for name, v in
                                                    zip(labels, values)])
    return cells.as_table(labels, zip(*values))


ES_LABELS = {"ES": "ES (periods)", "AT": "AT (periods)", "SV_T": "SV(t)", "SPI_T": "SPI(t)",
             "IEAC_T": "IEAC(t) (periods)", "EAC": "EAC (BAC/CPI)"}


@udf.udf("=PMO_ES(A2:A13, B2:B13, 420, DATE(2026,11,30))")
def PMO_ES(
    period_ends: Annotated[Any, udf.arg("End date of each planned period (a column).")],
    cumulative_pv: Annotated[Any, udf.arg("Cumulative planned value at each period end.")],
    ev: Annotated[Any, udf.arg("Earned value at the status date.")],
    status_date: Annotated[Any, udf.arg("Status (data) date.")],
    ac: Annotated[Any, udf.arg("Actual cost (optional, with bac: adds EAC).")] = None,
    bac: Annotated[Any, udf.arg("Budget at completion (optional).")] = None,
) -> udf.Cells:
    """Earned schedule (Lipke): ES, actual time, SV(t), SPI(t), IEAC(t), in periods."""
    ends = cells.dates(period_ends, "period_ends")
    pv = cells.numbers(cumulative_pv, "cumulative_pv")
    cells.same_length(period_ends=ends, cumulative_pv=pv)
    cost = None if cells.is_blank(cells.single(ac, "ac")) else cells.number(ac, "ac")
    budget = None if cells.is_blank(cells.single(bac, "bac")) else cells.number(bac, "bac")
    result = evm.earned_schedule(ends, pv, cells.number(ev, "ev"),
                                 cells.to_date(cells.single(status_date, "status_date"),
                                               "status_date"), cost, budget)
    return cells.as_table(["Measure", "Value"],
                          [[ES_LABELS.get(k, k), v] for k, v in result.items()])


@udf.udf("=PMO_VARIANCE(B2:B20, C2:C20)")
def PMO_VARIANCE(
    planned: Annotated[Any, udf.arg("Planned values (a cell or a column).")],
    actual: Annotated[Any, udf.arg("Actual values, one per planned value.")],
) -> udf.Cells:
    """Variance (actual − planned) and variance % of planned, per row."""
    used, (plan, real) = udf.columns(planned=planned, actual=actual)
    with used.numbered():
        difference, share = evm.variance(plan, real)
    return cells.as_table(["Variance", "Variance %"],
                          used.scatter(zip(difference, share), blank=("", "")))


@udf.udf("=PMO_RAG(F2:F20, 0.95, 0.85)")
def PMO_RAG(
    value: Annotated[Any, udf.arg("Value(s) to rate, e.g. CPI or SPI (a cell or a column).")],
    amber: Annotated[Any, udf.arg("Green while at least this (default 0.95).")] = None,
    red: Annotated[Any, udf.arg("Amber while at least this, Red below (default 0.85).")] = None,
    higher_is_better: Annotated[Any, udf.arg("TRUE (default); FALSE mirrors the test for "
                                         "values where lower is better.")] = None,
) -> udf.Cells:
    """RAG status per value: Green, Amber or Red against two thresholds."""
    # A blank value has no status: the core rates NaN as "".
    return cells.as_column(evm.rag(cells.numbers(value, "value", blank=math.nan),
                                   cells.number(amber, "amber", 0.95),
                                   cells.number(red, "red", 0.85),
                                   cells.flag(higher_is_better, "higher_is_better", True)))

