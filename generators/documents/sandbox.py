"""The rules a PMO's Word template runs under: Jinja's sandbox, bounded in size and in time.

A template is a user file, so it is untrusted code. Jinja's
:class:`~jinja2.sandbox.SandboxedEnvironment` already refuses attributes such as ``__class__``
and caps ``range()`` at 100,000 items; on top of it:

- ``*`` and ``**`` are checked before they run (Jinja's documented way, ``intercepted_binops``), so
  ``{{ "x" * 10**9 }}`` or ``{{ 9 ** 9 ** 9 }}`` is an error, not gigabytes of memory or hours of
  arithmetic;
- the whole fill runs under a deadline (:func:`deadline`): nested loops can multiply even
  bounded ranges into billions of steps, and at the deadline the template's Python code is
  interrupted (:data:`FILL_SECONDS`; the fill of a normal template takes well under a second).

The interruption is CPython's own ``PyThreadState_SetAsyncExc``, raised in the filling thread at
its next bytecode by a watchdog thread; it cannot stop a single long C call, which the checks on
``*`` and ``**`` and the sandbox's range cap keep from being long.
"""

from __future__ import annotations

import ctypes
import operator
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

FILL_SECONDS = 30.0
MAX_ITEMS = 1_000_000  # characters or items a ``*`` may make
MAX_EXPONENT_BITS = 4_096  # size of a ``**`` result, in bits


class FillTimeout(Exception):
    """Raised inside the filling thread when a template runs past its deadline."""


class PmoSandbox(SandboxedEnvironment):
    """Jinja's sandbox with autoescaping, strict undefined fields and bounded ``*`` and ``**``."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_ITEMS:
                    raise SecurityError(f"a repetition of {len(seq) * times:,} items is more than a template may make")
            return operator.mul(left, right)
        if op == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and \
                    abs(left).bit_length() * right > MAX_EXPONENT_BITS:
                raise SecurityError("a power that large is more than a template may compute")
            return operator.pow(left, right)
        return super().call_binop(context, op, left, right)


def environment() -> PmoSandbox:
    """The Jinja environment templates render in: sandboxed, autoescaped, strict, bounded."""
    return PmoSandbox(autoescape=True, undefined=StrictUndefined)


@contextmanager
def deadline(seconds: float = FILL_SECONDS) -> Iterator[None]:
    """Run the ``with`` body in this thread with a deadline: past it, :class:`FillTimeout` is
    raised in the body at its next Python step."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["armed"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(FillTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["armed"] = False
            timer.cancel()
            if state["fired"]:  # raised or still pending: make sure it does not land after the body
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
