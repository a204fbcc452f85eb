"""Schedule risk analysis: the vectorised network pass against one CPM per iteration, merge bias,
criticality and stability."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import sampling, sra
from pmokit.addin.errors import InputError
from pmokit.addin.schedule import cpm
from pmokit.addin.sra import finish_percentile, simulate

# Hillier & Lieberman's Reliable Construction network (see test_schedule.py), with three-point
# estimates around the book's durations.
IDS = list("ABCDEFGHIJKLMN")
WEEKS = np.array([2, 4, 10, 6, 4, 5, 7, 9, 7, 8, 4, 5, 2, 6], dtype=float)
PREDS = ["", "A", "B", "C", "C", "E", "D", "E,G", "C", "F,I", "J", "J", "H", "K,L"]
LOW, HIGH = WEEKS * 0.8, WEEKS * 1.6


def test_constant_durations_give_the_cpm_answer() -> None:
    r = simulate(IDS, WEEKS, WEEKS, WEEKS, PREDS, 500, seed=1)
    assert (r.finish == 44).all() and r.deterministic_finish == 44
    critical = set("ABCEFJLN")
    assert r.criticality.tolist() == [1.0 if t in critical else 0.0 for t in IDS]
    assert r.task_p50.tolist() == cpm(IDS, WEEKS, PREDS).early_finish.tolist()


@pytest.mark.parametrize("block", [7, 1000])
def test_vectorised_pass_equals_one_cpm_per_iteration(block: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole-array pass must give exactly what the (textbook-checked) CPM gives on each
    iteration's durations: finish, criticality index, and per-task P50/P80 finish. A block of 7
    iterations exercises the block seams and a partial last block."""
    monkeypatch.setattr(sra, "BLOCK", block)
    n = 60
    preds = ["", "A SS+1", "B", "C FF+2", "C", "E", "D", "E,G", "C SF+3", "F,I", "J", "J", "H",
             "K,L"]
    r = simulate(IDS, LOW, WEEKS, HIGH, preds, n, seed=11)
    draws = sampling.sample_three_point(LOW, WEEKS, HIGH, n, seed=11)
    runs = [cpm(IDS, draws[i], preds) for i in range(n)]
    assert r.finish == pytest.approx([x.project_finish for x in runs], abs=1e-9)
    crit = np.mean([x.critical for x in runs], axis=0)
    assert r.criticality == pytest.approx(crit)
    ef = np.array([x.early_finish for x in runs]).T
    assert r.task_p50 == pytest.approx(np.percentile(ef, 50, axis=1))
    assert r.task_p80 == pytest.approx(np.percentile(ef, 80, axis=1))


@pytest.mark.parametrize("correlation", [0.0, 0.3])
def test_the_block_size_changes_no_answer(correlation: float,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Each block of iterations draws its own durations from the sampler (issue 12: memory
    # bounded by tasks × block); the answers are those of one block holding every iteration.
    whole = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 2000, seed=5, correlation=correlation)
    monkeypatch.setattr(sra, "BLOCK", 333)
    blocks = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 2000, seed=5, correlation=correlation)
    monkeypatch.setattr(sra, "BLOCK", 2000)
    one = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 2000, seed=5, correlation=correlation)
    for result in (blocks, one):
        assert result.finish.tobytes() == whole.finish.tobytes()
        assert result.task_p80.tobytes() == whole.task_p80.tobytes()
        assert result.criticality.tobytes() == whole.criticality.tobytes()


def test_finish_only_mode_gives_the_same_finish() -> None:
    full = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 2000, seed=5)
    quick = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 2000, seed=5, tasks=False)
    assert (quick.finish == full.finish).all()
    assert np.isnan(quick.criticality).all()


