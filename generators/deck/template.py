"""The deck's template: which layouts and placeholders the generator needs, found by name, and
a clear :class:`TemplateError` naming what a PMO's own template lacks — before anything is written."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.shapetree import SlideShapeFactory
from pptx.slide import Slide, SlideLayout

from pmokit.generators.errors import TemplateError
from pmokit.workbooks.output import note_input
from pmokit.templates import path as template_path

BODY, CHART, TABLE, TITLE = "text", "chart", "table", "title"
_KINDS = {
    BODY: {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.OBJECT},
    CHART: {PP_PLACEHOLDER.CHART, PP_PLACEHOLDER.OBJECT},
    TABLE: {PP_PLACEHOLDER.TABLE, PP_PLACEHOLDER.OBJECT},
    TITLE: {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE},
}
# Layout name → placeholder name → kind. A corporate template must offer these names.
REQUIRED: dict[str, dict[str, str]] = {
    "Title Slide": {"Title": TITLE, "Subtitle": BODY},
    "Summary": {"Title": TITLE, "Messages": BODY, "Counts": TABLE, "History": TABLE, "Trend Chart": CHART,
                "Facts": BODY, "Note": BODY},
    "Table": {"Title": TITLE, "Table": TABLE, "Note": BODY},
    "Chart": {"Title": TITLE, "Chart": CHART, "Note": BODY},
    "Two Charts": {"Title": TITLE, "Left Chart": CHART, "Right Chart": CHART, "Note": BODY},
    "Chart and Table": {"Title": TITLE, "Left Chart": CHART, "Right Table": TABLE, "Note": BODY},
    "Two Tables": {"Title": TITLE, "Left Table": TABLE, "Right Table": TABLE, "Note": BODY},
    "Project": {"Title": TITLE, "Status": BODY, "Chart": CHART, "Left Table": TABLE, "Right Table": TABLE,
                "History": TABLE, "Trend Chart": CHART, "Slip Chart": CHART, "Note": BODY},
}


def open_template(path: Path | None) -> PresentationType:
    """The template opened and checked, its own sample slides removed. Raises
    :class:`TemplateError` naming every missing layout or placeholder."""
    source = Path(path) if path else template_path("deck.pptx")
    if not source.is_file():
        raise TemplateError(source, "no such file")
    note_input(source)
    try:
        prs = Presentation(str(source))
    except Exception as exc:  # python-pptx raises several types for a file that is not a deck
        raise TemplateError(source, f"cannot be opened as a PowerPoint template ({type(exc).__name__})") from None
    missing = check(prs)
    if missing:
        raise TemplateError(source, "lacks " + "; ".join(missing)
                            + " (layouts and placeholders are found by name; see templates/deck.pptx)")
    _drop_slides(prs)
    return prs


def check(prs: PresentationType) -> list[str]:
    """What the template lacks, one phrase per missing layout or placeholder ([] when complete)."""
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    missing: list[str] = []
    for name, wanted in REQUIRED.items():
        layout = layouts.get(name)
        if layout is None:
            missing.append(f"layout '{name}'")
            continue
        have = {ph.name: ph.placeholder_format.type for ph in list(layout.placeholders)}
        for ph_name, kind in wanted.items():
            if ph_name not in have:
                missing.append(f"placeholder '{ph_name}' ({kind}) on layout '{name}'")
            elif have[ph_name] not in _KINDS[kind]:
                missing.append(f"placeholder '{ph_name}' on layout '{name}' is not a {kind} placeholder")
    return missing


def layout(prs: PresentationType, name: str) -> SlideLayout:
    """The layout called ``name`` (checked to exist by :func:`open_template`)."""
    return next(lo for lo in prs.slide_layouts if lo.name == name)


def new_slide(prs: PresentationType, layout_name: str) -> Slide:
    """A slide on the named layout."""
    slide: Slide = prs.slides.add_slide(layout(prs, layout_name))
    return slide


def placeholder(slide: Slide, name: str) -> Any:
    """The slide's placeholder cloned from the layout placeholder called ``name`` (python-pptx
    renames the clones, so the layout's name is looked up and matched by index)."""
    idx = _layout_index(slide.slide_layout.part)[name][0]
    found = _BY_IDX(slide.element, idx=idx)
    if not found:
        raise KeyError(f"no placeholder '{name}' (idx {idx}) on this slide")
    return SlideShapeFactory(found[0], slide.placeholders)


