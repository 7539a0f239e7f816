"""Stage 5: metadata of each article: id, title, date, type, outlet, topicality.

Everything here is read from the article itself (and, for a page of several
articles, from its sibling articles: they share one issue date). Nothing is
guessed: an unresolved date stays null and says why in the report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .identity import seed_id
from .model import Article, Document, Topic
from .outlet import outlet_from_page
from .script import to_simplified
from .text import HAN
from .vocabulary import FULL_DATE, MONTH_DAY

_FULL_DATE = re.compile(r"(?<!\d)" + FULL_DATE)
_MONTH_DAY = re.compile(r"(?<![\d年])" + MONTH_DAY)
# A year that names an event or report: "2024医疗器械经济信息发布会", "2020产业年会", "2024年嘉定区…活动".
_EVENT_YEAR = re.compile(rf"(?<!\d)((?:19|20)\d{{2}})(?:年)?(?=[{HAN}])(?!年(?:以来|前|后|底|初|末|度))")
_PLAN_TITLE = re.compile(r"(方案|规划|计划|意见|办法|措施|通知|细则|纲要|政策)(（[^）]{0,20}）|\([^)]{0,20}\))?$")


def document_id(article: Article) -> str:
    """The seed's id (``identity.seed_id``, from its file name alone), ``-N`` per article of a page."""
    base = seed_id(article.seed.path.rsplit("/", 1)[-1])
    return base if article.count == 1 else f"{base}-{article.index}"


def _meta(article: Article, key: str) -> list[str]:
    return [v for k, v in article.meta if k == key]


def lead_sentence(article: Article) -> str:
    for b in article.blocks:
        if b.kind == "paragraph":
            return re.split(r"[。！？]", b.text, maxsplit=1)[0]
    return ""


def event_year(article: Article) -> tuple[int, str] | None:
    """A year the headline or the lead sentence attaches to the reported event."""
    head = article.head
    places = [("headline", " ".join(filter(None, [head.kicker, head.title, head.subtitle])) if head else ""),
              ("lead sentence", lead_sentence(article))]
    for where, text in places:
        # A year in a document's name, a plan period or a target is not the event's year.
        text = re.sub(r"《[^》]*》|(?:19|20)\d\d\s*[—–\-－~～至到]\s*(?:19|20)\d\d\s*年?|(?:到|至)(?:19|20)\d\d年", "", text)
        m = _FULL_DATE.search(text)
        if m:
            return int(m.group(1)), where
        m = _EVENT_YEAR.search(text)
        if m:
            return int(m.group(1)), where
    return None


def resolve_date(article: Article, page_year: int | None, page_date: str | None = None) -> tuple[str | None, str]:
    """The document's date and the evidence for it (or why there is none)."""
    published = _meta(article, "date")
    if published:
        return published[0], "publication line of the page"
    if page_date:
        return page_date, "publication line of the page it shares with other articles"
    lead = lead_sentence(article)
    dateline = " ".join(_meta(article, "dateline"))
    m = _FULL_DATE.search(lead[:40]) or _FULL_DATE.search(dateline)
    if m:
        y, mo, d = map(int, m.groups())
        return f"{y:04d}-{mo:02d}-{d:02d}", "full date at the start of the lead"
    m = _MONTH_DAY.search(dateline) or _MONTH_DAY.match(lead) or _MONTH_DAY.search(lead[:12])
    if not m:
        return None, "no date in the publication line, dateline or lead"
    mo, d = int(m.group(1)), int(m.group(2))
    year = event_year(article)
    if year:
        return f"{year[0]:04d}-{mo:02d}-{d:02d}", f"{mo}月{d}日 in the lead, year from the {year[1]}"
    if page_year:
        return f"{page_year:04d}-{mo:02d}-{d:02d}", f"{mo}月{d}日 in the lead, year from another article on the same page"
    return None, f"{mo}月{d}日 in the lead but no year anywhere in the article or its page"


