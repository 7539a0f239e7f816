"""Article rules: they run over the body lines of one article. ``ARTICLE_RULES`` is their order."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..features import fold
from ..model import Noise, WorkLine
from ..script import to_simplified
from ..text import HAN, visible
from .base import Cut, OUTLINE, Ruler, is_heading_like, nonblank, whole
from .page import page_number, stray_hash, symbols_only
from .repair import apply_edits, stray_space

# --------------------------------------------------------------------------- article rules

def dateline(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``本报讯 11月19日…`` / ``央广网南京12月21日消息(记者景明 …)12月21日,…``:
    the lead marker or outlet dateline moves to ``dateline`` (reporters to ``byline``)."""
    idx = nonblank(lines)
    if not idx:
        return
    # A lead marker opening any later line is a scraping echo, never content.
    for j in idx[1:]:
        later = lines[j].text
        pos = len(later) - len(later.lstrip())
        echoed = False
        while (marker := next((m for m in noise.lead_markers if later.startswith(m, pos)), None)):
            yield Cut(j, pos, pos + len(marker))
            pos += len(marker)
            pos += len(later[pos:]) - len(later[pos:].lstrip())
            echoed = True
        if echoed and (m := _LEAD_CREDIT.match(later, pos)):
            yield Cut(j, m.start(), m.end(), "byline", " ".join(m.group(1).split()))
    i = idx[0]
    text = lines[i].text
    lead = len(text) - len(text.lstrip())
    pos = lead
    while True:  # a marker can be doubled by a careless scrape: 本报讯 本报讯
        marker = next((m for m in noise.lead_markers if text.startswith(m, pos)), None)
        if marker is None:
            break
        yield Cut(i, pos, pos + len(marker), "dateline")
        pos += len(marker)
        pos += len(text[pos:]) - len(text[pos:].lstrip())
    if pos > lead:
        # 本报讯 (记者范志刚)近日…: the reporters in brackets after the marker go to the byline.
        m = _LEAD_CREDIT.match(text, pos)
        if m:
            yield Cut(i, m.start(), m.end(), "byline", " ".join(m.group(1).split()))
        return
    m = noise.dateline.match(fold(text[lead:]))
    if m:
        folded = fold(text)
        at = lead + m.start("outlet")
        if at > lead:  # the opening bracket of (中央社記者…電)
            yield Cut(i, lead, at)
        yield Cut(i, at, lead + m.end("outlet"), "outlet", to_simplified(text[at:lead + m.end("outlet")]))
        credit_start = m.start("credit") if m.group("credit") else m.end()
        reporter = _REPORTER.match(folded, lead + m.end("outlet"))
        place_at = lead + m.end("outlet")
        if reporter:
            yield Cut(i, place_at, reporter.end(), "byline", to_simplified(text[place_at:reporter.end()]))
            place_at = reporter.end()
        head_end = lead + credit_start - (1 if m.group("credit") else 0)
        yield Cut(i, place_at, head_end, "dateline", to_simplified(text[place_at:head_end]).strip("()（） "))
        if m.group("credit"):
            yield Cut(i, head_end, lead + m.end(), "byline", to_simplified(" ".join(m.group("credit").split())))
        pos = lead + m.end()
        pos += len(text[pos:]) - len(text[pos:].lstrip())
        while (marker := next((mk for mk in noise.lead_markers if text.startswith(mk, pos)), None)):
            yield Cut(i, pos, pos + len(marker))  # 江南时报讯 本报讯: a doubled marker is an echo
            pos += len(marker)
            pos += len(text[pos:]) - len(text[pos:].lstrip())


_LEAD_CREDIT = re.compile(r"\s*[(（]([^()（）\n]{0,20}?(?:记者|通讯员|实习生|見習記者|記者)[^()（）\n]{1,40})[)）]")
_REPORTER = re.compile(rf"记者[{HAN}]{{2,3}}(?=[{HAN}]{{0,6}}?(?:\d{{1,2}}月)?\d{{1,2}}日)")


def is_credit(line: WorkLine, noise: Noise) -> bool:
    """A standalone credit line: ``嘉融媒综合``, ``撰稿 俞超``, ``俞超 文/摄``, also as it reads once
    stray spaces are repaired (``撰稿 张三 医`` is ``撰稿 张三医``), so cleaning twice finds the same credits."""
    if len(visible(line.text)) > 16:
        return False
    return (noise.credit.match(line.text) is not None
            or noise.credit.match(apply_edits(line.text, stray_space(line.text, False))) is not None)


def byline(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """Credits move to ``byline``: ``嘉融媒综合``, ``撰稿 俞超``, and ``… 俞超 文/摄`` at a paragraph's end."""
    for i in nonblank(lines):
        text = lines[i].text
        if is_credit(lines[i], noise):
            yield whole(i, lines[i], "byline", " ".join(text.split()))
            continue
        m = noise.trailing_credit.search(text)
        if m:
            yield Cut(i, m.start(1), m.end(1), "byline", " ".join(m.group(1).split()))


def photo_reference(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``四个篇章(见右图)，`` → ``四个篇章，``: the scrape has no picture to point at."""
    for i in nonblank(lines):
        for m in noise.photo_reference.finditer(lines[i].text):
            yield Cut(i, m.start(), m.end())


def photo_caption(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """A short unpunctuated line that describes a photo (``专委会作工作报告``), not a section."""
    idx = nonblank(lines)
    for n, i in enumerate(idx):
        line = lines[i]
        if line.md_level or not is_heading_like(line, 20) or OUTLINE.match(line.stripped):
            continue
        following = lines[idx[n + 1]].stripped if n + 1 < len(idx) else ""
        if (any(p.search(line.stripped) for p in noise.caption_patterns)
                or any(following.startswith(w) for w in noise.continuation_openers)):
            yield whole(i, line)


def duplicate_paragraph(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """A paragraph that repeats an earlier one word for word (scrapers double blocks)."""
    seen: set[str] = set()
    for i in nonblank(lines):
        key = visible(lines[i].text)
        if len(key) >= 8 and key in seen:
            yield whole(i, lines[i])
        seen.add(key)


ARTICLE_RULES = Ruler([
    ("dateline", dateline),
    ("byline", byline),
    ("photo_reference", photo_reference),
    ("photo_caption", photo_caption),
    ("duplicate_paragraph", duplicate_paragraph),
    # Again: moving a dateline or credit out can leave a bare page number or lone marks behind.
    ("page_number", page_number),
    ("symbols_only", symbols_only),
    ("stray_hash", stray_hash),
])
