"""A PMO's Word template is untrusted code (issue 9, template loops): every access goes through
the sandbox's rules, every failure is a TemplateError naming the template and the tag, and no
template can run for hours."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest
from docx import Document

from pmokit.generators.documents import DocumentOptions
from pmokit.generators.documents.rendering import open_template, render
from pmokit.generators.documents.writer import render_charter
from pmokit.generators.errors import TemplateError
from pmokit.templates.build_word_templates import loop_table, new_document

from .conftest import make_figures, make_portfolio

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
BASE = {"project": {"project_id": "P", "name": "N", "group": "G"}, "version": "1", "as_of": "today"}
ROWS = [{"id": "T1", "name": "Build"}]


def _loop_template(folder: Path, cell: str) -> Path:
    doc = new_document("T", "T")
    loop_table(doc, ("ID", "Name"), ("{{ t.id }}", cell), (3, 6), "t in rows")
    path = folder / "loop.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("cell", ["{{ t.__class__ }}", "{{ t.__doc__ }}", "{{ t.__init__ }}"])
def test_the_fast_table_writer_keeps_to_the_sandbox(tmp_path: Path, cell: str) -> None:
    """The fast writer read attributes straight off the row objects: ``__class__`` and ``__doc__``
    rendered. Now a field is looked up as the sandbox looks it up."""
    template = _loop_template(tmp_path, cell)
    with pytest.raises(TemplateError) as caught:
        render(open_template(template), template, {**BASE, "rows": ROWS}).save(io.BytesIO())
    assert "templates may not do" in str(caught.value) and "unsafe" in str(caught.value)
    assert caught.value.tag == cell and "loop.docx" in str(caught.value)


def test_an_ordinary_loop_field_still_fills(tmp_path: Path) -> None:
    template = _loop_template(tmp_path, "{{ t.name }}")
    out = io.BytesIO()
    render(open_template(template), template, {**BASE, "rows": ROWS}).save(out)
    table = Document(io.BytesIO(out.getvalue())).tables[0]
    assert [c.text for c in table.rows[1].cells] == ["T1", "Build"]


def _with_paragraph(tmp_path: Path, text: str) -> Path:
    doc = Document(str(TEMPLATES / "charter.docx"))
    doc.add_paragraph(text)
    path = tmp_path / "pmo-charter.docx"
    doc.save(str(path))
    return path


def _charter(template: Path) -> None:
    portfolio = make_portfolio()
    render_charter(portfolio, make_figures(portfolio), DocumentOptions(), dt.date(2027, 1, 4), template)


@pytest.mark.parametrize("tag, words", [
    ('{% include "secrets.txt" %}', "cannot include or extend other files"),
    ('{% extends "base.docx" %}', "cannot include or extend other files"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "calls itself without end"),
    ("{{ range(10**9)|list }}", "a tag cannot be filled in"),
    ("{{ 'x' * 10**9 }}", "more than a template may make"),
    ("{{ 10 ** 10000000 }}", "more than a template may compute"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
])
def test_every_template_failure_is_a_template_error_naming_the_tag(tmp_path: Path, tag: str, words: str) -> None:
    """include / extends without a loader raised TypeError, runaway recursion RecursionError, a
    huge range OverflowError: each ended as an internal error."""
    template = _with_paragraph(tmp_path, f"Appendix {tag}")
    with pytest.raises(TemplateError) as caught:
        _charter(template)
    assert words in str(caught.value) and "pmo-charter.docx" in str(caught.value)
    assert caught.value.tag and caught.value.tag in tag + " " + tag.split("%}")[-1]


def test_a_template_that_would_run_for_hours_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three nested loops of the sandbox's largest range: 10^15 steps. The fill has a deadline."""
    from pmokit.generators.documents import rendering

    monkeypatch.setattr(rendering, "FILL_SECONDS", 2.0)
    template = _with_paragraph(tmp_path, "{% for a in range(100000) %}{% for b in range(100000) %}"
                                         "{% for c in range(100000) %}{% endfor %}{% endfor %}{% endfor %}")
    began = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        _charter(template)
    assert time.monotonic() - began < 60
    assert "took more than 2 s to fill in" in str(caught.value)


def test_the_deadline_does_not_fire_after_a_fill_that_finished(tmp_path: Path) -> None:
    from pmokit.generators.documents.sandbox import deadline

    with deadline(0.2):
        pass
    time.sleep(0.5)  # a stray FillTimeout would land here
