"""A content-addressed cache for rebuilds: unchanged work is not redone.

Two kinds of entry, both keyed by a hash of everything that can change them:

- a seed's documents (ingest → extract), keyed by the seed's bytes and path;
- a document's rendered pages, keyed by the document value after editing.

Every key also holds the *version*: a hash of the code, the registry and the
templates, so a change to a rule or a registry name rebuilds all it can affect
and nothing stays stale. Only outputs are cached; the build's result is the
same with or without it (tests check byte-identical docs/). Entries are pickles
written by this build into its own folder (.cache/digest/, or $DIGEST_CACHE),
each behind a header holding its key and the SHA-256 of the pickle: an entry
that is cut, corrupted or edited is never unpickled; it is recomputed and
rewritten. A cache that cannot be written (full disk, read-only) only makes the
build slower.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

FORMAT = b"digest-cache-2"


def version(root: Path) -> str:
    """Hash of the package code, the registry and the templates."""
    h = hashlib.sha256(FORMAT)
    package = Path(__file__).resolve().parent
    for folder in (package, root / "registry", root / "templates"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path | None, version: str):
        self.folder, self.version = folder, version
        self.hits = self.misses = 0
        self.rejected = self.unwritable = 0
        """Entries that failed their check; entries that could not be written."""

    @classmethod
    def for_root(cls, root: Path, enabled: bool = True) -> "Cache":
        folder = Path(os.environ.get("DIGEST_CACHE", root / ".cache" / "digest")) if enabled else None
        return cls(folder, version(root) if enabled else "")

    def key(self, kind: str, *parts: bytes) -> str:
        h = hashlib.sha256(self.version.encode() + kind.encode())
        for p in parts:
            h.update(hashlib.sha256(p).digest())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str):
        """The value stored under ``key``, or None when there is none or it fails its check."""
        if self.folder is None:
            return None
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        payload = verified(data, key)
        if payload is None:
            self.misses += 1
            self.rejected += 1
            return None
        try:
            value = pickle.loads(payload)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            self.misses += 1  # an entry from an older version of a class: recompute it
            return None
        self.hits += 1
        return value

    def fetch(self, key: str | None, make: Callable[[], T]) -> T:
        """The value stored under ``key``; else ``make()``, stored under it. No key: ``make()``."""
        value = self.get(key) if key else None
        if value is None:
            value = make()
            if key:
                self.put(key, value)
        return value

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(sealed(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), key))
            os.replace(tmp, path)  # atomic: a concurrent build never reads half an entry
        except OSError:
            # The cache only saves time: a full disk or a read-only cache folder must not stop
            # the build. Count it; the next build recomputes what is missing.
            self.unwritable += 1
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def sealed(payload: bytes, key: str) -> bytes:
    """An entry as stored: format, key, SHA-256 of the payload, payload.

    >>> verified(sealed(b"x", "k"), "k"), verified(sealed(b"x", "k")[:-1] + b"y", "k"), verified(sealed(b"x", "k"), "j")
    (b'x', None, None)
    """
    return b"\n".join((FORMAT, key.encode(), hashlib.sha256(payload).hexdigest().encode(), payload))


def verified(data: bytes, key: str) -> bytes | None:
    """The payload of a stored entry if its header matches ``key`` and its hash; else None."""
    parts = data.split(b"\n", 3)
    if len(parts) != 4 or parts[0] != FORMAT or parts[1] != key.encode():
        return None
    if hashlib.sha256(parts[3]).hexdigest().encode() != parts[2]:
        return None
    return parts[3]
