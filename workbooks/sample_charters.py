"""The sample projects' charters, one per project, as the PMO's charter sheet holds them.

Multi-line cells are lists: one item per line. DWP-08 (in Plan) and DWP-09 (in Initiate) are not
approved yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

D = dt.date


def _c(business_case: str, objectives: list[str], in_scope: list[str], out_of_scope: list[str],
       deliverables: list[str], success: list[str], assumptions: list[str], constraints: list[str],
       stakeholders: list[str], approved_by: str = "", approved_on: D | None = None) -> dict[str, Any]:
    return {"business_case": business_case, "objectives": "\n".join(objectives),
            "in_scope": "\n".join(in_scope), "out_of_scope": "\n".join(out_of_scope),
            "deliverables": "\n".join(deliverables), "success_criteria": "\n".join(success),
            "assumptions": "\n".join(assumptions), "constraints": "\n".join(constraints),
            "stakeholders": "\n".join(stakeholders), "approved_by": approved_by, "approved_on": approved_on}


CHARTERS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("DWP-01", _c(
        "Two Microsoft 365 tenants remain from the 2023 merger with Bergische Leben. Running both costs "
        "EUR 310,000 a year in duplicate licences and administration, and staff cannot share files or "
        "call across the companies. One tenant pays back the project in 26 months.",
        ["Move all 4,200 users to one tenant by end of Q1 2027", "Replace the desk phone system with Teams Phone",
         "Cut duplicate licence and support cost by EUR 310,000 a year"],
        ["Mailboxes, OneDrive, SharePoint sites and Teams of both tenants", "Teams Phone direct routing",
         "Conditional access and retention policies"],
        ["Replacement of line-of-business applications", "Call-centre telephony (contact centre project)"],
        ["Single production tenant", "Migration waves 1-4 with sign-off", "Operations runbooks"],
        ["99% of mailboxes migrated without data loss", "Help-desk calls per wave below 1% of users",
         "Old tenant decommissioned by 31 March 2027"],
        ["Microsoft FastTrack support available", "Works council agreement on Teams usage stays valid"],
        ["Migrations only at weekends", "No migration wave in a quarter-end closing week"],
        ["Dr. Ulrike Brandt (CIO, sponsor)", "Works council", "Service desk", "Bergische Leben site managers"],
        "Dr. Ulrike Brandt", D(2026, 1, 8))),
    ("DWP-02", _c(
        "Only 18% of claims are reported online; each claim reported by phone costs EUR 23 more to "
        "handle. A modern portal is expected to lift online first notice of loss to 45% within a year, "
        "saving EUR 1.1 million a year and improving customer satisfaction.",
        ["Online first notice of loss for motor and household claims", "Customers see their claim status at any time",
         "Portal meets BITV 2.0 accessibility"],
        ["Customer claims portal (web, responsive)", "Integration with claims core and document management",
         "Repair-shop booking and payout details"],
        ["Commercial lines claims", "Replacement of the claims core system"],
        ["Three production releases", "Accessibility audit report", "Operations handover"],
        ["45% of motor and household claims reported online after 12 months", "Portal NPS at least +30",
         "No open critical accessibility findings"],
        ["Claims core API can be extended for status queries", "Claims handlers join sprint reviews"],
        ["Fixed team of two developers plus one contractor", "Budget capped by the 2026 digital plan"],
        ["Michael Sauer (Head of Claims, sponsor)", "Claims handling teams", "Customer service",
         "Data protection officer"],
        "Michael Sauer", D(2026, 1, 28))),
    ("DWP-03", _c(
        "Access rights are granted by e-mail and reviewed in spreadsheets. The 2025 BaFin VAIT audit "
        "found 3 major findings on access management that must be closed by mid-2027. Automated "
        "joiner-mover-leaver flows also save about 2.5 FTE of manual administration.",
        ["Close the three VAIT audit findings", "Automate joiner, mover and leaver processes",
         "Vault all privileged accounts"],
        ["Entra ID and SailPoint identity governance", "Role model for claims and underwriting",
         "Privileged access management", "Decommissioning the legacy LDAP"],
        ["Customer identities (CIAM)", "Physical access control"],
        ["Identity governance platform in production", "Role model approved by business owners",
         "Recertification campaigns", "Audit evidence pack"],
        ["All VAIT findings closed and accepted by internal audit", "Leaver access removed within 24 hours",
         "100% of privileged accounts in the vault"],
        ["HR master data in SAP HCM is correct", "Business owners available for the role model"],
        ["Audit deadline 30 June 2027", "No change to SAP HCM itself"],
        ["Dr. Ulrike Brandt (CIO, sponsor)", "Internal audit", "HR", "Information security officer", "BaFin liaison"],
        "Dr. Ulrike Brandt", D(2025, 10, 29))),
    ("DWP-04", _c(
        "The legacy document management system reaches end of support in June 2027 and its renewal "
        "would cost EUR 420,000 over three years. Moving policy and claims files to SharePoint Online "
        "retires it and lets case handlers find documents from Teams.",
        ["Migrate all active policy and claims files to SharePoint Online", "Retire the legacy DMS before June 2027",
         "Apply records retention automatically"],
        ["Policy and claims files", "Scanning-line integration", "Retention and search configuration",
         "Archive export of closed files"],
        ["HR personnel files", "E-mail archiving"],
        ["Migrated and validated document libraries", "Power Automate workflows", "Retention policies",
         "Legacy DMS decommissioned"],
        ["100% of files migrated or archived with checksum match", "Search finds a document in under 3 seconds",
         "Legacy DMS switched off"],
        ["22 TB of content (inventory estimate)", "Scanning vendor delivers a SharePoint connector"],
        ["Legacy DMS support ends 30 June 2027", "Year-end freeze"],
        ["Andrea Hahn (COO, sponsor)", "Policy administration", "Claims", "Records management", "Compliance"],
        "Andrea Hahn", D(2025, 12, 17))),
    ("DWP-05", _c(
        "The home-grown ticket tool cannot measure service levels and is maintained by one person. "
        "ServiceNow ITSM gives the service desk a standard catalogue, change enablement and a CMDB.",
        ["Replace the ticket tool with ServiceNow ITSM", "Introduce an employee service portal",
         "Measure first-contact resolution and SLA compliance"],
        ["Incident, request, change and knowledge", "CMDB discovery", "Employee portal"],
        ["HR service delivery", "Security operations"],
        ["ServiceNow production instance", "Service catalogue", "CMDB", "Trained service desk"],
        ["First-contact resolution above 65%", "Old tool switched off", "CMDB covers 95% of servers"],
        ["ServiceNow implementation partner from the framework contract"],
        ["Licences bought for three years"],
        ["Andrea Hahn (COO, sponsor)", "Service desk", "IT operations", "All employees"],
        "Andrea Hahn", D(2025, 9, 24))),
    ("DWP-06", _c(
        "Windows 10 support ends and extended security updates cost EUR 58 per device a year. Moving "
        "3,900 devices to Windows 11 with Autopilot also removes the on-premises imaging servers.",
        ["All managed devices on Windows 11 by Q1 2027", "Zero-touch provisioning with Autopilot",
         "Security baseline enforced on every device"],
        ["Image and Autopilot profiles", "Application packaging", "Rollout to head office and 14 regional offices"],
        ["Hardware refresh", "Mobile devices"],
        ["Autopilot profiles", "Packaged applications", "Rollout reports per site"],
        ["98% of devices migrated", "No business-critical application without a Windows 11 package",
         "Imaging servers switched off"],
        ["Existing hardware meets Windows 11 requirements except about 600 devices"],
        ["Rollouts outside quarter-end closing weeks"],
        ["Dr. Ulrike Brandt (CIO, sponsor)", "Regional office managers", "Service desk", "Application owners"],
        "Dr. Ulrike Brandt", D(2026, 2, 25))),
    ("DWP-07", _c(
        "Independent brokers bring 41% of new business but quote through a slow extranet. A mobile app "
        "with quotes, documents and commission statements is expected to raise broker quote volume by "
        "20% and cut broker support calls by a third.",
        ["Quotes for motor and household in under two minutes", "Brokers see their customers' portfolio",
         "Commission statements self-service"],
        ["iOS and Android app for brokers", "Quote, documents, portfolio, commission, messaging"],
        ["Commercial lines quotes", "Customer-facing app"],
        ["App in both stores", "Broker onboarding materials", "Usage analytics dashboard"],
        ["500 active brokers within six months", "Quote volume via brokers +20%", "App store rating at least 4.2"],
        ["Tariff engine offers a quote API"],
        ["Release 1 before the 2027 renewal season"],
        ["Karin Vogt (Head of Broker Sales, sponsor)", "Broker champions", "Underwriting", "Data protection officer"],
        "Karin Vogt", D(2026, 4, 8))),
    ("DWP-08", _c(
        "Underwriters price with quarterly spreadsheets built from three systems. A data platform with "
        "daily KPI marts should improve the motor loss ratio by 0.5 points through faster repricing.",
        ["Daily underwriting KPIs from policy and claims data", "One governed data model (data vault)",
         "Self-service dashboards for underwriters"],
        ["Ingestion from policy administration and claims", "Data vault core", "KPI marts and dashboards",
         "Data catalogue and lineage"],
        ["Finance and Solvency II reporting", "Real-time pricing"],
        ["Data platform in production", "KPI marts", "Dashboards", "Data quality rules"],
        ["KPIs available by 8:00 every working day", "Underwriters use dashboards weekly",
         "Data quality rules pass at 98%"],
        ["Data engineer hire starts February 2027", "Cloud platform approved by information security"],
        ["Investment board approval in January 2027", "Data stays in EU regions"],
        ["Dr. Martin Kühn (Chief Underwriting Officer, sponsor)", "Underwriting", "Actuarial", "Data protection officer"])),
    ("DWP-09", _c(
        "The intranet dates from 2016, cannot be used on phones and its search is the top complaint in the "
        "employee survey. A new intranet on SharePoint is proposed; the business case is being drafted.",
        ["Find any policy or contact in two clicks", "News reaches field staff on their phones"],
        ["Information architecture", "News, people finder, team sites", "Search"],
        ["Document management (DWP-04)", "HR self-service"],
        ["New intranet", "Content owner network", "Governance guide"],
        ["Search satisfaction above 70% in the next employee survey"],
        ["Content owners named in each division"],
        ["Start after DWP-01 tenant consolidation"],
        ["Andrea Hahn (COO, sponsor)", "Corporate communications", "Works council", "All employees"])),
    ("DWP-10", _c(
        "The VPN concentrators reach end of life in 2027 and give every remote user network-wide access. "
        "Zero-trust access grants each user only the applications they need and lets the VPN contract end.",
        ["Replace VPN with identity-aware access for all remote users", "Check device posture before access",
         "End the VPN contract in 2027"],
        ["Web and legacy application access", "Device posture", "Network segmentation of the data centre"],
        ["Branch office WAN", "Customer-facing services"],
        ["Zero-trust access service", "Segmented data-centre network", "VPN decommissioned"],
        ["100% of remote users off the VPN", "No critical finding in the next penetration test"],
        ["Mainframe terminal emulation works through the proxy"],
        ["VPN contract notice by 31 March 2027"],
        ["Dr. Ulrike Brandt (CIO, sponsor)", "Information security officer", "IT operations", "Remote staff"],
        "Dr. Ulrike Brandt", D(2026, 4, 29))),
)