def geometry(slide: Slide) -> dict[int, tuple[int, int, int, int]]:
    """Placeholder index → (left, top, width, height) as the slide's layout places them."""
    return {idx: box for idx, box in _layout_index(slide.slide_layout.part).values()}


def place(slide: Slide) -> None:
    """Give every placeholder on ``slide`` its layout's position and size explicitly (readers that
    resolve inheritance by type alone misplace them: the layout lint did)."""
    boxes = geometry(slide)
    for el in _PLACEHOLDERS(slide.element):
        box = boxes.get(int(el.get("idx", "0")))
        shape = el.getparent().getparent().getparent()  # p:ph < p:nvPr < p:nvSpPr < p:sp
        props = shape.find(qn("p:spPr"))
        if box is None or props is None:
            continue
        for old in props.findall(qn("a:xfrm")):
            props.remove(old)
        x, y, cx, cy = box
        props.insert(0, parse_xml(f'<a:xfrm {nsdecls("a")}><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
                                  "</a:xfrm>"))


def remove_empty(slide: Slide) -> None:
    """Take the text placeholders left empty off ``slide`` (no "Click to add text" prompt shows);
    charts and tables have replaced theirs with graphic frames by now."""
    for el in _PLACEHOLDERS(slide.element):
        shape = el.getparent().getparent().getparent()
        if not "".join(t.text or "" for t in shape.iter(qn("a:t"))).strip():
            shape.getparent().remove(shape)


# python-pptx finds a slide placeholder by reading each shape's idx through its own XPath call,
# which with nine placeholders a slide was the layout stage's largest single cost; one compiled
# XPath finds them at once (a title's p:ph may leave idx out: it is 0).
_NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
_BY_IDX = etree.XPath("./p:cSld/p:spTree/*[*/p:nvPr/p:ph[@idx = $idx or (not(@idx) and $idx = 0)]]",
                      namespaces=_NS)
_PLACEHOLDERS = etree.XPath("./p:cSld/p:spTree/p:sp/p:nvSpPr/p:nvPr/p:ph", namespaces=_NS)


@functools.lru_cache(maxsize=256)
def _layout_index(part: Any) -> dict[str, tuple[int, tuple[int, int, int, int]]]:
    """A layout's placeholders by name: index and position, read once per layout (python-pptx
    resolves inherited positions by XPath on every access, which dominated the layout stage)."""
    return {ph.name: (ph.placeholder_format.idx, (ph.left, ph.top, ph.width, ph.height))
            for ph in part.slide_layout.placeholders}


def remove(shape: Any) -> None:
    """Take an unused placeholder off its slide, so no "Click to add text" prompt shows."""
    el = shape.element
    el.getparent().remove(el)


def _drop_slides(prs: PresentationType) -> None:
    ids = prs.slides._sldIdLst  # python-pptx has no public slide delete (issue #67)
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def say_missing(slide: Slide, shape: Any, message: str) -> None:
    """Say in the place of a chart or table what is missing for it (a text box where the
    placeholder was: an empty chart placeholder would show PowerPoint's "insert chart" icon)."""
    from pptx.util import Pt

    box = slide.shapes.add_textbox(shape.left, shape.top, shape.width, min(shape.height, Pt(60)))
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = message
    frame.paragraphs[0].runs[0].font.size = Pt(14)
    frame.paragraphs[0].runs[0].font.italic = True
    box.name = "Missing data"
    remove(shape)
