"""Output folders the tool owns, replaced whole and safely.

- Ownership: every folder the tool writes carries a marker file. An existing folder is replaced
  only when it carries the marker (or is empty); anything else — a user's folder, the current
  directory, a folder holding the raw data — is refused, never deleted. A symlink given as the
  output is refused rather than followed.
- Atomic replacement: the new output is written into a private temporary folder beside it
  (in `.<name>.work/`), then exchanged with the old one in one step (Linux
  `renameat2(RENAME_EXCHANGE)`), so at every instant the final name holds either the complete
  old output or the complete new one. Where the exchange is not available, two renames are
  used and the next run repairs a kill between them.
- Concurrency: runs that write the same folder are serialised by a lock file beside it; under
  the lock, temporaries left by killed runs are removed.
- Scale: a folder's temporaries live in its own `.<name>.work/`, so finding what a killed run
  left looks at that folder only, never at the siblings: writing N folders side by side (a
  corpus's year folder) stays linear in N.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from .. import config
from ..errors import DisclosureError

MARKER = ".zhuzhou-budget-output"
MARKER_TEXT = ("This folder was written by zhuzhou_budget and is replaced whole when it is "
               "built again;\nfiles put here by hand are lost then.\n")
LOCK_WAIT_SECONDS = 300.0
_TEMP = "tmp"
_OLD = "old"
_WORK = "work"

T = TypeVar("T")


def checked(out: str | Path, marker: str = MARKER,
            owner: str = "was not written by zhuzhou_budget", *,
            real_parent: bool = False) -> Path:
    """The absolute output path, or a one-line error when the tool may not write it: a
    symlink, the filesystem root, the raw data, or a non-empty folder without `marker`.
    `real_parent`: the caller made `out` in a folder it has just resolved (the corpus's
    year folder), not resolved again (seven system calls and a walk of the path a
    document)."""
    given = Path(out)
    path = Path(os.path.abspath(given))
    if path.is_symlink():
        raise DisclosureError(f"{given}: is a symbolic link; give the real folder as the output")
    if not real_parent:
        path = path.parent.resolve() / path.name
    if path.parent == path:
        raise DisclosureError(f"{given}: refusing to write over the filesystem root")
    raw = config.RAW.resolve()
    if path == raw or raw in path.parents or path in raw.parents:
        raise DisclosureError(f"{given}: refusing to write there: it is, or holds, the raw data "
                              f"folder {raw}")
    if path.exists():
        if not path.is_dir():
            raise DisclosureError(f"{given}: exists and is not a folder")
        if not (path / marker).is_file() and any(path.iterdir()):
            raise DisclosureError(f"{given}: exists and {owner} (no {marker} in it); give a "
                                  "new or empty folder")
    return path


def replace(out: str | Path, write: Callable[[Path], T],
            before_swap: Callable[[], None] | None = None) -> T:
    """Run `write(tmp)` into a private temporary folder, then swap it in as `out`;
    `before_swap`, when given, runs between the two (the last thing before the swap)."""
    return replace_checked(checked(out), write, before_swap, out)


def replace_checked(path: Path, write: Callable[[Path], T],
                    before_swap: Callable[[], None] | None = None,
                    out: str | Path | None = None) -> T:
    """`replace` of a path `checked` has just returned (the caller checked it: not twice);
    `out`, as the caller was given it, names it in errors (`path` by default)."""
    out = path if out is None else out
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path):
            tmp = _new_temporary(_ready_work(path))
            try:
                _write_marker(tmp)
                result = write(tmp)
                if before_swap is not None:
                    before_swap()
                _swap_in(tmp, path)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            finally:
                _drop_work(path)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise DisclosureError(f"{out}: cannot write the output ({reason}"
                              f"{': ' + str(exc.filename) if exc.filename else ''})") from exc
    return result


def promote(src: Path, out: str | Path) -> None:
    """Swap a complete output written beside `out` (`src`: the tool's, made by `replace`) in
    as `out`, the way `replace` swaps its temporary in; `src` is gone afterwards."""
    path = checked(out)
    if not owned(src):
        raise DisclosureError(f"{src}: not an output of zhuzhou_budget; not moved to {out}")
    with _locked(path):
        _repair(path)
        _swap_in(src, path)


def repair(out: str | Path) -> None:
    """What a killed run left of `out`'s writing, put right under its lock: an old output
    half-swapped restored, temporaries removed (the corpus calls it for the hidden work
    folders of outputs it will not write again)."""
    path = checked(out)
    with _locked(path):
        _repair(path)


def _new_temporary(work: Path) -> Path:
    """A new folder of a random name in `work`, with the permissions a folder made by mkdir
    gets (the umask's; mkdtemp's would be 0700, changed afterwards by two more calls): made
    exclusively (mkdir fails on any name that exists, a link included), a name again on a
    collision, as mkdtemp does."""
    names = _temporary_names()
    for _ in range(tempfile.TMP_MAX):
        tmp = os.path.join(work, f"{_TEMP}-{next(names)}")
        try:
            os.mkdir(tmp, 0o777)
        except FileExistsError:
            continue
        return Path(tmp)
    raise FileExistsError(errno.EEXIST, "no usable temporary folder name found", str(work))


def _temporary_names() -> Iterator[str]:
    """Random folder names, from the OS's randomness (the same in a forked child as in any
    other process: nothing to reseed)."""
    while True:
        yield secrets.token_hex(6)


def _write_marker(folder: Path) -> None:
    """The marker file in a new folder of the tool's."""
    write_new(os.path.join(folder, MARKER), _MARKER_BYTES)


