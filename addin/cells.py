"""Cell values as Excel hands them to a function, turned into the clean values the core takes.

Excel's classic add-in path (VBA → xlwings' COM server) hands a function raw VARIANT values:
floats for numbers, ``None`` for blank cells, datetimes for cells formatted as dates but plain
serial numbers for dates computed by formulas, numbers typed as text, integer COM codes for error
cells (-2146826246 is ``#N/A``; xlwings turns them into ``"#N/A"`` text when asked with
``err_to_str``) and ``-2147352572`` (DISP_E_PARAMNOTFOUND) for an omitted optional argument. A
range arrives as rows of cells. Python callers pass numbers, dates and lists. Everything here
reads both, and writes results back as Excel shows them: one cell, a column, or a labelled table.

A problem raises :class:`pmokit.addin.errors.InputError` naming the argument and 1-based row; an error
cell in the input raises :class:`CellError`, so the function answers with that same Excel error,
as Excel's own functions do.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from pmokit.addin.calendar import EXCEL_EPOCH
from pmokit.addin.calendar import to_date as calendar_date
from pmokit.addin.errors import InputError, PmoError

#: Excel's error values by their XlCVError number (Microsoft's VBA reference, "XlCVError
#: enumeration"). The newer ones (#SPILL!, #CALC! …) are missing from xlwings' own table, which
#: passes them through as plain integers: read as numbers they would be silently wrong.
XL_CV_ERRORS: dict[int, str] = {
    2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!", 2029: "#NAME?",
    2036: "#NUM!", 2042: "#N/A", 2043: "#GETTING_DATA", 2045: "#SPILL!", 2046: "#CONNECT!",
    2047: "#BLOCKED!", 2048: "#UNKNOWN!", 2049: "#FIELD!", 2050: "#CALC!",
}
#: The same as the COM codes pywin32 hands over: the HRESULT 0x800A0000 + number, as a signed
#: 32-bit integer (#N/A is -2146826246).
ERROR_CODES: dict[int, str] = {0x800A0000 + n - (1 << 32): text for n, text in XL_CV_ERRORS.items()}
ERROR_TEXTS = frozenset(ERROR_CODES.values())

#: What VBA passes for an omitted ``Optional`` argument (DISP_E_PARAMNOTFOUND); xlwings
#: replaces it with the Python default, a Python caller may still pass it.
MISSING = -2147352572

#: Shown where the core answers NaN: a ratio whose divisor is zero.
DIV0 = "#DIV/0!"
#: Shown where the core answers an infinite or overflowing number.
NUM = "#NUM!"

_FIRST_PLAIN_SERIAL = 61.0  # 1 March 1900, after Excel's fictitious 29 February 1900
_LAST_SERIAL = 2958466.0  # 1 January 10000, the day after Excel's last date
_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d*)(\.\d*)?([eE][+-]?\d+)?$")


class CellError(PmoError):
    """An input cell holds an Excel error value; the function answers with that error."""

    def __init__(self, code: str, argument: str, row: int | None = None) -> None:
        self.code = code
        self.argument = argument
        self.row = row
        super().__init__(code)


_NOT_NUMBERS = frozenset(ERROR_CODES) | {MISSING}  # integers pywin32 hands over for no number


def _plain_number(value: object) -> bool:
    """A cell that is a number as it stands: a float not NaN, or an int that is no COM code
    (exact types: a bool is an int but not a number here). Lets a column of plain numbers skip
    the cell-by-cell reading."""
    kind = type(value)
    return (kind is float and value == value) or (kind is int and value not in _NOT_NUMBERS)


def error_code(value: object) -> str | None:
    """The Excel error a cell holds (``"#N/A"``), or None when it holds a value."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)) and int(value) in ERROR_CODES:
        return ERROR_CODES[int(value)]
    if isinstance(value, str) and value.strip().upper() in ERROR_TEXTS:
        return value.strip().upper()
    return None


def is_blank(value: object) -> bool:
    """True for an empty cell, empty text or an omitted argument."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value) == MISSING
    return False


def grid(value: object) -> list[list[object]]:
    """Any argument as rows of cells: one value is one cell, a flat list is a column."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        return [[value]]
    if len(value) == 0:
        return []
    if all(isinstance(row, (list, tuple, np.ndarray)) for row in value):
        rows = [list(row) for row in value]
        width = len(rows[0])
        if any(len(row) != width for row in rows):
            raise InputError("range", "rows of different widths; give a rectangular range")
        return rows
    return [[cell] for cell in value]


