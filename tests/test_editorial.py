"""Stage 6: editorial corrections win over extraction, are marked, and are validated."""
from __future__ import annotations

import html
import os
from pathlib import Path

import pytest

from digest.build import build
from digest.cli import main
from digest.errors import EditorialError
from conftest import ROOT

DOC = "003-c8d20f3a32803d36"
SEED = "seed: 003_c8d20f3a32803d36.txt\n"
"""Every editorial file names its seed first; the line numbers below count it."""


@pytest.fixture
def project(tmp_path):
    """A project root sharing the real registry, templates and seeds, with its own editorial/."""
    for name in ("registry", "templates", "seeds"):
        os.symlink(ROOT / name, tmp_path / name)
    (tmp_path / "editorial").mkdir()
    return tmp_path


def write(project: Path, name: str, text: str) -> None:
    (project / "editorial" / name).write_text(text, encoding="utf-8")


def doc_of(result, doc_id=DOC):
    return next(d for o in result.outcomes for d in o.documents if d.id == doc_id)


def test_corrections_win_and_are_marked(project):
    write(project, f"{DOC}.yml", SEED + """park:
  remove: [jiading-comprehensive-bonded-zone]
tags:
  add: [{id: nmpa, paragraph: p1}]
goals:
  remove: [g2]
  correct:
    g20: {year: 2025}
  add:
    - {year: 2030, metric: 产业规模, value: 1000, unit: 亿元, comparator: 突破, scope: united-imaging-town,
       paragraph: p26, quote: 编辑补充}
events:
  add:
    - {date: 2025-01-15, title: 实施方案印发, paragraph: p1}
""")
    result = build(project, project / "seeds")
    d = doc_of(result)
    assert "jiading-comprehensive-bonded-zone" not in [p.id for p in d.parks]
    assert any(t.id == "nmpa" and t.editorial for t in d.tags)
    assert "g2" not in [g.id for g in d.goals]
    g20 = next(g for g in d.goals if g.id == "g20")
    assert g20.year == 2025 and g20.editorial and g20.metric == "年度新引进企业"
    added = next(g for g in d.goals if g.id == "g-ed1")
    assert (added.scope_name, added.value_normalised, added.editorial) == ("联影小镇", 1000e8, True)
    assert d.events[0].title == "实施方案印发" and d.events[0].editorial
    page = result.pages[f"zh/documents/{DOC}.md"]
    assert "✎ 编辑更正" in page and "editorial: true" in page


@pytest.mark.parametrize("name,text,message", [
    ("no-such-doc.yml", "goals: {}\n", "editorial/no-such-doc.yml: no document has the id 'no-such-doc'"),
    (f"{DOC}.yml", SEED + "goals:\n  add:\n    - {metric: x, paragraph: p999, quote: y}\n",
     f"editorial/{DOC}.yml:4: paragraph 'p999' is not in document {DOC}"),
    (f"{DOC}.yml", SEED + "park:\n  add:\n    - {id: nowhere-park, paragraph: p1}\n",
     f"editorial/{DOC}.yml:4: 'nowhere-park' is not a park id in the registry"),
    (f"{DOC}.yml", SEED + "goals:\n  correct:\n    g999: {year: 2030}\n",
     f"editorial/{DOC}.yml:4: unknown key 'g999' in 'goals.correct'"),
    (f"{DOC}.yml", SEED + "goals: [\n", f"editorial/{DOC}.yml:3: invalid YAML"),
    (f"{DOC}.yml", SEED + "title_zh: x\n", f"editorial/{DOC}.yml:2: the file: Additional properties are not allowed"),
    (f"{DOC}.yml", SEED + "goals:\n  add:\n    - {metric: x, paragraph: p1, quote: y, year: 二〇二七}\n",
     f"editorial/{DOC}.yml:4: goals.add.0.year: '二〇二七' is not of type 'integer', 'null'"),
    (f"{DOC}.yml", SEED + "date: 2024-13-45\n", f"editorial/{DOC}.yml:2: date:"),
    # Only web addresses may become links: a script URL is refused, with its line.
    (f"{DOC}.yml", SEED + "source:\n  url: javascript:alert(1)\n", f"editorial/{DOC}.yml:3: source.url:"),
    (f"{DOC}.yml", SEED + "source:\n  retrieved: yesterday\n", f"editorial/{DOC}.yml:3: source.retrieved:"),
    (f"{DOC}.yml", SEED + "source:\n  publisher: x\n", f"editorial/{DOC}.yml:3: source: Additional properties"),
])
def test_bad_editorial_files_name_file_and_line(project, name, text, message):
    write(project, name, text)
    with pytest.raises(EditorialError) as err:
        build(project, project / "seeds")
    assert str(err.value).startswith(message), str(err.value)
    assert "\n" not in str(err.value)


def test_cli_reports_one_line_and_no_traceback(tmp_path, capsys, monkeypatch):
    import digest.cli as cli
    project = tmp_path / "p"
    project.mkdir()
    for name in ("registry", "templates", "seeds"):
        os.symlink(ROOT / name, project / name)
    (project / "editorial").mkdir()
    (project / "editorial" / f"{DOC}.yml").write_text(SEED + "goals: [\n", encoding="utf-8")
    monkeypatch.setattr(cli, "ROOT", project)
    assert main(["--seeds", str(project / "seeds"), "--out", str(tmp_path / "docs"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0] and f"editorial/{DOC}.yml:3" in err[0]


def test_source_gives_provenance_and_the_citation(project):
    write(project, f"{DOC}.yml", SEED + "source:\n  issuer: 示例区人民政府\n  url: https://example.gov.cn/a(1).html\n"
          "  published: 2025-10-15\n  retrieved: 2025-11-01\n  archive: https://web.archive.org/web/2025/x\n"
          "  note: 原文见区政府网站。\n  note_en: On the district government's site.\n")
    result = build(project, project / "seeds")
    d = doc_of(result, DOC)
    assert (d.provenance.issuer, d.provenance.published, d.provenance.retrieved) == \
        ("示例区人民政府", "2025-10-15", "2025-11-01")
    zh, en = result.pages[f"zh/documents/{DOC}.md"], result.pages[f"en/documents/{DOC}.md"]
    # The link target is encoded so that no space or parenthesis ends it.
    assert "(https://example.gov.cn/a%281%29.html)" in zh
    assert "(https://web.archive.org/web/2025/x)" in zh
    assert "issuer: 示例区人民政府" in zh and 'retrieved: "2025-11-01"' in zh
    citation = html.unescape(next(line for line in zh.splitlines() if 'class="citation"' in line))
    # Issuer, title, publication date, the original's address, then the digest's page.
    assert citation.index("示例区人民政府") < citation.index("2025-10-15") < citation.index("example.gov.cn")
    assert citation.removesuffix("</code></pre>").endswith(f"/documents/{DOC}/")
    assert "On the district government" in en and "原文见区政府网站" not in en


def test_a_document_without_a_known_source_says_so(project):
    result = build(project, project / "seeds")
    zh = result.pages[f"zh/documents/{DOC}.md"]
    assert "原始网页：原始网页未知" in zh
    assert "原始网页未知" in next(line for line in zh.splitlines() if 'class="citation"' in line)
