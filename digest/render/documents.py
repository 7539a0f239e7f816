"""Page generator: one page per published document and edition, and the index of documents by year."""
from __future__ import annotations

from typing import Iterator

from ..model import Document
from .edition import Edition
from .environment import Site
from .tables import doc_facet_values


def doc_front_matter(doc: Document, ed: Edition, regions: dict) -> dict:
    a = doc.article
    return {
        "id": doc.id,
        "title": ed.title(doc),
        "kicker": ed.kicker(doc),
        "date": doc.date,
        "doc_type": doc.doc_type,
        "source": {
            "seed": a.seed.path,
            "lines": list(a.lines),
            "outlet": doc.outlet,
            "issuer": doc.provenance.issuer,
            "url": doc.provenance.url or doc.url,
            "copy_url": doc.provenance.copy_url,
            "published": doc.provenance.published,
            "retrieved": doc.provenance.retrieved,
            "archive": doc.provenance.archive,
        },
        "region": [t.as_dict(" › ".join(regions[t.id].path)) for t in doc.regions],
        "park": [t.as_dict() for t in doc.parks],
        "goals": [g.as_dict() for g in doc.goals],
        "events": [e.as_dict() for e in doc.events],
        "tags": [t.as_dict() for t in doc.tags],
        "subtitle": doc.subtitle_hant if ed.code == "zh-Hant" else doc.subtitle,
        "byline": list(doc.byline),
        "dateline": doc.dateline,
        "lang": ed.code,
        "translated": _translated(doc) if ed.english else None,
        "headline": ed.title(doc),
    }


def _translated(doc: Document) -> dict:
    """How much of the document has current English: {paragraphs, translated, stale}."""
    paragraphs = [b.id for b in doc.blocks]
    current = [p for p in paragraphs if doc.english and (t := doc.english.paragraph(p)) and not t.stale]
    stale = [p for p in paragraphs if doc.english and (t := doc.english.paragraph(p)) and t.stale]
    return {"paragraphs": len(paragraphs), "translated": len(current), "stale": stale}


def document_pages(site: Site) -> Iterator[tuple[str, str]]:
    """Every edition's page of every document, rendered (or found in the cache) by ``lines.with_lines``."""
    for doc in site.published:
        for ed, ctx in site.editions:
            yield f"{ed.docs_dir}/documents/{doc.id}.md", ctx["lines"].by_doc[doc.id].page


def document_index(site: Site) -> Iterator[tuple[str, str]]:
    """documents/index.md: the published documents by year."""
    template = site.env.get_template("documents.md.j2")
    years = site.by_year()
    values = doc_facet_values(years, site.rollup)
    for ed, ctx in site.editions:
        yield f"{ed.docs_dir}/documents/index.md", template.render(ctx, years=years, facet_values=values)
