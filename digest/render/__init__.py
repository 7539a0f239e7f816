"""Stage 9: render. Page generators turn the computed data into files; ``writer.py`` writes them.

Like Pelican's generators: each generator is a function ``Site -> (path under docs/, text)…``
over data the earlier stages computed, and ``GENERATORS`` is the order they run in. They
write nothing: ``render_pages`` collects what they yield (a path yielded twice is a bug) and
the one writer (``digest/writer.py``, stage 10) puts it on disk. To add a page family, write
a generator module here and list it below.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from ..cache import Cache
from ..registry import Registry
from ..report import SeedOutcome
from ..script import TraditionalConverter
from ..workers import fork_map
from .data import build_report, data_files, feeds
from .documents import document_index, document_pages
from .environment import Site
from .goals import goals_page
from .home import glossary, home
from .lines import with_lines
from .places import place_pages
from .search import search_dictionaries
from .sources import sources
from .timeline import timeline_page

Generator = Callable[[Site], Iterator[tuple[str, str]]]

GENERATORS: list[tuple[str, Generator]] = [
    ("document", document_pages),
    ("documents", document_index),
    ("home", home),
    ("glossary", glossary),
    ("place", place_pages),
    ("goals", goals_page),
    ("timeline", timeline_page),
    ("sources", sources),
    ("data", data_files),
    ("feeds", feeds),
    ("report", build_report),
    ("search", search_dictionaries),
]

ONCE = {"search", "data", "report", "sources", "place"}
"""Generators that run once for every edition, not once per edition: their files do not depend
on the edition, or they cache a seed's or a place's files of every edition together."""

HERE = {"document"}
"""Generators that only hand on pages already rendered (``lines.with_lines``): they run in this
process, since sending their pages back from a worker costs more than yielding them."""

PARALLEL_FROM = 50
"""Fewer documents to render than this render in this process: forking would cost more than it saves."""


def render_pages(outcomes: list[SeedOutcome], report: dict, templates: Path, hant: TraditionalConverter,
                 registry: Registry, cache: Cache | None = None, editorial: Path | None = None,
                 jobs: int = 1) -> dict[str, str]:
    """Every file of docs/, by path, from every generator in order. The work is one task per
    generator and edition (a ``Site`` narrowed to that edition), so with ``jobs`` > 1 it is spread
    over the cores; the files are the same for any number of jobs."""
    site = Site.make(outcomes, report, templates, hant, registry, cache, editorial)
    # Each document's page and list lines, once per edition (cached): the generators join them.
    site = with_lines(site, jobs if len(site.published) >= PARALLEL_FROM else 1)
    # With most documents from the cache, the list pages are joins of cached lines (their place
    # pages cached too): forking and sending the pages back would cost more than it saves.
    jobs = jobs if site.rendered_now >= PARALLEL_FROM else 1
    # A task is one generator for one edition, so the editions spread over the cores; in one
    # process, one generator for all editions, so what they share (sorting, filters) is done once.
    tasks = [(g, e) for g, (name, _) in enumerate(GENERATORS)
             for e in ([None] if name in ONCE or jobs == 1 else range(len(site.editions)))]
    here = [t for t in tasks if GENERATORS[t[0]][0] in HERE]
    away = [t for t in tasks if t not in here]
    done = dict(zip(away, fork_map(_render, site, away, jobs)))
    results = [done[t] if t in done else _render(site, t) for t in tasks]
    pages: dict[str, str] = {}
    for (g, _), files in zip(tasks, results):
        for path, text in files:
            if path in pages:
                raise AssertionError(f"the {GENERATORS[g][0]} generator yields {path}, which another generator wrote")
            pages[path] = text
    return pages


def _render(site: Site, task: tuple[int, int | None]) -> list[tuple[str, str]]:
    """One generator's files, for one edition (or for all, when ``None``)."""
    g, e = task
    if e is not None:
        site = replace(site, editions=[site.editions[e]])
    return list(GENERATORS[g][1](site))
