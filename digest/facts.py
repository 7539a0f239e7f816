"""Stage 5 (facts): quantitative and qualitative goals, and dated events.

A *goal* is a target the text sets for the future ("到2027年产值达250亿元",
"年度新引进企业不少于60家", "到2030年，力争成为产医融合示范地"). A statistic
of the past ("2023年…营收超过5000亿元", "截至目前已集聚企业445家") is not a
goal. Clause by clause, a target year or a future marker opens goal context;
a past year or a past marker closes it.

An *event* is something dated the text reports ("11月19日、20日…召开",
"去年10月13日…开园"). Years come from the text, or from the document's date
(去年/今年/明年 relative to it); an event whose year cannot be resolved is
reported, not guessed.

Every goal and event keeps the paragraph id it came from and the exact words.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .tag import Mention

NUM = r"\d+(?:\.\d+)?"
# A counter or measure, optionally with a 万/亿 multiplier: 亿元, 万平方米, 万人, 家, 亩 …
UNIT = (r"(?:万亿|亿|万)?(?:元|平方米|平方公里|方|人|个|家|件|台|项|款|名|张)"
        r"|亩|公顷|场|%|个百分点|倍")
_QUANTITY = re.compile(
    rf"(?P<comp>达到|达|突破|超过|超|不少于|不低于|至少|逾|约|近)?(?P<lo>{NUM})"
    rf"(?:\s*[-—~～至]\s*(?P<hi>{NUM}))?\s*(?:(?P<unit>{UNIT})(?P<post>\+|以上|左右)?|(?P<plus>\+))"
)
_DOUBLE = re.compile(r"翻一番|翻两番|倍增")
_TARGET_YEAR = re.compile(r"(?:到|至)(20\d\d)年|(20\d\d)年(?:前|底|末|累计|内)")
_ANY_YEAR = re.compile(r"(?<![\d—-])(19\d\d|20\d\d)年(?!\d)")
_FUTURE = re.compile(r"力争|目标|预计|计划|争取|有望|将|年度|每年|年均新增|三年内|五年内")
_PAST = re.compile(r"截至|去年|已经|已|以来|同比|上年|目前|此前|过去")
_GOAL_VERBS = re.compile(r"^(?:新引进|新增|培育|引进|集聚|累计推出|推出|完成|建设|打造|开展|实现|形成|涌现|重点推进|推进|推动|释放|提供)")
_ANNUAL = re.compile(r"年度|每年|年均")
_CAP = re.compile(r"最高|最多|给予|补贴|奖励|资助")
_PERIOD = re.compile(r"[（(](20\d\d)\s*[—–\-－~～至]\s*(20\d\d)年?[)）]")
_LEADING_NOISE = re.compile(r"^(?:[\d一二三四五六七八九十]+[.、．]|（[一二三四五六七八九十\d]+）)?\s*(?:其中|目标|力争|争取|预计|规划|并且|并|且|同时|到(?:20\d\d)年|(?:20\d\d)年)*[，、]?")

MULTIPLIER = {"万亿": 1e12, "亿": 1e8, "万": 1e4}
BASE_UNIT = {"元": "yuan", "平方米": "m2", "方": "m2", "平方公里": "m2", "亩": "m2", "公顷": "m2"}
BASE_FACTOR = {"平方公里": 1e6, "亩": 10000 / 15, "公顷": 1e4}
COMPARATOR = {"+": "以上"}

_EVENT_VERB = re.compile(r"召开|举行|举办|开幕|闭幕|揭牌|签约|成立|启动|开园|落户|发布|审议|通过|印发|出台|开工|投产|入驻|亮相|召集")
_FULL_DATE = re.compile(r"(20\d\d|19\d\d)年(\d{1,2})月(\d{1,2})日(?:\s*[、至到—-]\s*(?:(\d{1,2})月)?(\d{1,2})日)?")
_REL_DATE = re.compile(r"(去年|今年|明年)(\d{1,2})月(\d{1,2})日(?:\s*[、至到—-]\s*(?:(\d{1,2})月)?(\d{1,2})日)?")
_MD_DATE = re.compile(r"(?<![年\d])(\d{1,2})月(\d{1,2})日(?:\s*[、至到—-]\s*(?:(\d{1,2})月)?(\d{1,2})日)?")
_PLACE = re.compile(r"(?:在|于)([^，。；、\s]{2,16}?)(?:召开|举办|举行|开幕)")


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


def clauses(sentence: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in re.finditer(r"[，；：;,]", sentence):
        out.append((start, sentence[start:m.start()]))
        start = m.end()
    out.append((start, sentence[start:]))
    return [(o, c) for o, c in out if c.strip()]


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
    if unit in ("人", "个", "家", "件", "台", "项", "款", "名", "张", "场"):
        return value * mult, "count"
    return None, None


def _metric(pre: str, post: str, inherited_verb: str) -> str:
    pre = _LEADING_NOISE.sub("", pre.strip()).strip("，、 ")
    pre = re.sub(r"(?:将|要|可|预计|力争|有望)+$", "", pre)
    listed = post.lstrip().startswith("、")  # "300亩、高标准…": the next item, not this one's noun
    post = "" if listed else re.split(r"[，；。]", post.strip("，、 "))[0][:30]
    if inherited_verb and not _GOAL_VERBS.match(pre):
        pre = inherited_verb + pre
    if post and not re.match(r"^\d", post):
        metric = pre + post
    else:
        metric = re.sub(r"^(?:实现|达到)", "", pre) or pre
    return metric.strip("，、 ")[:60]


def _year_state(clause: str, doc_year: int | None) -> tuple[str, int | None]:
    """('goal', year) / ('goal', None) / ('past', None) / ('none', None) for one clause."""
    target = _TARGET_YEAR.search(clause)
    if target:
        year = int(target.group(1) or target.group(2))
        return ("past", None) if doc_year and year < doc_year else ("goal", year)
    if _PAST.search(clause):
        return "past", None
    years = [int(y) for y in _ANY_YEAR.findall(clause)]
    if years and (doc_year is None or min(years) <= doc_year):
        return "past", None
    if _FUTURE.search(clause):
        return "goal", None
    return "none", None


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


def extract_goals(blocks, mentions: list[Mention], doc_year: int | None, is_plan: bool,
                  registry, doc_region, period_end: int | None = None) -> list[Goal]:
    """Goals of one document. ``period_end`` is the last year of a plan's period
    (（2024—2026年）): the year of a target that names none, unless it is annual."""
    goals: list[Goal] = []
    heading_park: Mention | None = None
    heading_level = 0
    by_block: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        by_block.setdefault(m.block, []).append(m)
    starts = {k: [m.start for m in v] for k, v in by_block.items()}
    park_mentions = {k: [m for m in v if m.kind == "park"] for k, v in by_block.items()}
    park_starts = {k: [m.start for m in v] for k, v in park_mentions.items()}
    for b in blocks:
        if b.kind == "heading":
            parks = [m for m in by_block.get(b.id, []) if m.kind == "park"]
            if parks:
                heading_park, heading_level = parks[0], b.level
            elif heading_park and b.level <= heading_level:
                heading_park = None
            continue
        for s_off, sentence in sentences(b.text):
            s_mentions = _in_span(by_block.get(b.id, []), starts.get(b.id, []), s_off, s_off + len(sentence))
            earlier = bisect.bisect_left(park_starts.get(b.id, []), s_off)
            paragraph_park = park_mentions[b.id][earlier - 1] if earlier else None
            state, year, closed, annual = "none", None, False, False
            verb = ""
            for c_off, clause in clauses(sentence):
                c_state, c_year = _year_state(clause, doc_year)
                annual = annual or bool(_ANNUAL.search(clause))
                if c_state == "goal":
                    state, year = "goal", c_year if c_year is not None else year
                elif c_state == "past":
                    state, year, closed = "none", None, True
                elif state == "none" and is_plan and not closed and re.search(
                        r"不少于|以上|不低于|突破|超过?\d|达到?\d", clause):
                    state = "goal"
                if state != "goal":
                    continue
                goal_year = year if year is not None or annual else period_end
                found = _clause_goals(b.id, sentence, c_off, clause, goal_year, s_mentions, heading_park,
                                      doc_region, registry, verb, paragraph_park)
                for g in found:
                    goals.append(g)
                if found:
                    m = _GOAL_VERBS.match(_LEADING_NOISE.sub("", clause.strip()))
                    verb = m.group() if m else verb
                elif year is not None and not _QUANTITY.search(clause) and _TARGET_YEAR.search(clause):
                    # A target year with no number: a qualitative goal ("到2030年，力争成为…示范地").
                    rest = sentence[c_off:]
                    rest = re.split(r"[；。]", rest)[0]
                    text = _TARGET_YEAR.sub("", rest, count=1).strip("，、 ")
                    text = re.sub(r"^(?:，|力争|目标|要|基本)+", "", text).strip("，、 ")
                    if len(text) >= 4 and not _QUANTITY.search(rest):
                        kind, who = _scope(s_mentions, heading_park, doc_region)
                        goals.append(_goal(b.id, year, text[:60], None, None, None, None, None, kind, who,
                                           registry, rest.strip("，")))
    return _dedupe(goals)


def _clause_goals(block_id, sentence, c_off, clause, year, s_mentions, heading_park, doc_region,
                  registry, verb, paragraph_park=None) -> list[Goal]:
    out = []
    matches = list(_QUANTITY.finditer(clause))
    prev_end = 0
    for n, q in enumerate(matches):
        pre = clause[prev_end:q.start()]
        after = matches[n + 1].start() if n + 1 < len(matches) else len(clause)
        post = clause[q.end():after]
        prev_end = q.end()
        # "超过5000万元的项目" qualifies a class; "最高300万元" is a subsidy cap: neither is a target.
        threshold = q.group("comp") in ("超过", "超", "不少于", "不低于", "达到", "达") or q.group("post") == "以上"
        if (post.startswith("的") and threshold) or _CAP.search(pre[-6:] + post[:4]):
            continue
        pre_clean = pre.split("、")[-1] if "、" in pre else pre
        if n and not _LEADING_NOISE.sub("", pre_clean).strip("、 "):
            pre_clean = ""
        after_list = n > 0 and "、" in pre
        metric = _metric(pre_clean, post, verb if (after_list or not pre_clean.strip()) else "")
        if not metric or re.fullmatch(r"[\d年月日]+", metric):
            continue
        lo, hi = float(q.group("lo")), float(q.group("hi")) if q.group("hi") else None
        tail = q.group("post") or q.group("plus") or ""
        comp = q.group("comp") or COMPARATOR.get(tail, tail or None)
        start = q.start()
        who = [m for m in s_mentions if m.start <= len(sentence)]
        kind, scope = _scope(who, heading_park, doc_region, paragraph_park)
        out.append(_goal(block_id, year, metric, None if hi else lo, lo if hi else None, hi, q.group("unit"),
                         comp, kind, scope, registry, _quote(pre_clean, q, post)))
        m = _GOAL_VERBS.match(metric)
        verb = m.group() if m else verb
    for d in _DOUBLE.finditer(clause):
        pre = _LEADING_NOISE.sub("", clause[:d.start()]).strip("，、 ")
        pre = re.split(r"[，、]", pre)[-1]
        if pre:
            kind, scope = _scope(s_mentions, heading_park, doc_region, paragraph_park)
            out.append(_goal(block_id, year, pre[-30:], None, None, None, None, d.group(), kind, scope, registry,
                             clause.strip()))
    return out


def _quote(pre: str, q: re.Match, post: str) -> str:
    """The exact words of one target: its lead-in, the number, and the noun it counts."""
    tail = "" if post.lstrip().startswith("、") else re.split(r"[，；。]", post)[0]
    return (pre + q.group() + tail).strip("，、 ")


def _goal(block_id, year, metric, value, lo, hi, unit, comp, kind, scope, registry, quote) -> Goal:
    norm_value = value if value is not None else None
    nv, nu = normalise(norm_value, unit)
    if scope is None:
        scope_id = scope_name = None
    elif isinstance(scope, Mention):
        entries = registry.parks if scope.kind == "park" else registry.regions
        scope_id, scope_name = scope.id, entries[scope.id].name
        kind = scope.kind
    else:  # a Tag (the document's subject region)
        scope_id, scope_name = scope.id, scope.name
    return Goal("", year, metric, value, lo, hi, unit, comp, nv, nu, kind, scope_id, scope_name, block_id, quote)


def _dedupe(goals: list[Goal]) -> list[Goal]:
    """One goal per (year, metric, value, unit); ids in document order."""
    from dataclasses import replace
    seen, out = set(), []
    for g in goals:
        key = (g.year, g.metric, g.value, g.value_min, g.value_max, g.unit, g.comparator)
        if key in seen:
            continue
        seen.add(key)
        out.append(replace(g, id=f"g{len(out) + 1}"))
    return out


# --------------------------------------------------------------------------- events

@dataclass(frozen=True)
class Unresolved:
    paragraph: str
    quote: str
    reason: str


def _iso(y: int, m: int, d: int) -> str | None:
    import datetime
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
            for pattern, kind in ((_FULL_DATE, "full"), (_REL_DATE, "relative"), (_MD_DATE, "month-day")):
                for m in pattern.finditer(sentence):
                    if any(a <= m.start() < z for a, z in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    rest = sentence[m.end():]
                    if not _EVENT_VERB.search(rest[:80]):
                        continue
                    g = m.groups()
                    if kind == "full":
                        y, mo, d, mo2, d2 = int(g[0]), int(g[1]), int(g[2]), g[3], g[4]
                        evidence = "full date in the text"
                    elif kind == "relative":
                        if doc_year is None:
                            unresolved.append(Unresolved(b.id, sentence[m.start():m.end() + 30],
                                                         f"{g[0]} with no document date"))
                            continue
                        y = doc_year + {"去年": -1, "今年": 0, "明年": 1}[g[0]]
                        mo, d, mo2, d2 = int(g[1]), int(g[2]), g[3], g[4]
                        evidence = f"{g[0]} relative to the document date {doc_date}"
                    else:
                        mo, d, mo2, d2 = int(g[0]), int(g[1]), g[2], g[3]
                        if doc_date is None:
                            unresolved.append(Unresolved(b.id, sentence[m.start():m.end() + 30],
                                                         "month and day with no year and no document date"))
                            continue
                        y = doc_year
                        # A news report tells of the past: a day later in the year than the report is last year's.
                        if (mo, d) > (int(doc_date[5:7]), int(doc_date[8:10])) and mo - int(doc_date[5:7]) > 1:
                            y -= 1
                        evidence = f"year of the document date {doc_date}"
                    start = _iso(y, mo, d)
                    if start is None:
                        continue
                    end = _iso(y, int(mo2) if mo2 else mo, int(d2)) if d2 else None
                    title = _event_title(rest)
                    place = _PLACE.search(rest)
                    events.append(Event("", start, end, title[:60] + ("…" if len(title) > 60 else ""),
                                        place.group(1) if place else None, b.id, sentence.strip(), evidence,
                                        parks))
    from dataclasses import replace
    events.sort(key=lambda e: e.date)
    out, seen = [], set()
    for e in events:
        key = (e.date, e.paragraph, e.title)
        if key not in seen:
            seen.add(key)
            out.append(replace(e, id=f"e{len(out) + 1}"))
    return out, unresolved


def plan_period_end(title: str) -> int | None:
    """The last year of a plan's period in its title.

    >>> plan_period_end("嘉定区高端医疗器械产业集聚区建设实施方案（2025—2027年）")
    2027
    """
    m = _PERIOD.search(title or "")
    return int(m.group(2)) if m else None
