"""Stage 4: Simplified / Traditional conversion with OpenCC; every Traditional text is made here.

``script_articles`` gives each headline and block its canonical Simplified text and its
Traditional edition once, after cleaning: a Traditional seed keeps its own characters.
Text taken later from a paragraph (a goal's quote, an event's title) is cut out of that
paragraph's Traditional text (``traditional_within``), never converted a second time, so
the edition never writes one word two ways (計畫 in the paragraph, 計劃 in its quote).

The canonical text is Simplified. The Traditional edition uses OpenCC ``s2tw``:
Taiwan-standard character forms (臨床, 峰會, 著力, 為, 群), characters only. Never
``s2twp``, whose vocabulary swaps rewrite policy terms (产业集群 → 產業叢集, 信息 →
資訊, 优化 → 最佳化). Plain ``s2t`` writes OpenCC's own standard forms, which no
Taiwan or Hong Kong reader writes (臨牀, 峯會, 着力, 爲, 產業集羣). A list of domain
terms from the registry is then enforced, because even character-level conversion
picks variants policy readers do not use (发布 → 發佈, not 發布).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

import opencc

from .model import Article, Block, Head, TermOverride, quick_pickling
from .text import HAN_RE


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{config}.json")


def to_simplified(text: str) -> str:
    """OpenCC t2s.

    >>> to_simplified("醫療器械產業")
    '医疗器械产业'
    """
    return _converter("t2s").convert(text) if text else text


def s2t(text: str) -> str:
    """OpenCC's standard Traditional forms: for telling scripts apart, not for the edition.

    >>> s2t("临床峰会")
    '臨牀峯會'
    """
    return _converter("s2t").convert(text) if text else text


def s2tw(text: str) -> str:
    """OpenCC s2tw: Traditional characters in their Taiwan-standard forms, no vocabulary changes.

    >>> s2tw("临床峰会着力推动产业集群信息化")
    '臨床峰會著力推動產業集群信息化'
    """
    return _converter("s2tw").convert(text) if text else text


@quick_pickling
@dataclass(frozen=True, slots=True)
class ScriptCount:
    han: int
    traditional_only: int
    """Han characters that t2s changes: written in Traditional."""
    simplified_only: int
    """Han characters that s2t changes: written in Simplified."""

    @property
    def script(self) -> str:
        if self.traditional_only == 0 or self.traditional_only < 0.02 * self.han:
            return "hans"
        if self.simplified_only < 0.02 * self.han:
            return "hant"
        return "mixed"


def count_scripts(text: str) -> ScriptCount:
    """Count characters unique to each script; the verdict is ``.script``.

    >>> count_scripts("醫療器械產業發展").script, count_scripts("医疗器械产业发展").script
    ('hant', 'hans')
    >>> count_scripts("医疗器械产业发展規劃發布醫療").script
    'mixed'
    """
    chars = HAN_RE.findall(text)
    if not chars:
        return ScriptCount(0, 0, 0)
    unique = sorted(set(chars))
    joined = "\n".join(unique)
    t2s = _converter("t2s").convert(joined).split("\n")
    s2t_ = _converter("s2t").convert(joined).split("\n")
    trad = {c for c, s in zip(unique, t2s) if s != c}
    simp = {c for c, t in zip(unique, s2t_) if t != c}
    return ScriptCount(
        han=len(chars),
        traditional_only=sum(1 for c in chars if c in trad),
        simplified_only=sum(1 for c in chars if c in simp),
    )


class TraditionalConverter:
    """s2tw plus registry term overrides, applied term by term.

    Text around a protected term is converted by OpenCC; each protected term is
    written in the form the registry gives. Longest terms win.
    """

    def __init__(self, overrides: tuple[TermOverride, ...]):
        self.overrides = {o.simplified: o.traditional for o in overrides}
        terms = sorted(self.overrides, key=lambda t: (-len(t), t))
        self._pattern = re.compile("|".join(map(re.escape, terms))) if terms else None

    def convert(self, text: str) -> str:
        if not text:
            return text
        if self._pattern is None:
            return s2tw(text)
        out, pos = [], 0
        for m in self._pattern.finditer(text):
            out.append(s2tw(text[pos:m.start()]))
            out.append(self.overrides[m.group()])
            pos = m.end()
        out.append(s2tw(text[pos:]))
        return "".join(out)


def editions(text: str, script: str, hant: TraditionalConverter) -> tuple[str, str]:
    """(canonical Simplified, Traditional edition) of a text written in ``script``.

    Traditional input keeps its own characters in the Traditional edition; any
    other input is converted with s2tw and the registry's term overrides.
    """
    if script == "hans":
        return text, hant.convert(text)
    simplified = to_simplified(text)
    return simplified, text if script == "hant" else hant.convert(simplified)


def script_articles(articles: list[Article], hant: TraditionalConverter) -> list[Article]:
    """Stage 4: each headline and block in canonical Simplified, with its Traditional edition."""
    return [replace(a, head=_head(a.head, a.seed.script, hant) if a.head else None,
                    blocks=tuple(_block(b, a.seed.script, hant) for b in a.blocks)) for a in articles]


def _head(head: Head, script: str, hant: TraditionalConverter) -> Head:
    title, title_hant = editions(head.title, script, hant)
    kicker, kicker_hant = editions(head.kicker, script, hant) if head.kicker else (None, None)
    subtitle, subtitle_hant = editions(head.subtitle, script, hant) if head.subtitle else (None, None)
    return replace(head, title=title, title_hant=title_hant, kicker=kicker, kicker_hant=kicker_hant,
                   subtitle=subtitle, subtitle_hant=subtitle_hant)


def _block(block: Block, script: str, hant: TraditionalConverter) -> Block:
    text, text_hant = editions(block.text, script, hant)
    return replace(block, text=text, text_hant=text_hant)


def traditional_within(blocks, paragraph: str | None, text: str, convert: Callable[[str], str]) -> str:
    """The Traditional edition of ``text``, a piece of the paragraph ``paragraph``: cut out of that
    paragraph's Traditional text where it stands, so both read alike; converted only when the piece
    is not in the paragraph (an editor's words) or the conversion changed the paragraph's length.

    >>> b = Block("p1", "paragraph", 0, "到2027年计划建成", "", (1, 1), text_hant="到2027年計畫建成")
    >>> traditional_within([b], "p1", "计划建成", TraditionalConverter(()).convert)
    '計畫建成'
    """
    if not text:
        return text
    for b in blocks:
        if b.id == paragraph:
            at = b.text.find(text)
            if at >= 0 and len(b.text_hant) == len(b.text):
                return b.text_hant[at:at + len(text)]
            break
    return convert(text)
