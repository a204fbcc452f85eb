"""The sample projects' plans: a task network per methodology, in Microsoft Project's terms.

A Waterfall or Hybrid project runs Initiation → Design → Build (two parallel streams) → Test →
Deployment → Closure; an Agile one runs Discovery → epics in three releases → hypercare. Links are
mostly finish-to-start, with the start-to-start and finish-to-finish links (and lags) a planner
uses for overlapping work: test strategy starts 3 days into the design (``"5SS+3"``), defect fixing
finishes 2 days after UAT (``"27FF+2"``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pmokit.workbooks.sample_texts import BA, DEV, OPS, PM, QA, SA, ProjectText


@dataclass
class PlannedTask:
    """A task before it is dated: WBS, name, who, most-likely days and its links."""

    wbs: str
    name: str
    role: str
    most_likely: int
    links: list[tuple[int, str, int]]  # (predecessor index, FS/SS/FF, lag in working days)
    phase: str
    fixed_cost: float = 0.0
    stream: int | None = None  # the build stream: its developer works the stream's tasks in turn

    @property
    def milestone(self) -> bool:
        return self.most_likely == 0


class _Plan:
    def __init__(self, rng: np.random.Generator, scale: float = 1.0) -> None:
        self.tasks: list[PlannedTask] = []
        self.rng = rng
        self.scale = scale
        self._counts: dict[str, int] = {}

    def add(self, phase: str, name: str, role: str, days: int | tuple[int, int],
            *links: int | tuple[int, str, int], cost: float = 0.0, stream: int | None = None) -> int:
        """Add a task to a phase; give back its index. ``days`` may be a (low, high) range, which
        the project's scale stretches (fixed durations such as a 3-day kick-off stay)."""
        n = self._counts[phase] = self._counts.get(phase, 0) + 1
        if isinstance(days, tuple):
            low, high = round(days[0] * self.scale), round(days[1] * self.scale)
            ml = int(self.rng.integers(low, high + 1))
        else:
            ml = days
        parsed = [(x, "FS", 0) if isinstance(x, int) else x for x in links]
        self.tasks.append(PlannedTask(f"{phase}.{n}", name, role, ml, parsed, phase, cost, stream))
        return len(self.tasks) - 1


def plan_tasks(p: ProjectText, rng: np.random.Generator, gate_lag: int = 0) -> list[PlannedTask]:
    """The project's tasks in plan order; ``gate_lag`` holds the build back after design sign-off
    (working days waiting for funds, for projects still in Plan)."""
    if p.methodology == "Agile":
        return _agile(p, rng)
    return _staged(p, rng, gate_lag)


