"""``pmokit lite``: what an analyst pastes into xlwings Lite to get the PMO_* functions in Excel
on the web, on Mac and on Windows, with no Python installed.

xlwings Lite (an Office add-in, free in the add-in store) runs Python in the browser through
Pyodide and keeps a workbook's code in the workbook: a ``main.py`` and a ``requirements.txt``
edited in its task pane (lite.xlwings.org: Custom Functions, Python Dependencies). Custom
functions are those ``main.py`` holds, registered with xlwings' decorators, which pmokit's
functions already carry (:mod:`pmokit.addin.udf`). pmokit is not on PyPI, so the functions
travel as a wheel of ``pmokit.addin`` (the calculation core and the Excel surface, nothing that
builds documents), in one of two ways:

* **embedded** (the default): ``main.py`` carries the wheel itself, base64-encoded, writes it
  into Pyodide's in-memory file system and imports from it (``zipimport``: a pure-Python wheel is
  a zip with the packages at its root). Nothing to host; the workbook carries everything.
* **by URL** (``wheel_url``): ``requirements.txt`` names the wheel's address and Lite's
  installer (micropip) fetches it; the server must allow cross-origin requests (CORS), as Lite's
  Limitations page says of every web request. ``main.py`` is then one import.

Either way ``requirements.txt`` asks for NumPy and SciPy, which Pyodide builds itself (unpinned:
Lite ties their versions to its Pyodide). Numba and python-calamine are not needed: the sampler
runs its NumPy path without Numba, and only the workbook loader reads files with calamine.

Stages: build the wheel → write ``main.py``, ``requirements.txt`` and a README (with the PMO_*
functions the workbook calls, if one is given) → each file written atomically.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pmokit.addin
from pmokit.workbooks.errors import Problem, WorkbookError
from pmokit.workbooks.loader import _open_problem  # the loader's check: one wording everywhere
from pmokit.workbooks.output import note_input, refuse_existing, write_atomically

DISTRIBUTION = "pmokit_functions"
#: Modules of ``pmokit.addin`` that build the classic add-in file or this README's tables, not
#: used by any function: left out of the wheel.
BUILD_ONLY = frozenset({"build_xlam", "cfb", "ovba", "reference"})
#: What Lite installs from Pyodide's own builds before pmokit's functions import.
REQUIREMENTS = ("numpy", "scipy")
#: A fixed timestamp for every file in the wheel, so the same sources give the same bytes.
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FORMULA_NAME = re.compile(r"\bPMO_[A-Z0-9_]+(?=\s*\()", re.IGNORECASE)


@dataclass(frozen=True)
class LiteOptions:
    """``wheel_url``: where the PMO serves the wheel (a folder ending in ``/`` or the wheel's own
    address); None embeds the wheel in ``main.py`` instead."""

    wheel_url: str | None = None


@dataclass(frozen=True)
class FormulaUse:
    """The PMO_* functions a workbook's formulas call: name → (cells, first cell)."""

    calls: dict[str, tuple[int, str]] = field(default_factory=dict)

    @property
    def unknown(self) -> list[str]:
        """Names that look like pmokit's but that pmokit does not provide (typos, say)."""
        from pmokit.addin.functions import __all__ as provided

        return sorted(name for name in self.calls if name not in provided)


def version() -> str:
    """pmokit's version, as installed."""
    return metadata.version("pmokit")


def wheel_name() -> str:
    return f"{DISTRIBUTION}-{version()}-py3-none-any.whl"


def build_wheel() -> bytes:
    """A pure-Python wheel of ``pmokit.addin`` (the ``pmokit`` namespace package with it).

    Built by hand from the source files rather than by running a build backend: a wheel is a zip
    with a ``.dist-info`` folder (PyPA binary distribution format), and writing it directly takes
    milliseconds, needs no network or build isolation and gives the same bytes for the same
    sources.
    """
    folder = Path(pmokit.addin.__file__).parent
    files: dict[str, bytes] = {
        f"pmokit/addin/{path.name}": path.read_bytes()
        for path in sorted(folder.glob("*.py")) if path.stem not in BUILD_ONLY
    }
    info = f"{DISTRIBUTION}-{version()}.dist-info"
    files[f"{info}/METADATA"] = _metadata().encode()
    files[f"{info}/WHEEL"] = ("Wheel-Version: 1.0\nGenerator: pmokit lite\n"
                              "Root-Is-Purelib: true\nTag: py3-none-any\n").encode()
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # Folder entries too: zipimport finds the namespace package ``pmokit`` (no __init__)
        # only through them, and main.py imports straight from the zip.
        for folder_name in ("pmokit/", "pmokit/addin/"):
            archive.writestr(zipfile.ZipInfo(folder_name, ZIP_TIME), b"")
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, ZIP_TIME)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return buffer.getvalue()


