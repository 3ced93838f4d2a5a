"""course.lint_quiz: the build refuses a quiz that can be passed on cues, or whose feedback doesn't teach."""

from __future__ import annotations

import pytest

from course import ContentError, parse_quiz
from course.quiz import lint_quiz

FEEDBACK = "This explains in enough words why it is so."


def single(question_id: str, prompt: str, right: str, wrong: str) -> dict:
    return {
        "id": question_id,
        "kind": "single",
        "prompt": prompt,
        "options": [
            {"text": right, "correct": True, "feedback": FEEDBACK},
            {"text": wrong, "correct": False, "feedback": FEEDBACK},
        ],
    }


PROMPTS = [
    "What does Tomás need before he can compare prices?",
    "Which reply helps Gary with peak season?",
    "How should Priya answer a request for a quote?",
    "Who else is touched when the depot changes its tracking?",
    "When is presenting the product the right move?",
]


def quiz(longest_correct: int, total: int = 5) -> dict:
    """A quiz of `total` single-choice questions, the first `longest_correct` answered by the longest option."""
    questions = [
        single(f"q{n}", PROMPTS[n], "A much longer correct option", "Short")
        if n < longest_correct
        else single(f"q{n}", PROMPTS[n], "Short", "A much longer wrong option")
        for n in range(total)
    ]
    return {"id": "lint", "questions": questions}


def lint_error(data: dict) -> tuple[str, str]:
    with pytest.raises(ContentError) as caught:
        lint_quiz(parse_quiz(data))
    return caught.value.path, caught.value.message


@pytest.mark.parametrize("longest", [0, 1, 2])
def test_up_to_40_percent_of_answers_may_be_the_longest_option(longest):
    lint_quiz(parse_quiz(quiz(longest)))


def test_more_than_40_percent_is_refused_with_the_questions_named():
    assert lint_error(quiz(3)) == (
        "questions",
        "the correct option is the longest in 3 of 5 single-choice questions (q0, q1, q2); "
        "at most 2 may be (40%), or length gives the answer away",
    )


def test_a_tie_for_longest_counts_as_longest():
    data = quiz(0, total=1)
    data["questions"][0]["options"][1]["text"] = "Shore"  # as long as the correct "Short"
    assert lint_error(data)[0] == "questions"


def test_multiple_choice_questions_are_not_counted_and_may_have_one_correct_option():
    data = quiz(2)
    data["questions"].append(
        {
            "id": "m1",
            "kind": "multiple",
            "prompt": "Which of these would you bring to the steering group?",
            "options": [
                {"text": "The criteria the team agreed, written in their words", "correct": True, "feedback": FEEDBACK},
                {"text": "A discount", "correct": False, "feedback": FEEDBACK},
            ],
        }
    )
    lint_quiz(parse_quiz(data))


@pytest.mark.parametrize("feedback", ["Wrong.", "Correct. Yes.", "Not quite: too early.", "No, it isn't that"])
def test_feedback_that_only_gives_a_verdict_is_refused(feedback):
    data = quiz(0)
    data["questions"][1]["options"][1]["feedback"] = feedback
    assert lint_error(data) == (
        "questions[1].options[1].feedback",
        "says too little: explain why in at least 5 words, not only whether it is right",
    )


def test_a_verdict_followed_by_a_reason_is_fine():
    data = quiz(0)
    data["questions"][1]["options"][1]["feedback"] = "Not quite: the budget question comes later."
    lint_quiz(parse_quiz(data))


def test_two_prompts_alike_are_refused():
    data = quiz(0)
    data["questions"][3]["prompt"] = "What does Tomás need before he can compare the prices?"
    assert lint_error(data) == (
        "questions[3].prompt",
        "is almost the same as questions[0].prompt; ask something different",
    )
