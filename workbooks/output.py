"""Writing files atomically: a generated file appears whole or not at all, with the right mode.

One function, :func:`write_atomically`, writes every file pmokit makes (decks, charters, plans,
workbooks, the Excel buttons' reports):

- the file is produced under a temporary name beside the target (``.~<name>.<pid>.<random>.pmokit.tmp``),
  flushed to disk, checked by the caller's ``check`` if any, and moved into place in one step;
- any failure — a full disk, a permission problem, Ctrl-C or SIGTERM — removes the temporary file
  and leaves an existing file untouched; a process killed outright (SIGKILL, power loss) leaves its
  temporary file behind, and the next write into that folder removes it (:func:`clean_stale`);
- a new file gets the mode the user's umask gives (0644 under the usual 022: colleagues on a shared
  folder can open the deck), a replaced file keeps the mode it had;
- ``replace=False`` never replaces an existing file, not even one that appears while writing
  (a hard link is atomic and fails if the name exists);
- every file written is recorded (:func:`written`), so a message after an error or an interrupt can
  say truthfully what was written before it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pmokit.workbooks.errors import OutputError

TEMP_SUFFIX = ".pmokit.tmp"
_TEMP = re.compile(r"^\.~.*\.(\d+)\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$")
STALE_AFTER = 5.0  # seconds a dead process's temporary file is left alone (clock skew on shares)
ABANDONED_AFTER = 24 * 3600.0  # seconds after which any pmokit temporary file is stale

SHOWN_EXISTING = 5  # files named in a refusal to replace several
_written: list[Path] = []
_inputs: dict[tuple[int, int], Path] = {}  # (device, inode) → path of each file read, while guarded
_guard = [False]


def written() -> list[Path]:
    """Every file this process has written through :func:`write_atomically`, in order."""
    return list(_written)


def forget_written() -> None:
    """Start a new record of files written (the ``pmokit`` command does this once per run)."""
    _written.clear()


@contextlib.contextmanager
def inputs_guarded() -> Iterator[None]:
    """Within: every file noted as read (:func:`note_input`) is refused as an output, even with
    consent to replace — ``pmokit export -o pmo.xlsx --force`` must not turn the workbook it reads
    into XML. The ``pmokit`` command runs each command inside; a Python caller who loads a
    workbook and writes it back on purpose is not guarded."""
    _inputs.clear()
    _guard[0] = True
    try:
        yield
    finally:
        _guard[0] = False
        _inputs.clear()


def note_input(path: str | Path) -> None:
    """Record a file this run reads (the workbook, a template, a plan), while guarded."""
    if not _guard[0]:
        return
    with contextlib.suppress(OSError):
        info = os.stat(path)
        _inputs[(info.st_dev, info.st_ino)] = Path(path)


def _refuse_inputs(target: Path) -> None:
    try:
        info = os.lstat(target)  # a link is replaced as a link: only the name itself can be the input
    except OSError:
        return
    read = _inputs.get((info.st_dev, info.st_ino))
    if read is not None:
        raise OutputError(target, f"it is a file this command reads ({read}); choose another output")


def write_atomically(path: str | Path, write: Callable[[Path], None], *, replace: bool = True,
                     check: Callable[[Path], None] | None = None, rewrites_input: bool = False) -> Path:
    """Call ``write(tmp)`` to produce the file at a temporary path beside ``path``, then move it
    into place in one step. Returns the final path.

    ``check(tmp)``, when given, runs on the finished temporary file and raises ``ValueError`` to
    refuse it (:func:`check_package`: a document that does not reopen). With ``replace=False`` an existing ``path`` is an
    :class:`OutputError` and is never touched. A file the run reads is refused as ``path``
    (:func:`inputs_guarded`) unless ``rewrites_input`` says writing it is the point. On any error the temporary file is removed and an
    existing ``path`` is left as it was. Disk full, permission and sharing errors (a deck open in
    PowerPoint on Windows, a read-only folder) become an :class:`OutputError` that says so.
    """
    given = Path(path).expanduser()
    # The folder is resolved, the name is not: a symbolic link there is replaced as a link, never
    # followed to overwrite whatever file it points at (the input workbook, someone else's file).
    target = given.parent.resolve() / given.name
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(target, f"cannot create folder {folder} ({_explain(exc)})") from None
    if target.is_dir():
        raise OutputError(target, "a folder of that name is in the way")
    if not rewrites_input:  # pmokit import writes its --into workbook on purpose
        _refuse_inputs(target)
    if not replace and os.path.lexists(target):
        raise OutputError(target, "the file exists; use --force to replace it")
    clean_stale(folder)
    with _temporary_beside(target) as tmp:
        try:
            write(tmp)
            _flush(tmp)
        except OSError as exc:
            raise OutputError(target, _explain(exc)) from None
        if check is not None:
            try:
                check(tmp)
            except ValueError as exc:
                raise OutputError(target, f"the file came out damaged, so it was not saved ({exc})") from None
        _settle_mode(tmp, target)
        _move(tmp, target, replace)
    _written.append(target)
    return target


def refuse_existing(targets: Sequence[Path], folder: Path | None = None) -> None:
    """Before a set of files is written without consent to replace: an :class:`OutputError`
    naming every one that exists already, so nothing of the set is written (a command that writes
    several files never leaves half a new set beside half an old one)."""
    there = [Path(t) for t in targets if os.path.lexists(t)]
    if len(there) == 1:
        raise OutputError(there[0], "the file exists; use --force to replace it")
    if there:
        names = ", ".join(t.name for t in there[:SHOWN_EXISTING]) + (", …" if len(there) > SHOWN_EXISTING else "")
        raise OutputError(folder or there[0].parent, f"{len(there)} files exist ({names}); use --force to replace "
                                                     "them")


def check_package(path: Path) -> None:
    """Reopen a written Office file (.pptx, .docx, .xlsx) cheaply: the zip's directory and every
    member's checksum, and every XML part parsed. Raises ``ValueError`` naming the damaged part."""
    import zipfile

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            if bad is not None:
                raise ValueError(f"{bad} is damaged")
            for name in archive.namelist():
                if name.endswith((".xml", ".rels")):
                    try:
                        etree.fromstring(archive.read(name), parser)
                    except etree.XMLSyntaxError as exc:
                        raise ValueError(f"{name} is not well-formed XML: {exc}") from None
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a valid Office file: {exc}") from None


