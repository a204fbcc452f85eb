"""The PMO ribbon's buttons: what runs in Python when an analyst clicks one in Excel.

Each button of ``pmokit.xlam`` calls one function here through xlwings' ``RunPython`` (see
``addin/vba/RibbonPmo.bas``): :func:`steering_deck`, :func:`charter`, :func:`project_plan` and
:func:`validate`. Each reads the workbook the button was clicked in *as it is on screen*
(``portfolio_from_book``: unsaved edits included), writes its file beside the workbook and tells
the user where in a message box — or shows a short readable error. Nothing here ever raises: an
exception leaving these functions would reach xlwings, which shows a traceback dialog.

Output goes into the workbook's own folder (the PMO keeps the deck with its data; the file name
starts with the workbook's name). A workbook never saved has no folder: the user is asked to
save it first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pmokit.addin.errors import PmoError
from pmokit.generators.buglog import append, log_folder
from pmokit.workbooks.errors import Problem, WorkbookError
from pmokit.workbooks.model import Portfolio

TITLE = "pmokit"
MAX_LINES = 8
LOG = log_folder() / "pmokit-excel.log"  # per user, opened safely: see pmokit.generators.buglog

Action = Callable[[Any], tuple[str, Path]]


def steering_deck(book: Any = None) -> Path | None:
    """Write the steering-committee deck for this workbook, unsaved edits included.

    ``book`` is the calling xlwings ``Book`` (default: ``xlwings.Book.caller()``). The deck is
    ``<workbook name>-steering-deck.pptx`` beside the workbook. Returns its path, or None after
    showing the error.
    """
    return _run(book, "Steering deck", _deck)


def charter(book: Any = None) -> Path | None:
    """Write the charter of the project whose row (or project ID) is selected.

    Select any cell in a project's row of Projects (or of Tasks, Risks, Charter…), or a cell
    holding a project ID, then click Charter. Returns the charter's path, or None.
    """
    return _run(book, "Charter", _charter)


def project_plan(book: Any = None) -> Path | None:
    """Write the project management plan of the project whose row (or project ID) is selected."""
    return _run(book, "Project plan", _plan)


def validate(book: Any = None) -> Path | None:
    """Check this workbook as it is on screen: errors with their cell, then the PMO's warnings.

    The full list goes to ``<workbook name>-validation.txt`` beside the workbook; the message box
    shows the counts and the first few. Returns the report's path, or None.
    """
    return _run(book, "Validate workbook", _validate)


# -- the actions -------------------------------------------------------------------------------


def _deck(book: Any) -> tuple[str, Path]:
    folder, stem = _beside(book)
    portfolio = _portfolio(book)
    from pmokit.generators.deck import DeckOptions, write_deck

    written = write_deck(portfolio, folder / f"{stem}-steering-deck.pptx", DeckOptions())
    return f"Wrote the steering deck:\n{written}", Path(written)


def _charter(book: Any) -> tuple[str, Path]:
    folder, _ = _beside(book)
    portfolio = _portfolio(book)
    project_id = selected_project(book, portfolio)
    from pmokit.generators.documents import DocumentOptions, write_charters

    [written] = write_charters(portfolio, [project_id], folder, DocumentOptions())
    return f"Wrote the charter of {project_id}:\n{written}", Path(written)


def _plan(book: Any) -> tuple[str, Path]:
    folder, _ = _beside(book)
    portfolio = _portfolio(book)
    project_id = selected_project(book, portfolio)
    from pmokit.generators.documents import DocumentOptions, write_plan

    written = write_plan(portfolio, project_id, folder, DocumentOptions())
    return f"Wrote the project plan of {project_id}:\n{written}", Path(written)


def _validate(book: Any) -> tuple[str, Path]:
    from pmokit.workbooks.output import write_atomically

    folder, stem = _beside(book)
    try:
        portfolio = _portfolio(book)
    except WorkbookError as exc:
        problems = list(exc.problems)
    else:
        from pmokit.workbooks.validate import warnings

        problems = warnings(portfolio)  # the governance rules and the schedule health checks
    errors = sum(p.severity == "error" for p in problems)
    report = folder / f"{stem}-validation.txt"
    text = validation_report(book_name(book), problems)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    written = write_atomically(report, write)
    if not problems:
        return f"{book_name(book)}: no problems found.\nReport: {written}", written
    head = f"{book_name(book)}: {errors} error(s), {len(problems) - errors} warning(s)."
    return f"{head}\n{_first_lines(problems)}\nFull list: {written}", written


# -- helpers ------------------------------------------------------------------------------------


def book_name(book: Any) -> str:
    """The workbook's file name as Excel shows it."""
    return Path(str(book.fullname)).name or str(book.fullname)


