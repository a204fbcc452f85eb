"""Do-nothing Excel functions registered exactly as pmokit's: the floor of a call's cost.

Each ``NOOP_<NAME>`` has the arguments, wizard help and registration of the ``PMO_<NAME>`` it
stands for (the same :func:`pmokit.addin.udf.udf` decorator, so the same xlwings argument
options, error wrapper and routes) and answers at once with constants of the shape the real
function answers (one value, or PMO_EVM's 14 × 2 table), so xlwings reads and writes as many
cells for both. Timed beside the real function it shows what pmokit adds to the cost xlwings
pays on every call anyway.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from pmokit.addin import udf
from pmokit.addin.evm import EVM_METRICS
from pmokit.addin.functions import PMO_EVM, PMO_PERT


def noop_like(function: Callable[..., Any],
              answer: Callable[..., Any] = lambda *args: 0.0) -> Callable[..., Any]:
    """A function with ``function``'s arguments that returns ``answer(*args)`` and does nothing
    else, registered the same way."""
    original = inspect.unwrap(function)

    @functools.wraps(original)
    def noop(*args: Any) -> Any:
        return answer(*args)

    noop.__name__ = noop.__qualname__ = function.__name__.replace("PMO_", "NOOP_")
    return udf.udf(getattr(function, "example"))(noop)


#: PMO_EVM's answer without a metric: the header row and 13 labelled values.
EVM_TABLE = [["Metric", "Value"], *[[label, 0.0] for label in EVM_METRICS.values()]]

NOOP_PERT = noop_like(PMO_PERT)
NOOP_EVM = noop_like(PMO_EVM, lambda *args: 0.0 if args[4] is not None else EVM_TABLE)
