"""Quizzes as GIFT: escaping, weights and what Moodle's import would read back, with the tests' own GIFT reader."""

from __future__ import annotations

import pytest

from course.gift import escape, gift_for, portable_markdown, question_gift, weights
from course.quiz import parse_quiz
from tests.build import gift_parser

# Moodle's answer weights (question_bank::fraction_options_full), in percent; an import matches within 0.001.
MOODLE_GRADES = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571]
MOODLE_GRADES += [12.5, 11.11111, 10, 5, 0]
MOODLE_GRADES += [-grade for grade in MOODLE_GRADES]


def moodle_accepts(weight: float) -> bool:
    """Whether Moodle's import (matching grades with "error if not listed") takes this weight."""
    return any(abs(weight - grade) < 0.001 for grade in MOODLE_GRADES)


def option(text: str, correct: bool = False, feedback: str = "Because it explains the reason.") -> dict:
    return {"text": text, "correct": correct, "feedback": feedback}


def quiz(*questions: dict, quiz_id: str = "tricky") -> object:
    return parse_quiz({"id": quiz_id, "questions": list(questions)})


def single(question_id: str, prompt: str, *options: dict) -> dict:
    return {"id": question_id, "kind": "single", "prompt": prompt, "options": list(options)}


def multiple(question_id: str, prompt: str, *options: dict) -> dict:
    return {"id": question_id, "kind": "multiple", "prompt": prompt, "options": list(options)}


def read_back(text: str) -> str:
    """A piece of GIFT text as Moodle's import reads it."""
    return gift_parser.plain(gift_parser.unescape(text))


def test_every_special_character_is_escaped_as_moodle_documents_it():
    assert escape("a~b=c#d{e}f:g") == "a\\~b\\=c\\#d\\{e\\}f\\:g"
    assert escape("back\\slash") == "back\\\\slash"
    assert escape("two\nlines") == "two\\nlines"


@pytest.mark.parametrize(
    "text",
    [
        "Plain words.",
        "~ = # { } : all at once",
        "A backslash before n: \\n is not a line break",
        "Escaped already? \\: \\# \\{",
        "Ends in a backslash \\",
        "::looks like a name:: and {=looks like an answer}",
        "Markdown escapes: \\*not emphasis\\* and 5 \\* 3",
        "#### not general feedback",
        "%50% looks like a weight",
    ],
)
def test_escaped_text_reads_back_exactly(text: str):
    assert read_back(escape(text)) == text


def test_portable_markdown_keeps_emphasis_code_and_web_links_and_drops_links_into_this_site():
    assert portable_markdown("*Stay* **calm** with `code {x} <y>`") == "*Stay* **calm** with `code {x} <y>`"
    assert portable_markdown("See [the study](https://example.org/a_b) first.") == (
        "See [the study](https://example.org/a_b) first."
    )
    assert portable_markdown("See [Dixon & McKenna, 2022](../references.md#jolt-2022).") == (
        "See Dixon & McKenna, 2022."
    )
    assert portable_markdown('A map ![the route](../img/route.png "title") here.') == "A map the route here."
    assert portable_markdown("Not a link: \\[x](y)") == "Not a link: \\[x](y)"
    assert portable_markdown("Raw <b>bold</b>") == "Raw &lt;b>bold&lt;/b>"
    assert portable_markdown("  Two\n  lines,   spaced  ") == "Two lines, spaced"


TRICKY = quiz(
    single(
        "q1",
        "Which is right: {a} = b, ~c or #d?\nA second line // with slashes.",
        option("%50% of them", feedback="It looks like a weight but is only the option's text."),
        option("=the right one", correct=True, feedback="It starts with an equals sign and is still right."),
        option("[Gartner](https://www.gartner.com/) says *so*", feedback="A web link first, then `code {x}`."),
        option("[html](https://example.org/) is a link", feedback="[markdown](https://example.org/) is one too."),
    ),
    multiple(
        "q2",
        "Choose **all** that apply; see [Module 2](../modules/02-the-buyers-system.md).",
        option("Uses `a <b> c`", correct=True, feedback="Code keeps its <angle> brackets \\ and backslash."),
        option("Says: \\*stars\\*", correct=True, feedback="Escaped stars stay stars: 5 \\* 3."),
        option("Neither", feedback="Two options above are correct, so neither is wrong here."),
    ),
)