def _staged(p: ProjectText, rng: np.random.Generator, gate_lag: int) -> list[PlannedTask]:
    t = _Plan(rng, p.scale)
    security = "Security engineer" if "Security engineer" in p.team else SA
    change = "Change & training lead" if "Change & training lead" in p.team else BA
    kick = t.add("1", "Kick-off and stakeholder map", PM, 3)
    reqs = t.add("1", "Confirm business requirements", BA, (8, 14), kick)
    asis = t.add("1", "Current-state assessment", SA, (6, 10), (kick, "SS", 2))
    base = t.add("1", "Requirements baselined", PM, 0, reqs, asis)
    hld = t.add("2", "Solution architecture and high-level design", SA, (12, 18), base)
    sec = t.add("2", "Security and data-protection review", security, (5, 8), (hld, "SS", 5))
    strat = t.add("2", "Test strategy and plan", QA, (6, 9), (hld, "SS", 3))
    lld = t.add("2", "Detailed design and build estimates", SA, (8, 12), hld)
    signed = t.add("2", "Design signed off", PM, 0, lld, sec, strat)
    gate = (signed, "FS", gate_lag)
    # Licences are ordered once the architecture is set, or after the funding gate when there is one.
    order = gate if gate_lag else (hld, "SS", 10)
    t.add("3", "Order licences and tooling", PM, (8, 12), order, cost=p.licences)
    verb = "Iteration" if p.methodology == "Hybrid" else "Build"
    last: list[int | tuple[int, str, int]] = [gate, gate]
    built: list[int] = []
    for i, item in enumerate(p.items):
        s = i % 2
        built.append(t.add("3", f"{verb} – {item}", DEV, (8, 20), last[s], stream=s))
        last[s] = built[-1]
    t.add("3", "Operations documentation and runbooks", OPS, (6, 10), (built[-1], "FF", 2))
    env = t.add("4", "Prepare test environments and test data", OPS, (6, 10), (built[0], "SS", 5))
    cycles = [built[k:k + 3] for k in range(0, len(built), 3)]
    sit = env
    for k, group in enumerate(cycles, start=1):
        sit = t.add("4", f"System integration test, cycle {k}", QA, (5, 10), *group, sit)
    uat = t.add("4", "User acceptance test", BA, (10, 15), sit)
    fix = t.add("4", "Fix UAT defects", DEV, (6, 10), (uat, "SS", 3), (uat, "FF", 2))
    accepted = t.add("4", "UAT signed off", PM, 0, fix, uat)
    cut = t.add("5", "Cutover plan and dress rehearsal", OPS, (5, 8), (uat, "SS", 5))
    train = t.add("5", "Train key users and service desk", change, (6, 10), (uat, "SS", 4))
    live = t.add("5", "Go-live", PM, 0, accepted, cut, train)
    care = t.add("5", "Hypercare", OPS, 15, live)
    hand = t.add("5", "Handover to operations", PM, 3, (care, "FF", 0))
    lessons = t.add("6", "Lessons-learned workshop", PM, 2, care)
    money = t.add("6", "Close contracts and final financials", PM, 5, (lessons, "SS", 1))
    t.add("6", "Project closed", PM, 0, money, hand)
    return t.tasks


def _agile(p: ProjectText, rng: np.random.Generator) -> list[PlannedTask]:
    t = _Plan(rng, p.scale)
    owner = "Product owner"
    vision = t.add("1", "Product vision and story mapping", owner, (4, 6))
    t.add("1", "Data protection impact assessment", owner, (4, 6), (vision, "SS", 3))
    ux = t.add("1", "UX research and clickable prototype", "UX designer", (8, 12), (vision, "SS", 2))
    pipe = t.add("1", "CI/CD pipeline and environments", OPS, (6, 10), (vision, "SS", 0))
    runway = t.add("1", "Architecture runway", DEV, (6, 10), vision)
    ready = t.add("1", "Definition of Ready agreed", "Scrum master", 0, ux, pipe, runway)
    releases = np.array_split(np.arange(len(p.items)), 3)
    last: list[int | tuple[int, str, int]] = [ready, ready]
    gone = ready
    for r, chunk in enumerate(releases, start=2):
        epics = []
        for i in chunk:
            s = int(i) % 2
            epics.append(t.add(str(r), f"Epic – {p.items[int(i)]}", DEV, (10, 20), last[s], stream=s))
            last[s] = epics[-1]
        if r == 4:
            epics.append(t.add(str(r), "Penetration test", QA, (5, 8), (epics[0], "SS", 5)))
        hard = t.add(str(r), f"Release {r - 1} regression and hardening", QA, (4, 6), *epics)
        gone = t.add(str(r), f"Release {r - 1} go-live", owner, 0, hard, gone)
    care = t.add("5", "Hypercare and handover to the run team", OPS, 10, gone)
    retro = t.add("5", "Closing retrospective", "Scrum master", 1, (care, "FF", 0))
    t.add("5", "Project closed", PM, 0, care, retro)
    return t.tasks


def links_text(task: PlannedTask, ids: list[str]) -> str:
    """The task's predecessors in Microsoft Project syntax: ``"4"``, ``"12FS+2"``, ``"4SS"``."""
    out = []
    for index, kind, lag in task.links:
        text = ids[index] if kind == "FS" and lag == 0 else f"{ids[index]}{kind}"
        if lag:
            text += f"{lag:+d}"
        out.append(text)
    return ", ".join(out)
