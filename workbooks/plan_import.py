"""From a Microsoft Project plan to the workbook's rows: one project's Projects, Tasks, Milestones,
Resources and Calendar rows, and a note for everything that did not come across one to one.

The rules (``../shared/DOMAIN.md``, "Microsoft Project files and scheduling rules"):

- Leaf tasks become Tasks rows; summary tasks give their structure through the WBS code. A link to
  or from a summary task is applied to its leaf tasks the way Microsoft Project applies it: a
  summary predecessor (FS / FF) acts as the same link from each of its leaf tasks; a summary
  successor (FS / SS) as the same link to each of its leaf tasks. (SS / SF from a summary, FF / SF
  to one, are applied to its first / last leaf tasks and the note says so.)
- Durations and lags are working days: minutes over the plan's ``MinutesPerDay``.
- Dates carry a time of day. A finish stored at or before the start of the working day (08:00) is
  the end of the previous working day; a start at or after its end (17:00) is the next one. A
  zero-length milestone sits at the instant its predecessors end, so it takes the finish rule (but
  never before the project's first day; a milestone with a duration keeps its start, as Microsoft
  Project schedules it).
- Three-point estimates: Microsoft Project's PERT fields (Duration1 / 2 / 3 = optimistic /
  expected / pessimistic) when a task has all three; otherwise :data:`DEFAULT_SPREAD` around the
  duration, marked "Default spread" for the project manager to refine.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.constraints import START_TYPES
from pmokit.workbooks.model import Milestone, Project, Resource, Task
from pmokit.workbooks.mspdi import (CONSTRAINT_CODES, ELAPSED_FORMATS, PERCENT_FORMATS, PERT_FIELDS, TASK_ID_ALIAS,
                                    MsLink, MsPlan, MsTask, PlanError, parse_duration)
from pmokit.workbooks.mspdi_calendar import PlanCalendar, project_calendar

#: The default three-point spread around a plan's single duration D: optimistic 0.9 × D (rounded
#: down to 0.01 day), pessimistic 1.25 × D (rounded up). Skewed right, as IT tasks overrun more
#: often and further than they finish early.
DEFAULT_SPREAD = (0.9, 1.25)
MANUAL_NOTE = ("manually scheduled in Microsoft Project: imported with a Start No Earlier Than constraint at its "
               "start, so it stays where it was typed and keeps its float; if its links need a later start, "
               "pmokit's schedule moves it (Microsoft Project would leave it and flag the conflict)")
DAY_DIGITS = 4  # durations in working days to 1/10,000 of a day (under 3 seconds of an 8-hour day)
LAG_DIGITS = 3  # lags to 1/1,000 of a day: MSPDI keeps a lag in tenths of a minute, 1/4,800 of a day


@dataclass
class ImportedPlan:
    """One project's rows as the plan gives them, and what the importer did beyond copying."""

    project: Project
    tasks: list[Task]
    milestones: list[Milestone]
    resources: list[Resource]
    calendar: PlanCalendar
    notes: list[str] = field(default_factory=list)


def three_point(days: float) -> tuple[float, float, float]:
    """The default spread around a duration: (optimistic, most likely, pessimistic) days."""
    low, high = DEFAULT_SPREAD
    return (math.floor(days * low * 100 + 1e-9) / 100, days, math.ceil(days * high * 100 - 1e-9) / 100)


def link_text(pred: str, kind: str, lag: float) -> str:
    """One predecessor in Microsoft Project syntax: ``5``, ``5SS``, ``T010FS+2``, ``A FF-0.5``."""
    joint = "" if pred[-1:].isdigit() else " "
    text = pred if kind == "FS" and not lag else f"{pred}{joint}{kind}"
    if lag:
        text += f"{lag:+.{LAG_DIGITS}f}".rstrip("0").rstrip(".")
    return text


def plan_rows(plan: MsPlan, project_id: str, *, fallback_name: str = "") -> ImportedPlan:
    """Turn a read plan into one project's workbook rows (``project_id`` names the project)."""
    return _Importer(plan, project_id, fallback_name).run()


