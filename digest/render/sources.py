"""Page generators: the sources page (every seed and what became of it) and, per seed, the record
of everything cleaning removed or changed."""
from __future__ import annotations

from typing import Iterator

from ..identity import seed_slug
from ..report import accounting
from .environment import Site, editorial_bytes


def sources(site: Site) -> Iterator[tuple[str, str]]:
    rows = [(o, seed_slug(o.seed.path if o.seed else o.refusal.path), accounting(o) if o.seed else None)
            for o in site.outcomes]
    index, record = site.env.get_template("sources.md.j2"), site.env.get_template("seed.md.j2")
    cache = site.cache
    for ed, ctx in site.editions:
        yield f"{ed.docs_dir}/sources/index.md", index.render(ctx, rows=rows)
        for o, slug, acc in rows:
            if not o.seed:
                continue
            # The record shows each document's title and status, which its editorial file can change.
            key = cache.key("seedpage", o.key.encode(), ed.code.encode(), *(
                f"{d.id}:{d.published}".encode() + editorial_bytes(site.editorial, d.id)
                for d in o.documents)) if cache and o.key else None
            text = cache.get(key) if key else None
            if text is None:
                text = record.render(ctx, outcome=o, acc=acc)
                if key:
                    cache.put(key, text)
            yield f"{ed.docs_dir}/sources/{slug}.md", text
