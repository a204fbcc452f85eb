"""Appendix: schedule health — each project's DCMA 14-point checks at the reporting date, a row per
project and a column per check (the metric, on green when it passes, amber when it fails, grey when
the workbook lacks what the check needs); each failing check with its first tasks in the notes."""

from __future__ import annotations

from pmokit.generators.deck import rag, tables, text
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.overview import _table_box
from pmokit.generators.deck.tables import Cell
from pmokit.generators.deck.template import placeholder
from pmokit.workbooks.schedule_health import SHORT_NAMES, describe, failing_text, metric_text

SIZES = (11.0, 10.0, 9.0)


def health_appendix(ctx: Context) -> None:
    """One table of every project's 14 checks, split over follow-on slides like the others."""
    header = ["Project", "Passed"] + list(SHORT_NAMES)
    fractions = [3.6, 0.9] + [max(1.0, max(map(len, name.split())) / 7.5) for name in SHORT_NAMES]  # no word broken
    rows: list[list[Cell | str]] = []
    facts: dict[str, list[str]] = {}
    for f in ctx.figures:
        name = f"{f.project.project_id} {f.project.name}"
        result = f.health
        if result is None:
            fill, colour = rag.NONE
            blank: list[Cell | str] = [name, Cell("no tasks", fill, colour, False, "c")]
            rows.append(blank + [Cell("–", fill, colour, False, "c") for _ in SHORT_NAMES])
            continue
        row: list[Cell | str] = [name, Cell(f"{result.passed} of {result.assessed}", align="c")]
        for check in result.checks:
            word = "" if check.passed is None else "Green" if check.passed else "Amber"
            fill, colour = rag.colours(word)
            shown = "n/a" if check.passed is None else ("OK" if check.passed else "Fail") \
                if check.number == 12 else metric_text(check).split(" ")[0]
            row.append(Cell(shown, fill, colour, check.passed is False, "c"))
        rows.append(row)
        facts[name] = [f"{f.project.project_id} check {c.number} {c.name}: {describe(c, result.limits)}"
                       + (f"; failing: {failing_text(c)}" if c.failing else "") for c in result.failed]
    height, width = _table_box(ctx, "Table", "Table")
    widths = [width * f / sum(fractions) for f in fractions]
    size, pages = tables.fewest_pages(rows, widths, height, sizes=SIZES, max_lines=1,
                                      cap=ctx.options.rows_per_slide)
    failing = sum(1 for f in ctx.figures if f.health is not None and f.health.failed)
    for n, page in enumerate(pages, start=1):
        suffix = f" ({n} of {len(pages)})" if len(pages) > 1 else ""
        with ctx.slide("Table", f"Appendix: schedule health{suffix}",
                       "Checks: DCMA 14-point assessment (DCMA-EA PAM 200.1), pmokit.addin.health; "
                       "=PMO_SCHEDULE_CHECK over each project's Tasks rows gives the same table.") \
                as (slide, notes):
            tables.fill(placeholder(slide, "Table"), header, page, fractions, size=size, max_lines=1,
                        notes=notes, where="Schedule health")
            for listed in page:
                notes.facts += facts.get(listed[0] if isinstance(listed[0], str) else "", [])
            text.put(placeholder(slide, "Note"), [
                f"{failing} of {len(ctx.figures)} project(s) fail at least one check as of "
                f"{ctx.as_of:%d %b %Y}. Cells: the share of incomplete tasks (of links for leads, "
                "lags and FS links), CPLI and BEI as indices; amber misses the published threshold, "
                "n/a lacks what the check needs (baselines). Failing tasks: the notes, and pmokit "
                "validate with their cells."],
                10, notes=notes, where="Note")
