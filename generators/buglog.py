"""The log an internal error's details go to: per user, opened safely, and never itself a failure.

The log used to be one fixed name in the shared temp folder: another user's log there made the
error handler raise, and a planted symlink was followed. Now it lives in the user's own folder
for logs (``%LOCALAPPDATA%\\pmokit\\Logs`` on Windows, ``~/Library/Logs/pmokit`` on macOS,
``$XDG_STATE_HOME/pmokit`` or ``~/.local/state/pmokit`` elsewhere), created private (0700), and
the file is opened without following a symlink (``O_NOFOLLOW``) and created 0600: tracebacks
hold paths and cell text. Any failure to log is swallowed: :func:`log_bug` returns ``None`` and
the caller says the details could not be saved.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path

LOG_NAME = "pmokit-error.log"
MAX_BYTES = 1_000_000  # past this the log starts again (it holds the latest problems, not history)


def log_folder() -> Path:
    """The per-user folder pmokit's error log lives in."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "pmokit" / "Logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / "pmokit"
    state = os.environ.get("XDG_STATE_HOME", "")
    base = Path(state) if os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / "pmokit"


def log_bug(command: list[str]) -> Path | None:
    """Append the exception being handled, with the command line, to the log; its path, or
    ``None`` when it could not be written. Never raises."""
    return append(log_folder() / LOG_NAME, f"pmokit {' '.join(command)}")


def append(path: Path, heading: str, details: bool = True) -> Path | None:
    """Append a dated ``heading`` and (with ``details``) the traceback of the exception being
    handled to the log at ``path``; the path, or ``None`` when it could not be written. Never raises."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = (os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_NONBLOCK", 0))  # a FIFO planted there fails instead of hanging
        try:
            if os.lstat(path).st_size > MAX_BYTES:
                flags |= os.O_TRUNC
                flags &= ~os.O_APPEND
        except OSError:
            pass
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as f:
            f.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} {heading}\n")
            if details:
                f.write(f"{traceback.format_exc()}\n")
        return path
    except Exception:  # noqa: BLE001 - the error handler must not fail in its turn
        return None
