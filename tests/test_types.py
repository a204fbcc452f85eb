"""Types are checked strictly from the start (STYLE 13): mypy --strict over every package.

pmokit's packages are imported as ``pmokit.addin``, ``pmokit.workbooks``, ``pmokit.generators``
(pyproject maps the repository's top-level folders to those names), and mypy does not run the
editable install's import hook, so the check runs over a tree of links that spells the names out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("addin", "workbooks", "generators")


def test_mypy_strict_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "pmokit"
    tree.mkdir()
    for name in PACKAGES:
        (tree / name).symlink_to(ROOT / name, target_is_directory=True)
    monkeypatch.setenv("MYPYPATH", str(tmp_path))
    packages = [arg for name in PACKAGES for arg in ("-p", f"pmokit.{name}")]
    out, err, status = mypy_api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental",
                                     "--cache-dir", str(tmp_path / "cache"), *packages])
    assert status == 0, out + err
