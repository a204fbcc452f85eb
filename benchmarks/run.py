"""Run every benchmark and print one line each: pmokit's time, the baseline's, and their ratio.

    python benchmarks/run.py            # all
    python benchmarks/run.py sra load   # only those whose name contains a word given

Each ``benchmarks/bench_*.py`` module defines ``benchmarks() -> Iterator[Result]``. Timings are
measured in this one run, pmokit beside its baseline, so the ratio holds on any machine; nothing
here is an assertion. Where a line shows peak memory, it is the rise of a fresh process's peak
resident memory during the one call (``benchmarks/memory.py``).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

# bench_udf times xlwings' Office.js route, whose xlwings.server (PolyForm Noncommercial) loads
# only with a licence key: the benchmark run, like the test run, uses xlwings' noncommercial
# key, set before anything imports xlwings. The product never sets it.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import Result  # noqa: E402


def main(words: list[str]) -> None:
    folder = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        for result in module.benchmarks():
            if words and not any(w in result.name for w in words):
                continue
            _print(result)


def _print(r: Result) -> None:
    note = f"  ({r.note})" if r.note else ""
    ours = "" if r.pmokit_mb is None else f" peak {r.pmokit_mb:,.0f} MB"
    theirs = "" if r.baseline_mb is None else f" peak {r.baseline_mb:,.0f} MB"
    print(f"{r.name}: pmokit {r.pmokit_s:.3f} s{ours}, {r.baseline} {r.baseline_s:.3f} s{theirs}, "
          f"baseline/pmokit {r.ratio:.1f}x{note}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
