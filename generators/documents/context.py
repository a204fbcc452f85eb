"""The fields a charter or plan template receives, built from the model and the computed figures.

Every number comes from :mod:`pmokit.generators.analysis` (the same functions behind the Excel cells);
this module only chooses what to show and formats it (:mod:`.formatting`). The field names are the
templates' contract: ``CHARTER_FIELDS`` and ``PLAN_FIELDS`` list them, and the template lint test
checks every default template against them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.health import threshold_text
from pmokit.generators.analysis import ProjectFigures
from pmokit.generators.documents import formatting as fmt
from pmokit.generators.documents import registerrisk
from pmokit.generators.documents.options import DocumentOptions
from pmokit.workbooks import schedule_health as sh
from pmokit.workbooks.model import STAGES, Charter, Portfolio, Project

CRITICAL_FILL, PLAIN_FILL = "F6D5D1", "auto"
TOP_RISKS = 8

CHARTER_FIELDS = frozenset({"project", "version", "as_of", "charter", "milestones", "budget",
                            "confidence", "confidence_note", "roles", "top_risks", "approvals", "methods",
                            "throughput_forecast", "throughput_note", "estimate_defaults", "health_caveat"})
PLAN_FIELDS = CHARTER_FIELDS | {"tasks", "critical_path", "confidence_finish", "gantt",
                                "gantt_caption", "loading", "loading_note", "budget_months",
                                "risks", "governance", "governance_summary", "stage_gates",
                                "decisions", "agile", "schedule_risk", "schedule_health",
                                "schedule_health_summary"}
# What a PMO's own template must still hold, and why (a charter without its approval block or a
# plan without its WBS is not the PMO's standard document).
CHARTER_REQUIRED = {"project": "the project identification",
                    "approvals": "the approval block with its signature table"}
PLAN_REQUIRED = {"project": "the project identification", "tasks": "the WBS and schedule tables"}

_STAGE_GATES = (
    ("Gate 1: Initiate → Plan", "Charter approved; sponsor and budget confirmed"),
    ("Gate 2: Plan → Execute", "Plan, baseline schedule and budget approved"),
    ("Gate 3: Execute → Close", "Deliverables accepted; handover to operations agreed"),
    ("Gate 4: Close", "Lessons learned recorded; benefits owner confirmed; project closed"),
)


def charter_context(portfolio: Portfolio, figures: ProjectFigures, options: DocumentOptions,
                    as_of: dt.date) -> dict[str, Any]:
    """The fields of a charter."""
    project = figures.project
    charter = portfolio.charter_of(project.project_id) or Charter(project.project_id)
    cur = options.currency
    return {
        "project": _project(project),
        "version": fmt.clean(options.version),
        "as_of": fmt.date(as_of),
        "charter": _charter(charter),
        "milestones": [{"name": fmt.clean(m.milestone), "baseline": fmt.date(m.baseline_date),
                        "forecast": fmt.date(m.forecast_date), "actual": fmt.date(m.actual_date, "")}
                       for m in figures.milestones] or [_empty(name="No milestones in the workbook")],
        "budget": budget(figures, cur),
        "methods": methods(figures),
        "confidence": confidence_rows(portfolio, figures),
        "confidence_note": _confidence_note(figures, options) + registerrisk.confidence_sentence(portfolio, figures),
        "estimate_defaults": registerrisk.defaults_sentence(figures),
        # Said above the P80 when the schedule fails a check that makes it unreliable.
        "health_caveat": sh.p80_caveat(figures.health) if figures.health and figures.confidence else "",
        "throughput_forecast": throughput_rows(figures),
        "throughput_note": _throughput_note(figures),
        "roles": [{"role": "Sponsor", "name": fmt.clean(project.sponsor) or fmt.NA},
                  {"role": "Project manager", "name": fmt.clean(project.project_manager) or fmt.NA}],
        "top_risks": [_risk(r, cur) for r in figures.risks[:TOP_RISKS]] or [_empty(title="No open risks")],
        "approvals": _approvals(project, charter),
    }


def budget(figures: ProjectFigures, cur: str) -> dict[str, str]:
    """BAC, the contingency the PMO holds (what is funded) and the P80 risk reserve (advice), side
    by side and never one called the other; funding requested = BAC + held contingency."""
    project = figures.project
    bac = figures.bac if figures.bac is not None else project.budget
    held = figures.contingency
    reserve = figures.risk_reserve_p80
    covers = figures.contingency_confidence
    if held is None:
        cover_text = "No contingency is held (the Projects sheet gives none)."
    elif covers is None:
        cover_text = "There are no costed open risks to measure the contingency against."
    else:
        share = min(int(covers * 100 + 1e-9), 100)  # rounded down: never overstated
        cover_text = (f"{fmt.money(held, cur)} covers the risk register at P{share}: it pays for {share}% of the "
                      "simulated outcomes.")
    if held is not None and reserve > 0 and held < reserve:
        cover_text += (f" It is {fmt.money(reserve - held, cur)} below the P80 risk reserve; the sponsor decides "
                       "whether to raise it.")
    total = None if bac is None else bac + (held or 0.0)
    return {"bac": fmt.money(bac, cur), "contingency": fmt.money(held, cur) if held is not None else "none held",
            "covers": cover_text, "reserve_p80": fmt.money(reserve, cur), "total": fmt.money(total, cur),
            "note": (f"Funding requested is the budget plus the contingency held. The risk reserve at P80 is advice: "
                     f"the amount 80% of simulated outcomes of the open risks stay within (each risk occurs with its "
                     f"probability and costs a three-point draw; PMO_RISK_RESERVE, {figures.simulation}); their "
                     f"expected monetary value is {fmt.money(figures.emv_total, cur)}.")}


def methods(figures: ProjectFigures) -> dict[str, bool]:
    """Which sections a methodology-aware document shows: the waterfall sections (WBS, critical
    path, stage gates) for Waterfall and Hybrid, the agile ones (release plan, throughput
    forecast, definition of done, backlog) for Agile and Hybrid; the schedule-risk confidence
    where there are three-point tasks (not for Agile, whose estimate is its throughput)."""
    method = figures.project.methodology
    agile = method in ("Agile", "Hybrid")
    waterfall = method != "Agile"
    return {"waterfall": waterfall, "agile": agile, "hybrid": method == "Hybrid",
            "sra": waterfall or figures.agile is None, "flow": agile}


def throughput_rows(figures: ProjectFigures) -> list[dict[str, str]]:
    """The throughput forecast as measure / value rows (PMO_FORECAST, PMO_FORECAST_ITEMS)."""
    a = figures.agile
    if a is None:
        return [{"measure": "No throughput history", "value": "Add the team's finished items per period to the "
                 "Throughput sheet to forecast from them."}]
    mean = sum(a.throughput) / len(a.throughput)
    rows = [("Backlog left", f"{fmt.number(a.backlog, 0)} items on {fmt.date(a.start)}"),
            ("Throughput history", f"{len(a.throughput)} periods of {a.period_days} days, "
                                   f"{fmt.number(mean, 1)} items per period on average"),
            ("Completion date, P50 (forecast)", fmt.date(a.p50_finish)),
            ("Completion date, P85 (forecast)", fmt.date(a.p85_finish)),
            ("Release date (baseline finish)", fmt.date(a.release))]
    if a.items_by_release is not None:
        rows.append(("Items likely done by the release date (85%)",
                     f"{fmt.number(a.items_by_release, 0)} of {fmt.number(a.backlog, 0)}"))
    return [{"measure": m, "value": v} for m, v in rows]


def _throughput_note(figures: ProjectFigures) -> str:
    if figures.agile is None:
        return ""
    note = ("Forecast by resampling the team's own throughput: each simulated future draws past periods at random "
            "until the backlog is done (PMO_FORECAST; items by the release date: PMO_FORECAST_ITEMS; "
            f"{figures.agile.simulation}). P85: 85% of the simulated futures finish by that date.")
    if figures.project.methodology == "Hybrid" and figures.confidence is not None:
        note += (" The two forecasts answer different questions: this one when the backlog's items are done at the "
                 "team's pace, the schedule-risk one when every task of the plan is finished.")
    return note


def plan_context(portfolio: Portfolio, figures: ProjectFigures, options: DocumentOptions,
                 as_of: dt.date, *, loading: list[dict[str, str]], loading_note: str,
                 budget_months: list[dict[str, str]], governance: list[dict[str, str]],
                 gantt_caption: str) -> dict[str, Any]:
    """The fields of a project management plan (the charter's, and the plan's own)."""
    context = charter_context(portfolio, figures, options, as_of)
    project = figures.project
    effort = {t.task_id: t.effort for t in portfolio.tasks_of(project.project_id)}
    context.update({
        "tasks": [_task(t, effort.get(t.task_id)) for t in figures.tasks]
                 or [_empty(name="No tasks in the workbook")],
        "critical_path": " → ".join(figures.critical_path) or fmt.NA,
        "confidence_finish": fmt.date(forecast_finish(figures)),
        "agile": _agile_plan(figures),
        "schedule_risk": registerrisk.plan_fields(portfolio, figures),
        "gantt_caption": gantt_caption + _float_note(figures),
        "loading": loading or [_empty(role="No effort planned by role")],
        "loading_note": loading_note,
        "budget_months": budget_months or [_empty(planned="No baseline costs on the tasks")],
        "risks": [_risk(r, options.currency) for r in figures.risks] or [_empty(title="No open risks")],
        "governance": governance,
        "governance_summary": (f"The PMO's governance checks found {len(governance)} "
                               f"{'point' if len(governance) == 1 else 'points'} to address for this "
                               "project:" if governance else
                               "The project meets all of the PMO's governance checks."),
        "stage_gates": _stage_gates(project),
        "schedule_health": health_rows(figures),
        "schedule_health_summary": _health_summary(figures),
        "decisions": [{"decision": fmt.clean(d.decision), "needed_by": fmt.date(d.needed_by),
                       "owner": fmt.clean(d.owner), "status": fmt.clean(d.status)}
                      for d in portfolio.decisions_of(project.project_id)]
                     or [_empty(decision="No decisions pending")],
    })
    if not governance:
        context["governance"] = [{"where": "", "rule": "", "message": "No findings"}]
    return context


def health_rows(figures: ProjectFigures) -> list[dict[str, str]]:
    """The 14 checks of the DCMA assessment: what each measured, its threshold, pass or fail and
    the first failing tasks (or why it was not assessed); failing rows shaded."""
    result = figures.health
    if result is None:
        return [_empty(check="Not assessed: no tasks with three-point estimates")]
    return [{"check": f"{c.number} {c.name}", "measured": fmt.clean(sh.measured(c)),
             "threshold": threshold_text(c, result.limits),
             "result": "n/a" if c.passed is None else "Pass" if c.passed else "Fail",
             "failing": fmt.clean(sh.failing_text(c) if c.failing else sh.note_text(c) if c.passed is None else ""),
             "fill": CRITICAL_FILL if c.passed is False else PLAIN_FILL} for c in result.checks]


def _health_summary(figures: ProjectFigures) -> str:
    result = figures.health
    if result is None:
        return "The schedule health checks need the Tasks sheet's rows with three-point estimates."
    failed = ", ".join(f"{c.number} {c.name.lower()}" for c in result.failed)
    return (f"The DCMA 14-point assessment (DCMA-EA PAM 200.1) of the Tasks rows at the status date "
            f"{fmt.date(result.status_date)}, durations at PERT means: {result.passed} of "
            f"{result.assessed} checks assessed pass" + (f"; it fails {failed}" if failed else "")
            + ". Checks marked n/a need what the workbook does not hold yet (baselines, links). "
            + "=PMO_SCHEDULE_CHECK over the same rows gives this table; pmokit validate points at "
            "the failing tasks' cells.")


def confidence_rows(portfolio: Portfolio, figures: ProjectFigures) -> list[dict[str, str]]:
    """Finish date, duration and effort: baseline (approved), planned (the Tasks sheet), and the
    forecast at the status date — most likely, P50 and P80 (schedule risk analysis); with a risk
    register that delays tasks, the finish's P50 and P80 without it on a row of their own."""
    c = figures.confidence
    if c is None:
        return [{"measure": "No three-point estimates", "baseline": fmt.NA, "planned": fmt.NA, "likely": fmt.NA,
                 "p50": fmt.NA, "p80": fmt.NA}]
    baseline = figures.project.baseline_finish
    planned = planned_finish(figures)
    planned_effort = sum(t.effort or 0.0 for t in portfolio.tasks_of(figures.project.project_id)) or None

    def days(d: dt.date | None) -> str:
        return fmt.number(working_days_to(portfolio, figures, d))

    without = registerrisk.without_row(figures)
    return [
        {"measure": registerrisk.with_label(figures), "baseline": fmt.date(baseline), "planned": fmt.date(planned),
         "likely": fmt.date(c.deterministic_finish), "p50": fmt.date(c.p50_finish), "p80": fmt.date(c.p80_finish)},
        *([without] if without else []),
        {"measure": "Duration (working days from the start)", "baseline": days(baseline), "planned": days(planned),
         "likely": days(c.deterministic_finish), "p50": days(c.p50_finish), "p80": days(c.p80_finish)},
        # The effort simulation takes each task's entered effort as its most likely: the two agree.
        {"measure": "Effort (hours)", "baseline": fmt.NA, "planned": fmt.number(planned_effort, 0),
         "likely": fmt.number(planned_effort, 0),
         "p50": fmt.number(c.p50_effort, 0), "p80": fmt.number(c.p80_effort, 0)},
    ]


