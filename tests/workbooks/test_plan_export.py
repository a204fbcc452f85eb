"""One project written as Microsoft Project XML, and read back.

Microsoft Project refuses an MSPDI file whose elements are out of the schema's order, so the order
of every element written is checked against ``mspdi_pj12.xsd`` (Microsoft's Project 2007 XML Data
Interchange Schema reference: the Project, Calendars, Tasks, Resources and Assignments elements;
the lists below are those sequences, cut to the elements pmokit writes).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pmokit.workbooks.model import Calendar, Holiday, Portfolio, Project, Resource, Task
from pmokit.workbooks.mspdi import NAMESPACE, parse_mspdi, read_mspdi
from pmokit.workbooks.mspdi_write import mspdi_bytes
from pmokit.workbooks.plan_import import ImportedPlan, plan_rows, three_point

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = ("SaveVersion", "UID", "Name", "Title", "Subject", "Category", "Company", "Manager", "Author",
           "CreationDate", "Revision", "LastSaved", "ScheduleFromStart", "StartDate", "FinishDate", "FYStartDate",
           "CriticalSlackLimit", "CurrencyDigits", "CurrencySymbol", "CurrencyCode", "CurrencySymbolPosition",
           "CalendarUID", "DefaultStartTime", "DefaultFinishTime", "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth",
           "DefaultTaskType", "DefaultFixedCostAccrual", "DefaultStandardRate", "DefaultOvertimeRate",
           "DurationFormat", "WorkFormat", "EditableActualCosts", "HonorConstraints", "EarnedValueMethod",
           "InsertedProjectsLikeSummary", "MultipleCriticalPaths", "NewTasksEffortDriven", "NewTasksEstimated",
           "SplitsInProgressTasks", "SpreadActualCost", "SpreadPercentComplete", "TaskUpdatesResource",
           "FiscalYearStart", "WeekStartDay", "MoveCompletedEndsBack", "MoveRemainingStartsBack",
           "MoveRemainingStartsForward", "MoveCompletedEndsForward", "BaselineForEarnedValue",
           "AutoAddNewResourcesAndTasks", "StatusDate", "CurrentDate", "MicrosoftProjectServerURL", "Autolink",
           "NewTaskStartDate", "DefaultTaskEVMethod", "ProjectExternallyEdited", "ExtendedCreationDate",
           "ActualsInSync", "RemoveFileProperties", "AdminProject", "OutlineCodes", "WBSMasks", "ExtendedAttributes",
           "Calendars", "Tasks", "Resources", "Assignments")
TASK = ("UID", "ID", "Name", "Type", "IsNull", "CreateDate", "Contact", "WBS", "WBSLevel", "OutlineNumber",
        "OutlineLevel", "Priority", "Start", "Finish", "Duration", "DurationFormat", "Work", "Stop", "Resume",
        "ResumeValid", "EffortDriven", "Recurring", "OverAllocated", "Estimated", "Milestone", "Summary", "Critical",
        "IsSubproject", "IsSubprojectReadOnly", "SubprojectName", "ExternalTask", "ExternalTaskProject", "EarlyStart",
        "EarlyFinish", "LateStart", "LateFinish", "StartVariance", "FinishVariance", "WorkVariance", "FreeSlack",
        "TotalSlack", "FixedCost", "FixedCostAccrual", "PercentComplete", "PercentWorkComplete", "Cost",
        "OvertimeCost", "OvertimeWork", "ActualStart", "ActualFinish", "ActualDuration", "ActualCost",
        "ActualOvertimeCost", "ActualWork", "ActualOvertimeWork", "RegularWork", "RemainingDuration", "RemainingCost",
        "RemainingWork", "RemainingOvertimeCost", "RemainingOvertimeWork", "ACWP", "CV", "ConstraintType",
        "CalendarUID", "ConstraintDate", "Deadline", "LevelAssignments", "LevelingCanSplit", "LevelingDelay",
        "LevelingDelayFormat", "PreLeveledStart", "PreLeveledFinish", "Hyperlink", "HyperlinkAddress",
        "HyperlinkSubAddress", "IgnoreResourceCalendar", "Notes", "HideBar", "Rollup", "BCWS", "BCWP",
        "PhysicalPercentComplete", "EarnedValueMethod", "PredecessorLink", "ActualWorkProtected",
        "ActualOvertimeWorkProtected", "ExtendedAttribute", "Baseline")
LINK = ("PredecessorUID", "Type", "CrossProject", "CrossProjectName", "LinkLag", "LagFormat")
EXTENDED = ("FieldID", "Value", "ValueGUID", "DurationFormat")
BASELINE = ("TimephasedData", "Number", "Interim", "Start", "Finish", "Duration", "DurationFormat",
            "EstimatedDuration", "Work", "Cost")
CALENDAR = ("UID", "Name", "IsBaseCalendar", "BaseCalendarUID", "WeekDays", "Exceptions")
WEEKDAY = ("DayType", "DayWorking", "TimePeriod", "WorkingTimes")
EXCEPTION = ("EnteredByOccurrences", "TimePeriod", "Occurrences", "Name", "Type", "Period", "DaysOfWeek",
             "MonthItem", "MonthPosition", "Month", "MonthDay", "DayWorking", "WorkingTimes")
RESOURCE = ("UID", "ID", "Name", "Type", "IsNull", "Initials", "Phonetics", "NTAccount", "MaterialLabel", "Code",
            "Group", "WorkGroup", "EmailAddress", "Hyperlink", "HyperlinkAddress", "HyperlinkSubAddress",
            "MaxUnits", "PeakUnits", "OverAllocated", "AvailableFrom", "AvailableTo", "Start", "Finish", "CanLevel",
            "AccrueAt", "Work", "RegularWork", "OvertimeWork", "ActualWork", "RemainingWork", "ActualOvertimeWork",
            "RemainingOvertimeWork", "PercentWorkComplete", "StandardRate")
ASSIGNMENT = ("UID", "TaskUID", "ResourceUID", "PercentWorkComplete", "ActualCost", "Units", "Work")
ORDERS = {"Project": PROJECT, "Task": TASK, "PredecessorLink": LINK, "ExtendedAttribute": EXTENDED,
          "Baseline": BASELINE, "Calendar": CALENDAR, "WeekDay": WEEKDAY, "Exception": EXCEPTION,
          "Resource": RESOURCE, "Assignment": ASSIGNMENT}


def out_of_order(data: bytes) -> list[str]:
    wrong = []
    for element in etree.fromstring(data).iter():
        parent = etree.QName(element).localname
        order = ORDERS.get(parent)
        if order is None or (parent == "ExtendedAttribute" and element.getparent().tag.endswith("Attributes")):
            continue
        names = [etree.QName(c).localname for c in element]
        unknown = [n for n in names if n not in order]
        positions = [order.index(n) for n in names if n in order]
        if unknown or positions != sorted(positions):
            wrong.append(f"{parent}: {names}")
    return wrong


def portfolio_of(plan: ImportedPlan) -> Portfolio:
    holidays = tuple(Holiday(d, n) for d, n in sorted(plan.calendar.holidays.items()))
    return Portfolio(projects=(plan.project,), tasks=tuple(plan.tasks), resources=tuple(plan.resources),
                     calendar=Calendar(holidays, plan.calendar.weekmask), milestones=tuple(plan.milestones))


def round_trip(plan: ImportedPlan) -> ImportedPlan:
    return plan_rows(parse_mspdi(mspdi_bytes(portfolio_of(plan), plan.project.project_id)), plan.project.project_id)


def same(a: ImportedPlan, b: ImportedPlan) -> None:
    assert b.tasks == a.tasks
    assert b.milestones == a.milestones
    assert b.project == a.project
    assert [(r.resource, r.role, r.cost_rate) for r in b.resources] == [
        (r.resource, r.role, r.cost_rate) for r in a.resources]
    assert b.calendar.weekmask == a.calendar.weekmask
    assert set(a.calendar.holidays) <= set(b.calendar.holidays) | {d for d in a.calendar.holidays
                                                                   if d.year > max(t.finish or d for t in a.tasks).year}


def test_every_element_is_in_the_schema_s_order() -> None:
    for fixture in ("links", "progress", "constraints", "calendar", "summary_links"):
        plan = plan_rows(read_mspdi(FIXTURES / f"{fixture}.xml"), "P1")
        assert out_of_order(mspdi_bytes(portfolio_of(plan), "P1")) == [], fixture


def test_import_export_import_gives_the_same_rows_for_every_fixture() -> None:
    for fixture in ("links", "summary_links", "progress", "constraints", "calendar", "unsupported"):
        first = plan_rows(read_mspdi(FIXTURES / f"{fixture}.xml"), "P1")
        same(first, round_trip(first))


def test_the_export_carries_ids_pert_and_lags_microsoft_project_reads() -> None:
    plan = plan_rows(read_mspdi(FIXTURES / "progress.xml"), "P1")
    root = etree.fromstring(mspdi_bytes(portfolio_of(plan), "P1"))
    ns = {"p": NAMESPACE}
    test = root.xpath("//p:Task[p:Name='Test']", namespaces=ns)[0]
    values = {x.findtext("p:FieldID", namespaces=ns): x.findtext("p:Value", namespaces=ns)
              for x in test.findall("p:ExtendedAttribute", ns)}
    assert values == {"188743731": "4", "188743783": "PT24H0M0S", "188743784": "PT32H0M0S",
                      "188743785": "PT56H0M0S"}
    build = root.xpath("//p:Task[p:Name='Build']", namespaces=ns)[0]
    assert build.findtext("p:Duration", namespaces=ns) == "PT88H0M0S"
    assert build.findtext("p:RemainingDuration", namespaces=ns) == "PT56H0M0S"
    assert build.findtext("p:PredecessorLink/p:Type", namespaces=ns) == "1"


# A generated plan: tasks with durations in quarter days, links back to earlier tasks of every type
# with lags and leads in half days, constraints, progress and PERT or default estimates.
KINDS = st.sampled_from(["FS", "SS", "FF", "SF"])
MONDAY = dt.date(2026, 3, 2)


@st.composite
def plans(draw: st.DrawFn) -> Portfolio:
    n = draw(st.integers(1, 10))
    tasks = []
    for i in range(n):
        milestone = draw(st.booleans()) and i > 0
        days = 0.0 if milestone else draw(st.integers(1, 40)) / 4
        links = []
        for j in draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []:
            links.append(f"T{j}{draw(KINDS)}{draw(st.integers(-4, 6)) / 2:+g}")
        start = MONDAY + dt.timedelta(days=7 * draw(st.integers(0, 10)))
        finish = start + dt.timedelta(days=draw(st.integers(0, 3)))
        pert = draw(st.booleans()) and not milestone
        o, m, p = (days * 0.5, days, days * 2) if pert else three_point(days)
        done = draw(st.sampled_from([0.0, 0.0, 0.25, 0.5, 1.0]))
        constraint = draw(st.sampled_from(["", "", "ALAP", "SNET", "FNLT", "MSO", "MFO", "SNLT", "FNET"]))
        tasks.append(Task(
            "GEN", f"T{i}", f"Task {i}", f"1.{i}", o, m, p, ", ".join(links),
            draw(st.sampled_from(["", "Ana", "Ben"])), draw(st.sampled_from([None, 8.0, 37.5])),
            start, finish, done, draw(st.sampled_from([None, 1000.0, 2500.5])), None, milestone,
            start, finish, start if done else None, finish if done == 1.0 else None, None,
            constraint, None if constraint in ("", "ALAP") else start, draw(st.sampled_from([None, finish])),
            "Imported PERT" if pert else "Default spread"))
    return Portfolio(projects=(Project("GEN", "Generated", start=MONDAY, currency="EUR"),), tasks=tuple(tasks),
                     resources=(Resource("Ana", "Analyst"), Resource("Ben", "Ben")),
                     calendar=Calendar((Holiday(dt.date(2026, 4, 3), "Good Friday"),), "1111100"))


@settings(max_examples=60)
@given(plans())
def test_import_export_import_gives_the_same_rows(portfolio: Portfolio) -> None:
    """Law: for any plan P, import(export(import(P))) = import(P), row for row."""
    first = plan_rows(parse_mspdi(mspdi_bytes(portfolio, "GEN")), "GEN")
    assert out_of_order(mspdi_bytes(portfolio_of(first), "GEN")) == []
    same(first, round_trip(first))
