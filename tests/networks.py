"""Random project networks for property tests of the critical path and what builds on it."""

from __future__ import annotations

from hypothesis import strategies as st

from pmokit.addin.predecessors import Link

Network = tuple[list[str], list[float], list[list[Link]]]


@st.composite
def networks(draw: st.DrawFn, max_tasks: int = 14) -> Network:
    """Tasks T0, T1, … with 0–9 working days, each linked to up to three earlier tasks by any
    link type with a lag or lead of −3 to +4 days."""
    k = draw(st.integers(min_value=1, max_value=max_tasks))
    durations = draw(st.lists(st.integers(min_value=0, max_value=9), min_size=k, max_size=k))
    preds: list[list[Link]] = []
    for j in range(k):
        chosen = draw(st.lists(st.integers(min_value=0, max_value=max(j - 1, 0)),
                               max_size=min(j, 3), unique=True)) if j else []
        preds.append([Link(f"T{i}", draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                           float(draw(st.integers(min_value=-3, max_value=4)))) for i in chosen])
    return [f"T{i}" for i in range(k)], [float(d) for d in durations], preds


def constraints(data: st.DataObject, k: int, types: list[str],
                latest: int = 30) -> tuple[list[str], list[float]]:
    """A constraint type drawn from ``types`` ("" for ASAP) and a day 0–``latest`` per task."""
    kinds = data.draw(st.lists(st.sampled_from(types), min_size=k, max_size=k))
    days = data.draw(st.lists(st.integers(0, latest).map(float), min_size=k, max_size=k))
    return kinds, days
