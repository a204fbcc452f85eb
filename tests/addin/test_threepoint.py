"""Three-point estimates: PERT mean and spreads, triangular moments, the PERT probability."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin.errors import InputError
from pmokit.addin.threepoint import (beta_pert_variance, check_three_point, pert_mean, pert_probability,
                              pert_sd, triangular_mean, triangular_variance)

# Wikipedia, "Program evaluation and review technique", section "Example": seven activities with
# optimistic / most likely / pessimistic times and their printed expected times (two decimals).
WIKI_O = [2, 3, 4, 4, 4, 3, 3]
WIKI_M = [4, 5, 5, 6, 5, 4, 5]
WIKI_P = [6, 9, 7, 10, 7, 8, 8]
WIKI_TE = [4.00, 5.33, 5.17, 6.33, 5.17, 4.50, 5.17]


def test_wikipedia_pert_expected_times() -> None:
    assert np.round(pert_mean(WIKI_O, WIKI_M, WIKI_P), 2).tolist() == WIKI_TE


def test_textbook_sd_and_beta_pert_variance_from_domain() -> None:
    # ../shared/DOMAIN.md: for 0/2/10 the Beta-PERT variance is 3.000 against the textbook
    # ((P − O)/6)² = 2.778; both have mean (0 + 8 + 10)/6 = 3.
    assert pert_mean(0, 2, 10)[0] == pytest.approx(3.0)
    assert pert_sd(0, 2, 10)[0] ** 2 == pytest.approx(2.778, abs=5e-4)
    assert beta_pert_variance(0, 2, 10)[0] == pytest.approx(3.000, abs=5e-4)


def test_triangular_moments_by_hand() -> None:
    # Wikipedia, "Triangular distribution": mean (a + b + c)/3, variance
    # (a² + b² + c² − ab − ac − bc)/18. For 0/2/10: 4 and (0 + 4 + 100 − 0 − 0 − 20)/18 = 84/18.
    assert triangular_mean(0, 2, 10)[0] == pytest.approx(4.0)
    assert triangular_variance(0, 2, 10)[0] == pytest.approx(84 / 18)


def test_pert_probability_one_sigma() -> None:
    # One task 0/3/6: mean 3, textbook sd 1; target 4 is one sd above: Φ(1) = 0.8413 (standard
    # normal table).
    assert pert_probability([0], [3], [6], 4) == pytest.approx(0.8413, abs=5e-5)


def test_pert_probability_sums_means_and_variances() -> None:
    # Two tasks 0/3/6 and 2/5/8 (sd 1 each): total mean 8, sd √2; target 8 + √2·1.96 gives the
    # table's 0.9750.
    assert pert_probability([0, 2], [3, 5], [6, 8], 8 + math.sqrt(2) * 1.96) == pytest.approx(
        0.9750, abs=5e-5)


def test_pert_probability_certain_tasks() -> None:
    assert pert_probability([5, 5], [5, 5], [5, 5], 10) == 1.0
    assert pert_probability([5, 5], [5, 5], [5, 5], 9.99) == 0.0


@pytest.mark.parametrize(("o", "m", "p", "argument", "row", "text"), [
    ([1, 12], [2, 10], [3, 14], "optimistic", 2, "12 is greater than most likely 10"),
    ([1, 2], [2, 9], [3, 8], "most_likely", 2, "9 is greater than pessimistic 8"),
    ([1, -1], [2, 2], [3, 3], "optimistic", 2, "-1 is negative"),
    ([1, 1, 1], [2, 2, float("nan")], [3, 3, 3], "most_likely", 3, "is missing"),
])
def test_bad_rows_are_named(o: list[float], m: list[float], p: list[float], argument: str,
                            row: int, text: str) -> None:
    with pytest.raises(InputError) as caught:
        check_three_point(o, m, p)
    assert caught.value.argument == argument
    assert caught.value.row == row
    assert str(caught.value) == f"{argument} row {row}: {text}"


def test_ranges_of_different_lengths() -> None:
    with pytest.raises(InputError, match="pessimistic: has 1 rows but optimistic has 2"):
        check_three_point([1, 2], [2, 3], [4])


def test_negative_lambda_refused() -> None:
    with pytest.raises(InputError, match="lambda"):
        beta_pert_variance(0, 1, 2, lam=-1)


three_points = st.tuples(st.floats(0, 1e6), st.floats(0, 1e6), st.floats(0, 1e6)).map(sorted)


@settings(max_examples=100)
@given(three_points)
def test_pert_mean_lies_within_o_and_p(opm: list[float]) -> None:
    """Law: the PERT mean of any valid estimate lies between optimistic and pessimistic."""
    o, m, p = opm
    mean = pert_mean(o, m, p)[0]
    assert o - 1e-9 * p <= mean <= p + 1e-9 * p


@settings(max_examples=100)
@given(three_points, st.floats(0.5, 10))
def test_beta_pert_variance_bounded_by_uniform(opm: list[float], lam: float) -> None:
    """Law: a Beta-PERT on [O, P] is never more spread than the uniform on [O, P]:
    0 ≤ variance ≤ (P − O)²/12 (λ = 0 is the uniform itself)."""
    o, m, p = opm
    var = beta_pert_variance(o, m, p, lam)[0]
    assert -1e-9 <= var <= (p - o) ** 2 / 12 * (1 + 1e-9) + 1e-9
