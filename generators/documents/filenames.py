"""Safe and distinct file names for generated documents, from a project's ID and name.

Safe: the name must be legal on every file system pmokit's users save to (Windows is the
strictest): no path separators, none of ``< > : " / \\ | ? *``, no control characters, no
invisible characters (bidi controls that make ``gpj.exe`` read backwards, zero-width spaces), no
trailing dot or space, not a reserved device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or
without an extension), and short enough for Windows' 260-character paths. Whatever the workbook
says, the file lands inside the output folder.

Distinct: two projects never get the same file, so one charter can never replace another. The
name starts with the project ID exactly as typed when the ID is *plain* — it survives the rules
above unchanged, has no space or ``~``, is at most :data:`MAX_ID` characters — so two plain IDs
give two names. Any other ID (``P/01`` and ``P_01`` both become ``P_01``; ``Café`` typed with a
combining accent; a long ID cut short) is followed by ``~`` and a hash of the exact ID, and since
a plain ID has no ``~`` the two kinds cannot meet. Names that would still clash where case or
Unicode normal form does not count (Windows, macOS) are found before anything is written
(:func:`document_paths`, comparing casefolded NFC names) and given the hash too.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from pmokit.workbooks.errors import OutputError

MAX_STEM = 120
MAX_ID = 40
HASH_DIGITS = 10
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")
}


def _visible(text: str) -> str:
    """NFC, without format characters (category Cf: bidi controls, zero-width spaces and joiners,
    soft hyphens, byte-order marks) or lone surrogates."""
    text = unicodedata.normalize("NFC", text.encode("utf-8", "replace").decode("utf-8"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _component(text: str) -> str:
    part = re.sub(r"\s+", " ", _visible(text))
    part = _FORBIDDEN.sub("_", part).strip(" .")
    return part.lstrip(".")  # no hidden files, no ".."


def safe_stem(text: str) -> str:
    """The text made into a file name stem every file system accepts (never empty)."""
    stem = _component(text)[:MAX_STEM].rstrip(" .")
    if not stem:
        return "project"
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = f"_{stem}"
    return stem


def _is_plain(project_id: str) -> bool:
    return (project_id == safe_stem(project_id) and len(project_id) <= MAX_ID
            and "~" not in project_id and not any(ch.isspace() for ch in project_id))


def id_token(project_id: str, *, hashed: bool = False) -> str:
    """The start of a project's file names: the ID itself when plain, else its safe form cut to
    :data:`MAX_ID` and ``~`` with a hash of the exact ID (always, with ``hashed``)."""
    if not hashed and _is_plain(project_id):
        return project_id
    digest = hashlib.sha256(project_id.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_DIGITS]
    base = re.sub(r"\s", "_", _component(project_id))[:MAX_ID].rstrip(" ._")
    return f"{base}~{digest}" if base else f"project~{digest}"


def _stem(project_id: str, name: str, hashed: bool = False) -> str:
    token = id_token(project_id, hashed=hashed)
    rest = _component(name)
    stem = f"{token} {rest}" if rest else token
    return stem[:MAX_STEM].rstrip(" .")


def _inside(folder: Path, file_name: str) -> Path:
    """``folder / file_name``, the name itself not resolved: a symbolic link of that name is
    replaced as a link when the document is written, never followed out of the folder."""
    target = folder / file_name
    if target.parent.resolve() != folder or file_name in (".", "..") or Path(file_name).name != file_name:
        raise OutputError(target, f"the file name would leave the output folder {folder}")  # the last line of defence
    return target


def document_path(out_dir: str | Path, project_id: str, name: str, kind: str) -> Path:
    """``out_dir/<ID> <name> - <kind>.docx``, made safe and checked to stay inside ``out_dir``."""
    folder = Path(out_dir).expanduser().resolve()
    return _inside(folder, f"{_stem(project_id, name)} - {kind}.docx")


def document_paths(out_dir: str | Path, projects: Sequence[tuple[str, str]], kind: str) -> list[Path]:
    """The paths of ``kind`` documents for (ID, name) pairs, one each and all distinct even where
    case and Unicode normal form do not count; in the order given."""
    folder = Path(out_dir).expanduser().resolve()
    taken: set[str] = set()
    paths = []
    for project_id, name in projects:
        file_name = f"{_stem(project_id, name)} - {kind}.docx"
        if _key(file_name) in taken:
            file_name = f"{_stem(project_id, name, hashed=True)} - {kind}.docx"
            n = 2
            while _key(file_name) in taken:  # only for IDs that are the same string twice
                file_name = f"{_stem(project_id, name, hashed=True)} ({n}) - {kind}.docx"
                n += 1
        taken.add(_key(file_name))
        paths.append(_inside(folder, file_name))
    return paths


def _key(file_name: str) -> str:
    return unicodedata.normalize("NFC", file_name).casefold()
