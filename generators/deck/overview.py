"""Slides 1–3: the title, the executive summary and the portfolio status table."""

from __future__ import annotations

import datetime as dt

from pmokit.addin import evm as evm_core
from pmokit.generators.analysis import ProjectFigures
from pmokit.generators.deck import rag, tables, text, trends
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.formatting import day, in_unit, money, ratio, short_day, slip
from pmokit.generators.deck.tables import Cell
from pmokit.generators.deck.template import placeholder, say_missing
from pmokit.generators.selection import portfolio_title
from pmokit.workbooks.model import Decision

DIMENSIONS = (("Overall", "rag_overall"), ("Schedule", "rag_schedule"), ("Cost", "rag_cost"), ("Scope", "rag_scope"))
OPEN_DECISION = {"", "open", "pending", "escalated", "proposed"}


def title_slide(ctx: Context) -> None:
    """1. The project group and the reporting date."""
    group = portfolio_title(ctx.portfolio, ctx.options.title)
    with ctx.slide("Title Slide", f"{group}: steering committee", title_size=40) as (slide, notes):
        lines = [f"Reporting date {day(ctx.as_of)}",
                 f"{len(ctx.figures)} project{'s' if len(ctx.figures) != 1 else ''}"]
        text.put(placeholder(slide, "Subtitle"), lines, 20, notes=notes, where="Subtitle")


def summary(ctx: Context) -> None:
    """2. RAG counts now and over the last reports, the portfolio's CPI / SPI trend, what changed
    since the last period, key messages, decisions asked, reserves held and advised."""
    decisions = open_decisions(ctx)
    with ctx.slide("Summary", "Executive summary", "Messages: the latest status summaries, worst RAG first. "
                   + ctx.simulated) as (slide, notes):
        text.put(placeholder(slide, "Messages"), _messages(ctx), 16, notes=notes, where="Messages")
        header = ["RAG now", "Red", "Amber", "Green", "None"]
        rows = []
        for label, attr in DIMENSIONS:
            values = [rag.normal(getattr(f.latest, attr, "")) for f in ctx.figures]
            rows.append([Cell(label, bold=True)] + [
                _count_cell(values.count(v), v) for v in ("Red", "Amber", "Green", "")])
        tables.fill(placeholder(slide, "Counts"), header, rows, [1.6, 1, 1, 1, 1], size=11, max_lines=1, notes=notes,
                    where="RAG counts", banded=False)
        trends.rag_counts(slide, placeholder(slide, "History"), ctx.figures, notes)
        budgets = {f.project.project_id: float(f.bac or 0.0) for f in ctx.figures}
        reports = [s for f in ctx.figures for s in f.history]
        trends.indices(slide, placeholder(slide, "Trend Chart"), trends.portfolio_points(reports, budgets, ctx.as_of),
                       "Portfolio CPI and SPI per reporting date")
        text.put(placeholder(slide, "Facts"), _facts(ctx, len(decisions)), 14, notes=notes, where="Facts")
        text.put(placeholder(slide, "Note"),
                 ["RAG letters: G green, A amber, R red, – no status; counts are of the latest report per project "
                  f"on or before {day(ctx.as_of)} (history: per month). Chart: portfolio CPI and SPI per reporting "
                  "date."], 11, notes=notes, where="Note")


def status_table(ctx: Context) -> None:
    """3. One row per project; splits across slides with the header repeated."""
    header = ["ID", "Project", "Manager", "Stage", "Overall", "Sched.", "Cost", "Scope", "CPI", "SPI",
              "Planned finish (vs baseline)", "Forecast finish (method)", in_unit("EAC / BAC", ctx.currency)]
    fractions = [0.75, 1.7, 1.05, 0.7, 0.65, 0.65, 0.6, 0.6, 0.5, 0.5, 1.3, 2.15, 1.05]
    rows = [_status_row(f) for f in ctx.figures]
    ph_height, ph_width = _table_box(ctx, "Table", "Table")
    widths = [ph_width * f / sum(fractions) for f in fractions]
    size, pages = tables.fewest_pages(rows, widths, ph_height, sizes=(11, 10), max_lines=2,
                                      cap=ctx.options.rows_per_slide)
    for n, page in enumerate(pages, start=1):
        suffix = f" ({n} of {len(pages)})" if len(pages) > 1 else ""
        with ctx.slide("Table", f"Portfolio status{suffix}",
                       "CPI and SPI by pmokit.addin.evm (PMO_EVM) on the latest report's PV, EV and AC. Forecast "
                       "finish: SRA P80 = PMO_SRA over the Tasks rows at the status date, with their constraints, "
                       "deadlines and progress; throughput P85 = "
                       "PMO_FORECAST over the Throughput sheet. " + ctx.simulated) as (slide, notes):
            if not rows:
                say_missing(slide, placeholder(slide, "Table"), "No projects in the selection.")
                continue
            tables.fill(placeholder(slide, "Table"), header, page, fractions, size=size, notes=notes,
                        where="Status table")
            text.put(placeholder(slide, "Note"),
                     ["Arrows: trend against the last period (↑ better, ↓ worse, → same). CPI/SPI below 1: over "
                      "cost / behind plan. Planned: the PM's expected finish (Projects sheet), slip in calendar days "
                      "vs the approved baseline. Forecast: pmokit's, by schedule risk analysis (SRA P80) or "
                      f"throughput (P85). {ctx.reserves.simulation}."], 11, notes=notes, where="Note")


