"""Governance rules on portfolios built in code: each rule fires exactly where its condition holds
(and only there), with its rule code, project and the standard layout's cell."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.workbooks.governance import RULES, GovernanceOptions, governance
from pmokit.workbooks.model import Milestone, Portfolio, Project, StatusReport
from workbook_factory import AS_OF, small_portfolio

OPTIONS = GovernanceOptions(stale_days=35, as_of=AS_OF)


def _rows(p: Portfolio) -> Portfolio:
    """Give records the rows the standard writer puts them on (header on row 1)."""
    def number(records: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(dataclasses.replace(r, row=i) for i, r in enumerate(records, start=2))

    return dataclasses.replace(p, projects=number(p.projects), status=number(p.status), risks=number(p.risks),
                               milestones=number(p.milestones), charters=number(p.charters))


def _found(p: Portfolio, options: GovernanceOptions = OPTIONS) -> list[tuple[str, str, str]]:
    return [(w.rule, w.project_id, w.where) for w in governance(_rows(p), options)]


def test_the_small_portfolio_has_exactly_its_known_gaps() -> None:
    """As of 27 November 2026: P01 (Execute) has an approved charter, a baseline, tasks and risks,
    its Go-live forecast (7 December) is still ahead and its last status (30 October) is 28 days
    old. P02 (Plan) has a charter without an approval date; its last status is 7 days old."""
    warnings = governance(_rows(small_portfolio()), OPTIONS)
    assert [(w.rule, w.project_id, str(w)) for w in warnings] == [
        ("CHARTER", "P02", "Charter!L3: project P02's charter has no approval date"),
    ]
    assert all(w.severity == "warning" for w in warnings)


def test_each_rule_fires_at_its_cell() -> None:
    base = small_portfolio()
    p01 = dataclasses.replace(base.projects[0], baseline_finish=None)
    broken = dataclasses.replace(
        base,
        projects=(p01, base.projects[1]),
        status=base.status[:2],  # P02 loses its only report
        risks=(dataclasses.replace(base.risks[0], owner="", mitigation=" "), base.risks[1],
               dataclasses.replace(base.risks[2], owner="", status="Closed")),  # a closed risk needs nothing
        milestones=(base.milestones[0], dataclasses.replace(base.milestones[1], forecast_date=dt.date(2026, 11, 20)),
                    base.milestones[2]),
    )
    assert _found(broken) == [
        ("RISK_OWNER", "P01", "Risks!I2"),
        ("RISK_MITIGATION", "P01", "Risks!J2"),
        ("NO_BASELINE", "P01", "Projects!J2"),
        ("MILESTONE_OVERDUE", "P01", "Milestones!D3"),
        ("CHARTER", "P02", "Charter!L3"),
        ("STATUS_STALE", "P02", "Projects!A3"),
    ]


def test_stage_gate_lists_the_missing_documents() -> None:
    base = small_portfolio()
    p02 = dataclasses.replace(base.projects[1], stage="Execute", baseline_finish=dt.date(2027, 3, 31))
    gated = dataclasses.replace(base, projects=(base.projects[0], p02),
                                tasks=tuple(t for t in base.tasks if t.project_id == "P01"),
                                risks=tuple(r for r in base.risks if r.project_id == "P01"))
    warnings = [w for w in governance(_rows(gated), OPTIONS) if w.project_id == "P02"]
    assert [str(w) for w in warnings] == [
        "Projects!G3: project P02 passed into Execute without an approved charter, a plan (tasks with three-point "
        "estimates), a risk register"]
    assert warnings[0].rule == "GATE_DOCUMENTS"


def test_initiate_and_close_are_exempt_where_the_rules_say() -> None:
    """Initiate: the charter is still being written, no baseline yet. Close: no more status."""
    project = Project("P1", "Alpha", stage="Initiate")
    assert _found(Portfolio(projects=(project,), status=(StatusReport("P1", AS_OF),))) == []
    closed = dataclasses.replace(project, stage="Close", baseline_finish=AS_OF, budget=1.0)
    found = _found(Portfolio(projects=(closed,)))
    assert [rule for rule, _, _ in found] == ["GATE_DOCUMENTS"]


@settings(max_examples=60, deadline=None)
@given(age=st.integers(0, 400), stale_days=st.integers(1, 120))
def test_status_is_stale_exactly_when_older_than_the_threshold(age: int, stale_days: int) -> None:
    """Law: STATUS_STALE fires if and only if the latest report is more than N days before as-of."""
    project = Project("P1", "Alpha", stage="Plan")
    reports = (StatusReport("P1", AS_OF - dt.timedelta(days=age + 30)), StatusReport("P1", AS_OF - dt.timedelta(days=age)))
    rules = [w.rule for w in governance(Portfolio(projects=(project,), status=reports),
                                        GovernanceOptions(stale_days=stale_days, as_of=AS_OF))]
    assert ("STATUS_STALE" in rules) == (age > stale_days)


@settings(max_examples=60, deadline=None)
@given(offset=st.integers(-60, 60), reached=st.booleans())
def test_a_milestone_is_overdue_exactly_when_its_date_passed_unreached(offset: int, reached: bool) -> None:
    """Law: overdue iff no actual date and the forecast date is before as-of."""
    due = AS_OF + dt.timedelta(days=offset)
    milestone = Milestone("P1", "Go-live", due, due, due if reached else None)
    p = Portfolio(projects=(Project("P1", "Alpha", stage="Initiate"),), milestones=(milestone,),
                  status=(StatusReport("P1", AS_OF),))
    assert ([w.rule for w in governance(p, OPTIONS)] == ["MILESTONE_OVERDUE"]) == (offset < 0 and not reached)


def test_every_rule_code_is_documented() -> None:
    import pmokit.workbooks.governance as module

    for code in RULES:
        assert f"| {code} |" in (module.__doc__ or "")


def test_the_validator_module_offers_the_same_governance() -> None:
    """The plan's compliance section imports governance from pmokit.workbooks.validate."""
    from pmokit.workbooks import validate

    assert validate.governance is governance
    assert _found(small_portfolio(), validate.ValidateOptions(as_of=AS_OF)) == _found(small_portfolio())  # type: ignore[arg-type]
