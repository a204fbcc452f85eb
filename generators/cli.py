"""The ``pmokit`` command: the one place that catches pmokit's errors and shows them.

Each subcommand is a few lines: parse options, load the workbook, call one generator, print the
path written. Generators and the loader are imported inside the commands so ``pmokit --help``
stays fast. Everything printed goes through :mod:`pmokit.generators.console` (plain text, never
markup). No command replaces an existing file without ``--force``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated, Any, Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from pmokit.addin.errors import PmoError
from pmokit.generators import console
from pmokit.generators.cli_common import ForceOpt, typer_app
from pmokit.generators.cli_plans import register as register_plans
from pmokit.workbooks.model import Portfolio

app = typer_app(
    name="pmokit",
    help="Steering-committee decks, project plans and charters from the PMO workbook.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
addin_app = typer_app(help="Install or remove the pmokit Excel add-in.", no_args_is_help=True)
app.add_typer(addin_app, name="addin")
register_plans(app)  # pmokit import / pmokit export (generators/cli_plans.py)

OnStep = Callable[[int, int, str], None]
INTERRUPTED = 130  # the shell's code for a run ended by SIGINT (128 + 2); SIGTERM ends the same way here
DEFAULT_DECK = Path("steering-deck.pptx")

WorkbookArg = Annotated[
    Optional[Path],
    typer.Argument(help="The PMO workbook (.xlsx / .xlsm). Left out: the bundled sample portfolio "
                        "(the command says so).", show_default=False),
]
TemplateOpt = Annotated[Optional[Path], typer.Option("--template", help="Your PMO's own template instead of the default.")]
FolderOpt = Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            console.say(f"pmokit {version('pmokit')}")
        except PackageNotFoundError:
            console.say("pmokit (not installed)")
        raise typer.Exit(0)


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", help="Show pmokit's version and exit.",
                                               callback=_version, is_eager=True)] = False,
) -> None:
    """Steering-committee decks, project plans and charters from the PMO workbook."""


def _workbook(path: Path | None) -> Path:
    if path is not None:
        return path
    from pmokit.workbooks import sample_path

    sample = sample_path()
    console.note(f"No workbook given: using the bundled sample portfolio {sample}")
    return sample


def _load(path: Path | None) -> Portfolio:
    """The workbook read, or a WorkbookError naming the file; reading warnings go to stderr."""
    from pmokit.workbooks.errors import WorkbookError
    from pmokit.workbooks.loader import read_portfolio

    source = _workbook(path)
    portfolio, problems = read_portfolio(source)
    if portfolio is None:
        raise WorkbookError([p for p in problems if p.severity == "error"], source=str(source))
    for p in problems:
        console.warning(f"{source.name}: {p}")
    return portfolio


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date like 2026-11-30", param_hint=option) from None
    from pmokit.workbooks.schema import FIRST_DATE, LAST_DATE

    if not FIRST_DATE <= day <= LAST_DATE:
        raise typer.BadParameter(f"{text} is outside {FIRST_DATE.year}–{LAST_DATE.year}", param_hint=option)
    return day


def _wrote(path: Path) -> None:
    console.say(f"Wrote {path}")


@contextmanager
def _progress(label: str) -> Iterator[OnStep]:
    """A progress bar on stderr; yields the ``on_step(done, total, what)`` callback generators call."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[what]}", markup=False),
        TimeElapsedColumn(), console=console.err, transient=True, disable=not console.err.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None, what="")

        def on_step(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, what=what)

        yield on_step


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="Where to write the blank standard workbook (.xlsx).")],
    force: ForceOpt = False,
) -> None:
    """Write a blank standard PMO workbook: every table, dropdown and RAG format, no data."""
    from pmokit.workbooks.blank import write_blank_workbook

    if path.suffix.lower() != ".xlsx":  # a macro-free workbook named .xlsm would not open in Excel
        raise typer.BadParameter(f"'{path}' must end in .xlsx", param_hint="PATH")
    _wrote(write_blank_workbook(path, replace=force))


