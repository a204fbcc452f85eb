"""A portfolio under load for the layout tests: 40 projects of the three methodologies, 25 roles,
200 open risks (each delaying a task), 60 open decisions and long names — more than any slide can
hold on one page."""

from __future__ import annotations

import datetime as dt

from pmokit.workbooks.model import (Decision, Milestone, Portfolio, Project, Resource, Risk, StatusReport, Task,
                                   Throughput)

AS_OF = dt.date(2026, 11, 27)
METHODS = ("Waterfall", "Agile", "Hybrid")
RAGS = ("Green", "Amber", "Red")
ROLES = tuple(f"Role {k + 1:02d} {'senior engineer' if k % 2 else 'analyst'}" for k in range(25))


def load_portfolio(projects: int = 40, roles: int = 25, risks: int = 200) -> Portfolio:
    """``projects`` projects, ``roles`` roles with two people each, ``risks`` open risks spread
    over the projects; every project has six reports, tasks, milestones and (agile, hybrid)
    weekly throughput."""
    out_projects, tasks, status, milestones, out_risks, decisions, throughput = [], [], [], [], [], [], []
    for i in range(projects):
        pid = f"LD-{i + 1:02d}"
        method = METHODS[i % 3]
        start = dt.date(2026, 1 + i % 6, 5)
        bac = 200_000.0 + 15_000 * (i % 11)
        out_projects.append(Project(
            pid, f"Programme workstream {i + 1}: platform modernisation and regulatory reporting renewal",
            "Load", "Chief Operating Officer", f"Project manager {i % 7}", method, "Execute", 1 + i % 3, start,
            start + dt.timedelta(days=330), start + dt.timedelta(days=330 + 9 * (i % 6)), bac,
            float(round(bac * (0.05 + 0.03 * (i % 5)), -3)), "EUR"))
        for k in range(8):
            role = ROLES[(i + k) % roles]
            tasks.append(Task(pid, f"T{k}", f"Work package {k} of {pid}", f"1.{k}", 4.0 + k, 6.0 + k, 11.0 + k,
                              f"T{k - 1}" if k else "", role, 120.0,
                              start + dt.timedelta(days=21 * k), start + dt.timedelta(days=21 * k + 14),
                              0.5 if k < 4 else 0.0, 9000.0))
        for m in range(6):
            day = dt.date(2026, 6 + m, 1) + dt.timedelta(days=25)
            pv = bac * (0.2 + 0.08 * m)
            status.append(StatusReport(pid, day, pv, pv * (0.88 + 0.01 * (i % 10)), pv * (0.95 + 0.02 * (i % 7)),
                                       RAGS[(i + m) % 3], RAGS[i % 3], RAGS[(i + 1) % 3], "Green", "Green",
                                       "Build running; the integration rehearsal moved a fortnight after the test "
                                       "environment outage, recovery plan agreed with the vendor.",
                                       "Run the rehearsal; confirm the cut-over window with operations."))
        for m in range(7):
            base = start + dt.timedelta(days=45 * (m + 1))
            milestones.append(Milestone(pid, f"Stage gate {m + 1} with a rather long milestone name", base,
                                        base + dt.timedelta(days=6 * (i % 4))))
        if method != "Waterfall":
            friday = start + dt.timedelta(days=(4 - start.weekday()) % 7)
            week = 0
            while friday <= AS_OF:
                throughput.append(Throughput(pid, friday, float(3 + (week * 7 + i) % 5), float(max(150 - 4 * week, 20))))
                friday += dt.timedelta(days=7)
                week += 1
        decisions += [Decision(pid, f"Approve change request {i + 1}.{d} for the regulatory reporting scope extension",
                               AS_OF + dt.timedelta(days=d * 9 - 5), "Steering committee") for d in range(1, 2 + (i % 2))]
    for r in range(risks):
        pid = f"LD-{r % projects + 1:02d}"
        out_risks.append(Risk(pid, f"R{r // projects + 1:02d}", f"Risk {r + 1}: vendor capacity shortfall delays the "
                              "integration build", 0.1 + 0.15 * (r % 6), 1 + r % 5, 4000.0, 9000.0, 30000.0,
                              f"Owner {r % 13}", "Second vendor on standby; weekly capacity check.",
                              tasks=f"T{4 + r % 4}", schedule_min=2.0, schedule_likely=5.0 + r % 7,
                              schedule_max=15.0, residual_probability=0.05, residual_schedule_likely=3.0))
    resources = tuple(Resource(f"Person {k}-{j}", ROLES[k], capacity=40.0) for k in range(roles) for j in range(2))
    return Portfolio(tuple(out_projects), tuple(tasks), resources, status=tuple(status), milestones=tuple(milestones),
                     risks=tuple(out_risks), decisions=tuple(decisions), throughput=tuple(throughput))
