"""What a change does to the digest, as Markdown for a pull-request comment.

``python build_digest.py diff BASE_REF`` compares the digest of BASE_REF with
what the working tree builds now. Only the canonical pages and the data files are
committed, so the base is built: its tree is exported to a temporary folder and its
own ``build_digest.py`` (its code, seeds, registry and editorial files) writes its
docs/ there, sharing this project's cache. What it reports: documents added, removed or renamed; paragraphs
changed (before and after); goals, events and tags added, removed or changed;
translations that became stale; cleaning rules that removed more or less text.
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DigestError
from .render.escape import md_text

_PARA = re.compile(r'^<p id="(p\d+)" class="para[^"]*"[^>]*>(.*?)<a class="para-anchor"', re.MULTILINE)
_HEADING = re.compile(r"^#{2,6} (.*) \{ #(p\d+) \}$", re.MULTILINE)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Snapshot:
    """The digest at one point: per document id, its front matter and paragraph texts."""

    docs: dict[str, dict] = field(default_factory=dict)
    paragraphs: dict[str, dict[str, str]] = field(default_factory=dict)
    stale: dict[str, list[str]] = field(default_factory=dict)
    report: dict = field(default_factory=dict)


def parse_page(text: str) -> tuple[dict, dict[str, str]]:
    _, fm, body = text.split("---\n", 2)
    paragraphs = {pid: html.unescape(_TAG.sub("", t)) for pid, t in _PARA.findall(body)}
    paragraphs.update({pid: html.unescape(_TAG.sub("", t)) for t, pid in _HEADING.findall(body)})
    return yaml.safe_load(fm), paragraphs


def snapshot(files: dict[str, str]) -> Snapshot:
    """From ``{path under docs/: text}``."""
    snap = Snapshot()
    for path, text in files.items():
        m = re.fullmatch(r"(zh|en)/documents/([a-z0-9-]+)\.md", path)
        if not m or m.group(2) == "index":
            continue
        fm, paragraphs = parse_page(text)
        if m.group(1) == "zh":
            snap.docs[fm["id"]] = fm
            snap.paragraphs[fm["id"]] = paragraphs
        elif fm.get("translated"):
            snap.stale[fm["id"]] = list(fm["translated"].get("stale") or [])
    if "zh/reports/build-report.json" in files:
        snap.report = json.loads(files["zh/reports/build-report.json"])
    return snap


def base_pages(root: Path, ref: str) -> dict[str, str]:
    """The files under docs/ that ``ref`` builds, relative to docs/ (document pages and the build
    report, all ``snapshot`` reads). Raises ``CalledProcessError`` for a bad ref and
    ``DigestError`` when the base does not build."""
    def git(*args) -> bytes:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=True).stdout
    git("rev-parse", "--verify", f"{ref}^{{commit}}")
    with tempfile.TemporaryDirectory(prefix="digest-base-") as tmp:
        base = Path(tmp)
        subprocess.run(["tar", "-x", "-C", str(base)], input=git("archive", ref), check=True, capture_output=True)
        env = {**os.environ, "DIGEST_CACHE": os.environ.get("DIGEST_CACHE", str(root / ".cache" / "digest"))}
        done = subprocess.run([sys.executable, "build_digest.py", "--quiet", "--seeds", str(base / "seeds"),
                               "--out", str(base / "docs")], cwd=base, env=env, capture_output=True, text=True)
        if done.returncode not in (0, 1):  # 1: built, with warnings (unbalanced seeds, stale translations)
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise DigestError(ref, f"the base does not build ({last})", "build it yourself to see why")
        docs = base / "docs"
        return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*"))
                if p.is_file() and re.search(r"(^|/)(documents/[^/]+\.md|reports/build-report\.json)$",
                                             p.relative_to(docs).as_posix())}


def _rule_totals(report: dict) -> dict[str, int]:
    totals: dict[str, int] = {}
    for seed in report.get("seeds", []):
        for doc in seed.get("documents", []):
            for r in doc.get("removed", []):
                totals[r["rule"]] = totals.get(r["rule"], 0) + len(re.sub(r"\s", "", r["text"]))
    return totals


def _goal_key(g: dict) -> tuple:
    return (g.get("metric"), g.get("year"), (g.get("scope") or {}).get("id"))


def _goal_value(g: dict) -> str:
    value = g["value"] if g.get("value") is not None else (
        f"{g['value_min']}–{g['value_max']}" if g.get("value_min") is not None else "")
    return md_text(" ".join(str(x) for x in (g.get("comparator"), value, g.get("unit")) if x not in (None, "")))


def _fence(text: str) -> str:
    """Quoted text for the comment: escaped, so a seed cannot write Markdown or HTML into it."""
    return md_text(text)


def _title(fm: dict) -> str:
    """The verbatim title (``headline``; pages older than it hold it in ``title``)."""
    return fm.get("headline") or html.unescape(fm["title"])


def compare(base: Snapshot, head: Snapshot, base_ref: str) -> str:
    out = [f"## Digest changes since {md_text(base_ref)}", ""]
    added = sorted(set(head.docs) - set(base.docs))
    removed = sorted(set(base.docs) - set(head.docs))
    renamed = []
    for old in list(removed):
        seed = base.docs[old]["source"]["seed"]
        match = next((new for new in added if head.docs[new]["source"]["seed"] == seed
                      and _title(head.docs[new]) == _title(base.docs[old])), None)
        if match:
            renamed.append((old, match))
            removed.remove(old)
            added.remove(match)
    section = []
    section += [f"- added: `{d}` {_fence(_title(head.docs[d]))}" for d in added]
    section += [f"- removed: `{d}` {_fence(_title(base.docs[d]))}" for d in removed]
    section += [f"- renamed: `{a}` → `{b}`" for a, b in renamed]
    if section:
        out += ["### Documents", "", *section, ""]

    pairs = [(d, d) for d in sorted(set(head.docs) & set(base.docs))] + renamed
    paragraphs, facts = [], []
    for old, new in pairs:
        bp, hp = base.paragraphs.get(old, {}), head.paragraphs.get(new, {})
        for pid in sorted(set(bp) | set(hp), key=lambda p: int(p[1:])):
            if bp.get(pid) != hp.get(pid):
                paragraphs.append(f"- `{new}#{pid}`")
                paragraphs.append(f"  - before: {_fence(bp[pid]) if pid in bp else '(none)'}")
                paragraphs.append(f"  - after: {_fence(hp[pid]) if pid in hp else '(none)'}")
        bd, hd = base.docs[old], head.docs[new]
        bg = {_goal_key(g): g for g in bd.get("goals", [])}
        hg = {_goal_key(g): g for g in hd.get("goals", [])}
        for k in sorted(set(hg) - set(bg), key=str):
            facts.append(f"- `{new}` goal added: {_fence(k[0])} ({k[1] or 'no year'}) {_goal_value(hg[k])} ¶{hg[k]['paragraph']}")
        for k in sorted(set(bg) - set(hg), key=str):
            facts.append(f"- `{new}` goal removed: {_fence(k[0])} ({k[1] or 'no year'}) {_goal_value(bg[k])}")
        for k in sorted(set(bg) & set(hg), key=str):
            if _goal_value(bg[k]) != _goal_value(hg[k]) or bg[k].get("editorial") != hg[k].get("editorial"):
                facts.append(f"- `{new}` goal changed: {_fence(k[0])} ({k[1] or 'no year'}) "
                             f"{_goal_value(bg[k])} → {_goal_value(hg[k])}")
        be = {(e["date"], e["title"]) for e in bd.get("events", [])}
        he = {(e["date"], e["title"]) for e in hd.get("events", [])}
        facts += [f"- `{new}` event added: {_fence(d)} {_fence(t)}" for d, t in sorted(he - be)]
        facts += [f"- `{new}` event removed: {_fence(d)} {_fence(t)}" for d, t in sorted(be - he)]
        for key in ("region", "park", "tags"):
            bt = {t["id"] for t in bd.get(key, [])}
            ht = {t["id"] for t in hd.get(key, [])}
            facts += [f"- `{new}` {key} added: {_fence(t)}" for t in sorted(ht - bt)]
            facts += [f"- `{new}` {key} removed: {_fence(t)}" for t in sorted(bt - ht)]
    if paragraphs:
        out += ["### Paragraphs changed", "", *paragraphs, ""]
    if facts:
        out += ["### Goals, events and tags", "", *facts, ""]

    stale = [f"- `{d}`: {', '.join(ps)}" for d, ps in sorted(head.stale.items())
             if ps and set(ps) - set(base.stale.get(d, []))]
    if stale:
        out += ["### Translations that became stale", "", *stale, ""]

    before, after = _rule_totals(base.report), _rule_totals(head.report)
    rules = [f"| `{r}` | {before.get(r, 0)} | {after.get(r, 0)} | {after.get(r, 0) - before.get(r, 0):+d} |"
             for r in sorted(set(before) | set(after)) if before.get(r, 0) != after.get(r, 0)]
    if rules:
        out += ["### Cleaning rules (characters removed)", "", "| rule | before | after | change |",
                "| --- | --- | --- | --- |", *rules, ""]
    if len(out) == 2:
        out.append("No change to the published digest.")
    return "\n".join(out).rstrip() + "\n"
