"""Schedule risk analysis: the vectorised network pass against one CPM per iteration, merge bias,
criticality and stability; risk events, the risk ranking, sensitivity and cruciality."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from pmokit.addin import riskdrivers, sampling, sra
from pmokit.addin.errors import InputError
from pmokit.addin.riskevents import RiskEvent
from pmokit.addin.constraints import Pins
from pmokit.addin.schedule import Network, build_network, constrain, cpm, schedule_network
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


def _random_network(rng: np.random.Generator, k: int) -> tuple[list[str], list[str], np.ndarray, np.ndarray,
                                                              np.ndarray]:
    """k tasks, each linked to up to two earlier ones by any link type with a lead or lag, and
    whole-day three-point estimates (O ≤ M ≤ P)."""
    ids = [f"T{i}" for i in range(k)]
    preds = [", ".join(f"T{i}{rng.choice(['FS', 'SS', 'FF', 'SF'])}{rng.integers(-2, 4):+d}"
                       for i in rng.choice(j, size=min(j, rng.integers(0, 3)), replace=False))
             for j in range(k)]
    o = rng.integers(0, 5, k).astype(float)
    m = o + rng.integers(0, 4, k)
    p = m + rng.integers(0, 6, k)
    return ids, preds, o, m, p


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=2**32 - 1))
def test_random_networks_match_cpm_per_iteration(k: int, seed: int) -> None:
    """Law: on any network (every link type, leads and lags) the whole-array pass gives each
    iteration exactly the CPM finish and critical set of that iteration's durations."""
    rng = np.random.default_rng(seed)
    ids, preds, o, m, p = _random_network(rng, k)
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


# --- Risk events (issue 12) --------------------------------------------------------------------
# A hand-worked two-path network: A (10 days, fixed) and B in parallel, both into the finish
# milestone M. B alone never reaches 10, so without risks the finish is always 10.
TWO_PATHS = (["A", "B", "M"], ["", "", "A, B"])


def test_two_paths_and_one_certain_sized_risk_by_counting() -> None:
    """Risk R (30%, exactly 5 days) hits B (8 days): in the 3,000 of 10,000 iterations where it
    occurs (Latin hypercube chance draws: 3,000 to within one) the finish is 8 + 5 = 13, in the
    others 10. Sorted, the 8,000th finish (PERCENTILE.INC's P80: position 0.8 × 9,999) is 13, the
    6,000th is 10. A is critical exactly when R does not occur."""
    ids, preds = TWO_PATHS
    risk = RiskEvent("R", 0.3, 5, 5, 5, (1,))
    r = simulate(ids, [10, 8, 0], [10, 8, 0], [10, 8, 0], preds, 10000, seed=3, risks=[risk])
    occurs = int((r.finish == 13).sum())
    assert abs(occurs - 3000) <= 1 and int((r.finish == 10).sum()) == 10000 - occurs
    assert finish_percentile(r, 0.8) == 13 and finish_percentile(r, 0.6) == 10
    assert r.criticality[1] == occurs / 10000 and r.criticality[0] == 1 - occurs / 10000
    without = simulate(ids, [10, 8, 0], [10, 8, 0], [10, 8, 0], preds, 10000, seed=3)
    assert finish_percentile(without, 0.8) == 10


def test_two_paths_and_one_risk_against_the_distribution() -> None:
    """B is Beta-PERT(4, 6, 8), i.e. 4 + 4·Beta(3, 3); risk R (50%, 4 days) hits it. For x ≥ 10,
    P(finish ≤ x) = 0.5 + 0.5·P(B + 4 ≤ x), so the P80 solves P(B ≤ x − 4) = 0.6:
    x = 8 + 4·Beta(3, 3)⁻¹(0.6) = 10.2150 (SciPy's beta.ppf). Without R the P80 is 10, so R adds
    0.215 days. Sampling error of the P80 at 20,000 iterations: about 0.012 days."""
    ids, preds = TWO_PATHS
    risk = RiskEvent("R", 0.5, 4, 4, 4, (1,))
    args = (ids, [10, 4, 0], [10, 6, 0], [10, 8, 0], preds, 20000)
    with_r = finish_percentile(simulate(*args, seed=5, risks=[risk]), 0.8)
    assert with_r == pytest.approx(8 + 4 * stats.beta.ppf(0.6, 3, 3), abs=0.05)
    ranking = riskdrivers.rank(*args[:5], [risk], 0.8, 20000, seed=5)
    assert ranking.with_all == with_r and ranking.without_any == 10
    assert ranking.drivers[0].adds == pytest.approx(with_r - 10)


