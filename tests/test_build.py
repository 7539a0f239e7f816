"""The whole build of the real seeds, against the committed docs/ (the expected pages).

Regenerate the expected pages with ``python build_digest.py`` and review the diff.
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from digest.build import build
from digest.cli import main
from digest.writer import committed, stale_files
from conftest import ROOT

FORBIDDEN = ["首页 >", "生活分享", "免费教学", "头条资讯", "转载请", "免责声明", "加载中", "[bookmark",
             "OLE_LINK", "_Toc", "上海车展", "19333647", "更多>>"]
KEYS = ["id", "title", "kicker", "date", "doc_type", "source", "region", "park", "goals", "events", "tags"]


@pytest.fixture(scope="module")
def result(seeds_build):
    return seeds_build


def test_committed_docs_are_what_the_build_writes(result):
    assert stale_files(ROOT / "docs", result.pages, only=committed) == [], "run: python build_digest.py"


def test_git_tracks_exactly_the_committed_set(result):
    """.gitignore and ``writer.COMMITTED`` agree: every file the build writes is either committed
    (canonical pages, data files) or ignored by git (everything generated)."""
    paths = sorted(f"docs/{p}" for p in result.pages)
    ignored = set(subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=ROOT, input="\n".join(paths),
                                 capture_output=True, text=True).stdout.split())
    wrong = [p for p in paths if committed(p[5:]) == (p in ignored)]
    assert not wrong, f"committed() and .gitignore disagree on {wrong[:5]}"
    assert sum(committed(p) for p in result.pages) == len(published(result)) + 3
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert all(committed(p[5:]) for p in tracked), "a generated file is tracked: git rm --cached it"
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", "docs"], cwd=ROOT,
                            capture_output=True, text=True).stdout.splitlines()
    assert not [line for line in status if line.startswith("??")], "the build left files git would show"


def test_build_is_deterministic(result):
    again = build(ROOT, ROOT / "seeds")
    assert again.pages == result.pages


def test_a_build_on_two_processes_is_byte_identical_to_a_serial_one(result, monkeypatch):
    # Five seeds are below the thresholds at which the build forks workers: lower them.
    monkeypatch.setattr("digest.build.PARALLEL_FROM", 2)
    monkeypatch.setattr("digest.render.PARALLEL_FROM", 2)
    monkeypatch.setattr("digest.render.lines.PARALLEL_FROM", 2)
    serial = build(ROOT, ROOT / "seeds", jobs=1)
    parallel = build(ROOT, ROOT / "seeds", jobs=2)
    assert parallel.pages == serial.pages == result.pages
    assert [o.documents for o in parallel.outcomes] == [o.documents for o in serial.outcomes]


def published(result):
    return {d.id: d for o in result.outcomes for d in o.documents if d.published}


def test_documents_and_exclusions(result):
    docs = {d.id: d for o in result.outcomes for d in o.documents}
    assert sorted(docs) == ["000-6fe84b4fb4579d6b-1", "000-6fe84b4fb4579d6b-2", "000-6fe84b4fb4579d6b-3",
                            "001-db54a915de5dced6", "002-9a087552712095d7", "003-c8d20f3a32803d36",
                            "004-7bf530bae955a6a4"]
    art_show = docs["000-6fe84b4fb4579d6b-2"]
    assert not art_show.published and "off topic" in art_show.exclusion
    assert "区级机关风采展演" in art_show.title


@pytest.mark.parametrize("doc_id,title,kicker,date", [
    ("000-6fe84b4fb4579d6b-1", "2024医疗器械经济信息发布会在上海嘉定召开", "汇新质生产力，展未来新动能", "2024-11-19"),
    ("000-6fe84b4fb4579d6b-3", "嘉定工业区医疗健康产业峰会举行，打造9.5平方公里产城融合示范区", None, "2024-11-21"),
    ("001-db54a915de5dced6", "中国高端医疗产业集群创新合作论坛在马陆举办", "正值械谷开园一周年", "2024-10-16"),
    ("002-9a087552712095d7", "深耕一条“创新链”！普陀高端医疗器械发展计划发布，三年内将实现产值规模翻一番", None, "2024-01-04"),
    ("003-c8d20f3a32803d36", "嘉定区高端医疗器械产业集聚区建设实施方案（2025—2027年）", None, None),
    ("004-7bf530bae955a6a4", "南京高淳搭建交流平台 打造医疗器械产业高地", None, "2020-12-21"),
])
def test_headline_and_date(result, doc_id, title, kicker, date):
    doc = published(result)[doc_id]
    assert (doc.title, doc.kicker, doc.date) == (title, kicker, date)


def test_metadata_moved_out_of_the_body(result):
    docs = published(result)
    assert docs["004-7bf530bae955a6a4"].outlet == "央广网"
    assert "记者景明 通讯员杨军 蔡伟" in docs["004-7bf530bae955a6a4"].byline
    assert "撰稿 俞超" in docs["000-6fe84b4fb4579d6b-3"].byline
    assert docs["003-c8d20f3a32803d36"].doc_type == "plan" and docs["002-9a087552712095d7"].doc_type == "news"


def test_repairs_on_the_seeds(result):
    text = {i: "\n".join(b.text for b in d.blocks) for i, d in published(result).items()}
    assert "施剑林" in text["000-6fe84b4fb4579d6b-1"]
    assert "上海生物医药产业新兴特色园区" in text["000-6fe84b4fb4579d6b-1"]
    assert "资源共享，提高" in text["001-db54a915de5dced6"]
    assert "产业版图" in text["001-db54a915de5dced6"]
    for heading in ("（二）基本原则", "（三）建设目标", "三、重点园区", "四、重点任务"):
        assert heading in text["003-c8d20f3a32803d36"]
    repairs = [c for b in published(result)["003-c8d20f3a32803d36"].blocks for c in b.changes if c.editorial]
    assert [(c.before, c.after) for c in repairs] == [("（2）", "（二）"), ("（3）", "（三）"), ("3、", "三、"), ("4、", "四、")]
    assert "专委会作工作报告" not in text["002-9a087552712095d7"]


def test_no_noise_in_published_pages(result):
    for path, page in result.pages.items():
        if path.endswith(".md") and "/documents/" in path:
            for noise in FORBIDDEN:
                assert noise not in page, (path, noise)


def test_front_matter_contract(result):
    for path, page in result.pages.items():
        if "/documents/" in path and not path.endswith("index.md"):
            fm = yaml.safe_load(page.split("---\n", 2)[1])
            assert list(fm)[:len(KEYS)] == KEYS
            assert fm["source"]["seed"].startswith("seeds/") and len(fm["source"]["lines"]) == 2
            assert fm["id"].isascii()


def test_report_accounts_for_every_character(result):
    for entry in result.report["seeds"]:
        c = entry["characters"]
        assert c["balanced"] and c["kept"] + c["moved_to_metadata"] + c["removed"] == c["in"]


def test_check_flags_stale_docs(tmp_path, capsys):
    out = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", out)
    assert main(["--check", "--out", str(out)]) == 0
    # Generated files are not committed: --check does not look at them.
    generated = out / "en" / "documents" / "003-c8d20f3a32803d36.md"
    generated.write_text("edited\n", encoding="utf-8")
    assert main(["--check", "--out", str(out)]) == 0
    target = out / "zh" / "documents" / "003-c8d20f3a32803d36.md"
    target.write_text(target.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    (out / "zh" / "documents" / "stray.md").write_text("x", encoding="utf-8")
    assert main(["--check", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "003-c8d20f3a32803d36.md: stale" in err and "stray.md: stale" in err


def test_report_json_is_published(result):
    report = json.loads(result.pages["zh/reports/build-report.json"])
    totals = report["totals"]
    assert {k: totals[k] for k in ("seeds", "refused", "documents", "published")} == {
        "seeds": 5, "refused": 0, "documents": 7, "published": 6}
    # A goal needs a year, a plan period or an annual target: the undated plan figures of
    # the 联影小镇 news story (约9.5平方公里, 新增居住人口4.7万人) are no longer goals.
    assert totals["goals"] > 25 and totals["events"] >= 7
