"""Stage 7: write the Markdown site from Jinja2 templates.

``render_pages`` is pure: it returns ``{path under docs/: text}``. ``write_tree``
is the only function of the build that writes output, and ``stale_files`` is
what ``--check`` uses. Seed text is always data: it goes through ``md_text`` or
``html_text`` before it reaches a page, and is never a template.
"""
from __future__ import annotations

import errno
import html
import json
import os
import re
import shutil
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2
import yaml
from markupsafe import Markup

from .annotate import DOC_TYPES
from .errors import OutputError
from .model import Document
from .report import SeedOutcome, accounting, all_changes
from .script import TraditionalConverter
from .text import HAN_RE
from .data import (COLUMN_DOCS, COLUMN_DOCS_ZH, EVENT_COLUMNS, GOAL_COLUMNS, atom_feed, documents_json,
                   events_csv, goals_csv, page_url)
from .identity import seed_id
from .places import roll_up, timeline as place_timeline, via
from .tables import table_helpers


def html_text(text: str) -> str:
    """Escape for raw HTML blocks: Markdown does not look inside them.

    >>> html_text('<script>"x"</script>')
    '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
    """
    return html.escape(str(text), quote=True)


# Every ASCII punctuation mark → a numeric entity; line breaks and tabs → spaces.
_MD_ESCAPES = str.maketrans({**{chr(c): f"&#{c};" for c in range(33, 127) if not chr(c).isalnum()},
                             "\n": " ", "\r": " ", "\t": " "})


def md_text(text: str) -> str:
    """Escape for Markdown inline text: every ASCII punctuation mark becomes an entity,
    so no Markdown, HTML, snippet or attribute syntax can form from seed text.

    >>> md_text("# [a](javascript:x) --8<-- {{ y }}")
    '&#35; &#91;a&#93;&#40;javascript&#58;x&#41; &#45;&#45;8&#60;&#45;&#45; &#123;&#123; y &#125;&#125;'
    """
    return str(text).translate(_MD_ESCAPES)


# Chinese text: Han characters, or CJK and full-width punctuation (a quoted "（2）" is Chinese too).
_CHINESE = re.compile(f"{HAN_RE.pattern}|[\u3000-\u303f\uff01-\uff60]")


def lang_span(text, lang: str | None) -> Markup:
    """Markdown-escaped text; wrapped in ``<span lang>`` when ``lang`` is given, so screen
    readers, fonts and hyphenation treat a passage in another language as that language.

    >>> lang_span("医疗<器械>", "zh-Hans"), lang_span("x", None)
    (Markup('<span lang="zh-Hans">医疗&#60;器械&#62;</span>'), Markup('x'))
    """
    escaped = md_text("" if text is None else text)
    return Markup(f'<span lang="{lang}">{escaped}</span>' if lang else escaped)


def escape_value(value, ed: "Edition | None" = None) -> Markup:
    """The one escaping boundary of the templates (Jinja's ``finalize``): every value a
    template prints is Markdown-escaped unless it is already ``Markup`` (escaped by a
    filter or helper that knows its context). Numbers print as they are. On the English
    edition, a value with Chinese characters is marked as Chinese (``Edition.mark``).

    >>> escape_value("<b>x</b>"), escape_value(2027), escape_value(Markup("<p>"))
    (Markup('&#60;b&#62;x&#60;&#47;b&#62;'), Markup('2027'), Markup('<p>'))
    """
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(str(value))
    return ed.mark(value) if ed is not None else Markup(md_text("" if value is None else value))


@jinja2.pass_context
def _finalize(ctx, value) -> Markup:
    return escape_value(value, ctx.get("ed"))


@jinja2.pass_context
def _md_filter(ctx, value) -> Markup:
    ed = ctx.get("ed")
    return ed.mark(value) if ed is not None else Markup(md_text(value))


_URL_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def url_part(value) -> Markup:
    """An id in a link, an anchor or an HTML id: the build's own ASCII slugs pass as they are,
    anything else is percent-encoded, so it can never end the link or the attribute.

    >>> url_part("p7"), url_part("a b)")
    (Markup('p7'), Markup('a%20b%29'))
    """
    value = str(value)
    return Markup(value if _URL_SAFE.fullmatch(value) else urllib.parse.quote(value, safe=""))


