"""``pmokit import`` and ``pmokit export``: plans and agile data in and out of the workbook.

``pmokit import PLAN --into WORKBOOK`` brings a Microsoft Project plan in as one project's rows;
``pmokit import jira CSV --into WORKBOOK --project ID`` (or ``azure-devops``) an agile team's
finished items per period. ``pmokit export msproject WORKBOOK --project ID -o PLAN.xml`` writes a
project out for Microsoft Project. Errors are pmokit's own and :func:`pmokit.generators.cli.main`
shows them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from pmokit.generators import console
from pmokit.generators.cli_common import ForceOpt, typer_app

if TYPE_CHECKING:
    from pmokit.workbooks.agile_import import AgileOptions

AGILE_TOOLS = ("jira", "azure-devops", "azure", "ado")
SHOWN_NOTES = 40
SHOWN_ROWS = 8


def register(app: typer.Typer) -> None:
    """Add the import command and the export group to the ``pmokit`` command."""
    app.command("import")(import_command)
    export_app = typer_app(help="Write a project out for another tool.", no_args_is_help=True)
    export_app.command("msproject")(export_msproject_command)
    app.add_typer(export_app, name="export")


def import_command(
    source: Annotated[str, typer.Argument(
        help="A Microsoft Project plan (.xml saved as XML; .mpp with pmokit[mpp]), or 'jira' / 'azure-devops' "
             "followed by the CSV export.", show_default=False)],
    csv_file: Annotated[Optional[Path], typer.Argument(help="The CSV export, after 'jira' or 'azure-devops'.",
                                                       show_default=False)] = None,
    into: Annotated[Path, typer.Option("--into", help="The PMO workbook to update (.xlsx / .xlsm).")] = ...,  # type: ignore[assignment]
    project: Annotated[Optional[str], typer.Option(
        "--project", help="The project ID. A plan's default: the workbook's project of the same name, else one "
                          "made from the file name.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added, changed and removed; "
                                                            "write nothing.")] = False,
    date_column: Annotated[Optional[str], typer.Option(help="CSV: the column with the date an item was done.")] = None,
    status_column: Annotated[Optional[str], typer.Option(help="CSV: the column with the item's status.")] = None,
    done_status: Annotated[Optional[str], typer.Option(help="CSV: statuses that mean done, comma-separated.")] = None,
    created_column: Annotated[Optional[str], typer.Option(help="CSV: the column with the date an item was "
                                                               "created (for the backlog).")] = None,
    period_days: Annotated[int, typer.Option(help="CSV: days in a period.", min=1, max=366)] = 7,
    period_end: Annotated[Optional[str], typer.Option(help="CSV: the last period's end (YYYY-MM-DD). Default: "
                                                           "the Friday of the last item's week.")] = None,
    date_format: Annotated[Optional[str], typer.Option(help="CSV: the dates' format, e.g. \"%d/%b/%y %I:%M "
                                                            "%p\". Default: found from the column.")] = None,
) -> None:
    """Bring a Microsoft Project plan, or a Jira / Azure DevOps CSV export, into the workbook.

    A plan becomes one project's rows (Projects, Tasks, Milestones, new Resources and holidays);
    importing it again replaces that project's rows only. The previous workbook is kept beside it
    as NAME.bak.xlsx; the plan is only read.
    """
    from pmokit.workbooks.importing import import_agile, import_plan

    if source.casefold() in AGILE_TOOLS:
        if csv_file is None:
            raise typer.BadParameter(f"give the CSV export after '{source}'", param_hint="CSV_FILE")
        if not project:
            raise typer.BadParameter("give the project the items belong to", param_hint="--project")
        options = _agile_options(source, date_column, status_column, done_status, created_column, period_days,
                                 period_end, date_format)
        result = import_agile(csv_file, into, project, options, dry_run=dry_run)
    else:
        if csv_file is not None:
            raise typer.BadParameter(f"'{csv_file}' is one file too many: give one plan, or "
                                     f"{' / '.join(AGILE_TOOLS[:2])} and a CSV", param_hint="SOURCE")
        result = import_plan(Path(source), into, project, dry_run=dry_run)
    _report(result, into, dry_run)


def _agile_options(tool: str, date_column: str | None, status_column: str | None, done_status: str | None,
                   created_column: str | None, period_days: int, period_end: str | None,
                   date_format: str | None) -> AgileOptions:
    from dataclasses import replace

    from pmokit.workbooks.agile_import import TOOLS

    options = TOOLS[tool.casefold()]
    end = None
    if period_end:
        try:
            end = dt.date.fromisoformat(period_end)
        except ValueError:
            raise typer.BadParameter(f"'{period_end}' is not a date like 2026-11-27", param_hint="--period-end") from None
    done = tuple(s.strip() for s in done_status.split(",") if s.strip()) if done_status else options.done
    return replace(options, date_column=date_column or options.date_column,
                   status_column=status_column or options.status_column, done=done,
                   created_column=created_column or options.created_column, period_days=period_days,
                   period_end=end, date_format=date_format or "")


def _report(result: object, workbook: Path, dry_run: bool) -> None:
    from pmokit.workbooks.importing import ImportResult

    assert isinstance(result, ImportResult)
    verb = "would do" if dry_run else "did"
    console.table(f"Project {result.project_id}: what the import {verb} to {workbook.name}",
                  ("Sheet", "Added", "Changed", "Removed"),
                  [(change.sheet, str(len(change.added)), str(len(change.changed)), str(len(change.removed)))
                   for change in result.changes])
    if dry_run:
        for change in result.changes:
            for words, rows in (("add", change.added), ("change", change.changed), ("remove", change.removed)):
                for row in rows[:SHOWN_ROWS]:
                    console.say(f"  {change.sheet}: {words} {row}")
                if len(rows) > SHOWN_ROWS:
                    console.say(f"  {change.sheet}: … and {len(rows) - SHOWN_ROWS} more to {words}")
    for note in result.notes[:SHOWN_NOTES]:
        console.notice(note)
    if len(result.notes) > SHOWN_NOTES:
        console.notice(f"… and {len(result.notes) - SHOWN_NOTES} more notes")
    if dry_run:
        console.say("Dry run: nothing was written.")
    else:
        console.say(f"Wrote {workbook} (the previous version is {result.backup})")


def export_msproject_command(
    workbook: Annotated[Path, typer.Argument(help="The PMO workbook (.xlsx / .xlsm).", show_default=False)],
    project: Annotated[str, typer.Option("--project", help="The project ID.")] = ...,  # type: ignore[assignment]
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="The plan to write (.xml). Default: "
                                                                          "PROJECT.xml.")] = None,
    force: ForceOpt = False,
) -> None:
    """Write one project as a Microsoft Project XML file (open it in Project with File → Open)."""
    from pmokit.generators.documents.filenames import id_token
    from pmokit.workbooks.loader import load_portfolio
    from pmokit.workbooks.mspdi_write import export_msproject

    portfolio = load_portfolio(workbook)
    target = output or Path(f"{id_token(project)}.xml")  # an ID such as ../x or CON names a safe file here
    written = export_msproject(portfolio, project, target, replace=force)
    console.say(f"Wrote {written}")
