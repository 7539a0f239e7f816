"""Page generator: a page per region and park that a published document names, and their lists.

A province's page links to its districts rather than repeating their documents, goals and
timelines (which also keeps 1,000 documents fast).
"""
from __future__ import annotations

from typing import Iterator

from ..model import Document
from .environment import Site
from .timeline import Row, deadline_rows, event_rows, timeline


class Places:
    """Which regions and parks get pages, and what each one lists."""

    def __init__(self, docs: list[Document], registry):
        self.docs, self.registry = docs, registry
        regions, parks = registry.regions, registry.parks
        self.goals = [(d, g) for d in docs for g in d.goals]
        self.events = event_rows(docs)
        self.deadlines = deadline_rows(docs)
        active_parks = {p.id for d in docs for p in d.parks} | {g.scope_id for _, g in self.goals
                                                                 if g.scope_kind == "park"}
        self.parks = [parks[i] for i in sorted(active_parks)]
        leaves = ({r.id for d in docs for r in d.regions} | {p.region for p in self.parks}
                  | {g.scope_id for _, g in self.goals if g.scope_kind == "region" and g.scope_id})
        self.regions = {a for r in leaves for a in regions[r].ids}

    def in_region(self, rid: str, region_id: str | None) -> bool:
        return bool(region_id) and rid in self.registry.regions[region_id].ids

    def region_docs(self, rid):
        return [d for d in self.docs if any(self.in_region(rid, r.id) for r in d.regions)]

    def region_page(self, rid: str) -> dict:
        """What the page of region ``rid`` shows (the same in every edition)."""
        reg = self.registry
        region = reg.regions[rid]
        docs = [d for d in self.docs if any(r.id == rid for r in d.regions)]
        goals = [(d, g) for d, g in self.goals if
                 (g.scope_kind == "region" and g.scope_id == rid)
                 or (g.scope_kind == "park" and g.scope_id and reg.parks[g.scope_id].region == rid)]
        ids = {d.id for d in docs}  # by id: comparing Document values field by field is slow
        rows = [r for r in self.events if r.doc.id in ids] + [Row("goal", d, g) for d, g in goals if g.year]
        return dict(entity=region, path=[reg.regions[i] for i in region.ids], park=None,
                    children=[(reg.regions[c], len(self.region_docs(c))) for c in sorted(self.regions)
                              if reg.regions[c].parent == rid],
                    parks=[p for p in self.parks if p.region == rid], docs=docs, goals=goals,
                    timeline=timeline(rows), region_path=())

    def park_page(self, park) -> dict:
        docs = [d for d in self.docs if any(p.id == park.id for p in d.parks)]
        goals = [(d, g) for d, g in self.goals if g.scope_kind == "park" and g.scope_id == park.id]
        rows = ([r for r in self.events if park.id in r.item.parks]
                + [Row("goal", d, g) for d, g in goals if g.year])
        return dict(entity=park, path=None, park=park, children=[], parks=[], docs=docs, goals=goals,
                    timeline=timeline(rows), region_path=self.registry.regions[park.region].path)

    def region_list(self) -> list:
        """(region, depth, documents) in tree order, for regions/index.md."""
        reg, entries = self.registry, []

        def walk(parent):
            for rid in sorted(r for r in self.regions if reg.regions[r].parent == parent):
                entries.append((reg.regions[rid], len(reg.regions[rid].ids) - 1, len(self.region_docs(rid))))
                walk(rid)
        walk(None)
        return entries

    def park_list(self) -> list:
        return [(p, 0, sum(1 for d in self.docs if any(x.id == p.id for x in d.parks))) for p in self.parks]


def place_pages(site: Site) -> Iterator[tuple[str, str]]:
    places = Places(site.published, site.registry)
    regions = {rid: places.region_page(rid) for rid in sorted(places.regions)}
    parks = {park.id: places.park_page(park) for park in places.parks}
    region_list, park_list = places.region_list(), places.park_list()
    page, lists = site.env.get_template("place.md.j2"), site.env.get_template("places.md.j2")
    for ed, ctx in site.editions:
        for rid, data in regions.items():
            yield f"{ed.docs_dir}/regions/{rid}.md", page.render(ctx, **data)
        for pid, data in parks.items():
            yield f"{ed.docs_dir}/parks/{pid}.md", page.render(ctx, **data)
        yield f"{ed.docs_dir}/regions/index.md", lists.render(ctx, title="地区", entries=region_list)
        yield f"{ed.docs_dir}/parks/index.md", lists.render(ctx, title="园区", entries=park_list)
