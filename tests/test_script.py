"""Stage 4: OpenCC conversion and the domain-term list."""
from __future__ import annotations

import pytest

from digest.script import count_scripts, s2t, to_simplified


def test_term_list_has_at_least_thirty_terms(registry):
    assert len(registry.terms) >= 30


def test_every_term_converts_to_its_listed_form(registry, hant):
    for term in registry.terms:
        assert hant.convert(term.simplified) == term.traditional
        assert to_simplified(term.traditional) == term.simplified


def test_terms_survive_in_running_text(registry, hant):
    text = "推动高端医疗器械产业集群发展，打造联影小镇和械谷两大产业园，支持专精特新企业。"
    out = hant.convert(text)
    assert "產業集群" in out and "叢集" not in out and "羣" not in out
    assert "聯影小鎮" in out and "械谷" in out and "專精特新" in out


def test_plain_s2t_would_have_picked_the_variant():
    """Why the override exists (documents OpenCC behaviour; fails loudly if OpenCC changes)."""
    assert s2t("产业集群") == "產業集羣"


@pytest.mark.parametrize("text,script", [("医疗器械产业", "hans"), ("醫療器械產業", "hant"),
                                         ("医疗器械产业發展規劃醫療", "mixed"), ("ABC", "hans")])
def test_script_detection(text, script):
    assert count_scripts(text).script == script


def test_surname_hu_is_not_a_beard(hant):
    assert hant.convert("副区长胡学艺出席") == "副區長胡學藝出席"
