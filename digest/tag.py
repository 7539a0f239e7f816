"""Stage 5 (tags): regions, parks, sectors and organisations, each with evidence.

Names come only from the registry and are found with one Aho-Corasick automaton
(leftmost-longest, so 上海械谷 is a park, not 上海 + 械谷). A tag always names
the first paragraph that supports it.

The *region* of a document is its subject, not a venue: a mention inside
"在上海召开" does not count, and the region is the deepest level that the
document's own mentions of region names single out (上海市 › 嘉定区, not 马陆镇
because the forum was held there).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import ahocorasick

from .model import quick_pickling
from .registry import Registry
from .segment import word_tokenizer
from .text import is_han as _is_han
from .vocabulary import VENUE_VERBS, alternation

# "在上海召开", "于南京举办", "在上海嘉定召开": the place of a meeting, not its subject.
_VENUE_AFTER = re.compile(rf"[^，。；、]{{0,8}}?({alternation(VENUE_VERBS)})")
_VENUE_BEFORE = re.compile(r"(在|于|赴)$")
# 访珠海, 赴深圳考察, 前往广州: the place a delegation went to, not the document's subject.
_VISIT_BEFORE = re.compile(r"(?:访|赴|前往|来到|走进|奔赴|远赴)$")
# 苏州高新区 is in 苏州: a zone named after its city is one word for jieba, but the
# city's name at its start still names the city.
_ZONE = re.compile(r"^(?:高新区|高新技术产业开发区|经开区|经济技术开发区|经济开发区|开发区|新区|工业园区|工业区|园区|"
                   r"保税区|综合保税区|自贸区|自贸试验区|港区|航空港区|高新园区|科技城|医学城|生物城|药谷)$")
# 西安爱尔迪环保科技有限公司, 南京大学: a place at the start of an organisation's name.
_ORG_AFTER = re.compile(r"[^\s，。；、：:,（）()“”]{0,14}?(?:有限公司|有限责任公司|股份公司|集团|公司|大学|学院|医院|银行|研究院|研究所|日报|晚报)")
# A county's short name must start a word group: 在望城, 长沙望城, 望城经开区; not 秦汉新城.
_OPENERS = set("在于赴到和与及、是为从向至由将对了的")


@quick_pickling
@dataclass(frozen=True, slots=True)
class Mention:
    kind: str
    """``region``, ``park``, ``sector`` or ``organisation``."""
    id: str
    written: str
    """The name as the text writes it."""
    block: str
    """Id of the block (``p7``) or ``title`` for the headline block."""
    start: int
    venue: bool = False
    candidates: tuple = ()
    """Before resolution: every entry the written name can stand for."""


@quick_pickling
@dataclass(frozen=True, slots=True)
class Tag:
    kind: str
    id: str
    name: str
    paragraph: str
    """The block that supports the tag (first mention)."""
    count: int
    editorial: bool = False

    def as_dict(self, path: str | None = None) -> dict:
        d = {"id": self.id, "name": self.name}
        if path:
            d["path"] = path
        d["paragraph"] = self.paragraph
        if self.kind in ("sector", "organisation"):
            d["kind"] = self.kind
        if self.editorial:
            d["editorial"] = True
        return d


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: str
    id: str
    needs_ancestor: bool
    """A county's short name: it counts only where the document names an ancestor."""


