"""pmokit.xlam: a valid macro-enabled add-in whose ribbon, VBA and Python entry points agree.

Everything is read back with readers pmokit did not write: zipfile and ElementTree for the
package, oletools' olevba (and its olefile) for the VBA project, LibreOffice for the whole file.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.addin import build_xlam, ovba
from pmokit.addin.cfb import write_compound_file

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # oletools 0.60.2 uses pyparsing's old names
    from oletools.olevba import VBA_Parser, decompress_stream

ROOT = Path(__file__).resolve().parents[2]
XLAM = ROOT / "addin" / "pmokit.xlam"
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _parts(path: Path = XLAM) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _modules(data: bytes) -> dict[str, str]:
    parser = VBA_Parser("vbaProject.bin", data=data)
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_all_macros()}
    finally:
        parser.close()


@pytest.fixture(scope="module")
def parts() -> dict[str, bytes]:
    return _parts()


@pytest.fixture(scope="module")
def modules(parts: dict[str, bytes]) -> dict[str, str]:
    return _modules(parts["xl/vbaProject.bin"])


@pytest.fixture(scope="module")
def template_modules() -> dict[str, str]:
    return _modules(_parts(build_xlam.template_path())["xl/vbaProject.bin"])


def test_the_committed_add_in_is_what_the_build_script_makes(tmp_path: Path) -> None:
    # reproducible: two builds are byte-identical; the committed file holds the same parts, in
    # the same order (compared unzipped: another zlib may deflate the same part differently)
    first, second = build_xlam.build(), build_xlam.build()
    assert first == second
    fresh = tmp_path / "fresh.xlam"
    fresh.write_bytes(first)
    assert list(_parts(XLAM).items()) == list(_parts(fresh).items()), \
        "addin/pmokit.xlam is stale: run python -m pmokit.addin.build_xlam"


def test_the_open_xml_validator_finds_nothing_wrong(tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator(max_errors=50).validate(str(XLAM))
    assert result.is_valid, [str(e) for e in result.errors]
    # the validator does read the ribbon against the customUI schema: a bad size is caught
    parts = _parts()
    parts["customUI/customUI.xml"] = parts["customUI/customUI.xml"].replace(b'size="large"', b'size="huge"', 1)
    broken = tmp_path / "broken.xlam"
    with zipfile.ZipFile(broken, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    errors = [str(e) for e in OpenXmlValidator(max_errors=50).validate(str(broken)).errors]
    assert any("customUI" in e and "'huge'" in e for e in errors)


def test_it_is_a_macro_enabled_add_in_package(parts: dict[str, bytes]) -> None:
    types = ET.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.findall(f"{{{CT_NS}}}Override")}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    book_rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Type", "").rsplit("/", 1)[-1]: r.get("Target") for r in book_rels}
    assert targets["vbaProject"] == "vbaProject.bin"
    root_rels = ET.fromstring(parts["_rels/.rels"])
    ui = [r.get("Target") for r in root_rels.findall(f"{{{REL_NS}}}Relationship")
          if r.get("Type") == "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"]
    assert ui == ["customUI/customUI.xml"]
    assert olefile.isOleFile(io.BytesIO(parts["xl/vbaProject.bin"]))
    # every part the content types name is in the package
    for name in overrides:
        assert name.lstrip("/") in parts


def _buttons(parts: dict[str, bytes]) -> list[ET.Element]:
    ui = ET.fromstring(parts["customUI/customUI.xml"])
    assert ui.tag == f"{{{CUSTOMUI_NS}}}customUI"
    return list(ui.iter(f"{{{CUSTOMUI_NS}}}button"))


def test_the_ribbon_has_a_pmo_tab_with_the_buttons_the_issue_asks_for(parts: dict[str, bytes]) -> None:
    ui = ET.fromstring(parts["customUI/customUI.xml"])
    tabs = [t.get("label") for t in ui.iter(f"{{{CUSTOMUI_NS}}}tab")]
    assert tabs == ["PMO"]
    labels = {b.get("label") for b in _buttons(parts)}
    assert {"Steering deck", "Charter", "Project plan", "Validate workbook", "Import functions"} <= labels
    ids = [e.get("id") for e in ui.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "ribbon control ids must be unique"


def _sub_body(source: str, name: str) -> str:
    match = re.search(rf"^Sub {name}\(control As IRibbonControl\)\r?\n(.*?)^End Sub", source, re.M | re.S)
    assert match, f"no ribbon callback Sub {name}(control As IRibbonControl)"
    return match.group(1)


def test_every_ribbon_callback_exists_in_the_vba_and_names_a_python_entry_point(
    parts: dict[str, bytes], modules: dict[str, str]
) -> None:
    import pmokit.generators.excel as excel

    for button in _buttons(parts):
        module, sub = button.get("onAction", "").split(".")
        assert module in modules, f"{button.get('id')}: no VBA module {module}"
        body = _sub_body(modules[module], sub)
        entry = re.search(r'RunPmo "(\w+)"', body)
        if entry:
            assert callable(getattr(excel, entry.group(1), None)), f"pmokit.generators.excel.{entry.group(1)} is missing"
        else:  # the functions buttons call xlwings' own VBA
            for called in re.findall(r"^\s+(KillPy|ImportPythonUDFsToAddin)\s*$", body, re.M):
                assert re.search(rf"^Sub {called}\(", modules["xlwings"], re.M)
            assert re.search(r"KillPy", body)
    run = re.search(r'RunPython "import (\S+) as pmo; pmo\." & entry', modules["RibbonPmo"])
    assert run and run.group(1) == "pmokit.generators.excel"


def test_olevba_reads_back_exactly_the_source(modules: dict[str, str], template_modules: dict[str, str]) -> None:
    assert modules["RibbonPmo"] == build_xlam.vba_source("RibbonPmo")
    assert modules["xlwings"] == build_xlam.patch_xlwings_module(template_modules["xlwings"])
    changed = [a for a, b in zip(modules["xlwings"].splitlines(), template_modules["xlwings"].splitlines()) if a != b]
    assert changed == ['Public Const PROJECT_NAME As String = "pmokit"']
    for name in ("Dictionary", "ThisWorkbook", "Sheet2"):
        assert modules[name] == template_modules[name]
    assert "RibbonMyAddin" not in modules


def test_the_vba_expects_the_pinned_xlwings(modules: dict[str, str]) -> None:
    import xlwings

    pinned = next(d for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
                  if d.startswith("xlwings"))
    vba_version = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', modules["xlwings"])
    assert vba_version and pinned == f"xlwings=={vba_version.group(1)}" == f"xlwings=={xlwings.__version__}"


def test_the_vba_project_is_source_only(parts: dict[str, bytes]) -> None:
    ole = olefile.OleFileIO(io.BytesIO(parts["xl/vbaProject.bin"]))
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000000")
    records = ovba.parse_dir(bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read()))))
    assert ovba.module_offsets(records)["RibbonPmo"] == 0
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Module=RibbonPmo\r\n" in project and "RibbonMyAddin" not in project
    assert 'Name="pmokit"\r\n' in project and [r.body for r in records if r.id == 0x04] == [b"pmokit"]
    names = ole.openstream("PROJECTwm").read()  # module names, each in cp1252 then UTF-16
    assert b"RibbonPmo\x00" + "RibbonPmo".encode("utf-16-le") + b"\x00\x00" in names


def test_the_settings_sheet_holds_xlwings_settings_as_built(parts: dict[str, bytes]) -> None:
    book = ET.fromstring(parts["xl/workbook.xml"])
    sheets = [s.get("name") for s in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet")]
    # xlwings' VBA reads the sheet named PROJECT_NAME & ".conf"
    assert sheets == ["pmokit.conf"]
    assert b"felix" not in parts["xl/workbook.xml"].lower()
    values = build_xlam.read_settings(XLAM)
    assert values["UDF Modules"] == "pmokit.addin.functions"
    assert values["Use UDF Server"] is False
    assert list(values) == list(build_xlam.DEFAULT_SETTINGS)


def test_write_settings_round_trips(tmp_path: Path) -> None:
    target = tmp_path / "pmokit.xlam"
    shutil.copy(XLAM, target)
    wanted = dict(build_xlam.DEFAULT_SETTINGS, Interpreter_Win=r"C:\Users\ana\py & co\python.exe", PYTHONPATH="<x>")
    build_xlam.write_settings(target, wanted)
    assert build_xlam.read_settings(target) == wanted
    assert _parts(target)["xl/vbaProject.bin"] == _parts()["xl/vbaProject.bin"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_add_in_and_reads_its_vba(tmp_path: Path) -> None:
    source = tmp_path / "pmokit.xlam"
    shutil.copy(XLAM, source)
    done = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    ods = tmp_path / "pmokit.ods"
    assert ods.exists(), done.stdout + done.stderr
    with zipfile.ZipFile(ods) as archive:
        basic = {n.rsplit("/", 1)[-1]: archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("Basic/")}
        content = archive.read("content.xml").decode("utf-8")
    assert 'table:name="pmokit.conf"' in content
    ribbon = ET.fromstring(basic["RibbonPmo.xml"]).text or ""
    for line in build_xlam.vba_source("RibbonPmo").splitlines()[1:]:
        assert line in ribbon
    xlwings_module = ET.fromstring(basic["xlwings.xml"]).text or ""
    assert 'Public Const PROJECT_NAME As String = "pmokit"' in xlwings_module
    assert "Public Function RunPython(PythonCommand As String)" in xlwings_module


def _strict_chunks(container: bytes) -> list[int]:
    """Decompressed size of each chunk, per MS-OVBA 2.4.1.3.2, refusing copies past 4096 bytes."""
    assert container[0] == 1
    sizes, i = [], 1
    while i < len(container):
        header = struct.unpack_from("<H", container, i)[0]
        assert header & 0x7000 == 0x3000, "chunk signature"
        end = i + 2 + (header & 0x0FFF) + 1
        i += 2
        if not header & 0x8000:
            sizes.append(4096)
            i = end
            continue
        size = 0
        while i < end:
            flags = container[i]
            i += 1
            for bit in range(8):
                if i >= end:
                    break
                if flags >> bit & 1:
                    bits = max((size - 1).bit_length(), 4)
                    token = struct.unpack_from("<H", container, i)[0]
                    length, offset = (token & (0xFFFF >> bits)) + 3, (token >> (16 - bits)) + 1
                    assert offset <= size and size + length <= 4096, "copy token outside its chunk"
                    size += length
                    i += 2
                else:
                    size += 1
                    i += 1
        sizes.append(size)
    return sizes


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Sub End If Then\r\n ()\"'.,=&_ab1")), max_size=12000))
def test_compression_round_trips_through_olevba(text: str) -> None:
    # Law: oletools' decompressor gives back exactly what was compressed, and every chunk but the
    # last decodes to exactly 4096 bytes with no copy reaching outside it (what Office and LibreOffice need).
    data = text.encode("cp1252")
    container = ovba.compress(data)
    assert bytes(decompress_stream(bytearray(container))) == data
    sizes = _strict_chunks(container)
    assert sum(sizes) == len(data)
    assert all(s == 4096 for s in sizes[:-1])


def test_compression_matches_the_specification_examples() -> None:
    # MS-OVBA 3.2.1 (no compression possible) and 3.2.3 (maximum compression): exact bytes
    assert ovba.compress(b"abcdefghijklmnopqrstuv.") == bytes.fromhex(
        "0119B000616263646566676800696A6B6C6D6E6F70007172737475762E")
    assert ovba.compress(b"a" * 73) == bytes.fromhex("0103B002614500")
    # 3.2.2 (normal compression): the spec's bytes decode to the text; pmokit's encoder picks the
    # nearest of equally long matches for three copy tokens, so its bytes differ there but decode
    # to the same text under the strict reading above.
    text = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
    spec = bytes.fromhex("012FB000236161616263646582660070616768696A013808616B6C00306D6E6F70"
                         "0671027004107273747576107778797A003C")
    assert bytes(decompress_stream(bytearray(spec))) == text
    ours = ovba.compress(text)
    assert len(ours) == len(spec) and bytes(decompress_stream(bytearray(ours))) == text
    assert _strict_chunks(ours) == [len(text)]


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["PROJECT", "PROJECTwm", "VBA/dir", "VBA/Module1", "VBA/_VBA_PROJECT", "Other/Deep"]),
    st.binary(max_size=9000), min_size=1,
))
def test_compound_file_round_trips_through_olefile(streams: dict[str, bytes]) -> None:
    # Law: olefile reads back every stream written, byte for byte, and no other stream.
    ole = olefile.OleFileIO(io.BytesIO(write_compound_file(streams)))
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
    for path, data in streams.items():
        assert ole.openstream(path).read() == data


def test_the_build_is_a_script_run_from_the_repo() -> None:
    done = subprocess.run([sys.executable, "-c", "import pmokit.addin.build_xlam as b; print(len(b.build()))"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
