"""A workbook package as pmokit finds its way in it: sheets by name, their tables, the shared
strings (read only), cell styles, the 1904 flag; and the few workbook-wide edits an import needs
(a missing sheet added, the calculation chain dropped, a full recalculation asked for on opening).
"""

from __future__ import annotations

import posixpath
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from pmokit.workbooks.package import Package, PackageError
from pmokit.workbooks.sheet_xml import Sheet, q, string_text

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."
#: calcPr comes after these in a workbook part (ECMA-376 CT_Workbook's order)
_BEFORE_CALC = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
                "functionGroups", "externalReferences", "definedNames")


@dataclass
class TablePart:
    """An Excel table (a ``table`` part) and the XML that describes it."""

    part: str
    root: etree._Element

    @property
    def name(self) -> str:
        return str(self.root.get("displayName") or self.root.get("name") or "")

    @property
    def ref(self) -> str:
        return str(self.root.get("ref", ""))

    def columns(self) -> list[etree._Element]:
        found = self.root.find(q("tableColumns"))
        return [] if found is None else found.findall(q("tableColumn"))


@dataclass(frozen=True)
class SheetEntry:
    """A worksheet of the workbook: its tab name and its part."""

    name: str
    part: str


class Book:
    """The workbook in a package: its worksheets, tables, strings and styles."""

    def __init__(self, path: str | Path) -> None:
        self.package = Package(path)
        main = next((r.target for r in self.package.relationships("") if r.kind == "officeDocument"), None)
        if main is None or not self.package.has(main):
            raise PackageError("it has no workbook part, so it is not an Excel workbook")
        self.part = main
        root = self.package.xml(main)
        if root.tag != q("workbook"):
            raise PackageError("it is saved as Strict Open XML, which pmokit cannot edit: save it from Excel as an "
                               "ordinary Excel Workbook (.xlsx)")
        self.root = root
        pr = root.find(q("workbookPr"))
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        targets = {r.id: r for r in self.package.relationships(main)}
        self.sheets: list[SheetEntry] = []
        for s in root.iterfind(f"{q('sheets')}/{q('sheet')}"):
            rel = targets.get(str(s.get(f"{{{R_NS}}}id")))
            if rel is not None and rel.kind == "worksheet":
                self.sheets.append(SheetEntry(str(s.get("name")), rel.target))
        self._rels = targets
        self._strings: list[str] | None = None
        self._loaded: dict[str, Sheet] = {}
        self._styles: Styles | None = None

    # ---- reading -------------------------------------------------------------------------------
    def shared_strings(self) -> list[str]:
        if self._strings is None:
            part = next((r.target for r in self._rels.values() if r.kind == "sharedStrings"), None)
            self._strings = [] if part is None or not self.package.has(part) else [
                string_text(si) for si in self.package.xml(part).iterfind(q("si"))]
        return self._strings

    def sheet(self, part: str) -> Sheet:
        if part not in self._loaded:
            self._loaded[part] = Sheet(self.package.xml(part), self.shared_strings())
        return self._loaded[part]

    def tables(self, part: str) -> list[TablePart]:
        return [TablePart(r.target, self.package.xml(r.target)) for r in self.package.relationships(part)
                if r.kind == "table" and not r.external and self.package.has(r.target)]

    def comments(self, part: str) -> list[str]:
        """The cells holding a note or a threaded comment on the sheet."""
        out = []
        for rel in self.package.relationships(part):
            if rel.kind in ("comments", "threadedComment") and not rel.external and self.package.has(rel.target):
                out += [str(c.get("ref")) for c in self.package.xml(rel.target).iter()
                        if isinstance(c.tag, str) and c.tag.rsplit("}", 1)[-1] in ("comment", "threadedComment")
                        and c.get("ref")]
        return out

    @property
    def styles(self) -> Styles:
        if self._styles is None:
            part = next((r.target for r in self._rels.values() if r.kind == "styles"), None)
            if part is None or not self.package.has(part):
                raise PackageError("it has no styles part")
            self._styles = Styles(self.package, part)
        return self._styles

    def protected_structure(self) -> bool:
        p = self.root.find(q("workbookProtection"))
        return p is not None and p.get("lockStructure") in ("1", "true")

    # ---- workbook-wide edits -------------------------------------------------------------------
    def add_sheet(self, name: str, sheet: etree._Element, table: etree._Element) -> str:
        """A new worksheet part holding one table, added after the last sheet; returns its part."""
        folder = posixpath.dirname(self.part)
        part = _free(self.package, f"{folder}/worksheets/sheet{{}}.xml")
        table_part = _free(self.package, f"{folder}/tables/table{{}}.xml")
        ids = [int(t.get("id", 0)) for s in self.sheets for t in (x.root for x in self.tables(s.part))]
        table.set("id", str(max(ids, default=0) + 1))
        self.package.add(part, sheet, f"{_TYPE}worksheet+xml")
        self.package.add(table_part, table, f"{_TYPE}table+xml")
        rid = self.package.relate(part, f"{_REL}table", table_part)
        parts = etree.SubElement(sheet, q("tableParts"), count="1")
        etree.SubElement(parts, q("tablePart"), {f"{{{R_NS}}}id": rid})
        book_rid = self.package.relate(self.part, f"{_REL}worksheet", part)
        sheets = self.root.find(q("sheets"))
        assert sheets is not None
        number = max((int(s.get("sheetId", 0)) for s in sheets), default=0) + 1
        etree.SubElement(sheets, q("sheet"), {"name": name, "sheetId": str(number), f"{{{R_NS}}}id": book_rid})
        self.package.touch(self.part)
        self.sheets.append(SheetEntry(name, part))
        return part

    def drop_calc_chain(self) -> None:
        """Remove the calculation chain (the order Excel last calculated formula cells in): once
        formula cells move, Excel rebuilds it, where a stale one would make it repair the file."""
        chain = next((r.target for r in self._rels.values() if r.kind == "calcChain"), None)
        if chain is not None and self.package.has(chain):
            self.package.remove(chain)
            self.package.unrelate(self.part, chain)

    def recalculate_on_opening(self) -> None:
        """Ask Excel to calculate every formula when it opens the file, so formulas over the
        imported rows show their new results (``<calcPr fullCalcOnLoad="1">``)."""
        calc = self.root.find(q("calcPr"))
        if calc is None:
            calc = etree.Element(q("calcPr"))
            after = [c for c in self.root if isinstance(c.tag, str) and c.tag.rsplit("}", 1)[-1] in _BEFORE_CALC]
            if after:
                after[-1].addnext(calc)
            else:
                self.root.insert(0, calc)
        if calc.get("fullCalcOnLoad") not in ("1", "true"):
            calc.set("fullCalcOnLoad", "1")
            self.package.touch(self.part)

    def touch(self, part: str) -> None:
        self.package.touch(part)


