"""The schema: every column fills a real model field, headers match forgivingly and unambiguously,
and workbooks/README.md and the README's workbook section are in step with it."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.workbooks.schema import KINDS, SHEETS, sheet
from pmokit.workbooks.schema_doc import README, schema_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_every_column_fills_a_field_of_its_model_record() -> None:
    for spec in SHEETS:
        fields = {f.name for f in dataclasses.fields(spec.record)}
        for column in spec.columns:
            assert column.kind in KINDS
            if spec.name == "Calendar" and column.field == "weekmask":
                continue  # the working week lives on Calendar, not on each holiday
            assert column.field in fields, f"{spec.name}: {column.field}"
        required = {f.name for f in dataclasses.fields(spec.record)
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
        assert required <= {c.field for c in spec.columns if c.required}, spec.name


def test_no_two_columns_of_a_sheet_share_a_header_key() -> None:
    for spec in SHEETS:
        keys = [k for c in spec.columns for k in c.keys]
        assert len(keys) == len(set(keys)), spec.name


def test_the_issue_headers_match_their_fields() -> None:
    projects, tasks = sheet("Projects"), sheet("tasks")
    for text in ("Budget (BAC)", "budget", "BAC", "  BUDGET_bac ", "Budget"):
        assert projects.match(text) is projects.column("budget"), text
    assert tasks.match("Most_Likely") is tasks.column("most_likely")
    assert tasks.match("% Complete") is tasks.column("percent_complete")
    assert tasks.match("Milestone flag") is tasks.column("milestone")
    assert tasks.match("Notes") is None and tasks.match(None) is None and tasks.match("") is None


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_any_case_spacing_or_underscores_of_a_header_match_its_column(data: st.DataObject) -> None:
    """Law: changing case, or turning spaces into underscores / doubling them, never changes which
    column a header names."""
    spec = data.draw(st.sampled_from(SHEETS))
    column = data.draw(st.sampled_from(spec.columns))
    words = column.header.split(" ")
    joiner = data.draw(st.sampled_from([" ", "_", "  ", "", " _ "]))
    text = joiner.join(w.upper() if data.draw(st.booleans()) else w.lower() for w in words)
    assert spec.match(text) is column


def test_workbooks_readme_is_generated_from_the_schema() -> None:
    assert README.read_text(encoding="utf-8") == schema_markdown(), \
        "workbooks/README.md is out of step: run python -m pmokit.workbooks.schema_doc"
    for spec in SHEETS:
        assert f"## {spec.name}" in schema_markdown()


def test_readme_workbook_section_shows_new_and_validate() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- workbook:start -->(.*)<!-- workbook:end -->", text, re.DOTALL)
    assert section is not None
    assert "pmokit new" in section.group(1) and "pmokit validate" in section.group(1)
    for spec in SHEETS:
        assert spec.name in section.group(1)


def test_column_letters_follow_excel() -> None:
    from openpyxl.utils import get_column_letter

    from pmokit.workbooks.schema import column_letter

    for index in (0, 1, 25, 26, 27, 51, 52, 701, 702, 16383):  # A, B, Z, AA, AB, AZ, BA, ZZ, AAA, XFD
        assert column_letter(index) == get_column_letter(index + 1)
