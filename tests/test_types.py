"""Types are checked strictly from the start (STYLE 13): mypy --strict over addin and generators."""

from __future__ import annotations

from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_is_clean() -> None:
    out, err, status = mypy_api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental",
                                     str(ROOT / "addin"), str(ROOT / "generators")])
    assert status == 0, out + err
