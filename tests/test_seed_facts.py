"""Issue 3's expectations on the real seeds: regions, parks, goals, events."""
from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def docs(seeds_build):
    result = seeds_build
    return {d.id: d for o in result.outcomes for d in o.documents if d.published}


def goal(doc, metric, value, year=2027, unit="亿元"):
    return [g for g in doc.goals if g.metric == metric and g.value == value and g.year == year and g.unit == unit]


def test_plan_003(docs):
    d = docs["003-c8d20f3a32803d36"]
    assert [r.name for r in d.regions] == ["嘉定区"]
    assert {"联影小镇", "上海械谷"} <= {p.name for p in d.parks}
    assert goal(d, "高端医疗器械制造业产值", 250)[0].comparator == "达"
    assert goal(d, "产业规模", 500)[0].scope_name == "嘉定区"
    town = goal(d, "生物医药产业规模", 275)[0]
    assert (town.scope_kind, town.scope_name, town.comparator) == ("park", "联影小镇", "突破")
    assert town.value_normalised == 275e8 and town.normalised_unit == "yuan"
    assert len(d.goals) > 20
    land = [g for g in d.goals if g.unit == "亩"]
    assert {(g.value, g.scope_name) for g in land} == {(380, "联影小镇"), (300, "上海械谷")}
    ranges = [g for g in d.goals if g.value_min == 2 and g.value_max == 3]
    assert len(ranges) == 2 and all(g.value is None for g in ranges)


def test_news_004_is_about_gaochun_not_shanghai(docs):
    d = docs["004-7bf530bae955a6a4"]
    assert [r.name for r in d.regions] == ["高淳区"]
    assert {(g.year, g.value, g.comparator) for g in d.goals} == {(2025, 300, "突破"), (2025, 120, "突破")}
    assert d.events[0].place == "上海"


def test_001_events_and_qualitative_goals(docs):
    d = docs["001-db54a915de5dced6"]
    assert [e.date for e in d.events] == ["2023-10-13", "2024-10-16"]
    assert {g.year for g in d.goals} == {2025, 2030, 2035}
    assert all(g.value is None and g.scope_name == "上海械谷" for g in d.goals)


def test_002_goal_and_event(docs):
    d = docs["002-9a087552712095d7"]
    assert any(g.year == 2026 and g.comparator == "翻一番" for g in d.goals)
    assert "2023-08-29" in [e.date for e in d.events]
    assert [r.name for r in d.regions] == ["普陀区"]


def test_000_conference_and_no_indicator_goals(docs):
    d = docs["000-6fe84b4fb4579d6b-1"]
    assert (d.events[0].date, d.events[0].end_date) == ("2024-11-19", "2024-11-20")
    assert not d.goals, "1.31万亿元 (2023) is an indicator, not a goal"


def test_every_tag_goal_and_event_points_at_a_real_paragraph(docs):
    for d in docs.values():
        ids = {b.id for b in d.blocks} | {"title"}
        for item in (*d.regions, *d.parks, *d.tags, *d.goals, *d.events):
            assert item.paragraph in ids, (d.id, item)


def test_quotes_are_the_exact_words_of_their_paragraph(docs):
    for d in docs.values():
        text = {b.id: b.text for b in d.blocks}
        for g in d.goals:
            assert g.quote in text[g.paragraph], (d.id, g.quote)
