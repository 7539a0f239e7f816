"""What belongs to a region or a park: the roll-up behind the place pages and the table filters.

A document, goal or event *reaches* the places it is about, and every ancestor of them:

- a goal reaches its scope (a region, or a park and the region the park lies in);
- an event reaches its document's regions and the parks its sentence names (and their regions);
- a document reaches its own region and park tags, and everything its goals and events reach.

A region's page lists everything that reaches it, so 嘉定区 holds what its towns and its
parks hold, and a town with a park holds that park's goals and the documents they come
from. The counts shown are the lengths of the lists shown. The table filters use the same
reach (``Reach``), so filtering the goals page by a region gives that region's goals.

Pure functions over documents and the registry's regions and parks; nothing here renders.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import Document


@dataclass(frozen=True, slots=True)
class Reach:
    """The places one document, goal or event belongs to, ancestors included."""

    regions: frozenset[str] = frozenset()
    """Region ids, with every ancestor (``shanghai``, ``shanghai-jiading``, …)."""
    parks: frozenset[str] = frozenset()
    """Park ids."""

    def __or__(self, other: "Reach") -> "Reach":
        return Reach(self.regions | other.regions, self.parks | other.parks)


@dataclass(frozen=True, slots=True)
class Holdings:
    """What a region's or a park's page lists, in page order."""

    docs: tuple[Document, ...] = ()
    """Newest first, as the documents were given."""
    goals: tuple = ()
    """``(document, goal)`` pairs."""
    events: tuple = ()
    """``(document, event)`` pairs."""
    parks: tuple[str, ...] = ()
    """Ids of the parks located in the region or below it (empty for a park), sorted."""


@dataclass(frozen=True)
class RollUp:
    """Every place that something reaches, with its holdings."""

    regions: dict[str, Holdings]
    """Region id → holdings, for every region anything reaches (so ancestors too)."""
    parks: dict[str, Holdings]
    """Park id → holdings, for every park anything reaches."""
    docs: dict[str, Reach]
    """Document id → the document's reach (for the document list's filters)."""


def region_reach(rid: str | None, regions) -> frozenset[str]:
    """A region and its ancestors.

    >>> from types import SimpleNamespace as R
    >>> sorted(region_reach("b", {"b": R(ids=("a", "b"))})), region_reach(None, {})
    (['a', 'b'], frozenset())
    """
    return frozenset(regions[rid].ids) if rid else frozenset()


def park_reach(pid: str, regions, parks) -> Reach:
    """A park and the region it lies in, with that region's ancestors."""
    return Reach(region_reach(parks[pid].region, regions), frozenset((pid,)))


def goal_reach(goal, regions, parks) -> Reach:
    """Where a goal binds: its scope region, or its scope park and that park's region; nowhere without a scope."""
    if not goal.scope_id:
        return Reach()
    if goal.scope_kind == "park":
        return park_reach(goal.scope_id, regions, parks)
    return Reach(region_reach(goal.scope_id, regions))


def event_reach(doc: Document, event, regions, parks) -> Reach:
    """An event happens where its document is about and at the parks its sentence names."""
    reach = Reach(frozenset().union(*(region_reach(r.id, regions) for r in doc.regions)))
    for pid in event.parks:
        reach |= park_reach(pid, regions, parks)
    return reach


def document_reach(doc: Document, regions, parks) -> Reach:
    """A document's region and park tags, and everything its goals and events reach."""
    reach = Reach(frozenset().union(*(region_reach(r.id, regions) for r in doc.regions)))
    for p in doc.parks:
        reach |= park_reach(p.id, regions, parks)
    for g in doc.goals:
        reach |= goal_reach(g, regions, parks)
    for e in doc.events:
        reach |= event_reach(doc, e, regions, parks)
    return reach


