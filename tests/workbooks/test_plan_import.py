"""Microsoft Project plans (MSPDI) read into workbook rows, one fixture per feature.

Each fixture in ``fixtures/`` is a small MSPDI file written by hand from Microsoft's schema
reference for ``mspdi_pj12.xsd``; the expected rows follow ``../shared/DOMAIN.md`` ("Microsoft
Project files and scheduling rules"): durations and lags in working days of ``MinutesPerDay``,
link types 0 = FF, 1 = FS, 2 = SF, 3 = SS, LinkLag in tenths of a minute, a finish stored at 08:00
is the end of the previous working day, summary links applied to leaf tasks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmokit.workbooks.mspdi import PlanError, parse_mspdi, read_mspdi
from pmokit.workbooks.plan_import import DEFAULT_SPREAD, MANUAL_NOTE, ImportedPlan, link_text, plan_rows, three_point

FIXTURES = Path(__file__).parent / "fixtures"
D = dt.date


def rows(name: str) -> ImportedPlan:
    return plan_rows(read_mspdi(FIXTURES / f"{name}.xml"), "P1")


def by_id(plan: ImportedPlan) -> dict[str, object]:
    return {t.task_id: t for t in plan.tasks}


def test_every_link_type_with_lags_and_leads() -> None:
    plan = rows("links")
    preds = {t.task_id: t.predecessors for t in plan.tasks}
    # LinkLag 9600 tenths of a minute = 960 min = 2 days of 480 min; -4800 = a 1-day lead;
    # 2400 with LagFormat 5 (hours) = 4 hours = half a day.
    assert preds == {"1": "", "2": "1FS+2", "3": "1SS+1", "4": "3FF-1", "5": "2SF", "6": "4FS+0.5",
                     "7": "5, 6, 2"}
    assert [t.most_likely for t in plan.tasks] == [3.0, 2.0, 4.0, 2.0, 1.0, 2.0, 0.0]
    assert plan.notes == []


def test_a_finish_at_the_start_of_a_day_is_the_end_of_the_previous_working_day() -> None:
    tasks = by_id(rows("links"))
    # E finishes Monday 9 March 08:00 = end of Friday 6 March; the milestone at Wednesday 11 March
    # 08:00 sits at the end of Tuesday 10 March.
    assert (tasks["5"].start, tasks["5"].finish) == (D(2026, 3, 6), D(2026, 3, 6))  # type: ignore[attr-defined]
    assert (tasks["7"].start, tasks["7"].finish) == (D(2026, 3, 10), D(2026, 3, 10))  # type: ignore[attr-defined]
    assert tasks["6"].start == D(2026, 3, 6)  # type: ignore[attr-defined]  # 13:00 is within the day


def test_milestones_go_to_the_milestones_sheet_and_stay_tasks() -> None:
    plan = rows("progress")
    assert [(m.milestone, m.baseline_date, m.forecast_date, m.actual_date) for m in plan.milestones] == [
        ("Go-live", D(2026, 3, 26), D(2026, 3, 27), None)]
    assert by_id(plan)["5"].milestone  # type: ignore[attr-defined]


def test_links_to_and_from_summary_tasks_are_applied_to_their_leaf_tasks() -> None:
    plan = rows("summary_links")
    preds = {t.name: t.predecessors for t in plan.tasks}
    assert [t.name for t in plan.tasks] == ["A1", "A2", "B1", "B2", "Launch", "Review"]
    # Phase 2 FS+1 Phase 1: each leaf of Phase 2 waits for each leaf of Phase 1 (DOMAIN.md).
    assert preds["B1"] == preds["B2"] == "2FS+1, 3FS+1"
    assert preds["Launch"] == "5, 6"  # a summary predecessor: the same link from each leaf
    assert preds["Review"] == "5SS, 6SS"  # SS from a summary: from its first leaves, and said
    assert plan.notes == ["task 8 'Review': SS link from summary task 'Phase 2' applied from its first tasks"]
    assert [t.wbs for t in plan.tasks] == ["1.1", "1.2", "2.1", "2.2", "3", "4"]


def test_each_constraint_type_with_its_date() -> None:
    tasks = {t.name: (t.constraint_type, t.constraint_date) for t in rows("constraints").tasks}
    assert tasks["As soon as possible"] == ("", None)
    assert tasks["As late as possible"] == ("ALAP", None)
    assert tasks["Must start on"] == ("MSO", D(2026, 3, 10))
    assert tasks["Must finish on"] == ("MFO", D(2026, 3, 13))
    assert tasks["Start no earlier than"] == ("SNET", D(2026, 3, 4))
    assert tasks["Start no later than"] == ("SNLT", D(2026, 3, 5))
    # stored at Monday 08:00, the same instant as the end of Friday 13 March
    assert tasks["Finish no earlier than"] == ("FNET", D(2026, 3, 13))
    assert tasks["Finish no later than"] == ("FNLT", D(2026, 3, 20))


def test_deadlines_and_a_summary_s_constraint_and_deadline_bind_its_tasks() -> None:
    tasks = {t.name: t for t in rows("constraints").tasks}
    assert tasks["Finish no later than"].deadline == D(2026, 3, 18)
    # the summary "Release" (SNET 23 March, deadline 3 April) binds both of its tasks; Deploy keeps
    # its own, earlier deadline
    assert (tasks["Package"].constraint_type, tasks["Package"].constraint_date) == ("SNET", D(2026, 3, 23))
    assert (tasks["Package"].deadline, tasks["Deploy"].deadline) == (D(2026, 4, 3), D(2026, 3, 31))
    assert "Release" not in tasks


def test_progress_baselines_costs_and_resources() -> None:
    plan = rows("progress")
    t = by_id(plan)
    analysis, build, docs = t["1"], t["2"], t["3"]
    assert (analysis.percent_complete, analysis.actual_start, analysis.actual_finish) == (  # type: ignore[attr-defined]
        1.0, D(2026, 3, 2), D(2026, 3, 6))
    assert (analysis.baseline_start, analysis.baseline_finish, analysis.baseline_cost,  # type: ignore[attr-defined]
            analysis.actual_cost) == (D(2026, 3, 2), D(2026, 3, 6), 4000.0, 4200.0)  # type: ignore[attr-defined]
    # 88 h = 11 days at 40 % with 56 h (7 days) left, not 11 × 0.6: the remaining duration is kept
    assert (build.most_likely, build.percent_complete, build.remaining) == (11.0, 0.4, 7.0)  # type: ignore[attr-defined]
    assert docs.remaining is None  # type: ignore[attr-defined]  # 8 h left of 16 h at 50 %: the default
    # the main resource is the one with most work; effort is the task's work in hours
    assert (build.resource, build.effort) == ("Ben", 80.0)  # type: ignore[attr-defined]
    assert (analysis.resource, analysis.effort) == ("Ana", 40.0)  # type: ignore[attr-defined]
    assert [(r.resource, r.role, r.capacity, r.cost_rate) for r in plan.resources] == [
        ("Ana", "Business analyst", 40.0, 90.0), ("Ben", "Developer", 20.0, 100.0), ("Cleo", "Cleo", 40.0, None)]
    assert plan.notes == ["material and cost resources (Licences, Travel) not imported: the Resources sheet holds "
                          "people"]
    p = plan.project
    assert (p.name, p.project_manager, p.start, p.baseline_finish, p.forecast_finish, p.budget, p.currency,
            p.stage) == ("Progress", "R. Novak", D(2026, 3, 2), D(2026, 3, 27), D(2026, 3, 30), 20000.0, "EUR",
                         "Execute")


def test_pert_fields_where_the_plan_has_them_else_the_default_spread() -> None:
    t = by_id(rows("progress"))
    test = t["4"]
    assert (test.optimistic, test.most_likely, test.pessimistic, test.estimate_basis) == (  # type: ignore[attr-defined]
        3.0, 4.0, 7.0, "Imported PERT")
    build = t["2"]
    assert (build.optimistic, build.most_likely, build.pessimistic, build.estimate_basis) == (  # type: ignore[attr-defined]
        9.9, 11.0, 13.75, "Default spread")
    assert DEFAULT_SPREAD == (0.9, 1.25)


def test_the_default_spread_keeps_the_order_and_rounds_outwards() -> None:
    for days in (0.0, 0.001, 0.5, 1.0, 2.3333, 7.0, 11.0, 123.4567):
        o, m, p = three_point(days)
        assert o <= m <= p and m == days
        assert o == pytest.approx(days * 0.9, abs=0.01) and p == pytest.approx(days * 1.25, abs=0.01)


def test_the_calendar_s_working_week_and_holidays_recurring_ones_expanded() -> None:
    plan = rows("calendar")
    assert plan.calendar.weekmask == "1111110"  # Team adds Saturday to Standard's Monday–Friday
    assert sorted(plan.calendar.holidays.items()) == [
        (D(2026, 1, 1), "New Year"),  # yearly by day, from the base calendar
        (D(2026, 3, 6), "Release Friday"),  # first Friday of March and of April
        (D(2026, 4, 3), "Release Friday"),  # (also a legacy WeekDay exception without a name)
        (D(2026, 5, 25), "Spring bank holiday"),  # last Monday of May
        (D(2026, 6, 3), "Training Wednesday"), (D(2026, 6, 10), "Training Wednesday"),
        (D(2026, 6, 17), "Training Wednesday"),  # weekly, three occurrences
        *((D(2026, 8, d), "Team offsite") for d in range(10, 15)),
        (D(2026, 12, 25), "Christmas Day"),
        (D(2027, 1, 1), "New Year"), (D(2027, 5, 31), "Spring bank holiday"),
    ]
    assert plan.calendar.notes == [
        "recurring calendar exceptions (New Year) expanded from 2026 to 2027, the years the plan spans; later "
        "occurrences are not written",
        "working days on a non-working weekday (Cut-over Sunday (2026-05-10)) skipped: the Calendar sheet holds "
        "non-working days only"]


def test_unsupported_features_each_get_a_line_naming_the_task_and_what_was_done() -> None:
    plan = rows("unsupported")
    assert [t.name for t in plan.tasks] == ["Typed by hand", "Concrete cures", "Night shift",
                                            "Waits for the other team", "Half-way follower"]
    t = {x.name: x for x in plan.tasks}
    assert (t["Typed by hand"].constraint_type, t["Typed by hand"].constraint_date) == ("SNET", D(2026, 3, 4))
    assert t["Concrete cures"].most_likely == 1.0
    # 50 % of the (imported) 1 day of Concrete cures; 2 elapsed days = 2 × 5 / 7 working days
    assert t["Half-way follower"].predecessors == "2SS+0.5, 1FS+1.429"
    assert t["Waits for the other team"].predecessors == ""
    assert sorted(plan.notes) == sorted([
        "task 4 'Vendor plan': inserted project 'C:\\plans\\vendor.mpp' skipped: import that plan on its own",
        "task 7 'Parked idea': inactive task skipped, as Microsoft Project leaves it out of the schedule",
        f"task 1 'Typed by hand': {MANUAL_NOTE}",
        "task 2 'Concrete cures': elapsed duration of 3 calendar days imported as 1 working day (the working days "
        "its dates span); pmokit counts durations in working days",
        "task 3 'Night shift': its own task calendar is ignored: scheduled on the project calendar",
        "task 8 'Half-way follower': levelling delay of 2 days not imported: pmokit schedules without resource "
        "levelling",
        "task 6 'Waits for the other team': link from task UID 99 dropped: that task is not imported",
        "task 8 'Half-way follower': lag of 50% of 'Concrete cures' imported as 0.5 working days",
        "task 8 'Half-way follower': elapsed lag of 2 calendar days after 'Typed by hand' imported as 1.429 working "
        "days (5 working days a week)",
    ])


def test_link_text_is_what_the_predecessor_parser_reads() -> None:
    from pmokit.addin.predecessors import Link, parse

    for pred, kind, lag in (("5", "FS", 0.0), ("5", "SS", 0.0), ("T010", "FF", -1.5), ("A", "SF", 2.0),
                            ("12", "FS", 0.125)):
        assert parse(link_text(pred, kind, lag)) == [Link(pred, kind, lag)]


@pytest.mark.parametrize("data, words", [
    (b"<Project><Tasks><Task>", "is not readable XML"),
    (b"<html><body>plan</body></html>", "not a Microsoft Project plan"),
    (b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
     b'<Project xmlns="http://schemas.microsoft.com/project"><Name>&b;</Name></Project>', "declares a DTD"),
    (b'<Project xmlns="http://schemas.microsoft.com/project"><Tasks><Task><Name>x</Name></Task></Tasks></Project>',
     "has no <UID>"),
    (b'<Project xmlns="http://schemas.microsoft.com/project"><Tasks><Task><UID>1</UID><Name>x</Name>'
     b'<Duration>three days</Duration></Task></Tasks></Project>', "plan.xml: task 1 'x': duration 'three days' is not an ISO 8601 duration"),
])
def test_bad_files_get_a_clear_plan_error(data: bytes, words: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_mspdi(data, "plan.xml")
    assert words in str(caught.value)


def test_blank_rows_do_not_cut_a_phase_short() -> None:
    # A blank row (IsNull) is no task and no outline level: Microsoft Project writes it with
    # OutlineLevel 0, or none at all. The tasks after it stay in their phase.
    plan = rows("real_shapes")
    assert [(t.task_id, t.wbs) for t in plan.tasks] == [("2", "1.1"), ("4", "1.2"), ("7", "1.3.1"), ("8", "2")]
    assert by_id(plan)["8"].predecessors == "2, 4, 7"  # type: ignore[attr-defined]  # every leaf of Build


def test_a_milestone_with_a_duration_keeps_its_start_and_says_so() -> None:
    # Flagged as a milestone but 2 days long: Microsoft Project schedules the 2 days (Wed 4 – Thu 5
    # March); only a zero-length milestone sits at the end of the day before its stored start.
    plan = rows("real_shapes")
    signed = by_id(plan)["4"]
    assert (signed.start, signed.finish, signed.most_likely) == (D(2026, 3, 4), D(2026, 3, 5), 2.0)  # type: ignore[attr-defined]
    assert [(m.milestone, m.forecast_date) for m in plan.milestones] == [
        ("Design signed off", D(2026, 3, 5)), ("Go live", D(2026, 3, 6))]
    assert plan.notes == ["task 4 'Design signed off': a milestone with a duration of 2 days: imported as a 2-day "
                          "task marked as a milestone, dated at its finish on the Milestones sheet"]


HEADER = (b'<Project xmlns="http://schemas.microsoft.com/project"><Title>Kick-off</Title>'
          b'<StartDate>2026-03-02T08:00:00</StartDate><FinishDate>2026-03-02T08:00:00</FinishDate>')


def inline(tasks: bytes) -> ImportedPlan:
    """A small plan written inline: the header above, these ``<Tasks>``, no calendar."""
    return plan_rows(parse_mspdi(HEADER + tasks + b'</Project>', "plan.xml"), "K", fallback_name="plan.xml")


def test_a_milestone_at_the_project_s_start_is_on_its_first_day_and_the_project_ends_no_earlier() -> None:
    # A milestone stored at Monday 2 March 08:00 would be the end of Friday 27 February by the finish
    # rule, before the project began: it sits at the project's start, as Microsoft Project shows it
    # ("Mon 3/2") and as pmokit's schedule puts a task with no predecessor. The zero-length summary's
    # finish is no earlier than the start either (the Projects sheet would be invalid).
    plan = inline(
        b'<Tasks><Task><UID>0</UID><ID>0</ID><OutlineLevel>0</OutlineLevel><Summary>1</Summary>'
        b'<Start>2026-03-02T08:00:00</Start><Finish>2026-03-02T08:00:00</Finish></Task>'
        b'<Task><UID>1</UID><ID>1</ID><Name>Kick-off</Name><OutlineLevel>1</OutlineLevel><Milestone>1</Milestone>'
        b'<Start>2026-03-02T08:00:00</Start><Finish>2026-03-02T08:00:00</Finish><Duration>PT0H0M0S</Duration>'
        b'</Task></Tasks>')
    assert (plan.project.start, plan.project.forecast_finish) == (D(2026, 3, 2), D(2026, 3, 2))
    # and the milestone itself is on the project's first day, not the Friday before the project began
    assert [(t.start, t.finish) for t in plan.tasks] == [(D(2026, 3, 2), D(2026, 3, 2))]
    assert [m.forecast_date for m in plan.milestones] == [D(2026, 3, 2)]


@pytest.mark.parametrize("tasks", [
    b'<Tasks><Task><UID>0</UID><ID>0</ID><OutlineLevel>0</OutlineLevel><Summary>1</Summary>'
    b'<Start>2026-03-02T08:00:00</Start><Finish>2026-03-02T08:00:00</Finish></Task></Tasks>',
    b'<Tasks><Task><UID>1</UID><ID>1</ID><Name>Parked</Name><OutlineLevel>1</OutlineLevel><Active>0</Active>'
    b'<Duration>PT8H0M0S</Duration></Task><Task><UID>2</UID><ID>2</ID><IsNull>1</IsNull></Task></Tasks>',
    b'',
])
def test_a_plan_with_no_task_to_import_is_refused_rather_than_emptying_the_project(tasks: bytes) -> None:
    with pytest.raises(PlanError) as caught:
        inline(tasks)
    assert "has no task to import" in str(caught.value)


def test_a_zero_length_milestone_in_elapsed_days_is_a_milestone_and_no_note() -> None:
    # DurationFormat 8 (elapsed days) on a 0-day milestone: nothing elapsed to convert.
    plan = inline(
        b'<Tasks><Task><UID>1</UID><ID>1</ID><Name>Gate</Name><OutlineLevel>1</OutlineLevel>'
        b'<Milestone>1</Milestone><Duration>PT0H0M0S</Duration><DurationFormat>8</DurationFormat>'
        b'<Start>2026-03-05T17:00:00</Start><Finish>2026-03-05T17:00:00</Finish></Task></Tasks>')
    assert [(t.most_likely, t.start, t.finish) for t in plan.tasks] == [(0.0, D(2026, 3, 5), D(2026, 3, 5))]
    assert plan.notes == ["the plan has no calendar: Monday to Friday, no holidays"]


def test_a_link_to_a_phase_with_nothing_to_import_is_said_not_lost() -> None:
    # Every task of Phase is inactive: the phase brings no task, so its link cannot be applied.
    plan = inline(
        b'<Tasks><Task><UID>1</UID><ID>1</ID><Name>Phase</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>'
        b'<Task><UID>2</UID><ID>2</ID><Name>Parked</Name><OutlineLevel>2</OutlineLevel><Active>0</Active>'
        b'<Duration>PT8H0M0S</Duration></Task>'
        b'<Task><UID>3</UID><ID>3</ID><Name>Next</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>'
        b'<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task></Tasks>')
    assert [(t.task_id, t.predecessors) for t in plan.tasks] == [("3", "")]
    assert "task 3 'Next': link from summary task 'Phase' dropped: none of its tasks is imported" in plan.notes


def test_pert_durations_in_elapsed_units_are_converted_to_working_days() -> None:
    # Microsoft Project keeps a Duration1–3 custom field with its own DurationFormat: 1 elapsed day
    # is stored as PT24H0M0S with format 8, 1 elapsed week as PT168H0M0S with format 10 (as its own
    # files show). Elapsed time is 5 working days in 7: 1 eday = 0.7143 days, 1 eweek = 5 days.
    def field(number: int, value: str, fmt: int) -> bytes:
        return (f'<ExtendedAttribute><FieldID>{188743782 + number}</FieldID><Value>{value}</Value>'
                f'<DurationFormat>{fmt}</DurationFormat></ExtendedAttribute>').encode()

    plan = inline(
        b'<Tasks><Task><UID>1</UID><ID>1</ID><Name>Survey</Name><OutlineLevel>1</OutlineLevel>'
        b'<Start>2026-03-02T08:00:00</Start><Finish>2026-03-03T17:00:00</Finish><Duration>PT16H0M0S</Duration>'
        + field(1, "PT24H0M0S", 8) + field(2, "PT16H0M0S", 7) + field(3, "PT168H0M0S", 10) + b'</Task></Tasks>')
    task = plan.tasks[0]
    assert (task.optimistic, task.most_likely, task.pessimistic, task.estimate_basis) == (
        0.7143, 2.0, 5.0, "Imported PERT")
    assert "task 1 'Survey': PERT durations in elapsed time (optimistic, pessimistic) converted to working days, " \
           "5 in 7" in plan.notes


def test_a_levelling_delay_in_elapsed_days_is_reported_in_calendar_days() -> None:
    # Microsoft Project writes LevelingDelayFormat 8 (elapsed days) by default: 14400 tenths of a
    # minute is 1 calendar day, not 3 working days of 480 minutes.
    plan = inline(
        b'<Tasks><Task><UID>1</UID><ID>1</ID><Name>Levelled</Name><OutlineLevel>1</OutlineLevel>'
        b'<Duration>PT8H0M0S</Duration><LevelingDelay>14400</LevelingDelay><LevelingDelayFormat>8</LevelingDelayFormat>'
        b'</Task></Tasks>')
    assert "task 1 'Levelled': levelling delay of 1 calendar day not imported: pmokit schedules without resource " \
           "levelling" in plan.notes


def test_a_manual_task_typed_before_the_project_s_start_date_is_said_to_move() -> None:
    # Microsoft Project lets a manually scheduled task sit before the project's Start Date; pmokit's
    # schedule starts every task on or after the project's start, so the move is said.
    plan = plan_rows(parse_mspdi(
        b'<Project xmlns="http://schemas.microsoft.com/project"><StartDate>2026-03-04T08:00:00</StartDate><Tasks>'
        b'<Task><UID>1</UID><ID>1</ID><Name>Early manual</Name><OutlineLevel>1</OutlineLevel><Manual>1</Manual>'
        b'<Start>2026-03-02T08:00:00</Start><Finish>2026-03-02T17:00:00</Finish><Duration>PT8H0M0S</Duration></Task>'
        b'</Tasks></Project>'), "EARLY")
    assert plan.project.start == D(2026, 3, 4)
    assert ("task 1 'Early manual': typed on 2026-03-02, before the project's start date 2026-03-04: pmokit's "
            "schedule starts it on 2026-03-04") in plan.notes


def test_a_working_day_written_twice_old_and_new_style_is_named_once() -> None:
    # Project 2007 and later write each exception twice: a legacy WeekDay with DayType 0 (no name)
    # and an Exception with its name. A working Saturday is reported once, by its name.
    week = "".join(f"<WeekDay><DayType>{d}</DayType><DayWorking>{int(2 <= d <= 6)}</DayWorking></WeekDay>"
                   for d in range(1, 8))
    saturday = "<TimePeriod><FromDate>2026-03-07T00:00:00</FromDate><ToDate>2026-03-07T23:59:00</ToDate></TimePeriod>"
    plan = plan_rows(parse_mspdi((
        '<Project xmlns="http://schemas.microsoft.com/project"><StartDate>2026-03-02T08:00:00</StartDate>'
        '<CalendarUID>1</CalendarUID><Calendars><Calendar><UID>1</UID><Name>Standard</Name><WeekDays>' + week
        + f'<WeekDay><DayType>0</DayType><DayWorking>1</DayWorking>{saturday}</WeekDay></WeekDays><Exceptions>'
        f'<Exception>{saturday}<Name>Stocktake</Name><DayWorking>1</DayWorking></Exception></Exceptions>'
        '</Calendar></Calendars><Tasks><Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel>'
        '<Duration>PT8H0M0S</Duration><Start>2026-03-02T08:00:00</Start><Finish>2026-03-02T17:00:00</Finish>'
        '</Task></Tasks></Project>').encode()), "W")
    assert plan.notes == ["working days on a non-working weekday (Stocktake (2026-03-07)) skipped: the Calendar "
                          "sheet holds non-working days only"]
