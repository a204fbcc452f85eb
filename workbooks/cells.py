"""Reading one workbook cell as the schema says: blanks, numbers and dates stored as text, 50% or 0.5,
Excel error values. Each reader returns the clean value or raises :class:`CellProblem` with the
sentence a PMO analyst reads after ``Tasks!F14:``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from pmokit.addin.calendar import to_date
from pmokit.addin.errors import InputError
from pmokit.workbooks.schema import FALSE_WORDS, FIRST_DATE, TRUE_WORDS, Column

EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#BUSY!", "#CONNECT!", "#UNKNOWN!")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class CellError(str):
    """An Excel error value (``#N/A``) found in a cell, kept apart from text that looks like one."""


class CellProblem(ValueError):
    """A cell's value breaks its column's rule; ``str()`` is the sentence to show."""


def is_blank(value: Any) -> bool:
    """True for an empty cell: None, empty or blank text, NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return not isinstance(value, CellError) and not value.strip()
    return isinstance(value, float) and math.isnan(value)


def label(column: Column) -> str:
    """The column's header as it reads inside a sentence: "Most likely" → "most likely", "PV" stays."""
    h = column.header
    return h if h[:2].isupper() else h[0].lower() + h[1:]


def show(value: Any) -> str:
    """A cell value as the analyst typed it: 3.0 → 3, dates ISO, text quoted."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if abs(value) >= 1e15 or value != value:
            return f"{value:.6g}"
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def read(value: Any, column: Column, *, date1904: bool = False) -> Any:
    """The clean value of a non-blank cell for ``column``; raises :class:`CellProblem`."""
    if isinstance(value, CellError) or (isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS):
        raise CellProblem(f"{label(column)} is the Excel error {str(value).strip()}: fix the formula or "
                          "clear the cell")
    kind = column.kind
    if kind in ("number", "integer"):
        number = _number(value, column)
        if kind == "integer" and not number.is_integer():
            raise CellProblem(f"{label(column)} {show(value)} is not a whole number")
        _bounds(number, value, column)
        return int(number) if kind == "integer" else number
    if kind == "percent":
        fraction = _percent(value, column)
        _bounds(fraction, value, column)
        return fraction
    if kind == "date":
        return _date(value, column, date1904)
    if kind == "bool":
        return _bool(value, column)
    text = _text(value)
    if kind == "choice":
        for word in column.allowed:
            if word.lower() == text.lower():
                return word
        if column.strict:
            raise CellProblem(f"{label(column)} {show(text)} is not one of {', '.join(column.allowed)}")
    return text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def _number(value: Any, column: Column) -> float:
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
        raise CellProblem(f"{label(column)} {show(value)} is not a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise CellProblem(f"{label(column)} {show(value)} is not a number") from None
    if not math.isfinite(number):
        raise CellProblem(f"{label(column)} {show(value)} is not a finite number")
    return number


def _percent(value: Any, column: Column) -> float:
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            number = float(value.strip()[:-1].strip())
        except ValueError:
            raise CellProblem(f"{label(column)} {show(value)} is not a percentage") from None
        if not math.isfinite(number):
            raise CellProblem(f"{label(column)} {show(value)} is not a percentage")
        return number / 100.0
    number = _number(value, column)
    if number > 1:
        raise CellProblem(f"{label(column)} {show(value)} is more than 100%: write 50% or 0.5")
    return number


def _bounds(number: float, value: Any, column: Column) -> None:
    if column.minimum is not None and number < column.minimum:
        raise CellProblem(f"{label(column)} {show(value)} is below {column.bound(column.minimum)}")
    if column.maximum is not None and number > column.maximum:
        plausible = "" if column.kind == "percent" or column.maximum <= 5 else ", the most pmokit takes as plausible"
        raise CellProblem(f"{label(column)} {show(value)} is above {column.bound(column.maximum)}{plausible}")


def _date(value: Any, column: Column, date1904: bool) -> dt.date:
    if isinstance(value, bool):
        raise CellProblem(f"{label(column)} {show(value)} is not a date")
    if isinstance(value, dt.time):
        raise CellProblem(f"{label(column)} {value.isoformat()} is a time, not a date")
    try:
        found = to_date(value, date1904=date1904, argument=label(column))
    except InputError as exc:
        raise CellProblem(f"{label(column)} {exc.problem}") from None
    except (OverflowError, ValueError):
        raise CellProblem(f"{label(column)} {show(value)} is not a date") from None
    if found is None:
        raise CellProblem(f"{label(column)} {show(value)} is not a date")
    if found < FIRST_DATE:
        raise CellProblem(f"{label(column)} {show(value)} is before {FIRST_DATE.year}, Excel's first year")
    return found


def _bool(value: Any, column: Column) -> bool:
    if isinstance(value, bool):
        return value
    word = _text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellProblem(f"{label(column)} {show(value)} is not Yes or No")


_SLOW = object()


def read_column(values: list[Any], column: Column, *, date1904: bool = False) -> tuple[list[Any], dict[int, str]]:
    """Read a whole column: the clean values (None for a blank cell) and the problems by position.

    Same rules as :func:`read`; the common cells (a float in a number column, a date in a date
    column, plain text) take a short path, everything else goes through :func:`read`.
    """
    if column.kind in ("number", "percent") and _all_numbers_within(values, column):
        return [float(v) for v in values], {}  # a clean column of numbers: nothing to read cell by cell
    if column.kind == "text" and all(type(v) is str for v in values):
        stripped = [v.strip() for v in values]
        if not any(v[:1] == "#" for v in stripped):  # no cell that could be an Excel error value
            return [v or None for v in stripped], {}
    if column.kind == "date" and all(type(v) is dt.date for v in values):
        return list(values), {}
    fast = _fast_reader(column)
    out: list[Any] = []
    problems: dict[int, str] = {}
    for k, v in enumerate(values):
        if v is None or v == "":
            out.append(None)
            continue
        value = fast(v)
        if value is _SLOW:
            if is_blank(v):
                out.append(None)
                continue
            try:
                value = read(v, column, date1904=date1904)
            except CellProblem as exc:
                problems[k] = str(exc)
                value = None
        out.append(value)
    return out, problems


def _all_numbers_within(values: list[Any], column: Column) -> bool:
    if not values or not all(type(v) is float or type(v) is int for v in values):
        return False
    low, high = min(values), max(values)  # NaN never gets here: calamine gives no NaN cells
    if not (math.isfinite(low) and math.isfinite(high)):  # ±inf (a live book can send one) is read cell by cell
        return False
    return (column.minimum is None or low >= column.minimum) and (column.maximum is None or high <= column.maximum)


def _fast_reader(column: Column) -> Any:
    kind, low, high = column.kind, column.minimum, column.maximum
    lo = -math.inf if low is None else low
    hi = math.inf if high is None else high

    if kind in ("number", "percent", "integer"):
        whole = kind == "integer"

        def number(v: Any) -> Any:
            if type(v) is float or type(v) is int:
                if lo <= v <= hi and math.isfinite(v) and (not whole or float(v).is_integer()):
                    return int(v) if whole else float(v)
            return _SLOW
        return number
    if kind == "date":
        def date(v: Any) -> Any:
            if type(v) is dt.date:
                return v
            if type(v) is dt.datetime:
                return v.date()
            return _SLOW
        return date
    if kind == "choice":
        canon = {w.lower(): w for w in column.allowed}

        def choice(v: Any) -> Any:
            if type(v) is str:
                found = canon.get(v.strip().lower())
                if found is not None:
                    return found
            return _SLOW
        return choice
    if kind == "bool":
        words = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}

        def flag(v: Any) -> Any:
            if type(v) is bool:
                return v
            if type(v) is str:
                found = words.get(v.strip().lower())
                if found is not None:
                    return found
            return _SLOW
        return flag
    if kind == "text":
        def text(v: Any) -> Any:
            if type(v) is str and v[:1] != "#" and v.strip():
                return v.strip()
            return _SLOW
        return text
    return lambda v: _SLOW
