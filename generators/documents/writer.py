"""Writing charters and plans: load the template → compute → lay out → render → write atomically.

Each stage is a function you can test alone: :func:`render_charter` and :func:`render_plan` take
figures already computed (tests hand them figures built in code); :func:`write_charters` and
:func:`write_plan` compute them with :mod:`pmokit.generators.analysis` and write the files.
"""

from __future__ import annotations

from dataclasses import replace

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pmokit.templates
from pmokit.generators import analysis
from pmokit.generators.analysis import ProjectFigures, ResourceDemand
from pmokit.generators.documents import formatting as fmt
from pmokit.generators.documents.contents import fill_contents
from pmokit.generators.documents.context import (CHARTER_FIELDS, CHARTER_REQUIRED, PLAN_FIELDS, PLAN_REQUIRED,
                                          charter_context, plan_context)
from pmokit.generators.documents.filenames import document_paths
from pmokit.generators.documents.gantt import WIDTH_CM, gantt_png
from pmokit.generators.documents.options import DocumentOptions
from pmokit.generators.documents.phasing import loading_rows, monthly_budget
from pmokit.generators.documents.rendering import RenderedDocument, check_fields, open_template, render
from pmokit.generators.selection import project_ids as project_ids_of
from pmokit.workbooks.errors import OutputError, Problem
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.output import check_package, refuse_existing, write_atomically
from pmokit.workbooks.text import clean_portfolio

OnStep = Callable[[int, int, str], None]


def write_charters(portfolio: Portfolio, project_ids: list[str] | None, out_dir: str | Path,
                   options: DocumentOptions | None = None, on_step: OnStep | None = None, *,
                   replace: bool = True) -> list[Path]:
    """Write one project charter per project (``None``: every project) into ``out_dir``.

    Every file name is worked out first, distinct for every project
    (:func:`~pmokit.generators.documents.filenames.document_paths`); with ``replace`` false,
    existing files are refused, all of them named, before anything is written.
    """
    portfolio = clean_portfolio(portfolio)
    options = _with_currency(options or DocumentOptions(), portfolio)
    ids = project_ids_of(portfolio, project_ids)
    template = _template(options, "charter.docx")
    check_fields(open_template(template), template, set(CHARTER_FIELDS), CHARTER_REQUIRED)
    as_of = options.as_of or analysis.reporting_date(portfolio)
    targets = _targets(portfolio, ids, out_dir, "Charter", replace)
    written = []
    for done, (project_id, target) in enumerate(zip(ids, targets)):
        _step(on_step, done, len(ids), project_id)
        figures = _figures(portfolio, project_id, options, as_of)
        document = render_charter(portfolio, figures, options, as_of, template)
        written.append(write_atomically(target, document.save, replace=replace, check=check_package))
    _step(on_step, len(ids), len(ids), "done")
    return written


def write_plan(portfolio: Portfolio, project_id: str, out_dir: str | Path,
               options: DocumentOptions | None = None, on_step: OnStep | None = None, *,
               replace: bool = True) -> Path:
    """Write the project management plan of one project into ``out_dir`` (an existing file is
    refused when ``replace`` is false)."""
    portfolio = clean_portfolio(portfolio)
    options = _with_currency(options or DocumentOptions(), portfolio)
    (project_id,) = project_ids_of(portfolio, [project_id])
    template = _template(options, "plan.docx")
    check_fields(open_template(template), template, set(PLAN_FIELDS), PLAN_REQUIRED)
    as_of = options.as_of or analysis.reporting_date(portfolio)
    _step(on_step, 0, 4, "schedule and Monte Carlo")
    figures = _figures(portfolio, project_id, options, as_of)
    _step(on_step, 1, 4, "resource loading")
    demand = (analysis.resource_demand(portfolio.select([project_id])), analysis.resource_demand(portfolio))
    _step(on_step, 2, 4, "governance checks")
    problems = governance_findings(portfolio, project_id, as_of)
    _step(on_step, 3, 4, "writing")
    document = render_plan(portfolio, figures, demand, problems, options, as_of, template)
    (target,) = _targets(portfolio, [project_id], out_dir, "Plan", replace)
    path = write_atomically(target, document.save, replace=replace, check=check_package)
    _step(on_step, 4, 4, "done")
    return path


def render_charter(portfolio: Portfolio, figures: ProjectFigures, options: DocumentOptions,
                   as_of: dt.date, template: Path) -> RenderedDocument:
    """The charter of one project, rendered from ``template`` (not yet saved)."""
    document = render(open_template(template), template, charter_context(portfolio, figures, options, as_of))
    _properties(document, "Project charter", figures, options)
    return document


def render_plan(portfolio: Portfolio, figures: ProjectFigures, demand: tuple[ResourceDemand, ResourceDemand],
                problems: list[Problem], options: DocumentOptions, as_of: dt.date,
                template: Path) -> RenderedDocument:
    """The project management plan of one project, rendered from ``template`` (not yet saved);
    ``demand`` is the project's and the whole portfolio's resource demand."""
    tpl = open_template(template)
    png, caption = gantt_png(figures.tasks, options.gantt_rows, as_of)
    loading, loading_note = loading_rows(*demand)
    context = plan_context(
        portfolio, figures, options, as_of, loading=loading, loading_note=loading_note,
        budget_months=monthly_budget(portfolio, figures, options.currency),
        governance=[{"where": p.where, "rule": fmt.clean(p.rule), "message": fmt.clean(p.message)}
                    for p in problems],
        gantt_caption=caption)
    document = render(tpl, template, context, images={"gantt": (png, WIDTH_CM)})
    _properties(document, "Project management plan", figures, options)
    return document


def governance_findings(portfolio: Portfolio, project_id: str, as_of: dt.date) -> list[Problem]:
    """The PMO governance checks' findings about one project, judged as of ``as_of``."""
    from pmokit.workbooks.validate import ValidateOptions, governance

    found = governance(portfolio.select([project_id]), ValidateOptions(as_of=as_of))
    return [p for p in found if p.project_id == project_id]


def _figures(portfolio: Portfolio, project_id: str, options: DocumentOptions, as_of: dt.date) -> ProjectFigures:
    return analysis.project_figures(portfolio, project_id, as_of, seed=options.seed, iterations=options.iterations)


def _targets(portfolio: Portfolio, ids: list[str], out_dir: str | Path, kind: str, replace: bool) -> list[Path]:
    """The documents' paths, distinct; with ``replace`` false, an OutputError naming every one
    that exists already (before anything is written)."""
    targets = document_paths(out_dir, [(i, portfolio.project(i).name) for i in ids], kind)
    if not replace:
        refuse_existing(targets, Path(out_dir))
    return targets


def _with_currency(options: DocumentOptions, portfolio: Portfolio) -> DocumentOptions:
    """The options, with the workbook's currency code where the caller named none."""
    if options.currency or not portfolio.currency:
        return options
    return replace(options, currency=portfolio.currency)


def _template(options: DocumentOptions, default: str) -> Path:
    return Path(options.template).expanduser() if options.template else pmokit.templates.path(default)


def _properties(document: RenderedDocument, kind: str, figures: ProjectFigures, options: DocumentOptions) -> None:
    fill_contents(document.docx)
    props = document.docx.core_properties
    props.title = fmt.property_text(f"{kind}: {figures.project.project_id} {figures.project.name}")
    props.subject = kind
    props.version = fmt.property_text(options.version)
    props.author = fmt.property_text(figures.project.project_manager) or "pmokit"


def _step(on_step: OnStep | None, done: int, total: int, what: str) -> None:
    if on_step is not None:
        on_step(done, total, what)
