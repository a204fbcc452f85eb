"""Steering deck for 50 and 300 projects against the floor: straight python-pptx calls writing the
same number of slides, native charts and tables with no logic.

The compute stage (SRA, risk reserve, throughput forecast per project, the portfolio reserve) is
timed apart, at the cells' own iteration count (10,000): the 2× aim is for laying out and writing,
which runs no simulation (each is computed once and shared). The 300-project deck shows the cost per slide stays flat (python-pptx issue #644
makes part naming quadratic; pmokit.generators.deck.partnames avoids it).
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from benchmarks.timing import Result, best_of
from pmokit.generators.deck import DeckOptions
from pmokit.generators.deck.template import open_template
from pmokit.generators.analysis import portfolio_reserves
from pmokit.generators.deck.writer import compute, lay_out
from pmokit.workbooks.model import Decision, Milestone, Portfolio, Project, Resource, Risk, StatusReport, Task
from pmokit.templates import path as template_path

AS_OF = dt.date(2026, 11, 27)
RAGS = ("Green", "Amber", "Red")


def synthetic(n: int) -> Portfolio:
    """``n`` projects, each with 6 tasks, 3 monthly status reports, 3 milestones, 3 risks and a decision."""
    projects, tasks, status, milestones, risks, decisions = [], [], [], [], [], []
    for i in range(n):
        pid = f"P{i + 1:03d}"
        start = dt.date(2026, 1 + i % 6, 1)
        bac = 100_000.0 + 10_000 * (i % 17)
        projects.append(Project(pid, f"Project {i + 1} {'platform migration' if i % 2 else 'customer portal'}",
                                "Digital", "COO", f"PM {i % 9}", "Waterfall", "Execute", 1 + i % 3, start,
                                start + dt.timedelta(days=300), start + dt.timedelta(days=300 + 7 * (i % 5)), bac))
        for k in range(6):
            tasks.append(Task(pid, f"T{k}", f"Task {k}", f"1.{k}", 3.0 + k, 5.0 + k, 9.0 + k,
                              f"T{k - 1}" if k else "", ("Developer", "Tester", "Analyst")[k % 3], 80.0,
                              start + dt.timedelta(days=14 * k), start + dt.timedelta(days=14 * k + 10),
                              0.5 if k < 3 else 0.0))
        for m, day in enumerate((dt.date(2026, 9, 25), dt.date(2026, 10, 30), dt.date(2026, 11, 27))):
            pv = bac * (0.3 + 0.1 * m)
            status.append(StatusReport(pid, day, pv, pv * (0.9 + 0.01 * (i % 10)), pv * (0.95 + 0.02 * (i % 7)),
                                       RAGS[(i + m) % 3], RAGS[i % 3], RAGS[(i + 1) % 3], "Green", "Green",
                                       "Build on track; migration rehearsal planned.", "Run the rehearsal."))
        for m in range(3):
            base = start + dt.timedelta(days=90 * (m + 1))
            milestones.append(Milestone(pid, f"Gate {m + 1}", base, base + dt.timedelta(days=7 * (i % 3))))
        for r in range(3):
            risks.append(Risk(pid, f"R{r + 1}", f"Risk {r + 1} of {pid}", 0.1 + 0.2 * r, 1 + (i + r) % 5,
                              5000.0, 10000.0, 30000.0, "Owner", "Mitigate early."))
        decisions.append(Decision(pid, f"Approve change request {i + 1}", AS_OF + dt.timedelta(days=i % 20), "Sponsor"))
    resources = tuple(Resource(f"{role} {k}", role, capacity=40.0) for role in ("Developer", "Tester", "Analyst")
                      for k in range(max(1, n // 10)))
    return Portfolio(tuple(projects), tuple(tasks), resources, status=tuple(status), milestones=tuple(milestones),
                     risks=tuple(risks), decisions=tuple(decisions))


def floor(slides: int, charts: int, tables: int) -> bytes:
    """Straight python-pptx: the same numbers of slides, native charts and tables (8 × 5 cells of
    text each, the deck's typical size), notes on every slide; no logic."""
    prs = Presentation(str(template_path("deck.pptx")))
    layout = prs.slide_layouts[0]
    data = CategoryChartData()
    data.categories = ["A", "B", "C", "D"]
    data.add_series("S", (1.0, 2.0, 3.0, 4.0))
    for i in range(slides):
        slide = prs.slides.add_slide(layout)
        if i < charts:
            slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1), Inches(5), Inches(4), data)
        for _ in range(tables // slides + (1 if i < tables % slides else 0)):
            table = slide.shapes.add_table(8, 5, Inches(6.5), Inches(1), Inches(6), Inches(3)).table
            for r in range(8):
                for c in range(5):
                    table.cell(r, c).text = "cell"
        slide.notes_slide.notes_text_frame.text = "notes"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def benchmarks() -> Iterator[Result]:
    per_slide: dict[int, float] = {}
    for n in (50, 300):
        portfolio = synthetic(n)
        options = DeckOptions(as_of=AS_OF)
        t0 = time.perf_counter()
        figures = compute(portfolio, options)
        reserves = portfolio_reserves(portfolio, seed=options.seed, iterations=options.iterations)
        compute_s = time.perf_counter() - t0
        counts: dict[str, int] = {}

        def ours() -> bytes:
            prs = lay_out(open_template(None), portfolio, figures, options, reserves=reserves)
            counts.update(slides=len(prs.slides),
                          charts=sum(1 for s in prs.slides for sh in s.shapes if getattr(sh, "has_chart", False)),
                          tables=sum(1 for s in prs.slides for sh in s.shapes if getattr(sh, "has_table", False)))
            out = io.BytesIO()
            prs.save(out)
            return out.getvalue()

        mine = best_of(ours, 2)
        base = best_of(lambda: floor(counts["slides"], counts["charts"], counts["tables"]), 2)
        per_slide[n] = mine / counts["slides"]
        yield Result(f"deck {n} projects (layout + write)", mine, base,
                     "python-pptx floor",
                     f"{counts['slides']} slides, {counts['charts']} charts, {counts['tables']} tables; "
                     f"compute stage {compute_s:.1f} s at {options.iterations:,} iterations")
    yield Result("deck cost per slide, 300 vs 50 projects", per_slide[300], per_slide[50], "per slide at 50",
                 "ratio near 1 means linear growth")
