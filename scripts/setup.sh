#!/usr/bin/env bash
# Set up everything the course needs, idempotently: a Python venv with the pinned packages
# (the project itself included, so plain `mkdocs build` works) and the pinned npm packages.
# Usage: scripts/setup.sh [--dev]   (--dev adds the test packages)
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=requirements.txt
if [[ "${1:-}" == "--dev" ]]; then requirements=requirements-dev.txt; fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is needed (tried '$python'; set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo "setup: npm (Node.js 20 or newer) is needed to install the Pyodide runtime." >&2
  exit 1
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi

# Reinstall only when the requirement files change.
stamp=".venv/.installed-$(cat requirements.txt "$requirements" pyproject.toml | sha256sum | cut -c1-16)"
if [[ ! -f "$stamp" ]]; then
  echo "setup: installing Python packages from $requirements"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

lock_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [[ ! -f "$lock_stamp" ]]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lock_stamp"
fi
