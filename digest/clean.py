"""Stage 3: remove scraped noise and repair the text, recording everything.

``clean_seed`` runs the page rules, splits the page into articles, and for each
article finds the headline block, runs the article rules, joins lines broken by
print layout, and applies the repairs. Every character that does not reach the
page is a ``Removal`` naming its rule; every repair is a ``Change``.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from .lines import seed_lines
from .model import Article, Block, Change, Head, Noise, Page, Removal, Seed, WorkLine
from .rules import (
    ARTICLE_RULES, HEAD_RULES, OUTLINE, PAGE_RULES, REPAIRS, Cut, Edit, Ruler, apply_edits, is_heading_like,
    nonblank, restore_numbering, unpunctuated,
)
from .split import is_lead, split_articles
from .text import is_han, visible
from .vocabulary import EVENT_VERBS, alternation

_MARKUP_OPENERS = set("#|->!*<[{=_~`+")

# Verbs that make a line the news headline rather than its kicker or subtitle.
_EVENT_VERB = re.compile(alternation(EVENT_VERBS))


def run_rules(lines: Sequence[WorkLine], rules: Ruler, noise: Noise):
    """Apply line rules in order. Returns the cleaned lines, removals and (field, value) metadata."""
    lines = list(lines)
    removals: list[Removal] = []
    meta: list[tuple[int, str, str]] = []
    for name, rule in rules:
        cuts: list[Cut] = list(rule(lines, noise))
        # Right to left within a line keeps earlier columns valid.
        for cut in sorted(cuts, key=lambda c: (c.index, -c.start)):
            line = lines[cut.index]
            if cut.md_level:
                line = replace(line, md_level=cut.md_level)
            line, pieces = line.cut(cut.start, cut.end)
            lines[cut.index] = line
            for p in pieces:
                removals.append(Removal(name, line.number, p.start, p.end, p.text, cut.moved_to))
            text = "".join(p.text for p in pieces).strip()
            if cut.moved_to and (cut.value or text):
                meta.append((line.number, cut.moved_to, cut.value or text))
    removals.sort(key=lambda r: r.start)
    return lines, removals, meta


def find_head(lines: Sequence[WorkLine], noise: Noise) -> tuple[list[int], list[int]]:
    """Indices of the headline block and of the body lines of one article."""
    idx = nonblank(lines)
    head: list[int] = []
    if any(lines[i].md_level for i in idx[:4]):
        for i in idx[:4]:
            if not lines[i].md_level or lines[i].md_level > 2 or is_lead(lines[i], noise):
                break
            head.append(i)
            if lines[i].md_level == 1:
                break
    else:
        for n, i in enumerate(idx[:3]):
            line = lines[i]
            limit = 100 if n == 0 else 30
            if (is_lead(line, noise) or (n and OUTLINE.match(line.stripped))
                    or not (len(visible(line.text)) <= limit and unpunctuated(line.text))):
                break
            head.append(i)
    if head and head[-1] == idx[-1]:
        head = head[:1]  # nothing but headlines: keep the first as title, the rest as body
    if head and max(len(visible(lines[i].text)) for i in head) < 3:
        head = []  # one- and two-character lines are words, not a headline
    groups = _head_groups(lines, head)
    t = _title_index(lines, groups)
    if len(groups) > t + 2:
        # One subtitle at most: groups after it are body (else two would merge into one line,
        # and cleaning the result again would read it differently).
        head = [i for g in groups[:t + 2] for i in g]
    return head, [i for i in idx if i not in head]


_TITLE_END = re.compile(r"(?:方案|规划|计划|意见|办法|措施|通知|细则|纲要|政策|决定|报告)(?:[（(][^）)]{0,20}[）)])?$")


def _wrapped(first: WorkLine, second: WorkLine) -> bool:
    """Is ``second`` the rest of a headline that print layout broke after ``first``?
    (嘉定区高端医疗器械产业集聚区 / 建设实施方案（2025—2027年）), not a second headline."""
    a, b = first.stripped, second.stripped
    return (bool(_TITLE_END.search(b)) and not _TITLE_END.search(a)) or b[:1] in "（(《" or a[-1:] in "、的和与及"


# Marks around a headline that are not part of it: 原题：, a bullet, (图), a trailing |
# (a dash stays: "- 1 -" may be text).
_TITLE_LABEL = re.compile(r"^(?:[•·▪◆■●○]\s*)+|^(?:原题|原标题)\s*[:：]\s*")
_TITLE_TAIL = re.compile(r"\s*(?:[（(](?:组?图|附图|视频|图文)[）)]|\|)\s*$")


def clean_title(text: str) -> str:
    """``• 原题：园区开工(图) |`` → ``园区开工``.

    >>> clean_title("原题:琼海富海产业园首个项目开工"), clean_title("蓝天医疗器械产业园开园(图)")
    ('琼海富海产业园首个项目开工', '蓝天医疗器械产业园开园')
    """
    return _TITLE_TAIL.sub("", _TITLE_LABEL.sub("", text.strip())).strip() or text.strip()


def _head_groups(lines: Sequence[WorkLine], head: list[int]) -> list[list[int]]:
    """Lines with no blank line between them are one headline wrapped in two."""
    groups: list[list[int]] = []
    for i in head:
        if groups and i == groups[-1][-1] + 1 and not lines[i].md_level and _wrapped(lines[groups[-1][-1]], lines[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _title_index(lines: Sequence[WorkLine], groups: list[list[int]]) -> int:
    """Which group of the headline block is the title (the others: kicker above, subtitle below)."""
    if not groups:
        return 0
    texts = ["".join(lines[i].stripped for i in g) for g in groups]
    levels = [lines[g[0]].md_level for g in groups]
    if any(levels):
        return levels.index(1) if 1 in levels else len(texts) - 1
    verbs = [n for n, s in enumerate(texts) if _EVENT_VERB.search(s)]
    return verbs[0] if len(verbs) == 1 else max(range(len(texts)), key=lambda n: (len(texts[n]), -n))


def read_head(lines: Sequence[WorkLine], head: list[int]) -> Head | None:
    if not head:
        return None
    groups = _head_groups(lines, head)
    texts = ["".join(lines[i].stripped for i in g) for g in groups]
    t = _title_index(lines, groups)
    source = "".join(lines[i].text for i in head)
    changes: list[Change] = []
    repaired = []
    for g, text in zip(groups, texts):
        text, made = _repair(text, True, lines[g[0]].number)
        repaired.append(text)
        changes += made
    return Head(
        title=clean_title(repaired[t]),
        kicker="".join(repaired[:t]) or None,
        subtitle="".join(repaired[t + 1:]) or None,
        changes=tuple(changes),
        lines=(lines[head[0]].number, lines[head[-1]].number),
        source=source,
        pieces=tuple(p for i in head for p in lines[i].pieces),
    )


def _joins(prev: WorkLine, nxt: WorkLine) -> bool:
    """A long line that stops mid-sentence, followed by its continuation (print layout break)."""
    a, b = prev.stripped, nxt.stripped
    return (not prev.md_level and not nxt.md_level and len(visible(a)) >= 30
            and (is_han(a[-1]) or a[-1] in "“‘《（")
            and (is_han(b[0]) or b[0] in "、，；：。”’》）")
            and not OUTLINE.match(b))


def assemble(lines: Sequence[WorkLine], body: list[int]) -> list[tuple[list[WorkLine], list[Change]]]:
    """Group body lines into blocks, joining print-layout breaks."""
    groups: list[tuple[list[WorkLine], list[Change]]] = []
    for i in body:
        line = lines[i]
        if line.blank:
            continue
        if groups and _joins(groups[-1][0][-1], line):
            prev = groups[-1][0][-1].stripped
            groups[-1][0].append(line)
            groups[-1][1].append(Change("join_broken_lines", line.number,
                                        f"{prev[-4:]}⏎{line.stripped[:4]}", f"{prev[-4:]}{line.stripped[:4]}"))
        else:
            groups.append(([line], []))
    return groups


def _repair(text: str, heading: bool, number: int) -> tuple[str, list[Change]]:
    """Apply the repairs until none changes anything: widening a comma can make a
    parenthesis Chinese context and the other way round ("医,()")."""
    changes = []
    for _ in range(4):
        before = text
        for name, repair in REPAIRS:
            edits = repair(text, heading)
            if edits:
                changes += _describe(name, number, text, edits)
                text = apply_edits(text, edits)
        if text == before:
            break
    return text, changes


def _describe(rule: str, number: int, text: str, edits: Sequence[Edit]) -> list[Change]:
    out = []
    for e in edits:
        context = 0 if e.editorial else 2
        lo, hi = max(0, e.start - context), min(len(text), e.end + context)
        before = text[lo:hi]
        after = text[lo:e.start] + e.after + text[e.end:hi]
        out.append(Change(rule, number, before, after, e.editorial))
    return out


def _level(text: str, md_level: int, md_base: int) -> int:
    if md_level:
        return min(3, max(2, md_level - md_base + 2))
    return 3 if re.match(r"^（[一二三四五六七八九十]+）", text) else 2


def clean_seed(seed: Seed, noise: Noise) -> list[Article]:
    """Clean one seed into its articles: the page rules, split, then the article rules
    (what ``build.analyse_seed`` does stage by stage)."""
    page = clean_page(seed, noise)
    return clean_articles(page, split_articles(page.lines, noise), noise)


def clean_page(seed: Seed, noise: Noise, rules: Ruler = PAGE_RULES) -> Page:
    """The page rules, over the whole seed (site chrome sits on the page, not in an article).
    ``rules`` is ``PAGE_RULES`` unless a caller switched some off (``PAGE_RULES.disable(name)``)."""
    lines, removals, meta = run_rules(seed_lines(seed), rules, noise)
    return Page(seed, tuple(lines), tuple(removals), tuple(meta))


def clean_articles(page: Page, ranges: list[tuple[int, int]], noise: Noise, head_rules: Ruler = HEAD_RULES,
                   article_rules: Ruler = ARTICLE_RULES) -> list[Article]:
    """Each article of the page (``ranges`` from split): its headline block, the article rules, line
    joining and repairs. The page rules' removals and metadata go to the article whose lines they were on."""
    seed, lines, page_removals, page_meta = page.seed, list(page.lines), list(page.removals), list(page.meta)
    if not ranges:
        # Every line was noise: one empty article still carries the removals.
        return [Article(seed=seed, index=1, count=1, head=None, blocks=(), removals=tuple(page_removals),
                        lines=(1, len(lines)), meta=tuple((f, v) for _, f, v in sorted(page_meta)))]
    articles = []
    for n, (lo, hi) in enumerate(ranges, start=1):
        article_lines, head_removals, _ = run_rules(lines[lo:hi], head_rules, noise)
        head_idx, body_idx = find_head(article_lines, noise)
        head = read_head(article_lines, head_idx)
        body_lines = [article_lines[i] for i in body_idx]
        body_lines, removals, meta = run_rules(body_lines, article_rules, noise)
        first, last = article_lines[0].number, article_lines[-1].number
        # Page-level removals and metadata belong to the article whose lines they were on
        # (removals before the first article go to the first).
        def mine(line: int) -> bool:
            return first <= line <= last or (n == 1 and line < first) or (n == len(ranges) and line > last)
        own = [r for r in page_removals if mine(r.line)]
        own_meta = [m for m in page_meta if mine(m[0])]
        groups = assemble(body_lines, list(range(len(body_lines))))
        md_levels = [g[0][0].md_level for g in groups if g[0][0].md_level]
        md_base = min(md_levels) if md_levels else 0
        drafts = []
        for group, joins in groups:
            raw = "".join(line.text.strip() for line in group)
            # A line opening with markup characters (# | - > ! * < [ {) is text that looked
            # like markup in its source; it never becomes a heading of ours.
            heading = bool(group[0].md_level) or (is_heading_like(group[0]) and len(group) == 1
                                                  and raw[:1] not in _MARKUP_OPENERS)
            text, changes = _repair(raw, heading, group[0].number)
            drafts.append([group, joins + changes, text, heading])
        for draft, edits in zip(drafts, restore_numbering([d[2] for d in drafts])):
            if edits:
                draft[1] += _describe("restore_numbering", draft[0][0].number, draft[2], edits)
                draft[2] = apply_edits(draft[2], edits)
        blocks = []
        for k, (group, changes, text, heading) in enumerate(drafts, start=1):
            md = group[0].md_level
            blocks.append(Block(
                id=f"p{k}",
                kind="heading" if heading else "paragraph",
                level=_level(text, md, md_base) if heading else 0,
                text=text,
                source="".join(line.text for line in group),
                pieces=tuple(p for line in group for p in line.pieces),
                lines=(group[0].number, group[-1].number),
                changes=tuple(changes),
            ))
        articles.append(Article(
            seed=seed, index=n, count=len(ranges), head=head, blocks=tuple(blocks),
            removals=tuple(sorted(own + head_removals + removals, key=lambda r: r.start)),
            lines=(first, last), meta=tuple((f, v) for _, f, v in sorted(own_meta + meta)),
        ))
    return articles
