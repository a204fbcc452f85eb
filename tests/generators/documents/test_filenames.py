"""Safe file names: whatever a project's ID and name hold, the file lands inside the output folder
with a name Windows, macOS and Linux all accept (rules: Microsoft, "Naming Files, Paths, and
Namespaces", learn.microsoft.com/windows/win32/fileio/naming-a-file)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.generators.documents.filenames import MAX_STEM, document_path, safe_stem

WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


@pytest.mark.parametrize(("text", "expected"), [
    ("PRJ-001 CRM Replacement", "PRJ-001 CRM Replacement"),
    ("R&D: <team> / phase 2?", "R&D_ _team_ _ phase 2_"),
    ("../../etc/passwd", "_.._etc_passwd"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("COM1 ", "_COM1"),
    ("Project.  ", "Project"),
    ("", "project"),
    ("...", "project"),
    ("a\tb\nc", "a b c"),
])
def test_known_names(text: str, expected: str) -> None:
    assert safe_stem(text) == expected


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_name_every_file_system_accepts(text: str) -> None:
    """Law: the stem is non-empty, at most MAX_STEM characters, holds no character Windows refuses,
    does not end in a dot or space, does not start with a dot, and is not a reserved device name."""
    stem = safe_stem(text)
    assert stem and len(stem) <= MAX_STEM + 1
    assert not set(stem) & WINDOWS_FORBIDDEN
    assert not stem.endswith((".", " ")) and not stem.startswith(".")
    assert stem.split(".")[0].strip().upper() not in RESERVED


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_the_file_never_leaves_the_output_folder(tmp_path_factory: pytest.TempPathFactory,
                                                 project_id: str, name: str) -> None:
    """Law: the document's folder is the output folder itself, whatever the ID and name."""
    folder = tmp_path_factory.getbasetemp() / "out"
    path = document_path(folder, project_id, name, "Charter")
    assert path.parent == folder.resolve()
    assert path.name.endswith(" - Charter.docx")


def test_the_name_reads_id_name_kind(tmp_path: Path) -> None:
    assert document_path(tmp_path, "PRJ-7", "Data/Platform", "Plan").name == "PRJ-7 Data_Platform - Plan.docx"


@pytest.mark.parametrize("ids", [
    ["P/01", "P_01", "P:01"],  # separators and characters Windows refuses become the same "_"
    ["Caf\u00e9", "Cafe\u0301"],  # the same word in Unicode's composed and decomposed forms
    ["A  B", "A B", "A\tB"],  # runs of spaces
    ["X" * 60 + "1", "X" * 60 + "2"],  # long IDs cut at the same length
    ["p01", "P01"],  # case: one file on Windows and macOS
    ["A B", "A"],  # an ID with a space against one whose name starts with the rest
    ["\u202eexe.txt", "exe.txt", "ex\u200be.txt"],  # bidi override, zero-width space
])
def test_ids_that_sanitise_alike_still_get_distinct_files(tmp_path: Path, ids: list[str]) -> None:
    """Issue 9: different IDs used to sanitise to one file name, and one project's charter
    silently replaced another's."""
    from pmokit.generators.documents.filenames import document_paths

    paths = document_paths(tmp_path, [(i, "B Plan" if i == "A" else "Plan") for i in ids], "Charter")
    keys = {unicodedata.normalize("NFC", p.name).casefold() for p in paths}
    assert len(keys) == len(ids)
    assert not any(ch in p.name for p in paths for ch in "\u202e\u200b")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=70), min_size=1, max_size=8, unique=True), st.text(max_size=40))
def test_any_set_of_project_ids_gives_distinct_file_names(tmp_path_factory: pytest.TempPathFactory,
                                                          ids: list[str], name: str) -> None:
    """Law: distinct IDs give file names distinct even where case and Unicode normal form do not
    count (Windows, macOS), every one inside the output folder."""
    from pmokit.generators.documents.filenames import document_paths

    folder = tmp_path_factory.getbasetemp() / "names"
    paths = document_paths(folder, [(i, name) for i in ids], "Plan")
    assert len({unicodedata.normalize("NFC", p.name).casefold() for p in paths}) == len(ids)
    assert all(p.parent == folder.resolve() for p in paths)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=70), st.text(max_size=70), st.text(max_size=40))
def test_one_project_s_name_never_depends_on_the_others(a: str, b: str, name: str) -> None:
    """Law: two different IDs give different names even when written in separate runs (so
    ``charter --project B`` cannot replace the file ``--all`` wrote for A), unless they differ
    only in case or normal form, which a validated workbook cannot hold."""
    from pmokit.generators.documents.filenames import document_path

    if unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold():
        return
    first, second = document_path("/out", a, name, "Plan"), document_path("/out", b, name, "Plan")
    assert first != second


def test_two_colliding_projects_get_two_charters(tmp_path: Path) -> None:
    from pmokit.generators.documents import DocumentOptions, write_charters
    from pmokit.workbooks.model import Portfolio, Project

    portfolio = Portfolio(projects=(Project("P/01", "CRM"), Project("P_01", "CRM")))
    written = write_charters(portfolio, None, tmp_path, DocumentOptions(iterations=50))
    assert len(set(written)) == 2 and sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