def clean_stale(folder: Path) -> list[Path]:
    """Remove pmokit's own temporary files in ``folder`` that no running pmokit is writing: those
    of a process that no longer exists, and any older than a day. Returns what was removed; never
    raises (a file that cannot be removed is left for next time)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        found = _TEMP.match(entry.name)
        if not found:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            age = now - info.st_mtime
            if age > ABANDONED_AFTER or (age > STALE_AFTER and not _alive(int(found.group(1)))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # no signal 0 on Windows: only age makes a temporary file stale there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


@contextlib.contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    tmp = target.with_name(f".~{target.name[:100]}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        # 0o666 and the kernel applies the umask: the mode a new file of the user's would get
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise OutputError(target, _explain(exc)) from None
    os.close(fd)
    try:
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _flush(tmp: Path) -> None:
    """Push the file's bytes to the disk before it takes the real name: a full disk shows here
    (delayed allocation) rather than as a truncated file after a crash."""
    fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _settle_mode(tmp: Path, target: Path) -> None:
    """A replaced file keeps its mode; a new one keeps what the umask gave the temporary file."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def _move(tmp: Path, target: Path, replace: bool) -> None:
    try:
        if replace:
            os.replace(tmp, target)
            return
        try:
            os.link(tmp, target)  # atomic, and fails if the name exists meanwhile
        except FileExistsError:
            raise OutputError(target, "the file exists; use --force to replace it") from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            if os.path.lexists(target):  # a file system without hard links: check, then move
                raise OutputError(target, "the file exists; use --force to replace it") from None
            os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(target, _explain(exc)) from None


def _explain(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full (or your disk quota is used up)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied — is the file open in another program, or the folder read-only?"
    if exc.errno == errno.EROFS:
        return "the folder is on a read-only file system"
    if exc.errno == errno.ENAMETOOLONG:
        return "the path is too long for the file system"
    return exc.strerror or str(exc)
