"""Issue 12 in the charter and the plan: the confidence table's P50 / P80 with and without the risk
register, the plan's schedule-risk drivers with the P80 before and after mitigation, and (issue
10) how many three-point estimates are still the import's default spread.

The figures themselves are the cells' (tests/generators/deck/test_reporting.py rebuilds them with
PMO_SRA and PMO_SRA_RISKS from the workbook's rows); here each document is reopened and checked
against them value by value."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from docx import Document

from pmokit.addin.calendar import WorkCalendar
from pmokit.generators import analysis, schedule_risk
from pmokit.generators.documents import DocumentOptions, formatting as fmt, write_charters, write_plan
from pmokit.workbooks.build_sample import sample_portfolio
from pmokit.workbooks.model import Portfolio

WITH_RISKS = "DWP-04"  # waterfall, two open risks that delay tasks (R03 on task 17, R05 on task 23)
WITHOUT_RISKS = "DWP-10"  # waterfall, cost-only risks
IMPORTED = "DWP-11"  # imported from MSPDI without PERT fields: every estimate is the default spread


@pytest.fixture(scope="module")
def sample() -> Portfolio:
    return sample_portfolio()


def _table(path: Path, first: str, second: str = "") -> list[list[str]]:
    table = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == first
                 and (not second or t.rows[0].cells[1].text == second))
    return [[c.text for c in r.cells] for r in table.rows]


def _text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs)


def test_charter_confidence_table_gives_p50_and_p80_with_and_without_the_register(
        sample: Portfolio, tmp_path: Path) -> None:
    [path] = write_charters(sample, [WITH_RISKS], tmp_path, DocumentOptions())
    c = analysis.project_figures(sample, WITH_RISKS).confidence
    assert c is not None and c.register is not None
    header, with_row, without_row, *_ = _table(path, "Measure")
    assert header[-2:] == ["Forecast P50", "Forecast P80"]
    assert with_row[0] == "Finish date with the risk register (2 schedule risks)"
    assert with_row[-2:] == [fmt.date(c.p50_finish), fmt.date(c.p80_finish)]
    assert without_row == ["Finish date without the risk register", "", "", "",
                           fmt.date(c.register.p50_without), fmt.date(c.register.p80_without)]
    # The register only adds delays: the finish without it is never later (same random numbers).
    assert c.register.p50_without <= c.p50_finish and c.register.p80_without <= c.p80_finish
    calendar = WorkCalendar(sample.calendar.weekmask, sample.calendar.holiday_dates)
    added = calendar.workdays_between(c.register.p80_without, c.p80_finish) - 1
    assert added > 0
    assert (f"Without the register the P80 would be {fmt.date(c.register.p80_without)}: the register adds "
            f"{added} working days to it.") in _text(path)


def test_a_project_whose_risks_delay_no_task_keeps_one_finish_row(sample: Portfolio, tmp_path: Path) -> None:
    assert any(r.project_id == WITHOUT_RISKS for r in sample.risks)
    [path] = write_charters(sample, [WITHOUT_RISKS], tmp_path, DocumentOptions())
    measures = [row[0] for row in _table(path, "Measure")[1:]]
    assert measures == ["Finish date", "Duration (working days from the start)", "Effort (hours)"]
    assert "risk register" not in _text(path).split("Schedule risk")[-1].split("Stakeholders")[0]


def test_plan_lists_the_drivers_and_the_p80_before_and_after_mitigation(sample: Portfolio, tmp_path: Path) -> None:
    path = write_plan(sample, WITH_RISKS, tmp_path, DocumentOptions())
    reg = analysis.project_figures(sample, WITH_RISKS).confidence.register  # type: ignore[union-attr]
    assert reg is not None
    header, *body = _table(path, "ID", "Risk")  # the drivers come before the register
    assert header == ["ID", "Risk", "Tasks", "P80 without it", "Days it adds", "P80 with it mitigated",
                      "Days mitigation saves"]
    risks = {r.risk_id: r for r in sample.risks_of(WITH_RISKS)}
    # Both linked risks, largest first: the order is PMO_SRA_RISKS' ranking (days added at P80), which
    # the schedule's constraints shape (DWP-04's SNETs absorb part of a delay before them).
    assert sorted(row[0] for row in body) == ["R03", "R05"]
    assert [float(row[4]) for row in body] == sorted((float(row[4]) for row in body), reverse=True)
    for row, d in zip(body, reg.drivers):
        assert row == [d.risk.risk_id, risks[d.risk.risk_id].title, risks[d.risk.risk_id].tasks, fmt.date(d.without),
                       f"{d.adds:.1f}", fmt.date(d.mitigated), f"{d.saves:.1f}"]
        assert 0 < d.saves <= d.adds  # mitigation takes off part of what the risk adds, never more
    text = _text(path)
    assert f"P80 finish with the register as it stands: {fmt.date(reg.p80_with)}." in text
    assert f"Once every planned mitigation is done" in text and fmt.date(reg.p80_mitigated) in text
    assert f"If no risk occurred: {fmt.date(reg.p80_without)}." in text
    assert reg.p80_without <= reg.p80_mitigated <= reg.p80_with


def test_a_risk_on_finished_work_no_longer_delays_the_finish(sample: Portfolio) -> None:
    """Once task 17 is done, R03 (which hits only task 17) cannot occur: only R05 is simulated, and
    it keeps its key (its row among the open risks), so its draws are the same as before."""
    tasks = tuple(dataclasses.replace(t, percent_complete=1.0, actual_finish=t.finish)
                  if (t.project_id, t.task_id) == (WITH_RISKS, "17") else t for t in sample.tasks)
    done = dataclasses.replace(sample, tasks=tasks)
    before = analysis.project_figures(sample, WITH_RISKS, detail=False).confidence.register  # type: ignore[union-attr]
    after = analysis.project_figures(done, WITH_RISKS, detail=False).confidence.register  # type: ignore[union-attr]
    assert before is not None and after is not None
    assert [d.risk.risk_id for d in after.drivers] == ["R05"] and after.risks == 1
    live = analysis.open_risks_in_order(done.risks_of(WITH_RISKS))
    ids = [t.task_id for t in done.tasks_of(WITH_RISKS)]
    reg = schedule_risk.register(live, ids, {t.task_id for t in done.tasks_of(WITH_RISKS) if t.percent_complete >= 1})
    r05 = [r.risk_id for r in live].index("R05")
    assert [e.key for e in reg.events] == [str(r05 + 1)] and reg.tasks[r05] == "23"
    assert reg.tasks[[r.risk_id for r in live].index("R03")] == ""  # a blank row, as a cell would skip it


def test_charter_and_plan_say_how_many_estimates_are_still_the_default_spread(
        sample: Portfolio, tmp_path: Path) -> None:
    tasks = sample.tasks_of(IMPORTED)
    defaults = sum(t.estimate_basis == "Default spread" for t in tasks)
    assert defaults == len(tasks) > 1  # the imported plan had no PERT fields
    said = f"{defaults} of {len(tasks)} estimates are still the import's default spread"
    [charter] = write_charters(sample, [IMPORTED], tmp_path, DocumentOptions())
    plan = write_plan(sample, IMPORTED, tmp_path, DocumentOptions())
    assert said in _text(charter) and said in _text(plan)
    # One refined estimate left as a default in another project: counted, in the singular.
    one = tuple(dataclasses.replace(t, estimate_basis="Default spread")
                if (t.project_id, t.task_id) == (WITH_RISKS, "24") else t for t in sample.tasks)
    [path] = write_charters(dataclasses.replace(sample, tasks=one), [WITH_RISKS], tmp_path / "one", DocumentOptions())
    total = len([t for t in sample.tasks_of(WITH_RISKS) if t.most_likely is not None])
    assert f"1 of {total} estimates is still the import's default spread" in _text(path)
    [path] = write_charters(sample, [WITH_RISKS], tmp_path / "none", DocumentOptions())
    assert "default spread" not in _text(path)
