"""Embed pages: one per widget and per module, no site chrome, the full page's widget HTML, both builders."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from course.kinds import EXERCISES
from tests.build.test_builders import our_blocks
from tests.conftest import PROJECT
from widgets.build import embed

WIDGET_ROOT = re.compile(r'<div class="course-widget [^"]*" data-widget="([^"]+)" id="([^"]+)"')
# What only the site's chrome has: header, tabs, navigation, sidebars, search, footer, Material's bundle.
CHROME = ("md-header", "md-tabs", "md-nav", "md-sidebar", "md-search", "md-footer", "data-md-component", "bundle.")
BASE = "https://site.invalid/"
LINK = re.compile(r"""\s(href|src)=(["'])(.*?)\2""")
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]+">')


def course_pages(site: Path) -> dict[str, str]:
    """Every course page of a built site (not the embed pages), by path, as text."""
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("index.html"))
        if path.relative_to(site).parts[0] not in {"assets", "search", "embed"}
    }


def embed_pages(site: Path) -> dict[str, str]:
    """Every embed page of a built site, by the name in its address."""
    return {
        path.parent.name: path.read_text(encoding="utf-8") for path in sorted((site / "embed").glob("*/index.html"))
    }


def widget_blocks(html: str) -> dict[str, str]:
    """Each widget's HTML on a page, by its id."""
    return {WIDGET_ROOT.match(block)[2]: block for block in our_blocks(html) if WIDGET_ROOT.match(block)}


def resolved(html: str, page: str) -> str:
    """`html` with every link and source written out from the site root, so pages at other depths compare."""

    def absolute(match: re.Match[str]) -> str:
        name, quote, url = match[1], match[2], match[3]
        if url.startswith("#") or urlsplit(url).scheme:
            return match[0]
        return f" {name}={quote}{urljoin(BASE + page, url).removeprefix(BASE)}{quote}"

    return LINK.sub(absolute, html)


def article(html: str) -> str:
    """A page's article, between Material's <article> tags."""
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[html.index(">", start) + 1 : html.index("</article>", start)].strip()


@pytest.fixture(scope="module")
def modules(built_site: Path) -> list[str]:
    return sorted(path.parent.name for path in (built_site / "modules").glob("*/index.html"))


def test_every_exercise_and_every_module_has_an_embed_page(built_site: Path, modules: list[str]):
    roots = [root for html in course_pages(built_site).values() for root in WIDGET_ROOT.findall(html)]
    exercises = {widget_id for kind, widget_id in roots if kind in {kind.name for kind in EXERCISES}}
    assert len(exercises) >= 11 and len(modules) == 7
    # My results and the room page gather the site's own answers: not something to embed.
    assert {kind for kind, _ in roots} - {kind.name for kind in EXERCISES} == {"results", "room"}
    assert set(embed_pages(built_site)) == exercises | set(modules)


def test_embed_pages_have_no_site_chrome_and_keep_the_security_policy(built_site: Path):
    policy = POLICY.search((built_site / "index.html").read_text(encoding="utf-8"))[0]
    for name, html in embed_pages(built_site).items():
        for chrome in CHROME:
            assert chrome not in html, (name, chrome)
        assert POLICY.findall(html) == [policy], name
        assert f'<main class="course-embed__main" data-course-embed="{name}"' in html, name
        assert '<script src="../../assets/generated/widgets/embed-page.js" type="module"></script>' in html, name
        assert '<script src="../../assets/generated/widgets/widgets.js" type="module" async></script>' in html, name
        # No inline script (a JSON payload is data) and no style attribute: the policy would refuse them.
        for tag in re.findall(r"<script[^>]*>", html):
            assert " src=" in tag or 'type="application/json"' in tag, (name, tag)
        assert not re.search(r"<[^>]+\sstyle=", html), name


def test_a_widget_embed_page_has_the_full_pages_widget_html(built_site: Path):
    identical = 0
    embedded = embed_pages(built_site)
    for page, html in course_pages(built_site).items():
        for widget_id, block in widget_blocks(html).items():
            if widget_id not in embedded:
                continue  # My results and the room page have none (test above)
            shown = our_blocks(embedded[widget_id])
            assert len(shown) == 1, widget_id
            # The same bytes, except that relative links are written for the embed page's address.
            assert resolved(shown[0], f"embed/{widget_id}/index.html") == resolved(block, page), widget_id
            identical += shown[0] == block
    # Most widgets have no link at all, and so are byte for byte the same.
    assert identical >= 8


def test_a_module_embed_page_has_the_whole_article(built_site: Path, modules: list[str]):
    embedded = embed_pages(built_site)
    for slug in modules:
        page = f"modules/{slug}/index.html"
        full = (built_site / page).read_text(encoding="utf-8")
        shown = embedded[slug]
        assert resolved(article(shown), f"embed/{slug}/index.html") == resolved(article(full), page), slug
        assert 'class="course-reading-time"' in shown and "<h1 " in shown, slug


def test_every_link_on_an_embed_page_reaches_a_file_of_the_site(built_site: Path):
    checked = 0
    for name, html in embed_pages(built_site).items():
        for _, _, url in LINK.findall(html):
            if url.startswith("#") or urlsplit(url).scheme:
                continue
            target = urlsplit(urljoin(f"{BASE}embed/{name}/", url)).path.removeprefix("/")
            path = built_site / target
            assert (path / "index.html" if target.endswith("/") or not target else path).is_file(), (name, url)
            checked += 1
    assert checked > 100


