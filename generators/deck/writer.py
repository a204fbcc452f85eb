"""The deck pipeline: check the template → select the projects → compute their figures →
lay out slides 1–10 → write atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pptx.presentation import Presentation as PresentationType

from pmokit.generators.analysis import ProjectFigures, Reserves, portfolio_reserves, project_figures, reporting_date
from pmokit.generators.deck import (decisions, financials, health, overview, partnames, project_page, resources,
                                    risks, roadmap)
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.options import DeckOptions
from pmokit.generators.deck.template import open_template
from pmokit.generators.selection import select
from pmokit.workbooks.errors import OutputError
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.output import check_package, write_atomically
from pmokit.workbooks.text import clean_portfolio

SLIDES: list[tuple[str, Callable[[Context], None]]] = [
    ("Title", overview.title_slide),
    ("Executive summary", overview.summary),
    ("Portfolio status", overview.status_table),
    ("Financials", financials.financials),
    ("Reserves", financials.reserves),
    ("Roadmap", roadmap.roadmap),
    ("Resources", resources.resources),
    ("Risks", risks.risks),
    ("Decisions", decisions.decisions),
    ("Project pages", project_page.project_pages),
    ("Governance appendix", decisions.governance_appendix),
    ("Schedule health appendix", health.health_appendix),
]


def write_deck(portfolio: Portfolio, path: str | Path, options: DeckOptions | None = None,
               on_step: Callable[[int, int, str], None] | None = None, *, replace: bool = True) -> Path:
    """Write the steering-committee deck for ``portfolio`` to ``path`` and return the path.

    The template is checked first (a :class:`~pmokit.generators.errors.TemplateError` names what it
    lacks, and nothing is written), and so is the selection (an unknown project ID or group, or no
    project at all, is a :class:`~pmokit.generators.selection.SelectionError`); the file appears
    whole or not at all, reopened before it takes its name, and an existing deck is replaced only
    once the new one is complete — never when ``replace`` is false. ``on_step(done, total, what)``
    reports progress.
    """
    options = options or DeckOptions()
    target = Path(path)
    if target.suffix.lower() != ".pptx":
        raise OutputError(target, "a deck must be a .pptx file")
    if not replace and target.exists():
        raise OutputError(target, "the file exists; use --force to replace it")
    selected = select(clean_portfolio(portfolio), options.project_ids, options.group)
    prs = open_template(options.template)
    total = len(selected.projects) + len(SLIDES) + 1
    step = on_step or (lambda done, of, what: None)
    figures = compute(selected, options, step, total)
    reserves = portfolio_reserves(selected, seed=options.seed, iterations=options.iterations)
    lay_out(prs, selected, figures, options, step, total, reserves=reserves)
    step(total - 1, total, "Writing")
    written = write_atomically(target, lambda tmp: prs.save(str(tmp)), replace=replace, check=check_package)
    step(total, total, "Done")
    return written


def compute(selected: Portfolio, options: DeckOptions, step: Callable[[int, int, str], None] | None = None,
            total: int = 0) -> list[ProjectFigures]:
    """The compute stage: every project's figures at the reporting date (analysis.project_figures,
    without the per-task detail only the plan shows)."""
    as_of = options.as_of or reporting_date(selected)
    figures = []
    for i, p in enumerate(selected.projects):
        if step:
            step(i, total, f"Figures for {p.project_id}")
        figures.append(project_figures(selected, p.project_id, as_of, seed=options.seed,
                                       iterations=options.iterations, detail=False))
    return figures


def lay_out(prs: PresentationType, selected: Portfolio, figures: list[ProjectFigures], options: DeckOptions,
            step: Callable[[int, int, str], None] | None = None, total: int = 0, *,
            reserves: Reserves | None = None) -> PresentationType:
    """The layout stage: slides 1–10 added to ``prs`` (an opened, checked template).
    ``reserves``: the portfolio's (simulated here when the compute stage did not)."""
    partnames.install(prs)
    if reserves is None:
        reserves = portfolio_reserves(selected, seed=options.seed, iterations=options.iterations)
    ctx = Context(prs, selected, figures, options.as_of or reporting_date(selected), options, reserves)
    for j, (what, build) in enumerate(SLIDES):
        if what == "Project pages" and not options.project_pages:
            continue
        if step:
            step(len(figures) + j, total, what)
        build(ctx)
    return prs
