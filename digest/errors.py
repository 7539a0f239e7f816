"""Errors meant for people: one line, the file (and line) at fault, what to do.

Anything that is not a DigestError is a bug and may crash loudly.
"""
from __future__ import annotations


class DigestError(Exception):
    """Base class. ``str(err)`` is the whole message a person reads."""

    def __init__(self, path: str, what: str, todo: str, line: int | None = None):
        self.path, self.line, self.what, self.todo = path, line, what, todo
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {what}; {todo}")

    def __reduce__(self):
        # Raised in a build worker (build.analyse_seeds), it crosses back to the parent pickled.
        return type(self), (self.path, self.what, self.todo, self.line)


class RegistryError(DigestError):
    """Raised by the registry loader for an invalid registry YAML file."""


class EditorialError(DigestError):
    """Raised by the annotate stage for an invalid editorial file."""


class StaleOutputError(DigestError):
    """Raised by ``--check`` when docs/ differs from what the build would write."""


class OutputError(DigestError):
    """Raised by ``write_tree`` when docs/ cannot be replaced (read-only, disk full); docs/ is left whole."""
