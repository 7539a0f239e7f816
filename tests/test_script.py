"""Stage 4: OpenCC conversion and the domain-term list."""
from __future__ import annotations

import pytest
import yaml

from digest.script import count_scripts, s2t, s2tw, to_simplified
from conftest import ROOT

WORDS = yaml.safe_load((ROOT / "tests" / "fixtures" / "traditional.yml").read_text(encoding="utf-8"))["words"]


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
    """Why the edition is s2tw and the pins exist (documents OpenCC behaviour; fails loudly if OpenCC changes)."""
    assert s2t("产业集群") == "產業集羣" and s2t("临床峰会") == "臨牀峯會"
    assert s2tw("发布") == "發佈"  # Taiwan writes 發布: registry/terms.yml pins it


@pytest.mark.parametrize("word", WORDS, ids=[w["hans"] for w in WORDS])
def test_domain_words_come_out_in_taiwan_forms(hant, word):
    """Taiwan's standard characters, with no vocabulary swapped (s2tw, not s2t or s2twp)."""
    out = hant.convert(word["hans"])
    assert out == word["hant"]
    assert not [bad for bad in word.get("not", []) if bad in out]


def test_every_pinned_term_is_a_taiwan_form(registry, hant):
    """A pin may only choose between Taiwan forms: each agrees with s2tw, except where a pin
    exists to correct s2tw (listed here with the reason)."""
    corrections = {"发布": "發布"}  # OpenCC's phrase table writes 發佈
    for term in registry.terms:
        expected = corrections.get(term.simplified, s2tw(term.simplified))
        assert term.traditional == expected, (term.simplified, term.traditional, expected)
        assert hant.convert(term.simplified) == expected


def test_pins_hold_inside_running_text(registry, hant):
    """A pinned term in a sentence keeps its form whatever stands around it."""
    for term in registry.terms:
        assert term.traditional in hant.convert(f"推动{term.simplified}。")


@pytest.mark.parametrize("text,script", [("医疗器械产业", "hans"), ("醫療器械產業", "hant"),
                                         ("医疗器械产业發展規劃醫療", "mixed"), ("ABC", "hans")])
def test_script_detection(text, script):
    assert count_scripts(text).script == script


def test_surname_hu_is_not_a_beard(hant):
    assert hant.convert("副区长胡学艺出席") == "副區長胡學藝出席"
