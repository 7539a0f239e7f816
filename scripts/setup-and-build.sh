#!/usr/bin/env bash
# Create .venv, install the project, build docs/ and the site (all editions, --strict).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/python build_digest.py
.venv/bin/mkdocs build --strict
echo "Site built in site/ (简体), site/zh-Hant/ (繁體) and site/en/ (English). Preview: .venv/bin/mkdocs serve"
