"""Slide 6: demand vs capacity per month, the over-allocated months by role and the hiring gap."""

from __future__ import annotations

from pmokit.generators.analysis import ResourceDemand, add_months, resource_demand
from pmokit.generators.deck import charts, rag, tables, text
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.overview import _table_box
from pmokit.generators.deck.tables import Cell
from pmokit.generators.deck.template import placeholder, say_missing

TOLERANCE = 0.05  # FTE: demand above capacity by less than this is rounding, not overload


def resources(ctx: Context) -> None:
    """Demand vs capacity (FTE) per month; a table of roles with their over-allocated months."""
    selected = ctx.portfolio.select([f.project.project_id for f in ctx.figures])
    first = ctx.as_of.replace(day=1)
    months = [add_months(first, i) for i in range(12)]
    load = resource_demand(selected, months)
    has_demand = any(v > 0 for row in load.demand_fte for v in row)
    gap = load.hiring_gap_fte
    title = f"Resources: hiring gap {gap:.1f} FTE" if has_demand else "Resources"
    header = ["Role", "Peak demand", "Capacity", "Over-allocated", "Gap"]
    fractions = [1.6, 0.9, 0.9, 1.6, 0.7]
    rows = [_role_row(load, i) for i in range(len(load.roles))]
    # The first page fits beside the chart; the rest continue on full-width table slides.
    first_h, first_w = _table_box(ctx, "Chart and Table", "Right Table")
    beside = tables.split_pages(rows, [first_w * f / sum(fractions) for f in fractions], first_h, size=11,
                                max_lines=2, cap=10_000)
    rest = [row for page in beside[1:] for row in page]
    height, width = _table_box(ctx, "Table", "Table")
    more = tables.split_pages(rest, [width * f / sum(fractions) for f in fractions], height, size=11, max_lines=2,
                              cap=ctx.options.rows_per_slide) if rest else []
    count = 1 + len(more)
    source = ("Demand: task effort spread over working days (analysis.resource_demand → pmokit.addin.loading, "
              "PMO_LOAD); capacity: Resources sheet.")
    note = ("FTE = hours ÷ (40 h × working days in the month ÷ working days per week). Gap: the largest monthly "
            "shortfall per role; the hiring gap sums the roles' gaps.")
    suffix = f" (1 of {count})" if count > 1 else ""
    with ctx.slide("Chart and Table", title + suffix, source) as (slide, notes):
        chart_ph, table_ph = placeholder(slide, "Left Chart"), placeholder(slide, "Right Table")
        if not has_demand:
            say_missing(slide, chart_ph, ("No demand to show: no task has effort, a resource or role, and start and "
                                        "finish dates in the next twelve months."))
        else:
            labels = [m.strftime("%b %y") for m in months]
            charts.clustered_columns(chart_ph, labels, {
                "Demand": [sum(col) for col in zip(*load.demand_fte)],
                "Capacity": [sum(col) for col in zip(*load.capacity_fte)]}, number_format="0.0")
        if load.roles:
            tables.fill(table_ph, header, beside[0], fractions, size=11, notes=notes, where="Roles")
        else:
            say_missing(slide, table_ph, "No roles: the Resources sheet is empty.")
        text.put(placeholder(slide, "Note"), [note], 11, notes=notes, where="Note")
    for n, page in enumerate(more, start=2):
        with ctx.slide("Table", f"{title} ({n} of {count})", source) as (slide, notes):
            tables.fill(placeholder(slide, "Table"), header, page, fractions, size=11, notes=notes, where="Roles")
            text.put(placeholder(slide, "Note"), [note], 11, notes=notes, where="Note")


def _role_row(load: ResourceDemand, i: int) -> list[Cell | str]:
    demand, capacity = load.demand_fte[i], load.capacity_fte[i]
    over = [m.strftime("%b") for m, d, c in zip(load.months, demand, capacity) if d - c > TOLERANCE]
    gap = max((d - c for d, c in zip(demand, capacity)), default=0.0)
    fill, colour = rag.colours("Red" if gap > TOLERANCE else "Green")
    return [load.roles[i], Cell(f"{max(demand, default=0):.1f}", align="r"),
            Cell(f"{min(capacity, default=0):.1f}–{max(capacity, default=0):.1f}", align="r"),
            ", ".join(over) if over else "none",
            Cell(f"{gap:.1f}" if gap > TOLERANCE else "0", fill, colour, True, "r")]

