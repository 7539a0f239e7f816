"""Page generators: the home page and the glossary of each edition."""
from __future__ import annotations

from typing import Iterator

from .environment import Site


def home(site: Site) -> Iterator[tuple[str, str]]:
    template = site.env.get_template("home.md.j2")
    for ed, ctx in site.editions:
        yield f"{ed.docs_dir}/index.md", template.render(
            ctx, documents=site.published[:20], total=len(site.published),
            excluded=len(site.documents) - len(site.published), seeds=len(site.outcomes))


def glossary(site: Site) -> Iterator[tuple[str, str]]:
    template = site.env.get_template("glossary.md.j2")
    for ed, ctx in site.editions:
        yield f"{ed.docs_dir}/glossary.md", template.render(ctx)
