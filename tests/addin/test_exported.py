"""The Excel surface's front door is pinned: exactly the PMO_* functions of issues 2 and 12."""

from __future__ import annotations

import pmokit.addin.functions

# Issue 2, "The functions", in its order.
ISSUE_2 = [
    "PMO_PERT", "PMO_PERT_SD", "PMO_PERT_PROB", "PMO_MC", "PMO_MC_TABLE", "PMO_COCOMO",
    "PMO_COCOMO_SCHEDULE", "PMO_FORECAST", "PMO_FORECAST_ITEMS", "PMO_CPM", "PMO_SRA",
    "PMO_SRA_TABLE", "PMO_LOAD", "PMO_UTILISATION", "PMO_OVERLOAD", "PMO_EVM", "PMO_ES",
    "PMO_VARIANCE", "PMO_RAG", "PMO_RISK_SCORE", "PMO_EMV", "PMO_RISK_RESERVE",
]
# Issue 12: schedule health; which risks drive the date; the tornado of a Monte Carlo total.
ISSUE_12 = ["PMO_SCHEDULE_CHECK", "PMO_SRA_RISKS", "PMO_TORNADO"]
EXPORTED = ISSUE_2 + ISSUE_12


def test_all_is_the_issue_list() -> None:
    assert pmokit.addin.functions.__all__ == EXPORTED


def test_public_names_are_exactly_all() -> None:
    public = {name for name in vars(pmokit.addin.functions) if not name.startswith("_")}
    assert public - {"annotations"} == set(EXPORTED)


def test_every_exported_name_is_a_function_with_a_docstring() -> None:
    for name in EXPORTED:
        function = getattr(pmokit.addin.functions, name)
        assert callable(function) and function.__name__ == name
        assert function.__doc__ and function.__doc__.strip()
