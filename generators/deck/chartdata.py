"""Chart data whose embedded workbook holds text as text: no cell ever becomes a formula.

A native PowerPoint chart carries its data as an Excel workbook inside the deck ("Edit Data"
opens it). python-pptx writes that workbook with XlsxWriter's ``write()``, which turns a string
starting with ``=`` into a live formula and one that looks like a URL into a hyperlink, so a
project named ``=HYPERLINK(…)`` or ``=1+2`` would run in Excel the moment someone edits the chart
(OWASP, "CSV Injection": nothing a tool writes may turn text into a formula). Here the workbook
is opened with those conversions off: every category and series name is a string cell, exactly
as the workbook had it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from xlsxwriter import Workbook

TEXT_ONLY = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


class _TextCellWriter(CategoryWorkbookWriter):
    @contextmanager
    def _open_worksheet(self, xlsx_file: IO[bytes]) -> Iterator[tuple[Any, Any]]:
        workbook = Workbook(xlsx_file, TEXT_ONLY)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class ChartData(CategoryChartData):
    """python-pptx's category chart data, with its embedded workbook written text-safe."""

    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _TextCellWriter(self)  # type: ignore[no-untyped-call]
