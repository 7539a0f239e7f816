"""Parks a text names that the registry does not know yet (part of the tag stage).

A park's name ends in a park word (产业园, 科技园, 生物城, 药谷, 产业基地, 园区…) and
starts where the clause does: after punctuation, a function word (的, 在, 位于, 和)
or a verb of arrival (入驻, 落户, 深入到). A name left with only generic words
(医疗器械产业园, 该园区, 国际化高端医疗器械产业园) names no park and is dropped.

These are shown beside the registry's parks as "not in the registry", so an
editor sees what to add; they never get a page or a region of their own.
"""
from __future__ import annotations

import re

from .features import fold
from .model import NamedPark
from .segment import pos_tagger
from .text import HAN

PARK_WORDS = ("产业园区", "产业园", "科技园区", "科技园", "科学园区", "科学园", "创新园", "工业园区", "工业园",
              "医药园", "健康园", "生物城", "医学城", "科学城", "器械城", "医药城", "医药港", "药谷", "医谷",
              "械谷", "产业基地", "创新基地", "产业集聚区", "产业社区", "健康城",
              "产业专区", "园区")
_PARK = re.compile("(?:" + "|".join(sorted(PARK_WORDS, key=len, reverse=True)) + ")")
# Where a name cannot reach back past: clause punctuation, function words, verbs of arrival.
_STOP = re.compile(r"[\s，。；：:、,;（）()“”\"'「」『』《》【】\[\]！？!?…]|的|在|于|和|与|及|或|是|为|了|到|向|由|将|把|被|从|"
                   r"以|对|等|入驻|落户|建设|打造|推进|推动|依托|围绕|开工|开园|考察|参观|走进|来到|深入|加快|"
                   r"启动|举行|举办|签约|谋划|规划|计划|建构|构建|优化|提升|加强|给予|支持|引导|鼓励|完善|发展|培育|壮大|对标|"
                   r"建成|形成|暨|位于|地处|包括|其中|其他|全市|全省|全区|我市|我省|我区|该|本|这|此|各|"
                   r"每|一批|一个|多个|两个|三个|[0-9０-９]")
# Words that say what kind of park, not which park: a name of only these names none.
_GENERIC = re.compile(r"国际化|国际|高端|高新|医疗器械|医疗装备|医疗|器械|生物医药|生物|医药|大健康|生命健康|生命|健康|"
                      r"科技|科创|产业|创新|智慧|智能|现代|特色|专业|新型|综合|一期|二期|三期|四期|重点|省级|市级|"
                      r"国家级|国家|区级|专业化|示范|高质量|高品质|高能级|品质|能级|布局|潜力|核心|一流|新兴|未来|全球|中国|省|市|区|县|镇|新")
_MAX = 24


def named_parks(blocks, known: tuple[str, ...] = ()) -> tuple[NamedPark, ...]:
    """Parks named in the blocks, in order of first mention, except those whose name
    holds (or is held by) a known name: the registry's parks, aliases and regions.

    >>> from types import SimpleNamespace as B
    >>> [p.name for p in named_parks([B(id="p1", text="位于塬北片区的西咸新区·秦汉大健康科技产业园西区一期项目加快建设，医疗器械产业园建成后将投用。")])]
    ['西咸新区·秦汉大健康科技产业园']
    """
    folded_known = tuple(fold(k) for k in known if len(k) >= 2)
    found: dict[str, NamedPark] = {}
    for block in blocks:
        text = block.text
        folded = fold(text)
        for m in _PARK.finditer(folded):
            start = _name_start(folded, m.start())
            if start < 0:
                continue
            name = folded[start:m.end()]
            # A bare 园区 is so common (入驻园区, 目前园区) that its name needs more to stand on.
            if not _proper(name[: -len(m.group())], 3 if m.group() == "园区" else 2) or len(name) > _MAX:
                continue
            if any(k in name or name in k for k in folded_known):
                continue
            if not any(name in seen or seen in name for seen in found):
                found[name] = NamedPark(text[start:m.end()], block.id)
    return tuple(found.values())


def _name_start(folded: str, end: int) -> int:
    """Where the name that ends at ``end`` starts: after the last stop word or verb before
    it (jieba's part of speech), or -1 when none is near enough to tell."""
    start = max(0, end - _MAX)
    window = folded[start:end]
    last = 0 if start == 0 else -1
    pos = 0
    for word, flag in pos_tagger().cut(window):
        pos += len(word)
        if word in "·・":
            continue  # 成都·广安, 西咸新区·秦汉: a middle dot joins the parts of one name
        if _STOP.fullmatch(word) or _STOP.match(word) and len(word) == 1 or flag in _STOP_FLAGS:
            last = start + pos
    return last


# Verbs, prepositions, conjunctions, particles, adverbs, pronouns, times, numerals, measure
# words and punctuation end a name; nouns, places, names, adjectives and verbal nouns (合作) do not.
_STOP_FLAGS = frozenset({"v", "vd", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "r", "t", "m", "mq",
                         "q", "x", "y", "e", "o"})


def _proper(stem: str, at_least: int) -> bool:
    """Something besides generic words: a place, a brand, a name (宝月湖, 大兴机场临空区)."""
    rest = _GENERIC.sub("", stem).strip("·・- ")
    return len(re.findall(f"[{HAN}A-Za-z]", rest)) >= at_least
