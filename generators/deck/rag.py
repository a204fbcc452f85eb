"""RAG status as the deck shows it everywhere: a colour with its letter beside it, so it reads
in greyscale and for colour-blind readers, and a trend arrow against the last period."""

from __future__ import annotations

from pptx.dml.color import RGBColor

# Fill, then text colour on it. Luminance differs (Red ≈ 24%, Amber ≈ 75%, Green ≈ 43%), and the
# letter carries the meaning when it does not.
FILLS = {
    "Red": (RGBColor(0xC0, 0x00, 0x00), RGBColor(0xFF, 0xFF, 0xFF)),
    "Amber": (RGBColor(0xFF, 0xC0, 0x00), RGBColor(0x00, 0x00, 0x00)),
    "Green": (RGBColor(0x37, 0x86, 0x3C), RGBColor(0xFF, 0xFF, 0xFF)),
}
NONE = (RGBColor(0xE7, 0xE9, 0xEE), RGBColor(0x40, 0x40, 0x40))
RANK = {"Green": 0, "Amber": 1, "Red": 2}
ORDER = ("Red", "Amber", "Green")


def normal(value: str | None) -> str:
    """"Green", "Amber", "Red" or "" for anything else (blank, unknown)."""
    word = (value or "").strip().capitalize()
    return word if word in RANK else ""


def label(value: str | None) -> str:
    """The letter shown in a RAG cell: G, A, R, or "–" when there is no status."""
    word = normal(value)
    return word[0] if word else "–"


def colours(value: str | None) -> tuple[RGBColor, RGBColor]:
    """(fill, text) colours for a RAG value."""
    return FILLS.get(normal(value), NONE)


def trend(now: str | None, before: str | None) -> str:
    """↑ better than last period, ↓ worse, → unchanged, "" when either period has no status."""
    a, b = normal(now), normal(before)
    if not a or not b:
        return ""
    return "→" if RANK[a] == RANK[b] else ("↑" if RANK[a] < RANK[b] else "↓")
