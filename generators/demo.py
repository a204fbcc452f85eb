"""``pmokit demo``: everything pmokit makes, from the bundled sample portfolio, into one folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pmokit.generators.deck import DeckOptions, write_deck
from pmokit.generators.documents import DocumentOptions, write_charters, write_plan
from pmokit.workbooks.loader import load_portfolio
from pmokit.workbooks.schedule_health import RULE as HEALTH_RULE
from pmokit.workbooks.validate import ValidateOptions, validate_workbook
from pmokit.workbooks import sample_path


def run_demo(folder: Path, echo: Callable[[str], None] = print) -> list[Path]:
    """Validate the sample, then write its deck, every charter, one plan per project with tasks
    and a blank standard workbook into ``folder``. Returns the paths written."""
    from pmokit.workbooks.blank import write_blank_workbook

    source = sample_path()
    problems = validate_workbook(source, ValidateOptions(as_of=None))
    errors = sum(p.severity == "error" for p in problems)
    health = sum(p.rule == HEALTH_RULE for p in problems)
    echo(f"{source.name}: {errors} error(s), {len(problems) - errors - health} governance warning(s), "
         f"{health} failing schedule health check(s)")
    portfolio = load_portfolio(source)
    written = [write_deck(portfolio, folder / "steering-deck.pptx", DeckOptions())]
    written += write_charters(portfolio, None, folder / "charters", DocumentOptions())
    for project in portfolio.projects:
        if portfolio.tasks_of(project.project_id):
            written.append(write_plan(portfolio, project.project_id, folder / "plans", DocumentOptions()))
    written.append(write_blank_workbook(folder / "blank-workbook.xlsx"))
    return written
