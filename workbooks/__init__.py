"""The PMO's data: the standard workbook's schema, model, reading, validation and writing, and the
bundled sample portfolio every command falls back to.

The front door for Python callers (``tests/workbooks/test_front_door.py`` pins it)::

    from pmokit.workbooks import load_portfolio, validate_workbook, sample_path

    portfolio = load_portfolio("my-pmo.xlsx")        # WorkbookError listing every sheet!cell problem
    problems = validate_workbook("my-pmo.xlsx")      # errors first, then governance warnings

Names are imported on first use, so ``import pmokit.workbooks`` stays cheap. Uses the calculation
core (:mod:`pmokit.addin`) and nothing above it: the generators build on this layer, never the
other way (``tests/test_layers.py``).
"""

import importlib as _importlib
import typing as _typing
from importlib import resources as _resources
from pathlib import Path as _Path

_EXPORTS = {
    "load_portfolio": "loader", "read_portfolio": "loader",
    "validate_workbook": "validate", "ValidateOptions": "validate",
    "write_workbook": "writer", "write_blank_workbook": "blank",
    "Problem": "errors", "WorkbookError": "errors", "OutputError": "errors",
    **{name: "model" for name in ("Portfolio", "Project", "Task", "Resource", "Calendar", "Holiday", "StatusReport",
                                  "Milestone", "Risk", "Decision", "Charter", "Throughput")},
}

__all__ = sorted([*_EXPORTS, "sample_path"])


def sample_path() -> _Path:
    """The bundled sample portfolio, ``workbooks/portfolio.xlsx``."""
    return _Path(str(_resources.files(__name__) / "portfolio.xlsx"))


def __getattr__(name: str) -> _typing.Any:
    if name in _EXPORTS:
        return getattr(_importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
