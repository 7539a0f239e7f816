"""Page generator: a page per region and park that anything published reaches, and their lists.

What a place holds comes from the roll-up (``digest/places.py``): a region's page lists its
sub-regions' documents, the parks located in it and those parks' goals, and every count it
shows is the length of a list it shows.
"""
from __future__ import annotations

from typing import Iterator

from ..places import timeline as place_timeline
from ..places import via
from .environment import Site


def region_page(site: Site, rid: str) -> dict:
    """What the page of region ``rid`` shows (the same in every edition)."""
    reg, up = site.registry, site.rollup
    region, held = reg.regions[rid], up.regions[rid]
    return dict(entity=region, path=[reg.regions[i] for i in region.ids], park=None, held=held,
                children=[(reg.regions[c], len(up.regions[c].docs)) for c in sorted(up.regions)
                          if reg.regions[c].parent == rid],
                parks=[reg.parks[p] for p in held.parks],
                via={d.id: [(reg.regions if kind == "region" else reg.parks)[i]
                            for kind, i in via(d, rid, reg.regions, reg.parks)] for d in held.docs},
                timeline=place_timeline(held.events, held.goals))


def park_page(site: Site, pid: str) -> dict:
    park, held = site.registry.parks[pid], site.rollup.parks[pid]
    return dict(entity=park, path=None, park=park, held=held, children=[], parks=[], via={},
                timeline=place_timeline(held.events, held.goals))


def region_list(site: Site) -> list:
    """(region, depth, documents) in tree order, for regions/index.md."""
    reg, up, entries = site.registry, site.rollup, []

    def walk(parent):
        for rid in sorted(r for r in up.regions if reg.regions[r].parent == parent):
            entries.append((reg.regions[rid], len(reg.regions[rid].ids) - 1, len(up.regions[rid].docs)))
            walk(rid)
    walk(None)
    return entries


def place_pages(site: Site) -> Iterator[tuple[str, str]]:
    """Each region's and park's page in every edition, and the lists of regions and parks.

    A place's page is made from the documents it holds (and the registry and templates, which
    the cache version covers), so it is cached under their keys: a changed seed re-renders the
    pages of the places its document reaches, not all of them."""
    parks = [site.registry.parks[p] for p in site.rollup.parks]
    page, lists = site.env.get_template("place.md.j2"), site.env.get_template("places.md.j2")
    places = [("regions", rid, site.rollup.regions[rid], region_page) for rid in sorted(site.rollup.regions)]
    places += [("parks", p.id, site.rollup.parks[p.id], park_page) for p in parks]
    codes = " ".join(ed.code for ed, _ in site.editions)
    for folder, pid, held, make in places:
        keys = [site.document_keys.get(d.id) for d in held.docs]
        key = site.cache.key("place", folder.encode(), pid.encode(), codes.encode(), *(k.encode() for k in keys)) \
            if all(keys) else None

        def render(make=make, pid=pid) -> list[str]:
            data = make(site, pid)
            return [page.render(ctx, **data) for _, ctx in site.editions]
        texts = site.cache.fetch(key, render)
        for (ed, _), text in zip(site.editions, texts):
            yield f"{ed.docs_dir}/{folder}/{pid}.md", text
    regions_index = region_list(site)
    parks_index = [(p, 0, len(site.rollup.parks[p.id].docs)) for p in parks]
    for ed, ctx in site.editions:
        yield f"{ed.docs_dir}/regions/index.md", lists.render(ctx, title="地区", entries=regions_index)
        yield f"{ed.docs_dir}/parks/index.md", lists.render(ctx, title="园区", entries=parks_index)
