"""Risk events on a schedule: the register read into events, and each risk's own random numbers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import riskevents
from pmokit.addin.errors import InputError
from pmokit.addin.riskevents import RiskEvent

TASKS = ["T1", "T2", "T3", "4"]


def _event(key: str, p: float = 0.3, low: float = 2, likely: float = 5, high: float = 12,
           tasks: tuple[int, ...] = (0,)) -> RiskEvent:
    return RiskEvent(key, p, low, likely, high, tasks)


def test_register_reads_task_lists_and_mitigation() -> None:
    events = riskevents.register(TASKS, ["1", "2"], [0.3, 0.5], [2, 0], [5, 1], [12, 3],
                                 ["T1, T3", "4; T1 , T1"], [0.1, None], [2.5, None])
    assert events[0] == RiskEvent("1", 0.3, 2, 5, 12, (0, 2), 0.1, 2.5)
    assert events[1].tasks == (3, 0)  # each task once, in the order named; 4 matches id "4"
    mitigated = events[0].mitigated()
    # Min and max scale with the likely: 5 → 2.5 halves them.
    assert (mitigated.probability, mitigated.low, mitigated.likely, mitigated.high) == (
        0.1, 1.0, 2.5, 6.0)
    assert events[1].mitigated() == RiskEvent("2", 0.5, 0, 1, 3, (3, 0))  # nothing given


@pytest.mark.parametrize(("column", "value", "message"), [
    ("tasks", "T1, T9", "risk_tasks row 2: unknown task id 'T9' (no task has it)"),
    ("tasks", " ", "risk_tasks row 2: is blank: name the task ids the risk delays"),
    ("p", 1.2, "risk_probabilities row 2: 1.2 is not between 0 and 1"),
    ("p", float("nan"), "risk_probabilities row 2: is missing"),
    ("low", 6, "risk_min_days row 2: 6 is greater than the likely 5"),
    ("high", 4, "risk_likely_days row 2: 5 is greater than the max 4"),
    ("low", -1, "risk_min_days row 2: -1 is negative"),
    ("after", 2, "mitigated_likely_days row 2: 2 cannot scale a likely of 0 days"),
])
def test_bad_register_rows_name_the_argument_and_row(column: str, value: object,
                                                     message: str) -> None:
    rows = {"p": [0.3, 0.3], "low": [0, 2], "likely": [0, 5], "high": [1, 12],
            "tasks": ["T1", "T2"], "after": [0, None]}
    if column == "after":
        rows["likely"], rows["low"] = [0, 0], [0, 0]
    rows[column][1] = value  # type: ignore[index]
    with pytest.raises(InputError, match=re.escape(message)):
        riskevents.register(TASKS, ["1", "2"], rows["p"], rows["low"], rows["likely"],
                            rows["high"], rows["tasks"], None, rows["after"])


def test_a_risk_occurs_in_its_share_of_iterations_and_adds_pert_days() -> None:
    """Latin hypercube chance draws: a 30% risk occurs in 3,000 of 10,000 iterations to within
    one; its days are Beta-PERT(2, 5, 12), mean (2 + 4·5 + 12)/6 = 5.667."""
    draws = riskevents.draw([_event("R1")], 10000, seed=4)
    occurs = draws.chance[0] < 0.3
    assert abs(int(occurs.sum()) - 3000) <= 1
    assert draws.days[0].mean() == pytest.approx(34 / 6, abs=0.01)
    assert draws.days.min() >= 2 and draws.days.max() <= 12
    added = draws.added(np.array([0.3]), np.array([1.0]), slice(0, 10000))[0]
    assert (added[~occurs] == 0).all() and (added[occurs] == draws.days[0][occurs]).all()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=5, unique=True),
       st.integers(0, 2**32 - 1), st.data())
def test_a_risks_draws_depend_only_on_the_seed_and_its_key(keys: list[str], seed: int,
                                                           data: st.DataObject) -> None:
    """Law (common random numbers): a risk's chance and days are the same whichever other risks
    are drawn with it, and in whatever order."""
    alone = {key: riskevents.draw([_event(key)], 300, seed) for key in keys}
    order = data.draw(st.permutations(keys))
    together = riskevents.draw([_event(key) for key in order], 300, seed)
    for row, key in enumerate(order):
        assert np.array_equal(together.chance[row], alone[key].chance[0])
        assert np.array_equal(together.days[row], alone[key].days[0])


def test_different_keys_and_seeds_draw_different_numbers() -> None:
    a, b = riskevents.draw([_event("R1"), _event("R2")], 1000, seed=1).chance
    c = riskevents.draw([_event("R1")], 1000, seed=2).chance[0]
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.1 and abs(np.corrcoef(a, c)[0, 1]) < 0.1


def test_mitigation_scales_each_iterations_days() -> None:
    """The mitigated risk occurs when its chance is below the new probability and adds the
    factor (likely after ÷ likely before) times the days it would have added."""
    risk = RiskEvent("R1", 0.4, 2, 5, 12, (0,), 0.25, 2.0)
    draws = riskevents.draw([risk], 2000, seed=9)
    before = draws.added(np.array([0.4]), np.array([1.0]), slice(None))[0]
    after = draws.added(np.array([0.25]), np.array([risk.mitigation_factor]), slice(None))[0]
    assert risk.mitigation_factor == 0.4
    assert np.allclose(after, np.where(after > 0, 0.4 * before, 0.0), rtol=1e-12, atol=0)
    assert (after <= before).all() and (after > 0).sum() < (before > 0).sum()
