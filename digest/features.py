"""Features of a scraped line, for judging noise by what a line *is* as well as
by the words it holds (jusText's idea: prose has sentence punctuation, function
words and length; chrome, link lists and credits do not).

Every function here is pure and reads one line of text. Texts are matched after
folding to Simplified (``fold``), so Traditional pages meet the same vocabulary;
folding keeps the length, so a column found in the folded text is the same
column in the seed.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, pinyin

from .script import to_simplified
from .text import HAN, HAN_RE, visible


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Simplified Chinese of the same length, for matching vocabulary.

    >>> fold("加入時間：點擊率"), fold("醫療器械")
    ('加入时间：点击率', '医疗器械')
    """
    folded = to_simplified(text)
    return folded if len(folded) == len(text) else text


# Common Chinese function words: prose is full of them, chrome and headline lists are not.
FUNCTION_CHARS = frozenset("的了是在和与及为对将把被从以于而并也都就其这那之所等该此向由因但或则已")
SENTENCE_PUNCT = frozenset("。！？；")
CLAUSE_PUNCT = frozenset("，、：,;")

DATE_TIME = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?(?!\d)"
    r"(?:\s*(?:\d{1,2}:\d{2}(?::\d{2})?))?")
PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}[-－—\s]?\d{7,8}|1[3-9]\d{9}|400[-－]?\d{3}[-－]?\d{4})(?!\d)")
# Bounded repeats, ASCII only: Chinese text is all \w, and an unbounded run before "@"
# would make a long line quadratic.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4}")
URL = re.compile(r"(?:https?://|www\.)[\w./?%&=#:-]{1,300}", re.IGNORECASE)
# A character followed by a syllable in brackets: 達(dá)到, 江(jiang)夏. It is debris
# only when the syllable is a reading of that character (``is_reading``).
PINYIN_DEBRIS = re.compile(
    rf"(?<=[{HAN}])[（(]\s*([a-züāáǎàēéěèīíǐì"
    rf"ōóǒòūúǔùǖǘǚǜńňǹ]{{1,7}})\s*[）)]")


def is_reading(char: str, syllable: str) -> bool:
    """Is ``syllable`` (with or without tone marks) a pinyin reading of ``char``?

    >>> is_reading("達", "dá"), is_reading("江", "jiang"), is_reading("能", "ai")
    (True, True, False)
    """
    plain = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    plain = plain.replace("ü", "v").replace("u\u0308", "v")
    readings = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
    return plain in {r.replace("ü", "v") for r in readings}


def han_share(text: str) -> float:
    seen = visible(text)
    return len(HAN_RE.findall(seen)) / len(seen) if seen else 0.0


def is_prose(text: str) -> bool:
    """A line a reader reads as running text: long enough, Chinese, punctuated as sentences.

    >>> is_prose("据悉，园区总投资约50亿元，将于2025年建成投用。"), is_prose("相关推荐 热门文章 更多>>")
    (True, False)
    """
    seen = visible(text)
    if len(seen) < 16 or han_share(seen) < 0.5:
        return False
    punct = sum(ch in SENTENCE_PUNCT or ch in CLAUSE_PUNCT for ch in seen)
    return punct >= 1 and (any(ch in SENTENCE_PUNCT for ch in seen) or punct >= 2 or len(seen) >= 40)


def function_share(text: str) -> float:
    han = HAN_RE.findall(text)
    return sum(ch in FUNCTION_CHARS for ch in han) / len(han) if han else 0.0


def ends_unpunctuated(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] not in SENTENCE_PUNCT and t[-1] not in "。”’」』:：…"


def headline_like(text: str, max_len: int = 40) -> bool:
    """A short unpunctuated line: a headline, a link text or a label.

    >>> headline_like("南科高雄園區 推動生技醫療器材產業專區"), headline_like("园区已入驻企业30家。")
    (True, False)
    """
    seen = visible(text)
    return 0 < len(seen) <= max_len and ends_unpunctuated(text) and not any(ch in SENTENCE_PUNCT for ch in seen)


def contact(text: str) -> bool:
    """A phone number, e-mail address or web address in the line."""
    return bool(PHONE.search(text) or EMAIL.search(text) or URL.search(text))
