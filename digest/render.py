"""Stage 7: write the Markdown site from Jinja2 templates.

``render_pages`` is pure: it returns ``{path under docs/: text}``. ``write_tree``
is the only function of the build that writes output, and ``stale_files`` is
what ``--check`` uses. Seed text is always data: it goes through ``md_text`` or
``html_text`` before it reaches a page, and is never a template.
"""
from __future__ import annotations

import html
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from .model import Document
from .report import SeedOutcome, accounting, all_changes
from .script import TraditionalConverter
from .extract import slugify


def html_text(text: str) -> str:
    """Escape for raw HTML blocks: Markdown does not look inside them.

    >>> html_text('<script>"x"</script>')
    '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
    """
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Escape for Markdown inline text: every ASCII punctuation mark becomes an entity,
    so no Markdown, HTML, snippet or attribute syntax can form from seed text.

    >>> md_text("# [a](javascript:x) --8<-- {{ y }}")
    '&#35; &#91;a&#93;&#40;javascript&#58;x&#41; &#45;&#45;8&#60;&#45;&#45; &#123;&#123; y &#125;&#125;'
    """
    out = []
    for ch in text:
        if ch.isascii() and not ch.isalnum() and ch != " ":
            out.append(f"&#{ord(ch)};")
        elif ch in "\n\r\t":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def front_matter(data: dict) -> str:
    """YAML front matter through the safe dumper, never by string formatting."""
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


@dataclass(frozen=True)
class Edition:
    """One language edition of the site."""

    code: str
    """``zh`` (Simplified, canonical) or ``zh-Hant``."""
    docs_dir: str
    """Folder under docs/."""
    convert: object
    """Callable turning Simplified UI text into this edition's script."""

    def text(self, block) -> str:
        return block.text if self.code == "zh" else block.text_hant

    def title(self, doc: Document) -> str:
        return doc.title if self.code == "zh" else doc.title_hant

    def kicker(self, doc: Document) -> str | None:
        return doc.kicker if self.code == "zh" else doc.kicker_hant

    def t(self, label: str) -> str:
        return label if self.code == "zh" else self.convert(label)


def editions(hant: TraditionalConverter) -> list[Edition]:
    return [Edition("zh", "zh", lambda s: s), Edition("zh-Hant", "zh-Hant", hant.convert)]


def _env(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown output: escaping is explicit, per context (md / html filters)
    )
    env.filters["md"] = md_text
    env.filters["html"] = html_text
    env.filters["fm"] = front_matter
    return env


def doc_front_matter(doc: Document, ed: Edition) -> dict:
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
        "region": [],
        "park": [],
        "goals": [],
        "events": [],
        "tags": [],
        "subtitle": doc.subtitle if ed.code == "zh" or not doc.subtitle else ed.convert(doc.subtitle),
        "byline": list(doc.byline),
        "dateline": doc.dateline,
        "lang": ed.code,
    }


def seed_slug(path: str) -> str:
    return slugify(Path(path).name.rsplit(".", 1)[0])


def _sort_key(doc: Document):
    # Newest first; undated documents last; ties by id for determinism.
    return (doc.date is None, "" if doc.date is None else "".join(chr(0x10FFFF - ord(c)) for c in doc.date), doc.id)


def render_pages(outcomes: list[SeedOutcome], report: dict, templates: Path,
                 hant: TraditionalConverter) -> dict[str, str]:
    env = _env(templates)
    docs = [d for o in outcomes for d in o.documents]
    published = sorted((d for d in docs if d.published), key=_sort_key)
    by_year: dict[str, list[Document]] = defaultdict(list)
    for d in published:
        by_year[d.date[:4] if d.date else "—"].append(d)
    pages: dict[str, str] = {}
    for ed in editions(hant):
        ctx = {"ed": ed, "t": ed.t, "all_changes": all_changes}
        for doc in published:
            fm = front_matter(doc_front_matter(doc, ed))
            pages[f"{ed.docs_dir}/documents/{doc.id}.md"] = env.get_template("document.md.j2").render(
                ctx, doc=doc, front_matter=fm, seed_page=seed_slug(doc.article.seed.path))
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
                pages[f"{ed.docs_dir}/sources/{slug}.md"] = env.get_template("seed.md.j2").render(
                    ctx, outcome=o, acc=acc)
    css = (templates / "assets" / "digest.css").read_text(encoding="utf-8")
    for ed in editions(hant):
        pages[f"{ed.docs_dir}/assets/digest.css"] = css
    report_json = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    for ed in editions(hant):
        pages[f"{ed.docs_dir}/reports/build-report.json"] = report_json
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
    """Make ``out`` hold exactly ``pages``; return what changed."""
    changed = stale_files(out, pages)
    for rel in changed:
        path = out / rel
        if rel in pages:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pages[rel].encode("utf-8"))
        elif path.exists():
            path.unlink()
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return changed
