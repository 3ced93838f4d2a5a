"""Time from navigation to a widget's data-status="ready", cold and warm, and bytes transferred.

Not a test: numbers for notes and for spotting regressions. Usage (after scripts/test.sh or
scripts/setup.sh --dev):

    .venv/bin/python benchmarks/ready_time.py [--runs 5] [--page /modules/...] [--busy 4] [--site DIR]

--busy N keeps N competing processes spinning meanwhile (a laptop with other work running).
--site DIR times an already built site instead of building one; give it twice or more to compare
builds (for example the site before and after a change): runs alternate between them, so a machine
that gets busier halfway through affects them alike.
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
from tests.browser.conftest import CHROMIUM_FLAGS, QuietHandler, busy_cpu, system_chromium  # noqa: E402


def serve(site: Path) -> str:
    """Serve the built site on 127.0.0.1 in a background thread; return its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def load_until_ready(page, url: str) -> float:
    """Seconds from navigation until the first widget says it is ready (inf if it gave up instead)."""
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('.course-widget[data-status="ready"], .course-widget[data-status="error"]', timeout=300_000)
    if page.locator('.course-widget[data-status="error"]').count():
        return float("inf")
    return time.perf_counter() - start


def describe(times: list[float]) -> str:
    """Median, worst and every run, counting the runs where start-up gave up."""
    failed = sum(1 for t in times if t == float("inf"))
    shown = ", ".join("gave up" if t == float("inf") else f"{t:.2f}" for t in times)
    return f"median {statistics.median(times):.2f} s, max {max(times):.2f} s, gave up {failed}  (all: {shown})"


def main() -> None:
    """Build the site, then time cold and warm loads in a fresh browser context per run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", default="/modules/01-right-solution-wrong-time/")
    parser.add_argument("--busy", type=int, default=0, help="competing busy processes during the runs")
    parser.add_argument(
        "--site", type=Path, action="append", help="an already built site to time (repeatable), instead of building"
    )
    args = parser.parse_args()
    sites = args.site
    if not sites:
        sites = [Path(tempfile.mkdtemp(prefix="course-bench-"))]
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(sites[0])], cwd=PROJECT, check=True)
    urls = [serve(site) + args.page for site in sites]
    executable = system_chromium()
    timings = {site: ([], [], []) for site in sites}
    with sync_playwright() as playwright, busy_cpu(args.busy):
        browser = playwright.chromium.launch(
            args=CHROMIUM_FLAGS, **({"executable_path": executable} if executable else {})
        )
        for _ in range(args.runs):
            for site, url in zip(sites, urls, strict=True):
                cold, warm, transferred = timings[site]
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
    print(f"page: {args.page}  runs: {args.runs}  busy processes: {args.busy}")
    print(f"browser: {executable or 'playwright chromium'}")
    for site, (cold, warm, transferred) in timings.items():
        print(f"site: {site}")
        print(f"  cold load -> ready: {describe(cold)}")
        print(f"  warm load -> ready: {describe(warm)}")
        print(f"  transferred on a cold load: median {statistics.median(transferred) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
