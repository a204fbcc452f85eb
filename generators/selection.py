"""Which projects a deck or a document is about: every project, some IDs, or one group — checked.

A selection that names something the workbook does not have is refused with what it does have
(an unknown ID is never dropped silently), and a selection with no project in it is "nothing to
do", not an empty deck. IDs and group names match as the validator compares them (surrounding
spaces and case ignored; the workbook cannot hold two IDs that differ only so), after the one
text rule (:func:`pmokit.workbooks.text.clean`) the generators apply to the portfolio.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pmokit.addin.errors import PmoError
from pmokit.workbooks.model import Portfolio
from pmokit.workbooks.text import clean

SHOWN = 12  # IDs or groups listed in a message before "…"


class SelectionError(PmoError):
    """The projects asked for are not in the workbook, or there are none."""

    exit_code = 1


def workbook_name(portfolio: Portfolio) -> str:
    """The workbook's file name for messages ("the workbook" for a portfolio built in code)."""
    return Path(portfolio.source).name if portfolio.source else "the workbook"


def _fold(text: str) -> str:
    """How names are compared: the one text rule (a caller's ID may still hold a character the
    portfolio's text lost), then without surrounding spaces and case."""
    return clean(text).strip().casefold()


def _listed(values: Sequence[str]) -> str:
    shown = ", ".join(values[:SHOWN])
    return (shown + (" …" if len(values) > SHOWN else "")) or "none"


def project_ids(portfolio: Portfolio, wanted: Sequence[str] | None) -> list[str]:
    """The workbook's IDs for ``wanted`` (every project for ``None``), in the order asked;
    :class:`SelectionError` naming the unknown ones and the IDs there are, or saying there is
    nothing to do when the workbook has no project."""
    known = [p.project_id for p in portfolio.projects]
    if not known:
        raise SelectionError(f"nothing to do: {workbook_name(portfolio)} has no projects on its Projects sheet")
    if wanted is None:
        return known
    by_fold = {_fold(i): i for i in known}
    unknown = [w for w in wanted if _fold(w) not in by_fold]
    if unknown or not wanted:
        what = ", ".join(repr(u) for u in unknown) if unknown else "''"
        raise SelectionError(f"Projects: {workbook_name(portfolio)} has no project with ID {what} "
                             f"(IDs: {_listed(known)})")
    return list(dict.fromkeys(by_fold[_fold(w)] for w in wanted))


def select(portfolio: Portfolio, wanted: Sequence[str] | None = None, group: str | None = None) -> Portfolio:
    """The portfolio narrowed to ``wanted`` IDs (in that order) and / or one project ``group``,
    every name checked (:class:`SelectionError`)."""
    ids = project_ids(portfolio, wanted)
    if group is not None:
        groups = list(dict.fromkeys(p.group for p in portfolio.projects if p.group.strip()))
        match = [g for g in groups if _fold(g) == _fold(group)]
        if not match:
            raise SelectionError(f"Projects: {workbook_name(portfolio)} has no project group {group!r} "
                                 f"(groups: {_listed(groups)})")
        in_group = {p.project_id for p in portfolio.projects if p.group == match[0]}
        outside = [i for i in ids if i not in in_group]
        if wanted is not None and outside:
            raise SelectionError(f"Projects: {', '.join(outside)} {'is' if len(outside) == 1 else 'are'} not "
                                 f"in the group {match[0]!r} (its IDs: {_listed(sorted(in_group))})")
        ids = [i for i in ids if i in in_group]
    return portfolio.select(ids)


def portfolio_title(portfolio: Portfolio, title: str | None = None) -> str:
    """The name a deck gives the portfolio, the same on every run: ``title`` when given, else the
    group every project shares, else the workbook's file name, else "Project portfolio"."""
    if title and title.strip():
        return title.strip()
    groups = {p.group.strip() for p in portfolio.projects}
    if len(groups) == 1 and "" not in groups:
        return groups.pop()
    if portfolio.source:
        return Path(portfolio.source).stem
    return "Project portfolio"
