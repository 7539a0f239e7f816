"""What every page generator reads: the computed data, the editions and the Jinja2 environment.

Escaping is the templates' default: Jinja's ``finalize`` Markdown-escapes every value a
template prints unless a helper already escaped it for its context (``Markup``).
"""
from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from ..cache import Cache
from ..model import Document
from ..registry import Registry
from ..report import SeedOutcome, all_changes
from ..script import TraditionalConverter
from ..vocabulary import DOC_TYPES
from ..places import RollUp, roll_up
from .edition import BuildLabels, Edition, editions, entity_name, label_helpers, text_helpers, value_helpers
from .tables import table_helpers
from .escape import (CHINESE, code_text, escape_value, front_matter, html_text, lang_span, md_text, url_part,
                     web_address)


@jinja2.pass_context
def _finalize(ctx, value) -> Markup:
    return escape_value(value, ctx.get("ed"))


@jinja2.pass_context
def _md_filter(ctx, value) -> Markup:
    ed = ctx.get("ed")
    return ed.mark(value) if ed is not None else Markup(md_text(value))


@jinja2.pass_context
def _code_filter(ctx, value) -> Markup:
    """``code_text``; on the English edition, a file name with Chinese characters is marked as Chinese."""
    ed = ctx.get("ed")
    chinese = ed is not None and ed.english and CHINESE.search(str(value))
    return code_text(value, "zh-Hans" if chinese else None)


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk, checked against their source; one that cannot be
    written (a full disk, a read-only cache) only makes the build slower."""

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def environment(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """The templates' environment; ``compiled``: a folder where Jinja keeps the templates compiled
    (checked against their source), so a build does not compile them again (0.2 s)."""
    bytecode = None
    if compiled is not None:
        with contextlib.suppress(OSError):  # a cache folder that cannot be written only makes the build slower
            compiled.mkdir(parents=True, exist_ok=True)
            bytecode = _CompiledTemplates(str(compiled))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=bytecode,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown output: ``finalize`` escapes every printed value for Markdown
        finalize=_finalize,
    )
    env.filters["md"] = _md_filter
    env.filters["plain"] = lambda v: Markup(md_text(v))  # inside attributes and link titles: no markup
    env.filters["lang"] = lang_span
    env.filters["html"] = lambda v: Markup(html_text(v))
    env.filters["url"] = url_part
    env.filters["href"] = web_address
    env.filters["code"] = _code_filter
    env.filters["fm"] = front_matter
    return env


def sort_key(doc: Document):
    # Newest first; undated documents last; ties by id for determinism.
    return (doc.date is None, "" if doc.date is None else "".join(chr(0x10FFFF - ord(c)) for c in doc.date), doc.id)


@dataclass(frozen=True)
class Site:
    """The input of every page generator: computed data only (generators do not read files,
    except through ``editorial_bytes`` for cache keys)."""

    outcomes: list[SeedOutcome]
    """Every seed, in seed order, with its documents (annotated)."""
    documents: list[Document]
    """Every document, published or not, in seed order."""
    published: list[Document]
    """The published documents, newest first."""
    report: dict
    registry: Registry
    hant: TraditionalConverter
    env: jinja2.Environment
    editions: list[tuple[Edition, dict]]
    """Each edition with its template context (helpers that show data in that edition)."""
    rollup: RollUp
    """What each region and park holds (``places.roll_up``), for place pages and table filters."""
    cache: Cache
    """The rebuild cache (one with no folder when caching is off: it never holds anything)."""
    editorial: Path | None
    rendered_now: int = 0
    """How many documents this build rendered (the others came from the cache)."""
    document_keys: dict[str, str] = field(default_factory=dict)
    """Document id → the cache key of its rendered output (absent without a cache): a page made
    only from some documents can be cached under their keys (``places.place_pages``)."""
    document_data: dict[str, object] = field(default_factory=dict)
    """Document id → its part of the data files (``data.DocumentData``), from ``lines.with_lines``."""

    @classmethod
    def make(cls, outcomes: list[SeedOutcome], report: dict, templates: Path, hant: TraditionalConverter,
             registry: Registry, cache: Cache | None, editorial: Path | None) -> "Site":
        cache = cache or Cache(None, "")
        env = environment(templates, cache.folder / "jinja" / cache.version[:16] if cache.folder else None)
        docs = [d for o in outcomes for d in o.documents]
        published = sorted((d for d in docs if d.published), key=sort_key)
        labels = yaml.safe_load((templates / "ui.en.yml").read_text(encoding="utf-8"))
        build_labels = BuildLabels.load(templates / "ui.build.yml")
        rollup = roll_up(published, registry.regions, registry.parks)
        contexts = [(ed, {"ed": ed, "t": ed.t, "show": ed.d, "all_changes": all_changes,
                          "regions": registry.regions, "glossary": registry.glossary, "doc_types": DOC_TYPES,
                          **value_helpers(ed, registry), **text_helpers(ed, registry, hant),
                          **label_helpers(ed, build_labels, registry),
                          **table_helpers(ed, registry, rollup, lambda e, ed=ed: entity_name(ed, e), DOC_TYPES)})
                    for ed in editions(hant, labels)]
        return cls(outcomes, docs, published, report, registry, hant, env, contexts, rollup, cache, editorial)

    def by_year(self) -> list[tuple[str, list[Document]]]:
        """Published documents grouped by year, latest year first."""
        years: dict[str, list[Document]] = defaultdict(list)
        for d in self.published:
            years[d.date[:4] if d.date else "—"].append(d)
        return sorted(years.items(), key=lambda kv: kv[0], reverse=True)


def editorial_bytes(folder: Path | None, doc_id: str) -> bytes:
    """A document's editorial file, for the cache keys of the pages it changes."""
    path = folder / f"{doc_id}.yml" if folder else None
    return path.read_bytes() if path and path.is_file() else b""


def edition_path(ed: Edition) -> str:
    """The edition's folder under the site's URL: ``""``, ``zh-Hant/`` or ``en/``."""
    return "" if ed.code == "zh" else f"{ed.code}/"
