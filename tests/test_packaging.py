"""The wheel pmokit ships (issue 9, packaging): one top-level import name, ``pmokit``, so its
``addin``, ``templates`` and ``workbooks`` can never clash with another distribution's, with every
data file the code opens inside it, and the licence pyproject names."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ["pmokit/templates/deck.pptx", "pmokit/templates/charter.docx", "pmokit/templates/plan.docx",
        "pmokit/workbooks/portfolio.xlsx", "pmokit/workbooks/README.md", "pmokit/addin/pmokit.xlam",
        "pmokit/addin/vba/RibbonPmo.bas", "pmokit/addin/ribbon/customUI.xml"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel built from a copy of the tree (a build writes build/ beside the sources)."""
    tree = tmp_path_factory.mktemp("src") / "pmokit"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info",
                                                              "__pycache__", ".hypothesis", ".mypy_cache", "tests"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(tree)], check=True, capture_output=True, timeout=600)
    (built,) = out.glob("pmokit-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_installs_one_import_name(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist()}
    dist_info = {t for t in tops if t.endswith(".dist-info")}
    assert tops - dist_info == {"pmokit"}
    (info,) = dist_info
    assert wheel.read(f"{info}/top_level.txt").decode().split() == ["pmokit"]
    assert "pmokit = pmokit.generators.cli:main" in wheel.read(f"{info}/entry_points.txt").decode()
    assert not any(n.startswith("pmokit/__init__") for n in wheel.namelist())  # a namespace: no code of its own


def test_every_data_file_the_code_opens_is_inside(wheel: zipfile.ZipFile) -> None:
    assert set(DATA) <= set(wheel.namelist())


def test_the_licence_ships_and_is_the_one_pyproject_names(wheel: zipfile.ZipFile) -> None:
    info = next(n.split("/")[0] for n in wheel.namelist() if ".dist-info/" in n)
    licence = wheel.read(f"{info}/licenses/LICENSE").decode()
    assert licence.startswith("BSD 3-Clause License") and "pmokit contributors" in licence
    metadata = wheel.read(f"{info}/METADATA").decode()
    assert "License-Expression: BSD-3-Clause" in metadata
    assert (ROOT / "LICENSE").read_text() == licence


def test_the_demo_installs_the_runtime_only_and_the_tests_everything() -> None:
    """``.ci/demo`` installed the whole test toolchain (and LibreOffice) just to run the demo."""
    setup = (ROOT / ".ci" / "setup").read_text()
    demo = (ROOT / ".ci" / "demo").read_text()
    run = (ROOT / ".ci" / "run").read_text()
    assert "bash .ci/setup runtime" in demo and "pmokit demo" in demo
    assert "bash .ci/setup\n" in run
    runtime = setup.split('if [ "$mode" = "test" ]; then')[-1].split("else", 1)[1]
    assert 'pip install --progress-bar on -e .' in runtime and "[test]" not in runtime
    assert 'pip install -q -e ".[test,mpp]"' in setup
    for script in ("setup", "demo", "run"):
        subprocess.run(["bash", "-n", str(ROOT / ".ci" / script)], check=True)
