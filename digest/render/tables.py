"""The data the goals, timeline and document tables carry for filtering and sorting on the page.

The tables stay plain Markdown. A row's first cell opens with an empty, hidden marker
(``<span class="facets" hidden data-region="…" data-park="…" data-year="…" …>``) and
a value cell with a hidden sort key (``data-sort-unit``, ``data-sort-value``);
``overrides/assets/sort.js`` reads them to filter rows and to sort values only within
one unit. Above a table, a hidden ``<div class="table-filter">`` holds the filter
menus, which the script shows; without the script a reader sees the whole table.

Every value written here goes through ``md_text`` (ASCII punctuation → entities), so
nothing from a registry, an editorial file or a seed can end an attribute, a cell or a tag.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from ..facts import MULTIPLIER, normalise
from ..places import Reach, RollUp, event_reach, goal_reach
from ..text import HAN_RE
from .escape import md_text

FACETS = ("region", "park", "year", "kind", "type", "unit")
"""Every facet a row can carry, in the order the filter menus show them."""

FACET_LABELS = {"region": "地区", "park": "园区", "year": "年份", "kind": "条目", "type": "类型", "unit": "单位"}
"""The menu label of each facet (a UI label: templates/ui.en.yml has the English)."""

KIND_LABELS = {"event": "事件", "goal": "目标"}


def _attr(value) -> str:
    """An attribute value no text can end (``md_text``: quotes, ``<``, ``&``, ``|`` become entities)."""
    return md_text("" if value is None else value)


@dataclass(frozen=True, slots=True)
class Measure:
    """What a goal's value is counted in, for sorting: values compare only within one ``unit``."""

    unit: str
    """``yuan``, ``m2``, ``count:<unit>`` (家, 件 … never mixed) or ``unit:<unit as written>`` (%, 倍)."""
    value: float


def measure(goal) -> Measure | None:
    """The goal's value in base units where it has one (a range by its lower end); None when qualitative.

    >>> from types import SimpleNamespace as G
    >>> def g(value=None, lo=None, unit=None):
    ...     nv, nu = normalise(value, unit)
    ...     return G(value=value, value_min=lo, unit=unit, value_normalised=nv, normalised_unit=nu)
    >>> measure(g(250, unit="亿元")), measure(g(lo=2, unit="家")), measure(g(5, unit="万家"))
    (Measure(unit='yuan', value=25000000000.0), Measure(unit='count:家', value=2.0), Measure(unit='count:家', value=50000.0))
    >>> measure(g(30, unit="%")), measure(g())
    (Measure(unit='unit:%', value=30.0), None)
    """
    number = goal.value if goal.value is not None else goal.value_min
    if number is None:
        return None
    if goal.value_normalised is not None and goal.value is not None:
        value, unit = goal.value_normalised, goal.normalised_unit
    else:
        value, unit = normalise(number, goal.unit)
    if unit == "count":
        return Measure(f"count:{_base_unit(goal.unit)}", value)
    if unit:
        return Measure(unit, value)
    return Measure(f"unit:{goal.unit or ''}", float(number))


def _base_unit(unit: str | None) -> str:
    """``万人`` → ``人``: the thing counted, without its multiplier."""
    unit = unit or ""
    for prefix in MULTIPLIER:
        if unit.startswith(prefix) and unit != prefix:
            return unit[len(prefix):]
    return unit


def _number(x: float) -> str:
    return f"{int(x)}" if float(x).is_integer() else repr(float(x))


@dataclass(frozen=True)
class Row:
    """The facets of one table row (or of one line in a timeline cell)."""

    reach: Reach = Reach()
    year: str = ""
    kind: str = ""
    type: str = ""
    unit: str = ""

    def values(self, facet: str) -> tuple[str, ...]:
        if facet == "region":
            return tuple(sorted(self.reach.regions))
        if facet == "park":
            return tuple(sorted(self.reach.parks))
        value = getattr(self, facet)
        return (value,) if value else ()

    def __or__(self, other: "Row") -> "Row":
        same = lambda a, b: a if a == b else ""  # noqa: E731 - a row of mixed years has none
        return Row(self.reach | other.reach, same(self.year, other.year), same(self.kind, other.kind),
                   same(self.type, other.type), same(self.unit, other.unit))


def marker(row: Row, css: str = "facets", facets=FACETS) -> Markup:
    """The hidden span that carries a row's facets: space-separated ids for region and park."""
    attrs = "".join(f' data-{f}="{_attr(" ".join(row.values(f)))}"' for f in facets)
    return Markup(f'<span class="{css}" hidden{attrs}></span>')


def goal_row(doc, g, regions, parks) -> Row:
    m = measure(g)
    return Row(goal_reach(g, regions, parks), str(g.year or ""), "goal", doc.doc_type, m.unit if m else "")


def event_row(doc, e, regions, parks) -> Row:
    return Row(event_reach(doc, e, regions, parks), e.date[:4], "event", doc.doc_type)


