"""The machinery under pmokit's Excel functions: wizard help, error handling, shared readings.

Each ``PMO_*`` function's docstring is the function wizard's description and each argument's
``Annotated`` metadata (built by :func:`arg`) its help. Keep that metadata one flat dict per
argument: xlwings reads only the first annotation, and a nested ``Annotated`` flattens into a
second one whose ``doc`` is silently lost. Never annotate an argument as a date either: xlwings
then skips its annotation altogether. The modules defining functions evaluate their annotations
when they run (no ``from __future__ import annotations``): xlwings' Office.js route calls
``typing.get_type_hints`` on the function on every call, and evaluating string annotations there
costs about ten times more (some 0.3 ms a call for three arguments).

One definition of each function serves both of xlwings' routes into Excel. :func:`udf` registers
it with xlwings' classic ``xw.func`` (the Windows COM add-in, BSD-licensed) and, where xlwings'
Office.js part has loaded (xlwings Lite and xlwings Server, which configure its licence key), with
``xlwings.server.func`` too: both record the same ``__xlfunc__`` metadata on the function, each
adding its own keys. Nothing here needs a licence key: without one the Office.js registration is
simply left out.

Bad input never raises out of a function: :func:`udf` wraps each one so that a
:class:`PmoError` becomes its :class:`Message`, named for the function (``PMO_PERT: optimistic
row 3: 12 is greater than most likely 10``). Where Excel has an error with the right meaning the
function answers its text: ``#DIV/0!`` for a zero divisor, ``#NUM!`` for an overflow, and an
error cell in the input comes back as the same error. How the cell shows these depends on the
route, decided where xlwings writes the result (its conversion engine), not in the function:

* classic COM add-in: text. xlwings' classic path cannot hand Excel a real error value (xlwings
  issue #776: a VT_ERROR VARIANT does not survive the VBA wrapper, and NaN is written as an empty
  cell), so the cell shows the message or ``#N/A`` as text;
* Office.js (xlwings Lite, xlwings Server): real error values. xlwings' ``officejs`` engine turns
  the error texts into Excel errors (``#N/A``, ``#DIV/0!``, ``#NUM!``, ``#VALUE!`` …), and a
  :class:`Message` becomes ``#VALUE!`` with the message in the cell's error flag: it is raised as
  an :class:`xlwings.XlwingsError`, the one exception xlwings Server answers with its own text
  even in production (others only as "An error ocurred."), which its JavaScript throws as
  ``CustomFunctions.Error(invalidValue, text)``. Lite's add-in turns a raised error into the
  cell's error too; neither has been seen in a real Excel (README, *On Mac and the web*).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import xlwings as xw
from xlwings.conversion import Accessor, ValueAccessor

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


def _officejs_func() -> Callable[[F], F] | None:
    """xlwings' Office.js decorator, or None where xlwings' Office.js part cannot load.

    ``xlwings.server`` is xlwings' PolyForm Noncommercial ``pro`` code: it imports only with a
    licence key, which xlwings Lite and xlwings Server configure. Without one this is None and
    the functions carry their classic registration alone (and, off Windows, none at all).
    """
    try:
        from xlwings.server import func
    except (ImportError, xw.LicenseError):
        return None
    return func


#: Registers a function for Office.js custom functions (None: xlwings' Office.js part is absent).
OFFICEJS = _officejs_func()


class Message(str):
    """What a function answers instead of a value when its input is bad: the text for a person.

    A ``str``, so a Python caller and the classic add-in get the text itself; on the Office.js
    route it becomes ``#VALUE!`` with the text in the cell's error flag (:class:`_MessageCell`).
    """


class _MessageCell(Accessor):
    """How xlwings writes a :class:`Message` into a cell, on whichever route called the function.

    xlwings routes a result to the accessor registered for its type (``ValueAccessor.router``),
    and its conversion context names the engine of the route: ``officejs`` for xlwings Lite and
    xlwings Server, ``excel`` for the classic COM add-in.
    """

    @classmethod
    def writer(cls, options: dict[str, Any]) -> Any:
        return ValueAccessor.writer(options).prepend_stage(  # type: ignore[no-untyped-call]
            _message_for_route)


def _message_for_route(context: Any) -> None:
    if context.engine.name == "officejs":
        raise xw.XlwingsError(str(context.value))
    context.value = str(context.value)


_MessageCell.register(Message)  # type: ignore[no-untyped-call]


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
            return Message(ArgumentError(function.__name__, str(error)).message)

    return wrapper  # type: ignore[return-value]


def udf(example: str, *, simulation: bool = False) -> Callable[[F], F]:
    """Register a function for Excel in pmokit's category, with a cell formula as example.

    One registration for both routes: xlwings' classic ``xw.func`` (on Windows the COM add-in;
    elsewhere a no-op unless ``XLWINGS_ON_SERVER`` makes it the Office.js one) and, where it
    loads, the Office.js ``xlwings.server.func``, which adds its keys to the same ``__xlfunc__``.
    The classic one runs first: it builds the argument records with the ``vba`` key its VBA
    writer reads.

    The wizard shows the docstring as one line, so its line breaks become spaces here; the
    example (``function.example``) goes into the README's function table. A ``simulation`` is
    not run while the analyst is still filling in the function wizard (xlwings'
    ``call_in_wizard=False``), so typing arguments does not start 10,000-run simulations.
    """

    def register(function: F) -> F:
        wrapped = _in_cell(function)
        wrapped.__doc__ = " ".join((function.__doc__ or "").split())
        wrapped.example = example  # type: ignore[attr-defined]
        wrapped = xw.func(category=CATEGORY, call_in_wizard=not simulation)(wrapped)
        return wrapped if OFFICEJS is None else OFFICEJS(wrapped)

    return register


def seed(value: object) -> int:
    """The simulation seed a cell gives, or the fixed default seed when it is blank."""
    return cells.integer(value, "seed", DEFAULT_SEED)


def three_point(o: object, m: object, p: object, used: cells.Rows | None = None
                ) -> tuple[cells.Rows, np.ndarray, np.ndarray, np.ndarray]:
    """The rows in use and their checked optimistic, most likely and pessimistic estimates."""
    if used is None:
        used = cells.rows(optimistic=o, most_likely=m, pessimistic=p)
    columns = [cells.numbers(value, name, rows=used.picked) for value, name in
               ((o, "optimistic"), (m, "most_likely"), (p, "pessimistic"))]
    with used.numbered():
        low, likely, high = threepoint.check_three_point(*columns)
    return used, low, likely, high


def columns(**arguments: object) -> tuple[cells.Rows, list[np.ndarray]]:
    """The rows in use across per-row number arguments, and each argument's numbers there."""
    used = cells.rows(**arguments)
    return used, [cells.numbers(value, name, rows=used.picked) for name, value in
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