@app.command()
def validate(
    workbook: WorkbookArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON for other programs.")] = False,
    stale_days: Annotated[int, typer.Option(min=0, help="Warn when a project's last status is older than this many days.")] = 35,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Check as of this date (YYYY-MM-DD). Default: today.")] = None,
) -> None:
    """Check a workbook: every error with its sheet and cell, then the PMO's governance warnings.

    Exit status 1 when there are errors, 0 otherwise (warnings alone do not fail).
    """
    from pmokit.workbooks.validate import ValidateOptions, validate_workbook

    path = _workbook(workbook)
    problems = validate_workbook(path, ValidateOptions(stale_days=stale_days, as_of=_date(as_of, "--as-of")))
    errors = [p for p in problems if p.severity == "error"]
    if as_json:
        console.say(json.dumps([
            {"severity": p.severity, "sheet": p.sheet, "cell": p.cell, "project": p.project_id,
             "rule": p.rule, "message": p.message} for p in problems
        ], indent=2, ensure_ascii=False))
    elif problems:
        console.problems(f"{path.name}: {len(errors)} error(s), {len(problems) - len(errors)} warning(s)", problems)
    else:
        console.say(f"{path.name}: no problems found")
    raise typer.Exit(1 if errors else 0)


@app.command()
def deck(
    workbook: WorkbookArg = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="The deck to write (.pptx).")] = DEFAULT_DECK,
    template: TemplateOpt = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Reporting date (YYYY-MM-DD). Default: the latest status date.")] = None,
    group: Annotated[Optional[str], typer.Option(help="Only the projects of this project group.")] = None,
    projects: Annotated[Optional[str], typer.Option(help="Only these project IDs, comma-separated, in this order.")] = None,
    title: Annotated[Optional[str], typer.Option(help="The portfolio's name on the title slide. Default: the "
                                                      "projects' group if they share one, else the workbook's file name.")] = None,
    force: ForceOpt = False,
) -> None:
    """Write the steering-committee deck: native, editable PowerPoint charts and tables."""
    from pmokit.generators.deck import DeckOptions, write_deck

    ids = None
    if projects is not None:
        ids = [p.strip() for p in projects.split(",") if p.strip()]
        if not ids:
            raise typer.BadParameter("lists no project ID", param_hint="--projects")
    portfolio = _load(workbook)
    options = DeckOptions(template=template, as_of=_date(as_of, "--as-of"), group=group, project_ids=ids,
                          title=title)
    with _progress("Steering deck") as on_step:
        written = write_deck(portfolio, output, options, on_step=on_step, replace=force)
    _wrote(written)


