"""A worksheet's XML edited in place: cells written and read back, formulas moved as Excel moves
them, shared formulas written out, ranges that follow a table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from pmokit.workbooks.sheet_xml import MAIN, SAME, MoveError, Sheet, Take, escape, new_cell, q, unescape

ROWS = "".join(
    f'<row r="{r}" spans="1:3"><c r="A{r}" t="inlineStr"><is><t>T{r}</t></is></c><c r="B{r}"><v>{r}</v></c>'
    + (f'<c r="C{r}"><f t="shared" ref="C2:C5" si="0">B2*2+$B$2</f><v>{2 * r}</v></c>' if r == 2 else
       f'<c r="C{r}"><f t="shared" si="0"/><v>{2 * r}</v></c>') + "</row>" for r in range(2, 6))


def sheet(rows: str = ROWS, tail: str = "") -> Sheet:
    root = etree.fromstring(f'<worksheet xmlns="{MAIN}"><dimension ref="A1:C5"/><sheetData>{rows}</sheetData>'
                            f"{tail}</worksheet>")
    return Sheet(root, ["shared text"])


def formula(s: Sheet, row: int, col: int) -> tuple[str | None, dict[str, str]]:
    f = s.cells[row, col].find(q("f"))
    assert f is not None
    return f.text, dict(f.attrib)


def test_a_shared_formula_touching_the_block_is_written_out_cell_by_cell() -> None:
    """Excel keeps one text for a filled-down column (the master, ``ref`` + ``si``) and the other
    cells point at it; once rows move each cell needs its own text: B2*2 moved down is B3*2, the
    absolute $B$2 stays (ECMA-376 Part 1, 18.3.1.40 f: shared formulas)."""
    s = sheet()
    s.unshare(4, 1, 4, 3)
    assert [formula(s, r, 3) for r in range(2, 6)] == [(f"B{r}*2+$B$2", {}) for r in range(2, 6)]


def test_a_shared_formula_away_from_the_block_is_left_shared() -> None:
    s = sheet()
    s.unshare(7, 1, 9, 3)
    assert formula(s, 2, 3) == ("B2*2+$B$2", {"t": "shared", "ref": "C2:C5", "si": "0"})
    assert formula(s, 3, 3) == (None, {"t": "shared", "si": "0"})


def test_moving_a_row_moves_its_formula_and_keeps_its_look_and_metadata() -> None:
    s = sheet('<row r="4"><c r="A4" s="3" cm="1"><f t="array" ref="A4">SUM(B4:B9)</f><v>1</v></c></row>')
    moved = s.moved(4, 1, 7)
    assert moved is not None
    assert (moved.get("r"), moved.get("s"), moved.get("cm")) == ("A7", "3", "1")
    assert (moved.findtext(q("f")), moved.find(q("f")).get("ref")) == ("SUM(B7:B12)", "A7")  # type: ignore[union-attr]


def test_an_array_formula_over_several_cells_cannot_move() -> None:
    s = sheet('<row r="4"><c r="A4"><f t="array" ref="A4:A6">B4:B6*2</f><v>1</v></c></row>')
    with pytest.raises(MoveError) as caught:
        s.moved(4, 1, 5)
    assert str(caught.value) == "A4 holds an array formula over A4:A6"


def test_laying_a_block_keeps_rows_in_order_and_their_spans_true() -> None:
    s = sheet()
    s.lay(3, 6, 1, 2, [SAME, [new_cell(4, 1, "x", None), None], [SAME, SAME], [new_cell(6, 1, 1.5, "2"), None]])
    assert [r.get("r") for r in s.data] == ["2", "3", "4", "5", "6"]
    assert (s.value(3, 1), s.value(4, 1), s.value(4, 2), s.value(5, 1), s.value(6, 1)) == ("T3", "x", None, "T5", 1.5)
    assert s.rows[4].get("spans") == "1:3" and s.rows[6].get("spans") is None
    s.set_dimension()
    assert s.root.find(q("dimension")).get("ref") == "A2:C6"  # type: ignore[union-attr]


def table_rows(count: int) -> str:
    """Rows 2.. of a table in columns A:C (text, a number, a formula over its own row and an absolute
    cell) with a cell beside it in E that stays in its sheet row."""
    return "".join(f'<row r="{r}" spans="1:5"><c r="A{r}" t="inlineStr"><is><t>T{r}</t></is></c>'
                   f'<c r="B{r}" s="2"><v>{r}</v></c><c r="C{r}"><f>B{r}*2+$B$2</f><v>{2 * r}</v></c>'
                   f'<c r="E{r}"><v>{100 + r}</v></c></row>' for r in range(2, 2 + count))


@st.composite
def layouts(draw: st.DrawFn) -> tuple[int, list[int | None]]:
    """A table of n rows and a new layout of it: some rows gone, the rest in their order, new rows
    (None) put in anywhere — what a re-import does to the rows of the projects around the one it replaces."""
    count = draw(st.integers(1, 7))
    kept = [r for r in range(2, 2 + count) if draw(st.booleans())]
    layout: list[int | None] = []
    for r in kept:
        layout += [None] * draw(st.integers(0, 2)) + [r]
    return count, layout + [None] * draw(st.integers(0, 2))


@given(layouts())
def test_taking_a_row_s_cells_lays_the_same_sheet_as_copying_them(case: tuple[int, list[int | None]]) -> None:
    """Law: laying rows that moved as :class:`Take` (their cells themselves, renumbered) gives the same
    sheet XML as laying copies of them (:meth:`Sheet.moved`), whichever way rows move, with rows
    removed and new rows put in between; cells beside the table stay in their sheet rows."""
    count, layout = case
    last = max(1 + count, 1 + len(layout))
    taking, copying = sheet(table_rows(count)), sheet(table_rows(count))
    took: list[Any] = []
    copied: list[Any] = []
    for target, origin in enumerate(layout, start=2):
        if origin is None:
            took.append([new_cell(target, 1, f"new {target}", None), None, None])
            copied.append([new_cell(target, 1, f"new {target}", None), None, None])
        elif origin == target:
            took.append(SAME)
            copied.append(SAME)
        else:
            took.append(Take(origin))
            copied.append([copying.moved(origin, c, target) for c in range(1, 4)])
    taking.lay(2, last, 1, 3, took)
    copying.lay(2, last, 1, 3, copied)
    assert etree.tostring(taking.root) == etree.tostring(copying.root)
    assert sorted(taking.cells) == sorted(copying.cells)
    for r in range(2, 2 + count):
        assert taking.value(r, 5) == 100 + r
    for target, origin in enumerate(layout, start=2):
        if origin is not None:
            assert (taking.value(target, 1), taking.value(target, 2), taking.style(target, 2)) == (f"T{origin}", origin, "2")
            assert taking.cells[target, 3].findtext(q("f")) == f"B{target}*2+$B$2"


def test_validations_ending_on_the_table_s_last_row_follow_it_and_longer_ones_stay() -> None:
    tail = ('<dataValidations count="2"><dataValidation type="list" sqref="A2:A5 C2:C1000"><formula1>"a"</formula1>'
            '</dataValidation></dataValidations><conditionalFormatting sqref="B2:B5 E2:E5"><cfRule type="expression" '
            'priority="1"><formula>B2&gt;1</formula></cfRule></conditionalFormatting>')
    s = sheet(tail=tail)
    s.follow_table(1, 3, 2, 5, 8)
    assert s.root.find(f"{q('dataValidations')}/{q('dataValidation')}").get("sqref") == "A2:A8 C2:C1000"  # type: ignore[union-attr]
    assert s.root.find(q("conditionalFormatting")).get("sqref") == "B2:B8 E2:E5"  # type: ignore[union-attr]


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(TEXT)
def test_any_text_survives_the_xml_escapes(text: str) -> None:
    """Law: reading back what is written gives the text (Excel's _xHHHH_ escapes for characters XML
    cannot hold, ECMA-376 Part 1, 22.9.2.19 ST_Xstring; a literal "_x0041_" escaped as "_x005F_x0041_")."""
    assert unescape(escape(text)) == text
    cell = new_cell(1, 1, text, None)
    data = etree.tostring(cell)
    assert Sheet(etree.fromstring(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode() + data
                                  + b"</row></sheetData></worksheet>"), []).value(1, 1) == (text or None)


@pytest.mark.parametrize("value, stored", [
    (3, "3"), (2.5, "2.5"), (0.1, "0.1"), (True, "1"), (dt.date(2026, 3, 2), "46083"),
    (dt.datetime(2026, 3, 2, 12), "46083.5")])
def test_numbers_dates_and_booleans_are_stored_as_excel_stores_them(value: Any, stored: str) -> None:
    """A date is its serial in the 1900 system: 2 March 2026 is 46083 (Excel's DATE(2026,3,2))."""
    assert new_cell(1, 1, value, None).findtext(q("v")) == stored
