"""Long tables written as XML text in one go, not row by row through python-docx or docxtpl.

A template table row looping over a list (``{%tr for t in tasks %}``) whose cells hold only plain
fields (``{{ t.name }}``) and cell shading (``{% cellbg t.fill %}``) is taken out of the template
before docxtpl renders it, leaving a marker row. The body row is compiled once into a
``str.format`` pattern of its XML; each item fills the pattern with its values XML-escaped (so
``&``, ``<`` and Jinja syntax come out as written and run nothing), and the joined rows replace
the marker row in ``word/document.xml`` when the file is saved — no per-row element objects,
parsing or tree walking. Markers and slots carry a random token made for each document, so no
workbook or template text can be taken for one. A field is looked up as Jinja would look it up
in the sandbox (:meth:`~jinja2.sandbox.SandboxedEnvironment.getattr`), so ``{{ t.__class__ }}``
is refused here exactly as it is everywhere else in a template. Rows with anything else in them (conditions, filters) are left to
docxtpl. See benchmarks/bench_documents.py: python-docx's ``add_row`` costs ~2–3 ms a row, and
docxtpl's own Jinja pass plus its regex clean-ups ~0.6 s for 2,000 rows.
"""

from __future__ import annotations

import copy
import re
import secrets
from html import escape
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from jinja2.exceptions import SecurityError, UndefinedError
from lxml import etree

from pmokit.generators.documents.sandbox import environment
from pmokit.generators.errors import TemplateError

W_TBL, W_TR, W_TC, W_P, W_R, W_T = (qn(f"w:{n}") for n in ("tbl", "tr", "tc", "p", "r", "t"))
W_TCPR, W_SHD, W_RPR = qn("w:tcPr"), qn("w:shd"), qn("w:rPr")
LOOP = re.compile(r"^\s*\{%-?\s*tr\s+for\s+(\w+)\s+in\s+(\w+)\s*-?%\}\s*$")
END = re.compile(r"^\s*\{%-?\s*tr\s+endfor\s*-?%\}\s*$")
FIELD = re.compile(r"\{\{-?\s*(\w+)\.(\w+)\s*-?\}\}")
CELLBG = re.compile(r"\{%-?\s*cellbg\s+(\w+)\.(\w+)\s*-?%\}")
ANY_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_BEFORE_SHD = {qn(f"w:{n}") for n in ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders")}
MARKER = "pmokit-fast-table-{token}-{n}-"  # closed by "-": table 1 must not find table 10's marker
SLOT = "\u27e6{token}:{n}\u27e7"  # replaced before parsing


@dataclass
class FastLoop:
    """One table loop taken out of the template, to be filled after docxtpl has rendered."""

    marker: str
    item: str  # the loop variable, ``t``
    items: str  # the context list, ``tasks``
    prototype: Any  # the body row, its tagged paragraphs reduced to one run each
    texts: list[tuple[int, str]] = field(default_factory=list)  # (w:t index, text with fields)
    fills: list[tuple[int, str]] = field(default_factory=list)  # (w:shd index, field)
    slots: list[tuple[str, str]] = field(default_factory=list)  # (whole-cell field or "", pattern)
    row_format: str = ""  # the row's XML as a str.format pattern, one {n} per slot
    namespaces: str = ""  # the prototype's xmlns declarations


def take_out(body: Any) -> list[FastLoop]:
    """Replace every simple table loop in ``body`` by a marker row; returns the loops."""
    loops: list[FastLoop] = []
    token = secrets.token_hex(16)  # no text in the document can hold it: it did not exist before
    for tbl in list(body.iter(W_TBL)):
        rows = tbl.findall(W_TR)
        for i in range(len(rows) - 2):
            head = LOOP.match(_text(rows[i]))
            if not head or not END.match(_text(rows[i + 2])):
                continue
            loop = _prepare(rows[i + 1], head.group(1), head.group(2), MARKER.format(token=token, n=len(loops)),
                            token)
            if loop is None:
                continue
            _set_row_text(rows[i], loop.marker)
            tbl.remove(rows[i + 1])
            tbl.remove(rows[i + 2])
            loops.append(loop)
    return loops


def rows_xml(loops: Sequence[FastLoop], context: Mapping[str, Any], template: Path) -> dict[str, str]:
    """Each loop's rows as WordprocessingML text, by marker (spliced in when the file is saved)."""
    return {loop.marker: fill_rows(loop, _items(context, loop, template), template) for loop in loops}


def fill_rows(loop: FastLoop, items: Sequence[Any], template: Path) -> str:
    """One ``w:tr`` per item: the prototype's XML with the item's values escaped into it."""
    row_format, slots = loop.row_format, loop.slots
    env = environment()

    def values(item: Any) -> list[str]:
        return [escape(_value(env, item, single, pattern, template) if single else
                       FIELD.sub(lambda m: _value(env, item, m.group(2), m.group(0), template), pattern), quote=True)
                for single, pattern in slots]

    return "".join([row_format.format(*values(item)) for item in items])


def splice(document_xml: bytes, rows: Mapping[str, str]) -> bytes:
    """``word/document.xml`` with each marker row replaced by its rows."""
    for marker, xml in rows.items():
        at = document_xml.find(marker.encode())
        if at < 0:  # its table sits in a section the template left out ({%p if %}): nothing to fill
            continue
        start = max(document_xml.rfind(b"<w:tr>", 0, at), document_xml.rfind(b"<w:tr ", 0, at))
        end = document_xml.find(b"</w:tr>", at) + len(b"</w:tr>")
        document_xml = document_xml[:start] + xml.encode("utf-8") + document_xml[end:]
    return document_xml


def _prepare(row: Any, item: str, items: str, marker: str, token: str) -> FastLoop | None:
    """The prototype of a body row, or None when a tag in it is more than a plain field."""
    for paragraph in row.iter(W_P):
        if any(t.getparent().getparent() is not paragraph for t in paragraph.iter(W_T)):
            return None  # text inside hyperlinks, fields or content controls: leave it to docxtpl
        text = _text(paragraph)
        rest = CELLBG.sub("", FIELD.sub("", text))
        if ANY_TAG.search(rest) or "{{" in rest or "{%" in rest:
            return None
        names = [m.group(1) for m in FIELD.finditer(text)] + [m.group(1) for m in CELLBG.finditer(text)]
        if any(name != item for name in names):
            return None
    prototype = copy.deepcopy(row)
    loop = FastLoop(marker, item, items, prototype)
    fills: list[tuple[Any, str]] = []
    texts: list[tuple[Any, str]] = []
    for paragraph in prototype.iter(W_P):
        text = _text(paragraph)
        if "{" not in text:
            continue
        shade = CELLBG.search(text)
        if shade:
            fills.append((_shd(paragraph), shade.group(2)))
        plain = CELLBG.sub("", text)
        texts.append((_single_run(paragraph, plain), plain))
    all_t, all_shd = list(prototype.iter(W_T)), list(prototype.iter(W_SHD))
    loop.texts = [(all_t.index(t), pattern) for t, pattern in texts if FIELD.search(pattern)]
    for t, pattern in texts:
        if not FIELD.search(pattern):
            t.text = pattern
    loop.fills = [(all_shd.index(s), name) for s, name in fills]
    _compile(loop, token)
    return loop


def _compile(loop: FastLoop, token: str) -> None:
    """The prototype as XML text split at its slots (a slot: one text or one fill)."""
    row = copy.deepcopy(loop.prototype)
    texts, shades = list(row.iter(W_T)), list(row.iter(W_SHD))
    for n, (index, pattern) in enumerate(loop.texts):
        texts[index].text = SLOT.format(token=token, n=n)
        whole = FIELD.fullmatch(pattern.strip()) if pattern.strip() == pattern else None
        loop.slots.append((whole.group(2) if whole else "", pattern))
    for index, name in loop.fills:
        shades[index].set(qn("w:fill"), SLOT.format(token=token, n=len(loop.slots)))
        loop.slots.append((name, f"{{% cellbg {loop.item}.{name} %}}"))
    xml = etree.tostring(row, encoding="unicode")
    head, rest = xml.split(">", 1)
    loop.namespaces = " ".join(re.findall(r'xmlns:\w+="[^"]*"', head))
    head = re.sub(r'\sxmlns(?::\w+)?="[^"]*"', "", head)
    parts = re.split("\u27e6" + token + r":(\d+)\u27e7", f"{head}>{rest}")
    loop.row_format = "".join(part.replace("{", "{{").replace("}", "}}") if k % 2 == 0 else f"{{{part}}}"
                              for k, part in enumerate(parts))


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(W_T))


