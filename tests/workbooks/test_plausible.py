"""What validate refuses so that a deck, charter or plan never does (issue 9): implausible numbers
at their cell, effort with no working day, schedules that would run past 9999, ambiguous text
dates. Each case passed validate before and then ended in overflow warnings, 309-digit amounts or
a message naming a function argument and an array row."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

from pmokit.workbooks.validate import ValidateOptions, validate_workbook
from pmokit.workbooks.writer import write_workbook
from workbook_factory import AS_OF, edit, small_portfolio


@pytest.fixture(scope="module")
def standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(small_portfolio(), tmp_path_factory.mktemp("p") / "standard.xlsx")


def _errors(standard: Path, tmp_path: Path, changes: dict[str, Any]) -> list[str]:
    path = edit(Path(shutil.copy(standard, tmp_path / "edited.xlsx")), changes)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would be a failure in its own right
        found = validate_workbook(path, ValidateOptions(as_of=AS_OF))
    return [str(p) for p in found if p.severity == "error"]


@pytest.mark.parametrize("changes, expected", [
    ({"Projects!L2": 1e308},
     "Projects!L2: budget (BAC) 1e+308 is above 1,000,000,000,000,000, the most pmokit takes as plausible"),
    ({"Tasks!G2": 99_999_999},
     "Tasks!G2: pessimistic 99999999 is above 10,000, the most pmokit takes as plausible"),
    ({"Tasks!J2": 1e300}, "Tasks!J2: effort (hours) 1e+300 is above 10,000,000, the most pmokit takes as plausible"),
    ({"Status!C2": 1e308}, "Status!C2: PV 1e+308 is above 1,000,000,000,000,000, the most pmokit takes as plausible"),
    ({"Risks!H2": 1e308},
     "Risks!H2: cost impact max 1e+308 is above 1,000,000,000,000,000, the most pmokit takes as plausible"),
    ({"Tasks!H3": "T1FS+99999999"},
     "Tasks!H3: predecessors: the lag of 99,999,999 working days on T1 is beyond ±10,000, the most pmokit takes "
     "as plausible"),
])
def test_absurd_numbers_are_refused_at_their_cell(standard: Path, tmp_path: Path, changes: dict[str, Any],
                                                  expected: str) -> None:
    assert _errors(standard, tmp_path, changes) == [expected]


def test_effort_with_no_working_day_is_a_validate_error_at_the_finish(standard: Path, tmp_path: Path) -> None:
    """The deck and the plan spread effort over working days and stopped with "finishes row 1:
    no working day …"; validate said nothing. The workbook's week is Tuesday to Saturday, so
    Sunday 8 and Monday 9 March 2026 are not working days."""
    found = _errors(standard, tmp_path, {"Tasks!K2": dt.datetime(2026, 3, 8), "Tasks!L2": dt.datetime(2026, 3, 9)})
    assert found == ["Tasks!L2: effort 80 hours has no working day from 2026-03-08 to 2026-03-09 to be done in "
                     "(the Calendar sheet's working week and holidays)"]


def test_a_holiday_counts_as_no_working_day(standard: Path, tmp_path: Path) -> None:
    found = _errors(standard, tmp_path, {"Tasks!K3": dt.datetime(2026, 12, 25), "Tasks!L3": dt.datetime(2026, 12, 25)})
    assert found == ["Tasks!L3: effort 48 hours has no working day on 2026-12-25 to be done in "
                     "(the Calendar sheet's working week and holidays)"]


def test_a_schedule_running_past_9999_is_refused_at_the_last_task(standard: Path, tmp_path: Path) -> None:
    """Each duration is plausible alone; chained from a start in 9990 they pass 31 December 9999."""
    found = _errors(standard, tmp_path, {"Projects!I2": dt.datetime(9990, 1, 1), "Projects!J2": None,
                                         "Projects!K2": None, **{f"Tasks!{c}{r}": 9000 for c in "EFG" for r in (2, 3)},
                                         "Tasks!K2": None, "Tasks!L2": None, "Tasks!K3": None, "Tasks!L3": None})
    assert len(found) == 1 and found[0].startswith("Tasks!G")
    assert "project P01's schedule runs past 31 December 9999 at pessimistic durations" in found[0]


def test_a_text_date_that_reads_both_ways_is_an_error_at_its_cell(standard: Path, tmp_path: Path) -> None:
    found = _errors(standard, tmp_path, {"Tasks!K2": "10/02/2026"})
    assert found == ["Tasks!K2: start '10/02/2026' could be 10 February or 2 October 2026: write the date as "
                     "2026-02-10 or 2026-10-02 (year-month-day), or make the cell a date"]


def test_the_deck_of_a_workbook_that_validates_never_overflows(standard: Path, tmp_path: Path) -> None:
    """Law at the edge: amounts and durations at the bounds still give a deck, with no overflow."""
    from pmokit.generators.deck import DeckOptions, write_deck
    from pmokit.workbooks.loader import load_portfolio

    path = edit(Path(shutil.copy(standard, tmp_path / "edge.xlsx")),
                {"Projects!L2": 1e15, "Status!C2": 1e15, "Status!D2": 1e15, "Status!E2": 1e15,
                 "Tasks!J2": 1e7, "Tasks!E5": 10_000, "Tasks!F5": 10_000, "Tasks!G5": 10_000})
    assert not [p for p in validate_workbook(path, ValidateOptions(as_of=AS_OF)) if p.severity == "error"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_deck(load_portfolio(path, today=AS_OF), tmp_path / "edge.pptx", DeckOptions(iterations=200))
