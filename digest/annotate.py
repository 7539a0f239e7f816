"""Stage 6: editorial corrections from ``editorial/<document id>.yml``.

An editor can add or remove a region, park or tag, and remove, correct or add a
goal or event. Corrections win over extraction and are marked ``editorial`` so
the page shows them as such. Every reference is checked: an unknown document,
paragraph, registry id, goal or event fails the build with file and line.

    # editorial/003-c8d20f3a32803d36.yml
    park:
      remove: [jiading-comprehensive-bonded-zone]
    goals:
      correct:
        g20: {year: 2025}
      add:
        - {year: 2027, metric: 产业规模, value: 500, unit: 亿元, comparator: 达,
           scope: shanghai-jiading, paragraph: p14, quote: 产业规模达500亿元}
"""
from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

import jsonschema

from .errors import EditorialError
from .facts import Event, Goal, normalise
from .model import Document, English, FactTranslation, Note, Provenance, Translation
from .registry import load_yaml_lines
from .tag import Tag
from .vocabulary import DOC_TYPES

_SECTIONS = {"seed", "article", "source", "translation", "goals_en", "events_en", "region", "park", "tags", "goals", "events", "title", "date", "doc_type",
             "publish", "reason",
             "title_en", "kicker_en", "subtitle_en", "summary_en", "translations", "notes", "corrections"}


def fingerprint(text: str) -> str:
    """What a translation records of the paragraph it translates.

    >>> fingerprint("医疗器械")
    'c7e29fa25b0f'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_GOAL_FIELDS = {"year", "metric", "value", "value_min", "value_max", "unit", "comparator", "scope", "paragraph",
                "quote"}
_EVENT_FIELDS = {"date", "end_date", "title", "place", "paragraph"}


class _File:
    """One editorial file being applied; raises errors that name it."""

    def __init__(self, path: Path, rel: str, doc: Document, registry):
        self.path, self.rel, self.doc, self.registry = path, rel, doc, registry
        self.paragraphs = {b.id for b in doc.blocks}

    def fail(self, node, what: str, todo: str):
        raise EditorialError(self.rel, what, todo, getattr(node, "line", None))

    def mapping(self, node, where: str, allowed: set[str]) -> dict:
        if node is None:
            return {}
        if not isinstance(node, dict):
            self.fail(node, f"'{where}' must be a mapping", f"write '{where}:' followed by keys")
        unknown = sorted(set(node) - allowed)
        if unknown:
            self.fail(node, f"unknown key '{unknown[0]}' in '{where}'", f"use one of: {', '.join(sorted(allowed))}")
        return node

    def paragraph(self, node, value) -> str:
        if value not in self.paragraphs:
            self.fail(node, f"paragraph {value!r} is not in document {self.doc.id}",
                      f"use an id like p1–p{len(self.paragraphs)} (see the ¶ links on the page)")
        return value

    def entity(self, node, kind: str, value):
        table = {"region": self.registry.regions, "park": self.registry.parks,
                 "tags": {**self.registry.sectors, **self.registry.organisations}}[kind]
        if value not in table:
            self.fail(node, f"{value!r} is not a {kind} id in the registry", f"add it to registry/ or fix the id")
        return table[value]


SCHEMA = Path(__file__).with_name("editorial.schema.json")


def _jsonable(node):
    """YAML dates become ISO strings, as JSON Schema sees them."""
    if isinstance(node, dict):
        return {k: _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    return node.isoformat() if isinstance(node, datetime.date) else node


def check_schema(data, rel: str) -> None:
    """Structure first, against digest/editorial.schema.json; the error names the line."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(_jsonable(data)))
    if error is None:
        return
    node, line = data, getattr(data, "line", None)
    for key in error.absolute_path:
        line = getattr(node, "key_lines", {}).get(key, line)  # the key's own line, for a scalar value
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", line)
    if error.validator == "additionalProperties" and isinstance(node, dict):
        extra = sorted(set(node) - set(error.schema.get("properties", {})), key=str)
        line = getattr(node, "key_lines", {}).get(extra[0], line) if extra else line
    where = ".".join(str(k) for k in error.absolute_path) or "the file"
    raise EditorialError(rel, f"{where}: {error.message}", "see editorial/README.md (schema: "
                         "digest/editorial.schema.json)", line)


