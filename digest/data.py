"""The digest as data: goals.csv, events.csv, documents.json and an Atom feed.

Each row links back to its page and paragraph. The columns are declared here
once (``GOAL_COLUMNS``, ``EVENT_COLUMNS``) and documented in DATA.md; tests check
the files against them. Output is deterministic (sorted rows, fixed timestamps
taken from the documents themselves).
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .model import Document

# Column → meaning. The site's data page and DATA.md are written from these.
COLUMN_DOCS = {
    "document_id": "the document's id (its page is documents/<id>/)",
    "goal_id": "the goal's id within its document (g1, g2 …; g-ed1 … for editorial additions)",
    "event_id": "the event's id within its document (e1 …)",
    "year": "the target year, empty when the text gives none (annual targets)",
    "metric": "what is measured, in the document's words",
    "metric_en": "the metric in English, empty where no current translation exists",
    "title_en": "the event in English, empty where no current translation exists",
    "place_en": "the place in English, empty where no current translation exists",
    "translation": "machine-draft or human-reviewed: how far the English has been checked; empty without English",
    "value": "the target number, empty for ranges and qualitative goals",
    "value_min": "lower end of a range (2-3家 → 2)",
    "value_max": "upper end of a range (2-3家 → 3)",
    "unit": "the unit as written (亿元, 家, 亩 …)",
    "comparator": "the word before or after the number (达, 突破, 超过, 不少于, 以上, 翻一番 …)",
    "value_normalised": "the value in base units where the unit allows (亿元 → yuan, 亩 → m², 万人 → count)",
    "normalised_unit": "yuan, m2 or count",
    "scope_kind": "park or region: what the target binds",
    "scope_id": "registry id of that park or region",
    "scope_name": "its canonical Chinese name",
    "quote": "the exact words of the paragraph the goal comes from",
    "editorial": "true when an editor added or corrected the row",
    "url": "the page and paragraph anchor the row comes from",
    "date": "ISO date of the event",
    "end_date": "last day of an event that spans days, else empty",
    "title": "what happened, in the document's words",
    "place": "where, when the text says (在上海召开 → 上海)",
    "parks": "registry ids of the parks the event's sentence names, separated by ;",
}

# The same in Chinese, for the Chinese editions' data page (the Traditional edition converts it).
COLUMN_DOCS_ZH = {
    "document_id": "文件编号（页面为 documents/<编号>/）",
    "goal_id": "目标在文件内的编号（g1、g2 …；编辑添加的为 g-ed1 …）",
    "event_id": "事件在文件内的编号（e1 …）",
    "year": "目标年份；原文未给出年份时为空（年度目标）",
    "metric": "衡量的对象，用原文的说法",
    "metric_en": "指标的英文译文；无现行译文时为空",
    "title_en": "事件的英文译文；无现行译文时为空",
    "place_en": "地点的英文译文；无现行译文时为空",
    "translation": "英文的审校状态：machine-draft（机器初稿）或 human-reviewed（已人工审校）；无英文时为空",
    "value": "目标数值；区间和定性目标为空",
    "value_min": "区间的下限（2-3家 → 2）",
    "value_max": "区间的上限（2-3家 → 3）",
    "unit": "原文写的单位（亿元、家、亩 …）",
    "comparator": "数字前后的比较词（达、突破、超过、不少于、以上、翻一番 …）",
    "value_normalised": "单位可换算时折算成基本单位的数值（亿元 → 元，亩 → 平方米，万人 → 人数）",
    "normalised_unit": "折算单位：yuan（元）、m2（平方米）或 count（个数）",
    "scope_kind": "目标约束的对象：park（园区）或 region（地区）",
    "scope_id": "该园区或地区在登记表中的编号",
    "scope_name": "它的中文规范名称",
    "quote": "目标所在段落的原文",
    "editorial": "编辑添加或更正的行为 true",
    "url": "该行所依据的页面与段落锚点",
    "date": "事件日期（ISO 格式）",
    "end_date": "跨越多日的事件的最后一天，否则为空",
    "title": "发生了什么，用原文的说法",
    "place": "原文写明的地点（在上海召开 → 上海）",
    "parks": "事件所在句子提到的园区编号，以 ; 分隔",
}

GOAL_COLUMNS = ["document_id", "goal_id", "year", "metric", "metric_en", "value", "value_min", "value_max", "unit",
                "comparator", "value_normalised", "normalised_unit", "scope_kind", "scope_id", "scope_name",
                "quote", "editorial", "translation", "url"]
EVENT_COLUMNS = ["document_id", "event_id", "date", "end_date", "title", "title_en", "place", "place_en", "parks",
                 "editorial", "translation", "url"]


def page_url(site_url: str, doc: Document, anchor: str | None = None, edition: str = "") -> str:
    return f"{site_url}{edition}documents/{doc.id}/" + (f"#{anchor}" if anchor else "")


def cell(value) -> object:
    """A CSV cell a spreadsheet shows as text: a string opening with ``= + - @`` (or a tab or
    carriage return) would run as a formula (``=HYPERLINK(…)`` from a seed), so it gets a ``'``.

    >>> cell("=HYPERLINK(1)"), cell("-5%"), cell("产业规模"), cell(-5), cell(None)
    ("'=HYPERLINK(1)", "'-5%", '产业规模', -5, '')
    """
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


BOM = "\ufeff"
"""Opens each CSV: Excel on Windows reads a file without it in the system code page, so Chinese is garbled."""


def _csv_value(value) -> object:
    """A record's value as a CSV cell: booleans as ``true``/``false``, lists joined with ``;``.

    >>> _csv_value(True), _csv_value(["a", "b"]), _csv_value("=1")
    ('true', 'a;b', "'=1")
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return ";".join(value)
    return cell(value)


