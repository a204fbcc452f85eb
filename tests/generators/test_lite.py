"""``pmokit lite`` and the functions where xlwings Lite runs them: Pyodide, without Numba,
python-calamine, python-pptx, python-docx or Matplotlib.

Pyodide is CPython compiled to WebAssembly; what it lacks is packages. Each check here runs in a
fresh interpreter whose import system refuses those five packages (a meta-path finder), so a
module that imports one at load time, or a function that needs one, fails here as it would in
Lite. What cannot be checked without Excel and Pyodide (the Lite editor installing NumPy and
SciPy, Excel calling the functions) is said in the README as not tried.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest
from test_cli import _run as _cli  # the pmokit command as a user meets it

import pmokit.addin.functions as functions
from pmokit.generators import lite
from pmokit.workbooks import sample_path

ABSENT = ("numba", "python_calamine", "pptx", "docx", "matplotlib")

#: Refuses ABSENT as Pyodide would (ModuleNotFoundError), and with ``alone`` also hides the
#: editable install's finder so pmokit can come only from the wheel on sys.path.
PRELUDE = textwrap.dedent(f"""
    import sys

    class _Absent:
        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name.partition(".")[0] in {ABSENT!r}:
                raise ModuleNotFoundError(f"No module named {{name!r}} (not in Pyodide)", name=name)
            return None

    sys.meta_path.insert(0, _Absent)
    if ALONE:
        sys.meta_path[:] = [f for f in sys.meta_path
                            if not type(f).__module__.startswith("__editable__")
                            and not getattr(f, "__module__", "").startswith("__editable__")]
""")

#: Calls with the Wikipedia PERT example, the fence EVM example and Lipke's earned schedule
#: figures of tests/addin/test_functions.py (dates as Excel serials), and the simulations: their
#: counter-based draws are the same with and without Numba (addin/streams.py), so a workbook
#: shows the same P80 in Lite as on a Windows desktop.
CALLS: list[tuple[str, list[Any]]] = [
    ("PMO_PERT", [[2, 3, 4, 4, 4, 3, 3], [4, 5, 5, 6, 5, 4, 5], [6, 9, 7, 10, 7, 8, 8]]),
    ("PMO_PERT_SD", [[2, 3], [4, 5], [6, 9]]),
    ("PMO_PERT_PROB", [[2, 3], [4, 5], [6, 9], 10]),
    ("PMO_COCOMO", [50, [["PREC", "High"], ["TEAM", "Very High"]]]),
    ("PMO_COCOMO_SCHEDULE", [100]),
    ("PMO_CPM", [list("ABCDEFG"), [4, 5.33, 5.17, 6.33, 5.17, 4.5, 5.17],
                 ["", "", "A", "A", "B, C", "D", "E"], 46083, [46091]]),
    ("PMO_LOAD", [["Ana", "Ben", "Ana"], [46083] * 3, [46094, 46087, 46087], [80, 50, 20],
                  [46083, 46090], "bell"]),
    ("PMO_UTILISATION", [[["Resource", 46083, 46090], ["Ana", 60, 40], ["Ben", 50, 0]], 40]),
    ("PMO_OVERLOAD", [[["Resource", 46083, 46090], ["Ana", 60, 40], ["Ben", 50, 0]], [40, 50]]),
    ("PMO_EVM", [[4000, 100], [3000, 50], [2500, 50], [2800, 0]]),
    ("PMO_ES", [[46050 + 30 * m for m in range(12)],
                [50, 120, 210, 320, 450, 590, 720, 830, 920, 980, 995, 1000], 520, 46231, 600,
                1000]),
    ("PMO_VARIANCE", [[100, 0], [110, 5]]),
    ("PMO_RAG", [[0.96, 0.95, 0.9, 0.84]]),
    ("PMO_RISK_SCORE", [[0.3, 0.85], [4, 5]]),
    ("PMO_EMV", [[0.3, 0.5], [1000, 200]]),
    ("PMO_PERT", [[2, None], [4, 5], [6, 9]]),  # a message, not a value
]
SIMULATIONS: list[tuple[str, list[Any]]] = [
    ("PMO_MC", [[2, 3, 4, 4, 4, 3, 3], [4, 5, 5, 6, 5, 4, 5], [6, 9, 7, 10, 7, 8, 8], 0.8, 2000,
                "pert", 0.3]),
    ("PMO_MC_TABLE", [[2, 3, 4], [4, 5, 5], [6, 9, 7], 2000]),
    ("PMO_SRA", [list("ABCDEFG"), [2, 3, 4, 4, 4, 3, 3], [4, 5, 5, 6, 5, 4, 5],
                 [6, 9, 7, 10, 7, 8, 8], ["", "", "A", "A", "B, C", "D", "E"], 0.8, 2000]),
    ("PMO_SRA_TABLE", [list("ABC"), [2, 1, 3], [3, 2, 4], [5, 4, 8], ["", "A", "A"], 2000,
                       46083]),
    # A done on its actual dates, C held to start no earlier than 16 Mar 2026, status 5 Mar 2026
    ("PMO_SRA_TABLE", [list("ABC"), [2, 1, 3], [3, 2, 4], [5, 4, 8], ["", "A", "A"], 2000,
                       46083, None, None, None, None, None, None, None, ["", "", "SNET"],
                       [None, None, 46097], None, [46083, None, None], [46085, None, None], None,
                       46086, None]),
    ("PMO_FORECAST", [[3, 8, 0, 5], 40, 0.85, 46083, 7, 2000]),
    ("PMO_FORECAST_ITEMS", [[3, 8, 0, 5], 6, 0.85, 2000]),
    ("PMO_RISK_RESERVE", [[0.3, 0.5], [100, 50], [200, 80], [400, 150], 0.8, 2000]),
    ("PMO_TORNADO", [[2, 3, 4], [4, 5, 5], [6, 9, 7], ["A", "B", "C"], 2000, "pert", 0.3]),
    ("PMO_SRA_RISKS", [["A", "B", "M"], [10, 4, 0], [10, 6, 0], [10, 8, 0], ["", "", "A, B"],
                       ["R1", "R3"], [0.5, 0.2], [4, 1], [4, 2], [4, 3], ["B", "A, B"], None,
                       None, 0.8, 2000]),
]
CALLS += SIMULATIONS

ANSWERS = textwrap.dedent("""
    import json
    import pmokit.addin.functions as f
    calls = json.loads(CALLS)
    answers = [getattr(f, name)(*args) for name, args in calls]
    print(json.dumps({"answers": answers,
                      "loaded": sorted(m for m in ABSENT if m in sys.modules),
                      "file": f.__file__}, default=str))
