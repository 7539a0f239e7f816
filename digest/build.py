"""The whole build, stage by stage, in one screenful.

ingest → split + clean → script + extract → report → render (→ site: mkdocs).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .annotate import annotate
from .clean import clean_seed
from .extract import extract
from .cache import Cache
from .errors import DigestError
from .ingest import read_bytes, read_seed, readable_name
from .model import Refusal
from .registry import Registry
from .render import render_pages, seed_slug
from .report import SeedOutcome, build_report
from .script import TraditionalConverter
from .site import search_dictionaries
from .tag import Matcher


@dataclass(frozen=True)
class BuildResult:
    outcomes: list[SeedOutcome]
    report: dict
    pages: dict[str, str]
    """Every file under docs/, by relative path."""
    warnings: list[str]
    """Problems that do not stop the build (stale translations); --strict fails on them."""


def seed_files(seeds: Path) -> list[Path]:
    """Everything in the seeds folder but hidden names, in a stable order. Ingest refuses,
    with a reason, what is not a regular file (links, folders, pipes): nothing is skipped silently."""
    try:
        return sorted((p for p in seeds.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    except OSError as err:
        raise DigestError(str(seeds), f"the seeds folder cannot be read ({err.strerror})",
                          "check its permissions") from None


def build(root: Path, seeds: Path, cache: Cache | None = None) -> BuildResult:
    registry = Registry.load(root / "registry")
    hant = TraditionalConverter(registry.terms)
    matcher = Matcher(registry)
    cache = cache or Cache(None, "")
    outcomes: list[SeedOutcome] = []
    for path in seed_files(seeds):
        rel = _relative(path, root)
        data = read_bytes(path, rel)
        if isinstance(data, Refusal):
            outcomes.append(SeedOutcome(None, data))
            continue
        key = cache.key("seed", rel.encode(), data)
        outcome = cache.get(key)
        if outcome is None:
            outcome = replace(analyse_seed(path, rel, data, registry, hant, matcher), key=key)
            cache.put(key, outcome)
        outcomes.append(outcome)
    outcomes = _unique_ids(outcomes)
    warnings: list[str] = []
    # The editorial layer lives beside the seeds it annotates (seeds/ and editorial/).
    outcomes = _annotate(outcomes, seeds.parent / "editorial", root, registry, hant, warnings)  # 6 annotate
    report = build_report(outcomes)
    pages = render_pages(outcomes, report, root / "templates", hant, registry, cache,  # 7 render
                         seeds.parent / "editorial")
    pages.update(search_dictionaries(registry, hant))                 # 8 site
    return BuildResult(outcomes, report, pages, warnings)


def analyse_seed(path: Path, rel: str, data: bytes, registry, hant, matcher) -> SeedOutcome:
    seed = read_seed(path, rel, data=data)                        # 1 ingest
    if isinstance(seed, Refusal):
        return SeedOutcome(None, seed)
    articles = clean_seed(seed, registry.noise)                   # 2 split, 3 clean
    documents = extract(articles, registry.topic, hant, matcher)  # 4 script, 5 extract + tag
    return SeedOutcome(seed, None, tuple(documents))


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
