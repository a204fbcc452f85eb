"""One worksheet's XML, edited in place: its cells read, a block of rows laid anew, ranges grown.

What a row of the block holds when it moves — values, styles, a cell's metadata (``cm``, ``vm``) —
moves with it; a formula in it is moved as Excel moves it (relative references follow, openpyxl's
``Translator``). Shared formulas touching the block are first written out cell by cell (each
cell gets its own text, as Excel does when a shared group is broken), so no cell depends on a
master that moved. Everything outside the block is left as it was.

New cells hold numbers, date serials and inline strings (``t="inlineStr"``), so the workbook's
shared-string table is never rewritten.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from lxml import etree
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries

from pmokit.addin.calendar import to_serial
from pmokit.workbooks.cells import CellError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
XM_SQREF = "{http://schemas.microsoft.com/office/excel/2006/main}sqref"
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_DY_DESCENT = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac}dyDescent"


class _Same:
    def __repr__(self) -> str:
        return "SAME"


SAME: Any = _Same()  #: in a block laid by :meth:`Sheet.lay`: leave what is there as it is


class Take:
    """In a block laid by :meth:`Sheet.lay`: the row's cells are those of sheet row ``row``, moved
    (the cells themselves, not copies: a re-import moves thousands of rows by one)."""

    __slots__ = ("row",)

    def __init__(self, row: int) -> None:
        self.row = row


def q(tag: str) -> str:
    """The tag in SpreadsheetML's main namespace."""
    return f"{{{MAIN}}}{tag}"


_C, _V, _F, _IS, _ROW = q("c"), q("v"), q("f"), q("is"), q("row")


def split(ref: str) -> tuple[int, int]:
    """``"B12"`` → (row 12, column 2)."""
    found = _CELL.match(ref)
    if found is None:
        raise ValueError(f"{ref!r} is not a cell reference")
    return int(found.group(2)), column_index_from_string(found.group(1))


@functools.lru_cache(maxsize=None)
def _column(letters: str) -> int:
    return int(column_index_from_string(letters))


def position(ref: str) -> tuple[int, int]:
    """A cell's own ``r`` (``"AB12"``, never with ``$``) → (row, column), quickly."""
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters):]), _column(letters)


def cell_ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def range_ref(c0: int, r0: int, c1: int, r1: int) -> str:
    return f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}"


def unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes of characters XML cannot hold, undone."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def escape(text: str) -> str:
    """Text as Excel stores it: characters XML cannot hold as ``_xHHHH_`` (and a literal ``_x…_`` kept)."""
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def string_text(item: etree._Element) -> str:
    """The text of an ``<si>`` or ``<is>``: its runs joined, phonetic guides left out."""
    if (t := item.find(q("t"))) is not None:
        return unescape(t.text or "")
    return unescape("".join(t.text or "" for r in item.findall(q("r")) for t in r.findall(q("t"))))


