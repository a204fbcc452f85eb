"""The deck reopened with python-pptx: the slide list, chart types, and values against the
calculation functions and against figures worked by hand from the Status sheet (conftest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.presentation import Presentation as PresentationType

from pmokit.addin import evm
from pmokit.addin.udf_variance import PMO_EVM  # the Excel surface, as pmokit.addin.functions exports it
from deck.conftest import AS_OF, OPTIONS, charts, rows, slide_titled, tables, texts, titles
from workbook_factory import small_portfolio
from pmokit.generators.deck import DeckOptions, rag, write_deck
from pmokit.workbooks.model import Portfolio, Project, Task

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's 1900 date system (ECMA-376 Part 1, 18.17.4.1)


def test_slides_come_in_the_order_the_issue_lists(deck: PresentationType) -> None:
    assert titles(deck) == [
        "Digital: steering committee", "Executive summary", "Portfolio status", "Financials", titles(deck)[4],
        "Roadmap", "Resources", titles(deck)[7], "Decisions asked of the committee",
        "P01 CRM replacement: Amber", "P02 Mobile app: Green", "Appendix: governance compliance",
        "Appendix: schedule health"]
    assert titles(deck)[4].startswith("Reserves: ")
    assert titles(deck)[7].startswith("Risks: risk reserve at P80 ")


def test_status_table_cpi_is_pmo_evm_of_the_latest_report(deck: PresentationType) -> None:
    table = tables(slide_titled(deck, "Portfolio status"))[0]
    body = list(rows(table))[1:]
    # By hand: P01 CPI = EV / AC = 470k / 505k = 0.9307; P02 = 18k / 21k = 0.8571.
    assert [r[8] for r in body] == ["0.93", "0.86"]
    core = evm.evm([850000.0, 300000.0], [520000.0, 20000.0], [470000.0, 18000.0], [505000.0, 21000.0])
    assert [f"{v:.2f}" for v in core["CPI"]] == ["0.93", "0.86"]
    surface = PMO_EVM(850000.0, 520000.0, 470000.0, 505000.0, "CPI")
    value = surface[0][0] if isinstance(surface, list) else surface
    assert f"{float(value):.2f}" == body[0][8]
    # SPI = EV / PV: 470/520 = 0.904, 18/20 = 0.90
    assert [r[9] for r in body] == ["0.90", "0.90"]


def test_rag_cells_carry_letter_trend_and_the_one_colour_map(deck: PresentationType) -> None:
    table = tables(slide_titled(deck, "Portfolio status"))[0]
    overall = table.cell(1, 4)
    # P01 went Green (25 Sep) → Amber (30 Oct): worse, so ↓
    assert overall.text_frame.text == "A ↓"
    assert overall.fill.fore_color.rgb == rag.FILLS["Amber"][0]
    assert table.cell(2, 4).text_frame.text == "G"  # P02 has a single report: no trend


def test_financial_bars_are_bac_ac_eac_and_the_scurve_sums_the_status_sheet(deck: PresentationType) -> None:
    bars, curve = charts(slide_titled(deck, "Financials"))
    assert bars.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    values = {s.name: list(s.values) for s in bars.plots[0].series}
    assert values["Budget (BAC)"] == [850000.0, 300000.0]
    assert values["Actual (AC)"] == [505000.0, 21000.0]
    assert values["Forecast (EAC)"] == pytest.approx([850000 / (470 / 505), 300000 / (18 / 21)])
    assert curve.chart_type == XL_CHART_TYPE.LINE_MARKERS
    series = {s.name: list(s.values) for s in curve.plots[0].series}
    assert series["EV"] == [380000.0, 470000.0, 488000.0]
    assert series["PV"] == [400000.0, 520000.0, 540000.0]
    assert series["AC"] == [390000.0, 505000.0, 526000.0]
    xml = curve._chartSpace.xml
    assert "<c:dateAx>" in xml and 'c:majorTimeUnit val="months"' in xml  # a real date axis


def test_project_page_curve_is_its_own_status_history(deck: PresentationType) -> None:
    curve, indices = charts(slide_titled(deck, "P01 "))  # the S-curve, then the lower third's CPI / SPI
    series = {s.name: list(s.values) for s in curve.plots[0].series}
    trend = {s.name: list(s.values) for s in indices.plots[0].series}
    assert trend["CPI"] == pytest.approx([380 / 390, 470 / 505]) and trend["SPI"] == pytest.approx([380 / 400, 470 / 520])
    # Earned schedule needs two reports, so only the last one has a forecast finish: no slip line yet.
    assert "No forecast finish to trend" in texts(slide_titled(deck, "P01 "))
    assert series == {"PV": [400000.0, 520000.0], "EV": [380000.0, 470000.0], "AC": [390000.0, 505000.0]}
    page = texts(slide_titled(deck, "P01 "))
    assert "CPI 0.93 · SPI 0.90" in page and "Next steps: Agree extra tester." in page
    milestones = tables(slide_titled(deck, "P01 "))[0]
    # Go-live: baseline 16 Nov, forecast 7 Dec 2026 = 21 days late
    assert list(rows(milestones))[2][2] == "7 Dec 26 (+21d)"


def test_roadmap_is_a_stacked_bar_with_an_invisible_base_of_date_serials(deck: PresentationType) -> None:
    slide = slide_titled(deck, "Roadmap")
    (chart,) = charts(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    base, plan, slip = chart.plots[0].series
    assert list(base.values) == [float((dt.date(2026, 2, 2) - EXCEL_EPOCH).days)]
    assert base.format.fill.type is not None and "noFill" in base._element.xml
    assert list(plan.values) == [(dt.date(2026, 12, 18) - dt.date(2026, 2, 2)).days]
    assert list(slip.values) == [(dt.date(2027, 1, 29) - dt.date(2026, 12, 18)).days]
    shapes = [s.name for s in slide.shapes]
    assert shapes.count("Milestone") == 3  # design (on time), go-live baseline + slipped forecast
    assert "Reporting date" in shapes
    assert "Not shown (no start or baseline finish): P02." in texts(slide)


def test_roadmap_marks_the_forecast_finish_at_its_date(deck: PresentationType) -> None:
    """pmokit's forecast finish (SRA P80) is a filled ▼ on P01's row, centred where the date axis
    puts that date: the chart's plot area is fixed (roadmap.PLOT), so x = left + w × share of the
    axis's span (its minimum and maximum are date serials)."""
    from pmokit.generators import analysis
    from pmokit.generators.deck.roadmap import PLOT

    slide = slide_titled(deck, "Roadmap")
    (frame,) = [s for s in slide.shapes if s.has_chart]
    axis = frame.chart.value_axis
    (marker,) = [s for s in slide.shapes if s.name == "Forecast finish"]
    f = analysis.project_figures(small_portfolio(), "P01", AS_OF, seed=OPTIONS.seed, iterations=OPTIONS.iterations,
                                 detail=False)
    assert f.confidence is not None and f.agile is None  # task-planned: one marker, the SRA P80
    serial = (f.confidence.p80_finish - EXCEL_EPOCH).days
    share = (serial - axis.minimum_scale) / (axis.maximum_scale - axis.minimum_scale)
    x = frame.left + PLOT[0] * frame.width + PLOT[2] * frame.width * share
    assert abs(marker.left + marker.width / 2 - x) <= 1
    assert marker.fill.fore_color.rgb == RGBColor(0, 0, 0) and "flowChartMerge" in marker._element.xml


