#!/usr/bin/env python3
"""Benchmark the digest at scale: prints a table of times, memory and sizes.

    python bench/run.py                 # N = 1,000
    python bench/run.py --n 250 1000 4000 --skip-site
    python bench/run.py --n 1000 --zensical /tmp/zensical-venv/bin/zensical

Every time is the median of ``--repeat`` runs (default 3).
A synthetic corpus of N seeds is made by recombining paragraphs of the real
seeds (noise lines included), each seed with its own headline and date. Every
time is also given as a ratio to the unavoidable work (reading the bytes and
running OpenCC s2t over them), so the numbers mean something on a noisy machine.
Not a test: it measures and prints.
"""
from __future__ import annotations

import argparse
import ast
import os
import re
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
COMMITTED = re.compile(r".*")
"""The files of docs/ that git tracks in the measured project (``digest.writer.COMMITTED``; all of
docs/ in a project older than it). Read from the project's source, since --root can be another one."""


def committed_set(root: Path) -> re.Pattern:
    found = re.search(r'^COMMITTED = re\.compile\((r".*")\)$', (root / "digest" / "writer.py").read_text(encoding="utf-8"),
                      re.MULTILINE)
    return re.compile(ast.literal_eval(found.group(1))) if found else re.compile(r".*")


def corpus(target: Path, n: int, seed: int = 7) -> None:
    """N seeds recombined from the real ones: a headline, a dated lead, 6–14 paragraphs, some noise."""
    rng = random.Random(seed)
    paragraphs, noise = [], []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            if len(line) >= 40 and line[-1] in "。！？）":
                paragraphs.append(line)
            elif len(line) < 40:
                noise.append(line)
    places = ["嘉定区", "普陀区", "浦东新区", "闵行区", "高淳区", "奉贤区", "苏州工业园区", "杭州市"]
    subjects = ["医疗器械产业大会", "高端医疗器械项目签约", "医疗器械产业园开园", "生物医药产业发展推进会",
                "医疗器械创新服务中心揭牌", "医疗装备产业集群建设"]
    target.mkdir(parents=True)
    for i in range(n):
        place, subject = rng.choice(places), rng.choice(subjects)
        year, month, day = rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28)
        body = rng.sample(paragraphs, rng.randint(6, 14))
        lines = [f"{place}{subject}举行（{i}）", "",
                 f"本报讯 {month}月{day}日，{year}{place}{subject}举行，到{year + 3}年产业规模达{rng.randint(50, 900)}亿元。",
                 ""]
        for p in body:
            lines += [p, ""]
            if rng.random() < 0.15:
                lines += [rng.choice(noise), ""]
        (target / f"b{i:05d}_{year}{month:02d}{day:02d}.txt").write_text("\n".join(lines), encoding="utf-8")


class Failed(Exception):
    """A measured command exited non-zero (its last lines of stderr are the message)."""


def run(cmd: list[str], cwd: Path, env=None) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of one command; ``Failed`` when it fails."""
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, capture_output=True, text=True,
                          env=env)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise Failed(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return elapsed, int(proc.stderr.strip().splitlines()[-1])


def unavoidable(seeds: Path) -> float:
    """Read every seed's bytes and run OpenCC s2t over the text: the floor of any build."""
    code = ("import sys, time, pathlib, opencc; t = time.perf_counter(); c = opencc.OpenCC('s2t.json');"
            "[c.convert(p.read_bytes().decode('utf-8')) for p in sorted(pathlib.Path(sys.argv[1]).iterdir())];"
            "print(time.perf_counter() - t)")
    return float(subprocess.run([PY, "-c", code, str(seeds)], capture_output=True, text=True, check=True).stdout)


