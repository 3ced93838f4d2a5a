"""How long a learner waits for Python-graded feedback, against a page that only starts Pyodide.

Not a test: numbers for BENCHMARKS.md and for spotting regressions. After scripts/test.sh (or
scripts/setup.sh --dev):

    .venv/bin/python benchmarks/startup.py [--runs 3] [--network plain|throttled|both] [--busy 4]
                                           [--site DIR ...] [--latency-ms 20] [--json out.json]

It builds the course with `mkdocs build --strict` into a temporary folder (or takes --site), adds
the baseline page (benchmark-baseline/: the site's own Pyodide started in a module worker, running
1+1), and serves the site from 127.0.0.1 in one or both ways:

  plain      Python's static file server with the site's _headers, uncompressed, full speed;
  throttled  the same server, gzip-compressing what static hosts compress, with all connections
             together limited to 20 Mbit/s and a delay before every response (--latency-ms).

Every run takes a fresh Chromium profile (empty cache, nothing stored) and measures, alternating
baseline and course so that a machine getting busier affects both alike:

  baseline   cold (first load) and warm (the same page again) until it says ready;
  course     module 1 cold until every widget is ready and until an answer is graded (an option
             chosen and Check pressed as soon as the widget is mounted); the next module, reached
             by its "Next" link, until graded feedback; module 1 again (warm, a revisit); module 1
             reloaded offline (server refusing, browser offline) until graded feedback, or "not
             available"; module 1 later, with the browser closed and opened again on that profile
             (nothing running, only what it stored); and, in another fresh profile, the pages
             without widgets, for their bytes.

Times are taken in the page (benchmarks/recorder.js), from the start of the navigation.

Bytes and requests are counted by the server as it writes them (headers included, compressed as
sent). --busy N then repeats the cold loads with N competing busy processes. The output is
Markdown: a table per site, then the goals with PASS or FAIL. --json writes every measurement.
"""

from __future__ import annotations

import argparse
import email.utils
import fnmatch
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from tests.browser.conftest import CHROMIUM_FLAGS, busy_cpu, headers_rules, system_chromium  # noqa: E402
from tests.conftest import run_mkdocs_build  # noqa: E402

HERE = Path(__file__).resolve().parent
RECORDER = (HERE / "recorder.js").read_text(encoding="utf-8")
BASELINE_FILES = HERE / "baseline"
BASELINE_DIR = "benchmark-baseline"
MODULE_1 = "/modules/01-right-solution-wrong-time/"
WIDGETLESS_PAGES = ("/", "/glossary/", "/references/")
# Everything the Python runtime is made of, wherever a request for it comes from.
RUNTIME_PREFIXES = ("/assets/generated/pyodide/", "/assets/generated/course/")
# Material's search runs in a dedicated worker too; what it fetches is the site's, not Python's.
NOT_PYTHON_WORKERS = ("/assets/javascripts/workers/",)

CAP_MS = 300_000  # no single measurement waits longer than this
SETTLE_S = 0.5  # a phase's traffic is over when the server has been idle this long
THROTTLE_BITS_PER_S = 20_000_000
CHUNK = 16 * 1024
# Static hosts compress text and WebAssembly, never formats that are compressed already.
ALREADY_COMPRESSED = set(".zip .whl .gz .br .png .jpg .jpeg .gif .webp .avif .woff .woff2".split())
# What Netlify and Cloudflare Pages send for static files: cache, but ask again every time.
CACHE_CONTROL = "public, max-age=0, must-revalidate"


# ---------------------------------------------------------------------------------------------
# The site: build it, add the baseline page.


