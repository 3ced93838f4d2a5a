"""The quiz fence's HTML, compared with reviewed golden files (UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from tests.conftest import PROJECT
from widgets import registry
from widgets.errors import WidgetBuildError
from widgets.fences import quiz as quiz_fence

GOLDEN = Path(__file__).parent / "golden"


def render(text: str) -> str:
    """Render Markdown with exactly the site's Markdown extensions and fence configuration."""
    config = load_config(str(PROJECT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    registry.reset()
    return md.convert(text)


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.md")), ids=lambda path: path.stem)
def test_fence_html_matches_golden(case: Path):
    html = render(case.read_text(encoding="utf-8")) + "\n"
    expected = case.with_suffix(".html")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_text(html, encoding="utf-8")
    assert expected.exists(), f"no golden file for {case.name}: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert html == expected.read_text(encoding="utf-8")


def test_an_unexpected_error_still_stops_the_build(monkeypatch):
    """Superfences turns any other exception into a silent code block; ours must get through."""

    def broken_parser(data):
        raise KeyError("a bug")

    monkeypatch.setattr(quiz_fence, "parse_quiz", broken_parser)
    with pytest.raises(WidgetBuildError) as caught:
        render((GOLDEN / "quiz-basic.md").read_text(encoding="utf-8"))
    assert str(caught.value) == ("(unknown page): ```quiz fence: internal error while rendering (KeyError: 'a bug')")
