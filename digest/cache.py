"""A content-addressed cache for rebuilds: unchanged work is not redone.

Two kinds of entry, both keyed by a hash of everything that can change them:

- a seed's documents (ingest → extract), keyed by the seed's bytes and path;
- a document's rendered pages, keyed by the document value after editing.

Every key also holds the *version*: a hash of the code, the registry and the
templates, so a change to a rule or a registry name rebuilds all it can affect
and nothing stays stale. Only outputs are cached; the build's result is the
same with or without it (tests check byte-identical docs/). Entries are pickles
written by this build into its own folder (.cache/digest/, or $DIGEST_CACHE).
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

FORMAT = b"digest-cache-1"


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

    @classmethod
    def for_root(cls, root: Path, enabled: bool = True) -> "Cache":
        folder = Path(os.environ.get("DIGEST_CACHE", root / ".cache" / "digest")) if enabled else None
        return cls(folder, version(root) if enabled else "")

    def key(self, kind: str, *parts: bytes) -> str:
        h = hashlib.sha256(self.version.encode() + kind.encode())
        for p in parts:
            h.update(hashlib.sha256(p).digest())
        return h.hexdigest()

    def get(self, key: str):
        if self.folder is None:
            return None
        path = self.folder / key[:2] / f"{key}.pickle"
        try:
            value = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        path = self.folder / key[:2] / f"{key}.pickle"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)  # atomic: a concurrent build never reads half an entry
