"""Native PowerPoint tables filled into table placeholders: measured cell text (shortened with
an ellipsis, full text to the notes), coloured cells, and long tables split across slides with
the header repeated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from xml.sax.saxutils import escape

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu

from pmokit.generators.deck.rag import rgb
from pmokit.generators.deck import fitting

HEADER_FILL = rgb("1F4E79")
BAND_FILL = rgb("F2F4F7")
PLAIN_FILL = rgb("FFFFFF")
TEXT = rgb("1F2A44")
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


def fewest_pages(rows: Sequence[Sequence[Cell | str]], widths: Sequence[float], height: float, *,
                 sizes: Sequence[float], max_lines: int, cap: int) -> tuple[float, list[list[Sequence[Cell | str]]]]:
    """The rows split at the largest of ``sizes`` that needs the fewest slides: a table a row or
    two too long at 11 pt takes 10 pt rather than a follow-on slide for its last row."""
    best: tuple[float, list[list[Sequence[Cell | str]]]] | None = None
    for size in sorted(sizes, reverse=True):
        pages = split_pages(rows, widths, height, size=size, max_lines=max_lines, cap=cap)
        if best is None or len(pages) < len(best[1]):
            best = (size, pages)
    assert best is not None, "give at least one size"
    return best


@dataclass(frozen=True)
class Area:
    """A free rectangle of a slide (EMU) that :func:`fill` can put a table in, like a table
    placeholder: for a second table under the one a layout places (the risk slide's drivers)."""

    shapes: Any  # the slide's shape tree
    left: int
    top: int
    width: int
    height: int

    def insert_table(self, rows: int, cols: int) -> Any:
        return self.shapes.add_table(rows, cols, Emu(self.left), Emu(self.top), Emu(self.width),
                                     Emu(self.height))


def fill(placeholder: Any, header: Sequence[str], rows: Sequence[Sequence[Cell | str]], fractions: Sequence[float],
         *, size: float = 11.0, max_lines: int = 2, notes: Notes | None = None, where: str = "",
         banded: bool = True, min_row: float = 0.0) -> Any:
    """Insert a native table into a table placeholder: ``header`` then ``rows``, columns sized by
    ``fractions`` of the placeholder's width. Returns the graphic frame."""
    size = max(size, fitting.MIN_SIZE)
    width_pt = placeholder.width / EMU_PER_PT
    total = sum(fractions)
    widths = [width_pt * f / total for f in fractions]
    frame = placeholder.insert_table(rows=1, cols=len(header))  # its rows are replaced below
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    for j, w in enumerate(widths):
        table.columns[j].width = Emu(int(w * EMU_PER_PT))
    header_cells = [Cell(text, HEADER_FILL, rgb("FFFFFF"), True) for text in header]
    heights = [fitting.lines_height(max(min(len(fitting.wrap(h, w - 2 * MARGIN_X, size, True)), 2)
                                        for h, w in zip(header, widths)), size) + 2 * MARGIN_Y + 1.5]
    xml_rows = [_row_xml(header_cells, widths, heights[0], size, 2, notes, where)]
    for i, row in enumerate(rows, start=1):
        cells = [as_cell(c) for c in row]
        heights.append(max(min_row, row_height([c.text for c in cells], widths, size, max_lines)))
        base = BAND_FILL if banded and i % 2 == 0 else PLAIN_FILL
        cells = [c if c.fill else Cell(c.text, base, c.colour, c.bold, c.align) for c in cells]
        xml_rows.append(_row_xml(cells, widths, heights[-1], size, max_lines, notes, where))
    # Rows written as XML in one go: python-pptx's cell API runs several XPath queries per
    # property, which made the tables most of the deck's cost (benchmarks/bench_deck.py).
    tbl = table._tbl
    for tr in tbl.findall(qn("a:tr")):
        tbl.remove(tr)
    for tr in etree.fromstring(f'<a:x xmlns:a="{_A}">{"".join(xml_rows)}</a:x>'):
        tbl.append(tr)
    frame.height = Emu(int(sum(heights) * EMU_PER_PT))
    return frame


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ALIGN = {"l": "l", "c": "ctr", "r": "r"}


def _row_xml(cells: Sequence[Cell], widths: Sequence[float], height: float, size: float, max_lines: int,
             notes: Notes | None, where: str) -> str:
    parts = [f'<a:tr h="{int(height * EMU_PER_PT)}">']
    mx, my = int(MARGIN_X * EMU_PER_PT), int(MARGIN_Y * EMU_PER_PT)
    for cell, width in zip(cells, widths):
        text = fitting.shorten(cell.text, width - 2 * MARGIN_X, size, max_lines, cell.bold)
        if text != cell.text and notes is not None:
            notes.add(cell.text, where)
        colour = str(cell.colour or TEXT)
        bold = ' b="1"' if cell.bold else ' b="0"'
        props = (f'<a:rPr lang="en-GB" sz="{int(size * 100)}"{bold} dirty="0"><a:solidFill><a:srgbClr '
                 f'val="{colour}"/></a:solidFill></a:rPr>')
        # A line break in the text is a soft break (a:br), as Shift+Enter in PowerPoint.
        run = f'<a:br>{props}</a:br>'.join(f'<a:r>{props}<a:t>{escape(line)}</a:t></a:r>'
                                           for line in text.split("\n")) if text else \
            f'<a:endParaRPr lang="en-GB" sz="{int(size * 100)}" dirty="0"/>'
        fill = f'<a:solidFill><a:srgbClr val="{cell.fill}"/></a:solidFill>' if cell.fill is not None else ""
        parts.append(f'<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:pPr algn="{_ALIGN[cell.align]}"/>{run}'
                     f'</a:p></a:txBody><a:tcPr marL="{mx}" marR="{mx}" marT="{my}" marB="{my}" anchor="ctr">'
                     f'{fill}</a:tcPr></a:tc>')
    parts.append("</a:tr>")
    return "".join(parts)
