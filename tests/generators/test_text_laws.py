"""Workbook text is only ever text (issue 9): whatever a cell holds — a leading ``=``, ``+``, ``-``
or ``@``, brackets, Jinja, XML, control characters, pmokit's own old marker — it reaches the deck,
the charter and the plan literally (less the characters no Office file can hold) and never
becomes a formula in the Excel data behind the deck's charts (OWASP, "CSV Injection")."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pmokit.generators.deck import DeckOptions, write_deck
from pmokit.generators.documents import DocumentOptions, write_charters, write_plan
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.text import clean
from workbook_factory import AS_OF, small_portfolio

FORMULA_STARTS = ["=", "+", "-", "@", "=HYPERLINK(\"http://evil.example\",\"x\")", "=1+2", "{=1}", "=cmd|' /C calc'!A0"]
TAIL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=10)
TEXT = st.builds(lambda head, tail: head + tail, st.sampled_from(FORMULA_STARTS + ["[b]", "{{ 7*7 }}", "<w:t>", "a\x01b\x1b"]),
                 TAIL).map(lambda s: s.strip()).filter(lambda s: clean(s) == s.strip() or bool(clean(s).strip()))


def _renamed(portfolio: Portfolio, old: str, new: str, name: str) -> Portfolio:
    """``portfolio`` with project ``old`` now ``new`` (on every sheet) and named ``name``."""
    def swap(records: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(dataclasses.replace(r, project_id=new) if r.project_id == old else r for r in records)

    projects = tuple(dataclasses.replace(p, project_id=new, name=name) if p.project_id == old else p
                     for p in portfolio.projects)
    return dataclasses.replace(portfolio, projects=projects, **{f: swap(getattr(portfolio, f)) for f in (
        "tasks", "status", "milestones", "risks", "decisions", "charters", "throughput")})


def _embedded_cells(deck: Path) -> tuple[list[str], int]:
    """Every string cell of the workbooks behind the deck's charts, and how many formulas they hold."""
    strings: list[str] = []
    formulas = 0
    with zipfile.ZipFile(deck) as package:
        for name in package.namelist():
            if not name.endswith(".xlsx"):
                continue
            with zipfile.ZipFile(io.BytesIO(package.read(name))) as book:
                for part in book.namelist():
                    xml = book.read(part)
                    if part.startswith("xl/worksheets/"):
                        formulas += len(re.findall(rb"<f[ >/]", xml))
                    if part in ("xl/sharedStrings.xml",) or part.startswith("xl/worksheets/"):
                        root = etree.fromstring(xml)
                        strings += ["".join(si.itertext()) for si in root.iter(
                            "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}si",
                            "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}is")]
    return strings, formulas


def _slide_text(deck: Path) -> str:
    with zipfile.ZipFile(deck) as package:
        return "\n".join("".join(etree.fromstring(package.read(n)).itertext())
                         for n in package.namelist() if re.fullmatch(r"ppt/(slides|notesSlides)/\w+\.xml", n))


def _document_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    parts += [p.text for s in doc.sections for p in s.header.paragraphs]
    return "\n".join(parts)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(project_id=TEXT, name=TEXT)
def test_any_cell_text_round_trips_literally_and_never_becomes_a_formula(tmp_path_factory: pytest.TempPathFactory,
                                                                         project_id: str, name: str) -> None:
    """Law: for any project ID and name, the deck's chart workbooks hold no formula and hold the
    ID as a string cell, the slides show the name, and the charter and the plan show both — each
    as the workbook had it, less what no Office file can hold."""
    folder = tmp_path_factory.mktemp("law")
    portfolio = _renamed(small_portfolio(), "P01", project_id, name)
    shown_id, shown_name = clean(project_id).strip(), clean(name).strip()
    deck = write_deck(portfolio, folder / "deck.pptx", DeckOptions(as_of=AS_OF, iterations=100))
    strings, formulas = _embedded_cells(deck)
    assert formulas == 0
    assert shown_id in strings
    assert shown_name in _slide_text(deck)
    options = DocumentOptions(as_of=AS_OF, iterations=100)
    (charter,) = write_charters(portfolio, [project_id], folder, options)
    plan = write_plan(portfolio, project_id, folder, options)
    for document in (charter, plan):
        text = _document_text(document)
        assert shown_id in text and shown_name in text


def test_a_project_id_that_is_a_formula_stays_text_in_edit_data(tmp_path: Path) -> None:
    """The audit's case: ``=1+2`` as a project ID became a live formula behind the EVM chart."""
    portfolio = _renamed(small_portfolio(), "P01", "=1+2", "=HYPERLINK(\"http://evil.example\")")
    strings, formulas = _embedded_cells(write_deck(portfolio, tmp_path / "d.pptx", DeckOptions(as_of=AS_OF,
                                                                                                 iterations=100)))
    assert formulas == 0 and "=1+2" in strings


def test_control_characters_are_cleaned_by_the_one_rule_everywhere(tmp_path: Path) -> None:
    """A control character crashed the deck (lxml refuses it) while charters cleaned it."""
    portfolio = _renamed(small_portfolio(), "P01", "P01", "CRM\x01 replace\x0bment\x1b")
    deck = write_deck(portfolio, tmp_path / "d.pptx", DeckOptions(as_of=AS_OF, iterations=100))
    assert "CRM replacement" in _slide_text(deck)
    (charter,) = write_charters(portfolio, ["P01"], tmp_path, DocumentOptions(as_of=AS_OF, iterations=100))
    assert "CRM replacement" in _document_text(charter)


def test_text_equal_to_an_old_internal_marker_is_only_text(tmp_path: Path) -> None:
    """A project named like the fast tables' marker ("pmokit-fast-table-0") used to be taken for
    it: the plan was written corrupt while pmokit reported success."""
    portfolio = _renamed(small_portfolio(), "P01", "P01", "pmokit-fast-table-0")
    tasks = tuple(dataclasses.replace(t, name="pmokit-fast-table-1 \u27e6pmokit0\u27e7") if t.task_id == "T2" else t
                  for t in portfolio.tasks)
    portfolio = dataclasses.replace(portfolio, tasks=tasks)
    plan = write_plan(portfolio, "P01", tmp_path, DocumentOptions(as_of=AS_OF, iterations=100))
    text = _document_text(plan)
    assert "pmokit-fast-table-0" in text and "Requirements" in text and "Build" in text
    assert "pmokit-fast-table-1 \u27e6pmokit0\u27e7" in text
