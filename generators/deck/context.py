"""What every slide builder is handed: the deck being built, the portfolio, its computed figures
and the reporting date; and the one way a slide is started and finished."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide

from pmokit.generators.analysis import ProjectFigures, Reserves
from pmokit.generators.deck import template, text
from pmokit.generators.deck.options import DeckOptions
from pmokit.generators.deck.tables import Notes
from pmokit.workbooks.model import Portfolio


@dataclass
class Context:
    """The deck under construction and everything its slides show."""

    prs: PresentationType
    portfolio: Portfolio
    figures: list[ProjectFigures]  # one per project, in the Projects sheet's order
    as_of: dt.date
    options: DeckOptions
    reserves: Reserves  # the portfolio's, simulated once for every slide that shows them

    @property
    def currency(self) -> str:
        """The portfolio's currency code, "" when the workbook does not say."""
        return self.portfolio.currency

    @property
    def simulated(self) -> str:
        """The footnote every simulated figure carries: how to get it again in a cell."""
        s = self.reserves.simulation
        return (f"Simulated figures: {s} (the Excel functions' defaults, so =PMO_SRA, =PMO_RISK_RESERVE and "
                "=PMO_FORECAST over the same rows give the same values).")

    @contextmanager
    def slide(self, layout: str, title: str, source: str = "", title_size: float = 28.0
              ) -> Iterator[tuple[Slide, Notes]]:
        """Add a slide on ``layout`` with ``title``; on leaving, remove placeholders left empty
        and write the notes (full texts shortened on the slide, then ``source``)."""
        slide = template.new_slide(self.prs, layout)
        template.place(slide)
        notes = Notes()
        text.title(slide, title, notes, title_size)
        yield slide, notes
        template.remove_empty(slide)
        text.write_notes(slide, notes, source)


Step = Callable[[int, int, str], None]