class Matcher:
    """All registry and gazetteer names in one automaton, with word boundaries.

    A name can stand for several entries (鼓楼区 is in four cities; 普陀 is a district
    of Shanghai and of Zhoushan). Mentions are resolved per document: a candidate
    whose ancestors the document names wins; a name still ambiguous is dropped,
    never guessed.
    """

    def __init__(self, registry: Registry):
        self.registry = registry
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Candidate]] = {}
        groups = (("region", registry.regions), ("park", registry.parks),
                  ("sector", registry.sectors), ("organisation", registry.organisations))
        for kind, entries in groups:
            for entry in entries.values():
                for name in (entry.name, *entry.aliases):
                    # 西区, 东区, 城区, 郊区: a county named in two characters is a common word
                    # elsewhere, so it too needs an ancestor beside it.
                    generic = (kind == "region" and name == entry.name and len(name) <= 2
                               and getattr(entry, "level", "") == "county" and not entry.curated)
                    table.setdefault(name, []).append(_Candidate(kind, entry.id, generic))
                for name in getattr(entry, "short_names", ()):
                    table.setdefault(name, []).append(_Candidate(kind, entry.id, True))
        for name, candidates in table.items():
            # One candidate per entry; a curated alias beats the same short name.
            by_entry: dict[tuple[str, str], _Candidate] = {}
            for c in sorted(candidates, key=lambda c: c.needs_ancestor):
                by_entry.setdefault((c.kind, c.id), c)
            unique = tuple(by_entry.values())
            self._automaton.add_word(name, (name, unique))
        self._automaton.make_automaton()
        self._words = WordBoundaries(table)

    def find(self, text: str, block: str) -> list[Mention]:
        """Mentions in one text, before the document-level choice between candidates."""
        out: list[Mention] = []
        bounds = None
        for end, (name, candidates) in self._automaton.iter_long(text):
            start = end - len(name) + 1
            if any(c.kind == "region" for c in candidates):
                bounds = bounds or self._words.boundaries(text)
                if start not in bounds:
                    continue
                if end + 1 not in bounds and not _ZONE.match(self._words.rest_of_word(text, end + 1, bounds)) \
                        and not _suffix_word(name, text, end, bounds):
                    continue  # 杭州 inside 杭州湾: another word, not the city
            if any(c.kind == "region" for c in candidates) and _ORG_AFTER.match(text, end + 1):
                continue
            before = text[max(0, start - 2):start]
            venue = ((bool(_VENUE_BEFORE.search(before)) and bool(_VENUE_AFTER.match(text, end + 1)))
                     or bool(_VISIT_BEFORE.search(before)))
            glued = out[-1].candidates if out and out[-1].start + len(out[-1].written) == start else ()
            prev = text[start - 1] if start else ""
            candidates = tuple(c for c in candidates if not c.needs_ancestor or not prev or not _is_han(prev)
                               or prev in _OPENERS or glued)
            if candidates:
                out.append(Mention(candidates[0].kind, candidates[0].id, name, block, start, venue, candidates))
        return out

    def resolve(self, mentions: list[Mention]) -> list[Mention]:
        """Choose each mention's entry from the names the whole document gives."""
        regions = self.registry.regions
        named: set[str] = set()
        for m in mentions:
            sure = [c for c in m.candidates if not c.needs_ancestor]
            if len(sure) == 1:
                if sure[0].kind == "region":
                    named.update(regions[sure[0].id].ids)
                elif sure[0].kind == "park":
                    named.update(regions[self.registry.parks[sure[0].id].region].ids)
        def support(c: _Candidate) -> int:
            """How deep the ancestors the document names go (0: none named); 100 when the
            document names the region itself in full elsewhere (新竹县 … 新竹)."""
            if c.kind != "region":
                return 0
            if c.id in named:
                return 100
            ids = regions[c.id].ids[:-1]
            return max((n + 1 for n, a in enumerate(ids) if a in named), default=0)

        out = []
        for m in mentions:
            usable = [c for c in m.candidates if not c.needs_ancestor or support(c)]
            if len(usable) > 1:
                best = max(support(c) for c in usable)
                usable = ([c for c in usable if support(c) == best] if best
                          else [c for c in usable if _curated(self.registry, c)])
            if len(usable) > 1 and all(c.kind == "region" for c in usable):
                # 长沙 is the city before the county of the same name: the higher level wins a tie.
                top = min(len(regions[c.id].ids) for c in usable)
                usable = [c for c in usable if len(regions[c.id].ids) == top]
            if len(usable) != 1:
                continue
            c = usable[0]
            out.append(Mention(c.kind, c.id, m.written, m.block, m.start, m.venue and c.kind == "region"))
        return out

    @cached_property
    def known_names(self) -> tuple[str, ...]:
        """Every park and region name and alias: a park named in a text is new only when it
        is none of these."""
        reg = self.registry
        return tuple(n for e in (*reg.parks.values(), *reg.regions.values()) for n in (e.name, *e.aliases))

    @cached_property
    def names(self) -> list[str]:
        return [name for _, (name, _) in self._automaton.items()]


# 新竹县长, 南通市委, 崇川区政府: jieba cuts 新竹/县长, but the suffix still ends the name.
_SUFFIX_WORD = re.compile(r"[省市区县州旗](?:长|委|政府|人民政府|人大|政协|领导|级)")


def _suffix_word(name: str, text: str, end: int, bounds: set[int]) -> bool:
    """The name's administrative suffix starts the next word: 县长, 市委, 区政府."""
    return end in bounds and name[-1] in "省市区县州旗" and bool(_SUFFIX_WORD.match(text, end))


def _curated(registry: Registry, c: _Candidate) -> bool:
    return c.kind != "region" or registry.regions[c.id].curated


class WordBoundaries:
    """Where words start and end, by jieba with every known name as a word.

    A place name counts only as a whole word: 杭州湾新区 is not 杭州, 张江 in 上海张江药谷
    is a word of its own.
    """

    def __init__(self, table: dict[str, list]):
        self._tokenizer = word_tokenizer(sorted(table))

    @staticmethod
    def rest_of_word(text: str, at: int, bounds: set[int]) -> str:
        """The rest of the word that position ``at`` falls inside."""
        end = min((b for b in bounds if b > at), default=len(text))
        return text[at:end]

    def boundaries(self, text: str) -> set[int]:
        cuts, pos = {0}, 0
        for word in self._tokenizer.cut(text, HMM=False):
            pos += len(word)
            cuts.add(pos)
        return cuts


# The headline and a news dateline (中新网合肥9月13日电) are the head of a text: its subject.
HEAD_BLOCKS = ("title", "dateline")


