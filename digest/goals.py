"""Stage 5 (facts): goals, the quantitative targets a text sets for the future.

A goal is a stated target: a future year (or the end of a plan period) together
with a quantity. Read clause by clause, as a reader does:

- a *target year* opens goal context: 到2027年, 2030年将达, 2025年底前,
  十四五末, or 今年 with a target verb (今年力争…);
- the context carries through the sentence, and through the paragraph, until a
  *past* marker (截至, 去年, 同比, 已…) or a year that is not in the future;
- in a document that names a plan period (（2024—2026年）, 三年行动计划), a clause
  with a target verb but no year takes the period's last year.

Not goals, even in goal context: investments, funds spent, subsidies and award
caps (投资, 资金, 补贴, 奖励, 最高); thresholds that qualify the thing counted
(营业收入超20亿元的平台2-3家: the goal is 2-3家); works about to start (即将).

Numbers are read with thousands separators (5,000), Chinese numerals (cn2an:
七百二十八, 两千, 上百, 过亿), 万/亿 units, ranges (3-5家, 5—8项) and comparators
before (超, 突破, 不少于) or after (以上, 左右, +) the number.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

import cn2an

from .facts import Goal, _in_span, _scope, normalise, sentences
from .tag import Mention

# --------------------------------------------------------------------------- numbers

_CN = "零〇一二两三四五六七八九十百千"
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|[{_CN}]+(?:点[零一二三四五六七八九]+)?"
MEASURE = (r"平方公里|平方米|平米|万平方米|公顷|亩|美元|元|人次|人|名|个|家|户|件|台套|台|项|款|张|间|座|所|条|套|"
           r"床|吨|辆|篇|枚|支|种|位|场|次")
UNIT = rf"(?:万亿|亿|万|千)?(?:{MEASURE})|%|个百分点|倍|万亿|亿|万"
BEFORE = r"(?:提升|提高|增加|增长|扩大|上升)(?:至|到)|达到|达|突破|超过|超出|超|逾|不少于|不低于|至少|约|近|过|上|破"
AFTER = r"以上|左右|多|余|\+"
QUANTITY = re.compile(
    rf"(?P<comp>{BEFORE})?(?P<lo>{NUMBER})?"
    rf"(?:\s*[-—–~～至到]\s*(?P<hi>{NUMBER}))?\s*(?:(?P<unit>{UNIT})(?P<post>{AFTER})?|(?P<plus>\+))")
_DOUBLE = re.compile(r"翻一番|翻两番|翻番|倍增")


def read_number(text: str | None) -> float | None:
    """A number as written: ``5,000``, ``1.25``, ``七百二十八``, ``两千``, ``百``.

    >>> read_number("5,000"), read_number("七百二十八"), read_number("两千"), read_number("百"), read_number("三点五")
    (5000.0, 728.0, 2000.0, 100.0, 3.5)
    """
    if not text:
        return None
    if text[0].isdigit():
        return float(text.replace(",", ""))
    if text[0] in "十百千":
        text = "一" + text
    try:
        return float(cn2an.cn2an(text.replace("〇", "零"), "smart"))
    except (ValueError, KeyError, IndexError):
        return None


# --------------------------------------------------------------------------- years

_PERIOD = re.compile(r"(20\d\d)\s*[—–\-－~～至到]\s*(20\d\d)\s*年")
_FIVE_YEAR = {"十三五": 2020, "十四五": 2025, "十五五": 2030}
_FIVE_YEAR_RE = re.compile(r"[“\"]?(十三五|十四五|十五五)[”\"]?(?:时期|期间|末|规划|发展规划|期末)")
_YEAR = re.compile(r"(?<![\d—\-–])(20\d\d)\s*年(?!\d|代)")
_TARGET_PREFIX = re.compile(r"(?:到|至|力争到|争取到|力争在|争取在|预计到|计划到)\s*$")
_TARGET_SUFFIX = re.compile(r"^\s*年?(?:底|末|前|内|时)")
_FUTURE = re.compile(r"力争|目标|预计|计划|争取|有望|将|要|确保|努力|规划|打造|建成|形成|培育|新增|引进|实现|达到|突破|不少于|以上")
# Words that make a bare year a target without a plan to vouch for it.
_WILL = re.compile(r"力争|目标|预计|计划|争取|有望|将|要|确保|努力")
# A clause with one of these states a target by itself (list items of a plan).
_TARGET_WORD = re.compile(r"力争|目标|确保|争取|不少于|不低于|以上|超过|突破|新增|培育|引进|达到|形成|建成|打造")
# Without a year in the paragraph, a plan's horizon needs a word of intent: 以上 and
# 超过 describe the present as often as the future (区税贡献占70%以上).
_PLAN_WORD = re.compile(r"力争|目标|确保|争取|不少于|不低于|新增|培育|引进|形成|建成|打造")
# An outline number opens a new section: the year of the last one does not carry into it.
_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）|第[一二三四五六七八九十]+[章节条])")
_PAST = re.compile(r"截至|截止|去年|上年|同比|已经|已|以来|目前|此前|过去|前三季度|上半年|一季度|二季度|三季度|曾|当年|共有|现有")
_THIS_YEAR = re.compile(r"今年(?!以来|前|上半年|一季度|二季度|三季度|1-|1—|\d)")
_NEXT_YEAR = re.compile(r"明年")
# A target every year (年度新引进企业不少于30家): a goal even where no year is named.
_ANNUAL = re.compile(r"年度|每年|年均|三年内|五年内")
_SOON = re.compile(r"即将|将于近期|近期将|签约|签署|建成后|投产后|达产后|投用后|满产后|运营后")
_MONEY_IN = re.compile(r"(?:投资|总投资|投资额|签约额|合同额|融资|资金|补贴|补助|奖补|奖励|资助|最高|给予|扶持|贷款|投入|出资|注册资本|专项资金)"
                       r"(?:约|超过|超|达到|达|近|逾|共|合计|总额)?\s*$")
_CAP = re.compile(r"最高|最多|不超过|封顶")
# The size of a site or building describes a project; it is not a target.
_SIZE = re.compile(r"(?:规划|总|占地|建筑|用地|土地|厂房|场地)(?:总)?面积(?:约|为|达|超过|近)?\s*$|占地(?:约|近)?\s*$")


def plan_horizon(texts: list[str]) -> int | None:
    """The last year of the first plan period the document names.

    >>> plan_horizon(["嘉定区高端医疗器械产业集聚区建设实施方案（2025—2027年）"]), plan_horizon(["“十四五”规划"])
    (2027, 2025)
    """
    for text in texts:
        m = _PERIOD.search(text)
        if m and int(m.group(2)) > int(m.group(1)):
            return int(m.group(2))
        m = _FIVE_YEAR_RE.search(text)
        if m:
            return _FIVE_YEAR[m.group(1)]
    return None


def clause_year(clause: str, doc_year: int | None, horizon: int | None,
                targets: set[int] = frozenset()) -> tuple[str, int | None]:
    """``('goal', year)``, ``('past', None)`` or ``('none', None)`` for one clause.

    ``targets`` are years the document has already named as targets (到2030年): a
    bare 2030年 later on is the same target.
    """
    for m in _YEAR.finditer(clause):
        year = int(m.group(1))
        target = bool(_TARGET_PREFIX.search(clause[:m.start()]) or _TARGET_SUFFIX.match(clause[m.end():]))
        after = clause[m.end():]
        if _PERIOD.search(clause[max(0, m.start() - 6):m.end() + 1]):
            continue  # a plan period (2021-2023年), not a target
        if doc_year is not None and year < doc_year:
            return "past", None
        if doc_year is not None and year == doc_year and not target:
            return ("goal", year) if _FUTURE.search(after) and not _PAST.search(clause) else ("past", None)
        if target or (doc_year is not None and year > doc_year) or (year in targets and not _PAST.search(clause)):
            return "goal", year
        if _PAST.search(clause):
            return "past", None
        if horizon and year == horizon and _FUTURE.search(after):
            return "goal", year
        if _WILL.search(after):
            return "goal", year
        return "past", None
    m = _FIVE_YEAR_RE.search(clause)
    if m:
        return "goal", _FIVE_YEAR[m.group(1)]
    if _PAST.search(clause):
        return "past", None
    if doc_year and _THIS_YEAR.search(clause) and _FUTURE.search(clause):
        return "goal", doc_year
    if doc_year and _NEXT_YEAR.search(clause):
        return "goal", doc_year + 1
    return "none", None


# --------------------------------------------------------------------------- goals

def _clauses(sentence: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in re.finditer(r"[，；;]|,(?!\d{3})|——", sentence):
        out.append((start, sentence[start:m.start()]))
        start = m.end()
    out.append((start, sentence[start:]))
    return [(o, c) for o, c in out if c.strip()]


_METRIC_NOISE = re.compile(
    r"^(?:[\d一二三四五六七八九十]+[.、．]|（[一二三四五六七八九十\d]+）|其中|并|且|同时|力争|争取|目标|预计|计划|确保|"
    r"到|至|(?:20\d\d)年(?:底|末|前)?|今年|明年|将|要|实现|达到|达)+")


def _metric(pre: str, fallback: str) -> str:
    text = _YEAR.sub("", pre)
    text = _METRIC_NOISE.sub("", text.strip("，、：: ")).strip("，、：: ")
    text = re.sub(r"(?:将|要|可|预计|力争|有望|实现|达到|达|为)+$", "", text).strip("，、 ")
    return (text or fallback)[:60]


def _is_threshold(clause: str, q: re.Match, later: list[re.Match]) -> bool:
    """``超20亿元的平台``, ``过10亿元企业5家``: a size that picks out what is counted."""
    tail = clause[q.end():]
    if tail.startswith("的") and (q.group("comp") or q.group("post")):
        return True
    unit = q.group("unit") or ""
    money = "元" in unit or unit in ("亿", "万亿")
    return money and any("元" not in (n.group("unit") or "") and not clause[q.end():n.start()].count("、")
                         and n.start() - q.end() <= 14 for n in later)


def extract_goals(blocks, mentions: list[Mention], doc_year: int | None, registry, doc_region,
                  horizon: int | None = None) -> list[Goal]:
    """Goals of one document, in document order."""
    goals: list[Goal] = []
    horizon = horizon or plan_horizon([b.text for b in blocks])
    by_block: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        by_block.setdefault(m.block, []).append(m)
    starts = {k: [m.start for m in v] for k, v in by_block.items()}
    parks = {k: [m for m in v if m.kind == "park"] for k, v in by_block.items()}
    park_starts = {k: [m.start for m in v] for k, v in parks.items()}
    carried: int | None = None  # the target year the last paragraph left open
    last_metric = ""
    targets: set[int] = set()
    heading_park: Mention | None = None  # a park heading scopes the targets under it
    heading_level = 0
    for b in blocks:
        if b.kind == "heading":
            named = parks.get(b.id, [])
            if named:
                heading_park, heading_level = named[0], b.level
            elif heading_park and b.level <= heading_level:
                heading_park = None
            state = clause_year(b.text, doc_year, horizon, targets)
            carried = state[1] if state[0] == "goal" else (None if state[0] == "past" else carried)
            continue
        paragraph_year = None if _SECTION.match(b.text) else carried
        for s_off, sentence in sentences(b.text):
            year = paragraph_year
            inherited = True  # the year came from an earlier sentence or paragraph
            closed = False  # a past clause in this sentence: later ones need a year of their own
            # Mentions by bisection: a one-line seed of megabytes must stay linear.
            s_mentions = _in_span(by_block.get(b.id, []), starts.get(b.id, []), s_off, s_off + len(sentence))
            earlier = bisect.bisect_left(park_starts.get(b.id, []), s_off)
            kind, scope = _scope(s_mentions, heading_park, doc_region, parks[b.id][earlier - 1] if earlier else None)
            masked = _mask_titles(sentence)
            for c_off, clause in _clauses(masked):
                state, found_year = clause_year(clause, doc_year, horizon, targets)
                if state == "goal":
                    if found_year is not None:
                        year, inherited = found_year, False
                        targets.add(found_year)
                elif state == "past":
                    # The past closes the target context for the rest of the paragraph.
                    year, inherited, closed, paragraph_year = None, False, True, None
                    continue
                goal_year = year
                if inherited and not _TARGET_WORD.search(clause):
                    goal_year = None  # a later sentence must state a target to inherit the year
                if goal_year is None and horizon and not closed and _PLAN_WORD.search(clause):
                    goal_year = horizon
                annual = goal_year is None and not closed and bool(_ANNUAL.search(clause)) and bool(
                    _TARGET_WORD.search(clause) or _DOUBLE.search(clause))
                if (goal_year is None and not annual) or _SOON.search(clause):
                    continue
                found = _quantities(clause, sentence, c_off, last_metric)
                if found and year is None:
                    year, inherited = goal_year, False  # the rest of this list shares the year
                for metric, value, lo, hi, unit, comp, quote in found:
                    last_metric = metric
                    nv, nu = normalise(value, unit)
                    goals.append(_goal(goal_year, metric, value, lo, hi, unit, comp, nv, nu, kind, scope,
                                       registry, b.id, quote))
                for d in _DOUBLE.finditer(clause):
                    metric = _metric(re.split(r"[，、]", clause[:d.start()])[-1], last_metric)
                    goals.append(_goal(goal_year, metric, None, None, None, None, d.group(), None, None, kind,
                                       scope, registry, b.id, sentence[c_off:c_off + len(clause)].strip()))
                if not found and not inherited and found_year is not None \
                        and not any(q.group("lo") for q in QUANTITY.finditer(masked[c_off:])):
                    # A target year with no number: a named result (到2030年，建成…示范地).
                    rest = re.split(r"[；。]", sentence[c_off:])[0]
                    text = _YEAR.sub("", rest, count=1)
                    text = re.sub(r"^(?:，|到|至|力争|争取|目标|要|基本|前|底|末)+", "", text).strip("，、 ")
                    if len(text) >= 4:
                        goals.append(_goal(found_year, text[:60], None, None, None, None, None, None, None,
                                           kind, scope, registry, b.id, rest.strip("，")))
            paragraph_year = year if year is not None else paragraph_year
        carried = paragraph_year
    return _numbered(goals)


def _quantities(clause: str, sentence: str, c_off: int, last_metric: str) -> list[tuple]:
    """(metric, value, value_min, value_max, unit, comparator, quote) of each target in one clause."""
    out = []
    matches = [q for q in QUANTITY.finditer(clause) if q.group("lo") or q.group("comp") in ("过", "超", "破")]
    prev_end = 0
    for n, q in enumerate(matches):
        pre = clause[prev_end:q.start()]
        before = clause[:q.start()]
        if (_MONEY_IN.search(before) or _CAP.search(before[-4:]) or _SIZE.search(before)
                or before.endswith("第") or clause[q.end():q.end() + 1] == "级"
                or (q.group("plus") and clause[q.end():q.end() + 1].isdigit())):  # 1+2+N is a slogan
            continue
        if _is_threshold(clause, q, matches[n + 1:]):
            continue
        lo = read_number(q.group("lo")) if q.group("lo") else 1.0
        hi = read_number(q.group("hi"))
        if lo is None:
            continue
        prev_end = q.end()
        post = q.group("post") or q.group("plus") or ""
        comp = q.group("comp") or {"+": "以上", "多": "以上", "余": "以上"}.get(post, post or None)
        after = matches[n + 1].start() if n + 1 < len(matches) else len(clause)
        noun = re.split(r"[，；。]", clause[q.end():after])[0].rstrip("、")
        if noun.startswith("、"):
            noun = ""  # 300亩、高标准…: the next item, not this one's noun
        lead = pre.split("、")[-1]
        metric = _metric(lead, "")
        if noun and not noun[0].isdigit() and (len(metric) <= 4 or not metric):
            metric = (metric + noun)[:60]  # 培育2-3家单项冠军企业: the noun after the number
        if not metric or re.fullmatch(r"[\d年月日]+", metric):
            metric = last_metric
        last_metric = metric
        quote = sentence[c_off + q.start() - len(lead):c_off + q.end() + len(noun)].strip("，、 ")
        out.append((metric, None if hi else lo, lo if hi else None, hi, q.group("unit"), comp, quote))
    return out


def _mask_titles(text: str) -> str:
    """Blank out 《titles》, keeping offsets: numbers in a document's name are not targets."""
    return re.sub(r"《[^《》]{0,80}》", lambda m: "《" + "＿" * (len(m.group()) - 2) + "》", text)


def _goal(year, metric, value, lo, hi, unit, comp, nv, nu, kind, scope, registry, block_id, quote) -> Goal:
    if scope is None:
        scope_id = scope_name = None
    elif isinstance(scope, Mention):
        entries = registry.parks if scope.kind == "park" else registry.regions
        scope_id, scope_name, kind = scope.id, entries[scope.id].name, scope.kind
    else:  # a Tag: the document's subject region
        scope_id, scope_name = scope.id, scope.name
    return Goal("", year, metric, value, lo, hi, unit, comp, nv, nu, kind, scope_id, scope_name, block_id, quote)


def _numbered(goals: list[Goal]) -> list[Goal]:
    """One goal per target stated in a paragraph; ids in document order."""
    seen, out = set(), []
    for g in goals:
        key = (g.paragraph, g.year, g.value, g.value_min, g.value_max, g.unit, g.quote)
        if key in seen:
            continue
        seen.add(key)
        out.append(replace(g, id=f"g{len(out) + 1}"))
    return out
