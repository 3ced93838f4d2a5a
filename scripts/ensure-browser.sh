#!/usr/bin/env bash
# Make sure a Chromium exists for the browser tests and print its path ("" = Playwright's own).
# Order: $COURSE_CHROMIUM, a system Chromium, Debian's package (when root with apt-get),
# then Playwright's own download.
set -euo pipefail
cd "$(dirname "$0")/.."

find_system_chromium() {
  if [[ -n "${COURSE_CHROMIUM:-}" && -x "${COURSE_CHROMIUM}" ]]; then echo "$COURSE_CHROMIUM"; return 0; fi
  local name
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$name" >/dev/null; then command -v "$name"; return 0; fi
  done
  return 1
}

if find_system_chromium; then exit 0; fi

if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
  echo "ensure-browser: installing Debian's chromium" >&2
  if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2; then
    find_system_chromium && exit 0
  fi
fi

echo "ensure-browser: downloading Playwright's Chromium" >&2
.venv/bin/python -m playwright install chromium >&2
echo ""
