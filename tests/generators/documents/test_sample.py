"""The bundled sample portfolio end to end: the documents show what pmokit.generators.analysis computes
(the same functions as the Excel cells) and what the governance checks find, and the ``pmokit``
command writes them or says what is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from pmokit.generators import analysis
from pmokit.generators.documents import DocumentOptions, formatting as fmt, write_charters, write_plan
from pmokit.generators.documents.writer import governance_findings
from pmokit.workbooks.build_sample import sample_portfolio
from sheet_columns import progress_columns, register_columns, sra_columns

ROOT = Path(__file__).resolve().parents[3]
WORKBOOK = ROOT / "workbooks" / "portfolio.xlsx"


@pytest.fixture(scope="module")
def sample():  # type: ignore[no-untyped-def]
    return sample_portfolio()


def _labels(path: Path) -> dict[str, str]:
    doc = Document(str(path))
    return {row.cells[0].text: row.cells[-1].text for t in doc.tables for row in t.rows}


def test_the_plan_agrees_with_the_analysis(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = max(sample.projects, key=lambda p: len(sample.tasks_of(p.project_id)))
    as_of = analysis.reporting_date(sample)
    path = write_plan(sample, project.project_id, tmp_path, DocumentOptions())
    figures = analysis.project_figures(sample, project.project_id, as_of)
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"at PERT means: {' → '.join(figures.critical_path)}," in text
    wbs = next(t for t in doc.tables if t.rows[0].cells[0].text == "WBS")
    assert [r.cells[1].text for r in wbs.rows[1:]] == [t.task_id for t in figures.tasks]
    # The confidence table names its columns: baseline = approved (Projects sheet), planned = the
    # latest finish entered on the Tasks sheet, forecast = the schedule of the remaining work at
    # the status date (most likely, then P50 / P80 by PMO_SRA), each read by its header.
    confidence = next(t for t in doc.tables if t.rows[0].cells[0].text == "Measure")
    finish = {h.text: c.text for h, c in zip(confidence.rows[0].cells, confidence.rows[1].cells)}
    assert finish["Baseline"] == fmt.date(project.baseline_finish)
    assert finish["Planned"] == fmt.date(max(t.finish for t in sample.tasks_of(project.project_id) if t.finish))
    assert finish["Forecast: most likely"] == fmt.date(figures.confidence.deterministic_finish)
    assert finish["Forecast P50"] == fmt.date(figures.confidence.p50_finish)
    assert finish["Forecast P80"] == fmt.date(figures.confidence.p80_finish)
    labels = _labels(path)
    assert labels["Budget at completion (BAC)"] == fmt.money(figures.bac, "EUR")
    assert labels["Risk reserve at P80 (advice from the risk register, not funded)"] == fmt.money(
        figures.risk_reserve_p80, "EUR")
    findings = governance_findings(sample, project.project_id, as_of)
    checks = next(t for t in doc.tables if t.rows[0].cells[0].text == "Where")
    shown = [r.cells[2].text for r in checks.rows[1:]]
    assert shown == ([f.message for f in findings] or ["No findings"])


def test_every_charter_shows_its_budget_and_reserve(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = write_charters(sample, None, tmp_path, DocumentOptions())
    assert len(written) == len(sample.projects)
    as_of = analysis.reporting_date(sample)
    for project, path in zip(sample.projects, written):
        assert path.name.startswith(project.project_id)
        figures = analysis.project_figures(sample, project.project_id, as_of)
        labels = _labels(path)
        assert labels["Budget at completion (BAC)"] == fmt.money(figures.bac, "EUR")
        assert labels["Risk reserve at P80 (advice from the risk register, not funded)"] == fmt.money(
            figures.risk_reserve_p80, "EUR")
        held = figures.contingency
        assert labels["Contingency held (management reserve)"] == (fmt.money(held, "EUR") if held is not None
                                                                    else "none held")


def _pmokit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from pmokit.generators.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "200"})


@pytest.mark.skipif(not WORKBOOK.is_file(), reason="workbooks/portfolio.xlsx is not built")
def test_the_command_writes_a_plan_or_names_the_unknown_project(tmp_path: Path) -> None:
    done = _pmokit("plan", str(WORKBOOK), "--project", "DWP-09", "-o", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (plan,) = tmp_path.glob("DWP-09 *- Plan.docx")
    assert Document(str(plan)).paragraphs[0].text == "Project management plan"
    wrong = _pmokit("charter", str(WORKBOOK), "--project", "DWP-99", "-o", str(tmp_path / "x"), cwd=tmp_path)
    assert wrong.returncode == 1
    assert "no project with ID 'DWP-99'" in wrong.stderr and "Traceback" not in wrong.stderr
    assert not (tmp_path / "x").exists()


def test_the_plan_p50_and_p80_of_a_project_with_constraints_and_progress_are_pmo_sra(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """DWP-04 carries two SNET constraints and two deadlines, and is part done: the plan's forecast
    P50 and P80 are =PMO_SRA(…, 50%) and (…, 80%) typed over its Tasks rows with the same
    constraint, deadline, progress and status-date arguments and its risk register; the deadline its forecast misses
    shows as negative float."""
    from pmokit.addin.functions import PMO_SRA

    project = sample.project("DWP-04")
    tasks = sample.tasks_of("DWP-04")
    assert {t.constraint_type for t in tasks} == {"", "SNET"} and sum(bool(t.deadline) for t in tasks) == 2
    assert any(0 < t.percent_complete < 1 for t in tasks)
    as_of = analysis.reporting_date(sample)
    path = write_plan(sample, "DWP-04", tmp_path, DocumentOptions())
    confidence = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "Measure")
    finish = {h.text: c.text for h, c in zip(confidence.rows[0].cells, confidence.rows[1].cells)}

    def column(name: str) -> list[list[object]]:
        return [[getattr(t, name)] for t in tasks]

    for level, header in ((0.5, "Forecast P50"), (0.8, "Forecast P80")):
        cell = PMO_SRA(*sra_columns(tasks), level, None, project.start, [[h] for h in sample.calendar.holiday_dates],
                       None, *(register_columns(sample, "DWP-04")[1:6] or [None] * 5), *progress_columns(tasks),
                       as_of, column("remaining"))
        assert finish[header] == fmt.date(cell)
    figures = analysis.project_figures(sample, "DWP-04", as_of)
    signed = next(t for t in figures.tasks if t.name == "UAT signed off")
    assert signed.misses_deadline and signed.negative_float and figures.missed_deadlines == [signed.task_id]
    assert signed.task_id in figures.negative_float


def test_the_plan_shows_schedule_health_and_warns_of_an_unreliable_p80(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """DWP-08 (the sample's unhealthy plan: a 60-day data vault, go-live pinned MFO and claims
    ingestion FNLT) gets the 14 checks as the analysis computed them, and the schedule-risk
    section says its P80 rests on a schedule that fails them; DWP-03, whose plan fails only logic
    (its finish milestone) and the lag checks, gets the logic sentence too but no constraint words."""
    from pmokit.workbooks.schedule_health import failing_text, measured

    as_of = analysis.reporting_date(sample)
    figures = analysis.project_figures(sample, "DWP-08", as_of, detail=False)
    assert figures.health is not None
    doc = Document(str(write_plan(sample, "DWP-08", tmp_path, DocumentOptions())))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Check")
    assert [c.text for c in table.rows[0].cells] == ["Check", "Measured", "Threshold", "Result", "Failing tasks"]
    body = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[0] for r in body] == [f"{c.number} {c.name}" for c in figures.health.checks]
    assert [r[1] for r in body] == [measured(c) for c in figures.health.checks]
    assert [r[3] for r in body] == ["n/a" if c.passed is None else "Pass" if c.passed else "Fail"
                                    for c in figures.health.checks]
    assert body[4] == ["5 Hard constraints", "2 of 24 tasks (8%)", "≤ 5%", "Fail", "12, 28"]
    assert body[7][4] == failing_text(figures.health.checks[7]) == "12, 13"  # claims ingestion, data vault
    text = [p.text for p in doc.paragraphs]
    risk = len(text) - 1 - text[::-1].index("Schedule risk (three-point tasks)")  # the section, not the contents
    assert text[risk + 1] == (
        "The P80 below rests on a schedule with 3 tasks missing logic, 2 tasks under hard constraints, "
        "13 tasks with negative float, 2 tasks longer than 44 working days and a critical path a slip "
        "does not carry to the finish: treat it as indicative.")
    other = Document(str(write_plan(sample, "DWP-03", tmp_path, DocumentOptions())))
    said = [p.text for p in other.paragraphs]
    assert said[len(said) - said[::-1].index("Schedule risk (three-point tasks)")] == (
        "The P80 below rests on a schedule with 1 task missing logic: treat it as indicative.")
