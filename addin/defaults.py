"""The simulation defaults every pmokit number shares: the cells, the deck and the documents.

A ``PMO_*`` function given no seed or iteration count uses these, and so do the deck and the Word
documents (:mod:`pmokit.generators.analysis`), so a figure on a slide is the figure an analyst gets
by typing the same function over the same rows (issue 11). Change them here and nowhere else.
"""

from __future__ import annotations

#: The seed a simulation uses when none is given: same inputs, same answer, on every recalculation.
DEFAULT_SEED = 2026
#: Simulation runs when none are given.
DEFAULT_ITERATIONS = 10000
