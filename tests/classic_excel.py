"""xlwings' classic UDF server (the Windows COM add-in's path) run on Linux, pywin32 stood in for.

Excel calls a UDF through the VBA wrapper xlwings generates, which calls
``XLPython().CallUDF(module, name, args)`` in xlwings' COM server; xlwings reads each argument
with the options recorded by ``@xw.func`` (``__xlfunc__``), calls the function and writes the
result back with the Windows engine's cleaning rules. None of that needs Excel, only pywin32, so
:func:`classic_udf_server` stands in for the Windows-only modules (pythoncom, pywintypes,
win32com, win32api …) and runs xlwings' real ``udfs``, ``com_server`` and ``_xlwindows`` code.

Shared by the classic contract tests (``tests/addin/test_udf_contract.py``) and the cost-per-cell
benchmark (``benchmarks/bench_udf.py``), so both drive the same stubbed COM layer.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import importlib
import sys
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
import xlwings

MISSING = -2147352572  # what VBA passes for an omitted Optional argument
NA = -2146826246  # a #N/A cell as pywin32 hands it over
DIV0 = -2146826281  # a #DIV/0! cell
FUNCTIONS = "pmokit.addin.functions"
SURFACE = (FUNCTIONS, "pmokit.addin.udf", "pmokit.addin.udf_estimating",
           "pmokit.addin.udf_scheduling", "pmokit.addin.udf_variance")


class _Anything:
    """Stands in for any pywin32 object the classic path never reaches."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __call__(self, *args: Any, **kwargs: Any) -> _Anything:
        return _Anything()

    def __getattr__(self, name: str) -> _Anything:
        return _Anything()


class TimeType(dt.datetime):
    """pywintypes.TimeType: pywin32's datetime for date cells."""


class _ComError(Exception):
    pass


def _unwrap(value: object) -> object:
    raise ValueError("not a wrapped Python object")  # plain VARIANTs are not wrapped


def _windows_modules() -> dict[str, types.ModuleType]:
    def module(name: str, **attrs: Any) -> types.ModuleType:
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        return m

    dispatch_type = type("PyIDispatch", (), {})
    client = module("win32com.client", Dispatch=_Anything, CDispatch=_Anything,
                    CoClassBaseClass=object, DispatchBaseClass=object, DispatchEx=_Anything,
                    VARIANT=_Anything)
    util = module("win32com.server.util", wrap=lambda obj, iid=None: obj, unwrap=_unwrap)
    server = module("win32com.server", util=util)
    return {
        "pywintypes": module("pywintypes", TimeType=TimeType, com_error=_ComError,
                             IID=lambda text: text),
        "pythoncom": module("pythoncom", __file__="pythoncom311.dll", IID_IDispatch="IDispatch",
                            IID_IEnumVARIANT="IEnumVARIANT",
                            TypeIIDs={"IDispatch": dispatch_type},
                            CoInitialize=lambda: None),
        "win32api": module("win32api"), "win32con": module("win32con"),
        "win32event": module("win32event"), "win32gui": module("win32gui"),
        "win32process": module("win32process", GetWindowThreadProcessId=lambda hwnd: (0, 4242)),
        "win32timezone": module("win32timezone", TimeZoneInfo=types.SimpleNamespace(
            utc=lambda: dt.timezone.utc)),
        "win32com": module("win32com", client=client, server=server),
        "win32com.client": client, "win32com.server": server, "win32com.server.util": util,
        "win32com.server.dispatcher": module("win32com.server.dispatcher"),
        "win32com.server.policy": module("win32com.server.policy"),
        "win32com.server.exception": module("win32com.server.exception"),
    }


