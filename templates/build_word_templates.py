"""Build the default Word templates for charters and plans: ``python -m pmokit.templates.build_word_templates``.

The templates are ordinary Word documents holding docxtpl's Jinja tags, so a PMO rebrands or
rewords them in Word. This script makes them reproducibly from python-docx's default document:
A4, Heading 1–3 (navigation pane and table of contents work), a TOC field Word fills in on opening
(``w:updateFields``), header and footer with project, version and date, tables that fit the page
width with their header row repeated on every page. Variables are the ones
:mod:`pmokit.generators.documents.context` provides; ``tests/generators/documents/test_templates.py``
lints them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
BRAND = RGBColor(0x1F, 0x3A, 0x5F)
HEADER_FILL = "1F3A5F"
TWIPS_PER_CM = 567


def new_document(title: str, kind: str) -> DocumentObject:
    """A4 document with the house styles, header/footer and a title block."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    styles = doc.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)
    for level, size in ((1, 15), (2, 12.5), (3, 11)):
        style = styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.color.rgb = "Calibri", Pt(size), BRAND
    table_text = styles.add_style("Table Text", 1)
    table_text.base_style = styles["Normal"]
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.space_before = Pt(0)
    _header_footer(doc, kind)
    _update_fields_on_open(doc)
    _drop_styles_with_effects(doc)
    doc.add_paragraph(title, style="Title")
    doc.add_paragraph("{{ project.project_id }} · {{ project.name }}", style="Subtitle")
    doc.add_paragraph("Version {{ version }} · {{ as_of }} · {{ project.group }}")
    doc.add_paragraph("Contents", style="TOC Heading")
    _toc(doc)
    doc.core_properties.title = title
    doc.core_properties.author = "pmokit"
    return doc


def _header_footer(doc: DocumentObject, kind: str) -> None:
    right = Cm(TEXT_WIDTH_CM)
    for name in ("Header", "Footer"):  # python-docx's styles carry Letter-size centre/right tabs
        tabs = doc.styles[name].paragraph_format.tab_stops
        for position in (4680, 9360):
            tabs.add_tab_stop(Twips(position), WD_TAB_ALIGNMENT.CLEAR)
    header = doc.sections[0].header.paragraphs[0]
    header.text = f"{{{{ project.project_id }}}} · {{{{ project.name }}}}\t{kind} v{{{{ version }}}}"
    header.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("{{ as_of }}\tPage ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")


