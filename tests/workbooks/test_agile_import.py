"""Jira and Azure DevOps CSV exports into the Throughput sheet: items done per period, backlog left."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from pmokit.workbooks.agile_import import AZURE_DEVOPS, JIRA, AgileError, throughput_rows

D = dt.date
# Jira's "Export Excel CSV (all fields)" headers and date format (dd/MMM/yy h:mm a); a duplicated
# column name (Sprint) as Jira writes one per sprint.
JIRA_CSV = """Summary,Issue key,Issue id,Issue Type,Status,Resolution,Created,Updated,Resolved,Sprint,Sprint
Login page,CRM-1,10001,Story,Done,Done,02/Mar/26 9:00 AM,05/Mar/26 4:00 PM,05/Mar/26 4:00 PM,S1,
Password reset,CRM-2,10002,Story,Done,Done,02/Mar/26 9:05 AM,06/Mar/26 10:00 AM,06/Mar/26 10:00 AM,S1,
Audit log,CRM-3,10003,Story,Done,Done,03/Mar/26 9:00 AM,17/Mar/26 11:00 AM,17/Mar/26 11:00 AM,S1,S2
Dup of login,CRM-4,10004,Bug,Done,Duplicate,03/Mar/26 9:00 AM,04/Mar/26 9:00 AM,04/Mar/26 9:00 AM,,
Reports,CRM-5,10005,Story,In Progress,,09/Mar/26 9:00 AM,18/Mar/26 9:00 AM,,S2,
Export,CRM-6,10006,Story,To Do,,16/Mar/26 9:00 AM,16/Mar/26 9:00 AM,,,
"""
ADO_CSV = """ID,Work Item Type,Title,State,Created Date,Closed Date
101,User Story,Import plan,Closed,3/2/2026 9:00:00 AM,3/4/2026 5:00:00 PM
102,User Story,Export plan,Closed,3/2/2026 9:00:00 AM,3/12/2026 5:00:00 PM
103,Bug,Fix calendar,Active,3/10/2026 9:00:00 AM,
104,User Story,Removed idea,Removed,3/2/2026 9:00:00 AM,
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_jira_items_done_per_week_ending_friday_and_the_backlog(tmp_path: Path) -> None:
    found = throughput_rows(write(tmp_path, JIRA_CSV), "CRM", JIRA)
    # Weeks end on Fridays 6, 13, 20 March 2026: CRM-1 and CRM-2 in the first, none in the second (a
    # real zero), CRM-3 in the third; CRM-4 was resolved as a duplicate and does not count.
    assert [(r.period_end, r.items_done, r.backlog) for r in found.rows] == [
        (D(2026, 3, 6), 2.0, 1.0), (D(2026, 3, 13), 0.0, 2.0), (D(2026, 3, 20), 1.0, 2.0)]
    assert found.notes == ["1 items closed without being done (Removed, Won't Do, Duplicate, …) are not counted, "
                           "as done or as backlog"]


def test_azure_devops_defaults_and_a_two_week_period(tmp_path: Path) -> None:
    found = throughput_rows(write(tmp_path, ADO_CSV), "CRM", replace(AZURE_DEVOPS, period_days=14))
    assert [(r.period_end, r.items_done, r.backlog) for r in found.rows] == [(D(2026, 3, 13), 2.0, 1.0)]


def test_columns_can_be_named_and_a_missing_one_is_named_back(tmp_path: Path) -> None:
    path = write(tmp_path, ADO_CSV.replace("Closed Date", "Finished On"))
    with pytest.raises(AgileError) as caught:
        throughput_rows(path, "CRM", AZURE_DEVOPS)
    assert str(caught.value).startswith("export.csv has no column 'Closed Date' (use --date-column to name it)")
    found = throughput_rows(path, "CRM", replace(AZURE_DEVOPS, date_column="Finished On"))
    assert sum(r.items_done for r in found.rows) == 2


def test_dates_in_no_known_format_are_refused_with_the_row(tmp_path: Path) -> None:
    path = write(tmp_path, ADO_CSV.replace("3/12/2026 5:00:00 PM", "twelfth of March"))
    with pytest.raises(AgileError) as caught:
        throughput_rows(path, "CRM", AZURE_DEVOPS)
    assert "column 'Closed Date' has dates in no one format pmokit knows (row 3: 'twelfth of March')" in str(
        caught.value)


def test_import_into_a_workbook_adds_the_project_when_missing(tmp_path: Path) -> None:
    from pmokit.workbooks.blank import write_blank_workbook
    from pmokit.workbooks.importing import import_agile
    from pmokit.workbooks.loader import load_portfolio
    from pmokit.workbooks.validate import validate_workbook

    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    result = import_agile(write(tmp_path, JIRA_CSV), book, "CRM", JIRA)
    assert result.notes[-1].startswith("project CRM was not on the Projects sheet: added")
    portfolio = load_portfolio(book, today=D(2026, 11, 27))
    assert [t.items_done for t in portfolio.throughput_of("CRM")] == [2.0, 0.0, 1.0]
    assert [p for p in validate_workbook(book) if p.severity == "error"] == []
    again = import_agile(write(tmp_path, JIRA_CSV), book, "CRM", JIRA)
    assert [c.empty for c in again.changes] == [True]
