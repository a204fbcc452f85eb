"""Slides 1–3: the title, the executive summary and the portfolio status table."""

from __future__ import annotations

import datetime as dt

from pmokit.addin import evm as evm_core
from pmokit.generators.analysis import ProjectFigures
from pmokit.generators.deck import rag, tables, text
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.formatting import day, in_unit, money, ratio, short_day, slip
from pmokit.generators.deck.tables import Cell
from pmokit.generators.deck.template import placeholder, say_missing
from pmokit.workbooks.model import Decision

DIMENSIONS = (("Overall", "rag_overall"), ("Schedule", "rag_schedule"), ("Cost", "rag_cost"), ("Scope", "rag_scope"))
OPEN_DECISION = {"", "open", "pending", "escalated", "proposed"}


def title_slide(ctx: Context) -> None:
    """1. The project group and the reporting date."""
    group = ctx.options.group or ctx.portfolio.group or "Project portfolio"
    with ctx.slide("Title Slide", f"{group}: steering committee", title_size=40) as (slide, notes):
        lines = [f"Reporting date {day(ctx.as_of)}",
                 f"{len(ctx.figures)} project{'s' if len(ctx.figures) != 1 else ''}"]
        text.put(placeholder(slide, "Subtitle"), lines, 20, notes=notes, where="Subtitle")


def summary(ctx: Context) -> None:
    """2. RAG counts, what changed since the last period, key messages, decisions asked."""
    decisions = open_decisions(ctx)
    with ctx.slide("Summary", "Executive summary", "Messages: the latest status summaries, worst RAG first.") as (
            slide, notes):
        text.put(placeholder(slide, "Messages"), _messages(ctx), 16, notes=notes, where="Messages")
        header = ["RAG", "Red", "Amber", "Green", "None"]
        rows = []
        for label, attr in DIMENSIONS:
            values = [rag.normal(getattr(f.latest, attr, "")) for f in ctx.figures]
            rows.append([Cell(label, bold=True)] + [
                _count_cell(values.count(v), v) for v in ("Red", "Amber", "Green", "")])
        tables.fill(placeholder(slide, "Counts"), header, rows, [1.6, 1, 1, 1, 1], size=12, notes=notes,
                    where="RAG counts", banded=False)
        text.put(placeholder(slide, "Facts"), _facts(ctx, len(decisions)), 14, notes=notes, where="Facts")
        text.put(placeholder(slide, "Note"),
                 ["RAG letters: G green, A amber, R red, – no status. Counts are of the latest report per project "
                  f"on or before {day(ctx.as_of)}."], 11, notes=notes, where="Note")


def status_table(ctx: Context) -> None:
    """3. One row per project; splits across slides with the header repeated."""
    header = ["ID", "Project", "Manager", "Stage", "Overall", "Sched.", "Cost", "Scope", "CPI", "SPI",
              "Finish: forecast (vs baseline)", in_unit("EAC / BAC", ctx.currency)]
    fractions = [0.8, 2.0, 1.3, 0.75, 0.7, 0.7, 0.65, 0.65, 0.5, 0.5, 1.6, 1.15]
    rows = [_status_row(f) for f in ctx.figures]
    ph_height, ph_width = _table_box(ctx, "Table", "Table")
    widths = [ph_width * f / sum(fractions) for f in fractions]
    pages = tables.split_pages(rows, widths, ph_height, size=11, max_lines=2, cap=ctx.options.rows_per_slide)
    for n, page in enumerate(pages, start=1):
        suffix = f" ({n} of {len(pages)})" if len(pages) > 1 else ""
        with ctx.slide("Table", f"Portfolio status{suffix}",
                       "CPI and SPI by pmokit.addin.evm (PMO_EVM) on the latest report's PV, EV and AC.") as (slide, notes):
            if not rows:
                say_missing(slide, placeholder(slide, "Table"), "No projects in the selection.")
                continue
            tables.fill(placeholder(slide, "Table"), header, page, fractions, size=11, notes=notes,
                        where="Status table")
            text.put(placeholder(slide, "Note"),
                     ["Arrows: trend against the last period (↑ better, ↓ worse, → same). CPI/SPI below 1: over "
                      "cost / behind plan. Finish slip in calendar days."], 11, notes=notes, where="Note")


def open_decisions(ctx: Context) -> list[Decision]:
    """Decisions still asked of the committee, earliest needed-by first."""
    found = [d for f in ctx.figures for d in ctx.portfolio.decisions_of(f.project.project_id)
             if d.status.strip().lower() in OPEN_DECISION]
    return sorted(found, key=lambda d: (d.needed_by or dt.date.max, d.project_id))


