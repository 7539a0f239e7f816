#!/usr/bin/env python3
"""Compare the site's search engines on a fixed query set, in headless Chromium.

    .venv/bin/python bench/search.py            # builds what it needs under a temporary folder
    .venv/bin/python bench/search.py --site site  # reuse a built site (with pagefind/) for "digest"
    .venv/bin/python bench/search.py --n 250 --engines material digest   # a synthetic corpus (bench/run.py's)

Engines:
  material          Material's built-in search as main had it: the lunr index cut with jieba
                    (registry names in its user dictionaries), the query cut by the worker
                    against the index's words, every piece a prefix.
  pagefind-default  Pagefind (extended binary) over the built pages, its own Chinese segmenter
                    and query handling, no folding, no aliases.
  digest            What the site ships: Pagefind over character pairs, folded to Simplified,
                    aliases, every hit checked against the page's text (digest/search_index.py,
                    overrides/assets/search.js).

For each engine and edition it types each query into the page as a reader would (Material's
and ours through the search box, Pagefind's default through its JavaScript API), and prints:
precision and recall against the expected pages (those whose text, as indexed, contains the
query or another name of the same park or region, in either script), the bytes of search
files a reader downloads until the first query's results show (as served, and gzipped as a
host such as GitHub Pages serves text), and the size of each edition's index on disk.
Cleaning records (sources/<id>/) and the build report are outside every engine's scoring:
the shipped search leaves them out. Not a test: it measures and prints.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest import search_index as si  # noqa: E402
from digest.site import build_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
ENGINES = ("material", "pagefind-default", "digest")

# (edition folder, query): the fixed set. Expected pages are computed, not written down.
QUERIES = [
    ("", "高淳"), ("zh-Hant/", "高淳"), ("en/", "高淳"),
    ("", "产值"), ("zh-Hant/", "产值"), ("zh-Hant/", "產值"), ("", "產值"),
    ("", "联影小镇"), ("zh-Hant/", "联影小镇"), ("zh-Hant/", "聯影小鎮"),
    ("", "械谷核"), ("zh-Hant/", "械谷核"), ("", "高淳开发区"), ("", "嘉定"),
    ("", "马陆"), ("zh-Hant/", "馬陸"), ("", "医疗器械产业园"), ("", "2027年"), ("en/", "械谷"),
]


# --------------------------------------------------------------------------- sites

def build_material(tmp: Path, root: Path = ROOT) -> Path:
    """main's search: this project with the search dialog and script of the digest taken out."""
    project = tmp / "material-project"
    project.mkdir()
    for name in ("docs", "digest", "registry", "templates", "seeds", "editorial"):
        os.symlink((root / name).resolve(), project / name)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "overrides" / "partials" / "search.html").unlink()
    for name in ("mkdocs.yml", "mkdocs.zh-Hant.yml", "mkdocs.en.yml"):
        text = (root / name).read_text(encoding="utf-8")
        (project / name).write_text(text.replace("  - assets/search.js\n", ""), encoding="utf-8")
    site = tmp / "material"
    if build_site(project, site, strict=False, quiet=True):
        raise SystemExit("mkdocs build failed (Material variant)")
    return site


def build_digest(tmp: Path, root: Path = ROOT) -> Path:
    site = tmp / "digest"
    if build_site(root, site, strict=False, quiet=True):
        raise SystemExit("mkdocs build failed")
    subprocess.run([sys.executable, "-m", "digest.search_index", str(site), "--quiet", "--root", str(root)],
                   cwd=ROOT, check=True)
    return site


def synthetic_project(tmp: Path, n: int) -> Path:
    """bench/run.py's project of N synthetic seeds, with its docs/ built."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import project  # noqa: PLC0415 - bench/run.py, only for --n

    proj = project(tmp, n)
    subprocess.run([sys.executable, "build_digest.py", "--quiet", "--seeds", str(proj / "seeds"),
                    "--out", str(proj / "docs")], cwd=proj, check=True, capture_output=True)
    return proj


def build_pagefind_default(tmp: Path, digest_site: Path) -> Path:
    """The digest's pages with Pagefind run over them as they are (one bundle, index per <html lang>)."""
    site = tmp / "pagefind-default"
    shutil.copytree(digest_site, site, ignore=shutil.ignore_patterns("pagefind"))
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind-default",
                    "--silent"], check=True, capture_output=True)
    return site