def planned_finish(figures: ProjectFigures) -> dt.date | None:
    """The planned finish: the latest finish the project manager entered on the Tasks sheet."""
    return max((t.planned_finish for t in figures.tasks if t.planned_finish), default=None)


def forecast_finish(figures: ProjectFigures) -> dt.date | None:
    """The forecast schedule's finish: the latest early finish of the critical path of the
    remaining work at PERT means (the CPM table and the Gantt chart)."""
    return max((t.early_finish for t in figures.tasks), default=None)


def working_days_to(portfolio: Portfolio, figures: ProjectFigures, finish: dt.date | None) -> float | None:
    """Working days from the project start (else the first task's) to ``finish``, inclusive (the
    workbook's calendar): one basis for every column of the confidence table."""
    if not figures.tasks or finish is None:
        return None
    calendar = WorkCalendar(portfolio.calendar.weekmask, portfolio.calendar.holiday_dates)
    first = figures.project.start or min(t.planned_start or t.early_start for t in figures.tasks)
    return float(calendar.workdays_between(first, finish))


def _float_note(figures: ProjectFigures) -> str:
    """A sentence naming the tasks with negative float and missed deadlines ("" without any)."""
    if not figures.negative_float:
        return ""
    missed = figures.missed_deadlines
    return (f" Negative float on {len(figures.negative_float)} of {len(figures.tasks)} tasks "
            f"({', '.join(figures.negative_float)}): a deadline or constraint date the forecast cannot meet"
            + (f"; deadline missed: {', '.join(missed)}." if missed else "."))


