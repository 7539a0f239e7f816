"""Stage 5 (facts): the values goals and events are made of, and dated events.

Goals are read by ``goals.py``; this module holds their data class.

An *event* is something dated the text reports ("11月19日、20日…召开",
"去年10月13日…开园"). Years come from the text, or from the document's date
(去年/今年/明年 relative to it); an event whose year cannot be resolved is
reported, not guessed.

Every goal and event keeps the paragraph id it came from and the exact words.
"""
from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, replace

from .model import quick_pickling
from .tag import Mention
from .vocabulary import EVENT_VERBS, FULL_DATE, VENUE_VERBS, alternation

MULTIPLIER = {"万亿": 1e12, "亿": 1e8, "万": 1e4}
BASE_UNIT = {"元": "yuan", "平方米": "m2", "平米": "m2", "方": "m2", "平方公里": "m2", "亩": "m2", "公顷": "m2"}
BASE_FACTOR = {"平方公里": 1e6, "亩": 10000 / 15, "公顷": 1e4}
_EVENT_VERB = re.compile(alternation(EVENT_VERBS))
_FULL_DATE = re.compile(FULL_DATE + r"(?:\s*[、至到—-]\s*(?:(\d{1,2})月)?(\d{1,2})日)?")
_REL_DATE = re.compile(r"(去年|今年|明年)(\d{1,2})月(\d{1,2})日(?:\s*[、至到—-]\s*(?:(\d{1,2})月)?(\d{1,2})日)?")
_MD_DATE = re.compile(r"(?<![年\d])(\d{1,2})月(\d{1,2})(?:日(?:\s*[、至到—-]\s*(?:(\d{1,2})月)?(\d{1,2})日)?"
                      r"|\s*[、至到—-]\s*(?:(\d{1,2})月)?(\d{1,2})日)")
# 28日，… at the start of a sentence: the day of the month the report was filed in.
_DAY_ONLY = re.compile(r"^\s*(?:[（(][^()（）]{0,20}[)）])?\s*(\d{1,2})日(?=[，,上下晚]|\s)")
# 昨天, 今日, 昨（29）日 (Taiwan and Hong Kong papers write the day in brackets).
_REL_DAY = re.compile(r"(昨天|昨日|今天|今日|前天|前日)(?:\s*[（(]\s*(\d{1,2})\s*日\s*[)）])?"
                      r"|([昨今前])\s*[（(]\s*(\d{1,2})\s*[)）]\s*日")
# 将于9月20日在合肥举办: announced, not yet happened.
_AHEAD = re.compile(r"(?:将于|将在|拟于|拟在|计划于|预计于|定于|将)\s*$")
_YEAR_MONTH = re.compile(r"(20\d\d|19\d\d)年(\d{1,2})月(?![\d份]*日)(?:份)?")
_REL_MONTH = re.compile(r"(今年|去年)(\d{1,2})月(?!\d{1,2}日)(?:份)?")
_PLACE = re.compile(rf"(?:在|于)([^，。；、\s]{{2,16}}?)(?:{alternation(VENUE_VERBS)})")


@quick_pickling
@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    year: int | None
    metric: str
    value: float | None
    value_min: float | None
    value_max: float | None
    unit: str | None
    comparator: str | None
    value_normalised: float | None
    normalised_unit: str | None
    scope_kind: str
    """``park`` or ``region``."""
    scope_id: str | None
    scope_name: str | None
    paragraph: str
    quote: str
    editorial: bool = False

    def as_dict(self) -> dict:
        d = {"id": self.id, "year": self.year, "metric": self.metric}
        if self.value_min is not None:
            d.update(value=None, value_min=_num(self.value_min), value_max=_num(self.value_max))
        else:
            d["value"] = _num(self.value)
        d.update(unit=self.unit, comparator=self.comparator)
        if self.value_normalised is not None:
            d.update(value_normalised=_num(self.value_normalised), normalised_unit=self.normalised_unit)
        d["scope"] = {"kind": self.scope_kind, "id": self.scope_id, "name": self.scope_name}
        d.update(paragraph=self.paragraph, quote=self.quote)
        if self.editorial:
            d["editorial"] = True
        return d


@quick_pickling
@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: str
    end_date: str | None
    title: str
    place: str | None
    paragraph: str
    quote: str
    date_evidence: str
    parks: tuple[str, ...] = ()
    """Ids of the parks the event's sentence names."""
    editorial: bool = False

    def as_dict(self) -> dict:
        d = {"id": self.id, "date": self.date, "end_date": self.end_date, "title": self.title,
             "place": self.place, "paragraph": self.paragraph}
        if self.parks:
            d["parks"] = list(self.parks)
        if self.editorial:
            d["editorial"] = True
        return d


def _num(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 4)


