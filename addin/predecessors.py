"""Predecessor lists as Microsoft Project writes them: ``3``, ``3FS+2``, ``A SS``, ``B FF-1``, ``C SF``.

A list is comma- (or semicolon-) separated. Each entry is a task id, an optional link type (FS, SS,
FF or SF; FS when left out) and an optional lag in working days, signed, with an optional unit:
``d``/``day``/``days`` (working days) or ``w``/``wk``/``week``/``weeks`` (5 working days, as Project
counts a week). The type may touch the id only when the id ends in a digit (``3FS``, ``T12SS``);
after a letter it needs a space (``A SS``), so an id such as ``BOSS`` stays one id. Percentage lags
(``3FS+50%``) and elapsed days (``ed``) are not supported and say so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pmokit.addin.errors import InputError

LINK_TYPES = ("FS", "SS", "FF", "SF")

_ENTRY = re.compile(
    r"""^(?P<id>.*?)
        (?:(?:(?<=\d)|\s+)(?P<kind>FS|SS|FF|SF))?
        \s*(?:(?P<sign>[+-])\s*(?P<lag>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[a-z%]*))?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_UNITS = {"": 1.0, "d": 1.0, "day": 1.0, "days": 1.0, "wd": 1.0,
          "w": 5.0, "wk": 5.0, "wks": 5.0, "week": 5.0, "weeks": 5.0}


@dataclass(frozen=True)
class Link:
    """One dependency: this task waits on ``pred`` by a link type and a lag in working days."""

    pred: str
    kind: str = "FS"
    lag: float = 0.0


def task_id(value: object) -> str:
    """Write a task id as text: Excel's 3.0 becomes ``3``, text is stripped."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse(text: object, row: int | None = None, *, argument: str = "predecessors") -> list[Link]:
    """Read one task's predecessor cell into links; a blank cell gives no links.

    ``parse("3FS+2, A SS, B FF-1")`` gives ``[Link("3", "FS", 2.0), Link("A", "SS", 0.0),
    Link("B", "FF", -1.0)]``. A number (Excel sends 3.0 for a cell holding 3) is one predecessor id.
    Raises :class:`InputError` naming the row and the entry it cannot read.
    """
    if text is None:
        return []
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if isinstance(text, float) and math.isnan(text):
            return []
        return [Link(task_id(text))]
    links: list[Link] = []
    for entry in re.split(r"[,;]", str(text)):
        if not entry.strip():
            continue
        links.append(_parse_entry(entry.strip(), row, argument))
    return links


def _parse_entry(entry: str, row: int | None, argument: str) -> Link:
    m = _ENTRY.match(entry)
    if m is None or not m.group("id").strip():
        raise InputError(argument, f"cannot read '{entry}': write an id with an optional type and "
                                   "lag, e.g. 3FS+2 or A SS", row)
    kind = (m.group("kind") or "FS").upper()
    lag = 0.0
    if m.group("lag") is not None:
        unit = m.group("unit").lower()
        if unit not in _UNITS:
            raise InputError(argument, f"'{entry}': lag unit '{m.group('unit')}' is not supported "
                                       "(use working days, d, or weeks, w)", row)
        lag = float(m.group("lag")) * _UNITS[unit]
        if m.group("sign") == "-":
            lag = -lag
    return Link(m.group("id").strip(), kind, lag)
