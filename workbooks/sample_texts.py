"""The words of the sample portfolio: the group's projects, people, charters, risks and decisions.

The sample is "Digital Workplace & Platforms", the IT project group of a fictional mid-size German
insurer (Rheinische Assekuranz AG, Cologne; currency EUR). :mod:`pmokit.workbooks.build_sample` turns these
descriptions into dated, costed records; nothing here is random.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

D = dt.date
GROUP = "Digital Workplace & Platforms"
CURRENCY = "EUR"
COMPANY = "Rheinische Assekuranz AG"

# Public holidays of North Rhine-Westphalia (Cologne), Germany: the nine federal holidays plus
# Corpus Christi and All Saints' Day, which NRW keeps. Easter: 20 Apr 2025, 5 Apr 2026, 28 Mar 2027.
HOLIDAYS: tuple[tuple[D, str], ...] = (
    (D(2025, 1, 1), "Neujahr"), (D(2025, 4, 18), "Karfreitag"), (D(2025, 4, 21), "Ostermontag"),
    (D(2025, 5, 1), "Tag der Arbeit"), (D(2025, 5, 29), "Christi Himmelfahrt"),
    (D(2025, 6, 9), "Pfingstmontag"), (D(2025, 6, 19), "Fronleichnam"),
    (D(2025, 10, 3), "Tag der Deutschen Einheit"), (D(2025, 11, 1), "Allerheiligen"),
    (D(2025, 12, 25), "1. Weihnachtstag"), (D(2025, 12, 26), "2. Weihnachtstag"),
    (D(2026, 1, 1), "Neujahr"), (D(2026, 4, 3), "Karfreitag"), (D(2026, 4, 6), "Ostermontag"),
    (D(2026, 5, 1), "Tag der Arbeit"), (D(2026, 5, 14), "Christi Himmelfahrt"),
    (D(2026, 5, 25), "Pfingstmontag"), (D(2026, 6, 4), "Fronleichnam"),
    (D(2026, 10, 3), "Tag der Deutschen Einheit"), (D(2026, 11, 1), "Allerheiligen"),
    (D(2026, 12, 25), "1. Weihnachtstag"), (D(2026, 12, 26), "2. Weihnachtstag"),
    (D(2027, 1, 1), "Neujahr"), (D(2027, 3, 26), "Karfreitag"), (D(2027, 3, 29), "Ostermontag"),
    (D(2027, 5, 1), "Tag der Arbeit"), (D(2027, 5, 6), "Christi Himmelfahrt"),
    (D(2027, 5, 17), "Pfingstmontag"), (D(2027, 5, 27), "Fronleichnam"),
    (D(2027, 10, 3), "Tag der Deutschen Einheit"), (D(2027, 11, 1), "Allerheiligen"),
    (D(2027, 12, 25), "1. Weihnachtstag"), (D(2027, 12, 26), "2. Weihnachtstag"),
)

# (name, role, team, hours per week, cost rate EUR/h, available from, available to)
PEOPLE: tuple[tuple[str, str, str, float, float, D | None, D | None], ...] = (
    ("Katrin Hoffmann", "Project manager", "PMO", 40, 98, None, None),
    ("Thomas Berger", "Project manager", "PMO", 40, 98, None, None),
    ("Aylin Demir", "Project manager", "PMO", 32, 98, None, None),
    ("Jan-Erik Vogel", "Project manager", "PMO", 40, 110, None, None),
    ("Sabine Krüger", "Business analyst", "Business Analysis", 40, 82, None, None),
    ("Marco Rossi", "Business analyst", "Business Analysis", 40, 82, None, None),
    ("Lena Schäfer", "Business analyst", "Business Analysis", 24, 82, None, None),
    ("Dr. Frank Weber", "Solution architect", "Architecture", 40, 120, None, None),
    ("Priya Nair", "Solution architect", "Architecture", 40, 120, None, None),
    ("Stefan Braun", "Solution architect", "Architecture", 32, 120, None, None),
    ("Hannah Seidel", "Solution architect", "Architecture", 40, 115, None, None),
    ("Julia Neumann", "Developer", "Platform Engineering", 40, 78, None, None),
    ("Mehmet Yilmaz", "Developer", "Platform Engineering", 40, 78, None, None),
    ("Tobias Lange", "Developer", "Platform Engineering", 40, 78, None, D(2027, 1, 31)),
    ("Anna Kowalska", "Developer", "Digital Channels", 40, 78, None, None),
    ("Felix Hartmann", "Developer", "Digital Channels", 40, 78, None, None),
    ("Nina Becker", "Developer", "Digital Channels", 30, 78, None, None),
    ("Raj Patel", "Developer", "Contractors", 40, 105, None, D(2027, 3, 31)),
    ("Daniel Schmitz", "Developer", "Contractors", 40, 105, None, None),
    ("Claudia Fischer", "Tester", "Quality Engineering", 40, 68, None, None),
    ("Oliver Wagner", "Tester", "Quality Engineering", 40, 68, None, None),
    ("Sofia Marques", "Tester", "Quality Engineering", 20, 68, None, None),
    ("Benedikt Roth", "DevOps engineer", "Cloud & Infrastructure", 40, 92, None, None),
    ("Elif Arslan", "DevOps engineer", "Cloud & Infrastructure", 40, 92, None, None),
    ("Markus Keller", "Infrastructure engineer", "Cloud & Infrastructure", 40, 85, None, None),
    ("Petra Zimmermann", "Infrastructure engineer", "Workplace Services", 40, 80, None, None),
    ("Sven Albrecht", "Infrastructure engineer", "Workplace Services", 40, 80, None, None),
    ("Kerstin Maurer", "Infrastructure engineer", "Cloud & Infrastructure", 40, 85, None, None),
    ("Henrik Jansen", "Data engineer", "Data & Analytics", 40, 90, None, None),
    ("Vacancy – Data engineer", "Data engineer", "Data & Analytics", 40, 90, D(2027, 2, 1), None),
    ("Carolin Richter", "Scrum master", "Digital Channels", 40, 85, None, None),
    ("Lukas Meyer", "Scrum master", "Platform Engineering", 32, 85, None, None),
    ("Mira Schulz", "UX designer", "Digital Channels", 40, 80, None, None),
    ("Jonas Koch", "UX designer", "Digital Channels", 24, 80, None, None),
    ("Eva Lehmann", "Security engineer", "Information Security", 40, 105, None, None),
    ("Ralf Schneider", "Change & training lead", "Workplace Services", 40, 75, None, None),
    ("Ines Wolf", "Product owner", "Digital Channels", 40, 90, None, None),
)


@dataclass(frozen=True)
class ProjectText:
    """One project's description: who, what, and how its story runs.

    ``slip`` stretches the forecast duration of tasks in the listed WBS phases (1.0 = on plan);
    ``cpi`` is the cost performance index at the first and the last status report (the trend);
    ``scope_rag`` / ``resources_rag`` map a report number (0 = first) to the RAG from then on.
    """

    project_id: str
    name: str
    methodology: str
    stage: str
    priority: int
    sponsor: str
    manager: str
    start: D
    items: tuple[str, ...]  # build work items (Waterfall/Hybrid) or epics (Agile)
    team: dict[str, tuple[str, ...]]  # role -> people
    slip: dict[str, float] = field(default_factory=dict)
    cpi: tuple[float, float] = (1.0, 1.0)
    scope_rag: dict[int, str] = field(default_factory=dict)
    resources_rag: dict[int, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # report month "YYYY-MM" -> a PM's remark
    licences: float = 0.0  # non-labour cost on the procurement task, EUR
    throughput: tuple[float, float, int] = (0.0, 0.0, 0)  # items/week at start and now, backlog
    scale: float = 1.0  # stretches the plan's duration ranges: bigger projects, longer tasks


PM, BA, SA, DEV, QA, OPS = ("Project manager", "Business analyst", "Solution architect", "Developer",
                            "Tester", "DevOps engineer")

PROJECTS: tuple[ProjectText, ...] = (
    ProjectText(
        "DWP-01", "Microsoft 365 tenant consolidation", "Hybrid", "Execute", 1,
        "Dr. Ulrike Brandt (CIO)", "Katrin Hoffmann", D(2026, 1, 12),
        ("Tenant-to-tenant mailbox migration", "OneDrive and file share migration",
         "Teams governance and lifecycle policies", "Conditional access baseline",
         "Exchange Online hybrid decommissioning", "Teams Phone direct routing",
         "Retention and eDiscovery policies", "Power Platform environment strategy"),
        {PM: ("Katrin Hoffmann",), BA: ("Lena Schäfer",), SA: ("Stefan Braun",),
         DEV: ("Markus Keller", "Kerstin Maurer"), QA: ("Sofia Marques",), OPS: ("Elif Arslan",),
         "Change & training lead": ("Ralf Schneider",)},
        slip={"3": 1.05}, cpi=(0.97, 1.01), licences=148_000,
        throughput=(3.0, 4.5, 190),  # migration waves tracked as work items on a board
        notes={"2026-03": "Tenant-to-tenant migration tool chosen (ShareGate); licences ordered.",
               "2026-07": "Pilot wave of 120 mailboxes moved cleanly over the weekend.",
               "2026-09": "Wave 3 moved 1,850 mailboxes with help-desk calls from 0.4% of users.",
               "2026-11": "Wave 4 done; finish forecast 2 Feb 2027, 18 days late, as Teams Phone waits for number porting."},
        scale=2.0),
    ProjectText(
        "DWP-02", "Claims portal relaunch", "Agile", "Execute", 1,
        "Michael Sauer (Head of Claims)", "Thomas Berger", D(2026, 2, 2),
        ("First notice of loss online", "Photo and document upload", "Claim status tracker",
         "Repair-shop appointment booking", "Payout bank-detail capture", "Chatbot hand-over to agent",
         "Accessibility (BITV 2.0) remediation", "Customer feedback survey", "Broker view of claims",
         "Fraud-score integration", "Push notifications", "Analytics and consent management"),
        {PM: ("Thomas Berger",), "Product owner": ("Ines Wolf",), "Scrum master": ("Carolin Richter",),
         DEV: ("Anna Kowalska", "Felix Hartmann", "Raj Patel"), QA: ("Oliver Wagner",),
         "UX designer": ("Mira Schulz",), OPS: ("Benedikt Roth",)},
        slip={"2": 1.15, "3": 1.1}, cpi=(0.98, 0.93), scope_rag={5: "Amber"},
        notes={"2026-05": "Sprint reviews well attended by claims handlers; first notice of loss ready for release 1.",
               "2026-07": "Claims asked to add the broker view to release 2; scope change request CR-07 raised.",
               "2026-08": "Release 1 live four weeks late; 21% of motor claims reported online in its first fortnight.",
               "2026-10": "Velocity dipped after two developers moved to the regulatory reporting fix.",
               "2026-11": "Release 2 go-live moved to 9 Dec: the broker view (CR-07) added five weeks without budget."},
        throughput=(6.0, 7.5, 330),
        scale=2.3),
    ProjectText(
        "DWP-03", "Identity and access management renewal", "Waterfall", "Execute", 2,
        "Dr. Ulrike Brandt (CIO)", "Jan-Erik Vogel", D(2025, 11, 3),
        ("Entra ID joiner-mover-leaver flows", "SailPoint connector to SAP HCM",
         "Role model for claims and underwriting", "Privileged access management vault",
         "Access recertification campaigns", "Legacy LDAP decommissioning",
         "Multi-factor rollout to field agents", "Audit reporting for BaFin VAIT",
         "Service accounts clean-up", "Self-service password reset"),
        {PM: ("Jan-Erik Vogel",), BA: ("Marco Rossi",), SA: ("Priya Nair",),
         DEV: ("Raj Patel", "Daniel Schmitz"), QA: ("Claudia Fischer",), OPS: ("Benedikt Roth",),
         "Security engineer": ("Eva Lehmann",)},
        slip={"2": 1.1, "3": 1.2}, cpi=(0.9, 0.74), resources_rag={4: "Amber", 7: "Red"},
        licences=210_000,
        notes={"2026-02": "SAP HCM connector needs a custom rule set; the vendor's standard mapping does not fit.",
               "2026-05": "Two external developers added to recover the role model; burn rate up by a third.",
               "2026-09": "Forecast at completion now 35–40% over budget; re-plan and contingency draw requested.",
               "2026-11": "Cost at completion forecast at EUR 892k against 660k: re-baseline and contingency draw asked today."},
        scale=2.1),
    ProjectText(
        "DWP-04", "Document management migration to SharePoint", "Waterfall", "Execute", 2,
        "Andrea Hahn (COO)", "Aylin Demir", D(2026, 1, 5),
        ("Content inventory and classification", "Metadata and records model",
         "Migration scripts for policy files", "Migration scripts for claims files",
         "Legacy workflow rebuild in Power Automate", "Scanning-line integration",
         "Search and retention configuration", "Archive export to long-term storage"),
        {PM: ("Aylin Demir",), BA: ("Sabine Krüger",), SA: ("Dr. Frank Weber",),
         DEV: ("Mehmet Yilmaz", "Tobias Lange"), QA: ("Claudia Fischer",), OPS: ("Elif Arslan",)},
        slip={"1": 1.2, "2": 1.3, "3": 1.4, "4": 1.3}, cpi=(0.99, 0.96),
        resources_rag={3: "Amber"},
        notes={"2026-03": "Content inventory found 38 TB instead of the 22 TB in the business case.",
               "2026-06": "Pilot migration of the motor claims archive failed validation on 4% of files.",
               "2026-09": "Go-live moved to Q1 2027; the year-end freeze makes December unavailable.",
               "2026-11": "Go-live now 2 Mar 2027; UAT sign-off is overdue and the recovery plan is on today's agenda."},
        scale=1.85),
    ProjectText(
        "DWP-05", "IT service management on ServiceNow", "Hybrid", "Close", 3,
        "Andrea Hahn (COO)", "Thomas Berger", D(2025, 10, 6),
        ("Incident and request catalogue", "Change enablement workflow", "CMDB discovery",
         "Knowledge base migration", "Employee service portal", "Major-incident communication"),
        {PM: ("Thomas Berger",), BA: ("Lena Schäfer",), SA: ("Stefan Braun",),
         DEV: ("Julia Neumann",), QA: ("Sofia Marques",), OPS: ("Markus Keller",)},
        cpi=(1.02, 1.03), licences=96_000,
        notes={"2026-06": "Go-live went smoothly; first-contact resolution up from 61% to 68% in week one."},
        scale=1.75),
    ProjectText(
        "DWP-06", "Windows 11 endpoint rollout", "Waterfall", "Execute", 2,
        "Dr. Ulrike Brandt (CIO)", "Katrin Hoffmann", D(2026, 3, 2),
        ("Golden image and Autopilot profiles", "Application packaging wave 1",
         "Application packaging wave 2", "BitLocker and Defender baseline",
         "Printer and peripheral drivers", "Rollout to head office", "Rollout to regional offices"),
        {PM: ("Katrin Hoffmann",), BA: ("Lena Schäfer",), SA: ("Hannah Seidel",),
         DEV: ("Petra Zimmermann", "Sven Albrecht"), QA: ("Oliver Wagner",), OPS: ("Benedikt Roth",),
         "Change & training lead": ("Ralf Schneider",)},
        slip={"2": 1.25}, cpi=(0.91, 0.99), licences=62_000,
        notes={"2026-04": "Packaging backlog larger than planned: 412 applications instead of 300.",
               "2026-07": "Second packaging factory (external) brought the backlog under control.",
               "2026-11": "Head office on Windows 11; regional offices follow until early January, nearly three weeks late."},
        scale=1.6),
    ProjectText(
        "DWP-07", "Broker self-service app", "Agile", "Execute", 2,
        "Karin Vogt (Head of Broker Sales)", "Aylin Demir", D(2026, 4, 13),
        ("Broker login and onboarding", "Quote for motor insurance", "Quote for household insurance",
         "Policy document download", "Commission statements", "Customer portfolio overview",
         "Mid-term adjustments", "Offline mode for field sales", "In-app messaging with underwriters",
         "Usage analytics"),
        {PM: ("Aylin Demir",), "Product owner": ("Ines Wolf",), "Scrum master": ("Lukas Meyer",),
         DEV: ("Nina Becker", "Julia Neumann"), QA: ("Sofia Marques",), "UX designer": ("Jonas Koch",),
         OPS: ("Benedikt Roth",)},
        cpi=(1.0, 1.04),
        notes={"2026-10": "Release 1 live; pilot brokers in Düsseldorf rated the quote journey 4.4 of 5.",
               "2026-11": "On plan and under budget; household quotes reach the broker pilot in December."},
        throughput=(4.0, 5.5, 260),
        scale=2.4),
    ProjectText(
        "DWP-08", "Underwriting analytics data platform", "Hybrid", "Plan", 2,
        "Dr. Martin Kühn (Chief Underwriting Officer)", "Jan-Erik Vogel", D(2026, 6, 1),
        ("Ingestion from policy administration", "Ingestion from claims system", "Data vault core model",
         "Data quality rules", "Underwriting KPI marts", "Self-service dashboards",
         "Lineage and data catalogue"),
        {PM: ("Jan-Erik Vogel",), BA: ("Marco Rossi",), SA: ("Priya Nair",),
         DEV: ("Henrik Jansen", "Vacancy – Data engineer"), QA: ("Claudia Fischer",), OPS: ("Benedikt Roth",)},
        slip={"1": 1.15}, cpi=(0.97, 0.95), resources_rag={2: "Amber"},
        notes={"2026-08": "Data engineer vacancy still open; planning assumes the hire starts in February 2027.",
               "2026-10": "Design signed off; the build waits for the January 2027 investment board.",
               "2026-11": "Ready to build in January if the board funds it; the data-engineer hire starts in February."},
        scale=2.2),
    ProjectText(
        "DWP-09", "Intranet redesign", "Agile", "Initiate", 4,
        "Andrea Hahn (COO)", "Aylin Demir", D(2027, 2, 1),
        ("Information architecture", "News and campaigns", "People finder", "Team sites template",
         "Search tuning", "Mobile access", "Events calendar", "Onboarding hub for new hires",
         "Ideas and feedback board", "Analytics"),
        {PM: ("Aylin Demir",), "Product owner": ("Ines Wolf",), "Scrum master": ("Carolin Richter",),
         DEV: ("Felix Hartmann",), QA: ("Oliver Wagner",), "UX designer": ("Mira Schulz",),
         OPS: ("Elif Arslan",)},
        scale=1.5),
    ProjectText(
        "DWP-10", "Zero-trust remote access", "Waterfall", "Plan", 3,
        "Dr. Ulrike Brandt (CIO)", "Jan-Erik Vogel", D(2026, 6, 1),
        ("Identity-aware proxy for web apps", "Device posture checks", "Private access for legacy apps",
         "VPN concentrator decommissioning", "Split tunnelling policy", "Network segmentation"),
        {PM: ("Jan-Erik Vogel",), BA: ("Sabine Krüger",), SA: ("Dr. Frank Weber",),
         DEV: ("Markus Keller",), QA: ("Claudia Fischer",), OPS: ("Elif Arslan",),
         "Security engineer": ("Eva Lehmann",)},
        notes={"2026-10": "Design signed off; mainframe terminal proof of concept booked for January.",
               "2026-11": "On plan and on budget; build starts after the January investment board."},
        licences=84_000, scale=2.0),
)
