#!/usr/bin/env bash
# Set up everything (venv, npm packages, a Chromium, poppler's PDF tools) and run the whole test
# suite: the linters, then unit, build, Pyodide parity under Node, and the browser tests. Extra
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev  # the build, dev and zensical locks
COURSE_CHROMIUM="$(scripts/ensure-browser.sh)"
scripts/ensure-pdf-tools.sh  # pdftotext and pdfinfo read the print tests' PDFs back
export COURSE_CHROMIUM NO_MKDOCS_2_WARNING=1
scripts/lint.sh
echo "test: browser: ${COURSE_CHROMIUM:-the Chromium that Playwright downloaded}"
exec .venv/bin/python -m pytest "$@"
