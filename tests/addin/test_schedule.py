"""Critical path method: a textbook network, every link type with lags, and the laws of floats."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin.calendar import WorkCalendar
from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import Link
from pmokit.addin.schedule import as_dates, cpm, critical_path
from networks import networks

# Hillier & Lieberman, Introduction to Operations Research (McGraw-Hill, 7th ed. on), chapter
# "Project Management with PERT/CPM": the Reliable Construction Co. project, activities A–N with durations
# in weeks and immediate predecessors. The book states the project takes 44 weeks, the critical
# path is START→A→B→C→E→F→J→L→N→FINISH, and the slack (total float) of each activity is
# D 4, G 4, H 4, I 2, K 1, M 4 and 0 for the others.
RELIABLE_IDS = list("ABCDEFGHIJKLMN")
RELIABLE_WEEKS = [2, 4, 10, 6, 4, 5, 7, 9, 7, 8, 4, 5, 2, 6]
RELIABLE_PREDS = ["", "A", "B", "C", "C", "E", "D", "E,G", "C", "F,I", "J", "J", "H", "K,L"]
RELIABLE_SLACK = {"A": 0, "B": 0, "C": 0, "D": 4, "E": 0, "F": 0, "G": 4, "H": 4, "I": 2,
                  "J": 0, "K": 1, "L": 0, "M": 4, "N": 0}


def test_reliable_construction_textbook_answer() -> None:
    r = cpm(RELIABLE_IDS, RELIABLE_WEEKS, RELIABLE_PREDS)
    assert r.project_finish == 44
    assert critical_path(r) == list("ABCEFJLN")
    assert dict(zip(r.ids, r.total_float.tolist())) == RELIABLE_SLACK
    # The book's earliest start times, e.g. ES(H) = max(EF(E), EF(G)) = max(20, 29) = 29.
    es = dict(zip(r.ids, r.early_start.tolist()))
    assert (es["C"], es["H"], es["J"], es["N"]) == (6, 29, 25, 38)


def test_reliable_construction_free_float() -> None:
    # Free float is not tabulated in the book; derived by hand from its ES/EF: I finishes at 23
    # and J starts at 25 (2), K finishes at 37 and N starts at 38 (1), M finishes at 40 against
    # the project finish 44 (4); D, G and H each feed a successor that starts as they finish.
    r = cpm(RELIABLE_IDS, RELIABLE_WEEKS, RELIABLE_PREDS)
    free = {k: v for k, v in zip(r.ids, r.free_float.tolist()) if v}
    assert free == {"I": 2, "K": 1, "M": 4}


@pytest.mark.parametrize(("link", "b_start", "b_finish"), [
    # Hand-worked from ../shared/DOMAIN.md's rules, A lasting 5 days and B 3 days.
    (Link("A", "FS", 0), 5, 8),     # ES(B) ≥ EF(A)
    (Link("A", "FS", 2), 7, 10),    # ES(B) ≥ EF(A) + 2
    (Link("A", "FS", -2), 3, 6),    # a lead
    (Link("A", "SS", 2), 2, 5),     # ES(B) ≥ ES(A) + 2
    (Link("A", "FF", 1), 3, 6),     # EF(B) ≥ EF(A) + 1
    (Link("A", "FF", 0), 2, 5),
    (Link("A", "SF", 4), 1, 4),     # EF(B) ≥ ES(A) + 4
    (Link("A", "SF", 0), 0, 3),     # would start at −3: nothing starts before the project
])
def test_link_types_and_lags(link: Link, b_start: float, b_finish: float) -> None:
    r = cpm(["A", "B"], [5, 3], [[], [link]])
    assert (r.early_start[1], r.early_finish[1]) == (b_start, b_finish)
    assert r.project_finish == max(5, b_finish)


def test_backward_pass_through_ss_and_sf_links() -> None:
    # A(5) SS+2 → B(3), and C(10) in parallel sets the finish at 10. B may finish at 10, so start
    # at 7; A's start may slip to LS(B) − 2 = 5, so LF(A) = 10 and A has 5 days of total float.
    # Free float of A: B starts at 2 = ES(A) + 2, so 0.
    r = cpm(["A", "B", "C"], [5, 3, 10], ["", "A SS+2", ""])
    assert r.late_start.tolist() == [5, 7, 0]
    assert r.total_float.tolist() == [5, 5, 0]
    assert r.free_float.tolist() == [0, 5, 0]
    # SF: B(3) must finish at least 4 days after A(5) starts; C(10) sets the finish.
    r = cpm(["A", "B", "C"], [5, 3, 10], ["", "A SF+4", ""])
    assert r.late_finish.tolist() == [10, 10, 10]
    assert r.total_float.tolist() == [5, 6, 0]


def test_predecessors_as_text_with_types() -> None:
    r = cpm([1.0, 2.0, 3.0], [4, 2, 3], [None, "1SS+1", "1FF+2, 2"])
    assert r.ids == ["1", "2", "3"]
    assert r.early_start.tolist() == [0, 1, 3]
    assert r.project_finish == 6


def test_as_dates_finish_inclusive_and_milestones() -> None:
    # Monday 30 Nov 2026: A (2 days) runs Mon–Tue; B (4 days) Wed–Mon over the weekend;
    # the milestone after B shows on B's finish day, as Microsoft Project shows it.
    r = cpm(["A", "B", "M"], [2, 4, 0], ["", "A", "B"])
    d = as_dates(r, date(2026, 11, 30), WorkCalendar())
    assert d["early_start"] == [date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7)]
    assert d["early_finish"] == [date(2026, 12, 1), date(2026, 12, 7), date(2026, 12, 7)]
    holiday = as_dates(r, date(2026, 11, 30), WorkCalendar(holidays=[date(2026, 12, 3)]))
    assert holiday["early_finish"][1] == date(2026, 12, 8)


@pytest.mark.parametrize(("ids", "durations", "preds", "message"), [
    (["A", "B"], [1, 2], ["", "Z"], "predecessors row 2: unknown id 'Z'"),
    (["A", "B", "C"], [1, 2, 3], ["C", "A", "B"], "dependency cycle"),
    (["A", "A"], [1, 2], ["", ""], "ids row 2: 'A' is a duplicate of row 1"),
    (["A", ""], [1, 2], ["", ""], "ids row 2: is blank"),
    (["A", "B"], [1, -2], ["", ""], "durations row 2: -2 is negative"),
    (["A", "B"], [1, None], ["", ""], "durations row 2: is missing"),
    (["A", "B"], [1], ["", ""], "durations: has 1 rows but ids has 2"),
    (["A", "B"], [1, 2], ["", "A XX"], "predecessors row 2: unknown id 'A XX'"),
])
def test_bad_networks_say_where(ids: list[str], durations: list[object], preds: list[str],
                                message: str) -> None:
    with pytest.raises(InputError) as info:
        cpm(ids, durations, preds)
    assert message in str(info.value)


def test_cycle_message_names_every_id_in_it() -> None:
    with pytest.raises(InputError) as info:
        cpm(["A", "B", "C", "D"], [1, 1, 1, 1], ["", "A, D", "B", "C"])
    text = str(info.value)
    assert all(x in text for x in ("B", "C", "D")) and "'A'" not in text


def _earliest_by_relaxation(d: list[float], preds: list[list[Link]]) -> list[float]:
    """An independent oracle: relax every constraint until nothing moves (Bellman–Ford style)."""
    es = [0.0] * len(d)
    for _ in range(len(d) + 1):
        for j, links in enumerate(preds):
            for link in links:
                i = int(link.pred[1:])
                bound = {"FS": es[i] + d[i], "SS": es[i], "FF": es[i] + d[i] - d[j],
                         "SF": es[i] - d[j]}[link.kind] + link.lag
                es[j] = max(es[j], bound)
    return es


def _latest_by_relaxation(d: list[float], preds: list[list[Link]], finish: float) -> list[float]:
    """The same oracle backwards: late finishes start at the project finish and come down until
    every link holds."""
    lf = [finish] * len(d)
    for _ in range(len(d) + 1):
        for j, links in enumerate(preds):
            for link in links:
                i = int(link.pred[1:])
                bound = {"FS": lf[j] - d[j], "SS": lf[j] - d[j] + d[i], "FF": lf[j],
                         "SF": lf[j] + d[i]}[link.kind] - link.lag
                lf[i] = min(lf[i], bound)
    return lf


@settings(max_examples=80, deadline=None)
@given(networks())
def test_cpm_laws(net: tuple[list[str], list[float], list[list[Link]]]) -> None:
    """Laws: floats are never negative; free float never exceeds total float; the critical tasks
    have zero float and include one finishing at the project finish, which is the largest early
    finish; early starts are the least ones meeting every link and late finishes the greatest
    (an independent relaxation agrees with both); and the late dates meet every link too."""
    ids, d, preds = net
    r = cpm(ids, d, preds)
    assert (r.total_float >= 0).all() and (r.free_float >= 0).all()
    assert (r.free_float <= r.total_float + 1e-9).all()
    assert r.project_finish == r.early_finish.max()
    crit = critical_path(r)
    assert crit and all(r.total_float[ids.index(c)] == 0 for c in crit)
    assert any(r.early_finish[ids.index(c)] == r.project_finish for c in crit)
    assert np.allclose(r.early_start, _earliest_by_relaxation(d, preds))
    assert np.allclose(r.late_finish, _latest_by_relaxation(d, preds, r.project_finish))
    assert (r.late_finish <= r.project_finish + 1e-9).all() and (r.late_start >= -1e-9).all()
    for j, links in enumerate(preds):
        for link in links:
            i = ids.index(link.pred)
            for s, f in ((r.early_start, r.early_finish), (r.late_start, r.late_finish)):
                gap = {"FS": s[j] - f[i], "SS": s[j] - s[i], "FF": f[j] - f[i],
                       "SF": f[j] - s[i]}[link.kind] - link.lag
                assert gap >= -1e-9
