"""The table of contents' placeholder, filled with the document's headings.

Word rebuilds the TOC field when it opens the document (the templates set ``w:updateFields``),
with page numbers. Other readers — LibreOffice, a PDF converter, a previewer — show the field's
stored result instead, so pmokit stores the Heading 1 and 2 titles there (without page numbers,
which only a layout engine knows) rather than a "press F9" note.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Cm, Pt

W_P, W_R, W_T = qn("w:p"), qn("w:r"), qn("w:t")
FLD_CHAR, INSTR = qn("w:fldChar"), qn("w:instrText")
LEVELS = {"Heading 1": 0, "Heading 2": 1}


def fill_contents(document: Any) -> int:
    """Store the headings as the TOC field's result; returns how many entries it holds."""
    entries = [(LEVELS[p.style.name], p.text) for p in document.paragraphs
               if p.style is not None and p.style.name in LEVELS and p.text.strip()]
    toc = next((p for p in document.paragraphs if any(
        (i.text or "").strip().startswith("TOC") for i in p._p.iter(INSTR))), None)
    if toc is None or not entries:
        return 0
    runs = toc._p.findall(W_R)
    kinds = [_fld_kind(r) for r in runs]
    if "separate" not in kinds or "end" not in kinds:
        return 0
    separate, end = kinds.index("separate"), kinds.index("end")
    result = [r for r in runs[separate + 1:end] if r.find(W_T) is not None]
    if not result:
        return 0
    for extra in result[1:]:
        toc._p.remove(extra)
    first = result[0]
    first.find(W_T).text = entries[0][1]
    end_run = runs[end]
    toc._p.remove(end_run)
    template = copy.deepcopy(toc)
    _entry_format(toc, entries[0][0])
    previous = toc
    for level, title in entries[1:]:
        paragraph = _after(previous, template)
        run = copy.deepcopy(first)
        run.find(W_T).text = title
        paragraph._p.append(run)
        _entry_format(paragraph, level)
        previous = paragraph
    previous._p.append(end_run)
    return len(entries)


def _entry_format(paragraph: Any, level: int) -> None:
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(0.6 * level)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(1), 1.0


def _fld_kind(run: Any) -> str:
    char = run.find(FLD_CHAR)
    return "" if char is None else str(char.get(qn("w:fldCharType")))


def _after(paragraph: Any, template: Any) -> Any:
    """A new empty paragraph right after ``paragraph``, with ``template``'s properties."""
    from docx.text.paragraph import Paragraph

    new = copy.deepcopy(template._p)
    for child in list(new):
        if child.tag != qn("w:pPr"):
            new.remove(child)
    paragraph._p.addnext(new)
    return Paragraph(new, paragraph._parent)
