"""Tags, goals and events on documents written for the tests (tests/fixtures/extract.yml).

The fixtures are about places the seeds never mention (浦东, 奉贤, 闵行, 苏州,
杭州), so they check that the rules generalise. Known failures stay in the data,
marked with ``xfail`` and the reason.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dataclasses import replace

from digest.build import facts, tag
from digest.clean import clean_seed
from digest.extract import extract
from digest.script import script_articles
from digest.tag import Matcher
from conftest import make_seed

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "extract.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher(registry):
    return Matcher(registry)


def facts_of(case, registry, hant, matcher):
    """The tag and facts stages on the case's text, with the case's date and no subtitle or outlet."""
    articles = clean_seed(make_seed(case["title"] + "\n\n" + case["text"]), registry.noise)
    doc = extract(script_articles(articles[:1], hant), registry.topic)[0]
    date = str(case["doc_date"]) if case.get("doc_date") else None
    doc = replace(doc, date=date, subtitle=None, outlet=None, doc_type=case["doc_type"])
    doc = facts(tag(doc, matcher), matcher)
    return {"goals": doc.goals, "events": doc.events, "unresolved": doc.unresolved, "regions": doc.regions,
            "parks": doc.parks}


def entity_id(registry, name: str) -> str | None:
    for group in (registry.regions, registry.parks):
        for e in group.values():
            if name == e.name or name in e.aliases:
                return e.id
    return None


def _id(case):
    return case["name"]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_goals(case, registry, hant, matcher, request):
    if case.get("xfail_goals"):
        request.applymarker(pytest.mark.xfail(reason=case["xfail_goals"], strict=True))
    goals = facts_of(case, registry, hant, matcher)["goals"]
    for want in case.get("goals") or []:
        scope = entity_id(registry, want["scope"]) if want.get("scope") else None
        hits = [g for g in goals if g.year == want["year"] and g.unit == want["unit"]
                and g.comparator == want["comparator"] and want["metric_contains"] in g.metric
                and (g.value, g.value_min, g.value_max) == (want["value"], want.get("value_min"), want.get("value_max"))
                and (scope is None or g.scope_id == scope)]
        assert hits, f"missing goal {want}; got {[g.as_dict() for g in goals]}"
    for text in case.get("not_goals") or []:
        assert not [g for g in goals if text in g.quote], f"{text} is a past figure, not a goal"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_events(case, registry, hant, matcher, request):
    if case.get("xfail_events"):
        request.applymarker(pytest.mark.xfail(reason=case["xfail_events"], strict=True))
    facts = facts_of(case, registry, hant, matcher)
    events = facts["events"]
    expected = case.get("events") or []
    for want in expected:
        end = str(want["end_date"]) if want.get("end_date") else None
        assert [e for e in events if e.date == str(want["date"]) and e.end_date == end
                and want["contains"] in e.quote], f"missing event {want}; got {[e.as_dict() for e in events]}"
    assert len(events) == len(expected), [e.as_dict() for e in events]
    assert len(facts["unresolved"]) == case.get("unresolved_events", 0)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_region_and_parks(case, registry, hant, matcher, request):
    if case.get("xfail_tags"):
        request.applymarker(pytest.mark.xfail(reason=case["xfail_tags"], strict=True))
    facts = facts_of(case, registry, hant, matcher)
    assert sorted(r.id for r in facts["regions"]) == sorted(entity_id(registry, n) for n in case["region"])
    assert sorted(p.id for p in facts["parks"]) == sorted(entity_id(registry, n) for n in case.get("parks") or [])