""")


def _run(script: str, *, alone: bool = False, cwd: Path | None = None,
         env: dict[str, str] | None = None) -> dict[str, Any]:
    code = (f"ALONE = {alone!r}\nABSENT = {ABSENT!r}\nCALLS = {json.dumps(json.dumps(CALLS))}\n"
            + PRELUDE + script)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def _here() -> list[Any]:
    answers = [getattr(functions, name)(*args) for name, args in CALLS]
    result: list[Any] = json.loads(json.dumps(answers, default=str))
    return result


def test_the_functions_load_and_answer_alike_without_what_pyodide_lacks() -> None:
    from pmokit.addin import kernels

    assert kernels.AVAILABLE  # here, the compiled draws; there, NumPy's: the same numbers
    answer = _run(ANSWERS)
    assert answer["loaded"] == []
    assert answer["answers"] == _here()
    assert answer["answers"][0][0] == [4.0]  # (2 + 16 + 6) / 6: the run really answered
    simulated = answer["answers"][-len(SIMULATIONS):]
    assert answer["answers"][-len(SIMULATIONS) - 1] == (
        "PMO_PERT: optimistic row 2: is blank; a number is needed")
    assert 18 < simulated[0] < 51  # PMO_MC: between Σ optimistic and Σ pessimistic
    assert not [a for a in simulated if str(a).startswith("PMO_")]  # answers, not messages


def test_a_simulation_runs_without_numba() -> None:
    script = textwrap.dedent("""
        import json
        from pmokit.addin import kernels
        from pmokit.addin.functions import PMO_MC
        total = PMO_MC([2, 3, 4], [4, 5, 5], [6, 9, 7], 0.8, 2000)
        print(json.dumps({"compiled": kernels.AVAILABLE, "total": total}))
    """)
    answer = _run(script)
    assert answer["compiled"] is False
    assert 9 < answer["total"] < 22  # between Σ optimistic and Σ pessimistic


@pytest.fixture(scope="module")
def wheel() -> bytes:
    return lite.build_wheel()


def test_the_wheel_is_pmokit_addin_with_a_record_of_every_file(wheel: bytes) -> None:
    info = f"{lite.DISTRIBUTION}-{lite.version()}.dist-info"
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]  # files, not folders
        record = archive.read(f"{info}/RECORD").decode().splitlines()
        for line in record:
            name, digest, size = line.rsplit(",", 2)
            if name == f"{info}/RECORD":
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == f"sha256={expected.decode()}" and int(size) == len(data), name
        metadata = archive.read(f"{info}/METADATA").decode()
    assert {n for n in names if not n.startswith(info)} == {
        f"pmokit/addin/{p.name}" for p in Path(functions.__file__).parent.glob("*.py")
        if p.stem not in lite.BUILD_ONLY}
    assert "pmokit/addin/functions.py" in names and "pmokit/addin/build_xlam.py" not in names
    assert len(record) == len(names)
    # Only what Pyodide builds: no Numba, and no xlwings (Lite brings its own).
    assert [line for line in metadata.splitlines() if line.startswith("Requires-Dist")] == [
        "Requires-Dist: numpy", "Requires-Dist: scipy"]
    assert lite.build_wheel() == wheel  # same sources, same bytes


def test_pip_installs_the_wheel_and_the_functions_import_from_it_alone(
        wheel: bytes, tmp_path: Path) -> None:
    path = tmp_path / lite.wheel_name()
    path.write_bytes(wheel)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
                    "--no-compile", "--disable-pip-version-check", "--quiet", "--target",
                    str(target), str(path)], check=True, capture_output=True)
    answer = _run(f"sys.path.insert(0, {str(target)!r})\n" + ANSWERS, alone=True)
    assert answer["file"].startswith(str(target))
    assert answer["answers"] == _here()


def test_the_embedded_main_py_registers_every_function_as_lite_reads_them(
        tmp_path: Path) -> None:
    lite.write_lite(tmp_path / "out")
    # Lite runs main.py as module "main" and reads its members with custom_functions_meta.
    script = textwrap.dedent(f"""
        import json, pathlib, types
        source = pathlib.Path({str(tmp_path / "out" / "main.py")!r}).read_text(encoding="utf-8")
        main = types.ModuleType("main")
        sys.modules["main"] = main
        exec(compile(source, "main.py", "exec"), main.__dict__)
        exec(compile(source, "main.py", "exec"), main.__dict__)  # Lite may run it again
        from xlwings.server import custom_functions_meta
        meta = custom_functions_meta(main)
        import pmokit.addin.functions as f
        print(json.dumps({{
            "registered": sorted(x["name"] for x in meta["functions"]),
            "file": f.__file__,
            "pert": main.PMO_PERT(2, 4, 12),
            "copies": [p for p in sys.path if "pmokit_functions" in p],
        }}))
    """)
    env = {"PATH": "", "TMPDIR": str(tmp_path), "HOME": str(tmp_path),
           "XLWINGS_LICENSE_KEY": "noncommercial"}  # what Lite configures for its own xlwings
    answer = _run(script, alone=True, env=env)
    assert answer["registered"] == sorted(functions.__all__)
    assert answer["file"].startswith(str(tmp_path))  # from the wheel main.py carries
    assert answer["pert"] == 5.0
    assert len(answer["copies"]) == 1


def test_by_url_the_requirements_name_the_wheel_and_main_py_just_imports() -> None:
    options = lite.LiteOptions(wheel_url="https://pmo.example.com/lite/")
    address = f"https://pmo.example.com/lite/{lite.wheel_name()}"
    assert lite.requirements_txt(options) == f"numpy\nscipy\n{address}\n"
    main = lite.main_py(options, b"")
    assert address in main and "base64" not in main
    assert "from pmokit.addin.functions import *" in main
    assert lite.requirements_txt(lite.LiteOptions()) == "numpy\nscipy\n"


def test_pmokit_lite_writes_the_four_files_and_lists_what_the_workbook_calls(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    before = sample_path().read_bytes()
    code, out, _ = _cli(["lite", "-o", str(tmp_path)], capsys)
    assert code == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {"main.py", "requirements.txt", "README.md", lite.wheel_name()}
    assert all(f"Wrote {tmp_path / name}" in " ".join(out.split()) for name in names)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    # The bundled sample's Functions sheet calls seven functions in row 7 (row 6 shows them
    # as text, which is not a call).
    assert "- `PMO_PERT`: 1 cell, first `Functions!A7`" in readme
    assert "- `PMO_RISK_RESERVE`: 1 cell, first `Functions!N7`" in readme
    assert readme.count("\n- `PMO_") == 7 and "not a pmokit function" not in readme
    assert sample_path().read_bytes() == before


def test_a_name_pmokit_does_not_provide_is_flagged(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "=PMO_PRET(1,2,3)+PMO_PERT(1,2,3)"
    book.save(tmp_path / "typo.xlsx")
    use = lite.formula_use(tmp_path / "typo.xlsx")
    assert use.calls == {"PMO_PERT": (1, "Sheet!A1"), "PMO_PRET": (1, "Sheet!A1")}
    assert use.unknown == ["PMO_PRET"]
    assert "`PMO_PRET`: 1 cell, first `Sheet!A1` — **not a pmokit function**" in lite.readme(
        lite.LiteOptions(), tmp_path / "typo.xlsx", use)


def test_a_missing_workbook_is_named_and_nothing_is_written(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.xlsx"
    code, _, err = _cli(["lite", str(missing), "-o", str(tmp_path / "out")], capsys)
    assert code == 1
    assert f"there is no file {missing}" in " ".join(err.split())
    assert not (tmp_path / "out").exists()