def _confidence_note(figures: ProjectFigures, options: DocumentOptions) -> str:
    if figures.confidence is None:
        return "The tasks carry no three-point estimates, so there is no confidence range."
    return (f"Baseline: the finish approved in the Projects sheet. Planned: the latest finish the project manager "
            f"entered on the Tasks sheet. Forecast: pmokit's schedule at the status date, as Microsoft Project "
            f"reschedules a plan (finished work at its actual dates; each begun task's estimate times its share "
            f"left and all unstarted work after the status date; the Tasks sheet's constraints and deadlines "
            f"honoured) — most likely with the most "
            f"likely durations, P50 and P80 from a Monte Carlo schedule-risk analysis (PMO_SRA, "
            f"{figures.simulation}): a 50% and an 80% chance of finishing by that date and of needing no more than "
            f"that effort.")


def _project(p: Project) -> dict[str, str]:
    return {"project_id": fmt.clean(p.project_id), "name": fmt.clean(p.name), "group": fmt.clean(p.group),
            "sponsor": fmt.clean(p.sponsor), "project_manager": fmt.clean(p.project_manager),
            "methodology": fmt.clean(p.methodology), "stage": fmt.clean(p.stage),
            "start": fmt.date(p.start), "baseline_finish": fmt.date(p.baseline_finish),
            "forecast_finish": fmt.date(p.forecast_finish)}


