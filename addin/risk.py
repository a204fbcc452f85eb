"""Risk register figures: probability bands, scores, expected monetary value, reserve.

Probability bands follow the PMBOK Guide's probability scale (.10 / .30 / .50 / .70 / .90 for
very low … very high): a probability is in band 1 below 0.2, band 2 below 0.4, band 3 below
0.6, band 4 below 0.8 and band 5 from 0.8 to 1. Score = band × impact (both 1–5); EMV =
probability × cost. The reserve simulates the register: each risk occurs with its probability
and then costs a Beta-PERT draw from its min / likely / max impact; the reserve at confidence c
is the c-th percentile of the total.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from pmokit.addin import sampling, streams
from pmokit.addin.errors import InputError

FloatArray = NDArray[np.float64]
Values = float | Sequence[float] | FloatArray

BAND_EDGES = (0.2, 0.4, 0.6, 0.8)


def _column(argument: str, values: Values) -> FloatArray:
    column = np.atleast_1d(np.asarray(values, dtype=np.float64)).reshape(-1)
    missing = np.flatnonzero(np.isnan(column))
    if missing.size:
        raise InputError(argument, "is missing", row=int(missing[0]) + 1)
    return column


def _probabilities(values: Values, argument: str = "probability") -> FloatArray:
    column = _column(argument, values)
    bad = np.flatnonzero((column < 0) | (column > 1))
    if bad.size:
        raise InputError(argument, f"{column[bad[0]]:g} is not between 0 and 1 (use 0.3 or 30% "
                         "for a 30% chance)", row=int(bad[0]) + 1)
    return column


def _same_length(**columns: FloatArray) -> None:
    (first, expected), *rest = ((name, len(c)) for name, c in columns.items())
    for name, length in rest:
        if length != expected:
            raise InputError(name, f"has {length} rows but {first} has {expected}")


def probability_rating(p: Values) -> NDArray[np.int64]:
    """Probability (0 to 1) → band 1–5: below 0.2, 0.4, 0.6, 0.8 → 1, 2, 3, 4; from 0.8 → 5."""
    return np.searchsorted(np.asarray(BAND_EDGES), _probabilities(p), side="right") + 1


def risk_score(probability_rating: Values, impact: Values) -> FloatArray:
    """Risk score = probability band × impact, both on the 1–5 scale, per risk."""
    bands = _column("probability", probability_rating)
    harm = _column("impact", impact)
    _same_length(probability=bands, impact=harm)
    for name, column in (("probability", bands), ("impact", harm)):
        bad = np.flatnonzero((column < 1) | (column > 5))
        if bad.size:
            raise InputError(name, f"{column[bad[0]]:g} is not on the 1–5 scale",
                             row=int(bad[0]) + 1)
    return bands * harm


def emv(probability: Values, cost: Values) -> FloatArray:
    """Expected monetary value = probability × cost impact, per risk (negative for a gain)."""
    chance = _probabilities(probability)
    money = _column("impact_cost", cost)
    _same_length(probability=chance, impact_cost=money)
    return chance * money


_IMPACT_NAMES = {"optimistic": "min_impacts", "most_likely": "likely_impacts",
                 "pessimistic": "max_impacts"}


def reserve(probabilities: Values, min_impacts: Values, likely_impacts: Values,
            max_impacts: Values, q: float, iterations: int = 10000,
            seed: streams.Seed = None, *, method: str = "inc") -> float:
    """Contingency reserve at confidence ``q`` by Monte Carlo over the risk register.

    In each iteration each risk occurs with its probability (a Bernoulli draw, Latin hypercube
    stratified) and, when it does, costs a Beta-PERT draw between its min and max impact; the
    reserve is the ``q``-th percentile of the iterations' total cost. Occurrence and impact come
    from two streams of the seed (:mod:`pmokit.addin.streams`).
    """
    sampling.percentile([0.0], q)
    total = register_totals(probabilities, min_impacts, likely_impacts, max_impacts, iterations, seed)
    return float(sampling.percentile(total, q, method=method))


def register_totals(probabilities: Values, min_impacts: Values, likely_impacts: Values,
                    max_impacts: Values, iterations: int = 10000, seed: streams.Seed = None) -> FloatArray:
    """The register's total cost in each iteration (what :func:`reserve` takes a percentile of):
    simulate once, then read the reserve at any confidence or the confidence of any amount."""
    chance = _probabilities(probabilities, "probabilities")
    key = streams.seed_value(seed)
    try:
        costs = sampling.Sampler(min_impacts, likely_impacts, max_impacts, iterations, seed=key,
                                 stream=streams.IMPACTS)
    except InputError as error:
        raise InputError(_IMPACT_NAMES.get(error.argument, error.argument), error.problem,
                         error.row) from None
    _same_length(probabilities=chance, min_impacts=np.empty(costs.tasks))
    n = costs.iterations
    draws = streams.stream(key, streams.OCCURRENCE, costs.tasks, n).uniforms(0, n)
    return np.asarray(np.where(draws < chance[:, None], costs.block(0), 0.0).sum(axis=0), dtype=np.float64)


def coverage(totals: Values, amount: float) -> float:
    """The confidence an amount buys: the share of simulated totals it covers (0 to 1).

    A contingency of EUR 240k covering 73% of the iterations "covers the register at P73".
    """
    values = np.asarray(totals, dtype=np.float64).reshape(-1)
    if values.size == 0:
        raise InputError("totals", "is empty: simulate the register first")
    return float(np.count_nonzero(values <= float(amount)) / values.size)
