"""Slide 4: budget vs actual vs forecast by project, and the portfolio's PV / EV / AC S-curve."""

from __future__ import annotations

import math

from pmokit.generators.analysis import ProjectFigures, portfolio_scurve
from pmokit.generators.deck import charts, rag, tables, text
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.formatting import in_unit, money
from pmokit.generators.deck.overview import _table_box, coverage_label
from pmokit.generators.deck.tables import Cell
from pmokit.generators.deck.template import placeholder, say_missing

PER_CHART = 12  # at most this many projects per bar chart: more and the labels stop being legible


def even_chunks(items: list[ProjectFigures], most: int = PER_CHART) -> list[list[ProjectFigures]]:
    """``items`` in as few charts as hold at most ``most`` each, shared evenly: 13 projects are
    7 + 6 and 50 are five of 10, never a follow-on slide for one project's bars."""
    if not items:
        return [[]]
    charts = math.ceil(len(items) / most)
    size, extra = divmod(len(items), charts)  # the first ``extra`` charts take one more
    cuts = [i * size + min(i, extra) for i in range(charts + 1)]
    return [items[a:b] for a, b in zip(cuts, cuts[1:])]


def financials(ctx: Context) -> None:
    """Bars of BAC / AC / EAC by project (at most twelve per slide) beside the portfolio S-curve."""
    chunks = even_chunks(ctx.figures)
    scurve = portfolio_scurve(ctx.portfolio.select([f.project.project_id for f in ctx.figures]), ctx.as_of)
    for n, chunk in enumerate(chunks, start=1):
        suffix = f" ({n} of {len(chunks)})" if len(chunks) > 1 else ""
        layout = "Two Charts" if n == 1 else "Chart"
        with ctx.slide(layout, f"Financials{suffix}",
                       "BAC: Projects budget; AC: latest status report; EAC = BAC / CPI (pmokit.addin.evm). "
                       "S-curve: analysis.portfolio_scurve, the latest report per project summed per "
                       "reporting date.") as (slide, notes):
            bars = placeholder(slide, "Left Chart" if n == 1 else "Chart")
            values = {"Budget (BAC)": [f.bac for f in chunk],
                      "Actual (AC)": [f.latest.ac if f.latest else None for f in chunk],
                      "Forecast (EAC)": [f.eac for f in chunk]}
            if any(v is not None for column in values.values() for v in column):
                chart = charts.clustered_columns(bars, [f.project.project_id for f in chunk], values)
                chart.has_title = False
            else:
                say_missing(slide, bars, "No budget, actual cost or forecast yet: the Projects sheet has no "
                            "budget (BAC) and the Status sheet no PV, EV and AC." if chunk else
                            "No projects in the selection.")
            missing = [f.project.project_id for f in chunk if not f.evm]
            unit = f" ({ctx.currency})" if ctx.currency else ""
            lines = [f"Bars: budget, actual cost to date and forecast at completion per project{unit}."]
            if missing:
                lines.append(f"No forecast (no status with PV, EV and AC, or no budget): {', '.join(missing)}.")
            if n == 1:
                curve = placeholder(slide, "Right Chart")
                if scurve:
                    charts.date_lines(curve, [row[0] for row in scurve],
                                      {"PV": [r[1] for r in scurve], "EV": [r[2] for r in scurve],
                                       "AC": [r[3] for r in scurve]})
                else:
                    say_missing(slide, curve, ("No S-curve yet: the Status sheet has no report with PV, EV and AC "
                                             "on or before the reporting date."))
                lines.append("S-curve: cumulative planned value (dashed), earned value and actual cost.")
            text.put(placeholder(slide, "Note"), [" ".join(lines)], 11, notes=notes, where="Note")


def reserves(ctx: Context) -> None:
    """Each project's held contingency beside its P80 risk reserve and the confidence the held
    amount buys; the table continues on further slides. Funding is the held contingency; the
    simulated reserve is advice."""
    cur = ctx.currency
    header = ["Project", "Method", in_unit("Budget (BAC)", cur), in_unit("Contingency held", cur),
              "Held covers the register at", in_unit("Risk reserve P80 (advice)", cur), in_unit("Held − P80", cur),
              in_unit("EMV", cur)]
    fractions = [3.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.2, 1.0]
    rows = [_reserve_row(f) for f in ctx.figures]
    short = [f.project.project_id for f in ctx.figures
             if f.risk_reserve_p80 > 0 and (f.contingency or 0.0) < f.risk_reserve_p80]
    height, width = _table_box(ctx, "Table", "Table")
    widths = [width * f / sum(fractions) for f in fractions]
    size, pages = tables.fewest_pages(rows, widths, height, sizes=(11, 10), max_lines=1,
                                      cap=ctx.options.rows_per_slide)
    title = (f"Reserves: {len(short)} of {len(ctx.figures)} projects hold less contingency than their P80 risk reserve"
             if short else "Reserves: contingency held and risk reserve advised")
    for n, page in enumerate(pages, start=1):
        suffix = f" ({n} of {len(pages)})" if len(pages) > 1 else ""
        with ctx.slide("Table", f"{title}{suffix}", "Contingency held: Projects sheet (the management reserve the "
                       "funding includes). Risk reserve P80: PMO_RISK_RESERVE over the project's open risks, advice "
                       "only. Covers the register at Pn: the share of the same simulation's outcomes the held amount "
                       "pays for. " + ctx.simulated) as (slide, notes):
            if not rows:
                say_missing(slide, placeholder(slide, "Table"), "No projects in the selection.")
                continue
            tables.fill(placeholder(slide, "Table"), header, page, fractions, size=size, max_lines=1, notes=notes,
                        where="Reserves")
            text.put(placeholder(slide, "Note"), [
                "Funding requested counts the contingency held; the P80 risk reserve is what the risk register "
                "suggests (80% of simulated outcomes cost no more). Red: held below the P80 reserve. "
                f"{ctx.reserves.simulation}."], 11, notes=notes, where="Note")


def _reserve_row(f: ProjectFigures) -> list[Cell | str]:
    held, reserve = f.contingency, f.risk_reserve_p80
    gap = None if held is None else held - reserve
    fill, colour = rag.colours("Red" if gap is not None and gap < 0 else "Green") if reserve > 0 else (None, None)
    p = f.project
    return [f"{p.project_id} {p.name}", p.methodology, Cell(money(f.bac), align="r"),
            Cell(money(held) if held is not None else "none", align="r"),
            Cell(coverage_label(f.contingency_confidence) if f.contingency_confidence is not None else "–", align="c"),
            Cell(money(reserve) if reserve else "no costed risks", align="r"),
            Cell("–" if gap is None or not reserve else money(gap), fill, colour, bool(fill), "r"),
            Cell(money(f.emv_total), align="r")]