def _metadata() -> str:
    return "\n".join([
        "Metadata-Version: 2.1", f"Name: {DISTRIBUTION}", f"Version: {version()}",
        "Summary: pmokit's PMO_* Excel functions and their calculation core, for xlwings Lite",
        "License: BSD-3-Clause", "Requires-Python: >=3.11",
        *[f"Requires-Dist: {name}" for name in REQUIREMENTS], "",
    ])


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_address(options: LiteOptions) -> str | None:
    """The wheel's full URL for ``requirements.txt``, or None when it is embedded."""
    url = options.wheel_url
    if url is None:
        return None
    return url + wheel_name() if url.endswith("/") else url


def requirements_txt(options: LiteOptions) -> str:
    """The requirements.txt tab: Pyodide's NumPy and SciPy, then the wheel's URL if it has one."""
    address = wheel_address(options)
    return "\n".join([*REQUIREMENTS, *([address] if address else [])]) + "\n"


MAIN_HEADER = '''\
"""pmokit's PMO_* functions for xlwings Lite (written by `pmokit lite`, pmokit {version}).

Keep this at the top of main.py; your own functions and scripts can follow it. Type
=PMO_PERT(2, 4, 12) in a cell: it shows 5.
"""
'''

MAIN_EMBEDDED = '''\
import base64
import pathlib
import sys
import tempfile

# pmokit's functions as a wheel (a zip of Python files), imported straight from the zip; the
# file is named for its contents, so an updated main.py never reuses an older copy.
_WHEEL = pathlib.Path(tempfile.gettempdir(), "{wheel}")
if "pmokit.addin.functions" not in sys.modules:
    if not _WHEEL.exists():
        _WHEEL.write_bytes(base64.b64decode(
{chunks}
        ))
    if str(_WHEEL) not in sys.path:
        sys.path.insert(0, str(_WHEEL))

from pmokit.addin.functions import *  # noqa: E402,F401,F403  (registers every PMO_* function)
'''

MAIN_BY_URL = '''\
# requirements.txt installs pmokit's functions from {address}.
from pmokit.addin.functions import *  # noqa: F401,F403  (registers every PMO_* function)
'''


def main_py(options: LiteOptions, wheel: bytes) -> str:
    """The main.py tab: the functions imported into main.py's namespace, where Lite looks."""
    head = MAIN_HEADER.format(version=version())
    address = wheel_address(options)
    if address is not None:
        return head + "\n" + MAIN_BY_URL.format(address=address)
    text = base64.b64encode(wheel).decode()
    chunks = "\n".join(f'            "{text[i:i + 88]}"' for i in range(0, len(text), 88))
    stored = f"{DISTRIBUTION}-{version()}-{hashlib.sha256(wheel).hexdigest()[:12]}.whl"
    return head + "\n" + MAIN_EMBEDDED.format(wheel=stored, chunks=chunks)


def formula_use(workbook: Path) -> FormulaUse:
    """The PMO_* functions the workbook's formulas call (read only; the file is not changed)."""
    import openpyxl
    from openpyxl.worksheet.formula import ArrayFormula

    problem = _open_problem(workbook)
    if problem:
        raise WorkbookError([Problem(workbook.name, "", problem)], source=str(workbook))
    note_input(workbook)
    try:
        book = openpyxl.load_workbook(workbook, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise WorkbookError([Problem(workbook.name, "", f"cannot be read ({exc})")],
                            source=str(workbook)) from None
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) != "f":
                        continue
                    text = cell.value.text if isinstance(cell.value, ArrayFormula) else cell.value
                    for name in {n.upper() for n in FORMULA_NAME.findall(str(text))}:
                        counts[name] += 1
                        first.setdefault(name, f"{sheet.title}!{cell.coordinate}")
    finally:
        book.close()
    return FormulaUse({name: (counts[name], first[name]) for name in sorted(counts)})


