"""The deck is valid Office Open XML, lint-clean and renders one page per slide; written
atomically; and sensible when the workbook has little in it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openxml_audit
import pytest
from ooxml_integrity import ERROR, WARN, check_pptx
from pptx import Presentation

import pmokit.generators.deck.writer as writer
from pmokit.generators.deck import DeckOptions, write_deck
from pmokit.workbooks.errors import OutputError
from pmokit.workbooks.model import Portfolio, Project
from deck.conftest import AS_OF, OPTIONS, charts, slide_titled, tables, texts, titles
from workbook_factory import small_portfolio


def test_public_names_are_exactly_the_front_door() -> None:
    import pmokit.generators.deck

    assert pmokit.generators.deck.__all__ == ["DeckOptions", "write_deck"]


def test_deck_is_valid_open_xml(deck_path: Path) -> None:
    # No known false positives: python-pptx's negative chart axis IDs (a real schema violation,
    # xsd:unsignedInt) are rewritten by pmokit.generators.deck.charts._positive_axis_ids.
    result = openxml_audit.validate_pptx(deck_path)
    assert [str(e) for e in result.errors] == []
    assert result.is_valid


def test_deck_has_no_overflow_collision_or_offcanvas_findings(deck_path: Path) -> None:
    findings = [f for f in check_pptx(deck_path) if f.severity in (ERROR, WARN)]
    assert [str(f) for f in findings] == []


def test_the_lint_would_see_text_boxes_on_top_of_each_other(deck_path: Path, tmp_path: Path) -> None:
    """Negative control: the lint is live on our files (two text boxes in one place → PPT006)."""
    prs = Presentation(str(deck_path))
    slide = prs.slides[1]
    for _ in range(2):
        slide.shapes.add_textbox(914400, 914400, 2743200, 914400).text_frame.text = "Overlapping text"
    broken = tmp_path / "broken.pptx"
    prs.save(str(broken))
    assert "PPT006" in {f.code for f in check_pptx(broken)}


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice and poppler are installed by .ci/run; not on this machine")
def test_libreoffice_renders_one_page_per_slide(deck_path: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck_path)], capture_output=True, timeout=240, check=False)
    pdf = tmp_path / "steering.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 0  # soffice exits 0 even when it wrote nothing
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == len(Presentation(str(deck_path)).slides) == 13


def test_an_error_mid_way_leaves_no_file_and_the_old_deck_untouched(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "steering.pptx"
    target.write_bytes(b"last month's deck")

    def broken(ctx: object) -> None:
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(writer, "SLIDES", writer.SLIDES[:3] + [("Broken", broken)])
    with pytest.raises(RuntimeError):
        write_deck(small_portfolio(), target, OPTIONS)
    assert target.read_bytes() == b"last month's deck"
    assert [p.name for p in tmp_path.iterdir()] == ["steering.pptx"]


def test_an_unwritable_folder_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot"):
        write_deck(small_portfolio(), blocker / "deck.pptx", OPTIONS)
    with pytest.raises(OutputError, match="must be a .pptx"):
        write_deck(small_portfolio(), tmp_path / "deck.docx", OPTIONS)


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    write_deck(small_portfolio(), tmp_path / "d.pptx", OPTIONS, on_step=lambda d, t, w: seen.append((d, t, w)))
    assert seen[-1][0] == seen[-1][1] and [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)


def test_one_bare_project_gives_a_deck_that_says_what_is_missing(tmp_path: Path) -> None:
    bare = Portfolio(projects=(Project("X1", "Data platform", "Data", stage="Initiate"),))
    path = write_deck(bare, tmp_path / "bare.pptx", DeckOptions(as_of=dt.date(2026, 11, 27), iterations=200))
    prs = Presentation(str(path))
    assert titles(prs)[0] == "Data: steering committee" and titles(prs)[-1] == "Appendix: schedule health"
    page = slide_titled(prs, "X1 Data platform")
    said = texts(page)
    assert "No status report yet" in said and "No milestones in the Milestones sheet" in said
    assert "No open risks recorded" in said and "No EVM curve" in said
    assert charts(page) == [] and tables(page) == []
    assert "No S-curve yet" in texts(slide_titled(prs, "Financials"))
    assert "no roadmap" in texts(slide_titled(prs, "Roadmap"))
    assert "No open risks in the Risks sheet" in texts(slide_titled(prs, "Risks"))
    assert "No open decisions" in texts(slide_titled(prs, "Decisions"))
    assert "No demand to show" in texts(slide_titled(prs, "Resources"))
    assert openxml_audit.validate_pptx(path).is_valid


def test_long_texts_are_cut_with_an_ellipsis_and_kept_whole_in_the_notes(tmp_path: Path) -> None:
    base = small_portfolio()
    essay = " ".join(f"Sentence {i} about the migration, the vendor and the budget." for i in range(60))
    status = tuple(dataclasses.replace(s, summary=essay) if s.project_id == "P01" else s for s in base.status)
    path = write_deck(dataclasses.replace(base, status=status), tmp_path / "long.pptx", OPTIONS)
    prs = Presentation(str(path))
    page = slide_titled(prs, "P01 ")
    assert "…" in texts(page)
    assert essay in page.notes_slide.notes_text_frame.text
    for shape in page.shapes:
        if shape.has_text_frame:
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    assert run.font.size is None or run.font.size.pt >= 10
    assert [str(f) for f in check_pptx(path) if f.code in ("PPT003", "PPT006")] == []


def test_group_and_project_selection(tmp_path: Path) -> None:
    path = write_deck(small_portfolio(), tmp_path / "one.pptx", DeckOptions(as_of=AS_OF, iterations=200,
                                                                              project_ids=["P02"]))
    prs = Presentation(str(path))
    assert "P02 Mobile app: Green" in titles(prs) and not any(t.startswith("P01") for t in titles(prs))


def test_financial_bars_share_projects_evenly_over_as_few_charts_as_hold_them() -> None:
    """Law: at most twelve projects a chart, as few charts as that allows, sizes differing by at
    most one, every project once in order (eleven projects: one chart, not ten and a lonely one)."""
    from pmokit.generators.deck.financials import PER_CHART, even_chunks

    assert even_chunks([]) == [[]]
    for n in range(1, 80):
        items = list(range(n))
        chunks = even_chunks(items)  # type: ignore[arg-type]
        assert [x for c in chunks for x in c] == items
        assert len(chunks) == -(-n // PER_CHART) and max(map(len, chunks)) <= PER_CHART
        assert max(map(len, chunks)) - min(map(len, chunks)) <= 1
    assert [len(c) for c in even_chunks(list(range(11)))] == [11]  # type: ignore[arg-type]
    assert [len(c) for c in even_chunks(list(range(50)))] == [10] * 5  # type: ignore[arg-type]
