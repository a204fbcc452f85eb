"""Native PowerPoint tables filled into table placeholders: measured cell text (shortened with
an ellipsis, full text to the notes), coloured cells, and long tables split across slides with
the header repeated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from generators.deck import fitting

HEADER_FILL = RGBColor(0x1F, 0x4E, 0x79)
BAND_FILL = RGBColor(0xF2, 0xF4, 0xF7)
PLAIN_FILL = RGBColor(0xFF, 0xFF, 0xFF)
TEXT = RGBColor(0x1F, 0x2A, 0x44)
MARGIN_X, MARGIN_Y = 4.0, 2.5  # points: cell insets, set on every cell so measuring agrees
EMU_PER_PT = 12700


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, optional fill and text colour, bold, alignment ("l", "c", "r")."""

    text: str
    fill: RGBColor | None = None
    colour: RGBColor | None = None
    bold: bool = False
    align: str = "l"


@dataclass
class Notes:
    """Full texts that were shortened on a slide, to go into its speaker notes."""

    lines: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # other things the presenter should know

    def add(self, full: str, where: str) -> None:
        if full not in (line.split(": ", 1)[-1] for line in self.lines):
            self.lines.append(f"{where}: {full}")


def as_cell(value: Cell | str) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


def row_height(texts: Sequence[str], widths: Sequence[float], size: float, max_lines: int) -> float:
    """The height in points of a row whose cells hold ``texts`` (each wrapped to at most
    ``max_lines`` lines in its column)."""
    lines = max((min(len(fitting.wrap(t, w - 2 * MARGIN_X, size)), max_lines) for t, w in zip(texts, widths)),
                default=1)
    return fitting.lines_height(lines, size) + 2 * MARGIN_Y + 1.5


def split_pages(rows: Sequence[Sequence[Cell | str]], widths: Sequence[float], height: float, *, size: float,
                max_lines: int, cap: int) -> list[list[Sequence[Cell | str]]]:
    """The rows in pages that each fit ``height`` points under the header, at most ``cap`` rows
    per page; always at least one (maybe empty) page."""
    header = fitting.lines_height(2, size) + 2 * MARGIN_Y
    pages: list[list[Sequence[Cell | str]]] = [[]]
    used = header
    for row in rows:
        h = row_height([as_cell(c).text for c in row], widths, size, max_lines)
        if pages[-1] and (used + h > height or len(pages[-1]) >= cap):
            pages.append([])
            used = header
        pages[-1].append(row)
        used += h
    return pages


def fill(placeholder: Any, header: Sequence[str], rows: Sequence[Sequence[Cell | str]], fractions: Sequence[float],
         *, size: float = 11.0, max_lines: int = 2, notes: Notes | None = None, where: str = "",
         banded: bool = True, min_row: float = 0.0) -> Any:
    """Insert a native table into a table placeholder: ``header`` then ``rows``, columns sized by
    ``fractions`` of the placeholder's width. Returns the graphic frame."""
    size = max(size, fitting.MIN_SIZE)
    width_pt = placeholder.width / EMU_PER_PT
    total = sum(fractions)
    widths = [width_pt * f / total for f in fractions]
    frame = placeholder.insert_table(rows=len(rows) + 1, cols=len(header))
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    for j, w in enumerate(widths):
        table.columns[j].width = Emu(int(w * EMU_PER_PT))
    heights = [fitting.lines_height(max(min(len(fitting.wrap(h, w - 2 * MARGIN_X, size, True)), 2)
                                        for h, w in zip(header, widths)), size) + 2 * MARGIN_Y + 1.5]
    for j, text in enumerate(header):
        _write(table.cell(0, j), Cell(text, HEADER_FILL, RGBColor(0xFF, 0xFF, 0xFF), True), widths[j], size, 2,
               notes, where)
    for i, row in enumerate(rows, start=1):
        cells = [as_cell(c) for c in row]
        heights.append(max(min_row, row_height([c.text for c in cells], widths, size, max_lines)))
        for j, cell in enumerate(cells):
            base = BAND_FILL if banded and i % 2 == 0 else PLAIN_FILL
            _write(table.cell(i, j), cell if cell.fill else Cell(cell.text, base, cell.colour, cell.bold, cell.align),
                   widths[j], size, max_lines, notes, where)
    for i, h in enumerate(heights):
        table.rows[i].height = Emu(int(h * EMU_PER_PT))
    frame.height = Emu(int(sum(heights) * EMU_PER_PT))
    return frame


def _write(cell: Any, spec: Cell, width: float, size: float, max_lines: int, notes: Notes | None, where: str) -> None:
    text = fitting.shorten(spec.text, width - 2 * MARGIN_X, size, max_lines, spec.bold)
    if text != spec.text and notes is not None:
        notes.add(spec.text, where)
    cell.margin_left = cell.margin_right = Pt(MARGIN_X)
    cell.margin_top = cell.margin_bottom = Pt(MARGIN_Y)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    if spec.fill is not None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = spec.fill
    frame = cell.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    para.alignment = {"l": PP_ALIGN.LEFT, "c": PP_ALIGN.CENTER, "r": PP_ALIGN.RIGHT}[spec.align]
    run = para.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = spec.bold
    run.font.color.rgb = spec.colour or TEXT
