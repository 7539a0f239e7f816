"""Working lines: the seed cut into ``model.WorkLine`` values that remember their offsets."""
from __future__ import annotations

from .model import Piece, Seed, WorkLine


def seed_lines(seed: Seed) -> tuple[WorkLine, ...]:
    """Split the seed text into work lines that remember their offsets."""
    lines, offset = [], 0
    for number, text in enumerate(seed.text.split("\n"), start=1):
        lines.append(WorkLine(number, (Piece(offset, offset + len(text), text),) if text else ()))
        offset += len(text) + 1
    return tuple(lines)
