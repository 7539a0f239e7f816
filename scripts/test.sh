#!/usr/bin/env bash
# The whole test suite, browser tests included. Needs Debian's chromium for those
# (apt-get install chromium); scripts/test.sh installs it when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  echo "no .venv: run scripts/setup-and-build.sh first" >&2
  exit 2
fi
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
.venv/bin/python build_digest.py --check
set +e
.venv/bin/python -m pytest tests -q -p no:cacheprovider "$@"
code=$?
set -e
# pytest exits 5 when it collected no test: that is a failure, not a pass.
if [ "$code" = 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi
exit "$code"
