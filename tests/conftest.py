"""Suite-wide settings.

xlwings' Office.js machinery (``xlwings.server``, PolyForm Noncommercial) loads only with a licence
key; an open-source test suite may use xlwings' ``noncommercial`` key, so it is set here, for this
test run only, before anything imports xlwings (xlwings decides at import whether its Office.js
part loads, and the functions register for Office.js only when it has). The product never sets
it: ``pmokit.addin.functions`` imports and works without a key.

Hypothesis: no per-example deadline anywhere (a shared 2-core CI machine makes timings noise, and
timing belongs in benchmarks/), and under CI (CI=true) a derandomised search, so a landing is
judged on the same examples every run; on a developer's machine the search stays random and keeps
exploring.
"""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from hypothesis import settings  # noqa: E402

settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
