"""What a steering deck covers and how it is made: the options ``pmokit deck`` and the Excel
button pass to :func:`pmokit.generators.deck.write_deck`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pmokit.generators.analysis import DEFAULT_ITERATIONS, DEFAULT_SEED


@dataclass(frozen=True)
class DeckOptions:
    """The deck's template, reporting date and scope.

    ``template`` is a PMO's own .pptx (default: ``templates/deck.pptx``); ``as_of`` the
    reporting date (default: the latest status date); ``group`` / ``project_ids`` narrow the
    portfolio (an unknown ID or group is refused, see :mod:`pmokit.generators.selection`);
    ``title`` names the portfolio on the title slide (default: the group all projects share, else
    the workbook's file name). ``seed`` and ``iterations`` drive the schedule and risk simulations, so the same
    workbook always gives the same deck. ``rows_per_slide`` caps long tables before they split
    onto a continuation slide with the header repeated.
    """

    template: Path | None = None
    as_of: dt.date | None = None
    group: str | None = None
    project_ids: list[str] | None = None
    title: str | None = None
    seed: int = DEFAULT_SEED
    iterations: int = DEFAULT_ITERATIONS
    rows_per_slide: int = 12
    project_pages: bool = True
