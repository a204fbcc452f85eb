"""Slide 6: the roadmap — projects as bars on a time axis (baseline, then the slip to the planned
finish), milestones baseline vs planned, pmokit's forecast finish marked, a line at the reporting
date, slipped milestones marked.

The bars are a native stacked bar chart (invisible base series); milestones and the reporting-date
line are native shapes laid over the chart's plot area, which is fixed by a manual layout so a
date maps to a known x position (python-pptx has no Gantt chart, issue 4).
"""

from __future__ import annotations

import datetime as dt

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.shapes.autoshape import Shape
from pptx.util import Emu, Pt

from pmokit.generators.analysis import ProjectFigures
from pmokit.generators.deck.rag import rgb
from pmokit.generators.deck import charts, fitting, text
from pmokit.generators.deck.context import Context
from pmokit.generators.deck.formatting import day
from pmokit.generators.deck.template import placeholder, say_missing

PER_SLIDE = 12
PLOT = (0.24, 0.03, 0.73, 0.85)  # inner plot area as fractions of the chart frame: labels left, axis below
SLIPPED = rgb("C00000")
ON_TIME = rgb("1F2A44")
BASELINE = rgb("7F7F7F")
TODAY = rgb("C55A11")
FORECAST = rgb("000000")


def roadmap(ctx: Context) -> None:
    """Bars start → baseline finish, then the slip to the forecast finish, in slides of twelve."""
    dated = [f for f in ctx.figures if _span(f)]
    undated = [f.project.project_id for f in ctx.figures if not _span(f)]
    chunks = [dated[i:i + PER_SLIDE] for i in range(0, len(dated), PER_SLIDE)] or [[]]
    for n, chunk in enumerate(chunks, start=1):
        suffix = f" ({n} of {len(chunks)})" if len(chunks) > 1 else ""
        with ctx.slide("Chart", f"Roadmap{suffix}", "Dates: Projects (start, baseline and planned finish, the "
                       "sheet's Forecast finish column) and Milestones sheets; forecast finish: SRA P80 (PMO_SRA) and "
                       "throughput P85 (PMO_FORECAST). " + ctx.simulated) as (slide, notes):
            ph = placeholder(slide, "Chart")
            lines = ["Bars: start to baseline finish, red: slip to the planned finish (Projects sheet). Milestones: "
                     "outline = baseline, filled = planned, red = slipped. ▼ forecast finish: filled = SRA P80, "
                     f"outline = throughput P85. Orange line: reporting date {day(ctx.as_of)}."]
            if undated:
                lines.append(f"Not shown (no start or baseline finish): {', '.join(undated)}.")
            if not chunk:
                say_missing(slide, ph, "No project has a start and a baseline finish yet, so there is no roadmap.")
            else:
                _bars(slide, ph, chunk, ctx.as_of)
            text.put(placeholder(slide, "Note"), [" ".join(lines)], 11, notes=notes, where="Note")


def _span(f: ProjectFigures) -> tuple[dt.date, dt.date] | None:
    p = f.project
    if p.start is None or p.baseline_finish is None:
        return None
    return p.start, p.baseline_finish


def _bars(slide: object, ph: object, chunk: list[ProjectFigures], as_of: dt.date) -> None:
    dates: list[dt.date] = [as_of]
    for f in chunk:
        p = f.project
        dates += [d for d in (p.start, p.baseline_finish, p.forecast_finish) if d is not None]
        dates += [d for m in f.milestones for d in (m.baseline_date, m.forecast_date) if d is not None]
        dates += [d for d, _ in _forecasts(f)]
    lo = min(dates).replace(day=1)
    hi_month = max(dates).replace(day=1)
    hi = (hi_month + dt.timedelta(days=32)).replace(day=1)
    width_pt = ph.width / 12700 * PLOT[0] - 8  # type: ignore[attr-defined]
    names = [fitting.shorten(f"{f.project.project_id} {f.project.name}", width_pt, charts.SIZE) for f in chunk]
    left, top, w, h = ph.left, ph.top, ph.width, ph.height  # type: ignore[attr-defined]
    spans = [_span(f) for f in chunk]  # every project in a chunk has both dates (see roadmap())
    starts = [s[0] for s in spans if s]
    ends = [s[1] for s in spans if s]
    forecasts = [max(f.project.forecast_finish or end, end) for f, end in zip(chunk, ends)]
    charts.roadmap(ph, names, starts, ends, forecasts, (lo, hi), PLOT)
    x0, y0 = left + PLOT[0] * w, top + PLOT[1] * h
    pw, ph_ = PLOT[2] * w, PLOT[3] * h
    span = (hi - lo).days

    def x(d: dt.date) -> int:
        return int(x0 + pw * (d - lo).days / span)

    row = ph_ / len(chunk)
    size = int(min(row * 0.45, Pt(12)))
    add = _Shapes(slide)
    for i, f in enumerate(chunk):
        centre = y0 + row * (i + 0.5)
        for m in f.milestones:
            late = bool(m.forecast_date and m.baseline_date and m.forecast_date > m.baseline_date)
            if m.baseline_date and late:
                add.marker("diamond", "Milestone", x(m.baseline_date), centre, size, None, BASELINE, 1.5)
            shown = m.actual_date or m.forecast_date or m.baseline_date
            if shown and lo <= shown <= hi:
                add.marker("diamond", "Milestone", x(shown), centre, size, SLIPPED if late else ON_TIME,
                           rgb("FFFFFF"), 0.75)
        for when, filled in _forecasts(f):  # ▼ on the bar's centre line, as the milestones
            add.marker("flowChartMerge", "Forecast finish", x(when), centre, size,
                       FORECAST if filled else rgb("FFFFFF"), FORECAST, 1.0)
    if lo <= as_of <= hi:
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(x(as_of)), Emu(int(y0)),  # type: ignore[attr-defined]
                                          Emu(x(as_of)), Emu(int(y0 + ph_)))
        line.line.color.rgb = TODAY
        line.line.width = Pt(2)
        line.name = "Reporting date"


def _forecasts(f: ProjectFigures) -> list[tuple[dt.date, bool]]:
    """pmokit's forecast finish dates to mark: (SRA P80, filled) and (throughput P85, outlined)."""
    out = []
    if f.confidence is not None and f.confidence.p80_finish:
        out.append((f.confidence.p80_finish, True))
    if f.agile is not None and f.agile.p85_finish is not None:
        out.append((f.agile.p85_finish, False))
    return out


class _Shapes:
    """Markers added straight to the slide's shape tree with ids counted here: python-pptx's
    ``add_shape`` finds the next id by scanning every shape on the slide, which made a roadmap of
    many milestones quadratic (the same XML as ``add_shape``, from python-pptx's own builder)."""

    def __init__(self, slide: object) -> None:
        self._shapes = slide.shapes  # type: ignore[attr-defined]
        self._next = int(self._shapes._next_shape_id)

    def marker(self, prst: str, name: str, cx: int, cy: float, size: int, fill: RGBColor | None,
               outline: RGBColor, width: float) -> None:
        sp = self._shapes._spTree.add_autoshape(self._next, name, prst,
                                                 Emu(cx - size // 2), Emu(int(cy - size / 2)), Emu(size), Emu(size))
        self._next += 1
        shape = Shape(sp, self._shapes)
        if fill is None:
            shape.fill.background()
        else:
            shape.fill.solid()
            shape.fill.fore_color.rgb = fill
        shape.line.color.rgb = outline
        shape.line.width = Pt(width)
