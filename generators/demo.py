"""``pmokit demo``: everything pmokit makes, from the bundled sample portfolio, into one folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pmokit.generators.deck import DeckOptions, write_deck
from pmokit.generators.documents import DocumentOptions, write_charters, write_plan
from pmokit.generators.documents.filenames import document_paths
from pmokit.workbooks.output import refuse_existing
from pmokit.workbooks.loader import load_portfolio
from pmokit.workbooks.schedule_health import RULE as HEALTH_RULE
from pmokit.workbooks.validate import ValidateOptions, validate_workbook
from pmokit.workbooks import sample_path


def run_demo(folder: Path, echo: Callable[[str], None] = print, *, replace: bool = True) -> list[Path]:
    """Validate the sample, then write its deck, every charter, one plan per project with tasks
    and a blank standard workbook into ``folder``. Returns the paths written. With ``replace``
    false, a file already there stops the demo before it writes anything."""
    from pmokit.workbooks.blank import write_blank_workbook

    source = sample_path()
    problems = validate_workbook(source, ValidateOptions(as_of=None))
    errors = sum(p.severity == "error" for p in problems)
    health = sum(p.rule == HEALTH_RULE for p in problems)
    echo(f"{source.name}: {errors} error(s), {len(problems) - errors - health} governance warning(s), "
         f"{health} failing schedule health check(s)")
    portfolio = load_portfolio(source)
    planned = [p.project_id for p in portfolio.projects if portfolio.tasks_of(p.project_id)]
    if not replace:
        refuse_existing([folder / "steering-deck.pptx", folder / "blank-workbook.xlsx",
                         *document_paths(folder / "charters", [(p.project_id, p.name) for p in portfolio.projects],
                                         "Charter"),
                         *document_paths(folder / "plans", [(i, portfolio.project(i).name) for i in planned], "Plan")],
                        folder)
    written = [write_deck(portfolio, folder / "steering-deck.pptx", DeckOptions(), replace=replace)]
    written += write_charters(portfolio, None, folder / "charters", DocumentOptions(), replace=replace)
    for project_id in planned:
        written.append(write_plan(portfolio, project_id, folder / "plans", DocumentOptions(), replace=replace))
    written.append(write_blank_workbook(folder / "blank-workbook.xlsx", replace=replace))
    return written
