"""Editions: how the Simplified (canonical), Traditional and English sites show the same data.

An ``Edition`` picks each text in its script (the script stage made the Traditional text
of every seed text once; ``Edition`` only chooses) and translates the templates' UI labels.
The helpers here are what the templates call to show names, values and the build's own
vocabulary in the edition's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml
from markupsafe import Markup

from ..facts import normalise
from ..model import Document
from ..script import TraditionalConverter, traditional_within
from .escape import CHINESE, code_text, escape_value, html_text, lang_span, md_text, url_part


@dataclass(frozen=True)
class Edition:
    """One language edition of the site.

    ``t`` translates the templates' UI labels (written in Simplified Chinese);
    ``d`` shows data (seed text, registry text) in the edition's script; ``name``
    shows a registry entry by its English name in the English edition.
    """

    code: str
    """``zh`` (Simplified, canonical), ``zh-Hant`` or ``en``."""
    docs_dir: str
    convert: Callable[[str], str]
    labels: dict | None = None
    """English UI labels (templates/ui.en.yml), for the English edition."""
    converted: dict = field(default_factory=dict, compare=False, repr=False)
    """Labels and registry text already converted: the same few are shown on every row."""

    @property
    def english(self) -> bool:
        return self.code == "en"

    @property
    def lang(self) -> str:
        """The BCP 47 tag of the edition's pages: ``zh-Hans``, ``zh-Hant`` or ``en``."""
        return {"zh": "zh-Hans"}.get(self.code, self.code)

    def mark(self, text) -> Markup:
        """Text escaped for Markdown; on the English edition, text with Chinese characters (an
        untranslated title, a quote, a registry name with no English) is marked ``lang="zh-Hans"``."""
        text = "" if text is None else str(text)
        return lang_span(text, "zh-Hans" if self.english and CHINESE.search(text) else None)

    def t(self, label: str) -> str:
        if self.english:
            if label not in self.labels:
                raise KeyError(f"templates/ui.en.yml has no English for the label {label!r}; add it")
            english = self.labels[label]
            return english["other"] if isinstance(english, dict) else english
        return label if self.code == "zh" else self._convert(label)

    def _convert(self, text: str) -> str:
        done = self.converted.get(text)
        if done is None:
            done = self.converted[text] = self.convert(text)
        return done

    def n(self, count: int, label: str) -> str:
        """A count and its noun: ``3 篇文件``; in English ``1 document``, ``3 documents``
        (ui.en.yml gives ``{one: …, other: …}`` for a label that has a singular)."""
        if self.english and isinstance(self.labels.get(label), dict):
            return f"{count} {self.labels[label]['one' if count == 1 else 'other']}"
        return f"{count} {self.t(label)}"

    def label(self, entry: dict) -> str:
        """An entry of templates/ui.build.yml (``{zh: …, en: …}``) in this edition."""
        return entry["en"] if self.english else self.t(entry["zh"])

    def d(self, data: str | None) -> str | None:
        if data is None or self.code != "zh-Hant":
            return data
        return self._convert(data)

    def title(self, doc: Document) -> str:
        if self.english:
            return doc.english.title if doc.english and doc.english.title else doc.title
        return doc.title if self.code == "zh" else doc.title_hant

    def kicker(self, doc: Document) -> str | None:
        if self.english:
            return doc.english.kicker if doc.english and doc.english.kicker else doc.kicker
        return doc.kicker if self.code == "zh" else doc.kicker_hant

    def subtitle(self, doc: Document) -> str | None:
        if self.english and doc.english and doc.english.subtitle:
            return doc.english.subtitle
        return doc.subtitle_hant if self.code == "zh-Hant" else doc.subtitle

    def within(self, doc: Document, paragraph: str | None, text: str | None) -> str | None:
        """A piece of one of the document's paragraphs (a goal's quote or metric, an event's title or
        place) in this edition's script: on the Traditional edition it is cut out of the paragraph's
        Traditional text (``script.traditional_within``), so quote and paragraph read alike."""
        if text is None or self.code != "zh-Hant":
            return text
        return traditional_within(doc.blocks, paragraph, text, self.convert)

    def text(self, block) -> str:
        """The block in this edition's script; the English edition shows Chinese where no translation is."""
        return block.text_hant if self.code == "zh-Hant" else block.text


