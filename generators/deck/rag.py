"""RAG status as the deck shows it everywhere: a colour with its letter beside it, so it reads
in greyscale and for colour-blind readers, and a trend arrow against the last period."""

from __future__ import annotations

from pptx.dml.color import RGBColor

def rgb(hex_: str) -> RGBColor:
    """A colour from six hex digits (python-pptx's RGBColor is untyped; one typed door)."""
    return RGBColor.from_string(hex_)  # type: ignore[no-untyped-call,no-any-return]


# Fill, then text colour on it. Luminance differs (Red ≈ 24%, Amber ≈ 75%, Green ≈ 43%), and the
# letter carries the meaning when it does not.
FILLS = {
    "Red": (rgb("C00000"), rgb("FFFFFF")),
    "Amber": (rgb("FFC000"), rgb("000000")),
    "Green": (rgb("37863C"), rgb("FFFFFF")),
}
NONE = (rgb("E7E9EE"), rgb("404040"))
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
