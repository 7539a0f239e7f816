"""Each published document rendered once per edition: its page, and its line in every list page.

A list page (documents, goals, timeline, a region's or a park's page) is a header over lines that
each belong to one document: its row in the document index, its goals' rows, its events' and
deadlines' timeline entries. Those lines are rendered here, per document (``templates/rows.md.j2``),
and cached with the document's page under the page's key; the list pages only join them. So a
changed seed re-renders its own page and lines, and the list pages are re-joined from strings,
not re-rendered from every document; and a region page does not render the timeline rows its
sub-regions have already rendered.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from markupsafe import Markup

from ..data import DocumentData, document_data, page_url
from ..identity import seed_slug
from ..model import Document
from ..places import Entry, goal_reach
from ..workers import fork_map
from .documents import doc_front_matter
from .environment import Site, edition_path, editorial_bytes
from .escape import front_matter

PARALLEL_FROM = 20
"""Fewer documents to render than this render in this process: forking would cost more than it saves."""

TIMELINES = {"timeline": ("", "."), "place": ("t-", "..")}
"""The two kinds of timeline table: name → (anchor prefix, path up to the edition root). The
timeline page's anchors are bare; a place page's start with ``t-`` and its links go up a folder."""


@dataclass(frozen=True)
class DocumentLines:
    """One document in one edition, rendered: its page and its lines of the list pages."""

    page: str
    index_row: str
    """Its row in documents/index.md."""
    place_line: str
    """Its line in a place page's document list, before the place-specific "via" note."""
    goals_rows: dict[str, str]
    """Goal id → its row on goals.md."""
    place_goal_rows: dict[str, str]
    """Goal id → its row in a place page's goal table."""
    event_rows: dict[tuple[str, str], str]
    """(timeline kind, event id) → its timeline entry."""
    goal_lines: dict[tuple[str, str], str]
    """(timeline kind, goal id) → the goal's line within a timeline entry."""
    goal_entries: dict[tuple[str, tuple[str, ...]], str]
    """(timeline kind, goal ids) → the timeline entry listing those goals of one year: all the
    document's goals for the year, and on place pages also each part of them that a place
    holds without the rest (``year_parts``), so a list page only joins."""


@dataclass(frozen=True)
class RenderedDocument:
    """A document's whole output, cached as one entry: every edition's page and lines, and its
    part of the data files."""

    editions: dict[str, DocumentLines]
    """Edition code → its page and lines there."""
    data: DocumentData


def year_goals(doc: Document) -> dict[str, tuple]:
    """The document's goals by deadline year, in document order (the timeline's goal entries)."""
    years: dict[str, list] = {}
    for g in doc.goals:
        if g.year:
            years.setdefault(str(g.year), []).append(g)
    return {y: tuple(gs) for y, gs in years.items()}


def year_parts(doc: Document, regions, parks) -> list[tuple[str, tuple]]:
    """(year, goals) for each part of a year's goals that some place holds without the rest: the
    goals of that year that reach the place (``places.goal_reach``), in document order, where
    they are fewer than all."""
    parts: dict[tuple, str] = {}
    for year, goals in year_goals(doc).items():
        reaches = [goal_reach(g, regions, parks) for g in goals]
        places = {("region", r) for reach in reaches for r in reach.regions}
        places |= {("park", p) for reach in reaches for p in reach.parks}
        for kind, pid in sorted(places):
            part = tuple(g for g, reach in zip(goals, reaches)
                         if pid in (reach.regions if kind == "region" else reach.parks))
            if len(part) < len(goals):
                parts.setdefault(part, year)
    return [(year, part) for part, year in parts.items()]


def render_lines(site: Site, doc: Document, ed, ctx: dict, rows) -> DocumentLines:
    """``doc``'s page and lines in edition ``ed`` (``rows``: the rows.md.j2 macros in ``ctx``)."""
    fm = front_matter(doc_front_matter(doc, ed, site.registry.regions))
    page = site.env.get_template("document.md.j2").render(
        ctx, doc=doc, url=page_url(site.registry.site["url"], doc, edition=edition_path(ed)), front_matter=fm,
        seed_page=seed_slug(doc.article.seed.path), seen=set())
    event_rows, goal_lines, goal_entries = {}, {}, {}
    parts = year_parts(doc, site.registry.regions, site.registry.parks)
    for kind, (prefix, up) in TIMELINES.items():
        for e in doc.events:
            event_rows[kind, e.id] = str(rows.event_row(Entry("event", doc, (e,), e.date[:4]), prefix, up))
        for g in doc.goals:
            goal_lines[kind, g.id] = str(rows.goal_line(doc, g, prefix, up))
        for year, goals in [*year_goals(doc).items(), *(parts if kind == "place" else [])]:
            entry = Entry("goal", doc, goals, year)
            goal_entries[kind, entry_ids(entry)] = goal_entry(rows, entry, kind, goal_lines)
    return DocumentLines(page=page, index_row=str(rows.index_row(doc)), place_line=str(rows.place_line(doc)),
                         goals_rows={g.id: str(rows.goals_row(doc, g)) for g in doc.goals},
                         place_goal_rows={g.id: str(rows.place_goal_row(doc, g)) for g in doc.goals},
                         event_rows=event_rows, goal_lines=goal_lines, goal_entries=goal_entries)


