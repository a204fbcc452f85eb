"""Writing files atomically: a generated file appears whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from pmokit.workbooks.errors import OutputError


def write_atomically(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` to produce the file at a temporary path beside ``path``, then move it
    into place in one step. On any error the temporary file is removed and an existing ``path``
    is left untouched. Returns the final path.

    Permission and sharing errors (a deck open in PowerPoint on Windows, a read-only folder)
    become an :class:`OutputError` that says so.
    """
    target = Path(path).expanduser().resolve()
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(target, f"cannot create folder {folder} ({exc.strerror})") from None
    with _temporary_beside(target) as tmp:
        write(tmp)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(target, _explain(exc)) from None
    return target


@contextlib.contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    try:
        fd, name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise OutputError(target, _explain(exc)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _explain(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied — is the file open in another program, or the folder read-only?"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or str(exc)