def roll_up(docs: list[Document], regions, parks) -> RollUp:
    """Each region's and park's documents, goals, events and (for regions) parks.

    One pass over the documents; each item lands in the places it reaches, so the cost is
    the number of items times the depth of the region tree. Lists keep the order of
    ``docs`` (documents, then their goals and events in document order).
    """
    doc_reach: dict[str, Reach] = {}
    r_docs, r_goals, r_events = defaultdict(list), defaultdict(list), defaultdict(list)
    p_docs, p_goals, p_events = defaultdict(list), defaultdict(list), defaultdict(list)
    for doc in docs:
        reach = doc_reach[doc.id] = document_reach(doc, regions, parks)
        for rid in reach.regions:
            r_docs[rid].append(doc)
        for pid in reach.parks:
            p_docs[pid].append(doc)
        for g in doc.goals:
            at = goal_reach(g, regions, parks)
            for rid in at.regions:
                r_goals[rid].append((doc, g))
            for pid in at.parks:
                p_goals[pid].append((doc, g))
        for e in doc.events:
            at = event_reach(doc, e, regions, parks)
            for rid in at.regions:
                r_events[rid].append((doc, e))
            for pid in at.parks:
                p_events[pid].append((doc, e))
    region_parks = defaultdict(list)
    for pid in sorted(p_docs):
        for rid in regions[parks[pid].region].ids:
            region_parks[rid].append(pid)
    return RollUp(
        regions={rid: Holdings(tuple(r_docs[rid]), tuple(r_goals[rid]), tuple(r_events[rid]),
                               tuple(region_parks[rid])) for rid in sorted(r_docs)},
        parks={pid: Holdings(tuple(p_docs[pid]), tuple(p_goals[pid]), tuple(p_events[pid]))
               for pid in sorted(p_docs)},
        docs=doc_reach,
    )


def via(doc: Document, rid: str, regions, parks) -> list[tuple[str, str]]:
    """How a document reaches region ``rid`` when it is not tagged with ``rid`` itself, as
    ``(kind, id)`` pairs: its region tags that lie below ``rid``; failing those, its parks,
    goal scopes and event parks that lie in ``rid`` or below it.

    >>> from types import SimpleNamespace as N
    >>> regions = {"a": N(ids=("a",)), "b": N(ids=("a", "b"))}
    >>> parks = {"p": N(region="b")}
    >>> doc = N(regions=(N(id="b"),), parks=(N(id="p"),), goals=(), events=())
    >>> via(doc, "a", regions, parks), via(doc, "b", regions, parks)
    ([('region', 'b')], [])
    >>> via(N(regions=(), parks=(N(id="p"),), goals=(), events=()), "a", regions, parks)
    [('park', 'p')]
    """
    if any(r.id == rid for r in doc.regions):
        return []

    def inside(kind: str, pid: str) -> bool:
        region = parks[pid].region if kind == "park" else pid
        return rid in regions[region].ids

    tagged = {("region", r.id) for r in doc.regions if inside("region", r.id)}
    if tagged:
        return sorted(tagged)
    found = {("park", p.id) for p in doc.parks}
    found |= {(g.scope_kind, g.scope_id) for g in doc.goals if g.scope_id}
    found |= {("park", pid) for e in doc.events for pid in e.parks}
    return sorted((k, i) for k, i in found if inside(k, i))


@dataclass(frozen=True)
class Entry:
    """One line of a timeline: an event, or the goals one document sets for one year."""

    kind: str
    """``event`` or ``goal``."""
    doc: Document
    items: tuple
    """The event (one), or the document's goals for the year, in the document's order."""
    year: str

    @property
    def item(self):
        """The entry's first item (an event entry has only one)."""
        return self.items[0]


def timeline(events: list[tuple[Document, object]], goals: list[tuple[Document, object]]
             ) -> list[tuple[str, list[Entry]]]:
    """Events and goal deadlines by year. Each event is an entry; a document's goals for one year
    are one entry (a plan setting nineteen targets for 2027 is one line listing nineteen targets,
    not nineteen lines repeating its title). Within a year: by date, deadlines at the year's end,
    ties by document id; goals without a year are left out.

    >>> from types import SimpleNamespace as N
    >>> d = N(id="d")
    >>> g1, g2, g3 = N(id="g1", year=2027), N(id="g2", year=2027), N(id="g3", year=2030)
    >>> e = N(id="e1", date="2027-03-01")
    >>> [(y, [(x.kind, [i.id for i in x.items]) for x in entries]) for y, entries in timeline([(d, e)], [(d, g1), (d, g2), (d, g3)])]
    [('2027', [('event', ['e1']), ('goal', ['g1', 'g2'])]), ('2030', [('goal', ['g3'])])]
    """
    keyed: list[tuple[tuple, Entry]] = []
    for doc, e in events:
        keyed.append(((e.date, doc.id, e.id), Entry("event", doc, (e,), e.date[:4])))
    grouped: dict[tuple[str, str], list] = {}
    docs: dict[str, Document] = {}
    for doc, g in goals:
        if g.year:
            grouped.setdefault((str(g.year), doc.id), []).append(g)
            docs[doc.id] = doc
    for (year, doc_id), items in grouped.items():
        keyed.append(((f"{year}-12-31", doc_id, ""), Entry("goal", docs[doc_id], tuple(items), year)))
    by_year: dict[str, list[Entry]] = defaultdict(list)
    for _, entry in sorted(keyed, key=lambda k: k[0]):
        by_year[entry.year].append(entry)
    return sorted(by_year.items())
