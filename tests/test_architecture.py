"""The shape of the code: stages in order, no import cycles, no imports hidden in functions,
each edition's text made once, each vocabulary declared once."""
from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest

from digest import vocabulary
from digest.build import build
from digest.render.edition import Edition
from digest.render.escape import md_text
from conftest import ROOT

PACKAGE = ROOT / "digest"

# Function-level imports that stay, and why. Everything else imports at the top of its module.
LAZY_IMPORTS_ALLOWED = {
    # jieba loads its tables when imported (about 0.2 s), and a build whose seeds are all cached
    # never segments: it is imported where it is used, in the one module that wraps it.
    ("segment.py", "jieba"),
}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (``digest.render.places``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports at module level (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        out |= {t for t in targets if t in known and t != name}
    return out


def test_no_import_cycles_among_the_package_modules():
    known = modules()
    graph = {name: imported(name, path, known) for name, path in known.items()}
    # A package's __init__ importing its own modules is not a cycle of the design.
    for name in graph:
        graph[name] = {m for m in graph[name] if not (m.startswith(name + ".") and known[name].name == "__init__.py")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_no_function_level_imports_in_the_package():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                    for n in names:
                        if (path.name, n.split(".")[0]) not in LAZY_IMPORTS_ALLOWED:
                            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: import {n} inside {fn.name}()")
    assert not found, "import at the top of the module:\n" + "\n".join(found)


def test_build_calls_every_stage_by_name_in_order():
    """build.py reads top to bottom: the stages' calls stand in the pipeline's order."""
    source = (PACKAGE / "build.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    bodies = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}

    def calls(fn: str) -> list[str]:
        names = []
        for node in ast.walk(bodies[fn]):
            if isinstance(node, ast.Call):
                f = node.func
                names.append((f.lineno, f.col_offset, f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")))
        return [n for _, _, n in sorted(names)]

    per_seed = calls("analyse_seed")
    order = ["read_seed", "clean_page", "split_articles", "clean_articles", "script_articles", "extract", "tag",
             "facts"]
    assert [n for n in per_seed if n in order] == order
    whole = calls("build")
    assert whole.index("analyse_seeds") < whole.index("_annotate") < whole.index("render_pages")
    assert "write_tree" in calls("write")


# --------------------------------------------------------------------------- each edition's text made once

TRADITIONAL_PLAN = "示範區醫療器械產業園發展計畫\n\n到2027年，示範區醫療器械產業計畫實現產值500億元，計畫引進企業30家。\n\n園區將按計畫推進建設。\n"


@pytest.fixture(scope="module")
def traditional_build(tmp_path_factory):
    """A build of the real corpus (Traditional pages from Taiwan and Hong Kong among them) and of a
    Traditional plan that writes 計畫, which OpenCC's s2tw would write 計劃."""
    seeds = tmp_path_factory.mktemp("traditional") / "seeds"
    seeds.mkdir()
    for f in (ROOT / "tests" / "corpus" / "real").glob("*.txt"):
        shutil.copy(f, seeds / f.name)
    (seeds / "hant_plan.txt").write_text(TRADITIONAL_PLAN, encoding="utf-8")
    return build(ROOT, seeds)


def test_the_traditional_quote_of_every_goal_is_in_its_traditional_paragraph(traditional_build, hant):
    ed = Edition("zh-Hant", "zh-Hant", hant.convert)
    docs = [d for o in traditional_build.outcomes for d in o.documents if d.published]
    goals = [(d, g) for d in docs for g in d.goals]
    assert len(goals) > 50 and any(d.id == "hant-plan" and d.goals for d in docs)
    for doc, g in goals:
        page = traditional_build.pages[f"zh-Hant/documents/{doc.id}.md"]
        paragraph = next(b for b in doc.blocks if b.id == g.paragraph).text_hant
        quote = ed.within(doc, g.paragraph, g.quote)
        assert quote in paragraph, (doc.id, g.id, quote, paragraph)
        # On the page: the quote links to its paragraph, and the paragraph holds it.
        assert f"[{md_text(quote)}](#{g.paragraph})" in page, (doc.id, g.id)
        shown = re.search(rf'<p id="{g.paragraph}"[^>]*>(.*?)<a class="para-anchor"', page).group(1)
        assert md_text(quote) in re.sub(r"<[^>]+>", "", shown), (doc.id, g.id)
    plan = traditional_build.pages["zh-Hant/documents/hant-plan.md"]
    assert "計畫引進企業30家" in plan and "計劃" not in plan


# --------------------------------------------------------------------------- rules by kind, switchable by name

def test_each_rule_list_is_a_ruler_switchable_by_name(registry):
    from digest.clean import clean_page
    from digest.rules import ARTICLE_RULES, HEAD_RULES, PAGE_RULES, REPAIRS, Ruler
    from conftest import make_seed

    for ruler in (PAGE_RULES, HEAD_RULES, ARTICLE_RULES, REPAIRS):
        assert isinstance(ruler, Ruler) and ruler.names() == [n for n, _ in ruler]
    without = PAGE_RULES.disable("copyright")
    assert "copyright" not in [n for n, _ in without] and not without.enabled("copyright")
    assert [n for n, _ in without.enable("copyright")] == PAGE_RULES.names()
    with pytest.raises(KeyError, match="no rule named 'copyrite'"):
        PAGE_RULES.disable("copyrite")
    seed = make_seed("示例园区发布新政策\n\n园区今年将引进企业十家，推动产业发展。\n\n版权所有：示例园区管理委员会\n")
    rules_of = lambda page: {r.rule for r in page.removals}  # noqa: E731
    assert rules_of(clean_page(seed, registry.noise)) == {"site_chrome"}
    # Switched off by name, the next rule in the list that knows the line takes it.
    assert rules_of(clean_page(seed, registry.noise, PAGE_RULES.disable("site_chrome"))) == {"copyright"}
    assert not {"site_chrome", "copyright"} & rules_of(clean_page(seed, registry.noise, PAGE_RULES.disable("site_chrome", "copyright")))


def test_rules_are_grouped_by_kind_and_clean_uses_no_private_helper():
    assert {p.name for p in (PACKAGE / "rules").glob("*.py")} == {"__init__.py", "base.py", "page.py", "head.py",
                                                                  "article.py", "repair.py"}
    for module in ("clean.py", "split.py"):
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        private = [a.name for node in tree.body if isinstance(node, ast.ImportFrom)
                   for a in node.names if a.name.startswith("_")]
        assert not private, f"{module} imports private helpers {private}"


def test_each_vocabulary_is_declared_once_and_valid():
    assert vocabulary.check() == []
    # No module spells a vocabulary out again: event verbs, venue verbs and the written-out
    # date are imported from digest/vocabulary.py wherever they are matched.
    spelled = {"event verbs": re.compile(r"召开\|举行\|举办"), "venue verbs": re.compile(r"召开\|举办\|举行"),
               "full date": re.compile(r"年\(\\d\{1,2\}\)月\(\\d\{1,2\}\)日")}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "vocabulary.py":
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in spelled.items():
            assert not pattern.search(text), f"{path.relative_to(ROOT)} spells out the {what} again"
    schema = json.loads((PACKAGE / "editorial.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]["doc_type"]["enum"]) == set(vocabulary.DOC_TYPES)
