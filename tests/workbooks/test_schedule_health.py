"""Schedule health of a project's Tasks rows: the same table as ``=PMO_SCHEDULE_CHECK`` over the
same columns, and ``pmokit validate``'s warnings at the failing tasks' cells.

The hand-worked plan (Monday–Friday, start Monday 4 January 2027, status Friday 8 January, the end
of day 5): A (PERT (4 + 20 + 6) / 6 = 5 d) done 4–8 January; B (PERT (50 + 240 + 70) / 6 = 60 d)
after A; C (5 d) after B; D (3 d) after A and before nothing; milestone M after C. Incomplete: B, C,
D, M (4 tasks, 4 links in, all finish-to-start without lag). DCMA-EA PAM 200.1's checks then give:
1 Logic fails (D and M have no successor: 2 of 4 = 50 % > 5 %); 6 High float fails (D: ES 5, EF 8,
the finish is 5 + 60 + 5 = 70, so TF = 62 > 44 working days: 1 of 4); 8 High duration fails (B
has no baseline, so its planned 60 d > 44 d: 1 of 4); 12 passes (600 days on B, the first
incomplete task of the driving path M ← C ← B, move the finish by 600); 11, 13 and 14 need
baselines; the rest pass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import functions
from pmokit.workbooks import schedule_health
from pmokit.workbooks.build_sample import STATUS_DATE, sample_portfolio
from pmokit.workbooks.model import Calendar, Portfolio, Project, StatusReport, Task
from pmokit.workbooks.validate import ValidateOptions, validate_workbook
from pmokit.workbooks.writer import write_workbook

D = dt.date
START, STATUS = D(2027, 1, 4), D(2027, 1, 8)


def _plan(**changes: dict[str, object]) -> Portfolio:
    rows = [("A", 4, 5, 6, "", 1.0), ("B", 50, 60, 70, "A", 0.0), ("C", 4, 5, 6, "B", 0.0),
            ("D", 2, 3, 4, "A", 0.0), ("M", 0, 0, 0, "C", 0.0)]
    tasks = []
    for i, (tid, o, m, p, pred, done) in enumerate(rows, start=2):
        task = Task("P01", tid, f"Task {tid}", "", float(o), float(m), float(p), pred, "Developer",
                    start=START if done else None, finish=STATUS if done else None,
                    percent_complete=done, milestone=m == 0, row=i)
        tasks.append(dataclasses.replace(task, **changes.get(tid, {})))
    project = Project("P01", "CRM", stage="Execute", start=START, baseline_finish=D(2027, 6, 1),
                      budget=1.0, row=2)
    return Portfolio((project,), tuple(tasks), calendar=Calendar(),
                     status=(StatusReport("P01", STATUS, row=2),))


def test_the_hand_worked_plan_fails_logic_high_float_and_high_duration() -> None:
    result = schedule_health.assess_project(_plan(), _plan().projects[0], STATUS)
    assert result is not None
    failed = {c.number: (c.count, c.population, c.failing) for c in result.failed}
    assert failed == {1: (2, 4, ["D", "M"]), 6: (1, 4, ["D"]), 8: (1, 4, ["B"])}
    assert (result.passed, result.assessed) == (8, 11)
    assert [c.number for c in result.checks if c.passed is None] == [11, 13, 14]


def test_validate_warns_at_the_failing_tasks_cells_and_still_exits_clean(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_workbook(_plan(), tmp_path / "plan.xlsx")
    found = [(p.severity, p.rule, str(p)) for p in validate_workbook(path, ValidateOptions(as_of=STATUS))
             if p.rule == schedule_health.RULE]
    assert found == [
        ("warning", "SCHEDULE_HEALTH", "Tasks!H5: project P01 fails schedule check 1 Logic: 2 of 4 "
         "tasks (50%) against ≤ 5%; failing: D (Tasks!H5), M (Tasks!H6)"),
        ("warning", "SCHEDULE_HEALTH", "Tasks!H5: project P01 fails schedule check 6 High float: "
         "1 of 4 tasks (25%) against ≤ 5%; failing: D (Tasks!H5)"),
        ("warning", "SCHEDULE_HEALTH", "Tasks!F3: project P01 fails schedule check 8 High duration: "
         "1 of 4 tasks (25%) against ≤ 5%; failing: B (Tasks!F3)"),
    ]


def test_a_plan_the_validator_rejects_gets_no_health_warning() -> None:
    # A cycle (B after C after B) is the validator's error; the health checks stay silent.
    looped = _plan(B={"predecessors": "A, C"})
    assert schedule_health.assess_project(looped, looped.projects[0], STATUS) is None
    unestimated = _plan(C={"optimistic": None})
    assert schedule_health.warnings(unestimated, STATUS) == []


def test_a_hard_constraint_points_at_its_constraint_type_and_spoils_the_p80() -> None:
    pinned = _plan(M={"constraint_type": "MFO", "constraint_date": D(2027, 3, 1)},
                   C={"constraint_type": "FNLT", "constraint_date": D(2027, 3, 1)})
    result = schedule_health.assess_project(pinned, pinned.projects[0], STATUS)
    assert result is not None
    hard = next(c for c in result.checks if c.number == 5)
    assert (hard.passed, hard.failing) == (False, ["C", "M"])
    warning = next(w for w in schedule_health.warnings(pinned, STATUS) if "check 5" in w.message)
    assert warning.where == "Tasks!V4"  # C's Constraint type
    assert schedule_health.p80_caveat(result).startswith(
        "The P80 below rests on a schedule with 2 tasks missing logic, 2 tasks under hard "
        "constraints, ")


def test_a_sound_plan_has_no_caveat() -> None:
    # Twenty 5-day tasks in a chain after A, and M after the last: only M, the finish, is an open
    # end (1 of 21 = 4.8 % ≤ 5 %), nothing else fails.
    plan = _plan()
    chain = [dataclasses.replace(plan.tasks[2], task_id=f"C{k}", predecessors=f"C{k - 1}" if k else "A",
                                 row=3 + k) for k in range(20)]
    last = dataclasses.replace(plan.tasks[4], predecessors="C19", row=23)
    sound = dataclasses.replace(plan, tasks=(plan.tasks[0], *chain, last))
    result = schedule_health.assess_project(sound, sound.projects[0], STATUS)
    assert result is not None
    assert (result.failed, schedule_health.p80_caveat(result)) == ([], "")
    assert schedule_health.warnings(sound, STATUS) == []


def _cell_table(found: schedule_health.HealthInputs, holidays: list[dt.date],
                weekmask: str) -> object:
    return functions.PMO_SCHEDULE_CHECK(  # positional, as Excel passes them
        found.ids, found.durations, found.predecessors, found.start, found.status_date,
        found.baseline_starts, found.baseline_finishes, found.actual_starts, found.actual_finishes,
        found.percent_complete, found.constraint_types, found.constraint_dates, found.deadlines,
        found.resources, None, holidays, weekmask, None, found.remaining)


def test_the_cell_over_the_same_rows_gives_the_same_checks_for_every_sample_project() -> None:
    """=PMO_SCHEDULE_CHECK over each sample project's columns (PERT means, actual dates or the
    Start / Finish where % complete says so) spills what the deck and the validator use."""
    portfolio = sample_portfolio()
    judged = 0
    for project in portfolio.projects:
        found = schedule_health.inputs(portfolio, project, STATUS_DATE)
        result = schedule_health.assess_project(portfolio, project, STATUS_DATE)
        assert (found is None) == (result is None)
        if found is None or result is None:
            continue
        table = _cell_table(found, portfolio.calendar.holiday_dates, portfolio.calendar.weekmask)
        assert isinstance(table, list), table
        header, *rows = table
        assert header[0] == "Check" and len(rows) == 14
        for row, check in zip(rows, result.checks):
            assert row[0] == f"{check.number} {check.name}"
            assert row[4] == ("n/a" if check.passed is None else "Pass" if check.passed else "Fail")
            assert row[2] == ("" if check.metric != check.metric else pytest.approx(check.metric))
            assert row[5].startswith(", ".join(check.failing[:5]))
        judged += 1
    assert judged == len(portfolio.projects)
    fails = {r.project_id: r for r in schedule_health.portfolio_health(portfolio, STATUS_DATE)}
    assert {c.number for c in fails["DWP-08"].failed} >= {1, 5, 7, 8}  # the sample's unhealthy plan


@settings(max_examples=25, deadline=None)
@given(st.permutations(["A", "B", "C", "D", "M"]), st.sampled_from(["X", "T0", "Wp"]))
def test_renaming_tasks_moves_no_warning(order: list[str], prefix: str) -> None:
    """Law: task ids are names only; renaming every task (and its links) the same way leaves each
    warning at the same cell, with the new names in its message."""
    rename = {old: f"{prefix}{i}" for i, old in enumerate(order)}
    plan = _plan()
    renamed = dataclasses.replace(plan, tasks=tuple(
        dataclasses.replace(t, task_id=rename[t.task_id],
                            predecessors=rename[t.predecessors] if t.predecessors else "")
        for t in plan.tasks))
    before = schedule_health.warnings(plan, STATUS)
    after = schedule_health.warnings(renamed, STATUS)
    assert [w.where for w in after] == [w.where for w in before]
    for w_before, w_after in zip(before, after):
        text = w_before.message
        for old, new in rename.items():
            text = text.replace(f" {old} (", f" {new} (")
        assert w_after.message == text
