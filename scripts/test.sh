#!/usr/bin/env bash
# The whole test suite, browser tests included. Needs Debian's chromium for those
# and a Chinese font for screenshots (apt-get install chromium fonts-wqy-microhei);
# scripts/test.sh installs them when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  echo "no .venv: run scripts/setup-and-build.sh first" >&2
  exit 2
fi
if { [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
# The committed pages and data files are what the build writes; then the generated rest of docs/
# (other editions, index pages, reports), which the tests read, is written.
.venv/bin/python build_digest.py --check --strict
.venv/bin/python build_digest.py --quiet
set +e
.venv/bin/python -m pytest tests -q -p no:cacheprovider "$@"
code=$?
set -e
# pytest exits 5 when it collected no test: that is a failure, not a pass.
if [ "$code" = 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi
exit "$code"
