"""Slide 4: budget vs actual vs forecast by project, and the portfolio's PV / EV / AC S-curve."""

from __future__ import annotations

from pmokit.generators.analysis import portfolio_scurve
from pmokit.generators.deck import charts, text
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.template import placeholder, say_missing

PER_CHART = 10  # projects per bar chart: more and the labels stop being legible


def financials(ctx: Context) -> None:
    """Bars of BAC / AC / EAC by project (ten per slide) beside the portfolio S-curve."""
    chunks = [ctx.figures[i:i + PER_CHART] for i in range(0, len(ctx.figures), PER_CHART)] or [[]]
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
