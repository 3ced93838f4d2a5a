"""Time from navigation to a widget's data-status="ready", cold and warm, and bytes transferred.

Not a test: numbers for notes and for spotting regressions. Usage (after scripts/test.sh or
scripts/setup.sh --dev):  .venv/bin/python benchmarks/ready_time.py [--runs 5] [--page /modules/...]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from tests.browser.conftest import CHROMIUM_FLAGS, QuietHandler, system_chromium  # noqa: E402


def serve(site: Path) -> str:
    """Serve the built site on 127.0.0.1 in a background thread; return its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def load_until_ready(page, url: str) -> float:
    """Seconds from navigation until the first widget says it is ready."""
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('.course-widget[data-status="ready"]', timeout=120_000)
    return time.perf_counter() - start


def main() -> None:
    """Build the site, then time cold and warm loads in a fresh browser context per run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", default="/modules/01-right-solution-wrong-time/")
    args = parser.parse_args()
    site = Path(tempfile.mkdtemp(prefix="course-bench-"))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=PROJECT, check=True)
    url = serve(site) + args.page
    executable = system_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            args=CHROMIUM_FLAGS, **({"executable_path": executable} if executable else {})
        )
        cold, warm, transferred = [], [], []
        for _ in range(args.runs):
            context = browser.new_context()
            sizes: list[int] = []
            context.on(
                "requestfinished",
                lambda request, sizes=sizes: sizes.append(
                    request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
                ),
            )
            page = context.new_page()
            cold.append(load_until_ready(page, url))
            transferred.append(sum(sizes))
            warm.append(load_until_ready(page, url))
            context.close()
        browser.close()
    print(f"page: {args.page}  runs: {args.runs}  browser: {executable or 'playwright chromium'}")
    print(f"cold load -> ready: median {statistics.median(cold):.2f} s  (all: {', '.join(f'{t:.2f}' for t in cold)})")
    print(f"warm load -> ready: median {statistics.median(warm):.2f} s  (all: {', '.join(f'{t:.2f}' for t in warm)})")
    print(f"transferred on a cold load: median {statistics.median(transferred) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
