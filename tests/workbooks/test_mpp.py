"""The ``.mpp`` route through MPXJ (the optional extra ``pmokit[mpp]``).

MPXJ cannot write ``.mpp`` files and none may be shipped here, so the route is checked on what
MPXJ reads by content whatever the name: an MSPDI fixture named ``.mpp`` goes through MPXJ's
UniversalProjectReader and MSPDIWriter and must give the rows a direct import gives. CI installs
the extra and a Java runtime (``.ci/setup``), so this runs there; it skips only on a developer's
machine without them. The message a user then gets is tested in ``tests/generators/test_cli_plans.py``.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pmokit.workbooks.importing import read_plan
from pmokit.workbooks.mspdi import read_mspdi
from pmokit.workbooks.plan_import import plan_rows

pytest.importorskip("mpxj")
pytest.importorskip("jpype")
FIXTURES = Path(__file__).parent / "fixtures"


def test_a_plan_read_through_mpxj_gives_the_same_rows(tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime")
    for fixture in ("progress", "links", "summary_links"):
        mpp = tmp_path / f"{fixture}.mpp"
        shutil.copyfile(FIXTURES / f"{fixture}.xml", mpp)
        direct = plan_rows(read_mspdi(FIXTURES / f"{fixture}.xml"), "P1")
        through = plan_rows(read_plan(mpp), "P1")
        # MPXJ fills in the outline number a hand-written fixture leaves out, as Microsoft Project would
        assert [replace(t, wbs="") for t in through.tasks] == [replace(t, wbs="") for t in direct.tasks], fixture
        assert all(d.wbs in ("", t.wbs) for d, t in zip(direct.tasks, through.tasks))
        assert through.milestones == direct.milestones
