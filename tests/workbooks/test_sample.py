"""The sample portfolio (workbooks/build_sample.py, workbooks/portfolio.xlsx): reproducible, in the
ranges issue 3 asks for, internally consistent (dates follow the links and the calendar, % complete
follows the reporting date, EVM figures add up from the tasks, RAGs follow the thresholds), and the
committed workbook loads back to the same portfolio and validates without errors.

Checks are written independently of the builder: working days are counted with NumPy's busday
functions, cycles found with the standard library's graphlib, Easter computed with the Meeus/Jones/
Butcher algorithm.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import graphlib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmokit.addin.predecessors import parse
from pmokit.generators.cli import app
from pmokit.workbooks.loader import load_portfolio
from pmokit.workbooks.model import METHODOLOGIES, Portfolio, Task
from pmokit.workbooks.build_sample import OUTPUT, STATUS_DATE, sample_portfolio

REPORTING_DATE = dt.date(2026, 11, 27)  # issue 3 / the brief: status history ends here


#: DWP-11 is imported from a Microsoft Project plan (workbooks/sample-plan.xml): its rows follow
#: that plan (tests/workbooks/test_sample_plan.py), not the laws of this generator checked here.
IMPORTED = "DWP-11"


def _generated(p: Portfolio) -> Portfolio:
    return p.select([x.project_id for x in p.projects if x.project_id != IMPORTED])


@pytest.fixture(scope="module")
def sample() -> Portfolio:
    return _generated(sample_portfolio())


def _busdays(p: Portfolio) -> np.busdaycalendar:
    return np.busdaycalendar(weekmask=p.calendar.weekmask,
                             holidays=np.array(p.calendar.holiday_dates, dtype="datetime64[D]"))


def _workdays_after(a: dt.date, b: dt.date, cal: np.busdaycalendar) -> int:
    """Working days strictly after a, up to and including b (0 when b <= a)."""
    return int(np.busday_count(np.datetime64(a) + 1, np.datetime64(b) + 1, busdaycal=cal)) if b > a else 0


# --- reproducible ---------------------------------------------------------------------------

def test_two_builds_with_the_same_seed_are_equal_and_another_seed_differs(sample: Portfolio) -> None:
    assert _generated(sample_portfolio()) == sample
    assert sample_portfolio(seed=8).tasks != sample.tasks


# --- the ranges issue 3 asks for ------------------------------------------------------------

def test_counts_are_in_the_ranges_the_issue_asks(sample: Portfolio) -> None:
    assert 8 <= len(sample.projects) <= 12
    per_project = Counter(t.project_id for t in sample.tasks)
    assert set(per_project) == {p.project_id for p in sample.projects}
    assert all(25 <= n <= 45 for n in per_project.values()), per_project
    assert 200 <= len(sample.tasks) <= 500  # "a few hundred"
    assert 25 <= len(sample.resources) <= 40
    assert len(sample.risks) >= 40
    assert {p.methodology for p in sample.projects} == set(METHODOLOGIES)
    assert {p.stage for p in sample.projects} == {"Initiate", "Plan", "Execute", "Close"}
    assert {c.project_id for c in sample.charters} == {p.project_id for p in sample.projects}
    assert sample.decisions and sample.milestones
    assert sample.calendar.weekmask == "1111100"


def test_every_started_project_has_six_to_twelve_monthly_reports(sample: Portfolio) -> None:
    for p in sample.projects:
        reports = sample.status_of(p.project_id)
        if p.start and p.start < REPORTING_DATE:
            assert 6 <= len(reports) <= 12, p.project_id
            months = [(r.status_date.year, r.status_date.month) for r in reports]
            assert len(set(months)) == len(months), "one report per month"
            if p.stage != "Close":
                assert reports[-1].status_date == REPORTING_DATE
        else:
            assert not reports


def test_status_dates_are_working_days_up_to_the_reporting_date(sample: Portfolio) -> None:
    cal = _busdays(sample)
    assert STATUS_DATE == REPORTING_DATE
    for s in sample.status:
        assert s.status_date <= REPORTING_DATE
        assert np.is_busday(np.datetime64(s.status_date), busdaycal=cal)


def test_resources_include_part_timers_a_planned_hire_and_a_leaver(sample: Portfolio) -> None:
    roles = {r.role for r in sample.resources}
    assert {"Project manager", "Business analyst", "Solution architect", "Developer", "Tester",
            "DevOps engineer", "Data engineer", "Scrum master", "UX designer"} <= roles
    assert any(r.capacity < 40 for r in sample.resources)
    assert any(r.available_from and r.available_from > REPORTING_DATE for r in sample.resources)
    assert any(r.available_to and r.available_to > REPORTING_DATE for r in sample.resources)
    assert all(r.cost_rate and r.cost_rate > 0 for r in sample.resources)
    known = {r.resource for r in sample.resources} | roles
    assert all(t.resource in known for t in sample.tasks)


def test_task_costs_are_effort_at_the_resource_rate_plus_licences(sample: Portfolio) -> None:
    # Law: labour cost = hours × the person's rate (a role's mean rate when only the role is named);
    # only the licence-ordering tasks carry non-labour cost on top. Effort never exceeds the
    # working days the task spans at the person's weekly hours.
    rate = {r.resource: r.cost_rate or 0.0 for r in sample.resources}
    hours = {r.resource: r.capacity for r in sample.resources}
    for role in {r.role for r in sample.resources}:
        rate.setdefault(role, float(np.mean([r.cost_rate or 0.0 for r in sample.resources if r.role == role])))
        hours.setdefault(role, 40.0)
    cal = _busdays(sample)
    for t in sample.tasks:
        assert t.effort is not None and t.baseline_cost is not None
        labour = t.effort * rate[t.resource]
        if t.name.startswith("Order licences"):
            assert t.baseline_cost >= labour - 0.5
        else:
            assert t.baseline_cost == pytest.approx(labour, abs=0.5), (t.project_id, t.task_id)
        assert t.start and t.finish
        span = int(np.busday_count(np.datetime64(t.start), np.datetime64(t.finish) + 1, busdaycal=cal))
        assert t.effort <= span * hours[t.resource] / 5 + 0.5, (t.project_id, t.task_id)


# --- the calendar: NRW public holidays, checked against the Easter computus ----------------------

def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous algorithm, Meeus, Astronomical Algorithms, ch. 8)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@pytest.mark.parametrize("year", [2026, 2027])
def test_calendar_holds_the_nrw_public_holidays(sample: Portfolio, year: int) -> None:
    # Germany's federal holidays plus Corpus Christi and All Saints' Day (North Rhine-Westphalia,
    # Feiertagsgesetz NW §2). Easter 2026 is 5 April, 2027 is 28 March.
    assert _easter(2026) == dt.date(2026, 4, 5) and _easter(2027) == dt.date(2027, 3, 28)
    easter = _easter(year)
    expected = {dt.date(year, 1, 1), easter - dt.timedelta(2), easter + dt.timedelta(1),
                dt.date(year, 5, 1), easter + dt.timedelta(39), easter + dt.timedelta(50),
                easter + dt.timedelta(60), dt.date(year, 10, 3), dt.date(year, 11, 1),
                dt.date(year, 12, 25), dt.date(year, 12, 26)}
    assert {d for d in sample.calendar.holiday_dates if d.year == year} == expected


# --- laws that hold for any seed ------------------------------------------------------------------

def _check_estimates(p: Portfolio) -> None:
    for t in p.tasks:
        assert t.optimistic is not None and t.most_likely is not None and t.pessimistic is not None
        assert 0 <= t.optimistic <= t.most_likely <= t.pessimistic, (t.project_id, t.task_id)
        assert (t.most_likely == 0) == t.milestone


def _check_network(p: Portfolio) -> None:
    for project in p.projects:
        tasks = {t.task_id: t for t in p.tasks_of(project.project_id)}
        graph = {}
        for t in tasks.values():
            links = parse(t.predecessors)
            assert all(link.pred in tasks for link in links), (t.project_id, t.task_id, t.predecessors)
            graph[t.task_id] = [link.pred for link in links]
        list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError on a cycle


def _check_dates(p: Portfolio) -> None:
    """A successor honours each link: FS starts after the predecessor's finish plus the lag (a
    milestone may sit on that finish), SS starts and FF finishes at least lag working days after."""
    cal = _busdays(p)
    for project in p.projects:
        tasks = {t.task_id: t for t in p.tasks_of(project.project_id)}
        for t in tasks.values():
            assert t.start and t.finish and t.start <= t.finish
            assert np.is_busday([np.datetime64(t.start), np.datetime64(t.finish)], busdaycal=cal).all()
            for link in parse(t.predecessors):
                pred = tasks[link.pred]
                assert pred.start and pred.finish
                lag = int(link.lag)
                if link.kind == "FS":
                    need = lag + (0 if t.milestone or pred.milestone else 1)
                    assert _workdays_after(pred.finish, t.start, cal) >= need, (t.task_id, link)
                elif link.kind == "SS":
                    assert _workdays_after(pred.start, t.start, cal) >= lag and t.start >= pred.start
                elif link.kind == "FF":
                    assert _workdays_after(pred.finish, t.finish, cal) >= lag and t.finish >= pred.finish


def _check_progress(p: Portfolio) -> None:
    """% complete follows the reporting date: done before it, untouched after it."""
    for t in p.tasks:
        assert t.start and t.finish
        assert 0.0 <= t.percent_complete <= 1.0
        if t.finish <= REPORTING_DATE:
            assert t.percent_complete == 1.0, (t.project_id, t.task_id)
        if t.start > REPORTING_DATE:
            assert t.percent_complete == 0.0 and t.actual_cost is None
        assert (t.actual_cost is not None) == (t.percent_complete > 0)


def test_three_point_estimates_are_ordered(sample: Portfolio) -> None:
    _check_estimates(sample)


def test_predecessors_name_tasks_of_the_same_project_and_form_no_cycle(sample: Portfolio) -> None:
    _check_network(sample)
    kinds = Counter(link.kind for t in sample.tasks for link in parse(t.predecessors))
    assert kinds["FS"] > kinds["SS"] + kinds["FF"] > 0 and kinds["SS"] and kinds["FF"]
    assert any(link.lag for t in sample.tasks for link in parse(t.predecessors))


def test_task_dates_respect_their_dependencies_and_the_calendar(sample: Portfolio) -> None:
    _check_dates(sample)


def test_percent_complete_follows_the_reporting_date(sample: Portfolio) -> None:
    _check_progress(sample)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_any_seed_gives_ordered_estimates_acyclic_links_and_dates_that_follow_them(seed: int) -> None:
    # Law: the seed only changes durations and noise, never the rules the sample keeps.
    p = _generated(sample_portfolio(seed))
    _check_estimates(p)
    _check_network(p)
    _check_dates(p)
    _check_progress(p)
    _check_evm(p)


# --- the numbers tell each project's story consistently ------------------------------------------

def _check_evm(p: Portfolio) -> None:
    for project in p.projects:
        tasks = p.tasks_of(project.project_id)
        bac = sum(t.baseline_cost or 0.0 for t in tasks)
        assert project.budget == pytest.approx(bac)
        reports = p.status_of(project.project_id)
        for field in ("pv", "ev", "ac"):
            series = [getattr(r, field) for r in reports]
            assert series == sorted(series), (project.project_id, field)  # cumulative
        for r in reports:
            assert r.pv is not None and r.ev is not None and r.ac is not None
            assert 0 <= r.pv <= bac + 0.5 and 0 <= r.ev <= bac + 0.5
        if reports and reports[-1].status_date == REPORTING_DATE:
            last = reports[-1]
            assert last.ev == pytest.approx(sum((t.baseline_cost or 0) * t.percent_complete for t in tasks), abs=1)
            assert last.ac == pytest.approx(sum(t.actual_cost or 0 for t in tasks), abs=1)


def _rag(index: float) -> str:
    # DOMAIN.md "RAG and risk": Green >= 0.95, Amber >= 0.85, Red below.
    return "Green" if index >= 0.95 else "Amber" if index >= 0.85 else "Red"


def test_status_figures_add_up_from_the_tasks(sample: Portfolio) -> None:
    _check_evm(sample)


def test_rags_follow_cpi_and_spi_and_overall_is_the_worst(sample: Portfolio) -> None:
    order = ["Green", "Amber", "Red"]
    for r in sample.status:
        assert r.pv and r.ev and r.ac
        assert r.rag_cost == _rag(r.ev / r.ac), (r.project_id, r.status_date)
        assert r.rag_schedule == _rag(r.ev / r.pv), (r.project_id, r.status_date)
        rags = [r.rag_schedule, r.rag_cost, r.rag_scope, r.rag_resources]
        assert r.rag_overall == max(rags, key=order.index)
        assert r.summary and r.next_steps


def _last_cpi(p: Portfolio, pid: str) -> float:
    r = p.status_of(pid)[-1]
    assert r.ev is not None and r.ac
    return r.ev / r.ac


def test_the_group_has_healthy_and_troubled_projects_with_trends(sample: Portfolio) -> None:
    started = [p for p in sample.projects if sample.status_of(p.project_id)]
    cpi = {p.project_id: _last_cpi(sample, p.project_id) for p in started}
    overall = {p.project_id: sample.status_of(p.project_id)[-1].rag_overall for p in started}
    assert min(cpi.values()) < 0.8  # one badly over budget
    assert "Green" in overall.values() and "Red" in overall.values()
    late = [p for p in sample.projects if p.forecast_finish and p.baseline_finish
            and (p.forecast_finish - p.baseline_finish).days > 60]
    assert late
    first_last = {p.project_id: (sample.status_of(p.project_id)[0], sample.status_of(p.project_id)[-1])
                  for p in started}
    cpis = {k: (a.ev / a.ac, b.ev / b.ac) for k, (a, b) in first_last.items() if a.ac and b.ac and a.ev and b.ev}
    assert any(b > a + 0.05 for a, b in cpis.values())  # improving
    assert any(b < a - 0.05 for a, b in cpis.values())  # worsening


def test_milestones_slip_and_one_is_overdue(sample: Portfolio) -> None:
    ms = sample.milestones
    assert any(m.forecast_date and m.baseline_date and m.forecast_date > m.baseline_date for m in ms)
    assert any(m.actual_date is None and m.forecast_date and m.forecast_date < REPORTING_DATE for m in ms)
    assert all(m.actual_date is None or m.actual_date <= REPORTING_DATE for m in ms)


def test_risks_are_well_formed_and_some_lack_an_owner_or_mitigation(sample: Portfolio) -> None:
    for r in sample.risks:
        assert 0 < r.probability < 1 and 1 <= r.impact <= 5
        assert r.cost_min is not None and r.cost_likely is not None and r.cost_max is not None
        assert 0 <= r.cost_min <= r.cost_likely <= r.cost_max
        assert r.review_date is not None
    open_risks = [r for r in sample.risks if r.status != "Closed"]
    assert any(not r.owner for r in open_risks) and any(not r.mitigation for r in open_risks)
    assert any(r.status == "Closed" for r in sample.risks)


def test_charters_are_complete_and_one_beyond_initiate_is_unapproved(sample: Portfolio) -> None:
    for c in sample.charters:
        texts = [c.business_case, c.objectives, c.in_scope, c.out_of_scope, c.deliverables,
                 c.success_criteria, c.assumptions, c.constraints, c.stakeholders]
        assert all(texts), c.project_id
        assert bool(c.approved_by) == (c.approved_on is not None)
    unapproved = [c.project_id for c in sample.charters if c.approved_on is None]
    assert any(sample.project(pid).stage not in ("Initiate",) for pid in unapproved)


def test_agile_projects_have_weekly_throughput_history(sample: Portfolio) -> None:
    agile = [p.project_id for p in sample.projects if p.methodology == "Agile" and sample.status_of(p.project_id)]
    assert agile
    for pid in agile:
        history = sample.throughput_of(pid)
        assert len(history) >= 12
        gaps = {(b.period_end - a.period_end).days for a, b in zip(history, history[1:])}
        assert gaps <= {6, 7, 8}  # weekly; a Friday holiday moves the period end a day
        assert all(h.items_done >= 0 and h.backlog is not None and h.backlog >= 0 for h in history)
        assert history[-1].period_end <= REPORTING_DATE


# --- the committed workbook ---------------------------------------------------------------------

def _rowless(records: Any) -> Any:
    return tuple(dataclasses.replace(r, row=0) for r in records)


def test_committed_workbook_loads_back_to_the_same_portfolio() -> None:
    sample = sample_portfolio()
    loaded = load_portfolio(OUTPUT)
    for f in dataclasses.fields(Portfolio):
        if f.name in ("source", "calendar", "layout"):
            continue
        assert _rowless(getattr(loaded, f.name)) == getattr(sample, f.name), f.name
    assert loaded.calendar.weekmask == sample.calendar.weekmask
    assert _rowless(loaded.calendar.holidays) == sample.calendar.holidays


def test_pmokit_validate_finds_no_errors_in_the_committed_workbook() -> None:
    result = CliRunner().invoke(app, ["validate", str(OUTPUT), "--as-of", REPORTING_DATE.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    import json

    problems = json.loads(result.output)
    assert [p for p in problems if p["severity"] == "error"] == []
    rules = {p["rule"] for p in problems}
    assert {"RISK_OWNER", "RISK_MITIGATION", "CHARTER", "MILESTONE_OVERDUE"} <= rules


def test_output_path_is_the_committed_workbook() -> None:
    assert OUTPUT == Path(__file__).resolve().parents[2] / "workbooks" / "portfolio.xlsx"
    assert OUTPUT.exists()


def test_the_build_script_writes_the_committed_workbook_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample is generated, never edited: building it again from the script gives exactly the
    committed file (its creation date is the sample's status date, not the time of the build), so a
    rebuild shows in git only when the data changed."""
    from pmokit.workbooks import build_sample

    monkeypatch.setattr(build_sample, "OUTPUT", tmp_path / "portfolio.xlsx")
    build_sample.main()
    assert (tmp_path / "portfolio.xlsx").read_bytes() == OUTPUT.read_bytes()
