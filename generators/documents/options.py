"""The options of the charter and plan generators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pmokit.generators.analysis import DEFAULT_ITERATIONS, DEFAULT_SEED


@dataclass(frozen=True)
class DocumentOptions:
    """How to write charters and plans.

    ``template``: the PMO's own Word template (default: pmokit's ``templates/charter.docx`` or
    ``plan.docx``). ``version``: the document version shown in the header. ``as_of``: the date the
    documents speak for (default: the workbook's latest status date). ``currency``: the symbol put
    before money. ``gantt_rows``: the most tasks the Gantt picture shows (beyond it, the critical
    path and milestones). ``seed`` and ``iterations``: the Monte Carlo run behind P50 / P80.
    """

    template: Path | None = None
    version: str = "1.0"
    as_of: dt.date | None = None
    currency: str = ""
    gantt_rows: int = 40
    seed: int = DEFAULT_SEED
    iterations: int = DEFAULT_ITERATIONS
