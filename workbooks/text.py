"""The one rule for workbook text that pmokit writes anywhere: characters a file cannot hold go.

Office files are XML, and XML 1.0 cannot hold most control characters (U+0000–U+001F but tab,
line feed and carriage return), lone surrogates or U+FFFE / U+FFFF: lxml refuses them, so a
single one in a cell used to stop the deck. C1 controls (U+0080–U+009F) and DEL are legal XML
but never text a person meant (they show as boxes), so they go too. Everything else — brackets,
``=`` or ``@`` at the start, Jinja or XML syntax, any script — is kept exactly: it is text, and
every writer treats it as text.

:func:`clean_portfolio` applies the rule to every text field of a portfolio; the deck, charter
and plan generators call it once on the portfolio they are given (loaded or built in code).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from pmokit.workbooks.model import Calendar, Portfolio

UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_COLLECTIONS = ("projects", "tasks", "resources", "status", "milestones", "risks", "decisions", "charters",
                "throughput")

R = TypeVar("R")


def clean(text: str) -> str:
    """``text`` without the characters no Office file can hold (see the module's rule)."""
    return UNWRITABLE.sub("", text)


def clean_portfolio(portfolio: Portfolio) -> Portfolio:
    """The portfolio with :func:`clean` applied to every text field (the same object when no
    field needs it, which is checked in one pass per sheet)."""
    changes: dict[str, Any] = {}
    for name in _COLLECTIONS:
        records = getattr(portfolio, name)
        cleaned = _clean_records(records)
        if cleaned is not records:
            changes[name] = cleaned
    holidays = _clean_records(portfolio.calendar.holidays)
    if holidays is not portfolio.calendar.holidays:
        changes["calendar"] = Calendar(holidays=holidays, weekmask=portfolio.calendar.weekmask)
    return dataclasses.replace(portfolio, **changes) if changes else portfolio


def _clean_records(records: tuple[R, ...]) -> tuple[R, ...]:
    if not records:
        return records
    names = [f.name for f in dataclasses.fields(records[0])]  # type: ignore[arg-type]
    texts = [v for r in records for v in (getattr(r, n) for n in names) if type(v) is str]
    if not UNWRITABLE.search("\n".join(texts)):
        return records  # the common case: one search over the whole sheet
    out = []
    for record in records:
        fixes = {n: clean(v) for n in names if type(v := getattr(record, n)) is str and UNWRITABLE.search(v)}
        out.append(dataclasses.replace(record, **fixes) if fixes else record)  # type: ignore[type-var]
    return tuple(out)
