"""The one MkDocs hook left: under ``mkdocs serve``, regenerate docs/ before each build.

An edit to a seed, an editorial file, the registry or a template then shows on the page
without another command. It changes nothing in a ``mkdocs build`` (the site is the same
without it), so a builder that runs no hooks (Zensical) loses only this convenience: run
``python build_digest.py`` yourself and it picks up the change in docs/.

What hooks used to do lives elsewhere now: each edition is a plain config built by its own
``mkdocs build -f`` (``digest/site.py``), each config writes its ``site_url``
(``tests/test_site.py`` checks them against registry/site.yml), and page titles are escaped
in the generated Markdown (``render.escape.front_matter``).
"""
from __future__ import annotations

import logging
from pathlib import Path

from digest.build import build, write
from digest.cache import Cache
from digest.errors import DigestError

log = logging.getLogger("mkdocs.digest")
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_pre_build(config):
    if not _serving:
        return
    root = Path(config.config_file_path).parent
    try:
        result = build(root, root / "seeds", Cache.for_root(root))
        changed = write(result, root / "docs")
    except DigestError as err:
        log.error("%s", err)  # the page keeps its last good state; the message says what to fix
        return
    for warning in result.warnings:
        log.warning("%s", warning)
    if changed:
        log.info("digest: regenerated %d file(s) under docs/", len(changed))
