"""The ``pmokit`` command as a user meets it: exit codes, one-line messages, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from pmokit.workbooks import sample_path
from pmokit_cli import run as _run




def test_usage_error_is_a_usage_message_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["charter"], capsys)
    assert code == 2
    assert "give either --project ID or --all" in err
    assert "Traceback" not in err


def test_missing_workbook_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.xlsx"
    code, _, err = _run(["deck", str(missing), "-o", str(tmp_path / "d.pptx")], capsys)
    assert code == 1
    assert f"there is no file {missing}" in " ".join(err.split())
    assert not (tmp_path / "d.pptx").exists()


def test_a_bug_is_one_line_and_a_log_not_a_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import pmokit.generators.deck

    def broken(*args: object, **kwargs: object) -> Path:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(pmokit.generators.deck, "write_deck", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))  # the per-user log folder, here
    code, _, err = _run(["deck", "-o", str(tmp_path / "d.pptx")], capsys)
    assert code == 3
    assert "internal error: RuntimeError: simulated bug" in err
    assert "Traceback" not in err and "Nothing was written." in err
    assert "simulated bug" in (tmp_path / "pmokit" / "pmokit-error.log").read_text(encoding="utf-8")


def test_demo_writes_everything_from_the_sample(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    before = sample_path().read_bytes()
    code, out, _ = _run(["demo", "-o", str(tmp_path)], capsys)
    assert code == 0
    deck = tmp_path / "steering-deck.pptx"
    assert len(Presentation(str(deck)).slides) > 10
    assert len(list((tmp_path / "charters").glob("*.docx"))) == 11  # ten generated projects and DWP-11,
    assert len(list((tmp_path / "plans").glob("*.docx"))) == 11  # imported from workbooks/sample-plan.xml
    assert (tmp_path / "blank-workbook.xlsx").exists()
    # 7 on the generated projects; DWP-11, just imported from its plan, has no status report or charter yet;
    # the failing schedule health checks are counted apart, one warning each (DWP-08's plan fails eight)
    from pmokit.workbooks.loader import load_portfolio
    from pmokit.workbooks.schedule_health import RULE
    from pmokit.workbooks.validate import warnings

    health = [w for w in warnings(load_portfolio(sample_path())) if w.rule == RULE]
    assert len(health) > 8
    said = f"0 error(s), 9 governance warning(s), {len(health)} failing schedule health check(s)"
    assert said in " ".join(out.split())
    assert f"Wrote {deck}" in out  # one line, whole path: copy-pasteable
    assert sample_path().read_bytes() == before  # the workbook read is never changed
