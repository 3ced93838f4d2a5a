"""The built site carries the strict Content-Security-Policy from design.md, and nothing it forbids."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from tests.conftest import PROJECT

# design.md's policy, word for word, plus frame-src 'self' (the trainers' page shows an embed page
# of the site in a frame): the site must not drift from the documented contract.
DESIGN_POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-src 'self'; "
    "base-uri 'none'; form-action 'none'; object-src 'none'"
)
EXECUTABLE_TYPES = {None, "", "module", "text/javascript", "application/javascript"}


class Markup(HTMLParser):
    """What a strict policy would refuse: inline script, style attributes and elements, inline handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.inline_scripts: list[int] = []
        self.style_attributes: list[str] = []
        self.style_elements = 0
        self.handlers: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(values.get("content") or "")
        if tag == "script" and "src" not in values and values.get("type") in EXECUTABLE_TYPES:
            self.inline_scripts.append(self.getpos()[0])
        if tag == "style":
            self.style_elements += 1
        for name, value in attrs:
            if name == "style":
                self.style_attributes.append(f"<{tag} style={value!r}>")
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")


def parsed(page: Path) -> Markup:
    """The page's markup, collected."""
    markup = Markup()
    markup.feed(page.read_text(encoding="utf-8"))
    return markup


def configured_policy() -> str:
    """The policy as mkdocs.yml states it (the one source the pages and _headers come from)."""
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return " ".join(config["extra"]["content_security_policy"].split())


def test_the_configured_policy_is_the_one_in_the_design():
    assert configured_policy() == DESIGN_POLICY


def test_every_page_carries_the_policy_first_and_nothing_it_forbids(built_site: Path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        markup = parsed(page)
        assert markup.policies == [DESIGN_POLICY], page
        assert markup.inline_scripts == [], f"{page}: inline <script> on lines {markup.inline_scripts}"
        assert markup.style_attributes == [], page
        assert markup.style_elements == 0, page
        assert markup.handlers == [], page
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        assert head.index('http-equiv="Content-Security-Policy"') < head.index("<script"), page


def test_headers_file_for_static_hosts(built_site: Path):
    text = (built_site / "_headers").read_text(encoding="utf-8")
    rules = re.findall(r"^(/\S*)\n((?:  .+\n)+)", text, re.MULTILINE)
    headers = {path: dict(line.strip().split(": ", 1) for line in block.splitlines()) for path, block in rules}
    assert headers["/*"]["Content-Security-Policy"] == f"{DESIGN_POLICY}; frame-ancestors *"
    wasm = [path for path in headers if path.endswith(".wasm")]
    assert wasm and all((built_site / path.lstrip("/")).is_file() for path in wasm)
    assert all(headers[path]["Content-Type"] == "application/wasm" for path in wasm)
