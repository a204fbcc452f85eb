"""Risk register: probability bands, score, EMV, Monte Carlo reserve."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import montecarlo, risk
from pmokit.addin.errors import InputError


def test_probability_bands_centred_on_the_pmbok_scale() -> None:
    # PMBOK Guide probability scale .10 / .30 / .50 / .70 / .90 → bands 1–5, edges halfway.
    assert risk.probability_rating([0.10, 0.30, 0.50, 0.70, 0.90]).tolist() == [1, 2, 3, 4, 5]
    assert risk.probability_rating([0.0, 0.199, 0.2, 0.799, 0.8, 1.0]).tolist() == [
        1, 1, 2, 4, 5, 5]


def test_score_and_emv() -> None:
    # Score = band × impact: a 70% risk (band 4) of impact 5 scores 20. EMV = p × cost: a 10%
    # chance of losing $100,000 is −$10,000 (PMBOK Guide's EMV rule).
    assert risk.risk_score(risk.probability_rating([0.7]), [5]).tolist() == [20]
    assert risk.emv([0.1, 0.5], [-100_000, 2_000]).tolist() == [-10_000, 1_000]


@pytest.mark.parametrize(("call", "text"), [
    (lambda: risk.probability_rating([0.5, 30]), "probability row 2: 30 is not between 0 and 1"),
    (lambda: risk.risk_score([1, 2], [3, 6]), "impact row 2: 6 is not on the 1–5 scale"),
    (lambda: risk.emv([0.5, 0.1], [10]), "impact_cost: has 1 rows but probability has 2"),
    (lambda: risk.reserve([0.5], [10], [5], [20], 0.8),
     "min_impacts row 1: 10 is greater than most likely 5"),
    (lambda: risk.reserve([0.5, 0.2], [1], [5], [20], 0.8),
     "min_impacts: has 1 rows but probabilities has 2"),
])
def test_bad_input_named(call: object, text: str) -> None:
    with pytest.raises(InputError) as caught:
        call()  # type: ignore[operator]
    assert str(caught.value).startswith(text)


def test_single_certain_cost_risk() -> None:
    # One risk, 30% likely, costing exactly 50: 70% of futures cost 0, 30% cost 50. Latin
    # hypercube puts exactly 30% of iterations in the "occurs" stratum, so P60 = 0, P80 = 50.
    assert risk.reserve([0.3], [50], [50], [50], 0.6, seed=1) == 0
    assert risk.reserve([0.3], [50], [50], [50], 0.8, seed=1) == 50


def test_certain_risks_are_the_monte_carlo_total() -> None:
    # Probability 1 everywhere: the reserve is the total of the impacts' Beta-PERT draws; its
    # mean must be the sum of PERT means (10·4 + 30 + 60)/6 + (0 + 20 + 40)/6 = 21.67 + 10.
    low, likely, high = [10, 0], [15, 5], [25, 20]
    reserve = risk.reserve([1, 1], low, likely, high, 0.5, 20_000, seed=3)
    direct = montecarlo.mc_percentile(low, likely, high, 0.5, 20_000, seed=4)
    assert reserve == pytest.approx(direct, rel=0.01)


def test_reserve_mean_is_the_sum_of_emvs() -> None:
    # E[total] = Σ p × PERT mean: 0.5 × 20 + 0.2 × 10 + 0.9 × 5 = 16.5 (each PERT mean by hand:
    # (10 + 4·20 + 30)/6 = 20, (0 + 4·8 + 28)/6 = 10, (2 + 4·5 + 8)/6 = 5).
    probs = [0.5, 0.2, 0.9]
    mean_by_q = np.mean([risk.reserve(probs, [10, 0, 2], [20, 8, 5], [30, 28, 8], q,
                                      20_000, seed=2) for q in np.linspace(0.0025, 0.9975, 200)])
    assert mean_by_q == pytest.approx(16.5, rel=0.01)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=6), st.floats(0, 1), st.floats(0, 1))
def test_reserve_rises_with_confidence(probs: list[float], q1: float, q2: float) -> None:
    """Law: for the same seed, a higher confidence never needs a smaller reserve."""
    k = len(probs)
    low, high = sorted((q1, q2))
    args = (probs, [1.0] * k, [2.0] * k, [5.0] * k)
    assert risk.reserve(*args, low, 400, seed=1) <= risk.reserve(*args, high, 400, seed=1)
