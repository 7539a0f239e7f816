"""Golden fixtures for the cleaning rules (tests/fixtures/rules.yml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from digest.report import SeedOutcome, reconstruct
from digest.text import visible
from conftest import make_seed

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "rules.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_rule(case, clean, request):
    if case.get("xfail"):
        request.applymarker(pytest.mark.xfail(reason=case["xfail"], strict=True))
    articles = clean(case["input"])
    if "articles" in case:
        assert len(articles) == case["articles"]
    article = articles[0]
    removals = [r for a in articles for r in a.removals]
    changes = [c for b in article.blocks for c in b.changes]
    if "removed" in case:
        got = [r.text.strip() for r in removals if r.rule == case["rule"] and not r.moved_to]
        assert got == case["removed"]
    for field, value in (case.get("moved") or {}).items():
        assert (field, value) in article.meta, article.meta
    for key in ("title", "kicker", "subtitle"):
        if key in case:
            assert getattr(article.head, key) == case[key]
    if "blocks" in case:
        assert [b.text for b in article.blocks] == case["blocks"]
    if case.get("changed"):
        head_changes = list(article.head.changes) if article.head else []
        assert any(c.rule == case["rule"] for c in changes + head_changes), "the repair must be recorded"
    # Every case also keeps the books balanced.
    seed = make_seed(case["input"])
    outcome = SeedOutcome(seed, None, tuple(_docs(articles)))
    assert reconstruct(outcome) == visible(seed.text)


def _docs(articles):
    """Minimal stand-ins: reconstruct only reads ``.article``."""
    class D:
        def __init__(self, a):
            self.article = a
    return [D(a) for a in articles]
