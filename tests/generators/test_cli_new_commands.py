"""Issue 9 on the commands main gained since: ``pmokit import``, ``pmokit export msproject`` and
``pmokit lite`` print text as text, refuse to replace a file without ``--force`` (a set of files
is refused whole, before any is written), and name a safe file for any project ID."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from pmokit.generators import lite
from pmokit.generators.documents.filenames import id_token
from pmokit.workbooks.blank import write_blank_workbook
from pmokit.workbooks.writer import write_workbook
from pmokit_cli import run
from workbook_factory import small_portfolio

FIXTURES = Path(__file__).parents[1] / "workbooks" / "fixtures"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_import_prints_ids_and_paths_with_brackets_as_they_are(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    """The import's table title and lines went through rich's markup: ``[red]P1[/red]`` lost its
    brackets and a workbook named ``[b]pmo[x].xlsx`` was printed as a name that does not exist."""
    workbook = write_blank_workbook(tmp_path / "[b]pmo[x].xlsx")
    code, out, err = run(["import", str(FIXTURES / "unsupported.xml"), "--into", str(workbook),
                          "--project", "[red]P1[/red]", "--dry-run"], capsys)
    assert code == 0, err
    assert "Project [red]P1[/red]: what the import would do to [b]pmo[x].xlsx" in out
    code, out, err = run(["import", str(FIXTURES / "unsupported.xml"), "--into", str(workbook),
                          "--project", "[red]P1[/red]"], capsys)
    assert code == 0, err
    assert f"Wrote {workbook} (the previous version is {tmp_path / '[b]pmo[x].bak.xlsx'})" in _flat(out)


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    return write_workbook(small_portfolio(), tmp_path / "pmo.xlsx")


def test_export_refuses_to_replace_a_file_without_force(capsys: pytest.CaptureFixture[str], workbook: Path,
                                                        tmp_path: Path) -> None:
    target = tmp_path / "plan.xml"
    target.write_bytes(b"someone's plan")
    code, out, err = run(["export", "msproject", str(workbook), "--project", "P01", "-o", str(target)], capsys)
    assert code == 1 and "use --force" in _flat(err) and str(target) in _flat(err)
    assert target.read_bytes() == b"someone's plan"
    code, out, err = run(["export", "msproject", str(workbook), "--project", "P01", "-o", str(target), "--force"],
                         capsys)
    assert code == 0, err
    assert target.read_bytes().startswith(b"<?xml")


def test_export_names_a_safe_file_inside_the_folder_for_any_id(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The default PROJECT.xml took the ID as a path: ``../x`` wrote outside the folder."""
    portfolio = small_portfolio()
    renamed = "../P01"
    portfolio = dataclasses.replace(
        portfolio, projects=tuple(dataclasses.replace(p, project_id=renamed) if p.project_id == "P01" else p
                                  for p in portfolio.projects),
        tasks=tuple(dataclasses.replace(t, project_id=renamed) if t.project_id == "P01" else t
                    for t in portfolio.tasks),
        status=(), risks=(), milestones=(), decisions=(), charters=())
    source = write_workbook(portfolio, tmp_path / "pmo.xlsx")
    work = tmp_path / "out"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out, err = run(["export", "msproject", str(source), "--project", renamed], capsys)
    assert code == 0, err
    assert os.listdir(work) == [f"{id_token(renamed)}.xml"] and not (tmp_path / "P01.xml").exists()


def test_export_prints_its_path_as_it_is_and_survives_control_characters(capsys: pytest.CaptureFixture[str],
                                                                         tmp_path: Path) -> None:
    """A task name holding a control character (Excel stores it as _x0001_) stopped the export
    inside lxml with an internal error: the export goes through pmokit's one text rule."""
    portfolio = small_portfolio()
    task = dataclasses.replace(portfolio.tasks[0], name="Design\x01 [b]phase[/b]")
    source = write_workbook(dataclasses.replace(portfolio, tasks=(task, *portfolio.tasks[1:])), tmp_path / "pmo.xlsx")
    target = tmp_path / "[i]plan[x].xml"
    code, out, err = run(["export", "msproject", str(source), "--project", task.project_id, "-o", str(target)],
                         capsys)
    assert code == 0, err
    assert f"Wrote {target}" in _flat(out)
    assert b"<Name>Design [b]phase[/b]</Name>" in target.read_bytes()


def test_lite_refuses_a_folder_holding_its_files_whole_and_force_replaces(capsys: pytest.CaptureFixture[str],
                                                                          tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("# my own code\n", encoding="utf-8")
    code, out, err = run(["lite", "-o", str(tmp_path)], capsys)
    assert code == 1 and "use --force" in _flat(err)
    assert [p.name for p in tmp_path.iterdir()] == ["main.py"]  # not half a new set beside it
    assert (tmp_path / "main.py").read_text(encoding="utf-8") == "# my own code\n"
    code, out, err = run(["lite", "-o", str(tmp_path), "--force"], capsys)
    assert code == 0, err
    assert {p.name for p in tmp_path.iterdir()} == {"main.py", "requirements.txt", "README.md", lite.wheel_name()}


def test_no_command_writes_over_a_file_it_reads_even_with_force(capsys: pytest.CaptureFixture[str],
                                                                 workbook: Path, tmp_path: Path) -> None:
    """``deck -o d.pptx --force`` where d.pptx is a symlink to the workbook replaced the workbook
    itself with the deck (the target was resolved through the link); ``export -o pmo.xlsx --force``
    replaced the workbook with XML. A link is replaced as a link, and a file the command reads is
    refused as an output by name."""
    before = workbook.read_bytes()
    link = tmp_path / "d.pptx"
    link.symlink_to(workbook)
    code, out, err = run(["deck", str(workbook), "-o", str(link), "--force", "--as-of", "2026-11-27"], capsys)
    assert workbook.read_bytes() == before
    assert code == 0, err
    assert not link.is_symlink() and link.read_bytes()[:2] == b"PK"
    code, out, err = run(["export", "msproject", str(workbook), "--project", "P01", "-o", str(workbook), "--force"],
                         capsys)
    assert code == 1 and "is a file this command reads" in _flat(err) and str(workbook) in _flat(err)
    assert workbook.read_bytes() == before


def test_a_charter_whose_name_is_a_symlink_replaces_the_link_not_what_it_points_at(workbook: Path,
                                                                                   tmp_path: Path) -> None:
    """Document paths were resolved through a link of the charter's name: ``--force`` then wrote
    the charter into whatever file the link pointed at, outside the output folder too."""
    from pmokit.generators.documents import DocumentOptions, write_charters
    from pmokit.generators.documents.filenames import document_path
    from pmokit.workbooks.loader import load_portfolio

    portfolio = load_portfolio(workbook)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours", encoding="utf-8")
    out = tmp_path / "charters"
    out.mkdir()
    link = document_path(out, "P01", portfolio.project("P01").name, "Charter")
    link.symlink_to(elsewhere)
    (written,) = write_charters(portfolio, ["P01"], out, DocumentOptions(), replace=True)
    assert written == link and not link.is_symlink() and link.read_bytes()[:2] == b"PK"
    assert elsewhere.read_text(encoding="utf-8") == "not yours"
