"""The portfolio model: one dataclass per sheet of the standard workbook, one field per column.

Names mirror the workbook (sheet ``Tasks`` → :class:`Task`, column "Baseline finish" →
``baseline_finish``); :mod:`pmokit.workbooks.schema` holds the one table that maps header text to field,
with types, allowed values and help. Values here are already clean: dates are ``datetime.date``,
percentages are fractions (50% → 0.5), blanks are ``None`` or ``""``.

Every record keeps ``row``, the 1-based worksheet row it came from, so a later check can still
point at ``Tasks!F14``. Records built in code (tests, generators' fixtures) may leave it 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pmokit.addin.constraints import CONSTRAINT_TYPES as CONSTRAINT_TYPES  # the engine's codes: one list

Date = dt.date

RAG_VALUES = ("Green", "Amber", "Red")
METHODOLOGIES = ("Waterfall", "Agile", "Hybrid")
STAGES = ("Initiate", "Plan", "Execute", "Close")
#: Where a task's three-point estimate came from; "Default spread" marks one pmokit made up from
#: a single duration (an imported plan without PERT fields) for the project manager to refine.
ESTIMATE_BASES = ("Estimated", "Imported PERT", "Default spread")


@dataclass(frozen=True)
class Project:
    """A row of Projects: one project of the group."""

    project_id: str
    name: str
    group: str = ""
    sponsor: str = ""
    project_manager: str = ""
    methodology: str = "Waterfall"
    stage: str = "Initiate"
    priority: int | None = None
    start: Date | None = None
    baseline_finish: Date | None = None
    forecast_finish: Date | None = None
    budget: float | None = None  # BAC, in the portfolio's currency
    contingency: float | None = None
    currency: str = ""  # ISO code of the money columns, e.g. EUR; "" when not said
    row: int = 0


@dataclass(frozen=True)
class Task:
    """A row of Tasks: a WBS element with its three-point estimate (working days).

    ``start`` / ``finish`` are the planned dates the project manager entered; ``baseline_*`` what
    was approved; ``actual_*`` what happened. Constraint, deadline and progress follow Microsoft
    Project's meaning (``../shared/DOMAIN.md``, Microsoft Project files and scheduling rules).
    """

    project_id: str
    task_id: str
    name: str
    wbs: str = ""
    optimistic: float | None = None
    most_likely: float | None = None
    pessimistic: float | None = None
    predecessors: str = ""  # Microsoft Project syntax: "3FS+2, A SS"
    resource: str = ""  # a resource name or a role
    effort: float | None = None  # hours
    start: Date | None = None
    finish: Date | None = None
    percent_complete: float = 0.0  # fraction 0..1
    baseline_cost: float | None = None
    actual_cost: float | None = None
    milestone: bool = False
    baseline_start: Date | None = None
    baseline_finish: Date | None = None
    actual_start: Date | None = None
    actual_finish: Date | None = None
    remaining: float | None = None  # remaining duration, working days (instead of % complete)
    constraint_type: str = ""  # one of CONSTRAINT_TYPES; "" means ASAP
    constraint_date: Date | None = None
    deadline: Date | None = None
    estimate_basis: str = ""  # one of ESTIMATE_BASES; "" means Estimated
    row: int = 0

    @property
    def begun_on(self) -> Date | None:
        """When the work began: the Actual start, else — for work begun (% complete above 0) —
        the Start, which the schema reads as "planned (or actual)", as Microsoft Project sets an
        actual start from the start when % complete is entered; None for work not begun."""
        return self.actual_start or (self.start if self.percent_complete > 0 else None)

    @property
    def ended_on(self) -> Date | None:
        """When the work ended: the Actual finish, else the Finish of work 100 % complete."""
        return self.actual_finish or (self.finish if self.percent_complete >= 1 else None)


@dataclass(frozen=True)
class Resource:
    """A row of Resources: a person (or a named vacancy) with capacity and cost."""

    resource: str
    role: str
    team: str = ""
    capacity: float = 40.0  # hours per week
    cost_rate: float | None = None  # per hour
    available_from: Date | None = None
    available_to: Date | None = None
    row: int = 0


@dataclass(frozen=True)
class Holiday:
    """A row of Calendar: a non-working day."""

    date: Date
    name: str = ""
    row: int = 0


@dataclass(frozen=True)
class Calendar:
    """The Calendar sheet: holidays and the working week as Excel's WORKDAY.INTL mask."""

    holidays: tuple[Holiday, ...] = ()
    weekmask: str = "1111100"  # Monday … Sunday, 1 = working day

    @property
    def holiday_dates(self) -> list[Date]:
        return [h.date for h in self.holidays]


@dataclass(frozen=True)
class StatusReport:
    """A row of Status: one project's report for one period (the history trend charts need)."""

    project_id: str
    status_date: Date
    pv: float | None = None
    ev: float | None = None
    ac: float | None = None
    rag_overall: str = ""
    rag_schedule: str = ""
    rag_cost: str = ""
    rag_scope: str = ""
    rag_resources: str = ""
    summary: str = ""
    next_steps: str = ""
    row: int = 0


@dataclass(frozen=True)
class Milestone:
    """A row of Milestones."""

    project_id: str
    milestone: str
    baseline_date: Date | None = None
    forecast_date: Date | None = None
    actual_date: Date | None = None
    row: int = 0


