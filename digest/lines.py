"""Working lines: seed lines from which cleaning rules cut pieces.

A ``WorkLine`` is what remains of one seed line. Cutting a column range out of
it returns the cut ``Piece`` values with their seed offsets, so every removal is
recorded against the exact characters it took.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .model import Piece, Seed


@dataclass(frozen=True, slots=True)
class WorkLine:
    number: int
    """1-based line number in the seed."""
    pieces: tuple[Piece, ...]
    """What is left of the line, in order (a cut in the middle leaves two pieces)."""
    md_level: int = 0
    """Heading level when the seed marked the line with Markdown ``#``; else 0."""

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def cut(self, start: int, end: int) -> tuple["WorkLine", tuple[Piece, ...]]:
        """Remove columns ``start:end`` of ``self.text``; return the rest and the cut pieces."""
        kept: list[Piece] = []
        cut: list[Piece] = []
        col = 0
        for p in self.pieces:
            p_start, p_end = col, col + len(p.text)
            col = p_end
            lo, hi = max(start, p_start), min(end, p_end)
            if lo >= hi:
                kept.append(p)
                continue
            a, b = lo - p_start, hi - p_start
            if a > 0:
                kept.append(Piece(p.start, p.start + a, p.text[:a]))
            cut.append(Piece(p.start + a, p.start + b, p.text[a:b]))
            if b < len(p.text):
                kept.append(Piece(p.start + b, p.end, p.text[b:]))
        return replace(self, pieces=tuple(kept)), tuple(cut)


def seed_lines(seed: Seed) -> tuple[WorkLine, ...]:
    """Split the seed text into work lines that remember their offsets."""
    lines, offset = [], 0
    for number, text in enumerate(seed.text.split("\n"), start=1):
        lines.append(WorkLine(number, (Piece(offset, offset + len(text), text),) if text else ()))
        offset += len(text) + 1
    return tuple(lines)
