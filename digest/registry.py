"""The curated registry: YAML files under ``registry/`` that editors change in PRs.

Loaded once per build and validated; an invalid file raises ``RegistryError``
naming the file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .errors import RegistryError
from .gazetteer import gazetteer_regions
from .model import Gloss, Noise, Park, Region, Term, TermOverride, Topic
from .text import CONTROL


def load_yaml(path: Path):
    """A registry file through the one YAML loader (``load_yaml_lines``), its top-level keys checked."""
    data = load_yaml_lines(path)
    if data is None:
        raise RegistryError(str(path), "registry file is empty", "restore it from git (git checkout -- FILE)")
    if path.name in FILE_KEYS:
        _known_keys(path, data, FILE_KEYS[path.name], path.name)
    return data


def _strings(path: Path, data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RegistryError(str(path), f"'{key}' must be a list of non-empty strings",
                            f"write '{key}:' followed by '- item' lines")
    return tuple(value)


MAX_REPEAT = 200
"""The largest repeat a registry pattern may write ({0,200}); ``*`` and ``+`` are refused."""


def _pattern(path: Path, key: str, value: str, line: int | None = None) -> re.Pattern:
    """A registry regular expression, compiled and checked so that it cannot backtrack
    catastrophically on any seed: every repeat bounded, no repeat inside a repeat, no
    backreference. (Editors write patterns; seeds are anyone's.)"""
    try:
        parsed = re._parser.parse(value)
        compiled = re.compile(value)
    except re.error as err:
        raise RegistryError(str(path), f"'{key}' holds an invalid regular expression {value!r} ({err})",
                            "fix or quote the pattern", line) from None
    problem = _risky(list(parsed), False)
    if problem:
        raise RegistryError(str(path), f"'{key}' pattern {value!r} has {problem}, which can make the build hang "
                            "on a long line", f"bound every repeat ({{0,{MAX_REPEAT}}} instead of * or +) "
                            "and do not repeat a repeated group", line)
    return compiled


def _risky(items, in_repeat: bool) -> str | None:
    """What makes a parsed pattern able to backtrack without bound, or None.

    >>> _risky(list(re._parser.parse(r"[（(]\\s{0,10}见")), False), _risky(list(re._parser.parse("(a+)+")), False)
    (None, "an unbounded repeat ('*', '+' or '{n,}')")
    >>> _risky(list(re._parser.parse("(?:a{0,5}){0,5}")), False)
    'a repeat inside a repeat'
    """
    c = re._constants
    for op, av in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            _lo, hi, sub = av
            if hi is c.MAXREPEAT or hi > MAX_REPEAT:
                return "an unbounded repeat ('*', '+' or '{n,}')"
            if hi > 1 and in_repeat:
                return "a repeat inside a repeat"
            found = _risky(list(sub), in_repeat or hi > 1)
        elif op is c.SUBPATTERN:
            found = _risky(list(av[-1]), in_repeat)
        elif op is c.BRANCH:
            found = next((r for b in av[1] if (r := _risky(list(b), in_repeat))), None)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            found = _risky(list(av[1]), in_repeat)
        elif op in (c.GROUPREF, c.GROUPREF_EXISTS):
            found = "a backreference"
        else:
            found = None
        if found:
            return found
    return None


def load_noise(path: Path) -> Noise:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RegistryError(str(path), "expected a mapping of lists", "see the comments in the file")
    lists = {k: _strings(path, data, k) for k in (
        "site_chrome", "footer_markers", "publish_labels", "source_labels", "author_labels",
        "counter_labels", "lead_markers", "credit_suffixes", "credit_labels", "credit_roles",
        "continuation_openers", "outlets", "navigation", "copyright", "end_markers", "junk_sources",
        "info_table_labels")}
    line = getattr(data, "key_lines", {}).get
    return Noise(
        **lists,
        caption_patterns=tuple(_pattern(path, "caption_patterns", p, line("caption_patterns"))
                               for p in _strings(path, data, "caption_patterns")),
        photo_reference=_pattern(path, "photo_reference", str(data.get("photo_reference", "")),
                                 line("photo_reference")),
        word_debris=tuple(_pattern(path, "word_debris", p, line("word_debris"))
                          for p in _strings(path, data, "word_debris")),
    )


def load_terms(path: Path):
    data = load_yaml(path)
    items = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise RegistryError(str(path), "expected 'terms:' with a list of {hans, hant}", "see the file's comments")
    out = []
    for n, item in enumerate(items, start=1):
        if not (isinstance(item, dict) and isinstance(item.get("hans"), str) and isinstance(item.get("hant"), str)
                and item["hans"] and len(item["hans"]) == len(item["hant"])):
            raise RegistryError(str(path), f"term {n} must be {{hans: …, hant: …}} of equal length",
                                "write both forms of the term", getattr(item, "line", None))
        _known_keys(path, item, {"hans", "hant"}, f"term {n}")
        out.append(TermOverride(item["hans"], item["hant"]))
    return tuple(out)


def load_topic(path: Path):
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
        check_files(root)
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

# Limits checked on the composed node graph, before any alias is expanded: a
# 450-byte "billion laughs" file would otherwise take minutes and gigabytes.
MAX_ALIASES = 100
MAX_NODES = 200_000


class _LineLoader(yaml.SafeLoader):
    """The one YAML loader of the build (registry and editorial files).

    A ``SafeLoader`` (no arbitrary objects) that remembers the line of every mapping,
    refuses duplicate keys, and refuses alias graphs that would expand past
    ``MAX_NODES`` nodes (or use more than ``MAX_ALIASES`` aliases), before expanding them.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen = getattr(self, "aliases_seen", 0) + 1
            if self.aliases_seen > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, f"more than {MAX_ALIASES} aliases (*name)",
                                                  event.start_mark)
        return super().compose_node(parent, index)

    def compose_document(self):
        node = super().compose_document()
        _expanded_size(node, {}, set())
        return node


def _expanded_size(node, sizes: dict, open_: set) -> int:
    """How many nodes ``node`` becomes once aliases are expanded; raises past MAX_NODES."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in open_:
        raise yaml.composer.ComposerError(None, None, "an alias refers to the node that holds it",
                                          node.start_mark)
    open_.add(id(node))
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, sizes, open_) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes, open_) + _expanded_size(v, sizes, open_) for k, v in node.value)
    open_.discard(id(node))
    if size > MAX_NODES:
        raise yaml.composer.ComposerError(None, None, f"aliases expand to more than {MAX_NODES:,} values",
                                          node.start_mark)
    sizes[id(node)] = size
    return size


