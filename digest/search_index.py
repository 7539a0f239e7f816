"""After the site is built: one Pagefind search index per edition, with words found as written.

Run by ``scripts/setup-and-build.sh`` after ``mkdocs build`` (a post-build step, not a MkDocs
hook, so any builder that writes the same HTML can use it: Zensical runs no hooks)::

    python -m digest.search_index site

Why not the engines' own word cutting: Material's search cuts the index with jieba and the
query by what the index happens to hold, then matches every piece as a word prefix, so 高淳
found 高端 and 高质量; Pagefind's own Chinese segmenter does the same. Here a reader's query
is a string to find, so the index holds every pair of neighbouring Han characters (a bigram)
and every single character, and a query of n characters asks for its n-1 bigrams together.
A two-character query is then exactly "pages containing it"; a longer one is checked against
the page's text in the browser (``overrides/assets/search.js``) before it is shown.

Script folding: index and query are both folded to Simplified characters with one
character-for-character table made from OpenCC ``t2s`` at build time (shipped to the browser
with the index), so 產值 finds 产值 in either Chinese edition and the other way round. The
page's own text stays in its script for the excerpt; only the runs that folding changes are
indexed a second time, after a sentinel.

Aliases: ``registry/regions.yml`` and ``registry/parks.yml`` give groups of names; a query that
is one of them also asks for the others (the browser does it from the same JSON file).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import yaml

from .registry import Registry
from .script import to_simplified

# Han characters, as the browser's search.js spells them (one range list for both sides).
HAN_RANGES = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN_RANGES}]+")
_PIECE = re.compile(f"(?P<han>[{HAN_RANGES}]+)|(?P<space>\\s+)|(?P<punct>[^\\x00-\\x7f\\w])"
                    f"|(?P<word>(?:(?![{HAN_RANGES}\\s])[\\x00-\\x7f\\w])+)")
# Written between a page's own tokens and its folded ones; the decoder stops there.
SENTINEL = "\u3013"
# Stands for whitespace the page had beside Han text or non-ASCII punctuation (not indexed).
SPACE = "\u303f"
# What the browser loads besides Pagefind's bundle, in the bundle's folder.
DATA_FILE = "digest-search.json"
# Pagefind's language for the Chinese editions: one Pagefind has no segmenter for, so it keeps
# our tokens whole (with "zh" its extended binary would cut them again).
UNSEGMENTED = "und"
# A page whose title holds the query ranks first (Pagefind's weights; its default for <h1> is 7).
TITLE_WEIGHT = ' data-pagefind-weight="7"'
# Pages whose hits would not be the reader's document: each seed's cleaning record repeats the
# text beside the noise removed from it, and the build report is data.
SKIPPED = (re.compile(r"^sources/[^/]+/$"), re.compile(r"^reports/"), re.compile(r"^404\.html$"))
# Pagefind writes its own search UIs too; the site uses its JavaScript API only.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                       "pagefind-modular-ui.css", "pagefind-component-ui.js",
                       "pagefind-component-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True, slots=True)
class Edition:
    folder: str
    """Relative to the site root: "", "zh-Hant/", "en/"."""
    lang: str
    """The edition's <html lang>."""

    @property
    def pagefind_language(self) -> str:
        return "en" if self.lang.startswith("en") else UNSEGMENTED


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    """Relative to the edition root, ending in "/" (MkDocs' directory URLs)."""
    title: str
    text: str
    """The article's text, blocks separated by newlines, whitespace collapsed."""


# --------------------------------------------------------------------------- text of a page

_BLOCKS = {"p", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "div",
           "dd", "dt", "blockquote", "pre", "table", "ul", "ol", "section", "details", "summary"}
_SKIP = {"script", "style", "template", "svg"}


_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col"}


