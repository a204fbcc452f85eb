"""Slides 8 and 10: decisions and escalations asked of the committee; the governance appendix."""

from __future__ import annotations

from pptx.dml.color import RGBColor

from pmokit.generators.deck.rag import rgb
from pmokit.generators.deck import rag, tables, text
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.formatting import day
from pmokit.generators.deck.overview import _table_box, open_decisions
from pmokit.generators.deck.tables import Cell
from pmokit.generators.deck.template import placeholder, say_missing
from pmokit.workbooks.governance import RULES, GovernanceOptions, governance

OVERDUE = rgb("C00000")
SHORT = {"CHARTER": "Charter", "STATUS_STALE": "Status", "RISK_OWNER": "Risk owner",
         "RISK_MITIGATION": "Mitigation", "NO_BASELINE": "Baseline", "MILESTONE_OVERDUE": "Milestones",
         "GATE_DOCUMENTS": "Gate docs"}


def decisions(ctx: Context) -> None:
    """Open decisions, earliest needed-by first; overdue ones in red with the word "overdue"."""
    found = open_decisions(ctx)
    header = ["Project", "Decision or escalation", "Needed by", "Owner", "Status"]
    fractions = [1.6, 5.0, 1.4, 1.4, 1.0]
    names = {f.project.project_id: f"{f.project.project_id} {f.project.name}" for f in ctx.figures}
    rows: list[list[Cell | str]] = []
    for d in found:
        late = d.needed_by is not None and d.needed_by < ctx.as_of
        rows.append([names.get(d.project_id, d.project_id), d.decision,
                     Cell(day(d.needed_by) + (" overdue" if late else ""), colour=OVERDUE if late else None,
                          bold=late),
                     d.owner or "none", d.status or "Open"])
    height, width = _table_box(ctx, "Table", "Table")
    widths = [width * f / sum(fractions) for f in fractions]
    size, pages = tables.fewest_pages(rows, widths, height, sizes=(12, 11, 10), max_lines=2,
                                      cap=ctx.options.rows_per_slide)
    for n, page in enumerate(pages, start=1):
        suffix = f" ({n} of {len(pages)})" if len(pages) > 1 else ""
        with ctx.slide("Table", f"Decisions asked of the committee{suffix}", "Decisions sheet: rows not yet "
                       "decided.") as (slide, notes):
            if not rows:
                say_missing(slide, placeholder(slide, "Table"), "No open decisions or escalations this period.")
                continue
            tables.fill(placeholder(slide, "Table"), header, page, fractions, size=size, notes=notes,
                        where="Decisions")
            text.put(placeholder(slide, "Note"), [f"{len(rows)} open decision(s) as of {day(ctx.as_of)}."], 11,
                     notes=notes, where="Note")


def governance_appendix(ctx: Context) -> None:
    """Appendix: each project against each PMO governance rule — OK, or the number of gaps."""
    selected = ctx.portfolio.select([f.project.project_id for f in ctx.figures])
    problems = governance(selected, GovernanceOptions(as_of=ctx.as_of))
    header = ["Project"] + [SHORT.get(code, code) for code in RULES]
    fractions = [2.6] + [1.0] * len(RULES)
    rows = []
    for f in ctx.figures:
        mine = [p for p in problems if p.project_id == f.project.project_id]
        row: list[Cell | str] = [f"{f.project.project_id} {f.project.name}"]
        for code in RULES:
            n = sum(p.rule == code for p in mine)
            fill, colour = rag.colours("Amber" if n else "Green")
            row.append(Cell(f"Gap ×{n}" if n > 1 else "Gap" if n else "OK", fill, colour, bool(n), "c"))
        rows.append(row)
    height, width = _table_box(ctx, "Table", "Table")
    widths = [width * f / sum(fractions) for f in fractions]
    pages = tables.split_pages(rows, widths, height, size=11, max_lines=1, cap=ctx.options.rows_per_slide)
    for n, page in enumerate(pages, start=1):
        suffix = f" ({n} of {len(pages)})" if len(pages) > 1 else ""
        ids = {row[0] if isinstance(row[0], str) else "" for row in page}
        with ctx.slide("Table", f"Appendix: governance compliance{suffix}",
                       "Rules: pmokit.workbooks.governance (the validator's warnings).") as (slide, notes):
            tables.fill(placeholder(slide, "Table"), header, page, fractions, size=11, max_lines=1, notes=notes,
                        where="Governance")
            for p in problems:
                if any(name.startswith(p.project_id + " ") for name in ids):
                    notes.facts.append(f"{p.project_id} {p.where}: {p.message}")
            total = sum(1 for p in problems)
            text.put(placeholder(slide, "Note"), [
                f"{total} governance gap(s) across {len(ctx.figures)} project(s); each gap with its cell is in "
                "the notes. Rules: " + "; ".join(f"{SHORT[c]} = {RULES[c]}" for c in RULES) + "."], 11,
                notes=notes, where="Note")
