"""Text into placeholders, measured to fit (see :mod:`pmokit.generators.deck.fitting`), with what had
to be shortened written in full into the slide's speaker notes."""

from __future__ import annotations

from typing import Any

from pptx.enum.text import MSO_AUTO_SIZE
from pptx.slide import Slide
from pptx.util import Pt

from pmokit.generators.deck import fitting, template
from pmokit.generators.deck.tables import EMU_PER_PT, Notes

INSET_X, INSET_Y = 7.2, 3.6  # points: PowerPoint's default text-box insets, set explicitly


def put(placeholder: Any, paragraphs: list[str], max_size: float, *, notes: Notes, where: str,
        bold: bool = False, bold_first: bool = False) -> float:
    """Write ``paragraphs`` into a text placeholder at the largest size (≤ ``max_size``, ≥ 10 pt)
    at which they fit; shorten the tail with "…" when even 10 pt does not fit. Returns the size."""
    frame = placeholder.text_frame
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Pt(INSET_X)
    frame.margin_top = frame.margin_bottom = Pt(INSET_Y)
    width = placeholder.width / EMU_PER_PT - 2 * INSET_X
    height = placeholder.height / EMU_PER_PT - 2 * INSET_Y
    fitted = fitting.fit(paragraphs, width, height, max_size, bold=bold)
    if fitted.shortened:
        notes.add("\n".join(paragraphs), where)
    frame.clear()
    for i, text in enumerate(fitted.paragraphs or [""]):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.space_after = Pt(0.3 * fitted.size * fitting.LINE_HEIGHT)
        para.space_before = Pt(0)
        para.line_spacing = 1.0
        run = para.add_run()
        run.text = text
        run.font.size = Pt(fitted.size)
        run.font.bold = bold or (bold_first and i == 0)
    return fitted.size


def title(slide: Slide, text: str, notes: Notes, max_size: float = 28.0) -> None:
    """The slide title on one line, shrunk to no less than 18 pt, else shortened."""
    shape = template.placeholder(slide, "Title")  # the template check guarantees one on every layout
    frame = shape.text_frame
    width = shape.width / EMU_PER_PT - 2 * INSET_X
    size = max_size
    while size > 18 and len(fitting.wrap(text, width, size, True)) > 1:
        size -= 1
    shown = fitting.shorten(text, width, size, 1, True)
    if shown != text:
        notes.add(text, "Title")
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Pt(INSET_X)
    frame.text = shown
    frame.paragraphs[0].runs[0].font.size = Pt(size)


def write_notes(slide: Slide, notes: Notes, source: str = "") -> None:
    """The slide's speaker notes: the full texts shortened on it, then where its numbers come from."""
    lines = []
    if notes.lines:
        lines.append("Shortened on the slide, in full:")
        lines += notes.lines
    lines += notes.facts
    if source:
        lines.append(source)
    if lines:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:  # None only when the notes master lacks a body placeholder
            frame.text = "\n".join(lines)
