"""Three editions and the English editorial layer."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from digest.build import build
from digest.cli import main
from conftest import ROOT

DOC = "004-7bf530bae955a6a4"


@pytest.fixture(scope="module")
def result(seeds_build):
    return seeds_build


def test_every_published_document_is_fully_translated(result):
    docs = [d for o in result.outcomes for d in o.documents if d.published]
    for d in docs:
        assert d.english and d.english.title and d.english.summary, d.id
        missing = [b.id for b in d.blocks if not d.english.paragraph(b.id)]
        stale = [b.id for b in d.blocks if d.english.paragraph(b.id) and d.english.paragraph(b.id).stale]
        assert not missing and not stale, (d.id, missing, stale)
    assert not result.warnings


def test_english_pages_have_no_chinese_ui_labels(result):
    for path, page in result.pages.items():
        if path.startswith("en/") and path.endswith(".md"):
            for label in ("文件信息", "日期：", "来源：", "时间线", "目标一览", "编辑修复"):
                assert label not in page, (path, label)


def test_glossary_tooltip_only_on_first_occurrence(result):
    page = result.pages["zh/documents/003-c8d20f3a32803d36.md"]
    assert page.count('class="gloss" title="liàn zhǔ · chain leader') == 1
    assert page.count("链主") > 1
    en = result.pages["en/documents/003-c8d20f3a32803d36.md"]
    assert en.count("<abbr class=\"gloss\" title=\"链主 liàn zhǔ") == 1


def test_glossary_page_in_every_edition(result):
    for ed in ("zh", "zh-Hant", "en"):
        assert "专精特新" in result.pages[f"{ed}/glossary.md"] or "專精特新" in result.pages[f"{ed}/glossary.md"]


@pytest.fixture
def project(tmp_path):
    """A copy of the project root (seeds and editorial copied, so tests may edit them)."""
    for name in ("registry", "templates"):
        os.symlink(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "editorial", tmp_path / "editorial")
    return tmp_path


def test_one_changed_character_makes_the_translation_stale(project, capsys, monkeypatch):
    seed = project / "seeds" / "004_7bf530bae955a6a4.txt"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("六百余位", "七百余位", 1), encoding="utf-8")
    result = build(project, project / "seeds")
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"editorial/{DOC}.yml:") and "translation of p1 is stale" in result.warnings[0]
    page = result.pages[f"en/documents/{DOC}.md"]
    assert 'class="para stale"' in page and "Translation out of date" in page and "七百余位" in page
    import digest.cli as cli
    monkeypatch.setattr(cli, "ROOT", project)
    out = project / "docs"
    assert main(["--out", str(out), "--quiet"]) == 0
    assert main(["--out", str(out), "--quiet", "--strict"]) == 1
    assert "translation of p1 is stale" in capsys.readouterr().err


def test_untranslated_paragraphs_show_chinese_with_a_marker(project):
    (project / "editorial" / f"{DOC}.yml").unlink()
    result = build(project, project / "seeds")
    page = result.pages[f"en/documents/{DOC}.md"]
    assert page.count("Not yet translated") == 17 and 'lang="zh-Hans"' in page
    assert "南京高淳搭建交流平台" in page  # the Chinese title stands in


def test_notes_and_corrections_show_in_all_editions(project):
    path = project / "editorial" / f"{DOC}.yml"
    path.write_text(path.read_text(encoding="utf-8") + """
notes:
  - {paragraph: p1, zh: 年会在上海召开，但报道的主体是南京市高淳区。, en: "The meeting was held in Shanghai; the subject is Gaochun, Nanjing."}
corrections:
  p2: {text: 本次年会邀请了多位专家进行主旨演讲。, reason: 演讲人名单与会议议程不符}
""", encoding="utf-8")
    result = build(project, project / "seeds")
    for ed in ("zh", "zh-Hant", "en"):
        page = result.pages[f"{ed}/documents/{DOC}.md"]
        assert 'class="editorial-note"' in page and 'class="editorial-correction"' in page, ed
    assert "南京市高淳区" in result.pages[f"zh/documents/{DOC}.md"]
    assert "the subject is Gaochun" in result.pages[f"en/documents/{DOC}.md"]
    assert "葛均波" in result.pages[f"zh/documents/{DOC}.md"]  # the original is kept, shown on request
    # The corrected paragraph's translation is now stale (its source text changed).
    assert any("translation of p2 is stale" in w for w in result.warnings)


# --------------------------------------------------------------------------- the build's vocabulary, labelled

LABELS = ROOT / "templates" / "ui.build.yml"


def test_every_rule_a_reader_can_see_has_a_label_in_both_languages():
    """A rule added to digest/rules/ without a label fails here (and the build names the file)."""
    from digest.render.edition import BuildLabels
    from digest.rules import ARTICLE_RULES, HEAD_RULES, PAGE_RULES, REPAIRS
    labels = BuildLabels.load(LABELS)
    names = {n for n, _ in PAGE_RULES + HEAD_RULES + ARTICLE_RULES + REPAIRS} | {"join_broken_lines",
                                                                                "restore_numbering"}
    for name in sorted(names):
        entry = labels.entry("rules", name)
        assert entry["zh"] and entry["en"] and "_" not in entry["zh"] + entry["en"], name


def test_every_refusal_and_reason_the_build_writes_has_a_label():
    from digest.extract import Topic, topic_hits
    from digest.render.edition import BuildLabels
    labels = BuildLabels.load(LABELS)
    for status in ("empty", "not-text", "not-chinese", "unreadable", "not-a-file", "duplicate-id"):
        assert labels.entry("refusals", status)["zh"]
    off_topic = topic_hits("标题", "正文", False, Topic(terms=("医疗器械",), min_body_hits=3))[2]
    for reason in (off_topic, "low quality: 5 of 6 paragraphs end in the middle of a sentence",
                   "nothing left after cleaning: every line of the seed was noise (see the removals)",
                   "a day relative to no document date", "去年 with no document date",
                   "month and day with no year and no document date"):
        entry, rest = labels.reason(reason)
        assert entry["zh"] and not rest, reason
    entry, rest = labels.reason("editorial decision: 与本站无关")
    assert entry["zh"] == "编辑决定：" and rest == "与本站无关"
    with pytest.raises(KeyError, match="ui.build.yml"):
        labels.reason("a reason nobody labelled")


@pytest.mark.parametrize("count, english", [(0, "0 documents"), (1, "1 document"), (2, "2 documents")])
def test_english_counts_agree_with_their_number(count, english):
    import yaml
    from digest.render.edition import Edition
    labels = yaml.safe_load((ROOT / "templates" / "ui.en.yml").read_text(encoding="utf-8"))
    assert Edition("en", "en", str, labels).n(count, "篇文件") == english
    assert Edition("zh", "zh", str).n(count, "篇文件") == f"{count} 篇文件"


def test_chinese_pages_label_rules_and_reasons_in_chinese(result):
    seed = result.pages["zh/sources/000-6fe84b4fb4579d6b.md"]
    assert "| 电头 <code>dateline</code> | 电头 |" in seed and "off topic" not in seed and "与主题无关" in seed
    hant = result.pages["zh-Hant/sources/index.md"]
    assert "與主題無關" in hant and "off topic" not in hant
    english = result.pages["en/sources/000-6fe84b4fb4579d6b.md"]
    assert "| dateline <code>dateline</code> | dateline |" in english and "Off topic" in english
