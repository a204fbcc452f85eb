"""The errors a PMO user reads.

One small tree: :class:`PmoError` at the root; the calculation core raises :class:`InputError`
(which argument, which row, what is wrong); the Excel surface turns it into an
:class:`ArgumentError` that names the Excel function. The generators add ``WorkbookError``,
``TemplateError`` and ``OutputError`` in :mod:`pmokit.generators.errors`. Messages say where, what and
the rule, never ``repr(e)``.
"""

from __future__ import annotations


class PmoError(Exception):
    """Base of every error meant for a person; ``str(error)`` is the whole message."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(PmoError):
    """A calculation was given values it cannot use.

    ``argument`` is the argument's name as the user knows it (``optimistic``), ``row`` the 1-based
    position in a column argument (None for a single value), ``problem`` what is wrong, e.g.
    ``InputError("optimistic", "12 is greater than most likely 10", row=3)`` reads
    ``optimistic row 3: 12 is greater than most likely 10``.
    """

    def __init__(self, argument: str, problem: str, row: int | None = None) -> None:
        self.argument = argument
        self.row = row
        self.problem = problem
        where = argument if row is None else f"{argument} row {row}"
        super().__init__(f"{where}: {problem}")


class ArgumentError(PmoError):
    """An Excel function was called with bad arguments: ``PMO_PERT: optimistic row 3: …``."""

    def __init__(self, function: str, message: str) -> None:
        self.function = function
        super().__init__(f"{function}: {message}")