MAX_SENTENCE = 1000
"""Longer runs without 。！？ are read in pieces (cut after the last ，；, else hard): the
facts stages look back and ahead within a sentence, which must not make them quadratic."""


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs, split after 。！？ (and within runs over ``MAX_SENTENCE``).

    >>> [len(s) for _, s in sentences("甲。" + "乙，" * 700 + "丙。")]
    [2, 1000, 402]
    """
    out, start = [], 0
    for m in re.finditer(r"[。！？]", text):
        out += _pieces(text, start, m.end())
        start = m.end()
    if start < len(text):
        out += _pieces(text, start, len(text))
    return [(o, s) for o, s in out if s.strip()]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, str]]:
    out = []
    while end - start > MAX_SENTENCE:
        cut = max(text.rfind(mark, start, start + MAX_SENTENCE) for mark in "，；")
        cut = cut + 1 if cut > start else start + MAX_SENTENCE
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:end]))
    return out


def _in_span(mentions: list, starts: list[int], a: int, z: int) -> list:
    """The mentions (sorted by start, ``starts`` their starts) that start in [a, z)."""
    return mentions[bisect.bisect_left(starts, a):bisect.bisect_left(starts, z)]


def normalise(value: float | None, unit: str | None) -> tuple[float | None, str | None]:
    """A value in base units where the unit allows: 亿元 → yuan, 亩 → m².

    >>> normalise(250, "亿元"), normalise(380, "亩")[1], normalise(5.5, "万个")
    ((25000000000.0, 'yuan'), 'm2', (55000.0, 'count'))
    """
    if value is None or not unit:
        return None, None
    mult = 1.0
    for prefix, factor in MULTIPLIER.items():
        if unit.startswith(prefix) and unit != prefix:
            mult, unit = factor, unit[len(prefix):]
            break
    if unit in BASE_UNIT:
        return value * mult * BASE_FACTOR.get(unit, 1.0), BASE_UNIT[unit]
    if unit in ("人", "个", "家", "件", "台", "项", "款", "名", "张", "场", "户", "间", "座", "所", "条", "套", "床",
                "位", "次", "人次", "篇", "种", "支", "台套", "枚", "辆"):
        return value * mult, "count"
    return None, None


def _scope(sentence_mentions: list[Mention], heading_park: Mention | None, doc_region,
           paragraph_park: Mention | None = None):
    parks = [m for m in sentence_mentions if m.kind == "park"]
    if parks:
        return "park", parks[0]
    if paragraph_park:
        return "park", paragraph_park
    if heading_park:
        return "park", heading_park
    regions = [m for m in sentence_mentions if m.kind == "region" and not m.venue]
    if regions:
        return "region", regions[0]
    return "region", doc_region


# --------------------------------------------------------------------------- events

@dataclass(frozen=True)
class Unresolved:
    paragraph: str
    quote: str
    reason: str


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def _event_title(rest: str) -> str:
    """The words after the date up to the clause that holds the event verb.

    >>> _event_title("，普陀区成立高端医疗器械专委会。为进一步…")
    '普陀区成立高端医疗器械专委会'
    """
    rest = re.split(r"[。！？]", re.sub(r"^[，,、\s]+", "", rest))[0]
    parts = re.split(r"[，；]", rest)
    for n, part in enumerate(parts):
        if _EVENT_VERB.search(part):
            whole = "，".join(parts[:n + 1])
            return whole if len(whole) <= 60 else part
    return parts[0]


def _resolve(kind: str, g: tuple, doc_date: str | None):
    """(start, end, evidence) of a date the text gives, or the reason it cannot be resolved.

    >>> _resolve("relative-day", ("昨日", None, None, None), "2023-09-07")[:2]
    ('2023-09-06', None)
    >>> _resolve("relative-day", (None, None, "昨", "29"), "2006-09-30")[:2]
    ('2006-09-29', None)
    >>> _resolve("relative-day", ("昨天", "8", None, None), "2023-05-09")[:2]
    ('2023-05-08', None)
    """
    doc_year = int(doc_date[:4]) if doc_date else None
    if kind == "full":
        y, mo, d, mo2, d2 = int(g[0]), int(g[1]), int(g[2]), g[3], g[4]
        evidence = "full date in the text"
    elif kind == "year-month":
        return (f"{int(g[0]):04d}-{int(g[1]):02d}" if 1 <= int(g[1]) <= 12 else None), None, "year and month in the text"
    elif doc_date is None:
        return {"relative": f"{g[0]} with no document date", "relative-day": "a day relative to no document date",
                "relative-month": f"{g[0]} with no document date"}.get(kind, "month and day with no year and no document date")
    elif kind == "day":
        base = datetime.date.fromisoformat(doc_date)
        day = int(g[0])
        month, year = base.month, base.year
        if day > base.day:
            month, year = (12, year - 1) if month == 1 else (month - 1, year)
        return _iso(year, month, day), None, f"{day}日 in the month of the document date {doc_date}"
    elif kind == "relative-month":
        y = doc_year + (-1 if g[0] == "去年" else 0)
        return (f"{y:04d}-{int(g[1]):02d}" if 1 <= int(g[1]) <= 12 else None), None, f"{g[0]} relative to {doc_date}"
    elif kind == "relative-day":
        base = datetime.date.fromisoformat(doc_date)
        if g[0] and not g[1]:
            back = {"昨天": 1, "昨日": 1, "今天": 0, "今日": 0, "前天": 2, "前日": 2}[g[0]]
            return (base - datetime.timedelta(days=back)).isoformat(), None, f"{g[0]} relative to {doc_date}"
        word, day = (g[0], int(g[1])) if g[0] else (g[2] + "日", int(g[3]))
        month, year = base.month, base.year
        if day > base.day:  # 昨（31）日 in a paper of the 1st: last month
            month, year = (12, year - 1) if month == 1 else (month - 1, year)
        return _iso(year, month, day), None, f"{word}（{day}日） relative to {doc_date}"
    elif kind == "relative":
        y = doc_year + {"去年": -1, "今年": 0, "明年": 1}[g[0]]
        mo, d, mo2, d2 = int(g[1]), int(g[2]), g[3], g[4]
        evidence = f"{g[0]} relative to the document date {doc_date}"
    else:
        mo, d, mo2, d2 = int(g[0]), int(g[1]), g[2] or g[4], g[3] or g[5]
        y = doc_year
        # A news report tells of the past: a day later in the year than the report is last year's.
        if (mo, d) > (int(doc_date[5:7]), int(doc_date[8:10])) and mo - int(doc_date[5:7]) > 1:
            y -= 1
        evidence = f"year of the document date {doc_date}"
    start = _iso(y, mo, d)
    end = _iso(y, int(mo2) if mo2 else mo, int(d2)) if d2 and start else None
    return start, end, evidence


# 现印发给你们 / 现予公布: an official notice is issued on its own date (its signature).
_ISSUED = re.compile(r"现(?:予|将)?(?:印发|发布|公布)|特此(?:通知|公告)")


def _issued(blocks, doc_date: str | None) -> list[Event]:
    """The issuing of a notice, dated by the document itself."""
    if not doc_date:
        return []
    for b in blocks:
        if b.kind != "paragraph":
            continue
        for _, sentence in sentences(b.text):
            m = _ISSUED.search(sentence)
            if m:
                what = re.sub(r"^[，,\s]+", "", sentence.strip())[:60]
                return [Event("", doc_date, None, what, None, b.id, sentence.strip(),
                              "the notice's own date (its signature or publication line)")]
    return []


def extract_events(blocks, doc_date: str | None, mentions: list[Mention] = ()) -> tuple[list[Event], list[Unresolved]]:
    doc_year = int(doc_date[:4]) if doc_date else None
    events, unresolved = [], []
    park_mentions: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.kind == "park":
            park_mentions.setdefault(m.block, []).append(m)
    park_starts = {k: [m.start for m in v] for k, v in park_mentions.items()}
    for b in blocks:
        if b.kind != "paragraph":
            continue
        for s_off, sentence in sentences(b.text):
            parks = tuple(dict.fromkeys(m.id for m in _in_span(park_mentions.get(b.id, []), park_starts.get(b.id, []),
                                                                s_off, s_off + len(sentence))))
            taken: list[tuple[int, int]] = []
            patterns = ((_FULL_DATE, "full"), (_REL_DATE, "relative"), (_MD_DATE, "month-day"),
                        (_REL_DAY, "relative-day"), (_YEAR_MONTH, "year-month"), (_REL_MONTH, "relative-month"),
                        (_DAY_ONLY, "day"))
            for pattern, kind in patterns:
                for m in pattern.finditer(sentence):
                    if any(a <= m.start() < z or m.start() <= a < m.end() for a, z in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    rest = sentence[m.end():]
                    if not _EVENT_VERB.search(rest[:80]) or _AHEAD.search(sentence[max(0, m.start() - 4):m.start()]):
                        continue
                    when = _resolve(kind, m.groups(), doc_date)
                    if isinstance(when, str):
                        unresolved.append(Unresolved(b.id, sentence[m.start():m.end() + 30], when))
                        continue
                    start, end, evidence = when
                    if start is None:
                        continue
                    title = _event_title(rest)
                    place = _PLACE.search(rest)
                    events.append(Event("", start, end, title[:60] + ("…" if len(title) > 60 else ""),
                                        place.group(1) if place else None, b.id, sentence.strip(), evidence,
                                        parks))
    events += _issued(blocks, doc_date)
    events.sort(key=lambda e: e.date)
    out, seen = [], set()
    for e in events:
        key = (e.date, e.paragraph, e.title)
        if key not in seen:
            seen.add(key)
            out.append(replace(e, id=f"e{len(out) + 1}"))
    return out, unresolved
