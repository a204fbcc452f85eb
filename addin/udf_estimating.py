"""Excel functions for estimates and risks: PERT, Monte Carlo, COCOMO II, agile forecasts.

The analytic functions (PMO_PERT, PMO_PERT_SD, PMO_PERT_PROB) use the textbook PERT spread
(P − O) / 6; the simulations sample the Beta-PERT distribution, whose spread is wider
(``../shared/DOMAIN.md``); each function's help says which.
"""

# No `from __future__ import annotations`: see pmokit.addin.udf (Office.js reads the annotations
# on every call).

import math
from typing import Annotated, Any

from pmokit.addin import cells, cocomo, forecast, montecarlo, risk, sampling, threepoint, udf

@udf.udf("=PMO_PERT(B2:B20, C2:C20, D2:D20)")
def PMO_PERT(
    optimistic: Annotated[Any, udf.arg(udf.O_HELP)],
    most_likely: Annotated[Any, udf.arg(udf.M_HELP)],
    pessimistic: Annotated[Any, udf.arg(udf.P_HELP)],
) -> udf.Cells:
    """PERT mean (O + 4M + P) / 6 of a three-point estimate, per row."""
    used, o, m, p = udf.three_point(optimistic, most_likely, pessimistic)
    return cells.as_column(used.scatter(threepoint.pert_mean(o, m, p)))


@udf.udf("=PMO_PERT_SD(B2:B20, C2:C20, D2:D20)")
def PMO_PERT_SD(
    optimistic: Annotated[Any, udf.arg(udf.O_HELP)],
    most_likely: Annotated[Any, udf.arg(udf.M_HELP)],
    pessimistic: Annotated[Any, udf.arg(udf.P_HELP)],
) -> udf.Cells:
    """Textbook PERT standard deviation (P − O) / 6, per row (simulations use the wider
    Beta-PERT spread)."""
    used, o, m, p = udf.three_point(optimistic, most_likely, pessimistic)
    return cells.as_column(used.scatter(threepoint.pert_sd(o, m, p)))


@udf.udf("=PMO_PERT_PROB(B2:B20, C2:C20, D2:D20, 120)")
def PMO_PERT_PROB(
    optimistic: Annotated[Any, udf.arg(udf.O_HELP)],
    most_likely: Annotated[Any, udf.arg(udf.M_HELP)],
    pessimistic: Annotated[Any, udf.arg(udf.P_HELP)],
    target: Annotated[Any, udf.arg("Target total (e.g. days or cost) to finish within.")],
) -> udf.Cells:
    """Probability that the total is at most target: classic PERT normal approximation with
    the textbook spread (P − O) / 6."""
    _, o, m, p = udf.three_point(optimistic, most_likely, pessimistic)
    return cells.cell(threepoint.pert_probability(o, m, p, cells.number(target, "target")))


def _mc_options(iterations: object, distribution: object, correlation: object, seed: object,
                pert_lambda: object, latin_hypercube: object) -> dict[str, Any]:
    return {
        "iterations": cells.integer(iterations, "iterations", udf.DEFAULT_ITERATIONS, minimum=2),
        "distribution": cells.choice(distribution, "distribution", "pert",
                                     sampling.DISTRIBUTIONS),
        "correlation": cells.number(correlation, "correlation", 0.0),
        "seed": udf.seed(seed),
        "lam": cells.number(pert_lambda, "pert_lambda", 4.0),
        "lhs": cells.flag(latin_hypercube, "latin_hypercube", True),
    }


METHOD_HELP = "Percentile rule: inc (Excel PERCENTILE.INC, default), exc, or risk (@RISK)."
LAMBDA_HELP = "Beta-PERT λ weight of most likely (default 4; other values: modified PERT)."
LHS_HELP = "TRUE (default): Latin hypercube sampling; FALSE: plain Monte Carlo."
CORR_HELP = "One correlation, -1 to 1, between all tasks (default 0)."


