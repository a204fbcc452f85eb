"""The PMO's data: the standard workbook's schema, model, reading, validation and writing, and the
bundled sample portfolio every command falls back to.

Uses the calculation core (:mod:`pmokit.addin`) and nothing above it: the generators build on this
layer, never the other way (``tests/test_layers.py``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_path() -> Path:
    """The bundled sample portfolio, ``workbooks/portfolio.xlsx``."""
    return Path(str(resources.files(__name__) / "portfolio.xlsx"))
