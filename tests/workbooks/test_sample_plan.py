"""The shipped Microsoft Project plan and the sample project imported from it."""

from __future__ import annotations

from pmokit.workbooks.build_sample_plan import OUTPUT, plan_xml, scheduled
from pmokit.workbooks.build_sample import sample_portfolio
from pmokit.workbooks.mspdi import read_mspdi
from pmokit.workbooks.plan_import import plan_rows


def test_the_shipped_plan_is_in_step_with_its_build_script() -> None:
    assert OUTPUT.read_bytes() == plan_xml(scheduled()), "run python -m pmokit.workbooks.build_sample_plan"


def test_the_sample_plan_is_a_realistic_it_plan_that_imports_without_notes() -> None:
    plan = read_mspdi(OUTPUT)
    assert sum(t.summary for t in plan.tasks) == 6 and 25 <= len(plan.tasks) <= 40
    rows = plan_rows(plan, "DWP-11")
    assert rows.notes == []
    assert {t.constraint_type for t in rows.tasks} == {"", "SNET", "FNLT"}
    go_live = next(t for t in rows.tasks if t.name == "Full go-live")
    assert go_live.deadline is not None and go_live.finish is not None and go_live.finish > go_live.deadline
    assert 0 < sum(t.percent_complete for t in rows.tasks) < len(rows.tasks)
    assert all(t.resource for t in rows.tasks if not t.milestone)


def test_the_sample_portfolio_carries_the_imported_project() -> None:
    sample = sample_portfolio()
    project = sample.project("DWP-11")
    assert (project.group, project.stage, project.project_manager) == (
        "Digital Workplace & Platforms", "Execute", "Aylin Demir")
    assert len(sample.tasks_of("DWP-11")) == 23
    assert [m.milestone for m in sample.milestones_of("DWP-11")] == [
        "Design signed off", "Pilot go-live (service desk)", "Full go-live", "Project closed"]
