"""Rendering a Word template (a user file) with docxtpl, safely.

Templates come from the PMO, and cells from the workbook, so both are untrusted text: render in
Jinja's sandbox (:mod:`pmokit.generators.documents.sandbox`: bounded in size and time) with
autoescaping (docxtpl's default is no escaping, so a cell holding ``R&D <team>`` would lose text
and corrupt the document) and :class:`~jinja2.StrictUndefined` (a tag naming a field the
generator does not provide is an error, not an empty string). A value holding Jinja syntax is
only ever a value: it is never parsed. Every failure of a template — a broken or unknown tag, an
unsafe attribute, ``include`` or ``extends`` (templates have no loader), runaway recursion, a
fill past its deadline, anything else a tag raises — becomes a
:class:`~pmokit.generators.errors.TemplateError` naming the template and the tag.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import jinja2
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import meta
from jinja2.exceptions import SecurityError

from pmokit.generators.documents import fast_tables
from pmokit.generators.documents.sandbox import FILL_SECONDS, FillTimeout, deadline, environment
from pmokit.generators.errors import TemplateError
from pmokit.workbooks.output import note_input

# CT_TcPr is a sequence; docxtpl's {% cellbg %} puts w:shd first, which Word's schema forbids.
_TCPR_ORDER = {qn(f"w:{n}"): i for i, n in enumerate((
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
    "cellMerge", "tcPrChange"))}


def open_template(path: Path) -> DocxTemplate:
    """The template at ``path``, or a TemplateError saying why Word could not open it either."""
    if not path.is_file():
        raise TemplateError(path, "the file does not exist")
    note_input(path)
    if not zipfile.is_zipfile(path):
        raise TemplateError(path, "is not a Word document (.docx)")
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise TemplateError(path, f"cannot be opened as a Word document ({exc})") from None
    return tpl


def template_variables(tpl: DocxTemplate, path: Path) -> set[str]:
    """The top-level variables the template's body, headers and footers use."""
    env = environment()
    names: set[str] = set()
    for xml in _sources(tpl):
        try:
            names |= meta.find_undeclared_variables(env.parse(xml))
        except jinja2.TemplateSyntaxError as exc:
            raise _syntax_error(path, exc, xml) from None
    return names


def check_fields(tpl: DocxTemplate, path: Path, provided: set[str], required: Mapping[str, str]) -> None:
    """Every tag parses, names only fields the generator provides, and the template holds the
    fields the document cannot do without (``required``: field → what it is for)."""
    used = template_variables(tpl, path)
    unknown = sorted(used - provided)
    if unknown:
        raise TemplateError(path, f"uses the field {unknown[0]!r}, which pmokit does not provide "
                                  f"(fields: {', '.join(sorted(provided))})", tag=_find_tag(tpl, unknown[0]))
    for field, purpose in required.items():
        if field not in used:
            raise TemplateError(path, f"lacks the field {field!r} ({purpose})", tag=f"{{{{ {field} }}}}")


class RenderedDocument:
    """A filled-in template, ready to save (long tables are spliced in as it is saved)."""

    def __init__(self, template: DocxTemplate, rows: dict[str, str], path: Path | None = None) -> None:
        self.template = template
        self.rows = rows
        self.path = path or Path("template.docx")

    @property
    def docx(self) -> Any:
        """The python-docx document (without the long tables' rows, which exist only as text)."""
        return self.template.docx

    def save(self, target: str | Path | IO[bytes]) -> None:
        """Write the .docx to a path or a binary file."""
        buffer = io.BytesIO()
        self.template.save(buffer)
        if not self.rows:
            data = buffer.getvalue()
        else:
            out = io.BytesIO()
            with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in src.infolist():
                    part = src.read(info)
                    if info.filename == "word/document.xml":
                        try:
                            part = fast_tables.splice(part, self.rows)
                        except LookupError:
                            raise TemplateError(self.path, "a {%tr for … %} table loop was left out by a tag "
                                                           "around it (an {% if %}?); put conditions inside the "
                                                           "loop's row") from None
                    dst.writestr(info, part)
            data = out.getvalue()
        if isinstance(target, (str, Path)):
            Path(target).write_bytes(data)
        else:
            target.write(data)