def editions(hant: TraditionalConverter, labels: dict | None = None) -> list[Edition]:
    eds = [Edition("zh", "zh", lambda s: s), Edition("zh-Hant", "zh-Hant", hant.convert)]
    if labels is not None:
        eds.append(Edition("en", "en", lambda s: s, labels))
    return eds


@dataclass(frozen=True)
class BuildLabels:
    """Readers' names for the build's own vocabulary (templates/ui.build.yml): rule names, the
    fields text moves to, normalisations, refusal statuses and exclusion or date reasons."""

    rules: dict
    fields: dict
    normalised: dict
    refusals: dict
    reasons: tuple

    @classmethod
    def load(cls, path: Path) -> "BuildLabels":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(data["rules"], data["fields"], data["normalised"], data["refusals"], tuple(data["reasons"]))

    def entry(self, table: str, key: str) -> dict:
        entries = getattr(self, table)
        if key not in entries:
            raise KeyError(f"templates/ui.build.yml has no label for {key!r} under {table}; add it")
        return entries[key]

    def reason(self, text: str) -> tuple[dict, str]:
        """The entry a reason the build wrote matches, and the editor's words after its prefix
        (for a ``keep`` entry; else empty)."""
        for entry in self.reasons:
            if "starts" in entry and text.startswith(entry["starts"]):
                return entry, text[len(entry["starts"]):] if entry.get("keep") else ""
            if "contains" in entry and entry["contains"] in text:
                return entry, ""
        raise KeyError(f"templates/ui.build.yml has no label for the reason {text!r}; add one under reasons")


def label_helpers(ed: Edition, labels: BuildLabels, registry) -> dict:
    """Jinja helpers that show the build's own vocabulary in the edition's language."""

    def rule(name: str) -> Markup:
        """The rule's label, with its name beside it as the identifier a reviewer looks up."""
        return Markup(f"{md_text(ed.label(labels.entry('rules', name)))} {code_text(name)}")

    def field(name: str) -> str:
        return ed.label(labels.entry("fields", name))

    def normalised_as(name: str) -> str:
        return ed.label(labels.entry("normalised", name))

    def refusal(r) -> str:
        return ed.label(labels.entry("refusals", r.status))

    def reason(text: str, doc: Document | None = None) -> Markup:
        entry, rest = labels.reason(text)
        hits = doc.topic_hits if doc is not None else 0
        said = ed.label(entry).format(hits=hits, needed=registry.topic.min_body_hits)
        return Markup(md_text(said) + (ed.mark(ed.d(rest)) if rest else ""))

    return {"rule": rule, "field": field, "normalised_as": normalised_as, "refusal": refusal, "reason": reason}



def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


