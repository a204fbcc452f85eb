"""Putting one project's rows into an existing PMO workbook, leaving everything else as it was.

Re-importing a project replaces that project's rows only, table by table: a row whose key (Task
ID, milestone name, …) is still in the plan keeps its place, its formatting and the PMO's own
columns, and gets the plan's values; rows no longer in the plan go; new rows are added after the
project's others. Other projects' rows, other sheets, formulas and formatting stay as they were
(a formula in a row that moves is moved with it, as Excel moves it). Each Excel table is resized
to its new rows; a column the plan needs and the table lacks is added at its right.

openpyxl edits the file. It keeps formulas, styles, tables, validations and conditional formats,
but drops charts, pictures, pivot tables, slicers and a few newer features, and turns
dynamic-array formulas into legacy ones; :func:`check_editable` refuses such a workbook before
anything is written, saying what it holds. The workbook is written atomically and its previous
version kept beside it as ``<name>.bak.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import warnings
import zipfile
from collections.abc import Sequence
from copy import copy
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from pmokit.addin.errors import PmoError
from pmokit.workbooks.cells import CellProblem, read
from pmokit.workbooks.output import write_atomically
from pmokit.workbooks.schema import Column, SheetSpec, column_letter, sheet

SUFFIXES = (".xlsx", ".xlsm")
#: Parts of the file openpyxl would drop or damage, and what they are for a reader.
_DROPPED = (
    (re.compile(r"xl/charts/chart\d+\.xml"), "charts"),
    (re.compile(r"xl/drawings/drawing\d+\.xml"), "pictures, shapes or charts"),
    (re.compile(r"xl/pivotTables/"), "pivot tables"),
    (re.compile(r"xl/slicers/"), "slicers"),
    (re.compile(r"xl/timelines/"), "timelines"),
    (re.compile(r"xl/(activeX|ctrlProps)/"), "form or ActiveX controls"),
    (re.compile(r"xl/model/"), "a Power Pivot data model"),
    (re.compile(r"xl/queryTables/|xl/connections\.xml"), "data connections or queries"),
    (re.compile(r"xl/metadata\.xml"), "dynamic-array formulas (they would stop spilling)"),
    (re.compile(r"xl/richData/"), "pictures or data types in cells"),
    (re.compile(r"xl/threadedComments/"), "threaded comments"),
)
_SHEET_EXTRAS = ((b"sparklineGroup", "sparklines"), (b"x14:conditionalFormatting", "newer conditional formats"),
                 (b"x14:dataValidation", "data validations that refer to other sheets"))


class UpdateError(PmoError):
    """The workbook cannot be updated safely; nothing was written."""

    exit_code = 1


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


def check_editable(path: Path) -> None:
    """Refuse a workbook holding what openpyxl would drop (:class:`UpdateError` says what)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            found = [words for pattern, words in _DROPPED if any(pattern.match(n) for n in names)]
            for part in (n for n in names if re.match(r"xl/worksheets/sheet\d+\.xml", n)):
                data = archive.read(part)
                found += [words for marker, words in _SHEET_EXTRAS if marker in data]
    except (zipfile.BadZipFile, OSError) as exc:
        raise UpdateError(f"{path.name} cannot be read as an Excel workbook ({exc})") from None
    if found:
        kinds = ", ".join(dict.fromkeys(found))
        raise UpdateError(f"{path.name} holds {kinds}, which openpyxl (the library pmokit edits workbooks with) "
                          "would drop or break; nothing was written. Keep those in a workbook of their own that "
                          "links to this one, or import into a copy without them (pmokit new makes a blank one)")


def backup_path(path: Path) -> Path:
    """Where the previous version is kept: ``portfolio.xlsx`` → ``portfolio.bak.xlsx``."""
    return path.with_name(f"{path.stem}.bak{path.suffix}")


