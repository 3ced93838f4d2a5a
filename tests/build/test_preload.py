"""Module preloads: a page with widgets names every module its widgets import, so none waits for another."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import PROJECT
from widgets.build import preload

PRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]+)">')
MODULE_4 = "modules/04-the-buyers-route/index.html"


def test_the_graph_is_read_from_static_imports_only(tmp_path: Path):
    (tmp_path / "widgets.js").write_text(
        'import { a } from "./a.js";\nimport "./side.js";\nimport {\n  b,\n  c,\n} from "./b.js";\n'
        'export { d } from "./d.js";\nimport("./extra.js").then(() => {});\nconst url = "./not-an-import.js";\n',
        encoding="utf-8",
    )
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nexport const a = 1;\n', encoding="utf-8")
    (tmp_path / "b.js").write_text("export const b = 2;\n", encoding="utf-8")
    graph = preload.module_graph(tmp_path)
    assert graph["widgets.js"] == ("a.js", "side.js", "b.js", "d.js")
    assert graph["a.js"] == ("b.js",)
    assert preload.closure(["widgets.js"], graph) == ["widgets.js", "a.js", "side.js", "b.js", "d.js"]


def test_a_page_preloads_the_entry_its_kinds_and_all_they_import():
    graph = {"widgets.js": ("kit.js",), "quiz.js": ("kit.js", "order.js"), "stage-map.js": ("order.js",)}
    page = (
        '<head><script type="module" async src="../../assets/w/python-start.js"></script><title>t</title></head>'
        '<div class="course-widget" data-widget="quiz" id="a"></div>'
        '<div class="course-widget course-question-coach" data-widget="quiz" id="b"></div>'
    )
    with_links = preload.with_preloads(page, graph)
    assert PRELOAD.findall(with_links) == [
        "../../assets/w/widgets.js",
        "../../assets/w/quiz.js",
        "../../assets/w/kit.js",
        "../../assets/w/order.js",
    ]
    assert with_links.index("python-start.js") < with_links.index("modulepreload") < with_links.index("<title>")
    # Written once: a second run (mkdocs serve rebuilding) adds nothing.
    assert preload.with_preloads(with_links, graph) == with_links
    no_widgets = "<head><title>no widgets</title></head>"
    assert preload.with_preloads(no_widgets, graph) == no_widgets


def test_built_pages_with_widgets_preload_exactly_what_they_import(built_site: Path):
    graph = preload.module_graph()
    html = (built_site / MODULE_4).read_text(encoding="utf-8")
    kinds = set(re.findall(r'data-widget="([a-z-]+)"', html))
    assert {"quiz", "stage-map", "question-coach"} <= kinds
    hrefs = PRELOAD.findall(html)
    names = [href.rsplit("/", 1)[1] for href in hrefs]
    assert len(names) == len(set(names))
    # Everything the entry and the page's kinds import, and nothing an extra (Embed, offline) needs.
    expected = preload.closure(["widgets.js", "quiz.js", "stage-map.js", "question-coach.js"], graph)
    assert set(names) == set(expected)
    assert {"widget-kit.js", "workshop.js", "order.js", "kinds.js"} <= set(names)
    assert not {"embed-control.js", "offline.js", "self-assessment.js"} & set(names)
    for href in hrefs:
        assert (built_site / "modules/04-the-buyers-route" / href).resolve().is_file(), href


def test_embed_pages_preload_and_pages_without_widgets_do_not(built_site: Path):
    embed = (built_site / "embed/m1-check/index.html").read_text(encoding="utf-8")
    assert "../../assets/generated/widgets/quiz.js" in PRELOAD.findall(embed)
    for page in ("index.html", "glossary/index.html", "references/index.html", "trainers/index.html"):
        assert not PRELOAD.findall((built_site / page).read_text(encoding="utf-8")), page


def test_every_browser_module_the_entry_imports_is_in_the_assets_or_generated():
    generated = {"kinds.js"}  # written by the assembly step
    graph = preload.module_graph()
    for name in preload.closure(["widgets.js", *preload.SCRIPTS.values()], graph):
        assert name in generated or (PROJECT / "widgets" / "assets" / name).is_file(), name


def test_zensical_pages_get_the_same_preloads_and_script_order(built_site: Path, zensical_site: Path):
    mkdocs_page = (built_site / MODULE_4).read_text(encoding="utf-8")
    zensical_page = (zensical_site / MODULE_4).read_text(encoding="utf-8")
    assert PRELOAD.findall(zensical_page) == PRELOAD.findall(mkdocs_page) != []
    tag = '<script type="module" async src="../../assets/generated/widgets/widgets.js"></script>'
    assert zensical_page.index(tag) < zensical_page.index('<script src="../../assets/javascripts/bundle.')
