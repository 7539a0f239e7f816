"""Browser checks of the built site: Chinese search, the language switcher,
paragraph anchors, accessibility (axe-core), and screenshots for humans.

Builds the Markdown build_digest.py wrote in docs/ with ``mkdocs build`` into a temporary
folder, serves it on 127.0.0.1 and drives Debian's chromium with Playwright.

Run with: python -m pytest tests/test_browser.py -m browser -v
"""
from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import re
import struct
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

DOC = "003-c8d20f3a32803d36"
NAV_TIMEOUT = 15_000  # ms (search results and Pagefind fragments load after the page)
SEARCH_TIMEOUT = 15_000  # ms, Material's search index loads in a web worker

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402 - axe-core, bundled (test extra)
from playwright import sync_api  # noqa: E402 - after the skip above

from digest.site import build_site  # noqa: E402


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    """The whole site (three editions, each by its own mkdocs build) built from docs/ (its committed and generated files)."""
    site = tmp_path_factory.mktemp("browser") / "site"
    assert build_site(ROOT, site, strict=False, quiet=True) == 0, "mkdocs build failed"
    # The search index, as scripts/setup-and-build.sh writes it after the build.
    indexed = subprocess.run([sys.executable, "-m", "digest.search_index", str(site), "--quiet"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert indexed.returncode == 0, indexed.stderr[-2000:]
    for edition in (site, site / "zh-Hant", site / "en"):
        assert (edition / "index.html").is_file(), f"no {edition}/index.html"
        assert (edition / "search" / "search_index.json").is_file(), f"no search index in {edition}"
        assert (edition / "documents" / DOC / "index.html").is_file()
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@contextlib.contextmanager
def serve(folder: Path, handler_class=_QuietHandler):
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration of the block."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def base_url(site_dir):
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(NAV_TIMEOUT)
    context.set_default_navigation_timeout(NAV_TIMEOUT)
    # Hermetic: nothing but the local server (Material asks Google for fonts).
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    pg = context.new_page()
    pg.js_errors = []
    pg.http_errors = []
    pg.requests = []
    pg.on("pageerror", lambda exc: pg.js_errors.append(str(exc)))
    pg.on("request", lambda r: pg.requests.append(urlsplit(r.url).path))
    pg.on("response", lambda r: r.status >= 400 and r.url.startswith(base_url)
          and pg.http_errors.append(f"{r.status} {path_of(r.url)}"))
    try:
        yield pg
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


# --------------------------------------------------------------------------- helpers

def path_of(url: str) -> str:
    return urlsplit(url).path


def search(page, base_url: str, edition_root: str, query: str) -> list[str]:
    """Open an edition's home page, search for `query`, return the result link paths."""
    page.goto(f"{base_url}{edition_root}", wait_until="load")
    translations = json.loads(page.locator("#__config").text_content())["translations"]
    meta = page.locator(".md-search-result__meta")
    box = page.locator("input.md-search__input")
    # "/" is Material's keyboard shortcut for the search box in the header.
    page.keyboard.press("/")
    if not box.is_visible():
        page.locator('label[for="__search"]').first.click()
    box.fill(query)
    # Material reads the query on keyup (fill() only fires `input`), so end
    # with a key that does not change the text.
    box.press("End")
    # The index loads in a web worker: wait for results or "no results".
    page.wait_for_function(
        """none => document.querySelector('.md-search-result__item') !== null
                  || document.querySelector('.md-search-result__meta').textContent.trim() === none""",
        arg=translations["search.result.none"], timeout=SEARCH_TIMEOUT)
    summary = meta.inner_text().strip()
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list a.md-search-result__link", "els => els.map(e => e.href)")
    assert hrefs, f"{query!r} on {edition_root}: no results ({summary})"
    return [path_of(h) for h in hrefs]


def switch_link(page, lang: str) -> str:
    """The absolute URL of the header's language-switcher link for `lang`."""
    link = page.locator(f'a.md-select__link[hreflang="{lang}"]')
    assert link.count() == 1, f"expected one switcher link for {lang} on {page.url}"
    return link.evaluate("a => a.href")


def follow_switch(page, lang: str) -> str:
    """Open the language menu, click `lang`, return the path the browser ends on."""
    target = switch_link(page, lang)
    link = page.locator(f'a.md-select__link[hreflang="{lang}"]')
    page.locator(".md-header__option .md-select").first.hover()
    try:
        link.wait_for(state="visible", timeout=3_000)
    except sync_api.TimeoutError:
        # The menu opens on hover; if it will not show, follow the link itself.
        page.goto(target, wait_until="load")
    else:
        # Not page.goto: Material intercepts clicks on links to other editions.
        with page.expect_navigation(wait_until="load"):
            link.click()
    return path_of(page.url)


def wait_for_sitemaps(page) -> None:
    """Let Material fetch the sitemaps of the <link rel=alternate> editions, as it
    has long done by the time a reader reaches for the language menu."""
    page.wait_for_load_state("networkidle")


# --------------------------------------------------------------------------- search

SEARCHES = [
    # edition root, query, result pages at least one of which must be found
    ("/", "联影小镇", ("003-c8d20f3a32803d36", "000-6fe84b4fb4579d6b-3")),
    ("/", "械谷", ("001-db54a915de5dced6", "003-c8d20f3a32803d36")),
    ("/zh-Hant/", "聯影小鎮", ("003-c8d20f3a32803d36", "000-6fe84b4fb4579d6b-3")),
    ("/zh-Hant/", "械谷", ("001-db54a915de5dced6", "003-c8d20f3a32803d36")),
    # An alias from the registry finds the park page (registry names feed jieba's user dictionary).
    ("/", "械谷核", ("parks/shanghai-medical-device-valley",)),
    ("/zh-Hant/", "械谷核", ("parks/shanghai-medical-device-valley",)),
    ("/en/", "Medical Device Valley", ("parks/shanghai-medical-device-valley", "001-db54a915de5dced6")),
    ("/en/", "United Imaging Town", ("parks/united-imaging-town", "003-c8d20f3a32803d36")),
]


@pytest.mark.parametrize("edition_root, query, expected", SEARCHES,
                         ids=[f"{r.strip('/') or 'zh'}-{q}" for r, q, _ in SEARCHES])
def test_search_finds_chinese_terms_in_the_readers_script(page, base_url, edition_root, query, expected):
    paths = search(page, base_url, edition_root, query)
    documents = [p for p in paths if "/documents/" in p or "/parks/" in p or "/regions/" in p]
    assert documents, f"{query!r} on {edition_root}: no result links to a document or place: {paths}"
    assert any(any(doc in p for doc in expected) for p in documents), (
        f"{query!r} on {edition_root}: expected a result in {expected}, got {paths}")
    if edition_root != "/":
        outside = [p for p in paths if not p.startswith(edition_root)]
        assert not outside, f"{query!r}: {edition_root} results leave the edition: {outside}"
    else:
        inside = [p for p in paths if p.startswith(("/zh-Hant/", "/en/"))]
        assert not inside, f"{query!r}: zh results point into another edition: {inside}"
    assert not page.js_errors, f"JavaScript errors: {page.js_errors}"


# --------------------------------------------------------------------------- language switcher

def test_language_switcher_keeps_the_document(page, base_url):
    page.goto(f"{base_url}/documents/{DOC}/", wait_until="load")
    wait_for_sitemaps(page)
    assert path_of(switch_link(page, "zh-Hant")) == f"/zh-Hant/documents/{DOC}/"
    assert follow_switch(page, "zh-Hant") == f"/zh-Hant/documents/{DOC}/"
    assert "嘉定區" in page.locator("article h1").first.inner_text()
    assert page.locator("html").get_attribute("lang") == "zh-Hant"

    wait_for_sitemaps(page)
    assert path_of(switch_link(page, "zh-Hans")) == f"/documents/{DOC}/"
    assert follow_switch(page, "zh-Hans") == f"/documents/{DOC}/"
    assert "嘉定区" in page.locator("article h1").first.inner_text()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"


def test_language_switcher_on_the_home_page(page, base_url):
    page.goto(f"{base_url}/", wait_until="load")
    wait_for_sitemaps(page)
    assert follow_switch(page, "zh-Hant") == "/zh-Hant/"
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    wait_for_sitemaps(page)
    assert follow_switch(page, "zh-Hans") == "/"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"


SWITCHES = [
    # from, to language, expected path
    (f"/documents/{DOC}/", "zh-Hant", f"/zh-Hant/documents/{DOC}/"),
    (f"/zh-Hant/documents/{DOC}/", "zh-Hans", f"/documents/{DOC}/"),
    ("/", "zh-Hant", "/zh-Hant/"),
    ("/zh-Hant/", "zh-Hans", "/"),
    (f"/zh-Hant/documents/{DOC}/", "en", f"/en/documents/{DOC}/"),
    (f"/en/documents/{DOC}/", "zh-Hans", f"/documents/{DOC}/"),
    ("/en/", "zh-Hant", "/zh-Hant/"),
]


@pytest.mark.parametrize("start, lang, expected", SWITCHES, ids=[f"{s}->{lang}" for s, lang, _ in SWITCHES])
def test_language_switcher_keeps_the_page_whatever_order_sitemaps_arrive(page, base_url, start, lang, expected):
    """Material's alternate-language script (setupAlternate) fetches sitemap.xml
    under every <link rel=alternate> of the page and, on a click on a link into
    one of those, may redirect to the alternate's root unless the page is in its
    sitemap; which alternate claims a link depends on which sitemap arrived
    first. Hold back the sitemaps of the edition the reader is on, so those of
    the target edition win the race: the switcher must still keep the page."""
    target_prefix = f"{base_url}/zh-Hant/" if lang == "zh-Hant" else None

    def is_held(url: str) -> bool:
        if not url.startswith(base_url) or not url.endswith("/sitemap.xml"):
            return False
        in_hant = url.startswith(f"{base_url}/zh-Hant/")
        return not in_hant if target_prefix else in_hant

    def slow(route):
        try:
            page.wait_for_timeout(300)  # the other edition's sitemaps arrive first
            route.continue_()
        except sync_api.Error:
            pass  # the page went away meanwhile

    page.route(is_held, slow)
    try:
        page.goto(f"{base_url}{start}", wait_until="load")
        wait_for_sitemaps(page)
        assert follow_switch(page, lang) == expected, (
            f"the language switcher on {start} did not keep the page")
    finally:
        page.unroute_all(behavior="ignoreErrors")


def _edition_path(url_path: str, lang: str) -> str:
    """`url_path` (a path in either edition) in edition `lang`."""
    bare = url_path.removeprefix("/zh-Hant")
    return f"/zh-Hant{bare}" if lang == "zh-Hant" else bare


@pytest.mark.parametrize("url_path", ["/", f"/documents/{DOC}/", "/zh-Hant/", f"/zh-Hant/documents/{DOC}/"])
def test_head_alternate_links_point_at_the_editions(page, base_url, url_path):
    """Any <link rel=alternate hreflang=...> in <head> (read by search engines,
    and by Material's script, which fetches sitemap.xml under each) must point
    into the right edition (its home or, better, this page there) from both
    editions, and must exist. Having none is allowed."""
    page.goto(f"{base_url}{url_path}", wait_until="load")
    page.wait_for_load_state("networkidle")
    links = page.eval_on_selector_all(
        'head link[rel="alternate"][hreflang]', "els => els.map(e => [e.hreflang, e.href])")
    homes = {"zh-Hans": "/", "zh-Hant": "/zh-Hant/"}
    for lang, href in links:
        assert lang in homes, f"{url_path}: <link rel=alternate> with unknown hreflang={lang!r}"
        allowed = {homes[lang], _edition_path(url_path, lang)}
        assert path_of(href) in allowed, (
            f"{url_path}: <link rel=alternate hreflang={lang}> -> {path_of(href)}, expected one of {allowed}")
        response = page.request.get(href)
        assert response.ok, f"{url_path}: hreflang={lang} -> {path_of(href)}: HTTP {response.status}"
    # Material asks for sitemap.xml under each alternate: that may be missing
    # (it falls back gracefully); nothing else the page loads may be.
    broken = [e for e in page.http_errors if not e.endswith("/sitemap.xml")]
    assert not broken, f"{url_path}: failed requests {broken}"


# --------------------------------------------------------------------------- anchors

@pytest.mark.parametrize("edition_root", ["/", "/zh-Hant/"])
def test_paragraph_anchor(page, base_url, edition_root):
    page.goto(f"{base_url}{edition_root}documents/{DOC}/#p4", wait_until="load")
    target = page.locator("#p4")
    assert target.count() == 1, f"no unique #p4 on {page.url}"
    assert target.inner_text().strip(), "#p4 is empty"
    # The browser scrolled to the anchor: it is in the viewport.
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, f"#p4 not scrolled into view: {box}"


# --------------------------------------------------------------------------- screenshots

def cjk_font_installed() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell; do not warn
    return bool(out.strip())


SHOTS = [
    ("zh-home", "/"),
    ("zh-document-003", f"/documents/{DOC}/"),
    ("zh-Hant-document-003", f"/zh-Hant/documents/{DOC}/"),
    ("en-document-003", f"/en/documents/{DOC}/"),
    ("zh-timeline", "/timeline/"),
    ("zh-goals", "/goals/"),
]


@pytest.mark.parametrize("name, url_path", SHOTS, ids=[n for n, _ in SHOTS])
def test_screenshot(page, base_url, name, url_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if not cjk_font_installed():
        warnings.warn("no CJK font (e.g. apt install fonts-wqy-microhei or fonts-noto-cjk): "
                      "Chinese text in the screenshots shows as empty boxes")
    response = page.goto(f"{base_url}{url_path}", wait_until="load")
    assert response is not None and response.ok, f"{url_path}: HTTP {response and response.status}"
    page.evaluate("document.fonts.ready")
    target = SCREENSHOTS / f"{name}.png"
    data = page.screenshot(path=str(target), full_page=True)
    assert not page.js_errors, f"JavaScript errors on {url_path}: {page.js_errors}"
    check_screenshot(page, data, url_path)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def pixel_colours(page, data: bytes) -> int:
    """How many distinct colours a sample of the screenshot's pixels holds (decoded by the browser)."""
    return page.evaluate("""async (b64) => {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext("2d");
        ctx.drawImage(bitmap, 0, 0);
        const px = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
        const seen = new Set();
        for (let i = 0; i < px.length; i += 4 * 97) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
        return seen.size;
    }""", base64.b64encode(data).decode("ascii"))


def check_screenshot(page, data: bytes, url_path: str) -> None:
    """A screenshot of a page with content: a real size, not one colour, and the page's text drawn
    (its heading holds text, and Chinese pages hold Chinese characters in a font that has them)."""
    width, height = png_size(data)
    assert width == 1280 and height >= 600, f"{url_path}: screenshot is {width}×{height}"
    colours = pixel_colours(page, data)
    assert colours >= 8, f"{url_path}: screenshot has {colours} colour(s): a blank page"
    heading = page.locator("article h1").first.inner_text().strip()
    assert heading, f"{url_path}: the page has no heading text"
    text = page.locator("article").inner_text()
    assert len(text) > 100, f"{url_path}: the article shows {len(text)} characters"
    if "/en/" not in url_path:
        assert re.search(r"[\u4e00-\u9fff]", heading), f"{url_path}: heading {heading!r} has no Chinese"
        if cjk_font_installed():
            assert page.evaluate("document.fonts.check('16px sans-serif', '医疗器械')"), \
                f"{url_path}: no font draws the Chinese text"


def test_switch_simplified_traditional_english_stays_on_the_document(page, base_url):
    """简体 → 繁體 → English → 简体 on one document, clicking the real menu each time."""
    page.goto(f"{base_url}/documents/{DOC}/", wait_until="load")
    assert follow_switch(page, "zh-Hant") == f"/zh-Hant/documents/{DOC}/"
    assert "嘉定區" in page.locator("h1").inner_text()
    assert follow_switch(page, "en") == f"/en/documents/{DOC}/"
    assert "Jiading District" in page.locator("h1").inner_text()
    assert follow_switch(page, "zh-Hans") == f"/documents/{DOC}/"
    assert "嘉定区" in page.locator("h1").inner_text()


# --------------------------------------------------------------------------- hostile seeds

@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    """The site of the seeds plus the hostile corpus (``conftest.hostile_site``), served on localhost."""
    with serve(hostile_site) as url:
        yield url


@pytest.mark.parametrize("edition", ["", "zh-Hant/", "en/"])
def test_hostile_seed_runs_no_script_and_opens_no_dialog(browser, hostile_url, edition):
    context = browser.new_context()
    context.route(lambda url: not url.startswith(hostile_url), lambda route: route.abort())
    pg = context.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        pg.goto(f"{hostile_url}/{edition}documents/markup-injection/", wait_until="load")
        pg.wait_for_timeout(500)
        assert dialogs == []
        article = pg.locator("article")
        assert article.locator("script").count() == 0 and article.locator("img").count() == 0
        assert article.locator("a[href^='javascript']").count() == 0
        assert "<script>alert('xss')</script>" in article.inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "hostile-markup-injection" + (f"-{edition.strip('/')}" if edition else "")
        data = pg.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        assert png_size(data)[1] >= 300 and pixel_colours(pg, data) >= 8, "a blank screenshot"
    finally:
        context.close()


# --------------------------------------------------------------------------- citing a paragraph

@pytest.mark.parametrize("edition_root", ["/", "/en/"])
def test_pilcrow_copies_the_paragraphs_citation(page, base_url, edition_root):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(f"{base_url}{edition_root}documents/{DOC}/", wait_until="load")
    citation = page.locator("pre.citation code").text_content().strip()
    page.locator("#p4 .para-anchor").click()
    page.wait_for_function("() => document.querySelector('#p4 .para-anchor').hasAttribute('data-copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    # The document's citation, its page address replaced by the paragraph's, and the ¶ number.
    assert copied.endswith(f"/documents/{DOC}/#p4 ¶4"), copied
    assert copied.split(" http")[0] == citation.split(" http")[0]
    assert path_of(page.url) == f"{edition_root}documents/{DOC}/" and page.url.endswith("#p4")


def test_language_switcher_keeps_the_paragraph(page, base_url):
    page.goto(f"{base_url}/documents/{DOC}/#p4", wait_until="load")
    wait_for_sitemaps(page)
    assert follow_switch(page, "zh-Hant") == f"/zh-Hant/documents/{DOC}/"
    assert page.evaluate("location.hash") == "#p4"


# --------------------------------------------------------------------------- tables: filters, keyboard sort, phones

def visible_rows(page) -> list:
    return page.locator("article table tbody tr:visible")


def test_goals_filter_by_region_gives_the_region_pages_goals(page, base_url):
    page.goto(f"{base_url}/regions/shanghai-jiading-malu/", wait_until="load")
    region_goals = page.locator("article table").first.locator("tbody tr").count()
    page.goto(f"{base_url}/goals/", wait_until="load")
    menus = page.locator(".table-filter")
    assert menus.is_visible(), "the script did not show the filter menus"
    total = page.locator("article table tbody tr").count()
    page.select_option('select[data-facet="region"]', "shanghai-jiading-malu")
    rows = visible_rows(page)
    assert rows.count() == region_goals == 7
    assert all("上海械谷" in rows.nth(i).locator("td").first.inner_text() for i in range(rows.count()))
    assert page.locator(".table-filter-count").inner_text().endswith(f"7 / {total}")
    page.select_option('select[data-facet="year"]', "2027")
    assert visible_rows(page).count() == 4
    page.locator(".table-filter-reset").click()
    assert visible_rows(page).count() == total
    assert not page.js_errors, page.js_errors


def test_timeline_filter_keeps_only_matching_goals_and_years(page, base_url):
    page.goto(f"{base_url}/timeline/", wait_until="load")
    page.select_option('select[data-facet="park"]', "united-imaging-town")
    lines = page.locator("article .facet-line:visible")
    assert lines.count() >= 5
    assert all("联影小镇" in lines.nth(i).inner_text() for i in range(lines.count()))
    assert not page.locator("h3#y2020").is_visible()   # no entry there names the park
    page.select_option('select[data-facet="park"]', "")
    page.select_option('select[data-facet="kind"]', "event")
    assert page.locator("article .facet-line:visible").count() == 0
    assert visible_rows(page).count() >= 5


def test_documents_filter_by_type_and_region(page, base_url):
    page.goto(f"{base_url}/documents/", wait_until="load")
    total = page.locator("article table tbody tr").count()
    page.select_option('select[data-facet="type"]', "plan")
    assert 0 < visible_rows(page).count() < total
    page.select_option('select[data-facet="type"]', "")
    page.select_option('select[data-facet="region"]', "jiangsu")
    rows = visible_rows(page)
    assert rows.count() == 1 and "高淳" in rows.first.inner_text()


def sort_keys(page) -> list[tuple[str, float | None]]:
    return page.eval_on_selector_all(
        "article table tbody tr", """rows => rows.map(r => {
            const k = r.cells[5].querySelector('.sort-key');
            return [k.dataset.sortUnit, k.dataset.sortValue === '' ? null : parseFloat(k.dataset.sortValue)];
        })""")


def test_sort_from_the_keyboard_and_only_within_one_unit(page, base_url):
    page.goto(f"{base_url}/goals/", wait_until="load")
    year = page.locator("article thead th").nth(1)
    button = year.locator("button")
    assert button.count() == 1, "the header is not a button"
    button.focus()
    page.keyboard.press("Enter")
    assert year.get_attribute("aria-sort") == "ascending"
    years = page.eval_on_selector_all("article table tbody tr", "rs => rs.map(r => r.cells[1].innerText.trim())")
    assert years == sorted(years)
    page.keyboard.press("Space")
    assert year.get_attribute("aria-sort") == "descending"
    # Tab reaches the next header, Enter sorts by it: the keyboard alone is enough.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('th') !== null")
    normalised = page.locator("article thead th").nth(5)
    normalised.locator("button").focus()
    page.keyboard.press("Enter")
    assert normalised.get_attribute("aria-sort") == "ascending" and year.get_attribute("aria-sort") is None
    for direction in ("ascending", "descending"):
        keys = sort_keys(page)
        keys = [tuple(k) for k in keys]
        valued = [(u, v) for u, v in keys if v is not None]
        assert keys[:len(valued)] == valued, "rows without a value must come last"
        units = [u for u, _ in valued]
        runs = [u for i, u in enumerate(units) if i == 0 or units[i - 1] != u]
        assert len(runs) == len(set(runs)) >= 3, f"units interleave: {runs}"   # m², yuan, counts never mixed
        for unit in set(units):
            values = [v for u, v in valued if u == unit]
            assert values == sorted(values, reverse=direction == "descending"), (unit, values)
        if direction == "ascending":
            page.keyboard.press("Enter")
            assert normalised.get_attribute("aria-sort") == "descending"


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    pg = context.new_page()
    pg.js_errors = []
    pg.on("pageerror", lambda exc: pg.js_errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()


@pytest.mark.parametrize("edition, hint", [("/", "左右滑动查看更多"), ("/zh-Hant/", "左右滑動查看更多"),
                                           ("/en/", "Scroll sideways for more")])
def test_on_a_phone_a_wide_table_scrolls_with_a_visible_cue(phone, base_url, edition, hint):
    phone.goto(f"{base_url}{edition}goals/", wait_until="load")
    wrap = phone.locator("article .md-typeset__scrollwrap").first
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth"), "the goals table fits: nothing to test"
    cue = phone.locator("article .scroll-hint").first
    assert cue.is_visible() and hint in cue.inner_text()
    assert "gradient" in wrap.evaluate("w => getComputedStyle(w).backgroundImage")   # the edge shadow
    # Every column is there to scroll to: none is hidden.
    headers = phone.locator("article thead th")
    assert headers.count() == 7
    assert all(headers.nth(i).evaluate("h => getComputedStyle(h).display") != "none" for i in range(7))
    wrap.evaluate("w => w.scrollLeft = w.scrollWidth")
    assert headers.nth(6).evaluate("h => { const r = h.getBoundingClientRect(); return r.right <= innerWidth + 1; }")
    assert not phone.js_errors, phone.js_errors


TABLE_SHOTS = [
    ("zh-region-jiading", "/regions/shanghai-jiading/", None),
    ("zh-Hant-region-jiading", "/zh-Hant/regions/shanghai-jiading/", None),
    ("en-region-jiading", "/en/regions/shanghai-jiading/", None),
    ("zh-goals-filtered", "/goals/", "shanghai-jiading"),
    ("en-goals-filtered", "/en/goals/", "shanghai-jiading"),
    ("zh-timeline", "/timeline/", None),
]


@pytest.mark.parametrize("name, url_path, region", TABLE_SHOTS, ids=[n for n, _, _ in TABLE_SHOTS])
def test_screenshot_tables_on_desktop_and_phone(browser, base_url, name, url_path, region):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for device, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
        pg = context.new_page()
        errors = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            pg.goto(f"{base_url}{url_path}", wait_until="load")
            if region:
                pg.select_option('select[data-facet="region"]', region)
            pg.evaluate("document.fonts.ready")
            pg.screenshot(path=str(SCREENSHOTS / f"{name}-{device}.png"), full_page=True)
            assert not errors, errors
        finally:
            context.close()


# --------------------------------------------------------------------------- accessibility (axe-core)

SUB_PATH = "/digest"
"""The site's path on its host (registry/site.yml's url), as GitHub Pages serves a project site."""


class _PublishedHandler(_QuietHandler):
    """The site under SUB_PATH, and, as GitHub Pages does, an edition's 404.html with status 404
    for any path that holds no file (so the 404 page loads its styles by its absolute links)."""

    def translate_path(self, path):
        inside = path[len(SUB_PATH):] if path.startswith(SUB_PATH + "/") else "/.no-such-file"
        return super().translate_path(inside)

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        inside = self.path[len(SUB_PATH):]
        edition = next((e for e in ("zh-Hant", "en") if inside.startswith(f"/{e}/")), "")
        body = (Path(self.directory) / edition / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def published_url(site_dir):
    """The site served as published: under /digest/, with the 404 page for missing paths."""
    with serve(site_dir, _PublishedHandler) as url:
        yield url


A11Y_PAGES = [
    # name, path under the edition's root; "search" is the home page with the search dialog open on a query
    ("home", ""),
    ("document", f"documents/{DOC}/"),
    ("goals", "goals/"),
    ("timeline", "timeline/"),
    ("region", "regions/shanghai-jiading/"),
    ("park", "parks/shanghai-medical-device-valley/"),
    ("sources", "sources/"),
    ("404", "no/such/page/"),
    ("search", ""),
]
A11Y_EDITIONS = [("zh", "/"), ("zh-Hant", "/zh-Hant/"), ("en", "/en/")]
A11Y_QUERY = {"zh": "高淳", "zh-Hant": "高淳", "en": "Gaochun"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
FAILING_IMPACTS = ("serious", "critical")
"""axe-core's impacts that fail the test. No rule is disabled: a serious violation is fixed where the
colour or markup comes from (overrides/assets/digest.css, overrides/partials/)."""


def open_search(pg, query: str) -> None:
    """Open the header's search dialog (the "/" shortcut, or its button on a phone) and search."""
    box = pg.locator("input.md-search__input")
    pg.keyboard.press("/")
    if not box.is_visible():
        pg.locator('label.md-header__button[for="__search"]').click()
    box.fill(query)
    box.press("End")
    pg.locator(".md-search-result__item").first.wait_for(timeout=SEARCH_TIMEOUT)


def axe_failures(pg, axe, label: str) -> list[str]:
    """One line per serious or critical axe-core violation on the page as it is now."""
    failures = []
    for violation in axe.run(pg).response["violations"]:
        if violation["impact"] in FAILING_IMPACTS:
            targets = ", ".join(" ".join(n["target"]) for n in violation["nodes"][:4])
            more = len(violation["nodes"]) - 4
            failures.append(f"{label}: {violation['id']} ({violation['impact']}, {len(violation['nodes'])} "
                            f"element(s): {targets}{f' and {more} more' if more > 0 else ''}): {violation['help']}")
    return failures


@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.parametrize("edition, root", A11Y_EDITIONS, ids=[e for e, _ in A11Y_EDITIONS])
def test_axe_finds_no_serious_violation_and_screenshots_each_page(browser, published_url, edition, root, device):
    """axe-core (the copy bundled by axe-playwright-python, so nothing is fetched) on each page of the set,
    served under the site's sub-path; a full-page screenshot of each for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[device], locale="zh-CN", is_mobile=device == "phone",
                                  has_touch=device == "phone")
    context.set_default_timeout(NAV_TIMEOUT)
    context.route(lambda url: not url.startswith(published_url), lambda route: route.abort())
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    axe, failures = Axe(), []
    try:
        for name, path in A11Y_PAGES:
            response = pg.goto(f"{published_url}{SUB_PATH}{root}{path}", wait_until="load")
            assert response is not None and response.status == (404 if name == "404" else 200), \
                f"{root}{path}: HTTP {response and response.status}"
            pg.evaluate("document.fonts.ready")
            if name == "search":
                open_search(pg, A11Y_QUERY[edition])
            failures += axe_failures(pg, axe, f"{edition} {name} ({device})")
            data = pg.screenshot(path=str(SCREENSHOTS / f"{edition}-{name}-{device}.png"), full_page=name != "search")
            assert pixel_colours(pg, data) >= 8, f"{root}{path}: a blank screenshot"
        assert not failures, "axe-core:\n" + "\n".join(failures)
        assert not errors, errors
    finally:
        context.close()
