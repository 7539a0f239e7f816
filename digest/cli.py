"""Command line: ``python build_digest.py [--check] [--seeds DIR] [--out DIR]``."""
from __future__ import annotations

import argparse
import gc
import subprocess
import sys
from pathlib import Path

from .build import build, check, write
from .cache import Cache
from .diff import base_pages, compare, snapshot
from .errors import DigestError
from .report import summary_line

ROOT = Path(__file__).resolve().parent.parent


def diff_main(argv: list[str]) -> int:
    """``build_digest.py diff BASE_REF``: what the working tree changes, as Markdown."""
    parser = argparse.ArgumentParser(prog="build_digest.py diff",
                                     description="Summarise what the working tree changes in the digest.")
    parser.add_argument("base", help="git ref to compare with (e.g. origin/main)")
    parser.add_argument("--output", type=Path, help="also write the summary to this file")
    args = parser.parse_args(argv)
    try:
        base = snapshot(base_pages(ROOT, args.base))
    except subprocess.CalledProcessError as err:
        print(f"{args.base}: not a git ref here ({err.stderr.strip()}); pass a branch, tag or commit",
              file=sys.stderr)
        return 2
    except DigestError as err:
        print(err, file=sys.stderr)
        return 2
    try:
        head = snapshot(build(ROOT, ROOT / "seeds", Cache.for_root(ROOT)).pages)
    except DigestError as err:
        print(err, file=sys.stderr)
        return 2
    text = compare(base, head, args.base)
    print(text, end="")
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    # A build holds a few hundred thousand long-lived objects and makes almost no cycles: with the
    # default thresholds the collector walks them all again and again (a sixth of a cached build).
    gc.disable()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # docs/ is replaced in one rename (writer.write_tree): an interrupted build left it whole.
        print("interrupted; docs/ is as the last finished build left it", file=sys.stderr)
        return 130


def _main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff"]:
        return diff_main(argv[1:])
    parser = argparse.ArgumentParser(prog="build_digest.py", description="Build the digest's Markdown under docs/ "
                                     "(or: build_digest.py diff BASE_REF for a change summary).")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of seed texts (default: seeds/)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="output folder (default: docs/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 and name the stale files if the committed files of docs/ (docs/zh/documents/*.md, docs/zh/data/) are not what the build would write")
    parser.add_argument("--strict", action="store_true",
                        help="fail (exit 1) on warnings such as stale translations")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    parser.add_argument("--no-cache", action="store_true",
                        help="rebuild everything (the cache in .cache/digest/ only skips unchanged work)")
    args = parser.parse_args(argv)

    if not args.seeds.is_dir():
        print(f"{args.seeds}: seeds folder not found; pass --seeds DIR", file=sys.stderr)
        return 2
    try:
        result = build(ROOT, args.seeds, Cache.for_root(ROOT, enabled=not args.no_cache))
    except DigestError as err:
        print(err, file=sys.stderr)
        return 2

    for outcome in result.outcomes:
        if not args.quiet or outcome.refusal:
            print(summary_line(outcome), file=sys.stderr if outcome.refusal else sys.stdout)
    unbalanced = [e["seed"] for e in result.report["seeds"]
                  if "characters" in e and not e["characters"]["balanced"]]
    for seed in unbalanced:
        print(f"{seed}: characters do not balance (kept + moved + removed ≠ in); this is a bug in a cleaning rule",
              file=sys.stderr)

    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    failed_strict = bool(args.strict and result.warnings)

    if args.check:
        stale = check(result, args.out)
        for rel in stale:
            print(f"{args.out / rel}: stale; run 'python build_digest.py' and commit docs/zh/", file=sys.stderr)
        return 1 if stale or unbalanced or failed_strict else 0
    try:
        changed = write(result, args.out)
    except DigestError as err:
        print(err, file=sys.stderr)
        return 2
    if not args.quiet:
        totals = result.report["totals"]
        print(f"wrote {len(changed)} changed file(s) under {args.out}; "
              f"{totals['published']} of {totals['documents']} documents published, {totals['refused']} seed(s) refused")
    return 1 if unbalanced or failed_strict else 0
