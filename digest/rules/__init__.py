"""Cleaning rules, grouped by kind, each a small named function in a ``Ruler``.

- ``page.PAGE_RULES`` run over the whole seed before it is split into articles;
- ``head.HEAD_RULES`` over the lines above an article's headline;
- ``article.ARTICLE_RULES`` over the body lines of one article;
- ``repair.REPAIRS`` over the text of one block, changing characters in place.

A line rule returns ``Cut`` values (what to take out of which line, and where the text
goes); the engine in ``clean.py`` applies them and records every removed character with
the rule's name. Each list is a ``Ruler``: ``PAGE_RULES.disable("footer")`` gives the list
without that rule. Vocabulary lives in ``registry/noise.yml``.
"""
from __future__ import annotations

from .article import ARTICLE_RULES, is_credit
from .base import OUTLINE, Cut, Ruler, is_heading_like, nonblank, unpunctuated
from .head import HEAD_RULES
from .page import PAGE_RULES
from .repair import REPAIRS, Edit, apply_edits, restore_numbering

__all__ = ["ARTICLE_RULES", "HEAD_RULES", "PAGE_RULES", "REPAIRS", "OUTLINE", "Cut", "Edit", "Ruler", "apply_edits",
           "is_credit", "is_heading_like", "nonblank", "restore_numbering", "unpunctuated"]