def _beside(book: Any) -> tuple[Path, str]:
    """The folder to write into (the workbook's) and the stem of the workbook's name."""
    fullname = str(book.fullname)
    if "://" in fullname:
        raise PmoError(f"{fullname} is opened from the web (OneDrive / SharePoint): pmokit writes beside the "
                       "workbook, so open the copy synced to this computer and click again")
    path = Path(fullname)
    if not path.is_absolute() or not path.parent.is_dir():
        raise PmoError(f"save {path.name} first: pmokit writes its files beside the workbook")
    return path.parent, path.stem


def _portfolio(book: Any) -> Portfolio:
    from pmokit.workbooks.loader import portfolio_from_book

    return portfolio_from_book(book)


SHEET_RECORDS = {
    "Projects": "projects", "Tasks": "tasks", "Status": "status", "Milestones": "milestones",
    "Risks": "risks", "Decisions": "decisions", "Charter": "charters", "Throughput": "throughput",
}


def selected_project(book: Any, portfolio: Portfolio) -> str:
    """The project ID of the user's selection: the project of the record on the selected row
    (Projects, Tasks, Risks, …), else the selected cell's own value if it is a project ID."""
    selection = book.selection
    sheet, row = str(selection.sheet.name), int(selection.row)
    for record in getattr(portfolio, SHEET_RECORDS.get(sheet, ""), ()):
        if record.row == row:
            return str(record.project_id)
    value = selection.value
    while isinstance(value, list):  # a multi-cell selection: its first cell
        value = value[0] if value else None
    ids = [p.project_id for p in portfolio.projects]
    if value is not None and str(value).strip() in ids:
        return str(value).strip()
    where = f"{sheet}!{str(selection.address).replace('$', '')}"
    raise PmoError(f"{where} is not in a project's row: select a cell in a row of Projects "
                   "(or a cell holding a project ID) and click again")


def validation_report(name: str, problems: Iterable[Problem]) -> str:
    """The validation report as text: one line per problem, errors first."""
    problems = sorted(problems, key=lambda p: p.severity != "error")
    lines = [f"pmokit validation of {name}, {dt.datetime.now():%Y-%m-%d %H:%M}", ""]
    lines += [f"{p.severity:<8}{p.where:<22}{p.project_id:<12}{p.message}" for p in problems]
    if len(lines) == 2:
        lines.append("No problems found.")
    return "\n".join(lines) + "\n"


def _first_lines(problems: list[Problem]) -> str:
    ordered = sorted(problems, key=lambda p: p.severity != "error")
    shown = [f"• {p}" for p in ordered[:MAX_LINES]]
    if len(ordered) > MAX_LINES:
        shown.append(f"… and {len(ordered) - MAX_LINES} more")
    return "\n".join(shown)


def short_message(exc: PmoError) -> str:
    """A pmokit error as the message box shows it: the first lines, then how many more."""
    lines = str(exc).splitlines()
    if len(lines) <= MAX_LINES + 1:
        return "\n".join(lines)
    return "\n".join(lines[:MAX_LINES + 1] + [f"… and {len(lines) - MAX_LINES - 1} more lines; click Validate workbook"])


def _run(book: Any, title: str, action: Action) -> Path | None:
    """Run one button's action: status bar while it works, then a message box — never a traceback."""
    app = None
    try:
        if book is None:
            import xlwings

            book = xlwings.Book.caller()
        app = book.app
        _status(app, f"pmokit: {title}…")
        message, path = action(book)
    except PmoError as exc:
        _tell(app, short_message(exc), f"{TITLE}: {title}", error=True)
        return None
    except Exception as exc:  # noqa: BLE001 - the edge: a bug must still not become a traceback dialog
        log = _log(title)
        what = f"{type(exc).__name__}: {exc}" if str(exc).strip() else type(exc).__name__
        where = f"Details were written to {log}" if log else "The details could not be saved to a log file."
        _tell(app, f"{title} failed: {what}\n{where}", f"{TITLE}: {title}", error=True)
        return None
    finally:
        _status(app, False)  # False hands the status bar back to Excel (xlwings passes it to StatusBar)
    _tell(app, message, f"{TITLE}: {title}")
    return path


def _status(app: Any, text: str | bool) -> None:
    if app is None:
        return
    try:
        app.status_bar = text
    except Exception:  # noqa: BLE001 - a status bar is a nicety; never fail the action for it
        pass


def _tell(app: Any, message: str, title: str, error: bool = False) -> None:
    if app is None:  # xlwings could not even find the calling book: the log is all there is
        _log(message, details=False)
        return
    try:
        app.alert(message, title=title, mode="critical" if error else "info")
    except Exception:  # noqa: BLE001 - no message box (an old Excel for Mac): the status bar, then the log
        _status(app, message.splitlines()[0])
        _log(message, details=False)


def _log(what: str, details: bool = True) -> Path | None:
    """Append to the user's pmokit log: what happened and, for a bug, its traceback (None when
    the log could not be written; never raises)."""
    return append(LOG, what, details)