def apply_editorial(doc: Document, path: Path, rel: str, registry, hant=None,
                    warnings: list[str] | None = None) -> Document:
    f = _File(path, rel, doc, registry)
    data = load_yaml_lines(path, rel, EditorialError) or {}
    if not isinstance(data, dict):
        f.fail(data, "an editorial file must be a mapping of sections", "see editorial/README.md")
    check_target(f, data)
    check_schema(data, rel)
    top = f.mapping(data, rel, _SECTIONS)
    doc = _overrides(f, top, hant)
    doc = _corrections(f, top, doc, hant)
    f.doc, f.paragraphs = doc, {b.id for b in doc.blocks}
    changes = {"english": _english(f, top, doc, warnings if warnings is not None else []),
               "notes_by_paragraph": _notes(f, top)}
    for kind, attr in (("region", "regions"), ("park", "parks"), ("tags", "tags")):
        section = f.mapping(top.get(kind), kind, {"add", "remove"})
        tags = list(getattr(doc, attr))
        for id_ in section.get("remove") or []:
            if not any(t.id == id_ for t in tags):
                f.fail(section, f"{kind} {id_!r} is not tagged on {doc.id}", "remove only what the page shows")
            tags = [t for t in tags if t.id != id_]
        for item in section.get("add") or []:
            item = f.mapping(item, f"{kind}.add", {"id", "paragraph"})
            for key in ("id", "paragraph"):
                if key not in item:
                    f.fail(item, f"{kind}.add entry is missing '{key}'", f"add '{key}: …'")
            entity = f.entity(item, kind, item["id"])
            tag_kind = {"region": "region", "park": "park"}.get(kind, getattr(entity, "kind", "sector"))
            tags = [t for t in tags if t.id != entity.id] + [
                Tag(tag_kind, entity.id, entity.name, f.paragraph(item, item["paragraph"]), 1, editorial=True)]
        changes[attr] = tuple(tags)
    changes["goals"] = _goals(f, f.mapping(top.get("goals"), "goals", {"add", "remove", "correct"}))
    changes["events"] = _events(f, f.mapping(top.get("events"), "events", {"add", "remove"}))
    if changes["english"] is not None:
        # After goals and events are final: a translation names one that is on the page.
        changes["english"] = replace(changes["english"], facts=_facts_en(f, top, changes["goals"], changes["events"],
                                                                        warnings if warnings is not None else []),
                                     **_translator(f, top))
    return replace(doc, **changes)


def check_target(f: _File, data) -> None:
    """The file must name the seed (and article) it annotates: ids are file names, but a seed
    renamed, or a page cut into articles differently, must not carry an editor's work elsewhere."""
    a, lines = f.doc.article, getattr(data, "key_lines", {})
    name = a.seed.path.rsplit("/", 1)[-1]
    if not isinstance(data, dict) or "seed" not in data:
        f.fail(data, "does not name the seed it annotates", f"add 'seed: {name}' at the top")
    if data["seed"] != name:
        raise EditorialError(f.rel, f"annotates seed {data['seed']!r}, but {f.doc.id} now comes from {name!r}",
                             "rename the file after the document of that seed (see its front matter 'id'), "
                             "or fix 'seed:'", lines.get("seed"))
    if (a.count > 1 or "article" in data) and data.get("article") != a.index:
        raise EditorialError(f.rel, f"names article {data.get('article')!r} of {name}, but {f.doc.id} is article "
                             f"{a.index} of {a.count}", f"check which article it annotates and write "
                             f"'article: {a.index}' or rename the file", lines.get("article") or lines.get("seed"))


