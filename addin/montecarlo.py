"""Monte Carlo of a total of three-point estimates: its percentiles, a summary table, a tornado.

The total is summed as it is drawn (:func:`pmokit.addin.sampling.three_point_total`), so 100,000
iterations over 500 tasks never hold the 50 million draws at once.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy import special

from pmokit.addin import sampling, sensitivity, streams
from pmokit.addin.threepoint import Values

FloatArray = NDArray[np.float64]

TABLE_LEVELS = (0.05, 0.10, 0.20, 0.30, 0.40, 0.50, 0.60, 0.70, 0.80, 0.90, 0.95)


def total_samples(o: Values, m: Values, p: Values, iterations: int = 10000, *,
                  distribution: str = "pert", lam: float = 4.0, correlation: float = 0.0,
                  lhs: bool = True, seed: int | np.random.Generator | None = None) -> FloatArray:
    """The simulated total of all tasks, one value per iteration.

    Each task is drawn from its optimistic / most likely / pessimistic estimate by
    ``distribution`` (Beta-PERT λ = 4 by default, Latin hypercube); see
    :func:`pmokit.addin.sampling.sample_three_point` for the options. Same seed, same totals.
    """
    return sampling.three_point_total(o, m, p, iterations, distribution=distribution, lam=lam,
                                      correlation=correlation, lhs=lhs, seed=seed)


def mc_percentile(o: Values, m: Values, p: Values, q: float, iterations: int = 10000, *,
                  distribution: str = "pert", lam: float = 4.0, correlation: float = 0.0,
                  lhs: bool = True, seed: int | np.random.Generator | None = None,
                  method: str = "inc") -> float:
    """The ``q``-th percentile (0.8 for P80) of the simulated total.

    ``method``: ``inc`` (Excel's PERCENTILE.INC, default), ``exc`` (PERCENTILE.EXC) or ``risk``
    (@RISK's ⌈q·n⌉-th value).
    """
    sampling.percentile([0.0], q)  # check q before simulating
    totals = total_samples(o, m, p, iterations, distribution=distribution, lam=lam,
                           correlation=correlation, lhs=lhs, seed=seed)
    return float(sampling.percentile(totals, q, method=method))


def mc_table(o: Values, m: Values, p: Values, iterations: int = 10000, *,
             distribution: str = "pert", lam: float = 4.0, correlation: float = 0.0,
             lhs: bool = True, seed: int | np.random.Generator | None = None,
             method: str = "inc", confidence: float = 0.95) -> list[tuple[str, float, float]]:
    """Summary of the simulated total: (label, value, ± precision at 95% confidence) rows.

    Rows: Mean, Std dev, Min, P5, P10, P20 … P90, P95, Max. Precision: z·s/√n for the mean,
    z·s/√(2(n − 1)) for the standard deviation (normal theory), the order-statistic interval of
    :func:`pmokit.addin.sampling.percentile_precision` for percentiles; min and max have none (NaN).
    Both assume independent draws, so with Latin hypercube they are on the safe side.
    """
    totals = total_samples(o, m, p, iterations, distribution=distribution, lam=lam,
                           correlation=correlation, lhs=lhs, seed=seed)
    n = totals.size
    z = float(special.ndtri(0.5 + confidence / 2.0))
    sd = float(totals.std(ddof=1)) if n > 1 else 0.0
    rows = [("Mean", float(totals.mean()), z * sd / math.sqrt(n)),
            ("Std dev", sd, z * sd / math.sqrt(2.0 * (n - 1)) if n > 1 else math.nan),
            ("Min", float(totals.min()), math.nan)]
    values = np.atleast_1d(sampling.percentile(totals, np.asarray(TABLE_LEVELS), method=method))
    for level, value in zip(TABLE_LEVELS, values):
        rows.append((f"P{round(level * 100)}", float(value),
                     sampling.percentile_precision(totals, level, confidence)))
    rows.append(("Max", float(totals.max()), math.nan))
    return rows


def variance_contributions(o: Values, m: Values, p: Values, iterations: int = 10000, *,
                           distribution: str = "pert", lam: float = 4.0,
                           correlation: float = 0.0, lhs: bool = True,
                           seed: streams.Seed = None) -> FloatArray:
    """Each task's share of the variance of the simulated total (a tornado), summing to 1.

    Independent tasks (``correlation`` 0): each task's sampled variance over the total's, which
    for independent tasks is the sum of theirs (summed block by block of iterations, Chan, Golub
    and LeVeque's pairwise update). With a correlation the variance has no unique split (@RISK's
    contribution to variance comes from a stepwise regression); pmokit gives each task's squared
    Spearman rank correlation with the total, normalised to sum to 1 (ranking needs each task's
    draws of every iteration: they are held, tasks × iterations). The tasks are drawn exactly as
    :func:`total_samples` draws them (same seed, same numbers). All-constant tasks give NaN
    (there is no variance to share).
    """
    sampler = sampling.Sampler(o, m, p, iterations, distribution=distribution, lam=lam,
                               correlation=correlation, lhs=lhs, seed=streams.seed_value(seed))
    if correlation == 0.0:
        count, mean, spread = 0, np.zeros(sampler.tasks), np.zeros(sampler.tasks)
        for cols, block in sampler.blocks():
            width = cols.stop - cols.start
            block_mean = block.mean(axis=1)
            block -= block_mean[:, None]
            delta = block_mean - mean
            spread += np.einsum("ij,ij->i", block, block) + delta**2 * count * width / (
                count + width)
            mean += delta * width / (count + width)
            count += width
        weights = spread
    else:
        weights = sensitivity.spearman_rows(sampler.block(0), sampler.totals()) ** 2
    whole = float(weights.sum())
    if whole == 0.0:
        return np.full(weights.shape, np.nan)
    shares: FloatArray = weights / whole
    return shares
