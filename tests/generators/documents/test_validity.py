"""The documents are valid Office Open XML and LibreOffice renders them to a PDF that exists."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openxml_audit import OpenXmlValidator

from pmokit.generators.documents import DocumentOptions
from pmokit.generators.documents.writer import render_charter, render_plan

from .conftest import DEMAND, FINDINGS, make_figures, make_portfolio

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
AS_OF = dt.date(2027, 1, 4)
# python-docx's own default template fails two semantic checks: its stylesWithEffects.xml (an
# optional Word 2010 copy of styles.xml) goes stale as soon as python-docx adds Header/Footer
# styles. Our templates drop that part, so our documents must show none of these; the blank
# python-docx document below shows they are the default template's, not ours.
PYTHON_DOCX_DEFAULT_FINDINGS = ("styles.xml contains 4 style(s) not in stylesWithEffects",
                                "docDefaults differ between styles.xml and stylesWithEffects")


def _documents(tmp_path: Path) -> dict[str, Path]:
    portfolio = make_portfolio(name="R&D <team> {{ x }}")
    figures, options = make_figures(portfolio), DocumentOptions(currency="€")
    charter = render_charter(portfolio, figures, options, AS_OF, TEMPLATES / "charter.docx")
    plan = render_plan(portfolio, figures, DEMAND, FINDINGS, options, AS_OF, TEMPLATES / "plan.docx")
    paths = {"charter": tmp_path / "charter.docx", "plan": tmp_path / "plan.docx"}
    charter.save(paths["charter"])
    plan.save(paths["plan"])
    return paths


def test_the_known_findings_belong_to_python_docx_default_template(tmp_path: Path) -> None:
    blank = Document()
    blank.sections[0].header.paragraphs[0].text = "header"
    blank.save(str(tmp_path / "blank.docx"))
    errors = [str(e) for e in OpenXmlValidator().validate(str(tmp_path / "blank.docx")).errors]
    assert all(any(known in e for e in errors) for known in PYTHON_DOCX_DEFAULT_FINDINGS)


def test_charter_and_plan_are_valid_open_xml(tmp_path: Path) -> None:
    for name, path in _documents(tmp_path).items():
        result = OpenXmlValidator(max_errors=50).validate(str(path))
        assert result.is_valid, (name, [str(e) for e in result.errors])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_both_to_a_pdf(tmp_path: Path) -> None:
    paths = _documents(tmp_path)
    out = tmp_path / "pdf"
    profile = tmp_path / "profile"
    # LibreOffice exits 0 even when it wrote nothing: the PDFs themselves are the test
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, paths.values())], capture_output=True, timeout=240)
    for name in paths:
        pdf = out / f"{name}.pdf"
        assert pdf.is_file() and pdf.stat().st_size > 10_000, f"LibreOffice wrote no {name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
            assert "R&D <team> {{ x }}" in text
