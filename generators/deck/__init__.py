"""The steering-committee deck: native, editable PowerPoint charts and tables from the PMO workbook.

One front door: :class:`DeckOptions` and :func:`write_deck` (see ``ANALYSIS.md`` beside this file).
"""

from __future__ import annotations

from pmokit.generators.deck.options import DeckOptions
from pmokit.generators.deck.writer import write_deck

__all__ = ["DeckOptions", "write_deck"]
