"""Exact percentiles in two passes over blocks: the same numbers as NumPy on the whole rows."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import selection
from pmokit.addin.selection import StreamedPercentiles, order_statistics

RULES = ("linear", "weibull", "inverted_cdf")


def _streamed(data: np.ndarray, levels: list[float], rule: str, cuts: list[int],
              bins: int) -> np.ndarray:
    edges = [0, *sorted(set(c for c in cuts if 0 < c < data.shape[1])), data.shape[1]]
    picker = StreamedPercentiles(data.shape[0], data.shape[1], levels, rule, bins=bins)
    for a, b in zip(edges, edges[1:]):
        picker.count(data[:, a:b])
    for a, b in zip(edges, edges[1:]):
        picker.collect(data[:, a:b])
    return picker.result()


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 8), st.integers(1, 60), st.sampled_from(RULES),
       st.lists(st.floats(0, 1), min_size=1, max_size=4),
       st.lists(st.integers(1, 59), max_size=5), st.sampled_from([1, 2, 7, 256]),
       st.sampled_from(["continuous", "ties", "spike", "constant", "late"]), st.booleans(),
       st.integers(0, 2**32 - 1))
def test_streamed_percentiles_equal_numpy_bit_for_bit(rows: int, n: int, rule: str,
                                                      levels: list[float], cuts: list[int],
                                                      bins: int, kind: str, compiled: bool,
                                                      seed: int) -> None:
    """Law: whatever the rows (continuous, many ties, one value most of the time, constant, or
    constant at first and varying later), the block boundaries, the number of bins, the rule and
    the route (compiled loops or NumPy), the two-pass answer is NumPy's exactly."""
    if compiled and not selection.COMPILED:
        compiled = False
    old = selection.COMPILED
    selection.COMPILED = compiled
    try:
        _check_against_numpy(rows, n, rule, levels, cuts, bins, kind, seed)
    finally:
        selection.COMPILED = old


def _check_against_numpy(rows: int, n: int, rule: str, levels: list[float], cuts: list[int],
                         bins: int, kind: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = rng.normal(50, 10, (rows, n))
    if kind == "ties":
        data = np.round(data / 5) * 5
    elif kind == "spike":
        data[rng.random((rows, n)) < 0.7] = 40.0
    elif kind == "constant":
        data[:] = 12.5
    elif kind == "late":
        data[:, : n // 2] = 12.5
    expected = np.percentile(data, np.asarray(levels) * 100, axis=1, method=rule)
    got = _streamed(data, [x * 100 / 100 for x in levels], rule, cuts, bins)
    assert np.array_equal(got, expected)


def test_the_first_block_need_not_span_the_rows() -> None:
    """Values below and above the first block's range fall in the end bins and are still found."""
    data = np.concatenate([np.full((3, 5), 10.0), np.arange(300.0).reshape(3, 100)], axis=1)
    got = _streamed(data, [0.5, 0.8], "linear", [5, 50], 16)
    assert np.array_equal(got, np.percentile(data, [50, 80], axis=1))


def test_order_statistics_of_the_domain_example() -> None:
    """DOMAIN.md: on 4, 7, 9, 13, 15, 19, 21, 25, 28, 30 the 68th percentile is 21.48 (.INC),
    22.92 (.EXC) and 21 (@RISK): positions 6 and 7 (0-based) with weight 0.12, positions 6 and 7
    with weight 0.48, and position 6 alone."""
    for rule, (lower, upper, weight) in {"linear": (6, 7, 0.12), "weibull": (6, 7, 0.48),
                                         "inverted_cdf": (6, 6, 0.0)}.items():
        lo, up, gamma = order_statistics(10, [0.68], rule)
        assert (lo[0], up[0]) == (lower, upper) and gamma[0] == pytest.approx(weight)
    data = np.array([[4, 7, 9, 13, 15, 19, 21, 25, 28, 30]], dtype=float)
    for rule, answer in {"linear": 21.48, "weibull": 22.92, "inverted_cdf": 21.0}.items():
        assert _streamed(data, [0.68], rule, [3], 4)[0, 0] == pytest.approx(answer)
