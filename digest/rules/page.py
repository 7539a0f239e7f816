"""Page rules: they run over the whole seed before it is split into articles (site chrome
sits on the page, not in an article). ``PAGE_RULES`` is their order."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..features import (
    DATE_TIME, PINYIN_DEBRIS, contact, fold, headline_like, is_prose, is_reading, visible as _visible,
)
from ..model import Noise, WorkLine
from ..script import to_simplified
from ..text import HAN, is_han
from .base import Cut, OUTLINE, Ruler, nonblank, unpunctuated, whole


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
            yield whole(i, lines[i])
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
            yield whole(i, lines[i])


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
            yield whole(i, lines[i])


def site_chrome(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``头条资讯 - 为您提供最新最全的新闻资讯,每日实时更新``, ``加载中...`` → removed."""
    for i in nonblank(lines):
        text = fold(lines[i].stripped)
        if len(text) <= 60 and any(p in text for p in noise.site_chrome):
            yield whole(i, lines[i])


def copyright(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``版权所有 © 某某网``, ``免责声明：本站…``, ``(如需转载请注明作者和出处)`` → removed, at any length."""
    for i in nonblank(lines):
        text = fold(lines[i].text)
        if any(p in text for p in noise.copyright):
            yield whole(i, lines[i])


def contact_line(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``联系电话：0571-88888888``, ``www.example.com``, ``邮箱：a@b.cn``: contact chrome, not prose."""
    for i in nonblank(lines):
        text = lines[i].stripped
        if len(_visible(text)) <= 80 and contact(text) and not is_prose(re.sub(r"[\w.:/@-]{6,}", "", text)):
            yield whole(i, lines[i])


def end_marker(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``(完)``, ``【纠错】``: the end of a wire story, not text."""
    for i in nonblank(lines):
        text = _visible(fold(lines[i].text))
        if text in noise.end_markers:
            yield whole(i, lines[i])


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
            yield whole(i, lines[i], "byline", " ".join(to_simplified(raw).split()))


def _outlet_like(token: str, noise: Noise) -> bool:
    return token in noise.outlets or bool(re.fullmatch(rf"[{HAN}A-Za-z·]{{2,12}}(?:网|社|报|台|客户端|新闻|日报)", token))


def _person_like(token: str, noise: Noise) -> bool:
    """Two or three Chinese characters that end like no outlet, body or place: a person's name."""
    return (bool(re.fullmatch(f"[{HAN}]{{2,3}}", token)) and not _outlet_like(token, noise)
            and token[-1] not in "网社报台区县市省州镇村府委局厅办室部会院所站心团司处科组馆刊号媒")


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
            # 来源：刘鹏 names the person who posted it, not an outlet: a byline.
            field_ = "byline" if named and _person_like(name, noise) else "outlet"
            spans.append((m.start(), m.start(1) + len(value) if value else m.end(1) - len(m.group(1)),
                          field_ if named else None, to_simplified(name) if named else None))
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
                    yield whole(idx[k - 1], above, "outlet", to_simplified(above.stripped))


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
        yield whole(i, lines[i], *(moved or (None, None)))


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
            yield whole(i, lines[i])


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
            yield whole(i, lines[i])
            n += 1
            while n < len(idx) and _noise_like(lines[idx[n]]):
                yield whole(idx[n], lines[idx[n]])
                n += 1
            continue
        n += 1


_MARKUP = set("|[]{}<>#*=`")


def _link_text(line: WorkLine) -> bool:
    """A line that reads like the text of a link to another story: short, unpunctuated,
    mostly Chinese, no markup characters."""
    text = line.stripped
    seen = _visible(text)
    return (headline_like(text) and not line.md_level and not OUTLINE.match(text)
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
        yield whole(i, lines[i])


# Markdown a reader would see as a rule or a table row: text of the seed, escaped on the page.
_RULE_OR_TABLE = re.compile(r"[-*_]{3,}|\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*")


def symbols_only(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``![]() |``, ``• |``: a line with no character or digit, debris of a scraped layout.
    Markdown rules and table rows (``---``, ``|---|---|``) stay: they are text, escaped on the page."""
    for i in nonblank(lines):
        text = lines[i].stripped
        if not any(ch.isalnum() for ch in text) and not _RULE_OR_TABLE.fullmatch(text):
            yield whole(i, lines[i])


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
            yield whole(i, lines[i])


def keyword_stuffing(lines: Sequence[WorkLine], noise: Noise) -> Iterable[Cut]:
    """``医疗器械,产业园,招商,签约,…``: a bare list of six or more short keywords."""
    for i in nonblank(lines):
        text = lines[i].stripped
        parts = [p.strip() for p in re.split(r"[,，、|/；;]", text)]
        if (len(parts) >= 6 and all(0 < len(p) <= 12 for p in parts) and unpunctuated(text)
                and not re.search(r"[。！？：:]|\s", text) and not re.search(r"\d{4}年|\d+[个家项]", text)):
            yield whole(i, lines[i])


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


PAGE_RULES = Ruler([
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
])