class FakeRange:
    """A COM Range reference as VBA passes it: xlwings recognises it by its type-info IID."""

    class _Ole:
        def GetTypeInfo(self) -> Any:
            attr = types.SimpleNamespace(iid="{00020846-0000-0000-C000-000000000046}")
            return types.SimpleNamespace(GetTypeAttr=lambda: attr)

    _oleobj_ = _Ole()

    def __init__(self, rows: tuple[tuple[object, ...], ...]) -> None:
        book = types.SimpleNamespace(Application=types.SimpleNamespace(Hwnd=1), Name="Plan.xlsx")
        self.Worksheet = types.SimpleNamespace(Parent=book, Name="Tasks")
        self.Row, self.Column = 2, 3
        self.Rows = types.SimpleNamespace(Count=len(rows))
        self.Columns = types.SimpleNamespace(Count=len(rows[0]))
        self.Value = rows


def column(*values: object) -> FakeRange:
    """A one-column range reference holding ``values``."""
    return FakeRange(tuple((v,) for v in values))


@contextmanager
def classic_udf_server(extra_modules: Sequence[str] = ()) -> Iterator[types.SimpleNamespace]:
    """xlwings' classic UDF server with the Windows modules stood in for, and pmokit's functions
    (and ``extra_modules``) decorated by the real ``xlwings.udfs.xlfunc``; everything undone after.

    Yields ``call(module, name, args)`` (``XLPython().CallUDF``), xlwings' ``udfs`` and
    ``_xlwindows`` modules, and ``pmokit.addin.functions`` as imported under the stand-ins.
    """
    surface = (*SURFACE, *extra_modules)
    before = set(sys.modules)
    saved_surface = {name: sys.modules.get(name) for name in surface}
    engines = (list(xlwings.engines.engines), dict(xlwings.engines.engines_by_name))
    with pytest.MonkeyPatch.context() as mp:
        for name, module in _windows_modules().items():
            mp.setitem(sys.modules, name, module)
        # _xlwindows binds these from ctypes at import time; they exist only on Windows.
        mp.setattr(ctypes, "windll", _Anything(), raising=False)
        mp.setattr(ctypes, "oledll", _Anything(), raising=False)
        mp.setattr(ctypes, "PyDLL", _Anything)
        windows = importlib.import_module("xlwings._xlwindows")
        mp.undo()  # ctypes as it was; the stub modules go back in below
        for name, module in _windows_modules().items():
            mp.setitem(sys.modules, name, module)
        sys.modules["xlwings._xlwindows"] = windows
        xlwings.engines.add(xlwings.main.Engine(impl=windows.engine))
        udfs = importlib.import_module("xlwings.udfs")
        com_server = importlib.import_module("xlwings.com_server")
        mp.setattr(xlwings, "func", udfs.xlfunc, raising=False)
        mp.setattr(xlwings, "arg", udfs.xlarg, raising=False)
        mp.setattr(xlwings, "ret", udfs.xlret, raising=False)
        for name in surface:
            sys.modules.pop(name, None)
        udfs.udf_modules.clear()
        try:
            module = importlib.import_module(FUNCTIONS)
            for name in extra_modules:
                importlib.import_module(name)
            yield types.SimpleNamespace(call=com_server.XLPython().CallUDF, udfs=udfs,
                                        windows=windows, module=module)
        finally:
            com_server.loop.close()  # xlwings opens an asyncio loop at import for async UDFs
            udfs.udf_modules.clear()
            xlwings.engines.engines[:], xlwings.engines.engines_by_name = engines
            for name in set(sys.modules) - before:
                if name.startswith("xlwings.") or name in surface:
                    sys.modules.pop(name, None)  # the core modules stay: nothing patched them
            _restore(saved_surface)
            for attr in ("_xlwindows", "udfs", "com_server"):
                if attr in vars(xlwings) and f"xlwings.{attr}" not in before:
                    delattr(xlwings, attr)


def _restore(saved: dict[str, types.ModuleType | None]) -> None:
    """Put back the modules imported before the stand-ins, as modules and package attributes."""
    for name, module in saved.items():
        package_name, _, attr = name.rpartition(".")
        package = sys.modules.get(package_name)
        if module is not None:
            sys.modules[name] = module
            if package is not None:
                setattr(package, attr, module)
        elif package is not None and hasattr(package, attr):
            delattr(package, attr)
