"""The sample projects' governance records: risk register, steering-committee asks and charters.

Written by hand, as a PMO would hold them. A few are deliberately imperfect so the governance
checks have something to find: risks without an owner (DWP-02 R04, DWP-04 R05) or a mitigation
(DWP-03 R05, DWP-06 R03), and two charters without approval (DWP-08 in Plan, DWP-09 in Initiate).
"""

from __future__ import annotations

import datetime as dt

from pmokit.workbooks.model import Charter, Decision, Risk

D = dt.date

# project, title, probability, impact 1-5, cost min/likely/max (EUR), owner, mitigation, status, review
_RISKS: tuple[tuple[str, str, float, int, float, float, float, str, str, str, D], ...] = (
    ("DWP-01", "Mailbox migration throttled by Microsoft during waves", 0.3, 3, 5e3, 15e3, 40e3,
     "Elif Arslan", "Book migration windows with Microsoft FastTrack; keep a spare weekend per wave", "Open", D(2026, 12, 11)),
    ("DWP-01", "Users lose Teams chat history from the old tenant", 0.2, 3, 2e3, 8e3, 20e3,
     "Stefan Braun", "Export chats with the third-party tool; communicate cut-off date in advance", "Mitigating", D(2026, 12, 4)),
    ("DWP-01", "Direct-routing SBC certificate expires during cutover", 0.1, 4, 1e3, 5e3, 30e3,
     "Markus Keller", "Renew certificates before wave 4; monitoring alert 60 days ahead", "Open", D(2027, 1, 15)),
    ("DWP-01", "Works council objects to Teams usage analytics", 0.25, 4, 0.0, 20e3, 60e3,
     "Katrin Hoffmann", "Agree works agreement addendum before enabling analytics", "Open", D(2026, 12, 18)),
    ("DWP-01", "Pilot wave reveals unsupported shared mailbox permissions", 0.4, 2, 2e3, 6e3, 12e3,
     "Lena Schäfer", "Permission report run and fixed before each wave", "Closed", D(2026, 6, 30)),
    ("DWP-02", "Legacy claims core API cannot handle portal load", 0.35, 4, 20e3, 60e3, 150e3,
     "Anna Kowalska", "Load test in sprint 9; cache read-only calls in the API gateway", "Open", D(2026, 12, 4)),
    ("DWP-02", "BITV 2.0 accessibility audit fails before release 2", 0.3, 3, 10e3, 25e3, 50e3,
     "Mira Schulz", "External accessibility review each release; fix findings in the next sprint", "Mitigating", D(2026, 12, 11)),
    ("DWP-02", "Scope growth from broker view dilutes release 2", 0.5, 3, 15e3, 40e3, 90e3,
     "Ines Wolf", "Product owner holds release-2 scope; broker view goes to release 3 unless the committee decides otherwise", "Open", D(2026, 12, 4)),
    ("DWP-02", "Fraud-score vendor contract not signed in time", 0.3, 3, 5e3, 20e3, 45e3,
     "", "Procurement escalation; fall back to rule-based scoring for launch", "Open", D(2026, 12, 18)),
    ("DWP-02", "Key developer pulled to regulatory reporting again", 0.4, 3, 10e3, 30e3, 60e3,
     "Thomas Berger", "Agree ring-fenced capacity with Head of Development", "Open", D(2026, 12, 4)),
    ("DWP-02", "App store rejection of the companion app", 0.1, 2, 1e3, 4e3, 10e3,
     "Felix Hartmann", "Pre-submission review against store guidelines", "Closed", D(2026, 7, 31)),
    ("DWP-03", "SAP HCM data quality blocks joiner-mover-leaver automation", 0.6, 5, 40e3, 90e3, 200e3,
     "Marco Rossi", "Data clean-up sprint with HR master-data team; manual approval step until clean", "Occurred", D(2026, 12, 4)),
    ("DWP-03", "Contractor day rates above plan for the rest of the project", 0.7, 4, 30e3, 70e3, 140e3,
     "Jan-Erik Vogel", "Move two roles to internal staff from January; renegotiate the framework rate", "Open", D(2026, 12, 11)),
    ("DWP-03", "BaFin VAIT audit finding before recertification is live", 0.3, 5, 0.0, 50e3, 250e3,
     "Eva Lehmann", "Interim manual recertification of critical roles; document compensating controls", "Mitigating", D(2026, 12, 18)),
    ("DWP-03", "Privileged access vault rollout disrupts operations teams", 0.35, 3, 5e3, 20e3, 60e3,
     "Benedikt Roth", "Phased onboarding per team; break-glass accounts tested", "Open", D(2027, 1, 15)),
    ("DWP-03", "Role model not accepted by claims and underwriting business owners", 0.45, 4, 20e3, 45e3, 100e3,
     "Priya Nair", "", "Open", D(2026, 12, 4)),
    ("DWP-03", "Legacy LDAP consumers unknown", 0.5, 3, 10e3, 25e3, 60e3,
     "Raj Patel", "Log analysis of LDAP binds for 60 days; owners contacted", "Open", D(2027, 1, 8)),
    ("DWP-04", "Migrated files fail integrity validation", 0.5, 4, 20e3, 50e3, 120e3,
     "Mehmet Yilmaz", "Checksum every file; re-run failed batches; business sign-off on samples", "Occurred", D(2026, 12, 4)),
    ("DWP-04", "Volume 70% larger than estimated", 0.9, 4, 30e3, 60e3, 110e3,
     "Aylin Demir", "Archive cold content to long-term storage instead of migrating it", "Mitigating", D(2026, 12, 11)),
    ("DWP-04", "Records retention rules unclear for claims files", 0.4, 4, 5e3, 25e3, 70e3,
     "Sabine Krüger", "Legal and compliance workshop; interim rule of 10 years", "Open", D(2026, 12, 18)),
    ("DWP-04", "Year-end freeze blocks December cutover", 0.8, 3, 10e3, 30e3, 50e3,
     "Aylin Demir", "Plan cutover for March; ask the committee for the new date", "Open", D(2026, 12, 4)),
    ("DWP-04", "Scanning-line vendor cannot deliver the SharePoint connector", 0.3, 3, 10e3, 20e3, 45e3,
     "", "Fallback: drop folder with Power Automate flow", "Open", D(2027, 1, 15)),
    ("DWP-04", "Legacy DMS licence renewal needed if migration slips past March", 0.5, 4, 40e3, 80e3, 80e3,
     "Dr. Frank Weber", "Negotiate a 3-month extension option now", "Open", D(2026, 12, 11)),
    ("DWP-05", "Service desk staff resist new ticket categories", 0.3, 2, 1e3, 5e3, 10e3,
     "Thomas Berger", "Floor walkers for two weeks; feedback loop with team leads", "Closed", D(2026, 9, 30)),
    ("DWP-05", "CMDB discovery floods the database with duplicates", 0.4, 3, 5e3, 10e3, 25e3,
     "Markus Keller", "Identification rules tuned in test; reconciliation job weekly", "Closed", D(2026, 8, 31)),
    ("DWP-05", "Knowledge articles out of date at go-live", 0.5, 2, 1e3, 3e3, 8e3,
     "Lena Schäfer", "Article owners named; review sprint before go-live", "Closed", D(2026, 7, 31)),
    ("DWP-05", "Licence true-up after first year higher than budget", 0.3, 3, 10e3, 25e3, 50e3,
     "Thomas Berger", "Fulfiller licences reviewed quarterly by the service owner", "Open", D(2027, 3, 31)),
    ("DWP-06", "Business-critical applications not compatible with Windows 11", 0.35, 4, 10e3, 35e3, 90e3,
     "Petra Zimmermann", "Compatibility testing with App Assure; keep a Windows 10 ESU pool", "Mitigating", D(2026, 12, 11)),
    ("DWP-06", "Hardware refresh needed for 600 older laptops", 0.4, 4, 100e3, 250e3, 400e3,
     "Katrin Hoffmann", "Inventory TPM 2.0 status; bring refresh forward in the 2027 budget", "Open", D(2026, 12, 18)),
    ("DWP-06", "Regional office bandwidth too low for image deployment", 0.3, 2, 2e3, 6e3, 15e3,
     "Elif Arslan", "", "Open", D(2027, 1, 8)),
    ("DWP-06", "Users lose local data during rebuild", 0.2, 3, 2e3, 8e3, 25e3,
     "Ralf Schneider", "Known-folder move to OneDrive enforced before rollout", "Open", D(2026, 12, 4)),
    ("DWP-06", "Packaging factory supplier misses wave-2 deadline", 0.25, 3, 5e3, 15e3, 30e3,
     "Markus Keller", "Weekly burn-down with the supplier; penalty clause", "Closed", D(2026, 10, 30)),
    ("DWP-07", "Brokers keep using the old extranet", 0.4, 3, 5e3, 15e3, 40e3,
     "Ines Wolf", "Broker champions per region; retire extranet quote function after release 2", "Open", D(2026, 12, 11)),
    ("DWP-07", "Tariff engine changes for 2027 rates arrive late", 0.35, 4, 10e3, 30e3, 70e3,
     "Julia Neumann", "Rates loaded as configuration; contract test with the tariff team", "Open", D(2026, 12, 4)),
    ("DWP-07", "Offline mode raises data-protection concerns", 0.3, 3, 5e3, 15e3, 35e3,
     "Aylin Demir", "DPIA update; encrypt local store, wipe after 14 days", "Open", D(2027, 1, 15)),
    ("DWP-07", "Mobile device management not rolled out to independent brokers", 0.5, 2, 2e3, 6e3, 15e3,
     "Benedikt Roth", "App-level protection policies instead of full device management", "Mitigating", D(2026, 12, 18)),
    ("DWP-08", "Data engineer hire starts later than February", 0.5, 4, 15e3, 40e3, 80e3,
     "Jan-Erik Vogel", "Bridge with a contractor from the framework agreement", "Open", D(2026, 12, 11)),
    ("DWP-08", "Policy administration extracts lack history before 2019", 0.4, 3, 10e3, 25e3, 50e3,
     "Henrik Jansen", "Agree with underwriting which KPIs need full history", "Open", D(2027, 1, 8)),
    ("DWP-08", "Cloud data platform costs exceed the business case", 0.3, 3, 20e3, 45e3, 90e3,
     "Priya Nair", "FinOps budget alerts; reserved capacity after six months", "Open", D(2027, 1, 15)),
    ("DWP-08", "Business case not approved by the investment board in January", 0.25, 5, 0.0, 30e3, 60e3,
     "Dr. Martin Kühn", "Sponsor pre-briefs board members; phased funding option prepared", "Open", D(2026, 12, 18)),
    ("DWP-09", "No content owners named in the business units", 0.5, 3, 5e3, 12e3, 25e3,
     "Andrea Hahn", "Content owner per division as a charter condition", "Open", D(2027, 1, 15)),
    ("DWP-09", "Intranet competes with Teams for staff attention", 0.3, 2, 0.0, 5e3, 15e3,
     "Aylin Demir", "Integrate news into Teams through Viva Connections", "Open", D(2027, 1, 29)),
    ("DWP-10", "Legacy mainframe terminal emulation does not work through the proxy", 0.4, 4, 15e3, 40e3, 90e3,
     "Dr. Frank Weber", "Proof of concept with the emulator vendor in January", "Open", D(2026, 12, 18)),
    ("DWP-10", "VPN contract notice period missed", 0.2, 3, 10e3, 30e3, 30e3,
     "Jan-Erik Vogel", "Give notice by 31 March 2027 with a 6-month extension option", "Open", D(2027, 2, 26)),
    ("DWP-10", "Device posture checks block contractors' own laptops", 0.45, 3, 5e3, 15e3, 40e3,
     "Eva Lehmann", "Browser-isolated access for unmanaged devices", "Open", D(2027, 1, 15)),
)