def test_heat_map_puts_each_open_risk_in_its_cell(deck: PresentationType) -> None:
    from pmokit.addin.risk import probability_rating

    heat, top = tables(slide_titled(deck, "Risks"))
    assert len(heat.rows) == 6 and len(heat.columns) == 6
    for risk_id, p, impact in (("P01-R01", 0.3, 4), ("P01-R02", 0.1, 3), ("P02-R01", 0.5, 2)):
        band = int(probability_rating([p])[0])
        assert risk_id in heat.cell(6 - band, impact).text_frame.text
    assert [r[0] for r in list(rows(top))[1:]] == ["P01-R01", "P02-R01", "P01-R02"] or len(list(rows(top))) == 4


def test_decisions_and_governance(deck: PresentationType) -> None:
    table = tables(slide_titled(deck, "Decisions"))[0]
    assert list(rows(table))[1][1:4] == ["Approve extra tester for 8 weeks", "4 Dec 2026", "Sponsor"]
    gov = tables(slide_titled(deck, "Appendix"))[0]
    body = {r[0]: r[1:] for r in list(rows(gov))[1:]}
    assert body["P02 Mobile app"][0] == "Gap"  # P02 is in Plan with an unapproved charter
    assert body["P01 CRM replacement"][0] == "OK"
    notes = slide_titled(deck, "Appendix").notes_slide.notes_text_frame.text
    assert "P02 Charter: project P02's charter has no approval date" in notes.splitlines()
    assert "Shortened" not in notes


