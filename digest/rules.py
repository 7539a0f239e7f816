"""Cleaning rules, each a small named function.

Three ordered lists say what runs and in which order:

- ``PAGE_RULES`` run over the whole seed before it is split into articles
  (site chrome sits on the page, not in an article);
- ``ARTICLE_RULES`` run over the body lines of one article;
- ``REPAIRS`` run over the text of one block and change characters in place.

A line rule returns ``Cut`` values (what to take out of which line, and where the
text goes); the engine in ``clean.py`` applies them and records every removed
character with the rule's name. Vocabulary lives in ``registry/noise.yml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from .lines import WorkLine
from .text import HAN, SENTENCE_END, from_chinese_numeral, is_han, to_chinese_numeral, visible


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


@dataclass(frozen=True)
class Noise:
    """``registry/noise.yml``, with patterns compiled."""

    site_chrome: tuple[str, ...]
    footer_markers: tuple[str, ...]
    publish_labels: tuple[str, ...]
    source_labels: tuple[str, ...]
    author_labels: tuple[str, ...]
    counter_labels: tuple[str, ...]
    lead_markers: tuple[str, ...]
    credit_suffixes: tuple[str, ...]
    credit_labels: tuple[str, ...]
    credit_roles: tuple[str, ...]
    caption_patterns: tuple[re.Pattern, ...]
    continuation_openers: tuple[str, ...]
    photo_reference: re.Pattern
    word_debris: tuple[re.Pattern, ...]
    outlets: tuple[str, ...]
    dateline: re.Pattern = field(init=False)
    credit: re.Pattern = field(init=False)
    trailing_credit: re.Pattern = field(init=False)

    def __post_init__(self):
        name = f"[{HAN}]{{2,4}}"
        suffixes = "|".join(map(re.escape, self.credit_suffixes))
        labels = "|".join(map(re.escape, sorted(self.credit_labels, key=len, reverse=True)))
        roles = "|".join(map(re.escape, sorted(self.credit_roles, key=len, reverse=True)))
        object.__setattr__(self, "credit", re.compile(
            rf"^\s*(?:[{HAN}]{{2,8}}(?:{suffixes})"
            rf"|(?:{labels})\s*[:：]?\s*{name}(?:[\s、，,]+{name}){{0,3}}"
            rf"|{name}(?:\s+{name}){{0,2}}\s+(?:{roles}))\s*$"))
        object.__setattr__(self, "trailing_credit", re.compile(
            rf"[。！？”]\s+({name}(?:\s+{name}){{0,2}}\s+(?:{roles}))\s*$"))
        outlets = "|".join(map(re.escape, sorted(self.outlets, key=len, reverse=True)))
        # 央广网南京12月21日消息(记者景明  通讯员杨军  蔡伟) / 新华社上海3月1日电
        object.__setattr__(self, "dateline", re.compile(
            rf"^(?P<outlet>{outlets})(?P<place>[{HAN}]{{0,6}}?)"
            rf"(?P<date>(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日)(?:电|消息|讯)"
            r"(?:\s*[(（](?P<credit>[^()（）\n]{1,60})[)）])?"
        ))


# --------------------------------------------------------------------------- helpers

_END_PUNCT = set(SENTENCE_END) | set("：:")
_OUTLINE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\d+\)|（\d+）|\d+[.．、]|第[一二三四五六七八九十]+[章节条部分])"
)


def _unpunctuated(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] not in _END_PUNCT


def is_heading_like(line: WorkLine, max_len: int = 30) -> bool:
    """A short line with no sentence-ending punctuation: a title, kicker or subheading."""
    return bool(line.md_level) or (0 < len(visible(line.text)) <= max_len and _unpunctuated(line.text))


def nonblank(lines: Sequence[WorkLine]) -> list[int]:
    return [i for i, line in enumerate(lines) if not line.blank]


def _whole(i: int, line: WorkLine, moved_to: str | None = None, value: str | None = None) -> Cut:
    return Cut(i, 0, len(line.text), moved_to, value)


# --------------------------------------------------------------------------- page rules

def markdown_heading(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``## 正值械谷开园一周年`` → heading level 2, the ``##`` removed.

    Only a seed whose first line is a Markdown heading is read as Markdown;
    anywhere else ``#`` is text (and is escaped on the page).
    """
    idx = nonblank(lines)
    if not idx or not re.match(r"#{1,6}\s", lines[idx[0]].text.lstrip()):
        return
    if all(re.match(r"\s*#{1,6}(\s|$)", lines[i].text) for i in idx):
        return  # nothing but "#" lines: no Markdown document, just text that starts with #
    for i in idx:
        m = re.match(r"\s*(#{1,6})\s+(?:#{1,6}\s+)*", lines[i].text)
        if m:
            yield Cut(i, 0, m.end(), md_level=len(m.group(1)))


