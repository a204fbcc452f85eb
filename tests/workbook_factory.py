"""Small portfolios built in code, and a helper to edit one cell of a written workbook, for the
workbook tests (schema, writer, loader, validator, governance, CLI)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from pmokit.workbooks.model import (Calendar, Charter, Decision, Holiday, Milestone, Portfolio, Project, Resource, Risk,
                              StatusReport, Task, Throughput)

D = dt.date
AS_OF = D(2026, 11, 27)


def small_portfolio() -> Portfolio:
    """Two projects (one Waterfall in Execute, one Agile in Plan) with every sheet filled in."""
    projects = (
        Project("P01", "CRM replacement", "Digital", "COO", "A. Kowalski", "Waterfall", "Execute", 1,
                D(2026, 2, 2), D(2026, 12, 18), D(2027, 1, 29), 850000.0, 85000.0),
        Project("P02", "Mobile app", "Digital", "CMO", "B. Singh", "Agile", "Plan", 2,
                D(2026, 9, 1), None, D(2027, 3, 31), 300000.0, None),
    )
    tasks = (
        Task("P01", "T1", "Requirements", "1.1", 3.0, 5.0, 9.0, "", "Business analyst", 80.0,
             D(2026, 2, 2), D(2026, 2, 6), 1.0, 8000.0, 8200.0, False),
        Task("P01", "T2", "Design", "1.2", 4.0, 6.0, 11.0, "T1", "Solution architect", 48.0,
             D(2026, 2, 9), D(2026, 2, 16), 0.5, 5200.0, 2600.0, False),
        Task("P01", "T3", "Build", "1.3", 10.0, 15.0, 25.0, "T2FS+2, T1 SS", "Developer", 300.0,
             D(2026, 2, 19), D(2026, 3, 11), 0.25, 30000.0, 9000.0, False),
        Task("P01", "M1", "Go-live", "1.4", 0.0, 0.0, 0.0, "T3", "", None, D(2026, 3, 12), D(2026, 3, 12),
             0.0, None, None, True),
        Task("P02", "T1", "Discovery", "1", 5.0, 8.0, 12.0, "", "M. Okafor", 120.0, D(2026, 9, 1),
             D(2026, 9, 10), 0.0, 12000.0, None, False),
    )
    resources = (
        Resource("M. Okafor", "Business analyst", "Delivery", 37.5, 85.0),
        Resource("J. Lee", "Solution architect", "Architecture", 40.0, 110.0),
        Resource("Developer vacancy", "Developer", "Delivery", 40.0, 90.0, D(2026, 4, 1), None),
        Resource("R. Diaz", "Developer", "Delivery", 32.0, 95.0, None, D(2026, 12, 31)),
    )
    calendar = Calendar(holidays=(Holiday(D(2026, 12, 25), "Christmas Day"), Holiday(D(2026, 12, 28), "Boxing Day")),
                        weekmask="0111110")
    status = (
        StatusReport("P01", D(2026, 9, 25), 400000.0, 380000.0, 390000.0, "Green", "Green", "Green", "Green", "Amber",
                     "On track.", "Start build."),
        StatusReport("P01", D(2026, 10, 30), 520000.0, 470000.0, 505000.0, "Amber", "Amber", "Amber", "Green", "Red",
                     "Migration slipping.", "Agree extra tester."),
        StatusReport("P02", D(2026, 11, 20), 20000.0, 18000.0, 21000.0, "Green", "Green", "Amber", "Green", "Green",
                     "Discovery under way.", "Backlog refinement."),
    )
    milestones = (
        Milestone("P01", "Design signed off", D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 2)),
        Milestone("P01", "Go-live", D(2026, 11, 16), D(2026, 12, 7), None),
        Milestone("P02", "MVP", D(2027, 2, 1), D(2027, 2, 15), None),
    )
    risks = (
        Risk("P01", "R01", "Legacy data quality worse than assumed", 0.3, 4, 20000.0, 45000.0, 90000.0,
             "Data lead", "Profile data in sprint 1.", "Open", D(2026, 12, 1)),
        Risk("P01", "R02", "Vendor key person leaves", 0.1, 3, 5000.0, 10000.0, 30000.0, "PM", "Shadowing.",
             "Mitigating", None),
        Risk("P02", "R01", "App store review delays", 0.5, 2, 0.0, 2000.0, 5000.0, "PO", "Submit early.",
             "Open", D(2026, 12, 15)),
    )
    decisions = (Decision("P01", "Approve extra tester for 8 weeks", D(2026, 12, 4), "Sponsor", "Open"),)
    charters = (
        Charter("P01", "Cut cost to serve by 12%.", "Replace CRM.", "Sales; service.", "Marketing.", "New CRM.",
                "95% active users.", "Vendor support.", "Go-live before peak.", "Sales; IT Ops.",
                "Steering committee", D(2026, 1, 20)),
        Charter("P02", "Reach mobile customers.", "Ship MVP.", "iOS; Android.", "Tablet.", "Apps.", "10k installs.",
                "", "", "Marketing."),
    )
    throughput = (
        Throughput("P02", D(2026, 10, 16), 5.0, 60.0),
        Throughput("P02", D(2026, 10, 30), 7.0, 53.0),
        Throughput("P02", D(2026, 11, 13), 6.0, 47.0),
    )
    return Portfolio(projects, tasks, resources, calendar, status, milestones, risks, decisions, charters,
                     throughput)


def without_rows(portfolio: Portfolio) -> Portfolio:
    """The same portfolio with every record's ``row`` set to 0 and no source, to compare content."""
    def strip(records: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(dataclasses.replace(r, row=0) for r in records)

    return Portfolio(
        strip(portfolio.projects), strip(portfolio.tasks), strip(portfolio.resources),
        Calendar(strip(portfolio.calendar.holidays), portfolio.calendar.weekmask), strip(portfolio.status),
        strip(portfolio.milestones), strip(portfolio.risks), strip(portfolio.decisions), strip(portfolio.charters),
        strip(portfolio.throughput),
    )


def edit(path: Path, changes: dict[str, Any]) -> Path:
    """Set cells (``{"Tasks!G3": 2}``) of a workbook with openpyxl, tables kept, and save it in place."""
    book = openpyxl.load_workbook(path)
    for where, value in changes.items():
        sheet, cell = where.split("!")
        book[sheet][cell] = value
    book.save(path)
    return path