def _goal_from(f: _File, item, base: Goal | None) -> Goal:
    fields = {k: item[k] for k in item}
    if "paragraph" in fields:
        f.paragraph(item, fields["paragraph"])
    scope = fields.pop("scope", None)
    g = base or Goal("", None, "", None, None, None, None, None, None, None, "region", None, None, "", "")
    g = replace(g, **fields, editorial=True)
    if scope is not None:
        if scope in f.registry.parks:
            g = replace(g, scope_kind="park", scope_id=scope, scope_name=f.registry.parks[scope].name)
        elif scope in f.registry.regions:
            g = replace(g, scope_kind="region", scope_id=scope, scope_name=f.registry.regions[scope].name)
        else:
            f.fail(item, f"scope {scope!r} is neither a park nor a region id", "use an id from registry/")
    nv, nu = normalise(g.value, g.unit)
    return replace(g, value_normalised=nv, normalised_unit=nu)


def _removed(f: _File, section, items: tuple, what: str) -> dict:
    """``items`` by id, less those the section's ``remove`` names (each must exist)."""
    by_id = {i.id: i for i in items}
    for item_id in section.get("remove") or []:
        if item_id not in by_id:
            f.fail(section, f"{what} {item_id!r} is not on {f.doc.id}", f"use an id from the page's {what} list")
        del by_id[item_id]
    return by_id


def _required(f: _File, item, keys: tuple[str, ...], where: str) -> None:
    for key in keys:
        if key not in item:
            f.fail(item, f"{where} entry is missing '{key}'", f"add '{key}: …'")


def _goals(f: _File, section) -> tuple:
    goals = _removed(f, section, f.doc.goals, "goal")
    for gid, fix in (f.mapping(section.get("correct"), "goals.correct", set(goals)) or {}).items():
        fix = f.mapping(fix, f"goals.correct.{gid}", _GOAL_FIELDS)
        goals[gid] = _goal_from(f, fix, goals[gid])
    out = list(goals.values())
    for n, item in enumerate(section.get("add") or [], start=1):
        item = f.mapping(item, "goals.add", _GOAL_FIELDS)
        _required(f, item, ("metric", "paragraph", "quote"), "goals.add")
        out.append(replace(_goal_from(f, item, None), id=f"g-ed{n}"))
    return tuple(out)


def _events(f: _File, section) -> tuple:
    out = list(_removed(f, section, f.doc.events, "event").values())
    for n, item in enumerate(section.get("add") or [], start=1):
        item = f.mapping(item, "events.add", _EVENT_FIELDS)
        _required(f, item, ("date", "title", "paragraph"), "events.add")
        out.append(Event(f"e-ed{n}", str(item["date"]), str(item["end_date"]) if item.get("end_date") else None,
                         item["title"], item.get("place"), f.paragraph(item, item["paragraph"]), item["title"],
                         "editorial", (), editorial=True))
    return tuple(sorted(out, key=lambda e: e.date))


