"""The VBA project inside an Office file (MS-OVBA): compression and the ``dir`` stream's records.

pmokit.xlam's VBA is xlwings' ribbon add-in template with one module replaced by source text from
``addin/vba/``. Office keeps each module's source compressed (MS-OVBA 2.4.1) behind an optional
compiled cache; the ``dir`` stream (itself compressed) says where each module's source starts. A
module written here has no cache (its offset is 0) and the project's ``_VBA_PROJECT`` stream says
version 0xFFFF, so Excel compiles the project from source on first load, as it does for the
template xlwings ships (whose ``xlwings`` module is already source-only).

Standard library only: the build runs at development time, the reader (olefile) lives in
:mod:`pmokit.addin.build_xlam`, and the tests read everything back with oletools' independent decoder.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

CHUNK = 4096
"""A compressed container stores its data in chunks of 4096 decompressed bytes (MS-OVBA 2.4.1.1.4)."""

SOURCE_ONLY_VBA_PROJECT = b"\xcc\x61\xff\xff\x00\x00\x00"
"""``_VBA_PROJECT`` with no performance cache: version 0xFFFF tells Office to compile from source (2.3.4.1)."""


def _copy_token_help(position: int, chunk_start: int) -> tuple[int, int]:
    """Bit count of the offset part, and the longest copy, at this position (MS-OVBA 2.4.1.3.19.1)."""
    difference = position - chunk_start
    bit_count = max((difference - 1).bit_length(), 4)
    length_mask = 0xFFFF >> bit_count
    return bit_count, length_mask + 3


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    out = bytearray()
    position = start
    heads: dict[bytes, list[int]] = {}
    while position < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if position >= end:
                break
            bit_count, maximum = _copy_token_help(position, start)
            best_length, best_offset = 0, 0
            limit = min(maximum, end - position)
            key = data[position:position + 3]
            if limit >= 3:  # a copy never runs past the chunk's end
                for candidate in reversed(heads.get(key, [])[-64:]):
                    length = 3
                    while length < limit and data[candidate + length] == data[position + length]:
                        length += 1
                    if length > best_length:
                        best_length, best_offset = length, position - candidate
                        if length == limit:
                            break
            if best_length >= 3:
                token = ((best_offset - 1) << (16 - bit_count)) | (best_length - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_length
            else:
                out.append(data[position])
                step = 1
            for p in range(position, min(position + step, end - 2)):
                heads.setdefault(data[p:p + 3], []).append(p)
            position += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """The MS-OVBA compressed container for ``data`` (2.4.1.3.6): signature 0x01, then chunks."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        end = min(start + CHUNK, len(data))
        body = _compress_chunk(data, start, end)
        if len(body) <= CHUNK:
            out += struct.pack("<H", (len(body) + 2 - 3) | 0xB000) + body
        elif end - start == CHUNK:  # incompressible: a raw chunk holds exactly 4096 bytes
            out += struct.pack("<H", 0x3FFF) + data[start:end]
        else:
            # MS-OVBA would pad a raw last chunk with zeros, changing the data; VBA source text never
            # gets here (it compresses), so refuse rather than write a module that reads back longer.
            raise ValueError(f"the last {end - start} bytes do not compress; they cannot be stored unchanged")
    return bytes(out)


@dataclass
class Record:
    """One record of the decompressed ``dir`` stream: its id and body (MS-OVBA 2.3.4.2)."""

    id: int
    body: bytes

    def to_bytes(self) -> bytes:
        if self.id == 0x0009:  # PROJECTVERSION: its size field says 4 but 6 bytes follow
            return struct.pack("<HI", self.id, 4) + self.body
        return struct.pack("<HI", self.id, len(self.body)) + self.body


def parse_dir(data: bytes) -> list[Record]:
    """The records of a decompressed ``dir`` stream, in order."""
    records, i = [], 0
    while i < len(data):
        rid, size = struct.unpack_from("<HI", data, i)
        if rid == 0x0009:
            size = 6
        records.append(Record(rid, bytes(data[i + 6:i + 6 + size])))
        i += 6 + size
    return records


PROJECTNAME = 0x04
MODULENAME, MODULENAMEUNICODE, MODULESTREAMNAME, STREAMNAMEUNICODE, MODULEOFFSET = 0x19, 0x47, 0x1A, 0x32, 0x31


def rewrite_module(records: list[Record], old: str, new: str, codepage: str = "cp1252") -> list[Record]:
    """The records with module ``old`` renamed ``new`` (name and stream name) and its source
    offset set to 0: the module stream holds compressed source and no cache."""
    out: list[Record] = []
    inside = False
    for record in records:
        if record.id == MODULENAME:
            inside = record.body.decode(codepage) == old
        if inside and record.id in (MODULENAME, MODULESTREAMNAME):
            record = Record(record.id, new.encode(codepage))
        elif inside and record.id in (MODULENAMEUNICODE, STREAMNAMEUNICODE):
            record = Record(record.id, new.encode("utf-16-le"))
        elif inside and record.id == MODULEOFFSET:
            record = Record(record.id, struct.pack("<I", 0))
        out.append(record)
    if not any(r.id == MODULENAME and r.body == new.encode(codepage) for r in out):
        raise ValueError(f"the VBA project has no module {old}")
    return out


def module_offsets(records: list[Record], codepage: str = "cp1252") -> dict[str, int]:
    """Each module's name → where its compressed source starts in its stream."""
    offsets: dict[str, int] = {}
    name = ""
    for record in records:
        if record.id == MODULENAME:
            name = record.body.decode(codepage)
        elif record.id == MODULEOFFSET:
            offsets[name] = struct.unpack("<I", record.body)[0]
    return offsets
