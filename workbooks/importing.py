"""``pmokit import PLAN --into WORKBOOK``: a Microsoft Project plan into one project's rows.

The stages: read the plan (:mod:`pmokit.workbooks.mspdi`, or MPXJ for ``.mpp``), turn it into rows
(:mod:`pmokit.workbooks.plan_import`), put them into the workbook (:mod:`pmokit.workbooks.merge`).
The plan file is only read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pmokit.workbooks.agile_import import AgileOptions
from pmokit.workbooks.merge import Replacement, SheetChange, backup_path, update_workbook
from pmokit.workbooks.model import Holiday, Portfolio
from pmokit.workbooks.mspdi import MsPlan, PlanError, read_mspdi
from pmokit.workbooks.plan_import import ImportedPlan, plan_rows

PLAN_SUFFIXES = (".xml", ".mpp", ".mpt", ".mpx")
#: The Projects fields a plan sets on a project already in the workbook; the PMO's own (group,
#: sponsor, methodology, stage, priority, contingency) stay as the PMO typed them.
PLAN_PROJECT_FIELDS = ("project_id", "name", "start", "baseline_finish", "forecast_finish", "budget")


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    project_id: str
    changes: list[SheetChange]
    notes: list[str] = field(default_factory=list)
    backup: Path | None = None


def read_plan(path: str | Path) -> MsPlan:
    """Read a plan file: MSPDI XML directly, ``.mpp`` (and other binary formats) through MPXJ."""
    source = Path(path)
    if source.suffix.lower() in (".mpp", ".mpt", ".mpx"):
        from pmokit.workbooks.mpp import read_mpp

        if not source.is_file():
            raise PlanError(f"there is no plan file {source} (or it is not a regular file)")

        return read_mpp(source)
    return read_mspdi(source)


def project_id_for(plan: MsPlan, plan_path: Path, portfolio: Portfolio | None) -> str:
    """The project a plan goes to when ``--project`` is not given: the workbook's project of the
    same name, else a code made from the file name (``crm-migration.xml`` → ``CRM-MIGRATION``)."""
    title = (plan.title or plan.name or "").strip().casefold()
    if portfolio is not None and title:
        for p in portfolio.projects:
            if p.name.strip().casefold() == title:
                return p.project_id
    code = re.sub(r"[^A-Za-z0-9]+", "-", plan_path.stem).strip("-").upper()[:20]
    return code or "PLAN"


def import_plan(plan_path: str | Path, workbook: str | Path, project_id: str | None = None, *,
                dry_run: bool = False) -> ImportResult:
    """Import a plan into a workbook as one project's rows; see the module docstring."""
    from pmokit.workbooks.loader import read_portfolio

    source = Path(plan_path)
    target = Path(workbook)
    plan = read_plan(source)
    portfolio, _ = read_portfolio(target, partial=True) if target.is_file() else (None, [])
    pid = project_id or project_id_for(plan, source, portfolio)
    rows = plan_rows(plan, pid, fallback_name=source.stem)
    notes = list(rows.notes)
    weekmask = _weekmask(rows, portfolio, pid, notes)
    changes = update_workbook(target, replacements(rows), weekmask=weekmask, dry_run=dry_run)
    return ImportResult(pid, changes, notes, None if dry_run else backup_path(target.resolve()))


def replacements(rows: ImportedPlan) -> list[Replacement]:
    """The sheet-by-sheet replacements for an imported project."""
    owned = PLAN_PROJECT_FIELDS + tuple(f for f in ("currency", "project_manager") if getattr(rows.project, f))
    pid = rows.project.project_id
    return [
        Replacement("Projects", [rows.project], pid, owned),
        Replacement("Tasks", rows.tasks, pid),
        Replacement("Milestones", rows.milestones, pid),
        Replacement("Resources", rows.resources),
        Replacement("Calendar", [Holiday(d, name) for d, name in sorted(rows.calendar.holidays.items())]),
    ]


def _weekmask(rows: ImportedPlan, portfolio: Portfolio | None, pid: str, notes: list[str]) -> str | None:
    """The plan's working week when the workbook can take it: the Calendar sheet is shared by
    every project, so a different week is only set when no other project has tasks."""
    plan_mask = rows.calendar.weekmask
    current = portfolio.calendar.weekmask if portfolio is not None else "1111100"
    if plan_mask == current:
        return None
    others = portfolio is not None and any(t.project_id != pid for t in portfolio.tasks)
    if others:
        notes.append(f"the plan's working week ({_days(plan_mask)}) differs from the workbook's ({_days(current)}), "
                     "which every project shares: the workbook's is kept")
        return None
    return plan_mask


def _days(mask: str) -> str:
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return " ".join(n for n, bit in zip(names, mask) if bit == "1")


def import_agile(csv_path: str | Path, workbook: str | Path, project_id: str, options: AgileOptions, *,
                 dry_run: bool = False) -> ImportResult:
    """Import a Jira or Azure DevOps CSV export into the project's Throughput rows (replacing
    them); a project not on the Projects sheet yet is added with its ID as its name."""
    from pmokit.workbooks.agile_import import throughput_rows
    from pmokit.workbooks.loader import read_portfolio
    from pmokit.workbooks.model import Project

    target = Path(workbook)
    found = throughput_rows(csv_path, project_id, options)
    notes = list(found.notes)
    portfolio, _ = read_portfolio(target, partial=True) if target.is_file() else (None, [])
    known = portfolio is not None and any(p.project_id.casefold() == project_id.casefold() for p in portfolio.projects)
    replacements = [Replacement("Throughput", found.rows, project_id)]
    if not known:
        notes.append(f"project {project_id} was not on the Projects sheet: added with its ID as its name, Agile, "
                     "Execute; fill in the rest")
        replacements.insert(0, Replacement("Projects", [Project(project_id, project_id, methodology="Agile",
                                                                stage="Execute")]))
    changes = update_workbook(target, replacements, dry_run=dry_run)
    return ImportResult(project_id, changes, notes, None if dry_run else backup_path(target.resolve()))
