"""Part names in constant time, so a deck's cost grows linearly with its slides.

python-pptx names each new part (chart, embedded workbook, notes slide) by walking every part of
the package (``OpcPackage.next_partname`` → ``iter_parts``), so adding n parts costs O(n²) —
python-pptx issue #644 ("Poor performance when creating a big presentation"; the fix proposed in
PR #646 was never merged). We give the package one allocator that remembers the names in use.
"""

from __future__ import annotations

from pptx.opc.packuri import PackURI
from pptx.presentation import Presentation as PresentationType


class PartNames:
    """The next free name for a part-name template such as ``/ppt/charts/chart%d.xml``."""

    def __init__(self, used: set[str]) -> None:
        self._used = used
        self._next: dict[str, int] = {}

    def __call__(self, tmpl: str) -> PackURI:
        n = self._next.get(tmpl, 1)
        while tmpl % n in self._used:
            n += 1
        name = tmpl % n
        self._used.add(name)
        self._next[tmpl] = n + 1
        return PackURI(name)


def install(prs: PresentationType) -> None:
    """Make ``prs``'s package name new parts with a :class:`PartNames` (an instance attribute that
    shadows python-pptx's method for this one package)."""
    package = prs.part.package
    used = {str(p.partname) for p in package.iter_parts()}
    package.next_partname = PartNames(used)  # type: ignore[method-assign]
