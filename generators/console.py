"""What the ``pmokit`` command prints: plain text, never parsed as markup.

Workbook cells, file names and messages built from them may hold square brackets
(``[bold]``, ``[/]``, ``[link=…]``), which rich would read as markup: a crash, or a path that is
not the real one. Both consoles here are made with markup, highlighting and emoji codes off, so
everything printed is shown exactly as it is; colour comes only from styles given as arguments.
Control characters (an escape sequence in a cell could clear or retitle the terminal) and bidi
overrides are shown as ``\x1b``-style escapes instead of being sent. When the output is not a
terminal (piped to a file, read by a script) tables become plain lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pmokit.workbooks.errors import Problem

out = Console(markup=False, highlight=False, emoji=False)
err = Console(stderr=True, markup=False, highlight=False, emoji=False)
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with control characters and bidi overrides written as escapes (``\x1b``)."""
    return _UNSHOWN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def say(text: str) -> None:
    """One line to stdout, as it is (long paths are not wrapped, so they can be copied)."""
    out.print(visible(text), soft_wrap=True)


def note(text: str) -> None:
    """One line to stderr for the person at the terminal (not part of a command's output)."""
    err.print(visible(text), soft_wrap=True)


def error(message: str, prefix: str = "Error: ") -> None:
    """An error for a person, on stderr: a red prefix, then the message as it is."""
    err.print(Text.assemble((prefix, "bold red"), visible(message)), soft_wrap=True)


def notice(message: str, prefix: str = "Note: ") -> None:
    """A remark that is part of a command's output, on stdout: a yellow prefix, then the message."""
    out.print(Text.assemble((prefix, "yellow"), visible(message)), soft_wrap=True)


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table on stdout: box-drawn on a terminal, else the title and one plain line a row
    (columns padded), every cell shown as it is."""
    if out.is_terminal:
        grid = Table(*headers, title=Text(visible(title)), title_justify="left")
        for row in rows:
            grid.add_row(*(Text(visible(cell)) for cell in row))
        out.print(grid)
        return
    say(title)
    lines = [list(headers), *(list(row) for row in rows)]
    widths = [max(len(visible(line[j])) for line in lines) for j in range(len(headers))]
    for line in lines:
        say("  " + "  ".join(f"{cell:<{w}}" for cell, w in zip(line, widths)).rstrip())


def warning(message: str) -> None:
    """A warning on stderr: a yellow prefix, then the message as it is."""
    err.print(Text.assemble(("Warning: ", "yellow"), visible(message)), soft_wrap=True)


def problems(title: str, found: Sequence[Problem]) -> None:
    """The problems of a workbook under a title line: a table on a terminal, else plain lines
    ``  error   Tasks!G3   P01  pessimistic 3 is less than most likely 5``."""
    if not found:
        say(title)
        return
    if out.is_terminal:
        table = Table("", "Where", "Project", "Problem", title=Text(visible(title)), title_justify="left")
        for p in found:
            mark = Text(p.severity, style="red" if p.severity == "error" else "yellow")
            table.add_row(mark, Text(visible(p.where)), Text(visible(p.project_id)), Text(visible(p.message)))
        out.print(table)
        return
    say(title)
    where = max(len(p.where) for p in found)  # say() escapes what the columns hold
    project = max(len(p.project_id) for p in found)
    for p in found:
        owner = f"{p.project_id:<{project}}  " if project else ""
        say(f"  {p.severity:<7} {p.where:<{where}}  {owner}{p.message}".rstrip())
