"""``validate_workbook``: one broken workbook per class of error, each asserting the exact
sheet!cell and sentence. The standard layout puts every table at A1, so Tasks' columns are
A Project ID, B Task ID, C WBS, D Name, E Optimistic, F Most likely, G Pessimistic, H Predecessors,
I Resource, …, K Start, L Finish; the small portfolio's first task is on row 2."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.workbooks.checks import find_cycles
from pmokit.workbooks.validate import ValidateOptions, validate_workbook
from pmokit.workbooks.writer import write_workbook
from workbook_factory import AS_OF, edit, small_portfolio

OPTIONS = ValidateOptions(as_of=AS_OF)


@pytest.fixture(scope="module")
def standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(small_portfolio(), tmp_path_factory.mktemp("v") / "standard.xlsx")


def _errors(standard: Path, tmp_path: Path, changes: dict[str, Any]) -> list[str]:
    path = edit(Path(shutil.copy(standard, tmp_path / "broken.xlsx")), changes)
    return [str(p) for p in validate_workbook(path, OPTIONS) if p.severity == "error"]


def test_the_standard_workbook_has_no_errors(standard: Path) -> None:
    assert [p for p in validate_workbook(standard, OPTIONS) if p.severity == "error"] == []


@pytest.mark.parametrize("changes, expected", [
    # wrong types
    ({"Tasks!E3": "four"}, ["Tasks!E3: optimistic 'four' is not a number"]),
    ({"Projects!I2": "next spring"},
     ["Projects!I2: start 'next spring' is not a date (write 2026-11-30 or 30/11/2026)"]),
    ({"Risks!E2": 2.5}, ["Risks!E2: impact 2.5 is not a whole number"]),
    ({"Tasks!P2": "maybe"}, ["Tasks!P2: milestone 'maybe' is not Yes or No"]),
    ({"Tasks!E2": "#N/A"}, ["Tasks!E2: optimistic is the Excel error #N/A: fix the formula or clear the cell"]),
    # outside the allowed list or range
    ({"Status!F3": "Purple"}, ["Status!F3: overall RAG 'Purple' is not one of Green, Amber, Red"]),
    ({"Projects!F2": "Scrum"}, ["Projects!F2: methodology 'Scrum' is not one of Waterfall, Agile, Hybrid"]),
    ({"Risks!E3": 7}, ["Risks!E3: impact 7 is above 5"]),
    ({"Tasks!M2": "120%"}, ["Tasks!M2: % complete '120%' is above 100%"]),
    ({"Tasks!E2": -1}, ["Tasks!E2: optimistic -1 is below 0"]),
    # required cells
    ({"Tasks!D4": None}, ["Tasks!D4: name is required"]),
    # the example: pessimistic below most likely, at the pessimistic cell
    ({"Tasks!F3": 5, "Tasks!G3": 3}, ["Tasks!G3: pessimistic 3 is less than most likely 5"]),
    # finish before start
    ({"Tasks!L3": dt.datetime(2026, 2, 1)}, ["Tasks!L3: finish 2026-02-01 is before start 2026-02-09"]),
    ({"Projects!J2": dt.datetime(2026, 1, 5)},
     ["Projects!J2: baseline finish 2026-01-05 is before start 2026-02-02"]),
    # duplicate IDs
    ({"Tasks!B3": "T1"}, ["Tasks!B3: task ID T1 of project P01 is already used in row 2",
                          "Tasks!H4: predecessor T2 is not a task of project P01"]),  # T3 waited on T2
    ({"Resources!A3": "m. okafor "}, ["Resources!A3: resource m. okafor is already used in row 2"]),
    ({"Risks!B3": "R01"}, ["Risks!B3: risk ID R01 of project P01 is already used in row 2"]),
    # references to unknown projects, resources and tasks
    ({"Risks!A4": "P99"}, ["Risks!A4: project P99 is not on the Projects sheet"]),
    ({"Tasks!I3": "Wizard"},
     ["Tasks!I3: resource 'Wizard' is neither a resource nor a role on the Resources sheet"]),
    ({"Tasks!H3": "T9"}, ["Tasks!H3: predecessor T9 is not a task of project P01"]),
    ({"Tasks!H3": "T1FS+50%"}, ["Tasks!H3: predecessors: "]),
    # a risk that delays tasks (issue 12; Risks: M tasks affected, N / O / P delay min / likely / max)
    ({"Risks!O2": 3}, ["Risks!M2: risk R01 has a delay but no tasks affected: name the task IDs it would delay "
                       "(T040, T050)"]),
    ({"Risks!M2": "T1", "Risks!N2": 2}, ["Risks!O2: risk R01 delays tasks but has no Delay likely / Delay max: "
                                         "give the working days it adds (min, likely, max)"]),
    ({"Risks!M2": "T1", "Risks!N2": 5, "Risks!O2": 3, "Risks!P2": 8},
     ["Risks!O2: risk R01: delay min 5, likely 3, max 8 are not in order (min ≤ likely ≤ max)"]),
    ({"Risks!M2": "T1, T9", "Risks!N2": 1, "Risks!O2": 2, "Risks!P2": 3},
     ["Risks!M2: task T9 is not a task of project P01"]),
    # dependency cycles name the tasks, in dependency order
    ({"Tasks!H2": "M1"}, ["Tasks!H2: dependency cycle T1 → T2 → T3 → M1 → T1 in project P01"]),
    ({"Tasks!H2": "T1"}, ["Tasks!H2: dependency cycle T1 → T1 in project P01"]),
    # status dates in the future (as of 27 November 2026)
    ({"Status!B4": dt.datetime(2026, 12, 11)},
     ["Status!B4: status date 2026-12-11 is in the future (today is 2026-11-27)"]),
])
def test_each_class_of_error_is_reported_at_its_cell(standard: Path, tmp_path: Path, changes: dict[str, Any],
                                                     expected: list[str]) -> None:
    found = _errors(standard, tmp_path, changes)
    if expected == ["Tasks!H3: predecessors: "]:  # the wording is the predecessor parser's own
        assert len(found) == 1 and found[0].startswith(expected[0]) and "%" in found[0]
    else:
        assert found == expected


def test_missing_sheets_and_columns(standard: Path, tmp_path: Path) -> None:
    path = Path(shutil.copy(standard, tmp_path / "broken.xlsx"))
    book = openpyxl.load_workbook(path)
    del book["Risks"]
    book["Tasks"]["F1"] = "Likely-ish"  # the "Most likely" header no longer matches
    book["Tasks"].tables["Tasks"].tableColumns[5].name = "Likely-ish"  # as Excel renames the table column
    book.save(path)
    assert [str(p) for p in validate_workbook(path, OPTIONS) if p.severity == "error"] == [
        "Tasks!A1: column 'Most likely' is missing from the Tasks table's header row (required: Most likely "
        "duration in working days; between optimistic and pessimistic.)",
        "Risks: the Risks sheet (a table named Risks) is missing; `pmokit new` writes the standard layout",
    ]


def test_every_problem_is_reported_at_once_errors_before_warnings(standard: Path, tmp_path: Path) -> None:
    path = edit(Path(shutil.copy(standard, tmp_path / "broken.xlsx")),
                {"Tasks!E3": "four", "Status!F3": "Purple", "Risks!A4": "P99", "Risks!I2": None})
    problems = validate_workbook(path, OPTIONS)
    severities = [p.severity for p in problems]
    assert severities == sorted(severities)  # "error" < "warning"
    assert [p.where for p in problems if p.severity == "error"] == ["Tasks!E3", "Status!F3", "Risks!A4"]
    assert any(p.rule == "RISK_OWNER" and p.where == "Risks!I2" for p in problems)


def test_a_workbook_with_a_moved_table_reports_its_real_cells(standard: Path, tmp_path: Path) -> None:
    """The same Tasks table two rows down and one column right: cells follow the table."""
    path = Path(shutil.copy(standard, tmp_path / "moved.xlsx"))
    book = openpyxl.load_workbook(path)
    sheet = book["Tasks"]
    sheet.move_range("A1:P6", rows=2, cols=1)
    sheet.tables["Tasks"].ref = "B3:Q8"
    sheet["G4"] = 2  # was F2: most likely of T1 (optimistic 3)
    book.save(path)
    assert [str(p) for p in validate_workbook(path, OPTIONS) if p.severity == "error"] == [
        "Tasks!G4: most likely 2 is less than optimistic 3"]


@settings(max_examples=80, deadline=None)
@given(edges=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=25))
def test_cycles_are_found_exactly_when_the_graph_has_one(edges: list[tuple[int, int]]) -> None:
    """Law: find_cycles reports a cycle iff networkx says the dependency graph is not a DAG, each
    reported cycle follows real links (A before B means B waits on A), and no task is in two."""
    import networkx as nx

    preds: dict[str, list[str]] = {f"T{i}": [] for i in range(10)}
    for a, b in edges:
        preds[f"T{b}"].append(f"T{a}")
    cycles = find_cycles(preds)
    graph = nx.DiGraph([(f"T{a}", f"T{b}") for a, b in edges])
    assert bool(cycles) == (not nx.is_directed_acyclic_graph(graph))
    for cycle in cycles:
        assert cycle[0] == cycle[-1]
        for before, after in zip(cycle, cycle[1:]):
            assert before in preds[after]
    members = [t for cycle in cycles for t in set(cycle)]
    assert len(members) == len(set(members))


def test_cross_row_errors_name_their_project(standard: Path, tmp_path: Path) -> None:
    path = edit(Path(shutil.copy(standard, tmp_path / "broken.xlsx")), {"Tasks!H2": "M1", "Tasks!I6": "Wizard"})
    errors = [(p.where, p.project_id) for p in validate_workbook(path, OPTIONS) if p.severity == "error"]
    assert errors == [("Tasks!H2", "P01"), ("Tasks!I6", "P02")]
