"""Invariants on arbitrary text (hypothesis): no crash, exact conservation, idempotence."""
from __future__ import annotations

import os

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


def cleaned_twice(registry, text: str) -> tuple[str, str]:
    once = published_text(clean_text(registry, text)[1])
    return once, published_text(clean_text(registry, once)[1])


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_cleaning_twice_changes_nothing(registry, text):
    once, twice = cleaned_twice(registry, text)
    assert twice == once


# Counter-examples found by Hypothesis, kept as plain tests (ftfy's habit: failures stay in
# the test data). They were strict xfails until cleaning became idempotent on them.
@pytest.mark.parametrize("text", [
    "本报讯 # 医\n医",                 # '#' left opening the text once the lead marker moved out
    "发布时间:2024-01-04 # 医\n医",     # … or the publication line
    "医医\n\n医\n医\n医\n医",            # a headline block of one-character lines, some wrapped
    "医\n撰稿 张三 医",                 # a credit line only once its stray space is repaired
    "本报讯 医\n医\n医\n医",             # two subtitles merged into one line
    "本报讯 医\n医医医医医医医医",         # a short lead above a headline-length line (head_chrome)
    "医\n本报讯 医医医医医医医医",         # … and a short line above a lead
    "本报讯 医本报讯 医",                 # a lead marker doubled inside an outlet-like word
    "本报讯 - 1 -医",                    # a dash that is text, not a bullet
    "医?\n医",                           # a sentence ended by a half-width ? before the repair
    "本报讯 医\n医\n医医\n医",           # one-character lines are words, not a headline block
    "医，\n医\n医医医\n医",              # two kicker lines above a title
    "发布时间:2024-01-04 " + "医" * 15 + "?",  # a half-width ? read as the full-width one it becomes
    "标题\n\n" + "示例区医疗器械产业园举行新闻发布会宣布今年将新增创新医疗器械企业五十家并建设公共服务平台" +
    "\n\n本报讯 园区到2027年产值目标为60亿元。",  # a headline over 40 characters
])
def test_known_counter_examples_are_idempotent(registry, text):
    once, twice = cleaned_twice(registry, text)
    assert twice == once


# Texts with a lead marker: the known failure below.
LEAD_MARKER = re.compile(r"本报讯|本报消息|本报记者|本台消息|本刊讯")


@pytest.mark.xfail(strict=True, reason="a lead marker followed by a few characters: once the marker is moved "
                   "out, the second pass reads what is left as a kicker and title, or as a publication line "
                   "short enough to be metadata. Real leads carry a sentence; the fix tried (a headline needs "
                   "text under it) broke print-wrap joins.")
@pytest.mark.parametrize("text", ["本报讯 医\n医\n医医医\n医", "本报讯 医医医，，本报讯 发布时间:2024-01-04 "])
def test_known_failure_short_lines_under_a_lead(registry, text):
    once, twice = cleaned_twice(registry, text)
    assert twice == once


@pytest.mark.deep
# 5,000 texts: run on demand (pytest -m deep) and weekly in CI with new random texts
# (.github/workflows/deep-properties.yml). Not in the gate: each change to a cleaning rule
# moves which degenerate texts (runs of one character, lone marks) it finds, so it would fail
# submissions on counter-examples they did not cause. The gate runs the same properties on a
# fixed 300 texts (test_cleaning_twice_changes_nothing and the conservation tests).
@settings(max_examples=5000, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=TEXTS)
def test_deep_cleaning_twice_changes_nothing_and_conserves(registry, text):
    """5,000 texts as a slow test, the same ones every run, so a pull request never fails on a
    counter-example it did not cause. New random texts: HYPOTHESIS_PROFILE=deep (weekly in CI,
    .github/workflows/deep-properties.yml)."""
    seed, articles = clean_text(registry, text)
    assert reconstruct(SeedOutcome(seed, None, tuple(_docs(articles)))) == visible(seed.text)
    # Known failure, kept below as a strict xfail: a lead marker (本报讯) that cleaning moves out
    # can change what the rest of its text looks like (a headline, a publication line, a kicker)
    # on the second pass. Real leads carry a sentence; the weekly deep run (HYPOTHESIS_PROFILE=deep,
    # .github/workflows/deep-properties.yml) still explores them in test_cleaning_twice_changes_nothing.
    assume(not LEAD_MARKER.search(text))
    once, twice = cleaned_twice(registry, text)
    assert twice == once
