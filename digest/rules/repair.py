"""Repairs: they change characters inside kept text (one block at a time), each edit
recorded as a ``Change``; ``restore_numbering`` restores lost outline numbers. ``REPAIRS``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..text import from_chinese_numeral, is_han, to_chinese_numeral
from .base import Ruler

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


REPAIRS = Ruler([
    ("fullwidth_parens", fullwidth_parens),
    ("fullwidth_punct", fullwidth_punct),
    # After widening: "医, 李" is only a Chinese-to-Chinese space once the comma is "，".
    ("stray_space", stray_space),
])


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
