"""``pmokit import`` and ``pmokit export`` as a user meets them: exit codes, messages, files."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from pmokit.generators import cli
from pmokit.workbooks.blank import write_blank_workbook
from pmokit.workbooks.loader import load_portfolio

FIXTURES = Path(__file__).resolve().parent.parent / "workbooks" / "fixtures"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
        raise SystemExit(0)
    captured = capsys.readouterr()
    return int(exit_.value.code or 0), " ".join(captured.out.split()), " ".join(captured.err.split())


def test_import_then_export_then_reimport_changes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    code, out, _ = _run(["import", str(FIXTURES / "progress.xml"), "--into", str(book)], capsys)
    assert code == 0
    assert "Project PROGRESS: what the import did to pmo.xlsx" in out
    assert f"(the previous version is {tmp_path / 'pmo.bak.xlsx'})" in out
    assert "Note: material and cost resources (Licences, Travel) not imported" in out
    plan = tmp_path / "out.xml"
    code, out, _ = _run(["export", "msproject", str(book), "--project", "PROGRESS", "-o", str(plan)], capsys)
    assert (code, out) == (0, f"Wrote {plan}")
    before = book.read_bytes()
    code, out, _ = _run(["import", str(plan), "--into", str(book), "--project", "PROGRESS", "--dry-run"], capsys)
    assert code == 0 and "Dry run: nothing was written." in out
    assert " Tasks 0 0 0 " in out  # plain lines off a terminal (issue 9)
    assert book.read_bytes() == before
    assert len(load_portfolio(book).tasks_of("PROGRESS")) == 5


@pytest.mark.parametrize("content, words", [
    ("<Project><Tasks>", "plan.xml is not readable XML (line 1"),
    ("<Workbook/>", "plan.xml is XML but not a Microsoft Project plan"),
])
def test_a_bad_plan_is_one_line_and_nothing_is_written(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                        content: str, words: str) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    before = book.read_bytes()
    (tmp_path / "plan.xml").write_text(content)
    code, _, err = _run(["import", str(tmp_path / "plan.xml"), "--into", str(book)], capsys)
    assert code == 1 and words in err and "Traceback" not in err
    assert book.read_bytes() == before and not (tmp_path / "pmo.bak.xlsx").exists()


def test_an_mpp_without_mpxj_says_how_to_get_it(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def no_mpxj(name: str, *args: Any, **kwargs: Any) -> Any:
        if name in ("mpxj", "jpype"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_mpxj)
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    (tmp_path / "plan.mpp").write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = _run(["import", str(tmp_path / "plan.mpp"), "--into", str(book)], capsys)
    assert code == 1
    assert 'reading .mpp files needs the optional extra pmokit[mpp] (pip install "pmokit[mpp]"' in err
    assert "apt-get install default-jre-headless" in err


def test_jira_needs_a_csv_and_a_project(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    code, _, err = _run(["import", "jira", "--into", str(book)], capsys)
    assert code == 2 and "give the CSV export after 'jira'" in err
    csv = tmp_path / "jira.csv"
    csv.write_text("Issue key,Status,Created,Resolved\nA-1,Done,02/Mar/26 9:00 AM,05/Mar/26 4:00 PM\n")
    code, _, err = _run(["import", "jira", str(csv), "--into", str(book)], capsys)
    assert code == 2 and "give the project the items belong to" in err
    code, out, _ = _run(["import", "jira", str(csv), "--into", str(book), "--project", "AG"], capsys)
    assert code == 0 and " Throughput 1 0 0 " in out


def test_export_of_an_unknown_project_names_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    book = write_blank_workbook(tmp_path / "pmo.xlsx")
    code, _, err = _run(["export", "msproject", str(book), "--project", "NOPE", "-o", str(tmp_path / "x.xml")], capsys)
    assert code == 1 and "project NOPE is not on the Projects sheet" in err
    assert not (tmp_path / "x.xml").exists()