def _mapping_with_line(loader, node):
    seen: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key: construct_mapping names it
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = seen
    return mapping


class LineDict(dict):
    line = 0
    key_lines: dict = {}
    """The line of each key, for messages about one key."""


def _timestamp_or_text(loader, node):
    """An impossible date (2024-13-45) stays text, so validation can name its line."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_CONTROL_CHARS = re.compile(f"[{CONTROL}]")


def _string(loader, node):
    """A string with no control characters: a ``"\\x0b"`` escape would reach pages and make feed.xml invalid."""
    value = loader.construct_scalar(node)
    bad = _CONTROL_CHARS.search(value)
    if bad:
        raise yaml.constructor.ConstructorError(
            None, None, f"control character U+{ord(bad.group()):04X} in a string; remove it", node.start_mark)
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _string)
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
    except UnicodeDecodeError as err:
        raise error(where, f"is not UTF-8 (byte {err.start})", "save the file as UTF-8") from None
    except OSError as err:
        raise error(where, f"cannot be read ({err.strerror})", "check the file's permissions") from None
    except RecursionError:
        raise error(where, "invalid YAML (nested too deeply)", "flatten the structure") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise error(where, f"invalid YAML ({problem})", "fix it at that line",
                    line=mark.line + 1 if mark else None) from None


# The keys each registry file and each kind of entry may hold: a misspelt key ("nmae:",
# "alias:") is an error with its line, never silently ignored.
FILE_KEYS = {
    "noise.yml": {"site_chrome", "footer_markers", "publish_labels", "source_labels", "author_labels",
                  "counter_labels", "lead_markers", "credit_suffixes", "credit_labels", "credit_roles",
                  "continuation_openers", "outlets", "caption_patterns", "photo_reference", "word_debris",
                  "navigation", "copyright", "end_markers", "junk_sources", "info_table_labels"},
    "terms.yml": {"terms"}, "topic.yml": {"min_body_hits", "terms"}, "regions.yml": {"regions"},
    "parks.yml": {"parks"}, "sectors.yml": {"sectors"}, "organisations.yml": {"organisations"},
    "glossary.yml": {"terms"}, "site.yml": {"url", "title", "title_en"},
}
ENTRY_KEYS = {
    "region": {"id", "name", "en", "aliases", "children"},
    "park": {"id", "name", "en", "aliases", "region", "kind", "about", "about_en"},
    "sector": {"id", "name", "en", "aliases"}, "organisation": {"id", "name", "en", "aliases"},
}


def _known_keys(path: Path, mapping, allowed: set[str], what: str) -> None:
    if not isinstance(mapping, dict):
        return
    unknown = sorted((k for k in mapping if k not in allowed), key=str)
    if unknown:
        line = getattr(mapping, "key_lines", {}).get(unknown[0], getattr(mapping, "line", None))
        raise RegistryError(str(path), f"unknown key {unknown[0]!r} in {what}",
                            f"use one of: {', '.join(sorted(allowed))}", line)


def _entry(path: Path, item, required: tuple[str, ...], what: str) -> dict:
    line = getattr(item, "line", None)
    if not isinstance(item, dict):
        raise RegistryError(str(path), f"each {what} must be a mapping", f"write '- id: …' with {', '.join(required)}",
                            line)
    _known_keys(path, item, ENTRY_KEYS[what], f"a {what}")
    if "en" in item and (not isinstance(item["en"], str) or not item["en"].strip()):
        raise RegistryError(str(path), f"{what} 'en' must be a non-empty English name", "write en: …", line)
    for key in required:
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise RegistryError(str(path), f"{what} is missing '{key}' (a non-empty string)",
                                f"add '{key}: …'", line)
    if not re.fullmatch(r"[a-z0-9-]+", item["id"]):
        raise RegistryError(str(path), f"{what} id {item['id']!r} is not a lower-case ASCII slug",
                            "use letters, digits and dashes", line)
    if item["id"] == "index":  # regions/index.md and parks/index.md are the lists of them
        raise RegistryError(str(path), f"{what} id 'index' names the site's list page", "choose another id", line)
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise RegistryError(str(path), f"aliases of {item['id']} must be a list of names", "write aliases: [a, b]",
                            line)
    return item


def _listed(path: Path, key: str) -> list:
    """The list under ``key`` of a registry file; an empty file or a missing key is an error."""
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise RegistryError(str(path), f"expected a mapping with '{key}:' and a list under it",
                            "see the comments at the top of the file", getattr(data, "line", None))
    return data[key]


def _unique(path: Path, out: dict, item, what: str) -> None:
    if item["id"] in out:
        raise RegistryError(str(path), f"{what} id {item['id']} is used twice", f"give each {what} its own id",
                            item.line)


def load_regions(path: Path, gazetteer: Path | None = None) -> dict[str, Region]:
    """The region tree: the gazetteer's divisions, with regions.yml laid over them.

    regions.yml gives ids, English names and aliases to divisions it names (matched by
    name under the same parent) and adds places below county level (towns, zones).
    """
    data = {"regions": _listed(path, "regions")}
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

    walk(data["regions"], None)
    return out


def _rename(regions: dict[str, Region], old_id: str, new_id: str) -> None:
    """Give a gazetteer region the id regions.yml chose, in it and in its descendants."""
    for rid, r in list(regions.items()):
        if old_id in r.ids:
            ids = tuple(new_id if i == old_id else i for i in r.ids)
            parent = new_id if r.parent == old_id else r.parent
            del regions[rid]
            regions[ids[-1]] = replace(r, id=ids[-1], ids=ids, parent=parent)


def load_parks(path: Path, regions: dict[str, Region]) -> dict[str, Park]:
    out: dict[str, Park] = {}
    for item in _listed(path, "parks"):
        _entry(path, item, ("id", "name", "region", "kind", "about"), "park")
        _unique(path, out, item, "park")
        if item["region"] not in regions:
            raise RegistryError(str(path), f"park {item['id']} names unknown region {item['region']!r}",
                                "use an id from registry/regions.yml", item.line)
        out[item["id"]] = Park(item["id"], item["name"], tuple(item.get("aliases", [])), item["region"],
                               item["kind"], item["about"], item.get("en"), item.get("about_en"))
    return out


def load_terms_of(path: Path, key: str, kind: str) -> dict[str, Term]:
    out: dict[str, Term] = {}
    for item in _listed(path, key):
        _entry(path, item, ("id", "name"), kind)
        _unique(path, out, item, kind)
        out[item["id"]] = Term(item["id"], item["name"], tuple(item.get("aliases", [])), kind, item.get("en"))
    return out


REGISTRY_FILES = ("gazetteer.tsv", "glossary.yml", "noise.yml", "organisations.yml", "parks.yml", "regions.yml",
                  "sectors.yml", "site.yml", "terms.yml", "topic.yml")


def check_files(root: Path) -> None:
    """A registry file the build would not read (``parks.yaml``, ``park.yml``) is an error, not ignored."""
    if not root.is_dir():
        raise RegistryError(str(root), "registry folder not found", "restore registry/ from git")
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or path.name in REGISTRY_FILES or path.name.endswith(".md"):
            continue
        hint = (f"rename it {path.stem}.yml" if path.suffix == ".yaml" and f"{path.stem}.yml" in REGISTRY_FILES
                else f"the build reads only {', '.join(REGISTRY_FILES)}; move or delete it")
        raise RegistryError(str(path), "is not a registry file the build reads", hint)


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
    out, seen = [], set()
    for item in _listed(path, "terms"):
        line = getattr(item, "line", None)
        _known_keys(path, item, {"zh", "pinyin", "en", "note"}, "a glossary term")
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
    data = load_yaml(path)
    if not isinstance(data, dict) or not str(data.get("url", "")).startswith(("https://", "http://")) \
            or not str(data["url"]).endswith("/"):
        raise RegistryError(str(path), "'url' must be the site's absolute URL ending in /",
                            "write e.g. url: https://example.org/digest/", getattr(data, "line", None))
    return {"url": data["url"], "title": data.get("title", ""), "title_en": data.get("title_en", "")}
