#!/usr/bin/env python3
"""Time the editor loop: ``mkdocs serve`` start-up, and a one-sentence seed edit until it shows.

    .venv/bin/python bench/serve.py                 # the Simplified edition (mkdocs.yml)
    .venv/bin/python bench/serve.py -f mkdocs.en.yml --page documents/003-c8d20f3a32803d36/
    .venv/bin/python bench/serve.py --runs 3        # three edits in one serve, one after another
    .venv/bin/python bench/serve.py --ref main      # the configs and serve hook of another commit

It copies the project (configs, seeds, editorial, registry, templates, overrides, docs/ and the
cache in .cache/, as a set-up checkout has them) to a temporary folder, starts ``mkdocs serve`` there
on a free port, and prints the seconds until the first page is served. Then it adds one sentence
to a paragraph of a seed whose English translation that paragraph has (so the edit makes the
translation stale, the case that used to abort every rebuild under ``strict: true``) and polls the
served document page until the sentence is on it. It prints the seconds, how many lines serve wrote
for the start and for each edit, and the lines that say "stale". Not a test: it measures and prints.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "seeds/003_c8d20f3a32803d36.txt"
PAGE = "documents/003-c8d20f3a32803d36/"
ANCHOR = "制定本实施方案。"
"""The end of the seed's first paragraph (p1, which editorial/003-….yml translates): the sentence goes after it."""
COPIED = ("seeds", "editorial", "registry", "templates", "overrides", "docs", ".cache")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, test, timeout: float, proc: subprocess.Popen) -> float | None:
    """Seconds until ``test(page text)`` holds, or None after ``timeout`` (or if serve died)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            return None
        text = fetch(url)
        if text is not None and test(text):
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def copy_project(target: Path, ref: str | None) -> None:
    """The project as serve needs it; with ``ref``, the configs and the serve hook of that commit
    (the digest package itself is the installed one)."""
    for name in COPIED:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name, symlinks=True)
    if ref is None:
        for config in ROOT.glob("mkdocs*.yml"):
            shutil.copy(config, target / config.name)
        os.symlink(ROOT / "digest", target / "digest")  # the hook's file; the package itself is installed
        return
    (target / "digest").mkdir()
    for name in ("mkdocs.yml", "mkdocs.zh-Hant.yml", "mkdocs.en.yml", "digest/mkdocs_hooks.py"):
        shown = subprocess.run(["git", "show", f"{ref}:{name}"], cwd=ROOT, capture_output=True, check=True)
        (target / name).write_bytes(shown.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config", default="mkdocs.yml", help="the edition's config (default: mkdocs.yml)")
    parser.add_argument("--page", default=PAGE, help=f"the page that shows the edit (default: {PAGE})")
    parser.add_argument("--runs", type=int, default=1, help="edits, one after another (default: 1)")
    parser.add_argument("--timeout", type=float, default=90, help="seconds to wait for each step (default: 90)")
    parser.add_argument("--log", type=Path, help="also keep serve's whole output in this file")
    parser.add_argument("--ref", help="take the configs and digest/mkdocs_hooks.py from this git ref (a 'before')")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="digest-serve-") as tmp:
        project = Path(tmp)
        copy_project(project, args.ref)
        port = free_port()
        log_path = project / "serve.log"
        log = log_path.open("w", encoding="utf-8")
        begun = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", args.config,
                                 "-a", f"127.0.0.1:{port}"],
                                cwd=project, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/digest/" + ("" if args.config == "mkdocs.yml" else
                                                   args.config.split(".")[1] + "/")
        code = 0
        try:
            started = wait_for(url + args.page, lambda _: True, args.timeout, proc)
            marks = [log_path.stat().st_size]
            print(f"start-up: {'%.1f s' % (time.monotonic() - begun) if started is not None else 'never'} "
                  f"(until {args.page} is served)")
            if started is None:
                code = 1
            seed = project / SEED
            for run in range(1 if started is None else args.runs):
                if started is None:
                    break
                sentence = f"本句为编辑测试第{run + 1}句。"
                text = seed.read_text(encoding="utf-8")
                assert ANCHOR in text, f"{SEED} no longer holds {ANCHOR!r}: pick another paragraph end"
                time.sleep(1)  # a real editor does not save within a second of the last rebuild
                seed.write_text(text.replace(ANCHOR, ANCHOR + sentence, 1), encoding="utf-8")
                seconds = wait_for(url + args.page, lambda page, s=sentence: s in page, args.timeout, proc)
                print(f"edit {run + 1}: {'%.1f s' % seconds if seconds is not None else f'not shown in {args.timeout:.0f} s'}"
                      " (seed saved until the sentence is on the served page)")
                if seconds is None:
                    code = 1
                time.sleep(0.5)
                marks.append(log_path.stat().st_size)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
        data = log_path.read_bytes()
        chunks = [data[a:b] for a, b in zip([0] + marks, marks)] if marks else [data]
        for label, chunk in zip(["start-up"] + [f"edit {i + 1}" for i in range(len(chunks) - 1)], chunks):
            lines = chunk.decode("utf-8", "replace").splitlines()
            stale = [line for line in lines if "stale" in line]
            print(f"{label}: serve wrote {len(lines)} line(s), {len(stale)} about a stale translation")
            for line in stale[:3]:
                print(f"    {line[:200]}")
        if args.log:
            args.log.write_bytes(data)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
