"""An Excel file as the package it is: zip parts, read with lxml, changed one by one, written back.

``pmokit import`` edits a PMO's workbook at this level, not through openpyxl, so every part it does
not change — charts, pictures, pivot tables, slicers, a data model, dynamic-array metadata, VBA,
extensions pmokit has never heard of — goes back byte for byte, in the zip's own order. A changed
part keeps its XML declaration as it was; only its root element is written again.

XML is parsed without entity expansion, network access or DTDs (a workbook part never has one).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

CONTENT_TYPES = "[Content_Types].xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PROLOG_END = re.compile(rb"<(?![?!])")


class PackageError(ValueError):
    """The file is not a readable Office package; ``str()`` says why."""


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: its id, its type's last word (``worksheet``) and the target part."""

    id: str
    kind: str
    target: str
    external: bool


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False)


class Package:
    """The parts of one .xlsx / .xlsm file, held in memory; :meth:`save` writes them all back."""

    def __init__(self, path: str | Path) -> None:
        try:
            with zipfile.ZipFile(path) as archive:
                self.infos = [i for i in archive.infolist() if not i.is_dir()]
                self.data = {i.filename: archive.read(i) for i in self.infos}
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
            raise PackageError(str(exc) or type(exc).__name__) from None
        if CONTENT_TYPES not in self.data:
            raise PackageError("it has no [Content_Types].xml, so it is not an Office file")
        self.trees: dict[str, etree._Element] = {}
        self.dirty: set[str] = set()
        self.removed: set[str] = set()

    # ---- parts ---------------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.data and name not in self.removed

    def xml(self, name: str) -> etree._Element:
        """The root element of an XML part (parsed once; edits to it are saved with :meth:`touch`)."""
        if name not in self.trees:
            if not self.has(name):
                raise PackageError(f"it has no part {name}")
            try:
                root = etree.fromstring(self.data[name], _parser())
            except etree.XMLSyntaxError as exc:
                raise PackageError(f"its part {name} is not readable XML ({exc.msg})") from None
            if root.getroottree().docinfo.internalDTD is not None:
                raise PackageError(f"its part {name} declares a DTD, which Excel never writes: refused for safety")
            self.trees[name] = root
        return self.trees[name]

    def touch(self, name: str) -> None:
        """Mark an XML part as changed: :meth:`save` writes it from its tree."""
        self.dirty.add(name)

    def add(self, name: str, root: etree._Element, content_type: str | None) -> None:
        """A new XML part, with its content type (None: typed by the Default for its extension)."""
        self.data[name] = b""
        self.trees[name] = root
        self.dirty.add(name)
        self.removed.discard(name)
        if content_type is not None:
            types = self.xml(CONTENT_TYPES)
            etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=content_type)
            self.touch(CONTENT_TYPES)

    def remove(self, name: str) -> None:
        """Drop a part and its content type (the caller removes relationships to it)."""
        self.removed.add(name)
        types = self.xml(CONTENT_TYPES)
        for override in types.findall(f"{{{CT_NS}}}Override"):
            if override.get("PartName") == f"/{name}":
                types.remove(override)
                self.touch(CONTENT_TYPES)

    def changed(self) -> list[str]:
        """The parts :meth:`save` writes anew, in the package's order (new parts last)."""
        order = [i.filename for i in self.infos] + [n for n in self.data if n not in {i.filename for i in self.infos}]
        return [n for n in order if n in self.dirty and n not in self.removed]

    def serialize(self, name: str) -> bytes:
        """A changed XML part's bytes: the original prolog (declaration), then the root element."""
        original = self.data.get(name, b"")
        found = _PROLOG_END.search(original)
        prolog = original[:found.start()] if found else b""
        if not prolog.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml") or re.search(
                rb"encoding=[\"'](?!utf-8)", prolog, re.IGNORECASE):
            prolog = DECLARATION
        return prolog + bytes(etree.tostring(self.trees[name], encoding="UTF-8", xml_declaration=False))

    def save(self, path: str | Path) -> None:
        """Write the package: unchanged parts as they were, in their order; changed and new ones."""
        known = {i.filename for i in self.infos}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in self.infos:
                if info.filename in self.removed:
                    continue
                data = self.serialize(info.filename) if info.filename in self.dirty else self.data[info.filename]
                archive.writestr(self._entry(info.filename, info), data)
            for name in self.data:
                if name not in known and name not in self.removed:
                    archive.writestr(self._entry(name, None), self.serialize(name))

    @staticmethod
    def _entry(name: str, like: zipfile.ZipInfo | None) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, like.date_time if like else (1980, 1, 1, 0, 0, 0))
        entry.compress_type = like.compress_type if like and like.compress_type == zipfile.ZIP_STORED \
            else zipfile.ZIP_DEFLATED
        entry.external_attr = like.external_attr if like else 0o600 << 16
        return entry

    # ---- relationships -------------------------------------------------------------------------
    def rels_name(self, part: str) -> str:
        folder, file = posixpath.split(part)
        return posixpath.join(folder, "_rels", f"{file}.rels")

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of a part (none when it has no .rels part), targets as part names."""
        name = self.rels_name(part)
        if not self.has(name):
            return []
        out = []
        for rel in self.xml(name).findall(f"{{{REL_NS}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(posixpath.dirname(part), target))
            out.append(Relationship(rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], target, external))
        return out

    def relate(self, part: str, kind_uri: str, target: str) -> str:
        """Add a relationship from ``part`` to the part ``target``; returns its new id."""
        name = self.rels_name(part)
        if not self.has(name):
            self.add(name, etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS}), None)
        root = self.xml(name)
        ids = {r.get("Id") for r in root}
        new = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
        relative = posixpath.relpath(target, posixpath.dirname(part) or ".")
        etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=new, Type=kind_uri, Target=relative)
        self.touch(name)
        return new

    def unrelate(self, part: str, target: str) -> bool:
        """Remove the relationships from ``part`` to ``target``; True when there was one."""
        name = self.rels_name(part)
        found = [r for r in self.relationships(part) if r.target == target and not r.external]
        root = self.xml(name) if found else None
        for rel in found:
            assert root is not None
            for element in root.findall(f"{{{REL_NS}}}Relationship[@Id='{rel.id}']"):
                root.remove(element)
            self.touch(name)
        return bool(found)
