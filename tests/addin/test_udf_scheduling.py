"""PMO_CPM, PMO_SRA, PMO_SRA_TABLE and PMO_SRA_RISKS with constraints, deadlines and progress, and
PMO_SCHEDULE_CHECK, as a cell shows them.

The schedules are the hand-worked ones of tests/addin/test_constraints.py and test_health.py, given
as dates on the Monday–Friday calendar from Monday 4 January 2027 (day number n is the n-th
working day; a finish at day number f shows on working day f − 1).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin.functions import (PMO_CPM, PMO_SCHEDULE_CHECK, PMO_SRA, PMO_SRA_RISKS,
                                   PMO_SRA_TABLE)

START = date(2027, 1, 4)


def test_cpm_without_the_new_arguments_keeps_its_seven_columns() -> None:
    header, *_ = PMO_CPM(["A", "B"], [5, 3], ["", "A"], START)
    assert len(header) == 7


def test_cpm_with_a_constraint_shows_the_dates_negative_float_and_a_note() -> None:
    # SNLT Wednesday 6 January on B (day 2), whose link would start it on Monday 11 January
    # (day 5): held at Wed 6 – Fri 8; TF = 2 − 5 = −3 on B and on A, which drives it.
    header, a, b = PMO_CPM(["A", "B"], [5, 3], ["", "A"], START, None, None, [None, "SNLT"],
                           [None, date(2027, 1, 6)])
    assert header[-1] == "Note"
    assert b[:2] == [date(2027, 1, 6), date(2027, 1, 8)]
    assert (a[4], b[4]) == (-3.0, -3.0)
    assert (a[7], b[7]) == ("negative float: a date after it cannot be met",
                            "SNLT holds it 3 d before its links allow")


def test_cpm_with_progress_at_a_status_date() -> None:
    # A done Mon 4 – Fri 8 January; B (5 days) started Mon 11, 40 % done; status Wednesday 13
    # January (end of day 7): B's 3 remaining days run Thu 14 – Mon 18.
    _, a, b = PMO_CPM(["A", "B"], [5, 5], ["", "A"], START, None, None, None, None, None,
                      [START, date(2027, 1, 11)], [date(2027, 1, 8), None], ["100%", "40%"],
                      date(2027, 1, 13))
    assert a[:2] == [START, date(2027, 1, 8)] and a[7] == "complete"
    assert b[:2] == [date(2027, 1, 11), date(2027, 1, 18)]
    assert b[7] == "in progress, 3 d left"


def test_cpm_new_arguments_answer_bad_input_by_row() -> None:
    # A range sized past the data: the blank third row is left out, and errors name sheet rows.
    ids, days, preds = ["A", None, "B"], [5, None, 3], ["", None, "A"]
    assert PMO_CPM(ids, days, preds, START, None, None, ["", None, "SOON"]).startswith(
        "PMO_CPM: constraint_types row 3: 'SOON' is not a constraint type")
    assert PMO_CPM(ids, days, preds, START, None, None, ["", None, "MSO"]) == (
        "PMO_CPM: constraint_dates row 3: is blank, but a MSO constraint needs a date")
    assert PMO_CPM(["A"], [5], [""], None, None, None, None, None, [date(2027, 2, 1)]) == (
        "PMO_CPM: start_date: is needed to place deadlines on the working calendar")
    assert PMO_CPM(["A", "B"], [5, 3], ["", "A"], START, None, None, ["", "SNET", "MSO"]) == (
        "PMO_CPM: constraint_types: has 3 rows but ids has 2; give ranges of the same length")


# The worked example of test_health.py in dates (status Friday 15 January 2027, end of day 10).
IDS = ["A", "B", "C", "D", "E", "F"]
DAYS = [5, 5, 4, 6, 3, 0]
PREDS = ["", "A", "A", "B", "C", "D, E"]
BASE_START = [date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 11), date(2027, 1, 15),
              date(2027, 1, 15), date(2027, 1, 22)]
BASE_FINISH = [date(2027, 1, 8), date(2027, 1, 14), date(2027, 1, 14), date(2027, 1, 22),
               date(2027, 1, 19), date(2027, 1, 22)]
ACT_START = [date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 12), None, None, None]
ACT_FINISH = [date(2027, 1, 8), date(2027, 1, 15), None, None, None, None]
PCT = [1, 1, 0.5, 0, 0, 0]
STATUS = date(2027, 1, 15)


def test_schedule_check_spills_the_fourteen_checks() -> None:
    header, *rows = PMO_SCHEDULE_CHECK(IDS, DAYS, PREDS, START, STATUS, BASE_START, BASE_FINISH,
                                       ACT_START, ACT_FINISH, PCT, None, None, None,
                                       ["Ana", "Ben", "Ana", "Cy", "", ""])
    assert header == ["Check", "Count", "Metric", "Threshold", "Result", "Failing ids"]
    table = {row[0]: row[1:] for row in rows}
    assert list(table) == ["1 Logic", "2 Leads", "3 Lags", "4 Relationship types",
                           "5 Hard constraints", "6 High float", "7 Negative float",
                           "8 High duration", "9 Invalid dates", "10 Resources",
                           "11 Missed tasks", "12 Critical path test", "13 CPLI", "14 BEI"]
    assert table["1 Logic"] == ["1 of 4 tasks", 0.25, "≤ 5%", "Fail", "F"]
    assert table["2 Leads"] == ["0 of 5 links", 0.0, "= 0%", "Pass", ""]
    assert table["4 Relationship types"] == ["0 of 5 links", 1.0, "≥ 90%", "Pass", ""]
    assert table["10 Resources"] == ["1 of 3 tasks", pytest.approx(1 / 3), "= 0%", "Fail", "E"]
    assert table["11 Missed tasks"][1:] == [pytest.approx(2 / 3), "≤ 5%", "Fail", "B, C"]
    assert table["12 Critical path test"] == [
        "", 1.0, "finish moves 600 d", "Pass", "600 days added to D; the finish moved 600"]
    # CPLI = (6 − 1) / 6 and BEI = 2 / 3, worked by hand in test_health.py.
    assert table["13 CPLI"] == ["", pytest.approx(5 / 6), "≥ 0.95", "Fail",
                                "D, F; critical path 6 days, total float -1 days"]
    assert table["14 BEI"] == ["1 of 3 tasks", pytest.approx(2 / 3), "≥ 0.95", "Fail", "C"]


def test_schedule_check_without_dates_marks_what_it_cannot_judge() -> None:
    _, *rows = PMO_SCHEDULE_CHECK(["A", "B"], [3, 2], ["", "A"])
    table = {row[0]: row[1:] for row in rows}
    assert table["9 Invalid dates"] == ["", "", "= 0%", "n/a", "needs status_date"]
    assert table["13 CPLI"][3:] == ["n/a", "needs baseline_finishes"]


def test_schedule_check_of_an_empty_range_judges_nothing() -> None:
    _, *rows = PMO_SCHEDULE_CHECK([None, None], [None, None], [None, None])
    assert len(rows) == 14 and all(row[4:] == ["n/a", "no tasks"] for row in rows)


def test_schedule_check_lists_a_few_failing_ids_then_a_count() -> None:
    ids = [f"T{i}" for i in range(8)]
    _, logic, *_ = PMO_SCHEDULE_CHECK(ids, [1] * 8, [""] * 8)
    assert logic[1:] == ["8 of 8 tasks", 1.0, "≤ 5%", "Fail", "T0, T1, T2, T3, T4 + 3 more"]


def test_schedule_check_thresholds_from_a_two_column_range() -> None:
    args = (IDS, DAYS, PREDS, START, STATUS, BASE_START, BASE_FINISH, ACT_START, ACT_FINISH, PCT)
    relaxed = [[1, 0.25], [14, "60%"], ["slip days", 100], [None, None]]
    _, *rows = PMO_SCHEDULE_CHECK(*args, None, None, None, None, None, None, None, relaxed)
    table = {row[0]: row[1:] for row in rows}
    assert table["1 Logic"][2:4] == ["≤ 25%", "Pass"]
    assert table["14 BEI"][2:4] == ["≥ 0.6", "Pass"]
    assert table["12 Critical path test"][2] == "finish moves 100 d"
    bad = PMO_SCHEDULE_CHECK(*args, None, None, None, None, None, None, None, [[12, 0.5]])
    assert bad == ("PMO_SCHEDULE_CHECK: thresholds row 1: '12' is not a check number 1-14 (12 "
                   "has no threshold) or a day limit")


# PMO_SRA, PMO_SRA_TABLE and PMO_SRA_RISKS take the same eight arguments after their own.
def _sra_args(*progress: object) -> list[object]:
    """PMO_SRA's arguments up to its risk register (left out), then ``progress`` in PMO_CPM's
    order: constraint types, constraint dates, deadlines, actual starts, actual finishes,
    % complete, status date, remaining durations."""
    return [["A", "B"], [5, 2], [5, 4], [5, 12], ["", "A"], 0.8, 2000, START, None, 7,
            None, None, None, None, None, *progress]


def test_sra_an_snet_and_a_finished_task_move_the_p80_by_what_they_hold() -> None:
    """A is fixed at 5 working days (O = M = P); B follows it (FS) with O 2, M 4, P 12, so the
    plain P80 finish is day 5 + q, q being the P80 of B's draws. The same seed draws B the same
    durations in every call below, so:

    * A finished on its actual dates Mon 4 – Tue 12 January 2027 (7 working days, not 5): B
      now starts at the end of day 7 and the P80 is 7 + q, **2 working days** later;
    * B also held Start No Earlier Than Monday 18 January (day 10), after A's finish: the P80 is
      10 + q, **5 working days** later than plain.

    Status date Tuesday 12 January (end of day 7) moves nothing more: unstarted B already starts
    after it. The P80 shows as a date, so each move is a whole number of working days."""
    from pmokit.addin import constraints, schedule, sra
    from pmokit.addin.calendar import WorkCalendar

    done = [None, None, None, [START, None], [date(2027, 1, 12), None], [1, 0],
            date(2027, 1, 12), None]
    snet = [["", "SNET"], [None, date(2027, 1, 18)], *done[2:]]
    plain, finished, held = (PMO_SRA(*_sra_args(*p)) for p in ([], done, snet))
    cal = WorkCalendar()
    assert finished == cal.add_workdays(plain, 2)
    assert held == cal.add_workdays(plain, 5)
    # The same in day numbers, through the core the cell reads with.
    finishes = []
    for p in ({}, {"actual_starts": [START, None], "actual_finishes": [date(2027, 1, 12), None],
                   "percent_complete": [1, 0], "status_date": date(2027, 1, 12)},
              {"constraint_types": ["", "SNET"], "constraint_dates": [None, date(2027, 1, 18)],
               "actual_starts": [START, None], "actual_finishes": [date(2027, 1, 12), None],
               "percent_complete": [1, 0], "status_date": date(2027, 1, 12)}):
        pins = constraints.Pins.from_dates(START, cal, **p) if p else None  # type: ignore[arg-type]
        net, _ = schedule.network(["A", "B"], [5, 4], ["", "A"], pins)
        result = sra.simulate(None, [5, 2], [5, 4], [5, 12], None, 2000, seed=7, tasks=False,
                              network=net)
        finishes.append(sra.finish_percentile(result, 0.8))
    assert finishes[1] - finishes[0] == pytest.approx(2.0, abs=1e-9)
    assert finishes[2] - finishes[0] == pytest.approx(5.0, abs=1e-9)
    # The per-task table and the risk drivers carry the same schedule.
    table = PMO_SRA_TABLE(*_sra_args()[:5], 2000, START, None, 7, *[None] * 5, *snet)
    assert table[1][1:3] == [date(2027, 1, 12)] * 2  # A: its actual finish, whatever the draws
    assert table[2][2] == held
    risks = PMO_SRA_RISKS(*_sra_args()[:5], ["R1"], [0.0], [1], [2], [3], ["B"], None, None, 0.8,
                          2000, START, None, 7, *snet)
    assert risks[-1][1] == held  # a risk that never occurs: P80 with all risks = PMO_SRA's


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 6), st.integers(0, 2**32 - 1), st.data())
def test_sra_all_asap_with_no_progress_is_the_plain_answer(k: int, seed: int,
                                                           data: st.DataObject) -> None:
    """Law: ASAP on every task (blank or typed), 0 % complete, no actual dates and a status date
    on the project start's eve change nothing: PMO_SRA and PMO_SRA_TABLE give the answer they
    give without those arguments, for any network and seed."""
    ids = [f"T{i}" for i in range(k)]
    preds = [", ".join(f"T{j}" for j in range(i) if data.draw(st.booleans())) for i in range(k)]
    low = [float(data.draw(st.integers(1, 5))) for _ in ids]
    likely = [x + data.draw(st.integers(0, 3)) for x in low]
    high = [x + data.draw(st.integers(0, 6)) for x in likely]
    asap = [data.draw(st.sampled_from(["", "ASAP", "As Soon As Possible"])) for _ in ids]
    quiet = [asap, [None] * k, [None] * k, [None] * k, [None] * k, [0] * k,
             date(2027, 1, 1), None]
    head = [ids, low, likely, high, preds]
    tail = [START, None, seed, None, None, None, None, None]
    assert PMO_SRA(*head, 0.8, 500, *tail, *quiet) == PMO_SRA(*head, 0.8, 500, *tail)
    assert PMO_SRA_TABLE(*head, 500, *tail, *quiet) == PMO_SRA_TABLE(*head, 500, *tail)


def test_sra_bad_progress_names_the_function_argument_and_row() -> None:
    # A range sized past the data: the blank second row is left out, errors name sheet rows.
    ids, low, likely, high, preds = ["A", None, "B"], [5, None, 2], [5, None, 4], [5, None, 9], \
        ["", None, "A"]
    head = [ids, low, likely, high, preds]
    no_risks = [None] * 5
    assert PMO_SRA(*head, 0.8, 500, START, None, 7, *no_risks, ["", None, "SNET"]) == (
        "PMO_SRA: constraint_dates row 3: is blank, but a SNET constraint needs a date")
    assert PMO_SRA_TABLE(*head, 500, START, None, 7, *no_risks, None, None, None, None, None,
                         [0, None, 0.5]) == (
        "PMO_SRA_TABLE: percent_complete row 3: 50% complete but no actual start: give the "
        "date work began")
    assert PMO_SRA_RISKS(*head, ["R1"], [0.5], [1], [2], [3], ["B"], None, None, None, 500,
                         START, None, 7, None, None, None, [START, None, date(2027, 1, 11)],
                         [date(2027, 1, 8), None, date(2027, 1, 5)]) == (
        "PMO_SRA_RISKS: actual_finishes row 3: is before the actual start")
    assert PMO_SRA(*head, 0.8, 500, None, None, 7, *no_risks, None, None,
                   [None, None, date(2027, 2, 1)]) == (
        "PMO_SRA: start_date: is needed to place deadlines on the working calendar")
