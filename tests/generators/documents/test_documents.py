"""Charters and plans reopened with python-docx: the sections in order and the key values against
the workbook and the calculation core (pmokit.addin.schedule's CPM, pmokit.addin.loading's spread)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from pmokit.addin.errors import PmoError
from pmokit.addin.schedule import cpm, critical_path
from pmokit.generators.documents import DocumentOptions, write_charters, write_plan
from pmokit.generators.documents import writer
from pmokit.generators.documents.filenames import id_token
from pmokit.workbooks.errors import OutputError
from pmokit.workbooks.model import Portfolio

from .conftest import DEMAND, FINDINGS, IDS, MEANS, NAMES, PREDS, make_figures, make_portfolio

AS_OF = dt.date(2027, 1, 4)
OPTIONS = DocumentOptions(version="2.1", as_of=AS_OF, currency="€")
CHARTER_SECTIONS = ["Project identification", "Purpose and business case", "Objectives and success criteria",
                    "Scope", "Key deliverables", "Summary milestones", "Summary budget", "Estimate confidence",
                    "Stakeholders and roles", "Assumptions", "Constraints", "High-level risks", "Approval"]
# The test project is Hybrid: the waterfall sections and the agile ones (issue 11).
PLAN_SECTIONS = ["Introduction and objectives", "Scope, work breakdown structure and backlog", "Schedule",
                 "Release plan and sprint cadence", "Estimates",
                 "Resource plan", "Budget", "Risk register", "Quality and compliance", "Governance",
                 "Communication plan", "RACI", "Change control"]


@pytest.fixture(autouse=True)
def _hand_built_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writers' compute stage, replaced by the figures of conftest (built from pmokit.addin.schedule)."""
    monkeypatch.setattr(writer, "_figures", lambda portfolio, pid, options, as_of: make_figures(portfolio, pid))
    calls = itertools.count()  # write_plan asks for the project's demand, then all projects'
    monkeypatch.setattr(writer.analysis, "resource_demand", lambda portfolio, months=None: DEMAND[next(calls) % 2])
    monkeypatch.setattr(writer, "governance_findings", lambda portfolio, pid, as_of: FINDINGS)


