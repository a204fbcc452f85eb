"""The standard PMO workbook and the bundled sample portfolio every command falls back to."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_path() -> Path:
    """The bundled sample portfolio, ``workbooks/portfolio.xlsx``."""
    return Path(str(resources.files(__name__) / "portfolio.xlsx"))
