"""What every ``pmokit`` command and command group shares, so a new one cannot miss it.

:func:`typer_app` makes a command group with plain help (no rich markup read from help texts,
flags shown without a type) and ``-h`` beside ``--help``; :data:`ForceOpt` is the one ``--force``
every writer takes (no command replaces an existing file without it).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

SETTINGS: dict[str, Any] = {
    "rich_markup_mode": None,  # plain help: flags without a type, nothing in a help text read as markup
    "context_settings": {"help_option_names": ["-h", "--help"]},
}

ForceOpt = Annotated[bool, typer.Option("--force", help="Replace files that exist (refused without it).")]


def typer_app(**options: Any) -> typer.Typer:
    """A command group with pmokit's settings (:data:`SETTINGS`), ``options`` added."""
    return typer.Typer(**SETTINGS, **options)
