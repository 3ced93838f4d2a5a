#!/usr/bin/env bash
# Set up, build and serve the course at http://127.0.0.1:8000 (rebuilds when files change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
# docs/ is watched anyway; the widgets and course code live outside it.
exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --watch course --watch widgets "$@"