def code_text(value, lang: str | None = None) -> Markup:
    """Inline code that no value can end (a backtick cannot close an HTML element).

    >>> code_text("a`b<c>.txt"), code_text("政策.txt", "zh-Hans")
    (Markup('<code>a&#96;b&#60;c&#62;&#46;txt</code>'), Markup('<code lang="zh-Hans">政策&#46;txt</code>'))
    """
    attr = f' lang="{lang}"' if lang else ""
    return Markup(f"<code{attr}>{md_text(value)}</code>")


@jinja2.pass_context
def _code_filter(ctx, value) -> Markup:
    """``code_text``; on the English edition, a file name with Chinese characters is marked as Chinese."""
    ed = ctx.get("ed")
    chinese = ed is not None and ed.english and _CHINESE.search(str(value))
    return code_text(value, "zh-Hans" if chinese else None)


def front_matter(data: dict) -> Markup:
    """YAML front matter through the safe dumper, never by string formatting.

    ``title`` is HTML-escaped here, once for every page: MkDocs themes print
    ``page.title`` without escaping (documents keep the verbatim title as ``headline``).
    """
    if isinstance(data.get("title"), str):
        data = {**data, "title": html.escape(data["title"], quote=False)}
    # libyaml's safe emitter when present (10× faster than PyYAML's pure-Python one).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return Markup("---\n" + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
                  + "---\n")


@dataclass(frozen=True)
class Edition:
    """One language edition of the site.

    ``t`` translates the templates' UI labels (written in Simplified Chinese);
    ``d`` shows data (seed text, registry text) in the edition's script; ``name``
    shows a registry entry by its English name in the English edition.
    """

    code: str
    """``zh`` (Simplified, canonical), ``zh-Hant`` or ``en``."""
    docs_dir: str
    convert: Callable[[str], str]
    labels: dict | None = None
    """English UI labels (templates/ui.en.yml), for the English edition."""

    @property
    def english(self) -> bool:
        return self.code == "en"

    @property
    def lang(self) -> str:
        """The BCP 47 tag of the edition's pages: ``zh-Hans``, ``zh-Hant`` or ``en``."""
        return {"zh": "zh-Hans"}.get(self.code, self.code)

    def mark(self, text) -> Markup:
        """Text escaped for Markdown; on the English edition, text with Chinese characters (an
        untranslated title, a quote, a registry name with no English) is marked ``lang="zh-Hans"``."""
        text = "" if text is None else str(text)
        return lang_span(text, "zh-Hans" if self.english and _CHINESE.search(text) else None)

    def t(self, label: str) -> str:
        if self.english:
            if label not in self.labels:
                raise KeyError(f"templates/ui.en.yml has no English for the label {label!r}; add it")
            english = self.labels[label]
            return english["other"] if isinstance(english, dict) else english
        return label if self.code == "zh" else self.convert(label)

    def n(self, count: int, label: str) -> str:
        """A count and its noun: ``3 篇文件``; in English ``1 document``, ``3 documents``
        (ui.en.yml gives ``{one: …, other: …}`` for a label that has a singular)."""
        if self.english and isinstance(self.labels.get(label), dict):
            return f"{count} {self.labels[label]['one' if count == 1 else 'other']}"
        return f"{count} {self.t(label)}"

    def label(self, entry: dict) -> str:
        """An entry of templates/ui.build.yml (``{zh: …, en: …}``) in this edition."""
        return entry["en"] if self.english else self.t(entry["zh"])

    def d(self, data: str | None) -> str | None:
        if data is None or self.code != "zh-Hant":
            return data
        return self.convert(data)

    def title(self, doc: Document) -> str:
        if self.english:
            return doc.english.title if doc.english and doc.english.title else doc.title
        return doc.title if self.code == "zh" else doc.title_hant

    def kicker(self, doc: Document) -> str | None:
        if self.english:
            return doc.english.kicker if doc.english and doc.english.kicker else doc.kicker
        return doc.kicker if self.code == "zh" else doc.kicker_hant

    def subtitle(self, doc: Document) -> str | None:
        if self.english and doc.english and doc.english.subtitle:
            return doc.english.subtitle
        return self.d(doc.subtitle)

    def text(self, block) -> str:
        """The block in this edition's script; the English edition shows Chinese where no translation is."""
        return block.text_hant if self.code == "zh-Hant" else block.text


