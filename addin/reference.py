"""The README's table of Excel functions, written from the functions' own metadata.

Each ``PMO_*`` function carries its wizard description (docstring), its arguments' help
(``Annotated`` metadata) and a paste-ready example (``function.example``); this module turns them
into the section between ``<!-- functions:start … -->`` and ``<!-- functions:end -->`` so the
README never drifts from the code. Run ``python -m pmokit.addin.reference`` to rewrite it.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, get_type_hints

from pmokit.addin import functions, udf, udf_estimating, udf_scheduling, udf_variance

START = "<!-- functions:start"
END = "<!-- functions:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"
GROUPS: tuple[tuple[str, ModuleType], ...] = (
    ("Estimating and risk", udf_estimating),
    ("Scheduling and resource loading", udf_scheduling),
    ("Variance", udf_variance),
)


def signature(function: Callable[..., Any]) -> str:
    """The call as the README shows it: ``PMO_MC(optimistic, …, [iterations], …)``."""
    parts = [p.name if p.default is inspect.Parameter.empty else f"[{p.name}]"
             for p in inspect.signature(function).parameters.values()]
    return f"{function.__name__}({', '.join(parts)})"


def argument_help(function: Callable[..., Any]) -> list[tuple[str, str]]:
    """Each argument's name and its function-wizard help."""
    hints = get_type_hints(function, include_extras=True)
    out = []
    for name in inspect.signature(function).parameters:
        metadata: tuple[dict[str, object], ...] = getattr(hints.get(name), "__metadata__", ({},))
        out.append((name, str(metadata[0].get("doc", ""))))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def function_table() -> str:
    """The whole generated section: one table per group of functions, then the argument help."""
    lines = [
        "Type these into a cell like any Excel function (Excel 365 spills columns and tables "
        "by itself). Every argument may be a cell or a column of a range; [bracketed] arguments "
        "are optional. Rows blank in every column (a range sized past the data) answer blank. "
        "Bad input answers with a short message naming the function and the row or id "
        "(`PMO_PERT: optimistic row 3: …`); a zero divisor answers `#DIV/0!` and an error cell "
        "in the input comes back as that error. Through the Office.js route (xlwings Lite or "
        "xlwings Server: Excel on the web, Mac and Windows) these are real Excel error values, "
        "and bad input is `#VALUE!` with the message in the cell's error flag; through the "
        "classic Windows add-in they are text, since xlwings' classic add-in cannot return a "
        "real error value. Simulations without a seed use the fixed seed "
        f"{udf.DEFAULT_SEED}, so a sheet shows the same answer on every recalculation.",
        "",
    ]
    exported = set(functions.__all__)
    for title, group in GROUPS:
        lines += [f"### {title}", "", "| Function | What it answers | Example |", "|---|---|---|"]
        for name in [n for n in functions.__all__ if hasattr(group, n) and n in exported]:
            function = getattr(functions, name)
            lines.append(f"| `{_cell(signature(function))}` | {_cell(function.__doc__ or '')} "
                         f"| `{_cell(function.example)}` |")
        lines.append("")
    lines += ["<details><summary>Every argument, as the function wizard explains it</summary>",
              ""]
    for name in functions.__all__:
        function = getattr(functions, name)
        lines.append(f"- **{name}**")
        lines += [f"  - `{arg}`: {text}" for arg, text in argument_help(function)]
    lines += ["", "</details>"]
    return "\n".join(lines)


def render(readme: str) -> str:
    """``readme`` with the generated section between the functions markers replaced."""
    start = readme.index(START)
    body = readme.index("\n", start) + 1
    end = readme.index(END, body)
    return readme[:body] + function_table() + "\n" + readme[end:]


def main(path: Path = README) -> int:
    """Rewrite the README's function table; print whether it changed."""
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    print(f"{path}: function table {'updated' if new != text else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