def write_new(path: str, data: bytes) -> None:
    """`data` as a new file `path` (never one already there: O_EXCL), os-level: three system
    calls a file, where pathlib's objects and a buffered file object take several more (a
    document writes thirty files)."""
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        # one call: a regular file takes the bytes whole (after a short write, the rest)
        written = os.write(fd, data) if data else 0
        while written < len(data):
            written += os.write(fd, memoryview(data)[written:])
    finally:
        os.close(fd)


_MARKER_BYTES = MARKER_TEXT.encode("utf-8")
# binary (Windows would otherwise write LF as CRLF), not inherited by child processes
_NEW_FILE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
             | getattr(os, "O_CLOEXEC", 0))


def owned(path: Path) -> bool:
    return (path / MARKER).is_file()


def locked(path: Path) -> contextlib.AbstractContextManager[None]:
    """The lock of `path` (a file beside it), held for a whole run: the corpus root's."""
    return _locked(path)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise runs writing `path` with a lock file beside it, removed on release (a run
    that acquired a file another run has just removed tries again, so two never both hold
    it); the kernel releases the lock of a process that dies."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no serialisation, temporaries stay private per run
        yield
        return
    lock = path.parent / f".{path.name}.lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise DisclosureError(f"{path}: another run has been writing this folder for "
                                      f"over {LOCK_WAIT_SECONDS:.0f} s") from None
            time.sleep(0.05)
            continue
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder before us removed this file: take the new one
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)
        os.close(fd)


def _work(path: Path, create: bool = False) -> Path:
    """`.<name>.work/` beside `path`: where its temporaries are made (a symlink is refused:
    the temporaries would be written wherever it points)."""
    work = path.parent / f".{path.name}.{_WORK}"
    if work.is_symlink():
        raise DisclosureError(f"{work}: is a symbolic link; remove it (the tool writes its "
                              "temporaries there)")
    if create:
        work.mkdir(exist_ok=True)
    return work


def _ready_work(path: Path) -> Path:
    """Under the lock: `.<name>.work/` repaired (`_repair`) and made, for a new temporary;
    where there is none (the usual case) found so by one lstat and made."""
    work = path.parent / f".{path.name}.{_WORK}"
    try:
        os.lstat(work)
    except FileNotFoundError:
        os.mkdir(work)  # (exclusive: whatever appeared meanwhile is an error, not entered)
        return work
    _repair(path)  # a link, a file or a folder: looked at as ever
    return _work(path, create=True)


def _drop_work(path: Path) -> None:
    # only when empty: a foreign file there stays; rmdir never follows a symbolic link (it
    # fails on one), so the link test `_work` makes is not needed to remove it
    with contextlib.suppress(OSError):
        os.rmdir(path.parent / f".{path.name}.{_WORK}")


def _repair(path: Path) -> None:
    """Under the lock: restore an old output a kill left half-swapped; remove temporaries.
    Only the folder's own `.<name>.work/` is looked at."""
    work = _work(path)
    if not work.is_dir():
        return
    olds = sorted(work.glob(f"{_OLD}-*"))
    if not path.exists() and olds and owned(olds[-1]):
        olds[-1].rename(path)
    for stale in sorted(work.glob(f"{_TEMP}-*")) + sorted(work.glob(f"{_OLD}-*")):
        if stale.is_dir() and not stale.is_symlink() and (owned(stale) or not any(
                stale.iterdir())):
            _discard(stale)
    _drop_work(path)


def _swap_in(tmp: Path, path: Path) -> None:
    if not path.exists():
        tmp.rename(path)
        return
    if not owned(path):  # checked() allowed it: an empty folder, nothing to keep
        path.rmdir()
        tmp.rename(path)
        return
    if _exchange(tmp, path):
        _discard(tmp)  # tmp now holds the old output
        return
    old = Path(tempfile.mkdtemp(prefix=f"{_OLD}-", dir=_work(path, create=True)))
    old.rmdir()
    path.rename(old)
    tmp.rename(path)  # a kill before this line is repaired by the next run (_repair)
    _discard(old)
    _drop_work(path)


def _discard(folder: Path) -> None:
    """Remove an output of the tool, its marker last: a kill midway leaves a folder still
    marked, which the next run's repair recognises as the tool's and removes (one without
    its marker would look like somebody else's and be left)."""
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    with contextlib.suppress(FileNotFoundError):
        (folder / MARKER).unlink()
    folder.rmdir()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where not supported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))