@udf.udf("=PMO_MC(B2:B20, C2:C20, D2:D20, 80%)", simulation=True)
def PMO_MC(
    optimistic: Annotated[Any, udf.arg(udf.O_HELP)],
    most_likely: Annotated[Any, udf.arg(udf.M_HELP)],
    pessimistic: Annotated[Any, udf.arg(udf.P_HELP)],
    percentile: Annotated[Any, udf.arg(udf.Q_HELP)],
    iterations: Annotated[Any, udf.arg(udf.ITER_HELP)] = None,
    distribution: Annotated[Any, udf.arg(udf.DIST_HELP)] = None,
    correlation: Annotated[Any, udf.arg(CORR_HELP)] = None,
    seed: Annotated[Any, udf.arg(udf.SEED_HELP)] = None,
    method: Annotated[Any, udf.arg(METHOD_HELP)] = None,
    pert_lambda: Annotated[Any, udf.arg(LAMBDA_HELP)] = None,
    latin_hypercube: Annotated[Any, udf.arg(LHS_HELP)] = None,
) -> udf.Cells:
    """Total of the tasks at a percentile, by Monte Carlo simulation (Beta-PERT spread by
    default, Latin hypercube sampling, fixed seed: stable on recalculation)."""
    _, o, m, p = udf.three_point(optimistic, most_likely, pessimistic)
    q = cells.fraction(percentile, "percentile")
    options = _mc_options(iterations, distribution, correlation, seed, pert_lambda,
                          latin_hypercube)
    rule = cells.choice(method, "method", "inc", sampling.PERCENTILE_METHODS)
    return cells.cell(montecarlo.mc_percentile(o, m, p, q, method=rule, **options))


@udf.udf('=PMO_MC_TABLE(B2:B20, C2:C20, D2:D20, 10000, "pert", 0.3)', simulation=True)
def PMO_MC_TABLE(
    optimistic: Annotated[Any, udf.arg(udf.O_HELP)],
    most_likely: Annotated[Any, udf.arg(udf.M_HELP)],
    pessimistic: Annotated[Any, udf.arg(udf.P_HELP)],
    iterations: Annotated[Any, udf.arg(udf.ITER_HELP)] = None,
    distribution: Annotated[Any, udf.arg(udf.DIST_HELP)] = None,
    correlation: Annotated[Any, udf.arg(CORR_HELP)] = None,
    seed: Annotated[Any, udf.arg(udf.SEED_HELP)] = None,
    method: Annotated[Any, udf.arg(METHOD_HELP)] = None,
    pert_lambda: Annotated[Any, udf.arg(LAMBDA_HELP)] = None,
    latin_hypercube: Annotated[Any, udf.arg(LHS_HELP)] = None,
) -> udf.Cells:
    """Monte Carlo summary of the total: mean, std dev, min, P5 … P95, max, each with its ±
    precision at 95% confidence (Beta-PERT spread by default)."""
    _, o, m, p = udf.three_point(optimistic, most_likely, pessimistic)
    options = _mc_options(iterations, distribution, correlation, seed, pert_lambda,
                          latin_hypercube)
    rule = cells.choice(method, "method", "inc", sampling.PERCENTILE_METHODS)
    rows = montecarlo.mc_table(o, m, p, method=rule, **options)
    # Min and max have no precision (NaN): a blank cell, not a #DIV/0!.
    return cells.as_table(["Statistic", "Value", "± at 95%"],
                          [(label, value, "" if math.isnan(half) else half)
                           for label, value, half in rows])


TORNADO_CORR_HELP = ("One correlation, -1 to 1, between all tasks (default 0). With one, "
                     "shares are squared rank correlations with the total, normalised to 1.")


