"""The shared compute stage: every figure comes from the addin core, on the workbook's own rows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from pmokit.addin import evm as evm_core
from pmokit.addin import risk
from pmokit.addin.errors import PmoError
from pmokit.generators import analysis
from pmokit.workbooks.model import Calendar, Holiday, Portfolio, Project, Resource, Risk, StatusReport, Task

D = dt.date


def _portfolio() -> Portfolio:
    """Two projects: P1 a three-task chain with a parallel branch, P2 with status only."""
    return Portfolio(
        projects=(
            Project("P1", "CRM replacement", group="Platforms", start=D(2026, 1, 5), budget=100_000.0,
                    baseline_finish=D(2026, 4, 30)),
            Project("P2", "Data lake", group="Platforms", start=D(2026, 1, 5), budget=50_000.0),
        ),
        tasks=(
            Task("P1", "1", "Design", optimistic=4, most_likely=5, pessimistic=12, resource="Ann",
                 effort=80, start=D(2026, 1, 5), finish=D(2026, 1, 9)),
            Task("P1", "2", "Build", optimistic=8, most_likely=10, pessimistic=20, predecessors="1",
                 resource="Developer", effort=160, start=D(2026, 1, 12), finish=D(2026, 1, 23)),
            Task("P1", "3", "Docs", optimistic=1, most_likely=2, pessimistic=3, predecessors="1",
                 resource="Ann", effort=16, start=D(2026, 1, 12), finish=D(2026, 1, 13)),
            Task("P1", "4", "Go-live", optimistic=0, most_likely=0, pessimistic=0, predecessors="2,3",
                 milestone=True),
        ),
        resources=(
            Resource("Ann", "Business analyst", capacity=40.0),
            Resource("Bob", "Developer", capacity=20.0, available_from=D(2026, 1, 16)),
        ),
        calendar=Calendar(holidays=(Holiday(D(2026, 1, 1), "New Year"),)),
        status=(
            StatusReport("P1", D(2026, 1, 30), pv=20_000, ev=18_000, ac=21_000),
            StatusReport("P1", D(2026, 2, 27), pv=45_000, ev=40_000, ac=47_000),
            StatusReport("P2", D(2026, 2, 13), pv=10_000, ev=10_000, ac=9_000),
        ),
        risks=(
            Risk("P1", "R1", "Vendor late", probability=0.5, impact=4, cost_min=1000, cost_likely=2000, cost_max=6000),
            Risk("P1", "R2", "Key person leaves", probability=0.2, impact=3, cost_min=500, cost_likely=800, cost_max=900),
            Risk("P1", "R3", "Old one", probability=0.9, impact=5, cost_min=1, cost_likely=2, cost_max=3, status="Closed"),
        ),
    )


def test_evm_figures_are_the_core_on_the_latest_report() -> None:
    f = analysis.project_figures(_portfolio(), "P1")
    expected = evm_core.evm([100_000.0], [45_000.0], [40_000.0], [47_000.0])
    assert f.latest is not None and f.latest.status_date == D(2026, 2, 27)
    assert f.previous is not None and f.previous.status_date == D(2026, 1, 30)
    for key, value in expected.items():
        assert f.evm[key] == pytest.approx(float(value[0]), nan_ok=True)
    # PMBOK: CPI = EV / AC, independently of the core.
    assert f.evm["CPI"] == pytest.approx(40_000 / 47_000)
    assert f.eac == pytest.approx(100_000 / (40_000 / 47_000))


def test_as_of_cuts_the_history() -> None:
    f = analysis.project_figures(_portfolio(), "P1", D(2026, 2, 1))
    assert [s.status_date for s in f.history] == [D(2026, 1, 30)]
    assert f.previous is None
    assert f.earned_schedule == {}  # one report is not a plan to measure time against


def test_schedule_is_the_cpm_on_pert_means_with_the_critical_path() -> None:
    f = analysis.project_figures(_portfolio(), "P1", D(2025, 12, 31))
    by_id = {t.task_id: t for t in f.tasks}
    # PERT means: (4+20+12)/6 = 6, (8+40+20)/6 = 11.33…, (1+8+3)/6 = 2.
    assert by_id["1"].duration == pytest.approx(6.0)
    assert by_id["2"].duration == pytest.approx(68 / 6)
    assert f.critical_path == ["1", "2", "4"]
    assert not by_id["3"].critical and by_id["3"].total_float == pytest.approx(68 / 6 - 2)
    assert by_id["1"].early_start == D(2026, 1, 5)
    assert by_id["1"].early_finish == D(2026, 1, 12)  # six working days: Mon 5 … Mon 12
    assert f.confidence is not None
    assert f.confidence.p80_finish is not None and f.confidence.p50_finish is not None
    assert f.confidence.p80_finish >= f.confidence.p50_finish
    assert f.confidence.p80_effort is not None and f.confidence.p50_effort is not None
    assert f.confidence.p80_effort >= f.confidence.p50_effort
    assert by_id["1"].criticality == pytest.approx(1.0)  # on every path to the finish


def test_risks_are_open_ones_highest_score_first_with_the_core_reserve() -> None:
    f = analysis.project_figures(_portfolio(), "P1")
    assert [r.risk_id for r in f.risks] == ["R1", "R2"]
    direct = risk.reserve([0.5, 0.2], [1000, 500], [2000, 800], [6000, 900], 0.8, analysis.DEFAULT_ITERATIONS,
                          seed=analysis.DEFAULT_SEED)
    assert f.risk_reserve_p80 == pytest.approx(direct)
    # EMV = probability × PERT-mean cost: 0.5 × 2500 + 0.2 × 766.67.
    assert f.emv_total == pytest.approx(0.5 * (1000 + 8000 + 6000) / 6 + 0.2 * (500 + 3200 + 900) / 6)


def test_scurve_sums_each_projects_latest_report_per_date() -> None:
    curve = analysis.portfolio_scurve(_portfolio())
    assert curve == [
        (D(2026, 1, 30), 20_000, 18_000, 21_000),
        (D(2026, 2, 13), 30_000, 28_000, 30_000),  # P1's January report plus P2's
        (D(2026, 2, 27), 55_000, 50_000, 56_000),
    ]


def test_resource_demand_conserves_effort_and_counts_capacity_by_availability() -> None:
    p = _portfolio()
    months = [D(2026, 1, 1), D(2026, 2, 1)]
    demand = analysis.resource_demand(p, months)
    total = sum(sum(row) for row in demand.demand_hours)
    assert total == pytest.approx(80 + 160 + 16)
    ba = demand.roles.index("Business analyst")
    dev = demand.roles.index("Developer")
    assert sum(demand.demand_hours[ba]) == pytest.approx(96)
    # January 2026 has 21 working days (22 weekdays less New Year): Ann 40 h/week → 168 h = 1 FTE.
    assert demand.capacity_hours[ba][0] == pytest.approx(40 * 21 / 5)
    assert demand.capacity_fte[ba][0] == pytest.approx(1.0)
    # Bob joins on Friday 16 January: 11 working days (16, 19–23, 26–30) at 20 h/week.
    assert demand.capacity_hours[dev][0] == pytest.approx(20 * 11 / 5)
    assert demand.hiring_gap_fte >= 0


def test_unknown_project_is_named() -> None:
    with pytest.raises(PmoError, match="no project 'P9'"):
        analysis.project_figures(_portfolio(), "P9")


def test_project_without_tasks_or_status_still_has_figures() -> None:
    f = analysis.project_figures(_portfolio().select(["P2"]), "P2")
    assert f.tasks == [] and f.confidence is None and f.critical_path == []
    assert f.risks == [] and f.risk_reserve_p80 == 0.0
    assert np.isclose(f.evm["SPI"], 1.0)


def test_earned_schedule_runs_the_plan_on_to_bac_at_the_baseline_finish() -> None:
    """Lipke 2003 by hand: PV 20k, 45k at the January and February reports, then the plan runs on
    evenly to BAC 100k at 30 April (March 31 → 45k + 55k × 32/62, April 30 → 100k). EV 40k lies
    between PV(1) and PV(2): ES = 1 + (40 − 20) / (45 − 20) = 1.8 periods; AT = 2 (February's
    report ends the second period); SPI(t) = 0.9; IEAC(t) = 4 planned periods / 0.9."""
    es = analysis.project_figures(_portfolio(), "P1").earned_schedule
    assert es["ES"] == pytest.approx(1.8)
    assert es["AT"] == pytest.approx(2.0)
    assert es["SPI_T"] == pytest.approx(0.9)
    assert es["IEAC_T"] == pytest.approx(4 / 0.9)


def test_forecast_finish_per_report_is_lipkes_ieac_t_in_days() -> None:
    """The slip chart's forecast finish: IEAC(t) = planned duration / SPI(t) (Lipke 2003), the
    duration in days from the plan's start to its end. By hand: the plan starts one report period
    (28 days) before the first report, on 2 Jan 2026, and ends at the baseline finish. With the
    baseline finish on 30 Apr, PD = 118 days, SPI(t) = 0.9 (above), 118 / 0.9 = 131.1 → 132 days
    → 14 May 2026. With the baseline finish on 3 Mar, four days after the last report, PD = 60
    days → 60 / 0.9 = 66.7 → 67 days → 10 Mar: the four-day stub is not a "period" that the
    0.33 periods past the plan are counted in (that read 5 Mar)."""
    p = _portfolio()
    assert analysis.project_figures(p, "P1").trend[-1].forecast_finish == D(2026, 5, 14)
    early = dataclasses.replace(p, projects=(dataclasses.replace(p.projects[0], baseline_finish=D(2026, 3, 3)),
                                             p.projects[1]))
    f = analysis.project_figures(early, "P1")
    assert f.earned_schedule["SPI_T"] == pytest.approx(0.9)
    assert [t.forecast_finish for t in f.trend] == [None, D(2026, 3, 10)]  # one report: no ES yet


def test_demand_is_the_planned_loading_whatever_the_progress() -> None:
    """Progress does not thin the loading: a half-done task still loads its effort over its
    dates (the work before the reporting date happened then; PMO_LOAD shows the same)."""
    p = _portfolio()
    half_done = tuple(dataclasses.replace(t, percent_complete=0.5) for t in p.tasks)
    months = [D(2026, 1, 1), D(2026, 2, 1)]
    before = analysis.resource_demand(p, months).demand_hours
    after = analysis.resource_demand(dataclasses.replace(p, tasks=half_done), months).demand_hours
    assert after == before
