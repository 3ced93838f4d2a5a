"""The quizzes as GIFT files in the built site: read back, they hold every question of the built pages.

The files are read with the tests' own GIFT reader and compared with the quiz content each built page
carries in its widget's JSON payload, and their Markdown, rendered as a Markdown renderer in the
platform would, with what the page itself shows.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from tests.build import gift_parser
from tests.build.course_sources import DOCS
from tests.conftest import PROJECT
from widgets.build import assemble, gift, trainer_pages
from widgets.build.fences.common import inline

PAGES = [page for page in trainer_pages.source_pages(DOCS) if page.of_kind("quiz")]
SLUGS = [page.slug for page in PAGES]
COURSE_TITLE = "From pushing to facilitating"
PAYLOAD = re.compile(
    r'<div class="course-widget course-quiz" data-widget="quiz" id="([^"]+)"[^>]*>\s*'
    r'<script type="application/json" class="course-widget__data">(.*?)</script>',
    re.DOTALL,
)
# A link with no scheme leads to a page of this site: the GIFT files keep only its text.
RELATIVE_LINK = re.compile(r'<a href="(?![a-z][a-z0-9+.-]*:)[^"]*">(.*?)</a>', re.DOTALL)


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest) -> Path:
    """The course built by each builder."""
    return request.getfixturevalue("built_site" if request.param == "mkdocs" else "zensical_site")


def built_page(site: Path, src_uri: str) -> str:
    """A built page's HTML, found from its source path."""
    return (site / posixpath.splitext(src_uri)[0] / "index.html").read_text(encoding="utf-8")


def payloads(page_html: str) -> list[dict]:
    """Every quiz's content as its widget carries it, in page order."""
    return [json.loads(body) for _, body in PAYLOAD.findall(page_html)]