# The risks that would delay tasks (AACE 57R-09 risk drivers): (project, risk) → tasks affected,
# delay min / likely / max in working days, and once mitigated: probability, impact 1-5, delay likely
# (None where the mitigation is not planned yet: DWP-03 R05 has none).
_SCHEDULE: dict[tuple[str, str], tuple[str, float, float, float, float | None, int | None, float | None]] = {
    ("DWP-02", "R01"): ("24", 5, 10, 20, 0.2, 3, 6),  # load test fails: release 3 hardening runs long
    ("DWP-02", "R03"): ("19", 5, 10, 25, 0.3, 2, 8),  # broker view grows
    ("DWP-02", "R04"): ("20", 10, 15, 30, 0.15, 2, 8),  # fraud-score vendor signs late
    ("DWP-02", "R05"): ("20, 22", 3, 5, 10, 0.2, 2, 5),  # developer pulled away: both epics wait
    ("DWP-03", "R04"): ("30", 3, 8, 15, 0.2, 2, 5),  # vault rollout: dress rehearsal repeated
    ("DWP-03", "R05"): ("27", 5, 10, 20, None, None, None),  # role model rejected in UAT
    ("DWP-04", "R03"): ("17", 10, 15, 30, 0.2, 3, 8),  # retention rules unclear: configuration waits
    ("DWP-04", "R05"): ("23", 5, 10, 20, 0.15, 2, 5),  # scanning-line vendor's connector late for SIT
}