def _charter(c: Charter) -> dict[str, Any]:
    def block(value: str, column: str) -> list[str]:
        return fmt.lines(value, f"To be completed (Charter sheet, column “{column}” is empty).")

    approval = (f"Approved by {fmt.clean(c.approved_by)} on {fmt.date(c.approved_on)}."
                if c.approved_by else "Not yet approved.")
    return {"business_case": block(c.business_case, "Business case"),
            "objectives": block(c.objectives, "Objectives"),
            "success_criteria": block(c.success_criteria, "Success criteria"),
            "in_scope": block(c.in_scope, "In scope"), "out_of_scope": block(c.out_of_scope, "Out of scope"),
            "deliverables": block(c.deliverables, "Deliverables"),
            "assumptions": block(c.assumptions, "Assumptions"),
            "constraints": block(c.constraints, "Constraints"),
            "stakeholders": block(c.stakeholders, "Stakeholders"),
            "approval": approval}


def _approvals(project: Project, charter: Charter) -> list[dict[str, str]]:
    signed = fmt.clean(charter.approved_by)
    rows = [("Sponsor", fmt.clean(project.sponsor)), ("Project manager", fmt.clean(project.project_manager)),
            ("PMO", "")]
    return [{"role": role, "name": name,
             "date": fmt.date(charter.approved_on, "") if signed and name and (signed in name or name in signed) else ""}
            for role, name in rows]


