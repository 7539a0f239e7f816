"""Page generators: the data files (goals.csv, events.csv, documents.json), the Atom feed, the
data page that documents their columns, and the build report. The data files are the same in
every edition (serialised once, in ``digest/data.py``); the feed and data page are per edition."""
from __future__ import annotations

from typing import Iterator

from ..data import (COLUMN_DOCS, COLUMN_DOCS_ZH, EVENT_COLUMNS, GOAL_COLUMNS, atom_feed, documents_json,
                    events_csv, goals_csv, json_lines)
from .environment import Site, edition_path


def data_files(site: Site) -> Iterator[tuple[str, str]]:
    """goals.csv, events.csv and documents.json: made once, the same file in every edition, by
    joining each document's part (serialised and cached by ``lines.with_lines``)."""
    parts = [site.document_data[d.id] for d in site.published]
    files = {"data/goals.csv": goals_csv(parts), "data/events.csv": events_csv(parts),
             "data/documents.json": documents_json(parts)}
    for ed, _ in site.editions:
        for name, text in files.items():
            yield f"{ed.docs_dir}/{name}", text


def feeds(site: Site) -> Iterator[tuple[str, str]]:
    """Each edition's Atom feed and the page that documents the data files' columns."""
    url, published = site.registry.site["url"], site.published
    template = site.env.get_template("data.md.j2")
    for ed, ctx in site.editions:
        title = site.registry.site["title_en"] if ed.english else ed.t(site.registry.site["title"])
        yield f"{ed.docs_dir}/feed.xml", atom_feed(published, url, title, edition_path(ed))
        yield f"{ed.docs_dir}/data/index.md", template.render(
            ctx, goal_columns=GOAL_COLUMNS, event_columns=EVENT_COLUMNS,
            column_docs=COLUMN_DOCS if ed.english else {c: ed.t(d) for c, d in COLUMN_DOCS_ZH.items()})


def build_report(site: Site) -> Iterator[tuple[str, str]]:
    """reports/build-report.json: per seed, everything kept, moved and removed."""
    text = json_lines(site.report)
    for ed, _ in site.editions:
        yield f"{ed.docs_dir}/reports/build-report.json", text