def annotate(documents: list[Document], editorial: Path, root: Path, registry, hant=None,
             warnings: list[str] | None = None) -> list[Document]:
    """Apply every editorial file; a file for an unknown document is an error.
    Stale translations are appended to ``warnings`` (the build goes on; --strict fails)."""
    by_id = {d.id: d for d in documents}
    if not editorial.is_dir():
        return documents
    for path in sorted(editorial.iterdir()):
        if path.suffix != ".yml" and path.suffix.lower() in (".yaml", ".yml", ".json"):
            raise EditorialError(_shown(path, root), "is not read: editorial files end in .yml",
                                 f"rename it {path.stem}.yml")
    for path in sorted(editorial.glob("*.yml")):
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        doc_id = path.stem
        if doc_id not in by_id:
            data = load_yaml_lines(path, rel, EditorialError)
            seed = data.get("seed") if isinstance(data, dict) else None
            now = sorted(d.id for d in documents if seed and d.article.seed.path.rsplit("/", 1)[-1] == seed)
            raise EditorialError(rel, f"no document has the id {doc_id!r}" + (
                f" (seed {seed} now has {', '.join(now)})" if now else ""),
                "name the file after a document id (see the front matter 'id')",
                getattr(data, "key_lines", {}).get("seed"))
        by_id[doc_id] = apply_editorial(by_id[doc_id], path, rel, registry, hant, warnings)
    return [by_id[d.id] for d in documents]


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _text(f: _File, node, key: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        f.fail(node, f"'{key}' must be non-empty text", f"write '{key}: …'")
    return value.strip()


def _overrides(f: _File, top: dict, hant) -> Document:
    doc, changes = f.doc, {}
    if "title" in top:
        changes["title"] = _text(f, top, "title", top["title"])
        changes["title_hant"] = hant.convert(changes["title"]) if hant else changes["title"]
    if "date" in top:
        value = top["date"]
        if value is not None and not isinstance(value, datetime.date):
            f.fail(top, f"'date' must be an ISO date (YYYY-MM-DD) or null, not {value!r}", "write date: 2024-11-19")
        changes["date"] = value.isoformat() if value else None
        changes["date_evidence"] = "editorial file"
    if "source" in top:
        changes["provenance"] = _provenance(f, top["source"])
    if "doc_type" in top:
        if top["doc_type"] not in DOC_TYPES:
            f.fail(top, f"doc_type {top['doc_type']!r} is not one of {', '.join(sorted(DOC_TYPES))}",
                   "pick one of those")
        changes["doc_type"] = top["doc_type"]
    if "publish" in top:
        if not isinstance(top["publish"], bool):
            f.fail(top, "'publish' must be true or false", "write publish: false and a reason")
        if top["publish"] is False:
            changes.update(published=False,
                           exclusion="editorial decision: " + _text(f, top, "reason", top.get("reason")))
        else:
            changes.update(published=True, exclusion=None)
    return replace(doc, **changes)


_SOURCE_TEXT = ("issuer", "note", "note_en")
_SOURCE_URLS = ("url", "copy_url", "archive")
_SOURCE_DATES = ("published", "retrieved")


def _provenance(f: _File, node) -> Provenance:
    """``source:`` — issuer, original URL, re-post URL, dates and archived copy."""
    section = f.mapping(node, "source", {*_SOURCE_TEXT, *_SOURCE_URLS, *_SOURCE_DATES})
    values = {}
    for key in _SOURCE_TEXT:
        if section.get(key) is not None:
            values[key] = _text(f, section, f"source.{key}", section[key])
    for key in _SOURCE_URLS:
        value = section.get(key)
        if value is not None:
            # Only web addresses: a javascript: or data: link must never reach a page.
            if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s<>\"'`]+", value.strip()):
                f.fail(section, f"'source.{key}' must be an http(s) address, not {value!r}",
                       f"write {key}: https://…")
            values[key] = value.strip()
    for key in _SOURCE_DATES:
        value = section.get(key)
        if value is not None:
            if not isinstance(value, datetime.date):
                f.fail(section, f"'source.{key}' must be an ISO date (YYYY-MM-DD), not {value!r}",
                       f"write {key}: 2024-11-25")
            values[key] = value.isoformat()
    return Provenance(**values)


def _corrections(f: _File, top: dict, doc: Document, hant) -> Document:
    section = top.get("corrections")
    if section is None:
        return doc
    if not isinstance(section, dict):
        f.fail(top, "'corrections' must map paragraph ids to {text, reason}", "see editorial/README.md")
    blocks = {b.id: b for b in doc.blocks}
    for pid, fix in section.items():
        f.paragraph(section, pid)
        fix = f.mapping(fix, f"corrections.{pid}", {"text", "reason"})
        text, reason = _text(f, fix, "text", fix.get("text")), _text(f, fix, "reason", fix.get("reason"))
        b = blocks[pid]
        blocks[pid] = replace(b, text=text, text_hant=hant.convert(text) if hant else text,
                              original=b.original or b.text, correction_reason=reason)
    return replace(doc, blocks=tuple(blocks[b.id] for b in doc.blocks))