class Sheet:
    """A worksheet part's root, its rows and cells indexed by number."""

    def __init__(self, root: etree._Element, shared: Sequence[str]) -> None:
        self.root = root
        self.shared = shared
        data = root.find(q("sheetData"))
        if data is None:
            data = etree.SubElement(root, q("sheetData"))
        self.data = data
        self.rows: dict[int, etree._Element] = {}
        self.cells: dict[tuple[int, int], etree._Element] = {}
        number = 0
        for row in data.iterchildren(_ROW):
            number = int(row.get("r") or number + 1)
            if row.get("r") is None:
                row.set("r", str(number))
            self.rows[number] = row
            col = 0
            for c in row.iterchildren(_C):
                ref = c.get("r")
                if ref:
                    col = position(ref)[1]
                else:
                    col += 1
                    c.set("r", cell_ref(number, col))
                self.cells[number, col] = c
        self.order = sorted(self.rows)

    # ---- reading -------------------------------------------------------------------------------
    def value(self, row: int, col: int) -> Any:
        """The cell's value: text, a number, True/False, an Excel error (:class:`CellError`) or None;
        a formula gives its last calculated value."""
        c = self.cells.get((row, col))
        return None if c is None else self.element_value(c)

    def filled(self, row: int, c0: int, c1: int) -> bool:
        """True when a cell of columns c0..c1 in the row holds a value ('' is none; a formula's last value is one)."""
        cells = self.cells
        for col in range(c0, c1 + 1):
            c = cells.get((row, col))
            if c is not None and (v := self.element_value(c)) is not None and v != "":
                return True
        return False

    def element_value(self, c: etree._Element) -> Any:
        kind = c.get("t")
        if kind == "inlineStr":
            item = c.find(_IS)
            return None if item is None else string_text(item)
        v = c.findtext(_V)
        if v is None or (v == "" and kind != "str"):
            return None
        if kind is None or kind == "n":
            number = float(v)
            return int(number) if number.is_integer() and abs(number) < 1e15 else number
        if kind == "s":
            return self.shared[int(v)]
        if kind == "str":
            return unescape(v)
        if kind == "b":
            return v.strip() in ("1", "true")
        if kind == "e":
            return CellError(v)
        if kind == "d":
            return dt.datetime.fromisoformat(v.strip())
        return None

    def blank(self, row: int, col: int) -> bool:
        return self.value(row, col) in (None, "") and not self.has_formula(row, col)

    def has_formula(self, row: int, col: int) -> bool:
        c = self.cells.get((row, col))
        return c is not None and c.find(_F) is not None

    def style(self, row: int, col: int) -> str | None:
        c = self.cells.get((row, col))
        return None if c is None else c.get("s", "0")

    def column_style(self, col: int) -> str:
        """The style a blank cell of the column shows (its ``<col style>``), "0" when none."""
        for c in self.root.iterfind(f"{q('cols')}/{q('col')}"):
            if int(c.get("min", 0)) <= col <= int(c.get("max", 0)):
                return str(c.get("style", "0"))
        return "0"

    def common_style(self, col: int, rows: Iterable[int]) -> str | None:
        """The style most cells of the column hold in those rows (None when none has a cell)."""
        cells = self.cells
        found = Counter(c.get("s", "0") for r in rows if (c := cells.get((r, col))) is not None)
        return str(found.most_common(1)[0][0]) if found else None

    def protected(self) -> bool:
        p = self.root.find(q("sheetProtection"))
        return p is not None and p.get("sheet") in ("1", "true")

    def last_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    def formula_cells(self) -> set[tuple[int, int]]:
        return {position(f.getparent().get("r", "A1")) for f in self.data.iter(_F)}

    def merged_in(self, r0: int, c0: int, r1: int, c1: int) -> str | None:
        """A merged range overlapping the block, if any."""
        for m in self.root.iterfind(f"{q('mergeCells')}/{q('mergeCell')}"):
            a0, b0, a1, b1 = range_boundaries(m.get("ref", "A1"))
            if a0 is not None and b0 is not None and a1 is not None and b1 is not None and \
                    a0 <= c1 and a1 >= c0 and b0 <= r1 and b1 >= r0:
                return str(m.get("ref"))
        return None

    # ---- formulas ------------------------------------------------------------------------------
    def unshare(self, r0: int, c0: int, r1: int, c1: int) -> None:
        """Write out every shared-formula group with a cell in the block: each cell its own text."""
        groups: dict[str, list[tuple[tuple[int, int], etree._Element]]] = {}
        for f in self.data.iter(_F):
            if f.get("t") == "shared" and f.get("si") is not None:
                groups.setdefault(str(f.get("si")), []).append((position(f.getparent().get("r", "A1")), f))
        for members in groups.values():
            if not any(r0 <= r <= r1 and c0 <= col <= c1 for (r, col), _ in members):
                continue
            master = next(((k, f) for k, f in members if f.get("ref") and f.text), None)
            if master is None:
                continue
            (mr, mc), mf = master
            text = mf.text or ""
            for (r, col), f in members:
                if (r, col) != (mr, mc):
                    f.text = translate(text, cell_ref(mr, mc), cell_ref(r, col))
                for attribute in ("t", "si", "ref"):
                    f.attrib.pop(attribute, None)

    def moved(self, row: int, col: int, target: int) -> etree._Element | None:
        """A copy of the cell at (row, col) as it reads at row ``target``; None for no cell."""
        c = self.cells.get((row, col))
        if c is None:
            return None
        copy = c.__deepcopy__(None)  # lxml's own deep copy, without copy.deepcopy's memo (a row move copies many)
        self._retarget(copy, row, col, target)
        return copy

    def check_move(self, row: int, c0: int, c1: int) -> None:
        """Raise :class:`MoveError` when a cell of columns c0..c1 in the row cannot move (an array
        formula over more than its own cell)."""
        for col in range(c0, c1 + 1):
            c = self.cells.get((row, col))
            f = None if c is None else c.find(_F)
            if f is not None:
                _array_moves(f, row, col)

    def _retarget(self, c: etree._Element, row: int, col: int, target: int) -> None:
        """The cell ``c`` (from (row, col)) made to read at row ``target``: its ``r``, its formula's
        relative references and a one-cell array formula's range."""
        c.set("r", cell_ref(target, col))
        f = c.find(_F)
        if f is not None and target != row:
            if _array_moves(f, row, col):
                f.set("ref", cell_ref(target, col))
            if f.text:
                f.text = translate(f.text, cell_ref(row, col), cell_ref(target, col))

    # ---- writing -------------------------------------------------------------------------------
    def lay(self, first: int, last: int, c0: int, c1: int, block: Sequence[Any]) -> None:
        """Lay rows first..last of columns c0..c1 anew: ``block[i]`` is row first + i, either
        :data:`SAME` (leave the row's cells as they are) or one entry per column — a new cell,
        None (no cell) or :data:`SAME`. Rows past the block are emptied."""
        empty = [None] * (c1 - c0 + 1)
        # the cells rows take from others, found before any is removed from its row
        taken = {(t.row, col): c for t in block if isinstance(t, Take) for col in range(c0, c1 + 1)
                 if (c := self.cells.get((t.row, col))) is not None}
        for i, r in enumerate(range(first, last + 1)):
            laid = block[i] if i < len(block) else empty
            if laid is SAME:
                continue
            if isinstance(laid, Take):
                source = laid.row
                laid = [taken.get((source, col)) for col in range(c0, c1 + 1)]
                for col, c in zip(range(c0, c1 + 1), laid):
                    if c is not None:
                        self._retarget(c, source, col, r)
            added = []
            changed = False
            for col, new in zip(range(c0, c1 + 1), laid):
                if new is SAME:
                    continue
                old = self.cells.pop((r, col), None)
                if old is not None:
                    here = self.rows.get(r)
                    if here is not None and old.getparent() is here:  # not when a row laid before took it
                        here.remove(old)
                    changed = True
                if new is not None:
                    self.cells[r, col] = new
                    added.append(new)
            if added:
                self._place(r, added)
            if changed or added:
                self._tidy(r)

    def put(self, row: int, col: int, c: etree._Element) -> None:
        """Set the cell at (row, col), in column order within its row (the row made if need be)."""
        old = self.cells.pop((row, col), None)
        if old is not None and old.getparent() is not None:
            old.getparent().replace(old, c)
        else:
            self._place(row, [c])
        self.cells[row, col] = c
        self._tidy(row)

    def _place(self, row: int, cells: list[etree._Element]) -> None:
        """Put new cells into their row, all the row's cells in column order."""
        element = self.rows.get(row)
        if element is None:
            element = self._new_row(row)
        tail = [x for x in element if x.tag != _C]  # extLst and the like stay after the cells
        ordered = sorted([*element.iterchildren(_C), *cells], key=lambda x: position(x.get("r", "A1"))[1])
        for x in ordered + tail:
            element.append(x)

    def _new_row(self, row: int) -> etree._Element:
        element = etree.Element(q("row"), r=str(row))
        at = bisect.bisect(self.order, row)
        if at < len(self.order):
            self.rows[self.order[at]].addprevious(element)
        else:
            self.data.append(element)
        self.order.insert(at, row)
        self.rows[row] = element
        return element

    def _tidy(self, row: int) -> None:
        """A row's ``spans`` hint made true again; a row left with nothing in it removed."""
        element = self.rows.get(row)
        if element is None:
            return
        cols = [position(c.get("r", "A1"))[1] for c in element.iterchildren(_C)]
        if not cols and set(element.attrib) <= {"r", "spans", _DY_DESCENT}:
            self.data.remove(element)
            del self.rows[row]
            self.order.pop(bisect.bisect_left(self.order, row))
        elif "spans" in element.attrib:
            if cols:
                element.set("spans", f"{min(cols)}:{max(cols)}")
            else:
                del element.attrib["spans"]

    def set_width(self, col: int, width: float) -> None:
        """Give a column with no width of its own one (``<col>``); a column that has one keeps it."""
        cols = self.root.find(q("cols"))
        if cols is None:
            cols = etree.Element(q("cols"))
            self.data.addprevious(cols)
        following = None
        for c in cols.iterchildren(q("col")):
            if int(c.get("min", 0)) <= col <= int(c.get("max", 0)):
                return
            if following is None and int(c.get("min", 0)) > col:
                following = c
        element = etree.Element(q("col"), min=str(col), max=str(col), width=f"{width:g}", customWidth="1")
        if following is not None:
            following.addprevious(element)
        else:
            cols.append(element)

    def set_dimension(self) -> None:
        """The ``<dimension>`` made to cover every cell again."""
        found = self.root.find(q("dimension"))
        if found is None:
            return
        if not self.cells:
            found.set("ref", "A1")
            return
        rows = [r for r, _ in self.cells]
        cols = [c for _, c in self.cells]
        ref = range_ref(min(cols), min(rows), max(cols), max(rows))
        found.set("ref", ref.split(":")[0] if min(rows) == max(rows) and min(cols) == max(cols) else ref)

    def follow_table(self, c0: int, c1: int, first: int, old_last: int, new_last: int) -> None:
        """Data validations and conditional formats that end on the table's last row (inside its
        columns) end on its new last row; ranges reaching further are left as they are."""
        if old_last == new_last:
            return

        def follow(sqref: str) -> str:
            parts = []
            for part in sqref.split():
                a0, b0, a1, b1 = range_boundaries(part)
                if None not in (a0, b0, a1, b1) and c0 <= int(a0 or 0) and int(a1 or 0) <= c1 \
                        and int(b0 or 0) <= first and b1 == old_last and new_last >= int(b0 or 0):
                    part = range_ref(int(a0 or 0), int(b0 or 0), int(a1 or 0), new_last)
                parts.append(part)
            return " ".join(parts)

        for element in self.root.iter(q("dataValidation"), q("conditionalFormatting")):
            if element.get("sqref"):
                element.set("sqref", follow(str(element.get("sqref"))))
        for element in self.root.iter(XM_SQREF):
            if element.text:
                element.text = follow(element.text)

    def move_links(self, moves: dict[int, int | None], c0: int, c1: int) -> None:
        """Hyperlinks on single cells of the moved rows go with them (or go, with their row)."""
        links = self.root.find(q("hyperlinks"))
        if links is None:
            return
        for link in list(links):
            ref = link.get("ref", "")
            if ":" in ref or not _CELL.match(ref):
                continue
            row, col = split(ref)
            if c0 <= col <= c1 and row in moves:
                target = moves[row]
                if target is None:
                    links.remove(link)
                else:
                    link.set("ref", cell_ref(target, col))
        if not len(links):
            self.root.remove(links)


