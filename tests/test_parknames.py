"""Parks a text names that the registry does not know (digest/parknames.py)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from digest.parknames import named_parks

CASES = [
    # (paragraph, parks named): made-up names, so no registry or seed literal decides them.
    ("位于北片区的东湖新区·青山大健康科技产业园西区一期项目正加快建设。", ["东湖新区·青山大健康科技产业园"]),
    ("金桥湾生命健康产业园二期开园，8个项目集中签约。", ["金桥湾生命健康产业园"]),
    ("调研组深入到白鹭湾生物医药科技园、南岭国家健康科技产业基地等地考察。",
     ["白鹭湾生物医药科技园", "南岭国家健康科技产业基地"]),
    ("今天正式开园的长河·远山生物医药创新园位于长河市。", ["长河·远山生物医药创新园"]),
    ("新竹縣的竹風生醫園區今天啟用。", ["竹風生醫園區"]),
    # Generic or pronoun-led names name no park.
    ("医疗器械产业园建成后，将打造成国际化高端医疗器械产业园。", []),
    ("目前园区已入驻企业50家，该产业园将进一步优化园区服务。", []),
    ("对标国际一流园区，建设核心产业园。", []),
    ("项目路演暨医疗器械产业园推介会举行。", []),
]


@pytest.mark.parametrize("text, names", CASES, ids=[c[0][:12] for c in CASES])
def test_named_parks(text, names):
    assert [p.name for p in named_parks([SimpleNamespace(id="p1", text=text)])] == names


def test_known_names_are_not_new():
    block = SimpleNamespace(id="p3", text="金桥湾生命健康产业园二期开园。")
    assert named_parks([block], known=("金桥湾生命健康产业园",)) == ()
    assert named_parks([block])[0].paragraph == "p3"
