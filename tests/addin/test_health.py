"""The DCMA 14-point schedule assessment: each check on a hand-worked schedule, and its laws.

Definitions and thresholds: DCMA-EA PAM 200.1 (October 2012), section 4, as DOMAIN.md states them
("Schedule health: DCMA 14-point assessment"); Ron Winter, "DCMA 14-Point Schedule Assessment"
(2011) for the metric formulas (e.g. missing logic % = tasks missing logic / incomplete tasks);
DAU Acquipedia, "Critical Path Length Index (CPLI)": CPLI = (CPL + TF) / CPL, CPL in workdays
from time now to the milestone, TF its total float; AcqNotes, "Critical Path Length Index": a
critical path of 720 workdays with 60 workdays of negative float gives (720 − 60) / 720 = 0.917,
which the 0.95 threshold flags; the GAO Schedule Assessment Guide (GAO-16-89G) on thresholds as
starting points (hence configurable). Day numbers as in pmokit.addin.constraints: baseline and
actual starts at the start of their day, finishes and the status date at its end.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin.constraints import Pins
from pmokit.addin.health import NAMES, Check, Thresholds, assess
from pmokit.addin.predecessors import Link
from pmokit.addin.schedule import cpm
from networks import constraints, networks

NAN = math.nan


def _by_number(checks: list[Check]) -> dict[int, Check]:
    assert [c.number for c in checks] == list(range(1, 15))
    assert [c.name for c in checks] == list(NAMES)
    return {c.number: c for c in checks}


# The worked example. Status at the end of day 10.
#   A 5 d               baseline 0–5,  done 0–5
#   B 5 d  after A      baseline 5–9,  done 5–10 (a day late)
#   C 4 d  after A      baseline 5–9,  started day 6, 50 % (2 days left)
#   D 6 d  after B      baseline 9–15
#   E 3 d  after C      baseline 9–12
#   F milestone after D, E, baseline 15
# Forecast: C's 2 days run after the status date, 10–12; D 10–16; E 12–15; F at 16.
# Float: D and F 0; E's late finish is 16, so 1; C must end by E's late start 13: 1.
EX_IDS = ["A", "B", "C", "D", "E", "F"]
EX_DAYS = [5, 5, 4, 6, 3, 0]
EX_PREDS = ["", "A", "A", "B", "C", "D, E"]
EX_BASE_START = [0, 5, 5, 9, 9, 15]
EX_BASE_FINISH = [5, 9, 9, 15, 12, 15]
EX_PINS = Pins(actual_starts=[0, 5, 6, NAN, NAN, NAN], actual_finishes=[5, 10, NAN, NAN, NAN, NAN],
               percent_complete=[1, 1, 0.5, 0, 0, 0], status=10.0)
EX_RESOURCES = ["Ana", "Ben", "Ana", "Cy", "", ""]


def _example(**changes: object) -> dict[int, Check]:
    arguments: dict[str, object] = dict(pins=EX_PINS, baseline_starts=EX_BASE_START,
                                        baseline_finishes=EX_BASE_FINISH, resources=EX_RESOURCES)
    arguments.update(changes)
    return _by_number(assess(EX_IDS, EX_DAYS, EX_PREDS, **arguments))  # type: ignore[arg-type]


def test_the_worked_example_forecast() -> None:
    r = cpm(EX_IDS, EX_DAYS, EX_PREDS, EX_PINS)
    assert r.early_finish.tolist() == [5, 10, 12, 16, 15, 16]
    assert r.total_float.tolist() == [0, 0, 1, 0, 1, 0]


def test_cpli_and_bei_of_the_worked_example_by_hand() -> None:
    checks = _example()
    # CPLI: critical path length from the status date (10) to the forecast finish (16) = 6 days;
    # total float to the baseline finish (15) = 15 − 16 = −1; CPLI = (6 − 1) / 6 = 0.8333: fails.
    assert checks[13].metric == pytest.approx(5 / 6)
    assert checks[13].passed is False
    assert checks[13].failing == ["D", "F"]  # the incomplete tasks of the driving path
    # BEI: tasks due by the status date (baseline finish ≤ 10): A, B, C = 3; complete: A, B = 2;
    # BEI = 2 / 3 = 0.667: fails, C is the one not done.
    assert checks[14].metric == pytest.approx(2 / 3)
    assert (checks[14].passed, checks[14].failing) == (False, ["C"])
    # Missed tasks: of the same 3, B finished after its baseline (10 > 9) and C has not
    # finished: 2 / 3 > 5 %.
    assert (checks[11].metric, checks[11].failing) == (pytest.approx(2 / 3), ["B", "C"])


def test_the_other_checks_of_the_worked_example() -> None:
    checks = _example()
    # 1 Logic: incomplete tasks C, D, E, F; F has no successor: 1 / 4 = 25 %, fails.
    assert (checks[1].count, checks[1].population, checks[1].failing) == (1, 4, ["F"])
    assert checks[1].passed is False
    # 2–4: the links into incomplete tasks: A→C, B→D, C→E, D→F, E→F, all FS without lag.
    for n in (2, 3, 4):
        assert (checks[n].population, checks[n].unit, checks[n].passed) == (5, "links", True)
    assert checks[4].metric == 1.0
    # 5 no constraints, 6 no float over 44 days, 7 no negative float, 8 no baseline over 44.
    assert all(checks[n].passed and checks[n].metric == 0 for n in (5, 6, 7, 8))
    # 9: every forecast after the status date, every actual on or before it.
    assert checks[9].passed is True and checks[9].population == 6
    # 10: E (3 days) has no resource; F is a milestone. 1 of the 3 incomplete tasks of ≥ 1 day.
    assert (checks[10].failing, checks[10].population, checks[10].passed) == (["E"], 3, False)
    # 12: the driving path is F ← D ← B(done): 600 days added to D move the finish 600.
    assert checks[12].passed is True and checks[12].metric == 1.0


def test_acqnotes_cpli_example_fails() -> None:
    # AcqNotes / DAU: CPL 720 workdays with 60 workdays of negative float: CPLI 0.917, below
    # 0.95. One 720-day path from the project start (no status date: measured from the start)
    # and a baseline finish 60 days before the forecast.
    checks = _by_number(assess(["X"], [720], [""], baseline_finishes=[660.0]))
    assert round(checks[13].metric, 3) == 0.917
    assert checks[13].passed is False


def test_checks_without_their_data_are_not_assessed() -> None:
    checks = _by_number(assess(["A", "B"], [3, 2], ["", "A"]))
    for n in (9, 10, 11, 13, 14):
        assert checks[n].passed is None and math.isnan(checks[n].metric)
    assert checks[9].note == "needs status_date"
    assert checks[10].note == "needs resources"
    assert checks[11].note == "needs status_date and baseline_finishes"
    assert checks[13].note == "needs baseline_finishes"


def _chain(k: int) -> tuple[list[str], list[str]]:
    return [f"T{i}" for i in range(k)], [""] + [f"T{i - 1}" for i in range(1, k)]


def test_logic_threshold_five_percent_of_incomplete_tasks() -> None:
    # A chain of 40: only T0 (no predecessor) and T39 (no successor) lack logic: 2 / 40 = 5 %,
    # passes; a 41st task with no links makes 3 / 41 = 7.3 %, fails.
    ids, preds = _chain(40)
    assert _by_number(assess(ids, [1] * 40, preds))[1].passed is True
    checks = _by_number(assess(ids + ["loose"], [1] * 41, preds + [""]))
    assert checks[1].failing == ["T0", "T39", "loose"] and checks[1].passed is False


@pytest.mark.parametrize(("links", "leads", "lags", "types"), [
    # 20 links into incomplete tasks (a chain of 21). One lead: 1 / 20 = 5 % > 0 %, fails.
    ({5: "T4FS-1"}, (False, ["T5"]), (True, []), (True, [])),
    # One lag: 5 % ≤ 5 %, passes; two: 10 %, fails.
    ({5: "T4FS+2"}, (True, []), (True, ["T5"]), (True, [])),
    ({5: "T4FS+2", 9: "T8FS+1"}, (True, []), (False, ["T5", "T9"]), (True, [])),
    # Two SS links: FS share 18 / 20 = 90 %, passes; with an FF as well, 85 %, fails.
    ({5: "T4SS", 9: "T8SS"}, (True, []), (True, []), (True, ["T5", "T9"])),
    ({5: "T4SS", 9: "T8SS", 12: "T11FF"}, (True, []), (True, []),
     (False, ["T5", "T9", "T12"])),
])
def test_links_leads_lags_and_types_count_relationships(
        links: dict[int, str], leads: tuple[bool, list[str]], lags: tuple[bool, list[str]],
        types: tuple[bool, list[str]]) -> None:
    ids, preds = _chain(21)
    for j, text in links.items():
        preds[j] = text
    checks = _by_number(assess(ids, [2] * 21, preds))
    assert all(checks[n].population == 20 and checks[n].unit == "links" for n in (2, 3, 4))
    for n, expected in ((2, leads), (3, lags), (4, types)):
        assert (checks[n].passed, checks[n].failing) == expected, n


def test_hard_constraints_and_negative_float() -> None:
    # 20-task chain, T10 with FNLT day 15 that its links cannot meet (it would end at 22):
    # 1 hard constraint of 20 (5 %, passes); its negative float (−7) and its drivers' fail 7.
    # Two hard constraints (SNLT on T15 too) are 10 %: fails.
    ids, preds = _chain(20)
    types = [""] * 20
    days = [NAN] * 20
    types[10], days[10] = "FNLT", 15.0
    checks = _by_number(assess(ids, [2] * 20, preds, pins=Pins(types, days)))
    assert (checks[5].count, checks[5].passed) == (1, True)
    assert checks[7].passed is False and checks[7].failing == [f"T{i}" for i in range(11)]
    types[15], days[15] = "SNLT", 100.0
    assert _by_number(assess(ids, [2] * 20, preds, pins=Pins(types, days)))[5].passed is False


def test_high_float_and_high_duration_at_44_working_days() -> None:
    # A(50) with B(5) and C(6) in parallel: B's float 45 (> 44, fails), C's 44 (passes).
    # 1 of 3 is 33 % > 5 %. High duration: A's baseline 0–50 is 50 days (fails); B's baseline
    # 45 days (fails) though it is planned at 5; C has no baseline: its planned 6 days pass.
    checks = _by_number(assess(["A", "B", "C"], [50, 5, 6], ["", "", ""],
                               baseline_starts=[0, 0, NAN], baseline_finishes=[50, 45, NAN]))
    assert checks[6].failing == ["B"]
    assert checks[8].failing == ["A", "B"]
    limits = Thresholds(high_float_days=45.0, high_duration_days=50.0)
    relaxed = _by_number(assess(["A", "B", "C"], [50, 5, 6], ["", "", ""],
                                baseline_starts=[0, 0, NAN], baseline_finishes=[50, 45, NAN],
                                thresholds=limits))
    assert relaxed[6].failing == [] and relaxed[8].failing == []


def test_invalid_dates() -> None:
    # Status end of day 10. G started on day 12 (after the status date: invalid). H has an MSO
    # on day 4 and has not started: Project leaves constrained tasks where they are, so its
    # forecast start is in the past (invalid). I (ASAP, unstarted) moves after the status date.
    # J finished on day 11, after the status date (invalid).
    pins = Pins(constraint_types=["", "MSO", "", ""], constraint_days=[NAN, 4, NAN, NAN],
                actual_starts=[12, NAN, NAN, 9], actual_finishes=[NAN, NAN, NAN, 11],
                percent_complete=[0.5, 0, 0, 1], status=10.0)
    checks = _by_number(assess(["G", "H", "I", "J"], [4, 2, 3, 2], ["", "", "", ""], pins=pins))
    assert checks[9].failing == ["G", "H", "J"]


def test_task_types_leave_summary_and_level_of_effort_rows_out() -> None:
    checks = _by_number(assess(["S", "A", "L"], [10, 3, 10], ["", "", ""],
                               task_types=["Summary", "task", "LOE"]))
    assert checks[1].population == 1 and checks[1].failing == ["A"]


def test_critical_path_test_fails_where_a_constraint_breaks_the_path() -> None:
    # A(5) → B(5) with MFO day 10 on B, the last task: adding 600 days to A leaves B pinned at
    # day 10, so the finish does not move at all: the path is broken.
    pins = Pins(constraint_types=["", "MFO"], constraint_days=[NAN, 10.0])
    checks = _by_number(assess(["A", "B"], [5, 5], ["", "A"], pins=pins))
    assert checks[12].passed is False and checks[12].failing == ["A"]
    assert checks[12].metric == 0.0
    # A(5) → B(5) MSO day 5 → C(5): the MSO holds B, so A's slip never reaches C.
    held = Pins(constraint_types=["", "MSO", ""], constraint_days=[NAN, 5.0, NAN])
    assert _by_number(assess(["A", "B", "C"], [5, 5, 5], ["", "A", "B"],
                             pins=held))[12].passed is False
    # A lenient SNET on B (day 2) does not: the path A → B → C passes.
    soft = Pins(constraint_types=["", "SNET", ""], constraint_days=[NAN, 2.0, NAN])
    assert _by_number(assess(["A", "B", "C"], [5, 5, 5], ["", "A", "B"],
                             pins=soft))[12].passed is True


def test_thresholds_are_configurable() -> None:
    checks = _example(thresholds=Thresholds(logic=0.25, bei=0.6, cpli=0.8))
    assert checks[1].passed and checks[14].passed and checks[13].passed


# --- Laws ---------------------------------------------------------------------------------------

@st.composite
def passing_schedules(draw: st.DrawFn) -> dict[str, object]:
    """A schedule that passes all 14 checks: a chain of 40–50 FS-linked tasks (extra FS links
    from earlier tasks allowed), each with a resource, baselined at its planned dates, progressed
    exactly to plan at a status date part-way."""
    k = draw(st.integers(40, 50))
    ids = [f"T{i}" for i in range(k)]
    d = [float(draw(st.integers(1, 10))) for _ in range(k)]
    preds: list[list[Link]] = [[]]
    for j in range(1, k):
        extra = draw(st.lists(st.integers(0, j - 1), max_size=2, unique=True))
        preds.append([Link(f"T{i}", "FS") for i in sorted({j - 1, *extra})])
    plain = cpm(ids, d, preds)
    es, ef = plain.early_start, plain.early_finish
    # Status part-way, early enough that at least 20 tasks remain: the last task's missing
    # successor is then at most 1 / 20 = 5 % of the incomplete tasks.
    status = float(draw(st.integers(int(ef[0]), int(ef[k // 2 - 1]))))
    starts = [es[j] if es[j] < status else NAN for j in range(k)]
    finishes = [ef[j] if ef[j] <= status else NAN for j in range(k)]
    done = [1.0 if ef[j] <= status else (status - es[j]) / d[j] if es[j] < status else 0.0
            for j in range(k)]
    return dict(ids=ids, durations=d, predecessors=preds,
                pins=Pins(actual_starts=starts, actual_finishes=finishes, percent_complete=done,
                          status=status),
                baseline_starts=list(es), baseline_finishes=list(ef), resources=["R"] * k)


def _renamed(schedule: dict[str, object], old: str, new: str) -> dict[str, object]:
    out = dict(schedule)
    out["ids"] = [new if x == old else x for x in schedule["ids"]]  # type: ignore[attr-defined]
    out["predecessors"] = [[Link(new if link.pred == old else link.pred, link.kind, link.lag)
                            for link in links]
                           for links in schedule["predecessors"]]  # type: ignore[attr-defined]
    return out


def _run(schedule: dict[str, object]) -> list[Check]:
    s = dict(schedule)
    return assess(s.pop("ids"), s.pop("durations"), s.pop("predecessors"),  # type: ignore[arg-type]
                  **s)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(passing_schedules(), st.data())
def test_a_passing_schedule_stays_passing_when_a_task_is_renamed(
        schedule: dict[str, object], data: st.DataObject) -> None:
    """Law: a schedule that passes all 14 checks still passes every one when any task is renamed
    (ids are labels; nothing in the assessment depends on them)."""
    checks = _run(schedule)
    assert all(c.passed for c in checks), [(c.number, c.metric, c.note) for c in checks
                                           if not c.passed]
    ids: list[str] = schedule["ids"]  # type: ignore[assignment]
    old = data.draw(st.sampled_from(ids))
    new = data.draw(st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ_", min_size=1, max_size=6)
                    .filter(lambda x: x not in ids))
    assert all(c.passed for c in _run(_renamed(schedule, old, new)))


@settings(max_examples=60, deadline=None)
@given(networks(max_tasks=12), st.data())
def test_every_result_is_the_same_under_renaming(
        net: tuple[list[str], list[float], list[list[Link]]], data: st.DataObject) -> None:
    """Law: for any schedule, renaming a task changes no metric, count or verdict, and its failing
    id is reported under its new name."""
    ids, d, preds = net
    k = len(ids)
    types, days = constraints(data, k, ["", "SNET", "MSO", "FNLT"], latest=40)
    base = data.draw(st.lists(st.integers(0, 60).map(float), min_size=k, max_size=k))
    schedule: dict[str, object] = dict(
        ids=ids, durations=d, predecessors=preds, pins=Pins(types, days, status=10.0),
        baseline_starts=[0.0] * k, baseline_finishes=base, resources=["R", ""] * k)
    schedule["resources"] = (["R", ""] * k)[:k]
    old = data.draw(st.sampled_from(ids))
    before, after = _run(schedule), _run(_renamed(schedule, old, "renamed"))
    for a, b in zip(before, after):
        assert (a.passed, a.count, a.population) == (b.passed, b.count, b.population)
        assert a.metric == b.metric or (math.isnan(a.metric) and math.isnan(b.metric))
        assert [("renamed" if x == old else x) for x in a.failing] == b.failing


def test_failing_ids_map_back_to_rows() -> None:
    # The result gives ids, so a caller (pmokit validate, the plan) can point at the rows.
    checks = _example()
    rows = {task: row for row, task in enumerate(EX_IDS, start=2)}
    assert [rows[t] for t in checks[11].failing] == [3, 4]
    assert all(t in rows for c in checks.values() for t in c.failing)