def _csv_lines(columns: list[str], records: list[dict]) -> str:
    """Records as CSV lines, without the header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    for row in records:
        writer.writerow({k: _csv_value(row.get(k)) for k in columns})
    return out.getvalue()


def _csv_file(columns: list[str], lines: str) -> str:
    """UTF-8 CSV with a byte-order mark, so Excel on Windows shows the Chinese."""
    return BOM + ",".join(columns) + "\n" + lines


def _num(x):
    return None if x is None else (int(x) if float(x).is_integer() else x)


def _english_of(doc: Document, fact_id: str):
    """The current English of a goal or event (None where there is none, or the Chinese changed)."""
    t = doc.english.fact(fact_id) if doc.english else None
    return t if t and not t.stale else None


def goal_record(doc: Document, g, site_url: str) -> dict:
    """One goal with the columns of ``GOAL_COLUMNS`` plus its paragraph id, values in their JSON types."""
    en = _english_of(doc, g.id)
    return {"document_id": doc.id, "goal_id": g.id, "year": g.year, "metric": g.metric,
            "metric_en": en.en if en else None, "translation": doc.english.status if en else None,
            "value": _num(g.value), "value_min": _num(g.value_min), "value_max": _num(g.value_max),
            "unit": g.unit, "comparator": g.comparator, "value_normalised": _num(g.value_normalised),
            "normalised_unit": g.normalised_unit, "scope_kind": g.scope_kind, "scope_id": g.scope_id,
            "scope_name": g.scope_name, "quote": g.quote, "editorial": g.editorial,
            "paragraph": g.paragraph, "url": page_url(site_url, doc, g.paragraph)}


def event_record(doc: Document, e, site_url: str) -> dict:
    """One event with the columns of ``EVENT_COLUMNS`` plus its paragraph id, values in their JSON types."""
    en = _english_of(doc, e.id)
    return {"document_id": doc.id, "event_id": e.id, "date": e.date, "end_date": e.end_date,
            "title": e.title, "title_en": en.en if en else None, "place": e.place,
            "place_en": en.place_en if en and en.place_zh == e.place else None,
            "translation": doc.english.status if en else None, "parks": list(e.parks), "editorial": e.editorial,
            "paragraph": e.paragraph, "url": page_url(site_url, doc, e.paragraph)}


@dataclass(frozen=True)
class DocumentData:
    """One document's part of each data file, serialised (cached with its pages: the files are
    these parts joined, so a changed seed re-serialises only its own)."""

    goal_lines: str
    """Its goals' lines of goals.csv, in document order."""
    event_lines: tuple[tuple[tuple, str], ...]
    """Each event's line of events.csv with its place in that file (date, document, event)."""
    json: str
    """Its entry of documents.json, one line."""


