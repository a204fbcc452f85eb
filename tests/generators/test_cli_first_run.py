"""``pmokit`` as a new user first meets it (issue 9, first-run friction): help and version, options
that say what they do, selections that match nothing refused, nothing overwritten without
--force, plain output off a terminal, and the sample named when it is used."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from pmokit.workbooks import sample_path
from pmokit.workbooks.writer import write_workbook
from pmokit_cli import run
from workbook_factory import small_portfolio

FAST = ["--as-of", "2026-11-27"]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code, out, err = run(argv, capsys)
    return code, out, " ".join(err.split())


@pytest.fixture(scope="module")
def standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(small_portfolio(), tmp_path_factory.mktemp("c") / "portfolio.xlsx")


def test_version_and_short_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--version"], capsys)
    assert code == 0 and out.startswith("pmokit 0.")
    code, out, _ = _run(["-h"], capsys)
    assert code == 0 and "Usage: pmokit" in out and "deck" in out
    code, out, _ = _run(["deck", "-h"], capsys)
    assert code == 0 and "Usage: pmokit deck" in out


def test_flags_show_no_type_and_help_says_what_goes_together(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["charter", "--help"], capsys)
    assert code == 0 and "<bool>" not in out
    flat = " ".join(out.split())
    assert "--project <str> The project ID (or use --all)." in flat
    assert "--all One charter per project (or use --project)." in flat
    code, out, _ = _run(["deck", "--help"], capsys)
    flat = " ".join(out.split())
    assert "[default: steering- deck.pptx]" in flat or "[default: steering-deck.pptx]" in flat
    assert "--force Replace files that exist" in flat


def test_stale_days_cannot_be_negative(capsys: pytest.CaptureFixture[str], standard: Path) -> None:
    code, _, err = _run(["validate", str(standard), "--stale-days", "-1"], capsys)
    assert code == 2 and "Invalid value for '--stale-days': Input should be greater than or equal to 0" in err


def test_leaving_out_the_workbook_says_the_sample_is_used(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["validate", "--json"], capsys)
    assert code == 0 and f"No workbook given: using the bundled sample portfolio {sample_path()}" in err
    json.loads(out)  # stdout stays the command's output only


def test_validate_prints_plain_lines_when_not_on_a_terminal(capsys: pytest.CaptureFixture[str], standard: Path,
                                                            tmp_path: Path) -> None:
    path = Path(shutil.copy(standard, tmp_path / "broken.xlsx"))
    book = openpyxl.load_workbook(path)
    book["Tasks"]["G3"] = 3
    book.save(path)
    code, out, _ = _run(["validate", str(path), *FAST], capsys)
    assert code == 1
    lines = out.splitlines()
    warned = [line.split()[:3] for line in lines[2:]]
    assert lines[0] == f"broken.xlsx: 1 error(s), {len(warned)} warning(s)"  # governance and schedule health
    assert lines[1].split() == ["error", "Tasks!G3", "pessimistic", "3", "is", "less", "than", "most", "likely", "6"]
    assert ["warning", "Charter!L3", "P02"] in warned and all(w[0] == "warning" for w in warned)
    assert not set("│┃─━┏┗") & set(out)


def test_deck_refuses_to_overwrite_without_force(capsys: pytest.CaptureFixture[str], standard: Path,
                                                 tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"the deck I edited by hand")
    code, _, err = _run(["deck", str(standard), "-o", str(target), *FAST], capsys)
    assert code == 1 and f"Error: cannot write {target}: the file exists; use --force to replace it" in err
    assert target.read_bytes() == b"the deck I edited by hand"
    code, out, _ = _run(["deck", str(standard), "-o", str(target), "--force", *FAST], capsys)
    assert code == 0 and f"Wrote {target}" in out and len(Presentation(str(target)).slides) > 5


def test_charter_and_plan_refuse_to_overwrite_without_force(capsys: pytest.CaptureFixture[str], standard: Path,
                                                            tmp_path: Path) -> None:
    code, _, _ = _run(["charter", str(standard), "--all", "-o", str(tmp_path)], capsys)
    assert code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, _, err = _run(["charter", str(standard), "--all", "-o", str(tmp_path)], capsys)
    assert code == 1 and "2 files exist" in err and "use --force" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    code, _, err = _run(["plan", str(standard), "--project", "P01", "-o", str(tmp_path)], capsys)
    assert code == 0
    code, _, err = _run(["plan", str(standard), "--project", "P01", "-o", str(tmp_path)], capsys)
    assert code == 1 and "the file exists; use --force" in err


@pytest.mark.parametrize("option, value, message", [
    ("--projects", "P01,P99", "portfolio.xlsx has no project with ID 'P99' (IDs: P01, P02)"),
    ("--projects", " , ", "lists no project ID"),
    ("--group", "Marketing", "portfolio.xlsx has no project group 'Marketing' (groups: Digital)"),
])
def test_a_deck_selection_that_names_nothing_is_refused(capsys: pytest.CaptureFixture[str], standard: Path,
                                                        tmp_path: Path, option: str, value: str, message: str) -> None:
    """A deck of "0 projects" used to be written with exit 0, and an unknown ID dropped silently."""
    target = tmp_path / "deck.pptx"
    code, _, err = _run(["deck", str(standard), "-o", str(target), option, value], capsys)
    assert code in (1, 2) and message in err
    assert not target.exists()


def test_an_empty_workbook_has_nothing_to_do(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blank = write_workbook(None, tmp_path / "blank.xlsx")
    for argv in (["charter", str(blank), "--all", "-o", str(tmp_path)],
                 ["deck", str(blank), "-o", str(tmp_path / "deck.pptx")]):
        code, _, err = _run(argv, capsys)
        assert code == 1 and "nothing to do: blank.xlsx has no projects on its Projects sheet" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blank.xlsx"]


def test_the_deck_title_is_the_same_on_every_run(tmp_path: Path) -> None:
    """Two groups of equal size: the title used to pick one by set order (changing with
    PYTHONHASHSEED); it is now the workbook's name, or --title."""
    import dataclasses

    from pmokit.generators.deck import DeckOptions
    from pmokit.generators.selection import portfolio_title

    mixed = small_portfolio()
    mixed = dataclasses.replace(mixed, projects=(mixed.projects[0], dataclasses.replace(mixed.projects[1], group="Data")),
                                source=str(tmp_path / "Q4 portfolio.xlsx"))
    assert portfolio_title(mixed) == "Q4 portfolio"
    assert portfolio_title(mixed, DeckOptions(title="IT change board").title) == "IT change board"
    assert portfolio_title(small_portfolio()) == "Digital"
    assert portfolio_title(dataclasses.replace(mixed, source="")) == "Project portfolio"


def test_the_title_slide_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    mixed = tmp_path / "mixed.xlsx"
    book = openpyxl.load_workbook(write_workbook(small_portfolio(), mixed))
    book["Projects"]["C3"] = "Data"
    book.save(mixed)
    script = ("import sys; from pmokit.workbooks.loader import load_portfolio; "
              "from pmokit.generators.deck import DeckOptions; from pmokit.generators.deck.writer import compute, lay_out; "
              "from pmokit.generators.deck.template import open_template; "
              "p = load_portfolio(sys.argv[1]); o = DeckOptions(iterations=50); prs = open_template(None); "
              "lay_out(prs, p, compute(p, o), o); print(prs.slides[0].shapes.title.text_frame.text)")
    titles = {subprocess.run([sys.executable, "-c", script, str(mixed)], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip() for seed in ("1", "2", "3", "4")}
    assert titles == {"mixed: steering committee"}