def column(value: object, argument: str) -> list[object]:
    """A single column or row of cells, top to bottom or left to right."""
    rows = grid(value)
    if not rows:
        return []
    if len(rows[0]) == 1:
        return [row[0] for row in rows]
    if len(rows) == 1:
        return list(rows[0])
    raise InputError(
        argument,
        f"is a block of {len(rows)} rows × {len(rows[0])} columns; give one column or one row",
    )


def _row(cells: Sequence[object], index: int) -> int | None:
    return index + 1 if len(cells) > 1 else None


def to_number(value: object, argument: str, row: int | None = None) -> float:
    """One cell as a float: numbers, numbers stored as text (``" 1,250.5 "``, ``"15%"``)."""
    code = error_code(value)
    if code is not None:
        raise CellError(code, argument, row)
    if isinstance(value, (bool, np.bool_)):
        raise InputError(argument, f"{'TRUE' if value else 'FALSE'} is not a number", row)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if math.isnan(number):
            raise InputError(argument, "is not a number (NaN)", row)
        return number
    if isinstance(value, (dt.date, dt.datetime)):
        raise InputError(argument, f"{value:%Y-%m-%d} is a date, not a number", row)
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "")
        scale = 1.0
        if text.endswith("%"):
            text, scale = text[:-1].strip(), 0.01
        if text and any(ch.isdigit() for ch in text) and _NUMBER_TEXT.match(text):
            return float(text.replace(",", "")) * scale
        raise InputError(argument, f"'{value}' is not a number", row)
    raise InputError(argument, f"{value!s} is not a number", row)


def numbers(value: object, argument: str, *, blank: float | None = None,
            rows: Sequence[int] | None = None) -> np.ndarray:
    """A column of numbers (only ``rows``, 0-based, when given); blank cells are an error
    unless ``blank`` gives their value."""
    cells = column(value, argument)
    picked = range(len(cells)) if rows is None else rows
    chosen = cells if rows is None else [cells[i] for i in rows]
    if all(_plain_number(c) for c in chosen):
        return np.array(chosen, dtype=float)  # the usual column: numbers and nothing else
    out = np.empty(len(picked), dtype=float)
    for k, i in enumerate(picked):
        cell = cells[i]
        if is_blank(cell):
            if blank is None:
                raise InputError(argument, "is blank; a number is needed", _row(cells, i))
            out[k] = blank
        else:
            out[k] = to_number(cell, argument, _row(cells, i))
    return out


def single(value: object, argument: str) -> object:
    """The one cell of an argument that takes a single value."""
    cells = [cell for row in grid(value) for cell in row]
    if len(cells) == 1:
        return cells[0]
    if not cells:
        return None
    raise InputError(argument, f"takes one value, not a range of {len(cells)} cells")


def number(value: object, argument: str, default: float | None = None) -> float:
    """A single number; blank or omitted gives ``default`` (an error when there is none)."""
    cell = single(value, argument)
    if is_blank(cell):
        if default is None:
            raise InputError(argument, "is missing; a number is needed")
        return default
    return to_number(cell, argument)


def integer(value: object, argument: str, default: int | None, minimum: int = 0) -> int:
    """A single whole number at least ``minimum``; blank or omitted gives ``default``."""
    result = number(value, argument, None if default is None else float(default))
    if result != int(result):
        raise InputError(argument, f"{result:g} is not a whole number")
    if result < minimum:
        raise InputError(argument, f"{result:g} is less than {minimum}")
    return int(result)


def fraction(value: object, argument: str) -> float:
    """A single probability or percentile between 0 and 1, typed ``0.8`` or ``80%``."""
    result = number(value, argument)
    if not 0.0 <= result <= 1.0:
        raise InputError(argument, f"{result:g} is not between 0 and 1; give 0.8 or 80% for P80")
    return result


def label(value: object) -> str:
    """A cell as an id or a name: whole numbers lose their ``.0`` (Excel sends 3 as 3.0)."""
    if is_blank(value):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value:%Y-%m-%d}"
    return str(value).strip()


def labels(value: object, argument: str, *, blank_ok: bool = False,
           rows: Sequence[int] | None = None) -> list[str]:
    """A column of ids, names or predecessor lists as text (only ``rows`` when given)."""
    cells = column(value, argument)
    out: list[str] = []
    for i in range(len(cells)) if rows is None else rows:
        cell = cells[i]
        code = error_code(cell)
        if code is not None:
            raise CellError(code, argument, _row(cells, i))
        text = label(cell)
        if not text and not blank_ok:
            raise InputError(argument, "is blank", _row(cells, i))
        out.append(text)
    return out


