#!/usr/bin/env bash
# Make sure poppler's pdftotext and pdfinfo exist: the print tests read Chromium's PDFs back with them.
# Installs Debian's poppler-utils when root with apt-get (as ensure-browser.sh does for chromium);
# otherwise stops with what to install.
set -euo pipefail

if command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; then exit 0; fi

if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
  echo "ensure-pdf-tools: installing Debian's poppler-utils (pdftotext, pdfinfo)" >&2
  if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; } >&2; then
    command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null && exit 0
  fi
fi

echo "ensure-pdf-tools: the print tests need pdftotext and pdfinfo from poppler-utils." >&2
echo "  Install them (Debian/Ubuntu: sudo apt-get install poppler-utils; macOS: brew install poppler)" >&2
echo "  and run the tests again." >&2
exit 1
