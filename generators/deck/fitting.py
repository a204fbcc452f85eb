"""Text that fits its box: measured with the template font's metrics, shrunk to no less than
10 pt, then shortened with an ellipsis (the caller puts the full text into the slide notes).

python-pptx's auto-fit flag is only applied by PowerPoint when someone edits the text, so it
cannot be relied on (issue 4); we measure instead. Widths come from Carlito — metric-compatible
with Calibri — read with fontTools when the TTF is installed, else from the table shipped in
:mod:`pmokit.generators.deck.widths`.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from pmokit.generators.deck import widths

MIN_SIZE = 10.0  # points: nothing on a slide is smaller
LINE_HEIGHT = 1.22  # Calibri/Carlito: (ascent + descent + line gap) / em
SAFETY = 0.94  # PowerPoint, LibreOffice and the lint wrap slightly differently: keep a margin
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
             Path("C:/Windows/Fonts"), Path("/Library/Fonts"))


@dataclass(frozen=True)
class Fitted:
    """Paragraphs as they fit: the text of each (maybe shortened), the size chosen and whether
    anything was cut."""

    paragraphs: list[str]
    size: float
    shortened: bool


class Metrics:
    """Advance widths of the template font, in 1/1000 em, regular and bold."""

    def __init__(self, regular: dict[str, int], bold: dict[str, int], source: str) -> None:
        self.regular, self.bold, self.source = regular, bold, source
        self._default = {False: _average(regular), True: _average(bold)}

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of ``text`` in points at ``size`` points."""
        return self.units(text, bold) * size / 1000.0

    def units(self, text: str, bold: bool = False) -> int:
        """The advance width of ``text`` in 1/1000 em (whole units: widths add exactly)."""
        table = self.bold if bold else self.regular
        default = self._default[bold]
        return sum(table.get(c, default) for c in text)


@functools.lru_cache(maxsize=1)
def metrics() -> Metrics:
    """Carlito's metrics from the installed TTF when there is one, else the shipped table."""
    found = _from_ttf()
    if found is not None:
        return found
    return Metrics(dict(zip(widths.REGULAR_CHARS, widths.REGULAR)), dict(zip(widths.BOLD_CHARS, widths.BOLD)),
                   "shipped table")


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points, at word boundaries (a word
    longer than a line is broken where it must be)."""
    m = metrics()
    usable = width * SAFETY
    space = m.units(" ", bold)
    lines: list[str] = []
    for raw in text.split("\n"):
        # A line's width is the sum of its characters' (no kerning), so each word adds its own
        # width to the line's running total: linear in the text, not quadratic.
        line, units = "", 0
        for word in raw.split(" "):
            own = m.units(word, bold)
            candidate = units + space + own if line else own
            if candidate * size / 1000.0 <= usable:
                line, units = (f"{line} {word}" if line else word), candidate
                continue
            if line:
                lines.append(line)
            line, units = word, own
            while units * size / 1000.0 > usable and len(line) > 1:
                cut = _longest_prefix(line, usable, size, bold)
                lines.append(line[:cut])
                line = line[cut:]
                units = m.units(line, bold)
        lines.append(line)
    return lines


def lines_height(lines: float, size: float) -> float:
    """Points taken by ``lines`` lines of text at ``size``."""
    return lines * size * LINE_HEIGHT


def fit(paragraphs: list[str], width: float, height: float, max_size: float, *, bold: bool = False,
        min_size: float = MIN_SIZE, space_after: float = 0.3) -> Fitted:
    """The largest size from ``max_size`` down to ``min_size`` (in half points) at which the
    paragraphs fit ``width`` × ``height`` points; if none does, the paragraphs at ``min_size``
    cut to the lines that fit, the last one ending in an ellipsis. ``space_after`` is the gap
    after each paragraph in lines."""
    size = max_size
    needed = 0.0
    while True:
        needed = sum(len(wrap(p, width, size, bold)) + space_after for p in paragraphs)
        if lines_height(needed, size) <= height or size <= min_size:
            break
        size = max(min_size, size - 0.5)
    if lines_height(needed, size) <= height:
        return Fitted(list(paragraphs), size, False)
    budget = height / (size * LINE_HEIGHT)
    kept: list[str] = []
    for p in paragraphs:
        lines = wrap(p, width, size, bold)
        room = int(budget - space_after)
        if room <= 0:
            break
        if len(lines) <= room:
            kept.append(p)
            budget -= len(lines) + space_after
            continue
        kept.append(shorten(p, width, size, room, bold))
        break
    if kept and not kept[-1].endswith("…"):
        kept[-1] = shorten(kept[-1] + " …", width, size, len(wrap(kept[-1] + " …", width, size, bold)), bold)
    return Fitted(kept, size, True)


def shorten(text: str, width: float, size: float, lines: int = 1, bold: bool = False) -> str:
    """``text`` as it fits in ``lines`` lines of ``width`` points, ending in "…" when cut."""
    if len(wrap(text, width, size, bold)) <= lines:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that still fits with its ellipsis
        mid = (lo + hi + 1) // 2
        if len(wrap(text[:mid].rstrip() + "…", width, size, bold)) <= lines:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip(" ,;:-") + "…"


def _longest_prefix(word: str, usable: float, size: float, bold: bool) -> int:
    m = metrics()
    cut = len(word) - 1
    while cut > 1 and m.width(word[:cut], size, bold) > usable:
        cut -= 1
    return max(cut, 1)


def _average(table: dict[str, int]) -> int:
    lower = [table[c] for c in "abcdefghijklmnopqrstuvwxyz" if c in table]
    return round(sum(lower) / len(lower)) if lower else 500


def _from_ttf() -> Metrics | None:
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    faces: dict[str, Path] = {}
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for style in ("Regular", "Bold"):
            if style not in faces:
                faces.update({style: p for p in folder.rglob(f"Carlito-{style}.ttf")})
    if set(faces) != {"Regular", "Bold"}:
        return None
    tables = []
    # Carlito's 'head' table has a creation date fontTools finds implausible and logs about; with no
    # logging configured Python prints that to the user's terminal, so quiet that one logger here.
    head_log = logging.getLogger("fontTools.ttLib.tables._h_e_a_d")
    level = head_log.level
    head_log.setLevel(logging.ERROR)
    try:
        for style in ("Regular", "Bold"):
            with TTFont(str(faces[style])) as font:
                cmap, hmtx, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
                tables.append({chr(c): round(hmtx[g][0] * 1000 / em) for c, g in cmap.items() if c < 0x3000})
    finally:
        head_log.setLevel(level)
    return Metrics(tables[0], tables[1], str(faces["Regular"]))