def text(value: object, argument: str, default: str) -> str:
    """A single word option such as ``"pert"``; blank or omitted gives ``default``."""
    cell = single(value, argument)
    code = error_code(cell)
    if code is not None:
        raise CellError(code, argument)
    return default if is_blank(cell) else label(cell)


def choice(value: object, argument: str, default: str, allowed: Iterable[str]) -> str:
    """A single option that must be one of ``allowed`` (case does not matter)."""
    options = list(allowed)
    word = text(value, argument, default).lower()
    if word not in options:
        raise InputError(argument, f"'{word}' is not one of {', '.join(options)}")
    return word


def flag(value: object, argument: str, default: bool) -> bool:
    """A single TRUE/FALSE (also 1/0, "yes"/"no"); blank or omitted gives ``default``."""
    cell = single(value, argument)
    if is_blank(cell):
        return default
    code = error_code(cell)
    if code is not None:
        raise CellError(code, argument)
    if isinstance(cell, (bool, np.bool_)):
        return bool(cell)
    if isinstance(cell, (int, float)) and cell in (0, 1):
        return bool(cell)
    word = str(cell).strip().lower()
    if word in ("true", "yes", "y", "1"):
        return True
    if word in ("false", "no", "n", "0"):
        return False
    raise InputError(argument, f"'{cell}' is not TRUE or FALSE")


def to_date(value: object, argument: str, row: int | None = None) -> dt.date:
    """One cell as a date: a date cell, an Excel serial number, or ISO text (2026-11-30)."""
    code = error_code(value)
    if code is not None:
        raise CellError(code, argument, row)
    result = calendar_date(value, argument=argument, row=row)
    if result is None:
        raise InputError(argument, "is blank; a date is needed", row)
    return result


def dates(value: object, argument: str, rows: Sequence[int] | None = None) -> list[dt.date]:
    """A column of dates (date cells, serial numbers or ISO text; only ``rows`` when given)."""
    cells = column(value, argument)
    picked = range(len(cells)) if rows is None else rows
    chosen = [cells[i] for i in picked]
    if chosen and all(type(c) is float and _FIRST_PLAIN_SERIAL <= c < _LAST_SERIAL for c in chosen):
        # Formula dates arrive as serials: one NumPy step instead of a call per cell (PMO_LOAD
        # reads 20,000 of them); from serial 61 on, the 1900 system counts days plainly.
        days = np.floor(np.array(chosen)).astype("int64")
        return list((np.datetime64(EXCEL_EPOCH, "D") + days).astype(object))
    return [to_date(cells[i], argument, _row(cells, i)) for i in picked]


def optional_dates(value: object, argument: str,
                   rows: Sequence[int] | None = None) -> list[dt.date | None]:
    """A column of dates in which a blank cell is None (only ``rows`` when given)."""
    cells = column(value, argument)
    picked = range(len(cells)) if rows is None else rows
    return [None if is_blank(cells[i]) else to_date(cells[i], argument, _row(cells, i))
            for i in picked]


def given(value: object) -> bool:
    """True when an optional argument holds anything: not omitted, not only blank cells."""
    return any(not is_blank(cell) for row in grid(value) for cell in row)


def optional_date(value: object, argument: str) -> dt.date | None:
    """A single date, or None when the argument is blank or omitted."""
    cell = single(value, argument)
    return None if is_blank(cell) else to_date(cell, argument)


def holidays(value: object, argument: str = "holidays") -> list[dt.date]:
    """A holiday list: any shape of range, blank cells skipped."""
    cells = [cell for row in grid(value) for cell in row if not is_blank(cell)]
    return [to_date(cell, argument) for cell in cells]


def ratings(value: object, argument: str) -> dict[str, object] | None:
    """A rating table: a dict, or two columns of driver name and rating ("High" or a number);
    blank gives None (every driver Nominal)."""
    if isinstance(value, dict):
        return value
    rows = [row for row in grid(value) if not all(is_blank(cell) for cell in row)]
    if not rows:
        return None
    if len(rows[0]) != 2:
        raise InputError(argument, "give two columns: driver (e.g. PREC) and rating (e.g. High)")
    table: dict[str, object] = {}
    for i, (name, rating) in enumerate(rows):
        code = error_code(rating)
        if code is not None:
            raise CellError(code, argument, i + 1)
        table[label(name)] = rating if isinstance(rating, (int, float)) else label(rating)
    return table