def shown(page_html: str, quiz_id: str, question_id: str) -> tuple[str, list[str], list[str]]:
    """What the page shows of one question: its prompt, its options' labels and their explanations, as HTML."""
    start = page_html.index(f'id="{quiz_id}"')
    fieldset = page_html[page_html.index(f'data-question="{question_id}"', start) :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    prompt = re.search(r'<span class="course-quiz__number">\d+\.</span> (.*?)</legend>', fieldset, re.DOTALL)[1]
    labels = re.findall(r'<label for="[^"]+">(.*?)</label>', fieldset, re.DOTALL)
    explanations = re.findall(r'<span class="course-widget__explanation-text">(.*?)</span></p>', fieldset, re.DOTALL)
    return prompt, labels, explanations


def as_platform_shows(gift_markdown: str) -> str:
    """GIFT text as a Markdown renderer with raw HTML allowed (as in Moodle) turns it into inline HTML."""
    rendered = markdown.markdown(gift_markdown)
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    return _same_spacing(rendered[3:-4])


def as_page_shows(page_html: str) -> str:
    """A page's inline HTML with links into the site reduced to their text."""
    return _same_spacing(RELATIVE_LINK.sub(r"\1", page_html))


def _same_spacing(text: str) -> str:
    """HTML in one spelling: tags as written, text with entities decoded and re-escaped, whitespace as one space."""
    parser = _Canonical()
    parser.feed(text)
    parser.close()
    return " ".join("".join(parser.out).split())


class _Canonical(HTMLParser):
    """Re-writes HTML so two renderers' equal output compares equal (`&#x27;` or `'`, `&gt;` or `>`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = "".join(f' {name}="{html.escape(value or "")}"' for name, value in attrs)
        self.out.append(f"<{tag}{written}>")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))


def gift_files(site: Path) -> dict[str, str]:
    """The built site's GIFT files by name."""
    return {path.name: path.read_text(encoding="utf-8") for path in (site / gift.FOLDER).iterdir()}


def compare(question: gift_parser.GiftQuestion, quiz_id: str, data: dict, page_html: str) -> None:
    """One question read from GIFT against the quiz content and what the page shows."""
    assert question.name == f"{quiz_id} {data['id']}"
    assert question.text_format == "markdown"
    assert question.single == (data["kind"] == "single"), question.name
    options = data["options"]
    assert len(question.answers) == len(options), question.name
    prompt, labels, explanations = shown(page_html, quiz_id, data["id"])
    assert as_platform_shows(question.text) == as_page_shows(prompt), question.name
    for answer, option, label, explanation in zip(question.answers, options, labels, explanations, strict=True):
        assert as_platform_shows(answer.text) == as_page_shows(label), question.name
        assert as_platform_shows(answer.feedback) == as_page_shows(explanation), question.name
        if "](" not in option["text"] + option["feedback"]:
            # Without links, the text is the author's, character for character, on one line.
            assert (answer.text, answer.feedback) == (
                " ".join(option["text"].split()),
                " ".join(option["feedback"].split()),
            )
        assert (answer.weight > 0) == option["correct"], question.name
    weights = [answer.weight for answer in question.answers]
    if data["kind"] == "single":
        assert [answer.marked_right for answer in question.answers] == [o["correct"] for o in options]
        assert weights == [100 if o["correct"] else 0 for o in options]
    else:
        right = [weight for weight in weights if weight > 0]
        assert round(sum(right), 2) == 100 and len(set(right)) == 1, (question.name, weights)
        assert sum(weights) < 0.001, (question.name, weights)


def test_there_is_a_file_for_each_page_with_checks_and_one_for_the_course(site: Path):
    assert sorted(gift_files(site)) == sorted([*(f"{slug}.gift.txt" for slug in SLUGS), "course.gift.txt"])
    assert len(PAGES) == 7


def test_both_builders_copy_the_same_files_the_assembly_step_writes(built_site: Path, zensical_site: Path):
    expected = {path.name: data.decode() for path, data in gift.files_for(DOCS).items()}
    assert gift_files(built_site) == expected
    assert gift_files(zensical_site) == expected


@pytest.mark.parametrize("page", PAGES, ids=SLUGS)
def test_each_page_file_holds_every_question_of_the_built_page(site: Path, page: trainer_pages.SourcePage):
    page_html = built_page(site, page.src_uri)
    quizzes = payloads(page_html)
    assert [content["id"] for content in quizzes] == [quiz.id for quiz in page.of_kind("quiz")]
    read = gift_parser.parse(gift_files(site)[f"{page.slug}.gift.txt"])
    title = re.search(r"<h1[^>]*>(.*?)<", page_html)[1]
    assert len(read.categories) == 1
    assert read.categories[0][0] == COURSE_TITLE and re.fullmatch(
        rf"Module \d: {re.escape(title)}", read.categories[0][1]
    )
    expected = [(content["id"], question) for content in quizzes for question in content["questions"]]
    assert len(read.questions) == len(expected)
    for question, (quiz_id, data) in zip(read.questions, expected, strict=True):
        compare(question, quiz_id, data, page_html)


def test_the_course_file_holds_every_module_in_order_each_in_its_category(site: Path):
    read = gift_parser.parse(gift_files(site)["course.gift.txt"])
    assert [category[1] for category in read.categories] == [
        f"Module {n}: {page.title}" for n, page in enumerate(PAGES, 1)
    ]
    expected = []
    for page in PAGES:
        page_html = built_page(site, page.src_uri)
        category = read.categories[PAGES.index(page)]
        expected += [
            (content["id"], q, page_html, category) for content in payloads(page_html) for q in content["questions"]
        ]
    assert len(read.questions) == len(expected) == 46
    for question, (quiz_id, data, page_html, category) in zip(read.questions, expected, strict=True):
        assert question.category == category
        compare(question, quiz_id, data, page_html)


def test_the_trainers_page_links_every_file_and_each_link_resolves(site: Path):
    trainers = site / "trainers" / "index.html"
    links = re.findall(r'href="([^"]*\.gift\.txt)"', trainers.read_text(encoding="utf-8"))
    assert sorted(posixpath.basename(link) for link in links) == sorted(gift_files(site))
    for link in links:
        assert link.startswith("../facilitator/gift/"), link
        assert (trainers.parent / link).resolve().is_file(), link


def test_static_hosts_are_told_the_files_are_utf8_text_and_they_work_offline(built_site: Path):
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    assert "\n/facilitator/gift/*\n  Content-Type: text/plain; charset=utf-8\n" in headers
    manifest = json.loads((built_site / "offline-manifest.json").read_text(encoding="utf-8"))
    listed = {entry["url"] for entry in manifest["files"]}
    assert {f"facilitator/gift/{name}" for name in gift_files(built_site)} <= listed


TRICKY = """# Tricky

```quiz
id: tricky
questions:
  - id: q1
    kind: multiple
    prompt: "Pick *each* one: {a} = b, ~c, #d, and see [Module 1](modules/one.md) or [the web](https://example.org/)."
    options:
      - text: "`code {with} <braces>` and **strong**"
        correct: true
        feedback: "Right: code keeps its braces, and <b>tags</b> stay text."
      - text: "A \\\\*star\\\\* that is not emphasis"
        correct: true
        feedback: "Right as well: an escaped star is only a star."
      - text: "%50% of nothing"
        correct: false
        feedback: "Wrong: the percent sign is just text here, not a weight."
  - id: q2
    kind: single
    prompt: "Which: plain?"
    options:
      - text: "[The study](https://example.org/study) first"
        correct: true
        feedback: "Yes: a web link at the very start of an option stays a link."
      - text: "None of these"
        correct: false
        feedback: "No: the first option is correct, as its feedback says."
```
"""


def test_a_tricky_quiz_reads_in_the_platform_as_it_reads_on_the_page(tmp_path: Path):
    (tmp_path / "index.md").write_text("---\ntitle: A course\n---\n\n# Home\n", encoding="utf-8")
    (tmp_path / "tricky.md").write_text(TRICKY, encoding="utf-8")
    files = gift.files_for(tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in files) == [
        "facilitator/gift/course.gift.txt",
        "facilitator/gift/tricky.gift.txt",
    ]
    read = gift_parser.parse(files[tmp_path / "facilitator" / "gift" / "tricky.gift.txt"].decode())
    assert read.categories == [("A course", "Tricky")]
    (page,) = trainer_pages.source_pages(tmp_path)
    (quiz,) = page.of_kind("quiz")
    assert [question.name for question in read.questions] == ["tricky q1", "tricky q2"]
    for question, source in zip(read.questions, quiz.questions, strict=True):
        assert question.single == (source.kind == "single")
        assert as_platform_shows(question.text) == as_page_shows(inline(source.prompt, None, None, "prompt"))
        for answer, option in zip(question.answers, source.options, strict=True):
            assert as_platform_shows(answer.text) == as_page_shows(inline(option.text, None, None, "text"))
            assert as_platform_shows(answer.feedback) == as_page_shows(inline(option.feedback, None, None, "feedback"))
    assert [answer.weight for answer in read.questions[0].answers] == [50, 50, -100]
    assert [answer.weight for answer in read.questions[1].answers] == [100, 0]
    # What a reader sees: emphasis, code and web links kept; the link into the site only as its text.
    prompt = as_platform_shows(read.questions[0].text)
    assert "<em>each</em>" in prompt and '<a href="https://example.org/">the web</a>' in prompt
    assert "Module 1" in prompt and "modules/one" not in prompt
    assert (
        as_platform_shows(read.questions[0].answers[0].text)
        == "<code>code {with} &lt;braces&gt;</code> and <strong>strong</strong>"
    )
    assert "<b>" not in markdown.markdown(read.questions[0].answers[0].feedback)


def test_assembly_writes_the_files_once_and_removes_them_with_the_last_quiz(tmp_path: Path):
    (tmp_path / "node_modules").symlink_to(PROJECT / "node_modules", target_is_directory=True)
    docs = tmp_path / "docs"
    docs.mkdir()
    quiz = (PROJECT / "tests" / "build" / "golden" / "quiz-basic.md").read_text(encoding="utf-8")
    (docs / "a.md").write_text(quiz, encoding="utf-8")
    (docs / "b.md").write_text(quiz.replace("id: ", "id: b-", 1), encoding="utf-8")
    folder = docs / "facilitator" / "gift"
    written = [folder / "a.gift.txt", folder / "b.gift.txt", folder / "course.gift.txt"]
    first = assemble.assemble(docs, tmp_path, "default-src 'none'")
    assert set(written) <= set(first.changed)
    assert "/facilitator/gift/*" in (docs / "_headers").read_text(encoding="utf-8")
    assert assemble.assemble(docs, tmp_path, "default-src 'none'").changed == ()
    (docs / "b.md").write_text("# No quiz now\n", encoding="utf-8")
    second = assemble.assemble(docs, tmp_path, "default-src 'none'")
    assert folder / "b.gift.txt" in second.removed and (folder / "course.gift.txt") in second.changed
    assert "b-golden-basic" not in (folder / "course.gift.txt").read_text(encoding="utf-8")
    (docs / "a.md").write_text("# No quiz here either\n", encoding="utf-8")
    third = assemble.assemble(docs, tmp_path, "default-src 'none'")
    assert {folder / "a.gift.txt", folder / "course.gift.txt"} <= set(third.removed) and not folder.exists()
    assert "/facilitator/gift/*" not in (docs / "_headers").read_text(encoding="utf-8")


def test_pages_with_the_same_title_share_a_category_and_keep_all_their_questions(tmp_path: Path):
    quiz = (PROJECT / "tests" / "build" / "golden" / "quiz-basic.md").read_text(encoding="utf-8")
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"# Same\n\n{quiz.replace('id: ', f'id: {name}-', 1)}", encoding="utf-8")
    course = gift.files_for(tmp_path)[tmp_path / "facilitator" / "gift" / "course.gift.txt"].decode()
    read = gift_parser.parse(course)
    assert read.categories == [("Course", "Same")]
    assert [question.name for question in read.questions] == ["a-golden-basic q1", "b-golden-basic q1"]
