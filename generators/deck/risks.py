"""Slide 7: the 5×5 probability–impact heat map (a native table, risk IDs in their cells), the
top risks with owner, mitigation and EMV, the schedule-risk drivers (the risks that add most
days to their project's P80 finish, PMO_SRA_RISKS) and the portfolio's risk reserve at P80."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.slide import Slide

from pmokit.addin import risk as risk_core
from pmokit.generators.analysis import open_risks, risk_emv
from pmokit.generators.deck.rag import rgb
from pmokit.generators.deck import tables, text
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.formatting import in_unit, money, short_day
from pmokit.generators.deck.overview import reserve_sentence
from pmokit.generators.deck.tables import Cell
from pmokit.generators.deck.template import placeholder, say_missing
from pmokit.generators.schedule_risk import TOP_DRIVERS, Driver, ScheduleRisk
from pmokit.workbooks.model import Risk

TOP = 8
TOP_BESIDE_DRIVERS = 5  # top risks when the drivers share the column: both tables fit its 5.2 in
GAP = 0.15 * 914400  # EMU between the two tables
# Heat-map zones by score (probability band × impact): high ≥ 15, medium 5–12, low ≤ 4.
HIGH, MEDIUM = 15, 5
ZONES = {"high": (rgb("C00000"), rgb("FFFFFF")),
         "medium": (rgb("FFC000"), rgb("000000")),
         "low": (rgb("C6E0B4"), rgb("000000"))}


def risks(ctx: Context) -> None:
    """Heat map on the left, top risks on the right, reserve in the note."""
    ids = [f.project.project_id for f in ctx.figures]
    live = open_risks([r for r in ctx.portfolio.risks if r.project_id in ids])
    reserve = ctx.reserves.risk_reserve_p80
    title = f"Risks: risk reserve at P80 {money(reserve, ctx.currency)}" if live else "Risks"
    with ctx.slide("Two Tables", title, "Score = probability band × impact (PMO_RISK_SCORE); EMV = probability × "
                   "PERT mean cost impact; risk reserve: Monte Carlo of the open risks (PMO_RISK_RESERVE). "
                   + ctx.simulated) as (
            slide, notes):
        cells: dict[tuple[int, int], list[str]] = {}
        for r in live:
            band = int(risk_core.probability_rating([r.probability])[0])
            cells.setdefault((band, int(r.impact)), []).append(_label(r, len(ids) > 1))
        rows = []
        for band in range(5, 0, -1):
            row: list[Cell | str] = [Cell(f"P{band}", bold=True, align="c")]
            for impact in range(1, 6):
                fill, colour = ZONES[_zone(band * impact)]
                row.append(Cell(_in_cell(cells.get((band, impact), []), notes, band, impact), fill, colour, False, "c"))
            rows.append(row)
        tables.fill(placeholder(slide, "Left Table"), ["Prob. \\ Impact", "1", "2", "3", "4", "5"], rows,
                    [1.3, 1, 1, 1, 1, 1], size=10, max_lines=3, notes=notes, where="Heat map", banded=False,
                    min_row=48.0)
        right = placeholder(slide, "Right Table")
        registers = [reg for f in ctx.figures if f.confidence and (reg := f.confidence.register)]
        drivers = top_drivers(registers)
        if live:
            box = (right.left, right.top, right.width, right.height)
            top = live[:TOP_BESIDE_DRIVERS if drivers else TOP]
            frame = tables.fill(right, ["ID", "Risk", "Owner", "Mitigation", in_unit("EMV", ctx.currency)],
                                [[_label(r, True), r.title, r.owner or "none", r.mitigation or "none",
                                  Cell(money(risk_emv(r)), align="r")] for r in top],
                                [0.9, 2.0, 0.9, 2.0, 0.7], size=10, max_lines=2, notes=notes, where="Top risks")
            if drivers:
                _drivers(slide, box, frame.height, drivers, notes, len(ids) > 1)
        else:
            say_missing(slide, right, "No open risks in the Risks sheet for these projects.")
        lines = [f"Heat map: probability band (rows, P5 highest) by impact (columns); {len(live)} open risk(s)."]
        if drivers:
            lines.append("Schedule-risk drivers: days each risk adds to its project's P80 finish (PMO_SRA_RISKS).")
            notes.facts.append(_drivers_fact(registers))
        lines.append(f"{reserve_sentence(ctx.reserves.contingency, ctx.reserves.confidence, reserve, ctx.currency)} "
                     f"({ctx.reserves.simulation})." if live else "No open risks, so no reserve.")
        text.put(placeholder(slide, "Note"), [" ".join(lines)], 11, notes=notes, where="Note")


def top_drivers(registers: list[ScheduleRisk]) -> list[tuple[ScheduleRisk, Driver]]:
    """The risks that add most days to their project's P80 finish, over the projects, largest
    first (at most :data:`TOP_DRIVERS`)."""
    found = [(reg, d) for reg in registers for d in reg.top]
    return sorted(found, key=lambda pair: -pair[1].adds)[:TOP_DRIVERS]


def _drivers(slide: Slide, box: tuple[int, int, int, int], used: int,
             drivers: list[tuple[ScheduleRisk, Driver]], notes: tables.Notes, with_project: bool) -> None:
    """The drivers' table under the top risks, in the rest of the right-hand column."""
    left, top, width, height = box
    area = tables.Area(slide.shapes, left, int(top + used + GAP), width, int(height - used - GAP))
    tables.fill(area, ["ID", "Schedule risk", "P80 with it", "P80 without it", "Days it adds"],
                [[_label(d.risk, with_project), d.risk.title, Cell(short_day(reg.p80_with), align="r"),
                  Cell(short_day(d.without), align="r"), Cell(f"{d.adds:.1f}", align="r")]
                 for reg, d in drivers],
                [0.9, 2.6, 0.85, 0.85, 0.7], size=10, max_lines=1, notes=notes, where="Schedule-risk drivers")


def _drivers_fact(registers: list[ScheduleRisk]) -> str:
    """For the notes: each project's P80 with the register, without it and once mitigated."""
    parts = [f"{reg.drivers[0].risk.project_id}: P80 {short_day(reg.p80_with)} with its {reg.risks} schedule "
             f"risk(s), {short_day(reg.p80_without)} without them, {short_day(reg.p80_mitigated)} once mitigated"
             for reg in registers]
    return "Schedule risk (same random numbers in every comparison): " + "; ".join(parts) + "."


def _in_cell(ids: list[str], notes: tables.Notes, band: int, impact: int) -> str:
    """One ID in a cell; more become "first ID +n" (two IDs do not fit a cell), all listed in the notes."""
    if len(ids) <= 1:
        return ", ".join(ids)
    notes.facts.append(f"Heat map P{band} × impact {impact}: {', '.join(ids)}")
    return f"{ids[0]} +{len(ids) - 1}"


def _zone(score: int) -> str:
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def _label(r: Risk, with_project: bool) -> str:
    return f"{r.project_id}-{r.risk_id}" if with_project else r.risk_id