class _Article(HTMLParser):
    """The text of <article class="md-content__inner …"> and its first <h1>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0            # open elements inside the article (0: outside it)
        self.skip_at = 0          # depth at which a skipped element (script, ¶ link) opened
        self.in_h1 = False
        self.h1: list[str] = []
        self.parts: list[str] = []
        self.in_title = False
        self.title: list[str] = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "title":
            self.in_title = True
        if self.depth == 0:
            if tag == "article" and "md-content__inner" in classes.split():
                self.depth = 1
            return
        if tag in _VOID:
            if tag == "br" and not self.skip_at:
                self.parts.append("\n")
            return
        self.depth += 1
        if self.skip_at:
            return
        if tag in _SKIP or "headerlink" in classes.split():
            self.skip_at = self.depth
            return
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "h1" and not self.h1:
            self.in_h1 = True

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if self.depth == 0 or tag in _VOID:
            return
        if self.skip_at:
            if self.depth == self.skip_at:
                self.skip_at = 0
            self.depth -= 1
            return
        self.depth -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        if self.depth and not self.skip_at:
            self.parts.append(data)
            if self.in_h1:
                self.h1.append(data)


def page_text(html: str) -> tuple[str, str]:
    """(title, text) of a built page: the article only, blocks on their own lines.

    >>> page_text('<title>T - S</title><article class="md-content__inner md-typeset">'
    ...           '<h1>联影小镇<a class="headerlink">¶</a></h1><p>嘉定<b>工业区</b></p><td>甲</td><td>乙</td></article>')
    ('联影小镇', '联影小镇\\n嘉定工业区\\n甲\\n乙')
    """
    parser = _Article()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(parser.h1).split()) or " ".join("".join(parser.title).split())
    return title, text


# --------------------------------------------------------------------------- tokens

def tokens(text: str) -> str:
    """The text as Pagefind should index it: each run of Han characters as its bigrams plus its
    last character alone (so every character starts one token and a one-character query finds
    every occurrence as a prefix), everything else as it is, with spaces around the Han tokens
    and around non-ASCII punctuation (Pagefind splits words at ASCII punctuation only). Where
    the text had whitespace beside a Han run or such punctuation, a mark says so, so that the
    browser rebuilds the text exactly (2027年 and 2027 年 stay apart).

    >>> tokens("南京高淳区，2027年 医疗 in Jiangsu")
    '南京 京高 高淳 淳区 区 ， 2027 年 〿 医疗 疗 〿 in Jiangsu'
    """
    pieces = [(m.lastgroup, m.group()) for m in _PIECE.finditer(text.replace(SENTINEL, " ").replace(SPACE, " "))]
    out = []
    for i, (kind, piece) in enumerate(pieces):
        if kind == "han":
            out.append(" ".join(piece[j:j + 2] for j in range(len(piece))))
        elif kind != "space":
            out.append(piece)
        elif {pieces[i - 1][0] if i else "", pieces[i + 1][0] if i + 1 < len(pieces) else ""} & {"han", "punct"}:
            out.append(SPACE)
    return " ".join(out)


def parts(page: Page, table: dict[str, str]) -> list[tuple[bool, str]]:
    """What Pagefind indexes for a page, as (weighted, tokens): the title (weighted, when the
    text starts with it) and the rest; then, after the sentinel, the folded form of each Han
    run that folding changes, title runs weighted too. The browser rebuilds the page's text
    from the part before the sentinel.

    >>> parts(Page("x/", "醫療", "醫療\\n器械"), {"醫": "医", "療": "疗"})
    [(True, '醫療 療'), (False, '〿 器械 械'), (False, '〓'), (True, '医疗 疗')]
    """
    title, _, rest = page.text.partition("\n")
    if title != page.title:
        title, rest = "", page.text
    out = [(True, tokens(title)), (False, (SPACE + " " if title and rest else "") + tokens(rest))]
    folded = [tokens(" ".join(f for run in dict.fromkeys(HAN_RUN.findall(t)) if (f := fold(run, table)) != run))
              for t in (title, rest)]
    if any(folded):
        out += [(False, SENTINEL), (True, folded[0]), (False, folded[1])]
    return [(weighted, t) for weighted, t in out if t]


def content(page: Page, table: dict[str, str]) -> str:
    """The page's content as Pagefind stores it.

    >>> content(Page("x/", "醫療", "醫療 器械"), {"醫": "医", "療": "疗"})
    '醫療 療 〿 器械 械 〓 医疗 疗'
    """
    return " ".join(t for _, t in parts(page, table))


# --------------------------------------------------------------------------- folding

def fold(text: str, table: dict[str, str]) -> str:
    """Character for character (lengths stay equal, so offsets carry over to the page's text).

    >>> fold("產值", {"產": "产"})
    '产值'
    """
    return "".join(table.get(c, c) for c in text)


def fold_table(chars: set[str]) -> dict[str, str]:
    """Traditional → Simplified for every Han character whose Simplified form is in ``chars``
    (the characters of the site and the registry's names, folded): OpenCC ``t2s`` one
    character at a time, one-to-one mappings only. A character the site cannot contain in
    either form is left out; the table stays a few kilobytes.

    >>> fold_table({"产", "值"})["產"]
    '产'
    """

    candidates = [chr(c) for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
                  for c in range(lo, hi + 1)]
    converted = to_simplified("\n".join(candidates)).split("\n")
    full = {t: s for t, s in zip(candidates, converted) if len(s) == 1 and s != t}
    wanted = {full.get(c, c) for c in chars}
    return {t: s for t, s in sorted(full.items()) if s in wanted}


# --------------------------------------------------------------------------- editions and pages

class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml with its !!python tags read as nothing (only extra.alternate is wanted)."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def editions_of(config: Path) -> list[Edition]:
    """The editions the language switcher lists (``extra.alternate`` of mkdocs.yml)."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return [Edition(folder=str(alt.get("link") or ""), lang=str(alt["lang"]))
            for alt in data["extra"]["alternate"]]


def pages_of(site: Path, edition: Edition, editions: list[Edition]) -> list[Page]:
    root = site / edition.folder
    others = [site / e.folder for e in editions if e.folder and e.folder != edition.folder]
    found = []
    for path in sorted(root.rglob("*.html")):
        if any(o in path.parents for o in others) or "pagefind" in path.relative_to(root).parts:
            continue
        rel = path.relative_to(root).as_posix()
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if any(p.search(url or "index") for p in SKIPPED):
            continue
        title, text = page_text(path.read_text(encoding="utf-8"))
        if text:
            found.append(Page(url=url, title=title, text=text))
    return found


def alias_groups(registry_dir: Path, table: dict[str, str], english: bool) -> list[list[str]]:
    """Groups of names that mean one park or region (regions.yml and parks.yml), folded and
    lower-cased as the browser folds a query; with the English names in the English edition."""

    registry = Registry.load(registry_dir)
    groups = []
    entities = [r for r in registry.regions.values() if r.curated] + list(registry.parks.values())
    for entity in sorted(entities, key=lambda e: e.id):
        names = [entity.name, *entity.aliases] + ([entity.en] if english and entity.en else [])
        folded = list(dict.fromkeys(fold(n, table).lower() for n in names if n))
        if len(folded) > 1:
            groups.append(folded)
    return groups


def matching(query: str, pages: list[Page], table: dict[str, str], groups: list[list[str]]) -> set[str]:
    """The pages a query should find: those whose text holds it, or another name of the park or
    region it names, in either script (what the browser tests and bench/search.py expect).

    >>> pages = [Page("a/", "", "南京高淳区"), Page("b/", "", "高端医疗"), Page("c/", "", "高淳開發區")]
    >>> sorted(matching("高淳", pages, {"開": "开", "發": "发", "區": "区"}, []))
    ['a/', 'c/']
    """
    folded = fold(query, table).lower().strip()
    names = {folded}
    for group in groups:
        if folded in group:
            names.update(group)
    return {p.url for p in pages if any(n in fold(p.text, table).lower() for n in names)}


# --------------------------------------------------------------------------- writing

def _stub(page: Page, edition: Edition, table: dict[str, str]) -> str:
    """The HTML Pagefind indexes for a page: our tokens as its body (inline elements: Pagefind
    ends a block element's text with ". "), the title as metadata."""
    return (f'<!doctype html><html lang="{edition.pagefind_language}"><head><meta charset="utf-8"></head>'
            f'<body><span data-pagefind-meta="title">{escape(page.title)}</span>'
            '<div data-pagefind-body>'
            + " ".join(f'<span{TITLE_WEIGHT if weighted else ""}>{escape(t)}</span>'
                       for weighted, t in parts(page, table))
            + '</div></body></html>')


def _write_bundle(out: Path, edition: Edition, pages: list[Page], table: dict[str, str]) -> None:
    """Pagefind's command line over one stub page per page (its Python API answers one call per
    0.1 s, 10 s for this site's three editions; the command line takes a fraction of one)."""

    with tempfile.TemporaryDirectory(prefix="digest-search-") as tmp:
        for page in pages:
            stub = Path(tmp) / page.url / "index.html" if page.url.endswith("/") or not page.url \
                else Path(tmp) / page.url
            stub.parent.mkdir(parents=True, exist_ok=True)
            stub.write_text(_stub(page, edition, table), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", tmp, "--output-path", str(out),
             "--force-language", edition.pagefind_language, "--silent"],
            capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"pagefind failed on {out}:\n{result.stdout}{result.stderr}")