def test_merge_bias() -> None:
    """Two equal parallel paths into a milestone: the project waits for the later of the two, so
    the simulated mean finish exceeds both the deterministic finish (5 days on most-likely
    durations) and the mean of a single path (the PERT mean (2 + 4·5 + 14)/6 = 6)."""
    r = simulate(["A", "B", "M"], [2, 2, 0], [5, 5, 0], [14, 14, 0], ["", "", "A, B"], 10000,
                 seed=3)
    single = simulate(["A"], [2], [5], [14], [""], 10000, seed=3)
    assert r.deterministic_finish == 5
    assert single.finish.mean() == pytest.approx(6.0, abs=0.05)
    assert r.finish.mean() > single.finish.mean() + 0.5
    assert r.criticality[0] == pytest.approx(0.5, abs=0.03)
    assert r.criticality[0] + r.criticality[1] == pytest.approx(1.0)  # ties have probability 0
    assert r.criticality[2] == 1.0


def test_same_seed_same_answer_and_p80_stable_across_seeds() -> None:
    a = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 10000, seed=1, tasks=False)
    b = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 10000, seed=1, tasks=False)
    c = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 10000, seed=2, tasks=False)
    assert (a.finish == b.finish).all()
    p80a, p80c = finish_percentile(a, 0.8), finish_percentile(c, 0.8)
    assert abs(p80a - p80c) / p80a < 0.01


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=2, max_size=6, unique=True))
def test_finish_percentile_rises_with_confidence(qs: list[float]) -> None:
    """Law: a higher confidence never gives an earlier finish."""
    r = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 500, seed=9, tasks=False)
    values = [finish_percentile(r, q) for q in sorted(qs)]
    assert values == sorted(values)
    assert r.finish.min() <= values[0] and values[-1] <= r.finish.max()


def test_bad_input_names_argument_and_row() -> None:
    with pytest.raises(InputError, match="pessimistic: has 2 rows but ids has 3"):
        simulate(["A", "B", "C"], [1, 1, 1], [2, 2, 2], [3, 3], ["", "", ""], 10)
    with pytest.raises(InputError, match="predecessors row 2: unknown id 'Q'"):
        simulate(["A", "B"], [1, 1], [2, 2], [3, 3], ["", "Q"], 10)
    with pytest.raises(InputError, match="row 2"):
        simulate(["A", "B"], [1, 5], [2, 2], [3, 3], ["", "A"], 10)  # optimistic > most likely
    with pytest.raises(InputError, match="method: 'median' is not one of inc, exc, risk"):
        simulate(["A"], [1], [2], [3], [""], 10, method="median")


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=2**32 - 1))
def test_random_networks_match_cpm_per_iteration(k: int, seed: int) -> None:
    """Law: on any network (every link type, leads and lags) the whole-array pass gives each
    iteration exactly the CPM finish and critical set of that iteration's durations."""
    rng = np.random.default_rng(seed)
    ids = [f"T{i}" for i in range(k)]
    preds = [", ".join(f"T{i}{rng.choice(['FS', 'SS', 'FF', 'SF'])}{rng.integers(-2, 4):+d}"
                       for i in rng.choice(j, size=min(j, rng.integers(0, 3)), replace=False))
             for j in range(k)]
    o = rng.integers(0, 5, k).astype(float)
    m = o + rng.integers(0, 4, k)
    p = m + rng.integers(0, 6, k)
    old, sra.BLOCK = sra.BLOCK, 7
    try:
        r = simulate(ids, o, m, p, preds, 20, seed=seed)
    finally:
        sra.BLOCK = old
    draws = sampling.sample_three_point(o, m, p, 20, seed=seed)
    runs = [cpm(ids, draws[i], preds) for i in range(20)]
    assert r.finish == pytest.approx([x.project_finish for x in runs], abs=1e-9)
    assert r.criticality == pytest.approx(np.mean([x.critical for x in runs], axis=0))


def test_a_predecessor_can_finish_last() -> None:
    # B finishes at least 1 day before A (FF−1): the project ends when A does, at 4, not at B's 3.
    r = simulate(["A", "B"], [4, 1], [4, 1], [4, 1], ["", "A FF-1"], 50, seed=1)
    assert (r.finish == 4).all()
    assert r.criticality.tolist() == [1.0, 0.0]
