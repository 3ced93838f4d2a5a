#!/usr/bin/env bash
# The linters the test command runs: ruff (Python, with docstring rules), eslint (browser JS),
# stylelint (CSS). Assumes scripts/setup.sh --dev has run.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
echo "lint: ruff"
.venv/bin/ruff check course widgets tests benchmarks || status=1
.venv/bin/ruff format --check --quiet course widgets tests benchmarks || status=1
echo "lint: eslint"
node_modules/.bin/eslint --max-warnings 0 . || status=1
echo "lint: stylelint"
node_modules/.bin/stylelint --max-warnings 0 "widgets/assets/**/*.css" "overrides/**/*.css" --allow-empty-input || status=1
exit "$status"