def _english(f: _File, top: dict, doc: Document, warnings: list[str]) -> English | None:
    keys = ("title_en", "kicker_en", "subtitle_en", "summary_en", "translations", "goals_en", "events_en")
    if not any(k in top for k in keys):
        return None
    section = top.get("translations") or {}
    if not isinstance(section, dict):
        f.fail(top, "'translations' must map paragraph ids to {source, en}", "see editorial/README.md")
    blocks = {b.id: b for b in doc.blocks}
    paragraphs = []
    for pid, item in section.items():
        f.paragraph(section, pid)
        item = f.mapping(item, f"translations.{pid}", {"source", "en"})
        current = fingerprint(blocks[pid].text)
        if "source" not in item:
            f.fail(item, f"translation of {pid} does not say which Chinese text it translates",
                   f"add 'source: {current}' (the fingerprint of the paragraph now)")
        t = Translation(_text(f, item, "en", item.get("en")), str(item["source"]), current)
        if t.stale:
            warnings.append(f"{f.rel}:{item.line}: translation of {pid} is stale: the Chinese paragraph changed "
                            f"(translated {t.source}, now {t.current}); update the English and set "
                            f"source: {t.current}")
        paragraphs.append((pid, t))
    get = lambda k: _text(f, top, k, top[k]) if k in top else None  # noqa: E731
    return English(get("title_en"), get("kicker_en"), get("subtitle_en"), get("summary_en"), tuple(paragraphs))


TRANSLATION_STATUS = ("machine-draft", "human-reviewed")


def _translator(f: _File, top: dict) -> dict:
    """``translation: {by, status}``: who made the English and whether a person has checked it."""
    section = f.mapping(top.get("translation"), "translation", {"by", "status"})
    status = section.get("status", "machine-draft")
    if status not in TRANSLATION_STATUS:
        f.fail(section, f"translation.status {status!r} is not one of {', '.join(TRANSLATION_STATUS)}",
               "write status: machine-draft until a person has checked the English")
    return {"by": _text(f, section, "translation.by", section["by"]) if "by" in section else None,
            "status": status}


def _facts_en(f: _File, top: dict, goals, events, warnings: list[str]) -> tuple:
    """``goals_en`` and ``events_en``: the English of each goal's metric and each event's title
    (and place), with the Chinese they translate, so a changed Chinese makes them stale."""
    out = []
    for key, noun, items, field_ in (("goals_en", "goal", goals, "metric"), ("events_en", "event", events, "title")):
        node = top.get(key)
        section = f.mapping(node, key, set(node) if isinstance(node, dict) else set())
        by_id = {i.id: i for i in items}
        for fid, item in section.items():
            if fid not in by_id:
                f.fail(section, f"{key}: {fid!r} is not a {noun} of {f.doc.id}",
                       f"use a {noun} id from the page's front matter ({noun}s: … id:)")
            item = f.mapping(item, f"{key}.{fid}", {"zh", "en", "place_zh", "place_en"})
            current = getattr(by_id[fid], field_) or ""
            t = FactTranslation(_text(f, item, "zh", item.get("zh")), _text(f, item, "en", item.get("en")), current,
                                item.get("place_zh"), item.get("place_en"))
            if t.stale:
                warnings.append(f"{f.rel}:{item.line}: the English of {fid} is stale: its Chinese is now "
                                f"{current!r}, not {t.zh!r}; update the English and set zh: {current}")
            out.append((fid, t))
    return tuple(out)


def _notes(f: _File, top: dict) -> tuple:
    out = []
    for item in top.get("notes") or []:
        item = f.mapping(item, "notes", {"paragraph", "zh", "en"})
        if "paragraph" not in item or not (item.get("zh") or item.get("en")):
            f.fail(item, "a note needs 'paragraph' and at least one of 'zh', 'en'", "write paragraph: p3, zh: …")
        out.append((f.paragraph(item, item["paragraph"]),
                    Note(item.get("zh"), item.get("en"))))
    return tuple(out)