@udf.udf("=PMO_TORNADO(B2:B20, C2:C20, D2:D20, A2:A20)", simulation=True)
def PMO_TORNADO(
    optimistic: Annotated[Any, udf.arg(udf.O_HELP)],
    most_likely: Annotated[Any, udf.arg(udf.M_HELP)],
    pessimistic: Annotated[Any, udf.arg(udf.P_HELP)],
    names: Annotated[Any, udf.arg("Task names to label the rows (blank: Row 1, Row 2 …).")]
    = None,
    iterations: Annotated[Any, udf.arg(udf.ITER_HELP)] = None,
    distribution: Annotated[Any, udf.arg(udf.DIST_HELP)] = None,
    correlation: Annotated[Any, udf.arg(TORNADO_CORR_HELP)] = None,
    seed: Annotated[Any, udf.arg(udf.SEED_HELP)] = None,
    pert_lambda: Annotated[Any, udf.arg(LAMBDA_HELP)] = None,
    latin_hypercube: Annotated[Any, udf.arg(LHS_HELP)] = None,
) -> udf.Cells:
    """Tornado of PMO_MC's total: each task's share of its variance, largest first. Independent
    tasks: task variance over the total's; with a correlation: squared rank correlations with
    the total, normalised to 1. Beta-PERT spread by default."""
    if not cells.given(names):
        used, o, m, p = udf.three_point(optimistic, most_likely, pessimistic)
        labels = [f"Row {i + 1}" for i in used.used]
    else:
        used = cells.rows(optimistic=optimistic, most_likely=most_likely,
                          pessimistic=pessimistic, names=names)
        _, o, m, p = udf.three_point(optimistic, most_likely, pessimistic, used)
        given = cells.labels(names, "names", blank_ok=True, rows=used.used)
        labels = [text or f"Row {i + 1}" for text, i in zip(given, used.used)]
    options = _mc_options(iterations, distribution, correlation, seed, pert_lambda,
                          latin_hypercube)
    shares = montecarlo.variance_contributions(o, m, p, **options)
    order = sorted(range(len(labels)), key=lambda i: -shares[i])  # stable: ties in sheet order
    return cells.as_table(["Task", "Share of variance"], [(labels[i], shares[i]) for i in order])


KSLOC_HELP = "Size in thousands of source lines of code (KSLOC)."
SF_HELP = ("Scale factors: two columns, name (PREC, FLEX, RESL, TEAM, PMAT) and rating "
           "(default Nominal).")
EM_HELP = ("Effort multipliers: two columns, name (e.g. RELY, CPLX, SCED) and rating "
           "(default Nominal).")


@udf.udf("=PMO_COCOMO(50, F2:G6, F9:G25)")
def PMO_COCOMO(
    ksloc: Annotated[Any, udf.arg(KSLOC_HELP)],
    scale_factors: Annotated[Any, udf.arg(SF_HELP)] = None,
    effort_multipliers: Annotated[Any, udf.arg(EM_HELP)] = None,
) -> udf.Cells:
    """COCOMO II.2000 post-architecture effort in person-months."""
    return cells.cell(cocomo.effort(cells.number(ksloc, "ksloc"),
                                    cells.ratings(scale_factors, "scale_factors"),
                                    cells.ratings(effort_multipliers, "effort_multipliers")))


@udf.udf("=PMO_COCOMO_SCHEDULE(50)")
def PMO_COCOMO_SCHEDULE(
    ksloc: Annotated[Any, udf.arg(KSLOC_HELP)],
    scale_factors: Annotated[Any, udf.arg(SF_HELP)] = None,
    effort_multipliers: Annotated[Any, udf.arg(EM_HELP)] = None,
) -> udf.Cells:
    """COCOMO II.2000 development time (TDEV) in months, including the SCED stretch."""
    return cells.cell(cocomo.schedule(cells.number(ksloc, "ksloc"),
                                      cells.ratings(scale_factors, "scale_factors"),
                                      cells.ratings(effort_multipliers, "effort_multipliers")))


HISTORY_HELP = "Items finished in each past period (a column)."


@udf.udf("=PMO_FORECAST(B2:B13, 120, 85%, DATE(2026,12,7))", simulation=True)
def PMO_FORECAST(
    throughput_history: Annotated[Any, udf.arg(HISTORY_HELP)],
    backlog: Annotated[Any, udf.arg("Items left to finish.")],
    percentile: Annotated[Any, udf.arg(udf.Q_HELP)],
    start_date: Annotated[Any, udf.arg("First day of the forecast (blank: answer in periods). "
                                       "Format the answer cell as a date.")]
    = None,
    period_days: Annotated[Any, udf.arg("Calendar days per period (default 7).")] = None,
    iterations: Annotated[Any, udf.arg(udf.ITER_HELP)] = None,
    seed: Annotated[Any, udf.arg(udf.SEED_HELP)] = None,
) -> udf.Cells:
    """Agile completion date at a confidence, by resampling past throughput (periods needed
    when no start date is given)."""
    _, (history,) = udf.columns(throughput_history=throughput_history)
    items = cells.number(backlog, "backlog")
    q = cells.fraction(percentile, "percentile")
    runs = cells.integer(iterations, "iterations", udf.DEFAULT_ITERATIONS, minimum=1)
    start = cells.optional_date(start_date, "start_date")
    if start is None:
        return cells.cell(forecast.completion_periods(history, items, q, iterations=runs,
                                                      seed=udf.seed(seed)))
    days = cells.integer(period_days, "period_days", 7, minimum=1)
    return cells.cell(forecast.completion_date(history, items, q, start, period_days=days,
                                               iterations=runs, seed=udf.seed(seed)))