def _drop_styles_with_effects(doc: DocumentObject) -> None:
    """Leave out python-docx's stylesWithEffects.xml, an optional Word 2010 copy of styles.xml.

    python-docx adds styles (Header, Footer, ours) to styles.xml only, so the stale copy
    contradicts it: Open XML validators report it, and Word may call it unreadable content.
    Word 2013 and later do not need the part.
    """
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(r_id)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES, TOC …) with a cached result Word refreshes."""
    def fld(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    paragraph.add_run()._r.append(fld("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(fld("separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(fld("end"))


def _toc(doc: DocumentObject) -> None:
    _field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u',
           "The table of contents is filled in when Word opens the document (or press F9).")


def _update_fields_on_open(doc: DocumentObject) -> None:
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # CT_Settings is a sequence: updateFields comes after the zoom/view group; appending at the
    # end would be out of order, so insert it before the first element that must follow it.
    followers = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                 "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                 "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
                 "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                 "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
    for child in settings:
        if any(child.tag == qn(name) for name in followers if not name.startswith("sl:")):
            child.addprevious(update)
            return
    settings.append(update)


def heading(doc: DocumentObject, text: str, level: int = 1) -> None:
    doc.add_heading(text, level)


def text(doc: DocumentObject, value: str, style: str | None = None) -> None:
    doc.add_paragraph(value, style=style)


def paragraphs(doc: DocumentObject, variable: str, style: str | None = None) -> None:
    """One paragraph per item of a list variable (docxtpl's ``{%p %}`` paragraph loop)."""
    doc.add_paragraph(f"{{%p for line in {variable} %}}")
    doc.add_paragraph("{{ line }}", style=style)
    doc.add_paragraph("{%p endfor %}")


def when(doc: DocumentObject, condition: str) -> None:
    """Start a section shown only when ``condition`` holds (docxtpl's ``{%p if %}``)."""
    doc.add_paragraph(f"{{%p if {condition} %}}")


def end(doc: DocumentObject) -> None:
    doc.add_paragraph("{%p endif %}")


def bullets(doc: DocumentObject, variable: str) -> None:
    paragraphs(doc, variable, "List Bullet")


def loop_table(doc: DocumentObject, headers: Sequence[str], cells: Sequence[str],
               widths_cm: Sequence[float], loop: str, keep_together: bool = False) -> Table:
    """A table with a repeated header row and one row per item (docxtpl's ``{%tr %}`` loop);
    ``keep_together`` for short tables that should not break across pages."""
    table = _table(doc, headers, widths_cm, body_rows=3, keep_together=keep_together)
    _row_text(table, 1, [f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1))
    _row_text(table, 2, cells)
    _row_text(table, 3, ["{%tr endfor %}"] + [""] * (len(headers) - 1))
    return table


def bullets_fixed(doc: DocumentObject, items: Sequence[str]) -> None:
    """A bulleted list of the PMO's standard text (reworded in Word)."""
    for item in items:
        doc.add_paragraph(item, style="List Bullet")


def fixed_table(doc: DocumentObject, headers: Sequence[str], rows: Sequence[Sequence[str]],
                widths_cm: Sequence[float]) -> Table:
    table = _table(doc, headers, widths_cm, body_rows=len(rows), keep_together=True)
    for i, row in enumerate(rows, start=1):
        _row_text(table, i, row)
    return table


def label_table(doc: DocumentObject, rows: Sequence[tuple[str, str]], widths_cm: Sequence[float] = (5.0, 12.0)) -> Table:
    """Two columns, labels bold on a tint: the identification block."""
    table = _table(doc, (), widths_cm, body_rows=len(rows), keep_together=True)
    for i, (label, value) in enumerate(rows):
        _row_text(table, i, [label, value])
        cell = table.rows[i].cells[0]
        _shade(cell, "E8EEF5")
        for run in cell.paragraphs[0].runs:
            run.bold = True
    return table


def _table(doc: DocumentObject, headers: Sequence[str], widths_cm: Sequence[float], body_rows: int,
           keep_together: bool = False) -> Table:
    scale = TEXT_WIDTH_CM / sum(widths_cm)
    widths = [w * scale for w in widths_cm]
    has_header = bool(headers)
    table: Table = doc.add_table(rows=body_rows + has_header, cols=len(widths), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(TEXT_WIDTH_CM * TWIPS_PER_CM)))
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(round(width * TWIPS_PER_CM)))
    for index, row in enumerate(table.rows):
        if index or not has_header:  # a body row never breaks across pages
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
            cell.paragraphs[0].style = doc.styles["Table Text"]
            # every row kept with the next: Word's way to keep a short table on one page
            cell.paragraphs[0].paragraph_format.keep_with_next = keep_together or None
    if has_header:
        _row_text(table, 0, headers)
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        tr_pr.append(repeat)
        for cell in table.rows[0].cells:
            _shade(cell, HEADER_FILL)
            for run in cell.paragraphs[0].runs:
                run.bold, run.font.color.rgb = True, RGBColor(0xFF, 0xFF, 0xFF)
    doc.add_paragraph()
    return table


def _row_text(table: Table, index: int, values: Sequence[str]) -> None:
    for cell, value in zip(table.rows[index].cells, values):
        cell.paragraphs[0].add_run(value)


def _shade(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)  # after tcW: the schema's order


