"""The PMO_* functions called from plain Python, as the generators call them.

Given Python numbers, dates and lists they answer as the cell would: one value for one row, a
column (rows of one cell) for several, a labelled table with a header row for a table; bad input
answers with a short message naming the function and the row or id, never an exception.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin.functions import (
    PMO_COCOMO,
    PMO_COCOMO_SCHEDULE,
    PMO_CPM,
    PMO_EMV,
    PMO_ES,
    PMO_EVM,
    PMO_FORECAST,
    PMO_FORECAST_ITEMS,
    PMO_LOAD,
    PMO_MC,
    PMO_MC_TABLE,
    PMO_OVERLOAD,
    PMO_PERT,
    PMO_PERT_PROB,
    PMO_PERT_SD,
    PMO_RAG,
    PMO_RISK_RESERVE,
    PMO_RISK_SCORE,
    PMO_SRA,
    PMO_SRA_RISKS,
    PMO_SRA_TABLE,
    PMO_TORNADO,
    PMO_UTILISATION,
    PMO_VARIANCE,
)

# Wikipedia, "Program evaluation and review technique", § Example: expected times (O + 4M + P)/6
# of activities A–G printed to two decimals: 4.00, 5.33, 5.17, 6.33, 5.17, 4.50, 5.17.
WIKI_O = [2, 3, 4, 4, 4, 3, 3]
WIKI_M = [4, 5, 5, 6, 5, 4, 5]
WIKI_P = [6, 9, 7, 10, 7, 8, 8]


def test_pert_means_of_the_wikipedia_example_spill_a_column() -> None:
    result = PMO_PERT(WIKI_O, WIKI_M, WIKI_P)
    assert [round(row[0], 2) for row in result] == [4.00, 5.33, 5.17, 6.33, 5.17, 4.50, 5.17]


def test_one_row_answers_one_value() -> None:
    assert PMO_PERT(2, 4, 6) == 4.0
    assert PMO_PERT_SD(2, 4, 14) == 2.0  # (14 − 2) / 6, the textbook spread


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e6), st.floats(0, 1e6), st.floats(0, 1e6)),
                min_size=2, max_size=20))
def test_a_pert_mean_lies_between_optimistic_and_pessimistic(
        triples: list[tuple[float, float, float]]) -> None:
    """Law: for ordered O ≤ M ≤ P the mean (O + 4M + P)/6 is within [O, P], row by row."""
    rows = [sorted(t) for t in triples]
    result = PMO_PERT([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    for (o, _, p), (mean,) in zip(rows, result):
        assert o - 1e-9 * max(1.0, p) <= mean <= p + 1e-9 * max(1.0, p)


# Hillier & Lieberman, "Project Management with PERT/CPM", Reliable Construction's three-point
# estimates along the mean critical path A B C E F J L N: mean length 44 weeks, variance 9, so
# the probability of finishing within the 47-week deadline is Φ(1), which the book gives as 0.84.
PATH_O = [1, 2, 6, 1, 4, 3, 1, 5]
PATH_M = [2, 3.5, 9, 4.5, 4, 9, 5.5, 5.5]
PATH_P = [3, 8, 18, 5, 10, 9, 7, 9]


def test_pert_probability_of_the_textbook_deadline() -> None:
    assert sum(row[0] for row in PMO_PERT(PATH_O, PATH_M, PATH_P)) == pytest.approx(44)
    assert sum(row[0] ** 2 for row in PMO_PERT_SD(PATH_O, PATH_M, PATH_P)) == pytest.approx(9)
    assert round(PMO_PERT_PROB(PATH_O, PATH_M, PATH_P, 47), 2) == 0.84


def test_out_of_order_estimates_name_the_row() -> None:
    message = PMO_PERT([2, 12], [4, 10], [6, 14])
    assert message.startswith("PMO_PERT: ") and "row 2" in message


def test_text_and_blank_cells_are_read_as_excel_sends_them() -> None:
    assert PMO_PERT(["2", " 3 "], [4, "5"], ["6", 9.0])[1][0] == pytest.approx(16 / 3)
    assert PMO_PERT([2, None], [4, 5], [6, 9]) == ("PMO_PERT: optimistic row 2: is blank; "
                                                   "a number is needed")
    assert PMO_PERT(["2", "two"], [4, 5], [6, 9]) == ("PMO_PERT: optimistic row 2: 'two' is "
                                                      "not a number")


# Hillier & Lieberman, Introduction to Operations Research, "Project Management with
# PERT/CPM": the Reliable Construction Co. project takes 44 weeks; critical path
# A B C E F J L N; slack D 4, G 4, H 4, I 2, K 1, M 4, the others 0.
RELIABLE_IDS = list("ABCDEFGHIJKLMN")
RELIABLE_WEEKS = [2, 4, 10, 6, 4, 5, 7, 9, 7, 8, 4, 5, 2, 6]
RELIABLE_PREDS = ["", "A", "B", "C", "C", "E", "D", "E,G", "C", "F,I", "J", "J", "H", "K,L"]
RELIABLE_SLACK = [0, 0, 0, 4, 0, 0, 4, 4, 2, 0, 1, 0, 4, 0]


def test_cpm_spills_the_textbook_network_as_a_labelled_table() -> None:
    header, *rows = PMO_CPM(RELIABLE_IDS, RELIABLE_WEEKS, RELIABLE_PREDS)
    assert header == ["Early start", "Early finish", "Late start", "Late finish",
                      "Total float", "Free float", "Critical"]
    assert max(row[1] for row in rows) == 44
    assert [row[4] for row in rows] == RELIABLE_SLACK
    assert [t for t, row in zip(RELIABLE_IDS, rows) if row[6]] == list("ABCEFJLN")


def test_cpm_with_a_start_date_answers_working_days_finish_inclusive() -> None:
    # Monday 2 March 2026; A 5 days (Mon–Fri), B 3 days after A: Mon 9 – Wed 11 March, with the
    # holiday on Tuesday 10 March pushing B's finish to Thursday 12 March.
    _, a, b = PMO_CPM(["A", "B"], [5, 3], ["", "A"], date(2026, 3, 2), [date(2026, 3, 10)])
    assert a[:2] == [date(2026, 3, 2), date(2026, 3, 6)]
    assert b[:2] == [date(2026, 3, 9), date(2026, 3, 12)]


def test_cpm_names_unknown_ids_cycles_and_length_mismatches() -> None:
    assert PMO_CPM(["A", "B"], [1, 2], ["", "Q"]).startswith(
        "PMO_CPM: predecessors row 2: unknown id 'Q'")
    cycle = PMO_CPM(["A", "B", "C"], [1, 2, 3], ["C", "A", "B"])
    assert cycle.startswith("PMO_CPM: predecessors: dependency cycle")
    assert all(task in cycle for task in "ABC")
    assert PMO_CPM(["A", "B"], [1], ["", "A"]) == (
        "PMO_CPM: durations: has 1 rows but ids has 2; give ranges of the same length")


# Rita Mulcahy, PMP Exam Prep, the four-sided fence: BAC 4,000, PV 3,000, EV 2,500, AC 2,800;
# published CV −300, SV −500, CPI .893, SPI .833.
def test_evm_of_the_fence_example() -> None:
    table = dict(map(tuple, PMO_EVM(4000, 3000, 2500, 2800)[1:]))  # type: ignore[arg-type]
    assert (table["CV"], table["SV"]) == (-300, -500)
    assert (round(table["CPI"], 3), round(table["SPI"], 3)) == (0.893, 0.833)
    assert round(PMO_EVM(4000, 3000, 2500, 2800, "cpi"), 3) == 0.893
    assert PMO_EVM(4000, 3000, 2500, 2800, "CV%") == pytest.approx(-300 / 2500)


def test_evm_per_row_spills_one_row_per_project_under_the_metric_labels() -> None:
    table = PMO_EVM([4000, 100], [3000, 50], [2500, 50], [2800, 0])
    assert table[0][:6] == ["CV", "CV%", "SV", "SV%", "CPI", "SPI"]
    assert table[1][0] == -300
    assert table[2][4] == "#DIV/0!"  # CPI with AC = 0
    assert PMO_EVM(1, 1, 1, 1, "nope").startswith("PMO_EVM: metric: 'nope' is not one of CV")


# Lipke, "Schedule is Different" (2003), Figure 1 worked by hand (see tests/addin/test_evm.py):
# ES = 5 + (520 − 450) / (590 − 450) = 5.5 months at the end of month 7.
def test_earned_schedule_table() -> None:
    ends = [date(2026, m, 28) for m in range(1, 13)]
    pv = [50, 120, 210, 320, 450, 590, 720, 830, 920, 980, 995, 1000]
    table = dict(map(tuple, PMO_ES(ends, pv, 520, date(2026, 7, 28))[1:]))  # type: ignore[arg-type]
    assert table["ES (periods)"] == pytest.approx(5.5)
    assert table["AT (periods)"] == 7
    assert table["SV(t)"] == pytest.approx(-1.5)


def test_variance_and_rag() -> None:
    assert PMO_VARIANCE([100, 0], [110, 5]) == [["Variance", "Variance %"], [10, 0.1],
                                                [5, "#DIV/0!"]]
    assert PMO_RAG([0.96, 0.95, 0.9, 0.84]) == [["Green"], ["Green"], ["Amber"], ["Red"]]
    assert PMO_RAG(0.2, 0.1, 0.25, False) == "Amber"


def test_load_spreads_and_reads_back_into_utilisation_and_overload() -> None:
    weeks = [date(2026, 3, 2), date(2026, 3, 9)]
    table = PMO_LOAD(["Ana", "Ben", "Ana"], [date(2026, 3, 2)] * 3,
                     [date(2026, 3, 13), date(2026, 3, 6), date(2026, 3, 6)], [80, 50, 20], weeks)
    assert table == [["Resource", *weeks], ["Ana", 60.0, 40.0], ["Ben", 50.0, 0.0]]
    assert PMO_UTILISATION(table, 40) == [["Resource", *weeks], ["Ana", 1.5, 1.0],
                                          ["Ben", 1.25, 0.0]]
    assert PMO_OVERLOAD(table, [[40], [50]]) == [["Resource", "Period", "Excess"],
                                                  ["Ana", date(2026, 3, 2), 20.0]]
    assert PMO_OVERLOAD(table, 100) == "No over-allocation"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Ana", "Ben", "Cy"]),
                          st.integers(0, 40).filter(lambda day: day % 7 < 5),  # starts Mon–Fri
                          st.integers(0, 15), st.floats(0, 500)), min_size=1, max_size=15),
       st.sampled_from(["flat", "front", "back", "bell"]))
def test_load_conserves_total_effort(tasks: list[tuple[str, int, int, float]],
                                     profile: str) -> None:
    """Law: when the periods cover every task, the load table sums to the total effort."""
    base = date(2026, 1, 5)  # a Monday
    starts = [date.fromordinal(base.toordinal() + s) for _, s, _, _ in tasks]
    finishes = [date.fromordinal(d.toordinal() + n) for d, (_, _, n, _) in zip(starts, tasks)]
    weeks = [date.fromordinal(base.toordinal() + 7 * i) for i in range(10)]
    table = PMO_LOAD([t[0] for t in tasks], starts, finishes, [t[3] for t in tasks], weeks,
                     profile)
    total = sum(sum(row[1:]) for row in table[1:])
    assert total == pytest.approx(sum(t[3] for t in tasks), rel=1e-9, abs=1e-6)


def test_simulations_are_the_same_on_every_recalculation() -> None:
    args = (WIKI_O, WIKI_M, WIKI_P, 0.8)
    assert PMO_MC(*args) == PMO_MC(*args)  # no seed: the fixed default seed
    assert PMO_MC(*args, 10000, "pert", 0, 7) == PMO_MC(*args, 10000, "pert", 0, 7)
    ids, preds = list("ABCDEFG"), ["", "", "A", "A", "B,C", "D", "E"]
    assert PMO_SRA(ids, WIKI_O, WIKI_M, WIKI_P, preds, 0.8) == PMO_SRA(ids, WIKI_O, WIKI_M,
                                                                       WIKI_P, preds, 0.8)


def test_p80_moves_less_than_one_percent_between_seeds() -> None:
    values = [PMO_MC(WIKI_O, WIKI_M, WIKI_P, 0.8, 10000, "pert", 0, seed) for seed in range(5)]
    assert (max(values) - min(values)) / min(values) < 0.01
    ids, preds = list("ABCDEFG"), ["", "", "A", "A", "B,C", "D", "E"]
    finishes = [PMO_SRA(ids, WIKI_O, WIKI_M, WIKI_P, preds, 0.8, 10000, None, None, seed)
                for seed in range(5)]
    assert (max(finishes) - min(finishes)) / min(finishes) < 0.01


def test_monte_carlo_percentiles_rise_with_the_percentile() -> None:
    values = [PMO_MC(WIKI_O, WIKI_M, WIKI_P, q) for q in (0.1, 0.5, 0.8, 0.95)]
    assert values == sorted(values)
    assert sum(WIKI_O) <= values[0] and values[-1] <= sum(WIKI_P)


def test_mc_table_is_labelled_with_its_precision() -> None:
    table = PMO_MC_TABLE(WIKI_O, WIKI_M, WIKI_P)
    assert table[0] == ["Statistic", "Value", "± at 95%"]
    labels = [row[0] for row in table[1:]]
    assert labels[:3] == ["Mean", "Std dev", "Min"] and labels[-1] == "Max"
    precision = {row[0]: row[2] for row in table[1:]}
    assert precision["Min"] == precision["Max"] == ""  # none exists: blank, not #DIV/0!
    assert 0 < precision["Mean"] < precision["P95"]


def test_sra_table_per_task_and_percentile_checks() -> None:
    ids, preds = ["A", "B", "C"], ["", "A", "A"]
    header, *rows = PMO_SRA_TABLE(ids, [2, 1, 3], [3, 2, 4], [5, 4, 8], preds, 2000)
    # The first three columns as before issue 12; sensitivity and cruciality after them.
    assert header == ["Criticality", "P50 finish", "P80 finish", "Sensitivity", "Cruciality"]
    assert rows[0][0] == 1.0  # A precedes everything: critical in every run
    assert rows[1][0] + rows[2][0] == pytest.approx(1.0, abs=0.01)  # B or C ends the project
    assert PMO_SRA(ids, [2, 1, 3], [3, 2, 4], [5, 4, 8], preds, 1.5) == (
        "PMO_SRA: percentile: 1.5 is not between 0 and 1; give 0.8 or 80% for P80")


def test_rows_blank_in_every_argument_answer_blank_and_keep_their_place() -> None:
    # A range sized past the data (B2:B100 for 20 tasks) ends in wholly blank rows.
    assert PMO_PERT([2, 3, None], [4, 5, ""], [6, 9, None]) == [[4.0], [pytest.approx(16 / 3)],
                                                                [""]]
    header, a, gap, b = PMO_CPM(["A", None, "B"], [2, None, 3], ["", None, "A"])
    assert gap == [""] * 7 and a[:2] == [0.0, 2.0] and b[:2] == [2.0, 5.0]


def test_errors_name_the_sheet_row_even_after_blank_rows() -> None:
    assert PMO_CPM(["A", None, "B"], [2, None, 3], ["", None, "Q"]).startswith(
        "PMO_CPM: predecessors row 3: unknown id 'Q'")
    message = PMO_PERT([None, 2, 12], [None, 4, 10], [None, 6, 14])
    assert message.startswith("PMO_PERT: ") and "row 3" in message


# COCOMO II.2000 (Boehm et al. 2000, model definition manual): PM = 2.94 × KSLOC^E × ΠEM and
# TDEV = 3.67 × PM^(0.28 + 0.2 × (E − 0.91)); with every driver Nominal ΣSF = 18.97, E = 1.0997.
def test_cocomo_all_nominal_follows_the_published_constants() -> None:
    effort = 2.94 * 100 ** 1.0997
    assert PMO_COCOMO(100) == pytest.approx(effort, rel=1e-4)
    assert PMO_COCOMO("100") == PMO_COCOMO(100.0)
    months = 3.67 * effort ** (0.28 + 0.2 * (1.0997 - 0.91))
    assert PMO_COCOMO_SCHEDULE(100) == pytest.approx(months, rel=1e-4)


def test_cocomo_rating_tables_from_a_range_match_the_core() -> None:
    from pmokit.addin import cocomo

    table = [["PREC", "High"], ["TEAM", "Very High"], [None, None]]
    assert PMO_COCOMO(50, table, [["RELY", "High"]]) == pytest.approx(
        cocomo.effort(50.0, {"PREC": "High", "TEAM": "Very High"}, {"RELY": "High"}))
    assert PMO_COCOMO(50, [["PREC", "Superb"]]).startswith("PMO_COCOMO: ")
    assert "PREC" in PMO_COCOMO(50, [["PREC", "Superb"]])


def test_throughput_forecast_of_a_steady_team() -> None:
    # Five items every week and 20 left: four weeks at any confidence; from Monday 2 March
    # 2026, four 7-day periods end on 30 March (DOMAIN: periods drawn × period length).
    assert PMO_FORECAST([5, 5, 5], 20, 0.85) == 4
    assert PMO_FORECAST([5, 5, 5], 20, 0.85, date(2026, 3, 2)) == date(2026, 3, 30)
    assert PMO_FORECAST_ITEMS([5, 5, 5, None], 6, 0.85) == 30
    assert PMO_FORECAST([3, 8, 0, 5], 40, 0.85) == PMO_FORECAST([3, 8, 0, 5], 40, 0.85)


def test_risk_score_emv_and_reserve() -> None:
    assert PMO_RISK_SCORE([0.3, 0.85, None], [4, 5, None]) == [[8.0], [25.0], [""]]
    assert PMO_EMV([0.3, 0.5], [1000, 200]) == [[300.0], [100.0]]
    # A certain risk with a fixed cost needs exactly that reserve; an impossible one, none.
    assert PMO_RISK_RESERVE([1.0, 0.0], [1000, 500], [1000, 600], [1000, 900], 0.8) == 1000
    assert PMO_EMV([0.3, 1.5], [1, 1]).startswith("PMO_EMV: probability row 2")


# --- Issue 12: the risk register in the schedule simulation, sensitivity, the tornado ----------
# A Risks sheet as PMO_SRA_RISKS reads it: R2 costs money only (no tasks, no days) and is skipped.
NET = (["A", "B", "M"], [10, 4, 0], [10, 6, 0], [10, 8, 0], ["", "", "A, B"])
REGISTER = (["R1", "R2", "R3"], [0.5, 0.9, 0.2], [4, None, 1], [4, None, 2], [4, None, 3],
            ["B", None, "A, B"])


def test_sra_takes_the_register_and_the_table_gains_sensitivity_and_cruciality() -> None:
    """The register as optional arguments: the P80 rises from 10 (B never outlasts A) to the
    hand-worked 10.215 of tests/addin/test_sra.py once R1 (50%, 4 days on B) is in it."""
    ids, o, m, p, preds = NET
    assert PMO_SRA(*NET, 0.8, 20000) == 10.0
    with_r1 = PMO_SRA(*NET, 0.8, 20000, None, None, None, 0.5, 4, 4, 4, "B")
    assert with_r1 == pytest.approx(10.215, abs=0.05)
    header, *rows = PMO_SRA_TABLE(*NET, 5000, None, None, None, 0.5, 4, 4, 4, "B")
    assert header[3:] == ["Sensitivity", "Cruciality"]
    for row in rows:
        assert row[4] == pytest.approx(row[0] * row[3])  # cruciality = criticality × sensitivity
    assert rows[0][0] == pytest.approx(0.75, abs=0.02)  # A critical unless R1 pushes B past it
    assert rows[0][3] == 0.0  # A is fixed: no sensitivity


def test_sra_risks_ranks_the_register_and_shows_mitigation() -> None:
    header, *rows = PMO_SRA_RISKS(*NET, *REGISTER, [0.1, None, None], [2, None, None])
    assert header == ["Risk", "P80 with it", "P80 without it", "Days it adds",
                      "P80 with it mitigated", "Days mitigation saves"]
    assert [row[0] for row in rows] == ["R3", "R1", "All risks"]  # R2 is cost-only
    for name, with_it, without, adds, mitigated, saves in rows:
        assert adds == pytest.approx(with_it - without)
        assert saves == pytest.approx(with_it - mitigated)
    adds = [row[3] for row in rows[:-1]]
    assert adds == sorted(adds, reverse=True)
    everything = rows[-1]
    # The last row: P80 before mitigation (every risk), without any risk, after mitigation.
    assert everything[1] == PMO_SRA(*NET, 0.8, None, None, None, None, *REGISTER[1:])
    assert everything[2] == PMO_SRA(*NET, 0.8)
    # R1 mitigated to 2 days can no longer push B (≤ 8 + 2) past A's 10: it then adds nothing.
    r1 = rows[1]
    assert r1[4] == pytest.approx(r1[2]) and r1[5] == pytest.approx(r1[3])


def test_sra_risks_at_another_percentile_and_as_dates() -> None:
    header, *rows = PMO_SRA_RISKS(*NET, *REGISTER, None, None, 0.9, 2000, date(2027, 1, 4))
    assert header[1] == "P90 with it"
    assert all(isinstance(row[1], date) and isinstance(row[3], float) for row in rows)


def test_register_problems_name_the_function_argument_and_row() -> None:
    ids, names, probability, low, likely, high, hits = NET[0], *REGISTER
    bad_hits = ["B", None, "A, Q"]
    assert PMO_SRA_RISKS(*NET, names, probability, low, likely, high, bad_hits) == (
        "PMO_SRA_RISKS: risk_tasks row 3: unknown task id 'Q' (no task has it)")
    assert PMO_SRA(*NET, 0.8, None, None, None, None, [0.5, 0.9, 1.5], low, likely, high,
                   hits) == ("PMO_SRA: risk_probabilities row 3: 1.5 is not between 0 and 1 "
                             "(use 0.3 or 30% for a 30% chance)")
    assert PMO_SRA_TABLE(*NET, None, None, None, None, probability, low, likely) == (
        "PMO_SRA_TABLE: risk_max_days: is missing: a risk register needs probabilities, min / "
        "likely / max days and the tasks each risk delays")
    assert PMO_SRA(*NET, 0.8, None, None, None, None, probability, [4, None, 3], likely, high,
                   hits) == ("PMO_SRA: risk_min_days row 3: 3 is greater than the likely 2")
    assert PMO_SRA(*NET, 0.8, None, None, None, None, probability, [4, 1, 1], likely, high,
                   hits) == "PMO_SRA: risk_likely_days row 2: is blank; a number is needed"


def test_tornado_sorts_tasks_by_their_share_of_the_variance() -> None:
    """Known answer: independent tasks' shares are their Beta-PERT variances over the sum."""
    header, *rows = PMO_TORNADO(WIKI_O, WIKI_M, WIKI_P, list("ABCDEFG"), 50000)
    assert header == ["Task", "Share of variance"]
    var = {name: ((o + 4 * m + p) / 6 - o) * (p - (o + 4 * m + p) / 6) / 7
           for name, o, m, p in zip("ABCDEFG", WIKI_O, WIKI_M, WIKI_P)}
    total = sum(var.values())
    shares = [row[1] for row in rows]
    assert shares == sorted(shares, reverse=True)  # (B and D tie exactly: 1.222 each)
    assert {row[0] for row in rows[:2]} == {"B", "D"} and rows[2][0] == "G"
    for name, share in rows:
        assert share == pytest.approx(var[name] / total, rel=0.02)
    unnamed = PMO_TORNADO([1, 2, None], [2, 5, None], [3, 10, None])
    assert unnamed == [["Task", "Share of variance"], ["Row 2", pytest.approx(0.9, abs=0.1)],
                       ["Row 1", pytest.approx(0.1, abs=0.1)]]
    assert PMO_TORNADO([1, 2], [2, 1], [3, 4]) == (
        "PMO_TORNADO: optimistic row 2: 2 is greater than most likely 1")