def project(tmp: Path, n: int) -> Path:
    """A project folder sharing the code, registry and templates, with its own seeds and docs."""
    proj = tmp / f"n{n}"
    proj.mkdir()
    for name in ("digest", "registry", "templates", "overrides", "build_digest.py"):
        os.symlink(ROOT / name, proj / name)
    for name in ("mkdocs.yml", "mkdocs.zh-Hant.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, proj / name)
    (proj / "editorial").mkdir()
    corpus(proj / "seeds", n)
    return proj


def median(fn, repeat: int):
    """The median of ``repeat`` calls of ``fn`` (each returns a time, or a (time, memory) pair)."""
    runs = [fn() for _ in range(repeat)]
    if isinstance(runs[0], tuple):
        runs.sort(key=lambda r: r[0])
        return runs[len(runs) // 2]
    return statistics.median(runs)


def measure(n: int, tmp: Path, site: bool, repeat: int, zensical: str | None) -> dict:
    proj = project(tmp, n)
    seeds, docs, cache = proj / "seeds", proj / "docs", proj / ".cache" / "digest"
    size = sum(p.stat().st_size for p in seeds.iterdir())
    floor = median(lambda: unavoidable(seeds), repeat)
    env = {**os.environ, "DIGEST_CACHE": str(cache)}
    build = [PY, "build_digest.py", "--quiet", "--seeds", str(seeds), "--out", str(docs)]
    start = median(lambda: run([PY, "-c", "import digest.build"], proj)[0], repeat)
    # What a build loads before it can analyse any changed seed, whatever N is: jieba's
    # dictionaries and the registry's name matcher (in-process time, imports excluded).
    models = median(lambda: float(subprocess.run([PY, "-c", MODELS], cwd=proj, capture_output=True, text=True,
                                                 check=True).stdout), repeat)

    def cold():
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(docs, ignore_errors=True)
        return run(build, proj, env)
    cold_time, cold_mem = median(cold, repeat)
    targets = iter(sorted(seeds.iterdir())[n // 2:])

    def one():
        target = next(targets)  # a different seed each run, each changed once
        target.write_text(target.read_text(encoding="utf-8").replace("。", "。 ", 1), encoding="utf-8")
        return run(build, proj, env)[0]
    one_time = median(one, repeat)
    noop = median(lambda: run(build, proj, env)[0], repeat)
    files = [(p.relative_to(docs).as_posix(), p.stat().st_size) for p in docs.rglob("*") if p.is_file()]
    row = {"n": n, "seed_mb": size / 1e6, "floor": floor, "start": start, "models": models, "cold": cold_time,
           "cold_mem": cold_mem,
           "one": one_time, "noop": noop, "docs_mb": sum(b for _, b in files) / 1e6,
           "committed_mb": sum(b for rel, b in files if COMMITTED.fullmatch(rel)) / 1e6}
    if site:
        site_dir = proj / "site"
        row["mkdocs"], row["mkdocs_mem"] = median(lambda: run(
            [PY, "-m", "digest.site", "--quiet", "--no-strict", "--project", str(proj), "--dir", str(site_dir)],
            proj), repeat)
        pages = list(site_dir.glob("**/documents/*/index.html"))
        index = [site_dir / ed / "search" / "search_index.json" for ed in ("", "zh-Hant", "en")]
        row.update(page_kb=sum(p.stat().st_size for p in pages) / len(pages) / 1024,
                   index_mb=index[0].stat().st_size / 1e6)
        configs = minimal_material(proj)
        row["mkdocs_floor"] = median(lambda: sum(run([PY, "-m", "mkdocs", "build", "-q", "-f", str(c)], proj)[0]
                                                 for c in configs), repeat)
        if zensical:
            try:
                row["zensical"] = median(lambda: sum(run([zensical, "build", "-f", str(proj / c)], proj)[0]
                                                     for c in ("mkdocs.yml", "mkdocs.zh-Hant.yml", "mkdocs.en.yml")),
                                         repeat)
            except Failed as err:  # Zensical refuses some pages (its search index limit): say so, go on
                lines = str(err).strip().splitlines()
                row["zensical_error"] = next((x for x in reversed(lines) if "Error" in x), lines[-1])[:300]
    return row


MODELS = """
import time; from pathlib import Path; from digest.registry import Registry; from digest.tag import Matcher
try:
    from digest.segment import pos_tagger
except ImportError:  # a project older than segment.py (--root)
    from digest.parknames import _pos_tagger as pos_tagger
r = Registry.load(Path('registry')); t = time.perf_counter(); Matcher(r); pos_tagger().lcut('园区')
print(time.perf_counter() - t)
"""


def minimal_material(proj: Path) -> list[Path]:
    """The floor for the site build: the same three editions' pages and nav under a minimal Material
    config (the theme with its defaults, search included; no overrides, no jieba, no extra assets)."""
    configs = []
    for config, folder in (("mkdocs.yml", "zh"), ("mkdocs.zh-Hant.yml", "zh-Hant"), ("mkdocs.en.yml", "en")):
        text = (proj / config).read_text(encoding="utf-8")
        nav = yaml.safe_load(text[text.index("\nnav:"):].split("\nextra:")[0])["nav"]
        cfg = proj / f"mkdocs.minimal.{folder}.yml"
        cfg.write_text(yaml.safe_dump({
            "site_name": "floor", "docs_dir": f"docs/{folder}", "site_dir": f"site-min/{folder}",
            "use_directory_urls": True, "theme": {"name": "material"}, "nav": nav,
            "markdown_extensions": ["attr_list", "admonition", "tables", "pymdownx.details", "toc"],
            "validation": {"omitted_files": "ignore", "links": {"not_found": "ignore", "anchors": "ignore",
                                                               "unrecognized_links": "ignore"}}},
            allow_unicode=True, sort_keys=False), encoding="utf-8")
        configs.append(cfg)
    return configs


def table(rows: list[dict]) -> str:
    out = ["| N | seeds MB | floor s | cold build s | ×floor | one changed s | its work s | ×cold | no change s | "
           "its work s | peak MiB | docs/ MB | committed MB |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        one_work = r["one"] - r["start"] - r["models"]
        out.append(f"| {r['n']} | {r['seed_mb']:.1f} | {r['floor']:.2f} | {r['cold']:.1f} | "
                   f"{r['cold'] / r['floor']:.0f} | {r['one']:.1f} | {one_work:.1f} | {r['one'] / r['cold']:.2f} | "
                   f"{r['noop']:.1f} | {r['noop'] - r['start']:.1f} | {r['cold_mem'] / 1024:.0f} | "
                   f"{r['docs_mb']:.1f} | {r['committed_mb']:.1f} |")
    start, models = rows[0]["start"], rows[0]["models"]
    out.append(f"\nStart-up: Python and imports {start:.2f} s (in every build time above); loading jieba's "
               f"dictionaries and the name matcher {models:.2f} s (in every build that analyses a seed). "
               "\"Its work\" is the build time less these.")
    sites = [r for r in rows if "mkdocs" in r]
    if sites:
        out += ["", "| N | mkdocs s (3 editions) | minimal Material s | ×minimal | zensical s | ×minimal | "
                "page KB | search index MB (zh) |", "|---|---|---|---|---|---|---|---|"]
        for r in sites:
            z = (f"{r['zensical']:.1f} | {r['zensical'] / r['mkdocs_floor']:.2f}" if "zensical" in r else
                 "failed | —" if "zensical_error" in r else "— | —")
            out.append(f"| {r['n']} | {r['mkdocs']:.1f} | {r['mkdocs_floor']:.1f} | "
                       f"{r['mkdocs'] / r['mkdocs_floor']:.2f} | {z} | {r['page_kb']:.0f} | {r['index_mb']:.1f} |")
    out += [f"\nZensical at N={r['n']}: {r['zensical_error']}" for r in sites if "zensical_error" in r]
    return "\n".join(out)


def main() -> int:
    global ROOT, COMMITTED
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000], help="corpus sizes (default 1000)")
    parser.add_argument("--skip-site", action="store_true", help="do not run mkdocs build")
    parser.add_argument("--repeat", type=int, default=3, help="runs per time; the median is shown (default 3)")
    parser.add_argument("--zensical", help="a zensical executable: also build the three editions with it")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the project to measure (default: this one; another checkout gives a 'before')")
    args = parser.parse_args()
    ROOT, COMMITTED = args.root.resolve(), committed_set(args.root.resolve())
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as tmp:
        rows = [measure(n, Path(tmp), not args.skip_site, args.repeat, args.zensical) for n in args.n]
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
