"""The change summary, on real git history in a temporary repository."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

import digest.cli as cli
from digest.cli import main
from conftest import ROOT


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    for name in ("seeds", "editorial", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")  # only the committed set is committed
    for name in ("registry", "templates", "digest", "build_digest.py"):
        os.symlink(ROOT / name, tmp_path / name)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    return tmp_path


def test_a_seed_edit_and_an_editorial_goal_are_named(repo, capsys):
    seed = repo / "seeds" / "004_7bf530bae955a6a4.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("六百余位", "七百余位", 1), encoding="utf-8")
    editorial = repo / "editorial" / "004-7bf530bae955a6a4.yml"
    editorial.write_text(editorial.read_text(encoding="utf-8") + """
goals:
  add:
    - {year: 2030, metric: 医疗器械产业规模, value: 500, unit: 亿元, comparator: 突破,
       scope: jiangsu-nanjing-gaochun, paragraph: p17, quote: 编辑补充的目标}
""", encoding="utf-8")
    assert main(["diff", "HEAD", "--output", str(repo / "summary.md")]) == 0
    text = capsys.readouterr().out
    assert "`004-7bf530bae955a6a4#p1`" in text
    assert "before: 12月21日，由中国医疗器械行业协会主办" in text and "六百余位" in text and "七百余位" in text
    assert "goal added: 医疗器械产业规模 (2030) 突破 500 亿元 ¶p17" in text
    assert "Translations that became stale" in text and "p1" in text
    assert (repo / "summary.md").read_text(encoding="utf-8") == text


def test_no_change(repo, capsys):
    assert main(["diff", "HEAD"]) == 0
    assert "No change to the published digest." in capsys.readouterr().out


def test_rule_totals_and_removed_documents(repo, capsys):
    (repo / "seeds" / "002_9a087552712095d7.txt").unlink()
    assert main(["diff", "HEAD"]) == 2  # its editorial file now names no document: refused
    capsys.readouterr()
    (repo / "editorial" / "002-9a087552712095d7.yml").unlink()
    assert main(["diff", "HEAD"]) == 0
    text = capsys.readouterr().out
    assert "removed: `002-9a087552712095d7`" in text
    assert "| `link_farm` |" in text and "| `breadcrumb` |" in text


def test_bad_ref_is_one_line(repo, capsys):
    assert main(["diff", "no-such-ref"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("no-such-ref: not a git ref here")
