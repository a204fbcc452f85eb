"""The README's function table is generated from the functions and is in step with them."""

from __future__ import annotations

import inspect
import re

import pmokit.addin.functions
from pmokit.addin import reference


def test_readme_function_table_is_in_step_with_the_code() -> None:
    readme = reference.README.read_text(encoding="utf-8")
    assert reference.render(readme) == readme, "run: python -m pmokit.addin.reference"


def test_every_function_is_listed_with_a_paste_ready_example() -> None:
    table = reference.function_table()
    for name in pmokit.addin.functions.__all__:
        function = getattr(pmokit.addin.functions, name)
        assert f"`{reference.signature(function)}`" in table
        assert function.example.startswith(f"={name}(") and function.example.endswith(")")
        assert f"`{function.example}`" in table


def _top_level_arguments(formula: str) -> int:
    inner = formula[formula.index("(") + 1:-1]
    depth, count = 0, 1
    for ch in inner:
        depth += ch == "("
        depth -= ch == ")"
        count += ch == "," and depth == 0
    return count


def test_each_example_passes_an_allowed_number_of_arguments() -> None:
    for name in pmokit.addin.functions.__all__:
        function = getattr(pmokit.addin.functions, name)
        parameters = inspect.signature(function).parameters.values()
        required = sum(p.default is inspect.Parameter.empty for p in parameters)
        given = _top_level_arguments(function.example)
        assert required <= given <= len(parameters), name


def test_rendering_replaces_only_between_the_markers() -> None:
    text = ("# T\n<!-- functions:start (generated) -->\nSTALE-TEXT\n<!-- functions:end -->\n"
            "## After\n")
    out = reference.render(text)
    assert out.startswith("# T\n<!-- functions:start (generated) -->\n")
    assert out.endswith("<!-- functions:end -->\n## After\n")
    assert "STALE-TEXT" not in out and re.search(r"\| `PMO_PERT\(", out)
