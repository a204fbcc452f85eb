"""A plan's WBS table with 2,000 tasks: pmokit's template rendering against python-docx's add_row.

pmokit fills a table the way docxtpl does it: the template's one body row sits inside a Jinja
``{%tr for %}`` loop, so the whole table is produced as one XML string and parsed by lxml once.
The baseline is the plain python-docx way — ``table.add_row()`` and ``cell.text`` row by row —
which deep-copies and re-walks the growing table on every row (``row.cells`` rebuilds the grid).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

from docx import Document

from benchmarks.timing import Result, best_of
from pmokit.generators.documents.rendering import open_template, render
from pmokit.templates.build_word_templates import loop_table, new_document

TASKS = 2_000
HEADERS = ("WBS", "ID", "Task", "Resource", "Days", "Effort (h)", "Start", "Finish")
CELLS = ("{{ t.wbs }}", "{{ t.task_id }}", "{{ t.name }}", "{{ t.resource }}", "{{ t.duration }}",
         "{{ t.effort }}", "{{ t.start }}", "{{ t.finish }}")
WIDTHS = (1.3, 1.3, 4.8, 2.6, 1.2, 1.6, 2.1, 2.1)  # as in templates/plan.docx


def rows(n: int = TASKS) -> list[dict[str, str]]:
    """``n`` WBS rows, formatted as the plan shows them."""
    start = dt.date(2027, 1, 4)
    return [{"wbs": f"{1 + i // 100}.{1 + i // 10 % 10}.{1 + i % 10}", "task_id": f"T{i:04d}",
             "name": f"Work package {i} & <integration> step", "resource": ("Analyst", "Developer", "Tester")[i % 3],
             "duration": f"{1 + i % 9}.5", "effort": f"{8 * (1 + i % 9)}",
             "start": (start + dt.timedelta(days=i // 4)).strftime("%d %b %Y"),
             "finish": (start + dt.timedelta(days=i // 4 + 3)).strftime("%d %b %Y")} for i in range(n)]


def wbs_template(folder: Path) -> Path:
    """A document holding the plan's WBS table (header row + the ``{%tr for %}`` row)."""
    doc = new_document("Project management plan", "Plan")
    loop_table(doc, HEADERS, CELLS, WIDTHS, "t in tasks")
    path = folder / "wbs.docx"
    doc.save(str(path))
    return path


def pmokit_table(template: Path, data: list[dict[str, str]]) -> bytes:
    tpl = open_template(template)
    context = {"tasks": data, "project": {"project_id": "P", "name": "N", "group": "G"},
               "version": "1.0", "as_of": "4 Jan 2027"}
    out = io.BytesIO()
    render(tpl, template, context).save(out)
    return out.getvalue()


def add_row_table(data: list[dict[str, str]]) -> bytes:
    """python-docx, the plain way: add_row, then set each cell's text."""
    doc = Document()
    table = doc.add_table(rows=1, cols=len(HEADERS), style="Table Grid")
    for cell, head in zip(table.rows[0].cells, HEADERS):
        cell.text = head
    keys = ("wbs", "task_id", "name", "resource", "duration", "effort", "start", "finish")
    for item in data:
        cells = table.add_row().cells
        for cell, key in zip(cells, keys):
            cell.text = item[key]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def benchmarks() -> Iterator[Result]:
    """The 2,000-row WBS table, written to a .docx both ways (both include saving)."""
    data = rows()
    with tempfile.TemporaryDirectory() as folder:
        template = wbs_template(Path(folder))
        ours = Document(io.BytesIO(pmokit_table(template, data))).tables[0]
        assert len(ours.rows) == TASKS + 1 and ours.rows[-1].cells[1].text == data[-1]["task_id"]
        assert ours.rows[5].cells[2].text == data[4]["name"]  # escaped & and < come back as written
        pmokit_s = best_of(lambda: pmokit_table(template, data), repeat=3)
    baseline_s = best_of(lambda: add_row_table(data), repeat=1)
    yield Result(f"plan WBS table, {TASKS:,} tasks × 8 columns, to .docx", pmokit_s, baseline_s,
                 "python-docx add_row + cell.text per row",
                 note=f"{baseline_s / TASKS * 1000:.1f} ms a row the plain way")


if __name__ == "__main__":
    for r in benchmarks():
        print(f"{r.name}: pmokit {r.pmokit_s:.3f} s, baseline {r.baseline_s:.3f} s, {r.ratio:.0f}× ({r.note})")
