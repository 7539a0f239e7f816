"""The rebuild cache changes how long a build takes, never what it writes."""
from __future__ import annotations

import os
import shutil

from digest.build import build
from digest.cache import Cache, version
from digest.places import roll_up
from digest.registry import Registry
from conftest import ROOT


def test_cached_rebuild_is_byte_identical(tmp_path, seeds_build):
    cache = Cache(tmp_path / "cache", version(ROOT))
    cold = build(ROOT, ROOT / "seeds", cache)
    assert cache.misses and not cache.hits
    warm_cache = Cache(tmp_path / "cache", version(ROOT))
    warm = build(ROOT, ROOT / "seeds", warm_cache)
    assert warm_cache.hits and not warm_cache.misses
    uncached = seeds_build
    assert warm.pages == cold.pages == uncached.pages


def test_a_registry_change_invalidates_the_cache(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    shutil.copytree(ROOT / "registry", project / "registry")
    os.symlink(ROOT / "templates", project / "templates")
    before = version(project)
    with open(project / "registry" / "noise.yml", "a", encoding="utf-8") as f:
        f.write("\n# an editor's comment\n")
    assert version(project) != before


def test_a_changed_seed_misses_only_its_own_entries(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    first = build(ROOT, seeds, Cache(tmp_path / "cache", version(ROOT)))
    target = seeds / "002_9a087552712095d7.txt"
    # A paragraph with a goal: the document's place pages and the goals page change with it.
    target.write_text(target.read_text(encoding="utf-8") + "\n到2030年，普陀区医疗器械产业规模达到500亿元。\n",
                      encoding="utf-8")
    again = Cache(tmp_path / "cache", version(ROOT))
    result = build(ROOT, seeds, again)
    changed = {d.id for o in result.outcomes if o.seed and o.seed.path.endswith(target.name) for d in o.documents}
    published = [d for o in result.outcomes for d in o.documents if d.published]
    registry = Registry.load(ROOT / "registry")
    up = roll_up(published, registry.regions, registry.parks)
    places = [*up.regions.values(), *up.parks.values()]
    reached = sum(1 for h in places if changed & {d.id for d in h.docs})
    assert changed and 0 < reached < len(places)
    # Misses: the changed seed, its document (pages and list lines of every edition, one entry),
    # its cleaning records (every edition, one entry) and the pages of the places its document
    # reaches. Hits: the registry, the other 4 seeds, their 5 documents, their cleaning records
    # and every other place's pages.
    assert (again.misses, again.hits) == (1 + 1 + 1 + reached, 1 + 4 + 5 + 4 + len(places) - reached)
    # What the cache kept (other documents' lines, unreached places' pages) is what a build
    # without it makes.
    assert result.pages == build(ROOT, seeds).pages
    changed_places = [p for p in result.pages if p.startswith(("zh/regions/", "zh/parks/"))
                      and result.pages[p] != first.pages.get(p)]
    assert changed_places and result.pages["zh/goals.md"] != first.pages["zh/goals.md"]
