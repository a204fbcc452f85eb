"""The ``pmokit`` command: the one place that catches pmokit's errors and shows them.

Each subcommand is a few lines: parse options, load the workbook, call one generator, print the
path written. Generators and the loader are imported inside the commands so ``pmokit --help``
stays fast.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pmokit.addin.errors import PmoError
from pmokit.generators.cli_plans import register as register_plans
from pmokit.workbooks.model import Portfolio

app = typer.Typer(
    name="pmokit",
    help="Steering-committee decks, project plans and charters from the PMO workbook.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
addin_app = typer.Typer(help="Install or remove the pmokit Excel add-in.", no_args_is_help=True)
app.add_typer(addin_app, name="addin")
register_plans(app)  # pmokit import / pmokit export (generators/cli_plans.py)

out = Console()
err = Console(stderr=True)

OnStep = Callable[[int, int, str], None]

WorkbookArg = Annotated[
    Optional[Path],
    typer.Argument(help="The PMO workbook (.xlsx / .xlsm). Default: the bundled sample portfolio.", show_default=False),
]
TemplateOpt = Annotated[Optional[Path], typer.Option("--template", help="Your PMO's own template instead of the default.")]


def _workbook(path: Path | None) -> Path:
    if path is not None:
        return path
    from pmokit.workbooks import sample_path

    return sample_path()


def _load(path: Path | None) -> Portfolio:
    from pmokit.workbooks.loader import load_portfolio

    return load_portfolio(_workbook(path))


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date like 2026-11-30", param_hint=option) from None


def _wrote(path: Path) -> None:
    out.print(f"Wrote {path}", soft_wrap=True, highlight=False)


@contextmanager
def _progress(label: str) -> Iterator[OnStep]:
    """A progress bar on stderr; yields the ``on_step(done, total, what)`` callback generators call."""
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.fields[what]}"),
        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None, what="")

        def on_step(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, what=what)

        yield on_step


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="Where to write the blank standard workbook (.xlsx).")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write a blank standard PMO workbook: every table, dropdown and RAG format, no data."""
    from pmokit.workbooks.blank import write_blank_workbook

    if path.exists() and not force:
        err.print(f"[red]Error:[/red] {path} exists; use --force to replace it", highlight=False)
        raise typer.Exit(1)
    if path.suffix.lower() != ".xlsx":  # a macro-free workbook named .xlsm would not open in Excel
        raise typer.BadParameter(f"'{path}' must end in .xlsx", param_hint="PATH")
    written = write_blank_workbook(path)
    _wrote(written)


@app.command()
def validate(
    workbook: WorkbookArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON for other programs.")] = False,
    stale_days: Annotated[int, typer.Option(help="Warn when a project's last status is older than this many days.")] = 35,
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
        out.print_json(json.dumps([
            {"severity": p.severity, "sheet": p.sheet, "cell": p.cell, "project": p.project_id,
             "rule": p.rule, "message": p.message} for p in problems
        ]))
    elif problems:
        table = Table("", "Where", "Project", "Problem", title=f"{path.name}: {len(errors)} error(s), "
                      f"{len(problems) - len(errors)} warning(s)", title_justify="left")
        for p in problems:
            mark = "[red]error[/red]" if p.severity == "error" else "[yellow]warning[/yellow]"
            table.add_row(mark, p.where, p.project_id, p.message)
        out.print(table)
    else:
        out.print(f"{path.name}: no problems found")
    raise typer.Exit(1 if errors else 0)


@app.command()
def deck(
    workbook: WorkbookArg = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="The deck to write (.pptx).")] = None,
    template: TemplateOpt = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Reporting date (YYYY-MM-DD). Default: the latest status date.")] = None,
    group: Annotated[Optional[str], typer.Option(help="Only the projects of this project group.")] = None,
    projects: Annotated[Optional[str], typer.Option(help="Only these project IDs, comma-separated, in this order.")] = None,
) -> None:
    """Write the steering-committee deck: native, editable PowerPoint charts and tables."""
    from pmokit.generators.deck import DeckOptions, write_deck

    portfolio = _load(workbook)
    options = DeckOptions(
        template=template, as_of=_date(as_of, "--as-of"), group=group,
        project_ids=[p.strip() for p in projects.split(",") if p.strip()] if projects else None,
    )
    target = output or Path("steering-deck.pptx")
    with _progress("Steering deck") as on_step:
        written = write_deck(portfolio, target, options, on_step=on_step)
    _wrote(written)


