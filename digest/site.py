"""The site: three plain MkDocs configs, one per edition, each built by its own ``mkdocs build -f``.

``mkdocs.yml`` (Simplified, into ``site/``), ``mkdocs.zh-Hant.yml`` (into ``site/zh-Hant/``) and
``mkdocs.en.yml`` (into ``site/en/``). No build runs inside another (no hook nests builds), so
any builder that reads ``mkdocs.yml`` can build each edition. Run after ``build_digest.py``:

    python -m digest.site            # all three, --strict, in order
    python -m digest.site --dir DIR  # into another folder (tests, benchmarks)

The Simplified edition is built first: ``mkdocs build`` empties its site folder, which holds the
other two. Before the builds, jieba's Traditional dictionary is derived (``jieba_dictionary``):
jieba's own is Simplified and cuts Traditional text badly.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

import jieba
import opencc

EDITIONS = (("mkdocs.yml", ""), ("mkdocs.zh-Hant.yml", "zh-Hant"), ("mkdocs.en.yml", "en"))
"""Each edition's config and its folder under the site, in build order."""

JIEBA_HANT = Path(".cache") / "jieba" / "dict.zh-Hant.txt"
"""Where mkdocs.zh-Hant.yml's ``jieba_dict`` points, relative to the project."""


def jieba_dictionary(target: Path) -> Path:
    """jieba's dict.txt converted with OpenCC s2tw (the edition's converter), rebuilt only when
    jieba's dictionary or the conversion changes."""
    source = Path(jieba.__file__).parent / "dict.txt"
    data = source.read_bytes()
    stamp = hashlib.sha256(data + opencc.__version__.encode() + b"s2tw").hexdigest()
    stamp_file = target.with_suffix(".stamp")
    if target.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(opencc.OpenCC("s2tw.json").convert(data.decode("utf-8")), encoding="utf-8")
    stamp_file.write_text(stamp)
    return target


def build_site(project: Path, site: Path | None = None, strict: bool = True, quiet: bool = False) -> int:
    """Build the three editions of ``project`` into ``site`` (default: each config's site_dir);
    the first failing build's exit code, else 0."""
    jieba_dictionary(project / JIEBA_HANT)
    for config, folder in EDITIONS:
        command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / config)]
        command += ["--strict"] * strict + ["-q"] * quiet
        if site is not None:
            command += ["-d", str(site / folder) if folder else str(site)]
        if not quiet:
            print("$ mkdocs " + " ".join(command[3:]), file=sys.stderr)
        code = subprocess.run(command, cwd=project).returncode
        if code:
            return code
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.site", description="Build the three editions with MkDocs.")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    parser.add_argument("--dir", type=Path, help="site folder (default: each config's site_dir)")
    parser.add_argument("--no-strict", action="store_true", help="do not fail on MkDocs warnings")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    return build_site(args.project.resolve(), args.dir.resolve() if args.dir else None, not args.no_strict, args.quiet)


if __name__ == "__main__":
    raise SystemExit(main())
