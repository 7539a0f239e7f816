"""The roll-up behind region and park pages (digest/places.py): a region holds what its
sub-regions and its parks hold, and the counts a page shows are the lengths of its lists."""
from __future__ import annotations

import re
from types import SimpleNamespace as N

import pytest

from digest.places import document_reach, roll_up, timeline, via
from digest.registry import Park, Region


def region(rid: str, parent: str | None = None, *ancestors: str) -> Region:
    return Region(rid, rid, (), parent, (), (*ancestors, rid))


REGIONS = {r.id: r for r in (
    region("sh"), region("jd", "sh", "sh"), region("malu", "jd", "sh", "jd"), region("nx", "jd", "sh", "jd"),
    region("pt", "sh", "sh"), region("js"), region("gc", "js", "js"))}
PARKS = {p.id: p for p in (
    Park("valley", "械谷", (), "malu", "产业园区", ""), Park("town", "联影小镇", (), "jd", "产业小镇", ""),
    Park("bonded", "综保区", (), "jd", "综合保税区", ""))}


def goal(gid, scope_kind="region", scope_id=None, year=2027):
    return N(id=gid, scope_kind=scope_kind, scope_id=scope_id, year=year)


def event(eid, date="2024-10-16", parks=()):
    return N(id=eid, date=date, parks=tuple(parks))


def doc(did, regions=(), parks=(), goals=(), events=()):
    return N(id=did, regions=tuple(N(id=r) for r in regions), parks=tuple(N(id=p) for p in parks),
             goals=tuple(goals), events=tuple(events))


# The shapes of the seeds: a plan about 嘉定区 with goals for the district and for a park in 马陆镇,
# a forum in 马陆镇 tagged only with 嘉定区 and the park, a district news item, and Nanjing.
PLAN = doc("plan", ["jd"], ["valley", "town", "bonded"],
           [goal("g1", "region", "jd"), goal("g2", "park", "valley"), goal("g3", "park", "town"),
            goal("g4", "region", None)])
FORUM = doc("forum", ["jd"], ["valley"], [goal("g1", "park", "valley", 2030)], [event("e1", parks=["valley"])])
PUTUO = doc("putuo", ["pt"], [], [goal("g1", "region", "pt", 2026)], [event("e1", "2023-08-29")])
NANJING = doc("nj", ["gc"], [], [], [event("e1", "2020-12-21")])
DOCS = [FORUM, PUTUO, NANJING, PLAN]


@pytest.fixture(scope="module")
def up():
    return roll_up(DOCS, REGIONS, PARKS)


def ids(items):
    return [x.id for x in items]


def pairs(items):
    return [(d.id, x.id) for d, x in items]


def test_a_district_holds_its_towns_parks_and_their_goals(up):
    jd = up.regions["jd"]
    assert ids(jd.docs) == ["forum", "plan"]
    assert pairs(jd.goals) == [("forum", "g1"), ("plan", "g1"), ("plan", "g2"), ("plan", "g3")]
    assert jd.parks == ("bonded", "town", "valley")
    assert pairs(jd.events) == [("forum", "e1")]


def test_a_town_holds_the_documents_its_listed_goals_come_from(up):
    """马陆镇 listed the park's goals while saying "0 documents": now its documents are those goals' sources."""
    malu = up.regions["malu"]
    assert pairs(malu.goals) == [("forum", "g1"), ("plan", "g2")]
    assert ids(malu.docs) == ["forum", "plan"]
    assert {d.id for d, _ in malu.goals} <= set(ids(malu.docs))
    assert malu.parks == ("valley",)


def test_every_listed_goal_and_event_has_its_document_listed(up):
    for held in [*up.regions.values(), *up.parks.values()]:
        listed = set(ids(held.docs))
        assert {d.id for d, _ in held.goals} <= listed and {d.id for d, _ in held.events} <= listed


def test_a_province_holds_everything_below_it(up):
    sh = up.regions["sh"]
    assert ids(sh.docs) == ["forum", "putuo", "plan"]
    assert len(sh.goals) == 5 and sh.parks == ("bonded", "town", "valley")
    assert ids(up.regions["js"].docs) == ["nj"] and up.regions["js"].parks == ()


