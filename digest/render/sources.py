"""Page generators: the sources page (every seed and what became of it) and, per seed, the record
of everything cleaning removed or changed."""
from __future__ import annotations

from typing import Iterator

from markupsafe import Markup

from ..identity import seed_slug
from ..report import accounting
from .environment import Site, editorial_bytes
from .lines import macros


def sources(site: Site) -> Iterator[tuple[str, str]]:
    """sources/index.md in each edition, and each seed's record in each edition. A seed's records
    and its rows of the index, in every edition, are cached together as one entry, so an
    unchanged seed costs one read and the index is its rows joined."""
    index, record = site.env.get_template("sources.md.j2"), site.env.get_template("seed.md.j2")
    modules = [macros(site, ctx) for _, ctx in site.editions]
    cache, codes = site.cache, " ".join(ed.code for ed, _ in site.editions)
    rows: list[list[str]] = [[] for _ in site.editions]
    for o in site.outcomes:
        if not o.seed:
            slug = seed_slug(o.refusal.path)
            for rows_of, m in zip(rows, modules):
                rows_of.append(str(m.seed_row(o, slug)))
            continue
        # The record shows each document's title and status, which its editorial file can change.
        key = cache.key("seedpage", o.key.encode(), codes.encode(), *(
            f"{d.id}:{d.published}".encode() + editorial_bytes(site.editorial, d.id)
            for d in o.documents)) if o.key else None

        def render(o=o) -> tuple[str, list[tuple[str, str]]]:
            slug, acc = seed_slug(o.seed.path), accounting(o)
            return slug, [(record.render(ctx, outcome=o, acc=acc), str(m.seed_row(o, slug)))
                          for (_, ctx), m in zip(site.editions, modules)]
        slug, texts = cache.fetch(key, render)
        for (ed, _), rows_of, (text, row) in zip(site.editions, rows, texts):
            rows_of.append(row)
            yield f"{ed.docs_dir}/sources/{slug}.md", text
    for (ed, ctx), rows_of in zip(site.editions, rows):
        yield f"{ed.docs_dir}/sources/index.md", index.render(ctx, rows=Markup("".join(rows_of).removesuffix("\n")))