def _fs_ss_network(rng: np.random.Generator, k: int) -> list[str]:
    return [", ".join(f"T{i}{rng.choice(['FS', 'SS'])}{rng.integers(-2, 4):+d}"
                      for i in rng.choice(j, size=min(j, rng.integers(0, 3)), replace=False))
            for j in range(k)]


def _random_risks(rng: np.random.Generator, k: int, count: int) -> list[RiskEvent]:
    risks = []
    for j in range(count):
        low = float(rng.integers(0, 4))
        likely = low + float(rng.integers(0, 4))
        hit = tuple(int(t) for t in rng.choice(k, size=rng.integers(1, min(k, 3) + 1),
                                                replace=False))
        risks.append(RiskEvent(f"R{j}", float(rng.uniform(0, 1)), low, likely,
                               likely + float(rng.integers(0, 6)), hit,
                               float(rng.uniform(0, 1)), float(rng.uniform(0, likely))))
    return risks


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 10), st.integers(1, 4), st.integers(0, 2**32 - 1), st.data())
def test_removing_a_risk_never_raises_the_finish(k: int, count: int, seed: int,
                                                 data: st.DataObject) -> None:
    """Law (AACE 57R-09's "remove one risk" ranking rests on it): on an FS / SS network, taking a
    risk out of the register never makes any iteration finish later, so never raises the P80 —
    because every other risk and every duration keeps its own random numbers."""
    rng = np.random.default_rng(seed)
    ids = [f"T{i}" for i in range(k)]
    preds = _fs_ss_network(rng, k)
    o = rng.integers(0, 5, k).astype(float)
    m = o + rng.integers(0, 4, k)
    p = m + rng.integers(0, 6, k)
    risks = _random_risks(rng, k, count)
    gone = data.draw(st.integers(0, count - 1))
    kept = risks[:gone] + risks[gone + 1:]
    full = simulate(ids, o, m, p, preds, 200, seed=seed, risks=risks, tasks=False)
    less = simulate(ids, o, m, p, preds, 200, seed=seed, risks=kept, tasks=False)
    assert (less.finish <= full.finish).all()
    assert finish_percentile(less, 0.8) <= finish_percentile(full, 0.8)
    # The one-run ranking gives the same finish as the separate run without that risk.
    ranking = riskdrivers.rank(ids, o, m, p, preds, risks, 0.8, 200, seed=seed)
    driver = next(d for d in ranking.drivers if d.key == f"R{gone}")
    assert driver.without == finish_percentile(less, 0.8) and driver.adds >= 0
    assert ranking.with_all == finish_percentile(full, 0.8)
    assert [d.adds for d in ranking.drivers] == sorted((d.adds for d in ranking.drivers),
                                                       reverse=True)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 8), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_risks_that_never_occur_change_nothing(k: int, count: int, seed: int) -> None:
    """Law: the durations' draws do not depend on the register, so risks of probability 0 give
    exactly the finishes, criticality and sensitivity of no register at all."""
    rng = np.random.default_rng(seed)
    ids = [f"T{i}" for i in range(k)]
    preds = _fs_ss_network(rng, k)
    o = rng.integers(0, 5, k).astype(float)
    m, p = o + 1, o + 3
    silent = [replace(r, probability=0.0) for r in _random_risks(rng, k, count)]
    a = simulate(ids, o, m, p, preds, 100, seed=seed)
    b = simulate(ids, o, m, p, preds, 100, seed=seed, risks=silent)
    for field in ("finish", "criticality", "task_p80", "sensitivity"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


def test_mitigation_never_raises_the_finish_when_it_lowers_chance_and_days() -> None:
    rng = np.random.default_rng(8)
    ids = [f"T{i}" for i in range(12)]
    preds = _fs_ss_network(rng, 12)
    risks = _random_risks(rng, 12, 5)  # post-mitigation figures at or below the registered ones
    risks = [replace(r, residual_probability=min(r.probability, r.residual_probability or 0))
             for r in risks]
    ranking = riskdrivers.rank(ids, LOW[:12], WEEKS[:12], HIGH[:12], preds, risks, 0.8, 2000,
                               seed=2)
    assert ranking.mitigated_all <= ranking.with_all
    assert all(d.saves >= 0 and d.mitigated <= ranking.with_all for d in ranking.drivers)
    mitigated = simulate(ids, LOW[:12], WEEKS[:12], HIGH[:12], preds, 2000, seed=2,
                         risks=[r.mitigated() for r in risks])
    # Scaled days are the factor times the draw, up to rounding: the P80 agrees to 1e-9 days.
    assert finish_percentile(mitigated, 0.8) == pytest.approx(ranking.mitigated_all, abs=1e-9)


def test_a_risk_can_shorten_a_network_with_finish_to_finish_links() -> None:
    """The CPM duration paradox (why the law above is stated for FS / SS links): B must finish
    with A (FF) and C starts with B (SS). A 3-day risk on B starts B 3 days earlier, so C, the
    last task, finishes 3 days earlier: 10 − 5 + 10 = 15 instead of 10 − 2 + 10 = 18."""
    ids, preds = ["A", "B", "C"], ["", "A FF", "B SS"]
    d = [10, 2, 10]
    risk = RiskEvent("R", 1.0, 3, 3, 3, (1,))
    assert (simulate(ids, d, d, d, preds, 50, seed=1).finish == 18).all()
    assert (simulate(ids, d, d, d, preds, 50, seed=1, risks=[risk]).finish == 15).all()


# --- Sensitivity and cruciality (Primavera Risk Analysis' definitions) ------------------------
def test_sensitivity_is_spearmans_rho_of_duration_and_finish() -> None:
    """Primavera Risk Analysis: duration sensitivity = the rank correlation between the task's
    sampled duration and the project finish over the iterations; cruciality = criticality ×
    sensitivity. Checked against SciPy's spearmanr on the same draws and one CPM per iteration."""
    n = 400
    r = simulate(IDS, LOW, WEEKS, HIGH, PREDS, n, seed=21)
    draws = sampling.sample_three_point(LOW, WEEKS, HIGH, n, seed=21)
    finish = np.array([cpm(IDS, draws[i], PREDS).project_finish for i in range(n)])
    expected = [stats.spearmanr(draws[:, t], finish).statistic for t in range(len(IDS))]
    assert r.sensitivity == pytest.approx(expected, abs=1e-12)
    assert r.cruciality == pytest.approx(r.criticality * r.sensitivity)


def test_sensitivity_of_normal_tasks_in_series() -> None:
    """Two normal durations in series, standard deviations (110 − 90)/6 and (120 − 80)/6: each
    has Pearson correlation σᵢ/√(σ₁² + σ₂²) = 1/√5 and 2/√5 with the finish (their sum), and for
    jointly normal variables Spearman's ρ = (6/π)·arcsin(r/2) (Pearson, 1907; Kruskal, 1958):
    0.4307 and 0.8855. Both tasks are always critical, so cruciality = sensitivity."""
    r = simulate(["A", "B"], [90, 80], [100, 100], [110, 120], ["", "A"], 20000, seed=4,
                 distribution="normal")
    assert r.sensitivity == pytest.approx([0.4307, 0.8855], abs=0.015)
    assert r.criticality.tolist() == [1.0, 1.0]
    assert r.cruciality.tolist() == r.sensitivity.tolist()


def test_a_dominated_task_has_no_cruciality_and_a_fixed_task_no_sensitivity() -> None:
    """A (10–14) always outlasts B (1–3) in parallel: the finish is A's duration, so A's ranks
    are the finish's (sensitivity 1) and B is never critical (cruciality 0). C is fixed (O = P):
    a duration that never varies has no rank order and is reported as 0."""
    r = simulate(["A", "B", "C"], [10, 1, 2], [12, 2, 2], [14, 3, 2], ["", "", "A, B"], 3000,
                 seed=6)
    assert r.sensitivity[0] == pytest.approx(1.0)
    assert abs(r.sensitivity[1]) < 0.06 and r.criticality[1] == 0 and r.cruciality[1] == 0
    assert r.sensitivity[2] == 0 and r.criticality[2] == 1


def test_a_prebuilt_network_gives_the_same_answer() -> None:
    net = build_network(IDS, PREDS)
    a = simulate(IDS, LOW, WEEKS, HIGH, PREDS, 500, seed=2)
    b = simulate(None, LOW, WEEKS, HIGH, None, 500, seed=2, network=net)
    assert np.array_equal(a.finish, b.finish) and np.array_equal(a.sensitivity, b.sensitivity)
    with pytest.raises(InputError, match="network: give either a network or ids"):
        simulate(IDS, LOW, WEEKS, HIGH, PREDS, 10, network=net)


# --- Programme scale: the same answers however the iterations are held -------------------------
@settings(max_examples=25, deadline=None)
@given(st.integers(1, 10), st.integers(2, 120), st.sampled_from([3, 7, 1000]),
       st.sampled_from([16, 1 << 23]), st.sampled_from(["inc", "exc", "risk"]),
       st.integers(0, 2**32 - 1))
def test_two_passes_give_the_held_answer(k: int, n: int, block: int, cells: int, method: str,
                                         seed: int) -> None:
    """Law (streamed = whole matrix): the first run holds every iteration in one block (n ≤ 120 <
    BLOCK) and every task finish; the second streams blocks of a few iterations and finds the
    task percentiles in two passes (count, then collect the wanted order statistics). Same seed,
    same finish, task P50 / P80 and criticality exactly, on any network, block width and
    percentile rule; the same sensitivity to rounding."""
    rng = np.random.default_rng(seed)
    ids, preds, o, m, p = _random_network(rng, k)
    risks = _random_risks(rng, k, 2)
    held = simulate(ids, o, m, p, preds, n, seed=seed, method=method, risks=risks)
    old = sra.BLOCK, sra.CELLS, sra.HOLD_BYTES
    try:
        sra.BLOCK, sra.CELLS, sra.HOLD_BYTES = block, cells, 0  # cells=16: a few iterations a block
        streamed = simulate(ids, o, m, p, preds, n, seed=seed, method=method, risks=risks)
    finally:
        sra.BLOCK, sra.CELLS, sra.HOLD_BYTES = old
    for field in ("finish", "task_p50", "task_p80", "criticality"):
        assert np.array_equal(getattr(held, field), getattr(streamed, field)), field
    assert np.allclose(held.sensitivity, streamed.sensitivity, rtol=0, atol=1e-12)


# --- Constraints and progress on the network (the schedule-health engine's bounds) --------------
def _bounded() -> tuple[Network, np.ndarray, np.ndarray, np.ndarray]:
    """Reliable Construction with A complete (2 weeks), B half done, C ALAP, E SNLT 20, G FNET 30
    and a deadline of 40 on N, status at week 3 — every kind of bound the passes honour."""
    nan = float("nan")
    k = len(IDS)
    types = ["", "", "ALAP", "", "SNLT", "", "FNET"] + [""] * (k - 7)
    days = [nan] * 4 + [20.0, nan, 30.0] + [nan] * (k - 7)
    pins = Pins(constraint_types=types, constraint_days=days,
                deadlines=[nan] * (k - 1) + [40.0], actual_starts=[0.0, 2.0] + [nan] * (k - 2),
                actual_finishes=[2.0] + [nan] * (k - 1),
                percent_complete=[1.0, 0.5] + [0.0] * (k - 2), status=3.0)
    net, _ = constrain(build_network(IDS, PREDS), WEEKS, pins)
    return net, LOW, WEEKS, HIGH


def test_constraints_and_progress_ride_on_a_prebuilt_network() -> None:
    """Each iteration of the block passes is the one-schedule result (schedule_network) of that
    iteration's effective durations: finish, criticality (a complete task never critical) and
    task P50 / P80 — ALAP tasks at their late dates, constraints capping and bounding."""
    net, o, m, p = _bounded()
    assert net.bounds is not None
    n = 80
    r = simulate(None, o, m, p, None, n, seed=13, network=net)
    draws = sampling.sample_three_point(o, m, p, n, seed=13)
    runs = [schedule_network(net, net.bounds.effective(draws[i])) for i in range(n)]
    assert r.finish == pytest.approx([x.project_finish for x in runs], abs=1e-9)
    assert r.criticality == pytest.approx(np.mean([x.critical for x in runs], axis=0))
    assert r.criticality[0] == 0 and r.sensitivity[0] == 0  # A is done: fixed, never critical
    ef = np.array([x.early_finish for x in runs]).T
    assert r.task_p80 == pytest.approx(np.percentile(ef, 80, axis=1))
    old = sra.HOLD_BYTES
    try:  # the two-pass route gives the same per-task percentiles with ALAP tasks moved
        sra.HOLD_BYTES = 0
        streamed = simulate(None, o, m, p, None, n, seed=13, network=net)
    finally:
        sra.HOLD_BYTES = old
    assert np.array_equal(streamed.task_p80, r.task_p80)
    assert np.array_equal(streamed.task_p50, r.task_p50)


def test_a_risk_on_a_complete_task_changes_nothing() -> None:
    net, o, m, p = _bounded()
    done = RiskEvent("R", 1.0, 5, 5, 5, (0,))  # A is complete: its duration is a fact
    plain = simulate(None, o, m, p, None, 300, seed=2, network=net)
    hit = simulate(None, o, m, p, None, 300, seed=2, network=net, risks=[done])
    assert np.array_equal(plain.finish, hit.finish)
    late = RiskEvent("R", 1.0, 5, 5, 5, (13,))  # N, a last task, is not: it finishes 5 later
    moved = simulate(None, o, m, p, None, 300, seed=2, network=net, risks=[late])
    assert moved.task_p80[13] == pytest.approx(plain.task_p80[13] + 5)
    assert (moved.finish >= plain.finish).all()


def test_the_risk_ranking_honours_the_network_bounds() -> None:
    net, o, m, p = _bounded()
    risks = [RiskEvent("R1", 0.5, 1, 2, 6, (13,)), RiskEvent("R2", 0.3, 0, 1, 3, (0, 9))]
    ranking = riskdrivers.rank(None, o, m, p, None, risks, 0.8, 500, seed=4, network=net)
    alone = simulate(None, o, m, p, None, 500, seed=4, network=net, risks=risks[:1],
                     tasks=False)
    assert next(d for d in ranking.drivers if d.key == "R2").without == finish_percentile(
        alone, 0.8)


_ISSUE_12_CALLS = """
import json
from pmokit.addin import kernels, sra
from pmokit.addin.functions import PMO_SRA, PMO_SRA_RISKS, PMO_SRA_TABLE, PMO_TORNADO
sra.HOLD_BYTES = 0  # per-task percentiles by the two-pass route, its compiled loops included
ids, preds = list("ABCDEF"), ["", "A", "A", "B, C", "C SS+1", "D, E"]
o, m, p = [2, 3, 1, 4, 2, 0], [4, 5, 2, 6, 3, 0], [7, 9, 4, 10, 6, 0]
register = (["R1", "R2"], [0.4, 0.25], [1, 0], [3, 2], [6, 5], ["B", "C, E"])
print(json.dumps({"compiled": kernels.AVAILABLE, "answers": [
    PMO_SRA(ids, o, m, p, preds, 0.8, 3000, None, None, None, *register[1:]),
    PMO_SRA_TABLE(ids, o, m, p, preds, 3000, None, None, None, *register[1:]),
    PMO_SRA_RISKS(ids, o, m, p, preds, *register, [0.1, None], [1, None], 0.8, 3000),
    PMO_TORNADO(o, m, p, ids, 3000),
    PMO_TORNADO(o, m, p, ids, 3000, "pert", 0.3)]}))
"""


def test_issue_12_functions_answer_the_same_without_numba() -> None:
    """Issue 13's rule for the new functions: the same numbers with and without Numba (the
    sampler's streams and the selection's compiled loops against their NumPy routes)."""
    import json
    import os
    import subprocess
    import sys

    from pmokit.addin import kernels

    if not kernels.AVAILABLE:
        pytest.skip("Numba is not installed: nothing to compare the NumPy route with")
    answers = []
    for switch in ("0", "1"):
        done = subprocess.run([sys.executable, "-c", _ISSUE_12_CALLS], capture_output=True,
                              text=True, env={**os.environ, "PMOKIT_NO_NUMBA": switch},
                              check=True)
        answers.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert [a["compiled"] for a in answers] == [True, False]
    assert answers[0]["answers"] == answers[1]["answers"]
    assert all(isinstance(row[1], float) for row in answers[0]["answers"][2][1:])
