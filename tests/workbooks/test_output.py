"""Writing files (issue 9, faults): whole or not at all, with the user's umask, never replacing
without consent, a full disk said plainly, and the leftovers of a killed run cleaned up."""

from __future__ import annotations

import errno
import os
import stat
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmokit.workbooks import output
from pmokit.workbooks.errors import OutputError
from pmokit.workbooks.output import write_atomically


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~"))


@pytest.mark.usefixtures("umask")
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path) -> None:
    """Every file used to be 0600 (mkstemp's mode): colleagues on a shared folder could not open
    the deck. Under umask 022 a new file is 0644, under 027 it is 0640."""
    written = write_atomically(tmp_path / "deck.pptx", lambda tmp: tmp.write_bytes(b"deck"))
    assert _mode(written) == 0o644
    os.umask(0o027)
    assert _mode(write_atomically(tmp_path / "plan.docx", lambda tmp: tmp.write_bytes(b"plan"))) == 0o640


@pytest.mark.usefixtures("umask")
def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old")
    target.chmod(0o664)
    write_atomically(target, lambda tmp: tmp.write_bytes(b"new"))
    assert target.read_bytes() == b"new" and _mode(target) == 0o664


def test_a_full_disk_is_said_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"last month's deck")

    def fill_the_disk(tmp: Path) -> None:
        tmp.write_bytes(b"PK half a deck")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError) as caught:
        write_atomically(target, fill_the_disk)
    assert "the disk is full" in str(caught.value) and str(target) in str(caught.value)
    assert target.read_bytes() == b"last month's deck"
    assert _leftovers(tmp_path) == []


def test_a_full_disk_found_only_when_flushing_is_said_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With delayed allocation the disk can fill when the data is flushed, after every write
    call succeeded: the flush is part of the write."""
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError, match="the disk is full"):
        write_atomically(tmp_path / "deck.pptx", lambda tmp: tmp.write_bytes(b"deck"))
    assert list(tmp_path.iterdir()) == []


def test_replace_false_never_touches_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "pmo.xlsx"
    target.write_bytes(b"my precious workbook")
    with pytest.raises(OutputError, match="exists; use --force"):
        write_atomically(target, lambda tmp: tmp.write_bytes(b"blank"), replace=False)
    assert target.read_bytes() == b"my precious workbook" and _leftovers(tmp_path) == []


def test_replace_false_loses_no_race_with_a_file_appearing_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "pmo.xlsx"

    def someone_else_writes_first(tmp: Path) -> None:
        tmp.write_bytes(b"blank")
        target.write_bytes(b"theirs")

    with pytest.raises(OutputError, match="exists"):
        write_atomically(target, someone_else_writes_first, replace=False)
    assert target.read_bytes() == b"theirs" and _leftovers(tmp_path) == []


def test_a_file_that_does_not_reopen_is_not_saved(tmp_path: Path) -> None:
    from pmokit.workbooks.output import check_package

    target = tmp_path / "plan.docx"
    target.write_bytes(b"the good plan")

    def broken_document(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document><w:body>unclosed")

    with pytest.raises(OutputError) as caught:
        write_atomically(target, broken_document, check=check_package)
    assert "word/document.xml" in str(caught.value) and "damaged" in str(caught.value)
    assert target.read_bytes() == b"the good plan" and _leftovers(tmp_path) == []


def test_a_killed_run_s_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """SIGKILL or a power cut cannot be caught: the next write into the folder removes the
    temporary files of pmokit runs that no longer exist, and only those."""
    from pmokit.workbooks.output import clean_stale

    dead = 2 ** 22 + 12345  # above Linux's default pid_max: no such process
    stale = tmp_path / f".~deck.pptx.{dead}.0123abcd{output.TEMP_SUFFIX}"
    stale.write_bytes(b"PK half a deck")
    live = tmp_path / f".~plan.docx.{os.getpid()}.89abcdef{output.TEMP_SUFFIX}"
    live.write_bytes(b"being written right now")
    mine = tmp_path / ".~lock.deck.pptx#"  # LibreOffice's, not ours
    mine.write_bytes(b"")
    old = time.time() - 60
    for path in (stale, live, mine):
        os.utime(path, (old, old))
    write_atomically(tmp_path / "deck.pptx", lambda tmp: tmp.write_bytes(b"deck"))
    assert not stale.exists() and live.exists() and mine.exists()
    abandoned = time.time() - 2 * output.ABANDONED_AFTER
    os.utime(live, (abandoned, abandoned))
    assert clean_stale(tmp_path) == [live]


def test_every_file_written_is_recorded(tmp_path: Path) -> None:
    output.forget_written()
    first = write_atomically(tmp_path / "a.docx", lambda tmp: tmp.write_bytes(b"a"))
    with pytest.raises(OutputError):
        write_atomically(tmp_path / "b.docx", lambda tmp: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    assert output.written() == [first]