def editions(hant: TraditionalConverter, labels: dict | None = None) -> list[Edition]:
    eds = [Edition("zh", "zh", lambda s: s), Edition("zh-Hant", "zh-Hant", hant.convert)]
    if labels is not None:
        eds.append(Edition("en", "en", lambda s: s, labels))
    return eds


@dataclass(frozen=True)
class BuildLabels:
    """Readers' names for the build's own vocabulary (templates/ui.build.yml): rule names, the
    fields text moves to, normalisations, refusal statuses and exclusion or date reasons."""

    rules: dict
    fields: dict
    normalised: dict
    refusals: dict
    reasons: tuple

    @classmethod
    def load(cls, path: Path) -> "BuildLabels":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(data["rules"], data["fields"], data["normalised"], data["refusals"], tuple(data["reasons"]))

    def entry(self, table: str, key: str) -> dict:
        entries = getattr(self, table)
        if key not in entries:
            raise KeyError(f"templates/ui.build.yml has no label for {key!r} under {table}; add it")
        return entries[key]

    def reason(self, text: str) -> tuple[dict, str]:
        """The entry a reason the build wrote matches, and the editor's words after its prefix
        (for a ``keep`` entry; else empty)."""
        for entry in self.reasons:
            if "starts" in entry and text.startswith(entry["starts"]):
                return entry, text[len(entry["starts"]):] if entry.get("keep") else ""
            if "contains" in entry and entry["contains"] in text:
                return entry, ""
        raise KeyError(f"templates/ui.build.yml has no label for the reason {text!r}; add one under reasons")


def label_helpers(ed: Edition, labels: BuildLabels, registry) -> dict:
    """Jinja helpers that show the build's own vocabulary in the edition's language."""

    def rule(name: str) -> Markup:
        """The rule's label, with its name beside it as the identifier a reviewer looks up."""
        return Markup(f"{md_text(ed.label(labels.entry('rules', name)))} {code_text(name)}")

    def field(name: str) -> str:
        return ed.label(labels.entry("fields", name))

    def normalised_as(name: str) -> str:
        return ed.label(labels.entry("normalised", name))

    def refusal(r) -> str:
        return ed.label(labels.entry("refusals", r.status))

    def reason(text: str, doc: Document | None = None) -> Markup:
        entry, rest = labels.reason(text)
        hits = doc.topic_hits if doc is not None else 0
        said = ed.label(entry).format(hits=hits, needed=registry.topic.min_body_hits)
        return Markup(md_text(said) + (ed.mark(ed.d(rest)) if rest else ""))

    return {"rule": rule, "field": field, "normalised_as": normalised_as, "refusal": refusal, "reason": reason}


