"""Writing a compound file (MS-CFB version 3), the container a ``vbaProject.bin`` is.

olefile reads compound files but can only rewrite a stream at its old size; replacing a VBA
module changes sizes, so :func:`write_compound_file` lays the whole file out anew: 512-byte
sectors, streams under 4096 bytes in the mini stream, one FAT, the directory as a balanced
binary tree (MS-CFB 2.6.4 orders siblings by name length, then upper-cased name). Timestamps and
CLSIDs are zero, so the same streams always give the same bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    index: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = END


def _key(entry: _Entry) -> tuple[int, str]:
    return len(entry.name), entry.name.upper()


def _tree(entries: list[_Entry]) -> int:
    """Link sorted siblings as a balanced binary tree; return the root's index."""
    if not entries:
        return NOSTREAM
    middle = len(entries) // 2
    node = entries[middle]
    node.left = _tree(entries[:middle])
    node.right = _tree(entries[middle + 1:])
    return node.index


def write_compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` (paths like ``"VBA/dir"``; storages are implied)."""
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        parent = root
        *folders, name = path.split("/")
        for folder in folders:
            found = next((c for c in parent.children if c.name == folder and c.kind == 1), None)
            if found is None:
                found = _Entry(folder, 1)
                parent.children.append(found)
            parent = found
        parent.children.append(_Entry(name, 2, data))

    entries: list[_Entry] = []

    def number(entry: _Entry) -> None:
        entry.index = len(entries)
        entries.append(entry)
        for c in sorted(entry.children, key=_key):
            number(c)

    number(root)
    for entry in entries:
        entry.child = _tree(sorted(entry.children, key=_key))

    fat: list[int] = []
    body = bytearray()

    def allocate(data: bytes) -> int:
        count = -(-len(data) // SECTOR)
        if count == 0:
            return END
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(END)
        body.extend(data.ljust(count * SECTOR, b"\x00"))
        return first

    mini = bytearray()
    minifat: list[int] = []
    for entry in entries:
        if entry.kind != 2 or not entry.data:
            continue
        if len(entry.data) >= CUTOFF:
            entry.start = allocate(entry.data)
        else:
            count = -(-len(entry.data) // MINI)
            entry.start = len(minifat)
            minifat.extend(range(entry.start + 1, entry.start + count))
            minifat.append(END)
            mini.extend(entry.data.ljust(count * MINI, b"\x00"))
    root.start = allocate(bytes(mini)) if mini else END
    minifat_start = allocate(b"".join(struct.pack("<I", n) for n in minifat)) if minifat else END
    minifat_sectors = -(-len(minifat) * 4 // SECTOR)

    directory = bytearray()
    for entry in entries:
        directory += _direntry(entry, len(mini) if entry.kind == 5 else len(entry.data))
    while len(directory) % SECTOR:
        directory += _direntry(None, 0)
    directory_start = allocate(bytes(directory))

    fat_sectors = 1
    while (len(fat) + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("more than 109 FAT sectors needs DIFAT sectors; the VBA project is too large")
    fat_start = len(fat)
    fat.extend([FATSECT] * fat_sectors)
    fat.extend([FREE] * (fat_sectors * (SECTOR // 4) - len(fat)))
    body.extend(b"".join(struct.pack("<I", n) for n in fat))

    difat = list(range(fat_start, fat_start + fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = (
        SIGNATURE + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, directory_start, 0, CUTOFF,
                      minifat_start, minifat_sectors, END, 0)
        + b"".join(struct.pack("<I", n) for n in difat)
    )
    assert len(header) == SECTOR
    return header + bytes(body)


def _direntry(entry: _Entry | None, size: int) -> bytes:
    if entry is None:
        return b"\x00" * 64 + struct.pack("<HBBIII", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM) + b"\x00" * 36 + struct.pack("<IQ", 0, 0)
    name = entry.name.encode("utf-16-le") + b"\x00\x00"
    if len(name) > 64:
        raise ValueError(f"stream name {entry.name!r} is longer than 31 characters")
    start = entry.start if entry.kind != 1 else 0
    return (
        name.ljust(64, b"\x00")
        + struct.pack("<HBBIII", len(name), entry.kind, 1, entry.left, entry.right, entry.child)
        + b"\x00" * 36  # CLSID, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )
