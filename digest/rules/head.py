"""Head rules: channel labels and prompts above an article's headline. ``HEAD_RULES``."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..features import fold, is_prose, visible as _visible
from ..model import Noise, WorkLine
from ..text import is_han
from .base import Cut, OUTLINE, Ruler, nonblank, whole


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
        if (is_prose(text) or lines[i].md_level or noise.dateline.match(fold(text)) or OUTLINE.match(text)
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
            yield whole(i, lines[i])


HEAD_RULES = Ruler([("head_chrome", head_chrome)])