def test_reporting_date_line_sits_where_the_axis_puts_that_date(deck: PresentationType) -> None:
    """The overlay and the chart agree: the axis runs 1 Feb 2026 – 1 Feb 2027 (the months around
    the earliest start and the latest forecast, 29 Jan 2027), so 27 Nov 2026 lies 299/365 of the
    way along the plot area's width."""
    slide = slide_titled(deck, "Roadmap")
    frame = next(s for s in slide.shapes if getattr(s, "has_chart", False) and s.has_chart)
    axis = frame.chart.value_axis
    assert (axis.minimum_scale, axis.maximum_scale) == (float((dt.date(2026, 2, 1) - EXCEL_EPOCH).days),
                                                        float((dt.date(2027, 2, 1) - EXCEL_EPOCH).days))
    layout = frame.chart._chartSpace.xpath(".//c:plotArea/c:layout/c:manualLayout")[0]
    x, w = (float(layout.xpath(f"c:{k}/@val")[0]) for k in ("x", "w"))
    line = next(s for s in slide.shapes if s.name == "Reporting date")
    expected = frame.left + frame.width * (x + w * 299 / 365)
    assert abs(line.left - expected) <= 12700  # within a point


def test_summary_names_every_rag_move_since_the_last_report() -> None:
    """A move in any of overall / schedule / cost / scope is news for the committee."""
    import dataclasses

    from pmokit.generators import analysis
    from pmokit.generators.deck.overview import rag_changes
    from pmokit.workbooks.model import StatusReport
    from workbook_factory import small_portfolio

    p = small_portfolio()
    f = analysis.project_figures(p, "P01", dt.date(2026, 11, 27), iterations=200)
    before = StatusReport("P01", dt.date(2026, 9, 25), rag_overall="Green", rag_schedule="Green",
                          rag_cost="Amber", rag_scope="Green")
    now = dataclasses.replace(before, status_date=dt.date(2026, 10, 30), rag_schedule="Amber", rag_cost="Amber")
    moved = dataclasses.replace(f, latest=now, previous=before)
    assert rag_changes(moved) == ["P01 schedule Green → Amber"]
    assert rag_changes(dataclasses.replace(f, latest=before, previous=before)) == []


def test_schedule_health_appendix_shows_each_projects_checks(deck: PresentationType) -> None:
    """The small portfolio at 27 November 2026: P01's incomplete tasks are T2, T3 and M1; M1 has no
    successor (1 of 3 = 33% against ≤ 5%), T3's links T2FS+2 and T1 SS make one of 4 links lagged
    (25%) and 3 of 4 finish-to-start (75% against ≥ 90%). P02's only task has no links (100%), so
    leads, lags and link types have nothing to judge.
    Neither has task baselines, so missed tasks, CPLI and BEI are n/a."""
    slide = slide_titled(deck, "Appendix: schedule health")
    header, p01, p02 = rows(tables(slide)[0])
    assert header[:6] == ["Project", "Passed", "Logic", "Leads", "Lags", "FS links"]
    assert p01 == ["P01 CRM replacement", "8 of 11", "33%", "0%", "25%", "75%", "0%", "0%", "0%", "0%",
                   "0%", "0%", "n/a", "OK", "n/a", "n/a"]
    assert p02[:6] == ["P02 Mobile app", "7 of 8", "100%", "n/a", "n/a", "n/a"]  # no links to judge
    notes = slide.notes_slide.notes_text_frame.text
    assert "P01 check 1 Logic: 1 of 3 tasks (33%) against ≤ 5%; failing: M1" in notes


def test_schedule_health_splits_over_follow_on_slides(tmp_path: Path) -> None:
    """Thirty projects of two tasks each: at most twelve rows a slide (rows_per_slide), every project
    once, in order, the header on each slide."""
    ids = [f"X{k:02d}" for k in range(30)]
    portfolio = Portfolio(
        projects=tuple(Project(i, f"Project {i}", "Data", stage="Plan", start=dt.date(2027, 1, 4)) for i in ids),
        tasks=tuple(t for i in ids for t in (Task(i, "A", "Design", optimistic=2.0, most_likely=3.0, pessimistic=5.0),
                                            Task(i, "B", "Build", optimistic=2.0, most_likely=3.0,
                                                 pessimistic=5.0, predecessors="A"))))
    path = write_deck(portfolio, tmp_path / "many.pptx", DeckOptions(as_of=dt.date(2026, 11, 27), iterations=100,
                                                                      project_pages=False))
    prs = Presentation(str(path))
    pages = [s for s in prs.slides if s.shapes.title.text.startswith("Appendix: schedule health")]
    assert [s.shapes.title.text for s in pages] == [f"Appendix: schedule health ({n} of 3)" for n in (1, 2, 3)]
    shown = [row[0] for s in pages for row in list(rows(tables(s)[0]))[1:]]
    assert shown == [f"{i} Project {i}" for i in ids]
    assert all(list(rows(tables(s)[0]))[0][0] == "Project" for s in pages)
