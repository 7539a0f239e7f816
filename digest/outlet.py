"""Who published a page, when its metadata line does not say (part of stage 5, extract).

Read from the whole scraped page, noise lines included, since that is where
sites name themselves: a newspaper's e-paper head over a ``本报讯`` lead, a
reporter's byline (``河南日报社全媒体记者``), ``本文由…编辑``, a disclaimer
(``与华侨网无关``), a greeting (``亲爱的凤凰网用户``) or a source line at the foot.
A name is taken only when it looks like an outlet or an issuing body.
"""
from __future__ import annotations

import re

from .features import fold
from .text import HAN

_MEDIA_TAIL = r"(?:日报|晚报|早报|商报|时报|报社|报|网|社|电视台|广播电视台|新闻|客户端|融媒|号)"
_NEWSPAPER = rf"[{HAN}]{{2,8}}?(?:日报|晚报|早报|商报|时报|报)"
_ISSUER_TAIL = r"(?:人民政府|办公厅|办公室|委员会|管委会|政协|局|厅|中心|协会)"

# Ordered: the first that finds a name wins.
_PATTERNS = (
    # 河南日报社全媒体记者 陈骏, 新重庆-重庆日报记者 夏元: the reporter's paper.
    re.compile(rf"(?<![{HAN}])(?P<o>{_NEWSPAPER})社?(?:全媒体|融媒体|首席)?记者"),
    # 本文由政协中山市委员会办公室编辑: the body that wrote or supplied it.
    re.compile(rf"本文由(?P<o>[{HAN}]{{2,20}}?(?:{_MEDIA_TAIL}|{_ISSUER_TAIL}))(?:编辑|提供|供稿|发布|原创|整理)"),
    # 本文仅代表作者个人观点，与华侨网无关: a site disclaiming its re-post.
    re.compile(rf"与(?P<o>[{HAN}A-Za-z0-9]{{2,10}}?{_MEDIA_TAIL})无关"),
    # 亲爱的凤凰网用户: the site greeting its readers.
    re.compile(rf"亲爱的(?P<o>[{HAN}A-Za-z0-9]{{2,10}}?{_MEDIA_TAIL})用户"),
    # 来源：澎湃新闻·澎湃号·政务，若涉及侵权…: a source line anywhere on the page.
    re.compile(rf"(?:来源|稿源|出处)\s*[:：]\s*(?P<o>[{HAN}A-Za-z0-9]{{2,12}}?{_MEDIA_TAIL})(?=[·•\s,，。|｜]|$)"),
)
# A newspaper's name standing alone, or with its e-paper words, at the head of the page.
_PAPER_HEAD = re.compile(rf"^\s*(?P<o>{_NEWSPAPER})(?:新媒体|电子版|数字报|社)?\s*$")


def outlet_from_page(text: str) -> str | None:
    """The outlet or issuer the page names for itself, in Simplified, or None.

    >>> outlet_from_page("陕西日报新媒体\\n标题\\n本报记者 陈玮\\n12月20日，…")
    '陕西日报'
    >>> outlet_from_page("正文。\\n免责声明：本文仅代表作者个人观点，与华侨网无关联。")
    '华侨网'
    >>> outlet_from_page("正文里说到人民日报的报道。") is None
    True
    """
    folded = fold(text)
    if "本报" in folded:
        for line in folded.splitlines()[:12]:
            if (m := _PAPER_HEAD.match(line)):
                return m.group("o")
    for pattern in _PATTERNS:
        if (m := pattern.search(folded)):
            return m.group("o")
    return None

