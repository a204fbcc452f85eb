"""The blank standard workbook ``pmokit new`` writes: every table, dropdown and format, no data."""

from __future__ import annotations

from pathlib import Path

from pmokit.workbooks.writer import write_workbook


def write_blank_workbook(path: str | Path, *, replace: bool = True) -> Path:
    """Write an empty standard PMO workbook to fill in: the same tables, dropdowns and RAG colours
    as the sample, with one blank row per table. Replaces ``path`` if it exists, unless
    ``replace`` is false (``pmokit new`` without ``--force``): then an existing file is an
    :class:`~pmokit.workbooks.errors.OutputError`. Returns the path written."""
    return write_workbook(None, path, examples=False, replace=replace)
