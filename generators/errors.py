"""Errors from the templates a generator fills, for people to read.

Workbook and output errors live with the data layer, in :mod:`pmokit.workbooks.errors`.
"""

from __future__ import annotations

from pathlib import Path

from pmokit.addin.errors import PmoError


class TemplateError(PmoError):
    """A template lacks something the generator needs, or holds a broken tag."""

    exit_code = 1

    def __init__(self, template: str | Path, problem: str, tag: str = "") -> None:
        self.template = str(template)
        self.tag = tag
        self.problem = problem
        where = f"{Path(self.template).name}"
        if tag:
            where += f" (tag {tag})"
        super().__init__(f"template {where}: {problem}")