def index_size(engine: str, site: Path, edition: str) -> int:
    if engine == "material":
        return (site / edition / "search" / "search_index.json").stat().st_size
    folder = site / ("pagefind-default" if engine == "pagefind-default" else f"{edition}pagefind")
    files = [f for f in folder.rglob("*") if f.is_file()]
    if engine == "pagefind-default":  # one bundle for all editions: this edition's share plus the shared code
        lang = {"": "zh-hans", "zh-Hant/": "zh-hant", "en/": "en"}[edition]
        others = {"zh-hans", "zh-hant", "en"} - {lang}
        files = [f for f in files if not any(o + "_" in f.name for o in others)]
    return sum(f.stat().st_size for f in files)


# --------------------------------------------------------------------------- expected pages

def expected_pages(site: Path) -> tuple[dict, dict]:
    """Per edition, {url: folded text} of the pages every engine is scored on, and the fold table."""
    editions = si.editions_of(ROOT / "mkdocs.yml")
    pages = {e.folder: si.pages_of(site, e, editions) for e in editions}
    chars = {c for ps in pages.values() for p in ps for c in p.text + p.title if si.HAN_RUN.match(c)}
    table = si.fold_table(chars)
    texts = {folder: {"/" + folder + p.url: si.fold(p.text, table).lower() for p in ps}
             for folder, ps in pages.items()}
    return texts, table


def expected(query: str, edition: str, texts: dict, table: dict, groups: dict) -> set[str]:
    q = si.fold(query, table).lower()
    names = {q}
    for group in groups[edition]:
        if q in group:
            names.update(group)
    return {url for url, text in texts[edition].items() if any(n in text for n in names)}


# --------------------------------------------------------------------------- browser

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@contextlib.contextmanager
def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def is_search_file(engine: str, path: str) -> bool:
    if engine == "material":
        return "/search/" in path or "/workers/search" in path or "/lunr/" in path
    if engine == "pagefind-default":
        return "/pagefind-default/" in path
    return "/pagefind/" in path


@dataclass
class Downloads:
    engine: str
    counting: bool = False
    raw: int = 0
    gzipped: int = 0
    files: list = field(default_factory=list)

    def __call__(self, response):
        path = urlsplit(response.url).path
        if not (self.counting and is_search_file(self.engine, path)):
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a response without a body (redirect) counts as nothing
            return
        self.raw += len(body)
        # Pagefind's .pf_* files are gzip already; a host gzips JSON, JavaScript and wasm.
        self.gzipped += len(body) if path.endswith((".pf_meta", ".pf_index", ".pf_fragment")) \
            else len(gzip.compress(body, 9))
        self.files.append(path)


