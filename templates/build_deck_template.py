"""Build ``templates/deck.pptx``, the default 16:9 steering-deck template, reproducibly.

Run ``python -m pmokit.templates.build_deck_template`` after changing the layouts below. The deck
generator finds layouts and placeholders by the names given here (``generators/deck/template.py``
lists what it needs), so a PMO's corporate master only has to use the same names.

The script starts from python-pptx's packaged default only to get a valid master/theme package;
everything a slide shows — size, theme colours and fonts, master text styles, the layouts and
their placeholders — is set here.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

OUT = Path(__file__).with_name("deck.pptx")
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # PowerPoint's 16:9, 13.333 × 7.5 in
FONT = "Calibri"  # metric-compatible with Carlito, which LibreOffice substitutes
# Theme colours: dark navy text, blue accents; chosen to stay distinct in greyscale (luminance
# steps of at least ~15%) since RAG and series colours must survive a black-and-white print.
COLOURS = {
    "dk1": "000000", "lt1": "FFFFFF", "dk2": "1F2A44", "lt2": "E7E9EE",
    "accent1": "1F4E79", "accent2": "5B9BD5", "accent3": "A5A5A5", "accent4": "C55A11",
    "accent5": "264478", "accent6": "70AD47", "hlink": "0563C1", "folHlink": "954F72",
}
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
A, P = "{%s}" % NS["a"], "{%s}" % NS["p"]


@dataclass(frozen=True)
class Box:
    """A placeholder on a layout: its name, type (title, ctrTitle, subTitle, body, chart, tbl),
    index and position in inches."""

    name: str
    kind: str
    idx: int | None
    x: float
    y: float
    w: float
    h: float
    size: int = 0  # body text size in points (0: the master's)


TITLE = Box("Title", "title", None, 0.5, 0.3, 12.33, 0.8)
NOTE = Box("Note", "body", 30, 0.5, 6.62, 12.33, 0.5, 11)
TOP, BODY_H = 1.3, 5.2
LAYOUTS: dict[str, list[Box]] = {
    "Title Slide": [Box("Title", "ctrTitle", None, 0.8, 2.2, 11.73, 1.5),
                    Box("Subtitle", "subTitle", 1, 0.8, 3.9, 11.73, 1.2, 20)],
    "Summary": [TITLE, Box("Messages", "body", 1, 0.5, TOP, 7.3, 3.3, 16),
                Box("Trend Chart", "chart", 12, 0.5, 4.7, 7.3, 1.85),
                Box("Counts", "tbl", 10, 8.1, TOP, 4.73, 1.55),
                Box("History", "tbl", 13, 8.1, 2.95, 4.73, 1.3),
                Box("Facts", "body", 11, 8.1, 4.35, 4.73, 2.2, 14), NOTE],
    "Table": [TITLE, Box("Table", "tbl", 10, 0.5, TOP, 12.33, BODY_H), NOTE],
    "Chart": [TITLE, Box("Chart", "chart", 10, 0.5, TOP, 12.33, BODY_H), NOTE],
    "Two Charts": [TITLE, Box("Left Chart", "chart", 10, 0.5, TOP, 6.05, BODY_H),
                   Box("Right Chart", "chart", 11, 6.78, TOP, 6.05, BODY_H), NOTE],
    "Chart and Table": [TITLE, Box("Left Chart", "chart", 10, 0.5, TOP, 6.6, BODY_H),
                        Box("Right Table", "tbl", 11, 7.35, TOP, 5.48, BODY_H), NOTE],
    "Two Tables": [TITLE, Box("Left Table", "tbl", 10, 0.5, TOP, 5.2, BODY_H),
                   Box("Right Table", "tbl", 11, 5.95, TOP, 6.88, BODY_H), NOTE],
    "Project": [TITLE, Box("Status", "body", 1, 0.5, TOP, 6.05, 2.15, 12),
                Box("Chart", "chart", 10, 6.78, TOP, 6.05, 2.15),
                Box("Left Table", "tbl", 11, 0.5, 3.55, 6.05, 1.6),
                Box("Right Table", "tbl", 12, 6.78, 3.55, 6.05, 1.6),
                # The lower third: RAG history, CPI / SPI trend, forecast finish over the reports.
                Box("History", "tbl", 13, 0.5, 5.25, 4.0, 1.3),
                Box("Trend Chart", "chart", 14, 4.65, 5.25, 4.0, 1.3),
                Box("Slip Chart", "chart", 15, 8.8, 5.25, 4.03, 1.3), NOTE],
}


def build(out: Path = OUT) -> Path:
    """Write the template and return its path."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    master = prs.slide_master
    _theme(master.part)
    _master(master)
    layouts = list(master.slide_layouts)
    for layout, (name, boxes) in zip(layouts, LAYOUTS.items()):
        _layout(layout, name, boxes)
    for layout in layouts[len(LAYOUTS):]:
        master.slide_layouts.remove(layout)
    buffer = io.BytesIO()
    prs.save(buffer)
    out.write_bytes(_reproducible(buffer.getvalue()))
    return out


