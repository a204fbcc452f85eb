"""``pmokit addin install`` / ``remove``: put pmokit.xlam where this user's Excel loads it at start.

Install copies ``addin/pmokit.xlam`` into Excel's per-user startup folder and writes its settings
sheet (``pmokit.conf``) for *this* machine: the Python running pmokit as the interpreter, the
no PYTHONPATH (pmokit is installed in that interpreter), ``pmokit.addin.functions`` as the UDF module. Nothing in
the committed add-in names a machine.

Where Excel looks (the folders xlwings' own ``xlwings addin install`` uses, via Excel's
``Application.StartupPath``):

* Windows: ``%APPDATA%\\Microsoft\\Excel\\XLSTART``; Excel is found through the registry's
  ``App Paths\\excel.exe``.
* macOS: ``~/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel``; Excel is
  ``/Applications/Microsoft Excel.app``. RunPython on a Mac also needs xlwings' AppleScript in
  ``~/Library/Application Scripts/com.microsoft.Excel`` (what ``xlwings runpython install`` does).

On any other machine, or where Excel is not found, both commands say so and change nothing.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pmokit.addin.build_xlam import DEFAULT_SETTINGS, OUTPUT, XLWINGS_VERSION, write_settings
from pmokit.addin.errors import PmoError

NAME = OUTPUT.name
MAC_EXCEL = Path("/Applications/Microsoft Excel.app")
MAC_STARTUP = Path("Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel")
# some Macs have Finder's localized folder names on disk; Excel then loads from these
MAC_STARTUP_LOCALIZED = Path("Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel")
MAC_SCRIPTS = Path("Library/Application Scripts/com.microsoft.Excel")


@dataclass(frozen=True)
class Target:
    """Where this user's Excel is and the startup folder it loads add-ins from."""

    system: str  # "Windows" or "Darwin"
    excel: Path
    startup: Path
    scripts: Path | None = None  # macOS: where Excel may run AppleScripts from


def locate(system: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None,
           excel: Path | None = None) -> Target | None:
    """This user's Excel and its startup folder, or None when there is no Excel here.

    The arguments default to this machine (tests pass another one's).
    """
    system = system or platform.system()
    env = os.environ if env is None else env
    home = home or Path.home()
    if system == "Windows":
        excel = excel or _windows_excel()
        appdata = env.get("APPDATA")
        if excel is None or not excel.exists() or not appdata:
            return None
        return Target(system, excel, Path(appdata) / "Microsoft" / "Excel" / "XLSTART")
    if system == "Darwin":
        excel = excel or MAC_EXCEL
        if not excel.exists():
            return None
        startup = next((home / p for p in (MAC_STARTUP, MAC_STARTUP_LOCALIZED) if (home / p).is_dir()), home / MAC_STARTUP)
        return Target(system, excel, startup, home / MAC_SCRIPTS)
    return None


def _windows_excel() -> Path | None:
    try:
        import winreg  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    key = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\excel.exe"
    for hive in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):  # type: ignore[attr-defined,unused-ignore]
        try:
            with winreg.OpenKey(hive, key) as handle:  # type: ignore[attr-defined,unused-ignore]
                return Path(str(winreg.QueryValue(handle, None)))  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            continue
    return None


def settings_for(system: str, interpreter: str | None = None) -> dict[str, str | bool]:
    """The add-in's settings for this machine: interpreter, PYTHONPATH and the UDF module."""
    settings = dict(DEFAULT_SETTINGS)
    key = "Interpreter_Win" if system == "Windows" else "Interpreter_Mac"
    settings[key] = interpreter or sys.executable
    # pmokit is installed into that interpreter (one import name, ``pmokit``), so nothing is
    # added to its path: a folder on PYTHONPATH could only shadow another package.
    settings["PYTHONPATH"] = ""
    return settings


def _no_excel() -> str:
    return (f"Excel was not found on this machine ({platform.system() or 'unknown system'}): nothing was "
            "installed or changed. The pmokit command works without it: pmokit deck / charter / plan.")


def install(target: Target | None = None, interpreter: str | None = None) -> str:
    """Install pmokit.xlam for this user where Excel loads it at start; returns what was done."""
    target = target or locate()
    if target is None:
        return _no_excel()
    destination = target.startup / NAME
    staging = target.startup / f".~{NAME}"
    try:
        target.startup.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(OUTPUT, staging)
        write_settings(staging, settings_for(target.system, interpreter))
        os.replace(staging, destination)  # Excel never sees a half-written add-in
    except PermissionError:
        raise PmoError(f"cannot write {destination}: close Excel (it keeps the add-in open) and run "
                       "pmokit addin install again") from None
    finally:
        staging.unlink(missing_ok=True)
    lines = [f"Installed {NAME} in {target.startup}", f"Python: {interpreter or sys.executable}"]
    if target.scripts is not None:
        script = f"xlwings-{XLWINGS_VERSION}.applescript"
        import xlwings

        target.scripts.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(xlwings.__file__).parent / script, target.scripts / script)
        lines.append(f"RunPython enabled: {target.scripts / script}")
        lines.append("Quit Excel (Cmd-Q) and start it again: the PMO tab appears.")
    else:
        lines.append("Start (or restart) Excel: the PMO tab appears. Click PMO > Import functions once to "
                     "register the PMO_ cell functions.")
    return "\n".join(lines)


def remove(target: Target | None = None) -> str:
    """Remove pmokit.xlam from this user's Excel startup folder; returns what was done."""
    target = target or locate()
    if target is None:
        return _no_excel()
    installed = target.startup / NAME
    if not installed.exists():
        return f"{NAME} is not installed in {target.startup}: nothing to remove."
    try:
        installed.unlink()
    except PermissionError:
        raise PmoError(f"cannot remove {installed}: close Excel and run pmokit addin remove again") from None
    note = ""
    if target.scripts is not None:
        note = f"\nxlwings' AppleScript stays in {target.scripts} (other xlwings add-ins use it too)."
    return f"Removed {installed}. Restart Excel to drop the PMO tab.{note}"