def word_debris(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``（2） [bookmark: _Toc11461]基本原则`` → ``（2） 基本原则``: Word export markers."""
    for i, line in enumerate(lines):
        for pattern in noise.word_debris:
            for m in pattern.finditer(line.text):
                yield Cut(i, m.start(), m.end())


def breadcrumb(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``首页 > 生活分享 > 免费教学 > 标题`` → removed: site navigation, not text."""
    for i in nonblank(lines)[:5]:
        parts = re.split(r"\s+[>›»]\s+", lines[i].stripped)
        if len(parts) >= 3 and all(len(p) <= 12 for p in parts[:-1]):
            yield _whole(i, lines[i])


def site_chrome(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``头条资讯 - 为您提供最新最全的新闻资讯,每日实时更新``, ``加载中...`` → removed."""
    for i in nonblank(lines):
        text = lines[i].stripped
        if len(text) <= 60 and any(p in text for p in noise.site_chrome):
            yield _whole(i, lines[i])


_DATE_VALUE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")


def publish_info(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``发布时间:2024-01-04 14:06:58来源: 19333647``: the date moves to ``date``;
    a source that is only digits or symbols is junk and removed, a named one
    moves to ``outlet``; view counters are removed."""
    labels = "|".join(map(re.escape, noise.publish_labels))
    sources = "|".join(map(re.escape, noise.source_labels))
    counters = "|".join(map(re.escape, noise.counter_labels))
    authors = "|".join(map(re.escape, noise.author_labels))
    date_re = re.compile(rf"(?:{labels})\s*[:：]\s*" + _DATE_VALUE.pattern)
    source_re = re.compile(rf"(?:{sources})\s*[:：]\s*(\S[^\s:：]{{0,30}})")
    counter_re = re.compile(rf"(?:{counters})\s*[:：]\s*\d*")
    author_re = re.compile(rf"(?:{authors})\s*[:：]\s*([{HAN}]{{2,4}}(?:\s+[{HAN}]{{2,4}}){{0,3}})")
    for i in nonblank(lines)[:12]:
        text = lines[i].text
        if len(text) > 200 or len(visible(text)) > 80:
            continue
        dates = list(date_re.finditer(text))
        if not dates:
            continue
        for date in dates:
            y, m, d = (int(g) for g in date.groups())
            yield Cut(i, date.start(), date.end(), "date", f"{y:04d}-{m:02d}-{d:02d}")
        for src in source_re.finditer(text):
            value = src.group(1)
            junk = not re.search(f"[{HAN}A-Za-z]", value)
            yield Cut(i, src.start(), src.end(), None if junk else "outlet", None if junk else value)
        for c in counter_re.finditer(text):
            yield Cut(i, c.start(), c.end())
        for a in author_re.finditer(text):
            yield Cut(i, a.start(), a.end(), "byline", a.group(1))


def channel_line(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``科技数码 央广网`` under a headline: the outlet moves to ``outlet``, the channel name to ``channel``."""
    for i in nonblank(lines)[:8]:
        tokens = lines[i].stripped.split()
        if not 1 < len(tokens) <= 3 or len(lines[i].stripped) > 24:
            continue
        outlets = [t for t in tokens if t in noise.outlets]
        if len(outlets) != 1:
            continue
        text = lines[i].text
        for token in tokens:
            col = text.index(token)
            yield Cut(i, col, col + len(token), "outlet" if token in noise.outlets else "channel")


def link_farm(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """A long line of many space-separated headlines with almost no sentences: a link farm."""
    for i in nonblank(lines):
        text = lines[i].stripped
        chunks = text.split()
        if len(chunks) >= 8 and len(text) >= 100 and text.count("。") * 4 <= len(chunks):
            yield _whole(i, lines[i])


def footer(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """From a footer marker (``转载请…``, ``免责声明``, ``更多>>``) to the end of the page."""
    idx = nonblank(lines)
    for n, i in enumerate(idx):
        text = lines[i].stripped
        if any(text.startswith(m) or (m in text and len(text) <= 30) for m in noise.footer_markers):
            for j in idx[n:]:
                yield _whole(j, lines[j])
            return


def page_number(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """A line that is only a page number (``1``, ``- 2 -``, ``第3页``, ``3/12``)."""
    for i in nonblank(lines):
        if re.fullmatch(r"[-—\s]*\d{1,3}[-—\s]*|第\s*\d{1,3}\s*页|\d{1,3}\s*/\s*\d{1,3}", lines[i].stripped):
            yield _whole(i, lines[i])


def keyword_stuffing(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``医疗器械,产业园,招商,签约,…``: a bare list of six or more short keywords."""
    for i in nonblank(lines):
        text = lines[i].stripped
        parts = [p.strip() for p in re.split(r"[,，、|/；;]", text)]
        if (len(parts) >= 6 and all(0 < len(p) <= 12 for p in parts) and _unpunctuated(text)
                and not re.search(r"[。！？：:]|\s", text) and not re.search(r"\d{4}年|\d+[个家项]", text)):
            yield _whole(i, lines[i])


def stray_hash(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``本报讯 # 医`` → ``医``: in a seed that is not Markdown, a ``#`` run left opening the text once
    other rules moved what stood before it is a stray mark; kept, the cleaned text would read as a
    Markdown page when cleaned again.

    >>> from digest.lines import WorkLine
    >>> from digest.model import Piece
    >>> lines = [WorkLine(1, (Piece(4, 7, "# 医"),)), WorkLine(2, (Piece(8, 9, "医"),))]
    >>> [(c.start, c.end) for c in stray_hash(lines, None)]
    [(0, 2)]
    """
    idx = nonblank(lines)
    if not idx or any(line.md_level for line in lines):
        return
    if all(re.match(r"\s*#{1,6}(\s|$)", lines[i].text) for i in idx):
        return  # markdown_heading reads such text as text, now and when cleaned again
    m = re.match(r"\s*#{1,6}\s+", lines[idx[0]].text)
    if m:
        yield Cut(idx[0], 0, m.end())


PAGE_RULES: list[tuple[str, Callable]] = [
    # Debris first: "[bookmark: x]# 标题" is a Markdown heading once the bookmark is gone.
    ("word_debris", word_debris),
    ("markdown_heading", markdown_heading),
    ("breadcrumb", breadcrumb),
    ("site_chrome", site_chrome),
    ("publish_info", publish_info),
    ("channel_line", channel_line),
    ("link_farm", link_farm),
    ("footer", footer),
    ("page_number", page_number),
    ("keyword_stuffing", keyword_stuffing),
    ("stray_hash", stray_hash),
]


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
        while (marker := next((m for m in noise.lead_markers if later.startswith(m, pos)), None)):
            yield Cut(j, pos, pos + len(marker))
            pos += len(marker)
            pos += len(later[pos:]) - len(later[pos:].lstrip())
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
        return
    m = noise.dateline.match(text[lead:])
    if m:
        credit_start = m.start("credit") if m.group("credit") else m.end()
        yield Cut(i, lead, lead + m.start("place"), "outlet")
        yield Cut(i, lead + m.start("place"), lead + credit_start - (1 if m.group("credit") else 0), "dateline")
        if m.group("credit"):
            yield Cut(i, lead + credit_start - 1, lead + m.end(), "byline",
                      " ".join(m.group("credit").split()))


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
            yield _whole(i, lines[i], "byline", " ".join(text.split()))
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
        if line.md_level or not is_heading_like(line, 20) or _OUTLINE.match(line.stripped):
            continue
        following = lines[idx[n + 1]].stripped if n + 1 < len(idx) else ""
        if (any(p.search(line.stripped) for p in noise.caption_patterns)
                or any(following.startswith(w) for w in noise.continuation_openers)):
            yield _whole(i, line)


def duplicate_paragraph(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """A paragraph that repeats an earlier one word for word (scrapers double blocks)."""
    seen: set[str] = set()
    for i in nonblank(lines):
        key = visible(lines[i].text)
        if len(key) >= 8 and key in seen:
            yield _whole(i, lines[i])
        seen.add(key)


ARTICLE_RULES: list[tuple[str, Callable]] = [
    ("dateline", dateline),
    ("byline", byline),
    ("photo_reference", photo_reference),
    ("photo_caption", photo_caption),
    ("duplicate_paragraph", duplicate_paragraph),
    # Again: moving a dateline or credit out can leave a bare page number behind.
    ("page_number", page_number),
    ("stray_hash", stray_hash),
]


# --------------------------------------------------------------------------- repairs

@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``after``."""

    start: int
    end: int
    after: str
    editorial: bool = False


_CJK_PUNCT = "，。、；：？！“”‘’（）《》【】—…·「」『』"


def _cjk(ch: str) -> bool:
    return bool(ch) and (is_han(ch) or ch in _CJK_PUNCT)


def fullwidth_punct(text: str, heading: bool) -> list[Edit]:
    """Half-width , ? ! ; touching Chinese text become full-width; a colon only between Chinese.

    >>> apply_edits("12月16日,第三届如何?高淳:矢志，企业200+,产值", fullwidth_punct("12月16日,第三届如何?高淳:矢志，企业200+,产值", False))
    '12月16日，第三届如何？高淳：矢志，企业200+，产值'
    >>> apply_edits("1,000台 14:06 a, b", fullwidth_punct("1,000台 14:06 a, b", False))
    '1,000台 14:06 a, b'
    """
    edits = []
    wide = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；"}
    # Runs such as ";;医" convert as a whole: repeat until nothing changes. Each
    # replacement is one character for one, so positions stay valid.
    chars = list(text)
    changed = True
    while changed:
        changed = False
        for i, ch in enumerate(chars):
            if ch in wide:
                prev = chars[i - 1] if i else ""
                nxt = chars[i + 1] if i + 1 < len(chars) else ""
                if (_cjk(prev) and (ch != ":" or _cjk(nxt))) or (ch != ":" and _cjk(nxt)):
                    chars[i] = wide[ch]
                    edits.append(Edit(i, i + 1, wide[ch]))
                    changed = True
    return sorted(edits, key=lambda e: e.start)


def fullwidth_parens(text: str, heading: bool) -> list[Edit]:
    """A pair of ( ) with Chinese outside or inside becomes （ ）.

    >>> apply_edits("研究所(简称“南方所”)主办，治疗系(PEDIC)等，(PET-CT)", fullwidth_parens("研究所(简称“南方所”)主办，治疗系(PEDIC)等，(PET-CT)", False))
    '研究所（简称“南方所”）主办，治疗系（PEDIC）等，（PET-CT）'
    >>> apply_edits("see (PET-CT) scan", fullwidth_parens("see (PET-CT) scan", False))
    'see (PET-CT) scan'
    """
    edits = []
    stack = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            inner = text[j + 1:i]
            before = text[j - 1] if j else ""
            if _cjk(before) or any(_cjk(c) for c in inner):
                edits += [Edit(j, j + 1, "（"), Edit(i, i + 1, "）")]
    return sorted(edits, key=lambda e: e.start)


def stray_space(text: str, heading: bool) -> list[Edit]:
    """Spaces between Chinese characters are layout debris, except one pause in a headline.

    >>> apply_edits("资源共 享，提高", stray_space("资源共 享，提高", False))
    '资源共享，提高'
    >>> apply_edits("上海械谷开园一周年 打造全市产业 版图", stray_space("上海械谷开园一周年 打造全市产业 版图", True))
    '上海械谷开园一周年 打造全市产业版图'
    """
    edits, pause_kept = [], not heading
    for m in re.finditer(r"[ \t\u3000]+", text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not (_cjk(before) and _cjk(after)):
            continue
        if not pause_kept and is_han(before) and is_han(after):
            pause_kept = True
            if m.group() != " ":
                edits.append(Edit(m.start(), m.end(), " "))
            continue
        edits.append(Edit(m.start(), m.end(), ""))
    return edits


REPAIRS: list[tuple[str, Callable[[str, bool], list[Edit]]]] = [
    ("fullwidth_parens", fullwidth_parens),
    ("fullwidth_punct", fullwidth_punct),
    # After widening: "医, 李" is only a Chinese-to-Chinese space once the comma is "，".
    ("stray_space", stray_space),
]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[pos:e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- numbering

_L1 = re.compile(r"^([一二三四五六七八九十]+)、")
_L2 = re.compile(r"^（([一二三四五六七八九十]+)）")
_BROKEN_L1 = re.compile(r"^(\d{1,2})、")
_BROKEN_L2 = re.compile(r"^[（(](\d{1,2})[）)]")


def restore_numbering(texts: Sequence[str]) -> list[list[Edit]]:
    """Restore outline numbers a converter turned Arabic: ``（2）`` → ``（二）``, ``3、`` → ``三、``.

    A marker is restored only where it is the next number of a Chinese-numeral
    level already open (一、 then 3、 when 二、 came last) and the document does
    not use that Arabic style as a list of its own (a ``（1）`` or ``1、`` item).

    >>> t = ["一、总体要求", "（一）指导思想", "（2）基本原则", "二、重点领域", "3、重点园区"]
    >>> [apply_edits(s, e) for s, e in zip(t, restore_numbering(t))][2:]
    ['（二）基本原则', '二、重点领域', '三、重点园区']
    """
    own_l1 = any((m := _BROKEN_L1.match(t)) and m.group(1) == "1" for t in texts)
    own_l2 = any((m := _BROKEN_L2.match(t)) and m.group(1) == "1" for t in texts)
    n1 = n2 = 0
    out: list[list[Edit]] = []
    for t in texts:
        edits: list[Edit] = []
        if m := _L1.match(t):
            n1, n2 = from_chinese_numeral(m.group(1)) or n1, 0
        elif m := _L2.match(t):
            n2 = from_chinese_numeral(m.group(1)) or n2
        elif (m := _BROKEN_L2.match(t)) and not own_l2 and n2 and int(m.group(1)) == n2 + 1:
            n2 += 1
            edits.append(Edit(0, m.end(), f"（{to_chinese_numeral(n2)}）", editorial=True))
        elif (m := _BROKEN_L1.match(t)) and not own_l1 and n1 and int(m.group(1)) == n1 + 1:
            n1, n2 = n1 + 1, 0
            edits.append(Edit(0, m.end(), f"{to_chinese_numeral(n1)}、", editorial=True))
        out.append(edits)
    return out
