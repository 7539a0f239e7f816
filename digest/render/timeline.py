"""Page generator: the timeline of events and goal deadlines, by year.

Entries come from ``places.timeline`` (also used by place pages): each event is an entry,
and a document's goals for one year are one entry listing them all.
"""
from __future__ import annotations

from typing import Iterator

from ..places import timeline
from .environment import Site
from .tables import timeline_facet_values


def timeline_page(site: Site) -> Iterator[tuple[str, str]]:
    events = [(d, e) for d in site.published for e in d.events]
    goals = [(d, g) for d in site.published for g in d.goals]
    rows = timeline(events, goals)
    values = timeline_facet_values(rows, site.registry)
    template = site.env.get_template("timeline.md.j2")
    for ed, ctx in site.editions:
        yield f"{ed.docs_dir}/timeline.md", template.render(ctx, timeline=rows, facet_values=values)
