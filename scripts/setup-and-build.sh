#!/usr/bin/env bash
# Create .venv, install the project, build docs/ and the site (all editions, --strict).
# The site is three plain configs, each built by its own `mkdocs build --strict -f`
# (mkdocs.yml, mkdocs.zh-Hant.yml, mkdocs.en.yml); `python -m digest.site` runs the three.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# --strict: a stale translation or another editorial warning fails the set-up (and CI); under
# `mkdocs serve` the same warning is one line and the preview goes on (digest/mkdocs_hooks.py).
.venv/bin/python build_digest.py --strict
.venv/bin/python -m digest.site
# The search index of each edition (Pagefind), from the built pages: a step after the build,
# not a MkDocs hook, so it works for any builder that writes the same site/.
.venv/bin/python -m digest.search_index site
echo "Site built in site/ (简体), site/zh-Hant/ (繁體) and site/en/ (English). Preview: .venv/bin/mkdocs serve"
