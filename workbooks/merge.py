"""Putting one project's rows into an existing PMO workbook, leaving everything else as it was.

Re-importing a project replaces that project's rows only, table by table: a row whose key (Task
ID, milestone name, …) is still in the plan keeps its formatting and the PMO's own columns (its
cells move with it) and gets the plan's values; rows no longer in the plan go; the project's rows
stand where its first row stood, in the plan's order, so a task inserted mid-plan lands mid-plan. Other projects' rows, other sheets, formulas and formatting stay as they were
(a formula in a row that moves is moved with it, as Excel moves it). Each Excel table is resized
to its new rows; a column the plan needs and the table lacks is added at its right.

The file is edited as the package it is (:mod:`pmokit.workbooks.package`), not loaded and saved
whole: only the worksheets whose tables change, those tables' parts and what must follow them
(a date format added to the styles when a date column has none, the calculation chain dropped
when formula cells moved, Excel asked to recalculate on opening) are written anew; every other
part — charts, pictures, pivot tables, slicers, dynamic-array formulas and their metadata, VBA,
shared strings — goes back byte for byte. What cannot be done safely (a protected sheet, a table
with a totals row, data right below a table that must grow, …) is refused before anything is
written (:mod:`pmokit.workbooks.table_edit`). The workbook is written atomically and its previous
version kept beside it as ``<name>.bak.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from pmokit.workbooks.book_xml import Book
from pmokit.workbooks.output import write_atomically
from pmokit.workbooks.package import PackageError
from pmokit.workbooks.schema import SheetSpec, sheet
from pmokit.workbooks.table_edit import Session, Step, Table, UpdateError

__all__ = ["Replacement", "SheetChange", "UpdateError", "backup_path", "describe", "update_workbook"]

SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Replacement:
    """Rows for one sheet. With ``project_id`` the project's rows are replaced by ``records``;
    without, ``records`` whose key is not on the sheet yet are added and nothing else changes.
    ``owned`` lists the fields a matched row takes from the record (None: every field)."""

    sheet: str
    records: Sequence[Any]
    project_id: str | None = None
    owned: tuple[str, ...] | None = None


@dataclass
class SheetChange:
    """What an update does to one sheet: the rows added, changed and removed, by their key."""

    sheet: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def backup_path(path: Path) -> Path:
    """Where the previous version is kept: ``portfolio.xlsx`` → ``portfolio.bak.xlsx``."""
    return path.with_name(f"{path.stem}.bak{path.suffix}")


def update_workbook(path: str | Path, replacements: Sequence[Replacement], *, weekmask: str | None = None,
                    dry_run: bool = False) -> list[SheetChange]:
    """Apply the replacements to the workbook at ``path`` (and set the Calendar's working week when
    ``weekmask`` is given); returns what changed, sheet by sheet. ``dry_run`` writes nothing."""
    target = Path(path).resolve()  # a workbook reached through a link is updated where it lives (and backed up there)
    if not target.is_file():
        raise UpdateError(f"there is no workbook {target} (pmokit new {target.name} makes a blank one)")
    if target.suffix.lower() not in SUFFIXES:
        raise UpdateError(f"{target.name} is not an .xlsx or .xlsm workbook")
    try:
        session = Session(Book(target))
        changes = [replace(Table(session, sheet(r.sheet)), r) for r in replacements]
        if weekmask is not None:
            Table(session, sheet("Calendar")).set_weekmask(weekmask)
        session.finish()
    except PackageError as exc:
        raise UpdateError(f"{target.name} cannot be read as an Excel workbook ({exc}); nothing was written") from None
    if dry_run:
        return changes

    def keep(tmp: Path) -> None:
        shutil.copyfile(target, tmp)

    write_atomically(backup_path(target), keep)
    write_atomically(target, session.book.package.save, rewrites_input=True)  # the import's purpose
    return changes


def _key(spec: SheetSpec) -> tuple[str, ...]:
    return spec.key or ("project_id", spec.columns[1].field)


def describe(spec: SheetSpec, values: dict[str, Any]) -> str:
    """A row named by its key, as the dry run lists it: ``task 12 'Build API'``."""
    key = [values.get(f) for f in _key(spec) if f != "project_id" or spec.name == "Projects"]
    shown = " ".join(v.isoformat() if isinstance(v, dt.date) else str(v) for v in key if v not in (None, ""))
    name = values.get("name") if spec.name in ("Tasks", "Projects") else None
    return f"{shown} '{name}'" if name else shown


def _defaults(spec: SheetSpec) -> dict[str, Any]:
    """Each field's value for a blank cell (the record's default; None when it has none)."""
    out: dict[str, Any] = {}
    for f in fields(spec.record):
        out[f.name] = None if f.default is MISSING else f.default
    return out


def _fold(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    return value.strip().casefold() if isinstance(value, str) else value


def replace(table: Table, r: Replacement) -> SheetChange:
    """Put a replacement's rows into its table (see the module docstring); returns what changed."""
    spec = table.spec
    key = _key(spec)
    owned = set(r.owned) if r.owned is not None else {f.name for f in fields(spec.record)} - {"row"}
    change = SheetChange(spec.name)
    new = [{f.name: getattr(rec, f.name) for f in fields(spec.record) if f.name != "row"} for rec in r.records]
    defaults = _defaults(spec)
    wanted = {tuple(_fold(v[k]) for k in key): v for v in new}
    old = table.rows()
    plan: list[Step] = []
    placed = False
    matched: set[tuple[Any, ...]] = set()
    sources: dict[tuple[Any, ...], tuple[Any, int]] = {}  # a kept row's values and sheet row, by key

    def read(row: int, only: set[str] | None = None) -> dict[str, Any]:
        return {f: (defaults.get(f) if v is None else v) for f, v in table.values(row, only).items()}

    heads = {*key, "project_id"}  # all that is read of another project's row
    for row in old:
        values = read(row, heads)
        k = tuple(_fold(values.get(f)) for f in key)
        mine = r.project_id is not None and _fold(values.get("project_id")) == _fold(r.project_id)
        if not mine:
            if r.project_id is None and k in wanted:
                matched.add(k)
            plan.append(("keep", None, row))
            continue
        values = read(row)
        if not placed:
            plan += [("slot", None, None)]
            placed = True
        if k in wanted and k not in matched:
            matched.add(k)
            if any(_fold(values.get(f, defaults.get(f))) != _fold(wanted[k][f]) for f in owned
                   if f in values or wanted[k][f] not in (None, "", defaults.get(f))):
                change.changed.append(describe(spec, wanted[k]))
            sources[k] = (table.values(row), row)
        else:
            change.removed.append(describe(spec, values))
    fresh = [v for k, v in wanted.items() if k not in matched]
    change.added = [describe(spec, v) for v in fresh]
    # The project's rows in the plan's order (a task inserted mid-plan lands mid-plan), each kept
    # row taking its own cells along: where the project's first row was, else at the end.
    ours: list[Step] = [("new", v, sources.get(k)) for k, v in wanted.items()]
    slot = next((i for i, p in enumerate(plan) if p[0] == "slot"), None)
    if slot is None:
        plan += ours
    else:
        plan[slot:slot + 1] = ours
    if not change.empty:
        table.write(plan, owned, {f for v in new for f, x in v.items() if x not in (None, "") and f in owned})
    return change