def build_site(folder: Path) -> Path:
    """The course built from this checkout, exactly as the tests build it."""
    result = run_mkdocs_build(PROJECT / "mkdocs.yml", folder)
    if result.returncode != 0:
        sys.exit(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return folder


def pyodide_folder(site: Path) -> str:
    """The vendored Pyodide's folder, relative to the site root, as the runtime manifest names it."""
    for manifest in sorted((site / "assets" / "generated").rglob("runtime.json")):
        pyodide = json.loads(manifest.read_text(encoding="utf-8")).get("pyodide")
        if isinstance(pyodide, str):
            folder = (manifest.parent / pyodide).resolve()
            if (folder / "pyodide.mjs").is_file():
                return folder.relative_to(site.resolve()).as_posix() + "/"
    sys.exit(f"{site}: no assets/generated/**/runtime.json names a Pyodide folder with pyodide.mjs; is it built?")


def page_policy(site: Path) -> str:
    """The Content-Security-Policy <meta> value the course's own pages carry."""
    found = re.search(
        r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', (site / "index.html").read_text()
    )
    if not found:
        sys.exit(f"{site / 'index.html'}: no Content-Security-Policy <meta>; is this the course?")
    return found.group(1)


def add_baseline(site: Path) -> str:
    """Write benchmark-baseline/ into the built site; return its URL path."""
    folder = site / BASELINE_DIR
    folder.mkdir(exist_ok=True)
    for name in ("baseline.js", "worker.js"):
        shutil.copyfile(BASELINE_FILES / name, folder / name)
    # The course serves its own trimmed standard library and no lock file; the baseline gets
    # Pyodide's own, exactly as the npm package ships them.
    for name in ("python_stdlib.zip", "pyodide-lock.json"):
        shutil.copyfile(PROJECT / "node_modules" / "pyodide" / name, folder / name)
    template = string.Template((BASELINE_FILES / "index.html").read_text(encoding="utf-8"))
    pyodide = "../" + pyodide_folder(site)  # relative to benchmark-baseline/worker.js
    html = template.substitute(policy=page_policy(site), pyodide=pyodide)
    (folder / "index.html").write_text(html, encoding="utf-8")
    return f"/{BASELINE_DIR}/"


# ---------------------------------------------------------------------------------------------
# The servers: one static host, plain or compressed and throttled, that counts what it sends.


class Pacer:
    """One link shared by every connection: bytes leave at `bits_per_s` in total, no faster."""

    def __init__(self, bits_per_s: float) -> None:
        self.bytes_per_s = bits_per_s / 8
        self.lock = threading.Lock()
        self.free_at = 0.0

    def take(self, size: int) -> None:
        """Wait until `size` more bytes fit through the link, after everything already queued."""
        with self.lock:
            now = time.monotonic()
            self.free_at = max(self.free_at, now) + size / self.bytes_per_s
            delay = self.free_at - now
        time.sleep(delay)


class MeteredWriter:
    """The connection's output, written in chunks through the pacer (if any) and counted."""

    def __init__(self, raw: io.BufferedIOBase, pacer: Pacer | None) -> None:
        self.raw = raw
        self.pacer = pacer
        self.sent = 0

    def write(self, data: bytes) -> int:
        """Write all of `data`, chunk by chunk."""
        view = memoryview(data)
        for start in range(0, len(view), CHUNK):
            piece = view[start : start + CHUNK]
            if self.pacer:
                self.pacer.take(len(piece))
            self.raw.write(piece)
            self.sent += len(piece)
        return len(view)

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


@dataclass
class Served:
    """One response as the server sent it."""

    path: str
    status: int
    sent: int  # bytes on the wire: status line, headers and (compressed) body
    dest: str  # Sec-Fetch-Dest: document, script, worker, sharedworker, empty (fetch), ...
    referrer: str  # the path of the Referer: for a request from a worker, the worker's script


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: the site's _headers, Last-Modified and 304s, Cache-Control, keep-alive."""

    protocol_version = "HTTP/1.1"
    rules: list[tuple[str, dict[str, str]]] = []
    server: StaticHost

    def setup(self) -> None:
        """Count (and, throttled, pace) everything this connection writes."""
        super().setup()
        self.wfile = MeteredWriter(self.wfile, self.server.pacer)

    def parse_request(self) -> bool:
        """Read the request; while the host is "offline", drop the connection instead."""
        if not super().parse_request():
            return False
        if self.server.refusing:  # "offline": the connection drops without an answer
            self.close_connection = True
            return False
        return True

    def do_GET(self) -> None:
        """Serve a GET, counted."""
        self.serve(super().do_GET)

    def do_HEAD(self) -> None:
        """Serve a HEAD, counted."""
        self.serve(super().do_HEAD)

    def serve(self, respond: Callable[[], None]) -> None:
        """Answer one request (after the network's latency) and record what was sent."""
        self.wfile.sent = 0
        self.status = 0
        self.server.begin()
        try:
            if self.server.latency_s:
                time.sleep(self.server.latency_s)
            respond()
        finally:
            referrer = urlsplit(self.headers.get("Referer", "")).path
            dest = self.headers.get("Sec-Fetch-Dest", "")
            self.server.end(Served(self.path.split("?", 1)[0], self.status, self.wfile.sent, dest, referrer))

    def send_response(self, code: int, message: str | None = None) -> None:
        """Start the response, remembering its status for the log."""
        self.status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        """Add Cache-Control and the headers _headers gives this path, then end the headers."""
        path = self.path.split("?", 1)[0]
        self.send_header("Cache-Control", CACHE_CONTROL)
        for pattern, headers in self.rules:
            if fnmatch.fnmatch(path, pattern):
                for name, value in headers.items():
                    if name.lower() != "content-type":  # already sent, and the same (.wasm)
                        self.send_header(name, value)
        super().end_headers()

    def send_head(self):
        """As SimpleHTTPRequestHandler, but gzip-compressed when the server and the client want it."""
        if not (self.server.compress and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or path.suffix.lower() in ALREADY_COMPRESSED:
            return super().send_head()  # directories without a slash, 404s, compressed formats
        stat = path.stat()
        modified = datetime.fromtimestamp(int(stat.st_mtime), UTC)
        if "If-Modified-Since" in self.headers and "If-None-Match" not in self.headers:
            try:
                since = email.utils.parsedate_to_datetime(self.headers["If-Modified-Since"])
            except (TypeError, ValueError):
                since = None
            if since is not None and since.tzinfo is not None and modified <= since:
                self.send_response(304)
                self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return None
        body = self.server.gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        """No request log on the terminal."""
        pass


class StaticHost(http.server.ThreadingHTTPServer):
    """The site on 127.0.0.1, as one of the two networks; it keeps a log of every response."""

    daemon_threads = True

    def __init__(self, site: Path, network: Network) -> None:
        self.site = site
        self.network = network
        self.compress = network.gzip
        self.pacer = Pacer(network.bits_per_s) if network.bits_per_s else None
        self.latency_s = network.latency_ms / 1000
        self.refusing = False
        self.lock = threading.Lock()
        self.log: list[Served] = []
        self.active = 0
        self.changed = time.monotonic()
        self.compressed: dict[Path, tuple[int, bytes]] = {}
        self.python_workers: set[str] = set()
        handler = type("SiteHost", (HostHandler,), {"rules": headers_rules(site)})
        super().__init__(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
        if self.compress:
            for path in sorted(site.rglob("*")):
                if path.is_file() and path.suffix.lower() not in ALREADY_COMPRESSED:
                    self.gzipped(path)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def address(self) -> str:
        """The site's origin."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def gzipped(self, path: Path) -> bytes:
        """The file gzip-compressed (level 6, as most hosts), compressed once and kept in memory."""
        mtime = path.stat().st_mtime_ns
        with self.lock:
            cached = self.compressed.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        with self.lock:
            self.compressed[path] = (mtime, body)
        return body

    def begin(self) -> None:
        """A request is being answered."""
        with self.lock:
            self.active += 1
            self.changed = time.monotonic()

    def end(self, served: Served) -> None:
        """A request was answered: log it (and note our Python worker's script)."""
        with self.lock:
            self.active -= 1
            self.changed = time.monotonic()
            self.log.append(served)
            if served.dest in ("worker", "sharedworker") and not served.path.startswith(NOT_PYTHON_WORKERS):
                self.python_workers.add(served.path)

    def mark(self) -> int:
        """A place in the log: what is served from now on belongs to the next measurement."""
        with self.lock:
            return len(self.log)

    def settle(self, cap_s: float = 15.0) -> None:
        """Wait until no request is in flight and none has come for a moment (at most cap_s)."""
        deadline = time.monotonic() + cap_s
        while time.monotonic() < deadline:
            with self.lock:
                idle = self.active == 0 and time.monotonic() - self.changed >= SETTLE_S
            if idle:
                return
            time.sleep(0.05)

    def traffic(self, since: int) -> Traffic:
        """Bytes and requests served since a mark: all of them, and the Python runtime's."""
        with self.lock:
            served = self.log[since:]
            workers = set(self.python_workers)
        runtime = [s for s in served if s.path.startswith(RUNTIME_PREFIXES) or s.referrer in workers]
        return Traffic(
            bytes=sum(s.sent for s in served),
            requests=len(served),
            runtime_bytes=sum(s.sent for s in runtime),
            runtime_requests=len(runtime),
            runtime_paths=sorted({s.path for s in runtime}),
        )

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.shutdown()
        self.server_close()


@dataclass(frozen=True)
class Network:
    """How the site reaches the browser."""

    name: str
    gzip: bool
    bits_per_s: float | None
    latency_ms: float

    def describe(self) -> str:
        """One line for the output."""
        if not self.bits_per_s:
            return f"{self.name}: uncompressed, not throttled, {self.latency_ms:g} ms added per response"
        return (
            f"{self.name}: gzip, {self.bits_per_s / 1e6:g} Mbit/s shared by all connections, "
            f"{self.latency_ms:g} ms added per response"
        )


@dataclass
class Traffic:
    """What the server sent during one measurement."""

    bytes: int = 0
    requests: int = 0
    runtime_bytes: int = 0
    runtime_requests: int = 0
    runtime_paths: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The browser: a fresh profile per run, and a learner's steps.


@dataclass
class Visit:
    """One page load: in-page times (seconds since navigation started), traffic, longest task."""

    ready: float | None = None
    feedback: float | None = None
    mounted: float | None = None
    answered: float | None = None  # when the benchmark had chosen an answer and pressed Check
    error: str = ""  # why there is no time: the widget failed, the page could not load, ...
    longest_task_ms: float = 0.0
    long_tasks: int = 0
    traffic: Traffic = field(default_factory=Traffic)
    chromium_bytes: int | None = None  # the same traffic as Chromium reports it (cross-check)


def open_profile(playwright: Playwright, folder: str) -> BrowserContext:
    """Chromium on the profile in `folder`, with the recorder in every page."""
    executable = system_chromium()
    context = playwright.chromium.launch_persistent_context(
        folder, args=CHROMIUM_FLAGS, **({"executable_path": executable} if executable else {})
    )
    context.set_default_timeout(CAP_MS)
    context.add_init_script(RECORDER)
    return context


@contextmanager
def fresh_profile(playwright: Playwright) -> Iterator[BrowserContext]:
    """Chromium with a new, empty profile: a real disk cache (an in-memory one skips the 9.6 MB .wasm)."""
    folder = tempfile.mkdtemp(prefix="course-bench-profile-")
    context = open_profile(playwright, folder)
    try:
        yield context
    finally:
        try:
            context.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


class Meter:
    """One page in a fresh profile, with the server's log and Chromium's own request sizes."""

    def __init__(self, context: BrowserContext, host: StaticHost) -> None:
        self.context = context
        self.host = host
        self.page: Page = context.pages[0] if context.pages else context.new_page()
        self.finished: list = []
        self.deadline = time.monotonic()
        context.on("requestfinished", lambda request: self.finished.append(request))

    def measure(
        self,
        navigate: Callable[[], None],
        learner: Callable[[Page], None] | None = None,
        *,
        until_ready: bool = True,
        cross_check: bool = False,
    ) -> Visit:
        """Navigate; then answer as soon as Check can be pressed (learner), or wait until ready, or not.

        cross_check: also add up the bytes Chromium reports (Visit.chromium_bytes).
        """
        visit = Visit()
        start, seen = self.host.mark(), len(self.finished)
        self.deadline = time.monotonic() + CAP_MS / 1000
        try:
            self.context.set_default_timeout(self.remaining_ms())
            navigate()
            if learner is None and until_ready:
                self.wait_for("m.ready !== undefined || m.error !== undefined")
            elif learner is not None:
                self.wait_for("m.mounted !== undefined || m.error !== undefined")
                self.context.set_default_timeout(self.remaining_ms())
                learner(self.page)  # does nothing where a widget said error
                self.wait_for(
                    "m.error !== undefined || m.refused !== undefined"
                    " || (m.ready !== undefined && m.feedback !== undefined)"
                )
        except (PlaywrightError, CannotAnswer) as error:
            visit.error = str(error).strip().splitlines()[0]
        try:
            self.read(visit)  # after a timeout too: the marks say how far it got
        except PlaywrightError:
            pass
        self.host.settle()
        visit.traffic = self.host.traffic(start)
        # Only where asked (module 1 cold): in a reopened profile Request.sizes() can wait forever.
        if cross_check:
            visit.chromium_bytes = self.chromium_bytes(self.finished[seen:])
        return visit

    def remaining_ms(self) -> float:
        """What is left of this measurement's CAP_MS (at least 1 ms: 0 would mean no limit)."""
        return max(1.0, (self.deadline - time.monotonic()) * 1000)

    def wait_for(self, condition: str) -> None:
        """Until the recorder's marks (`m`) meet the condition, within the measurement's cap."""
        script = f"() => {{ const m = window.__bench && window.__bench.marks; return Boolean(m && ({condition})); }}"
        self.page.wait_for_function(script, timeout=self.remaining_ms())

    def marks(self) -> dict:
        """The recorder's marks so far (ms since navigation)."""
        return self.page.evaluate("() => (window.__bench ? window.__bench.marks : {})")

    def read(self, visit: Visit) -> None:
        """Copy the recorder's marks (ms) into the visit (s)."""
        bench = self.page.evaluate("() => window.__bench || null")
        if bench is None:
            return
        marks = bench["marks"]
        seconds = {name: value / 1000 for name, value in marks.items()}
        visit.ready, visit.feedback = seconds.get("ready"), seconds.get("feedback")
        visit.mounted, visit.answered = seconds.get("mounted"), seconds.get("armed")
        if "error" in marks:
            visit.error = visit.error or "a widget (or the baseline) said data-status=error"
        elif "refused" in marks:
            visit.error = visit.error or "the check was answered without a verdict"
        visit.longest_task_ms = bench["longest"] if bench["longTaskSupported"] else float("nan")
        visit.long_tasks = bench["longTasks"]

    @staticmethod
    def chromium_bytes(requests: list) -> int | None:
        """Encoded body plus headers of each finished request, as Chromium reports them."""
        total = 0
        try:
            for request in requests:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        except PlaywrightError:
            return None
        return total


class CannotAnswer(Exception):
    """The page has no widget this benchmark knows how to answer."""


# The first quiz's first question: how many options it has (0: no quiz); the kinds on the page; an error seen.
SEE_FIRST_QUESTION = """() => {
  const question = document.querySelector('.course-widget[data-widget="quiz"] [data-question]');
  const kinds = [...document.querySelectorAll(".course-widget[data-widget]")].map((w) => w.dataset.widget);
  const error = window.__bench.marks.error !== undefined;
  return [question ? question.querySelectorAll("[data-option]").length : 0, kinds, error];
}"""


def answer_quiz(option: int) -> Callable[[Page], None]:
    """A learner's steps on the page's first quiz: choose option `option` of its first question, Check."""

    def steps(page: Page) -> None:
        # One round trip to look, then the two clicks: the harness's own waits are not the page's.
        count, kinds, error = page.evaluate(SEE_FIRST_QUESTION)
        if error:
            return
        if not count:
            raise CannotAnswer(f"{page.url}: no quiz to answer (widgets: {', '.join(kinds) or 'none'})")
        root = page.locator('.course-widget[data-widget="quiz"]').first
        root.locator("[data-question]").first.locator(f'[data-option="{option % count}"] label').click()
        # The recorder marks "armed" as this click's pointerdown reaches the button.
        root.locator('[data-role="check"]').click()

    return steps


def click_next(page: Page) -> Callable[[], None]:
    """Follow the page's "Next" link in the footer, as a learner moving on would."""

    def navigate() -> None:
        with page.expect_navigation(wait_until="commit"):
            page.locator("a.md-footer__link--next").click()

    return navigate


@dataclass
class Run:
    """Everything one run measured, per variant."""

    baseline_cold: Visit | None = None
    baseline_warm: Visit | None = None
    course_cold: Visit | None = None
    course_warm: Visit | None = None
    course_next: Visit | None = None
    course_offline: Visit | None = None
    course_later: Visit | None = None
    widgetless: dict[str, Visit] = field(default_factory=dict)
    busy_baseline: Visit | None = None
    busy_course: Visit | None = None


def measure_baseline(playwright: Playwright, host: StaticHost, run: Run, baseline: str) -> None:
    """The baseline page cold, then again in the same profile (warm)."""
    with fresh_profile(playwright) as context:
        meter = Meter(context, host)
        url = host.address + baseline
        run.baseline_cold = meter.measure(lambda: meter.page.goto(url, wait_until="commit"))
        run.baseline_warm = meter.measure(lambda: meter.page.goto(url, wait_until="commit"))


def measure_course(playwright: Playwright, host: StaticHost, run: Run, module: str) -> None:
    """Module 1 cold, next module, module 1 warm, offline reload; then module 1 in the reopened browser."""
    folder = tempfile.mkdtemp(prefix="course-bench-profile-")
    url = host.address + module
    try:
        context = open_profile(playwright, folder)
        try:
            meter = Meter(context, host)
            page = meter.page
            # A different answer each time on module 1, so each check changes what was restored.
            run.course_cold = meter.measure(
                lambda: page.goto(url, wait_until="commit"), answer_quiz(0), cross_check=True
            )
            run.course_next = meter.measure(click_next(page), answer_quiz(0))
            run.course_warm = meter.measure(lambda: page.goto(url, wait_until="commit"), answer_quiz(1))
            host.refusing = True
            context.set_offline(True)
            try:
                run.course_offline = meter.measure(lambda: page.reload(wait_until="commit"), answer_quiz(0))
            finally:
                context.set_offline(False)
                host.refusing = False
        finally:
            context.close()
        # Nothing runs any more (no worker kept): only what the profile stored.
        context = open_profile(playwright, folder)
        try:
            meter = Meter(context, host)
            run.course_later = meter.measure(lambda: meter.page.goto(url, wait_until="commit"), answer_quiz(1))
        finally:
            context.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure_widgetless(playwright: Playwright, host: StaticHost, run: Run) -> None:
    """Each page without widgets, in one fresh profile: what it downloads (no Python, we hope)."""
    with fresh_profile(playwright) as context:
        meter = Meter(context, host)
        for path in WIDGETLESS_PAGES:
            run.widgetless[path] = meter.measure(
                lambda path=path: meter.page.goto(host.address + path), until_ready=False
            )


def measure_run(
    playwright: Playwright, host: StaticHost, run: Run, baseline: str, module: str, baseline_first: bool
) -> None:
    """One run on one host: baseline and course (in the order given), then the pages without widgets."""
    if baseline_first:
        measure_baseline(playwright, host, run, baseline)
        measure_course(playwright, host, run, module)
    else:
        measure_course(playwright, host, run, module)
        measure_baseline(playwright, host, run, baseline)
    measure_widgetless(playwright, host, run)


def measure_busy(playwright: Playwright, host: StaticHost, run: Run, baseline: str, module: str, first: str) -> None:
    """Cold loads until ready (every widget), under whatever busy processes are running."""

    def baseline_cold() -> None:
        with fresh_profile(playwright) as context:
            meter = Meter(context, host)
            run.busy_baseline = meter.measure(
                lambda: meter.page.goto(host.address + baseline, wait_until="commit"), None
            )

    def course_cold() -> None:
        with fresh_profile(playwright) as context:
            meter = Meter(context, host)
            run.busy_course = meter.measure(lambda: meter.page.goto(host.address + module, wait_until="commit"))

    for step in (baseline_cold, course_cold) if first == "baseline" else (course_cold, baseline_cold):
        step()


# ---------------------------------------------------------------------------------------------
# Reporting: a Markdown table per site, then the goals.


def median(values: list[float | None]) -> float | None:
    """The median of the values that exist (None when a run has none)."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def seconds(value: float | None) -> str:
    """A time in seconds, two decimals."""
    return "n/a" if value is None else f"{value:.2f}"


def megabytes(value: float | None) -> str:
    """Bytes as MB (10^6), two decimals."""
    return "n/a" if value is None else f"{value / 1e6:.2f}"


def time_row(label: str, visits: list[Visit | None], attribute: str) -> str:
    """Median and every run of one time; a run without a time shows why."""
    values = [getattr(v, attribute) if v and not v.error else None for v in visits]
    shown = ", ".join(
        seconds(x) if x is not None else ("failed" if v and v.error else "n/a")
        for v, x in zip(visits, values, strict=True)
    )
    return f"| {label} | {seconds(median(values))} | {shown} |"


def format_report(results: dict, networks: list[Network], args: argparse.Namespace) -> str:
    """Markdown tables (median, every run) per site and network, then each goal with PASS/FAIL."""
    lines: list[str] = []
    for site, per_network in results.items():
        lines += [f"### Site: {site}", ""]
        for network in networks:
            runs: list[Run] = per_network[network.name]
            lines += [f"Network {network.describe()}; {len(runs)} run(s).", ""]
            lines += ["| measure (seconds from navigation) | median | runs |", "|---|---|---|"]
            rows = [
                ("baseline cold -> ready", "baseline_cold", "ready"),
                ("baseline warm -> ready", "baseline_warm", "ready"),
                ("module 1 cold -> every widget ready", "course_cold", "ready"),
                ("module 1 cold -> graded feedback", "course_cold", "feedback"),
                ("module 1 warm (revisit) -> ready", "course_warm", "ready"),
                ("module 1 warm (revisit) -> graded feedback", "course_warm", "feedback"),
                ("next module by its link -> graded feedback", "course_next", "feedback"),
                ("module 1 offline reload -> graded feedback", "course_offline", "feedback"),
                ("module 1 later (browser reopened) -> graded feedback", "course_later", "feedback"),
            ]
            if args.busy:
                rows += [
                    (f"busy {args.busy}: baseline cold -> ready", "busy_baseline", "ready"),
                    (f"busy {args.busy}: module 1 cold -> every widget ready", "busy_course", "ready"),
                ]
            for label, name, attribute in rows:
                lines.append(time_row(label, [getattr(r, name) for r in runs], attribute))
            offline = [r.course_offline for r in runs if r.course_offline and r.course_offline.error]
            if offline:
                lines += ["", f"Offline reload not available: {offline[0].error}"]
            lines += ["", "| traffic (median over runs) | MB all | requests | MB runtime | runtime requests |"]
            lines.append("|---|---|---|---|---|")
            traffic_rows = [
                ("baseline cold", "baseline_cold"),
                ("baseline warm", "baseline_warm"),
                ("module 1 cold", "course_cold"),
                ("module 1 warm", "course_warm"),
                ("next module", "course_next"),
                ("module 1 later", "course_later"),
            ]
            for label, name in traffic_rows:
                visits = [getattr(r, name) for r in runs if getattr(r, name)]
                lines.append(traffic_row(label, [v.traffic for v in visits]))
            for path in WIDGETLESS_PAGES:
                lines.append(traffic_row(f"{path} (no widgets), cold", [r.widgetless[path].traffic for r in runs]))
            chromium = [r.course_cold.chromium_bytes for r in runs if r.course_cold]
            lines += [
                "",
                f"Chromium's own count for module 1 cold: {megabytes(median(chromium))} MB (headers included).",
            ]
            lines += ["", "| longest main-thread task (ms) | baseline cold | module 1 cold | warm | next |"]
            lines.append("|---|---|---|---|---|")
            tasks = [
                median([getattr(r, name).longest_task_ms for r in runs if getattr(r, name)])
                for name in ("baseline_cold", "course_cold", "course_warm", "course_next")
            ]
            lines.append("| median over runs | " + " | ".join("n/a" if t is None else f"{t:.0f}" for t in tasks) + " |")
            lines.append("")
        lines += goals(per_network, networks, args)
    return "\n".join(lines)


def traffic_row(label: str, traffic: list[Traffic]) -> str:
    """Median bytes and requests, all and runtime only."""

    def mid(name: str) -> float | None:
        return median([getattr(t, name) for t in traffic])

    requests, runtime_requests = mid("requests"), mid("runtime_requests")
    return (
        f"| {label} | {megabytes(mid('bytes'))} | {'n/a' if requests is None else f'{requests:g}'} "
        f"| {megabytes(mid('runtime_bytes'))} | {'n/a' if runtime_requests is None else f'{runtime_requests:g}'} |"
    )


# The time goals: (label, the course's visit and state, the baseline's visit and state, limit).
TIME_GOALS = (
    ("1. next module feedback / baseline warm ready", ("course_next", "feedback"), ("baseline_warm", "ready"), 0.25),
    (
        "1. revisit (module 1 warm) feedback / baseline warm ready",
        ("course_warm", "feedback"),
        ("baseline_warm", "ready"),
        0.25,
    ),
    ("2. module 1 cold ready / baseline cold ready", ("course_cold", "ready"), ("baseline_cold", "ready"), 0.8),
    ("2. module 1 cold feedback / baseline cold ready", ("course_cold", "feedback"), ("baseline_cold", "ready"), 0.8),
)


def goals(per_network: dict[str, list[Run]], networks: list[Network], args: argparse.Namespace) -> list[str]:
    """The issue's goals, each as a ratio of medians against the baseline, with PASS or FAIL."""
    lines = ["| goal | " + " | ".join(n.name for n in networks) + " |", "|---|" + "---|" * len(networks)]

    def time_of(runs: list[Run], name: str, attribute: str) -> float | None:
        return median(
            [getattr(getattr(r, name), attribute) for r in runs if getattr(r, name) and not getattr(r, name).error]
        )

    def ratio(top: float | None, bottom: float | None, limit: float, unit: Callable[[float], str] = seconds) -> str:
        if not bottom:
            return "n/a (the baseline has no result)"
        if top is None:
            return "FAIL (no successful run)"
        value = top / bottom
        verdict = "PASS" if value <= limit else "FAIL"
        return f"{verdict}: {value:.3f} = {unit(top)} / {unit(bottom)} (<= {limit:g})"

    def row(label: str, cell: Callable[[list[Run]], str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(per_network[n.name]) for n in networks) + " |")

    for label, (visit, state), (baseline, baseline_state), limit in TIME_GOALS:
        row(
            label,
            lambda runs, visit=visit, state=state, baseline=baseline, baseline_state=baseline_state, limit=limit: ratio(
                time_of(runs, visit, state), time_of(runs, baseline, baseline_state), limit
            ),
        )
    row(
        "2. runtime bytes, module 1 cold / baseline cold",
        lambda runs: ratio(
            median([r.course_cold.traffic.runtime_bytes for r in runs]),
            median([r.baseline_cold.traffic.runtime_bytes for r in runs]),
            1.0,
            lambda value: f"{megabytes(value)} MB",
        ),
    )

    def widgetless(runs: list[Run]) -> str:
        most = max(v.traffic.runtime_bytes for r in runs for v in r.widgetless.values())
        return f"{'PASS' if most == 0 else 'FAIL'}: {most} bytes (= 0)"

    row("3. runtime bytes on pages without widgets (most in any run)", widgetless)

    def busy(runs: list[Run]) -> str:
        if not args.busy:
            return "not run (--busy N)"
        visits = [r.busy_course for r in runs]
        failed = sum(1 for v in visits if v is None or v.error)
        ready = median([v.ready for v in visits if v and not v.error])
        verdict = "PASS" if failed == 0 else "FAIL"
        return f"{verdict}: {failed} of {len(visits)} failed; ready in {seconds(ready)} s (median)"

    crowd = f"{args.busy} busy processes" if args.busy else "--busy N"
    row(f"4. busy CPU ({crowd}): module 1 cold, every widget ready", busy)
    return ["Goals (ratios of medians; times in seconds):", "", *lines, ""]


# ---------------------------------------------------------------------------------------------
# The run: build, serve, alternate, report.


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (see the module docstring and BENCHMARKS.md)."""
    parser = argparse.ArgumentParser(
        prog="benchmarks/startup.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Output: Markdown on stdout (progress on stderr). See BENCHMARKS.md for what each number means.",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per network and site, each in a fresh profile (3)")
    parser.add_argument(
        "--network", choices=("plain", "throttled", "both"), default="both", help="how to serve the site (both)"
    )
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=20.0,
        help="delay before every response on the throttled network (20; the plain one has none)",
    )
    parser.add_argument(
        "--busy", type=int, default=0, metavar="N", help="then repeat the cold loads with N busy processes (0: skip)"
    )
    parser.add_argument(
        "--site",
        type=Path,
        action="append",
        metavar="DIR",
        help="an already built site instead of building this checkout; repeat to compare builds run by run "
        "(the baseline page is written into each)",
    )
    parser.add_argument("--page", default=MODULE_1, help=f"the first widget page (default {MODULE_1})")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every measurement as JSON")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def networks_for(args: argparse.Namespace) -> list[Network]:
    """The networks asked for, plain first."""
    known = {
        "plain": Network("plain", gzip=False, bits_per_s=None, latency_ms=0.0),
        "throttled": Network("throttled", gzip=True, bits_per_s=THROTTLE_BITS_PER_S, latency_ms=args.latency_ms),
    }
    return list(known.values()) if args.network == "both" else [known[args.network]]


def checkout_label() -> str:
    """This checkout's branch and commit, and whether what the site is built from has uncommitted changes."""

    def git(*command: str) -> str:
        done = subprocess.run(["git", *command], cwd=PROJECT, capture_output=True, text=True)
        return done.stdout.strip()

    # Only what the site is built from counts; this benchmark and its notes don't change the site.
    changes = git(
        "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)benchmarks", ":(exclude,glob)*.md"
    )
    dirty = " + uncommitted changes" if changes else ""
    return f"this checkout ({git('rev-parse', '--abbrev-ref', 'HEAD')} at {git('rev-parse', '--short', 'HEAD')}{dirty})"


def machine() -> dict[str, str]:
    """What the numbers were taken on."""

    def first_line(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return "unknown"
        return (done.stdout or done.stderr).strip().splitlines()[-1] if (done.stdout or done.stderr) else "unknown"

    chromium = system_chromium()
    return {
        "cpus": str(os.cpu_count()),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "chromium": first_line([chromium, "--version"]) if chromium else "Playwright's Chromium",
        "python": sys.version.split()[0],
        "node": first_line(["node", "--version"]),
    }


def progress(message: str) -> None:
    """Progress on stderr, so stdout stays Markdown."""
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    """Build (or take) the sites, serve them, run the measurements alternately, print the report."""
    args = parse_args(argv)
    networks = networks_for(args)
    with ExitStack() as stack:
        if args.site:
            sites = {str(site): site.resolve() for site in args.site}
        else:
            folder = Path(tempfile.mkdtemp(prefix="course-bench-site-"))
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
            progress(f"building the course into {folder} ...")
            sites = {checkout_label(): build_site(folder)}
        baselines = {label: add_baseline(site) for label, site in sites.items()}
        hosts: dict[tuple[str, str], StaticHost] = {}
        for label, site in sites.items():
            for network in networks:
                host = StaticHost(site, network)
                stack.callback(host.stop)
                hosts[label, network.name] = host
        results = {label: {n.name: [Run() for _ in range(args.runs)] for n in networks} for label in sites}
        playwright = stack.enter_context(sync_playwright())
        for index in range(args.runs):
            # Alternate everything, so a machine that gets busier halfway affects every variant alike.
            baseline_first = index % 2 == 0
            for network in networks if baseline_first else networks[::-1]:
                for label in sites:
                    host, run = hosts[label, network.name], results[label][network.name][index]
                    progress(f"run {index + 1}/{args.runs}, {network.name}, {label}")
                    measure_run(playwright, host, run, baselines[label], args.page, baseline_first)
        if args.busy:
            with busy_cpu(args.busy):
                for index in range(args.runs):
                    for network in networks if index % 2 == 0 else networks[::-1]:
                        for label in sites:
                            progress(f"busy {args.busy}: run {index + 1}/{args.runs}, {network.name}, {label}")
                            first = "baseline" if index % 2 == 0 else "course"
                            host, run = hosts[label, network.name], results[label][network.name][index]
                            measure_busy(playwright, host, run, baselines[label], args.page, first)
    about = machine()
    print(f"# Start-up benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print()
    print("Machine: " + ", ".join(f"{name} {value}" for name, value in about.items()) + ".")
    print()
    print(format_report(results, networks, args))
    if args.json:
        document = {
            "machine": about,
            "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items() if k != "site"},
            "networks": [asdict(n) for n in networks],
            "sites": {
                label: {name: [asdict(run) for run in runs] for name, runs in per_network.items()}
                for label, per_network in results.items()
            },
        }
        args.json.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
        progress(f"wrote {args.json}")


if __name__ == "__main__":
    main()