def _free(package: Package, pattern: str) -> str:
    return next(pattern.format(n) for n in range(1, 10_000) if not package.has(pattern.format(n)))


class Styles:
    """The workbook's cell formats (``cellXfs``): which show dates, and a date twin of one that does not."""

    def __init__(self, package: Package, part: str) -> None:
        self.package = package
        self.part = part
        self.root = package.xml(part)
        xfs = self.root.find(q("cellXfs"))
        self.xfs = [] if xfs is None else xfs.findall(q("xf"))
        self.formats = {int(f.get("numFmtId", -1)): str(f.get("formatCode", ""))
                        for f in self.root.iterfind(f"{q('numFmts')}/{q('numFmt')}")}

    def code(self, style: str | None) -> str:
        index = int(style or 0)
        if index >= len(self.xfs):
            return "General"
        number = int(self.xfs[index].get("numFmtId", 0))
        return self.formats.get(number) or BUILTIN_FORMATS.get(number, "General")

    def is_date(self, style: str | None) -> bool:
        index = int(style or 0)
        number = int(self.xfs[index].get("numFmtId", 0)) if index < len(self.xfs) else 0
        return 14 <= number <= 22 or 27 <= number <= 36 or 45 <= number <= 47 or 50 <= number <= 58 or \
            is_date_format(self.code(style))

    def dated(self, style: str | None, code: str) -> str:
        """The index of a cell format like ``style`` but showing dates as ``code`` (added if need be)."""
        number = next((n for n, c in self.formats.items() if c == code), None)
        if number is None:
            number = max([163, *self.formats]) + 1
            formats = self.root.find(q("numFmts"))
            if formats is None:
                formats = etree.Element(q("numFmts"))
                self.root.insert(0, formats)
            etree.SubElement(formats, q("numFmt"), numFmtId=str(number), formatCode=code)
            formats.set("count", str(len(formats)))
            self.formats[number] = code
            self.package.touch(self.part)
        base = self.xfs[int(style or 0)] if int(style or 0) < len(self.xfs) else etree.Element(q("xf"))
        wanted = dict(base.attrib, numFmtId=str(number), applyNumberFormat="1")
        for i, xf in enumerate(self.xfs):
            if dict(xf.attrib) == wanted and len(xf) == len(base):
                return str(i)
        twin = deepcopy(base)
        twin.attrib.clear()
        twin.attrib.update(wanted)
        xfs = self.root.find(q("cellXfs"))
        if xfs is None:
            raise PackageError("its styles part has no cell formats")
        xfs.append(twin)
        xfs.set("count", str(len(xfs)))
        self.xfs.append(twin)
        self.package.touch(self.part)
        return str(len(self.xfs) - 1)

