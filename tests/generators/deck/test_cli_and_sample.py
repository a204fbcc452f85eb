"""``pmokit deck`` as a user runs it, and the bundled sample's deck checked against the core."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from pmokit.addin import evm
from deck.conftest import rows, slide_titled, tables
from pmokit.generators.cli import main
from pmokit.generators.deck import DeckOptions, write_deck
from pmokit.generators.deck.partnames import PartNames
from pmokit.workbooks.loader import load_portfolio
from pmokit.workbooks import sample_path


def test_pmokit_deck_writes_the_sample_and_prints_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "nov.pptx"
    main(["deck", "-o", str(target), "--as-of", "2026-11-27", "--projects", "DWP-01,DWP-03"])  # returns: exit 0
    assert target.is_file() and f"Wrote {target}" in "".join(capsys.readouterr().out.split("\n"))
    titles = [s.shapes.title.text_frame.text for s in Presentation(str(target)).slides]
    assert [t for t in titles if t.startswith("DWP-")] == [
        t for t in titles if t.startswith(("DWP-01 ", "DWP-03 "))] and len([t for t in titles if t.startswith("DWP-")]) == 2


def test_pmokit_deck_with_a_template_lacking_layouts_fails_readably(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    bare = tmp_path / "corporate.pptx"
    Presentation().save(str(bare))  # python-pptx's default: none of our layout names
    target = tmp_path / "deck.pptx"
    with pytest.raises(SystemExit) as done:
        main(["deck", "-o", str(target), "--template", str(bare)])
    assert done.value.code == 1
    message = " ".join(capsys.readouterr().err.split())  # rich wraps long lines
    assert "Error: template corporate.pptx: lacks " in message and "Traceback" not in message
    assert "layout 'Two Tables'" in message and "placeholder 'Subtitle' (text) on layout 'Title Slide'" in message
    assert not target.exists()


@pytest.fixture(scope="module")
def sample_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    portfolio = load_portfolio(sample_path())
    return write_deck(portfolio, tmp_path_factory.mktemp("sample") / "sample.pptx", DeckOptions(iterations=500))


def test_sample_status_table_cpi_and_spi_are_the_cores(sample_deck: Path) -> None:
    """Every project's CPI and SPI on slide 3 equal pmokit.addin.evm on its latest Status row."""
    portfolio = load_portfolio(sample_path())
    prs = Presentation(str(sample_deck))
    body = list(rows(tables(slide_titled(prs, "Portfolio status"))[0]))[1:]
    assert len(body) == len(portfolio.projects)
    for row in body:
        project = portfolio.project(row[0])
        reports = [s for s in portfolio.status_of(project.project_id) if None not in (s.pv, s.ev, s.ac)]
        if not reports or project.budget is None:
            assert row[8] == row[9] == "–"
            continue
        last = reports[-1]
        core = evm.evm([project.budget], [last.pv], [last.ev], [last.ac])
        assert row[8] == f"{float(core['CPI'][0]):.2f}" and row[9] == f"{float(core['SPI'][0]):.2f}"


def test_every_part_name_is_unique(sample_deck: Path) -> None:
    names = zipfile.ZipFile(sample_deck).namelist()
    assert len(names) == len(set(names))
    charts = sum(1 for s in Presentation(str(sample_deck)).slides for sh in s.shapes if getattr(sh, "has_chart", False))
    assert sum(n.startswith("ppt/charts/chart") for n in names) == charts > 10


def test_part_names_skip_those_in_use_and_never_repeat() -> None:
    names = PartNames({"/ppt/charts/chart1.xml", "/ppt/charts/chart3.xml"})
    got = [str(names("/ppt/charts/chart%d.xml")) for _ in range(3)]
    assert got == ["/ppt/charts/chart2.xml", "/ppt/charts/chart4.xml", "/ppt/charts/chart5.xml"]
    assert str(names("/ppt/notesSlides/notesSlide%d.xml")) == "/ppt/notesSlides/notesSlide1.xml"
