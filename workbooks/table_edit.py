"""One standard table in a workbook package: found, read into rows, and laid out anew.

The table is the Excel table named like the sheet (``Tasks``), else the only table of the sheet of
that name, else the sheet's used range from its first non-empty row; a workbook without the sheet
gets one, with an empty table. Only the cells of the table's columns move (as Excel moves them for
"Insert / Delete Table Rows"); cells beside the table stay in their sheet rows.

What cannot be done safely raises :class:`UpdateError` before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from openpyxl.utils.cell import range_boundaries

from pmokit.addin.errors import PmoError
from pmokit.workbooks.book_xml import R_NS, Book, TablePart
from pmokit.workbooks.cells import CellProblem, read
from pmokit.workbooks.schema import Column, SheetSpec, column_letter
from pmokit.workbooks.sheet_xml import (MAIN, SAME, MoveError, Sheet, Take, cell_ref, formula_cell, new_cell, q,
                                        range_ref, split, translate)

TABLE_STYLE = "TableStyleMedium2"


EXCEL_CELL_CHARACTERS = 32_767  # the most text an Excel cell holds


class UpdateError(PmoError):
    """The workbook cannot be updated safely; nothing was written."""

    exit_code = 1


@dataclass
class Session:
    """One update of a workbook: the book, and the sheets it changed (with their formula cells
    before the change, so the calculation chain is dropped only when formula cells moved)."""

    book: Book
    formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    edited: set[str] = field(default_factory=set)

    def editing(self, part: str) -> Sheet:
        sheet = self.book.sheet(part)
        self.formulas.setdefault(part, sheet.formula_cells())
        return sheet

    def finish(self) -> None:
        """Dimensions made true, the calculation chain dropped if formula cells moved, and Excel
        asked to recalculate on opening (formulas over the tables see new rows)."""
        for part in self.edited:
            sheet = self.book.sheet(part)
            sheet.set_dimension()
            self.book.touch(part)
            if sheet.formula_cells() != self.formulas[part]:
                self.book.drop_calc_chain()
        if self.edited:
            self.book.recalculate_on_opening()


#: A row of the new layout: ("keep", None, sheet row) for a row left as it was (moved at most),
#: ("new", values, (old values, sheet row) | None) for a row taking the plan's values.
Step = tuple[str, Any, Any]


class Table:
    """One standard table on its sheet (see the module docstring)."""

    def __init__(self, session: Session, spec: SheetSpec) -> None:
        self.session = session
        self.book = session.book
        self.spec = spec
        self.title, self.part, self.table = self._find()
        self.sheet = session.editing(self.part)
        if self.sheet.protected():
            raise UpdateError(f"the {self.title} sheet is protected: unprotect it (Review → Unprotect Sheet) before "
                              "importing, and protect it again after; nothing was written")
        if self.table is not None:
            root = self.table.root
            if root.get("headerRowCount") == "0":
                raise UpdateError(f"the {self.table.name} table has no header row, so pmokit cannot tell its columns: "
                                  "turn it on (Table Design → Header Row); nothing was written")
            if int(root.get("totalsRowCount") or 0):
                raise UpdateError(f"the {spec.name} table has a totals row: turn it off (Table Design → Total Row) "
                                  "before importing, and back on after")
            c0, r0, c1, r1 = range_boundaries(self.table.ref)
        else:
            c0, r0, c1, r1 = self._sheet_bounds()
        self.c0, self.top, self.c1, self.bottom = int(c0 or 1), int(r0 or 1), int(c1 or 1), int(r1 or 2)
        self._rows: list[int] | None = None
        self.fields: dict[int, Column] = {}
        for c in range(self.c0, self.c1 + 1):
            column = spec.match(self.sheet.value(self.top, c))
            if column is not None and column.field not in {x.field for x in self.fields.values()}:
                self.fields[c] = column

    # ---- finding -------------------------------------------------------------------------------
    def _find(self) -> tuple[str, str, TablePart | None]:
        name = self.spec.name.casefold()
        for entry in self.book.sheets:
            for table in self.book.tables(entry.part):
                if table.name.casefold() == name:
                    return entry.name, entry.part, table
        for entry in self.book.sheets:
            if entry.name.casefold() == name:
                tables = self.book.tables(entry.part)
                return entry.name, entry.part, (tables[0] if len(tables) == 1 else None)
        return self._create()

    def _create(self) -> tuple[str, str, TablePart]:
        """The sheet the workbook lacks, with the standard empty table (as ``pmokit new`` makes it)."""
        if self.book.protected_structure():
            raise UpdateError(f"the workbook has no {self.spec.name} sheet and its structure is protected, so "
                              "pmokit cannot add one: unprotect it (Review → Protect Workbook); nothing was written")
        columns = self.spec.columns
        last = column_letter(len(columns) - 1)
        sheet = etree.Element(q("worksheet"), nsmap={None: MAIN, "r": R_NS})
        etree.SubElement(sheet, q("dimension"), ref=f"A1:{last}1")
        views = etree.SubElement(sheet, q("sheetViews"))
        etree.SubElement(views, q("sheetView"), workbookViewId="0")
        etree.SubElement(sheet, q("sheetFormatPr"), defaultRowHeight="15")
        cols = etree.SubElement(sheet, q("cols"))
        for j, column in enumerate(columns, start=1):
            etree.SubElement(cols, q("col"), min=str(j), max=str(j), width=f"{column.width:g}", customWidth="1")
        row = etree.SubElement(etree.SubElement(sheet, q("sheetData")), q("row"), r="1")
        for j, column in enumerate(columns, start=1):
            row.append(new_cell(1, j, column.header, None))
        etree.SubElement(sheet, q("pageMargins"), left="0.7", right="0.7", top="0.75", bottom="0.75", header="0.3",
                         footer="0.3")
        table = etree.Element(q("table"), nsmap={None: MAIN}, id="0", name=self.spec.name,
                              displayName=self.spec.name, ref=f"A1:{last}2", totalsRowShown="0")
        etree.SubElement(table, q("autoFilter"), ref=f"A1:{last}2")
        heads = etree.SubElement(table, q("tableColumns"), count=str(len(columns)))
        for j, column in enumerate(columns, start=1):
            etree.SubElement(heads, q("tableColumn"), id=str(j), name=column.header)
        etree.SubElement(table, q("tableStyleInfo"), name=TABLE_STYLE, showFirstColumn="0", showLastColumn="0",
                         showRowStripes="1", showColumnStripes="0")
        part = self.book.add_sheet(self.spec.name, sheet, table)
        return self.spec.name, part, self.book.tables(part)[0]

    def _sheet_bounds(self) -> tuple[int, int, int, int]:
        """A sheet without a table: the header is its first non-empty row, as wide as it is filled."""
        for r in sorted({r for r, _ in self.sheet.cells}):
            filled = sorted(c for (row, c) in self.sheet.cells if row == r and not self.sheet.blank(r, c))
            if filled:
                return filled[0], r, filled[-1], max(self.sheet.last_row(), r + 1)
        return 1, 1, len(self.spec.columns), 2

    def cell_name(self, row: int, col: int) -> str:
        return f"{self.title}!{cell_ref(row, col)}"

    # ---- reading -------------------------------------------------------------------------------
    def rows(self) -> list[int]:
        """The data rows' sheet row numbers, blank rows left out."""
        if self._rows is None:
            self._rows = [r for r in range(self.top + 1, self.bottom + 1) if self.sheet.filled(r, self.c0, self.c1)]
        return self._rows

    def values(self, row: int, only: Collection[str] | None = None) -> dict[str, Any]:
        """A data row's values by field, read as the schema says (a value that breaks the rule kept as
        it is); ``only`` those fields when given (a re-import reads a few cells of another project's row)."""
        found: dict[str, Any] = {}
        for c, column in self.fields.items():
            if only is not None and column.field not in only:
                continue
            raw = self.sheet.value(row, c)
            if raw in (None, ""):
                found[column.field] = None
                continue
            try:
                found[column.field] = read(raw, column, date1904=self.book.date1904)
            except CellProblem:
                found[column.field] = raw
        return found

    # ---- writing -------------------------------------------------------------------------------
    def write(self, plan: list[Step], owned: set[str], needed: set[str]) -> None:
        """Lay the table's data rows out as ``plan`` says (row i of the plan on data row i)."""
        self.add_columns(needed)
        count = max(len(plan), 1)
        first, last = self.top + 1, max(self.bottom, self.top + count)
        self.room_below(self.top + count)
        merged = self.sheet.merged_in(first, self.c0, last, self.c1)
        if merged:
            raise UpdateError(f"{self.title}!{merged} is a merged range inside the {self.spec.name} rows pmokit "
                              "rewrites: unmerge it; nothing was written")
        self.sheet.unshare(first, self.c0, last, self.c1)
        template = [self._template(c) for c in range(self.c0, self.c1 + 1)]
        moves: dict[int, int | None] = {r: None for r in self.rows()}
        block: list[Any] = []
        try:
            for i, (kind, payload, origin) in enumerate(plan):
                target = first + i
                if kind == "keep":
                    moves[origin] = target
                    if origin == target:
                        block.append(SAME)
                    else:
                        self.sheet.check_move(origin, self.c0, self.c1)
                        block.append(Take(origin))
                    continue
                if origin is not None:
                    moves[origin[1]] = target
                block.append(self._row(target, payload, origin, owned, template))
        except MoveError as exc:
            raise UpdateError(f"{self.title}!{exc.cell} {exc.why}, in a {self.spec.name} row the import moves: "
                              "pmokit cannot move it safely; nothing was written") from None
        moved = {r: t for r, t in moves.items() if t != r}
        self._notes_stay(moved)
        self.sheet.lay(first, last, self.c0, self.c1, block)
        self.sheet.move_links(moved, self.c0, self.c1)
        self.sheet.follow_table(self.c0, self.c1, first, self.bottom, self.top + count)
        self.bottom = self.top + count
        self._rows = None
        self.sync()

    def _row(self, target: int, payload: dict[str, Any], origin: tuple[dict[str, Any], int] | None,
             owned: set[str], template: list[str | None]) -> list[Any]:
        """A row taking the plan's values: a matched row keeps its other cells and its looks."""
        laid: list[Any] = []
        for j, c in enumerate(range(self.c0, self.c1 + 1)):
            column = self.fields.get(c)
            if origin is not None:
                old, base = origin
                cell = SAME if base == target else self.sheet.moved(base, c, target)
                if column is None or column.field not in owned:
                    laid.append(cell)
                    continue
                value = _cell(payload.get(column.field), column)
                if _same(old.get(column.field), payload.get(column.field)):
                    laid.append(cell)
                    continue
                style = self.sheet.style(base, c) or template[j]
            else:
                if column is None:
                    laid.append(self._fresh(c, target, template[j]))
                    continue
                value = _cell(payload.get(column.field), column)
                style = template[j]
            laid.append(self._value_cell(target, c, value, column, style))
        return laid

    def _value_cell(self, row: int, col: int, value: Any, column: Column, style: str | None) -> Any:
        if value is None and style in (None, self.sheet.column_style(col)):
            return None
        if style is None:
            style = self.sheet.column_style(col)
        if column.kind == "date" and isinstance(value, dt.date) and not self.book.styles.is_date(style):
            style = self.book.styles.dated(style, column.excel_format)
        if isinstance(value, str) and len(value) > EXCEL_CELL_CHARACTERS:  # Excel would call the file damaged
            raise UpdateError(f"{self.title}!{cell_ref(row, col)}: a text of {len(value):,} characters is longer than "
                              f"an Excel cell holds ({EXCEL_CELL_CHARACTERS:,}); nothing was written")
        return new_cell(row, col, value, style, date1904=self.book.date1904)

    def _template(self, col: int) -> str | None:
        """The look a new row's cell takes: the style most of the column's data cells have
        (None: no data cell has one, so the column's own)."""
        return self.sheet.common_style(col, range(self.top + 1, self.bottom + 1))

    def _fresh(self, col: int, target: int, style: str | None) -> Any:
        """A new row's cell in a column pmokit does not fill: a calculated column's formula (as
        the nearest row above holds it, moved to the new row), else a blank in the column's look."""
        formula = self._calculated(col)
        source = next((r for r in range(self.bottom, self.top, -1) if self.sheet.has_formula(r, col)), None)
        if formula and source is not None:
            moved = self.sheet.moved(source, col, target)
            if moved is not None:
                for v in moved.findall(q("v")):
                    moved.remove(v)
                for attribute in ("t", "cm", "vm"):
                    moved.attrib.pop(attribute, None)
                if style is not None:
                    moved.set("s", style)
                return moved
        if formula:
            return formula_cell(target, col, translate(formula, cell_ref(self.top + 1, col), cell_ref(target, col)),
                                style)
        if style is None or style == self.sheet.column_style(col):
            return None
        return new_cell(target, col, None, style)

    def _calculated(self, col: int) -> str | None:
        if self.table is None:
            return None
        columns = self.table.columns()
        j = col - self.c0
        if j < len(columns):
            text = columns[j].findtext(q("calculatedColumnFormula"))
            return text or None
        return None

    def _notes_stay(self, moved: dict[int, int | None]) -> None:
        for ref in self.book.comments(self.part):
            row, col = split(ref.split(":")[0])
            if self.c0 <= col <= self.c1 and row in moved:
                raise UpdateError(f"{self.cell_name(row, col)} has a note or comment, on a {self.spec.name} row the "
                                  "import moves or removes; pmokit cannot move notes yet: move the note out of the "
                                  "table (or delete it), then import again; nothing was written")

    def room_below(self, last: int) -> None:
        for r in range(self.bottom + 1, last + 1):
            for c in range(self.c0, self.c1 + 1):
                if not self.sheet.blank(r, c):
                    raise UpdateError(f"{self.cell_name(r, c)} holds data right below the {self.spec.name} table, "
                                      f"which needs to grow to row {last}: move it, then import again; nothing was "
                                      "written")

    def add_columns(self, needed: set[str]) -> None:
        """The columns the plan fills and the table lacks, added at its right."""
        have = {column.field for column in self.fields.values()}
        for column in self.spec.columns:
            if column.field not in needed or column.field in have:
                continue
            c = self.c1 + 1
            for r in range(self.top, max(self.bottom, self.top + 1) + 1):
                if not self.sheet.blank(r, c):
                    raise UpdateError(f"the {self.spec.name} table needs a '{column.header}' column, but "
                                      f"{self.cell_name(r, c)} beside it is not empty; nothing was written")
            self.sheet.put(self.top, c, new_cell(self.top, c, column.header, self.sheet.style(self.top, self.c1)))
            self.sheet.set_width(c, column.width)
            if self.table is not None:
                heads = self.table.root.find(q("tableColumns"))
                if heads is not None:
                    ids = [int(h.get("id", 0)) for h in heads]
                    etree.SubElement(heads, q("tableColumn"), id=str(max(ids, default=0) + 1), name=column.header)
                    heads.set("count", str(len(heads)))
            self.fields[c] = column
            self.c1 = c
            self._rows = None
            have.add(column.field)
            self.sync()

    def set_weekmask(self, mask: str) -> None:
        """Write the working week into the table's first row (the one the loader reads)."""
        target = next((c for c, column in self.fields.items() if column.field == "weekmask"), None)
        if target is None:
            self.add_columns({"weekmask"})
            target = self.c1
        rows = self.rows()
        row = rows[0] if rows else self.top + 1
        style = self.sheet.style(row, target) or self._template(target)
        self.sheet.put(row, target, new_cell(row, target, mask, style))
        self.bottom = max(self.bottom, row)
        self._rows = None
        self.sync()

    def sync(self) -> None:
        """The table's range (and its filter's) made to cover its columns and rows; the sheet marked changed."""
        self.session.edited.add(self.part)
        if self.table is None:
            return
        ref = range_ref(self.c0, self.top, self.c1, self.bottom)
        root = self.table.root
        if root.get("ref") != ref:
            root.set("ref", ref)
            for element in root.iter(q("autoFilter"), q("sortState")):
                if element.tag == q("autoFilter"):
                    element.set("ref", ref)
                else:
                    element.set("ref", range_ref(self.c0, self.top + 1, self.c1, self.bottom))
            self.book.touch(self.table.part)


def _cell(value: Any, column: Column) -> Any:
    if value is None or value == "":
        return None
    if column.kind == "bool":
        return "Yes" if value else "No"
    return value


def _same(old: Any, new: Any) -> bool:
    """True when a cell already holds the plan's value (so it is left as it is)."""
    a, b = _plain(old), _plain(new)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return type(a) is type(b) and bool(a == b)


def _plain(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value.strip() if isinstance(value, str) else value
