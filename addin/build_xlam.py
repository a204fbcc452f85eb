"""Build ``addin/pmokit.xlam`` from xlwings' ribbon add-in template: ``python -m pmokit.addin.build_xlam``.

The template (``xlwings/quickstart_addin_ribbon.xlam`` of the pinned xlwings) routes its ribbon
through one callback, ``RibbonMyAddin.RunMain``, which runs ``import <add-in>; <add-in>.main()``
and ignores which button was clicked. pmokit takes route (b) of issue 6 instead: the add-in's VBA
project is the template's, with

* module ``RibbonMyAddin`` replaced by ``addin/vba/RibbonPmo.bas`` (one callback per button),
  stored as source only (no compiled cache) so Excel compiles it on first load;
* xlwings' own module (``RunPython``, the UDF import, ``XLWINGS_VERSION``) kept line for line,
  except its ``PROJECT_NAME`` constant, "myaddin" → "pmokit", so its settings sheet is
  ``pmokit.conf`` and its user config file ``%USERPROFILE%\\.pmokit\\pmokit.conf``;
* the ribbon (``customUI/customUI.xml``) from ``addin/ribbon/customUI.xml``;
* the VBA project's name, "MyAddin" → "pmokit";
* the settings sheet ``pmokit.conf`` with the UDF module ``pmokit.addin.functions``; ``pmokit addin
  install`` rewrites it with this machine's interpreter and PYTHONPATH (:func:`write_settings`).

The output is byte-for-byte reproducible: fixed zip timestamps and a compound file with zero
timestamps. Only the standard library at import time; the build itself reads the template's
compound file with olefile (installed with oletools, a test dependency).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pmokit.addin import ovba
from pmokit.addin.cfb import write_compound_file

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "pmokit.xlam"
RIBBON = HERE / "ribbon" / "customUI.xml"
VBA_DIR = HERE / "vba"
MODULE = "RibbonPmo"
TEMPLATE_MODULE = "RibbonMyAddin"
PROJECT_NAME = "pmokit"
SETTINGS_SHEET = f"{PROJECT_NAME}.conf"
UDF_MODULE = "pmokit.addin.functions"
XLWINGS_VERSION = "0.37.8"
CODEPAGE = "cp1252"
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

Settings = Mapping[str, "str | bool"]
DEFAULT_SETTINGS: dict[str, str | bool] = {
    # xlwings' settings keys, in the template's order (GetConfig reads column A down to the first blank)
    "Interpreter_Win": "",
    "Interpreter_Mac": "",
    "PYTHONPATH": "",
    "Conda Path": "",
    "Conda Env": "",
    "UDF Modules": UDF_MODULE,
    "Debug UDFs": False,
    "Use UDF Server": False,
    "Show Console": False,
}


def template_path() -> Path:
    """The ribbon add-in template shipped inside the installed xlwings."""
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise RuntimeError("xlwings is not installed; pip install xlwings==" + XLWINGS_VERSION)
    return Path(spec.origin).parent / "quickstart_addin_ribbon.xlam"


def olevba() -> Any:
    """oletools' olevba module (the decompressor), imported without its pyparsing deprecation warning."""
    import warnings

    with warnings.catch_warnings():
        # oletools 0.60.2 calls pyparsing's old enablePackrat() at import
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools import olevba as module
    return module


