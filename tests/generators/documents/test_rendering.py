"""Templates are user files and cells are user text: rendering is sandboxed, autoescaped and strict,
and every template problem is a TemplateError naming the template and the tag."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmokit.generators.documents import DocumentOptions
from pmokit.generators.documents.writer import render_charter
from pmokit.generators.errors import TemplateError

from .conftest import make_figures, make_portfolio

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
AS_OF = dt.date(2027, 1, 4)
HOSTILE = "R&D <team> {{ 7*7 }} {% for x in y %} ]]> \"quoted\" 'single'"


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    parts += [p.text for p in doc.sections[0].header.paragraphs]
    return "\n".join(parts)


def _with_paragraph(tmp_path: Path, text: str, base: str = "charter.docx") -> Path:
    doc = Document(str(TEMPLATES / base))
    doc.add_paragraph(text)
    path = tmp_path / f"pmo-{base}"
    doc.save(str(path))
    return path


def _charter(tmp_path: Path, template: Path, name: str = "CRM Replacement", business_case: str = "Why") -> Path:
    portfolio = make_portfolio(name=name, business_case=business_case)
    tpl = render_charter(portfolio, make_figures(portfolio), DocumentOptions(), AS_OF, template)
    out = tmp_path / "charter.docx"
    tpl.save(out)
    return out


def test_special_characters_and_jinja_in_cells_appear_as_written(tmp_path: Path) -> None:
    out = _charter(tmp_path, TEMPLATES / "charter.docx", name=HOSTILE,
                   business_case=f"{HOSTILE}\nbell\x07 and form feed\x0c are dropped")
    text = _text(out)
    assert text.count(HOSTILE) >= 4  # subtitle, identification table, header, business case
    assert "49" not in text  # {{ 7*7 }} was printed, not run
    assert "bell and form feed are dropped" in text  # XML cannot hold them; the rest survives
    # the section properties survive (unescaped '<' is what corrupts them with docxtpl's default)
    assert abs(Document(str(out)).sections[0].page_width.cm - 21.0) < 0.01


def test_a_field_pmokit_does_not_provide_names_the_tag(tmp_path: Path) -> None:
    template = _with_paragraph(tmp_path, "Cost centre: {{ project.cost_centre }}")
    with pytest.raises(TemplateError) as caught:
        _charter(tmp_path, template)
    assert caught.value.tag == "{{ project.cost_centre }}"
    assert "pmo-charter.docx" in str(caught.value) and "cost_centre" in str(caught.value)


def test_an_unknown_top_level_field_is_found_before_anything_is_written(tmp_path: Path) -> None:
    from pmokit.generators.documents.context import CHARTER_FIELDS, CHARTER_REQUIRED
    from pmokit.generators.documents.rendering import check_fields, open_template

    template = _with_paragraph(tmp_path, "Budget code {{ budget_code }}")
    with pytest.raises(TemplateError) as caught:
        check_fields(open_template(template), template, set(CHARTER_FIELDS), CHARTER_REQUIRED)
    assert caught.value.tag == "{{ budget_code }}"
    assert "'budget_code'" in str(caught.value)


@pytest.mark.parametrize("broken", ["{{ project.name ", "{% if project.name %} no end", "{{ project.name }}}} {{ }}"])
def test_a_broken_tag_is_a_template_error_naming_it(tmp_path: Path, broken: str) -> None:
    template = _with_paragraph(tmp_path, f"Broken here: {broken}")
    with pytest.raises(TemplateError) as caught:
        _charter(tmp_path, template)
    assert "pmo-charter.docx" in str(caught.value)
    assert "broken tag" in str(caught.value)
    assert caught.value.tag  # points at the text around the tag


def test_a_template_lacking_the_approval_block_is_refused(tmp_path: Path) -> None:
    from pmokit.generators.documents.context import CHARTER_FIELDS, CHARTER_REQUIRED
    from pmokit.generators.documents.rendering import check_fields, open_template

    doc = Document()
    doc.add_paragraph("{{ project.name }}")
    template = tmp_path / "thin.docx"
    doc.save(str(template))
    with pytest.raises(TemplateError, match="lacks the field 'approvals'"):
        check_fields(open_template(template), template, set(CHARTER_FIELDS), CHARTER_REQUIRED)


@pytest.mark.parametrize("attack", ["{{ project.__class__.__mro__ }}",
                                    "{{ ''.__class__.__base__.__subclasses__() }}",
                                    "{{ lipsum.__globals__ }}"])
def test_the_sandbox_runs_nothing_unsafe(tmp_path: Path, attack: str) -> None:
    template = _with_paragraph(tmp_path, attack)
    with pytest.raises(TemplateError):
        _charter(tmp_path, template)


def test_a_file_that_is_not_a_word_document(tmp_path: Path) -> None:
    bad = tmp_path / "charter.docx"
    bad.write_text("not a zip")
    with pytest.raises(TemplateError, match="is not a Word document"):
        _charter(tmp_path, bad)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40))
def test_any_project_name_appears_as_written(tmp_path: Path, name: str) -> None:
    """Law: whatever a workbook cell holds (markup, entities, Jinja, quotes, any script), the
    charter shows exactly that text, trimmed of surrounding spaces."""
    out = _charter(tmp_path, TEMPLATES / "charter.docx", name=name)
    doc = Document(str(out))
    cells = {row.cells[0].text: row.cells[1].text for t in doc.tables for row in t.rows if len(row.cells) == 2}
    assert cells["Project name"] == name.strip()