def spun_text(blocks) -> str | None:
    """Why a text reads as shuffled or spun spam, or None.

    Real paragraphs end with a sentence. Text cut into pieces and shuffled (a
    content-farm trick) leaves paragraph after paragraph ending on a comma.

    >>> spun_text([_B("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉，")] * 3)
    'low quality: 3 of 3 paragraphs end in the middle of a sentence (shuffled or spun text)'
    """
    long = [b.text.rstrip() for b in blocks if b.kind == "paragraph" and len(b.text.strip()) >= 20]
    broken = [t for t in long if t[-1:] in "，,、；"]
    if len(broken) >= 3 and len(broken) >= 0.5 * len(long):
        return (f"low quality: {len(broken)} of {len(long)} paragraphs end in the middle of a sentence "
                "(shuffled or spun text)")
    return None


@dataclass(frozen=True)
class _B:
    text: str
    kind: str = "paragraph"


def doc_type(article: Article) -> str:
    title = article.head.title if article.head else ""
    if _PLAN_TITLE.search(title) and not _meta(article, "dateline"):
        return "plan"
    return "news"


def topic_hits(head_text: str, body: str, alone: bool, topic: Topic) -> tuple[bool, int, str | None]:
    """Is the article on topic? Texts are canonical Simplified.

    Only an article that came along on a page of several is judged: a seed of
    one article is the user's own choice and is published (an editor can still
    withdraw it).
    """
    hits = sum(body.count(t) for t in topic.terms)
    if alone or any(t in head_text for t in topic.terms) or hits >= topic.min_body_hits:
        return True, hits, None
    return False, hits, (f"off topic: an article that shares its page with others, with no medical-device "
                         f"term in the headline and {hits} in the body (at least {topic.min_body_hits} needed; "
                         f"terms are in registry/topic.yml)")


def extract(articles: list[Article], topic: Topic) -> list[Document]:
    """Build the documents of one seed (its articles share a page, so they share a year)."""
    years = [y[0] for a in articles if (y := event_year(a))]
    page_year = years[0] if years and len(set(years)) == 1 else None
    dates = [d for a in articles for d in _meta(a, "date")[:1]]
    page_date = dates[0] if len(articles) > 1 and len(set(dates)) == 1 else None
    docs = []
    for article in articles:
        date, evidence = resolve_date(article, page_year, page_date)
        head = article.head
        title, title_hant = (head.title, head.title_hant) if head else _fallback_title(article)
        kicker, kicker_hant = (head.kicker, head.kicker_hant) if head else (None, None)
        subtitle, subtitle_hant = (head.subtitle, head.subtitle_hant) if head else (None, None)
        blocks = article.blocks
        on_topic, hits, why = topic_hits(" ".join(filter(None, [kicker, title, subtitle])),
                                         "\n".join(b.text for b in blocks), article.count == 1, topic)
        if not blocks and not head:
            on_topic, why = False, "nothing left after cleaning: every line of the seed was noise (see the removals)"
        elif (spun := spun_text(blocks)):
            on_topic, why = False, spun + "; an editorial file with 'publish: true' admits it"
        # No metadata line names the outlet: how the page names itself (digest/outlet.py).
        outlets = [to_simplified(o) for o in _meta(article, "outlet")] or list(
            filter(None, [outlet_from_page(article.seed.text)]))
        docs.append(Document(
            id=document_id(article),
            article=article,
            title=title,
            title_hant=title_hant,
            kicker=kicker,
            kicker_hant=kicker_hant,
            subtitle=subtitle,
            subtitle_hant=subtitle_hant,
            date=date,
            date_evidence=evidence,
            doc_type=doc_type(article),
            outlet=outlets[0] if outlets else None,
            url=None,
            byline=tuple(_meta(article, "byline")),
            dateline=" ".join(_meta(article, "dateline")) or None,
            published=on_topic,
            exclusion=why,
            topic_hits=hits,
            blocks=blocks,
        ))
    return docs


def _fallback_title(article: Article) -> tuple[str, str]:
    """A page with no headline is titled by the start of its lead, in both scripts."""
    sentence = lead_sentence(article)
    lead = next((b for b in article.blocks if b.kind == "paragraph"), None)
    sentence_hant = lead.text_hant[:len(sentence)] if lead and len(lead.text_hant) == len(lead.text) else sentence
    if not sentence:
        return article.seed.stem, article.seed.stem
    if len(sentence) > 30:
        return sentence[:30] + "…", sentence_hant[:30] + "…"
    return sentence, sentence_hant