def vba_source(name: str) -> str:
    """A module's source as the repo keeps it (``addin/vba/<name>.bas``), lines ending in CRLF as VBA stores them."""
    text = (VBA_DIR / f"{name}.bas").read_text(encoding="utf-8")
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def patch_xlwings_module(source: str) -> str:
    """xlwings' module with only its ``PROJECT_NAME`` constant changed; checks the VBA's xlwings version."""
    version = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', source)
    if version is None or version.group(1) != XLWINGS_VERSION:
        found = version.group(1) if version else "none"
        raise RuntimeError(f"the template's VBA is xlwings {found}, pmokit pins {XLWINGS_VERSION}")
    old = 'Public Const PROJECT_NAME As String = "myaddin"'
    if source.count(old) != 1:
        raise RuntimeError("the template's xlwings module no longer declares PROJECT_NAME \"myaddin\"")
    return source.replace(old, f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"')


def build_vba_project(template_bin: bytes) -> bytes:
    """The template's vbaProject.bin with pmokit's ribbon module and project name (see module doc)."""
    import olefile

    decompress_stream = olevba().decompress_stream
    ole = olefile.OleFileIO(io.BytesIO(template_bin))
    streams = {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
    ole.close()

    records = ovba.parse_dir(bytes(decompress_stream(bytearray(streams["VBA/dir"]))))
    offsets = ovba.module_offsets(records, CODEPAGE)

    def source_of(module: str) -> str:
        data = streams[f"VBA/{module}"][offsets[module]:]
        return bytes(decompress_stream(bytearray(data))).decode(CODEPAGE)

    xlwings_source = patch_xlwings_module(source_of("xlwings"))
    records = ovba.rewrite_module(records, TEMPLATE_MODULE, MODULE, CODEPAGE)
    records = ovba.rewrite_module(records, "xlwings", "xlwings", CODEPAGE)
    records = [ovba.Record(r.id, PROJECT_NAME.encode(CODEPAGE)) if r.id == ovba.PROJECTNAME else r for r in records]
    del streams[f"VBA/{TEMPLATE_MODULE}"]
    streams[f"VBA/{MODULE}"] = ovba.compress(vba_source(MODULE).encode(CODEPAGE))
    streams["VBA/xlwings"] = ovba.compress(xlwings_source.encode(CODEPAGE))
    streams["VBA/dir"] = ovba.compress(b"".join(r.to_bytes() for r in records))
    streams["VBA/_VBA_PROJECT"] = ovba.SOURCE_ONLY_VBA_PROJECT
    project = streams["PROJECT"].decode(CODEPAGE)
    project = project.replace(f"Module={TEMPLATE_MODULE}\r\n", f"Module={MODULE}\r\n")
    project = project.replace('Name="MyAddin"\r\n', f'Name="{PROJECT_NAME}"\r\n')
    project = re.sub(rf"^{TEMPLATE_MODULE}=.*\r\n", f"{MODULE}=0, 0, 0, 0, C\r\n", project, flags=re.M)
    streams["PROJECT"] = project.encode(CODEPAGE)
    # PROJECTwm maps module names to their Unicode names: rebuild it for the renamed module
    streams["PROJECTwm"] = streams["PROJECTwm"].replace(
        TEMPLATE_MODULE.encode(CODEPAGE) + b"\x00" + TEMPLATE_MODULE.encode("utf-16-le"),
        MODULE.encode(CODEPAGE) + b"\x00" + MODULE.encode("utf-16-le"),
    )
    return write_compound_file(streams)


def settings_parts(settings: Settings) -> tuple[bytes, bytes]:
    """The settings sheet and its shared strings: keys in column A, values in column B."""
    strings: list[str] = []

    def string(text: str) -> int:
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    rows = []
    for number, (key, value) in enumerate(settings.items(), start=1):
        cells = f'<c r="A{number}" s="1" t="s"><v>{string(key)}</v></c>'
        if isinstance(value, bool):
            cells += f'<c r="B{number}" s="1" t="b"><v>{int(value)}</v></c>'
        elif value != "":
            cells += f'<c r="B{number}" s="1" t="s"><v>{string(str(value))}</v></c>'
        rows.append(f'<row r="{number}">{cells}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{main}">'
        f'<dimension ref="A1:B{len(rows)}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15.75"/><cols><col min="1" max="1" width="16" style="1" customWidth="1"/>'
        '<col min="2" max="2" width="60" style="1" customWidth="1"/></cols>'
        f'<sheetData>{"".join(rows)}</sheetData>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    )
    items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    sst = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{main}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )
    return sheet.encode("utf-8"), sst.encode("utf-8")


CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>pmokit</dc:title>'
    "<dc:description>pmokit's PMO ribbon and cell functions, built by addin/build_xlam.py from xlwings "
    f"{XLWINGS_VERSION}'s ribbon add-in template</dc:description><dc:creator>pmokit</dc:creator></cp:coreProperties>"
)


def _workbook_xml(text: str) -> str:
    text = text.replace('name="_myaddin.conf"', f'name="{SETTINGS_SHEET}"')
    # the template remembers the folder it was saved from on its author's machine: drop it
    return re.sub(r"<mc:AlternateContent .*?</mc:AlternateContent>", "", text, flags=re.S)


def _write_zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def build(template: Path | None = None, settings: Settings | None = None) -> bytes:
    """The bytes of pmokit.xlam built from the xlwings template."""
    with zipfile.ZipFile(template or template_path()) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/vbaProject.bin"] = build_vba_project(parts["xl/vbaProject.bin"])
    parts["customUI/customUI.xml"] = RIBBON.read_bytes()
    parts["xl/workbook.xml"] = _workbook_xml(parts["xl/workbook.xml"].decode("utf-8")).encode("utf-8")
    sheet, sst = settings_parts(settings or DEFAULT_SETTINGS)
    parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"] = sheet, sst
    parts["docProps/core.xml"] = CORE.encode("utf-8")
    first = "[Content_Types].xml"
    return _write_zip({first: parts.pop(first), **parts})


def write_settings(xlam: Path, settings: Settings) -> None:
    """Rewrite the settings sheet of an add-in file in place (what ``pmokit addin install`` does)."""
    with zipfile.ZipFile(xlam) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"] = settings_parts(settings)
    xlam.write_bytes(_write_zip(parts))


def read_settings(xlam: Path) -> dict[str, str | bool]:
    """The settings sheet of an add-in file, key → value (blank values as ``""``)."""
    import xml.etree.ElementTree as ET

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(xlam) as archive:
        strings = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
                   for si in ET.fromstring(archive.read("xl/sharedStrings.xml")).findall("m:si", ns)]
        sheet = ET.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    values: dict[str, dict[str, str | bool]] = {}
    for cell in sheet.iter(f"{{{ns['m']}}}c"):
        ref, kind = cell.get("r", ""), cell.get("t")
        raw = cell.findtext("m:v", "", ns)
        value: str | bool = strings[int(raw)] if kind == "s" else (raw == "1") if kind == "b" else raw
        values.setdefault(ref[1:], {})[ref[0]] = value
    return {str(v["A"]): v.get("B", "") for _, v in sorted(values.items(), key=lambda kv: int(kv[0])) if "A" in v}


def main() -> None:
    """Build addin/pmokit.xlam and say where."""
    OUTPUT.write_bytes(build())
    print(f"Wrote {OUTPUT} from {template_path()}")


if __name__ == "__main__":
    main()
