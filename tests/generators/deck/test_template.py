"""The default template and a PMO's own: layouts and placeholders found by name, and a clear
error naming what a custom template lacks — raised before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from pmokit.generators.deck import DeckOptions, write_deck
from pmokit.generators.deck.template import REQUIRED, check, open_template
from pmokit.generators.errors import TemplateError
from pmokit.templates import build_deck_template, path
from workbook_factory import small_portfolio


def test_default_template_offers_every_layout_and_placeholder() -> None:
    prs = Presentation(str(path("deck.pptx")))
    assert check(prs) == []
    assert [lo.name for lo in prs.slide_layouts] == list(REQUIRED)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9, 13.333 × 7.5 in


def test_template_is_built_reproducibly_by_its_script(tmp_path: Path) -> None:
    built = build_deck_template.build(tmp_path / "deck.pptx")
    assert built.read_bytes() == path("deck.pptx").read_bytes()


def test_theme_fonts_are_calibri() -> None:
    prs = Presentation(str(path("deck.pptx")))
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob
    assert theme.count(b'<a:latin typeface="Calibri"') == 2


def test_custom_template_without_a_layout_is_refused_before_writing(tmp_path: Path) -> None:
    prs = Presentation(str(path("deck.pptx")))
    prs.slide_masters[0].slide_layouts.remove(next(lo for lo in prs.slide_layouts if lo.name == "Two Tables"))
    layout = next(lo for lo in prs.slide_layouts if lo.name == "Project")
    chart = next(ph for ph in layout.placeholders if ph.name == "Chart")
    chart.element.getparent().remove(chart.element)
    custom = tmp_path / "corporate.pptx"
    prs.save(str(custom))
    target = tmp_path / "deck.pptx"
    with pytest.raises(TemplateError) as caught:
        write_deck(small_portfolio(), target, DeckOptions(template=custom))
    message = str(caught.value)
    assert message.startswith("template corporate.pptx: lacks ")
    assert "layout 'Two Tables'" in message
    assert "placeholder 'Chart' (chart) on layout 'Project'" in message
    assert not target.exists() and list(tmp_path.iterdir()) == [custom]


def test_a_file_that_is_not_a_deck_is_named(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.pptx"
    bogus.write_text("not a zip")
    with pytest.raises(TemplateError, match="notes.pptx: cannot be opened as a PowerPoint template"):
        open_template(bogus)
    with pytest.raises(TemplateError, match="no such file"):
        open_template(tmp_path / "missing.pptx")


def test_sample_slides_in_a_corporate_template_are_not_kept(tmp_path: Path) -> None:
    prs = Presentation(str(path("deck.pptx")))
    prs.slides.add_slide(prs.slide_layouts[0])
    custom = tmp_path / "with-sample.pptx"
    prs.save(str(custom))
    assert len(open_template(custom).slides) == 0
