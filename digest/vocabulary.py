"""The build's vocabularies, each declared once.

Registry YAML holds what editors change (names, noise phrases); this module holds the
closed vocabularies the code itself is written against. Every other module imports
them from here; ``check()`` validates them all against one schema (``tests/test_architecture.py``
runs it, and so does the schema of editorial files, which takes its enum from here).
"""
from __future__ import annotations

DOC_TYPES = {"news": "新闻报道", "plan": "政策文件", "policy": "政策解读", "report": "研究报告", "interview": "访谈"}
"""Every document type and its label on the page; templates/ui.en.yml has the English."""

EVENT_VERBS = ("召开", "举行", "举办", "开幕", "闭幕", "揭牌", "揭幕", "签约", "签署", "成立", "启动", "开园", "落户",
               "发布", "公布", "审议", "通过", "印发", "出台", "开工", "投产", "入驻", "亮相", "召集", "启用", "投入使用",
               "竣工", "奠基", "建成", "批复", "获批", "授牌", "调研", "考察", "视察", "开业", "运营", "颁发")
"""Verbs of a happening: a dated sentence with one is an event (``facts``), and a line of
several headlines names its main one by them (``clean``)."""

VENUE_VERBS = ("召开", "举办", "举行", "开幕", "闭幕")
"""Verbs after a meeting's place: 在上海召开 names a venue (``tag``), and the event's place (``facts``)."""

FULL_DATE = r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日"
"""年月日 written out, as groups (year, month, day)."""

MONTH_DAY = r"(\d{1,2})月(\d{1,2})日"
"""月日 without a year, as groups (month, day)."""


def alternation(words: tuple[str, ...]) -> str:
    """A regular expression matching any of ``words``, longest first (投入使用 before 投入)."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


def check() -> list[str]:
    """What is wrong with the vocabularies (empty when nothing is): one schema for all of
    them, that each is a non-empty tuple of distinct non-empty Chinese words."""
    problems = []
    for name, words in (("EVENT_VERBS", EVENT_VERBS), ("VENUE_VERBS", VENUE_VERBS)):
        if not isinstance(words, tuple) or not words:
            problems.append(f"{name} must be a non-empty tuple")
        elif len(set(words)) != len(words) or not all(isinstance(w, str) and w.strip() for w in words):
            problems.append(f"{name} must hold distinct non-empty words")
    if not set(VENUE_VERBS) <= set(EVENT_VERBS):
        problems.append("every VENUE_VERB must be an EVENT_VERB: a meeting held somewhere is an event")
    if set(DOC_TYPES) != {"news", "plan", "policy", "report", "interview"} or not all(DOC_TYPES.values()):
        problems.append("DOC_TYPES must label every document type")
    return problems
