"""Writing the standard PMO workbook: one Excel table per sheet, dropdowns, RAG colours.

Written with XlsxWriter rather than openpyxl because the "Functions" sheet needs dynamic-array
formulas. A formula saved as plain ``<f>`` text (all openpyxl writes) is read by dynamic-array
Excel as a legacy formula and shown with implicit intersection, ``=@PMO_PERT(...)``, so it returns
one value instead of spilling. Excel marks a spilling formula with cell metadata: ``<c cm="1">``
pointing at an ``XLDAPR`` record in ``xl/metadata.xml`` (plus ``t="array"``). XlsxWriter's
``write_dynamic_array_formula`` writes exactly that, and ``use_future_functions`` adds the
``_xlfn.`` prefixes newer built-ins need (FILTER, XLOOKUP, …). Our PMO_* functions are add-in UDFs
and need no prefix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.output import check_package, write_atomically
from pmokit.workbooks.schema import SHEETS, Column, SheetSpec

RAG_FILLS = {"Green": ("#C6EFCE", "#006100"), "Amber": ("#FFEB9C", "#9C5700"), "Red": ("#FFC7CE", "#9C0006")}
DROPDOWN_ROWS = 1000  # dropdowns and RAG colours reach this many rows even in a short table
TABLE_STYLE = "Table Style Medium 2"

# (title, formula, what it shows): the PMO_* functions used on the workbook's own tables.
FUNCTION_EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("PERT mean per task", "=PMO_PERT(Tasks[Optimistic],Tasks[Most likely],Tasks[Pessimistic])",
     "Expected duration (O + 4M + P) / 6 of every task, in working days; spills down."),
    ("PERT standard deviation", "=PMO_PERT_SD(Tasks[Optimistic],Tasks[Most likely],Tasks[Pessimistic])",
     "(P − O) / 6 of every task; spills down."),
    ("Monte Carlo P80 of all tasks", "=PMO_MC(Tasks[Optimistic],Tasks[Most likely],Tasks[Pessimistic],0.8)",
     "Total working days of every task in the workbook at 80% confidence (Beta-PERT sampling)."),
    ("Schedule variance per report", "=PMO_VARIANCE(Status[PV],Status[EV])",
     "EV − PV (SV) and SV% of every status report; spills two columns under a header."),
    ("Risk score", "=PMO_RISK_SCORE(Risks[Probability],Risks[Impact])",
     "Probability band × impact for every risk; spills down."),
    ("Expected monetary value", "=PMO_EMV(Risks[Probability],Risks[Cost impact likely])",
     "Probability × likely cost for every risk; spills down."),
    ("Risk reserve at P80", "=PMO_RISK_RESERVE(Risks[Probability],Risks[Cost impact min],"
     "Risks[Cost impact likely],Risks[Cost impact max],0.8)",
     "Contingency that covers the simulated cost of all risks at 80% confidence."),
)


def write_workbook(portfolio: Portfolio | None, path: str | Path, *, examples: bool = False,
                   replace: bool = True, created: dt.datetime | None = None) -> Path:
    """Write a portfolio as the standard PMO workbook (no portfolio: the empty tables).

    With ``examples`` the workbook also gets a "Functions" sheet showing the PMO_* Excel functions
    working on its own tables. The file appears whole or not at all; with ``replace=False`` an
    existing file is an :class:`~pmokit.workbooks.errors.OutputError` and stays as it was.
    ``created`` fixes the document's creation date (now by default), so a script that rebuilds a
    workbook from the same data writes the same bytes.
    """
    def write(tmp: Path) -> None:
        book = xlsxwriter.Workbook(str(tmp), {"use_future_functions": True, "strings_to_numbers": False,
                                              "strings_to_formulas": False, "strings_to_urls": False})
        book.set_properties({"title": "PMO workbook", "subject": "Project group data for pmokit",
                             "creator": "pmokit", "comments": "Standard layout: see workbooks/README.md",
                             **({"created": created} if created else {})})
        formats = _Formats(book)
        for spec in SHEETS:
            _write_sheet(book, formats, spec, _rows(portfolio, spec))
        if examples:
            _write_functions(book, formats)
        book.close()

    return write_atomically(path, write, replace=replace, check=check_package)


def _rows(portfolio: Portfolio | None, spec: SheetSpec) -> list[list[Any]]:
    if portfolio is None:
        return []
    if spec.name == "Calendar":
        rows = [[h.date, h.name, ""] for h in portfolio.calendar.holidays]
        if portfolio.calendar.weekmask != "1111100":
            if not rows:
                rows = [[None, "", ""]]
            rows[0][2] = portfolio.calendar.weekmask
        return rows
    records: Iterable[Any] = getattr(portfolio, _COLLECTION[spec.name])
    return [[_cell(getattr(r, c.field), c) for c in spec.columns] for r in records]


_COLLECTION = {"Projects": "projects", "Tasks": "tasks", "Resources": "resources", "Status": "status",
               "Milestones": "milestones", "Risks": "risks", "Decisions": "decisions", "Charter": "charters",
               "Throughput": "throughput"}


def _cell(value: Any, column: Column) -> Any:
    if column.kind == "bool":
        return "Yes" if value else "No"
    return value


class _Formats:
    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.cache: dict[str, Any] = {}
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.note = book.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.code = book.add_format({"font_name": "Consolas", "font_color": "#1F4E79", "text_wrap": True,
                                     "valign": "top"})
        # an explicit header fill, not only the table style: LibreOffice and viewers ignore table styles
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#1F4E79",
                                       "font_color": "#FFFFFF", "border": 1, "border_color": "#FFFFFF"})
        self.rag = {word: book.add_format({"bg_color": bg, "font_color": fg}) for word, (bg, fg) in RAG_FILLS.items()}

    def number(self, pattern: str) -> Any:
        if pattern not in self.cache:
            self.cache[pattern] = self.book.add_format({"num_format": pattern}) if pattern else None
        return self.cache[pattern]


def _write_sheet(book: Workbook, formats: _Formats, spec: SheetSpec, rows: Sequence[Sequence[Any]]) -> None:
    sheet: Worksheet = book.add_worksheet(spec.name)
    n = max(len(rows), 1)
    last_col = len(spec.columns) - 1
    for j, column in enumerate(spec.columns):
        sheet.set_column(j, j, column.width, formats.number(column.excel_format))
    for i, row in enumerate(rows, start=1):
        for j, (value, column) in enumerate(zip(row, spec.columns)):
            _write_value(sheet, i, j, value, formats.number(column.excel_format))
    sheet.add_table(0, 0, n, last_col, {
        "name": spec.name, "style": TABLE_STYLE,
        "columns": [{"header": c.header, "header_format": formats.header} for c in spec.columns],
    })
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # printed: all columns on one page wide
    sheet.repeat_rows(0)
    reach = max(n, DROPDOWN_ROWS)
    for j, column in enumerate(spec.columns):
        sheet.write_comment(0, j, _comment(column), {"x_scale": 2, "y_scale": 1.2})
        _validation(sheet, formats, column, j, reach)


def _write_value(sheet: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, fmt)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _comment(column: Column) -> str:
    parts = [f"{column.header}: {column.help}"]
    if column.required:
        parts.append("Required.")
    if column.allowed:
        parts.append("One of: " + ", ".join(column.allowed) + ("" if column.strict else " (or your own)") + ".")
    return " ".join(parts)


def _validation(sheet: Worksheet, formats: _Formats, column: Column, j: int, reach: int) -> None:
    if column.kind == "choice":
        sheet.data_validation(1, j, reach, j, {
            "validate": "list", "source": list(column.allowed),
            "error_type": "stop" if column.strict else "information",
            "error_title": column.header[:32],
            "error_message": f"Choose one of {', '.join(column.allowed)}.",
        })
        if set(column.allowed) == set(RAG_FILLS):
            for word, fmt in formats.rag.items():
                sheet.conditional_format(1, j, reach, j, {"type": "cell", "criteria": "==",
                                                          "value": f'"{word}"', "format": fmt})
    elif column.kind == "bool":
        sheet.data_validation(1, j, reach, j, {"validate": "list", "source": ["Yes", "No"],
                                               "error_type": "information"})
    elif column.kind == "date":
        sheet.data_validation(1, j, reach, j, {
            "validate": "date", "criteria": "between",
            "minimum": dt.date(1900, 3, 1), "maximum": dt.date(9999, 12, 31), "error_type": "warning",
            "error_message": "Type a date such as 2026-11-30."})
    elif column.kind in ("number", "integer", "percent") and column.minimum is not None:
        options: dict[str, Any] = {"validate": "decimal" if column.kind != "integer" else "integer",
                                   "error_type": "warning", "error_title": column.header[:32]}
        if column.maximum is not None:
            options.update(criteria="between", minimum=column.minimum, maximum=column.maximum,
                           error_message=f"Between {column.bound(column.minimum)} and {column.bound(column.maximum)}.")
        else:
            options.update(criteria=">=", value=column.minimum, error_message=f"At least {column.bound(column.minimum)}.")
        sheet.data_validation(1, j, reach, j, options)


def _write_functions(book: Workbook, formats: _Formats) -> None:
    """A sheet of live PMO_* formulas over the tables: each example in its own columns, so a
    formula spills down (or across) without hitting the next one."""
    sheet = book.add_worksheet("Functions")
    sheet.write(0, 0, "The pmokit Excel functions on this workbook's tables", formats.title)
    sheet.write(1, 0, "Needs the pmokit add-in (pmokit addin install). Each formula spills its results "
                      "below; the tables grow and the results follow.", formats.note)
    col = 0
    for title, formula, note in FUNCTION_EXAMPLES:
        sheet.set_column(col, col, 26)
        sheet.write(3, col, title, formats.header)
        sheet.write(4, col, note, formats.note)
        sheet.write_string(5, col, formula, formats.code)
        sheet.write_dynamic_array_formula(6, col, 6, col, formula)
        col += 3 if "VARIANCE" in formula else 2
    sheet.set_row(4, 75)
    sheet.set_row(5, 60)
    sheet.freeze_panes(7, 0)
