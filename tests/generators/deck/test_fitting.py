"""Text fitting measured with Calibri's metrics (Carlito): laws that hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.generators.deck import fitting, widths

WORDS = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;-()",
                         min_size=1, max_size=18), min_size=1, max_size=60).map(" ".join)


def test_calibri_digits_are_tabular_half_an_em() -> None:
    # Calibri's figures are tabular, 1038/2048 em wide (Microsoft Typography, Calibri font
    # specification; the same in Carlito, which matches Calibri's metrics by design).
    assert fitting.metrics().width("0123456789", 10) == 10 * 10 * 507 / 1000


def test_shipped_table_agrees_with_the_installed_font() -> None:
    m = fitting.metrics()
    if m.source == "shipped table":  # no Carlito here: nothing to compare with
        return
    for chars, table, font in ((widths.REGULAR_CHARS, widths.REGULAR, m.regular), (widths.BOLD_CHARS, widths.BOLD, m.bold)):
        assert dict(zip(chars, table)) == {c: font[c] for c in chars}


@settings(max_examples=60, deadline=None)
@given(WORDS, st.floats(60, 400), st.floats(10, 24))
def test_every_wrapped_line_fits_its_width(text: str, width: float, size: float) -> None:
    """Law: no line wider than the box (less the safety margin), unless it is one character."""
    for line in fitting.wrap(text, width, size):
        assert len(line) <= 1 or fitting.metrics().width(line, size) <= width * fitting.SAFETY


@settings(max_examples=80, deadline=None)
@given(WORDS, st.floats(60, 400), st.floats(10, 24), st.booleans())
def test_wrapping_is_greedy_and_loses_nothing(text: str, width: float, size: float, bold: bool) -> None:
    """Law: when every word fits a line on its own, the lines joined by spaces are the text, and
    no line could also hold the next line's first word (each line is as full as it can be: the
    running width the wrap adds word by word equals the width measured from scratch)."""
    m = fitting.metrics()
    usable = width * fitting.SAFETY
    if any(m.width(w, size, bold) > usable for w in text.split(" ")):
        return
    lines = fitting.wrap(text, width, size, bold)
    assert " ".join(lines) == text
    for line, after in zip(lines, lines[1:]):
        assert m.width(f"{line} {after.split(' ')[0]}", size, bold) > usable


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=6), st.floats(80, 500), st.floats(20, 300), st.sampled_from([12, 14, 18]))
def test_fit_never_goes_below_10pt_and_fits_or_says_it_cut(paragraphs: list[str], width: float, height: float,
                                                          size: float) -> None:
    """Law: the size is between 10 pt and the maximum; the kept text fits the height, or it was
    cut; cut text ends with an ellipsis and starts as the original did."""
    fitted = fitting.fit(paragraphs, width, height, size)
    assert fitting.MIN_SIZE <= fitted.size <= size
    if not fitted.shortened:
        assert fitted.paragraphs == paragraphs
        lines = sum(len(fitting.wrap(p, width, fitted.size)) + 0.3 for p in paragraphs)
        assert fitting.lines_height(lines, fitted.size) <= height
    else:
        assert fitted.size == fitting.MIN_SIZE
        if fitted.paragraphs:
            assert fitted.paragraphs[-1].endswith("…")
            stem = fitted.paragraphs[-1].rstrip("…").rstrip(" ,;:-")
            original = paragraphs[len(fitted.paragraphs) - 1]
            assert original.startswith(stem)


@settings(max_examples=60, deadline=None)
@given(WORDS, st.floats(40, 300), st.integers(1, 3))
def test_shorten_keeps_to_its_lines(text: str, width: float, lines: int) -> None:
    """Law: the shortened text wraps to at most ``lines`` lines and is the text itself when it fits."""
    short = fitting.shorten(text, width, 11, lines)
    assert len(fitting.wrap(short, width, 11)) <= lines or len(short) <= 2
    if len(fitting.wrap(text, width, 11)) <= lines:
        assert short == text


def test_without_carlito_installed_the_shipped_table_measures_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = fitting.metrics()
    monkeypatch.setattr(fitting, "FONT_DIRS", ())
    fitting.metrics.cache_clear()
    try:
        fallback = fitting.metrics()
        assert fallback.source == "shipped table"
        text = "Approve extra tester for 8 weeks (CR-07)"
        assert fallback.width(text, 11) == pytest.approx(installed.width(text, 11))
        assert fallback.width(text, 11, bold=True) == pytest.approx(installed.width(text, 11, bold=True))
    finally:
        fitting.metrics.cache_clear()
