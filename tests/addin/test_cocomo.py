"""COCOMO II.2000 post-architecture effort and schedule."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import cocomo
from pmokit.addin.errors import InputError


def test_all_nominal_exponent() -> None:
    # ../shared/DOMAIN.md and the Model Definition Manual (Table 10): all five scale factors
    # Nominal sum to 3.72 + 3.04 + 4.24 + 3.29 + 4.68 = 18.97, so E = 0.91 + 0.1897 = 1.0997.
    assert sum(row[2] or 0 for row in cocomo.SCALE_FACTORS.values()) == pytest.approx(18.97)
    assert cocomo.exponent() == pytest.approx(1.0997)


def test_100_ksloc_all_nominal() -> None:
    # 100 KSLOC, every driver Nominal: PM = 2.94 × 100^1.0997 = 2.94 × 10^2.1994 = 465.3
    # person-months (worked by hand with log tables: 10^0.1994 = 1.5825, × 100 × 2.94). Schedule:
    # F = 0.28 + 0.2 × 0.1897 = 0.31794; TDEV = 3.67 × 465.3^0.31794 = 3.67 × e^(0.31794 × 6.1427)
    # = 3.67 × 7.050 = 25.9 months.
    assert cocomo.effort(100) == pytest.approx(465.3, abs=0.05)
    assert cocomo.schedule(100) == pytest.approx(25.9, abs=0.05)


def test_ratings_as_words_abbreviations_and_numbers_agree() -> None:
    # RELY High = 1.10, CPLX Very High = 1.34 (Manual, Tables 17 and 19); PREC Low = 4.96.
    words = cocomo.effort(50, {"PREC": "Low"}, {"RELY": "High", "CPLX": "Very High"})
    short = cocomo.effort(50, {"prec": "l"}, {"rely": "H", "cplx": "VH"})
    numbers = cocomo.effort(50, {"PREC": 4.96}, {"RELY": 1.10, "CPLX": 1.34})
    by_hand = 2.94 * 50 ** (0.91 + 0.01 * (18.97 - 3.72 + 4.96)) * 1.10 * 1.34
    assert words == pytest.approx(by_hand)
    assert short == pytest.approx(by_hand)
    assert numbers == pytest.approx(by_hand)


def test_sced_compression_costs_effort_and_shortens_the_schedule() -> None:
    # SCED Very Low: effort × 1.43 (Table 37); schedule on the nominal effort, × 75% (Eq. 14).
    assert cocomo.effort(100, None, {"SCED": "VL"}) == pytest.approx(cocomo.effort(100) * 1.43)
    assert cocomo.schedule(100, None, {"SCED": "VL"}) == pytest.approx(
        cocomo.schedule(100) * 0.75)


def test_extra_high_scale_factors_give_diseconomy_free_exponent() -> None:
    # All scale factors Extra High are 0, so E = B = 0.91 and F = D = 0.28.
    best = {name: "Extra High" for name in cocomo.SCALE_FACTORS}
    assert cocomo.effort(10, best) == pytest.approx(2.94 * 10 ** 0.91)
    assert cocomo.schedule(10, best) == pytest.approx(3.67 * (2.94 * 10 ** 0.91) ** 0.28)


def test_blank_ratings_are_nominal() -> None:
    assert cocomo.effort(20, {"PREC": None}, {"RELY": ""}) == cocomo.effort(20)


@pytest.mark.parametrize(("sf", "em", "text"), [
    ({"PRECX": "High"}, None, "scale_factors: 'PRECX' is not one of PREC, FLEX"),
    (None, {"DATA": "Very Low"}, "effort_multipliers: DATA has no VL rating (it has L, N, H, VH)"),
    (None, {"RELY": "Huge"}, "effort_multipliers: RELY: 'Huge' is not a rating"),
    (None, {"RELY": -1}, "effort_multipliers: RELY: -1 is not a value of 0 or more"),
])
def test_bad_ratings_named(sf: dict[str, object] | None, em: dict[str, object] | None,
                           text: str) -> None:
    with pytest.raises(InputError) as caught:
        cocomo.effort(10, sf, em)
    assert str(caught.value).startswith(text)


def test_size_must_be_positive() -> None:
    with pytest.raises(InputError, match="ksloc: 0 is not a size above 0"):
        cocomo.effort(0)


@settings(max_examples=100)
@given(st.floats(0.1, 5000), st.floats(1.01, 3))
def test_diseconomy_of_scale(size: float, factor: float) -> None:
    """Law: with the nominal exponent above 1, a bigger system costs more effort per KSLOC,
    and takes longer."""
    small, large = cocomo.effort(size), cocomo.effort(size * factor)
    assert large / (size * factor) > small / size
    assert cocomo.schedule(size * factor) > cocomo.schedule(size)
    assert math.isfinite(large)
