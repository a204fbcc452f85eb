"""The three layers stay layers: generators → workbooks → addin, never the other way.

``addin/`` calculates and knows nothing of the workbook or the documents; ``workbooks/`` holds and
checks the PMO's data and may use the calculation core; ``generators/`` turns the data into
decks, documents and Excel buttons. Read from the source (every import statement, including the
ones inside functions), so a lazy import cannot slip an arrow upwards.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Which of pmokit's packages each package may import (besides itself).
ALLOWED = {"addin": set(), "workbooks": {"addin"}, "generators": {"workbooks", "addin", "templates"},
           "templates": set()}
GENERIC = set(ALLOWED)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_down_the_layers_only(package: str) -> None:
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[0] in GENERIC:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports '{module}' without pmokit.")
            elif parts[0] == "pmokit" and len(parts) > 1:
                target = parts[1]
                if target != package and target not in ALLOWED[package]:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module} (upwards)")
    assert wrong == []


def test_the_rule_itself_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("def f():\n    from pmokit.generators import analysis\n")
    assert _imports(bad) == [(2, "pmokit.generators")]
