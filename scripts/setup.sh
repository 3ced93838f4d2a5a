#!/usr/bin/env bash
# Set up everything the course needs, idempotently: a Python venv with the locked packages
# (requirements/*.txt, every one pinned with its hashes), the project itself (so plain
# `mkdocs build` resolves !!python/name:widgets...) and the pinned npm packages.
# Usage: scripts/setup.sh [--dev]
#   (no flag) requirements/build.txt: what building and serving the site needs (serve.sh)
#   --dev     also requirements/dev.txt (tests, linters) and requirements/zensical.txt (test.sh)
# To change a pin, edit pyproject.toml or requirements/*.in and run scripts/lock.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

locks=(build)
if [[ "${1:-}" == "--dev" ]]; then locks=(build dev zensical); fi

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

# One stamp per installed lock, named after its content, shared by every command: a lock installs
# again only when it changes, so alternating serve.sh and test.sh installs nothing.
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
for lock in "${locks[@]}"; do
  stamp=".venv/.installed-$lock-$(sha256sum "requirements/$lock.txt" | cut -c1-16)"
  if [[ ! -f "$stamp" ]]; then
    echo "setup: installing requirements/$lock.txt"
    "${pip[@]}" --require-hashes -r "requirements/$lock.txt"
    rm -f .venv/.installed-"$lock"-*
    touch "$stamp"
  fi
done

# The project itself can't be hashed: install it editable, without dependencies (the locks have
# them) and without build isolation (the locked setuptools from build.txt builds it, instead of
# an unpinned download). Again when its metadata changes: pyproject.toml or the version.
stamp=".venv/.installed-project-$(cat pyproject.toml <(grep '^__version__' course/__init__.py) | sha256sum | cut -c1-16)"
if [[ ! -f "$stamp" ]]; then
  echo "setup: installing the project (editable)"
  "${pip[@]}" --no-deps --no-build-isolation --editable .
  rm -f .venv/.installed-project-*
  touch "$stamp"
fi

lock_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [[ ! -f "$lock_stamp" ]]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lock_stamp"
fi
