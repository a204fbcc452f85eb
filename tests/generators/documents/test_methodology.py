"""Issue 11 in the Word documents: sections follow the methodology, dates say which they are,
and the held contingency and the P80 risk reserve stand side by side under their own names."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from pmokit.generators import analysis
from pmokit.generators.documents import DocumentOptions, write_charters, write_plan
from pmokit.generators.documents import formatting as fmt
from pmokit.workbooks.build_sample import sample_portfolio

SAMPLE = sample_portfolio()
OPTIONS = DocumentOptions(iterations=500, currency="EUR")


def _text(path: Path) -> tuple[str, list[list[list[str]]]]:
    doc = Document(str(path))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    return "\n".join(p.text for p in doc.paragraphs), tables


def _headings(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("plans")
    return {m: write_plan(SAMPLE, pid, out, OPTIONS) for m, pid in
            (("Waterfall", "DWP-03"), ("Agile", "DWP-07"), ("Hybrid", "DWP-01"))}


def test_plan_sections_follow_the_methodology(plans: dict[str, Path]) -> None:
    waterfall, agile, hybrid = (set(_headings(plans[m])) for m in ("Waterfall", "Agile", "Hybrid"))
    plan_only = {"Work breakdown structure", "Critical path method result (forecast)", "Stage gates"}
    agile_only = {"Release plan and sprint cadence", "Throughput forecast", "Definition of done",
                  "Backlog and scope management"}
    assert plan_only <= waterfall and not agile_only & waterfall
    assert agile_only <= agile and not plan_only & agile
    assert plan_only | agile_only <= hybrid
    assert "Scope and work breakdown structure" in waterfall and "Scope and backlog" in agile
    assert "Scope, work breakdown structure and backlog" in hybrid


def test_governance_meets_at_stage_gates_or_releases(plans: dict[str, Path]) -> None:
    """An agile plan has no stage gates to meet at: its committee meets at every release."""
    assert "meets monthly and at every stage gate." in _text(plans["Waterfall"])[0]
    assert "meets monthly and at every release." in _text(plans["Agile"])[0]
    raci = {m: [row[0] for t in _text(plans[m])[1] if t[0][0] == "Activity" for row in t[1:]] for m in plans}
    assert "Stage gate decision" in raci["Waterfall"] and "Deliver work packages" in raci["Hybrid"]
    assert "Release decision" in raci["Agile"] and "Deliver backlog items" in raci["Agile"]


def test_finished_tasks_show_done_not_a_criticality(plans: dict[str, Path]) -> None:
    _, tables = _text(plans["Waterfall"])
    estimates = next(t for t in tables if t[0][:2] == ["ID", "Task"] and "Criticality" in t[0])
    done = {t.task_id for t in SAMPLE.tasks_of("DWP-03") if t.percent_complete >= 1}
    column = estimates[0].index("Criticality")
    assert done and all((row[column] == "done") == (row[0] in done) for row in estimates[1:])


def test_agile_plan_tables_hold_their_own_rows(plans: dict[str, Path]) -> None:
    """A table left out with its section must not lend its rows to another (the fast-table
    markers 'table 1' and 'table 10' once matched each other)."""
    _, tables = _text(plans["Agile"])
    decisions = next(t for t in tables if t[0] == ["Decision", "Needed by", "Owner", "Status"])
    names = {d.decision for d in SAMPLE.decisions_of("DWP-07")}
    assert {row[0] for row in decisions[1:]} <= names | {"No decisions pending"}


def test_wbs_shows_planned_dates_and_the_cpm_table_forecast_ones(plans: dict[str, Path]) -> None:
    _, tables = _text(plans["Waterfall"])
    wbs = next(t for t in tables if t[0][:3] == ["WBS", "ID", "Task"])
    assert wbs[0][-2:] == ["Planned start", "Planned finish"]
    tasks = {t.task_id: t for t in SAMPLE.tasks_of("DWP-03")}
    for row in wbs[1:]:
        assert row[-1] == fmt.date(tasks[row[1]].finish)
    cpm = next(t for t in tables if t[0][:3] == ["ID", "Task", "Forecast early start"])
    figures = analysis.project_figures(SAMPLE, "DWP-03", seed=OPTIONS.seed, iterations=OPTIONS.iterations)
    forecast = {t.task_id: t for t in figures.tasks}
    assert all(row[3] == fmt.date(forecast[row[0]].early_finish) for row in cpm[1:])


def test_charter_budget_names_contingency_and_reserve_and_funds_the_contingency(tmp_path: Path) -> None:
    (path,) = write_charters(SAMPLE, ["DWP-03"], tmp_path, OPTIONS)
    text, tables = _text(path)
    f = analysis.project_figures(SAMPLE, "DWP-03", seed=OPTIONS.seed, iterations=OPTIONS.iterations)
    budget = {row[0]: row[1] for t in tables for row in t if len(row) == 2}
    assert budget["Contingency held (management reserve)"] == fmt.money(f.contingency, "EUR")
    assert budget["Risk reserve at P80 (advice from the risk register, not funded)"] == fmt.money(f.risk_reserve_p80, "EUR")
    assert budget["Total funding requested (BAC + contingency held)"] == fmt.money(f.bac + f.contingency, "EUR")  # type: ignore[operator]
    share = int(f.contingency_confidence * 100)  # type: ignore[operator]
    assert f"{fmt.money(f.contingency, 'EUR')} covers the risk register at P{share}" in text
    assert "Contingency: risk reserve" not in text  # the old mislabel


def test_agile_charter_estimates_with_its_throughput(tmp_path: Path) -> None:
    (path,) = write_charters(SAMPLE, ["DWP-07"], tmp_path, OPTIONS)
    _, tables = _text(path)
    forecast = {row[0]: row[1] for t in tables if t[0] == ["Measure", "Value"] for row in t[1:]}
    a = analysis.project_figures(SAMPLE, "DWP-07", seed=OPTIONS.seed, iterations=OPTIONS.iterations).agile
    assert a is not None
    assert forecast["Completion date, P85 (forecast)"] == fmt.date(a.p85_finish)
    assert not any(t[0][:2] == ["Measure", "Baseline"] for t in tables)  # no schedule-risk table for Agile
