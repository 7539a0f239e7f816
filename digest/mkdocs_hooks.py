"""The one MkDocs hook left: under ``mkdocs serve``, regenerate docs/ before each build.

An edit to a seed, an editorial file, the registry or a template then shows on the page
without another command. It changes nothing in a ``mkdocs build`` (the site is the same
without it), so a builder that runs no hooks (Zensical) loses only this convenience: run
``python build_digest.py`` yourself and it picks up the change in docs/.

Under serve the digest's problems never stop the preview. A stale translation or a bad editorial
file is printed once, as one line (``file:line: what is wrong; what to do``), on the ``digest``
logger, which is outside MkDocs' ``mkdocs.*`` loggers and so not counted by ``strict: true``
(before, one stale translation aborted every rebuild and the edit never showed). The strict builds
still fail on them: ``build_digest.py --strict`` in scripts/setup-and-build.sh and the ``--check``
of scripts/test.sh. Serve's output is cut to the lines an editor acts on: MkDocs' progress
messages (INFO) are dropped except where it serves, that a save was seen and how long a build
took, and jieba's dictionary messages are silenced; warnings and errors all stay. Serve also skips
Material's lunr search index (``SKIPPED_PLUGINS``), which the site does not use.

What hooks used to do lives elsewhere now: each edition is a plain config built by its own
``mkdocs build -f`` (``digest/site.py``), each config writes its ``site_url``
(``tests/test_site.py`` checks them against registry/site.yml), and page titles are escaped
in the generated Markdown (``render.escape.front_matter``).
"""
from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from digest.build import build, write
from digest.cache import Cache
from digest.errors import DigestError

log = logging.getLogger("digest.serve")
"""The digest's own lines under serve: not a child of ``mkdocs``, so strict mode does not count them."""

KEPT_INFO = ("Serving on", "Documentation built in", "Detected file changes")
"""MkDocs' INFO messages that serve still prints: where to look, that a save was seen, and the time."""

INPUTS = ("seeds", "editorial", "registry", "templates")
"""What the digest is built from (the folders serve watches besides docs/)."""

_serving = False
_last_inputs: tuple = ()
"""Name, size and mtime of every input file at the last regeneration: writing docs/ makes serve build
again, and that second build need not run the digest when no input changed."""
_shown: set[str] = set()
"""The warnings already printed in this serve: each is printed when it first appears, not on every build."""


SKIPPED_PLUGINS = ("material/search", "search")
"""Plugins whose work serve skips: Material's lunr index (jieba over every page, 1.7 of a build's
2.7 s). The site searches with Pagefind, written after ``mkdocs build`` (``digest.search_index``),
so serve's preview never had a working search either way."""

_TIME = re.compile(r"^\[\d\d:\d\d:\d\d\] ")  # livereload's messages start with the time


class ServeSummary(logging.Filter):
    """Drop MkDocs' progress messages under serve; keep warnings, errors and ``KEPT_INFO``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO:
            return True
        return _TIME.sub("", str(record.msg)).startswith(KEPT_INFO)


class OnlyProblems(logging.Filter):
    """jieba's logger under serve: its "Building prefix dict…" lines are not the editor's business.
    A filter, not a level: importing jieba sets its logger's level back to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


def _key(warning: str) -> str:
    """``file:line: what`` of a warning, without the detail that changes with each edit (fingerprints)."""
    return ": ".join(warning.split(": ", 2)[:2])


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    if not _serving:
        return
    for handler in logging.getLogger("mkdocs").handlers:
        if not any(isinstance(f, ServeSummary) for f in handler.filters):
            handler.addFilter(ServeSummary())
    jieba_log = logging.getLogger("jieba")
    if not any(isinstance(f, OnlyProblems) for f in jieba_log.filters):
        jieba_log.addFilter(OnlyProblems())
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  digest: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def on_config(config):
    """Under serve, unhook the plugins of ``SKIPPED_PLUGINS`` from every event (they stay configured,
    so the theme renders the same pages); a build keeps them."""
    if not _serving:
        return config
    skipped = {id(config.plugins[name]) for name in SKIPPED_PLUGINS if name in config.plugins}
    for methods in config.plugins.events.values():
        methods[:] = [m for m in methods if id(getattr(m, "__self__", None)) not in skipped]
    return config


def inputs(root: Path) -> tuple:
    """(path, size, mtime) of every file the digest reads, sorted: a cheap test of "nothing changed"."""
    seen = []
    for folder in INPUTS:
        for path in (root / folder).rglob("*"):
            try:
                st = path.stat()
            except FileNotFoundError:  # an editor's temporary file, gone already
                continue
            if path.is_file():
                seen.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(sorted(seen))


def on_pre_build(config):
    global _last_inputs
    if not _serving:
        return
    root = Path(config.config_file_path).parent
    now = inputs(root)
    if now == _last_inputs:
        return
    _last_inputs = now
    try:
        result = build(root, root / "seeds", Cache.for_root(root))
        changed = write(result, root / "docs")
    except DigestError as err:
        log.error("%s (the pages keep their last good state)", err)
        return
    for warning in result.warnings:
        if warning not in _shown:
            log.warning("%s (shown once; `build_digest.py --strict` and CI fail on it)", warning)
    fixed = {_key(w) for w in _shown} - {_key(w) for w in result.warnings}
    if fixed:
        log.info("resolved: %s", "; ".join(sorted(fixed)))
    _shown.clear()
    _shown.update(result.warnings)
    if changed:
        log.info("regenerated %d file(s) under docs/", len(changed))
