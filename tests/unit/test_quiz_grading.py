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
    # One correct option missed and a wrong one chosen: not "partly right", which would hide the mistake.
    ({"q1": [1], "q2": [0, 2]}, [True, False], 1, False, ["Correct.", "Not quite."]),
    ({"q1": [1], "q2": [2]}, [True, False], 1, False, ["Correct.", "Not quite."]),
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


def eight_questions(pass_mark: float) -> dict:
    data = valid_quiz()
    data["pass_mark"] = pass_mark
    first = data["questions"][0]
    data["questions"] = [{**first, "id": f"q{i}"} for i in range(1, 9)]
    return data


def test_percentages_round_half_up_like_the_rest_of_the_course():
    # 5 of 8 is 62.5 %: half up gives 63, Python's round() would give the even 62.
    result = grade_quiz(parse_quiz(eight_questions(0.625)), {f"q{i}": [1] for i in range(1, 6)})
    assert (result["percent"], result["pass_mark_percent"], result["passed"]) == (63, 63, True)
    assert "the pass mark is 63%" in result["summary"]
    one = grade_quiz(parse_quiz(eight_questions(0.7)), {"q1": [1]})
    assert one["percent"] == 13  # 12.5 %


def test_a_pass_mark_rounds_as_written_not_as_stored():
    # 0.285 is stored as 0.28499999999999998; the author wrote 28.5 %, which rounds to 29.
    assert grade_quiz(parse_quiz(eight_questions(0.285)), {})["pass_mark_percent"] == 29