def forecast_lines(f: ProjectFigures) -> list[str]:
    """The forecast finish with its method: "2 Mar 27 (SRA P80)", "22 Jan 27 (throughput P85)";
    a hybrid with both has both."""
    out = []
    if f.confidence is not None and f.confidence.p80_finish:
        out.append(f"{short_day(f.confidence.p80_finish)} (SRA P80)")
    if f.agile is not None and f.agile.p85_finish is not None:
        out.append(f"{short_day(f.agile.p85_finish)} (throughput P85)")
    agile_first = f.project.methodology == "Agile"
    return list(reversed(out)) if agile_first else out


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
    cells.append("\n".join(forecast_lines(f)) or "–")
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
    rows = [f for f in ctx.figures if f.evm]
    facts = [f"Decisions asked of the committee: {decisions}"]
    if rows:  # the portfolio's indices: the core's EVM on the summed BAC, PV, EV and AC
        totals = [sum(float(getattr(f.latest, k)) for f in rows) for k in ("pv", "ev", "ac")]
        portfolio = evm_core.evm([sum(float(f.bac or 0) for f in rows)], [totals[0]], [totals[1]], [totals[2]])
        facts.append(f"Portfolio CPI {ratio(float(portfolio['CPI'][0]))} · SPI {ratio(float(portfolio['SPI'][0]))}")
    facts.append(reserve_sentence(ctx.reserves.contingency, ctx.reserves.confidence,
                                  ctx.reserves.risk_reserve_p80, ctx.currency))
    over_budget = [f.project.project_id for f in ctx.figures if f.eac and f.bac and f.eac > f.bac]
    if over_budget:
        facts.append(f"Forecast over budget: {', '.join(over_budget)}")
    moved = finish_moves(ctx.figures)
    if moved:
        facts.append("Forecast finish later than last report: " + ", ".join(moved))
    return facts


def reserve_sentence(held: float | None, confidence: float | None, reserve: float, currency: str) -> str:
    """Held contingency and the advised P80 risk reserve, never one called the other:
    "Contingency held EUR 240k covers the register at P73; risk reserve (P80) EUR 310k"."""
    advised = f"risk reserve (P80) {money(reserve, currency)}"
    if held is None:
        return f"No contingency held (Projects sheet); {advised}"
    covers = f" covers the register at {coverage_label(confidence)}" if confidence is not None else ""
    return f"Contingency held {money(held, currency)}{covers}; {advised}"


def coverage_label(confidence: float | None) -> str:
    """The confidence a held amount buys as a percentile: P73 (rounded down: never overstated)."""
    if confidence is None:
        return "–"
    return f"P{min(int(confidence * 100 + 1e-9), 100)}"


def finish_moves(figures: list[ProjectFigures]) -> list[str]:
    """Projects whose forecast finish moved later since the report before: "DWP-02 +14d"."""
    out = []
    for f in figures:
        if len(f.trend) < 2 or f.project.stage == "Close":  # a closed project's last move is old news
            continue
        before, now = f.trend[-2], f.trend[-1]
        for old, new in ((before.forecast_finish, now.forecast_finish), (before.throughput_p85, now.throughput_p85)):
            if old and new and new > old:
                out.append(f"{f.project.project_id} +{(new - old).days}d")
                break
    return out


def _first_sentence(text_: str) -> str:
    head = text_.strip().split("\n")[0]
    cut = head.find(". ")
    return head[: cut + 1] if cut > 0 else head


def _table_box(ctx: Context, layout_name: str, name: str) -> tuple[float, float]:
    """(height, width) in points of a layout's placeholder."""
    from pmokit.generators.deck.template import layout

    ph = next(p for p in list(layout(ctx.prs, layout_name).placeholders) if p.name == name)
    return ph.height / tables.EMU_PER_PT, ph.width / tables.EMU_PER_PT