def _theme(master_part: object) -> None:
    theme = master_part.part_related_by(RT.THEME)  # type: ignore[attr-defined]
    root = etree.fromstring(theme.blob)
    root.find(".//a:themeElements", NS).getparent().set("name", "pmokit")
    scheme = root.find(".//a:clrScheme", NS)
    scheme.set("name", "pmokit")
    for slot, hex_ in COLOURS.items():
        el = scheme.find(f"a:{slot}", NS)
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{A}srgbClr", val=hex_)
    fonts = root.find(".//a:fontScheme", NS)
    fonts.set("name", "pmokit")
    for kind in ("majorFont", "minorFont"):
        fonts.find(f"a:{kind}/a:latin", NS).set("typeface", FONT)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _master(master: object) -> None:
    """Master placeholders resized to 16:9, text styles in the theme font, a thin accent rule."""
    el = master.element  # type: ignore[attr-defined]
    tree = el.find(f".//{P}spTree")
    for sp in tree.findall(f"{P}sp"):
        ph = sp.find(f".//{P}ph")
        kind = ph.get("type") if ph is not None else None
        if kind == "title":
            _place(sp, TITLE)
        elif kind == "body":
            _place(sp, Box("Body", "body", 1, 0.5, TOP, 12.33, BODY_H))
        else:  # date, footer, slide number: the deck numbers its own slides
            tree.remove(sp)
    rule = etree.fromstring(
        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="90" name="Accent Rule"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{Inches(0.5)}" y="{Inches(1.12)}"/><a:ext cx="{Inches(12.33)}" cy="{Emu(28575)}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
        '<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    tree.append(rule)
    styles = el.find(f"{P}txStyles")
    title = styles.find(f"{P}titleStyle/{A}lvl1pPr")
    title.set("algn", "l")
    _run_style(title, 28, bold=True, colour="tx2")
    for level, size in enumerate((18, 16, 14, 12, 12, 12, 12, 12, 12), start=1):
        lvl = styles.find(f"{P}bodyStyle/{A}lvl{level}pPr")
        _run_style(lvl, size, colour="tx1")


def _run_style(ppr: etree._Element, size: int, *, bold: bool = False, colour: str = "tx1") -> None:
    rpr = ppr.find(f"{A}defRPr")
    rpr.set("sz", str(size * 100))
    if bold:
        rpr.set("b", "1")
    for child in list(rpr):
        if child.tag in (f"{A}solidFill",):
            rpr.remove(child)
    fill = etree.Element(f"{A}solidFill")
    etree.SubElement(fill, f"{A}schemeClr", val=colour)
    rpr.insert(0, fill)


def _place(sp: etree._Element, box: Box) -> None:
    xfrm = sp.find(f"{P}spPr/{A}xfrm")
    if xfrm is None:
        sppr = sp.find(f"{P}spPr")
        xfrm = etree.SubElement(sppr, f"{A}xfrm")
        etree.SubElement(xfrm, f"{A}off")
        etree.SubElement(xfrm, f"{A}ext")
        sppr.insert(0, xfrm)
    xfrm.find(f"{A}off").attrib.update({"x": str(Inches(box.x)), "y": str(Inches(box.y))})
    xfrm.find(f"{A}ext").attrib.update({"cx": str(Inches(box.w)), "cy": str(Inches(box.h))})


def _layout(layout: object, name: str, boxes: list[Box]) -> None:
    el = layout.element  # type: ignore[attr-defined]
    el.find(f"{P}cSld").set("name", name)
    el.attrib.pop("type", None)
    el.set("preserve", "1")
    tree = el.find(f".//{P}spTree")
    for sp in tree.findall(f"{P}sp") + tree.findall(f"{P}graphicFrame"):
        tree.remove(sp)
    for i, box in enumerate(boxes, start=2):
        tree.append(_placeholder(i, box))
    if name == "Title Slide":  # its own look: no content-slide rule, a band and a short accent line
        el.set("showMasterSp", "0")
        tree.append(_rectangle(80, "Title Band", (0.0, 0.0, 0.35, 7.5), "tx2"))
        tree.append(_rectangle(81, "Title Accent", (0.8, 3.78, 3.5, 0.05), "accent1"))


def _rectangle(shape_id: int, name: str, box: tuple[float, float, float, float], colour: str) -> etree._Element:
    """A filled rectangle without outline drawn on a layout, in a theme colour."""
    x, y, w, h = (Inches(v) for v in box)
    return etree.fromstring(
        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'
        '<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


def _placeholder(shape_id: int, box: Box) -> etree._Element:
    idx = f' idx="{box.idx}"' if box.idx is not None else ""
    size = f' sz="{box.size * 100}"' if box.size else ""
    prompt = {"chart": "Chart", "tbl": "Table"}.get(box.kind, box.name)
    anchor = ' anchor="b"' if box.kind == "ctrTitle" else ""
    bullets = "<a:buNone/>" if box.kind in ("body", "subTitle") else ""
    xml = (
        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{box.name}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="{box.kind}"{idx}/></p:nvPr></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{Inches(box.x)}" y="{Inches(box.y)}"/>'
        f'<a:ext cx="{Inches(box.w)}" cy="{Inches(box.h)}"/></a:xfrm></p:spPr>'
        f'<p:txBody><a:bodyPr{anchor}><a:normAutofit/></a:bodyPr><a:lstStyle><a:lvl1pPr marL="0" indent="0">{bullets}'
        f'<a:defRPr{size}/></a:lvl1pPr></a:lstStyle><a:p><a:r><a:rPr lang="en-GB"/><a:t>{prompt}</a:t></a:r></a:p>'
        '</p:txBody></p:sp>'
    )
    return etree.fromstring(xml)


def _reproducible(data: bytes) -> bytes:
    """The same bytes on every run: fixed zip timestamps and core-properties dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = re.sub(rb"<dcterms:modified[^<]*</dcterms:modified>",
                              b'<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>', blob)
                blob = re.sub(rb"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>", b"<cp:lastModifiedBy>pmokit</cp:lastModifiedBy>", blob)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, blob)
    return out.getvalue()



if __name__ == "__main__":
    print(build())
