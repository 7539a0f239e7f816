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
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .features import (
    DATE_TIME, PINYIN_DEBRIS, contact, fold, headline_like, is_prose, is_reading, visible as _visible,
)
from .model import Noise, WorkLine
from .script import to_simplified
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


def pinyin_debris(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``達(dá)到4萬(wàn)億元`` → ``達到4萬億元``: readings that learning sites print after characters."""
    for i in nonblank(lines):
        text = lines[i].text
        for m in PINYIN_DEBRIS.finditer(text):
            if is_reading(text[m.start() - 1], m.group(1)):
                yield Cut(i, m.start(), m.end())


_CRUMB = re.compile(r"\s*(?:>>|>|›|»|→)\s*|\s+/\s+")
_WHERE = re.compile(r"^[\s•·|]*(?:您?(?:当前|现在)?的?(?:所在)?位置|当前位置)\s*[:：]?")


def breadcrumb(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``首页 > 生活分享 > 免费教学 > 标题``, ``您的位置：首页>基金 >`` → removed: site navigation.

    A path of short parts, or a line that says where the reader is. One separator is
    enough when the last part is the headline the page repeats below.
    """
    idx = nonblank(lines)
    others = [fold(lines[j].stripped) for j in idx]
    for n, i in enumerate(idx[:8]):
        text = fold(lines[i].stripped)
        if _WHERE.match(text):
            yield _whole(i, lines[i])
            continue
        parts = [p for p in _CRUMB.split(text) if p.strip()]
        seps = len(_CRUMB.findall(text))
        # The path is judged without its last part, which is often the headline itself.
        if seps < 1 or not parts or is_prose(" ".join(parts[:-1])):
            continue
        short = all(len(_visible(p)) <= 16 for p in parts[:-1])
        repeated = len(_visible(parts[-1])) >= 6 and any(o.startswith(parts[-1].strip()) for o in others[n + 1:])
        nav_end = parts[-1].strip() in noise.navigation
        if short and (seps >= 2 and len(parts) >= 3 or repeated or nav_end):
            yield _whole(i, lines[i])


def _residue(text: str, words: Iterable[str]) -> str:
    """What is left of ``text`` once the given words, separators and digits are gone."""
    for w in sorted(set(words), key=len, reverse=True):
        text = text.replace(w, " ")
    return _visible(re.sub(r"[\s\d:：|｜/\\\-—–·•.,，()（）\[\]【】<>《》>»›«*#_=+~!！?？]+", "", text))


def navigation(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``分享到：``, ``大字体``, ``财经 > 正文``, ``T小字 T大字``, ``关闭``: widgets and menus.

    A short line that is not prose and is made (nearly) only of navigation words
    and labels.
    """
    words = (*noise.navigation, *noise.site_chrome, *noise.publish_labels, *noise.source_labels,
             *noise.author_labels, *noise.counter_labels, *noise.info_table_labels)
    for i in nonblank(lines):
        text = fold(lines[i].stripped)
        seen = _visible(text)
        if len(seen) > 60 or is_prose(text) or lines[i].md_level:
            continue
        if not any(w in text for w in words):
            continue
        if len(_residue(text, words)) <= max(4, len(seen) // 3):
            yield _whole(i, lines[i])


def site_chrome(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``头条资讯 - 为您提供最新最全的新闻资讯,每日实时更新``, ``加载中...`` → removed."""
    for i in nonblank(lines):
        text = fold(lines[i].stripped)
        if len(text) <= 60 and any(p in text for p in noise.site_chrome):
            yield _whole(i, lines[i])


def copyright(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``版权所有 © 某某网``, ``免责声明：本站…``, ``(如需转载请注明作者和出处)`` → removed, at any length."""
    for i in nonblank(lines):
        text = fold(lines[i].text)
        if any(p in text for p in noise.copyright):
            yield _whole(i, lines[i])


def contact_line(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``联系电话：0571-88888888``, ``www.example.com``, ``邮箱：a@b.cn``: contact chrome, not prose."""
    for i in nonblank(lines):
        text = lines[i].stripped
        if len(_visible(text)) <= 80 and contact(text) and not is_prose(re.sub(r"[\w.:/@-]{6,}", "", text)):
            yield _whole(i, lines[i])


def end_marker(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``(完)``, ``【纠错】``: the end of a wire story, not text."""
    for i in nonblank(lines):
        text = _visible(fold(lines[i].text))
        if text in noise.end_markers:
            yield _whole(i, lines[i])


_LABELS_BRACKETED = re.compile(r"[【\[]\s*([^【】\[\]]{1,30}?)\s*[】\]]")


def credit_line(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``【责任编辑：韩昊辰】``, ``编辑:邢立群 刘晓娜``, ``大众日报记者 徐晨``, ``责编:ZB``: credits to ``byline``.

    A short line that is not a sentence and is made of credit labels, names (two
    to four characters) and outlet names.
    """
    labels = sorted({label for label in (*noise.credit_labels, *noise.author_labels, "纠错", "供图", "报道", "摄影")
                     if len(label) > 1}, key=len, reverse=True)
    # 文, 图, 摄 alone are too common to be labels unless a separator follows (文/图, 摄：).
    label_re = re.compile("|".join(map(re.escape, labels)) + r"|(?:文|图|摄)\s*[:：/／]")
    # The first line of a page is its headline, not a credit (and a Markdown title
    # "# 撰稿 张三" must read the same when its cleaned text is cleaned again).
    for i in nonblank(lines)[1:]:
        raw = lines[i].stripped
        text = fold(raw)
        seen = _visible(text)
        if len(seen) > 50 or any(ch in "。！？；" for ch in seen) or lines[i].md_level:
            continue
        if not label_re.search(text):
            continue
        rest = label_re.sub(" ", text)
        tokens = [t for t in re.split(r"[\s:：、，,|｜/／·•【】\[\]()（）]+", rest) if t]
        if not tokens or not label_re.match(re.sub(r"^[\s•·【\[(（]+", "", text)) and not all(
                _outlet_like(t, noise) or len(t) <= 4 for t in tokens[:1]):
            continue
        if all(len(t) <= 4 or _outlet_like(t, noise) for t in tokens):
            yield _whole(i, lines[i], "byline", " ".join(to_simplified(raw).split()))


def _outlet_like(token: str, noise: Noise) -> bool:
    return token in noise.outlets or bool(re.fullmatch(rf"[{HAN}A-Za-z·]{{2,12}}(?:网|社|报|台|客户端|新闻|日报)", token))


_ORG = re.compile(rf"^[{HAN}（）()]{{4,40}}(?:人民政府|政府办公厅|政府办公室|办公厅|办公室|委员会|管理委员会|管委会|厅|局|委|部|中心|协会|联合会)$")


def publish_info(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """A line of page metadata: ``发布时间:2024-01-04 14:06:58来源: 19333647``,
    ``2022-12-08 16:57:27 发布来源:大众报业·大众日报客户端``, ``2014/12/17 08:00``.

    The whole line goes: its first date moves to ``date``, a named source to
    ``outlet``, an author to ``byline``; labels, counters and a source that names
    no one are removed. A line qualifies when, besides these fields, almost
    nothing is left. A date alone under an issuer's name (a signature) moves the
    issuer to ``outlet``.
    """
    labels = (*noise.publish_labels, *noise.source_labels, *noise.author_labels, *noise.counter_labels,
              *noise.navigation, *noise.site_chrome)
    sources = "|".join(map(re.escape, sorted(noise.source_labels, key=len, reverse=True)))
    authors = "|".join(map(re.escape, sorted(noise.author_labels, key=len, reverse=True)))
    fields = (*noise.publish_labels, *noise.source_labels, *noise.author_labels, *noise.counter_labels)
    stop = re.compile("(?:" + "|".join(map(re.escape, sorted(fields, key=len, reverse=True))) + ")\\s*[:：]")
    # A space between two Chinese characters does not end a source: repairs remove such
    # spaces, and the line must read the same when cleaned again.
    source_re = re.compile(rf"(?:{sources})\s*[:：]\s*((?:[^\s:：|｜]|(?<=[{HAN}])[ \t](?=[{HAN}])){{0,40}})")
    author_re = re.compile(rf"(?:{authors})\s*[:：]\s*([{HAN}A-Za-z]{{1,12}}(?:[ \u3000、，,][{HAN}]{{2,4}}){{0,3}})")
    idx = nonblank(lines)
    window = idx[:15] + [i for i in idx[-8:] if i not in idx[:15]]
    headlines = sorted({fold(lines[i].stripped) for i in idx[:10]
                        if headline_like(lines[i].text) and len(_visible(lines[i].text)) >= 6}, key=len, reverse=True)
    for n, i in enumerate(window):
        raw = lines[i].text
        text = fold(raw)
        seen = _visible(text)
        if len(seen) > 120 or any(ch in "。！？!?" for ch in seen):
            continue
        spans: list[tuple[int, int, str | None, str | None]] = []
        for m in DATE_TIME.finditer(text):
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                spans.append((m.start(), m.end(), "date", f"{y:04d}-{mo:02d}-{d:02d}"))
        for m in source_re.finditer(text):
            value = m.group(1)
            cut = stop.search(value)
            value = value[:cut.start()] if cut else value
            value = re.split(r"[·•]|--|—|\|", value)[0].strip()
            value = re.sub("(?:" + "|".join(map(re.escape, sorted(fields, key=len, reverse=True))) + r")$", "",
                           value).strip("()（）[]【】 -")
            name = value.split()[0] if value.split() else value  # 台海网 用手持设备访问 -> 台海网
            named = name and re.search(f"[{HAN}A-Za-z]", name) and name not in noise.junk_sources
            spans.append((m.start(), m.start(1) + len(value) if value else m.end(1) - len(m.group(1)),
                          "outlet" if named else None, to_simplified(name) if named else None))
        for m in author_re.finditer(text):
            spans.append((m.start(), m.end(), "byline", to_simplified(m.group(1))))
        if not spans:
            continue
        rest = list(text)
        for a, b, _, _ in spans:
            rest[a:b] = " " * (b - a)
        # An e-paper index line repeats the page's headline beside its date: that is not text either.
        rest = "".join(rest)
        for other in headlines:
            if other in rest:
                rest = rest.replace(other, " " * len(other))
        rest = list(rest)
        leftover = _residue(re.sub(r"(?:https?://|www\.)\S+|[A-Za-z_]+[\d_]*", " ", "".join(rest)), labels)
        if len(leftover) > 14 or is_prose("".join(rest)):
            continue
        outlets_left = [o for o in noise.outlets if o in "".join(rest)] or [
            t for t in re.findall(rf"[{HAN}]{{2,12}}", "".join(rest)) if _outlet_like(t, noise)]
        spans.sort()
        seen_date = False
        pos = 0
        line = lines[i]
        for a, b, field_, value in spans:
            if field_ == "date":
                field_, seen_date = ("date", True) if not seen_date else (None, seen_date)
            if a > pos and raw[pos:a].strip():
                yield Cut(i, pos, a)
            yield Cut(i, a, b, field_, value if field_ else None)
            pos = max(pos, b)
        if pos < len(raw):
            tail_outlet = outlets_left[0] if outlets_left and not any(f == "outlet" for _, _, f, _ in spans) else None
            if tail_outlet:
                at = text.index(tail_outlet, pos) if tail_outlet in text[pos:] else -1
                if at >= 0:
                    if at > pos and raw[pos:at].strip():
                        yield Cut(i, pos, at)
                    yield Cut(i, at, at + len(tail_outlet), "outlet", to_simplified(tail_outlet))
                    pos = at + len(tail_outlet)
            if raw[pos:].strip():
                yield Cut(i, pos, len(raw))
        # A signature: the issuer's name on the line above a date standing alone.
        if len(spans) == 1 and spans[0][2] == "date" and not leftover:
            k = idx.index(i)
            if k:
                above = lines[idx[k - 1]]
                if _ORG.match(fold(above.stripped)):
                    yield _whole(idx[k - 1], above, "outlet", to_simplified(above.stripped))


_WIDE_ENDS = str.maketrans({"?": "？", "!": "！"})
_DATE_PREFIX = re.compile(r"^\s*(?:date|Date|DATE|日期|时间|发布时间|发布日期)?\s*[:：]?\s*")


def date_prefix(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``date 2025-12-22 行政长官…``: a publication date glued to the first line of text."""
    for i in nonblank(lines)[:6]:
        text = fold(lines[i].text)
        label = _DATE_PREFIX.match(text)
        m = DATE_TIME.match(text, label.end())
        # Read ?! as the ？！ repairs will make them, so the second pass decides the same.
        if not m or not is_prose(text[m.end():].translate(_WIDE_ENDS)):
            continue
        if not label.group().strip() and ("年" in m.group() or not text[m.end():m.end() + 1].isspace()):
            return  # 2023年12月15日，… opens a news lead: the date of an event, not of the page
        y, mo, d = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            if label.end():
                yield Cut(i, 0, label.end())
            yield Cut(i, m.start(), m.end(), "date", f"{y:04d}-{mo:02d}-{d:02d}")
        return


_INFO_ROW = re.compile(r"^\s*\|.*\|\s*$")


def info_table(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``| 索 引 号 | … | 发文日期 | 2025-07-21 |`` on a government page: the table of
    the page's filing data. Its date moves to ``date``, its issuer to ``outlet``."""
    idx = nonblank(lines)
    in_table = False
    for i in idx[:20]:
        text = fold(lines[i].stripped)
        if not _INFO_ROW.match(text):
            in_table = False
            continue
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        keys = [re.sub(r"\s+", "", c) for c in cells]
        if not (in_table or any(k in noise.info_table_labels for k in keys)):
            continue
        in_table = True
        moved = None
        for k, key in enumerate(keys[:-1]):
            value = cells[k + 1]
            if key in ("发文日期", "成文日期", "发布日期") and (m := DATE_TIME.search(value)):
                y, mo, d = (int(g) for g in m.groups())
                moved = ("date", f"{y:04d}-{mo:02d}-{d:02d}")
            elif key in ("发布机构", "发文机关") and value and not moved:
                moved = ("outlet", to_simplified(value))
        yield _whole(i, lines[i], *(moved or (None, None)))


def channel_line(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``科技数码 央广网`` under a headline: the outlet moves to ``outlet``, the channel name to ``channel``."""
    for i in nonblank(lines)[:8]:
        tokens = fold(lines[i].stripped).split()
        if not 1 < len(tokens) <= 3 or len(lines[i].stripped) > 24:
            continue
        outlets = [t for t in tokens if t in noise.outlets]
        if len(outlets) != 1:
            continue
        text = fold(lines[i].text)
        for token in tokens:
            col = text.index(token)
            yield Cut(i, col, col + len(token), "outlet" if token in noise.outlets else "channel",
                      to_simplified(token))


def link_farm(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """A long line of many space-separated headlines with almost no sentences: a link farm."""
    for i in nonblank(lines):
        text = lines[i].stripped
        chunks = text.split()
        if len(chunks) >= 8 and len(text) >= 100 and text.count("。") * 4 <= len(chunks):
            yield _whole(i, lines[i])


def _noise_like(line: WorkLine) -> bool:
    """Not a paragraph a reader came for: a headline, a label, a list item of links."""
    text = line.stripped
    return not is_prose(text) or len(_visible(text)) < 30


def footer(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``转载请…``, ``相关推荐``, ``更多>>``: the marker goes, and so does what follows it
    as long as it is not prose (a list of links); real paragraphs after it stay."""
    idx = nonblank(lines)
    n = 0
    while n < len(idx):
        i = idx[n]
        text = fold(lines[i].stripped)
        if any(text.startswith(m) or (m in text and len(text) <= 30) for m in noise.footer_markers):
            yield _whole(i, lines[i])
            n += 1
            while n < len(idx) and _noise_like(lines[idx[n]]):
                yield _whole(idx[n], lines[idx[n]])
                n += 1
            continue
        n += 1


_MARKUP = set("|[]{}<>#*=`")


def _link_text(line: WorkLine) -> bool:
    """A line that reads like the text of a link to another story: short, unpunctuated,
    mostly Chinese, no markup characters."""
    text = line.stripped
    seen = _visible(text)
    return (headline_like(text) and not line.md_level and not _OUTLINE.match(text)
            and sum(is_han(ch) for ch in seen) >= 0.5 * len(seen) and not any(ch in _MARKUP for ch in seen))


def headline_list(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """Runs of link texts: four or more short unpunctuated lines in a row, or any
    such lines after the page's last paragraph (related stories, e-paper indexes)."""
    idx = nonblank(lines)
    prose = [i for i in idx if is_prose(lines[i].text) or lines[i].stripped[-1:] in "。！？!?"]
    if not prose:
        return
    listed = {i for i in idx if _link_text(lines[i])}
    flagged: set[int] = set()
    run: list[int] = []
    for i in idx:
        if i in listed:
            run.append(i)
            continue
        if len(run) >= 4:
            flagged.update(run[1:] if run[0] == idx[0] else run)
        run = []
    if len(run) >= 4:
        flagged.update(run)
    last = prose[-1]
    flagged.update(i for i in listed if i > last and not _ORG.match(fold(lines[i].stripped)))
    for i in sorted(flagged):
        yield _whole(i, lines[i])


# Markdown a reader would see as a rule or a table row: text of the seed, escaped on the page.
_RULE_OR_TABLE = re.compile(r"[-*_]{3,}|\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*")


def symbols_only(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``![]() |``, ``• |``: a line with no character or digit, debris of a scraped layout.
    Markdown rules and table rows (``---``, ``|---|---|``) stay: they are text, escaped on the page."""
    for i in nonblank(lines):
        text = lines[i].stripped
        if not any(ch.isalnum() for ch in text) and not _RULE_OR_TABLE.fullmatch(text):
            yield _whole(i, lines[i])


_PHOTO_CREDIT = re.compile(
    rf"(?:[(（][^()（）]{{1,12}}[)）])?\s*(?:(?:本报|新华社|中新社)?(?:记者|通讯员)?\s*[{HAN}]{{2,4}}(?:\s+[{HAN}]{{2,4}}){{0,2}}\s*摄影?|供图[^。]{{0,20}}|图片来源[^。]{{0,20}})\s*$")


def photo_credit(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``开工仪式现场。(无人机照片) 马涉川 摄``, ``活动现场 供图 某某部``: a photo's caption
    and credit, standing where the picture was. The credit goes to ``byline``."""
    for i in nonblank(lines):
        text = fold(lines[i].stripped)
        if len(_visible(text)) > 70:
            continue
        m = _PHOTO_CREDIT.search(text)
        if not m or m.start() > 0 and not (is_prose(text[:m.start()]) is False or len(_visible(text[:m.start()])) <= 40):
            continue
        raw = lines[i].text
        at = raw.index(lines[i].stripped) + m.start()
        if raw[:at].strip():
            yield Cut(i, 0, at)
        yield Cut(i, at, len(raw), "byline", " ".join(to_simplified(raw[at:]).split()))


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
    ("pinyin_debris", pinyin_debris),
    ("breadcrumb", breadcrumb),
    ("info_table", info_table),
    ("publish_info", publish_info),
    ("date_prefix", date_prefix),
    ("site_chrome", site_chrome),
    # The footer before copyright: a reprint notice takes the link list under it along.
    ("footer", footer),
    ("copyright", copyright),
    ("contact_line", contact_line),
    ("end_marker", end_marker),
    ("credit_line", credit_line),
    ("navigation", navigation),
    ("channel_line", channel_line),
    ("link_farm", link_farm),
    ("symbols_only", symbols_only),
    ("photo_credit", photo_credit),
    ("page_number", page_number),
    ("headline_list", headline_list),
    ("keyword_stuffing", keyword_stuffing),
    ("stray_hash", stray_hash),
]


# --------------------------------------------------------------------------- head rules

_HEAD_CHROME = re.compile(r"登录|注册|浏览器|[:：]\s*$")
_LOGIN = re.compile(r"登录|注册|浏览器")


def head_chrome(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """Lines above an article's first paragraph that no headline looks like: a channel
    label (``财经``, ``产业资讯``), a Latin tag (``Policy``, ``close``), a prompt ending in
    a colon, a login notice. The longest candidate always stays, as the headline."""
    idx = nonblank(lines)
    top: list[int] = []
    for i in idx[:8]:
        text = lines[i].stripped
        if (is_prose(text) or lines[i].md_level or noise.dateline.match(fold(text)) or _OUTLINE.match(text)
                or text[-1:] in "。！？" or any(text.startswith(m) for m in noise.lead_markers)):
            break
        top.append(i)
    if len(top) < 2 or top[-1] == idx[-1]:
        return  # nothing above a headline, or no body under it: no head to clean
    keep = max(top, key=lambda i: len(_visible(lines[i].text)))
    if len(_visible(lines[keep].text)) < 8:
        return  # no headline to tell labels from
    for i in top:
        text = fold(lines[i].stripped)
        seen = _visible(text)
        # Above the headline, labels and tags are chrome; below it, a short line is a subtitle,
        # and only a login or browser notice goes.
        above = i < keep and ((len(seen) <= 6 and not any(ch in "，,、" for ch in seen))
                              or not any(is_han(ch) for ch in seen) or _HEAD_CHROME.search(text))
        chrome = above or bool(_LOGIN.search(text))
        if chrome and i != keep:
            yield _whole(i, lines[i])


HEAD_RULES: list[tuple[str, Callable]] = [("head_chrome", head_chrome)]


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
    # Again: moving a dateline or credit out can leave a bare page number or lone marks behind.
    ("page_number", page_number),
    ("symbols_only", symbols_only),
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
