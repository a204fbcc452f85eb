"""Three-point estimates: the PERT mean and spreads an analyst checks by hand.

The analytic functions use the classic PERT formulas (Malcolm, Roseboom, Clark and Fazar, 1959):
mean (O + 4M + P) / 6 and the textbook standard deviation (P − O) / 6. The Beta-PERT distribution
that the simulations sample has the same mean but a wider spread, (μ − O)(P − μ) / (λ + 3);
:func:`beta_pert_variance` gives it so the two can be compared (``../shared/DOMAIN.md``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from pmokit.addin.errors import InputError

FloatArray = NDArray[np.float64]
Values = float | Sequence[float] | FloatArray


def _column(name: str, values: Values) -> FloatArray:
    try:
        column = np.atleast_1d(np.asarray(values, dtype=np.float64))
    except (TypeError, ValueError):
        raise InputError(name, "is not a number or a column of numbers") from None
    if column.ndim != 1:
        raise InputError(name, f"must be one column, not a {column.ndim}-D block")
    return column


def _number(value: float) -> str:
    return f"{value:g}"


def check_three_point(o: Values, m: Values, p: Values) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Check optimistic ≤ most likely ≤ pessimistic, none negative or missing, row by row.

    Returns the three columns as float arrays of equal length. Raises :class:`InputError` naming
    the first bad row (1-based) and the rule it breaks.
    """
    low, likely, high = _column("optimistic", o), _column("most_likely", m), _column("pessimistic", p)
    if not len(low) == len(likely) == len(high):
        raise InputError("most_likely" if len(likely) != len(low) else "pessimistic",
                         f"has {len(likely) if len(likely) != len(low) else len(high)} rows "
                         f"but optimistic has {len(low)}")
    # One pass for the usual case, all rows fine (comparisons with NaN are false, so this also
    # rules out missing values): a sheet calls this once per row, thousands of times.
    if ((low >= 0.0) & (low <= likely) & (likely <= high) & (high < math.inf)).all():
        return low, likely, high
    for name, column in (("optimistic", low), ("most_likely", likely), ("pessimistic", high)):
        bad = np.flatnonzero(~np.isfinite(column) | (column < 0))
        if bad.size:
            row = int(bad[0])
            value = column[row]
            problem = "is missing" if np.isnan(value) else (
                f"{_number(value)} is not a finite number" if not np.isfinite(value)
                else f"{_number(value)} is negative")
            raise InputError(name, problem, row=row + 1)
    bad = np.flatnonzero(low > likely)
    if bad.size:
        row = int(bad[0])
        raise InputError("optimistic", f"{_number(low[row])} is greater than most likely "
                         f"{_number(likely[row])}", row=row + 1)
    bad = np.flatnonzero(likely > high)
    if bad.size:
        row = int(bad[0])
        raise InputError("most_likely", f"{_number(likely[row])} is greater than pessimistic "
                         f"{_number(high[row])}", row=row + 1)
    return low, likely, high


def pert_mean(o: Values, m: Values, p: Values) -> FloatArray:
    """PERT mean (O + 4M + P) / 6 per row."""
    low, likely, high = check_three_point(o, m, p)
    return (low + 4.0 * likely + high) / 6.0


def pert_sd(o: Values, m: Values, p: Values) -> FloatArray:
    """Textbook PERT standard deviation (P − O) / 6 per row (not the Beta-PERT's own spread)."""
    low, _, high = check_three_point(o, m, p)
    return (high - low) / 6.0


def beta_pert_variance(o: Values, m: Values, p: Values, lam: float = 4.0) -> FloatArray:
    """Variance of the Beta-PERT distribution the simulations sample, (μ − O)(P − μ) / (λ + 3).

    μ = (O + λM + P) / (λ + 2) is the Beta-PERT mean; with λ = 4 it is the PERT mean. For
    0 / 2 / 10 the variance is 3.000, wider than the textbook ((P − O) / 6)² = 2.778.
    """
    low, likely, high = check_three_point(o, m, p)
    shape = check_lambda(lam)
    mean = (low + shape * likely + high) / (shape + 2.0)
    return (mean - low) * (high - mean) / (shape + 3.0)


def check_lambda(lam: float) -> float:
    """Check the modified-PERT shape λ (4 is classic PERT; 0 is the uniform distribution)."""
    value = float(lam)
    if not math.isfinite(value) or value < 0:
        raise InputError("lambda", f"{_number(value)} is not a number of 0 or more (4 is classic PERT)")
    return value


def triangular_mean(o: Values, m: Values, p: Values) -> FloatArray:
    """Mean of the triangular distribution, (O + M + P) / 3, per row."""
    low, likely, high = check_three_point(o, m, p)
    return (low + likely + high) / 3.0


def triangular_variance(o: Values, m: Values, p: Values) -> FloatArray:
    """Variance of the triangular distribution, (O² + M² + P² − OM − OP − MP) / 18, per row."""
    a, c, b = check_three_point(o, m, p)
    return (a * a + c * c + b * b - a * c - a * b - c * b) / 18.0


def pert_probability(o: Values, m: Values, p: Values, target: float) -> float:
    """Probability that the total is at most ``target`` (classic PERT normal approximation).

    Sums the tasks' PERT means and textbook variances ((P − O) / 6)², treats the total as normal
    and answers Φ((target − Σ mean) / √Σ variance). When every task is certain (O = P) the answer is
    1 if the target is reached, else 0.
    """
    total_mean = float(np.sum(pert_mean(o, m, p)))
    total_sd = math.sqrt(float(np.sum(pert_sd(o, m, p) ** 2)))
    goal = float(target)
    if math.isnan(goal):
        raise InputError("target", "is missing")
    if total_sd == 0.0:
        return 1.0 if goal >= total_mean else 0.0
    z = (goal - total_mean) / total_sd
    return 0.5 * math.erfc(-z / math.sqrt(2.0))