def _env(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
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
    env.filters["code"] = _code_filter
    env.filters["fm"] = front_matter
    return env


def doc_front_matter(doc: Document, ed: Edition, regions: dict) -> dict:
    a = doc.article
    return {
        "id": doc.id,
        "title": ed.title(doc),
        "kicker": ed.kicker(doc),
        "date": doc.date,
        "doc_type": doc.doc_type,
        "source": {
            "seed": a.seed.path,
            "outlet": doc.outlet,
            "url": doc.url,
            "lines": list(a.lines),
        },
        "region": [t.as_dict(" › ".join(regions[t.id].path)) for t in doc.regions],
        "park": [t.as_dict() for t in doc.parks],
        "goals": [g.as_dict() for g in doc.goals],
        "events": [e.as_dict() for e in doc.events],
        "tags": [t.as_dict() for t in doc.tags],
        "subtitle": doc.subtitle if ed.code == "zh" or not doc.subtitle else ed.convert(doc.subtitle),
        "byline": list(doc.byline),
        "dateline": doc.dateline,
        "lang": ed.code,
        "translated": _translated(doc) if ed.english else None,
        "headline": ed.title(doc),
    }


def _translated(doc: Document) -> dict:
    """How much of the document has current English: {paragraphs, translated, stale}."""
    paragraphs = [b.id for b in doc.blocks]
    current = [p for p in paragraphs if doc.english and (t := doc.english.paragraph(p)) and not t.stale]
    stale = [p for p in paragraphs if doc.english and (t := doc.english.paragraph(p)) and t.stale]
    return {"paragraphs": len(paragraphs), "translated": len(current), "stale": stale}


def seed_slug(path: str) -> str:
    """The seed's cleaning-record page: its id, like its documents (``identity.seed_id``)."""
    return seed_id(path.rsplit("/", 1)[-1])


def _sort_key(doc: Document):
    # Newest first; undated documents last; ties by id for determinism.
    return (doc.date is None, "" if doc.date is None else "".join(chr(0x10FFFF - ord(c)) for c in doc.date), doc.id)


def json_lines(data: dict) -> str:
    """JSON with one list entry per line: C-encoder speed (indent= disables it) and line-sized diffs."""
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            items = ",\n".join(json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f"{json.dumps(key)}: [\n{items}\n]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def editorial_bytes(folder: Path | None, doc_id: str) -> bytes:
    path = folder / f"{doc_id}.yml" if folder else None
    return path.read_bytes() if path and path.is_file() else b""


def render_pages(outcomes: list[SeedOutcome], report: dict, templates: Path,
                 hant: TraditionalConverter, registry, cache=None, editorial: Path | None = None) -> dict[str, str]:
    env = _env(templates)
    docs = [d for o in outcomes for d in o.documents]
    published = sorted((d for d in docs if d.published), key=_sort_key)
    by_year: dict[str, list[Document]] = defaultdict(list)
    for d in published:
        by_year[d.date[:4] if d.date else "—"].append(d)
    pages: dict[str, str] = {}
    places = Places(published, registry)
    seed_keys = {d.id: o.key for o in outcomes for d in o.documents}
    labels = yaml.safe_load((templates / "ui.en.yml").read_text(encoding="utf-8"))
    build_labels = BuildLabels.load(templates / "ui.build.yml")
    contexts = [(ed, {"ed": ed, "t": ed.t, "show": ed.d, "all_changes": all_changes, "regions": registry.regions,
                      "glossary": registry.glossary, "doc_types": DOC_TYPES, **value_helpers(ed, registry),
                      **text_helpers(ed, registry, hant), **label_helpers(ed, build_labels, registry),
                      **table_helpers(ed, registry, places.rollup, lambda e, ed=ed: entity_name(ed, e), DOC_TYPES)})
                for ed in editions(hant, labels)]
    keyed = [(d, seed_keys.get(d.id, ""), editorial_bytes(editorial, d.id)) for d in published]
    pages.update(document_pages(env, contexts, keyed, registry, cache))
    for ed, ctx in contexts:
        pages.update(places.render(env, ed, ctx))
        pages[f"{ed.docs_dir}/glossary.md"] = env.get_template("glossary.md.j2").render(ctx)
        pages[f"{ed.docs_dir}/index.md"] = env.get_template("home.md.j2").render(
            ctx, documents=published[:20], total=len(published), excluded=len(docs) - len(published),
            seeds=len(outcomes))
        pages[f"{ed.docs_dir}/documents/index.md"] = env.get_template("documents.md.j2").render(
            ctx, years=sorted(by_year.items(), key=lambda kv: kv[0], reverse=True))
        seed_rows = [(o, seed_slug(o.seed.path if o.seed else o.refusal.path),
                      accounting(o) if o.seed else None) for o in outcomes]
        pages[f"{ed.docs_dir}/sources/index.md"] = env.get_template("sources.md.j2").render(
            ctx, rows=seed_rows)
        for o, slug, acc in seed_rows:
            if o.seed:
                path = f"{ed.docs_dir}/sources/{slug}.md"
                # The record shows each document's title and status, which its editorial file can change.
                key = cache.key("seedpage", o.key.encode(), ed.code.encode(), *(
                    f"{d.id}:{d.published}".encode() + editorial_bytes(editorial, d.id)
                    for d in o.documents)) if cache and o.key else None
                text = cache.get(key) if key else None
                if text is None:
                    text = env.get_template("seed.md.j2").render(ctx, outcome=o, acc=acc)
                    if key:
                        cache.put(key, text)
                pages[path] = text
    site_url = registry.site["url"]
    data_files = {"data/goals.csv": goals_csv(published, site_url),
                  "data/events.csv": events_csv(published, site_url),
                  "data/documents.json": documents_json(published, site_url, registry.regions)}
    for ed in editions(hant, labels):
        for name, text in data_files.items():
            pages[f"{ed.docs_dir}/{name}"] = text
        edition_path = "" if ed.code == "zh" else f"{ed.code}/"
        title = registry.site["title_en"] if ed.english else ed.t(registry.site["title"])
        pages[f"{ed.docs_dir}/feed.xml"] = atom_feed(published, site_url, title, edition_path)
        ctx = {"ed": ed, "t": ed.t, "show": ed.d}
        pages[f"{ed.docs_dir}/data/index.md"] = env.get_template("data.md.j2").render(
            ctx, goal_columns=GOAL_COLUMNS, event_columns=EVENT_COLUMNS,
            column_docs=COLUMN_DOCS if ed.english else {c: ed.t(d) for c, d in COLUMN_DOCS_ZH.items()})
    report_json = json_lines(report)
    for ed in editions(hant, labels):
        pages[f"{ed.docs_dir}/reports/build-report.json"] = report_json
    return pages


def document_pages(env, contexts, published: list[tuple[Document, str, bytes]], registry, cache) -> dict[str, str]:
    """Every edition's page of every document; a document unchanged since the last build is not re-rendered.
    ``published`` holds (document, its seed's cache key, its editorial file's bytes)."""
    pages: dict[str, str] = {}
    for doc, seed_key, editorial in published:
        # A page is a function of its seed, its editorial file and the code version (in every key).
        key = cache.key("pages", seed_key.encode(), doc.id.encode(), editorial) if cache and seed_key else None
        cached = cache.get(key) if key else None
        if cached is None:
            cached = {}
            for ed, ctx in contexts:
                edition_path = "" if ed.code == "zh" else f"{ed.code}/"
                fm = front_matter(doc_front_matter(doc, ed, registry.regions))
                cached[f"{ed.docs_dir}/documents/{doc.id}.md"] = env.get_template("document.md.j2").render(
                    ctx, doc=doc, url=page_url(registry.site["url"], doc, edition=edition_path),
                    front_matter=fm, seed_page=seed_slug(doc.article.seed.path), seen=set())
            if key:
                cache.put(key, cached)
        pages.update(cached)
    return pages


def stale_files(out: Path, pages: dict[str, str]) -> list[str]:
    """Files under ``out`` that differ from ``pages``, are missing, or should not exist."""
    stale = []
    for rel, text in pages.items():
        path = out / rel
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            stale.append(rel)
    for path in sorted(out.rglob("*")) if out.is_dir() else []:
        if path.is_file() and path.relative_to(out).as_posix() not in pages:
            stale.append(path.relative_to(out).as_posix())
    return sorted(stale)


def write_tree(out: Path, pages: dict[str, str]) -> list[str]:
    """Make ``out`` hold exactly ``pages``, all at once; return what changed.

    The new tree is written beside ``out`` and swapped in by two renames, so a
    kill, a full disk or a read-only folder leaves the previous ``out`` whole (an
    interrupted swap is finished by the next build). Unchanged files are hard links
    to the old ones: their times do not change. A ``docs/`` that cannot be renamed
    (a mount point) is written file by file, each file atomically. Raises ``OutputError``.
    """
    if out.exists() and not out.is_dir() or out.is_symlink():
        raise OutputError(str(out), "is not a folder (a file or a link is there)",
                          "pass --out a folder, or move that file away")
    _recover(out)
    changed = stale_files(out, pages)
    if not changed:
        return changed
    building = out.with_name(f".{out.name}.building-{os.getpid()}")
    previous = out.with_name(f".{out.name}.previous")
    try:
        _fresh_tree(building, out, pages, set(changed))
        if out.exists():
            os.replace(out, previous)
        os.replace(building, out)
    except OSError as err:
        shutil.rmtree(building, ignore_errors=True)
        _recover(out)
        if err.errno in (errno.EBUSY, errno.EXDEV) and out.is_dir():
            return _write_in_place(out, pages, changed)  # a mount point cannot be renamed
        raise OutputError(str(out), f"cannot be written ({err.strerror or err}); it was left as it was",
                          "free disk space or make the folder writable, then build again") from None
    shutil.rmtree(previous, ignore_errors=True)
    return changed


def _write_in_place(out: Path, pages: dict[str, str], changed: list[str]) -> list[str]:
    """For a ``docs/`` that cannot be renamed (a mount point): each changed file is written
    beside itself and renamed over the old one, so no file is ever half-written."""
    try:
        for rel in changed:
            path = out / rel
            if rel in pages:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                tmp.write_bytes(pages[rel].encode("utf-8"))
                os.replace(tmp, path)
            elif path.exists():
                path.unlink()
        for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    except OSError as err:
        raise OutputError(str(out), f"cannot be written ({err.strerror or err}); every file in it is whole, "
                          "some may be from the previous build", "free disk space or make the folder "
                          "writable, then build again") from None
    return changed


def _fresh_tree(building: Path, out: Path, pages: dict[str, str], changed: set[str]) -> None:
    shutil.rmtree(building, ignore_errors=True)
    for rel in sorted(pages):
        path = building / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel not in changed:
            try:
                os.link(out / rel, path)
                continue
            except OSError:
                pass
        with open(path, "wb") as f:
            f.write(pages[rel].encode("utf-8"))
    building.mkdir(parents=True, exist_ok=True)


def _recover(out: Path) -> None:
    """Finish what a killed build left: a swap half done, or a tree half written."""
    previous = out.with_name(f".{out.name}.previous")
    if previous.is_dir() and not out.exists():
        os.replace(previous, out)
    elif previous.is_dir():
        shutil.rmtree(previous, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.building-*") if out.parent.is_dir() else ():
        if not _alive(stale.name.rsplit("-", 1)[1]):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: str) -> bool:
    """Is the build that owns a ``.building-PID`` tree still running?"""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


# --------------------------------------------------------------------------- places, goals, timeline

def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


def value_helpers(ed: Edition, registry) -> dict:
    """Jinja helpers that turn goals into table cells (already escaped for Markdown)."""

    def scope_link(g, up: str) -> str:
        if not g.scope_id:
            return "—"
        folder = "parks" if g.scope_kind == "park" else "regions"
        entity = (registry.parks if g.scope_kind == "park" else registry.regions)[g.scope_id]
        return Markup(f"[{ed.mark(entity_name(ed, entity))}]({up}/{folder}/{url_part(g.scope_id)}.md)")

    def goal_number(g) -> str:
        if g.value_min is not None:
            return f"{_fmt(g.value_min)}–{_fmt(g.value_max)}"
        return _fmt(g.value) or "—"

    def goal_value(g) -> str:
        if g.value is None and g.value_min is None:
            return ed.mark(ed.d(g.comparator) if g.comparator else ed.t("（定性）"))
        parts = [ed.d(g.comparator) if g.comparator and g.comparator != "以上" else "", goal_number(g),
                 ed.d(g.unit or ""), ed.d("以上") if g.comparator == "以上" else ""]
        return ed.mark(" ".join(p for p in parts if p))

    def normalised(g) -> str:
        if g.value_normalised is None:
            return "—"
        label = {"yuan": "元", "m2": "平方米", "count": ""}[g.normalised_unit]
        if ed.english:
            label = {"yuan": "yuan", "m2": "m²", "count": ""}[g.normalised_unit]
        return f"{g.value_normalised:,.0f} {ed.d(label)}".strip()

    return {"scope_link": scope_link, "goal_value": goal_value, "goal_number": goal_number,
            "normalised": normalised}


class Places:
    """Which regions and parks get pages, and what each one lists (``places.roll_up``)."""

    def __init__(self, docs: list[Document], registry):
        self.docs, self.registry = docs, registry
        self.rollup = roll_up(docs, registry.regions, registry.parks)
        self.goals = [(d, g) for d in docs for g in d.goals]
        self.events = [(d, e) for d in docs for e in d.events]
        self.parks = [registry.parks[i] for i in self.rollup.parks]
        self.regions = set(self.rollup.regions)

    def render(self, env, ed: Edition, ctx: dict) -> dict[str, str]:
        reg, up = self.registry, self.rollup
        out = {}
        page = env.get_template("place.md.j2")
        for rid in sorted(self.regions):
            region, held = reg.regions[rid], up.regions[rid]
            out[f"{ed.docs_dir}/regions/{rid}.md"] = page.render(
                ctx, entity=region, path=[reg.regions[i] for i in region.ids], park=None, held=held,
                children=[(reg.regions[c], len(up.regions[c].docs)) for c in sorted(self.regions)
                          if reg.regions[c].parent == rid],
                parks=[reg.parks[p] for p in held.parks],
                via={d.id: [(reg.regions if kind == "region" else reg.parks)[i]
                            for kind, i in via(d, rid, reg.regions, reg.parks)] for d in held.docs},
                timeline=place_timeline(held.events, held.goals))
        for park in self.parks:
            held = up.parks[park.id]
            out[f"{ed.docs_dir}/parks/{park.id}.md"] = page.render(
                ctx, entity=park, path=None, park=park, held=held, children=[], parks=[], via={},
                timeline=place_timeline(held.events, held.goals))
        entries = []

        def walk(parent):
            for rid in sorted(r for r in self.regions if reg.regions[r].parent == parent):
                entries.append((reg.regions[rid], len(reg.regions[rid].ids) - 1, len(up.regions[rid].docs)))
                walk(rid)
        walk(None)
        places = env.get_template("places.md.j2")
        out[f"{ed.docs_dir}/regions/index.md"] = places.render(ctx, title="地区", entries=entries)
        out[f"{ed.docs_dir}/parks/index.md"] = places.render(
            ctx, title="园区", entries=[(p, 0, len(up.parks[p.id].docs)) for p in self.parks])
        out[f"{ed.docs_dir}/goals.md"] = env.get_template("goals.md.j2").render(
            ctx, goals=sorted(self.goals, key=lambda dg: (dg[1].scope_name or "", dg[1].year or 0, dg[0].id,
                                                          dg[1].id)))
        out[f"{ed.docs_dir}/timeline.md"] = env.get_template("timeline.md.j2").render(
            ctx, timeline=place_timeline(self.events, self.goals))
        return out


# --------------------------------------------------------------------------- names, glossary, translations

def entity_name(ed: Edition, entity) -> str:
    """A region, park, sector or organisation as this edition names it."""
    if ed.english and getattr(entity, "en", None):
        return entity.en
    return ed.d(entity.name)


def text_helpers(ed: Edition, registry, hant: TraditionalConverter) -> dict:
    """Helpers for names, paths and glossed paragraph HTML."""

    def name(x) -> str:
        kind = getattr(x, "kind", None)
        table = {"region": registry.regions, "park": registry.parks, "sector": registry.sectors,
                 "organisation": registry.organisations}.get(kind)
        entity = table.get(x.id, x) if table is not None else x
        return entity_name(ed, entity)

    def region_path_of(rid: str) -> str:
        return " › ".join(entity_name(ed, registry.regions[i]) for i in registry.regions[rid].ids)

    glossary = [(g, g.zh if ed.code != "zh-Hant" else hant.convert(g.zh)) for g in registry.glossary]

    def glossed(text: str, seen: set, english_text: bool = False) -> str:
        """Escaped paragraph HTML with a tooltip on each glossary term's first occurrence on the page."""
        spans = []
        for g, zh in glossary:
            if g.zh in seen:
                continue
            needle = g.en.split(" (")[0] if english_text else zh
            at = text.lower().find(needle.lower()) if english_text else text.find(zh)
            if at < 0 or any(a < at + len(needle) and at < b for a, b, _ in spans):
                continue
            seen.add(g.zh)
            spans.append((at, at + len(needle), g))
        out, pos = [], 0
        for a, b, g in sorted(spans, key=lambda x: x[0]):
            tip = f"{g.zh} {g.pinyin}: {g.en}. {g.note}" if english_text or ed.english else \
                f"{g.pinyin} · {g.en} — {g.note}"
            out += [md_text(text[pos:a]),
                    f'<abbr class="gloss" title="{html_text(tip)}">{md_text(text[a:b])}</abbr>']
            pos = b
        out.append(md_text(text[pos:]))
        return Markup("".join(out))

    def cite(doc: Document, url: str) -> str:
        """A citation a reader can copy: title, outlet, date, URL (no backticks can end the code block)."""
        parts = [ed.title(doc), outlet(doc.outlet) if doc.outlet else "", doc.date or ed.t("未注明日期"), url]
        return ". ".join(p for p in parts if p).replace("`", "'")

    outlets = {n: o for o in registry.organisations.values() for n in (o.name, *o.aliases)}

    def outlet(written: str) -> str:
        """An outlet as written, or its registry name in this edition when the registry knows it."""
        return entity_name(ed, outlets[written]) if written in outlets else ed.d(written)

    return {"name": name, "region_path_of": region_path_of, "glossed": glossed, "cite": cite, "outlet": outlet}
