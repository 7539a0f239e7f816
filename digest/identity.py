"""A seed's id, from its file name alone.

The id names the seed's pages (``documents/<id>.md``, ``sources/<id>.md``) and its
editorial files, so it must not depend on which other seeds exist or how they
sort: adding ``zhengce.txt`` beside ``政策.txt`` must not move an editor's notes.

- A *plain* name, lower-case ASCII letters, digits and underscores with the
  suffix ``.txt`` (``000_6fe84b4fb4579d6b.txt``), is its own id with ``_`` as
  ``-``. Plain names have no dashes, so two plain names never share an id.
- Any other name (Chinese, capitals, spaces, dashes, another suffix, a reserved
  page name, longer than ``MAX_SLUG``) gets a readable slug cut to ``MAX_SLUG``
  characters plus ``-`` and six hex digits of the SHA-256 of the exact name:
  ``Report.txt`` and ``report.txt``, ``政策.txt`` and ``zhengce.txt``, an NFC and
  an NFD spelling of one name all get different ids, whatever else is there.
"""
from __future__ import annotations

import hashlib
import re

from pypinyin import lazy_pinyin

from .text import HAN


def slugify(name: str) -> str:
    """A plain lower-case ASCII slug: Chinese becomes pinyin, anything else a dash.

    >>> slugify("政策 文件(副本)"), slugify("000_6fe84b4fb4579d6b")
    ('zhengce-wenjian-fuben', '000-6fe84b4fb4579d6b')
    """
    parts, run = [], []
    for ch in name:
        if re.match(f"[{HAN}]", ch):
            run.append(ch)
            continue
        if run:
            parts.append("".join(lazy_pinyin("".join(run))))
            run = []
        parts.append(ch.lower() if ch.isascii() and ch.isalnum() else "-")
    if run:
        parts.append("".join(lazy_pinyin("".join(run))))
    slug = re.sub(r"-{2,}", "-", "".join(parts)).strip("-")
    slug = re.sub(r"[^a-z0-9-]", "", slug)
    return slug or "seed"


MAX_SLUG = 60
"""Characters of readable slug; with the hash an id stays far below any file-name limit."""

RESERVED = frozenset({"index", "tags", "search", "404", "reports", "sources", "data", "assets", "documents",
                      "regions", "parks", "glossary", "goals", "timeline", "feed", "sitemap", "zh", "zh-hant", "en"})
"""Names the site's own pages and folders use (``documents/index.md``, ``sources/index.md``, …)."""

_PLAIN = re.compile(r"([a-z0-9_]{1,%d})\.txt" % MAX_SLUG)


def seed_slug(path: str) -> str:
    """The seed's cleaning-record page (``sources/<id>.md``): its id, like its documents."""
    return seed_id(path.rsplit("/", 1)[-1])


def seed_id(name: str) -> str:
    """The id of the seed file called ``name`` (a file name, not a path).

    >>> seed_id("000_6fe84b4fb4579d6b.txt"), seed_id("markup_injection.txt")
    ('000-6fe84b4fb4579d6b', 'markup-injection')
    >>> seed_id("zhengce.txt"), seed_id("政策.txt"), seed_id("Report.txt"), seed_id("report.txt")
    ('zhengce', 'zhengce-5caea9', 'report-9d03bd', 'report')
    >>> seed_id("index.txt"), len(seed_id("医" * 83 + ".txt"))
    ('index-52aa09', 67)
    """
    plain = _PLAIN.fullmatch(name)
    if plain and plain.group(1).replace("_", "-") not in RESERVED:
        return plain.group(1).replace("_", "-")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    slug = slugify(stem)[:MAX_SLUG].strip("-") or "seed"
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{slug}-{digest}"