def entry_row(entry, regions, parks) -> Row:
    """A timeline entry's facets: its event's, or those its goals share (``Row.__or__``)."""
    if entry.kind == "event":
        return event_row(entry.doc, entry.item, regions, parks)
    rows = [goal_row(entry.doc, g, regions, parks) for g in entry.items]
    row = rows[0]
    for r in rows[1:]:
        row = row | r
    return row


def doc_row(doc, rollup: RollUp) -> Row:
    return Row(rollup.docs[doc.id], (doc.date or "")[:4], "", doc.doc_type)


GOAL_FACETS = ("region", "park", "year", "type", "unit")
TIMELINE_FACETS = ("region", "park", "year", "kind", "type")
DOC_FACETS = ("region", "park", "year", "type")


def facet_values(rows, facets: tuple[str, ...]) -> dict[str, set[str]]:
    """Facet → the values the rows hold: what a table's filter menus offer. The same in every
    edition, so a page generator computes it once and each edition only names the values."""
    rows = list(rows)
    return {facet: {v for r in rows for v in r.values(facet)} for facet in facets}


def goal_facet_values(goals, registry) -> dict[str, set[str]]:
    return facet_values((goal_row(d, g, registry.regions, registry.parks) for d, g in goals), GOAL_FACETS)


def timeline_facet_values(timeline, registry) -> dict[str, set[str]]:
    return facet_values((entry_row(e, registry.regions, registry.parks) for _, entries in timeline for e in entries),
                        TIMELINE_FACETS)


def doc_facet_values(years, rollup: RollUp) -> dict[str, set[str]]:
    return facet_values((doc_row(d, rollup) for _, docs in years for d in docs), DOC_FACETS)


def table_helpers(ed, registry, rollup: RollUp, name: Callable, doc_types: dict) -> dict:
    """Jinja helpers for the filterable tables of one edition."""
    regions, parks = registry.regions, registry.parks

    def goal_facets(doc, g) -> Markup:
        return marker(goal_row(doc, g, regions, parks))

    def doc_facets(doc) -> Markup:
        return marker(doc_row(doc, rollup))

    def entry_facets(entry) -> Markup:
        return marker(entry_row(entry, regions, parks))

    def line_open(doc, g) -> Markup:
        """Opens one goal's line in a timeline entry: the filters hide the lines that do not match."""
        row = goal_row(doc, g, regions, parks)
        attrs = "".join(f' data-{f}="{_attr(" ".join(row.values(f)))}"' for f in ("region", "park", "unit"))
        return Markup(f'<span class="facet-line"{attrs}>')

    def sort_key(g) -> Markup:
        """A goal's value for sorting: its unit group and its value in base units."""
        m = measure(g)
        if m is None:
            return Markup('<span class="sort-key" hidden data-sort-unit="" data-sort-value=""></span>')
        return Markup(f'<span class="sort-key" hidden data-sort-unit="{_attr(m.unit)}" '
                      f'data-sort-value="{_attr(_number(m.value))}"></span>')

    def option(value: str, text: str, depth: int = 0) -> Markup:
        lang = ' lang="zh-Hans"' if ed.english and HAN_RE.search(text) else ""
        return Markup(f'<option value="{_attr(value)}"{lang}>{"&#160;" * 2 * depth}{_attr(text)}</option>')

    def unit_label(unit: str) -> str:
        if unit == "yuan":
            return ed.t("元")
        if unit == "m2":
            return ed.t("平方米")
        return ed.d(unit.split(":", 1)[1]) or ed.t("无单位")

    def options(facet: str, present: set[str]) -> list[Markup]:
        if facet == "region":
            out = []

            def walk(parent, depth):
                for rid in sorted(r for r in present if regions[r].parent == parent):
                    out.append(option(rid, name(regions[rid]), depth))
                    walk(rid, depth + 1)
            walk(None, 0)
            return out
        if facet == "park":
            return [option(p, name(parks[p])) for p in sorted(present, key=lambda p: (name(parks[p]), p))]
        if facet == "year":
            return [option(y, y) for y in sorted(present)]
        if facet == "kind":
            return [option(k, ed.t(KIND_LABELS[k])) for k in KIND_LABELS if k in present]
        if facet == "type":
            return [option(k, ed.t(doc_types[k])) for k in doc_types if k in present]
        return [option(u, unit_label(u)) for u in sorted(present)]

    def filter_menus(values: dict[str, set[str]]) -> list[tuple[str, str, list[Markup]]]:
        """(facet, its label, its options) for each facet with at least two values
        (``values``: from ``facet_values``, in the order of the menus)."""
        out = []
        for facet, present in values.items():
            opts = options(facet, present)
            if len(opts) > 1 or facet == "region" and opts:
                out.append((facet, ed.t(FACET_LABELS[facet]), opts))
        return out

    return {"goal_facets": goal_facets, "doc_facets": doc_facets, "entry_facets": entry_facets,
            "line_open": line_open, "sort_key": sort_key, "filter_menus": filter_menus}