@app.command()
def charter(
    workbook: WorkbookArg = None,
    project: Annotated[Optional[str], typer.Option("--project", help="The project ID (or use --all).")] = None,
    all_projects: Annotated[bool, typer.Option("--all", help="One charter per project (or use --project).")] = False,
    output: FolderOpt = Path("."),
    template: TemplateOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write standardised project charters in Word: one project (--project ID) or all (--all)."""
    from pmokit.generators.documents import DocumentOptions, write_charters

    if bool(project) == all_projects:
        raise typer.BadParameter("give either --project ID or --all, not both", param_hint="--project / --all")
    portfolio = _load(workbook)
    with _progress("Charters") as on_step:
        written = write_charters(portfolio, None if all_projects else [project or ""], output,
                                 DocumentOptions(template=template), on_step=on_step, replace=force)
    for path in written:
        _wrote(path)


@app.command()
def plan(
    workbook: WorkbookArg = None,
    project: Annotated[str, typer.Option("--project", help="The project ID.")] = ...,  # type: ignore[assignment]
    output: FolderOpt = Path("."),
    template: TemplateOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write a project management plan in Word for one project."""
    from pmokit.generators.documents import DocumentOptions, write_plan

    portfolio = _load(workbook)
    with _progress("Project plan") as on_step:
        written = write_plan(portfolio, project, output, DocumentOptions(template=template), on_step=on_step,
                             replace=force)
    _wrote(written)


@app.command()
def demo(
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")] = Path("pmokit-demo"),
    force: ForceOpt = False,
) -> None:
    """Run everything on the bundled sample portfolio: validate, deck, charters and a plan."""
    from pmokit.generators.demo import run_demo

    for path in run_demo(output, echo=console.say, replace=force):
        _wrote(path)


@app.command()
def lite(
    workbook: WorkbookArg = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")] = Path("pmokit-lite"),
    wheel_url: Annotated[Optional[str], typer.Option("--wheel-url", help="Where you will serve the wheel (the server must allow CORS). Default: main.py carries it.")] = None,
    force: ForceOpt = False,
) -> None:
    """Prepare the PMO_* functions for xlwings Lite: Excel on the web and Mac, no Python installed."""
    from pmokit.generators.lite import LiteOptions, write_lite

    for path in write_lite(output, _workbook(workbook), LiteOptions(wheel_url=wheel_url), replace=force):
        _wrote(path)


@addin_app.command("install")
def addin_install() -> None:
    """Install pmokit.xlam for this user where Excel lives and write its settings."""
    from pmokit.generators.addin_install import install

    console.say(install())


@addin_app.command("remove")
def addin_remove() -> None:
    """Remove pmokit.xlam from this user's Excel add-ins."""
    from pmokit.generators.addin_install import remove

    console.say(remove())


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command, show pmokit's errors as one readable message, never a traceback."""
    from pmokit.workbooks import output

    output.forget_written()
    with _sigterm_as_interrupt(), output.inputs_guarded():
        try:
            code = app(args=argv, prog_name="pmokit", standalone_mode=False)
            if code == INTERRUPTED:  # typer turns Ctrl-C into Exit(130), whose code it returns here
                _interrupted()
            if isinstance(code, int) and code:  # without standalone mode click returns typer.Exit's code
                sys.exit(code)
        except PmoError as exc:
            console.error(str(exc))
            _before_the_error("Written before the error")
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            _interrupted()
        except typer.Exit as exc:
            if _interrupt_behind(exc):  # typer turns Ctrl-C into Exit(130)
                _interrupted()
            sys.exit(exc.exit_code)
        except Exception as exc:
            if _interrupt_behind(exc):  # click turns it into Abort
                _interrupted()
            # Usage errors (typer ≥ 0.25 raises its own copy of click's exceptions, not click's).
            show = getattr(exc, "show", None)
            if isinstance(exc, typer.TyperException) and callable(show):
                show()
                sys.exit(int(getattr(exc, "exit_code", 2)))
            if type(exc).__name__ == "Abort":
                sys.exit(1)
            _internal_error(exc, argv if argv is not None else sys.argv[1:])


def _interrupt_behind(exc: BaseException) -> bool:
    return isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt)


def _interrupted() -> None:
    from pmokit.workbooks.output import written

    done = written()
    if done:
        console.error(f"written before that: {', '.join(map(str, done))}; nothing else was written.",
                      prefix="Interrupted; ")
    else:
        console.error("nothing was written.", prefix="Interrupted; ")
    sys.exit(INTERRUPTED)


def _before_the_error(words: str) -> None:
    from pmokit.workbooks.output import written

    for path in written():
        console.note(f"{words}: {path}")


def _internal_error(exc: Exception, argv: list[str]) -> None:
    from pmokit.generators.buglog import log_bug
    from pmokit.workbooks.output import written

    log = log_bug(argv)
    what = f"{type(exc).__name__}: {exc}" if str(exc).strip() else type(exc).__name__
    done = written()
    wrote = ("Written before the error: " + ", ".join(map(str, done)) + "; nothing else was written."
             if done else "Nothing was written.")
    where = (f"The details are in {log}; please send that file to the PMO tools team." if log else
             "The details could not be saved to a log file.")
    console.error(f"{what}\n{wrote} {where}", prefix="pmokit hit an internal error: ")
    sys.exit(3)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service stop, ``kill``) ends a run like Ctrl-C: temporary files are removed,
    an existing file is left as it was, and the message says what was written."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> Any:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    main()
