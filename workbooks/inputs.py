"""Reading a file someone hands pmokit (a plan, a CSV export): only a regular file, only so much.

A path may name a FIFO or a device (``/dev/zero``, a named pipe): reading one blocks forever or
never ends. A file may be far larger than any real plan. :func:`read_regular` opens without
blocking, checks on the open file (no race between a check and the read) that it is a regular
file within ``limit`` bytes, and reads it; every refusal is one sentence naming the file, raised
as the caller's own error class. The file is only read: pmokit never writes to an input.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pmokit.addin.errors import PmoError
from pmokit.workbooks.output import note_input

MiB = 1024 * 1024
#: The largest plan or CSV export read: a 5,000-task MSPDI plan is 8.1 MB, so this is room for
#: about 150,000 tasks, while a mistaken multi-gigabyte file is refused before it fills memory.
MAX_INPUT_BYTES = 256 * MiB


def read_regular(path: str | Path, error: type[PmoError], *, what: str = "file",
                 limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path``; ``error(message)`` naming it when it is
    missing, a folder, a pipe or device, unreadable, or larger than ``limit`` (default
    :data:`MAX_INPUT_BYTES`)."""
    source = Path(path)
    limit = MAX_INPUT_BYTES if limit is None else limit
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error(f"there is no {what} {source}") from None
    except IsADirectoryError:
        raise error(f"{source} is a folder, not a {what}") from None
    except OSError as exc:
        raise error(f"cannot read {source} ({exc.strerror or exc})") from None
    note_input(source)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{source} is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{source} is not a regular file (a pipe or a device?); give the {what} itself")
        if info.st_size > limit:
            raise error(f"{source.name} is {info.st_size / MiB:,.0f} MB, more than the {limit / MiB:,.0f} MB "
                        f"pmokit reads from a {what}; is it the right file?")
        chunks = []
        size = 0
        while chunk := os.read(fd, MiB):
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise error(f"{source.name} is more than the {limit / MiB:,.0f} MB pmokit reads from a {what}")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read {source} ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