def render(tpl: DocxTemplate, path: Path, context: dict[str, Any],
           images: Mapping[str, tuple[bytes, float]] | None = None) -> RenderedDocument:
    """Fill the template; ``images`` maps a field to (PNG bytes, width in cm)."""
    full = dict(context)
    for name, (png, width_cm) in (images or {}).items():
        full[name] = InlineImage(tpl, io.BytesIO(png), width=Cm(width_cm))
    loops = fast_tables.take_out(tpl.docx.element.body)
    try:
        with deadline(FILL_SECONDS):
            tpl.render(full, jinja_env=environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(path, exc, "") from None
    except jinja2.UndefinedError as exc:
        name = _undefined_name(str(exc))
        raise TemplateError(path, f"uses a field pmokit does not provide ({exc.message})",
                            tag=_find_tag(tpl, name)) from None
    except SecurityError as exc:
        raise TemplateError(path, f"a tag tries something templates may not do ({exc})",
                            tag=_failing_tag(exc, tpl)) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(path, f"a tag cannot be filled in ({exc.message})",
                            tag=_failing_tag(exc, tpl)) from None
    except FillTimeout:
        raise TemplateError(path, f"took more than {FILL_SECONDS:.0f} s to fill in, so it was stopped: a loop in "
                                  "it runs far too long") from None
    except RecursionError as exc:
        raise TemplateError(path, "a tag calls itself without end (a macro that recurses?)",
                            tag=_failing_tag(exc, tpl)) from None
    except MemoryError as exc:
        raise TemplateError(path, "a tag makes more text than memory holds", tag=_failing_tag(exc, tpl)) from None
    except Exception as exc:  # noqa: BLE001 - a user's template can make any tag raise anything
        problem = "templates cannot include or extend other files" if "loader" in str(exc) else (
            f"{type(exc).__name__}: {exc}" if str(exc).strip() else type(exc).__name__)
        raise TemplateError(path, f"a tag cannot be filled in ({problem})", tag=_failing_tag(exc, tpl)) from None
    _order_cell_properties(tpl)
    return RenderedDocument(tpl, fast_tables.rows_xml(loops, full, path), path)


def _sources(tpl: DocxTemplate) -> list[str]:
    sources = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        sources += [tpl.patch_xml(tpl.get_part_xml(part)) for _, part in tpl.get_headers_footers(uri)]
    return sources


def _plain(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", xml)


def _failing_tag(exc: BaseException, tpl: DocxTemplate) -> str:
    """The tag on the template line a runtime failure was raised from (Jinja maps its frames to
    template lines, named "<template>"), or "" when the traceback does not reach a template."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    if not line:
        return ""
    for source in _sources(tpl):
        lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", source).splitlines()  # as docxtpl numbers them
        if line <= len(lines):
            tags = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", _plain(lines[line - 1]))
            if tags:
                return str(tags[0])[:80]
    return ""


def _syntax_error(path: Path, exc: jinja2.TemplateSyntaxError, source: str) -> TemplateError:
    tag = ""
    lines = list(getattr(exc, "docx_context", []) or [])
    if not lines and source and exc.lineno:
        lines = [_plain(line) for line in source.splitlines()[max(exc.lineno - 4, 0): exc.lineno + 3]]
    candidates = [line.strip() for line in lines if "{" in line or "%}" in line or "}}" in line]
    if candidates:
        tag = candidates[len(candidates) // 2] if len(candidates) > 1 else candidates[0]
        tag = tag[:80]
    return TemplateError(path, f"broken tag: {exc.message}", tag=tag)


def _undefined_name(message: str) -> str:
    match = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message)
    return match.group(1) if match else ""


def _find_tag(tpl: DocxTemplate, name: str) -> str:
    """The first tag in the template's text that mentions ``name`` (for the message)."""
    if not name:
        return ""
    for xml in _sources(tpl):
        for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", _plain(xml)):
            if re.search(rf"\b{re.escape(name)}\b", tag):
                return str(tag)
    return name


def _order_cell_properties(tpl: DocxTemplate) -> None:
    body = tpl.docx.element.body
    for tc_pr in body.iter(qn("w:tcPr")):
        children = list(tc_pr)
        ordered = sorted(children, key=lambda el: _TCPR_ORDER.get(el.tag, len(_TCPR_ORDER)))
        if ordered != children:
            for child in ordered:
                tc_pr.append(child)  # append moves: children end up in schema order
