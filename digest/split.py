"""Stage 2: cut a page into articles.

A newspaper page holds several articles. An article starts at the headline
block above a news lead (``本报讯 …``, ``新华社上海3月1日电 …``). A page without
such leads is one article. No seed-specific knowledge: the markers are in
``registry/noise.yml``.
"""
from __future__ import annotations

from typing import Sequence

from .model import Noise, WorkLine
from .rules import is_credit, is_heading_like, nonblank

HEADLINE_MAX = 80
"""Longest headline line, in visible characters. Chinese news headlines run past 40
(“…发布会宣布今年将新增…”): a line of 41 to 80 is a headline when it holds no 。！？ at all."""


def headline_like(line: WorkLine) -> bool:
    """A line that can belong to the headline block above a lead."""
    if is_heading_like(line, 40):
        return True
    return is_heading_like(line, HEADLINE_MAX) and not any(mark in line.text for mark in "。！？")


def is_lead(line: WorkLine, noise: Noise) -> bool:
    text = line.text.lstrip()
    return any(text.startswith(m) for m in noise.lead_markers) or bool(noise.dateline.match(text))


def head_above(lines: Sequence[WorkLine], i: int, floor: int, noise: Noise) -> int:
    """Index of the first line of the headline block just above line ``i`` (at most 3 lines)."""
    start, taken = i, 0
    j = i - 1
    while j >= floor and taken < 3:
        if lines[j].blank:
            j -= 1
            continue
        if not headline_like(lines[j]) or is_credit(lines[j], noise):
            break
        start, taken = j, taken + 1
        j -= 1
    return start


def split_articles(lines: Sequence[WorkLine], noise: Noise) -> list[tuple[int, int]]:
    """Return ``[start, end)`` line-index ranges, one per article, covering every non-blank line."""
    idx = nonblank(lines)
    if not idx:
        return []
    starts = [idx[0]]
    leads = [i for i in idx if is_lead(lines[i], noise)]
    for lead in leads:
        start = head_above(lines, lead, starts[-1] + 1, noise)
        if start == lead:
            continue  # no headline of its own: the lead of the same article (an e-paper summary above it)
        # A lead right under the previous article's head belongs to that article.
        if start > starts[-1] and any(not headline_like(lines[k]) for k in idx if starts[-1] <= k < start):
            starts.append(start)
    ends = starts[1:] + [len(lines)]
    return list(zip(starts, ends))
