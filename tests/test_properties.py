"""Invariants on arbitrary text (hypothesis): no crash, exact conservation, idempotence."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from digest.report import reconstruct
from digest.text import visible
from conftest import make_seed
from test_rules import _docs
from digest.report import SeedOutcome

# Text that looks like scraped Chinese pages: Han, full- and half-width punctuation,
# digits, Latin, markers the rules look for, blank lines and stray spaces.
ALPHABET = list("医疗器械产业园区示例到年月日亿元新增企业家发展规划本报讯记者文摄首页更多转载请免责声明图为作报告")
PIECES = st.one_of(
    st.sampled_from(ALPHABET),
    st.sampled_from(["，", "。", ",", "?", ":", "(", ")", "（", "）", "、", " ", "\u3000", "\n", "\n\n",
                     "1", "2", "2027", "# ", "## ", "> ", "[bookmark: _Toc1]", "（2）", "3、", "一、", "- 1 -",
                     "本报讯 ", "撰稿 张三", " 李四 文/摄", "来源: 123", "发布时间:2024-01-04 "]),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
TEXTS = st.lists(PIECES, max_size=200).map("".join)
HASH_AFTER_TEXT = re.compile(r"[^\s#][^\n]*#")


def clean_text(registry, text):
    from digest.clean import clean_seed
    seed = make_seed(text)
    return seed, clean_seed(seed, registry.noise)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_every_character_is_accounted_for(registry, text):
    seed, articles = clean_text(registry, text)
    assert reconstruct(SeedOutcome(seed, None, tuple(_docs(articles)))) == visible(seed.text)


def published_text(articles) -> str:
    """The cleaned articles written back out as a seed: headline block, then blocks."""
    parts = []
    for a in articles:
        if a.head:
            parts += [x for x in (a.head.kicker, a.head.title, a.head.subtitle) if x]
        parts += [("#" * b.level + " " if False else "") + b.text for b in a.blocks]
    return "\n\n".join(parts)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_cleaning_twice_changes_nothing(registry, text):
    # Known failure, kept below as a strict xfail: a "#" after other text on its line
    # ("本报讯 # 医", "发布时间:2024-01-04 # 医") starts a paragraph once cleaning moves
    # that text out, and the cleaned text then reads as Markdown.
    assume(not HASH_AFTER_TEXT.search(text))
    _, first = clean_text(registry, text)
    once = published_text(first)
    _, second = clean_text(registry, once)
    assert published_text(second) == once


@pytest.mark.xfail(strict=True, reason="'#' after a lead marker that cleaning moves out: the paragraph then "
                   "starts with '# ', and cleaning that text again reads it as a Markdown document. Requiring "
                   "two heading lines for Markdown would fix it but break single-heading Markdown pages, which "
                   "are far more common.")
@pytest.mark.parametrize("text", ["本报讯 # 医\n医"])
def test_known_failure_hash_after_moved_text(registry, text):
    once = published_text(clean_text(registry, text)[1])
    assert published_text(clean_text(registry, once)[1]) == once


def test_hash_after_a_publication_line_is_stable(registry):
    """Once a known failure: a publication line is now removed whole, so no '# ' is left to open a paragraph."""
    text = "发布时间:2024-01-04 # 医\n医"
    once = published_text(clean_text(registry, text)[1])
    assert published_text(clean_text(registry, once)[1]) == once


def test_degenerate_headline_block_is_stable(registry):
    """Once a known failure (found by HYPOTHESIS_PROFILE=deep): a headline block of one-character
    lines regrouped on the second pass. Lines are joined into one headline only where print
    layout broke a title, so the block now reads the same twice."""
    once = published_text(clean_text(registry, "医医\n\n医\n医\n医\n医")[1])
    assert published_text(clean_text(registry, once)[1]) == once
