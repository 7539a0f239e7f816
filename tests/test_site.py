"""The real site: mkdocs build --strict of the seeds plus the hostile corpus, HTML inspected."""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import HOSTILE_NAME, ROOT
from digest.site import EDITIONS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(hostile_site):
    """The site of the seeds plus the hostile corpus (``conftest.hostile_site``, built once)."""
    return hostile_site


def test_each_config_names_its_editions_address_from_the_registry(registry):
    """site_url is written in each plain config (no hook sets it); it must be registry/site.yml's
    url plus the edition's folder, so the 404 page's absolute links and the feed agree."""
    for config, folder in EDITIONS:
        text = (ROOT / config).read_text(encoding="utf-8")
        url = re.search(r"^site_url: (\S+)$", text, re.M).group(1)
        assert url == registry.site["url"] + (f"{folder}/" if folder else ""), config


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.text = [], set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Collect:
    c = Collect()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def article_html(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize("edition", ["", "zh-Hant/", "en/"])
def test_both_editions_built(site, edition):
    assert (site / edition / "documents" / "003-c8d20f3a32803d36" / "index.html").is_file()
    assert (site / edition / "search" / "search_index.json").is_file()


def test_markup_injection_renders_as_text(site):
    page = site / "documents" / "markup-injection" / "index.html"
    body = article_html(page)
    c = Collect()
    c.feed(body)
    tags = [t for t, _ in c.tags]
    assert "script" not in tags and "img" not in tags and "abbr" not in tags
    # The only table is the goals section the build writes; none is made from the seed's "| … |" lines.
    assert tags.count("table") <= 1 and "<td>表格" not in body and "<th>这不是" not in body
    assert not any(a.get("href", "").lower().startswith("javascript") for _, a in c.tags)
    assert not any("admonition" in (a.get("class") or "") and "danger" in (a.get("class") or "") for _, a in c.tags)
    text = "".join(c.text)
    assert "<script>alert('xss')</script>" in text and "--8<-- \"mkdocs.yml\"" in text
    assert "{{ config.site_name }}" in text and "[TOC]" in text and "*[园区]: 伪造的缩写定义" in text
    assert "园区到2027年产值目标为60亿元。" in text
    assert not any("这不是标题" in h for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", body))
    assert not any("toc" in (a.get("class") or "").split() for _, a in c.tags)
    texts = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", body)]
    assert not [h for h in texts if h.startswith(("#", "|", "---", "!!!", "*[", "[TOC"))], texts


def test_titles_are_escaped_everywhere(site):
    html = (site / "documents" / "markup-injection" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html


def test_no_noise_on_published_pages(site):
    from test_build import FORBIDDEN
    for page in site.glob("**/documents/*/index.html"):
        text = "".join(parse(page).text)
        for noise in FORBIDDEN:
            if noise == "更多>>":
                noise = "更多>>"
            assert noise not in text, (page, noise)


def test_paragraph_anchors_exist(site):
    c = parse(site / "documents" / "003-c8d20f3a32803d36" / "index.html")
    markdown = (ROOT / "docs" / "zh" / "documents" / "003-c8d20f3a32803d36.md").read_text(encoding="utf-8")
    count = len(re.findall(r'<p id="p\d+"|\{ #p\d+ \}', markdown))
    assert count > 40 and {f"p{i}" for i in range(1, count + 1)} <= c.ids


def test_timeline_links_land_on_paragraph_anchors(site):
    """Every link from a timeline, goal table or place page to a document lands on an existing anchor."""
    checked = 0
    pages = [site / "timeline" / "index.html", site / "goals" / "index.html",
             *site.glob("regions/*/index.html"), *site.glob("parks/*/index.html"),
             site / "zh-Hant" / "timeline" / "index.html"]
    for page in pages:
        for tag, attrs in parse(page).tags:
            href = attrs.get("href") or ""
            if tag != "a" or "documents/" not in href or "#" not in href:
                continue
            target, anchor = href.split("#", 1)
            html = (page.parent / target / "index.html").resolve()
            assert html.is_file(), (page, href)
            assert anchor in parse(html).ids, (page, href)
            checked += 1
    assert checked > 30


def test_document_links_back_to_its_timeline_entries(site):
    page = site / "documents" / "001-db54a915de5dced6" / "index.html"
    timeline_ids = parse(site / "timeline" / "index.html").ids
    links = [a.get("href") for t, a in parse(page).tags if t == "a" and "timeline/#" in (a.get("href") or "")]
    assert links and all(h.split("#", 1)[1] in timeline_ids for h in links)


def test_a_hostile_file_name_is_text_on_every_page_of_every_edition(site):
    """Titles, navigation, breadcrumbs, the Sources page: nowhere does the name become markup."""
    from digest.identity import seed_id
    doc = seed_id(HOSTILE_NAME)
    pages = sorted(site.rglob("*.html"))
    assert any(f"/documents/{doc}/" in p.as_posix() for p in pages)
    shown = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        c = parse(page)
        assert not [a for t, a in c.tags if t == "img" and a.get("src") == "x"], page
        assert not [a for _, a in c.tags if any(k.startswith("on") and "alert" in (v or "") for k, v in a.items())], page
        assert not [a for t, a in c.tags if t == "a" and (a.get("href") or "").startswith("javascript")], page
        shown += "<img src=x onerror=alert(1)>" in "".join(c.text)
    assert shown >= 3   # the name is shown, as text, in the three editions


# --------------------------------------------------------------------------- language tags

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class LangOfText(HTMLParser):
    """Each text node with the language it is declared in: the nearest ``lang`` above it."""

    def __init__(self, page_lang: str):
        super().__init__()
        self.stack, self.texts = [("", page_lang)], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang") or self.stack[-1][1]))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data.strip(), self.stack[-1][1]))


def html_lang(path: Path) -> str:
    return re.search(r'<html lang="([^"]+)"', path.read_text(encoding="utf-8")).group(1)


@pytest.mark.parametrize("edition, lang", [("", "zh-Hans"), ("zh-Hant/", "zh-Hant"), ("en/", "en")])
def test_every_page_declares_its_edition_language(site, edition, lang):
    """Screen readers, fonts and search engines read <html lang>: zh-Hans, not Material's bare zh."""
    pages = [p for p in (site / edition).rglob("*.html")
             if edition or not p.relative_to(site).parts[0] in ("zh-Hant", "en")]
    assert len(pages) > 20
    assert {html_lang(p) for p in pages} == {lang}


def test_the_switcher_names_each_edition_by_its_language_tag(site):
    links = [a for t, a in parse(site / "index.html").tags if t == "a" and "md-select__link" in (a.get("class") or "")]
    assert sorted(a["hreflang"] for a in links) == ["en", "zh-Hans", "zh-Hant"]


def test_chinese_on_english_pages_is_marked_as_chinese(site):
    """Untranslated paragraphs, titles, quotes, goal metrics, event titles, registry names with no
    English: every run of Chinese characters in an English page's content carries lang="zh-Hans"."""
    checked = 0
    for page in sorted((site / "en").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if '<article class="md-content__inner md-typeset">' not in html:
            continue
        c = LangOfText("en")
        c.feed(article_html(page))
        unmarked = [text for text, lang in c.texts if HAN.search(text) and not lang.startswith("zh")]
        assert not unmarked, (page.relative_to(site), unmarked[:3])
        checked += sum(1 for text, lang in c.texts if HAN.search(text))
    assert checked > 500


def test_english_glosses_on_chinese_pages_are_marked_as_english(site):
    c = LangOfText("zh-Hans")
    c.feed(article_html(site / "glossary" / "index.html"))
    langs = dict(c.texts)
    assert langs["chain leader"] == "en" and langs["liàn zhǔ"] == "zh-Latn-pinyin" and langs["链主"] == "zh-Hans"


# --------------------------------------------------------------------------- each edition in its own language

CHINESE_PUNCTUATION = re.compile(r"[：（）；，。、]")
DEVELOPER_TEXT = re.compile(r"\b[a-z]+_[a-z_]+\b|off topic|low quality|editorial decision|nothing left|"
                            r"no document date|is empty|not Chinese|not a text file|dateline|byline|outlet")


def article_texts(page: Path, page_lang: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(text, its language, the tags around it) of every text node of a page's content."""
    c = LangOfText(page_lang)
    texts = []

    def handle_data(data):
        if data.strip():
            texts.append((data.strip(), c.stack[-1][1], tuple(t for t, _ in c.stack)))
    c.handle_data = handle_data
    c.feed(article_html(page))
    return texts


def content_pages(site: Path, edition: str) -> list[Path]:
    pages = [p for p in sorted((site / edition).rglob("*.html")) if (edition or p.relative_to(site).parts[0]
             not in ("zh-Hant", "en")) and '<article class="md-content__inner md-typeset">' in p.read_text("utf-8")]
    assert len(pages) > 20
    return pages


def test_english_labels_use_english_punctuation(site):
    """Region: and (1 document), not Region： and （1 documents）: full-width marks only inside Chinese text."""
    for page in content_pages(site, "en/"):
        stray = [text for text, lang, _ in article_texts(page, "en") if lang == "en" and CHINESE_PUNCTUATION.search(text)]
        assert not stray, (page.relative_to(site), stray[:3])


def test_english_counts_agree_with_their_number(site):
    html = "\n".join(t for p in content_pages(site, "en/") for t, _, _ in article_texts(p, "en"))
    assert re.search(r"\(1 document\)", html) and re.search(r"\([2-9]\d* documents\)", html)
    assert not re.search(r"\b1 documents\b|\b1 source files\b|\b1 published documents\b", html)
    assert not re.search(r"\b([02-9]|\d\d+) document\)", html)


@pytest.mark.parametrize("edition, lang", [("", "zh-Hans"), ("zh-Hant/", "zh-Hant")])
def test_chinese_pages_show_no_developer_english(site, edition, lang):
    """Rule names, reasons, refusals, field names and normalisations reach readers as Chinese labels;
    a rule's name stays only in a code span, beside its label, as the identifier a reviewer looks up.
    (Seed text may hold any English: only what the build writes is checked.)"""
    labelled = reasons = 0
    for page in sorted((site / edition / "sources").glob("*/index.html")) + [site / edition / "sources" / "index.html"]:
        body = article_html(page)
        for table in re.findall(r"<table>(.*?)</table>", body, re.S):
            removals = "去向" in table.split("</thead>")[0]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
                cells = [unescape(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
                if len(cells) == 4 and re.fullmatch(r"\d+", cells[0]):  # a removal or a repair: line, rule, …
                    label = re.fullmatch(r"([^<>_]+) <code>[a-z_]+</code>(?: ✎)?", cells[1])
                    assert label and HAN.search(label.group(1)), (page, cells[1])
                    labelled += 1
                    assert not (removals and re.search(r"[A-Za-z]", cells[2])), (page, cells[2])  # moved to
                elif len(cells) == 4 and cells[1] in ("拒收", "拒收"):
                    assert not re.search(r"[A-Za-z]", cells[3]), (page, cells[3])
                    reasons += 1
        text = "".join(parse(page).text)
        for said in re.findall(r"未發布：[^|\n]*|未发布：[^|\n]*", text):
            assert not DEVELOPER_TEXT.search(said), (page, said)
            reasons += 1
        for line in re.findall(r"(?:规范化|規範化)：(.*?)</li>", body, re.S):
            for part in unescape(line).split("；"):
                label = re.fullmatch(r"([^<>]+) <code>[a-z-]+</code> × \d+", part.strip())
                assert label and HAN.search(label.group(1)), (page, part)
    assert labelled > 100 and reasons >= 4
    for page in content_pages(site, edition):
        for quote_reason in re.findall(r"</a>：([^<]*)</li>", article_html(page)):
            assert not DEVELOPER_TEXT.search(quote_reason), (page, quote_reason)


# --------------------------------------------------------------------------- the 404 page

@pytest.mark.parametrize("edition", ["", "zh-Hant/", "en/"])
def test_404_page_links_work_under_the_sites_sub_path(site, edition):
    """A server returns 404.html at any depth (/digest/a/b/c), so its links are absolute paths
    under site_url's path (registry/site.yml) and each one lands on a page of the built site;
    none is protocol-relative (//zh-Hant/ would be a host named zh-Hant)."""
    import posixpath
    from urllib.parse import urlsplit

    import yaml
    sub_path = urlsplit(yaml.safe_load((ROOT / "registry" / "site.yml").read_text(encoding="utf-8"))["url"]).path
    assert sub_path.startswith("/") and sub_path != "/"
    page = site / edition / "404.html"
    hrefs = [a.get("href") or "" for t, a in parse(page).tags if t in ("a", "link")]
    local = [h for h in hrefs if not urlsplit(h).scheme and not h.startswith("#")]
    assert len(local) > 10
    switcher = {a["hreflang"]: a["href"] for t, a in parse(page).tags if t == "a" and a.get("hreflang")}
    assert set(switcher) == {"zh-Hans", "zh-Hant", "en"}
    for href in local:
        assert "//" not in href and href.startswith(sub_path), (edition, href)
        path = posixpath.normpath(urlsplit(href).path)[len(sub_path.rstrip("/")):].lstrip("/")
        target = site / path
        assert (target / "index.html").is_file() or target.is_file(), (edition, href, path)
    homes = {lang: posixpath.normpath(href) for lang, href in switcher.items()}
    root = sub_path.rstrip("/")
    assert homes == {"zh-Hans": root, "zh-Hant": f"{root}/zh-Hant", "en": f"{root}/en"}
    assert html_lang(page) == {"": "zh-Hans", "zh-Hant/": "zh-Hant", "en/": "en"}[edition]


# --------------------------------------------------------------------------- places and tables

SECTIONS = {"": ("文件", "目标", "园区"), "zh-Hant/": ("文件", "目標", "園區"), "en/": ("Documents", "Targets", "Parks")}
SUBREGIONS = {"": "下级地区", "zh-Hant/": "下級地區", "en/": "Sub-regions"}


def h2_sections(body: str) -> dict[str, str]:
    """The article split at its h2 headings: heading text → the HTML up to the next h2."""
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", body)
    return {unescape(re.sub(r"<[^>]+>", "", parts[i])).strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def place_counts(body: str) -> list[int]:
    line = re.search(r'<p class="place-counts">(.*?)</p>', body, re.S)
    assert line, "no counts line"
    return [int(n) for n in re.findall(r"\d+", re.sub(r"<[^>]+>", "", line.group(1)))]


@pytest.mark.parametrize("edition", ["", "zh-Hant/", "en/"])
def test_place_counts_agree_with_what_the_page_lists(site, edition):
    """Every region and park page: its documents, goals and parks counts are the lengths of its lists,
    the index and the parent's list of sub-regions give the same document count, and every goal
    listed comes from a listed document."""
    docs_h, goals_h, parks_h = SECTIONS[edition]
    index_counts = {}
    for index in ("regions", "parks"):
        body = unescape(article_html(site / edition / index / "index.html"))
        for href, count in re.findall(r'<a href="([^"]+)/">[^<]*(?:<[^>]+>[^<]*</[^>]+>)?[^<]*</a>[^<(（]*[（(](\d+)',
                                      body):
            index_counts[f"{index}/{href.strip('./')}"] = int(count)
    pages = sorted((site / edition).glob("regions/*/index.html")) + sorted((site / edition).glob("parks/*/index.html"))
    assert len(pages) >= 10
    checked_children = []
    for page in pages:
        body = article_html(page)
        sections = h2_sections(body)
        docs = re.findall(r'<li>[^<]*<a href="\.\./\.\./documents/([^"/#]+)/"', sections.get(docs_h, ""))
        goal_rows = re.findall(r"<tr>.*?</tr>", sections.get(goals_h, "").split("<tbody>")[-1], re.S)
        goal_docs = {m for row in goal_rows for m in re.findall(r'documents/([^"/#]+)/#', row)}
        counts = place_counts(body)
        key = "/".join(page.relative_to(site / edition).parts[:2])
        assert counts[0] == len(docs) == index_counts[key], (key, counts, docs)
        assert counts[1] == len(goal_rows), (key, counts)
        assert goal_docs <= set(docs), (key, goal_docs - set(docs))
        if key.startswith("regions/"):
            parks = re.findall(r'<li><a href="\.\./\.\./parks/', sections.get(parks_h, ""))
            assert counts[2] == len(parks), (key, counts)
            children = 0
            for child, n in re.findall(r'<li><a href="\.\./([^"/]+)/">[^<]*(?:<[^>]+>[^<]*</[^>]+>)?[^<]*</a>[^<(（]*[（(](\d+)',
                                      unescape(sections.get(SUBREGIONS[edition], ""))):
                assert int(n) == index_counts[f"regions/{child}"], (key, child)
                children += 1
            checked_children.append(children)
    assert sum(checked_children) >= 6


def test_jiading_holds_its_town_the_valley_and_the_valleys_goals(site):
    jiading = h2_sections(article_html(site / "regions" / "shanghai-jiading" / "index.html"))
    assert "parks/shanghai-medical-device-valley/" in jiading["园区"]
    valley_goals = [r for r in re.findall(r"<tr>.*?</tr>", jiading["目标"], re.S)
                    if "parks/shanghai-medical-device-valley/" in r]
    assert len(valley_goals) == 7
    malu = article_html(site / "regions" / "shanghai-jiading-malu" / "index.html")
    assert place_counts(malu) == [2, 7, 1]


@pytest.mark.parametrize("edition", ["", "zh-Hant/", "en/"])
def test_the_timeline_lists_a_documents_goals_for_a_year_once(site, edition):
    body = article_html(site / edition / "timeline" / "index.html")
    y2027 = body.split('id="y2027"', 1)[1].split("<h3", 1)[0]
    rows = re.findall(r"<tr>.*?</tr>", y2027.split("<tbody>")[1], re.S)
    plan_rows = [r for r in rows if "documents/003-c8d20f3a32803d36/" in r]
    assert len(plan_rows) == 1, len(plan_rows)
    lines = re.findall(r'<span class="facet-line"', plan_rows[0])
    assert len(lines) > 15
    # Every goal keeps its own anchor, which the documents link to.
    assert len(re.findall(r'<span id="003-c8d20f3a32803d36-g\d+"', plan_rows[0])) == len(lines)


@pytest.mark.parametrize("page", ["goals", "timeline", "documents"])
@pytest.mark.parametrize("edition", ["", "zh-Hant/", "en/"])
def test_filterable_tables_carry_their_facets_and_menus(site, edition, page):
    body = article_html(site / edition / page / "index.html")
    menus = re.search(r'<div class="table-filter" hidden[^>]*>(.*?)</div>', body, re.S)
    assert menus, "no filter menus"
    facets = re.findall(r'<select data-facet="([a-z]+)">', menus.group(1))
    assert {"region", "year"} <= set(facets) and ("park" in facets or page == "documents"), facets
    rows = [r for table in re.findall(r"<tbody>(.*?)</tbody>", body, re.S) for r in re.findall(r"<tr>.*?</tr>", table, re.S)]
    assert rows and all('<span class="facets" hidden data-region=' in r for r in rows)
    if page == "goals":
        assert all(r.count('class="sort-key"') == 2 for r in rows)