def _count_cell(count: int, value: str) -> Cell:
    """A RAG count, coloured as its RAG when it is not zero."""
    if not count:
        return Cell("0", align="c")
    fill, colour = rag.colours(value)
    return Cell(str(count), fill, colour, align="c")


def _status_row(f: ProjectFigures) -> list[Cell | str]:
    p = f.project
    cells: list[Cell | str] = [p.project_id, p.name, p.project_manager or "–", p.stage]
    for _, attr in DIMENSIONS:
        now, before = getattr(f.latest, attr, ""), getattr(f.previous, attr, "")
        fill, colour = rag.colours(now)
        cells.append(Cell(f"{rag.label(now)} {rag.trend(now, before)}".strip(), fill, colour, True, "c"))
    cells += [Cell(ratio(f.evm.get("CPI")), align="r"), Cell(ratio(f.evm.get("SPI")), align="r")]
    late = slip(p.forecast_finish, p.baseline_finish)
    finish = short_day(p.forecast_finish or p.baseline_finish)
    cells.append(f"{finish} ({late})" if late else finish)
    cells.append(Cell(f"{money(f.eac)} / {money(f.bac)}", align="r"))
    return cells


def _messages(ctx: Context) -> list[str]:
    ranked = sorted(ctx.figures, key=lambda f: -rag.RANK.get(rag.normal(getattr(f.latest, "rag_overall", "")), -1))
    messages = [f"{f.project.project_id} {f.project.name} ({rag.normal(f.latest.rag_overall) or 'no RAG'}): "
                f"{_first_sentence(f.latest.summary)}" for f in ranked if f.latest and f.latest.summary.strip()][:4]
    changes = [change for f in ctx.figures for change in rag_changes(f)]
    if not any(f.previous for f in ctx.figures):
        changed = "Since last period: no earlier report to compare with."
    elif changes:
        changed = "Since last period: " + "; ".join(changes) + "."
    else:
        changed = "Since last period: no RAG changed."
    missing = [f.project.project_id for f in ctx.figures if f.latest is None]
    out = ["Key messages"] + [f"• {m}" for m in messages] if messages else ["Key messages", "• No status summaries yet."]
    out.append(changed)
    if missing:
        out.append(f"No status report yet: {', '.join(missing)}.")
    return out


RAG_DIMENSIONS = (("rag_overall", ""), ("rag_schedule", "schedule "), ("rag_cost", "cost "), ("rag_scope", "scope "))


def rag_changes(f: ProjectFigures) -> list[str]:
    """A project's RAG moves since its previous report: "DWP-03 schedule Green → Amber"."""
    out = []
    for attr, label in RAG_DIMENSIONS:
        now, before = rag.normal(getattr(f.latest, attr, "")), rag.normal(getattr(f.previous, attr, ""))
        if now and before and now != before:
            out.append(f"{f.project.project_id} {label}{before} → {now}")
    return out


def _facts(ctx: Context, decisions: int) -> list[str]:
    from pmokit.generators.analysis import risk_reserve

    rows = [f for f in ctx.figures if f.evm]
    facts = [f"Decisions asked of the committee: {decisions}"]
    if rows:  # the portfolio's indices: the core's EVM on the summed BAC, PV, EV and AC
        totals = [sum(float(getattr(f.latest, k)) for f in rows) for k in ("pv", "ev", "ac")]
        portfolio = evm_core.evm([sum(float(f.bac or 0) for f in rows)], [totals[0]], [totals[1]], [totals[2]])
        facts.append(f"Portfolio CPI {ratio(float(portfolio['CPI'][0]))} · SPI {ratio(float(portfolio['SPI'][0]))}")
    reserve = risk_reserve(ctx.portfolio.select([f.project.project_id for f in ctx.figures]), 0.8,
                           seed=ctx.options.seed)
    facts.append(f"Risk reserve (P80): {money(reserve, ctx.currency)}")
    over_budget = [f.project.project_id for f in ctx.figures if f.eac and f.bac and f.eac > f.bac]
    if over_budget:
        facts.append(f"Forecast over budget: {', '.join(over_budget)}")
    return facts


def _first_sentence(text_: str) -> str:
    head = text_.strip().split("\n")[0]
    cut = head.find(". ")
    return head[: cut + 1] if cut > 0 else head


def _table_box(ctx: Context, layout_name: str, name: str) -> tuple[float, float]:
    """(height, width) in points of a layout's placeholder."""
    from pmokit.generators.deck.template import layout

    ph = next(p for p in list(layout(ctx.prs, layout_name).placeholders) if p.name == name)
    return ph.height / tables.EMU_PER_PT, ph.width / tables.EMU_PER_PT


