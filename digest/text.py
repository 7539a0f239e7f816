"""Small character-level helpers shared by the stages."""
from __future__ import annotations

import re

# CJK Unified Ideographs, Extension A, and Compatibility Ideographs.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")

# Full-width punctuation that can end a Chinese sentence or clause at line end.
SENTENCE_END = "。！？；…”’」』!?;"

# Characters dropped by normalisation that are not whitespace to str.isspace().
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"

# Control characters a page or feed must never carry: C0 except tab, LF and CR; DEL; C1;
# and U+FFFE, U+FFFF (not characters; XML refuses them). Ingest removes and counts them.
CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"


def is_han(ch: str) -> bool:
    """True for a Chinese character.

    >>> is_han("械"), is_han("a"), is_han("，")
    (True, False, False)
    """
    return bool(ch) and HAN_RE.match(ch) is not None


# Every whitespace character (the highest is U+3000), the invisibles and the controls, deleted.
_INVISIBLE_TABLE = str.maketrans({**{chr(c): None for c in range(0x3001) if chr(c).isspace()},
                                  **{ch: None for ch in INVISIBLE},
                                  **{chr(c): None for c in [*range(0x20), *range(0x7f, 0xa0), 0xfffe, 0xffff]}})


def visible(text: str) -> str:
    """The characters that count in the conservation check: no whitespace, no invisibles.

    >>> visible(" 上海 \\u200b械谷\\n")
    '上海械谷'
    """
    return text.translate(_INVISIBLE_TABLE)


def han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


CN_DIGITS = "零一二三四五六七八九"


def to_chinese_numeral(n: int) -> str:
    """Arabic to Chinese numeral as used in outline numbering (1–99).

    >>> to_chinese_numeral(3), to_chinese_numeral(10), to_chinese_numeral(12), to_chinese_numeral(20)
    ('三', '十', '十二', '二十')
    """
    if n < 10:
        return CN_DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if units == 0 else CN_DIGITS[units])


def from_chinese_numeral(s: str) -> int | None:
    """Chinese outline numeral to int (1–99), None if it is not one.

    >>> from_chinese_numeral("三"), from_chinese_numeral("十二"), from_chinese_numeral("二十"), from_chinese_numeral("x")
    (3, 12, 20, None)
    """
    if not s or any(ch not in CN_DIGITS + "十" for ch in s):
        return None
    if "十" not in s:
        return CN_DIGITS.index(s) if len(s) == 1 else None
    tens, _, units = s.partition("十")
    t = 1 if tens == "" else CN_DIGITS.index(tens) if len(tens) == 1 else None
    u = 0 if units == "" else CN_DIGITS.index(units) if len(units) == 1 else None
    return None if t is None or u is None else t * 10 + u
