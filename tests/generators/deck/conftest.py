"""The deck of the workbook tests' two-project portfolio (``workbook_factory.small_portfolio``),
written once per session, and helpers to find slides, charts and tables in it.

Known figures of that portfolio, by hand from its Status rows (not from the code):
P01 reports on 25 Sep (PV 400k, EV 380k, AC 390k) and 30 Oct 2026 (520k, 470k, 505k);
P02 on 20 Nov 2026 (20k, 18k, 21k). The portfolio S-curve sums each project's latest report on
each reporting date: EV 380k, 470k, 470k + 18k = 488k.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.presentation import Presentation as PresentationType

from pmokit.generators.deck import DeckOptions, write_deck
from workbook_factory import small_portfolio

AS_OF = dt.date(2026, 11, 27)
OPTIONS = DeckOptions(as_of=AS_OF, iterations=500)


@pytest.fixture(scope="session")
def deck_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_deck(small_portfolio(), tmp_path_factory.mktemp("deck") / "steering.pptx", OPTIONS)


@pytest.fixture(scope="session")
def deck(deck_path: Path) -> PresentationType:
    return Presentation(str(deck_path))


def titles(prs: PresentationType) -> list[str]:
    return [s.shapes.title.text_frame.text for s in prs.slides]


def slide_titled(prs: PresentationType, start: str) -> Any:
    return next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith(start))


def charts(slide: Any) -> list[Any]:
    return [s.chart for s in slide.shapes if getattr(s, "has_chart", False) and s.has_chart]


def tables(slide: Any) -> list[Any]:
    return [s.table for s in slide.shapes if getattr(s, "has_table", False) and s.has_table]


def texts(slide: Any) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def rows(table: Any) -> Iterator[list[str]]:
    for r in table.rows:
        yield [c.text_frame.text for c in r.cells]