def _array_moves(f: etree._Element, row: int, col: int) -> bool:
    """True for a one-cell array (or data-table) formula, whose range moves with its cell; raises
    :class:`MoveError` for one over more cells; False for any other formula."""
    if f.get("t") not in ("array", "dataTable"):
        return False
    ref = f.get("ref", cell_ref(row, col))
    if ":" in ref and ref.split(":")[0] != ref.split(":")[1]:
        raise MoveError(cell_ref(row, col), f"holds an array formula over {ref}")
    return True


class MoveError(ValueError):
    """A cell cannot be moved safely: ``cell`` and ``why``."""

    def __init__(self, cell: str, why: str) -> None:
        super().__init__(f"{cell} {why}")
        self.cell = cell
        self.why = why


def translate(formula: str, origin: str, target: str) -> str:
    """A formula's text as it reads once moved from ``origin`` to ``target`` (relative references follow)."""
    return str(Translator(f"={formula}", origin=origin).translate_formula(target))[1:]


def new_cell(row: int, col: int, value: Any, style: str | None, *, date1904: bool = False) -> etree._Element:
    """A cell holding ``value``: text inline, a number, a date as its serial, True/False."""
    c = etree.Element(q("c"), r=cell_ref(row, col))
    if style not in (None, "0"):
        c.set("s", str(style))
    if value is None or value == "":
        return c
    if isinstance(value, bool):
        c.set("t", "b")
        etree.SubElement(c, q("v")).text = "1" if value else "0"
    elif isinstance(value, (dt.date, dt.datetime)):
        etree.SubElement(c, q("v")).text = _number(to_serial(value, date1904=date1904))
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return c
        etree.SubElement(c, q("v")).text = _number(value)
    else:
        text = escape(str(value))
        c.set("t", "inlineStr")
        t = etree.SubElement(etree.SubElement(c, q("is")), q("t"))
        t.text = text
        if text != text.strip():
            t.set(XML_SPACE, "preserve")
    return c


def formula_cell(row: int, col: int, formula: str, style: str | None) -> etree._Element:
    """A cell holding a formula (no cached value: Excel calculates it on opening)."""
    c = new_cell(row, col, None, style)
    etree.SubElement(c, q("f")).text = formula
    return c


def _number(value: float) -> str:
    if isinstance(value, int) or (value.is_integer() and abs(value) < 2**53):
        return str(int(value))
    return repr(float(value))