def same_length(**columns: Sequence[object] | np.ndarray) -> int:
    """The common length of per-row arguments; ranges of different lengths are an error."""
    lengths = {name: len(values) for name, values in columns.items()}
    first, expected = next(iter(lengths.items()))
    for name, length in lengths.items():
        if length != expected:
            raise InputError(
                name,
                f"has {length} rows but {first} has {expected}; give ranges of the same length",
            )
    return expected


@dataclass(frozen=True)
class Rows:
    """Which rows of same-length per-row arguments hold data (0-based), out of ``count``."""

    used: list[int]
    count: int

    @property
    def picked(self) -> list[int] | None:
        """``used`` as the ``rows`` of :func:`numbers` and :func:`labels`: None when every row
        is used, which reads the column straight through."""
        return None if len(self.used) == self.count else self.used

    def scatter(self, values: Iterable[object], blank: object = "") -> list[object]:
        """Per-row answers back in the sheet's rows; rows left out answer ``blank``."""
        out: list[object] = [blank] * self.count
        for i, value in zip(self.used, values):
            out[i] = value
        return out

    @contextmanager
    def numbered(self) -> Iterator[None]:
        """Report the core's row numbers (positions among the used rows) as the sheet's rows."""
        try:
            yield
        except InputError as error:
            if error.row is None or not 0 < error.row <= len(self.used):
                raise
            raise InputError(error.argument, error.problem,
                             self.used[error.row - 1] + 1) from None


def rows(**arguments: object) -> Rows:
    """The rows that hold anything, across per-row arguments that must be of one length.

    A range sized past the data (B2:B100 for 20 tasks) ends in rows blank in every argument:
    they are left out and answer blank. A row blank in only some arguments stays in, and its
    blank cell is reported.
    """
    columns = {name: column(value, name) for name, value in arguments.items()}
    count = same_length(**columns)
    used = [i for i in range(count) if any(not is_blank(c[i]) for c in columns.values())]
    return Rows(used, count)


def broadcast(values: np.ndarray, n: int, argument: str) -> np.ndarray:
    """A per-row argument given as one value stands for every row."""
    if len(values) == 1 and n != 1:
        return np.repeat(values, n)
    if len(values) != n:
        raise InputError(argument, f"has {len(values)} rows but {n} are needed")
    return values


def cell(value: object) -> object:
    """One result as Excel shows it: NaN (a zero divisor) as #DIV/0!, infinity as #NUM!."""
    if isinstance(value, (float, np.floating)):  # the usual answer first: one call per cell
        number_ = float(value)
        if math.isfinite(number_):
            return number_
        return DIV0 if math.isnan(number_) else NUM
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]").item()
    return value


def as_column(values: Iterable[object]) -> Any:
    """Per-row results: one value for one row, otherwise a column that spills down."""
    out = [cell(value) for value in values]
    if len(out) == 1:
        return out[0]
    return [[value] for value in out]


def as_table(header: Sequence[object], rows: Iterable[Any]) -> list[list[object]]:
    """A labelled table that spills: the header row, then one row per item."""
    table: list[list[object]] = [list(header)]
    table += [[cell(value) for value in row] for row in rows]
    return table


def matrix(
    value: object, argument: str, *, blank: float = 0.0
) -> tuple[list[str] | None, list[object] | None, np.ndarray]:
    """A table of numbers, with or without its labels (a text top-left cell means labelled).

    Gives (row labels, column labels, numbers); PMO_LOAD's own spilled table reads back as it was
    written: names down the side, period starts across.
    """
    rows = grid(value)
    if not rows:
        raise InputError(argument, "is empty")
    corner = rows[0][0]
    labelled = isinstance(corner, str) and error_code(corner) is None and not _is_number(corner)
    if not labelled:
        body = rows
        names: list[str] | None = None
        heads: list[object] | None = None
    else:
        heads = list(rows[0][1:])
        names = [label(row[0]) for row in rows[1:]]
        body = [row[1:] for row in rows[1:]]
    out = np.empty((len(body), len(body[0]) if body else 0), dtype=float)
    for i, row in enumerate(body):
        for j, item in enumerate(row):
            out[i, j] = blank if is_blank(item) else to_number(item, argument, i + 1)
    return names, heads, out


def _is_number(text: str) -> bool:
    try:
        to_number(text, "")
    except InputError:
        return False
    return True
