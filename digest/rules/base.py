"""What every rule module shares: ``Cut`` (what a line rule takes out), line helpers, and
``Ruler``, an ordered list of named rules that can be switched off and on by name (as in
markdown-it's Ruler)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from ..model import WorkLine
from ..text import SENTENCE_END, visible


class Ruler:
    """An ordered list of ``(name, rule)``; the list is the documentation of the order.

    Iterating gives the enabled rules in order. ``disable``/``enable`` return a new Ruler
    (a rule list is shared by every build, so it is never changed in place).

    >>> r = Ruler([("a", len), ("b", str)])
    >>> [n for n, _ in r.disable("a")], r.names()
    (['b'], ['a', 'b'])
    """

    def __init__(self, rules: Sequence[tuple[str, Callable]], disabled: frozenset[str] = frozenset()):
        self._rules = tuple(rules)
        names = [n for n, _ in self._rules]
        if len(set(names)) != len(names):
            raise ValueError(f"two rules share a name in {names}")
        self._disabled = frozenset(disabled)

    def names(self) -> list[str]:
        """Every rule's name, enabled or not, in order."""
        return [n for n, _ in self._rules]

    def _known(self, names) -> frozenset[str]:
        unknown = sorted(set(names) - set(self.names()))
        if unknown:
            raise KeyError(f"no rule named {unknown[0]!r}; the rules are {', '.join(self.names())}")
        return frozenset(names)

    def disable(self, *names: str) -> "Ruler":
        return Ruler(self._rules, self._disabled | self._known(names))

    def enable(self, *names: str) -> "Ruler":
        return Ruler(self._rules, self._disabled - self._known(names))

    def enabled(self, name: str) -> bool:
        return name in self._known([name]) and name not in self._disabled

    def __iter__(self) -> Iterator[tuple[str, Callable]]:
        return iter([(n, f) for n, f in self._rules if n not in self._disabled])

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __add__(self, other) -> list[tuple[str, Callable]]:
        return list(self) + list(other)

    def __radd__(self, other) -> list[tuple[str, Callable]]:
        return list(other) + list(self)


@dataclass(frozen=True, slots=True)
class Cut:
    """Take columns ``start:end`` out of line ``index``."""

    index: int
    start: int
    end: int
    moved_to: str | None = None
    """Front-matter field the text moves to; None means it is noise."""
    value: str | None = None
    """The value for ``moved_to`` when it differs from the cut text (a parsed date)."""
    md_level: int = 0
    """Set the line's Markdown heading level (only the markdown_heading rule)."""



# --------------------------------------------------------------------------- helpers

END_PUNCT = set(SENTENCE_END) | set("：:")
OUTLINE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\d+\)|（\d+）|\d+[.．、]|第[一二三四五六七八九十]+[章节条部分])"
)


def unpunctuated(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] not in END_PUNCT


def is_heading_like(line: WorkLine, max_len: int = 30) -> bool:
    """A short line with no sentence-ending punctuation: a title, kicker or subheading."""
    return bool(line.md_level) or (0 < len(visible(line.text)) <= max_len and unpunctuated(line.text))


def nonblank(lines: Sequence[WorkLine]) -> list[int]:
    return [i for i, line in enumerate(lines) if not line.blank]


def whole(i: int, line: WorkLine, moved_to: str | None = None, value: str | None = None) -> Cut:
    return Cut(i, 0, len(line.text), moved_to, value)