def test_a_tricky_quiz_reads_back_question_by_question():
    read = gift_parser.parse(gift_for({"Module 1: A/B testing": [TRICKY]}, "Course: one"))
    assert read.categories == [("Course: one", "Module 1: A/B testing")]
    assert [question.name for question in read.questions] == ["tricky q1", "tricky q2"]
    for question, written in zip(TRICKY.questions, read.questions, strict=True):
        assert written.category == ("Course: one", "Module 1: A/B testing")
        assert written.text_format == "markdown"
        assert written.text == portable_markdown(question.prompt)
        assert written.single == (question.kind == "single")
        assert [answer.text for answer in written.answers] == [portable_markdown(o.text) for o in question.options]
        assert [answer.feedback for answer in written.answers] == [
            portable_markdown(o.feedback) for o in question.options
        ]
        assert [answer.weight > 0 for answer in written.answers] == [o.correct for o in question.options]
    first = read.questions[0]
    assert [answer.weight for answer in first.answers] == [0, 100, 0, 0]
    assert first.text == "Which is right: {a} = b, ~c or #d? A second line // with slashes."
    assert [answer.weight for answer in read.questions[1].answers] == [50, 50, -100]


@pytest.mark.parametrize("right", range(1, 11))
@pytest.mark.parametrize("wrong", [1, 2, 3, 4, 5, 7, 9, 10, 11, 14])
def test_multiple_choice_weights_are_moodles_own_and_ticking_everything_scores_nothing(right: int, wrong: int):
    options = [option(f"Right {n}", correct=True) for n in range(right)]
    options += [option(f"Wrong {n}") for n in range(wrong)]
    checked = quiz(multiple("q1", "Choose all that apply.", *options))
    (written,) = gift_parser.parse(gift_for({"M": [checked]}, "C")).questions
    shares = [answer.weight for answer in written.answers]
    assert not written.single
    assert all(moodle_accepts(share) for share in shares), shares
    assert round(sum(share for share in shares if share > 0) / 100, 2) == 1  # Moodle's own check
    assert len({share for share in shares if share > 0}) == 1, "the correct options share the marks equally"
    # Six shares of 16.66667 make 100.00002: a millionth of a mark, which Moodle shows as 0.
    assert sum(shares) < 0.001, "ticking every option scores nothing"
    assert all(share < 0 for share in shares[right:])


def test_a_question_moodle_cannot_weigh_equally_is_left_out_with_a_comment():
    many = multiple("q2", "Eleven are right.", *[option(f"Right {n}", correct=True) for n in range(11)], option("No"))
    checked = quiz(single("q1", "Fine?", option("Yes", correct=True), option("No")), many)
    assert weights(checked.questions[1]) is None
    read = gift_parser.parse(gift_for({"M": [checked]}, "C"))
    assert [question.name for question in read.questions] == ["tricky q1"]
    assert any("Left out tricky q2" in comment and "at most 10 correct options" in comment for comment in read.comments)


def test_a_question_is_one_block_named_by_quiz_and_question():
    text = question_gift(TRICKY, TRICKY.questions[0])
    assert "\n\n" not in text
    assert text.startswith("::tricky q1::[markdown]Which is right\\: \\{a\\} \\= b, \\~c or \\#d? A second line")
    assert "\t~%0%%50% of them#" in text


def test_the_file_starts_with_how_to_import_it_and_has_a_category_per_module():
    other = quiz(single("q1", "Another?", option("Yes", correct=True), option("No")), quiz_id="other")
    text = gift_for({"Module 1": [TRICKY], "Module 2": [other]}, "The course")
    read = gift_parser.parse(text)
    assert read.categories == [("The course", "Module 1"), ("The course", "Module 2")]
    assert [q.name for q in read.questions] == ["tricky q1", "tricky q2", "other q1"]
    assert [q.category[-1] for q in read.questions] == ["Module 1", "Module 1", "Module 2"]
    assert text.startswith("// The course: the knowledge checks as GIFT questions (UTF-8).\n")
    assert "Question bank > Import > GIFT format" in text.split("\n\n")[0]
