"""The real-page scorer (bench/truth.py) against the floors committed beside the corpus.

A rule change that helps one page and hurts five shows here as a figure below its
floor, named with its value.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "real"


def _truth():
    if "truth" not in sys.modules:  # dataclasses need their module registered
        spec = importlib.util.spec_from_file_location("truth", ROOT / "bench" / "truth.py")
        sys.modules["truth"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["truth"])
    return sys.modules["truth"]


@pytest.fixture(scope="module")
def scored():
    truth = _truth()
    return truth, truth.run(CORPUS)


def test_corpus_is_large_and_each_page_has_its_gold_answer():
    pages = sorted(CORPUS.glob("*.txt"))
    golds = sorted(CORPUS.glob("*.gold.yml"))
    assert len(golds) >= 40
    assert {p.name[:-4] for p in pages} == {g.name[: -len(".gold.yml")] for g in golds}


def test_gold_answers_quote_their_pages():
    """Every noise line is a line of its page and every quote is in it: a gold answer
    that does not match its page would score nothing."""
    truth = _truth()
    for name, text_path, gold in truth.load_gold(CORPUS):
        text = text_path.read_text(encoding="utf-8")
        lines = {line.rstrip("\n") for line in text.split("\n")}
        for noise in gold.get("noise") or []:
            assert noise in lines, f"{name}: noise line not in the page: {noise!r}"
        for item in (gold.get("goals") or []) + (gold.get("events") or []):
            assert truth.fold(item["quote"]) in truth.fold(text), f"{name}: quote not in the page: {item['quote']!r}"


def test_no_figure_below_its_floor(scored):
    truth, score = scored
    floors = yaml.safe_load((CORPUS / "floors.yml").read_text(encoding="utf-8"))
    failing = truth.below_floor(score, floors)
    assert not failing, "\n" + "\n".join(failing) + "\n" + truth.table(score, floors)


def test_every_publish_decision_is_right(scored):
    _, score = scored
    assert score.publish.right == score.publish.total, score.problems