def _headings(doc: DocumentObject, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def _table(doc: DocumentObject, *headers: str) -> list[list[str]]:
    """The rows of the first table whose header row starts with ``headers``."""
    for t in doc.tables:
        head = [c.text for c in t.rows[0].cells]
        if head[:len(headers)] == list(headers):
            return [[c.text for c in row.cells] for row in t.rows]
    raise AssertionError(f"no table headed {headers!r}")


def _labels(doc: DocumentObject) -> dict[str, str]:
    return {row.cells[0].text: row.cells[1].text for t in doc.tables for row in t.rows if len(row.cells) == 2}


def test_the_charter_has_the_standard_sections_and_the_workbook_values(tmp_path: Path) -> None:
    portfolio = make_portfolio()
    (path,) = write_charters(portfolio, ["PRJ-001"], tmp_path, OPTIONS)
    assert path.name == "PRJ-001 CRM Replacement - Charter.docx"
    doc = Document(str(path))
    assert _headings(doc, 1) == CHARTER_SECTIONS
    labels = _labels(doc)
    project = portfolio.projects[0]
    assert labels["Sponsor"] == project.sponsor and labels["Project manager"] == project.project_manager
    assert labels["Start"] == "4 Jan 2027" and labels["Baseline finish"] == "15 Jan 2027"
    assert labels["Charter version"] == "2.1 of 4 Jan 2027"
    # budget: BAC; no contingency held, so funding requested is the BAC alone; the P80 risk reserve
    # (12,500 in the figures) beside it as advice, never added to the funding (issue 11)
    assert labels["Budget at completion (BAC)"] == "€100,000"
    assert labels["Contingency held (management reserve)"] == "none held"
    assert labels["Risk reserve at P80 (advice from the risk register, not funded)"] == "€12,500"
    assert labels["Total funding requested (BAC + contingency held)"] == "€100,000"
    confidence = _table(doc, "Measure")
    # baseline = the Projects sheet's approved finish; planned = the Tasks sheet's (none entered here)
    assert confidence[1] == ["Finish date", "15 Jan 2027", "n/a", "14 Jan 2027", "15 Jan 2027", "20 Jan 2027"]
    # CPM by hand (conftest): A–C–D is 3.17 + 4.33 + 1.17 = 8.67 working days from Mon 4 Jan;
    # counted inclusively that is 9 working days, Mon 4 Jan to Thu 14 Jan
    # P50 15 Jan is 10 working days from Mon 4 Jan, P80 Wed 20 Jan 13
    # the baseline finish Fri 15 Jan is the 10th working day from Mon 4 Jan
    assert confidence[2] == ["Duration (working days from the start)", "10", "n/a", "9", "10", "13"]
    # effort: 8 h × most likely days summed over the tasks (3+2+4+1+0 = 10 days → 80 h) is the
    # planned effort (no approved effort in the workbook); P50/P80 stated
    assert confidence[3] == ["Effort (hours)", "n/a", "80", "80", "200", "240"]  # most likely = the entered effort
    assert _table(doc, "Milestone")[1] == ["Go-live", "15 Jan 2027", "18 Jan 2027", ""]
    risks = _table(doc, "ID", "Risk")
    assert risks[1][:2] == ["R1", "Vendor delay"] and risks[1][2] == "30%"
    approvals = _table(doc, "Role", "Name", "Signature")[1:]
    assert approvals[0] == ["Sponsor", "Dana Whitfield", "", "1 Dec 2026"]  # signed: dated from the workbook
    assert [p.text for p in doc.paragraphs if p.style.name == "List Bullet"][:2] == ["Single customer view",
                                                                                    "Retire legacy CRM"]
    assert doc.sections[0].header.paragraphs[0].text == "PRJ-001 · CRM Replacement\tCharter v2.1"
    assert doc.sections[0].footer.paragraphs[0].text.startswith("4 Jan 2027\tPage ")
    assert doc.core_properties.title == "Project charter: PRJ-001 CRM Replacement"


def test_the_plan_shows_the_cpm_result_of_the_calculation_core(tmp_path: Path) -> None:
    portfolio = make_portfolio()
    path = write_plan(portfolio, "PRJ-001", tmp_path, OPTIONS)
    doc = Document(str(path))
    assert _headings(doc, 1) == PLAN_SECTIONS
    result = cpm(IDS, MEANS, PREDS)
    assert critical_path(result) == ["A", "C", "D", "M"]  # by hand, see conftest
    assert any("the critical path of the work still to do from the status date, at PERT means: A → C → D → M,"
               in p.text for p in doc.paragraphs)
    wbs = _table(doc, "WBS")
    assert [row[1] for row in wbs[1:]] == IDS and [row[2] for row in wbs[1:]] == NAMES
    assert wbs[1][4:6] == ["3.2", "24"]  # PERT mean (2 + 4·3 + 5)/6 = 3.17; effort 8 h × 3 from Tasks
    schedule = _table(doc, "ID", "Task")
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Task" and t.rows[0].cells[2].text == "Forecast early start")
    for k, row in enumerate(schedule[1:]):
        assert row[6] == (f"{result.total_float[k]:.1f}".rstrip("0").rstrip(".") or "0")
        assert (row[7] == "Yes") == bool(result.critical[k])
        fill = table.rows[k + 1].cells[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
        assert (fill == "F6D5D1") == bool(result.critical[k]), "critical rows are shaded, others not"
    assert schedule[2][2:4] == ["7 Jan 2027", "11 Jan 2027"]  # B: starts after A's 3.17 days, 2.17 long
    # the Gantt chart is an inline picture in the document
    assert len(doc.inline_shapes) == 1
    # resource plan: Developer in January is 1.5 FTE against 1.0: flagged, by 0.50 FTE; Analyst
    # 0.5 here + 0.25 elsewhere = 0.75 of 1.0; the project's Developer need in Feb (0.2) is listed
    loading = _table(doc, "Month", "Role")
    assert loading[1:] == [["Jan 2027", "Analyst", "0.50", "0.75", "1.00", "75%", ""],
                           ["Jan 2027", "Developer", "1.50", "1.50", "1.00", "150%", "Yes, by 0.50 FTE"],
                           ["Feb 2027", "Developer", "0.20", "0.20", "1.00", "20%", ""]]
    # budget by month: every task's baseline cost falls in January; the total is conserved
    assert _table(doc, "Month", "Planned cost")[1:] == [["Jan 2027", "€100,000", "€100,000"]]
    governance = _table(doc, "Where", "Check")
    assert governance[1] == ["Projects!F2", "baseline set", "baseline finish is before forecast finish"]
    gates = _table(doc, "Gate", "Decides")
    assert [row[2] for row in gates[1:]] == ["Passed", "Next", "Planned", "Planned"]  # stage "Plan"


def test_all_charters_one_per_project_with_safe_names(tmp_path: Path) -> None:
    base = make_portfolio()
    hostile = make_portfolio(name="../../CON: R&D <team>")
    second = hostile.projects[0].__class__(**{**hostile.projects[0].__dict__, "project_id": "PRJ/002"})
    portfolio = Portfolio(projects=(base.projects[0], second), tasks=base.tasks, charters=base.charters,
                          risks=base.risks, milestones=base.milestones)
    steps: list[tuple[int, int, str]] = []
    written = write_charters(portfolio, None, tmp_path, OPTIONS, on_step=lambda *s: steps.append(s))
    assert [p.parent for p in written] == [tmp_path.resolve()] * 2
    # "PRJ/002" is not a plain ID (its "/" cannot stay), so its hash keeps it apart from a "PRJ_002"
    assert written[1].name == f"{id_token('PRJ/002')} _.._CON_ R&D _team_ - Charter.docx"
    assert id_token("PRJ/002").startswith("PRJ_002~")
    assert steps[-1] == (2, 2, "done") and steps[0][:2] == (0, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)


def test_an_unknown_project_id_names_it(tmp_path: Path) -> None:
    with pytest.raises(PmoError, match="no project with ID 'PRJ-404'"):
        write_plan(make_portfolio(), "PRJ-404", tmp_path, OPTIONS)
    with pytest.raises(PmoError, match="'PRJ-404'"):
        write_charters(make_portfolio(), ["PRJ-001", "PRJ-404"], tmp_path, OPTIONS)
    assert list(tmp_path.iterdir()) == []  # checked before anything is written


def test_a_failed_write_leaves_the_previous_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    portfolio = make_portfolio()
    (path,) = write_charters(portfolio, ["PRJ-001"], tmp_path, OPTIONS)
    before = path.read_bytes()

    def fail_halfway(self: object, target: str) -> None:
        Path(target).write_bytes(b"PK half a zip")
        raise OSError("disk unplugged")

    monkeypatch.setattr(writer.RenderedDocument, "save", fail_halfway)
    with pytest.raises(OutputError, match="disk unplugged"):
        write_charters(portfolio, ["PRJ-001"], tmp_path, OPTIONS)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_an_unwritable_folder_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        write_plan(make_portfolio(), "PRJ-001", blocker / "sub", OPTIONS)


def test_the_package_exports_exactly_its_front_door() -> None:
    import pmokit.generators.documents as documents

    assert documents.__all__ == ["DocumentOptions", "write_charters", "write_plan"]
    assert DocumentOptions().template is None and DocumentOptions().version == "1.0"


def test_rendered_tables_repeat_their_header_rows_and_fit_the_page(tmp_path: Path) -> None:
    path = write_plan(make_portfolio(), "PRJ-001", tmp_path, OPTIONS)
    doc = Document(str(path))
    text_width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    headed = 0
    for table in doc.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) * 635 <= text_width + 635 * len(grid)  # twips → EMU, rounding per column
        tr_pr = table.rows[0]._tr.trPr
        if tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None:
            headed += 1
            for row in table.rows[1:]:  # body rows are not headers and never split across pages
                assert row._tr.trPr.find(qn("w:tblHeader")) is None
                assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert headed == len(doc.tables) - 1  # every table has a header row but the budget's label table


def test_the_contents_field_stores_the_headings_for_readers_other_than_word(tmp_path: Path) -> None:
    (path,) = write_charters(make_portfolio(), ["PRJ-001"], tmp_path, OPTIONS)
    doc = Document(str(path))
    body = doc.element.body
    chars = [c.get(qn("w:fldCharType")) for c in body.iter(qn("w:fldChar"))]
    assert chars[:3] == ["begin", "separate", "end"]  # still one TOC field Word rebuilds on opening
    start = next(i for i, p in enumerate(doc.paragraphs) if "TOC" in p._p.xml and "instrText" in p._p.xml)
    end = next(i for i, p in enumerate(doc.paragraphs) if 'w:fldCharType="end"' in p._p.xml and i >= start)
    stored = [p.text for p in doc.paragraphs[start:end + 1]]
    level_one = [t for t in stored if t in CHARTER_SECTIONS]
    assert level_one == CHARTER_SECTIONS
    assert stored[3:5] == ["Objectives", "Success criteria"]  # Heading 2 under its Heading 1


def test_a_very_long_project_name_still_gives_a_charter_and_a_plan(tmp_path: Path) -> None:
    """Issue 9: a name over ~230 characters broke Word's 255-character title property and
    stopped charters and plans with an internal error."""
    name = "Enterprise-wide replacement of the customer relationship management platform " * 5
    portfolio = make_portfolio(name=name.strip())
    (charter,) = write_charters(portfolio, ["PRJ-001"], tmp_path, OPTIONS)
    plan = write_plan(portfolio, "PRJ-001", tmp_path, OPTIONS)
    for path in (charter, plan):
        doc = Document(str(path))
        title = doc.core_properties.title
        assert len(title) <= 255 and title.endswith("…") and title.startswith("Project")
        assert name.strip() in "\n".join(p.text for p in doc.paragraphs)
        assert len(path.name) < 160
