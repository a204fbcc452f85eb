"""Predecessor cells as Microsoft Project writes them (Project's Predecessors column syntax:
id, optional FS/SS/FF/SF, optional signed lag, e.g. ``3FS+2``)."""

from __future__ import annotations

import pytest

from pmokit.addin.errors import InputError
from pmokit.addin.predecessors import Link, parse


@pytest.mark.parametrize(("text", "expected"), [
    ("3", [Link("3", "FS", 0.0)]),
    ("3FS+2", [Link("3", "FS", 2.0)]),
    ("A SS", [Link("A", "SS", 0.0)]),
    ("B FF-1", [Link("B", "FF", -1.0)]),
    ("C SF", [Link("C", "SF", 0.0)]),
    ("2FS+3d", [Link("2", "FS", 3.0)]),
    ("2fs + 3 days", [Link("2", "FS", 3.0)]),
    ("4SS-1w", [Link("4", "SS", -5.0)]),
    ("A FF+1.5", [Link("A", "FF", 1.5)]),
    ("1, 2FS+1; 3SS", [Link("1"), Link("2", "FS", 1.0), Link("3", "SS")]),
    ("BOSS", [Link("BOSS")]),       # a type only touches an id that ends in a digit
    ("T12SS", [Link("T12", "SS")]),
    ("Design review", [Link("Design review")]),
])
def test_parse(text: str, expected: list[Link]) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("blank", [None, "", "  ", float("nan"), ", ,"])
def test_blank_means_no_predecessors(blank: object) -> None:
    assert parse(blank) == []


def test_number_cell_is_one_id() -> None:
    assert parse(3.0) == [Link("3")]
    assert parse(12) == [Link("12")]


@pytest.mark.parametrize(("text", "words"), [
    ("3FS+50%", "lag unit '%'"),
    ("3FS+2ed", "lag unit 'ed'"),
    ("+2", "cannot read"),
])
def test_unreadable_entries_name_row_and_entry(text: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse(text, row=7)
    assert str(info.value).startswith("predecessors row 7: ")
    assert words in str(info.value)
