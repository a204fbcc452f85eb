"""The machinery under pmokit's Excel functions: wizard help, error handling, shared readings.

Each ``PMO_*`` function's docstring is the function wizard's description and each argument's
``Annotated`` metadata (built by :func:`arg`) its help. Keep that metadata one flat dict per
argument: xlwings reads only the first annotation, and a nested ``Annotated`` flattens into a
second one whose ``doc`` is silently lost. Never annotate an argument as a date either: xlwings
then skips its annotation altogether.

Bad input never raises out of a function: :func:`udf` wraps each one so that a
:class:`PmoError` becomes its message named for the function (``PMO_PERT: optimistic row 3: 12
is greater than most likely 10``). xlwings' classic COM path cannot hand Excel a real error value
(xlwings issue #776: a VT_ERROR VARIANT does not survive the VBA wrapper, and NaN is written as an
empty cell), so where Excel has an error with the right meaning the cell shows its text:
``#DIV/0!`` for a zero divisor, and an error cell in the input comes back as the same error text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import xlwings as xw

from pmokit.addin import cells, threepoint
from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.cells import CellError
from pmokit.addin.defaults import DEFAULT_ITERATIONS as DEFAULT_ITERATIONS  # the functions' defaults,
from pmokit.addin.defaults import DEFAULT_SEED as DEFAULT_SEED  # shared with the deck and documents
from pmokit.addin.errors import ArgumentError, PmoError

CATEGORY = "pmokit"

#: What a function answers: a value, a date, a message, or rows of cells. xlwings routes the
#: result on this annotation, so it must stay ``Any`` (a Union here breaks xlwings' lookup).
Cells = Any
F = TypeVar("F", bound=Callable[..., Any])


def arg(doc: str) -> dict[str, object]:
    """One argument's wizard help and how xlwings reads it: rows of cells, errors as text."""
    return {"doc": doc, "ndim": 2, "err_to_str": True}


def _in_cell(function: F) -> F:
    """Answer bad input with a short message in the cell instead of a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any) -> Any:
        try:
            return function(*args)
        except CellError as error:
            return error.code
        except PmoError as error:
            return ArgumentError(function.__name__, str(error)).message

    return wrapper  # type: ignore[return-value]


def udf(example: str, *, simulation: bool = False) -> Callable[[F], F]:
    """Register a function for Excel in pmokit's category, with a cell formula as example.

    The wizard shows the docstring as one line, so its line breaks become spaces here; the
    example (``function.example``) goes into the README's function table. A ``simulation`` is
    not run while the analyst is still filling in the function wizard (xlwings'
    ``call_in_wizard=False``), so typing arguments does not start 10,000-run simulations.
    """

    def register(function: F) -> F:
        wrapped = _in_cell(function)
        wrapped.__doc__ = " ".join((function.__doc__ or "").split())
        wrapped.example = example  # type: ignore[attr-defined]
        return xw.func(category=CATEGORY, call_in_wizard=not simulation)(wrapped)

    return register


def seed(value: object) -> int:
    """The simulation seed a cell gives, or the fixed default seed when it is blank."""
    return cells.integer(value, "seed", DEFAULT_SEED)


def three_point(o: object, m: object, p: object, used: cells.Rows | None = None
                ) -> tuple[cells.Rows, np.ndarray, np.ndarray, np.ndarray]:
    """The rows in use and their checked optimistic, most likely and pessimistic estimates."""
    if used is None:
        used = cells.rows(optimistic=o, most_likely=m, pessimistic=p)
    columns = [cells.numbers(value, name, rows=used.used) for value, name in
               ((o, "optimistic"), (m, "most_likely"), (p, "pessimistic"))]
    with used.numbered():
        low, likely, high = threepoint.check_three_point(*columns)
    return used, low, likely, high


def columns(**arguments: object) -> tuple[cells.Rows, list[np.ndarray]]:
    """The rows in use across per-row number arguments, and each argument's numbers there."""
    used = cells.rows(**arguments)
    return used, [cells.numbers(value, name, rows=used.used) for name, value in
                  arguments.items()]


def calendar(holidays: object, weekmask: object = None) -> WorkCalendar:
    """The working calendar from a holiday range and a week mask (default Monday–Friday)."""
    return WorkCalendar(cells.text(weekmask, "weekmask", "1111100"), cells.holidays(holidays))


# Help texts shared by several functions.
O_HELP = "Optimistic (best-case) estimate per task: a cell or a column."
M_HELP = "Most likely estimate per task, between optimistic and pessimistic."
P_HELP = "Pessimistic (worst-case) estimate per task."
Q_HELP = "Confidence wanted, 0 to 1: 0.8 or 80% for P80."
ITER_HELP = f"Simulation runs (default {DEFAULT_ITERATIONS})."
SEED_HELP = "Random seed: same seed, same answer (blank: a fixed default seed)."
DIST_HELP = "pert (default), triangular, uniform, normal or lognormal."
HOL_HELP = "Holiday dates to skip (optional range)."
