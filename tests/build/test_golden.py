"""The quiz fence's HTML, compared with reviewed golden files (UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import importlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from course import parse_quiz
from course.kinds import BY_NAME
from tests.build.fixture_site import BUILDERS, build
from tests.build.in_process import render_page, site_markdown
from tests.build.test_builders import our_blocks, our_html
from widgets.build.errors import WidgetBuildError
from widgets.build.fences.common import inline

GOLDEN = Path(__file__).parent / "golden"


def render(text: str) -> str:
    """Render Markdown with exactly the site's Markdown extensions and fence configuration."""
    return site_markdown().convert(text)


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.md")), ids=lambda path: path.stem)
def test_fence_html_matches_golden(case: Path):
    html = render(case.read_text(encoding="utf-8")) + "\n"
    expected = case.with_suffix(".html")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_text(html, encoding="utf-8")
    assert expected.exists(), f"no golden file for {case.name}: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert html == expected.read_text(encoding="utf-8")


# For each fence kind: the golden page it renders, and the function inside it that a bug could break.
FENCES = {
    "quiz": ("quiz-basic.md", "_question"),
    "stage-map": ("stage-map.md", "_card"),
    "self-assessment": ("self-assessment.md", "_item"),
    "question-coach": ("question-coach.md", "_situation"),
    "stage-reference": ("stage-reference.md", "_section"),
    "results": ("results.md", "_controls"),
    "room": ("room.md", "_inputs"),
}


# The stage reference links to the glossary, which a fixture site lacks; module 4 compares it.
BUILT_CASES = sorted(case for case in GOLDEN.glob("*.md") if case.stem != "stage-reference")
# Golden pages link as if they sat in docs/modules/; these are the pages they link to.
LINKED_PAGES = {
    "references.md": "# References\n\n## Gartner, 2018 { #gartner-2018 }\n",
    "modules/01-right-solution-wrong-time.md": "# Module 1\n",
}
LINK = re.compile(r'href="[^"]*"')


@pytest.fixture(scope="module", params=BUILDERS)
def golden_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every golden page built as one site by each builder."""
    root = tmp_path_factory.mktemp(f"golden-{request.param}")
    cases = {f"modules/{case.name}": case.read_text(encoding="utf-8") for case in BUILT_CASES}
    result = build(root, {**LINKED_PAGES, **cases}, request.param)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.parametrize("case", BUILT_CASES, ids=lambda path: path.stem)
def test_each_builder_puts_the_golden_widget_html_in_the_page(golden_site: Path, case: Path):
    # Link targets aside, which each builder rewrites to its URLs (tests/build/test_builders.py
    # compares those between the builders), the page has exactly the golden widget HTML.
    expected = [LINK.sub("href", block) for block in our_blocks(case.with_suffix(".html").read_text(encoding="utf-8"))]
    built = [LINK.sub("href", block) for block in our_html(golden_site / "modules" / case.stem / "index.html")]
    assert expected and built == expected


def test_every_registered_kind_has_a_golden_page_here():
    assert set(FENCES) == set(BY_NAME)


@pytest.mark.parametrize("kind", sorted(FENCES))
def test_an_unexpected_error_in_any_fence_still_stops_the_build(monkeypatch, kind):
    """Superfences turns any other exception into a silent code block; ours must get through."""
    golden, inner = FENCES[kind]
    module = importlib.import_module(f"widgets.build.fences.{BY_NAME[kind].fence}")

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(module, inner, broken)
    with pytest.raises(WidgetBuildError) as caught:
        render((GOLDEN / golden).read_text(encoding="utf-8"))
    assert str(caught.value) == f"(unknown page): ```{kind} fence: internal error while rendering (KeyError: 'a bug')"


@pytest.mark.parametrize("kind", sorted(FENCES))
def test_every_fence_renders_its_widget_and_never_a_code_block(kind):
    html = render((GOLDEN / FENCES[kind][0]).read_text(encoding="utf-8"))
    assert f'data-widget="{kind}"' in html or '<div class="course-stage-reference">' in html
    assert "<pre" not in html and f"language-{kind}" not in html


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.scripts.append(data)


def test_raw_html_in_widget_text_is_shown_as_text_and_never_becomes_markup():
    source = (GOLDEN / "quiz-raw-html.md").read_text(encoding="utf-8")
    html = render(source)
    parser = Elements()
    parser.feed(html)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "class": "course-widget__data"}]
    assert "img" not in [tag for tag, _ in parser.tags]
    assert not [(tag, name) for tag, attrs in parser.tags for name in attrs if name.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<em>text</em>, with <a href="https://example.org">a link</a> and <code>code</code>' in html
    # The payload keeps every "<" escaped, so its own </script> is the first one in the widget.
    payload = html.split('class="course-widget__data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in payload and ">" not in payload
    quiz = parse_quiz(yaml.safe_load(source.split("```quiz\n", 1)[1].split("```", 1)[0]))
    assert parser.scripts == [payload] and json.loads(payload) == quiz.to_data()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('*x*{ onmouseover="go()" }', 'the attribute "onmouseover" is not allowed: widget text cannot run script'),
        ("[x](JavaScript:go())", 'the attribute "href" may not hold a script URL: widget text cannot run script'),
        ("[x](&#106;avascript:go())", 'the attribute "href" may not hold a script URL: widget text cannot run script'),
        ("![x](vbscript:go())", 'the attribute "src" may not hold a script URL: widget text cannot run script'),
        (
            '*x*{ style="color: red" }',
            'the attribute "style" is not allowed: the site\'s Content-Security-Policy blocks inline styles',
        ),
    ],
)
def test_attr_list_and_links_cannot_smuggle_in_script(tmp_path, text, message):
    quiz = (GOLDEN / "quiz-basic.md").read_text(encoding="utf-8")
    broken = quiz.replace("prompt: What does a buyer settle before choosing a supplier?", f"prompt: '{text}'")
    with pytest.raises(WidgetBuildError) as caught:
        render_page(tmp_path, broken, "x.md")
    assert str(caught.value) == f"docs/x.md:6: golden-basic: questions[0].prompt: {message}"


def test_attr_list_classes_and_ids_still_work():
    assert inline("*x*{: .note #here }", None, None, "p") == '<em class="note" id="here">x</em>'
