"""``pmokit new`` and ``pmokit validate`` as a user runs them (Typer's CliRunner): exit codes, the
messages, JSON for machines, and no file overwritten or half-written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pmokit.generators.cli import app
from pmokit.workbooks.schema import SHEETS
from pmokit.workbooks.writer import write_workbook
from workbook_factory import edit, small_portfolio

runner = CliRunner()


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())  # rich wraps and boxes long lines


@pytest.fixture(scope="module")
def standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(small_portfolio(), tmp_path_factory.mktemp("c") / "portfolio.xlsx")


def test_new_writes_the_blank_workbook(tmp_path: Path) -> None:
    target = tmp_path / "pmo.xlsx"
    result = runner.invoke(app, ["new", str(target)])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "pmo.xlsx" in _flat(result.output).replace(" ", "")
    assert openpyxl.load_workbook(target).sheetnames == [s.name for s in SHEETS]


def test_new_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pmokit.generators.cli import main

    target = tmp_path / "pmo.xlsx"
    target.write_bytes(b"my precious workbook")
    with pytest.raises(SystemExit) as done:
        main(["new", str(target)])
    assert done.value.code == 1
    assert "exists; use --force to replace it" in _flat(capsys.readouterr().err)
    assert target.read_bytes() == b"my precious workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pmo.xlsx"]
    forced = runner.invoke(app, ["new", str(target), "--force"])
    assert forced.exit_code == 0
    assert list(openpyxl.load_workbook(target)["Projects"].tables) == ["Projects"]


def test_new_wants_an_xlsx_name(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "pmo.xlsm")])
    assert result.exit_code == 2 and "must end in .xlsx" in _flat(result.output)
    assert list(tmp_path.iterdir()) == []


def test_validate_a_clean_workbook_exits_0(standard: Path) -> None:
    result = runner.invoke(app, ["validate", str(standard), "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    # P02's charter, and four schedule health checks: P01's finish milestone M1 is an open end
    # (1 of 3 incomplete tasks), T3's links (T2FS+2, T1 SS) fail lags and relationship types,
    # and P02's only task has no links.
    assert "0 error(s), 5 warning(s)" in result.output
    assert "Charter!L3" in result.output


def test_validate_errors_exit_1_with_sheet_and_cell(standard: Path, tmp_path: Path) -> None:
    path = edit(Path(shutil.copy(standard, tmp_path / "broken.xlsx")), {"Tasks!F3": 5, "Tasks!G3": 3})
    result = runner.invoke(app, ["validate", str(path), "--as-of", "2026-11-27"])
    assert result.exit_code == 1
    flat = _flat(result.output)
    assert "1 error(s)" in flat and "Tasks!G3" in flat and "pessimistic 3 is less than most likely 5" in flat


def test_validate_json_lists_every_problem(standard: Path, tmp_path: Path) -> None:
    path = edit(Path(shutil.copy(standard, tmp_path / "broken.xlsx")), {"Tasks!F3": 5, "Tasks!G3": 3})
    result = runner.invoke(app, ["validate", str(path), "--json", "--as-of", "2026-11-27", "--stale-days", "5"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert problems[0] == {"severity": "error", "sheet": "Tasks", "cell": "G3", "project": "", "rule": "",
                           "message": "pessimistic 3 is less than most likely 5"}
    stale = [p for p in problems if p["rule"] == "STATUS_STALE"]
    assert [(p["project"], p["cell"]) for p in stale] == [("P01", "B3"), ("P02", "B4")]


def test_validate_a_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 1
    assert "there is no file" in _flat(result.output)


def test_help_on_both_commands() -> None:
    for command in ("new", "validate"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_the_pmokit_entry_point_exits_1_on_errors_and_0_when_clean(standard: Path, tmp_path: Path) -> None:
    """``main`` runs click without standalone mode, where typer.Exit's code is returned, not raised."""
    from pmokit.generators.cli import main

    broken = edit(Path(shutil.copy(standard, tmp_path / "broken.xlsx")), {"Tasks!F3": 5, "Tasks!G3": 3})
    with pytest.raises(SystemExit) as caught:
        main(["validate", str(broken), "--json", "--as-of", "2026-11-27"])
    assert caught.value.code == 1
    main(["validate", str(standard), "--json", "--as-of", "2026-11-27"])  # returns: exit status 0
