"""Money carries the workbook's currency code: in headlines and in money columns' headers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pptx import Presentation
from pptx.presentation import Presentation as PresentationType

from deck.conftest import AS_OF, rows, slide_titled, tables, texts
from pmokit.generators.deck import DeckOptions, write_deck
from workbook_factory import small_portfolio


def test_currency_code_shows_beside_amounts(tmp_path: Path) -> None:
    p = small_portfolio()
    p = dataclasses.replace(p, projects=tuple(dataclasses.replace(x, currency="GBP") for x in p.projects))
    prs = Presentation(str(write_deck(p, tmp_path / "gbp.pptx", DeckOptions(as_of=AS_OF, iterations=200))))
    risks = slide_titled(prs, "Risks")
    assert risks.shapes.title.text.startswith("Risks: risk reserve at P80 GBP ")
    assert next(rows(tables(risks)[1]))[-1] == "EMV (GBP)"
    status = slide_titled(prs, "Portfolio status")
    assert next(rows(tables(status)[0]))[-1] == "EAC / BAC (GBP)"
    assert "EAC GBP " in texts(slide_titled(prs, "P01"))


def test_without_a_currency_amounts_stand_alone(deck: PresentationType) -> None:
    status = slide_titled(deck, "Portfolio status")
    assert next(rows(tables(status)[0]))[-1] == "EAC / BAC"