class _Importer:
    def __init__(self, plan: MsPlan, project_id: str, fallback_name: str) -> None:
        self.plan = plan
        self.pid = project_id
        self.fallback = fallback_name
        self.mpd = plan.minutes_per_day or 480.0
        self.notes: list[str] = []
        self.by_uid = {t.uid: t for t in plan.tasks}
        self.summary_task = self.by_uid.get(0)
        # A blank row (IsNull) is no task and holds no place in the outline: Microsoft Project writes
        # it with OutlineLevel 0 or none, which must not close the phase it sits in.
        self.kept = [t for t in plan.tasks if t.uid != 0 and not t.null]
        self.imported_days: dict[int, float] = {}

    def say(self, task: MsTask | None, text: str) -> None:
        self.notes.append(f"{_label(task)}: {text}" if task is not None else text)

    def run(self) -> ImportedPlan:
        plan = self.plan
        if not plan.schedule_from_start:
            self.say(None, "the plan is scheduled from its finish date; pmokit schedules from the start")
        if not plan.honor_constraints:
            self.say(None, "the plan lets links override constraint dates; pmokit's schedule honours them, as "
                           "Microsoft Project does by default")
        self._structure()
        if not self.leaves:
            skipped = len(self.kept)
            raise PlanError(f"{self.fallback or plan.title or plan.name or 'the plan'} has no task to import"
                            + (f" ({skipped} skipped: {'; '.join(self.notes[-3:]) or 'blank or summary rows'})"
                               if skipped else "")
                            + ": nothing was changed; save the plan with its tasks and import it again")
        self._calendar()
        self._ids()
        tasks = [self._task(t) for t in self.leaves]
        self._links(tasks)
        milestones = self._milestones(tasks)
        resources = self._resources()
        return ImportedPlan(self._project(tasks), tasks, milestones, resources, self.cal, self.notes)

    # ---- structure -------------------------------------------------------------------------
    def _structure(self) -> None:
        """Leaf tasks, summaries and each summary's leaves, from the outline; what is skipped."""
        self.children: dict[int, list[int]] = defaultdict(list)
        self.parent: dict[int, int] = {}
        stack: list[MsTask] = []
        for t in self.kept:
            level = t.outline_level or 1
            while stack and (stack[-1].outline_level or 1) >= level:
                stack.pop()
            if stack:
                self.parent[t.uid] = stack[-1].uid
                self.children[stack[-1].uid].append(t.uid)
            stack.append(t)
        self.skipped: set[int] = {t.uid for t in self.plan.tasks if t.null}
        for t in self.kept:
            up = self.parent.get(t.uid)
            if up is not None and up in self.skipped:
                self.skipped.add(t.uid)
            elif t.subproject:
                self.say(t, f"inserted project '{t.subproject}' skipped: import that plan on its own")
                self.skipped.add(t.uid)
            elif t.external:
                self.say(t, "external task (from another project) skipped; links to it are dropped")
                self.skipped.add(t.uid)
            elif not t.active:
                self.say(t, "inactive task skipped, as Microsoft Project leaves it out of the schedule")
                self.skipped.add(t.uid)
        self.summaries = {t.uid for t in self.kept if (t.summary or self.children.get(t.uid))
                          and t.uid not in self.skipped}
        self.leaves = [t for t in self.kept if t.uid not in self.skipped and t.uid not in self.summaries]

    @functools.cache
    def leaves_of(self, uid: int) -> tuple[int, ...]:
        if uid not in self.summaries:
            return (uid,) if uid not in self.skipped else ()
        return tuple(x for c in self.children.get(uid, []) for x in self.leaves_of(c))

    # ---- calendar and dates ----------------------------------------------------------------
    def _calendar(self) -> None:
        stamps = [d for t in self.kept for d in (t.start, t.finish, t.baseline_start, t.baseline_finish) if d]
        stamps += [d for d in (self.plan.start, self.plan.finish) if d]
        first = min(stamps).date() if stamps else dt.date.today()
        last = max(stamps).date() if stamps else first
        self.cal = project_calendar(self.plan, dt.date(first.year, 1, 1), dt.date(last.year + 1, 12, 31))
        self.notes += self.cal.notes
        self.work = WorkCalendar(self.cal.weekmask, list(self.cal.holidays))
        self.day_start = self.plan.default_start_time
        self.day_end = self.plan.default_finish_time

    @functools.cache
    def _workday(self, day: dt.date) -> bool:
        return self.work.is_workday(day)

    def start_day(self, moment: dt.datetime | None) -> dt.date | None:
        """A start as a working day: at or after the day's end it is the next working day."""
        if moment is None:
            return None
        day = moment.date()
        if moment.time() >= self.day_end and self.day_end > dt.time(0):
            day += dt.timedelta(days=1)
        return day if self._workday(day) else self.work.add_workdays(day, 0)

    def finish_day(self, moment: dt.datetime | None) -> dt.date | None:
        """A finish as a working day: at or before the day's start it ends the previous one."""
        if moment is None:
            return None
        day = moment.date()
        if moment.time() <= self.day_start:
            day -= dt.timedelta(days=1)
        return day if self._workday(day) else self.work.add_workdays(day, -1)

    def instant_day(self, moment: dt.datetime | None) -> dt.date | None:
        """A zero-length milestone's day: the finish rule, but never before the project's first day
        (a milestone at the plan's start instant is on that day, where the schedule puts it)."""
        day = self.finish_day(moment)
        first = self.start_day(self.plan.start)
        return max(day, first) if day and first else day

    def days(self, minutes: float | None) -> float | None:
        return None if minutes is None else round(minutes / self.mpd, DAY_DIGITS) + 0.0

    # ---- tasks ------------------------------------------------------------------------------
    def _ids(self) -> None:
        aliases = {k: v.strip().casefold() for k, v in self.plan.aliases.items()}
        id_field = next((k for k, v in aliases.items() if v == TASK_ID_ALIAS.casefold()), None)
        self.tid: dict[int, str] = {}
        used: set[str] = set()
        for t in self.leaves:
            own = t.extended.get(id_field, "").strip() if id_field else ""
            candidates = [own, str(t.id) if t.id is not None else "", f"UID{t.uid}"]
            chosen = next(c for c in candidates if c and c.casefold() not in used)
            if own and chosen != own:
                self.say(t, f"Task ID '{own}' is already used by another task: imported as {chosen}")
            used.add(chosen.casefold())
            self.tid[t.uid] = chosen
        self.pert = self._pert_fields(aliases)

    @staticmethod
    def _pert_fields(aliases: dict[str, str]) -> tuple[str, str, str]:
        """Duration1–3 (Microsoft Project's PERT analysis), or the duration fields whose aliases
        say optimistic / expected (most likely) / pessimistic."""
        def find(*words: str) -> str | None:
            return next((k for k, v in aliases.items() if any(w in v for w in words)), None)

        named = (find("optimistic"), find("expected", "most likely"), find("pessimistic"))
        return (named[0], named[1], named[2]) if all(named) else PERT_FIELDS  # type: ignore[return-value]

    def _task(self, t: MsTask) -> Task:
        milestone = t.milestone
        instant = _instant(t)
        if milestone and t.duration:
            self.say(t, f"a milestone with a duration of {self.days(t.duration):g} days: imported as a "
                        f"{self.days(t.duration):g}-day task marked as a milestone, dated at its finish on the "
                        "Milestones sheet")
        start = self.instant_day(t.start) if instant else self.start_day(t.start)
        finish = self.instant_day(t.finish) if instant else self.finish_day(t.finish)
        if start and finish and finish < start:
            finish = start  # a zero-length task at a day's start: shown on one day
        duration = self._duration(t, start, finish)
        self.imported_days[t.uid] = duration
        o, m, p, basis = self._estimate(t, duration)
        kind, on = self._constraint(t)
        percent = min(max(t.percent_complete / 100.0, 0.0), 1.0)
        remaining = None
        if 0 < percent < 1 and t.remaining is not None:
            left = self.days(t.remaining)
            if left is not None and abs(left - m * (1 - percent)) > 1.0 / self.mpd:
                remaining = left
        if t.calendar_uid not in (-1, self.plan.calendar_uid):
            self.say(t, "its own task calendar is ignored: scheduled on the project calendar")
        if t.leveling_delay:
            elapsed = t.leveling_delay_format in ELAPSED_FORMATS
            amount = round(t.leveling_delay / 10 / 1440, 2) if elapsed else self.days(t.leveling_delay / 10)
            unit = "calendar day" if elapsed else "day"
            self.say(t, f"levelling delay of {amount:g} {unit}{'' if amount == 1 else 's'} not imported: pmokit "
                        "schedules without resource levelling")
        resource, effort = self._assignment(t)
        return Task(
            self.pid, self.tid[t.uid], t.name.strip() or f"Task {self.tid[t.uid]}", self._wbs(t), o, m, p, "",
            resource, effort, start, finish, percent, t.baseline_cost, t.actual_cost, milestone,
            self.start_day(t.baseline_start) if not instant else self.finish_day(t.baseline_start),
            self.finish_day(t.baseline_finish), self.start_day(t.actual_start) if not instant
            else self.finish_day(t.actual_start), self.finish_day(t.actual_finish), remaining, kind, on,
            _earliest(self.finish_day(t.deadline), self._summary_deadline(t)), basis)

    def _wbs(self, t: MsTask) -> str:
        return t.wbs or t.outline_number

    def _duration(self, t: MsTask, start: dt.date | None, finish: dt.date | None) -> float:
        days = self.days(t.duration)
        if t.duration_format in ELAPSED_FORMATS and t.duration:
            spanned = self.work.workdays_between(start, finish) if start and finish else 0
            days_elapsed = round((t.duration or 0) / 1440, 2)
            self.say(t, f"elapsed duration of {days_elapsed:g} calendar days imported as {_days(spanned)} "
                        "(the working days its dates span); pmokit counts durations in working days")
            return float(spanned)
        if days is None:
            spanned = self.work.workdays_between(start, finish) if start and finish and not t.milestone else 0
            self.say(t, f"no duration in the plan: {_days(spanned)} from its dates")
            return float(spanned)
        if days < 0:
            self.say(t, f"negative duration {days:g} days imported as 0")
            return 0.0
        return days

    def _estimate(self, t: MsTask, duration: float) -> tuple[float, float, float, str]:
        values: list[float | None] = []
        elapsed: list[str] = []
        for role, f in zip(("optimistic", "expected", "pessimistic"), self.pert):
            minutes = _minutes(t.extended.get(f))
            if minutes is not None and t.extended_formats.get(f) in ELAPSED_FORMATS:
                values.append(round(self._elapsed_days(minutes), DAY_DIGITS) + 0.0)
                elapsed.append(role)
            else:
                values.append(self.days(minutes))
        if all(v is not None for v in values):
            if elapsed:
                self.say(t, f"PERT durations in elapsed time ({', '.join(elapsed)}) converted to working days, "
                            f"{self._per_week()} in 7")
            o, m, p = (float(v or 0.0) for v in values)
            if 0 <= o <= m <= p:
                if abs(m - duration) > 1.0 / self.mpd:
                    self.say(t, f"scheduled for {duration:g} days in Microsoft Project; the workbook's most likely "
                                f"is its PERT expected duration, {m:g} days")
                return o, m, p, "Imported PERT"
            self.say(t, f"PERT durations {o:g} / {m:g} / {p:g} are not in order optimistic ≤ expected ≤ "
                        "pessimistic: the default spread is used instead")
        o, m, p = three_point(duration)
        return o, m, p, "Default spread"

    def _constraint(self, t: MsTask) -> tuple[str, dt.date | None]:
        if t.manual:
            if t.start is not None:
                # Start No Earlier Than, not Must Start On: Microsoft Project keeps a manual task where it
                # was typed yet computes its late dates and float from the project's finish.
                self.say(t, MANUAL_NOTE)
                typed, first = self.start_day(t.start), self.start_day(self.plan.start)
                if typed and first and typed < first:
                    self.say(t, f"typed on {typed.isoformat()}, before the project's start date {first.isoformat()}: "
                                f"pmokit's schedule starts it on {first.isoformat()}")
                return "SNET", typed
            self.say(t, "manually scheduled without a start date: imported as automatically scheduled")
        code = CONSTRAINT_CODES[t.constraint_type] if 0 <= t.constraint_type < len(CONSTRAINT_CODES) else ""
        if code in ("", "ALAP"):
            inherited = self._summary_constraint(t)
            return inherited if inherited and not code else (code, None)
        if t.constraint_date is None:
            self.say(t, f"constraint {code} has no date: imported as As Soon As Possible")
            return "", None
        day = self.start_day(t.constraint_date) if code in START_TYPES else self.finish_day(t.constraint_date)
        return code, day

    def _ancestors(self, t: MsTask) -> list[MsTask]:
        out = []
        up = self.parent.get(t.uid)
        while up is not None:
            out.append(self.by_uid[up])
            up = self.parent.get(up)
        return out

    def _summary_constraint(self, t: MsTask) -> tuple[str, dt.date | None] | None:
        """A summary's Start No Earlier Than / Finish No Later Than binds each of its leaf tasks
        exactly as it binds the summary (its start is the earliest, its finish the latest)."""
        for s in self._ancestors(t):
            code = CONSTRAINT_CODES[s.constraint_type] if 0 <= s.constraint_type < len(CONSTRAINT_CODES) else ""
            if code == "SNET" and s.constraint_date:
                return code, self.start_day(s.constraint_date)
            if code == "FNLT" and s.constraint_date:
                return code, self.finish_day(s.constraint_date)
        return None

    def _summary_deadline(self, t: MsTask) -> dt.date | None:
        found = [self.finish_day(s.deadline) for s in self._ancestors(t) if s.deadline]
        return min((d for d in found if d), default=None)

    def _assignment(self, t: MsTask) -> tuple[str, float | None]:
        if not hasattr(self, "assignments"):
            self.assignments: dict[int, list[tuple[float, str]]] = defaultdict(list)
            people = {r.uid: r for r in self.plan.resources}
            for a in self.plan.assignments:
                r = people.get(a.resource_uid)
                if r is not None and r.type == 1 and r.name.strip():
                    self.assignments[a.task_uid].append((a.work or 0.0, r.name.strip()))
        found = self.assignments.get(t.uid, [])
        main = max(found, key=lambda pair: pair[0])[1] if found else ""
        minutes = t.work if t.work is not None else (sum(w for w, _ in found) if found else None)
        effort = round(minutes / 60, 2) if minutes else None
        return main, effort

    # ---- links ------------------------------------------------------------------------------
    def _links(self, tasks: list[Task]) -> None:
        incoming: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
        for succ in self.kept:
            if succ.uid in self.skipped:
                continue
            for link in succ.links:
                self._link(succ, link, incoming)
        row = {t.uid: i for i, t in enumerate(self.leaves)}
        for uid, links in incoming.items():
            seen: dict[tuple[int, str, float], None] = {}
            for item in links:
                seen.setdefault(item)
            text = ", ".join(link_text(self.tid[p], kind, lag) for p, kind, lag in seen)
            i = row[uid]
            tasks[i] = replace(tasks[i], predecessors=text)

    def _link(self, succ: MsTask, link: MsLink, incoming: dict[int, list[tuple[int, str, float]]]) -> None:
        pred = self.by_uid.get(link.pred_uid)
        if link.cross_project or pred is None or pred.uid in self.skipped or pred.uid == 0:
            self.say(succ, f"link from task UID {link.pred_uid} dropped: that task is not imported")
            return
        lag = self._lag(succ, pred, link)
        sources = self.leaves_of(pred.uid)
        targets = self.leaves_of(succ.uid)
        if pred.uid in self.summaries and link.kind in ("SS", "SF"):
            sources = self._ends(pred.uid, first=True)
            self.say(succ, f"{link.kind} link from summary task '{pred.name}' applied from its first tasks")
        if succ.uid in self.summaries and link.kind in ("FF", "SF"):
            targets = self._ends(succ.uid, first=False)
            self.say(succ, f"{link.kind} link to a summary task applied to its last tasks")
        for end, found in ((pred, sources), (succ, targets)):
            if not found:  # a summary all of whose tasks are skipped
                self.say(succ, f"link {'from' if end is pred else 'to'} summary task '{end.name}' dropped: none "
                               "of its tasks is imported")
                return
        for s in sources:
            for t in targets:
                if s != t:
                    incoming[t].append((s, link.kind, lag))

    def _ends(self, uid: int, first: bool) -> tuple[int, ...]:
        """A summary's first leaves (no predecessor among its leaves) or last ones (no successor)."""
        leaves = self.leaves_of(uid)
        inside = set(leaves)
        linked: set[int] = set()
        for x in leaves:
            for link in self.by_uid[x].links:
                if link.pred_uid in inside:
                    linked.add(x if first else link.pred_uid)
        return tuple(x for x in leaves if x not in linked) or leaves

    def _lag(self, succ: MsTask, pred: MsTask, link: MsLink) -> float:
        if not link.lag:
            return 0.0
        if link.lag_format in PERCENT_FORMATS:
            base = self.imported_days.get(pred.uid, self.days(pred.duration) or 0.0)
            lag = round(link.lag / 100 * base, LAG_DIGITS)
            self.say(succ, f"lag of {link.lag}% of '{pred.name}' imported as {lag:g} working days")
            return lag
        minutes = link.lag / 10
        if link.lag_format in ELAPSED_FORMATS:
            lag = round(self._elapsed_days(minutes), LAG_DIGITS)
            self.say(succ, f"elapsed lag of {minutes / 1440:g} calendar days after '{pred.name}' imported as "
                           f"{lag:g} working days ({self._per_week()} working days a week)")
            return lag
        return round(minutes / self.mpd, LAG_DIGITS) + 0.0

    def _per_week(self) -> int:
        return self.cal.weekmask.count("1")

    def _elapsed_days(self, minutes: float) -> float:
        """Elapsed (calendar) minutes as working days: the working week's share of each day."""
        return minutes / 1440 * self._per_week() / 7

    # ---- other sheets -----------------------------------------------------------------------
    def _milestones(self, tasks: list[Task]) -> list[Milestone]:
        out: list[Milestone] = []
        names: set[str] = set()
        for t in tasks:
            if not t.milestone:
                continue
            name = t.name
            if name.casefold() in names:
                name = f"{t.name} ({t.task_id})"
                self.notes.append(f"milestone '{t.name}' appears more than once: task {t.task_id}'s is named '{name}' "
                                  "on the Milestones sheet")
            names.add(name.casefold())
            out.append(Milestone(self.pid, name, t.baseline_finish, t.finish,
                                 t.actual_finish if t.percent_complete >= 1 else None))
        return out

    def _resources(self) -> list[Resource]:
        hours_per_week = self.plan.minutes_per_week / 60
        out = []
        other = [r.name for r in self.plan.resources if r.type != 1 and r.name.strip()]
        if other:
            self.notes.append(f"material and cost resources ({', '.join(other[:5])}{' …' if len(other) > 5 else ''}) "
                              "not imported: the Resources sheet holds people")
        for r in self.plan.resources:
            if r.type == 1 and r.name.strip():
                out.append(Resource(r.name.strip(), (r.group or r.name).strip(), "",
                                    round(r.max_units * hours_per_week, 2), r.standard_rate or None))
        return out

    def _project(self, tasks: list[Task]) -> Project:
        top = self.summary_task
        starts = [t.start for t in tasks if t.start]
        finishes = [t.finish for t in tasks if t.finish]
        base = [t.baseline_finish for t in tasks if t.baseline_finish]
        costs = [t.baseline_cost for t in tasks if t.baseline_cost is not None]
        start = self.start_day(self.plan.start) or (min(starts) if starts else None)
        baseline_finish = (self.finish_day(top.baseline_finish) if top and top.baseline_finish else None) or (
            max(base) if base else None)
        forecast = (self.finish_day(top.finish) if top and top.finish else None) or (max(finishes) if finishes else None)
        if start is not None:  # a zero-length summary stored at a day's start ends the day before
            forecast = max(forecast, start) if forecast else forecast
            baseline_finish = max(baseline_finish, start) if baseline_finish else baseline_finish
        budget = top.baseline_cost if top is not None and top.baseline_cost is not None else (
            sum(costs) if costs else None)
        started = any(t.actual_start for t in tasks)
        return Project(self.pid, self.plan.title or self.plan.name or self.fallback or self.pid,
                       project_manager=self.plan.manager, methodology="Waterfall",
                       stage="Execute" if started else "Plan", start=start, baseline_finish=baseline_finish,
                       forecast_finish=forecast, budget=budget, currency=self.plan.currency)


def _minutes(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return parse_duration(text, "a PERT duration")
    except PlanError:  # a custom field holding something else is not a PERT value
        return None


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def _earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return min(a, b) if a and b else a or b


def _instant(t: MsTask) -> bool:
    """A zero-length milestone: it sits at the instant its predecessors end (the finish rule)."""
    return t.milestone and not t.duration


def _label(t: MsTask) -> str:
    return f"task {t.id if t.id is not None else 'UID ' + str(t.uid)} '{t.name}'"
