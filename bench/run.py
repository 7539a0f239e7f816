#!/usr/bin/env python3
"""Benchmark the digest at scale: prints a table of times, memory and sizes.

    python bench/run.py                 # N = 1,000
    python bench/run.py --n 250 1000 4000 --skip-site

A synthetic corpus of N seeds is made by recombining paragraphs of the real
seeds (noise lines included), each seed with its own headline and date. Every
time is also given as a ratio to the unavoidable work (reading the bytes and
running OpenCC s2t over them), so the numbers mean something on a noisy machine.
Not a test: it measures and prints.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


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


def run(cmd: list[str], cwd: Path, env=None) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of one command."""
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, capture_output=True, text=True,
                          env=env)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
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


def measure(n: int, tmp: Path, site: bool) -> dict:
    proj = project(tmp, n)
    seeds = proj / "seeds"
    size = sum(p.stat().st_size for p in seeds.iterdir())
    floor = min(unavoidable(seeds) for _ in range(3))
    env = {**os.environ, "DIGEST_CACHE": str(proj / ".cache" / "digest")}
    build = [PY, "build_digest.py", "--quiet", "--seeds", str(seeds), "--out", str(proj / "docs")]
    start, _ = run([PY, "-c", "import digest.build"], proj)
    cold, cold_mem = run(build, proj, env)
    target = sorted(seeds.iterdir())[n // 2]
    target.write_text(target.read_text(encoding="utf-8").replace("。", "。 ", 1), encoding="utf-8")
    one, _ = run(build, proj, env)
    noop, _ = run(build, proj, env)
    row = {"n": n, "seed_mb": size / 1e6, "floor": floor, "start": start, "cold": cold, "cold_mem": cold_mem,
           "one": one, "noop": noop}
    if site:
        mk, mk_mem = run([PY, "-m", "digest.site", "--quiet", "--no-strict", "--project", str(proj), "--dir",
                          str(proj / "site")], proj)
        pages = list((proj / "site").glob("**/documents/*/index.html"))
        index = [proj / "site" / ed / "search" / "search_index.json" for ed in ("", "zh-Hant", "en")]
        row.update(mkdocs=mk, mkdocs_mem=mk_mem,
                   page_kb=sum(p.stat().st_size for p in pages) / len(pages) / 1024,
                   index_mb=index[0].stat().st_size / 1e6)
        minimal = minimal_site(proj)
        row["mkdocs_floor"], _ = run([PY, "-m", "mkdocs", "build", "-q", "-f", str(minimal), "-d",
                                      str(proj / "site-min")], proj)
    return row


def minimal_site(proj: Path) -> Path:
    """The floor for MkDocs: the same three editions' pages, plain theme config, no plugins, no hooks."""
    cfg = proj / "mkdocs.minimal.yml"
    # One nav entry: without `nav`, MkDocs lists all pages on every page (quadratic), which is no floor.
    cfg.write_text("site_name: floor\ndocs_dir: docs\nuse_directory_urls: true\ntheme: {name: mkdocs}\n"
                   "nav: [zh/index.md]\n"
                   "plugins: []\nmarkdown_extensions: [attr_list, admonition, tables, pymdownx.details]\n"
                   "validation: {omitted_files: ignore, links: {not_found: ignore, anchors: ignore}}\n",
                   encoding="utf-8")
    return cfg


def table(rows: list[dict]) -> str:
    out = ["| N | seeds MB | floor s | cold build s | ×floor | one changed s | ×cold | no change s | "
           "peak MiB | mkdocs s (3 editions) | floor mkdocs s | page KB | search index MB |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        mk = (f"{r['mkdocs']:.1f} | {r['mkdocs_floor']:.1f} | {r['page_kb']:.0f} | {r['index_mb']:.1f}"
              if "mkdocs" in r else "— | — | — | —")
        out.append(f"| {r['n']} | {r['seed_mb']:.1f} | {r['floor']:.2f} | {r['cold']:.1f} | "
                   f"{r['cold'] / r['floor']:.0f} | {r['one']:.1f} | {r['one'] / r['cold']:.2f} | "
                   f"{r['noop']:.1f} | {r['cold_mem'] / 1024:.0f} | {mk} |")
    start = rows[0]["start"]
    out.append(f"\nPython start-up and imports: {start:.2f} s (part of every build time above).")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000], help="corpus sizes (default 1000)")
    parser.add_argument("--skip-site", action="store_true", help="do not run mkdocs build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as tmp:
        rows = [measure(n, Path(tmp), not args.skip_site) for n in args.n]
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