MATERIAL_RESULTS = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && !/^\\s*$/.test(meta.textContent) && (document.querySelector('.md-search-result__item')
     || meta.textContent.trim() === JSON.parse(document.querySelector('#__config').textContent).translations['search.result.none']);
}"""

PAGEFIND_DEFAULT = """async q => {
  window.__pf ??= await import('/pagefind-default/pagefind.js');
  const found = await window.__pf.search(q);
  // A reader sees the first results: Pagefind's UI loads five, then more on request.
  const shown = await Promise.all(found.results.slice(0, 5).map(r => r.data()));
  return found.results.length;
}"""

PAGEFIND_DEFAULT_ALL = """async q => {
  const found = await window.__pf.search(q);
  return (await Promise.all(found.results.map(r => r.data()))).map(d => d.url);
}"""


def run_queries(engine: str, site: Path, queries: list[tuple[str, str]]) -> tuple[dict, dict]:
    """{(edition, query): [result paths]} and {edition: Downloads of the first query}."""
    from playwright.sync_api import sync_playwright

    results, first = {}, {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for edition in dict.fromkeys(e for e, _ in queries):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.route(lambda url: not url.startswith(base), lambda route: route.abort())
                page = context.new_page()
                downloads = Downloads(engine)
                page.on("response", downloads)
                if engine == "material":  # Material fetches its index as the page loads
                    downloads.counting = True
                page.goto(f"{base}/{edition}", wait_until="networkidle")
                downloads.counting = True
                for n, (ed, query) in enumerate(q for q in queries if q[0] == edition):
                    show(engine, page, query)
                    if n == 0:  # what the reader downloaded to see the first results
                        page.wait_for_load_state("networkidle")
                        first[edition] = Downloads(engine, False, downloads.raw, downloads.gzipped, list(downloads.files))
                    results[(ed, query)] = every_result(engine, page, query)
                context.close()
        finally:
            browser.close()
    return results, first


def show(engine: str, page, query: str) -> None:
    """Search as a reader does, until the first results show."""
    if engine == "pagefind-default":
        page.evaluate(PAGEFIND_DEFAULT, query)
        return
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.keyboard.press("/")
    if not box.is_visible():
        page.locator('label[for="__search"]').first.click()
    box.fill("")
    page.wait_for_timeout(200)
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    page.wait_for_timeout(400)
    page.wait_for_function(MATERIAL_RESULTS, timeout=20_000)
    page.wait_for_timeout(300)


def every_result(engine: str, page, query: str) -> list[str]:
    """All result paths of the query just shown (the reader scrolling to the end)."""
    if engine == "pagefind-default":
        return list(dict.fromkeys(urlsplit(u).path for u in page.evaluate(PAGEFIND_DEFAULT_ALL, query)))
    # Material shows ten pages at a time and more as the list scrolls: scroll to the end.
    seen = -1
    for _ in range(2_000):  # bounded: a list that never ends fails below, not hangs
        links = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link, "
                                          ".md-search-result__item > details a.md-search-result__link",
                                          "els => els.map(e => e.href)")
        more = page.eval_on_selector(".md-search-result__list", "el => Number(el.dataset.remaining || 0)")
        if len(links) == seen and not more:
            break
        seen = len(links)
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(300)
    return list(dict.fromkeys(urlsplit(h).path for h in links))


# --------------------------------------------------------------------------- report

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site with pagefind/ (default: build one)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--n", type=int, help="measure on N synthetic seeds (bench/run.py's corpus) instead")
    parser.add_argument("--verbose", action="store_true", help="list wrong and missed pages")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp_name:
        tmp = Path(tmp_name)
        started = time.perf_counter()
        root = synthetic_project(tmp, args.n) if args.n else ROOT
        digest_site = args.site.resolve() if args.site and not args.n else build_digest(tmp, root)
        sites = {"digest": digest_site}
        if "material" in args.engines:
            sites["material"] = build_material(tmp, root)
        if "pagefind-default" in args.engines:
            sites["pagefind-default"] = build_pagefind_default(tmp, digest_site)
        print(f"built in {time.perf_counter() - started:.1f} s")
        texts, table = expected_pages(digest_site)
        groups = {e.folder: si.alias_groups(ROOT / "registry", table, e.lang.startswith("en"))
                  for e in si.editions_of(ROOT / "mkdocs.yml")}
        editions = list(dict.fromkeys(e for e, _ in QUERIES))
        rows = []
        for engine in args.engines:
            results, first = run_queries(engine, sites[engine], QUERIES)
            tp = fp = fn = 0
            print(f"\n{engine}")
            for edition, query in QUERIES:
                want = expected(query, edition, texts, table, groups)
                got = {p for p in results[(edition, query)] if p in texts[edition]}
                tp += len(got & want)
                fp += len(got - want)
                fn += len(want - got)
                print(f"  {edition or 'zh/':9} {query:10} found {len(got):2}  right {len(got & want):2}  "
                      f"expected {len(want):2}")
                if args.verbose:
                    for p in sorted(got - want):
                        print(f"      wrong  {p}")
                    for p in sorted(want - got):
                        print(f"      missed {p}")
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            for edition in editions:
                d = first[edition]
                rows.append((engine, edition or "zh/", precision, recall, tp, tp + fp, tp + fn, d.raw, d.gzipped,
                             len(d.files), index_size(engine, sites[engine], edition)))
        print("\n| engine | edition | precision | recall | first query: search bytes (gzip) | files | index on disk |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for engine, edition, p, r, tp, found, want, raw, gz, files, size in rows:
            print(f"| {engine} | {edition} | {p:.1%} ({tp}/{found}) | {r:.1%} ({tp}/{want}) | "
                  f"{raw:,} ({gz:,}) | {files} | {size:,} |")
        print("\nprecision and recall are over all queries of all editions; bytes are per edition.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