def test_the_offline_manifest_lists_every_embed_page(built_site: Path):
    manifest = json.loads((built_site / "offline-manifest.json").read_text(encoding="utf-8"))
    pages = {entry["url"] for entry in manifest["files"] if entry["group"] == "page"}
    assert {f"embed/{name}/" for name in embed_pages(built_site)} <= pages
    assert "assets/generated/widgets/embed.js" in {entry["url"] for entry in manifest["files"]}


def test_both_builders_make_the_same_embed_pages(built_site: Path, zensical_site: Path):
    mkdocs_pages, zensical_pages = embed_pages(built_site), embed_pages(zensical_site)
    assert set(zensical_pages) == set(mkdocs_pages)
    for name, html in mkdocs_pages.items():
        assert our_blocks(zensical_pages[name]) == our_blocks(html), name
        for chrome in CHROME:
            assert chrome not in zensical_pages[name], (name, chrome)


@pytest.mark.parametrize(
    ("url", "source", "target", "expected"),
    [
        ("../02-next/", "modules/01-this/index.html", "embed/m1/index.html", "../../modules/02-next/"),
        ("../../glossary/#term", "modules/01-this/index.html", "embed/m1/index.html", "../../glossary/#term"),
        ("../glossary/", "self-assessment/index.html", "embed/sa/index.html", "../../glossary/"),
        ("assets/x.css", "index.html", "embed/sa/index.html", "../../assets/x.css"),
        ("../..", "modules/01-this/index.html", "embed/m1/index.html", "../../"),
        ("#q1", "modules/01-this/index.html", "embed/m1/index.html", "#q1"),
        ("https://example.org/", "index.html", "embed/m1/index.html", "https://example.org/"),
    ],
)
def test_relocate_keeps_a_link_pointing_where_it_pointed(url: str, source: str, target: str, expected: str):
    assert embed.relocate(url, source, target) == expected


def test_a_widget_id_that_is_also_a_module_slug_is_refused(tmp_path: Path):
    page = '<html><body><article class="md-content__inner md-typeset">{}</article></body></html>'
    (tmp_path / "modules" / "intro").mkdir(parents=True)
    (tmp_path / "modules" / "intro" / "index.html").write_text(
        page.format('<p class="course-reading-time">About 1 minute.</p>'), encoding="utf-8"
    )
    (tmp_path / "quiz").mkdir()
    (tmp_path / "quiz" / "index.html").write_text(
        page.format('<div class="course-widget course-quiz" data-widget="quiz" id="intro"><h3>Q</h3></div>'),
        encoding="utf-8",
    )
    with pytest.raises(embed.EmbedError) as raised:
        embed.write(tmp_path)
    assert str(raised.value) == (
        "widgets.build: embed/intro/ would be both the module on modules/intro/index.html "
        "and the widget on quiz/index.html; give one of them another id"
    )


def test_a_page_removed_from_the_course_loses_its_embed_page(tmp_path: Path):
    stale = tmp_path / "embed" / "gone" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<html><body><div class="course-widget" data-widget="quiz" id="kept"><h3>Kept</h3></div></body></html>',
        encoding="utf-8",
    )
    assert [page.name for page in embed.write(tmp_path)] == ["kept"]
    assert not stale.parent.exists() and (tmp_path / "embed" / "kept" / "index.html").is_file()
    assert "<title>Kept - " in (tmp_path / "embed" / "kept" / "index.html").read_text(encoding="utf-8")


def test_the_readme_documents_the_height_message():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert '{type: "course-embed:height", id, height}' in readme


def test_the_trainers_page_is_in_the_nav_linked_from_home_and_its_example_is_an_embed_page(built_site: Path):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="trainers/"' in home.split('class="md-content"', 1)[1], "linked from the home page's text"
    assert 'href="trainers/"' in home.split('class="md-content"', 1)[0], "in the navigation"
    html = (built_site / "trainers" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2 id=[^>]*>(.*?)<a ", html)
    assert headings == [
        "Embedding an exercise in your own page",
        "Room codes: the same order for everyone",
        "Projector view",
        "Trainer view",
        "Collecting results",
        "Facilitator guides and answer keys",
        "Questions for your learning platform",
        "Printing worksheets",
        "Working without a network",
    ]
    # Collecting results: both pages it is about are linked, and they exist.
    for link in ("../my-results/", "../room/"):
        assert f'href="{link}"' in html, link
        assert (built_site / "trainers" / link / "index.html").resolve().is_file()
    # Every page the trainers' pages are made for has its guide and its key linked, and they exist.
    generated = sorted((built_site / "facilitator" / "guide").iterdir())
    assert generated
    for guide in generated:
        for kind in ("guide", "keys"):
            link = f"../facilitator/{kind}/{guide.name}/"
            assert f'href="{link}"' in html, link
            assert (built_site / "trainers" / link / "index.html").resolve().is_file()
    example = re.search(r'<iframe class="course-trainers__example" src="([^"]+)" title="[^"]+"', html)
    assert example and (built_site / "trainers" / example[1] / "index.html").resolve().is_file()
    assert example[1] == "../embed/m1-check/"
    assert (built_site / "trainers" / "../assets/generated/widgets/embed.js").resolve().is_file()
    assert '<script src="../assets/generated/widgets/embed.js" async></script>' in html
