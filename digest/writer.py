"""Stage 10: the one writer. ``write_tree`` makes ``docs/`` hold exactly the files the page
generators yielded, swapped in at once; ``stale_files`` is what ``--check`` uses. Nothing
else in the build writes output."""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from .errors import OutputError


def stale_files(out: Path, pages: dict[str, str]) -> list[str]:
    """Files under ``out`` that differ from ``pages``, are missing, or should not exist."""
    stale = []
    for rel, text in pages.items():
        path = out / rel
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            stale.append(rel)
    for path in sorted(out.rglob("*")) if out.is_dir() else []:
        if path.is_file() and path.relative_to(out).as_posix() not in pages:
            stale.append(path.relative_to(out).as_posix())
    return sorted(stale)


def write_tree(out: Path, pages: dict[str, str]) -> list[str]:
    """Make ``out`` hold exactly ``pages``, all at once; return what changed.

    The new tree is written beside ``out`` and swapped in by two renames, so a
    kill, a full disk or a read-only folder leaves the previous ``out`` whole (an
    interrupted swap is finished by the next build). Unchanged files are hard links
    to the old ones: their times do not change. A ``docs/`` that cannot be renamed
    (a mount point) is written file by file, each file atomically. Raises ``OutputError``.
    """
    if out.exists() and not out.is_dir() or out.is_symlink():
        raise OutputError(str(out), "is not a folder (a file or a link is there)",
                          "pass --out a folder, or move that file away")
    _recover(out)
    changed = stale_files(out, pages)
    if not changed:
        return changed
    building = out.with_name(f".{out.name}.building-{os.getpid()}")
    previous = out.with_name(f".{out.name}.previous")
    try:
        _fresh_tree(building, out, pages, set(changed))
        if out.exists():
            os.replace(out, previous)
        os.replace(building, out)
    except OSError as err:
        shutil.rmtree(building, ignore_errors=True)
        _recover(out)
        if err.errno in (errno.EBUSY, errno.EXDEV) and out.is_dir():
            return _write_in_place(out, pages, changed)  # a mount point cannot be renamed
        raise OutputError(str(out), f"cannot be written ({err.strerror or err}); it was left as it was",
                          "free disk space or make the folder writable, then build again") from None
    shutil.rmtree(previous, ignore_errors=True)
    return changed


def _write_in_place(out: Path, pages: dict[str, str], changed: list[str]) -> list[str]:
    """For a ``docs/`` that cannot be renamed (a mount point): each changed file is written
    beside itself and renamed over the old one, so no file is ever half-written."""
    try:
        for rel in changed:
            path = out / rel
            if rel in pages:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                tmp.write_bytes(pages[rel].encode("utf-8"))
                os.replace(tmp, path)
            elif path.exists():
                path.unlink()
        for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    except OSError as err:
        raise OutputError(str(out), f"cannot be written ({err.strerror or err}); every file in it is whole, "
                          "some may be from the previous build", "free disk space or make the folder "
                          "writable, then build again") from None
    return changed


def _fresh_tree(building: Path, out: Path, pages: dict[str, str], changed: set[str]) -> None:
    shutil.rmtree(building, ignore_errors=True)
    for rel in sorted(pages):
        path = building / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel not in changed:
            try:
                os.link(out / rel, path)
                continue
            except OSError:
                pass
        with open(path, "wb") as f:
            f.write(pages[rel].encode("utf-8"))
    building.mkdir(parents=True, exist_ok=True)


def _recover(out: Path) -> None:
    """Finish what a killed build left: a swap half done, or a tree half written."""
    previous = out.with_name(f".{out.name}.previous")
    if previous.is_dir() and not out.exists():
        os.replace(previous, out)
    elif previous.is_dir():
        shutil.rmtree(previous, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.building-*") if out.parent.is_dir() else ():
        if not _alive(stale.name.rsplit("-", 1)[1]):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: str) -> bool:
    """Is the build that owns a ``.building-PID`` tree still running?"""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True

