"""Issue 11: the deck says what the cells say. Each figure is rebuilt here through the Excel
functions (pmokit.addin.functions) from the workbook's own rows — never a hard-coded simulated
value — and must equal what the slide shows; agile work is reported as agile; reserves carry
their own names; and every table stays on its slide under load."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from ooxml_integrity import ERROR, WARN, check_pptx
from pptx import Presentation
from pptx.util import Inches

from pmokit.addin import defaults, udf
from pmokit.addin.functions import PMO_FORECAST, PMO_FORECAST_ITEMS, PMO_RISK_RESERVE, PMO_SRA, PMO_SRA_RISKS
from pmokit.generators import analysis
from pmokit.generators.deck import DeckOptions, write_deck
from pmokit.generators.deck.formatting import money, short_day
from pmokit.generators.deck.overview import OPEN_DECISION
from pmokit.generators import remaining
from pmokit.workbooks import build_sample
from pmokit.workbooks.loader import load_portfolio
from deck.conftest import charts, rows, slide_titled, tables, texts
from sheet_columns import progress_columns, register_columns, sra_columns

sys.path.insert(0, str(Path(__file__).parent))
from load_portfolio import AS_OF as LOAD_AS_OF, load_portfolio as loaded_portfolio  # noqa: E402


EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's 1900 date system (ECMA-376 Part 1, 18.17.4.1)


def _value(cell: object) -> object:
    return cell[0][0] if isinstance(cell, list) else cell


@pytest.fixture(scope="module")
def sample() -> analysis.Portfolio:  # type: ignore[name-defined]
    return load_portfolio(build_sample.OUTPUT)


@pytest.fixture(scope="module")
def sample_deck(sample: object, tmp_path_factory: pytest.TempPathFactory) -> object:
    """The sample's deck at the defaults: the cells' seed and iteration count."""
    return Presentation(str(write_deck(sample, tmp_path_factory.mktemp("h11") / "deck.pptx")))  # type: ignore[arg-type]


def test_one_default_seed_and_iteration_count_for_cells_deck_and_documents() -> None:
    from pmokit.generators.deck.options import DeckOptions as Deck
    from pmokit.generators.documents.options import DocumentOptions

    assert udf.DEFAULT_SEED is defaults.DEFAULT_SEED is analysis.DEFAULT_SEED
    assert udf.DEFAULT_ITERATIONS is defaults.DEFAULT_ITERATIONS is analysis.DEFAULT_ITERATIONS
    for options in (Deck(), DocumentOptions()):
        assert (options.seed, options.iterations) == (defaults.DEFAULT_SEED, defaults.DEFAULT_ITERATIONS)


def test_deck_p80_reserve_and_forecast_are_the_cell_functions_on_the_workbook_rows(sample, sample_deck) -> None:  # type: ignore[no-untyped-def]
    pages = [list(rows(tables(s)[0])) for s in sample_deck.slides
             if s.shapes.title.text_frame.text.startswith("Portfolio status")]
    header, body = pages[0][0], {r[0]: r for page in pages for r in page[1:]}
    assert set(body) == {p.project_id for p in sample.projects}
    forecast_col = header.index("Forecast finish (method)")
    as_of = analysis.reporting_date(sample)
    holidays = [[h] for h in sample.calendar.holiday_dates]
    pinned = 0  # projects checked whose tasks carry constraints or deadlines
    reserve_rows = {r[0].split(" ")[0]: r for r in rows(tables(slide_titled(sample_deck, "Reserves"))[0])}
    for project in sample.projects:
        tasks = sample.tasks_of(project.project_id)
        # PMO_SRA over the Tasks sheet's own columns at the status date: constraints, deadlines,
        # actual dates, % complete and remaining, as an analyst would type them (the sample records
        # its actual dates, so the forecast reads the columns as they stand), with the project's open
        # risks (the Risks sheet's rows, closed and occurred ones left out) as the register.
        if any(t.percent_complete < 1 for t in tasks):
            assert remaining.progress(list(tasks), as_of).arguments()[3:5] == (
                [t.actual_start for t in tasks], [t.actual_finish for t in tasks])
            sra = PMO_SRA(*sra_columns(tasks), 0.8, None, project.start, holidays, None,
                          *(register_columns(sample, project.project_id)[1:6] or [None] * 5),
                          *progress_columns(tasks), as_of,
                          [[t.remaining] for t in tasks])
            assert f"{short_day(_value(sra))} (SRA P80)" in body[project.project_id][forecast_col]
            pinned += any(t.constraint_type or t.deadline for t in tasks)
        risks = analysis.open_risks(sample.risks_of(project.project_id))
        chance, low, likely, high = analysis.register_inputs(risks)
        if not chance:  # nothing to simulate: the slide says so rather than print a reserve of 0
            assert reserve_rows[project.project_id][5] == "no costed risks"
        else:
            reserve = _value(PMO_RISK_RESERVE([[v] for v in chance], [[v] for v in low], [[v] for v in likely],
                                              [[v] for v in high], 0.8))
            assert money(float(reserve)) == reserve_rows[project.project_id][5]  # type: ignore[arg-type]
        flow = [t for t in sample.throughput_of(project.project_id) if t.period_end <= as_of]
        if flow:
            days = analysis.period_days([t.period_end for t in flow])
            p85 = _value(PMO_FORECAST([[t.items_done] for t in flow], flow[-1].backlog, 0.85, flow[-1].period_end, days))
            assert f"{short_day(p85)} (throughput P85)" in body[project.project_id][forecast_col]
    assert pinned >= 2  # DWP-04 (constraints and deadlines) and DWP-11 (an imported plan's)


def test_schedule_risk_figures_are_pmo_sra_and_pmo_sra_risks_over_the_risks_sheet(sample, sample_deck) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: the P50 / P80 with and without the register, after mitigation, and each driver's
    P80 without it and days it adds, as PMO_SRA and PMO_SRA_RISKS give them over the Tasks rows
    (with their constraints and progress at the status date) and the Risks rows, at the cells'
    defaults."""
    as_of = analysis.reporting_date(sample)
    holidays = [[h] for h in sample.calendar.holiday_dates]
    seen = 0
    for project in sample.projects:
        reg = register_columns(sample, project.project_id)
        if not reg:
            continue
        seen += 1
        tasks = sample.tasks_of(project.project_id)
        cols = sra_columns(tasks)
        progress = [*progress_columns(tasks), as_of, [[t.remaining] for t in tasks]]
        f = analysis.project_figures(sample, project.project_id, detail=False)
        assert f.confidence is not None and (got := f.confidence.register) is not None
        for q, with_it, without in ((0.5, got.p50_with, got.p50_without), (0.8, got.p80_with, got.p80_without)):
            assert _value(PMO_SRA(*cols, q, None, project.start, holidays, None, *reg[1:6], *progress)) == with_it
            assert _value(PMO_SRA(*cols, q, None, project.start, holidays, None, *[None] * 5, *progress)) == without
        assert got.p80_with == f.confidence.p80_finish and got.p50_with == f.confidence.p50_finish
        table = PMO_SRA_RISKS(*cols, *reg, None, None, project.start, holidays, None, *progress)
        assert table[0] == ["Risk", "P80 with it", "P80 without it", "Days it adds", "P80 with it mitigated",
                            "Days mitigation saves"]
        *ranked, total = table[1:]
        assert total[1:3] == [got.p80_with, got.p80_without] and total[4] == got.p80_mitigated
        assert [r[0] for r in ranked] == [d.risk.risk_id for d in got.drivers]
        for row, d in zip(ranked, got.drivers):
            assert row[2] == d.without and row[4] == d.mitigated
            assert row[3] == pytest.approx(d.adds) and row[5] == pytest.approx(d.saves)
        assert got.p80_without <= got.p80_mitigated <= got.p80_with  # mitigation helps, the register costs
    assert seen >= 2  # the sample links risks to tasks in at least two projects
    # The deck's drivers table: the risks adding most days over the projects, each its project's P80
    # with and without it, and the days as PMO_SRA_RISKS gives them (one decimal).
    slide = slide_titled(sample_deck, "Risks")
    header, *body = list(rows(tables(slide)[2]))
    assert header == ["ID", "Schedule risk", "P80 with it", "P80 without it", "Days it adds"]
    drivers = sorted(((f.project.project_id, d, f.confidence.register) for p in sample.projects
                      if (f := analysis.project_figures(sample, p.project_id, detail=False)).confidence
                      and f.confidence.register for d in f.confidence.register.drivers),
                     key=lambda x: -x[1].adds)[:5]
    assert len(body) == 5
    for row, (pid, d, reg) in zip(body, drivers):
        assert row[0] == f"{pid}-{d.risk.risk_id}"
        assert row[2:] == [short_day(reg.p80_with), short_day(d.without), f"{d.adds:.1f}"]
        assert row[1] == d.risk.title or row[1].endswith("…")


