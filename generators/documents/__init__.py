"""Project charters and project management plans in Word, from the PMO workbook.

``write_charters`` and ``write_plan`` fill the PMO's Word template (default: ``templates/``) with
the project's figures from :mod:`pmokit.generators.analysis`; see ``ANALYSIS.md`` beside this file.
"""

from __future__ import annotations

from pmokit.generators.documents.options import DocumentOptions
from pmokit.generators.documents.writer import write_charters, write_plan

__all__ = ["DocumentOptions", "write_charters", "write_plan"]