def build_charter() -> DocumentObject:
    """The project charter: the PMO's standard sections, in order."""
    doc = new_document("Project charter", "Charter")
    heading(doc, "Project identification")
    label_table(doc, [
        ("Project ID", "{{ project.project_id }}"), ("Project name", "{{ project.name }}"),
        ("Project group", "{{ project.group }}"), ("Sponsor", "{{ project.sponsor }}"),
        ("Project manager", "{{ project.project_manager }}"), ("Methodology", "{{ project.methodology }}"),
        ("Stage", "{{ project.stage }}"), ("Start", "{{ project.start }}"),
        ("Baseline finish", "{{ project.baseline_finish }}"),
        ("Charter version", "{{ version }} of {{ as_of }}"),
    ])
    heading(doc, "Purpose and business case")
    paragraphs(doc, "charter.business_case")
    heading(doc, "Objectives and success criteria")
    heading(doc, "Objectives", 2)
    bullets(doc, "charter.objectives")
    heading(doc, "Success criteria", 2)
    bullets(doc, "charter.success_criteria")
    heading(doc, "Scope")
    heading(doc, "In scope", 2)
    bullets(doc, "charter.in_scope")
    heading(doc, "Out of scope", 2)
    bullets(doc, "charter.out_of_scope")
    heading(doc, "Key deliverables")
    bullets(doc, "charter.deliverables")
    heading(doc, "Summary milestones")
    loop_table(doc, ("Milestone", "Baseline", "Planned", "Actual"),
               ("{{ m.name }}", "{{ m.baseline }}", "{{ m.forecast }}", "{{ m.actual }}"),
               (8, 3, 3, 3), "m in milestones")
    heading(doc, "Summary budget")
    _budget_table(doc)
    text(doc, "{{ budget.covers }}")
    text(doc, "{{ budget.note }}")
    heading(doc, "Estimate confidence")
    _estimate_confidence(doc)
    heading(doc, "Stakeholders and roles")
    loop_table(doc, ("Role", "Name"), ("{{ s.role }}", "{{ s.name }}"), (6, 11), "s in roles", keep_together=True)
    bullets(doc, "charter.stakeholders")
    heading(doc, "Assumptions")
    bullets(doc, "charter.assumptions")
    heading(doc, "Constraints")
    bullets(doc, "charter.constraints")
    heading(doc, "High-level risks")
    _risk_table(doc, "r in top_risks")
    heading(doc, "Approval")
    text(doc, "By signing, the sponsor authorises the project and the project manager's use of "
              "the resources above. {{ charter.approval }}")
    approvals = loop_table(doc, ("Role", "Name", "Signature", "Date"),
                           ("{{ a.role }}", "{{ a.name }}", "", "{{ a.date }}"), (4, 5, 5, 3), "a in approvals", keep_together=True)
    approvals.rows[2].height = Cm(1.3)  # room to sign
    return doc


def _budget_table(doc: DocumentObject) -> None:
    label_table(doc, [
        ("Budget at completion (BAC)", "{{ budget.bac }}"),
        ("Contingency held (management reserve)", "{{ budget.contingency }}"),
        ("Total funding requested (BAC + contingency held)", "{{ budget.total }}"),
        ("Risk reserve at P80 (advice from the risk register, not funded)", "{{ budget.reserve_p80 }}"),
    ], (8, 9))


def _confidence_table(doc: DocumentObject) -> None:
    loop_table(doc, ("Measure", "Baseline", "Planned", "Forecast: most likely", "Forecast P50", "Forecast P80"),
               ("{{ c.measure }}", "{{ c.baseline }}", "{{ c.planned }}", "{{ c.likely }}", "{{ c.p50 }}",
                "{{ c.p80 }}"),
               (4.6, 2.4, 2.4, 2.6, 2.4, 2.4), "c in confidence", keep_together=True)


def _throughput_table(doc: DocumentObject) -> None:
    loop_table(doc, ("Measure", "Value"), ("{{ f.measure }}", "{{ f.value }}"), (7, 10),
               "f in throughput_forecast", keep_together=True)
    text(doc, "{{ throughput_note }}")