def test_burn_up_is_the_throughput_sheet_and_its_cone_is_pmo_forecast(sample, sample_deck) -> None:  # type: ignore[no-untyped-def]
    agile = [p for p in sample.projects if sample.throughput_of(p.project_id)]
    assert {p.methodology for p in agile} == {"Agile", "Hybrid"}  # the sample has both, with history
    for project in agile:
        flow = sample.throughput_of(project.project_id)
        assert len(flow) >= 20 and flow[-1].backlog >= 20  # enough history and work left to forecast
        burn_up = charts(slide_titled(sample_deck, f"{project.project_id} "))[0]
        series = {s.name: list(s.values) for s in burn_up.plots[0].series}
        dates = [c if isinstance(c, dt.date) else EXCEL_EPOCH + dt.timedelta(days=float(c))
                 for c in burn_up.plots[0].categories]
        n = len(flow)
        # Done: the running sum of Items done; scope: that plus the Backlog column, period by period.
        done, total = 0.0, []
        for row in flow:
            done += row.items_done
            total.append(done)
        assert series["Done"][:n] == pytest.approx(total)
        assert series["Scope"][:n] == pytest.approx([d + r.backlog for d, r in zip(total, flow)])
        for name, q in (("Forecast P50", 0.5), ("Forecast P85", 0.85)):
            end = max(i for i, v in enumerate(series[name]) if v is not None)
            expected = _value(PMO_FORECAST([[r.items_done] for r in flow], flow[-1].backlog, q, flow[-1].period_end,
                                           analysis.period_days([r.period_end for r in flow])))
            assert dates[end] == expected
            assert series[name][n - 1] == pytest.approx(total[-1])  # the cone starts at the last actual
        page = texts(slide_titled(sample_deck, f"{project.project_id} "))
        f = analysis.project_figures(sample, project.project_id, detail=False)
        assert f.agile is not None and f.agile.items_by_release is not None
        periods = f.agile.periods_to_release
        items = _value(PMO_FORECAST_ITEMS([[r.items_done] for r in flow], periods, 0.85))
        assert f"{min(float(items), flow[-1].backlog):g} of the {flow[-1].backlog:g} items left likely done (85%)" in page  # type: ignore[arg-type]


