"""pmokit's Excel functions: estimates, schedules, resource loading, variance and risk in a cell.

The one front door of the Excel surface, and the module the add-in imports (``UDF_MODULES =
pmokit.addin.functions``). Each ``PMO_*`` function converts its cells (:mod:`pmokit.addin.cells`), calls the
calculation core and shapes the answer: one value, a column that spills down, or a labelled
table with a header row (native dynamic arrays, not xlwings' legacy ``expand``). Wizard help,
error handling and shared readings live in :mod:`pmokit.addin.udf`. Outside Excel the same names are
plain Python callables: ``PMO_PERT(2, 4, 12)`` is ``5.0``, as the cell shows.
"""

from __future__ import annotations

from pmokit.addin.udf_estimating import (
    PMO_COCOMO,
    PMO_COCOMO_SCHEDULE,
    PMO_EMV,
    PMO_FORECAST,
    PMO_FORECAST_ITEMS,
    PMO_MC,
    PMO_MC_TABLE,
    PMO_PERT,
    PMO_PERT_PROB,
    PMO_PERT_SD,
    PMO_RISK_RESERVE,
    PMO_RISK_SCORE,
    PMO_TORNADO,
)
from pmokit.addin.udf_scheduling import (
    PMO_CPM,
    PMO_LOAD,
    PMO_OVERLOAD,
    PMO_SCHEDULE_CHECK,
    PMO_SRA,
    PMO_SRA_RISKS,
    PMO_SRA_TABLE,
    PMO_UTILISATION,
)
from pmokit.addin.udf_variance import PMO_ES, PMO_EVM, PMO_RAG, PMO_VARIANCE

__all__ = [
    "PMO_PERT", "PMO_PERT_SD", "PMO_PERT_PROB", "PMO_MC", "PMO_MC_TABLE", "PMO_COCOMO",
    "PMO_COCOMO_SCHEDULE", "PMO_FORECAST", "PMO_FORECAST_ITEMS", "PMO_CPM", "PMO_SRA",
    "PMO_SRA_TABLE", "PMO_LOAD", "PMO_UTILISATION", "PMO_OVERLOAD", "PMO_EVM", "PMO_ES",
    "PMO_VARIANCE", "PMO_RAG", "PMO_RISK_SCORE", "PMO_EMV", "PMO_RISK_RESERVE",
    "PMO_SCHEDULE_CHECK",
    # issue 12: which risks drive the date; the tornado of a Monte Carlo total
    "PMO_SRA_RISKS", "PMO_TORNADO",
]
