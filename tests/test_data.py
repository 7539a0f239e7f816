"""The digest as data: CSV and JSON against their declared columns, links, the Atom feed."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from digest.data import COLUMN_DOCS, COLUMN_DOCS_ZH, EVENT_COLUMNS, GOAL_COLUMNS

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def result(seeds_build):
    return seeds_build


@pytest.fixture(scope="module")
def site_url(registry):
    return registry.site["url"]


def rows(text: str) -> tuple[list[str], list[dict]]:
    assert text.startswith("\ufeff"), "a CSV opens with a BOM, or Excel on Windows garbles its Chinese"
    reader = csv.DictReader(io.StringIO(text[1:]))
    return reader.fieldnames, list(reader)


def anchor_exists(result, site_url: str, url: str) -> bool:
    assert url.startswith(site_url), url
    path, _, anchor = url[len(site_url):].partition("#")
    m = re.fullmatch(r"(zh-Hant/|en/)?documents/([a-z0-9-]+)/", path)
    assert m, url
    page = result.pages.get(f"{(m.group(1) or 'zh/')}documents/{m.group(2)}.md")
    return page is not None and (not anchor or f'id="{anchor}"' in page or f"{{ #{anchor} }}" in page)


def test_every_column_is_documented():
    assert set(GOAL_COLUMNS) | set(EVENT_COLUMNS) <= set(COLUMN_DOCS)
    assert set(COLUMN_DOCS_ZH) == set(COLUMN_DOCS)


@pytest.mark.parametrize("edition, word", [("zh", "文件编号"), ("zh-Hant", "文件編號"), ("en", "the document")])
def test_the_data_page_explains_the_columns_in_the_editions_language(result, edition, word):
    page = result.pages[f"{edition}/data/index.md"]
    assert word in page
    if edition != "en":
        assert "the document" not in page and "what is measured" not in page


def test_goals_csv(result, site_url):
    columns, data = rows(result.pages["zh/data/goals.csv"])
    assert columns == GOAL_COLUMNS and len(data) == sum(len(d.goals) for o in result.outcomes for d in o.documents
                                                          if d.published)
    for row in data:
        assert anchor_exists(result, site_url, row["url"]), row
        assert row["year"] == "" or 1990 <= int(row["year"]) <= 2100
        assert row["value"] == "" or float(row["value"]) >= 0
        assert row["normalised_unit"] in ("", "yuan", "m2", "count")
        assert row["scope_kind"] in ("park", "region") and row["editorial"] in ("true", "false")
    assert any(r["metric"] == "高端医疗器械制造业产值" and r["value_normalised"] == "25000000000" for r in data)


def test_events_csv(result, site_url):
    columns, data = rows(result.pages["zh/data/events.csv"])
    assert columns == EVENT_COLUMNS and data
    assert [r["date"] for r in data] == sorted(r["date"] for r in data)
    for row in data:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", row["date"]) and anchor_exists(result, site_url, row["url"])


def test_documents_json(result, site_url):
    docs = json.loads(result.pages["zh/data/documents.json"])["documents"]
    assert len(docs) == 6
    for d in docs:
        for key in ("url", "url_zh_hant", "url_en"):
            assert anchor_exists(result, site_url, d[key])
        for p in d["paragraphs"]:
            assert anchor_exists(result, site_url, p["url"])


@pytest.mark.parametrize("edition", ["zh", "zh-Hant", "en"])
def test_csv_files_open_in_excel_with_their_chinese(result, edition):
    """Excel on Windows reads a CSV without a byte-order mark in the system code page (mojibake)."""
    for name in ("goals.csv", "events.csv"):
        data = result.pages[f"{edition}/data/{name}"].encode("utf-8")
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
        assert data[3:].decode("utf-8").startswith("document_id,")


def test_documents_json_holds_full_records_not_counts(result, site_url):
    """Each document carries its metadata, tags, goals, events and paragraph texts: the whole digest as data."""
    docs = {d["id"]: d for d in json.loads(result.pages["zh/data/documents.json"])["documents"]}
    published = {d.id: d for o in result.outcomes for d in o.documents if d.published}
    assert docs.keys() == published.keys()
    for doc_id, d in docs.items():
        doc = published[doc_id]
        assert (d["title"], d["date"], d["doc_type"], d["outlet"]) == (doc.title, doc.date, doc.doc_type, doc.outlet)
        assert isinstance(d["goals"], list) and isinstance(d["events"], list)
        assert [g["goal_id"] for g in d["goals"]] == [g.id for g in doc.goals]
        assert [e["event_id"] for e in d["events"]] == [e.id for e in doc.events]
        assert [p["text"] for p in d["paragraphs"]] == [b.text for b in doc.blocks]
        for r in d["regions"]:
            assert r["path"] and r["path"][-1] == r["name"]
        for item in d["goals"] + d["events"]:
            assert set(item) >= {"paragraph", "url", "editorial"} and anchor_exists(result, site_url, item["url"])
            assert item["url"].endswith("#" + item["paragraph"]) and isinstance(item["editorial"], bool)
        for g in d["goals"]:
            assert set(GOAL_COLUMNS) - {"document_id"} <= set(g)
        for e in d["events"]:
            assert set(EVENT_COLUMNS) - {"document_id"} <= set(e) and isinstance(e["parks"], list)
    assert sum(len(d["goals"]) for d in docs.values()) == len(rows(result.pages["zh/data/goals.csv"])[1])
    assert sum(len(d["events"]) for d in docs.values()) == len(rows(result.pages["zh/data/events.csv"])[1])
    goal = next(g for d in docs.values() for g in d["goals"] if g["metric"] == "高端医疗器械制造业产值")
    assert goal["value_normalised"] == 25000000000 and goal["year"] and goal["quote"]


@pytest.mark.parametrize("edition", ["zh", "zh-Hant", "en"])
def test_feed_is_atom_and_lists_every_document(result, edition):
    root = ET.fromstring(result.pages[f"{edition}/feed.xml"].encode("utf-8"))
    assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}updated") is not None
    entries = root.findall(f"{ATOM}entry")
    published = [d for o in result.outcomes for d in o.documents if d.published]
    assert len(entries) == len(published)
    ids = {e.find(f"{ATOM}id").text for e in entries}
    assert all(any(i.endswith(f"documents/{d.id}/") for i in ids) for d in published)
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", x) for x in dates)


def test_data_is_linked_from_every_page_that_shows_data(result):
    for path in ("zh/goals.md", "zh/timeline.md", "zh/index.md", "zh/documents/003-c8d20f3a32803d36.md",
                 "en/goals.md"):
        assert "data/goals.csv" in result.pages[path] and "feed.xml" in result.pages[path], path


def test_citation_on_document_pages(result, site_url):
    page = result.pages["zh/documents/004-7bf530bae955a6a4.md"]
    import html
    citation = next(line for line in html.unescape(page).splitlines() if 'class="citation"' in line)
    # Outlet, title, date, where the text was found (the original is not known), the digest page.
    assert citation.startswith('    <pre class="citation" data-copied="已复制引用"><code>央广网. 南京高淳')
    assert "2020-12-21. 转载页 https://joycodes.com/3c/QdjQ0NTYx.html. " in citation
    assert citation.endswith(f"医疗器械产业园区政策摘要 {site_url}documents/004-7bf530bae955a6a4/</code></pre>")
