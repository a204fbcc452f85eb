"""The fast table writer agrees with docxtpl's own row loop, escapes what it writes, and names the
tag when a row asks for a field pmokit does not provide."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmokit.generators.documents.fast_tables import take_out
from pmokit.generators.documents.rendering import environment, open_template, render
from pmokit.generators.errors import TemplateError
from pmokit.templates.build_word_templates import loop_table, new_document

CELLS = ("{% cellbg t.fill %}{{ t.id }}", "{{ t.name }}", "{{ t.id }}: {{ t.name }}")
BASE = {"project": {"project_id": "P", "name": "N", "group": "G"}, "version": "1", "as_of": "today"}
# XML 1.0 text: no control characters but tab/newline (the context cleaner removes them first)
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\x0b\x0c"
                             + "".join(map(chr, range(1, 9))) + "".join(map(chr, range(14, 32)))
                             + "\ufffe\uffff"), max_size=30)


def _template(folder: Path, cells: tuple[str, ...] = CELLS) -> Path:
    doc = new_document("T", "T")
    loop_table(doc, ("ID", "Name", "Both"), cells, (3, 6, 8), "t in rows")
    path = folder / "table.docx"
    doc.save(str(path))
    return path


def _cells(data: bytes) -> tuple[list[list[str]], list[str | None]]:
    table = Document(io.BytesIO(data)).tables[0]
    texts = [[c.text for c in row.cells] for row in table.rows[1:]]
    shades = [row.cells[0]._tc.tcPr.find(qn("w:shd")) for row in table.rows[1:]]
    fills = [None if shd is None else shd.get(qn("w:fill")) for shd in shades]
    return texts, fills


def _fast(template: Path, rows: list[dict[str, str]]) -> bytes:
    out = io.BytesIO()
    render(open_template(template), template, {**BASE, "rows": rows}).save(out)
    return out.getvalue()


def _docxtpl(template: Path, rows: list[dict[str, str]]) -> bytes:
    tpl = open_template(template)
    tpl.render({**BASE, "rows": rows}, jinja_env=environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({"id": TEXT, "name": TEXT, "fill": st.sampled_from(["F6D5D1", "auto"])}),
                min_size=1, max_size=6))
def test_the_fast_writer_gives_what_docxtpl_gives(tmp_path: Path, rows: list[dict[str, str]]) -> None:
    """Law: for any row values, the fast writer's cell texts and fills equal docxtpl's own loop's."""
    template = _template(tmp_path)
    fast_texts, fast_fills = _cells(_fast(template, rows))
    slow_texts, slow_fills = _cells(_docxtpl(template, rows))
    assert fast_texts == slow_texts
    assert fast_fills == slow_fills == [r["fill"] for r in rows]


def test_the_fast_path_is_taken_and_values_are_escaped(tmp_path: Path) -> None:
    template = _template(tmp_path)
    assert len(take_out(open_template(template).docx.element.body)) == 1
    rows = [{"id": "R&D", "name": "<team> {{ 7*7 }} ]]>", "fill": "auto"}]
    texts, _ = _cells(_fast(template, rows))
    assert texts == [["R&D", "<team> {{ 7*7 }} ]]>", "R&D: <team> {{ 7*7 }} ]]>"]]


def test_a_row_with_a_filter_is_left_to_docxtpl(tmp_path: Path) -> None:
    template = _template(tmp_path, ("{{ t.id }}", "{{ t.name|upper }}", "{% if t.id %}x{% endif %}"))
    assert take_out(open_template(template).docx.element.body) == []
    texts, _ = _cells(_fast(template, [{"id": "a", "name": "b & c"}]))
    assert texts == [["a", "B & C", "x"]]


def test_a_missing_field_in_a_fast_row_names_the_tag(tmp_path: Path) -> None:
    template = _template(tmp_path)
    with pytest.raises(TemplateError) as caught:
        _fast(template, [{"id": "1", "fill": "auto"}])
    assert caught.value.tag == "{{ t.name }}"
