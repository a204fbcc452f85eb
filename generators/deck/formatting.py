"""Numbers and dates as a steering committee reads them: "850k", "1.25m", "0.93", "27 Nov 2026"."""

from __future__ import annotations

import datetime as dt
import math

MISSING = "–"


def money(value: float | None, currency: str = "") -> str:
    """Money, short: 1.25m, 850k, 900, after the currency code when given (EUR 850k);
    "–" when unknown."""
    if value is None or not math.isfinite(value):
        return MISSING
    size = abs(value)
    if size >= 1e6:
        short = f"{value / 1e6:.2f}m"
    elif size >= 1e3:
        short = f"{value / 1e3:.0f}k"
    else:
        short = f"{value:.0f}"
    return f"{currency} {short}" if currency else short


def in_unit(header: str, currency: str) -> str:
    """A money column's header with its currency: "EMV (EUR)"; as it was without one."""
    return f"{header} ({currency})" if currency else header


def ratio(value: float | None) -> str:
    """An index such as CPI to two places; "n/a" for a zero divisor (Excel's #DIV/0!)."""
    if value is None:
        return MISSING
    return "n/a" if not math.isfinite(value) else f"{value:.2f}"


def day(value: dt.date | None) -> str:
    """A date as 27 Nov 2026 ("–" when unknown)."""
    return value.strftime("%d %b %Y").lstrip("0") if value else MISSING


def short_day(value: dt.date | None) -> str:
    """A date as 27 Nov 26, for narrow columns."""
    return value.strftime("%d %b %y").lstrip("0") if value else MISSING


def slip(forecast: dt.date | None, baseline: dt.date | None) -> str:
    """Calendar days late (+) or early (−) against the baseline; "" when either is unknown."""
    if forecast is None or baseline is None:
        return ""
    days = (forecast - baseline).days
    return "on baseline" if days == 0 else f"{days:+d}d"