def risks() -> tuple[Risk, ...]:
    """The risk register, numbered R01, R02 … within each project; a few delay tasks
    (:data:`_SCHEDULE`)."""
    out: list[Risk] = []
    count: dict[str, int] = {}
    for pid, title, prob, impact, lo, ml, hi, owner, mitigation, status, review in _RISKS:
        count[pid] = count.get(pid, 0) + 1
        rid = f"R{count[pid]:02d}"
        out.append(Risk(pid, rid, title, prob, impact, lo, ml, hi, owner, mitigation, status, review,
                        *_SCHEDULE.get((pid, rid), ("", None, None, None, None, None, None))))
    return tuple(out)


_DECISIONS: tuple[tuple[str, str, D, str, str], ...] = (
    ("DWP-03", "Approve the re-baselined plan to finish in April 2027 and fund the forecast overrun "
     "(about 35% of budget) from the contingency and the IT portfolio reserve",
     D(2026, 12, 9), "Dr. Ulrike Brandt", "Open"),
    ("DWP-03", "Accept interim manual recertification for BaFin until automated campaigns go live",
     D(2026, 12, 9), "Eva Lehmann", "Open"),
    ("DWP-04", "Approve moving go-live to March 2027 (year-end freeze) and the legacy DMS licence extension",
     D(2026, 12, 9), "Andrea Hahn", "Open"),
    ("DWP-04", "Archive claims files older than 10 years instead of migrating them",
     D(2026, 10, 14), "Andrea Hahn", "Decided"),
    ("DWP-02", "Add the broker view of claims to release 2 (CR-07, +3 weeks) or defer it to release 3",
     D(2026, 12, 16), "Michael Sauer", "Open"),
    ("DWP-02", "Ring-fence the claims portal team from regulatory reporting work until go-live",
     D(2026, 12, 9), "Dr. Ulrike Brandt", "Open"),
    ("DWP-06", "Bring forward the 2027 laptop refresh for 600 devices without TPM 2.0",
     D(2027, 1, 20), "Dr. Ulrike Brandt", "Open"),
    ("DWP-06", "Use an external packaging factory for application wave 2",
     D(2026, 6, 17), "Katrin Hoffmann", "Decided"),
    ("DWP-08", "Approve the charter and release planning funds of EUR 120,000 to the January investment board",
     D(2026, 12, 16), "Dr. Martin Kühn", "Open"),
    ("DWP-08", "Bridge the data engineer vacancy with a contractor from January",
     D(2026, 12, 16), "Jan-Erik Vogel", "Deferred"),
    ("DWP-09", "Approve the intranet charter and name content owners per division",
     D(2027, 1, 20), "Andrea Hahn", "Open"),
    ("DWP-10", "Choose the zero-trust vendor (shortlist of two) after the proof of concept",
     D(2027, 1, 27), "Dr. Frank Weber", "Open"),
    ("DWP-05", "Formally close the ServiceNow project and hand the budget remainder back",
     D(2026, 11, 25), "Andrea Hahn", "Decided"),
    ("DWP-01", "Switch off Exchange hybrid servers after wave 4",
     D(2027, 1, 13), "Katrin Hoffmann", "Open"),
)


def decisions() -> tuple[Decision, ...]:
    """What the steering committee is asked to decide, with the date it is needed by."""
    return tuple(Decision(*row) for row in _DECISIONS)


def charters() -> tuple[Charter, ...]:
    """One charter per project; DWP-08's and DWP-09's are not approved yet."""
    from pmokit.workbooks.sample_charters import CHARTERS

    return tuple(Charter(pid, **texts) for pid, texts in CHARTERS)
