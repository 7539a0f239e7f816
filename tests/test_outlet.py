"""Who published a page when its metadata line does not say (digest/outlet.py)."""
from __future__ import annotations

import pytest

from digest.outlet import outlet_from_page

CASES = [
    # (page text, outlet): one per way a page names itself, and pages that name no one.
    ("某某日报\n标题\n本报讯（记者 王明）3月1日，…", "某某日报"),
    ("正文。\n本报讯（记者 王明 某省日报社全媒体记者 李华）正文。", "某省日报"),
    ("正文。\n（本文由政协某某市委员会办公室编辑，如需转载请注明出处）", "政协某某市委员会办公室"),
    ("正文。\n免責聲明:本文僅代表作者個人觀點,與某某網無關聯。", "某某网"),
    ("亲爱的某某网用户:\n正文。", "某某网"),
    ("正文。\n来源:某某新闻·某某号·政务,若涉及侵权,请立刻联系删除", "某某新闻"),
    # A newspaper quoted in the text is not the page's outlet without 本报.
    ("某某日报\n标题\n据报道，3月1日，…", None),
    ("正文里说到人民日报的一篇报道。", None),
    ("记者从某某公司获悉，通讯员王明介绍。", None),
]


@pytest.mark.parametrize("text, outlet", CASES, ids=[c[1] or f"none-{n}" for n, c in enumerate(CASES)])
def test_outlet_from_page(text, outlet):
    assert outlet_from_page(text) == outlet
