"""The ``pmokit`` command under hostile text, faults and signals (issue 9): text is printed as
text, a full disk and an interrupt are said plainly and truthfully, and the bug log never fails."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pmokit.workbooks.writer import write_workbook
from pmokit_cli import run as _run
from workbook_factory import edit, small_portfolio

FAST = ["--as-of", "2026-11-27"]




@pytest.fixture(scope="module")
def standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(small_portfolio(), tmp_path_factory.mktemp("f") / "portfolio.xlsx")


def _edited(standard: Path, tmp_path: Path, changes: dict[str, object], name: str = "edited.xlsx") -> Path:
    return edit(Path(shutil.copy(standard, tmp_path / name)), changes)


MARKUP = {"Milestones!B3": "[bold red]Go[/] live [/x]", "Risks!A2": "[/]", "Projects!B2": "[link=file:///etc]CRM[/link]"}


def test_text_that_looks_like_markup_is_printed_as_it_is(capsys: pytest.CaptureFixture[str], standard: Path,
                                                          tmp_path: Path) -> None:
    """Square brackets in cells crashed validate and deck inside rich's markup parser."""
    path = _edited(standard, tmp_path, MARKUP, name="[red]pmo[x].xlsx")
    code, out, err = _run(["validate", str(path), *FAST], capsys)
    assert code == 1 and "Traceback" not in err and "internal error" not in err
    assert "Risks!A2" in out and "project [/] is not on the Projects sheet" in out
    assert out.startswith("[red]pmo[x].xlsx: 1 error(s)")
    fixed = _edited(standard, tmp_path, {k: v for k, v in MARKUP.items() if k != "Risks!A2"}, name="[b]ok[i].xlsx")
    code, out, err = _run(["deck", str(fixed), "-o", str(tmp_path / "[x] deck.pptx"), *FAST], capsys)
    assert code == 0, err
    assert f"Wrote {tmp_path / '[x] deck.pptx'}" in out


def test_control_characters_in_cells_reach_no_terminal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An escape sequence in a cell (Excel stores it as _x001B_) must not retitle the terminal."""
    import dataclasses

    portfolio = small_portfolio()
    risk = dataclasses.replace(portfolio.risks[0], project_id="P9\x1b]0;owned\x07")
    path = write_workbook(dataclasses.replace(portfolio, risks=(risk, *portfolio.risks[1:])), tmp_path / "esc.xlsx")
    code, out, _ = _run(["validate", str(path), *FAST], capsys)
    assert code == 1 and "\x1b" not in out and "\\x1b]0;owned\\x07" in out


def test_a_full_disk_while_saving_a_deck_is_said_and_leaves_nothing(capsys: pytest.CaptureFixture[str],
                                                                    standard: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection at the zip writer python-pptx saves through: ENOSPC halfway."""
    real = zipfile.ZipFile.writestr
    count = {"n": 0}

    def writestr(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        count["n"] += 1 if self.filename else 0  # the deck's file, not a chart's in-memory workbook
        if count["n"] > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    target = tmp_path / "deck.pptx"
    code, _, err = _run(["deck", str(standard), "-o", str(target), *FAST], capsys)
    flat = " ".join(err.split())
    assert code == 1 and f"cannot write {target}: the disk is full" in flat and "internal error" not in flat
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_error_after_some_files_were_written_says_which(capsys: pytest.CaptureFixture[str], standard: Path,
                                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``charter --all`` stopped at a later project used to say nothing about the earlier files."""
    from pmokit.generators.documents import writer
    from pmokit.generators.errors import TemplateError

    real = writer.render_charter

    def fail_on_p02(portfolio, figures, *args, **kwargs):  # type: ignore[no-untyped-def]
        if figures.project.project_id == "P02":
            raise TemplateError("charter.docx", "simulated failure")
        return real(portfolio, figures, *args, **kwargs)

    monkeypatch.setattr(writer, "render_charter", fail_on_p02)
    code, _, err = _run(["charter", str(standard), "--all", "-o", str(tmp_path)], capsys)
    (written,) = tmp_path.iterdir()
    assert code == 1 and f"Written before the error: {written}" in " ".join(err.split())


SLOW_SAVE = """
import sys, time, pptx.presentation
def save(self, path):
    with open(path, "wb") as f:
        f.write(b"PK half a deck")
        f.flush()
        time.sleep(60)
pptx.presentation.Presentation.save = save
from pmokit.generators.cli import main
main(sys.argv[1:])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_save_leaves_nothing_and_says_so(standard: Path, tmp_path: Path, signum: int) -> None:
    """SIGTERM killed pmokit mid-save with its temporary file left behind; Ctrl-C's "Interrupted;
    nothing was written." never appeared (click turned it into a silent Abort)."""
    target = tmp_path / "out" / "deck.pptx"
    target.parent.mkdir()
    target.write_bytes(b"last month's deck")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_SAVE, "deck", str(standard), "-o", str(target), "--force",
                             "--as-of", "2026-11-27"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while time.time() < deadline and not [p for p in target.parent.iterdir() if p.name.startswith(".~")]:
        time.sleep(0.2)
    time.sleep(0.5)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Interrupted; nothing was written." in err and "Traceback" not in err
    assert sorted(p.name for p in target.parent.iterdir()) == ["deck.pptx"]
    assert target.read_bytes() == b"last month's deck"


def test_the_bug_log_is_per_user_and_private(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import pmokit.generators.deck

    monkeypatch.setattr(pmokit.generators.deck, "write_deck", _broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    code, _, err = _run(["deck", "-o", str(tmp_path / "d.pptx")], capsys)
    log = tmp_path / "state" / "pmokit" / "pmokit-error.log"
    assert code == 3 and str(log) in " ".join(err.split()).replace(" ", "") or str(log) in err
    assert oct(log.stat().st_mode & 0o777) == "0o600" and oct(log.parent.stat().st_mode & 0o777) == "0o700"


def _broken(*args: object, **kwargs: object) -> Path:
    raise RuntimeError("simulated bug")


@pytest.mark.parametrize("plant", ["symlink", "folder", "fifo"])
def test_a_planted_or_foreign_log_never_breaks_the_error_handler(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch, plant: str) -> None:
    """Another user's log (here: something that cannot be opened for writing) made the handler
    itself raise; a symlink planted at the log's name was followed and its target appended to."""
    import pmokit.generators.deck

    monkeypatch.setattr(pmokit.generators.deck, "write_deck", _broken)
    for variable in ("XDG_STATE_HOME",):
        monkeypatch.setenv(variable, str(tmp_path / "state"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "state" / "pmokit"))  # where the old log lived
    log = tmp_path / "state" / "pmokit" / "pmokit-error.log"
    log.parent.mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    if plant == "symlink":
        log.symlink_to(victim)
    elif plant == "folder":
        log.mkdir()
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("FIFOs are POSIX")
        os.mkfifo(log)
    code, _, err = _run(["deck", "-o", str(tmp_path / "d.pptx")], capsys)
    assert code == 3 and "Traceback" not in err
    assert "RuntimeError: simulated bug" in err and "could not be saved to a log file" in err
    assert victim.read_text() == "do not touch"
