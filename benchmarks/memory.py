"""Time and peak memory of one call, measured in a fresh Python process.

Each measurement runs in its own interpreter: it imports and warms up (Numba compiles, caches
fill), resets the kernel's record of its peak resident memory (Linux: ``5`` into
``/proc/self/clear_refs`` sets VmHWM to the current VmRSS), runs the call once, and reports the
wall time and how far the peak rose above the resident memory before the call — the memory the
call itself needed, whatever allocated it (NumPy, Numba, SciPy).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, sys, time
sys.path.insert(0, {root!r})
import importlib
module = importlib.import_module({module!r})
call = getattr(module, {function!r})
call(*{warm!r})

def status(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":")) * 1024

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # Linux: reset the peak (VmHWM) to the current resident memory
before = status("VmRSS")
t0 = time.perf_counter()
call(*{args!r})
seconds = time.perf_counter() - t0
print(json.dumps({{"seconds": seconds, "peak_mb": (status("VmHWM") - before) / 2**20}}))
"""


def measure(module: str, function: str, args: tuple[object, ...],
            warm: tuple[object, ...]) -> tuple[float, float]:
    """Seconds and peak memory (MB above the warmed-up process) of ``module.function(*args)``,
    after one ``module.function(*warm)`` to warm up, in a fresh interpreter."""
    code = _PROBE.format(root=str(ROOT), module=module, function=function, args=args, warm=warm)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return float(figures["seconds"]), float(figures["peak_mb"])
