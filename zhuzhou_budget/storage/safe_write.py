"""Writing report files without following symlinks or leaving the output root.

Every file goes to a new temporary name in its own folder (created exclusively, so nothing
planted there is opened) and is then renamed over the final name with `os.replace`: a rename
replaces a symlink standing at the final name, it never writes through it. Folders are checked
component by component below the chosen root: none may be a symlink, and every path, resolved,
must stay inside the root.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import DisclosureError


class UnsafePath(DisclosureError):
    """An output path that is a symlink or leaves the output root."""


def inside(root: Path, path: Path) -> Path:
    """`path` resolved, or UnsafePath when it leaves `root` (resolved)."""
    real_root = Path(root).resolve()
    real = Path(path).resolve()
    if real != real_root and real_root not in real.parents:
        raise UnsafePath(f"{path}: outside the output folder {root}; refusing to write there")
    return real


def folder(root: Path, path: Path, create: bool = True) -> Path:
    """Make (or check) the folder `path` under `root`: no component below the root may be a
    symlink or anything but a folder, and the result must stay inside the root."""
    root, path = Path(os.path.abspath(root)), Path(os.path.abspath(path))
    if path != root and root not in path.parents:
        raise UnsafePath(f"{path}: not under the output folder {root}")
    if create:
        root.mkdir(parents=True, exist_ok=True)
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if create and not current.exists() and not current.is_symlink():
            with contextlib.suppress(FileExistsError):  # another thread may make it first
                current.mkdir()
        if current.is_symlink():
            raise UnsafePath(f"{current}: is a symbolic link inside the output folder; "
                             "remove it (reports are never written through a link)")
        if current.exists() and not current.is_dir():
            raise UnsafePath(f"{current}: exists and is not a folder")
    return inside(root, path) if path.exists() else path


def replace(path: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` with a fresh temporary file beside `path`, then rename it to `path`."""
    path = Path(path)
    try:
        # Hidden, and ending as the final name does (papermill checks the extension).
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".part{path.suffix}",
                                    dir=path.parent)
    except OSError as exc:
        raise WriteError(path, exc) from None
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):  # a full disk, a read-only folder: one line, the path
            raise WriteError(path, exc) from None
        raise
    return path


class WriteError(DisclosureError):
    """A report file that could not be written (disk full, no permission): the old file, if
    any, is left as it was."""

    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(f"{path}: cannot write ({exc.strerror or exc}); the previous file, if "
                         "any, is unchanged")


def write_text(path: Path, text: str) -> Path:
    return replace(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes(path: Path, data: bytes) -> Path:
    return replace(path, lambda tmp: tmp.write_bytes(data))