def _risk(r: Any, currency: str) -> dict[str, str]:
    return {"risk_id": fmt.clean(r.risk_id), "title": fmt.clean(r.title),
            "probability": fmt.percent(r.probability), "impact": fmt.number(r.impact, 0),
            "score": _score(r),
            "owner": fmt.clean(r.owner), "mitigation": fmt.clean(r.mitigation), "status": fmt.clean(r.status)}


def _score(r: Any) -> str:
    from pmokit.generators.analysis import risk_score

    return str(risk_score(r))


def _task(t: Any, effort: float | None) -> dict[str, str]:
    return {"wbs": fmt.clean(t.wbs), "task_id": fmt.clean(t.task_id), "name": fmt.clean(t.name),
            "resource": fmt.clean(t.resource), "duration": fmt.number(t.duration),
            "effort": fmt.number(effort, 0) if effort is not None else "",
            "optimistic": fmt.number(t.optimistic), "most_likely": fmt.number(t.most_likely),
            "pessimistic": fmt.number(t.pessimistic),
            "planned_start": fmt.date(t.planned_start), "planned_finish": fmt.date(t.planned_finish),
            "start": fmt.date(t.early_start), "finish": fmt.date(t.early_finish),
            "late_start": fmt.date(t.late_start), "late_finish": fmt.date(t.late_finish),
            "total_float": fmt.number(t.total_float), "critical": "Yes" if t.critical else "",
            "criticality": "done" if t.done else fmt.percent(t.criticality), "p50_finish": fmt.date(t.p50_finish),
            "p80_finish": fmt.date(t.p80_finish), "fill": CRITICAL_FILL if t.critical else PLAIN_FILL}


def _agile_plan(figures: ProjectFigures) -> dict[str, str]:
    """The agile sections' sentences: cadence and release, and how the backlog moved."""
    a = figures.agile
    if a is None:
        return {"cadence": "The team has no throughput history yet: the cadence is agreed at the first sprint "
                           "planning and recorded in the Throughput sheet period by period.",
                "backlog": "The backlog is not yet sized in the workbook."}
    b = a.burn_up
    first_scope = next((v for v in b.scope if v is not None), None)
    last_scope = next((v for v in reversed(b.scope) if v is not None), None)
    growth = ""
    if first_scope is not None and last_scope is not None:
        change = last_scope - first_scope
        growth = (f" Total scope moved from {fmt.number(first_scope, 0)} to {fmt.number(last_scope, 0)} items "
                  f"({'+' if change >= 0 else ''}{fmt.number(change, 0)}) over the history.")
    release = (f"The release date is the approved baseline finish, {fmt.date(a.release)}." if a.release else
               "No release date is approved yet (the Projects sheet's baseline finish is empty).")
    return {"cadence": f"The team works in periods of {a.period_days} days and records the items it finishes "
                       f"each period in the Throughput sheet ({len(a.throughput)} periods so far). {release}",
            "backlog": f"{fmt.number(b.done[-1], 0)} items are done and {fmt.number(a.backlog, 0)} remain on "
                       f"{fmt.date(a.start)}.{growth}"}


def _stage_gates(project: Project) -> list[dict[str, str]]:
    current = STAGES.index(project.stage) if project.stage in STAGES else 0
    rows = []
    for i, (gate, decides) in enumerate(_STAGE_GATES):
        status = "Passed" if i < current else ("Next" if i == current else "Planned")
        rows.append({"gate": gate, "decides": decides, "status": status})
    return rows


def _empty(**values: str) -> dict[str, str]:
    """The one row of a table with nothing to list: every field blank but the one saying so."""
    row = dict.fromkeys(_ROW_FIELDS, "")
    row["fill"] = PLAIN_FILL
    row.update(values)
    return row


_ROW_FIELDS = ("wbs", "task_id", "name", "resource", "duration", "effort", "optimistic", "most_likely",
               "pessimistic", "start", "finish", "late_start", "late_finish", "total_float", "critical",
               "criticality", "p50_finish", "p80_finish", "baseline", "forecast", "actual", "risk_id",
               "planned_start", "planned_finish",
               "title", "probability", "impact", "score", "owner", "mitigation", "status", "month", "role", "demand",
               "all_demand", "capacity", "utilisation", "flag", "planned", "cumulative", "decision", "needed_by",
               "check", "measured", "threshold", "result", "failing")
