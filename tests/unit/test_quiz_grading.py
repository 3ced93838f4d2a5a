"""course.grade_quiz: correctness, feedback choice, score and pass/fail for tables of answers."""

import pytest

from course import ContentError, grade_quiz, parse_quiz
from tests.unit.test_quiz_validation import valid_quiz


@pytest.fixture
def quiz():
    return parse_quiz(valid_quiz())


GRADES = [
    # answers, per-question correct, score, passed, verdicts
    ({"q1": [1], "q2": [0, 1]}, [True, True], 2, True, ["Correct.", "Correct."]),
    ({"q1": [0], "q2": [0, 1]}, [False, True], 1, False, ["Not quite.", "Correct."]),
    ({"q1": [1], "q2": [0]}, [True, False], 1, False, ["Correct.", "Partly right: 1 more correct option to find."]),
    ({"q1": [1], "q2": [0, 1, 2]}, [True, False], 1, False, ["Correct.", "Not quite."]),
    ({"q1": [1]}, [True, False], 1, False, ["Correct.", "Not answered yet."]),
    ({}, [False, False], 0, False, ["Not answered yet.", "Not answered yet."]),
    ({"q2": [1, 0, 0]}, [False, True], 1, False, ["Not answered yet.", "Correct."]),
]


@pytest.mark.parametrize(("answers", "correct", "score", "passed", "verdicts"), GRADES)
def test_grading_table(quiz, answers, correct, score, passed, verdicts):
    result = grade_quiz(quiz, answers)
    assert [q["correct"] for q in result["questions"]] == correct
    assert (result["score"], result["total"], result["passed"]) == (score, 2, passed)
    assert [q["verdict"] for q in result["questions"]] == verdicts


def test_feedback_is_given_for_each_chosen_option(quiz):
    result = grade_quiz(quiz, {"q2": [2, 0]})
    assert result["questions"][1]["feedback"] == [
        {"option": 0, "correct": True, "text": "Always on."},
        {"option": 2, "correct": False, "text": "A stage."},
    ]


def test_summary_reports_score_pass_mark_and_unanswered(quiz):
    assert grade_quiz(quiz, {"q1": [1], "q2": [0, 1]})["summary"] == (
        "You answered 2 of 2 questions correctly. You passed (the pass mark is 70%)."
    )
    assert grade_quiz(quiz, {"q1": [0]})["summary"] == (
        "You answered 0 of 2 questions correctly. The pass mark is 70%: read the feedback, "
        "change your answers and check again. 1 question is still unanswered."
    )


def test_pass_mark_is_inclusive():
    data = valid_quiz()
    data["pass_mark"] = 0.5
    result = grade_quiz(parse_quiz(data), {"q1": [1]})
    assert (result["percent"], result["passed"]) == (50, True)


BAD_ANSWERS = [
    ({"q9": [0]}, "answers.q9", 'no question "q9" in quiz "check"'),
    ({"q1": 1}, "answers.q1", "expected a list of option numbers, got the number 1"),
    ({"q1": [5]}, "answers.q1", "the number 5 is not an option of this question"),
    ({"q1": [True]}, "answers.q1", "true is not an option of this question"),
    ({"q1": [0, 1]}, "answers.q1", "a single-choice question takes one answer"),
]


@pytest.mark.parametrize(("answers", "path", "message"), BAD_ANSWERS)
def test_bad_answers_are_refused_with_a_path(quiz, answers, path, message):
    with pytest.raises(ContentError) as caught:
        grade_quiz(quiz, answers)
    assert (caught.value.path, caught.value.message) == (path, message)
