"""Native, editable PowerPoint charts for the deck.

python-pptx has no combo, secondary-axis or Gantt chart type (issue 4), so the roadmap is a
stacked bar chart whose first series (start of the bar) is invisible, on a value axis of Excel
date serials formatted as dates; S-curves are line charts on a real date axis (python-pptx
writes ``c:dateAx`` when the categories are dates).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree
from pmokit.generators.deck.rag import rgb
from pmokit.generators.deck.chartdata import ChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Pt

from pmokit.addin.calendar import to_serial
from pmokit.generators.deck.formatting import short_day

SIZE = 11  # points: chart text
SERIES = {  # consistent everywhere; luminance steps keep them apart in greyscale
    "PV": rgb("A5A5A5"), "EV": rgb("1F4E79"), "AC": rgb("C55A11"),
    "Budget (BAC)": rgb("A5A5A5"), "Actual (AC)": rgb("C55A11"),
    "Forecast (EAC)": rgb("1F4E79"),
    "Demand": rgb("1F4E79"), "Capacity": rgb("A5A5A5"),
    "Plan": rgb("5B9BD5"), "Slip": rgb("C00000"),
    "CPI": rgb("1F4E79"), "SPI": rgb("C55A11"),
    "Done": rgb("1F4E79"), "Scope": rgb("7F7F7F"), "Forecast P50": rgb("5B9BD5"), "Forecast P85": rgb("C55A11"),
    "Earned schedule": rgb("1F4E79"), "Throughput P85": rgb("C55A11"), "Baseline": rgb("7F7F7F"),
}
DASHED = {"PV", "Forecast P50", "Baseline", "SPI"}  # told apart without colour
DOTTED = {"Forecast P85", "Throughput P85"}


def clustered_columns(placeholder: Any, categories: Sequence[str], series: Mapping[str, Sequence[float | None]],
                      number_format: str = "#,##0") -> Any:
    """Clustered columns, one series per entry of ``series`` (e.g. BAC / AC / EAC per project)."""
    data = ChartData(number_format=number_format)  # type: ignore[no-untyped-call]
    data.categories = list(categories)
    for name, values in series.items():
        data.add_series(name, [None if v is None else float(v) for v in values])  # type: ignore[no-untyped-call]
    chart = placeholder.insert_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, data).chart
    _style(chart, number_format)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = -10
    for s in plot.series:
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = SERIES.get(s.name, SERIES["EV"])
    return chart


def date_lines(placeholder: Any, dates: Sequence[dt.date], series: Mapping[str, Sequence[float | None]],
               number_format: str = "#,##0", *, markers: bool = True, size: float = SIZE,
               span_gaps: bool = False, ticks: int = 12) -> Any:
    """Lines over a real date axis (cumulative PV / EV / AC, CPI / SPI, forecast finishes).

    Points sit at their dates (a date axis counts days), so irregular dates keep their spacing;
    ``span_gaps`` joins a series' points across dates where it has no value (a forecast cone
    drawn from the last actual to the forecast date)."""
    data = ChartData(number_format=number_format)  # type: ignore[no-untyped-call]
    data.categories = list(dates)
    data.categories.number_format = "mmm yy"
    for name, values in series.items():
        data.add_series(name, [None if v is None else float(v) for v in values])  # type: ignore[no-untyped-call]
    kind = XL_CHART_TYPE.LINE_MARKERS if markers else XL_CHART_TYPE.LINE
    chart = placeholder.insert_chart(kind, data).chart
    _style(chart, number_format)
    chart.font.size = Pt(size)
    if size < SIZE:  # a small chart: the legend at the side, so the plot keeps its height
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.category_axis.tick_labels.number_format = "mmm yy"
    chart.category_axis.tick_labels.number_format_is_linked = False
    span = (max(dates) - min(dates)).days if dates else 0
    _monthly_ticks(chart, max(1, round(span / 30.4375 / ticks)))  # about ``ticks`` labels
    for ser, name in zip(chart._chartSpace.iter(qn("c:ser")), series):
        _line_look(ser, SERIES.get(name, SERIES["EV"]), 2.25 if markers else 2.0,
                   "dash" if name in DASHED else "sysDot" if name in DOTTED else None, markers)
    if span_gaps:
        blanks = chart._chartSpace.chart.find(qn("c:dispBlanksAs"))
        if blanks is not None:
            blanks.set("val", "span")
    return chart


def _line_look(ser: Any, colour: RGBColor, width: float, dash: str | None, marker: bool) -> None:
    """A line series' colour, width, dash (told apart without colour) and filled markers, written
    as one XML fragment: the same elements python-pptx's line and marker properties write, at a
    fraction of the cost (a deck has a hundred and more of these series)."""
    fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
    look = (f'<c:spPr {nsdecls("c", "a")}><a:ln w="{int(Pt(width))}">{fill}'
            + (f'<a:prstDash val="{dash}"/>' if dash else "") + "</a:ln></c:spPr>")
    at = list(ser).index(ser.find(qn("c:tx"))) + 1  # CT_LineSer: idx, order, tx, spPr, marker, …
    ser.insert(at, parse_xml(look))
    if marker:
        ser.insert(at + 1, parse_xml(f'<c:marker {nsdecls("c", "a")}><c:spPr>{fill}<a:ln>{fill}</a:ln></c:spPr>'
                                     "</c:marker>"))


BAND = "P50–P85 range"  # the burn-up's forecast range, drawn as a band along the whole scope


def burn_up(placeholder: Any, ends: Sequence[dt.date], done: Sequence[float], scope: Sequence[float | None],
            p50: dt.date | None, p85: dt.date | None) -> Any:
    """Items done against total scope per period, and the forecast cone: straight lines from
    the last period's items done to the whole scope at the P50 and P85 completion dates.

    Over a year of weekly periods a week is a hair's breadth, so the range between the two dates
    is also drawn as a translucent band along the scope line whose round ends keep it visible when
    the dates are close (or equal), and the chart's title states both dates: the band's ends sit
    exactly at the dates, only its thickness is drawn, never a date moved."""
    later = sorted({d for d in (p50, p85) if d is not None and d > ends[-1]})
    dates = list(ends) + later
    n, extra = len(ends), len(later)
    last_scope = next((v for v in reversed(scope) if v is not None), done[-1])
    series: dict[str, list[float | None]] = {
        "Done": [*done, *([None] * extra)],
        "Scope": [*scope, *([last_scope] * extra)],
    }
    at: dict[str, int] = {}
    for name, when in (("Forecast P50", p50), ("Forecast P85", p85)):
        if when is None:
            continue
        values: list[float | None] = [None] * len(dates)
        values[n - 1] = done[-1]
        at[name] = dates.index(when) if when in dates else n - 1
        values[at[name]] = last_scope
        series[name] = values
    if at:
        series[BAND] = [last_scope if i in at.values() else None for i in range(len(dates))]
    chart = date_lines(placeholder, dates, series, "0", markers=False, span_gaps=True, ticks=6)
    if at:
        _band_look(list(chart._chartSpace.iter(qn("c:ser")))[-1], SERIES["Forecast P85"])
        _hide_legend_entry(chart, len(series) - 1)  # the title says what the band is
        said = [f"{name[-3:]} {short_day(when)}" for name, when in (("Forecast P50", p50), ("Forecast P85", p85))
                if when is not None]
        titled(chart, "Forecast completion (throughput): " + " · ".join(said), SIZE)
    return chart


def _hide_legend_entry(chart: Any, idx: int) -> None:
    legend = chart._chartSpace.chart.find(qn("c:legend"))
    if legend is not None:
        at = list(legend).index(legend.find(qn("c:legendPos"))) + 1  # CT_Legend: legendPos, legendEntry*, …
        legend.insert(at, parse_xml(f'<c:legendEntry {nsdecls("c")}><c:idx val="{idx}"/><c:delete val="1"/>'
                                    "</c:legendEntry>"))


def _band_look(ser: Any, colour: RGBColor) -> None:
    """A thick translucent line with round ends and a dot at each end (one dot when the ends meet)."""
    fill = f'<a:solidFill><a:srgbClr val="{colour}"><a:alpha val="40000"/></a:srgbClr></a:solidFill>'
    for tag in ("c:spPr", "c:marker"):
        for old in ser.findall(qn(tag)):
            ser.remove(old)
    at = list(ser).index(ser.find(qn("c:tx"))) + 1
    ser.insert(at, parse_xml(f'<c:spPr {nsdecls("c", "a")}><a:ln w="{int(Pt(7))}" cap="rnd">{fill}<a:round/></a:ln>'
                             "</c:spPr>"))
    ser.insert(at + 1, parse_xml(f'<c:marker {nsdecls("c", "a")}><c:symbol val="circle"/><c:size val="7"/><c:spPr>'
                                 f"{fill}<a:ln><a:noFill/></a:ln></c:spPr></c:marker>"))


def roadmap(placeholder: Any, names: Sequence[str], starts: Sequence[dt.date], plan_ends: Sequence[dt.date],
            forecast_ends: Sequence[dt.date], axis: tuple[dt.date, dt.date],
            plot: tuple[float, float, float, float]) -> Any:
    """Horizontal bars from start to baseline finish ("Plan") and on to the forecast finish
    ("Slip"), first project at the top; the invisible first series places each bar's start.

    ``plot`` fixes the plot area's inner rectangle (x, y, w, h as fractions of the chart) so
    milestone and today markers can be laid over it exactly.
    """
    data = ChartData(number_format="0")  # type: ignore[no-untyped-call]
    data.categories = list(names)
    data.add_series("Start", [to_serial(s) for s in starts])  # type: ignore[no-untyped-call]  # date serials
    data.add_series("Plan", [max((p - s).days, 0) for s, p in zip(starts, plan_ends)])  # type: ignore[no-untyped-call]
    data.add_series("Slip", [max((f - p).days, 0) for p, f in zip(plan_ends, forecast_ends)])  # type: ignore[no-untyped-call]
    chart = placeholder.insert_chart(XL_CHART_TYPE.BAR_STACKED, data).chart
    _style(chart, "mmm yy")
    chart.has_legend = False
    bars = chart.plots[0]
    bars.gap_width = 70 if len(names) > 3 else 220
    base, plan, slip = bars.series
    base.format.fill.background()
    base.format.line.fill.background()
    for s in (plan, slip):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = SERIES[s.name]
    value = chart.value_axis
    value.minimum_scale, value.maximum_scale = to_serial(axis[0]), to_serial(axis[1])
    value.major_unit = _month_step(axis)
    value.tick_labels.number_format = "mmm yy"
    value.tick_labels.number_format_is_linked = False
    value.has_major_gridlines = True
    value.major_gridlines.format.line.color.rgb = rgb("D9D9D9")
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    _manual_plot(chart, *plot)
    return chart


def _positive_axis_ids(chart: Any) -> None:
    """python-pptx's bar-chart XML uses negative axis IDs, which the schema forbids (xsd:unsignedInt);
    PowerPoint tolerates them, a strict validator does not."""
    for tag in ("c:axId", "c:crossAx"):
        for el in chart._chartSpace.iter(qn(tag)):
            el.set("val", str(abs(int(el.get("val")))))


def _monthly_ticks(chart: Any, months: float = 1) -> None:
    """A tick label every ``months`` months on a date axis (LibreOffice otherwise labels every day)."""
    axis = chart._chartSpace.chart.plotArea.find(qn("c:dateAx"))
    if axis is None:
        return
    for tag in ("c:baseTimeUnit", "c:majorUnit", "c:majorTimeUnit"):
        old = axis.find(qn(tag))
        if old is not None:
            axis.remove(old)
    anchor = axis.find(qn("c:lblOffset"))
    position = list(axis).index(anchor) + 1 if anchor is not None else len(axis)
    step = str(max(1, round(months)))
    for offset, (tag, val) in enumerate((("baseTimeUnit", "days"), ("majorUnit", step), ("majorTimeUnit", "months"))):
        el = etree.SubElement(axis, qn(f"c:{tag}"))
        el.set("val", val)
        axis.remove(el)
        axis.insert(position + offset, el)


def _month_step(axis: tuple[dt.date, dt.date]) -> float:
    days = (axis[1] - axis[0]).days
    return 30.4375 * max(1, round(days / 30.4375 / 8))


def _manual_plot(chart: Any, x: float, y: float, w: float, h: float) -> None:
    plot_area = chart._chartSpace.chart.plotArea
    old = plot_area.find(qn("c:layout"))
    if old is not None:
        plot_area.remove(old)
    c = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    layout = etree.fromstring(
        f'<c:layout xmlns:c="{c}"><c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/>'
        f'<c:yMode val="edge"/><c:x val="{x}"/><c:y val="{y}"/><c:w val="{w}"/><c:h val="{h}"/>'
        '</c:manualLayout></c:layout>')
    plot_area.insert(0, layout)


def _style(chart: Any, number_format: str) -> None:
    _positive_axis_ids(chart)
    chart.font.size = Pt(SIZE)
    chart.font.name = "Calibri"
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    value = chart.value_axis
    value.tick_labels.number_format = number_format
    value.tick_labels.number_format_is_linked = False
    value.has_major_gridlines = True
    value.major_gridlines.format.line.color.rgb = rgb("D9D9D9")
    value.format.line.fill.background()


def titled(chart: Any, title: str, size: float) -> None:
    """A short bold title over a small chart: what it shows, in words (a legend names only the lines)."""
    chart.has_title = True
    frame = chart.chart_title.text_frame
    frame.text = title
    font = frame.paragraphs[0].runs[0].font
    font.size, font.bold = Pt(size), True  # python-pptx's title does not overlay the plot


def index_scale(chart: Any, values: Sequence[float]) -> None:
    """A CPI / SPI axis that always shows 1.00 (on plan) and at least ±0.05 around the values: a
    library's automatic scale turns 0.99 → 1.01 into a cliff, or 0.74 → 0.93 into a floor at 0."""
    lo, hi = min(min(values), 1.0), max(max(values), 1.0)
    pad = max(0.1 - (hi - lo), 0.0) / 2 + 0.02
    step = next(u for u in (0.05, 0.1, 0.2, 0.25, 0.5, 1.0) if (hi - lo + 2 * pad) / u <= 4)
    _value_scale(chart, math.floor((lo - pad) / step) * step, math.ceil((hi + pad) / step) * step, step)


def date_scale(chart: Any, values: Sequence[dt.date]) -> None:
    """A value axis of dates (Excel serials shown "mmm yy") from the month of the earliest value
    to past the latest, labelled every few months (about three labels). The axis starts on the
    2nd of a month: steps of an average month (30.44 days) then land early in each month, where
    from the 1st the second would still read January (1 Jan + 30.44 days = 31 Jan)."""
    first = (min(values) - dt.timedelta(days=1)).replace(day=1)
    last = max(values)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = max(1, math.ceil(months / 3))
    unit = 30.4375 * step
    lo = to_serial(first) + 1
    hi = lo + unit * max(1, math.ceil((to_serial(last) - lo) / unit + 1e-9))
    _value_scale(chart, lo, hi, unit)


def _value_scale(chart: Any, lo: float, hi: float, unit: float) -> None:
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = round(lo, 4), round(hi, 4), round(unit, 4)
