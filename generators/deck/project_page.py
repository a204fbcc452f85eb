"""Slide 9, one per project: status and summary, its EVM S-curve (waterfall) or burn-up with the
throughput forecast cone (agile and hybrid), earned-schedule figures, forecast finish by method,
milestones, top risks, next steps; in the lower third its RAG history, CPI / SPI trend and the
forecast finish report by report."""

from __future__ import annotations

from pptx.dml.color import RGBColor

from pmokit.generators.analysis import ProjectFigures, risk_emv
from pmokit.generators.deck.rag import rgb
from pmokit.generators.deck import charts, rag, tables, text, trends
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.formatting import day, in_unit, money, ratio, short_day, slip
from pmokit.generators.deck.tables import Cell
from pmokit.generators.deck.template import placeholder, say_missing

LATE = rgb("C00000")
MILESTONES, RISKS = 5, 5  # rows that fit the tables above the lower third


def project_pages(ctx: Context) -> None:
    """One page per project, in the Projects sheet's order."""
    for f in ctx.figures:
        project_page(ctx, f)


def project_page(ctx: Context, f: ProjectFigures) -> None:
    """The page for one project."""
    p = f.project
    overall = rag.normal(getattr(f.latest, "rag_overall", ""))
    title = f"{p.project_id} {p.name}" + (f": {overall}" if overall else "")
    source = ("EVM and earned schedule: pmokit.addin.evm on the Status history; forecast finish: schedule risk "
              "analysis (PMO_SRA) of the remaining work from the status date; burn-up: the Throughput sheet, its "
              "cone PMO_FORECAST at P50 and P85. " + ctx.simulated)
    with ctx.slide("Project", title, source) as (slide, notes):
        text.put(placeholder(slide, "Status"), _status(f, ctx.currency), 12, notes=notes, where="Status", bold_first=True)
        chart_ph = placeholder(slide, "Chart")
        rows = [s for s in f.history if None not in (s.pv, s.ev, s.ac)]
        agile = f.agile
        if agile is not None and p.methodology in ("Agile", "Hybrid"):
            b = agile.burn_up
            charts.burn_up(chart_ph, b.period_ends, b.done, b.scope, agile.p50_finish, agile.p85_finish)
            notes.facts.append(f"Burn-up: {len(b.period_ends)} periods of {agile.period_days} days from the Throughput "
                               f"sheet; {agile.backlog:g} items left on {day(agile.start)}.")
        elif rows:
            charts.date_lines(chart_ph, [s.status_date for s in rows],
                              {"PV": [s.pv for s in rows], "EV": [s.ev for s in rows], "AC": [s.ac for s in rows]})
        else:
            say_missing(slide, chart_ph, "No EVM curve: no status report with PV, EV and AC yet.")
        left = placeholder(slide, "Left Table")
        if f.milestones:
            tables.fill(left, ["Milestone", "Baseline", "Planned", "Actual"],
                        [_milestone_row(m) for m in f.milestones[:MILESTONES]], [2.4, 1.1, 1.4, 1.1], size=10,
                        max_lines=1, notes=notes, where="Milestones")
            if len(f.milestones) > MILESTONES:
                notes.facts.append(f"{len(f.milestones) - MILESTONES} more milestone(s) in the Milestones sheet.")
        else:
            say_missing(slide, left, "No milestones in the Milestones sheet for this project.")
        right = placeholder(slide, "Right Table")
        if f.risks:
            tables.fill(right, ["ID", "Top risk", "Owner", in_unit("EMV", ctx.currency)],
                        [[r.risk_id, r.title, r.owner or "none", Cell(money(risk_emv(r)), align="r")]
                         for r in f.risks[:RISKS]],
                        [0.6, 3.0, 1.2, 0.8], size=10, max_lines=1, notes=notes, where="Risks")
        else:
            say_missing(slide, right, "No open risks recorded for this project.")
        trends.rag_history(slide, placeholder(slide, "History"), f.trend, notes)
        trends.indices(slide, placeholder(slide, "Trend Chart"), f.trend)
        trends.slip(slide, placeholder(slide, "Slip Chart"), f)
        note = ("Milestones: baseline = approved, planned = the PM's date (Milestones sheet). Lower third: RAG over "
                "the last reports, CPI / SPI, forecast finish per report.")
        if len(f.history) == 1:
            note += " " + trends.ONE_REPORT
        text.put(placeholder(slide, "Note"), [note], 10, notes=notes, where="Note")


