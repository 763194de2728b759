#!/usr/bin/env bash
# Install what the browser tests (tests/e2e) need on a fresh Debian machine, as root:
#   - Debian's Chromium (/usr/bin/chromium), the browser the tests drive;
#   - Playwright for Python, into the Python given (default: `python` on PATH, i.e. the active
#     virtual environment). Its wheel ships the driver; its own browser download
#     (`playwright install`) is never run, the tests launch /usr/bin/chromium instead.
#
#   bash .ci/e2e-deps.sh [PYTHON]
#
# Safe to run again: what is already there is not installed twice.
set -euo pipefail

PY=${1:-python}
command -v "$PY" >/dev/null || PY=python3

if ! [ -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "e2e-deps: run as root to install chromium (apt-get)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version

if ! "$PY" -c "import playwright.sync_api" 2>/dev/null; then
  "$PY" -m pip install --quiet "playwright>=1.45"
fi
"$PY" -c "import importlib.metadata as m; print('playwright', m.version('playwright'))"