def update_workbook(path: str | Path, replacements: Sequence[Replacement], *, weekmask: str | None = None,
                    dry_run: bool = False) -> list[SheetChange]:
    """Apply the replacements to the workbook at ``path`` (and set the Calendar's working week when
    ``weekmask`` is given); returns what changed, sheet by sheet. ``dry_run`` writes nothing."""
    import openpyxl

    target = Path(path)
    if not target.is_file():
        raise UpdateError(f"there is no workbook {target} (pmokit new {target.name} makes a blank one)")
    if target.suffix.lower() not in SUFFIXES:
        raise UpdateError(f"{target.name} is not an .xlsx or .xlsm workbook")
    check_editable(target)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions check_editable let through
        try:
            book = openpyxl.load_workbook(target, keep_vba=target.suffix.lower() == ".xlsm", keep_links=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise UpdateError(f"{target.name} cannot be read as an Excel workbook ({exc})") from None
    changes = [_Table(book, sheet(r.sheet)).replace(r) for r in replacements]
    if weekmask is not None:
        _Table(book, sheet("Calendar")).set_weekmask(weekmask)
    if dry_run:
        return changes

    def save(tmp: Path) -> None:
        book.save(tmp)

    def keep(tmp: Path) -> None:
        shutil.copyfile(target, tmp)

    write_atomically(backup_path(target), keep)
    write_atomically(target, save)
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


class _Table:
    """One standard table on its sheet, read into rows of cells and written back."""

    def __init__(self, book: Any, spec: SheetSpec) -> None:
        self.book = book
        self.spec = spec
        self.ws, self.table = self._find()
        from openpyxl.utils.cell import range_boundaries

        if self.table is not None:
            if self.table.totalsRowCount:
                raise UpdateError(f"the {spec.name} table has a totals row: turn it off (Table Design → Total Row) "
                                  "before importing, and back on after")
            c0, r0, c1, r1 = range_boundaries(self.table.ref)
        else:
            c0, r0, c1, r1 = self._sheet_bounds()
        self.c0, self.top, self.c1, self.bottom = int(c0), int(r0), int(c1), int(r1)
        self.fields: dict[int, Column] = {}
        for c in range(self.c0, self.c1 + 1):
            column = spec.match(self.ws.cell(self.top, c).value)
            if column is not None and column.field not in {x.field for x in self.fields.values()}:
                self.fields[c] = column

    def _find(self) -> tuple[Any, Any]:
        name = self.spec.name.casefold()
        for ws in self.book.worksheets:
            for table in ws.tables.values():
                if str(table.displayName).casefold() == name:
                    return ws, table
        for ws in self.book.worksheets:
            if ws.title.casefold() == name:
                tables = list(ws.tables.values())
                return ws, (tables[0] if len(tables) == 1 else None)
        return self._create(), self.book[self.spec.name].tables[self.spec.name]

    def _create(self) -> Any:
        from openpyxl.worksheet.table import Table, TableStyleInfo

        ws = self.book.create_sheet(self.spec.name)
        for j, column in enumerate(self.spec.columns, start=1):
            ws.cell(1, j, column.header)
            ws.column_dimensions[column_letter(j - 1)].width = column.width
        ref = f"A1:{column_letter(len(self.spec.columns) - 1)}2"
        table = Table(displayName=self.spec.name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
        return ws

    def _sheet_bounds(self) -> tuple[int, int, int, int]:
        for row in self.ws.iter_rows():
            filled = [c for c in row if c.value not in (None, "")]
            if filled:
                return filled[0].column, filled[0].row, filled[-1].column, max(self.ws.max_row, filled[0].row + 1)
        return 1, 1, len(self.spec.columns), 2

    # ---- reading ----------------------------------------------------------------------------
    def _rows(self) -> list[tuple[int, list[Any]]]:
        """The data rows (sheet row, cells), blank rows left out."""
        out = []
        for r in range(self.top + 1, self.bottom + 1):
            cells = [self.ws.cell(r, c) for c in range(self.c0, self.c1 + 1)]
            if any(c.value not in (None, "") for c in cells):
                out.append((r, cells))
        return out

    def _values(self, cells: list[Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for c, column in self.fields.items():
            raw = cells[c - self.c0].value
            if raw in (None, ""):
                values[column.field] = None
                continue
            try:
                values[column.field] = read(raw, column)
            except CellProblem:
                values[column.field] = raw
        return values

    # ---- replacing --------------------------------------------------------------------------
    def replace(self, r: Replacement) -> SheetChange:
        spec = self.spec
        key = _key(spec)
        owned = set(r.owned) if r.owned is not None else {f.name for f in fields(spec.record)} - {"row"}
        change = SheetChange(spec.name)
        new = [{f.name: getattr(rec, f.name) for f in fields(spec.record) if f.name != "row"} for rec in r.records]
        defaults = _defaults(spec)
        wanted = {tuple(_fold(v[k]) for k in key): v for v in new}
        old = self._rows()
        plan: list[tuple[str, Any, Any]] = []  # ("keep", cells, row) | ("new", values, (cells, row) | None)
        placed = False
        matched: set[tuple[Any, ...]] = set()
        for row, cells in old:
            values = {f: (defaults.get(f) if v is None else v) for f, v in self._values(cells).items()}
            k = tuple(_fold(values.get(f)) for f in key)
            mine = r.project_id is not None and _fold(values.get("project_id")) == _fold(r.project_id)
            if not mine:
                if r.project_id is None and k in wanted:
                    matched.add(k)
                plan.append(("keep", cells, row))
                continue
            if not placed:
                plan += [("slot", None, None)]
                placed = True
            if k in wanted and k not in matched:
                matched.add(k)
                if any(_fold(values.get(f, defaults.get(f))) != _fold(wanted[k][f]) for f in owned
                       if f in values or wanted[k][f] not in (None, "", defaults.get(f))):
                    change.changed.append(describe(spec, wanted[k]))
                plan.append(("new", wanted[k], (cells, row)))
            else:
                change.removed.append(describe(spec, values))
        fresh = [v for k, v in wanted.items() if k not in matched]
        change.added = [describe(spec, v) for v in fresh]
        slot = next((i for i, p in enumerate(plan) if p[0] == "slot"), None)
        if slot is None:
            plan += [("new", v, None) for v in fresh]
        else:
            last = max((i for i, p in enumerate(plan) if p[0] == "new"), default=slot)
            plan[last + 1:last + 1] = [("new", v, None) for v in fresh]
            plan.pop(slot)
        if not change.empty:
            self._write(plan, owned, new)
        return change

    def _write(self, plan: list[tuple[str, Any, Any]], owned: set[str], new: list[dict[str, Any]]) -> None:
        self._add_columns({f for v in new for f, x in v.items() if x not in (None, "") and f in owned})
        template = self._template()
        width = self.c1 - self.c0 + 1
        rows = max(len(plan), 1)
        self._room_below(self.top + rows)
        laid: list[list[tuple[Any, Any]]] = []
        for i, (kind, payload, origin) in enumerate(plan):
            target = self.top + 1 + i
            if kind == "keep":
                laid.append([(_moved(c.value, c.coordinate, target), c._style) for c in payload])
                continue
            base = origin[0] if origin else None
            row: list[tuple[Any, Any]] = []
            for j in range(width):
                c = self.c0 + j
                column = self.fields.get(c)
                if base is not None and j < len(base):
                    value, style = _moved(base[j].value, base[j].coordinate, target), base[j]._style
                else:
                    value, style = self._fresh(c, column, target, template)
                if column is not None and (column.field in owned or base is None):
                    value = _cell(payload.get(column.field), column)
                row.append((value, style))
            laid.append(row)
        for i in range(max(rows, self.bottom - self.top)):
            r = self.top + 1 + i
            for j in range(width):
                cell = self.ws.cell(r, self.c0 + j)
                if i < len(laid):
                    cell.value, style = laid[i][j]
                    if style is not None:
                        cell._style = copy(style)
                    column = self.fields.get(self.c0 + j)
                    if column is not None and column.kind == "date" and isinstance(cell.value, dt.date):
                        if cell.number_format == "General":
                            cell.number_format = column.excel_format
                else:
                    cell.value = None
        self.bottom = self.top + rows
        if self.table is not None:
            ref = f"{column_letter(self.c0 - 1)}{self.top}:{column_letter(self.c1 - 1)}{self.bottom}"
            self.table.ref = ref
            if self.table.autoFilter is not None:
                self.table.autoFilter.ref = ref

    def _template(self) -> list[Any]:
        """The first data row's cells: the look new rows take."""
        row = self.top + 1
        return [self.ws.cell(row, c) for c in range(self.c0, self.c1 + 1)]

    def _fresh(self, c: int, column: Column | None, target: int, template: list[Any]) -> tuple[Any, Any]:
        style = template[c - self.c0]._style if c - self.c0 < len(template) else None
        if column is None and self.table is not None:
            formula = self._calculated(c)
            return (f"={formula}" if formula else None), style
        return None, style

    def _calculated(self, c: int) -> str | None:
        columns = list(self.table.tableColumns)
        j = c - self.c0
        if j < len(columns) and columns[j].calculatedColumnFormula is not None:
            text = columns[j].calculatedColumnFormula.attr_text
            return str(text) if text else None
        return None

    def _room_below(self, last: int) -> None:
        for r in range(self.bottom + 1, last + 1):
            for c in range(self.c0, self.c1 + 1):
                if self.ws.cell(r, c).value not in (None, ""):
                    raise UpdateError(f"{self.ws.title}!{column_letter(c - 1)}{r} holds data right below the "
                                      f"{self.spec.name} table, which needs to grow to row {last}: move it, then import "
                                      "again; nothing was written")

    def _add_columns(self, needed: set[str]) -> None:
        from openpyxl.worksheet.table import TableColumn

        have = {column.field for column in self.fields.values()}
        for column in self.spec.columns:
            if column.field not in needed or column.field in have:
                continue
            c = self.c1 + 1
            for r in range(self.top, max(self.bottom, self.top + 1) + 1):
                if self.ws.cell(r, c).value not in (None, ""):
                    raise UpdateError(f"the {self.spec.name} table needs a '{column.header}' column, but "
                                      f"{self.ws.title}!{column_letter(c - 1)}{r} beside it is not empty; nothing was "
                                      "written")
            head = self.ws.cell(self.top, c, column.header)
            head._style = copy(self.ws.cell(self.top, self.c1)._style)
            self.ws.column_dimensions[column_letter(c - 1)].width = column.width
            if self.table is not None:
                ids = [tc.id for tc in self.table.tableColumns]
                self.table.tableColumns.append(TableColumn(id=max(ids, default=0) + 1, name=column.header))
            self.fields[c] = column
            self.c1 = c
            have.add(column.field)

    def set_weekmask(self, mask: str) -> None:
        """Write the working week into the Calendar table's first row (the one the loader reads)."""
        target = next((c for c, column in self.fields.items() if column.field == "weekmask"), None)
        if target is None:
            self._add_columns({"weekmask"})
            target = self.c1
        rows = self._rows()
        row = rows[0][0] if rows else self.top + 1
        self.ws.cell(row, target).value = mask
        if not rows and self.table is not None and self.bottom < row:
            self.bottom = row


def _cell(value: Any, column: Column) -> Any:
    if value is None or value == "":
        return None
    if column.kind == "bool":
        return "Yes" if value else "No"
    if column.kind == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _moved(value: Any, origin: str, row: int) -> Any:
    """A cell's value at its new row: a formula's relative references move with it, as in Excel."""
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    found = re.match(r"([A-Z]+)(\d+)$", origin)
    if found is None or int(found.group(2)) == row:
        return value
    from openpyxl.formula.translate import Translator

    return Translator(value, origin=origin).translate_formula(f"{found.group(1)}{row}")
