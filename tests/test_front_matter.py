"""The front-matter emitter (``render.escape.yaml_block``): what it writes, PyYAML reads back as the
same data, for the shapes pages use and for any text a seed can hold."""
from __future__ import annotations

import yaml
from hypothesis import given, strategies as st

from digest.render.escape import front_matter, yaml_block


def load(text: str):
    return yaml.safe_load(text)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(min_size=1), inner, max_size=4)),
                      max_leaves=20)


@given(st.dictionaries(st.text(min_size=1), values, max_size=8))
def test_pyyaml_loads_what_the_emitter_writes(data):
    assert load(yaml_block(data)) == data


@given(st.text())
def test_any_text_survives_as_a_title_and_a_headline(text):
    page = front_matter({"title": text, "headline": text})
    assert page.startswith("---\n") and page.endswith("\n---\n")
    _, fm, body = page.split("---\n", 2)
    assert body == "" and load(fm)["headline"] == text


def test_the_known_shapes_read_back_as_they_were(seeds_build):
    """Every document page's front matter, emitted and read back, and the way it reads."""
    pages = [t for p, t in seeds_build.pages.items() if "/documents/" in p and not p.endswith("index.md")]
    assert pages
    for text in pages:
        data = load(text.split("---\n", 2)[1])
        assert load(yaml_block(data)) == data
    sample = yaml_block({"id": "004-7bf530bae955a6a4", "date": "2024-12-21", "lines": [1, 2], "park": [],
                         "source": {"seed": "seeds/004_7bf530bae955a6a4.txt", "url": None},
                         "region": [{"id": "shanghai", "name": "上海市", "path": "上海市 › 嘉定区"}]})
    assert sample == ('id: 004-7bf530bae955a6a4\ndate: "2024-12-21"\nlines:\n- 1\n- 2\npark: []\n'
                      'source:\n  seed: seeds/004_7bf530bae955a6a4.txt\n  url: null\n'
                      'region:\n- id: shanghai\n  name: 上海市\n  path: 上海市 › 嘉定区\n')
