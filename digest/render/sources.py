"""Page generators: the sources page (every seed and what became of it) and, per seed, the record
of everything cleaning removed or changed."""
from __future__ import annotations

from typing import Iterator

from ..identity import seed_slug
from ..report import accounting
from .environment import Site, editorial_bytes


def sources(site: Site) -> Iterator[tuple[str, str]]:
    """sources/index.md in each edition, and each seed's record in each edition. The records of one
    seed are cached together (one entry, every edition), so an unchanged seed costs one read."""
    rows = [(o, seed_slug(o.seed.path if o.seed else o.refusal.path), accounting(o) if o.seed else None)
            for o in site.outcomes]
    index, record = site.env.get_template("sources.md.j2"), site.env.get_template("seed.md.j2")
    cache, codes = site.cache, " ".join(ed.code for ed, _ in site.editions)
    for ed, ctx in site.editions:
        yield f"{ed.docs_dir}/sources/index.md", index.render(ctx, rows=rows)
    for o, slug, acc in rows:
        if not o.seed:
            continue
        # The record shows each document's title and status, which its editorial file can change.
        key = cache.key("seedpage", o.key.encode(), codes.encode(), *(
            f"{d.id}:{d.published}".encode() + editorial_bytes(site.editorial, d.id)
            for d in o.documents)) if cache and o.key else None
        texts = cache.get(key) if key else None
        if not isinstance(texts, list) or len(texts) != len(site.editions):
            texts = [record.render(ctx, outcome=o, acc=acc) for _, ctx in site.editions]
            if key:
                cache.put(key, texts)
        for (ed, _), text in zip(site.editions, texts):
            yield f"{ed.docs_dir}/sources/{slug}.md", text
