"""The machine-readable build report: per seed, what was published, moved and removed.

Accounting is exact, not just counted: every visible character of a seed is in
exactly one of three places (kept on a page, moved to front matter, removed by a
named rule), and ``reconstruct`` puts them back together in seed order.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Document, Piece, Refusal, Seed
from .text import visible


@dataclass(frozen=True)
class SeedOutcome:
    """What the build made of one seed file."""

    seed: Seed | None
    refusal: Refusal | None
    documents: tuple[Document, ...] = ()
    key: str = ""
    """Cache key of the seed (its bytes, path, and the code version); empty without a cache."""


def all_changes(doc: Document) -> list:
    head = doc.article.head
    return list(head.changes if head else ()) + [c for b in doc.blocks for c in b.changes]


def kept_pieces(doc: Document) -> list[str]:
    a = doc.article
    return ([a.head.source] if a.head else []) + [b.source for b in a.blocks]


def accounting(outcome: SeedOutcome) -> dict:
    """Visible-character counts: in = kept + moved + removed (excluded articles count as removed)."""
    seed = outcome.seed
    kept = moved = removed = excluded = 0
    for doc in outcome.documents:
        content = sum(len(visible(s)) for s in kept_pieces(doc))
        if doc.published:
            kept += content
        else:
            excluded += content
        for r in doc.article.removals:
            n = len(visible(r.text))
            if r.moved_to:
                moved += n
            else:
                removed += n
    total = seed.input_chars if seed else 0
    return {
        "in": total,
        "kept": kept,
        "moved_to_metadata": moved,
        "removed": removed + excluded,
        "removed_as_off_topic_articles": excluded,
        "balanced": kept + moved + removed + excluded == total,
    }


def reconstruct(outcome: SeedOutcome) -> str:
    """The visible seed text rebuilt from what was kept, moved and removed, in seed order.

    Equal to ``visible(seed.text)`` exactly when no character was lost or counted twice.
    """
    pieces: list[Piece] = []
    for doc in outcome.documents:
        a = doc.article
        if a.head:
            pieces += a.head.pieces
        for b in a.blocks:
            pieces += b.pieces
        pieces += [Piece(r.start, r.end, r.text) for r in a.removals]
    return visible("".join(p.text for p in sorted(pieces, key=lambda p: p.start)))


def seed_entry(outcome: SeedOutcome) -> dict:
    if outcome.refusal:
        r = outcome.refusal
        return {"seed": r.path, "status": r.status, "encoding": r.encoding, "reason": r.reason, "documents": []}
    seed = outcome.seed
    docs = outcome.documents
    published = sum(d.published for d in docs)
    return {
        "seed": seed.path,
        "status": "published" if published == len(docs) else "partly-published" if published else "excluded",
        "encoding": seed.encoding,
        "script": seed.script,
        "normalised": dict(seed.normalised),
        "characters": accounting(outcome),
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "published": d.published,
                "exclusion": d.exclusion,
                "date": d.date,
                "date_evidence": d.date_evidence,
                "lines": list(d.article.lines),
                "regions": [t.id for t in d.regions],
                "parks": [t.id for t in d.parks],
                "tags": [t.id for t in d.tags],
                "goals": len(d.goals),
                "events": len(d.events),
                "unresolved_dates": [{"paragraph": u.paragraph, "text": u.quote, "reason": u.reason}
                                     for u in d.unresolved],
                "removed": [
                    {"rule": r.rule, "line": r.line, "text": r.text, "moved_to": r.moved_to}
                    for r in d.article.removals
                ],
                "changed": [
                    {"rule": c.rule, "line": c.line, "before": c.before, "after": c.after,
                     "editorial": c.editorial}
                    for c in all_changes(d)
                ],
            }
            for d in docs
        ],
    }


def build_report(outcomes: list[SeedOutcome]) -> dict:
    entries = [seed_entry(o) for o in outcomes]
    return {
        "seeds": entries,
        "totals": {
            "seeds": len(entries),
            "refused": sum(1 for e in entries if e["status"] not in ("published", "partly-published", "excluded")),
            "documents": sum(len(e["documents"]) for e in entries),
            "published": sum(d["published"] for e in entries for d in e["documents"]),
            "goals": sum(d["goals"] for e in entries for d in e["documents"] if d["published"]),
            "events": sum(d["events"] for e in entries for d in e["documents"] if d["published"]),
            "tags": sum(len(d["regions"]) + len(d["parks"]) + len(d["tags"])
                        for e in entries for d in e["documents"] if d["published"]),
        },
    }


def summary_line(outcome: SeedOutcome) -> str:
    """One line per seed for the console."""
    if outcome.refusal:
        r = outcome.refusal
        return f"{r.path}: {r.status}: {r.reason}"
    seed = outcome.seed
    acc = accounting(outcome)
    parts = []
    for d in outcome.documents:
        parts.append(d.id if d.published else f"{d.id} excluded ({d.exclusion.split(':')[0]})")
    mixed = "; input mixed Simplified and Traditional" if seed.script == "mixed" else ""
    return (f"{seed.path}: {seed.encoding}, {seed.script}{mixed}: {', '.join(parts)}; "
            f"characters in {acc['in']} = kept {acc['kept']} + moved {acc['moved_to_metadata']}"
            f" + removed {acc['removed']}")