def find_mentions(matcher: Matcher, head_text: str, blocks, dateline: str = "") -> list[Mention]:
    mentions = matcher.find(head_text, "title") if head_text else []
    if dateline:
        mentions += matcher.find(dateline, "dateline")
    for b in blocks:
        mentions += matcher.find(b.text, b.id)
    return matcher.resolve(mentions)


def _tags(mentions: list[Mention], kind: str, names: dict) -> list[Tag]:
    seen: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.kind == kind and not m.venue:
            seen.setdefault(m.id, []).append(m)
    tags = []
    for id_, ms in seen.items():
        # Evidence: the first paragraph, or the headline when only it names the thing.
        body = [m for m in ms if m.block not in HEAD_BLOCKS]
        tags.append(Tag(kind, id_, names[id_].name, (body or ms)[0].block, len(ms)))
    return sorted(tags, key=lambda t: (-t.count, t.id))


SHARE_DEEPER = 1 / 3


def subject_regions(mentions: list[Mention], registry: Registry) -> list[Tag]:
    """The region(s) the document is about, each with its evidence paragraph.

    Direct mentions count 3 in the headline or dateline and 1 in the body; venue mentions
    not at all. Park mentions pick the branch of the tree (a park's region and
    its ancestors) but only direct mentions of a region name take the choice
    one level deeper, so a forum held at a park in a town does not make the town
    the subject of the document.
    """
    regions = registry.regions
    direct: dict[str, int] = {}
    support: dict[str, int] = {}
    for m in mentions:
        if m.venue:
            continue
        weight = 3 if m.block in HEAD_BLOCKS else 1
        if m.kind == "region":
            for rid in regions[m.id].ids:
                direct[rid] = direct.get(rid, 0) + weight
                support[rid] = support.get(rid, 0) + weight
        elif m.kind == "park":
            for rid in regions[registry.parks[m.id].region].ids:
                support[rid] = support.get(rid, 0) + weight
    if not support:
        return []
    children: dict[str | None, list[str]] = {}
    for r in regions.values():
        children.setdefault(r.parent, []).append(r.id)

    def best(ids: list[str]) -> str | None:
        ranked = sorted((i for i in ids if support.get(i)), key=lambda i: (-support[i], -direct.get(i, 0), i))
        return ranked[0] if ranked else None

    chosen = []
    top = best(children[None])
    roots = [top] + [r for r in children[None] if r != top and support.get(r, 0) >= 0.6 * support[top]
                     and direct.get(r, 0) >= 2]
    for node in roots:
        while True:
            # The subject is a division (province, prefecture, county): towns and zones below a
            # county are tags, not the document's region.
            # Parks located in a child count with the child's own mentions, but only a child the
            # text names itself can be chosen: 天府国际生物城 (双流) and 成都医学城 (温江) in one
            # text keep it at 成都 even though it names 双流区 once.
            ranked = sorted((i for i in children.get(node, []) if support.get(i) and _division(regions[i])),
                            key=lambda i: (-support[i], -direct.get(i, 0), i))
            child = ranked[0] if ranked else None
            if child is None or not direct.get(child):
                break
            own_child, own_node = support[child], support.get(node, 0)
            runner_up = (support[ranked[1]], direct.get(ranked[1], 0)) if len(ranked) > 1 else (0, 0)
            # Deeper when the child is clearly the one the text singles out: a third of
            # the mentions at this level or more, and ahead of its siblings.
            ahead = (own_child, direct[child]) > runner_up
            if ahead and (own_child >= SHARE_DEEPER * own_node or own_node == own_child):
                node = child
            else:
                break
        if direct.get(node, 0) or support.get(node, 0) >= 2:
            chosen.append(node)
    tags = []
    for rid in chosen:
        subtree = set(r.id for r in regions.values() if rid in r.ids)
        ms = [m for m in mentions if not m.venue and (
            (m.kind == "region" and m.id in subtree) or
            (m.kind == "park" and registry.parks[m.id].region in subtree))]
        body = [m for m in ms if m.block not in HEAD_BLOCKS]
        tags.append(Tag("region", rid, regions[rid].name, (body or ms)[0].block, len(ms)))
    return tags


def _division(region) -> bool:
    """A place a document can be about: a division, or a zone regions.yml lists as one."""
    return region.level != "local" and (region.level != "zone" or region.curated)


@dataclass(frozen=True)
class Tagging:
    regions: tuple[Tag, ...]
    parks: tuple[Tag, ...]
    tags: tuple[Tag, ...]
    """Sectors and organisations."""
    mentions: tuple[Mention, ...]


def tag_document(matcher: Matcher, head_text: str, blocks, dateline: str = "") -> Tagging:
    reg = matcher.registry
    mentions = find_mentions(matcher, head_text, blocks, dateline)
    return Tagging(
        regions=tuple(subject_regions(mentions, reg)),
        parks=tuple(_tags(mentions, "park", reg.parks)),
        tags=tuple(_tags(mentions, "sector", reg.sectors) + _tags(mentions, "organisation", reg.organisations)),
        mentions=tuple(mentions),
    )
