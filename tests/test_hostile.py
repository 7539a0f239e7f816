"""The hostile corpus (tests/corpus/hostile/EXPECT.md), run through the whole build.

The files are copied into a temporary seeds folder next to the real seeds; the
build must report each one in one line and publish the rest.
"""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from digest.cli import main
from conftest import HOSTILE, ROOT


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    seeds = tmp / "seeds"
    seeds.mkdir()
    for f in HOSTILE.glob("*.txt"):
        shutil.copy(f, seeds / f.name)
    out = tmp / "docs"
    code = main(["--seeds", str(seeds), "--out", str(out), "--quiet"])
    report = json.loads((out / "zh" / "reports" / "build-report.json").read_text(encoding="utf-8"))
    by_name = {Path(e["seed"]).name: e for e in report["seeds"]}
    return code, out, by_name


def page(out: Path, entry: dict, edition: str = "zh") -> str:
    doc = entry["documents"][0]
    return (out / edition / "documents" / f"{doc['id']}.md").read_text(encoding="utf-8")


def front(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_build_succeeds_and_reports_every_file(built):
    code, out, by_name = built
    assert code == 0
    assert set(by_name) == {f.name for f in HOSTILE.glob("*.txt")}


@pytest.mark.parametrize("name,status", [
    ("empty.txt", "empty"), ("whitespace_only.txt", "empty"),
    ("binary_disguised.txt", "not-text"), ("not_chinese.txt", "not-chinese"),
])
def test_refused_with_reason(built, name, status):
    _, out, by_name = built
    entry = by_name[name]
    assert entry["status"] == status and entry["reason"] and "\n" not in entry["reason"]
    assert not list((out / "zh" / "documents").glob(f"{Path(name).stem}*"))


def test_refusals_are_one_line_on_stderr(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("empty.txt", "binary_disguised.txt", "not_chinese.txt", "gbk_encoded.txt"):
        shutil.copy(HOSTILE / name, seeds / name)
    assert main(["--seeds", str(seeds), "--out", str(tmp_path / "docs"), "--quiet"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all("Traceback" not in line for line in err)
    assert any(line.startswith(str(seeds / "empty.txt")) or "empty.txt: empty" in line for line in err)


def test_gbk_decoded(built):
    _, out, by_name = built
    entry = by_name["gbk_encoded.txt"]
    assert entry["encoding"] == "gb18030" and entry["status"] == "published"
    assert "示例新区医疗器械产业园" in page(out, entry)


def test_big5_converted_and_traditional_kept(built):
    _, out, by_name = built
    entry = by_name["big5_traditional.txt"]
    assert entry["encoding"] == "big5" and entry["script"] == "hant"
    simplified, traditional = page(out, entry), page(out, entry, "zh-Hant")
    assert "范例市医疗器械产业园区发展计画" in simplified or "范例市医疗器械产业园区发展计划" in simplified
    assert "範例市醫療器械產業園區發展計畫" in traditional  # the original characters, not s2t(t2s(x))


def test_bom_crlf_nbsp_zero_width(built):
    _, out, by_name = built
    entry = by_name["utf8_bom_crlf.txt"]
    assert entry["encoding"] == "utf-8-sig"
    assert entry["normalised"] == {"crlf": 4, "nbsp-or-odd-space": 1, "zero-width": 2, "ideographic-indent": 4}
    text = re.sub(r"<[^>]+>", "", page(out, entry))  # glossary tooltips wrap some terms
    assert "示例区日前发布康复器械专项政策，对新获批的二类注册证给予奖励。" in text
    assert "政策明确，到2025年康复器械企业达到50家。" in text
    assert "\u200b" not in text and "\u00a0" not in text and "\ufeff" not in text and "\r" not in text


def test_markup_injection_stays_text(built):
    _, out, by_name = built
    entry = by_name["markup_injection.txt"]
    text = page(out, entry)
    body = text.split("---\n", 2)[2]
    assert body.count("\n---\n") == 0 and "\ntitle:" not in body
    assert "<script" not in body and "<img" not in body and "](javascript" not in body
    assert "--8<--" not in body and "{{" not in body and "{%" not in body and "[TOC]" not in body
    assert "\n!!! danger" not in body and "\n*[" not in body and "\n| 这不是" not in body
    assert "\n# 这不是" not in body and "\n<!--" not in body
    assert "&#60;script&#62;alert&#40;&#39;xss&#39;&#41;" in body
    assert "园区到2027年产值目标为60亿元。" in body


def test_yaml_hostile_title_round_trips(built):
    _, out, by_name = built
    entry = by_name["yaml_hostile_title.txt"]
    fm = front(page(out, entry))
    title = "示例: \"园区\" 'title' --- !!python/object/apply:os.system ['echo pwned'] &a *a"
    assert fm["headline"] == title
    assert fm["title"] == title.replace("&", "&amp;")  # what MkDocs themes print without escaping


def test_mixed_script_reported_and_simplified(built):
    _, out, by_name = built
    entry = by_name["mixed_script.txt"]
    assert entry["script"] == "mixed"
    text = page(out, entry)
    assert "示例区到2030年医疗器械产业规模突破200亿元" in text
    assert "醫" not in text and "發" not in text


def test_duplicates_and_keyword_stuffing_removed(built):
    _, _, by_name = built
    removed = by_name["duplicated_and_keyword_stuffed.txt"]["documents"][0]["removed"]
    rules = [r["rule"] for r in removed]
    assert rules.count("duplicate_paragraph") == 2 and rules.count("keyword_stuffing") == 1


def test_chinese_file_name_gets_ascii_slug(built):
    _, _, by_name = built
    doc_id = by_name["政策 文件(副本).txt"]["documents"][0]["id"]
    assert doc_id == doc_id.lower() and doc_id.isascii() and " " not in doc_id and "(" not in doc_id


def test_same_titles_get_two_slugs_and_own_dates(built):
    _, _, by_name = built
    a, b = by_name["same_title_a.txt"]["documents"][0], by_name["same_title_b.txt"]["documents"][0]
    assert a["id"] != b["id"] and a["title"] == b["title"]
    assert (a["date"], b["date"]) == ("2024-06-01", "2025-06-03")


def test_every_seed_balances(built):
    _, _, by_name = built
    for entry in by_name.values():
        if "characters" in entry:
            assert entry["characters"]["balanced"], entry["seed"]


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["20 MB of paragraphs", "one 2 MB line"])
def test_huge_seeds_finish(tmp_path, shape):
    """Not a timing test: a regex that backtracks catastrophically would not finish at all."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    para = "示例区到2027年医疗器械产业规模达到100亿元,新增企业50家。"
    if shape.startswith("20"):
        text = "示例区医疗器械产业发展规划\n\n" + "\n\n".join(para for _ in range(20_000_000 // (len(para.encode()) + 2)))
    else:
        text = "示例区" + "医疗器械产业园 " * (2_000_000 // 22)
    (seeds / "big.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    assert main(["--seeds", str(seeds), "--out", str(tmp_path / "docs"), "--quiet"]) == 0
    print(f"{shape}: {time.perf_counter() - started:.1f} s")


def test_a_reserved_name_keeps_its_page_and_the_index(built):
    _, out, by_name = built
    doc_id = by_name["index.txt"]["documents"][0]["id"]
    assert doc_id != "index" and (out / "zh" / "documents" / f"{doc_id}.md").is_file()
    assert (out / "zh" / "documents" / "index.md").read_text(encoding="utf-8").startswith("---\ntitle: 全部文件")
    assert (out / "zh" / "sources" / "index.md").read_text(encoding="utf-8").startswith("---\ntitle: 来源文件")


@pytest.mark.parametrize("name,encoding,text", [
    ("utf16_bom.txt", "utf-16-le", "明确到2027年产业规模达到120亿元"),
    ("big5_hkscs.txt", "big5-hkscs", "佢哋嘅园区到2028年产业规模达到150亿元"),
])
def test_wide_and_hong_kong_encodings(built, name, encoding, text):
    _, out, by_name = built
    entry = by_name[name]
    assert entry["encoding"] == encoding and entry["status"] == "published"
    assert text in re.sub(r"<[^>]+>", "", page(out, entry))


def test_control_characters_removed_counted_and_feed_valid(built):
    from xml.dom import minidom
    _, out, by_name = built
    entry = by_name["control_chars.txt"]
    assert entry["normalised"]["control"] == 4 and entry["characters"]["balanced"]
    assert "园区到2027年产值目标为" in page(out, entry)
    for path in out.rglob("*"):
        if path.is_file():
            assert not any(ch in path.read_text(encoding="utf-8") for ch in "\x0b\x00\x1b\x85"), path
    for feed in out.rglob("feed.xml"):
        minidom.parse(str(feed))
