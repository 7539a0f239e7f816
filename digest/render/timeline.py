"""Page generator: the timeline of events and goal deadlines, by year (also used by place pages)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator

from ..model import Document
from .environment import Site


@dataclass(frozen=True)
class Row:
    kind: str
    """``event`` or ``goal``."""
    doc: Document
    item: object

    @property
    def sort_key(self):
        date = self.item.date if self.kind == "event" else f"{self.item.year}-12-31"
        return (date, self.doc.id, self.item.id)

    @property
    def year(self) -> str:
        return self.item.date[:4] if self.kind == "event" else str(self.item.year)


def timeline(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: r.sort_key):
        grouped[r.year].append(r)
    return sorted(grouped.items())


def event_rows(docs: list[Document]) -> list[Row]:
    return [Row("event", d, e) for d in docs for e in d.events]


def deadline_rows(docs: list[Document]) -> list[Row]:
    return [Row("goal", d, g) for d in docs for g in d.goals if g.year]


def timeline_page(site: Site) -> Iterator[tuple[str, str]]:
    rows = timeline(event_rows(site.published) + deadline_rows(site.published))
    template = site.env.get_template("timeline.md.j2")
    for ed, ctx in site.editions:
        yield f"{ed.docs_dir}/timeline.md", template.render(ctx, timeline=rows)
