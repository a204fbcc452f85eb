"""The standard PMO workbook's schema: the one source of truth for sheets, tables and columns.

Each sheet holds one Excel table of the same name; each column maps a header ("Budget (BAC)") to a
field of the model dataclass (:mod:`pmokit.workbooks.model`), with its kind, whether it is required, the
allowed values, an example and help for the analyst. The writer, the loader, the validator and
``workbooks/README.md`` all read this module; nothing else restates it.

Header matching is forgiving: case, spaces, underscores and punctuation are ignored, and a header
also matches without its bracketed part or by the bracketed part alone ("Budget (BAC)", "budget",
"BAC" are one column). Extra columns a PMO adds are ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pmokit.workbooks import model
from pmokit.workbooks.model import CONSTRAINT_TYPES, ESTIMATE_BASES, METHODOLOGIES, RAG_VALUES, STAGES

KINDS = ("text", "number", "integer", "percent", "date", "bool", "choice")

RISK_STATUSES = ("Open", "Mitigating", "Closed", "Occurred")
DECISION_STATUSES = ("Open", "Decided", "Deferred", "Rejected")
MONEY = "#,##0"
_DEFAULT_FORMATS = {"date": "yyyy-mm-dd", "percent": "0%", "integer": "0", "number": "0.0#"}
# What is plausible: a cell beyond these bounds is a typo or a paste gone wrong, and refused at its
# cell by the validator, so nothing downstream overflows (1e308 budgets, 99,999,999-day lags).
MONEY_MAX = 1e15  # any amount, in the portfolio's currency (a quadrillion: room for every currency)
DAYS_MAX = 10_000.0  # working days (about 40 years): a duration, a lag, a delay
HOURS_MAX = 10_000_000.0  # hours of effort on one task
HOURS_PER_WEEK_MAX = 10_000.0  # capacity of one resource row (a whole team)
COUNT_MAX = 1_000_000_000.0  # priorities, backlog items
FIRST_DATE = dt.date(1900, 1, 1)  # Excel's first date
LAST_DATE = dt.date(9999, 12, 31)  # Excel's last date; a schedule must end by it
TRUE_WORDS = ("yes", "y", "true", "x", "1", "milestone")
FALSE_WORDS = ("no", "n", "false", "0", "-")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, the model field it fills and the rule its cells follow.

    ``kind`` is one of :data:`KINDS`. A ``choice`` column offers ``allowed`` as a dropdown; when
    ``strict`` is false (a PMO's own stage gates) other words are accepted too. ``minimum`` and
    ``maximum`` bound numbers; ``width`` is the column width the writer uses.
    """

    header: str
    field: str
    kind: str = "text"
    required: bool = False
    allowed: tuple[str, ...] = ()
    strict: bool = True
    minimum: float | None = None
    maximum: float | None = None
    example: Any = None
    help: str = ""
    aliases: tuple[str, ...] = ()
    width: float = 14.0
    number_format: str = ""  # Excel format; blank means the kind's default

    def bound(self, x: float) -> str:
        """A minimum or maximum as a message shows it: 100%, 10,000, 1,000,000,000,000,000."""
        if self.kind == "percent":
            return f"{x:.0%}"
        return f"{x:,.0f}" if float(x).is_integer() and abs(x) >= 10_000 else f"{x:g}"

    @property
    def excel_format(self) -> str:
        """The number format the writer gives the column's cells."""
        return self.number_format or _DEFAULT_FORMATS.get(self.kind, "")

    @property
    def keys(self) -> tuple[str, ...]:
        """Normalised header texts that match this column."""
        found = [normalise(self.header), normalise(self.field)]
        outside = re.sub(r"\(.*?\)", "", self.header)
        found.append(normalise(outside))
        inside = re.findall(r"\((.*?)\)", self.header)
        found += [normalise(text) for text in inside]
        found += [normalise(a) for a in self.aliases]
        return tuple(dict.fromkeys(k for k in found if k))


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the standard workbook: its table, the model record and its columns."""

    name: str
    record: type
    columns: tuple[Column, ...]
    help: str
    required: bool = True
    key: tuple[str, ...] = ()  # fields whose combination is unique within the sheet

    def column(self, field: str) -> Column:
        """The column filling ``field``; ``KeyError`` naming it when there is none."""
        for c in self.columns:
            if c.field == field:
                return c
        raise KeyError(field)

    def match(self, header: object) -> Column | None:
        """The column a header cell names, or None for a column the PMO added."""
        key = normalise(str(header)) if header is not None else ""
        if not key:
            return None
        for c in self.columns:
            if key in c.keys:
                return c
        return None


def column_letter(index: int) -> str:
    """The letters of a 0-based column index, as Excel names columns (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normalise(text: str) -> str:
    """Header text reduced to what matters: lower-case letters and digits ("% complete" → "complete")."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _project_id(help_text: str = "The project this row belongs to: a Project ID of the Projects sheet.") -> Column:
    return Column("Project ID", "project_id", "text", True, example="P01", help=help_text,
                  aliases=("Project",), width=11)


def _rag(header: str, field: str, example: str, help_text: str, alias: str) -> Column:
    return Column(header, field, "choice", allowed=RAG_VALUES, example=example, help=help_text,
                  aliases=(alias,), width=11)

PROJECTS = SheetSpec("Projects", model.Project, (
    Column("Project ID", "project_id", "text", True, example="P01",
           help="A short unique code for the project; every other sheet refers to it.", width=11),
    Column("Name", "name", "text", True, example="CRM replacement", help="The project's name.", width=28,
           aliases=("Project name",)),
    Column("Group", "group", example="Digital", help="The project group or programme it belongs to.",
           aliases=("Programme", "Portfolio")),
    Column("Sponsor", "sponsor", example="Chief Operating Officer", help="Who owns the business case.",
           width=20),
    Column("Project manager", "project_manager", example="A. Kowalski", help="Who runs the project day to day.",
           aliases=("PM",), width=18),
    Column("Methodology", "methodology", "choice", True, METHODOLOGIES, example="Hybrid",
           help="How the project is run."),
    Column("Stage", "stage", "choice", True, STAGES, strict=False, example="Execute",
           help="The stage gate it has passed into; a PMO's own gate names are accepted too."),
    Column("Priority", "priority", "integer", minimum=1, maximum=COUNT_MAX, example=2, help="1 is the highest.", width=10),
    Column("Start", "start", "date", example="2026-02-02", help="Planned or actual start date.", width=12),
    Column("Baseline finish", "baseline_finish", "date", example="2026-12-18",
           help="The finish date approved at the last baseline; blank means no baseline yet.", width=15,
           aliases=("Baseline",)),
    Column("Forecast finish", "forecast_finish", "date", example="2027-01-29",
           help="The finish date the project manager now expects.", width=15, aliases=("Forecast",)),
    Column("Budget (BAC)", "budget", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=850000,
           help="Budget at completion, in the portfolio's currency.", width=14),
    Column("Contingency", "contingency", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=85000,
           help="Management reserve held for the project's risks.", width=13),
    Column("Currency", "currency", example="EUR",
           help="The currency code of the project's money columns (EUR, USD, GBP …); decks, charters and "
                "plans show it beside every amount.", width=10),
), "One row per project of the group.", key=("project_id",))

TASKS = SheetSpec("Tasks", model.Task, (
    _project_id(),
    Column("Task ID", "task_id", "text", True, example="T010",
           help="Unique within its project; predecessors refer to it.", width=10, aliases=("ID",)),
    Column("WBS", "wbs", example="1.2.3", help="Work breakdown structure code.", width=9),
    Column("Name", "name", "text", True, example="Design data migration", help="What the task delivers.",
           width=30, aliases=("Task name", "Task")),
    Column("Optimistic", "optimistic", "number", True, minimum=0, maximum=DAYS_MAX, example=4,
           help="Best-case duration in working days.", width=11),
    Column("Most likely", "most_likely", "number", True, minimum=0, maximum=DAYS_MAX, example=6,
           help="Most likely duration in working days; between optimistic and pessimistic.", width=11),
    Column("Pessimistic", "pessimistic", "number", True, minimum=0, maximum=DAYS_MAX, example=11,
           help="Worst-case duration in working days; at least the most likely.", width=11),
    Column("Predecessors", "predecessors", example="T005FS+2, T007 SS",
           help="Microsoft Project syntax: task IDs of the same project, link type FS/SS/FF/SF, lag in "
                "working days.", width=16),
    Column("Resource", "resource", example="Solution architect",
           help="A resource name or a role of the Resources sheet.", width=18, aliases=("Resource or role", "Role")),
    Column("Effort (hours)", "effort", "number", minimum=0, maximum=HOURS_MAX, example=48, help="Planned work in hours.", width=10),
    Column("Start", "start", "date", example="2026-03-02", help="Planned (or actual) start date.", width=12),
    Column("Finish", "finish", "date", example="2026-03-10", help="Planned (or actual) finish date.", width=12),
    Column("% complete", "percent_complete", "percent", minimum=0, maximum=1, example=0.5,
           help="Physical progress: 50% or 0.5.", width=10, aliases=("Percent complete", "Complete")),
    Column("Baseline cost", "baseline_cost", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=5200,
           help="Budgeted cost of the task.", width=12),
    Column("Actual cost", "actual_cost", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=2600,
           help="Cost booked so far.", width=12),
    Column("Milestone", "milestone", "bool", example="No",
           help="Yes for a milestone (a zero-duration event).", width=10, aliases=("Milestone flag",)),
    Column("Baseline start", "baseline_start", "date", example="2026-03-02",
           help="Start approved at the last baseline; blank means no task baseline.", width=12),
    Column("Baseline finish", "baseline_finish", "date", example="2026-03-10",
           help="Finish approved at the last baseline.", width=12),
    Column("Actual start", "actual_start", "date", example="2026-03-03",
           help="When work really started; blank until it has.", width=12),
    Column("Actual finish", "actual_finish", "date", example="",
           help="When the task really finished; blank until it has.", width=12),
    Column("Remaining (days)", "remaining", "number", minimum=0, maximum=DAYS_MAX, example="",
           help="Remaining duration in working days, for a started task; blank means the estimate "
                "times (1 − % complete).", width=10, aliases=("Remaining duration",)),
    Column("Constraint type", "constraint_type", "choice", allowed=CONSTRAINT_TYPES, example="SNET",
           help="Microsoft Project's constraint: ASAP (blank), ALAP, SNET / SNLT (start no earlier / "
                "later than), FNET / FNLT (finish no earlier / later than), MSO / MFO (must start / "
                "finish on).", width=11, aliases=("Constraint",)),
    Column("Constraint date", "constraint_date", "date", example="2026-03-02",
           help="The date the constraint refers to; needed by every type but ASAP and ALAP.", width=12),
    Column("Deadline", "deadline", "date", example="2026-04-30",
           help="A target finish that never moves the task; missing it shows as negative float.", width=12),
    Column("Estimate basis", "estimate_basis", "choice", allowed=ESTIMATE_BASES, strict=False,
           example="Estimated",
           help="Where the three-point estimate came from: \"Estimated\" (blank) by the project team; "
                "\"Imported PERT\" from Microsoft Project's PERT fields (Duration1–3: optimistic, expected, "
                "pessimistic); \"Default spread\" made up by pmokit import from a plan's single duration D "
                "(optimistic 0.9 × D, pessimistic 1.25 × D) for the project manager to refine.", width=13),
), "One row per task, with its three-point estimate and dependencies.", key=("project_id", "task_id"))

RESOURCES = SheetSpec("Resources", model.Resource, (
    Column("Resource", "resource", "text", True, example="M. Okafor", help="A person or a named vacancy.",
           width=18, aliases=("Name",)),
    Column("Role", "role", "text", True, example="Business analyst", help="What the person does.", width=18),
    Column("Team", "team", example="Delivery", help="Line team."),
    Column("Capacity (hours per week)", "capacity", "number", minimum=0, maximum=HOURS_PER_WEEK_MAX, example=37.5,
           help="Hours a week available to projects.", width=12, aliases=("Capacity",)),
    Column("Cost rate", "cost_rate", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=85, help="Cost per hour.", width=10),
    Column("Available from", "available_from", "date", example="2026-04-01",
           help="First day available (a planned hire); blank means already here.", width=13),
    Column("Available to", "available_to", "date", example="",
           help="Last day available (a leaver); blank means open-ended.", width=13),
), "One row per person or vacancy, with capacity and cost.", key=("resource",))

CALENDAR = SheetSpec("Calendar", model.Holiday, (
    Column("Date", "date", "date", True, example="2026-12-25", help="A non-working day.", width=12,
           aliases=("Holiday",)),
    Column("Name", "name", example="Christmas Day", help="What the day is.", width=22),
    Column("Working week", "weekmask", example="1111100",
           help="The first non-blank cell sets the working week, Monday to Sunday, 1 = working day "
                "(Excel's WORKDAY.INTL mask); blank means Monday to Friday.", width=13, aliases=("Weekmask",)),
), "Holidays and the working week.", required=False, key=("date",))

STATUS = SheetSpec("Status", model.StatusReport, (
    _project_id(),
    Column("Status date", "status_date", "date", True, example="2026-10-30",
           help="The reporting date; not in the future.", width=12, aliases=("Date",)),
    Column("PV", "pv", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=410000, help="Planned value to date.", width=11,
           aliases=("Planned value",)),
    Column("EV", "ev", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=380000, help="Earned value to date.", width=11,
           aliases=("Earned value",)),
    Column("AC", "ac", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=402000, help="Actual cost to date.", width=11,
           aliases=("Actual cost",)),
    _rag("Overall RAG", "rag_overall", "Amber", "Overall status.", "Overall"),
    _rag("Schedule RAG", "rag_schedule", "Amber", "Schedule status.", "Schedule"),
    _rag("Cost RAG", "rag_cost", "Green", "Cost status.", "Cost"),
    _rag("Scope RAG", "rag_scope", "Green", "Scope status.", "Scope"),
    _rag("Resources RAG", "rag_resources", "Red", "Resourcing status.", "Resources"),
    Column("Summary", "summary", example="Build on track; data migration slipping.",
           help="What happened this period.", width=36),
    Column("Next steps", "next_steps", example="Agree extra migration tester.", help="What happens next.", width=36),
), "One row per project per reporting period: the history trend charts need.",
    key=("project_id", "status_date"))

MILESTONES = SheetSpec("Milestones", model.Milestone, (
    _project_id(),
    Column("Milestone", "milestone", "text", True, example="Go-live", help="The milestone's name.", width=26),
    Column("Baseline date", "baseline_date", "date", example="2026-11-16", help="Approved date.", width=13),
    Column("Forecast date", "forecast_date", "date", example="2026-12-07", help="Expected date.", width=13),
    Column("Actual date", "actual_date", "date", example="", help="When it was reached; blank until then.",
           width=13),
), "Key milestones per project.", key=("project_id", "milestone"))

RISKS = SheetSpec("Risks", model.Risk, (
    _project_id(),
    Column("Risk ID", "risk_id", "text", True, example="R01", help="Unique within its project.", width=9),
    Column("Title", "title", "text", True, example="Legacy data quality worse than assumed",
           help="The risk as cause, event and effect.", width=34, aliases=("Risk",)),
    Column("Probability", "probability", "percent", True, minimum=0, maximum=1, example=0.3,
           help="Chance it occurs: 30% or 0.3.", width=11),
    Column("Impact", "impact", "integer", True, minimum=1, maximum=5, example=4,
           help="Impact rating from 1 (minimal) to 5 (severe).", width=9),
    Column("Cost impact min", "cost_min", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=20000,
           help="Least it costs if it occurs.", width=12, aliases=("Cost min",)),
    Column("Cost impact likely", "cost_likely", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=45000,
           help="Most likely cost if it occurs.", width=12, aliases=("Cost likely",)),
    Column("Cost impact max", "cost_max", "number", number_format=MONEY, minimum=0, maximum=MONEY_MAX, example=90000,
           help="Most it costs if it occurs.", width=12, aliases=("Cost max",)),
    Column("Owner", "owner", example="Data lead", help="Who manages the risk.", width=16),
    Column("Mitigation", "mitigation", example="Profile data in sprint 1; budget a cleansing sprint.",
           help="What is done to reduce it.", width=34),
    Column("Status", "status", "choice", allowed=RISK_STATUSES, strict=False, example="Open",
           help="Open, Mitigating, Closed or Occurred.", width=11),
    Column("Review date", "review_date", "date", example="2026-12-01", help="Next review.", width=12),
    Column("Tasks affected", "tasks", example="T040, T050",
           help="Task IDs of the same project the risk would delay, comma-separated.", width=14,
           aliases=("Tasks", "Affected tasks")),
    Column("Delay min", "schedule_min", "number", minimum=0, maximum=DAYS_MAX, example=2,
           help="Fewest working days it adds to each affected task if it occurs.", width=11,
           aliases=("Schedule impact min", "Schedule min")),
    Column("Delay likely", "schedule_likely", "number", minimum=0, maximum=DAYS_MAX, example=5,
           help="Most likely working days it adds to each affected task.", width=11,
           aliases=("Schedule impact likely", "Schedule likely")),
    Column("Delay max", "schedule_max", "number", minimum=0, maximum=DAYS_MAX, example=12,
           help="Most working days it adds to each affected task.", width=11, aliases=("Schedule impact max", "Schedule max")),
    Column("Post-mitigation probability", "residual_probability", "percent", minimum=0, maximum=1,
           example=0.15, help="Chance it occurs once the mitigation is done.", width=11,
           aliases=("Residual probability",)),
    Column("Post-mitigation impact", "residual_impact", "integer", minimum=1, maximum=5, example=3,
           help="Impact rating 1–5 once the mitigation is done.", width=11, aliases=("Residual impact",)),
    Column("Post-mitigation delay likely", "residual_schedule_likely", "number", minimum=0, maximum=DAYS_MAX,
           example=3, help="Most likely working days it adds after mitigation; min and max scale with it.",
           width=11, aliases=("Residual delay likely",)),
), "The risk register.", key=("project_id", "risk_id"))

DECISIONS = SheetSpec("Decisions", model.Decision, (
    _project_id(),
    Column("Decision", "decision", "text", True, example="Approve extra tester for 8 weeks",
           help="The decision or ask for the steering committee.", width=40, aliases=("Decision or ask", "Ask")),
    Column("Needed by", "needed_by", "date", example="2026-12-04", help="When it is needed.", width=12),
    Column("Owner", "owner", example="Sponsor", help="Who decides.", width=16),
    Column("Status", "status", "choice", allowed=DECISION_STATUSES, strict=False, example="Open",
           help="Open, Decided, Deferred or Rejected.", width=11),
), "What the steering committee is asked to decide.", required=False)

CHARTER = SheetSpec("Charter", model.Charter, (
    _project_id(),
    *(Column(header, field, example=example, help=text, width=30) for header, field, example, text in (
        ("Business case", "business_case", "Cut cost to serve by 12%.", "Why the project is worth doing."),
        ("Objectives", "objectives", "Replace CRM by Q4.", "What it must achieve (one per line)."),
        ("In scope", "in_scope", "Sales and service modules.", "What is included."),
        ("Out of scope", "out_of_scope", "Marketing automation.", "What is excluded."),
        ("Deliverables", "deliverables", "Configured CRM; migrated data.", "What it hands over."),
        ("Success criteria", "success_criteria", "95% of users active in 3 months.", "How success is measured."),
        ("Assumptions", "assumptions", "Vendor support available.", "What is taken as true."),
        ("Constraints", "constraints", "Fixed go-live before peak season.", "Limits it must respect."),
        ("Stakeholders", "stakeholders", "Sales; Service; IT Ops.", "Who is affected or involved."),
    )),
    Column("Approved by", "approved_by", example="Steering committee", help="Who approved the charter.",
           width=18),
    Column("Approved on", "approved_on", "date", example="2026-01-20",
           help="When it was approved; blank means not approved yet.", width=12),
), "One charter per project.", required=False, key=("project_id",))

THROUGHPUT = SheetSpec("Throughput", model.Throughput, (
    _project_id(),
    Column("Period end", "period_end", "date", True, example="2026-10-23", help="Last day of the period.",
           width=12),
    Column("Items done", "items_done", "number", True, minimum=0, maximum=COUNT_MAX, example=7,
           help="Backlog items finished in the period.", width=10),
    Column("Backlog", "backlog", "number", minimum=0, maximum=COUNT_MAX, example=64, help="Items left at the period end.", width=10),
), "Items agile teams finished per period, for forecasting.", required=False,
    key=("project_id", "period_end"))

SHEETS: tuple[SheetSpec, ...] = (PROJECTS, TASKS, RESOURCES, CALENDAR, STATUS, MILESTONES, RISKS, DECISIONS,
                                 CHARTER, THROUGHPUT)


def sheet(name: str) -> SheetSpec:
    """The spec of a sheet by its name (case-insensitive); ``KeyError`` naming it when unknown."""
    for s in SHEETS:
        if s.name.lower() == name.lower():
            return s
    raise KeyError(name)
