"""Imported plans scheduled: fixture → workbook rows → pmokit's critical path with constraints,
deadlines and progress → the dates and floats worked out by hand.

The rules are Microsoft Project's documented scheduling behaviour as ``../shared/DOMAIN.md`` states
them ("Microsoft Project files and scheduling rules"): flexible constraints (SNET, FNET) bound the
forward pass, inflexible ones (SNLT, FNLT, MSO, MFO) the backward pass too, ALAP places a task at
its late dates, a deadline bounds the late finish only, a summary's start-no-earlier-than binds each
of its tasks; at a status date actual dates stay and remaining work starts after it ("reschedule
uncompleted work to start after the status date"). Day numbers count working days from Monday
2 March 2026 (day 0); a start on date D is the start of D's working day, a finish the end of it.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.constraints import Pins
from pmokit.addin.schedule import CpmResult, as_dates, cpm
from pmokit.workbooks.mspdi import read_mspdi
from pmokit.workbooks.plan_import import ImportedPlan, plan_rows

FIXTURES = Path(__file__).parent / "fixtures"
D = dt.date


def schedule(plan: ImportedPlan, status: dt.date | None = None) -> tuple[CpmResult, dict[str, list[dt.date]]]:
    tasks = plan.tasks
    start = plan.project.start
    assert start is not None
    calendar = WorkCalendar(plan.calendar.weekmask, list(plan.calendar.holidays))
    pins = Pins.from_dates(
        start, calendar, constraint_types=[t.constraint_type or "ASAP" for t in tasks],
        constraint_dates=[t.constraint_date for t in tasks], deadlines=[t.deadline for t in tasks],
        actual_starts=[t.actual_start for t in tasks], actual_finishes=[t.actual_finish for t in tasks],
        percent_complete=[t.percent_complete for t in tasks],
        remaining=[math.nan if t.remaining is None else t.remaining for t in tasks], status_date=status)
    result = cpm([t.task_id for t in tasks], [t.most_likely or 0.0 for t in tasks],
                 [t.predecessors for t in tasks], pins)
    return result, as_dates(result, start, calendar)


def test_each_constraint_type_and_deadline_scheduled_by_hand() -> None:
    plan = plan_rows(read_mspdi(FIXTURES / "constraints.xml"), "CON")
    result, dates = schedule(plan)
    row = {t.name: k for k, t in enumerate(plan.tasks)}

    def early(name: str) -> tuple[dt.date, dt.date]:
        return dates["early_start"][row[name]], dates["early_finish"][row[name]]

    def float_of(name: str) -> float:
        return float(result.total_float[row[name]])

    # Deploy waits for Package (23 March, the summary's SNET, day 15): day 16, Tuesday 24 March, and
    # the project ends with it (day 17).
    assert result.project_finish == 17
    assert early("As soon as possible") == (D(2026, 3, 2), D(2026, 3, 3))
    assert early("As late as possible") == (D(2026, 3, 23), D(2026, 3, 24))  # at its late dates
    assert early("Must start on") == (D(2026, 3, 10), D(2026, 3, 11))
    assert early("Must finish on") == (D(2026, 3, 12), D(2026, 3, 13))
    assert early("Start no earlier than") == (D(2026, 3, 4), D(2026, 3, 5))
    assert early("Start no later than") == (D(2026, 3, 2), D(2026, 3, 3))
    assert early("Finish no earlier than") == (D(2026, 3, 12), D(2026, 3, 13))
    assert early("Finish no later than") == (D(2026, 3, 2), D(2026, 3, 3))
    assert early("Package") == (D(2026, 3, 23), D(2026, 3, 23))
    assert early("Deploy") == (D(2026, 3, 24), D(2026, 3, 24))
    # Floats: late finish 17 unless bound. SNLT 5 March: LS ≤ 3 → 3. FNLT 20 March (day 15) with a
    # deadline 18 March (day 13): LF ≤ 13 → 11. FNET: LS 15 − ES 8 = 7. SNET: 15 − 2 = 13.
    assert [float_of(n) for n in ("As soon as possible", "As late as possible", "Must start on",
                                  "Must finish on", "Start no earlier than", "Start no later than",
                                  "Finish no earlier than", "Finish no later than", "Package", "Deploy")] == [
        15, 0, 0, 0, 13, 3, 7, 11, 0, 0]


def test_a_missed_deadline_shows_as_negative_float() -> None:
    plan = plan_rows(read_mspdi(FIXTURES / "constraints.xml"), "CON")
    tasks = [t if t.name != "Deploy" else t.__class__(**{**t.__dict__, "deadline": D(2026, 3, 20)})
             for t in plan.tasks]
    result, _ = schedule(ImportedPlan(plan.project, tasks, [], [], plan.calendar))
    k = next(i for i, t in enumerate(tasks) if t.name == "Deploy")
    # Deploy runs on day 16 (Tuesday 24 March, EF 17); its deadline is the end of Friday 20 March
    # (day 15): LF 15 − EF 17 = −2 working days, and Package, which drives it, shares them.
    assert result.total_float[k] == -2
    assert result.total_float[next(i for i, t in enumerate(tasks) if t.name == "Package")] == -2


def test_progress_at_the_status_date_scheduled_by_hand() -> None:
    plan = plan_rows(read_mspdi(FIXTURES / "progress.xml"), "PRG")
    result, dates = schedule(plan, status=D(2026, 3, 13))
    by = {t.name: k for k, t in enumerate(plan.tasks)}

    def span(name: str) -> tuple[dt.date, dt.date]:
        return dates["early_start"][by[name]], dates["early_finish"][by[name]]

    # Analysis is complete: its actual dates. Build started 9 March (day 5) with 7 days left: the
    # remainder starts after the status date (end of Friday 13 March, day 10) and ends at day 17,
    # Tuesday 24 March. Docs (started, half of 2 days left) ends Monday 16 March. Test (4 days)
    # follows Build: days 17–20, 25–30 March; Go-live sits at the end of 30 March.
    assert span("Analysis") == (D(2026, 3, 2), D(2026, 3, 6))
    assert span("Build") == (D(2026, 3, 9), D(2026, 3, 24))
    assert dates["early_finish"][by["Docs"]] == D(2026, 3, 16)
    assert span("Test") == (D(2026, 3, 25), D(2026, 3, 30))
    assert span("Go-live") == (D(2026, 3, 30), D(2026, 3, 30))
    assert result.project_finish == 21
    assert not result.critical[by["Analysis"]]  # complete work can no longer delay anything


def test_summary_links_and_every_link_type_scheduled_by_hand() -> None:
    plan = plan_rows(read_mspdi(FIXTURES / "summary_links.xml"), "SUM")
    result, dates = schedule(plan)
    finish = dict(zip((t.name for t in plan.tasks), dates["early_finish"]))
    start = dict(zip((t.name for t in plan.tasks), dates["early_start"]))
    # Phase 1: A1 days 0–1, A2 days 2–4 (ends Friday 6 March); Phase 2 one day after: B1, B2 start
    # day 6 (Tuesday 10 March); Launch at the end of B2 (day 7, Wednesday 11 March); Review starts
    # with Phase 2's first tasks (SS): day 6.
    assert (start["B1"], start["B2"]) == (D(2026, 3, 10), D(2026, 3, 10))
    assert finish["Launch"] == D(2026, 3, 11)
    assert start["Review"] == D(2026, 3, 10)
    links = plan_rows(read_mspdi(FIXTURES / "links.xml"), "LNK")
    _, d = schedule(links)
    got = {t.name.split()[0]: (s, f) for t, s, f in zip(links.tasks, d["early_start"], d["early_finish"])}
    # A 0–2; B FS+2 after A: 5–6; C SS+1: 1–4; D FF−1 on C: finishes day 3 → 2–3; E SF on B: finishes
    # when B starts (day 5) → day 4; F FS+0.5 after D: starts day 4.5 → 4.5–6.5; Done after E, F, B.
    assert got["A"] == (D(2026, 3, 2), D(2026, 3, 4))
    assert got["B"] == (D(2026, 3, 9), D(2026, 3, 10))
    assert got["C"] == (D(2026, 3, 3), D(2026, 3, 6))
    assert got["D"] == (D(2026, 3, 4), D(2026, 3, 5))
    assert got["E"] == (D(2026, 3, 6), D(2026, 3, 6))
    assert got["F"] == (D(2026, 3, 6), D(2026, 3, 10))
    assert got["Done"] == (D(2026, 3, 10), D(2026, 3, 10))
    assert result.project_finish == 8


def test_manually_scheduled_tasks_stay_where_typed_and_keep_microsoft_project_s_float() -> None:
    # Microsoft Project keeps a manual task at its typed start and still computes its late dates
    # from the project's finish: in its own file of manual task pairs (MPXJ's test data
    # task-links-project2019-mspdi.xml) a pair 10 working days before the project's end shows
    # TotalSlack 48000 (10 days), not 0. Here the project ends with D on Friday 6 March (day 4):
    # A may finish as late as Wednesday (B can start Friday, 1 day lag) — 2 days of float; B 2;
    # C may finish Thursday — 3; D 0. A Must Start On would make every task critical.
    plan = plan_rows(read_mspdi(FIXTURES / "manual.xml"), "MAN")
    result, dates = schedule(plan)
    assert dates["early_start"] == [D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 2), D(2026, 3, 6)]
    assert [float(x) for x in result.total_float] == [2.0, 2.0, 3.0, 0.0]
    assert [t.constraint_type for t in plan.tasks] == ["SNET"] * 4