def _status(f: ProjectFigures, currency: str) -> list[str]:
    s, p = f.latest, f.project
    if s is None:
        head = "No status report yet: add a row to the Status sheet."
    else:
        marks = " · ".join(f"{name} {rag.label(getattr(s, attr))}{rag.trend(getattr(s, attr), getattr(f.previous, attr, ''))}"
                           for name, attr in (("Overall", "rag_overall"), ("Schedule", "rag_schedule"),
                                              ("Cost", "rag_cost"), ("Scope", "rag_scope")))
        head = f"{day(s.status_date)} · {p.stage} · {marks}"
    lines = [head]
    if f.evm:
        lines.append(f"CPI {ratio(f.evm.get('CPI'))} · SPI {ratio(f.evm.get('SPI'))} · EAC {money(f.eac, currency)} vs "
                     f"BAC {money(f.bac, currency)}")
    es = f.earned_schedule
    if es:
        lines.append(f"Earned schedule: ES {es.get('ES', 0):.1f} of {es.get('AT', 0):.1f} periods · "
                     f"SPI(t) {ratio(es.get('SPI_T'))} · IEAC(t) {es.get('IEAC_T', float('nan')):.1f} periods")
    lines += _forecast_lines(f)
    if s is not None:  # the PM's words last: what the box cannot hold is cut there, whole in the notes
        lines.append(f"Summary: {s.summary.strip() or 'none given.'}")
    if s is not None and s.next_steps.strip():
        lines.append(f"Next steps: {s.next_steps.strip()}")
    return lines


def _forecast_lines(f: ProjectFigures) -> list[str]:
    """The forecast finish by each method the project has: schedule risk (SRA P50 / P80) and
    throughput (P50 / P85, with the items likely done by the release date); an Agile project's
    throughput first. An Agile or Hybrid project without a Throughput history says so."""
    p, c, a = f.project, f.confidence, f.agile
    sra: list[str] = []
    if c is not None and c.p50_finish:
        sra.append(f"Forecast finish (SRA): P50 {short_day(c.p50_finish)}, P80 {short_day(c.p80_finish)} "
                   f"(baseline {short_day(p.baseline_finish)})")
    if f.negative_float:  # a deadline or constraint date the forecast cannot meet
        sra.append(f"Negative float on {len(f.negative_float)} tasks ({', '.join(f.negative_float[:6])}"
                   f"{', …' if len(f.negative_float) > 6 else ''}): a deadline or constraint date cannot be met"
                   + (f"; deadline missed: {', '.join(f.missed_deadlines)}" if f.missed_deadlines else ""))
    flow: list[str] = []
    if a is not None and a.p85_finish is not None:
        line = f"Forecast finish (throughput): P50 {short_day(a.p50_finish)}, P85 {short_day(a.p85_finish)}"
        if a.release is not None and a.items_by_release is not None:
            line += (f" · by the release date {short_day(a.release)}: {a.items_by_release:g} of the {a.backlog:g} "
                     "items left likely done (85%)")
        flow.append(line)
    elif a is not None:
        flow.append("Forecast finish (throughput): no finished items in the history to forecast from.")
    elif p.methodology in ("Agile", "Hybrid"):
        flow.append("Forecast finish (throughput): no Throughput rows with a backlog yet.")
    if not sra and not flow:
        return ["Forecast finish: no tasks with three-point estimates and no throughput history."]
    return flow + sra if p.methodology == "Agile" else sra + flow


def _milestone_row(m: object) -> list[Cell | str]:
    baseline, forecast, actual = m.baseline_date, m.forecast_date, m.actual_date  # type: ignore[attr-defined]
    late = slip(forecast, baseline)
    slipped = bool(late) and late.startswith("+")
    shown = f"{short_day(forecast)} ({late})" if late and late != "on baseline" else short_day(forecast)
    return [m.milestone, short_day(baseline),  # type: ignore[attr-defined]
            Cell(shown, colour=LATE if slipped else None, bold=slipped), short_day(actual)]