def value_helpers(ed: Edition, registry) -> dict:
    """Jinja helpers that turn goals into table cells (already escaped for Markdown)."""

    def scope_link(g, up: str) -> str:
        if not g.scope_id:
            return "—"
        folder = "parks" if g.scope_kind == "park" else "regions"
        entity = (registry.parks if g.scope_kind == "park" else registry.regions)[g.scope_id]
        return Markup(f"[{ed.mark(entity_name(ed, entity))}]({up}/{folder}/{url_part(g.scope_id)}.md)")

    def goal_number(g) -> str:
        if g.value_min is not None:
            return f"{_fmt(g.value_min)}–{_fmt(g.value_max)}"
        return _fmt(g.value) or "—"

    def goal_value(g) -> str:
        if ed.english:
            return english_value(g)
        if g.value is None and g.value_min is None:
            return ed.mark(ed.d(g.comparator) if g.comparator else ed.t("（定性）"))
        parts = [ed.d(g.comparator) if g.comparator and g.comparator != "以上" else "", goal_number(g),
                 ed.d(g.unit or ""), ed.d("以上") if g.comparator == "以上" else ""]
        return ed.mark(" ".join(p for p in parts if p))

    def english_word(chinese: str) -> str | None:
        """A comparator's or unit's English (templates/ui.en.yml), or None where it has none."""
        english = ed.labels.get(chinese)
        return english["other"] if isinstance(english, dict) else english

    def english_amount(g) -> str:
        """The number in English units: money and areas from their base value (30 billion yuan,
        1.2 million m²), counts as a bare number (the metric says what is counted)."""
        def scaled(x: float) -> str:
            for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
                if abs(x) >= size:
                    return f"{_fmt(round(x / size, 2))} {word}"
            return f"{x:,.0f}"
        factor = g.value_normalised / g.value if g.value and g.value_normalised is not None else None
        if g.unit and english_word(g.unit):
            return f"{goal_number(g)} {english_word(g.unit)}"  # 380 mu: a unit English has a word for
        if g.normalised_unit in ("yuan", "m2") and factor:
            unit = {"yuan": "yuan", "m2": "m²"}[g.normalised_unit]
            if g.value_min is not None:
                return f"{scaled(g.value_min * factor)}–{scaled(g.value_max * factor)} {unit}"
            return f"{scaled(g.value_normalised)} {unit}"
        return goal_number(g)

    def english_value(g) -> str:
        if g.value is None and g.value_min is None:
            if not g.comparator:
                return ed.t("（定性）")
            word = english_word(g.comparator)
            return Markup(md_text(word)) if word else untranslated_word(g.comparator)
        word = english_word(g.comparator) if g.comparator else ""
        comparator = (Markup(md_text(word)) if word is not None else untranslated_word(g.comparator)) \
            if g.comparator else ""
        amount = Markup(md_text(english_amount(g)))
        base = normalise(1, g.unit)[1] if g.unit else None
        if g.unit and base not in ("yuan", "m2", "count") and not english_word(g.unit):
            # A unit with no base (亩 is one; 万平方米 has m²): its English, or the Chinese marked.
            unit = english_word(g.unit)
            amount += Markup(" ") + (Markup(md_text(unit)) if unit else untranslated_word(g.unit))
        return Markup(" ").join(p for p in (comparator, amount) if p)

    def untranslated_word(chinese: str) -> Markup:
        return Markup(f'<span class="untranslated" title="{html_text(ed.t("尚未翻译"))}">'
                      f'{escape_value(chinese, ed)}</span>')

    def normalised(g) -> str:
        if g.value_normalised is None:
            return "—"
        label = {"yuan": "元", "m2": "平方米", "count": ""}[g.normalised_unit]
        if ed.english:
            label = {"yuan": "yuan", "m2": "m²", "count": ""}[g.normalised_unit]
        return f"{g.value_normalised:,.0f} {ed.d(label)}".strip()

    return {"scope_link": scope_link, "goal_value": goal_value, "goal_number": goal_number,
            "normalised": normalised}


# --------------------------------------------------------------------------- names, glossary, translations

def entity_name(ed: Edition, entity) -> str:
    """A region, park, sector or organisation as this edition names it."""
    if ed.english and getattr(entity, "en", None):
        return entity.en
    return ed.d(entity.name)


