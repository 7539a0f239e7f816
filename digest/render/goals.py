"""Page generator: every goal of every published document, by scope, year and document."""
from __future__ import annotations

from typing import Iterator

from .environment import Site
from .tables import goal_facet_values


def goals_page(site: Site) -> Iterator[tuple[str, str]]:
    goals = sorted(((d, g) for d in site.published for g in d.goals),
                   key=lambda dg: (dg[1].scope_name or "", dg[1].year or 0, dg[0].id, dg[1].id))
    values = goal_facet_values(goals, site.registry)
    template = site.env.get_template("goals.md.j2")
    for ed, ctx in site.editions:
        yield f"{ed.docs_dir}/goals.md", template.render(ctx, goals=goals, facet_values=values)