@udf.udf("=PMO_FORECAST_ITEMS(B2:B13, 6, 85%)", simulation=True)
def PMO_FORECAST_ITEMS(
    throughput_history: Annotated[Any, udf.arg(HISTORY_HELP)],
    periods: Annotated[Any, udf.arg("Number of future periods.")],
    percentile: Annotated[Any, udf.arg(udf.Q_HELP)],
    iterations: Annotated[Any, udf.arg(udf.ITER_HELP)] = None,
    seed: Annotated[Any, udf.arg(udf.SEED_HELP)] = None,
) -> udf.Cells:
    """Items done within N periods at a confidence, by resampling past throughput."""
    _, (history,) = udf.columns(throughput_history=throughput_history)
    return cells.cell(forecast.items_in_periods(
        history,
        cells.integer(periods, "periods", None, minimum=1),
        cells.fraction(percentile, "percentile"),
        iterations=cells.integer(iterations, "iterations", udf.DEFAULT_ITERATIONS, minimum=1),
        seed=udf.seed(seed)))


@udf.udf("=PMO_RISK_SCORE(C2:C30, D2:D30)")
def PMO_RISK_SCORE(
    probability: Annotated[Any, udf.arg("Probability per risk, 0 to 1, banded 1–5: below 20% "
                                        "is 1, below 40% 2, below 60% 3, below 80% 4, else 5.")],
    impact: Annotated[Any, udf.arg("Impact per risk on the 1–5 scale.")],
) -> udf.Cells:
    """Risk score = probability band (1–5) × impact (1–5), per risk."""
    used, (chance, harm) = udf.columns(probability=probability, impact=impact)
    with used.numbered():
        score = risk.risk_score(risk.probability_rating(chance).astype(float), harm)
    return cells.as_column(used.scatter(score))


@udf.udf("=PMO_EMV(C2:C30, E2:E30)")
def PMO_EMV(
    probability: Annotated[Any, udf.arg("Probability per risk, 0 to 1.")],
    impact_cost: Annotated[Any, udf.arg("Cost if the risk occurs.")],
) -> udf.Cells:
    """Expected monetary value = probability × cost impact, per risk."""
    used, (chance, cost) = udf.columns(probability=probability, impact_cost=impact_cost)
    with used.numbered():
        value = risk.emv(chance, cost)
    return cells.as_column(used.scatter(value))


@udf.udf("=PMO_RISK_RESERVE(C2:C30, F2:F30, G2:G30, H2:H30, 80%)", simulation=True)
def PMO_RISK_RESERVE(
    probabilities: Annotated[Any, udf.arg("Probability per risk, 0 to 1.")],
    min_impacts: Annotated[Any, udf.arg("Smallest cost per risk if it occurs.")],
    likely_impacts: Annotated[Any, udf.arg("Most likely cost per risk if it occurs.")],
    max_impacts: Annotated[Any, udf.arg("Largest cost per risk if it occurs.")],
    percentile: Annotated[Any, udf.arg(udf.Q_HELP)],
    iterations: Annotated[Any, udf.arg(udf.ITER_HELP)] = None,
    seed: Annotated[Any, udf.arg(udf.SEED_HELP)] = None,
) -> udf.Cells:
    """Contingency reserve at a confidence, by Monte Carlo over the risk register (each risk
    occurs with its probability, costing a Beta-PERT draw)."""
    used, (chance, low, likely, high) = udf.columns(
        probabilities=probabilities, min_impacts=min_impacts, likely_impacts=likely_impacts,
        max_impacts=max_impacts)
    q = cells.fraction(percentile, "percentile")
    runs = cells.integer(iterations, "iterations", udf.DEFAULT_ITERATIONS, minimum=2)
    with used.numbered():
        return cells.cell(risk.reserve(chance, low, likely, high, q, iterations=runs,
                                       seed=udf.seed(seed)))