@dataclass(frozen=True)
class Risk:
    """A row of Risks. ``probability`` is a fraction (30% → 0.3); ``impact`` a 1–5 rating;
    the cost impacts are a three-point estimate of what the risk costs when it occurs, and the
    schedule impacts one of the working days it adds to each task in ``tasks`` (AACE 57R-09 risk
    drivers). The ``residual_`` fields describe the risk once its mitigation is done."""

    project_id: str
    risk_id: str
    title: str
    probability: float = 0.0
    impact: int = 1
    cost_min: float | None = None
    cost_likely: float | None = None
    cost_max: float | None = None
    owner: str = ""
    mitigation: str = ""
    status: str = "Open"
    review_date: Date | None = None
    tasks: str = ""  # task IDs of the same project the risk would delay: "T040, T050"
    schedule_min: float | None = None  # working days it adds to each of those tasks if it occurs
    schedule_likely: float | None = None
    schedule_max: float | None = None
    residual_probability: float | None = None  # after the mitigation is done (fraction)
    residual_impact: int | None = None  # 1–5 rating after mitigation
    residual_schedule_likely: float | None = None  # most likely days after mitigation
    row: int = 0


@dataclass(frozen=True)
class Decision:
    """A row of Decisions: what the steering committee is asked to decide."""

    project_id: str
    decision: str
    needed_by: Date | None = None
    owner: str = ""
    status: str = "Open"
    row: int = 0


@dataclass(frozen=True)
class Charter:
    """A row of Charter: the texts of a project's charter."""

    project_id: str
    business_case: str = ""
    objectives: str = ""
    in_scope: str = ""
    out_of_scope: str = ""
    deliverables: str = ""
    success_criteria: str = ""
    assumptions: str = ""
    constraints: str = ""
    stakeholders: str = ""
    approved_by: str = ""
    approved_on: Date | None = None
    row: int = 0


@dataclass(frozen=True)
class Throughput:
    """A row of Throughput: items an agile team finished in one period, and the backlog left."""

    project_id: str
    period_end: Date
    items_done: float
    backlog: float | None = None
    row: int = 0


@dataclass(frozen=True)
class Portfolio:
    """A whole workbook: the project group and everything about its projects.

    ``source`` is the workbook's path (or ``""`` when built in code); ``group`` the project
    group's name (the Projects sheet's most common Group, or ``""``). ``layout`` says where each
    column sat in the workbook read (sheet → (worksheet name, field → column letter)), so a
    problem found later can still name its cell; empty for a portfolio built in code.
    """

    projects: tuple[Project, ...]
    tasks: tuple[Task, ...] = ()
    resources: tuple[Resource, ...] = ()
    calendar: Calendar = field(default_factory=Calendar)
    status: tuple[StatusReport, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    risks: tuple[Risk, ...] = ()
    decisions: tuple[Decision, ...] = ()
    charters: tuple[Charter, ...] = ()
    throughput: tuple[Throughput, ...] = ()
    source: str = ""
    layout: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def currency(self) -> str:
        """The portfolio's currency code: the Projects sheet's most common Currency (the first
        of equally common ones), or ``""``."""
        return _most_common([p.currency for p in self.projects if p.currency])

    @property
    def group(self) -> str:
        """The Projects sheet's most common Group (the first of equally common ones), or ``""``."""
        return _most_common([p.group for p in self.projects if p.group])

    def project(self, project_id: str) -> Project:
        """The project with that ID; ``KeyError`` naming it when there is none."""
        for p in self.projects:
            if p.project_id == project_id:
                return p
        raise KeyError(project_id)

    def tasks_of(self, project_id: str) -> list[Task]:
        return [t for t in self.tasks if t.project_id == project_id]

    def status_of(self, project_id: str) -> list[StatusReport]:
        """The project's status reports, oldest first."""
        return sorted((s for s in self.status if s.project_id == project_id), key=lambda s: s.status_date)

    def milestones_of(self, project_id: str) -> list[Milestone]:
        return [m for m in self.milestones if m.project_id == project_id]

    def risks_of(self, project_id: str) -> list[Risk]:
        return [r for r in self.risks if r.project_id == project_id]

    def decisions_of(self, project_id: str) -> list[Decision]:
        return [d for d in self.decisions if d.project_id == project_id]

    def charter_of(self, project_id: str) -> Charter | None:
        return next((c for c in self.charters if c.project_id == project_id), None)

    def throughput_of(self, project_id: str) -> list[Throughput]:
        return sorted((t for t in self.throughput if t.project_id == project_id), key=lambda t: t.period_end)

    def select(self, project_ids: list[str] | None = None, group: str | None = None) -> Portfolio:
        """The same portfolio narrowed to some projects (by ID, in the order given) or one group."""
        keep = list(self.projects)
        if group:
            keep = [p for p in keep if p.group == group]
        if project_ids:
            by_id = {p.project_id: p for p in keep}
            keep = [by_id[i] for i in project_ids if i in by_id]
        ids = {p.project_id for p in keep}
        return Portfolio(
            projects=tuple(keep),
            tasks=tuple(t for t in self.tasks if t.project_id in ids),
            resources=self.resources,
            calendar=self.calendar,
            status=tuple(s for s in self.status if s.project_id in ids),
            milestones=tuple(m for m in self.milestones if m.project_id in ids),
            risks=tuple(r for r in self.risks if r.project_id in ids),
            decisions=tuple(d for d in self.decisions if d.project_id in ids),
            charters=tuple(c for c in self.charters if c.project_id in ids),
            throughput=tuple(t for t in self.throughput if t.project_id in ids),
            source=self.source,
            layout=self.layout,
        )


def _most_common(values: list[str]) -> str:
    """The most common value, the first seen among equals (the same answer on every run)."""
    return max(dict.fromkeys(values), key=values.count) if values else ""
