"""Earned value, earned schedule, plan-versus-actual variance and RAG status.

Formulas from PMI's PMBOK Guide and Practice Standard for Earned Value Management, and Lipke,
"Schedule is Different", The Measurable News, 2003 (see ``../shared/DOMAIN.md``). A zero divisor
gives NaN, Excel's #DIV/0! meaning, never infinity or a Python error.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pmokit.addin.calendar import to_date
from pmokit.addin.errors import InputError

FloatArray = NDArray[np.float64]

EVM_METRICS: dict[str, str] = {
    "CV": "CV",
    "CV_PCT": "CV%",
    "SV": "SV",
    "SV_PCT": "SV%",
    "CPI": "CPI",
    "SPI": "SPI",
    "EAC": "EAC (BAC/CPI)",
    "EAC_BUDGET": "EAC (AC+BAC−EV)",
    "EAC_COMPOSITE": "EAC (CPI×SPI)",
    "ETC": "ETC",
    "VAC": "VAC",
    "TCPI_BAC": "TCPI (BAC)",
    "TCPI_EAC": "TCPI (EAC)",
}


def divide(a: Any, b: Any) -> FloatArray:
    """Divide elementwise, giving NaN (Excel's #DIV/0!) where the divisor is 0."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _ratio(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    """:func:`divide` for float arrays, inside the caller's ``np.errstate`` (entering one costs
    more than the division itself on the one-row arrays a per-row cell formula passes)."""
    return np.where(den == 0, np.nan, num / den)


def _column(values: Any, argument: str) -> FloatArray:
    if isinstance(values, np.ndarray) and values.dtype == np.float64 and values.ndim == 1:
        if not np.isnan(values).any():  # already numbers (the Excel surface's columns)
            return values
    arr = np.atleast_1d(np.asarray(values, dtype=object))
    out = np.empty(arr.shape[0])
    for row, v in enumerate(arr, start=1):
        try:
            out[row - 1] = float(v)
        except (TypeError, ValueError):
            problem = "is missing" if v is None else f"'{v}' is not a number"
            raise InputError(argument, problem, row if arr.shape[0] > 1 else None) from None
        if math.isnan(out[row - 1]):
            raise InputError(argument, "is missing", row if arr.shape[0] > 1 else None)
    return out


def _columns(**named: Any) -> list[FloatArray]:
    cols = {name: _column(v, name) for name, v in named.items()}
    ref = next((name for name, c in cols.items() if len(c) > 1), None)
    if ref is None:
        return list(cols.values())
    n = len(cols[ref])
    out = []
    for name, c in cols.items():
        if len(c) == 1:
            c = np.repeat(c, n)
        elif len(c) != n:
            raise InputError(name, f"has {len(c)} rows but {ref} has {n}")
        out.append(c)
    return out


def evm(bac: Any, pv: Any, ev: Any, ac: Any,
        metrics: Iterable[str] = EVM_METRICS) -> dict[str, FloatArray]:
    """Work out the earned-value metrics per row: variances, indices, forecasts.

    Keys and order are those of :data:`EVM_METRICS`, or of ``metrics`` when only some are
    wanted (a cell showing one metric per row asks for one: the rest are not worked out).
    ETC, VAC and TCPI to EAC use EAC = BAC / CPI. A single value is repeated against a column
    (one BAC for every status row, say).
    """
    b, p, e, a = _columns(bac=bac, pv=pv, ev=ev, ac=ac)
    cpi = functools.cache(lambda: _ratio(e, a))
    spi = functools.cache(lambda: _ratio(e, p))
    eac = functools.cache(lambda: _ratio(b, cpi()))
    formulas: dict[str, Callable[[], FloatArray]] = {
        "CV": lambda: e - a,
        "CV_PCT": lambda: _ratio(e - a, e),
        "SV": lambda: e - p,
        "SV_PCT": lambda: _ratio(e - p, p),
        "CPI": cpi,
        "SPI": spi,
        "EAC": eac,
        "EAC_BUDGET": lambda: a + b - e,
        "EAC_COMPOSITE": lambda: a + _ratio(b - e, cpi() * spi()),
        "ETC": lambda: eac() - a,
        "VAC": lambda: b - eac(),
        "TCPI_BAC": lambda: _ratio(b - e, b - a),
        "TCPI_EAC": lambda: _ratio(b - e, eac() - a),
    }
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return {code: formulas[code]() for code in metrics}


def earned_schedule(period_ends: Sequence[Any], cumulative_pv: Sequence[float] | FloatArray,
                    ev: float, status_date: Any, ac: float | None = None,
                    bac: float | None = None) -> dict[str, float]:
    """Measure schedule performance in time: earned schedule (Lipke 2003), in periods.

    ``period_ends`` are the planned periods' end dates (ascending) and ``cumulative_pv`` the
    planned value at each. ES = C + (EV − PV(C)) / (PV(C+1) − PV(C)), C the number of whole periods
    whose planned value EV has reached; AT = periods elapsed at ``status_date`` (a whole number
    of periods when it is a period end, interpolated by days within a period otherwise).
    SV(t) = ES − AT, SPI(t) = ES / AT, IEAC(t) = planned duration / SPI(t), the planned duration
    being the periods until the plan reaches its final value (trailing flat periods not counted).
    Where the plan stays flat (a planned pause), every period whose planned value EV has reached
    counts, as Lipke's C does: a project that earned exactly its plan is on time (SV(t) = 0), not
    one pause behind. With ``ac`` and ``bac`` also EAC = BAC / CPI as ``EAC``.
    """
    ends = [to_date(v, argument="period_ends", row=i) for i, v in
            enumerate(period_ends, start=1)]
    pv = _column(cumulative_pv, "cumulative_pv")
    if len(ends) != len(pv):
        raise InputError("cumulative_pv", f"has {len(pv)} rows but period_ends has {len(ends)}")
    if not ends:
        raise InputError("period_ends", "is empty: give the planned periods' end dates")
    days: list[int] = []
    for row, d in enumerate(ends, start=1):
        if d is None:
            raise InputError("period_ends", "is missing", row)
        if days and d.toordinal() <= days[-1]:
            raise InputError("period_ends", f"{d.isoformat()} is not after the period before",
                             row)
        days.append(d.toordinal())
    if np.any(np.diff(pv) < 0):
        row = int(np.argmax(np.diff(pv) < 0)) + 2
        raise InputError("cumulative_pv", f"{pv[row - 1]:g} is less than the period before: "
                                          "planned value must be cumulative", row)
    status = to_date(status_date, argument="status_date")
    if status is None:
        raise InputError("status_date", "is missing")
    ev_value = float(_column(ev, "ev")[0])
    if ev_value < 0:
        raise InputError("ev", f"{ev_value:g} is negative")
    cum = np.concatenate(([0.0], pv))
    es = _earned_schedule(cum, ev_value)
    at = _actual_time(days, status.toordinal())
    planned = float(np.searchsorted(cum, cum[-1], side="left"))  # when the plan reaches BAC
    spi_t = float(divide(es, at))
    out = {"ES": es, "AT": at, "SV_T": es - at, "SPI_T": spi_t,
           "IEAC_T": float(divide(planned, spi_t))}
    if ac is not None and bac is not None:
        out["EAC"] = float(divide(float(bac), divide(ev_value, float(ac))))
    return out


def _earned_schedule(cum: FloatArray, ev: float) -> float:
    # cum[t] is the planned value at the end of period t, cum[0] = 0 at the start. Lipke: C is
    # the number of whole periods with PV(C) ≤ EV (a flat stretch the plan has reached counts),
    # ES = C + (EV − PV(C)) / (PV(C+1) − PV(C)).
    # Periods after the plan reached its final value are not plan: ES stops at the planned
    # duration (Lipke's late project earns 12 months of schedule, however long it runs).
    planned = int(np.searchsorted(cum, cum[-1], side="left"))
    c = int(np.searchsorted(cum, ev, side="right")) - 1
    if c >= planned:
        return float(planned)
    return c + float((ev - cum[c]) / (cum[c + 1] - cum[c]))


def _actual_time(days: list[int], status: int) -> float:
    # Period i covers (end[i-1], end[i]]; the first period is as long as the second (or 1 day).
    first_len = days[1] - days[0] if len(days) > 1 else 1
    edges = [days[0] - first_len] + days
    if status <= edges[0]:
        return 0.0
    for i in range(1, len(edges)):
        if status <= edges[i]:
            return i - 1 + (status - edges[i - 1]) / (edges[i] - edges[i - 1])
    last = edges[-1] - edges[-2]
    return len(days) + (status - edges[-1]) / last


def variance(planned: Any, actual: Any) -> tuple[FloatArray, FloatArray]:
    """Give actual − planned per row, and that variance as a share of planned (NaN if planned is 0)."""
    p, a = _columns(planned=planned, actual=actual)
    return a - p, divide(a - p, p)


def rag(value: Any, amber: float = 0.95, red: float = 0.85,
        higher_is_better: bool = True) -> list[str]:
    """Rate each value Green, Amber or Red against two thresholds.

    Higher is better (an index such as CPI): Green while the value is at least ``amber``, Amber
    while it is at least ``red``, Red below. Lower is better (a variance, a delay): Green while at
    most ``amber``, Amber while at most ``red``, Red above. A missing value (NaN) is rated "".
    """
    if higher_is_better and amber < red:
        raise InputError("amber", f"{amber:g} is below red {red:g}: when higher is better the "
                                  "amber threshold must be at least the red one")
    if not higher_is_better and amber > red:
        raise InputError("amber", f"{amber:g} is above red {red:g}: when lower is better the "
                                  "amber threshold must be at most the red one")
    values = np.atleast_1d(np.asarray(value, dtype=np.float64))
    out = []
    for v in values:
        if math.isnan(v):
            out.append("")
        elif higher_is_better:
            out.append("Green" if v >= amber else "Amber" if v >= red else "Red")
        else:
            out.append("Green" if v <= amber else "Amber" if v <= red else "Red")
    return out