def build(site: Path, root: Path) -> dict[str, dict]:
    """Write ``<edition>/pagefind/`` for every edition of ``site``; return what was indexed."""

    editions = editions_of(root / "mkdocs.yml")
    pages = {e.folder: pages_of(site, e, editions) for e in editions}
    chars = {c for ps in pages.values() for p in ps for c in p.text + p.title if HAN_RUN.match(c)}
    registry = Registry.load(root / "registry")
    for entity in [*registry.regions.values(), *registry.parks.values()]:
        if getattr(entity, "curated", True):
            chars.update(c for n in (entity.name, *entity.aliases) for c in n if HAN_RUN.match(c))
    table = fold_table(chars)
    stats = {}
    for edition in editions:
        out = site / edition.folder / "pagefind"
        if out.exists():
            shutil.rmtree(out)
        _write_bundle(out, edition, pages[edition.folder], table)
        for name in UNUSED_BUNDLE_FILES:
            (out / name).unlink(missing_ok=True)
        data = {
            # The language the index was built in, and so the one Pagefind must search in: not
            # the page's (search.js says why).
            "language": edition.pagefind_language,
            "sentinel": SENTINEL,
            "space": SPACE,
            "fold": ["".join(table), "".join(table.values())],
            "aliases": alias_groups(root / "registry", table, edition.lang.startswith("en")),
        }
        (out / DATA_FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                     encoding="utf-8")
        stats[edition.lang] = {"pages": len(pages[edition.folder]),
                               "bytes": sum(f.stat().st_size for f in out.rglob("*") if f.is_file())}
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.search_index", description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build's site_dir)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the project (mkdocs.yml, registry/)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html; build the site first (mkdocs build)", file=sys.stderr)
        return 1
    stats = build(args.site, args.root)
    if not args.quiet:
        for lang, s in stats.items():
            print(f"search index {lang}: {s['pages']} pages, {s['bytes']:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