@app.command()
def charter(
    workbook: WorkbookArg = None,
    project: Annotated[Optional[str], typer.Option("--project", help="The project ID.")] = None,
    all_projects: Annotated[bool, typer.Option("--all", help="One charter per project.")] = False,
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")] = Path("."),
    template: TemplateOpt = None,
) -> None:
    """Write standardised project charters in Word (one project, or --all)."""
    from pmokit.generators.documents import DocumentOptions, write_charters

    if bool(project) == all_projects:
        raise typer.BadParameter("give either --project ID or --all", param_hint="--project / --all")
    portfolio = _load(workbook)
    with _progress("Charters") as on_step:
        written = write_charters(portfolio, None if all_projects else [project or ""], output,
                                 DocumentOptions(template=template), on_step=on_step)
    for path in written:
        _wrote(path)


@app.command()
def plan(
    workbook: WorkbookArg = None,
    project: Annotated[str, typer.Option("--project", help="The project ID.")] = ...,  # type: ignore[assignment]
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")] = Path("."),
    template: TemplateOpt = None,
) -> None:
    """Write a project management plan in Word for one project."""
    from pmokit.generators.documents import DocumentOptions, write_plan

    portfolio = _load(workbook)
    with _progress("Project plan") as on_step:
        written = write_plan(portfolio, project, output, DocumentOptions(template=template), on_step=on_step)
    _wrote(written)


@app.command()
def demo(
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")] = Path("pmokit-demo"),
) -> None:
    """Run everything on the bundled sample portfolio: validate, deck, charters and a plan."""
    from pmokit.generators.demo import run_demo

    for path in run_demo(output, echo=out.print):
        _wrote(path)


@app.command()
def lite(
    workbook: WorkbookArg = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")] = Path("pmokit-lite"),
    wheel_url: Annotated[Optional[str], typer.Option("--wheel-url", help="Where you will serve the wheel (the server must allow CORS). Default: main.py carries it.")] = None,
) -> None:
    """Prepare the PMO_* functions for xlwings Lite: Excel on the web and Mac, no Python installed."""
    from pmokit.generators.lite import LiteOptions, write_lite

    for path in write_lite(output, _workbook(workbook), LiteOptions(wheel_url=wheel_url)):
        _wrote(path)


@addin_app.command("install")
def addin_install() -> None:
    """Install pmokit.xlam for this user where Excel lives and write its settings."""
    from pmokit.generators.addin_install import install

    out.print(install())


@addin_app.command("remove")
def addin_remove() -> None:
    """Remove pmokit.xlam from this user's Excel add-ins."""
    from pmokit.generators.addin_install import remove

    out.print(remove())


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command, show pmokit's errors as one readable message, never a traceback."""
    try:
        code = app(args=argv, standalone_mode=False)
        if isinstance(code, int) and code:  # without standalone mode click returns typer.Exit's code
            sys.exit(code)
    except PmoError as exc:
        err.print(f"[red]Error:[/red] {escape(str(exc))}", highlight=False)  # a message may hold [brackets]
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("Interrupted; nothing was written.")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort,):
        sys.exit(1)
    except Exception as exc:
        # Usage errors (typer ≥ 0.25 raises its own copy of click's exceptions, not click's).
        show = getattr(exc, "show", None)
        if isinstance(exc, typer.TyperException) and callable(show):
            show()
            sys.exit(int(getattr(exc, "exit_code", 2)))
        log = _log_bug()
        err.print(f"[red]pmokit hit an internal error:[/red] {type(exc).__name__}: {exc}\n"
                  f"Nothing was written. The details are in {log}; please send that file to the PMO "
                  "tools team.", highlight=False, soft_wrap=True)
        sys.exit(3)


def _log_bug() -> Path:
    """Append the current exception's traceback to pmokit's log in the temp folder; its path."""
    import tempfile
    import traceback

    log = Path(tempfile.gettempdir()) / "pmokit-error.log"
    with log.open("a", encoding="utf-8") as f:
        f.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} pmokit {' '.join(sys.argv[1:])}\n")
        f.write(traceback.format_exc())
    return log


if __name__ == "__main__":
    main()
