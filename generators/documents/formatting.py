"""How the documents show values: every field a template receives is already text.

Templates get plain strings (and lists of them), never model objects, so a template can only
print what pmokit chose to show and the sandbox has nothing to call. Text from the workbook loses
only the characters XML cannot hold (control characters other than tab and line breaks).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from pmokit.workbooks import text

NA = "n/a"
PROPERTY_LIMIT = 255
_BULLET = re.compile(r"^\s*(?:[-–•*·]|\d+[.)])\s+")


def clean(value: object) -> str:
    """Workbook text as the document shows it (``None`` → empty): :func:`pmokit.workbooks.text.clean`,
    the one rule for text pmokit writes, then surrounding spaces trimmed."""
    if value is None:
        return ""
    return text.clean(str(value)).strip()


def property_text(value: object) -> str:
    """Text for a document property (title, author, …): cleaned, and cut with "…" to the 255
    characters Word's core properties hold (python-docx refuses a longer one)."""
    shown = clean(value)
    return shown if len(shown) <= PROPERTY_LIMIT else shown[:PROPERTY_LIMIT - 1].rstrip() + "…"


def lines(value: object, missing: str) -> list[str]:
    """A multi-line cell as a list of paragraphs (leading bullets or numbers dropped);
    ``[missing]`` when the cell is empty."""
    items = [_BULLET.sub("", line).strip() for line in re.split(r"[\r\n]+", clean(value))]
    items = [item for item in items if item]
    return items or [missing]


def date(value: dt.date | None, missing: str = NA) -> str:
    """12 Jan 2027: day, month name, year — unambiguous in every locale."""
    return value.strftime("%d %b %Y").lstrip("0") if value else missing


def month(value: dt.date) -> str:
    return value.strftime("%b %Y")


def _bad(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value: float | None, currency: str = "") -> str:
    """1,234,500 (no decimals: budgets are planned in whole units), after the currency:
    a code takes a space (EUR 1,234,500), a symbol none (€1,234,500)."""
    if _bad(value):
        return NA
    assert value is not None
    sign = "−" if value < 0 else ""
    unit = f"{currency} " if currency[-1:].isalpha() else currency
    return f"{sign}{unit}{abs(value):,.0f}"


def number(value: float | None, decimals: int = 1) -> str:
    """12.5; whole numbers without decimals (3, not 3.0)."""
    if _bad(value):
        return NA
    assert value is not None
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


def percent(value: float | None, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.25 → 25%."""
    if _bad(value):
        return NA
    assert value is not None
    return f"{value * 100:.{decimals}f}%"


def fixed(value: float | None, decimals: int = 2) -> str:
    """Always ``decimals`` places (columns of FTE line up: 1.00, 0.50)."""
    if _bad(value):
        return NA
    assert value is not None
    return f"{value:,.{decimals}f}"
