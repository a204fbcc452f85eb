"""``pmokit addin install|remove`` on a machine without Excel, and on stand-in Windows / macOS homes.

The stand-ins are folders under tmp_path laid out as on those systems (APPDATA, the Group
Containers startup folder, an Excel that exists); the installed add-in is reopened and its
settings sheet read back.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmokit.addin.build_xlam import OUTPUT, read_settings
from pmokit.generators import addin_install
from pmokit.generators.addin_install import Target, install, locate, remove
from pmokit.generators.cli import app

ROOT = Path(__file__).resolve().parents[2]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*"))


def _windows(tmp_path: Path) -> Target:
    excel = tmp_path / "Program Files" / "Microsoft Office" / "root" / "Office16" / "EXCEL.EXE"
    excel.parent.mkdir(parents=True)
    excel.write_bytes(b"")
    target = locate("Windows", {"APPDATA": str(tmp_path / "AppData" / "Roaming")}, tmp_path, excel)
    assert target is not None
    return target


def _vba(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/vbaProject.bin")


def test_without_excel_install_and_remove_say_so_and_change_nothing(tmp_path: Path) -> None:
    before = _files(tmp_path)
    assert locate("Linux", {}, tmp_path) is None
    assert locate("Windows", {"APPDATA": str(tmp_path)}, tmp_path, tmp_path / "no" / "EXCEL.EXE") is None
    assert locate("Darwin", {}, tmp_path, tmp_path / "Microsoft Excel.app") is None
    for say in (install(None), remove(None)):
        if sys.platform.startswith("linux"):  # this machine has no Excel: locate() finds none
            assert say.startswith("Excel was not found on this machine (Linux): nothing was installed or changed.")
    assert _files(tmp_path) == before


def test_the_command_says_plainly_there_is_no_excel_here() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("this machine may have Excel")
    result = CliRunner().invoke(app, ["addin", "install"])
    assert result.exit_code == 0
    assert "Excel was not found on this machine (Linux)" in result.output
    result = CliRunner().invoke(app, ["addin", "remove"])
    assert result.exit_code == 0 and "nothing was installed or changed" in result.output


def test_windows_install_puts_the_add_in_in_xlstart_with_this_machines_settings(tmp_path: Path) -> None:
    target = _windows(tmp_path)
    said = install(target, interpreter=r"C:\Users\ana\AppData\Local\Programs\Python\Python312\python.exe")
    installed = tmp_path / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART" / "pmokit.xlam"
    assert said.splitlines()[0] == f"Installed pmokit.xlam in {installed.parent}"
    settings = read_settings(installed)
    assert settings["Interpreter_Win"] == r"C:\Users\ana\AppData\Local\Programs\Python\Python312\python.exe"
    assert settings["Interpreter_Mac"] == ""
    assert settings["PYTHONPATH"] == ""  # pmokit is installed in that interpreter: nothing to add
    assert settings["UDF Modules"] == "pmokit.addin.functions"
    assert settings["Use UDF Server"] is False
    assert _vba(installed) == _vba(OUTPUT)  # the VBA is the committed add-in's, untouched
    assert read_settings(OUTPUT)["Interpreter_Win"] == ""  # the repo's copy names no machine
    assert [p.name for p in installed.parent.iterdir()] == ["pmokit.xlam"]  # no staging file left


def test_install_twice_replaces_and_remove_takes_it_away(tmp_path: Path) -> None:
    target = _windows(tmp_path)
    install(target, interpreter="python-a")
    install(target, interpreter="python-b")
    installed = target.startup / "pmokit.xlam"
    assert read_settings(installed)["Interpreter_Win"] == "python-b"
    assert remove(target) == f"Removed {installed}. Restart Excel to drop the PMO tab."
    assert not installed.exists()
    assert remove(target) == f"pmokit.xlam is not installed in {target.startup}: nothing to remove."


def test_mac_install_uses_the_office_startup_folder_and_enables_runpython(tmp_path: Path) -> None:
    excel = tmp_path / "Applications" / "Microsoft Excel.app"
    excel.mkdir(parents=True)
    home = tmp_path / "home"
    target = locate("Darwin", {}, home, excel)
    assert target is not None
    said = install(target, interpreter="/Users/ana/.venv/bin/python")
    installed = home / "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel/pmokit.xlam"
    assert read_settings(installed)["Interpreter_Mac"] == "/Users/ana/.venv/bin/python"
    assert read_settings(installed)["Interpreter_Win"] == ""
    script = home / "Library/Application Scripts/com.microsoft.Excel/xlwings-0.37.8.applescript"
    assert script.exists() and f"RunPython enabled: {script}" in said
    assert "AppleScript stays" in remove(target) and not installed.exists()


def test_a_locked_add_in_gives_a_readable_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _windows(tmp_path)

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(addin_install.os, "replace", locked)
    with pytest.raises(addin_install.PmoError, match=r"close Excel \(it keeps the add-in open\)"):
        install(target, interpreter="python")
    assert list(target.startup.iterdir()) == []  # nothing half-written left behind


def test_mac_install_uses_the_localized_startup_folder_when_that_is_the_one_on_disk(tmp_path: Path) -> None:
    excel = tmp_path / "Microsoft Excel.app"
    excel.mkdir()
    home = tmp_path / "home"
    localized = home / "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
    localized.mkdir(parents=True)
    target = locate("Darwin", {}, home, excel)
    assert target is not None and target.startup == localized
