"""Reading a Microsoft Project ``.mpp`` file through MPXJ, the optional extra ``pmokit[mpp]``.

MPXJ (``pip install mpxj``) is a Java library with a Python wrapper; it reads ``.mpp`` files of
every Microsoft Project version and writes MSPDI. pmokit asks it for exactly that and then imports
the MSPDI as it imports a file saved from Microsoft Project, so both routes share every rule. It
needs a Java runtime: on Debian or Ubuntu ``apt-get install default-jre-headless``; on Windows or
macOS any Java 11 or later (for example Eclipse Temurin).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from pmokit.workbooks.mspdi import MsPlan, PlanError, read_mspdi

INSTALL = ("reading .mpp files needs the optional extra pmokit[mpp] (pip install \"pmokit[mpp]\", which brings MPXJ) "
           "and a Java runtime (Debian/Ubuntu: apt-get install default-jre-headless; Windows/macOS: Java 11 or "
           "later, e.g. Eclipse Temurin). Or save the plan from Microsoft Project as XML (File → Save As → XML) "
           "and import that")


def read_mpp(path: str | Path) -> MsPlan:
    """Read an ``.mpp`` file (any file MPXJ recognises) as a plan; :class:`PlanError` says what
    is missing when MPXJ or Java is not there."""
    source = Path(path)
    if not source.is_file():
        raise PlanError(f"there is no file {source}")
    jpype, reader, writer = _mpxj()
    with tempfile.TemporaryDirectory() as folder:
        xml = Path(folder) / "plan.xml"
        try:
            project = reader().read(str(source))
            if project is None:
                raise PlanError(f"{source.name} is not a project file MPXJ can read")
            writer().write(project, str(xml))
        except jpype.JException as exc:
            raise PlanError(f"MPXJ cannot read {source.name}: {exc.message()}") from None
        plan = read_mspdi(xml)
    return plan


def _mpxj() -> tuple[Any, Any, Any]:
    try:
        import jpype
        import mpxj  # noqa: F401 - puts MPXJ's jars on the class path
    except ImportError:
        raise PlanError(INSTALL) from None
    if not jpype.isJVMStarted():
        try:
            jpype.startJVM(convertStrings=True)
        except (jpype.JVMNotFoundException, OSError) as exc:
            raise PlanError(f"no Java runtime found ({exc}); {INSTALL}") from None
    for package in ("org.mpxj", "net.sf.mpxj"):  # MPXJ 13 renamed its packages
        try:
            reader = jpype.JClass(f"{package}.reader.UniversalProjectReader")
            writer = jpype.JClass(f"{package}.mspdi.MSPDIWriter")
            return jpype, reader, writer
        except TypeError:
            continue
    raise PlanError(f"this MPXJ has no UniversalProjectReader; {INSTALL}")