def _set_row_text(tr: Any, text: str) -> None:
    texts = list(tr.iter(W_T))
    for t in texts:
        t.text = ""
    if texts:
        texts[0].text = text


def _single_run(paragraph: Any, text: str) -> Any:
    """Keep the paragraph's first run (its formatting) holding ``text``; drop the others."""
    runs = paragraph.findall(W_R)
    keep = runs[0]
    for run in runs[1:]:
        paragraph.remove(run)
    for child in list(keep):
        if child.tag != W_RPR:
            keep.remove(child)
    t = etree.SubElement(keep, W_T)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    return t


def _shd(paragraph: Any) -> Any:
    """The w:shd of the paragraph's cell, created in its schema place when missing."""
    tc = paragraph.getparent()
    tc_pr = tc.find(W_TCPR)
    if tc_pr is None:
        tc_pr = etree.Element(W_TCPR)
        tc.insert(0, tc_pr)
    shd = tc_pr.find(W_SHD)
    if shd is None:
        shd = etree.Element(W_SHD)
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        at = sum(1 for child in tc_pr if child.tag in _BEFORE_SHD)
        tc_pr.insert(at, shd)
    return shd


def _items(context: Mapping[str, Any], loop: FastLoop, template: Path) -> Sequence[Any]:
    if loop.items not in context:
        raise TemplateError(template, f"uses the list {loop.items!r}, which pmokit does not provide",
                            tag=f"{{%tr for {loop.item} in {loop.items} %}}")
    return context[loop.items]  # type: ignore[no-any-return]


def _value(env: Any, item: Any, name: str, tag: str, template: Path) -> str:
    """``item.name`` as ``{{ item.name }}`` gives it in the sandbox (``None`` as empty)."""
    value = env.getattr(item, name)
    try:
        return "" if value is None else str(value)
    except SecurityError as exc:
        raise TemplateError(template, f"a tag tries something templates may not do ({exc})", tag=tag) from None
    except UndefinedError:
        raise TemplateError(template, f"uses a field pmokit does not provide ({name!r})", tag=tag) from None
