"""Safe file names for generated documents, from a project's ID and name.

The name must be legal on every file system pmokit's users save to (Windows is the strictest):
no path separators, none of ``< > : " / \\ | ? *``, no control characters, no trailing dot or
space, not a reserved device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without an
extension), and short enough for Windows' 260-character paths. Whatever the workbook says, the
file lands inside the output folder.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pmokit.workbooks.errors import OutputError

MAX_STEM = 120
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")
}


def safe_stem(text: str) -> str:
    """The text made into a file name stem every file system accepts (never empty)."""
    stem = unicodedata.normalize("NFC", text)
    stem = re.sub(r"\s+", " ", stem)
    stem = _FORBIDDEN.sub("_", stem).strip(" .")
    stem = stem.lstrip(".")  # no hidden files, no ".."
    stem = stem[:MAX_STEM].rstrip(" .")
    if not stem:
        return "project"
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = f"_{stem}"
    return stem


def document_path(out_dir: str | Path, project_id: str, name: str, kind: str) -> Path:
    """``out_dir/<ID> <name> - <kind>.docx``, made safe and checked to stay inside ``out_dir``."""
    folder = Path(out_dir).expanduser().resolve()
    stem = safe_stem(f"{project_id} {name}".strip())
    target = (folder / f"{stem} - {kind}.docx").resolve()
    if target.parent != folder:  # cannot happen after safe_stem; kept as the last line of defence
        raise OutputError(target, f"the file name would leave the output folder {folder}")
    return target