def test_contingency_and_reserve_are_side_by_side_and_never_one_another(sample, sample_deck) -> None:  # type: ignore[no-untyped-def]
    reserves = list(rows(tables(slide_titled(sample_deck, "Reserves"))[0]))
    assert reserves[0][3].startswith("Contingency held") and reserves[0][5].startswith("Risk reserve P80 (advice)")
    short = [p for p in sample.projects
             if (f := analysis.project_figures(sample, p.project_id, detail=False)).contingency is not None
             and f.contingency < f.risk_reserve_p80]
    assert short  # the sample holds at least one project below its P80 reserve
    f = analysis.project_figures(sample, short[0].project_id, detail=False)
    row = next(r for r in reserves if r[0].startswith(short[0].project_id))
    assert row[3] == money(f.contingency) and row[4] == f"P{int(f.contingency_confidence * 100)}"  # type: ignore[operator]
    # The confidence is the share of the very simulation behind PMO_RISK_RESERVE that the held amount covers:
    # the reserve at that percentile is at most the contingency, one point higher it is more.
    chance, low, likely, high = analysis.register_inputs(f.risks)
    cols = [[[v] for v in c] for c in (chance, low, likely, high)]
    q = int(f.contingency_confidence * 100) / 100  # type: ignore[operator]
    assert float(_value(PMO_RISK_RESERVE(*cols, q - 0.005))) <= f.contingency  # type: ignore[arg-type,operator]
    assert float(_value(PMO_RISK_RESERVE(*cols, q + 0.015))) > f.contingency  # type: ignore[arg-type,operator]


def test_no_table_leaves_its_slide_under_load(tmp_path: Path) -> None:
    """40 projects, 25 roles, 200 open risks: every table continues on a follow-on slide."""
    path = write_deck(loaded_portfolio(), tmp_path / "load.pptx", DeckOptions(as_of=LOAD_AS_OF, iterations=300))
    assert [str(f) for f in check_pptx(path) if f.severity in (ERROR, WARN)] == []
    prs = Presentation(str(path))
    note_top = Inches(6.62)  # the Note placeholder under every content layout
    for slide in prs.slides:
        for shape in slide.shapes:
            if getattr(shape, "has_table", False) and shape.has_table:
                assert shape.top + shape.height <= note_top, slide.shapes.title.text_frame.text
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    risks = next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Risks"))
    assert [len(t.rows) for t in tables(risks)[1:]] == [6, 6]  # five top risks and five drivers, one column
    for start in ("Portfolio status (1 of", "Reserves", "Resources", "Decisions asked of the committee (1 of"):
        assert any(t.startswith(start) for t in titles), start
    assert any(t.startswith("Resources") and "(2 of" in t for t in titles)  # 25 roles continue


def test_a_table_a_row_too_long_takes_a_smaller_size_not_a_slide_for_its_last_row(sample, sample_deck) -> None:  # type: ignore[no-untyped-def]
    """The sample's ten open decisions fit one slide at 11 pt; at 12 pt the tenth row went to a
    follow-on slide of its own. Every open decision is still listed, once."""
    titles = [s.shapes.title.text_frame.text for s in sample_deck.slides]
    decision_slides = [s for s, t in zip(sample_deck.slides, titles) if t.startswith("Decisions asked")]
    assert [s.shapes.title.text_frame.text for s in decision_slides] == ["Decisions asked of the committee"]
    listed = [r[1] for s in decision_slides for r in list(rows(tables(s)[0]))[1:]]
    wanted = [d.decision for d in sample.decisions if d.status.strip().lower() in OPEN_DECISION]
    assert sorted(listed) == sorted(wanted)
