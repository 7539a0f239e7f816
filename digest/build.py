"""The whole build, stage by stage, in one screenful.

Per seed: ingest → clean (page rules) → split → clean (article rules) → script → extract → tag →
facts. Then, over all documents: annotate → render → write. Each stage is a module of its
own (``ingest.py``, ``split.py``, ``clean.py``, ``script.py``, ``extract.py``, ``tag.py``,
``facts.py`` with ``goals.py``, ``annotate.py``, ``render/``, ``writer.py``); what flows
between them is the frozen dataclasses of ``model.py``. See ARCHITECTURE.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .annotate import annotate
from .cache import Cache
from .clean import clean_articles, clean_page
from .errors import DigestError
from .extract import extract
from .facts import extract_events
from .goals import extract_goals, plan_horizon
from .identity import seed_slug
from .ingest import read_bytes, read_seed, readable_name
from .model import Document, Refusal
from .parknames import named_parks
from .registry import Registry
from .render import render_pages
from .report import SeedOutcome, build_report
from .script import TraditionalConverter, script_articles, to_simplified
from .split import split_articles
from .tag import Matcher, tag_document
from .workers import default_jobs, fork_map
from .writer import committed, stale_files, write_tree


@dataclass(frozen=True)
class BuildResult:
    outcomes: list[SeedOutcome]
    report: dict
    pages: dict[str, str]
    """Every file under docs/, by relative path."""
    warnings: list[str]
    """Problems that do not stop the build (stale translations); --strict fails on them."""


def build(root: Path, seeds: Path, cache: Cache | None = None, jobs: int | None = None) -> BuildResult:
    """Stages 1 to 9: everything but writing. ``write`` (stage 10) or ``check`` takes the result.
    ``jobs``: processes for the per-seed stages and render (default: ``$DIGEST_JOBS`` or every core);
    the result is the same for any number."""
    cache = cache or Cache(None, "")
    registry = load_registry(root / "registry", cache)
    hant = TraditionalConverter(registry.terms)
    jobs = jobs or default_jobs()
    outcomes: list[SeedOutcome | None] = []
    todo: list[tuple[int, Path, str, bytes, str]] = []
    for path in seed_files(seeds):
        rel = _relative(path, root)
        data = read_bytes(path, rel)
        if isinstance(data, Refusal):
            outcomes.append(SeedOutcome(None, data))
            continue
        key = cache.key("seed", rel.encode(), data)
        outcome = cache.get(key)
        if outcome is None:
            todo.append((len(outcomes), path, rel, data, key))
        outcomes.append(outcome)
    # The matcher loads jieba's dictionaries (half a second): only when a seed is not cached.
    matcher = Matcher(registry) if todo else None
    for (at, *_, key), outcome in zip(todo, analyse_seeds(todo, registry, hant, matcher, jobs)):  # 1 to 7
        outcomes[at] = replace(outcome, key=key)
        cache.put(key, outcomes[at])
    outcomes = _unique_ids(outcomes)
    warnings: list[str] = []
    # The editorial layer lives beside the seeds it annotates (seeds/ and editorial/).
    outcomes = _annotate(outcomes, seeds.parent / "editorial", root, registry, hant, warnings)  # 8 annotate
    report = build_report(outcomes)
    pages = render_pages(outcomes, report, root / "templates", hant, registry, cache,  # 9 render
                         seeds.parent / "editorial", jobs)
    return BuildResult(outcomes, report, pages, warnings)


def load_registry(folder: Path, cache: Cache) -> Registry:
    """The registry, from the cache when no file of it changed (the cache's version hashes them):
    reading the gazetteer and checking every name takes half a second."""
    return cache.fetch(cache.key("registry", str(folder).encode()), lambda: Registry.load(folder))


PARALLEL_FROM = 16
"""Fewer seeds to analyse than this run in this process: forking would cost more than it saves."""


def analyse_seeds(todo: list[tuple], registry: Registry, hant: TraditionalConverter, matcher: Matcher,
                  jobs: int) -> list[SeedOutcome]:
    """``analyse_seed`` over each ``(index, path, rel, data, key)`` of ``todo``, in order. Seeds are
    independent, so with ``jobs`` > 1 they are spread over forked processes (``workers.fork_map``)."""
    if jobs <= 1 or len(todo) < PARALLEL_FROM:
        jobs = 1
    else:
        # The first seed runs here: it loads jieba's tokenizers once, before the workers fork.
        first = analyse_seed(*todo[0][1:4], registry, hant, matcher)
    shared = (registry, hant, matcher)
    rest = fork_map(_analyse, shared, [job[1:4] for job in todo[jobs > 1:]], jobs,
                    chunksize=max(1, len(todo) // (jobs * 8)))
    return [first, *rest] if jobs > 1 else rest


def _analyse(shared: tuple, job: tuple[Path, str, bytes]) -> SeedOutcome:
    return analyse_seed(*job, *shared)


def analyse_seed(path: Path, rel: str, data: bytes, registry: Registry, hant: TraditionalConverter,
                 matcher: Matcher) -> SeedOutcome:
    """Stages 1 to 7, for one seed (independent of every other seed)."""
    seed = read_seed(path, rel, data=data)                              # 1 ingest
    if isinstance(seed, Refusal):
        return SeedOutcome(None, seed)
    page = clean_page(seed, registry.noise)                             # 3 clean: the page rules
    ranges = split_articles(page.lines, registry.noise)                 # 2 split into articles
    articles = clean_articles(page, ranges, registry.noise)             # 3 clean: the article rules
    articles = script_articles(articles, hant)                          # 4 script: Simplified + Traditional
    documents = extract(articles, registry.topic)                       # 5 extract: id, title, date, type …
    documents = [tag(d, matcher) for d in documents]                    # 6 tag: regions, parks, sectors
    documents = [facts(d, matcher) for d in documents]                  # 7 facts: goals and events
    return SeedOutcome(seed, None, tuple(documents))


def write(result: BuildResult, out: Path) -> list[str]:
    """Stage 10: make ``out`` hold exactly the rendered files, swapped in at once; what changed."""
    return write_tree(out, result.pages)


def check(result: BuildResult, out: Path) -> list[str]:
    """``--check``: the committed files under ``out`` (``writer.COMMITTED``) that ``write`` would
    change; nothing is written. Generated files are not committed, so they cannot be stale in a commit."""
    return stale_files(out, result.pages, only=committed)


# --------------------------------------------------------------------------- tag and facts of one document

# The place an outlet or issuer is named after: 绍兴日报 → 绍兴, 陕西日报 → 陕西.
_OUTLET_SUFFIX = re.compile(r"(?:日报社?|晚报|报社|报|新闻网|网|新闻|电视台|广播电视台|融媒体中心|客户端|发布)$")


def tag(doc: Document, matcher: Matcher) -> Document:
    """Stage 6: regions, parks, sectors and organisations, each with the paragraph that supports it."""
    # A title made from the lead (no headline on the page) repeats the lead: it is not tagged twice.
    title = doc.title if doc.article.head else None
    tagging = tag_document(matcher, " ".join(filter(None, [doc.kicker, title, doc.subtitle])), doc.blocks,
                           to_simplified(doc.dateline or ""))
    if not tagging.regions and doc.outlet:
        # A text that names no place is about its outlet's or issuer's place (绍兴日报, 陕西日报):
        # a fallback only, with the outlet as its evidence.
        by_outlet = tag_document(matcher, _OUTLET_SUFFIX.sub("", doc.outlet), ()).regions
        tagging = replace(tagging, regions=tuple(replace(r, paragraph="outlet") for r in by_outlet))
    return replace(doc, regions=tagging.regions, parks=tagging.parks, tags=tagging.tags,
                   other_parks=named_parks(doc.blocks, matcher.known_names), mentions=tuple(tagging.mentions))


def facts(doc: Document, matcher: Matcher) -> Document:
    """Stage 7: goals (``goals.py``) and dated events (``facts.py``), read with the tag stage's mentions."""
    title = doc.title if doc.article.head else None
    region = doc.regions[0] if doc.regions else None
    goals = extract_goals(doc.blocks, list(doc.mentions), int(doc.date[:4]) if doc.date else None,
                          matcher.registry, region, plan_horizon([t for t in (title, doc.subtitle) if t]))
    events, unresolved = extract_events(doc.blocks, doc.date, list(doc.mentions))
    return replace(doc, goals=tuple(goals), events=tuple(events), unresolved=tuple(unresolved))


# --------------------------------------------------------------------------- seeds in, ids unique

def seed_files(seeds: Path) -> list[Path]:
    """Everything in the seeds folder but hidden names, in a stable order. Ingest refuses,
    with a reason, what is not a regular file (links, folders, pipes): nothing is skipped silently."""
    try:
        return sorted((p for p in seeds.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    except OSError as err:
        raise DigestError(str(seeds), f"the seeds folder cannot be read ({err.strerror})",
                          "check its permissions") from None


def _annotate(outcomes: list[SeedOutcome], editorial: Path, root: Path, registry, hant,
              warnings) -> list[SeedOutcome]:
    docs = annotate([d for o in outcomes for d in o.documents], editorial, root, registry, hant, warnings)
    by_id = {d.id: d for d in docs}
    return [replace(o, documents=tuple(by_id[d.id] for d in o.documents)) for o in outcomes]


def _relative(path: Path, root: Path) -> str:
    """The seed's path as shown: relative to the project when it is inside, readable in any
    encoding. The file itself is not resolved: a link must not reveal where it points."""
    folder = path.parent.resolve()
    try:
        shown = (folder / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = (folder / path.name).as_posix() if path.is_absolute() else path.as_posix()
    return readable_name(shown)


def _unique_ids(outcomes: list[SeedOutcome]) -> list[SeedOutcome]:
    """No two outputs share a path. Ids come from file names alone (``identity.seed_id``), so
    two seeds can share one only in a contrived case (``a.txt`` of several articles has ``a-1``,
    and so has ``a_1.txt``); the later seed is refused, by name, and nothing is overwritten."""
    owner: dict[str, str] = {}
    out = []
    for o in outcomes:
        if o.seed is None:
            out.append(o)
            continue
        path = o.seed.path
        ids = [seed_slug(path)] + [d.id for d in o.documents]
        clash = next((i for i in ids if i in owner), None)
        if clash:
            out.append(SeedOutcome(None, Refusal(path, "duplicate-id", f"would publish under the id {clash!r}, "
                                                 f"which {owner[clash]} already has; rename one of the two files")))
            continue
        owner.update((i, path) for i in ids)
        out.append(o)
    return out