def _estimate_confidence(doc: DocumentObject, level: int = 2) -> None:
    """Schedule-risk confidence where the work is planned as tasks, the throughput forecast where
    it is agile (a hybrid has both)."""
    when(doc, "methods.sra")
    heading(doc, "Schedule risk (three-point tasks)", level)
    when(doc, "health_caveat")
    text(doc, "{{ health_caveat }}")
    end(doc)
    _confidence_table(doc)
    text(doc, "{{ confidence_note }}")
    when(doc, "estimate_defaults")
    text(doc, "{{ estimate_defaults }}")
    end(doc)
    end(doc)
    when(doc, "methods.flow")
    heading(doc, "Throughput forecast", level)
    _throughput_table(doc)
    end(doc)


def _risk_drivers(doc: DocumentObject) -> None:
    """The plan's schedule-risk drivers: P80 before and after mitigation, and per risk the days it
    adds (PMO_SRA_RISKS); only when open risks delay tasks."""
    when(doc, "methods.sra and schedule_risk.drivers")
    heading(doc, "Schedule-risk drivers", 2)
    text(doc, "{{ schedule_risk.summary }}")
    loop_table(doc, ("ID", "Risk", "Tasks", "P80 without it", "Days it adds", "P80 with it mitigated",
                     "Days mitigation saves"),
               ("{{ d.risk_id }}", "{{ d.title }}", "{{ d.tasks }}", "{{ d.without }}", "{{ d.adds }}",
                "{{ d.mitigated }}", "{{ d.saves }}"),
               (1.2, 5.0, 1.6, 2.4, 1.8, 2.4, 2.0), "d in schedule_risk.drivers", keep_together=True)
    text(doc, "{{ schedule_risk.note }}")
    end(doc)


def _risk_table(doc: DocumentObject, loop: str) -> None:
    loop_table(doc, ("ID", "Risk", "Prob.", "Impact", "Score", "Owner", "Mitigation", "Status"),
               ("{{ r.risk_id }}", "{{ r.title }}", "{{ r.probability }}", "{{ r.impact }}", "{{ r.score }}",
                "{{ r.owner }}", "{{ r.mitigation }}", "{{ r.status }}"),
               (1.2, 4.0, 1.3, 1.4, 1.3, 2.4, 4.0, 1.9), loop)