def readme(options: LiteOptions, workbook: Path | None, use: FormulaUse | None) -> str:
    """The README beside the files: the steps in the Lite editor, and what the workbook calls."""
    address = wheel_address(options)
    host = (f"Put `{wheel_name()}` at {address} first; the server must allow cross-origin "
            "requests (CORS) from the xlwings Lite add-in, or the install fails with a network "
            "error (lite.xlwings.org, Limitations and Web API Requests)."
            if address else
            "`main.py` carries pmokit's functions itself (the wheel, base64-encoded), so there "
            "is nothing to host: the workbook carries everything once saved.")
    lines = [
        "# pmokit's Excel functions in xlwings Lite", "",
        "xlwings Lite runs Python inside Excel (Windows, Mac and Excel on the web) with nothing "
        "installed but the add-in, and keeps the code in the workbook.", "",
        "1. In Excel: Home › Add-ins, search for **xlwings Lite** and add it (free).",
        f"2. Open {'`' + workbook.name + '`' if workbook else 'your workbook'} and click "
        "**xlwings Lite** on the Home tab.",
        "3. In the **requirements.txt** tab, paste `requirements.txt` from this folder. Lite "
        "installs NumPy and SciPy (the output pane shows it).",
        "4. In the **main.py** tab, paste `main.py` from this folder at the top (it may replace "
        "the sample code).",
        "5. Type `=PMO_PERT(2, 4, 12)` in a cell: it shows `5`. Then save the workbook: the code "
        "is stored in it.", "",
        host, "",
        "Bad input shows `#VALUE!`; point at the cell's error flag to read the message "
        "(`PMO_PERT: optimistic row 3: …`). An error cell in the input comes back as the same "
        "error, a zero divisor as `#DIV/0!`. Dates come back formatted as dates.", "",
        f"The wheel `{wheel_name()}` is pmokit {version()}'s `pmokit.addin`: the calculation "
        "core and the Excel functions, no document generators. Simulations run on NumPy there "
        "(Pyodide has no Numba): the same numbers as with Numba, only slower.",
    ]
    if use is not None and workbook is not None:
        lines += ["", f"## What `{workbook.name}` calls", ""]
        if not use.calls:
            lines.append("No formula in it calls a PMO_* function yet.")
        for name, (count, cell) in use.calls.items():
            note = " — **not a pmokit function**: check the name" if name in use.unknown else ""
            lines.append(f"- `{name}`: {count} cell{'s' if count != 1 else ''}, first "
                         f"`{cell}`{note}")
    return "\n".join(lines) + "\n"


def write_lite(output: Path, workbook: Path | None = None,
               options: LiteOptions = LiteOptions(), *, replace: bool = True) -> list[Path]:
    """Write ``main.py``, ``requirements.txt``, the wheel and ``README.md`` into ``output``.

    Returns the paths written. A workbook given is only read, to list the PMO_* functions it
    calls; a problem with it is a :class:`WorkbookError` before anything is written. With
    ``replace=False`` files already in ``output`` are refused by name before any is written (an
    :class:`~pmokit.workbooks.errors.OutputError`), so the folder never holds half a new set.
    """
    if not replace:
        refuse_existing([output / name for name in ("main.py", "requirements.txt", "README.md", wheel_name())])
    use = formula_use(workbook) if workbook is not None else None
    wheel = build_wheel()
    texts = {
        "main.py": main_py(options, wheel),
        "requirements.txt": requirements_txt(options),
        "README.md": readme(options, workbook, use),
    }
    files = {wheel_name(): wheel, **{name: text.encode() for name, text in texts.items()}}
    return [write_atomically(output / name, functools.partial(_write, data), replace=replace)
            for name, data in files.items()]


def _write(data: bytes, path: Path) -> None:
    path.write_bytes(data)
