"""Importing a 5,000-task Microsoft Project XML file: pmokit's import vs a plain ``xml.etree`` walk.

The plan is written by pmokit's own exporter from a generated project (chained links with lags,
three-point estimates, resources, dates). pmokit parses it safely (lxml, no entities), turns it into
workbook rows (durations, links, dates by the working-day rules, estimates, milestones, resources,
calendar) and runs the workbook's cross-row checks on them (duplicate IDs, references, cycles).
The baseline only parses the file with ``xml.etree.ElementTree`` and collects each task's fields
into a dict, which is the floor any importer pays. Writing the rows into a workbook (openpyxl) is
not part of either.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from benchmarks.bench_loader import big_portfolio
from benchmarks.timing import Result, best_of

TASKS = 5_000
NS = "{http://schemas.microsoft.com/project}"


def plain_walk(path: Path) -> list[dict[str, object]]:
    """Every task's fields as text, its predecessors' UIDs in a list: the floor."""
    tasks = []
    for task in ElementTree.parse(path).getroot().iter(f"{NS}Task"):
        fields: dict[str, object] = {}
        links = []
        for child in task:
            if child.tag == f"{NS}PredecessorLink":
                links.append(child.findtext(f"{NS}PredecessorUID"))
            else:
                fields[child.tag[len(NS):]] = child.text
        fields["links"] = links
        tasks.append(fields)
    return tasks


def benchmarks() -> Iterator[Result]:
    from pmokit.workbooks.checks import check_portfolio
    from pmokit.workbooks.model import Calendar, Holiday, Portfolio
    from pmokit.workbooks.mspdi import read_mspdi
    from pmokit.workbooks.mspdi_write import mspdi_bytes
    from pmokit.workbooks.plan_import import plan_rows

    portfolio = big_portfolio(TASKS, 1)

    def import_plan(path: Path) -> Portfolio:
        rows = plan_rows(read_mspdi(path), "P00")
        imported = Portfolio(projects=(rows.project,), tasks=tuple(rows.tasks), resources=tuple(rows.resources),
                             milestones=tuple(rows.milestones),
                             calendar=Calendar(tuple(Holiday(d, n) for d, n in rows.calendar.holidays.items())))
        assert check_portfolio(imported) == []
        return imported

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.xml"
        path.write_bytes(mspdi_bytes(portfolio, "P00"))
        size = path.stat().st_size / 1e6
        ours = theirs = float("inf")
        for _ in range(2):  # alternate, so a busy moment on a shared machine hits both sides alike
            ours = min(ours, best_of(lambda: import_plan(path), 1))
            theirs = min(theirs, best_of(lambda: plain_walk(path), 1))
        assert len(import_plan(path).tasks) == TASKS and len(plain_walk(path)) == TASKS + 1
    yield Result(f"import {TASKS:,}-task MSPDI plan", ours, theirs, "xml.etree walk collecting task fields",
                 note=f"{size:.1f} MB; pmokit also converts every field and checks IDs, links and cycles; "
                      "aim: ratio ≥ 0.33 (within 3×)")