def build_plan() -> DocumentObject:
    """The project management plan: the PMO's standard sections, in order."""
    doc = new_document("Project management plan", "Plan")
    heading(doc, "Introduction and objectives")
    paragraphs(doc, "charter.business_case")
    heading(doc, "Objectives", 2)
    bullets(doc, "charter.objectives")
    heading(doc, "Success criteria", 2)
    bullets(doc, "charter.success_criteria")
    heading(doc, "Scope{% if methods.agile and methods.waterfall %}, work breakdown structure and backlog"
                 "{% elif methods.agile %} and backlog{% else %} and work breakdown structure{% endif %}")
    heading(doc, "In scope", 2)
    bullets(doc, "charter.in_scope")
    heading(doc, "Out of scope", 2)
    bullets(doc, "charter.out_of_scope")
    when(doc, "methods.waterfall")
    heading(doc, "Work breakdown structure", 2)
    text(doc, "Planned dates: the start and finish the project manager entered on the Tasks sheet.")
    loop_table(doc, ("WBS", "ID", "Task", "Resource", "PERT days", "Effort (h)", "Planned start",
                     "Planned finish"),
               ("{{ t.wbs }}", "{{ t.task_id }}", "{{ t.name }}", "{{ t.resource }}", "{{ t.duration }}",
                "{{ t.effort }}", "{{ t.planned_start }}", "{{ t.planned_finish }}"),
               (1.3, 1.3, 4.8, 2.6, 1.2, 1.6, 2.1, 2.1), "t in tasks")
    heading(doc, "Schedule")
    text(doc, "Baseline finish (approved): {{ project.baseline_finish }}. Forecast: the critical path of the work "
              "still to do from the status date, at PERT means: {{ critical_path }}, finishing "
              "{{ confidence_finish }}.")
    text(doc, "{{ gantt }}")
    text(doc, "{{ gantt_caption }}", "Caption")
    heading(doc, "Critical path method result (forecast)", 2)
    loop_table(doc, ("ID", "Task", "Forecast early start", "Forecast early finish", "Late start", "Late finish",
                     "Float (d)", "Critical"),
               ("{% cellbg t.fill %}{{ t.task_id }}", "{% cellbg t.fill %}{{ t.name }}",
                "{% cellbg t.fill %}{{ t.start }}", "{% cellbg t.fill %}{{ t.finish }}",
                "{% cellbg t.fill %}{{ t.late_start }}", "{% cellbg t.fill %}{{ t.late_finish }}",
                "{% cellbg t.fill %}{{ t.total_float }}", "{% cellbg t.fill %}{{ t.critical }}"),
               (1.2, 4.7, 2.1, 2.1, 2.1, 2.1, 1.5, 1.4), "t in tasks")
    heading(doc, "Schedule health (DCMA 14-point assessment)", 2)
    doc.add_paragraph("{{ schedule_health_summary }}").paragraph_format.keep_with_next = True
    loop_table(doc, ("Check", "Measured", "Threshold", "Result", "Failing tasks"),
               ("{% cellbg h.fill %}{{ h.check }}", "{% cellbg h.fill %}{{ h.measured }}",
                "{% cellbg h.fill %}{{ h.threshold }}", "{% cellbg h.fill %}{{ h.result }}",
                "{% cellbg h.fill %}{{ h.failing }}"),
               (3.6, 5.6, 2.2, 1.5, 4.3), "h in schedule_health", keep_together=True)
    end(doc)
    when(doc, "methods.agile")
    heading(doc, "Release plan and sprint cadence")
    text(doc, "{{ agile.cadence }}")
    text(doc, "Each release is a milestone in the charter's milestone table; the product owner orders the "
              "backlog so that the items the release needs come first, and the sprint review shows the "
              "steering committee what is done.")
    heading(doc, "Definition of done", 2)
    bullets_fixed(doc, ["Code reviewed and merged; automated tests pass in the pipeline",
                        "Acceptance criteria met and accepted by the product owner",
                        "Security, accessibility and data-protection checks passed",
                        "Documentation and runbooks updated; deployable to production"])
    heading(doc, "Backlog and scope management", 2)
    text(doc, "{{ agile.backlog }}")
    text(doc, "New items join the backlog through the product owner; a change that moves the release date or "
              "the budget beyond the contingency goes to the steering committee as a change request.")
    end(doc)
    heading(doc, "Estimates")
    when(doc, "methods.waterfall")
    heading(doc, "Three-point estimates per task", 2)
    loop_table(doc, ("ID", "Task", "Optimistic", "Most likely", "Pessimistic", "PERT mean", "Criticality",
                     "Forecast P80 finish"),
               ("{{ t.task_id }}", "{{ t.name }}", "{{ t.optimistic }}", "{{ t.most_likely }}",
                "{{ t.pessimistic }}", "{{ t.duration }}", "{{ t.criticality }}", "{{ t.p80_finish }}"),
               (1.1, 4.1, 2.0, 2.0, 2.2, 1.7, 1.9, 2.3), "t in tasks")
    end(doc)
    _estimate_confidence(doc)
    _risk_drivers(doc)
    heading(doc, "Resource plan")
    text(doc, "Demand by role and month in full-time equivalents: this project's, all projects' "
              "together, and the role's capacity from the Resources sheet. Utilisation is all "
              "projects' demand over capacity. {{ loading_note }}")
    loop_table(doc, ("Month", "Role", "This project", "All projects", "Capacity", "Utilisation", "Over-allocated"),
               ("{% cellbg l.fill %}{{ l.month }}", "{% cellbg l.fill %}{{ l.role }}",
                "{% cellbg l.fill %}{{ l.demand }}", "{% cellbg l.fill %}{{ l.all_demand }}",
                "{% cellbg l.fill %}{{ l.capacity }}", "{% cellbg l.fill %}{{ l.utilisation }}",
                "{% cellbg l.fill %}{{ l.flag }}"),
               (2.2, 3.6, 2.0, 2.0, 2.0, 2.0, 3.2), "l in loading")
    heading(doc, "Budget")
    _budget_table(doc)
    text(doc, "{{ budget.covers }} {{ budget.note }}")
    text(doc, "Planned cost by month, from the tasks' baseline costs spread over their planned working days:")
    loop_table(doc, ("Month", "Planned cost", "Cumulative"),
               ("{{ b.month }}", "{{ b.planned }}", "{{ b.cumulative }}"), (5, 6, 6), "b in budget_months")
    heading(doc, "Risk register")
    _risk_table(doc, "r in risks")
    heading(doc, "Quality and compliance")
    text(doc, "{{ governance_summary }}")
    loop_table(doc, ("Where", "Check", "Finding"),
               ("{{ g.where }}", "{{ g.rule }}", "{{ g.message }}"), (3, 4, 10), "g in governance")
    heading(doc, "Governance")
    when(doc, "methods.waterfall")
    heading(doc, "Stage gates", 2)
    loop_table(doc, ("Gate", "Decides", "Status"),
               ("{{ s.gate }}", "{{ s.decides }}", "{{ s.status }}"), (4, 9, 4), "s in stage_gates", keep_together=True)
    end(doc)
    heading(doc, "Steering cadence", 2)
    text(doc, "The steering committee, chaired by {{ project.sponsor }}, meets monthly and at every "
              "{% if methods.waterfall %}stage gate{% else %}release{% endif %}. The project manager, "
              "{{ project.project_manager }}, reports status (RAG, earned value, risks and decisions needed) "
              "to the PMO by the last working day of each month.")
    heading(doc, "Decisions requested", 3)
    loop_table(doc, ("Decision", "Needed by", "Owner", "Status"),
               ("{{ d.decision }}", "{{ d.needed_by }}", "{{ d.owner }}", "{{ d.status }}"),
               (9, 3, 3, 2), "d in decisions")
    heading(doc, "Communication plan")
    fixed_table(doc, ("Audience", "Content", "Frequency", "Channel", "Owner"), [
        ("Steering committee", "Status report, decisions needed", "Monthly", "Meeting", "{{ project.project_manager }}"),
        ("Sponsor", "Progress, escalations", "Fortnightly", "1:1", "{{ project.project_manager }}"),
        ("PMO", "Status, EVM figures, risks", "Monthly", "Workbook", "{{ project.project_manager }}"),
        ("Project team", "Plan, priorities, changes", "Weekly", "Stand-up", "{{ project.project_manager }}"),
        ("Stakeholders", "Milestones reached", "At milestones", "E-mail", "{{ project.sponsor }}"),
    ], (3.5, 5, 2.6, 2.4, 3.5))
    heading(doc, "RACI")
    fixed_table(doc, ("Activity", "Sponsor", "Project manager", "Team", "PMO"), [
        ("Approve charter and budget", "A", "R", "I", "C"),
        ("Maintain plan and schedule", "I", "A/R", "C", "C"),
        ("Deliver {% if methods.waterfall %}work packages{% else %}backlog items{% endif %}", "I", "A", "R", "I"),
        ("Manage risks and issues", "C", "A/R", "R", "I"),
        ("Approve changes", "A", "R", "C", "C"),
        ("{% if methods.waterfall %}Stage gate{% else %}Release{% endif %} decision", "A/R", "R", "I", "C"),
    ], (6, 2.7, 3, 2.6, 2.7))
    text(doc, "R responsible, A accountable, C consulted, I informed. Sponsor: {{ project.sponsor }}; "
              "project manager: {{ project.project_manager }}.")
    heading(doc, "Change control")
    text(doc, "Every change to scope, schedule baseline or budget is raised as a change request, "
              "assessed by the project manager for its effect on cost, time, risk and benefits, and "
              "decided by the sponsor (within the contingency) or the steering committee (beyond "
              "it). Approved changes update the workbook's baseline and this plan's version.")
    return doc


def build(folder: Path = HERE) -> list[Path]:
    """Write charter.docx and plan.docx into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in (("charter.docx", build_charter), ("plan.docx", build_plan)):
        target = folder / name
        builder().save(str(target))
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(f"Wrote {path}")
