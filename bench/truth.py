"""Score the digest against gold answers on real scraped pages.

    python bench/truth.py                 # the table
    python bench/truth.py --pages         # and what is wrong, page by page
    python bench/truth.py --json out.json # figures for tests and tools

Each page in ``tests/corpus/real/`` (``<name>.txt``) has a gold answer written by
a reader before the build ran on it (``<name>.gold.yml``, format in the README
there). The pages go through the same stages as ``build_digest.py`` (ingest,
split, clean, script, extract, tag, facts), with the project's registry and no
editorial files, and every figure compares what the digest would publish with
what the reader said. ``floors.yml`` beside the corpus holds the figures no
change may drop below (``tests/test_truth.py``).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from digest.build import analyse_seed  # noqa: E402
from digest.facts import normalise as normalise_quantity  # noqa: E402
from digest.registry import Registry  # noqa: E402
from digest.script import TraditionalConverter, to_simplified  # noqa: E402
from digest.tag import Matcher  # noqa: E402
from digest.text import visible  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "real"

_WIDE = str.maketrans("，。：；？！（）【】“”‘’", ",.:;?!()[]\"\"''")


def fold(text: str | None) -> str:
    """Compare texts as a reader would: Simplified, no whitespace, one width of punctuation."""
    return visible(to_simplified(text or "")).translate(_WIDE)


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += bool(ok)
        self.total += 1

    @property
    def share(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class Score:
    publish: Tally = field(default_factory=Tally)
    script: Tally = field(default_factory=Tally)
    title: Tally = field(default_factory=Tally)
    date: Tally = field(default_factory=Tally)
    outlet: Tally = field(default_factory=Tally)
    doc_type: Tally = field(default_factory=Tally)
    region: Tally = field(default_factory=Tally)
    noise: Tally = field(default_factory=Tally)
    body: Tally = field(default_factory=Tally)
    """Body sentences listed in the gold answer that survive on the page."""
    body_chars: int = 0
    body_lost: int = 0
    goals_gold: int = 0
    goals_found: int = 0
    goals_matched: int = 0
    events_gold: int = 0
    events_found: int = 0
    events_matched: int = 0
    parks: Tally = field(default_factory=Tally)
    new_parks: Tally = field(default_factory=Tally)
    """Parks outside the registry the build names: right when the gold lists them."""
    problems: dict[str, list[str]] = field(default_factory=dict)

    def wrong(self, page: str, what: str) -> None:
        self.problems.setdefault(page, []).append(what)


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def figures(s: Score) -> dict[str, float | None]:
    return {
        "publish_right": s.publish.share,
        "noise_lines_removed": s.noise.share,
        "body_chars_lost": _ratio(s.body_lost, s.body_chars),
        "body_sentences_kept": s.body.share,
        "goals_precision": _ratio(s.goals_matched, s.goals_found),
        "goals_recall": _ratio(s.goals_matched, s.goals_gold),
        "events_precision": _ratio(s.events_matched, s.events_found),
        "events_recall": _ratio(s.events_matched, s.events_gold),
        "region_right": s.region.share,
        "date_right": s.date.share,
        "outlet_right": s.outlet.share,
        "title_right": s.title.share,
        "doc_type_right": s.doc_type.share,
        "script_right": s.script.share,
        "parks_found": s.parks.share,
        "new_parks_precision": s.new_parks.share,
    }


# --------------------------------------------------------------------------- one page

def _line_spans(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _kept_offsets(outcome) -> tuple[set[int], set[int]]:
    """Seed offsets of characters on published pages: (in body blocks, in headline blocks)."""
    body: set[int] = set()
    head: set[int] = set()
    for doc in outcome.documents:
        if not doc.published:
            continue
        a = doc.article
        for b in a.blocks:
            for p in b.pieces:
                body.update(range(p.start, p.end))
        if a.head:
            for p in a.head.pieces:
                head.update(range(p.start, p.end))
    return body, head


# Characters these rules take out of a sentence are debris, not body: the gold
# answer writes its body sentences without them (see the corpus README).
DEBRIS_RULES = {"pinyin_debris"}


def _moved_offsets(outcome) -> set[int]:
    """Offsets that left the body for front matter, or as debris inside a sentence."""
    out: set[int] = set()
    for doc in outcome.documents:
        if doc.published:
            for r in doc.article.removals:
                if r.moved_to or r.rule in DEBRIS_RULES:
                    out.update(range(r.start, r.end))
    return out


def _visible_positions(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if visible(text[i])]


def _main_document(outcome):
    docs = [d for d in outcome.documents if d.published]
    if not docs:
        return None
    return max(docs, key=lambda d: sum(len(b.text) for b in d.blocks))


def _quantity(value, unit):
    if value is None:
        return None
    unit = to_simplified(unit) if unit else unit
    n, u = normalise_quantity(float(value), unit)
    return (round(n, 3), u) if n is not None else (round(float(value), 3), unit)


def _match(gold: list, found: list, same) -> int:
    """Greedy one-to-one matching; returns the number of matched pairs."""
    used: set[int] = set()
    n = 0
    for g in gold:
        for k, f in enumerate(found):
            if k not in used and same(g, f):
                used.add(k)
                n += 1
                break
    return n


def _goal_same(g: dict, f) -> bool:
    if g.get("year") is not None and f.year != g["year"]:
        return False
    if g.get("value") is None:
        return f.value is None and f.value_min is None and fold(g.get("quote", ""))[:6] in fold(f.quote)
    gold_q = _quantity(g["value"], g.get("unit"))
    found_q = _quantity(f.value if f.value is not None else f.value_min, f.unit)
    return gold_q == found_q


def _event_same(g: dict, f) -> bool:
    gold_date = str(g["date"])
    return f.date.startswith(gold_date) or (f.end_date or "").startswith(gold_date)


def score_page(name: str, text_path: Path, gold: dict, score: Score, tools) -> None:
    registry, hant, matcher = tools
    rel = f"seeds/{text_path.name}"
    outcome = analyse_seed(text_path, rel, text_path.read_bytes(), registry, hant, matcher)
    doc = _main_document(outcome) if outcome.seed else None
    published = doc is not None
    refusal = outcome.refusal.status if outcome.refusal else None
    if not published and refusal is None and outcome.documents:
        # "low quality: …" -> low_quality, "off topic: …" -> off_topic
        refusal = (outcome.documents[0].exclusion or "excluded").split(":")[0].replace(" ", "_")
    ok = published == bool(gold["publish"])
    if ok and not published and gold.get("refuse"):
        ok = (refusal or "").replace("-", "_").startswith(gold["refuse"])
    score.publish.add(ok)
    if not ok:
        score.wrong(name, f"publish: gold {gold['publish']} ({gold.get('refuse')}), got {published} ({refusal})")
    if not gold["publish"]:
        return
    if outcome.seed is not None:
        want = {"simplified": "hans", "traditional": "hant"}.get(gold.get("script"), gold.get("script"))
        score.script.add(outcome.seed.script == want)
        if outcome.seed.script != want:
            score.wrong(name, f"script: gold {want}, got {outcome.seed.script}")
    text = outcome.seed.text if outcome.seed else ""
    body_kept, head_kept = _kept_offsets(outcome) if outcome.seed else (set(), set())
    moved = _moved_offsets(outcome) if outcome.seed else set()
    kept = body_kept | head_kept
    noise_lines = {fold(n) for n in gold.get("noise") or [] if fold(n)}
    title = fold(gold.get("title"))
    # Noise: a gold noise line is removed when (almost) none of it stays on the page.
    seen_noise: set[str] = set()
    for start, end, line in _line_spans(text):
        key = fold(line)
        if not key:
            continue
        positions = _visible_positions(text, start, end)
        if key in noise_lines:
            seen_noise.add(key)
            stayed = sum(p in kept for p in positions)
            removed = stayed <= 0.1 * len(positions)
            score.noise.add(removed)
            if not removed:
                score.wrong(name, f"noise kept: {line.strip()[:50]}")
        elif key != title and not (title and key in title):
            lost = [p for p in positions if p not in kept and p not in moved]
            score.body_chars += len(positions)
            score.body_lost += len(lost)
            if len(lost) > 0.2 * len(positions):
                score.wrong(name, f"body lost ({len(lost)}/{len(positions)}): {line.strip()[:50]}")
    for missing in noise_lines - seen_noise:
        score.wrong(name, f"gold noise line not in the page text: {missing[:40]}")
    if doc is None:
        for what in ("title", "date", "outlet", "doc_type", "region"):
            getattr(score, what).add(False)
        score.goals_gold += len(gold.get("goals") or [])
        score.events_gold += len(gold.get("events") or [])
        score.wrong(name, "no published document")
        return
    page_text = fold("\n".join(b.text for b in doc.blocks))
    for sentence in gold.get("body") or []:
        kept_sentence = fold(sentence) in page_text
        score.body.add(kept_sentence)
        if not kept_sentence:
            score.wrong(name, f"body sentence missing: {sentence[:40]}")
    # A page with no headline gets a title made from its lead; that is not a headline found.
    _field(score, name, "title", fold(gold.get("title")), fold(doc.title) if doc.article.head else "")
    _field(score, name, "date", str(gold["date"]) if gold.get("date") else None, doc.date)
    # Aliases only widen a named outlet: a page that names none (outlet: null) wants none.
    outlets = {fold(o) for o in [gold.get("outlet"), *(gold.get("outlet_aliases") or [])] if o} \
        if gold.get("outlet") else set()
    got_outlet = fold(doc.outlet) if doc.outlet else None
    outlet_ok = (got_outlet in outlets) if outlets else got_outlet is None
    score.outlet.add(outlet_ok)
    if not outlet_ok:
        score.wrong(name, f"outlet: gold {gold.get('outlet')!r}, got {doc.outlet!r}")
    _field(score, name, "doc_type", gold.get("doc_type"), doc.doc_type)
    got_region = list(registry.regions[doc.regions[0].id].path) if doc.regions else []
    _field(score, name, "region", list(gold.get("region") or []), got_region)
    for park in gold.get("parks") or []:
        found = any(fold(park) in fold(registry.parks[p.id].name) or fold(registry.parks[p.id].name) in fold(park)
                    or any(fold(a) in fold(park) for a in registry.parks[p.id].aliases) for p in doc.parks) \
            or any(fold(park) in fold(p.name) or fold(p.name) in fold(park) for p in doc.other_parks)
        score.parks.add(found)
    for p in doc.other_parks:
        right = any(fold(park) in fold(p.name) or fold(p.name) in fold(park) for park in gold.get("parks") or [])
        score.new_parks.add(right)
        if not right:
            score.wrong(name, f"park not in the gold answer: {p.name}")
    gold_goals = gold.get("goals") or []
    found_goals = [g for g in doc.goals if g.value is not None or g.value_min is not None or g.comparator]
    matched = _match(gold_goals, found_goals, _goal_same)
    score.goals_gold += len(gold_goals)
    score.goals_found += len(found_goals)
    score.goals_matched += matched
    if matched < len(gold_goals) or matched < len(found_goals):
        unmatched_gold = [g for g in gold_goals if not any(_goal_same(g, f) for f in found_goals)]
        unmatched_found = [f for f in found_goals if not any(_goal_same(g, f) for g in gold_goals)]
        for g in unmatched_gold:
            score.wrong(name, f"goal missed: {g.get('year')} {g.get('value')}{g.get('unit') or ''} «{g.get('quote', '')[:40]}»")
        for f in unmatched_found:
            score.wrong(name, f"goal wrong: {f.year} {f.value if f.value is not None else f.value_min}{f.unit or ''} «{f.quote[:40]}»")
    gold_events = gold.get("events") or []
    matched = _match(gold_events, list(doc.events), _event_same)
    score.events_gold += len(gold_events)
    score.events_found += len(doc.events)
    score.events_matched += matched
    for g in gold_events:
        if not any(_event_same(g, f) for f in doc.events):
            score.wrong(name, f"event missed: {g['date']} {g.get('what', '')}")
    for f in doc.events:
        if not any(_event_same(g, f) for g in gold_events):
            score.wrong(name, f"event wrong: {f.date} {f.title[:30]}")


def _field(score: Score, page: str, what: str, gold, got) -> None:
    ok = gold == got
    getattr(score, what).add(ok)
    if not ok:
        score.wrong(page, f"{what}: gold {gold!r}, got {got!r}")


# --------------------------------------------------------------------------- the corpus

def load_gold(corpus: Path) -> list[tuple[str, Path, dict]]:
    pages = []
    for gold_path in sorted(corpus.glob("*.gold.yml")):
        name = gold_path.name[: -len(".gold.yml")]
        text_path = corpus / f"{name}.txt"
        if not text_path.is_file():
            raise SystemExit(f"{gold_path}: no page {text_path.name} beside it; add the page or remove the gold file")
        with gold_path.open(encoding="utf-8") as f:
            pages.append((name, text_path, yaml.safe_load(f)))
    return pages


def run(corpus: Path = CORPUS) -> Score:
    registry = Registry.load(ROOT / "registry")
    tools = (registry, TraditionalConverter(registry.terms), Matcher(registry))
    score = Score()
    for name, text_path, gold in load_gold(corpus):
        score_page(name, text_path, gold, score, tools)
    return score


LABELS = {
    "publish_right": "publish / refuse decisions right",
    "noise_lines_removed": "noise lines removed",
    "body_chars_lost": "body characters lost",
    "body_sentences_kept": "gold body sentences kept",
    "goals_precision": "goals precision",
    "goals_recall": "goals recall",
    "events_precision": "events precision",
    "events_recall": "events recall",
    "region_right": "region right",
    "date_right": "date right",
    "outlet_right": "outlet right",
    "title_right": "title right",
    "doc_type_right": "doc type right",
    "script_right": "script right",
    "parks_found": "gold parks tagged",
    "new_parks_precision": "parks outside the registry, precision",
}


def table(score: Score, floors: dict | None = None) -> str:
    rows = ["| figure | value | count | floor |", "| --- | --- | --- | --- |"]
    counts = {
        "publish_right": (score.publish.right, score.publish.total),
        "noise_lines_removed": (score.noise.right, score.noise.total),
        "body_chars_lost": (score.body_lost, score.body_chars),
        "body_sentences_kept": (score.body.right, score.body.total),
        "goals_precision": (score.goals_matched, score.goals_found),
        "goals_recall": (score.goals_matched, score.goals_gold),
        "events_precision": (score.events_matched, score.events_found),
        "events_recall": (score.events_matched, score.events_gold),
        "region_right": (score.region.right, score.region.total),
        "date_right": (score.date.right, score.date.total),
        "outlet_right": (score.outlet.right, score.outlet.total),
        "title_right": (score.title.right, score.title.total),
        "doc_type_right": (score.doc_type.right, score.doc_type.total),
        "script_right": (score.script.right, score.script.total),
        "parks_found": (score.parks.right, score.parks.total),
        "new_parks_precision": (score.new_parks.right, score.new_parks.total),
    }
    for key, value in figures(score).items():
        shown = "n/a" if value is None else f"{100 * value:.1f} %"
        floor = (floors or {}).get(key)
        bound = "" if floor is None else (f"≤ {100 * floor:.1f} %" if key == "body_chars_lost" else f"≥ {100 * floor:.1f} %")
        a, b = counts[key]
        rows.append(f"| {LABELS[key]} | {shown} | {a:,} / {b:,} | {bound} |")
    return "\n".join(rows)


def below_floor(score: Score, floors: dict) -> list[str]:
    out = []
    for key, floor in floors.items():
        value = figures(score).get(key)
        if value is None:
            continue
        if key == "body_chars_lost" and value > floor + 1e-9:
            out.append(f"{LABELS[key]}: {100 * value:.1f} % is above the ceiling {100 * floor:.1f} %")
        elif key != "body_chars_lost" and value < floor - 1e-9:
            out.append(f"{LABELS[key]}: {100 * value:.1f} % is below the floor {100 * floor:.1f} %")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--pages", action="store_true", help="list what is wrong on each page")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    score = run(args.corpus)
    floors_path = args.corpus / "floors.yml"
    floors = yaml.safe_load(floors_path.read_text(encoding="utf-8")) if floors_path.is_file() else {}
    pages = len(load_gold(args.corpus))
    print(f"{pages} real pages in {args.corpus.relative_to(ROOT) if args.corpus.is_relative_to(ROOT) else args.corpus}\n")
    print(table(score, floors))
    if args.pages:
        for page, problems in sorted(score.problems.items()):
            print(f"\n{page}")
            for p in problems:
                print(f"  - {p}")
    if args.json:
        args.json.write_text(json.dumps(figures(score), indent=2), encoding="utf-8")
    failing = below_floor(score, floors)
    for line in failing:
        print(f"below floor: {line}", file=sys.stderr)
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
