"""Earned value, earned schedule, variance and RAG."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin.errors import InputError
from pmokit.addin.evm import EVM_METRICS, earned_schedule, evm, rag, variance

# Rita Mulcahy, PMP Exam Prep, p. 210, the four-sided fence (quoted in "Earned Value Exercise",
# studylib.net/doc/5898152): each side a day and $1,000, BAC $4,000; at the end of day 3,
# PV $3,000, EV $2,500, AC $2,800. Published answers: CV −300, CPI .893, SV −500, SPI .833,
# EAC 4,479, ETC 1,679, VAC −479. The book divides by the rounded CPI .893 (4,000 / .893 =
# 4,479.3); exactly, CPI = 25/28 and EAC = 4,480, so those three are compared within the error
# that rounding CPI to three decimals makes (BAC / CPI² × 0.0005 ≈ 2.5).
FENCE = {"bac": 4000.0, "pv": 3000.0, "ev": 2500.0, "ac": 2800.0}


def test_fence_example_published_figures() -> None:
    m = {k: float(v[0]) for k, v in evm(**FENCE).items()}
    assert m["CV"] == -300
    assert m["SV"] == -500
    assert round(m["CPI"], 3) == 0.893
    assert round(m["SPI"], 3) == 0.833
    assert round(4000 / round(m["CPI"], 3)) == 4479  # the book's own arithmetic
    assert abs(m["EAC"] - 4479) < 2.5
    assert abs(m["ETC"] - 1679) < 2.5
    assert abs(m["VAC"] - -479) < 2.5


def test_fence_example_other_forecasts_by_hand() -> None:
    # Worked by hand from DOMAIN.md's formulas: AC + BAC − EV = 2,800 + 1,500 = 4,300;
    # CPI × SPI = (25/28)(5/6) = 125/168, so AC + 1,500 × 168/125 = 2,800 + 2,016 = 4,816;
    # TCPI to BAC = 1,500 / 1,200 = 1.25; TCPI to EAC = 1,500 / (4,480 − 2,800) = 0.892857…
    m = {k: float(v[0]) for k, v in evm(**FENCE).items()}
    assert m["EAC_BUDGET"] == 4300
    assert m["EAC_COMPOSITE"] == pytest.approx(4816)
    assert m["TCPI_BAC"] == 1.25
    assert m["TCPI_EAC"] == pytest.approx(1500 / 1680)
    assert m["CV_PCT"] == pytest.approx(-300 / 2500)
    assert m["SV_PCT"] == pytest.approx(-500 / 3000)


def test_metrics_order_and_labels() -> None:
    assert list(evm(**FENCE)) == list(EVM_METRICS)
    assert EVM_METRICS["CV_PCT"] == "CV%" and EVM_METRICS["EAC"] == "EAC (BAC/CPI)"


def test_per_row_with_a_single_bac() -> None:
    m = evm(1000, [100, 200, 0], [80, 200, 0], [100, 250, 0])
    assert m["CPI"][:2].tolist() == [0.8, 0.8]
    assert m["SPI"][:2].tolist() == [0.8, 1.0]


def test_zero_divisors_are_div0_nan() -> None:
    m = evm(1000, 0, 0, 0)
    for key in ("CPI", "SPI", "CV_PCT", "SV_PCT", "EAC", "ETC", "VAC", "TCPI_EAC",
                "EAC_COMPOSITE"):
        assert math.isnan(m[key][0]), key
    assert m["TCPI_BAC"][0] == 1.0
    assert math.isnan(evm(1000, 500, 500, 1000)["TCPI_BAC"][0])  # BAC − AC = 0


def test_bad_rows_are_named() -> None:
    with pytest.raises(InputError, match="ac row 2: is missing"):
        evm(1000, [1, 2], [1, 2], [1, None])
    with pytest.raises(InputError, match="ev: has 3 rows but pv has 2"):
        evm(1000, [1, 2], [1, 2, 3], [1, 2])


@settings(max_examples=80, deadline=None)
@given(st.floats(1, 1e7), st.floats(0.01, 1), st.floats(0.01, 1), st.floats(0.1, 3))
def test_eac_forms_agree_when_on_plan(bac: float, done: float, spent_ratio: float,
                                      cpi: float) -> None:
    """Laws: EAC = AC + ETC and VAC = BAC − EAC always; with CPI = 1 the BAC/CPI and
    AC + BAC − EV forecasts are both BAC."""
    ev = bac * done
    m = evm(bac, ev / spent_ratio if spent_ratio else ev, ev, ev / cpi)
    assert m["EAC"][0] == pytest.approx(m["ETC"][0] + ev / cpi)
    assert m["VAC"][0] == pytest.approx(bac - m["EAC"][0])
    on_plan = evm(bac, ev, ev, ev)
    if ev > 0:
        assert on_plan["EAC"][0] == pytest.approx(bac)
    assert on_plan["EAC_BUDGET"][0] == pytest.approx(bac)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*[st.sampled_from([0.0, 1.0, 250.0, 1e-3, 4000.0, -50.0])] * 4),
                min_size=1, max_size=4),
       st.sampled_from(list(EVM_METRICS)))
def test_one_metric_asked_for_is_the_one_in_the_whole_table(
        rows: list[tuple[float, float, float, float]], code: str) -> None:
    """Law: asking for one metric (what a cell showing CPI per row does) gives exactly the
    number the whole table gives, zero divisors (NaN) included."""
    columns = [list(column) for column in zip(*rows)]
    whole = evm(*columns)
    alone = evm(*columns, metrics=[code])
    assert list(alone) == [code]
    np.testing.assert_array_equal(alone[code], whole[code])


# Lipke, "Schedule is Different", The Measurable News, March 2003, Figure 1: the status is the
# end of July (AT = 7 months) and EV has passed the planned value of May but not of June, so
# ES = 5 + (EV − PV(May)) / (PV(June) − PV(May)). The paper draws it without numbers; the
# cumulative PV below is ours, and ES is worked by hand: 5 + (520 − 450) / (590 − 450) = 5.5.
MONTH_ENDS = [date(2026, m, 28) for m in range(1, 13)]
CUM_PV = [50, 120, 210, 320, 450, 590, 720, 830, 920, 980, 995, 1000.0]


def test_lipke_figure_1_example() -> None:
    r = earned_schedule(MONTH_ENDS, CUM_PV, 520.0, date(2026, 7, 28))
    assert r["ES"] == pytest.approx(5.5)
    assert r["AT"] == 7
    assert r["SV_T"] == pytest.approx(-1.5)
    assert r["SPI_T"] == pytest.approx(5.5 / 7)
    assert r["IEAC_T"] == pytest.approx(12 / (5.5 / 7))  # planned duration 12 months / SPI(t)


def test_late_project_spi_t_does_not_drift_back_to_one() -> None:
    # Lipke 2003's central point: a project planned for 12 months and finished at month 15 ends
    # with EV = PV = BAC, so SPI = 1.00, while SPI(t) = 12 / 15 = 0.80 and IEAC(t) = 15 months.
    ends = MONTH_ENDS + [date(2027, m, 28) for m in (1, 2, 3)]
    pv = CUM_PV + [1000.0, 1000.0, 1000.0]
    r = earned_schedule(ends, pv, 1000.0, date(2027, 3, 28), ac=1100.0, bac=1000.0)
    assert evm(1000, 1000, 1000, 1100)["SPI"][0] == 1.0
    assert r["ES"] == 12  # the month in which PV first reached 1,000
    assert r["AT"] == 15
    assert r["SPI_T"] == pytest.approx(0.8)
    assert r["IEAC_T"] == pytest.approx(15.0)  # planned 12 months (not the 15 rows) / 0.8
    assert r["EAC"] == pytest.approx(1100.0)


def test_earned_schedule_checks_its_inputs() -> None:
    with pytest.raises(InputError, match="cumulative_pv row 3"):
        earned_schedule(MONTH_ENDS[:3], [10, 20, 15], 5, date(2026, 3, 1))
    with pytest.raises(InputError, match="period_ends row 2"):
        earned_schedule([date(2026, 2, 1), date(2026, 1, 1)], [1, 2], 1, date(2026, 3, 1))
    assert math.isnan(earned_schedule(MONTH_ENDS, CUM_PV, 0.0, date(2025, 12, 1))["SPI_T"])


def test_variance_and_percent() -> None:
    v, pct = variance([100, 50, 0], [120, 40, 5])
    assert v.tolist() == [20, -10, 5]
    assert pct[:2].tolist() == [0.2, -0.2] and math.isnan(pct[2])


def test_rag_default_thresholds_are_inclusive() -> None:
    assert rag([1.0, 0.95, 0.9499, 0.85, 0.8499]) == ["Green", "Green", "Amber", "Amber", "Red"]
    assert rag([0.04, 0.05, 0.1, 0.11], 0.05, 0.1, higher_is_better=False) == [
        "Green", "Green", "Amber", "Red"]
    assert rag(float("nan")) == [""]
    with pytest.raises(InputError, match="amber"):
        rag(1.0, 0.8, 0.9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=1, max_size=20))
def test_rag_is_monotone(values: list[float]) -> None:
    """Law: a higher value (when higher is better) never gets a worse colour."""
    rank = {"Red": 0, "Amber": 1, "Green": 2}
    ordered = sorted(values)
    colours = [rank[c] for c in rag(np.array(ordered))]
    assert colours == sorted(colours)


def test_earned_schedule_counts_a_reached_flat_stretch_of_plan() -> None:
    """Lipke 2003: C is the number of whole periods for which PV(C) ≤ EV. A plan that pauses
    (PV 10, 20, 20, 20, 30) and a project that earned exactly 20 by the end of period 4 has
    C = 4, ES = 4 = AT: on time, SV(t) = 0, SPI(t) = 1 — not one pause behind."""
    ends = [date(2026, m, 28) for m in range(1, 6)]
    out = earned_schedule(ends, [10, 20, 20, 20, 30], 20, date(2026, 4, 28))
    assert out["ES"] == 4.0
    assert out["AT"] == 4.0
    assert out["SV_T"] == 0.0 and out["SPI_T"] == 1.0
    # Earning 25 lies half-way through the fifth period's rise from 20 to 30.
    assert earned_schedule(ends, [10, 20, 20, 20, 30], 25, date(2026, 4, 28))["ES"] == 4.5
