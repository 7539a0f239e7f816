"""Stage 9: render. Page generators turn the computed data into files; ``writer.py`` writes them.

Like Pelican's generators: each generator is a function ``Site -> (path under docs/, text)…``
over data the earlier stages computed, and ``GENERATORS`` is the order they run in. They
write nothing: ``render_pages`` collects what they yield (a path yielded twice is a bug) and
the one writer (``digest/writer.py``, stage 10) puts it on disk. To add a page family, write
a generator module here and list it below.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from ..cache import Cache
from ..registry import Registry
from ..report import SeedOutcome
from ..script import TraditionalConverter
from .data import build_report, data_files
from .documents import document_index, document_pages
from .environment import Site
from .goals import goals_page
from .home import glossary, home
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
    ("report", build_report),
    ("search", search_dictionaries),
]


def render_pages(outcomes: list[SeedOutcome], report: dict, templates: Path, hant: TraditionalConverter,
                 registry: Registry, cache: Cache | None = None, editorial: Path | None = None) -> dict[str, str]:
    """Every file of docs/, by path, from every generator in order."""
    site = Site.make(outcomes, report, templates, hant, registry, cache, editorial)
    pages: dict[str, str] = {}
    for name, generate in GENERATORS:
        for path, text in generate(site):
            if path in pages:
                raise AssertionError(f"the {name} generator yields {path}, which another generator wrote")
            pages[path] = text
    return pages
