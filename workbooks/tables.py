"""What a workbook file holds, found without loading any sheet: its sheets' parts, its Excel tables
(name, range, header and totals rows, column names), the 1904 date flag, and whether a sheet's
cells reach so far that loading it whole would take more memory than the machine has.

The last matters because calamine (like most readers) loads a sheet as one dense block from its
first to its last cell: one stray value in XFD1048576 asks for 16,384 × 1,048,576 cells (half a
terabyte), and the process aborts with no message. :func:`sheet_extent` finds how far a sheet's
cells reach from the cells' own references (a sheet's ``<dimension>`` element is only a hint and
may be wrong), cheaply: one search of the sheet's XML for a reference beyond column Z or row
99,999 settles the common case; only a sheet that has one is measured exactly. A reference
written in an unusual way (single quotes, entities, other whitespace) counts as far-reaching: the
caller then reads only the table's range, streaming (:mod:`pmokit.workbooks.loader`).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
TABLE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"
MAX_CELLS = 10_000_000  # a sheet's whole block, in cells, that may be loaded at once (~320 MB in calamine)
FAR = MAX_CELLS * 10  # what an unmeasurable sheet counts as

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_WHITESPACE = bytes.maketrans(b"\t\n\r", b"   ")
# a cell or row reference beyond column Z or row 99,999, or one written unusually
_SUSPECT = re.compile(rb' r(?: |= |=\'|="(?:[^A-Z0-9]|[A-Z]{2,3}\d|[A-Z]{0,3}\d{6}))')
_ANY_REF = re.compile(rb' r *= *(?:"([^"]*)"|\'([^\']*)\')')
_REF_VALUE = re.compile(rb"([A-Z]{0,3})(\d{1,7})")


@dataclass(frozen=True)
class TableDef:
    """An Excel table as its part defines it. Rows and columns are 1-based sheet positions:
    ``first_row`` is the header row (or the first data row when the header is hidden)."""

    name: str
    sheet: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    columns: tuple[str, ...]
    header_rows: int = 1
    totals_rows: int = 0

    @property
    def ref(self) -> str:
        return f"{letters(self.first_col)}{self.first_row}:{letters(self.last_col)}{self.last_row}"


@dataclass
class Package:
    """A workbook's structure: sheet names in book order with their XML parts, tables, 1904 flag."""

    sheets: dict[str, str] = field(default_factory=dict)  # sheet name → part name
    tables: list[TableDef] = field(default_factory=list)
    date1904: bool = False

    def sheet_name(self, name: str) -> str | None:
        """The sheet's name as written in the book, matched without regard to case."""
        return next((s for s in self.sheets if s.lower() == name.lower()), None)

    def table(self, name: str) -> TableDef | None:
        """The table of that name (case-insensitive), wherever it sits."""
        return next((t for t in self.tables if t.name.lower() == name.lower()), None)

    def tables_on(self, sheet: str) -> list[TableDef]:
        return [t for t in self.tables if t.sheet.lower() == sheet.lower()]


def letters(column: int) -> str:
    """Excel's letters for a 1-based column number (1 → A, 27 → AA)."""
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def column_number(text: str) -> int:
    """The 1-based column number of Excel's letters (A → 1, AA → 27)."""
    n = 0
    for ch in text.upper():
        n = n * 26 + ord(ch) - 64
    return n


def read_package(archive: zipfile.ZipFile) -> Package:
    """The workbook's sheets, tables and date system, from ``workbook.xml`` and the relationship
    parts. Raises ``KeyError`` / ``ElementTree.ParseError`` / ``ValueError`` for a damaged file."""
    root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    pr = root.find("m:workbookPr", NS)
    package = Package(date1904=pr is not None and pr.get("date1904", "0").lower() in ("1", "true"))
    targets = _relationships(archive, "xl/workbook.xml")
    for s in root.iterfind("m:sheets/m:sheet", NS):
        target = targets.get(s.get(f"{{{NS['r']}}}id", ""), ("", ""))[1]
        if target:
            package.sheets[s.get("name", "")] = target
    for sheet, part in package.sheets.items():
        for kind, target in _relationships(archive, part).values():
            if kind == TABLE_REL and target in archive.NameToInfo:
                table = _table(archive.read(target), sheet)
                if table is not None:
                    package.tables.append(table)
    return package


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id → (type, target part name)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.NameToInfo:
        return {}
    found = {}
    for r in ElementTree.fromstring(archive.read(rels)).iterfind("rel:Relationship", NS):
        target = r.get("Target", "")
        if r.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[r.get("Id", "")] = (r.get("Type", ""), path)
    return found


def _table(xml: bytes, sheet: str) -> TableDef | None:
    root = ElementTree.fromstring(xml)
    ref = root.get("ref", "")
    corners = ref.split(":")
    if len(corners) != 2:
        return None
    first, last = (_REF.match(c) for c in corners)
    if first is None or last is None:
        return None
    columns = tuple(_unescape(c.get("name", "")) for c in root.iterfind("m:tableColumns/m:tableColumn", NS))
    return TableDef(
        name=root.get("displayName") or root.get("name") or "", sheet=sheet,
        first_row=int(first.group(2)), first_col=column_number(first.group(1)),
        last_row=int(last.group(2)), last_col=column_number(last.group(1)), columns=columns,
        header_rows=_count(root.get("headerRowCount"), 1), totals_rows=_count(root.get("totalsRowCount"), 0),
    )


def _count(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _unescape(text: str) -> str:
    """Excel writes a line break in a column name as ``_x000a_``."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def sheet_extent(xml: bytes) -> int:
    """How many cells a reader that loads the sheet as one block from A1 would hold: last row ×
    last column of the cells' references, or :data:`FAR` when a reference cannot be read."""
    flat = xml.translate(_WHITESPACE)
    if not _SUSPECT.search(flat):
        return 99_999 * 26  # the common case, settled by one search: nothing beyond Z or row 99,999
    last_row = last_col = 1
    for double, single in set(_ANY_REF.findall(flat)):
        found = _REF_VALUE.fullmatch(double or single)
        if found is None:
            return FAR  # lower case, an entity, junk: count it as reaching anywhere
        last_row = max(last_row, int(found.group(2)))
        if found.group(1):
            last_col = max(last_col, column_number(found.group(1).decode()))
    return last_row * last_col