def test_a_region_nothing_reaches_has_no_page(up):
    assert "nx" not in up.regions and set(up.regions) == {"sh", "jd", "malu", "pt", "js", "gc"}


def test_a_goal_without_scope_reaches_no_place(up):
    assert all(g.id != "g4" for held in up.regions.values() for d, g in held.goals if d.id == "plan")
    assert document_reach(doc("x", goals=[goal("g1")]), REGIONS, PARKS).regions == frozenset()


def test_a_park_holds_documents_tagged_with_it_and_its_goals_and_events(up):
    valley = up.parks["valley"]
    assert ids(valley.docs) == ["forum", "plan"]
    assert pairs(valley.goals) == [("forum", "g1"), ("plan", "g2")]
    assert pairs(valley.events) == [("forum", "e1")]
    assert set(up.parks) == {"valley", "town", "bonded"}


def test_a_document_reaches_ancestors_of_its_tags_and_of_its_goals_scopes():
    d = doc("x", ["pt"], [], [goal("g1", "park", "valley")])
    reach = document_reach(d, REGIONS, PARKS)
    assert reach.regions == {"sh", "pt", "jd", "malu"} and reach.parks == {"valley"}


def test_via_names_the_tags_below_the_region():
    assert via(PLAN, "sh", REGIONS, PARKS) == [("region", "jd")]
    assert via(PLAN, "jd", REGIONS, PARKS) == []
    assert via(PLAN, "malu", REGIONS, PARKS) == [("park", "valley")]


def test_the_roll_up_is_the_same_whatever_the_order_of_the_regions():
    shuffled = dict(reversed(list(REGIONS.items())))
    a, b = roll_up(DOCS, REGIONS, PARKS), roll_up(DOCS, shuffled, PARKS)
    assert list(a.regions) == list(b.regions) and all(
        ids(a.regions[r].docs) == ids(b.regions[r].docs) for r in a.regions)


def test_the_timeline_lists_a_documents_goals_for_a_year_as_one_entry():
    plan = doc("plan", goals=[goal(f"g{i}") for i in range(1, 20)] + [goal("g20", year=2030), goal("g21", year=None)])
    entries = timeline([(FORUM, event("e1", "2027-05-01"))], [(plan, g) for g in plan.goals])
    assert [y for y, _ in entries] == ["2027", "2030"]
    y2027 = entries[0][1]
    assert [(e.kind, e.doc.id, len(e.items)) for e in y2027] == [("event", "forum", 1), ("goal", "plan", 19)]
    assert [g.id for g in y2027[1].items] == [f"g{i}" for i in range(1, 20)]   # the document's order, not g1, g10, g11


def test_a_place_timeline_entry_lists_only_the_goals_that_reach_the_place(seeds_build):
    """A region page shows the part of a document's goals for a year that reaches it (the plan's 21
    goals for 2027 are 4 on 马陆镇's page): the entry's count is the number of goal lines it holds,
    and every line's goal belongs to the region. Such entries are made with the document, from its
    goals' lines, like its whole-year entries (digest/render/lines.py)."""
    entries = 0
    for path, text in seeds_build.pages.items():
        found = re.fullmatch(r"zh/regions/(.+)\.md", path)
        if not found:
            continue
        rid = found.group(1)
        for row in re.findall(r"^\| <span class=\"facets\".*?-y\d{4}\"></span>.*$", text, re.MULTILINE):
            count = re.search(r"目标(?: ×(\d+))? \|", row)
            lines = re.findall(r'<span class="facet-line" data-region="([^"]*)"', row)
            assert len(lines) == int(count.group(1) or 1), row[:200]
            assert all(rid in r.replace("&#45;", "-").split() for r in lines), (path, row[:200])
            entries += 1
    whole = {m for m in re.findall(r"目标 ×(\d+)", seeds_build.pages["zh/timeline.md"])}
    assert entries > 10 and "21" in whole