def entry_ids(entry: Entry) -> tuple[str, ...]:
    return tuple(g.id for g in entry.items)


def goal_entry(rows, entry: Entry, kind: str, goal_lines: dict) -> str:
    """A timeline entry of some of a document's goals for one year, from the goals' lines."""
    prefix, up = TIMELINES[kind]
    joined = Markup("<br>").join(Markup(goal_lines[kind, g.id]) for g in entry.items)
    return str(rows.goal_entry_row(entry, prefix, up, joined))


def _block(lines: Iterable[str]) -> Markup:
    """Lines joined, without the last line break: a template prints a block like one line of text."""
    return Markup("".join(lines).removesuffix("\n"))


class ListLines:
    """The list pages' view of one edition's rendered lines: each helper joins cached lines."""

    def __init__(self, by_doc: dict[str, DocumentLines], rows):
        self.by_doc, self.rows = by_doc, rows
        self._via_notes: dict[tuple, str] = {}
        self._made_entries: dict[tuple, str] = {}

    def index(self, docs: Iterable[Document]) -> Markup:
        return _block(self.by_doc[d.id].index_row for d in docs)

    def place_docs(self, docs: Iterable[Document], via: dict[str, list]) -> Markup:
        """A place page's document list: each document's line, with how it reaches the place
        (``via``: document id → regions and parks) where it is not tagged with the place itself."""
        return _block(f"{self.by_doc[d.id].place_line}{self._via_note(via.get(d.id))}\n" for d in docs)

    def _via_note(self, places: list | None) -> str:
        if not places:
            return ""
        key = tuple((type(p).__name__, p.id) for p in places)  # few distinct notes, many documents
        if key not in self._via_notes:
            self._via_notes[key] = str(self.rows.via_note(places))
        return self._via_notes[key]

    def goals(self, pairs) -> Markup:
        return _block(self.by_doc[d.id].goals_rows[g.id] for d, g in pairs)

    def place_goals(self, pairs) -> Markup:
        return _block(self.by_doc[d.id].place_goal_rows[g.id] for d, g in pairs)

    def timeline(self, entries: Iterable[Entry], kind: str) -> Markup:
        """The rows of one year's timeline table, each made with its document (``goal_entries``);
        an entry of goals the document did not foresee is made here, once per build."""
        out = []
        for entry in entries:
            lines = self.by_doc[entry.doc.id]
            if entry.kind == "event":
                out.append(lines.event_rows[kind, entry.item.id])
                continue
            key = (kind, entry_ids(entry))
            if key in lines.goal_entries:
                out.append(lines.goal_entries[key])
                continue
            made = (entry.doc.id, *key)
            if made not in self._made_entries:
                self._made_entries[made] = goal_entry(self.rows, entry, kind, lines.goal_lines)
            out.append(self._made_entries[made])
        return _block(out)


def macros(site: Site, ctx: dict):
    """The macros of rows.md.j2, seeing one edition's helpers."""
    return site.env.get_template("rows.md.j2").make_module(ctx)


def with_lines(site: Site, jobs: int = 1) -> Site:
    """``site`` with every published document rendered in every edition (``DocumentLines``), from
    the cache where the document is unchanged, and each edition's context given its ``lines``
    (``ListLines``). Documents are independent: with ``jobs`` > 1 the misses are spread over the cores."""
    seed_keys = {d.id: o.key for o in site.outcomes for d in o.documents}
    cache = site.cache
    codes = [ed.code for ed, _ in site.editions]
    # One entry per document holds every edition: a third of the files to open.
    keys = {d.id: cache.key("document", seed_keys[d.id].encode(), d.id.encode(), " ".join(codes).encode(),
                            editorial_bytes(site.editorial, d.id)) if seed_keys.get(d.id) else None
            for d in site.published}
    found: dict[str, RenderedDocument] = {}
    for doc in site.published:
        hit = cache.get(keys[doc.id]) if keys[doc.id] else None
        if hit is not None:
            found[doc.id] = hit
    todo = [d for d in site.published if d.id not in found]
    modules = {ed.code: macros(site, ctx) for ed, ctx in site.editions}
    rendered = fork_map(_render_document, (site, modules), todo, jobs if len(todo) >= PARALLEL_FROM else 1,
                        chunksize=max(1, len(todo) // (jobs * 8)))
    for doc, output in zip(todo, rendered):
        found[doc.id] = output
        if keys[doc.id]:
            cache.put(keys[doc.id], output)
    contexts = []
    for ed, ctx in site.editions:
        by_doc = {d.id: found[d.id].editions[ed.code] for d in site.published}
        contexts.append((ed, {**ctx, "lines": ListLines(by_doc, modules[ed.code])}))
    return replace(site, editions=contexts, document_keys={d: k for d, k in keys.items() if k}, rendered_now=len(todo),
                   document_data={d.id: found[d.id].data for d in site.published})


def _render_document(shared: tuple, doc: Document) -> RenderedDocument:
    site, modules = shared
    return RenderedDocument({ed.code: render_lines(site, doc, ed, ctx, modules[ed.code]) for ed, ctx in site.editions},
                            document_data(doc, site.registry.site["url"], site.registry.regions))
