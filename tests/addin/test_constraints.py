"""Constraints, deadlines and progress in the critical path, as Microsoft Project schedules them.

Sources (DOMAIN.md, "Microsoft Project files and scheduling rules", and the behaviour it cites):
- Microsoft, "About constraints" (Project help): flexible constraints (ASAP, ALAP, SNET, FNET) and
  inflexible ones; Project's default "tasks will always honor their constraint dates".
- Microsoft Project 2013 Step by Step (Chatfield & Johnson): "Unless you specify a time, Project
  schedules a constraint date's start or finish time using the Default Start Time or Default End
  Time value" (08:00 / 17:00) — the day-number mapping below.
- T. Boyle, "Mandatory Constraints in Microsoft Project and Primavera P6" (2016): Project sets
  both the early and the late start of an MSO task to the date, which blocks logic flow; the
  honoured late constraints let a task (not its predecessors) violate its links, and every task
  needing acceleration gets negative total slack.
- Microsoft Project Inside Out ("A deadline might affect scheduling after all"): a deadline before
  the end of a task's total slack recalculates the slack from the deadline; it never moves it.
- Microsoft Project Inside Out ("Rescheduling the project"): reschedule uncompleted work splits
  in-progress tasks so the remaining work runs after the date; since Project 2002 tasks with a
  date constraint are not rescheduled. MPUG, "Rescheduling incomplete work" (status date = last
  day of the reporting period; work not done must move after it).
- enabler.nl, "Slack" (and Project Plan 365's critical definition): a task with an ALAP constraint
  (scheduled from the start) is critical; a task stops being critical when it is completed.
Every expected date below is worked by hand in the comment beside it (day numbers: day 0 = the
project start; a task on days [s, s + d)).
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.constraints import (CONSTRAINT_TYPES, Pins, constraint_code, finish_day, notes,
                                      start_day)
from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import Link
from pmokit.addin.schedule import (as_dates, backward_pass, build_network, constrain, cpm,
                                   forward_pass, schedule_network)
from networks import constraints, networks

NAN = math.nan
MONDAY = date(2027, 1, 4)  # the project start in the date tests: Monday 4 January 2027


def _row(r: object, task: str) -> tuple[float, ...]:
    """(ES, EF, LS, LF, TF, FF) of one task."""
    i = r.ids.index(task)  # type: ignore[attr-defined]
    return tuple(float(getattr(r, f)[i]) for f in (  # type: ignore[attr-defined]
        "early_start", "early_finish", "late_start", "late_finish", "total_float", "free_float"))


def _pins(k: int, **fields: dict[int, object]) -> Pins:
    """Pins with per-task fields given sparsely: ``constraint_types={1: "SNET"}``."""
    def column(values: dict[int, object], blank: object) -> list[object]:
        return [values.get(i, blank) for i in range(k)]
    kwargs: dict[str, object] = {}
    for name, values in fields.items():
        if name == "status":
            kwargs[name] = values
        else:
            kwargs[name] = column(values, "" if name == "constraint_types" else NAN)
    return Pins(**kwargs)  # type: ignore[arg-type]


# --- How a date becomes a day number ------------------------------------------------------------

def test_a_start_date_is_the_start_of_its_day_and_a_finish_date_the_end() -> None:
    cal = WorkCalendar()
    # Monday 4 January 2027 is day 0. A start on Monday 11 January is after 5 working days; a
    # finish on Friday 8 January is the end of day 4, i.e. day number 5; a finish on Monday 11
    # January is the end of that day, 6.
    assert start_day(cal, MONDAY, date(2027, 1, 11)) == 5
    assert finish_day(cal, MONDAY, date(2027, 1, 8)) == 5
    assert finish_day(cal, MONDAY, date(2027, 1, 11)) == 6
    # Saturday 9 January: a start rolls on to Monday's start (5) and a finish back to Friday's
    # end (5): the same working instant.
    assert start_day(cal, MONDAY, date(2027, 1, 9)) == finish_day(cal, MONDAY,
                                                                  date(2027, 1, 9)) == 5
    # Before the project start: Thursday 31 December 2026 starts 2 working days before day 0.
    assert start_day(cal, MONDAY, date(2026, 12, 31)) == -2
    assert finish_day(cal, MONDAY, date(2026, 12, 31)) == -1


@pytest.mark.parametrize(("value", "code"), [
    (None, "ASAP"), ("", "ASAP"), ("snet", "SNET"), (" Must  Finish On ", "MFO"),
    ("Start No Later Than", "SNLT"), (4.0, "SNET"), (2, "MSO"), (1, "ALAP"),
])
def test_constraint_types_read_codes_names_and_mspdi_numbers(value: object, code: str) -> None:
    # MSPDI ConstraintType: 0 ASAP, 1 ALAP, 2 MSO, 3 MFO, 4 SNET, 5 SNLT, 6 FNET, 7 FNLT.
    assert constraint_code(value) == code


# --- Each constraint on a small network -----------------------------------------------------------

def test_plain_network_for_reference() -> None:
    # A(5) → B(3): A days 0–5, B 5–8; both critical.
    r = cpm(["A", "B"], [5, 3], ["", "A"])
    assert _row(r, "B") == (5, 8, 5, 8, 0, 0)


def test_snet_delays_the_task_and_gives_its_predecessor_float() -> None:
    # SNET day 8 on B: ES(B) = max(EF(A) = 5, 8) = 8, EF 11, the finish. A may finish by
    # LS(B) = 8: LS(A) = 3, total and free float 3. Flexible: no negative float.
    r = cpm(["A", "B"], [5, 3], ["", "A"], _pins(2, constraint_types={1: "SNET"},
                                                 constraint_days={1: 8}))
    assert _row(r, "A") == (0, 5, 3, 8, 3, 3)
    assert _row(r, "B") == (8, 11, 8, 11, 0, 0)
    # An SNET date the links already pass changes nothing.
    early = cpm(["A", "B"], [5, 3], ["", "A"], _pins(2, constraint_types={1: "SNET"},
                                                     constraint_days={1: 2}))
    assert _row(early, "B") == (5, 8, 5, 8, 0, 0)


def test_fnet_holds_the_finish() -> None:
    # FNET day 12 on B(3): EF(B) ≥ 12, so ES = 9; A gets LS(B) − 5 = 4 days of float.
    r = cpm(["A", "B"], [5, 3], ["", "A"], _pins(2, constraint_types={1: "FNET"},
                                                 constraint_days={1: 12}))
    assert _row(r, "B")[:2] == (9, 12)
    assert _row(r, "A")[4] == 4


def test_snlt_honoured_over_its_link_gives_negative_float_to_it_and_its_driver() -> None:
    # SNLT day 3 on B, whose link would start it at 5: Project honours the constraint, so
    # ES(B) = 3 (overlapping A), EF 6 = the finish. LS(B) ≤ 3, so TF(B) = 3 − 5 (where the link
    # wanted it) = −2; A must finish by LS(B) = 3: LF(A) 3, LS −2, TF −2.
    r = cpm(["A", "B"], [5, 3], ["", "A"], _pins(2, constraint_types={1: "SNLT"},
                                                 constraint_days={1: 3}))
    assert _row(r, "B")[:5] == (3, 6, 3, 6, -2)
    assert _row(r, "A")[2:5] == (-2, 3, -2)
    assert r.critical.tolist() == [True, True]
    assert notes(r)[1] == "SNLT holds it 2 d before its links allow"


def test_snlt_that_can_be_met_bounds_the_late_start_only() -> None:
    # C(12) in parallel sets the finish at 12. SNLT day 7 on B: B runs 5–8 as the link allows;
    # its late start would be 9, the constraint caps it at 7: TF(B) = 2 (not 4), and A's late
    # finish is 7: TF(A) 2. Free float never exceeds total float: B's is 2, not 12 − 8.
    r = cpm(["A", "B", "C"], [5, 3, 12], ["", "A", ""],
            _pins(3, constraint_types={1: "SNLT"}, constraint_days={1: 7}))
    assert _row(r, "B") == (5, 8, 7, 10, 2, 2)
    assert _row(r, "A")[4] == 2


def test_fnlt_conflict() -> None:
    # FNLT day 7 on B(3): EF(B) ≤ 7, so ES = min(5, 4) = 4, EF 7; LF 7, LS 4; TF = 4 − 5 = −1;
    # A: LF = LS(B) = 4, TF −1.
    r = cpm(["A", "B"], [5, 3], ["", "A"], _pins(2, constraint_types={1: "FNLT"},
                                                 constraint_days={1: 7}))
    assert _row(r, "B")[:5] == (4, 7, 4, 7, -1)
    assert _row(r, "A")[4] == -1


def test_mso_fixes_early_and_late_start_and_blocks_logic_flow() -> None:
    # Boyle's example: t1(2) → t2(3) MSO day 5 → t3(2) with a deadline at day 8.
    # Forward: t1 0–2; t2 held at 5 (the link allows 2): 5–8; t3 8–10, the finish.
    # Backward: t3's deadline caps LF at 8: LS 6, TF = 6 − 8 = −2. t2's late start is its date
    # (5), whatever t3 needs: TF 0. t1 may finish by 5: LS 3, TF 3 — the negative float does
    # not pass through the MSO task, as Boyle shows Project doing.
    r = cpm(["t1", "t2", "t3"], [2, 3, 2], ["", "t1", "t2"],
            _pins(3, constraint_types={1: "MSO"}, constraint_days={1: 5}, deadlines={2: 8}))
    assert _row(r, "t1") == (0, 2, 3, 5, 3, 3)
    assert _row(r, "t2")[:5] == (5, 8, 5, 8, 0)
    assert _row(r, "t3")[:5] == (8, 10, 6, 8, -2)
    assert notes(r) == ["", "MSO", "misses its deadline by 2 d"]


def test_mso_before_its_link_allows() -> None:
    # MSO day 3 on B while A ends at 5: B runs 3–6; TF(B) = 3 − 5 = −2; A: LF = 3, TF −2.
    r = cpm(["A", "B"], [5, 3], ["", "A"], _pins(2, constraint_types={1: "MSO"},
                                                 constraint_days={1: 3}))
    assert _row(r, "B")[:5] == (3, 6, 3, 6, -2)
    assert _row(r, "A")[4] == -2


def test_mfo_fixes_the_finish() -> None:
    # MFO day 6 on B(3): EF = LF = 6, ES = LS = 3; the link wanted 5: TF(B) −2, TF(A) −2.
    r = cpm(["A", "B"], [5, 3], ["", "A"], _pins(2, constraint_types={1: "MFO"},
                                                 constraint_days={1: 6}))
    assert _row(r, "B")[:5] == (3, 6, 3, 6, -2)
    assert _row(r, "A")[4] == -2
    # A lenient MFO (day 20) holds B at 17–20 with no float, and gives A 12.
    later = cpm(["A", "B"], [5, 3], ["", "A"], _pins(2, constraint_types={1: "MFO"},
                                                     constraint_days={1: 20}))
    assert _row(later, "B")[:5] == (17, 20, 17, 20, 0)
    assert _row(later, "A")[4] == 12


def test_alap_moves_to_the_late_dates_and_its_successor_follows() -> None:
    # D(1) → A(2, ALAP) → B(3); C(10) in parallel sets the finish at 10. Late dates: B 7–10,
    # A 5–7, D 4–5. ALAP puts A at 5–7; B, which follows it, now starts at 7: no float left on
    # A or B, so both are critical (Project marks ALAP tasks critical). D keeps its early date,
    # with free float 5 − 1 = 4 before A.
    r = cpm(["D", "A", "B", "C"], [1, 2, 3, 10], ["", "D", "A", ""],
            _pins(4, constraint_types={1: "ALAP"}))
    assert _row(r, "A") == (5, 7, 5, 7, 0, 0)
    assert _row(r, "B") == (7, 10, 7, 10, 0, 0)
    assert _row(r, "D") == (0, 1, 4, 5, 4, 4)
    assert r.critical.tolist() == [False, True, True, True]


def test_deadline_never_moves_a_task_and_bounds_its_late_finish() -> None:
    # A(5) → B(3) and C(12): B runs 5–8 with 4 days of float to the finish at 12. A deadline at
    # day 10 on B leaves it at 5–8 and recalculates its float from the deadline: LF 10, TF 2
    # (free float too, as it never exceeds total float).
    base = cpm(["A", "B", "C"], [5, 3, 12], ["", "A", ""])
    r = cpm(["A", "B", "C"], [5, 3, 12], ["", "A", ""], _pins(3, deadlines={1: 10}))
    assert _row(base, "B") == (5, 8, 9, 12, 4, 4)
    assert _row(r, "B") == (5, 8, 7, 10, 2, 2)
    # A deadline at day 6 cannot be met: TF(B) = 6 − 8 = −2, and A's too.
    missed = cpm(["A", "B", "C"], [5, 3, 12], ["", "A", ""], _pins(3, deadlines={1: 6}))
    assert _row(missed, "B")[:5] == (5, 8, 3, 6, -2)
    assert _row(missed, "A")[4] == -2
    assert notes(missed)[1] == "misses its deadline by 2 d"


# --- Progress at a status date ---------------------------------------------------------------------

def test_progress_complete_started_and_unstarted_at_a_status_date() -> None:
    # A(5) B(5) C(5) in a chain. A is complete (days 0–5). B started on day 5 and is 40 %
    # done: 2 days done, 3 left. Status at the end of day 8 (day number 8): B's remaining 3 days
    # run 8–11 (split after the status date); C follows, 11–16. A is complete: no float, not
    # critical. B shows its actual start 5 and the float of its finish (0).
    r = cpm(["A", "B", "C"], [5, 5, 5], ["", "A", "B"],
            _pins(3, actual_starts={0: 0, 1: 5}, actual_finishes={0: 5},
                  percent_complete={1: 0.4}, status=8.0))
    assert _row(r, "A") == (0, 5, 0, 5, 0, 0)
    assert _row(r, "B") == (5, 11, 5, 11, 0, 0)
    assert _row(r, "C") == (11, 16, 11, 16, 0, 0)
    assert r.critical.tolist() == [False, True, True]
    assert notes(r) == ["complete", "in progress, 3 d left", ""]


def test_work_ahead_of_the_status_date_is_not_pulled_back() -> None:
    # D(10) started on day 0 and is 60 % done (6 days), status day 3: the done part already runs
    # to day 6, so the remaining 4 days run 6–10.
    r = cpm(["D"], [10], [""], _pins(1, actual_starts={0: 0}, percent_complete={0: 0.6},
                                     status=3.0))
    assert _row(r, "D")[:2] == (0, 10)


def test_remaining_duration_wins_over_percent_complete() -> None:
    # E(4) started day 1, 50 % but 6 days remaining (it grew): remaining runs from the status
    # (day 5) to 11.
    r = cpm(["E"], [4], [""], _pins(1, actual_starts={0: 1}, percent_complete={0: 0.5},
                                    remaining={0: 6}, status=5.0))
    assert _row(r, "E")[:2] == (1, 11)


def test_unstarted_work_moves_after_the_status_date_but_not_a_constrained_task() -> None:
    # F(3) and G(3) unstarted, status day 4. F (ASAP) moves to 4–7. G has SNET day 2: Project
    # (since 2002) does not reschedule a task with a date constraint, so G stays at 2–5.
    r = cpm(["F", "G"], [3, 3], ["", ""],
            _pins(2, constraint_types={1: "SNET"}, constraint_days={1: 2}, status=4.0))
    assert _row(r, "F")[:2] == (4, 7)
    assert _row(r, "G")[:2] == (2, 5)


def test_finished_work_fixes_its_links_and_ignores_its_own() -> None:
    # P(5) unstarted; Q after P, already complete on days 0–3 (out of sequence): Q keeps its
    # actual dates whatever its link says, and P is not held by Q. R follows Q FS+1: starts at 4.
    # S SS+1 after T, which started on day 2: S may start at 3.
    r = cpm(["P", "Q", "R", "T", "S"], [5, 3, 2, 6, 2], ["", "P", "Q FS+1", "", "T SS+1"],
            _pins(5, actual_starts={1: 0, 3: 2}, actual_finishes={1: 3}))
    assert _row(r, "Q")[:2] == (0, 3)
    assert _row(r, "P")[:2] == (0, 5)
    assert _row(r, "R")[:2] == (4, 6)
    assert _row(r, "S")[:2] == (3, 5)


def test_a_started_task_waits_for_an_unfinished_predecessor_retained_logic() -> None:
    # U(4) unstarted → V(4) started on day 0 with 50 % done (out of sequence). Retained logic:
    # V's remaining 2 days wait for U: 4–6. V shows its actual start 0.
    r = cpm(["U", "V"], [4, 4], ["", "U"], _pins(2, actual_starts={1: 0},
                                                 percent_complete={1: 0.5}))
    assert _row(r, "V")[:2] == (0, 6)
    assert _row(r, "U")[4] == 0


@pytest.mark.parametrize(("fields", "message"), [
    ({"constraint_types": {1: "SNET"}}, "constraint_dates row 2: is blank, but a SNET constraint "
                                        "needs a date"),
    ({"constraint_types": {1: "SOON"}}, "constraint_types row 2: 'SOON' is not a constraint type"),
    ({"actual_starts": {1: 4}, "actual_finishes": {1: 2}}, "actual_finishes row 2: is before the "
                                                           "actual start"),
    ({"percent_complete": {1: 0.3}}, "percent_complete row 2: 30% complete but no actual start"),
    ({"actual_starts": {1: 0}, "percent_complete": {1: 40.0}},
     "percent_complete row 2: 40 is not between 0 and 1: give 0.4 or 40%"),
    ({"actual_starts": {1: 0}, "remaining": {1: -1.0}}, "remaining_durations row 2: -1 is "
                                                        "negative"),
])
def test_bad_progress_and_constraints_say_where(fields: dict[str, dict[int, object]],
                                                message: str) -> None:
    with pytest.raises(InputError) as info:
        cpm(["A", "B"], [5, 3], ["", "A"], _pins(2, **fields))
    assert str(info.value).startswith(message)


# --- As dates ------------------------------------------------------------------------------------------

def test_dates_in_and_out_on_the_working_calendar() -> None:
    # From Monday 4 January 2027: A(5) Mon 4 – Fri 8; B(3) SNET Wednesday 13 January: Wed 13 –
    # Fri 15; milestone M MSO Monday 18 January shows on Monday 18 (08:00), though B ends on the
    # Friday; N(2) FNLT Wednesday 6 January after A: held against its link to end by Wed 6
    # (day number 3), it runs Tue 5 – Wed 6.
    pins = Pins.from_dates(MONDAY, constraint_types=["", "SNET", "MSO", "FNLT"],
                           constraint_dates=[None, date(2027, 1, 13), date(2027, 1, 18),
                                             date(2027, 1, 6)])
    r = cpm(["A", "B", "M", "N"], [5, 3, 0, 2], ["", "A", "B", "A"], pins)
    d = as_dates(r, MONDAY)
    assert d["early_start"] == [date(2027, 1, 4), date(2027, 1, 13), date(2027, 1, 18),
                                date(2027, 1, 5)]
    assert d["early_finish"] == [date(2027, 1, 8), date(2027, 1, 15), date(2027, 1, 18),
                                 date(2027, 1, 6)]
    assert d["late_start"][2] == date(2027, 1, 18)


def test_status_and_actual_dates_from_the_calendar() -> None:
    # A(3) done Mon 4 – Wed 6 January; B(4) started Thu 7, 25 % (1 day) done; status Friday
    # 8 January (end of day 5). B's remaining 3 days: Mon 11 – Wed 13; milestone Z after B shows
    # on Wed 13. A done milestone (actual finish Tue 5) shows on Tue 5.
    pins = Pins.from_dates(MONDAY, actual_starts=[date(2027, 1, 4), date(2027, 1, 7), None,
                                                  None],
                           actual_finishes=[date(2027, 1, 6), None, None, date(2027, 1, 5)],
                           percent_complete=[1.0, 0.25, 0.0, 1.0], status_date=date(2027, 1, 8))
    r = cpm(["A", "B", "Z", "K"], [3, 4, 0, 0], ["", "A", "B", ""], pins)
    d = as_dates(r, MONDAY)
    assert d["early_start"][:2] == [date(2027, 1, 4), date(2027, 1, 7)]
    assert d["early_finish"] == [date(2027, 1, 6), date(2027, 1, 13), date(2027, 1, 13),
                                 date(2027, 1, 5)]
    assert d["late_finish"][3] == date(2027, 1, 5)


def test_dates_need_a_start_date() -> None:
    with pytest.raises(InputError, match="start_date: is needed to place deadlines"):
        Pins.from_dates(None, deadlines=[date(2027, 1, 4)])


# --- The passes in blocks (what the schedule risk analysis calls) -----------------------------------

def test_block_passes_honour_the_bounds_column_by_column() -> None:
    # The SRA runs forward_pass / backward_pass on (tasks × iterations); with bounds on the
    # network each column must be the one-column schedule of its durations. These are the lines
    # a schedule risk analysis adds to honour constraints and progress.
    ids, preds = ["A", "B", "C", "D", "E"], ["", "A", "A SS+1", "B, C", "A"]
    pins = _pins(5, constraint_types={1: "SNLT", 2: "FNET", 4: "ALAP"},
                 constraint_days={1: 4, 2: 9}, deadlines={3: 12}, actual_starts={0: 0},
                 percent_complete={0: 0.5}, status=2.0)
    net = build_network(ids, preds)
    planned = np.array([4.0, 3.0, 2.0, 1.0, 2.0])
    bounded, _ = constrain(net, planned, pins)
    b = bounded.bounds
    assert b is not None
    drawn = np.random.default_rng(7).uniform(1, 6, (5, 50))
    d = b.effective(drawn)  # complete: actual; started: the remaining share of the draw
    es, ef = forward_pass(bounded, d)
    finish = ef[bounded.finishers].max(axis=0)  # every task may finish last once bounded
    ls, lf = backward_pass(bounded, d, finish)
    es, ef = forward_pass(bounded, d, late=ls)  # ALAP tasks to their late dates
    critical = (ls - es <= 1e-9) & ~b.complete[:, None]
    for col in range(drawn.shape[1]):
        one = schedule_network(bounded, d[:, col])
        assert np.allclose(ef[:, col], one.early_finish)
        assert np.allclose(lf[:, col], one.late_finish)
        assert np.array_equal(critical[:, col], one.critical)
    # The started task's drawn duration is scaled to its remaining share (50 %).
    assert np.allclose(d[0], drawn[0] * 0.5)


def test_the_workbook_knows_the_same_constraint_codes() -> None:
    from pmokit.workbooks.model import CONSTRAINT_TYPES as WORKBOOK_CODES

    assert WORKBOOK_CODES == CONSTRAINT_TYPES


# --- Laws ------------------------------------------------------------------------------------------------

FIELDS = ("early_start", "early_finish", "late_start", "late_finish", "total_float",
          "free_float", "critical")


@settings(max_examples=80, deadline=None)
@given(networks(max_tasks=10))
def test_all_asap_and_no_progress_is_todays_schedule(
        net: tuple[list[str], list[float], list[list[Link]]]) -> None:
    """Law: with every task ASAP, no dates and no progress, the result is identical to the plain
    critical path, value for value."""
    ids, d, preds = net
    plain = cpm(ids, d, preds)
    pinned = cpm(ids, d, preds, Pins(constraint_types=["ASAP"] * len(ids),
                                     deadlines=[NAN] * len(ids),
                                     percent_complete=[0.0] * len(ids)))
    for name in FIELDS:
        assert np.array_equal(getattr(plain, name), getattr(pinned, name)), name
    assert plain.project_finish == pinned.project_finish


@settings(max_examples=80, deadline=None)
@given(networks(max_tasks=10), st.data())
def test_flexible_constraints_never_make_float_negative(
        net: tuple[list[str], list[float], list[list[Link]]], data: st.DataObject) -> None:
    """Law: SNET, FNET and ALAP only bound the forward pass, so total and free float stay ≥ 0,
    and each constrained task meets its date."""
    ids, d, preds = net
    k = len(ids)
    kinds, days = constraints(data, k, ["", "SNET", "FNET", "ALAP"])
    r = cpm(ids, d, preds, Pins(constraint_types=kinds, constraint_days=days))
    assert (r.total_float >= 0).all() and (r.free_float >= 0).all()
    for j, kind in enumerate(kinds):
        if kind == "SNET":
            assert r.early_start[j] >= days[j]
        if kind == "FNET":
            assert r.early_finish[j] >= days[j]
        if kind == "ALAP":
            assert r.early_start[j] == r.late_start[j] and r.critical[j]


@settings(max_examples=80, deadline=None)
@given(networks(max_tasks=10), st.data())
def test_a_deadline_never_moves_a_task(
        net: tuple[list[str], list[float], list[list[Link]]], data: st.DataObject) -> None:
    """Law: adding deadlines leaves every early date where it was; late dates only move earlier
    and no late finish passes a deadline."""
    ids, d, preds = net
    k = len(ids)
    kinds, days = constraints(data, k, ["", "SNET", "MSO", "FNLT", "ALAP"])
    lines = data.draw(st.lists(st.one_of(st.just(NAN), st.integers(0, 30).map(float)),
                               min_size=k, max_size=k))
    without = cpm(ids, d, preds, Pins(constraint_types=kinds, constraint_days=days))
    with_ = cpm(ids, d, preds, Pins(constraint_types=kinds, constraint_days=days,
                                    deadlines=lines))
    if "ALAP" not in kinds:  # an ALAP task sits at its late dates, which a deadline may pull
        assert np.array_equal(without.early_start, with_.early_start)
        assert np.array_equal(without.early_finish, with_.early_finish)
    assert (with_.late_finish <= without.late_finish + 1e-9).all()
    for j, line in enumerate(lines):
        if not math.isnan(line) and kinds[j] != "MFO":
            assert with_.late_finish[j] <= line + 1e-9


@settings(max_examples=80, deadline=None)
@given(networks(max_tasks=10), st.data())
def test_inflexible_constraints_are_honoured_and_a_completed_task_keeps_its_actuals(
        net: tuple[list[str], list[float], list[list[Link]]], data: st.DataObject) -> None:
    """Laws: a task with SNLT / FNLT / MSO / MFO meets its date whatever its links (Project
    honours constraint dates); a complete task's dates are its actual dates, it has no float and
    is not critical; a started task's finish is at least its remaining work after the status date."""
    ids, d, preds = net
    k = len(ids)
    kinds, days = constraints(data, k, ["", "SNLT", "FNLT", "MSO", "MFO"])
    state = data.draw(st.lists(st.sampled_from(["open", "done", "started"]), min_size=k,
                               max_size=k))
    starts = [data.draw(st.integers(0, 20).map(float)) if s != "open" else NAN for s in state]
    finishes = [starts[j] + data.draw(st.integers(1, 6)) if s == "done" else NAN
                for j, s in enumerate(state)]
    done_share = [0.5 if s == "started" else NAN for s in state]
    status = float(data.draw(st.integers(0, 25)))
    r = cpm(ids, d, preds, Pins(constraint_types=kinds, constraint_days=days,
                                actual_starts=starts, actual_finishes=finishes,
                                percent_complete=done_share, status=status))
    for j in range(k):
        if state[j] == "done" and d[j] > 0:
            assert (r.early_start[j], r.early_finish[j]) == (starts[j], finishes[j])
            assert r.total_float[j] == 0 and not r.critical[j]
        elif state[j] == "started" and d[j] > 0:
            assert r.early_start[j] == starts[j]
            assert r.early_finish[j] >= starts[j] + d[j] - 1e-9  # done half + remaining half
            if kinds[j] == "":  # Project does not reschedule a task with a date constraint
                assert r.early_finish[j] >= status + d[j] * 0.5 - 1e-9
        elif state[j] == "open":
            start, finish = r.early_start[j], r.early_finish[j]
            assert {"SNLT": start <= days[j], "FNLT": finish <= days[j] + 1e-9,
                    "MSO": start == days[j], "MFO": abs(finish - days[j]) < 1e-9,
                    "": True}[kinds[j]]
