"""Safe file names: whatever a project's ID and name hold, the file lands inside the output folder
with a name Windows, macOS and Linux all accept (rules: Microsoft, "Naming Files, Paths, and
Namespaces", learn.microsoft.com/windows/win32/fileio/naming-a-file)."""

from __future__ import annotations

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