def text_helpers(ed: Edition, registry, hant: TraditionalConverter) -> dict:
    """Helpers for names, paths and glossed paragraph HTML."""

    def name(x) -> str:
        kind = getattr(x, "kind", None)
        table = {"region": registry.regions, "park": registry.parks, "sector": registry.sectors,
                 "organisation": registry.organisations}.get(kind)
        entity = table.get(x.id, x) if table is not None else x
        return entity_name(ed, entity)

    def region_path_of(rid: str) -> str:
        return " › ".join(entity_name(ed, registry.regions[i]) for i in registry.regions[rid].ids)

    glossary = [(g, g.zh if ed.code != "zh-Hant" else hant.convert(g.zh)) for g in registry.glossary]

    def glossed(text: str, seen: set, english_text: bool = False) -> str:
        """Escaped paragraph HTML with a tooltip on each glossary term's first occurrence on the page."""
        spans = []
        for g, zh in glossary:
            if g.zh in seen:
                continue
            needle = g.en.split(" (")[0] if english_text else zh
            at = text.lower().find(needle.lower()) if english_text else text.find(zh)
            if at < 0 or any(a < at + len(needle) and at < b for a, b, _ in spans):
                continue
            seen.add(g.zh)
            spans.append((at, at + len(needle), g))
        out, pos = [], 0
        for a, b, g in sorted(spans, key=lambda x: x[0]):
            tip = f"{g.zh} {g.pinyin}: {g.en}. {g.note}" if english_text or ed.english else \
                f"{g.pinyin} · {g.en} — {g.note}"
            out += [md_text(text[pos:a]),
                    f'<abbr class="gloss" title="{html_text(tip)}">{md_text(text[a:b])}</abbr>']
            pos = b
        out.append(md_text(text[pos:]))
        return Markup("".join(out))

    def cite(doc: Document, url: str) -> str:
        """A citation a reader can copy: issuer or outlet, title, date (or undated), the
        original's address (or the re-post the text came from), and the digest page.
        The ¶ of a paragraph adds its anchor (assets/cite.js). No backtick can end the code block."""
        p = doc.provenance
        by = ed.d(p.issuer) if p.issuer else (outlet(doc.outlet) if doc.outlet else "")
        where = (f"{ed.t('原文网址')} {p.url}" if p.url else
                 f"{ed.t('转载页')} {p.copy_url}" if p.copy_url else ed.t("原始网页未知"))
        parts = [by, ed.title(doc), p.published or doc.date or ed.t("未注明日期"), where,
                 f"{ed.t('医疗器械产业园区政策摘要')} {url}"]
        return ". ".join(x for x in parts if x).replace("`", "'")

    outlets = {n: o for o in registry.organisations.values() for n in (o.name, *o.aliases)}

    def outlet(written: str) -> str:
        """An outlet as written, or its registry name in this edition when the registry knows it."""
        return entity_name(ed, outlets[written]) if written in outlets else ed.d(written)

    def untranslated(chinese: str | None) -> Markup:
        """Chinese on the English edition where no English is: marked so a reader sees it."""
        if not chinese:
            return Markup("")
        return Markup(f'<span class="untranslated" title="{html_text(ed.t("尚未翻译"))}">'
                      f'{escape_value(chinese, ed)}</span>')

    def fact(doc: Document, item, text: str | None) -> Markup:
        """A goal's metric or an event's title in this edition: the editor's English on the
        English edition (unless the Chinese changed since), else the Chinese, marked."""
        chinese = ed.within(doc, item.paragraph, text)
        if not ed.english:
            return escape_value(chinese, ed)
        t = doc.english.fact(item.id) if doc.english else None
        return Markup(md_text(t.en)) if t and not t.stale else untranslated(chinese)

    def metric(doc: Document, g) -> Markup:
        return fact(doc, g, g.metric)

    def event_title(doc: Document, e) -> Markup:
        return fact(doc, e, e.title)

    def event_place(doc: Document, e) -> Markup:
        chinese = ed.within(doc, e.paragraph, e.place)
        if not ed.english:
            return escape_value(chinese, ed)
        t = doc.english.fact(e.id) if doc.english else None
        return Markup(md_text(t.place_en)) if t and t.place_en and t.place_zh == e.place else untranslated(chinese)

    def park_kind(park) -> Markup:
        """A park's kind (registry data, an open list): its English label where one exists."""
        if not ed.english:
            return escape_value(ed.d(park.kind), ed)
        english = ed.labels.get(park.kind)
        return Markup(md_text(english)) if isinstance(english, str) else untranslated(park.kind)

    def about(park) -> Markup:
        if not ed.english:
            return escape_value(ed.d(park.about), ed)
        return Markup(md_text(park.about_en)) if park.about_en else untranslated(park.about)

    def translation_status(doc: Document) -> str:
        """Who made the English and whether a person has checked it (the translator credit)."""
        e = doc.english
        if e is None:
            return ed.t("无译文")
        status = ed.t("机器初稿，尚未经人工审校") if e.status == "machine-draft" else ed.t("已经人工审校")
        return f"{status}{ed.t('；')}{ed.t('译者')} {e.by}" if e.by else status

    return {"name": name, "region_path_of": region_path_of, "glossed": glossed, "cite": cite, "outlet": outlet,
            "translation_status": translation_status, "metric": metric, "event_title": event_title, "event_place": event_place, "about": about, "park_kind": park_kind,
            "untranslated": untranslated}
