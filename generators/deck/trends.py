"""Trends over the last reports: RAG history as a row of lettered, coloured cells (readable in
greyscale), CPI / SPI lines, and the forecast finish report by report (the slip chart). Used in
the executive summary's and the project pages' lower third."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pmokit.addin import evm as evm_core
from pmokit.addin.calendar import to_serial
from pmokit.generators.analysis import TREND_PERIODS, ProjectFigures, TrendPoint
from pmokit.generators.deck import charts, rag, tables
from pmokit.generators.deck.tables import Cell, Notes
from pmokit.generators.deck.template import say_missing
from pmokit.workbooks.model import StatusReport

# Three rows fit the lower third (the status table and the project's status line show scope).
DIMENSIONS = (("Overall", "rag_overall"), ("Schedule", "rag_schedule"), ("Cost", "rag_cost"))
ONE_REPORT = "One status report so far: a trend needs two."


def month(d: dt.date) -> str:
    """A report's column heading: "Nov" (the years are in the first heading: six "Nov 26"s do
    not fit a third of a slide at 10 pt)."""
    return d.strftime("%b")


def years(dates: list[dt.date]) -> str:
    """The years a row of months spans: "2026" or "2026–27"."""
    first, last = min(dates).year, max(dates).year
    return str(first) if first == last else f"{first}–{last % 100:02d}"


def rag_history(slide: Any, placeholder: Any, points: list[TrendPoint], notes: Notes) -> None:
    """The last reports' RAG per dimension: letter and colour, oldest left."""
    recent = points[-TREND_PERIODS:]
    if not recent:
        say_missing(slide, placeholder, "No status report yet, so no RAG history.")
        return
    header = [f"RAG {years([p.status_date for p in recent])}"] + [month(p.status_date) for p in recent]
    rows: list[list[Cell | str]] = []
    for label, attr in DIMENSIONS:
        row: list[Cell | str] = [Cell(label, bold=True)]
        for p in recent:
            value = getattr(p, attr)
            fill, colour = rag.colours(value)
            row.append(Cell(rag.label(value), fill, colour, True, "c"))
        rows.append(row)
    tables.fill(placeholder, header, rows, [2.0] + [1.0] * len(recent), size=10, max_lines=1, notes=notes,
                where="RAG history", banded=False)
    if len(recent) == 1:
        notes.facts.append(f"RAG history: {ONE_REPORT}")


def indices(slide: Any, placeholder: Any, points: list[TrendPoint], title: str = "CPI and SPI per report") -> None:
    """CPI and SPI at each of the last reports, on an axis that always shows 1.00 (on plan)."""
    recent = [p for p in points[-TREND_PERIODS:] if p.cpi is not None]
    if len(recent) < 2:
        say_missing(slide, placeholder, ONE_REPORT if recent else "No CPI / SPI yet: no report with PV, EV and AC.")
        return
    values = {"CPI": [p.cpi for p in recent], "SPI": [p.spi for p in recent]}
    chart = charts.date_lines(placeholder, [p.status_date for p in recent], values, "0.00", size=10, ticks=3)
    charts.titled(chart, title, 10)
    charts.index_scale(chart, [v for line in values.values() for v in line if v is not None])


def slip(slide: Any, placeholder: Any, f: ProjectFigures) -> None:
    """The forecast finish at each of the last reports beside the baseline finish: earned
    schedule's for task-planned work, the throughput P85 for agile work (an agile project's first)."""
    recent = f.trend[-TREND_PERIODS:]
    if not recent:
        say_missing(slide, placeholder, "No status report yet, so no forecast finish to trend.")
        return
    lines = {"Earned schedule": [p.forecast_finish for p in recent],
             "Throughput P85": [p.throughput_p85 for p in recent]}
    order = ["Throughput P85", "Earned schedule"] if f.project.methodology == "Agile" else list(lines)
    shown = {name: lines[name] for name in order if sum(d is not None for d in lines[name]) >= 2}
    if not shown:
        say_missing(slide, placeholder, ONE_REPORT if len(recent) < 2 else
                    "No forecast finish to trend: no PV / EV history or throughput.")
        return
    if f.project.baseline_finish:
        shown["Baseline"] = [f.project.baseline_finish] * len(recent)
    chart = charts.date_lines(placeholder, [p.status_date for p in recent],
                              {name: [None if d is None else to_serial(d) for d in dates]
                               for name, dates in shown.items()}, "mmm yy", size=10, ticks=3)
    charts.titled(chart, "Forecast finish per report", 10)
    charts.date_scale(chart, [d for dates in shown.values() for d in dates if d is not None])


def portfolio_points(reports: list[StatusReport], budgets: dict[str, float], as_of: dt.date) -> list[TrendPoint]:
    """The portfolio per reporting date: each project's latest report on or before it, CPI and
    SPI by the core's EVM over the sums (as the summary's index), RAG left blank."""
    ordered = sorted((s for s in reports if s.status_date <= as_of), key=lambda s: s.status_date)
    latest: dict[str, StatusReport] = {}
    out: list[TrendPoint] = []
    for i, s in enumerate(ordered):
        latest[s.project_id] = s
        if i + 1 < len(ordered) and ordered[i + 1].status_date == s.status_date:
            continue
        rows = [r for r in latest.values() if None not in (r.pv, r.ev, r.ac)]
        cpi = spi = None
        if rows:
            sums = [sum(float(getattr(r, k)) for r in rows) for k in ("pv", "ev", "ac")]
            got = evm_core.evm([sum(budgets.get(r.project_id, 0.0) for r in rows)], [sums[0]], [sums[1]], [sums[2]])
            cpi, spi = float(got["CPI"][0]), float(got["SPI"][0])
        out.append(TrendPoint(s.status_date, "", "", "", "", cpi, spi, None, None))
    return out


def rag_counts(slide: Any, placeholder: Any, figures: list[ProjectFigures], notes: Notes) -> None:
    """Overall RAG counts over the portfolio's last reporting months: each project's latest
    report in or before that month."""
    months = sorted({p.status_date.replace(day=1) for f in figures for p in f.trend})[-TREND_PERIODS:]
    if not months:
        say_missing(slide, placeholder, "No status report yet, so no RAG history.")
        return
    header = [f"Overall RAG {years(months)}"] + [month(m) for m in months]
    counts = {m: {"Red": 0, "Amber": 0, "Green": 0} for m in months}
    for f in figures:
        for m in months:
            upto = [p for p in f.trend if p.status_date.replace(day=1) <= m]
            value = rag.normal(upto[-1].rag_overall) if upto else ""
            if value:
                counts[m][value] += 1
    rows: list[list[Cell | str]] = []
    for value in ("Red", "Amber", "Green"):
        fill, colour = rag.colours(value)
        row: list[Cell | str] = [Cell(f"{value} ({value[0]})", fill, colour, True)]
        rows.append(row + [Cell(str(counts[m][value]), align="c") for m in months])
    tables.fill(placeholder, header, rows, [2.6] + [1.0] * len(months), size=10, max_lines=1, notes=notes,
                where="RAG history", banded=False)
