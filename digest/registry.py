"""The curated registry: YAML files under ``registry/`` that editors change in PRs.

Loaded once per build and validated; an invalid file raises ``RegistryError``
naming the file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import RegistryError
from .rules import Noise


def load_yaml(path: Path):
    try:
        with path.open(encoding="utf-8-sig") as f:
            return yaml.safe_load(f)
    except FileNotFoundError:
        raise RegistryError(str(path), "registry file is missing", "restore it from git") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise RegistryError(str(path), f"invalid YAML ({problem})", "fix the syntax at that line",
                            line=mark.line + 1 if mark else None) from None


def _strings(path: Path, data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RegistryError(str(path), f"'{key}' must be a list of non-empty strings",
                            f"write '{key}:' followed by '- item' lines")
    return tuple(value)


def _pattern(path: Path, key: str, value: str) -> re.Pattern:
    try:
        return re.compile(value)
    except re.error as err:
        raise RegistryError(str(path), f"'{key}' holds an invalid regular expression {value!r} ({err})",
                            "fix or quote the pattern") from None


def load_noise(path: Path) -> Noise:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RegistryError(str(path), "expected a mapping of lists", "see the comments in the file")
    lists = {k: _strings(path, data, k) for k in (
        "site_chrome", "footer_markers", "publish_labels", "source_labels", "author_labels",
        "counter_labels", "lead_markers", "credit_suffixes", "credit_labels", "credit_roles",
        "continuation_openers", "outlets", "navigation", "copyright", "end_markers", "junk_sources",
        "info_table_labels")}
    return Noise(
        **lists,
        caption_patterns=tuple(_pattern(path, "caption_patterns", p)
                               for p in _strings(path, data, "caption_patterns")),
        photo_reference=_pattern(path, "photo_reference", str(data.get("photo_reference", ""))),
        word_debris=tuple(_pattern(path, "word_debris", p) for p in _strings(path, data, "word_debris")),
    )


def load_terms(path: Path):
    from .script import TermOverride

    data = load_yaml(path)
    items = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise RegistryError(str(path), "expected 'terms:' with a list of {hans, hant}", "see the file's comments")
    out = []
    for n, item in enumerate(items, start=1):
        if not (isinstance(item, dict) and isinstance(item.get("hans"), str) and isinstance(item.get("hant"), str)
                and item["hans"] and len(item["hans"]) == len(item["hant"])):
            raise RegistryError(str(path), f"term {n} must be {{hans: …, hant: …}} of equal length",
                                "write both forms of the term")
        out.append(TermOverride(item["hans"], item["hant"]))
    return tuple(out)


def load_topic(path: Path):
    from .extract import Topic

    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("min_body_hits"), int):
        raise RegistryError(str(path), "'min_body_hits' must be a whole number", "write e.g. 'min_body_hits: 3'")
    return Topic(terms=_strings(path, data, "terms"), min_body_hits=data["min_body_hits"])


@dataclass(frozen=True)
class Registry:
    """Everything under registry/, loaded and validated."""

    noise: Noise
    terms: tuple
    topic: object
    regions: dict
    parks: dict
    sectors: dict
    organisations: dict
    glossary: tuple = ()
    site: dict = None
    """registry/site.yml: the public URL and site titles."""

    @classmethod
    def load(cls, root: Path) -> "Registry":
        regions = load_regions(root / "regions.yml", root / "gazetteer.tsv")
        parks = load_parks(root / "parks.yml", regions)
        sectors = load_terms_of(root / "sectors.yml", "sectors", "sector")
        organisations = load_terms_of(root / "organisations.yml", "organisations", "organisation")
        check_unique_names(root, [*regions.values(), *parks.values(), *sectors.values(), *organisations.values()])
        return cls(
            noise=load_noise(root / "noise.yml"),
            terms=load_terms(root / "terms.yml"),
            topic=load_topic(root / "topic.yml"),
            regions=regions, parks=parks, sectors=sectors, organisations=organisations,
            glossary=load_glossary(root / "glossary.yml"),
            site=load_site(root / "site.yml"),
        )


# --------------------------------------------------------------------------- entities

class _LineLoader(yaml.SafeLoader):
    """Safe loader that remembers the line of every mapping, for error messages."""


def _mapping_with_line(loader, node):
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


class LineDict(dict):
    line = 0


def _timestamp_or_text(loader, node):
    """An impossible date (2024-13-45) stays text, so validation can name its line."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def load_yaml_lines(path: Path, shown_as: str | None = None, error=RegistryError):
    """Safe-load YAML, remembering mapping lines; errors name ``shown_as`` (or the path) and the line."""
    where = shown_as or str(path)
    try:
        with path.open(encoding="utf-8-sig") as f:
            return yaml.load(f, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects
    except FileNotFoundError:
        raise error(where, "file is missing", "restore it from git") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise error(where, f"invalid YAML ({getattr(err, 'problem', None) or err})",
                    "fix the syntax at that line", line=mark.line + 1 if mark else None) from None


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    aliases: tuple[str, ...]
    """Other names that always mean this region (curated in regions.yml, or a
    province's or prefecture's short name: 浙江, 宁波)."""
    parent: str | None
    path: tuple[str, ...]
    """Names from the top: ('上海市', '嘉定区')."""
    ids: tuple[str, ...]
    """Ids from the top, ending with this one."""
    en: str | None = None
    """English name, for the English edition."""
    adcode: str | None = None
    """GB/T 2260 code from the gazetteer; None for places below county level."""
    level: str = ""
    """``province``, ``prefecture``, ``county`` or ``local`` (a town or zone from regions.yml)."""
    short_names: tuple[str, ...] = ()
    """A county's name without its suffix (慈溪 for 慈溪市): it means this county only
    where the document also names one of its ancestors, since short names repeat
    across China and double as common words (和平, 朝阳, 新华)."""
    curated: bool = False
    """Named in regions.yml (it then also feeds the search dictionary)."""


@dataclass(frozen=True)
class Park:
    id: str
    name: str
    aliases: tuple[str, ...]
    region: str
    kind: str
    about: str
    en: str | None = None


@dataclass(frozen=True)
class Gloss:
    """A glossary entry (registry/glossary.yml)."""

    zh: str
    pinyin: str
    en: str
    note: str


@dataclass(frozen=True)
class Term:
    """A sector or an organisation: a tag."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    en: str | None = None


def _entry(path: Path, item, required: tuple[str, ...], what: str) -> dict:
    line = getattr(item, "line", None)
    if not isinstance(item, dict):
        raise RegistryError(str(path), f"each {what} must be a mapping", f"write '- id: …' with {', '.join(required)}",
                            line)
    for key in required:
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise RegistryError(str(path), f"{what} is missing '{key}' (a non-empty string)",
                                f"add '{key}: …'", line)
    if not re.fullmatch(r"[a-z0-9-]+", item["id"]):
        raise RegistryError(str(path), f"{what} id {item['id']!r} is not a lower-case ASCII slug",
                            "use letters, digits and dashes", line)
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise RegistryError(str(path), f"aliases of {item['id']} must be a list of names", "write aliases: [a, b]",
                            line)
    return item


def load_regions(path: Path, gazetteer: Path | None = None) -> dict[str, Region]:
    """The region tree: the gazetteer's divisions, with regions.yml laid over them.

    regions.yml gives ids, English names and aliases to divisions it names (matched by
    name under the same parent) and adds places below county level (towns, zones).
    """
    from .gazetteer import gazetteer_regions

    data = load_yaml_lines(path)
    out: dict[str, Region] = gazetteer_regions(gazetteer) if gazetteer else {}
    by_path = {r.path: r for r in out.values()}
    curated: set[str] = set()

    def walk(items, parent: Region | None):
        if not isinstance(items, list):
            raise RegistryError(str(path), "'regions' and 'children' must be lists", "see the file's comments")
        for item in items:
            _entry(path, item, ("id", "name"), "region")
            if item["id"] in curated:
                raise RegistryError(str(path), f"region id {item['id']} is used twice", "give each region its own id",
                                    item.line)
            names = (parent.path if parent else ()) + (item["name"],)
            known = by_path.get(names)
            if known is None and parent is None:
                raise RegistryError(str(path), f"{item['name']} is not a province-level division of the gazetteer",
                                    "check the name against registry/gazetteer.tsv", item.line)
            if known is not None and known.id != item["id"]:
                _rename(out, known.id, item["id"])
            if item["id"] in out and known is None:
                raise RegistryError(str(path), f"region id {item['id']} is already a gazetteer id",
                                    "choose another id", item.line)
            old = out.get(item["id"])
            region = Region(item["id"], item["name"],
                            tuple(dict.fromkeys((*(old.aliases if old else ()), *item.get("aliases", [])))),
                            parent.id if parent else None,
                            names, (parent.ids if parent else ()) + (item["id"],),
                            item.get("en") or (old.en if old else None),
                            old.adcode if old else None, old.level if old else "local",
                            old.short_names if old else (), True)
            out[region.id] = region
            by_path[names] = region
            curated.add(region.id)
            walk(item.get("children", []), region)

    walk((data or {}).get("regions"), None)
    return out


def _rename(regions: dict[str, Region], old_id: str, new_id: str) -> None:
    """Give a gazetteer region the id regions.yml chose, in it and in its descendants."""
    from dataclasses import replace

    for rid, r in list(regions.items()):
        if old_id in r.ids:
            ids = tuple(new_id if i == old_id else i for i in r.ids)
            parent = new_id if r.parent == old_id else r.parent
            del regions[rid]
            regions[ids[-1]] = replace(r, id=ids[-1], ids=ids, parent=parent)


def load_parks(path: Path, regions: dict[str, Region]) -> dict[str, Park]:
    data = load_yaml_lines(path)
    out: dict[str, Park] = {}
    for item in (data or {}).get("parks") or []:
        _entry(path, item, ("id", "name", "region", "kind", "about"), "park")
        if item["region"] not in regions:
            raise RegistryError(str(path), f"park {item['id']} names unknown region {item['region']!r}",
                                "use an id from registry/regions.yml", item.line)
        out[item["id"]] = Park(item["id"], item["name"], tuple(item.get("aliases", [])), item["region"],
                               item["kind"], item["about"], item.get("en"))
    return out


def load_terms_of(path: Path, key: str, kind: str) -> dict[str, Term]:
    data = load_yaml_lines(path)
    out: dict[str, Term] = {}
    for item in (data or {}).get(key) or []:
        _entry(path, item, ("id", "name"), kind)
        out[item["id"]] = Term(item["id"], item["name"], tuple(item.get("aliases", [])), kind, item.get("en"))
    return out


def check_unique_names(root: Path, entities: list) -> None:
    """An alias that names two curated things would make tags ambiguous.

    Gazetteer regions may share names (鼓楼区 is in four cities): the tagger
    tells them apart by the ancestors a document names.
    """
    seen: dict[str, str] = {}
    for e in entities:
        if getattr(e, "adcode", None) and not getattr(e, "curated", True):
            continue
        for name in (e.name, *e.aliases):
            if name in seen and seen[name] != e.id:
                raise RegistryError(str(root), f"the name {name!r} belongs to both {seen[name]} and {e.id}",
                                    "keep each name or alias in one registry entry")
            seen[name] = e.id


def load_glossary(path: Path) -> tuple[Gloss, ...]:
    data = load_yaml_lines(path)
    out, seen = [], set()
    for item in (data or {}).get("terms") or []:
        line = getattr(item, "line", None)
        for key in ("zh", "pinyin", "en", "note"):
            if not isinstance(item, dict) or not isinstance(item.get(key), str) or not item[key].strip():
                raise RegistryError(str(path), f"glossary term is missing '{key}'",
                                    "give every term zh, pinyin, en and note", line)
        if item["zh"] in seen:
            raise RegistryError(str(path), f"glossary term {item['zh']} is listed twice", "keep one entry", line)
        seen.add(item["zh"])
        out.append(Gloss(item["zh"], item["pinyin"], item["en"], item["note"]))
    return tuple(out)


def load_site(path: Path) -> dict:
    data = load_yaml_lines(path)
    if not isinstance(data, dict) or not str(data.get("url", "")).startswith(("https://", "http://")) \
            or not str(data["url"]).endswith("/"):
        raise RegistryError(str(path), "'url' must be the site's absolute URL ending in /",
                            "write e.g. url: https://example.org/digest/", getattr(data, "line", None))
    return {"url": data["url"], "title": data.get("title", ""), "title_en": data.get("title_en", "")}