def document_data(doc: Document, site_url: str, regions: dict) -> DocumentData:
    return DocumentData(
        goal_lines=_csv_lines(GOAL_COLUMNS, [goal_record(doc, g, site_url) for g in doc.goals]),
        event_lines=tuple(((e.date, doc.id, e.id), _csv_lines(EVENT_COLUMNS, [event_record(doc, e, site_url)]))
                          for e in doc.events),
        json=json.dumps(document_record(doc, site_url, regions), ensure_ascii=False))


def goals_csv(parts: list[DocumentData]) -> str:
    return _csv_file(GOAL_COLUMNS, "".join(p.goal_lines for p in parts))


def events_csv(parts: list[DocumentData]) -> str:
    """Every event, by date (then document and event id)."""
    lines = sorted((line for p in parts for line in p.event_lines), key=lambda kv: kv[0])
    return _csv_file(EVENT_COLUMNS, "".join(text for _, text in lines))


def _inner(record: dict) -> dict:
    """A record inside its document's entry: without the repeated ``document_id``."""
    return {k: v for k, v in record.items() if k != "document_id"}


def document_record(d: Document, site_url: str, regions: dict) -> dict:
    """Everything the digest publishes about one document, with links to its page and paragraphs."""
    return {
        "id": d.id, "title": d.title, "title_zh_hant": d.title_hant,
        "title_en": d.english.title if d.english else None,
        "translation": {"by": d.english.by, "status": d.english.status} if d.english else None,
        "date": d.date, "doc_type": d.doc_type, "outlet": d.outlet, "seed": d.article.seed.path,
        "url": page_url(site_url, d), "url_zh_hant": page_url(site_url, d, edition="zh-Hant/"),
        "url_en": page_url(site_url, d, edition="en/"),
        "regions": [{"id": r.id, "name": regions[r.id].name, "path": list(regions[r.id].path),
                     "paragraph": r.paragraph, "editorial": r.editorial} for r in d.regions],
        "parks": [{"id": p.id, "name": p.name, "paragraph": p.paragraph, "editorial": p.editorial}
                  for p in d.parks],
        "other_parks": [{"name": p.name, "paragraph": p.paragraph} for p in d.other_parks],
        "tags": [{"id": t.id, "name": t.name, "kind": t.kind, "paragraph": t.paragraph, "editorial": t.editorial}
                 for t in d.tags],
        "goals": [_inner(goal_record(d, g, site_url)) for g in d.goals],
        "events": [_inner(event_record(d, e, site_url)) for e in d.events],
        "paragraphs": [{"id": b.id, "kind": b.kind, "text": b.text, "url": page_url(site_url, d, b.id)}
                       for b in d.blocks],
    }


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


def documents_json(parts: list[DocumentData]) -> str:
    """``json_lines({"documents": [...]})`` of the documents' serialised entries."""
    return "{\n" + json.dumps("documents") + ": [\n" + ",\n".join(p.json for p in parts) + "\n]\n}\n"


def atom_feed(docs: list[Document], site_url: str, title: str, edition: str = "") -> str:
    """An Atom feed of the documents, newest first. ``updated`` comes from the documents, not the clock."""
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = title
    ET.SubElement(feed, f"{{{ns}}}id").text = f"{site_url}{edition}"
    ET.SubElement(feed, f"{{{ns}}}link", href=f"{site_url}{edition}feed.xml", rel="self")
    ET.SubElement(feed, f"{{{ns}}}link", href=f"{site_url}{edition}")
    dated = sorted((d for d in docs if d.date), key=lambda d: (d.date, d.id), reverse=True)
    undated = sorted((d for d in docs if not d.date), key=lambda d: d.id)
    latest = dated[0].date if dated else "1970-01-01"
    ET.SubElement(feed, f"{{{ns}}}updated").text = f"{latest}T00:00:00Z"
    for d in dated + undated:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        english = edition == "en/" and d.english and d.english.title
        ET.SubElement(entry, f"{{{ns}}}title").text = d.english.title if english else d.title
        url = page_url(site_url, d, edition=edition)
        ET.SubElement(entry, f"{{{ns}}}id").text = url
        ET.SubElement(entry, f"{{{ns}}}link", href=url)
        ET.SubElement(entry, f"{{{ns}}}updated").text = f"{d.date or latest}T00:00:00Z"
        summary = (d.english.summary if english and d.english.summary
                   else next((b.text for b in d.blocks if b.kind == "paragraph"), ""))
        ET.SubElement(entry, f"{{{ns}}}summary").text = summary[:400]
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
