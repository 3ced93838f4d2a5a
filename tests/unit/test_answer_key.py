"""course.answer_key: each kind's key says exactly what its content expects; the trainer-only keys validate."""

from __future__ import annotations

import copy

import pytest

from course import ContentError, parse_quiz, parse_self_assessment, parse_stage_map
from course.answer_key import KEY_BUILDERS, answer_key
from course.kinds import EXERCISES
from course.question_coach import CRITERIA, parse_question_coach
from tests.unit.test_question_coach import valid_coach
from tests.unit.test_quiz_validation import valid_quiz
from tests.unit.test_self_assessment import valid_assessment
from tests.unit.test_stage_map import valid_map


def test_every_widget_kind_has_exactly_one_key_builder():
    assert set(KEY_BUILDERS) == {kind.name for kind in EXERCISES}


def test_quiz_key_gives_every_correct_option_with_its_explanation_and_no_wrong_one():
    key = answer_key("quiz", parse_quiz(valid_quiz()))
    assert [item.caption for item in key.items] == ["Question 1", "Question 2"]
    assert key.items[0].text == "Why does a buyer with a clear need still not buy?"
    assert key.items[0].answers == ("Internal change",)
    assert key.items[0].reasons == ("Yes: it comes first.",)
    assert key.items[1].answers == ("Validation", "Consensus creation")
    assert "Supplier selection" not in key.items[1].answers
    assert "The pass mark is 70%." in key.intro


def test_stage_map_key_names_the_stage_the_defensible_ones_the_explanation_and_the_fitting_reply():
    key = answer_key("stage-map", parse_stage_map(valid_map()))
    assert key.items[0].answers == ("Stage 1: Stable enough",)
    assert key.items[1].answers == ("Stage 3: Trying internal fixes (also defensible: stage 2, Noticing a gap)",)
    assert key.items[1].reasons == (
        "A familiar fix comes first.",
        "The reply that fits this stage: How will you judge the patch?",
    )
    assert [item.caption for item in key.items] == ["Card 1", "Card 2", "Card 3", "Card 4"]


def test_self_assessment_key_explains_scoring_and_dimensions_without_right_answers():
    key = answer_key("self-assessment", parse_self_assessment(valid_assessment()))
    assert [item.text for item in key.items] == ["Where I start", "Whom I involve", "Overall position"]
    assert key.items[0].answers == ("Statements 1, 2 (reversed)",)
    assert key.items[1].reasons == ("0–49, 0-49: What it may mean.", "50–100, 50-100: What it may mean.")
    assert "from 0 (Never) to 4 (Always)" in key.notes[0]
    assert "no right answers" in key.notes[2]


def test_question_coach_key_lists_the_criteria_and_each_situations_models():
    coach = parse_question_coach(valid_coach())
    key = answer_key("question-coach", coach)
    assert [note.split(":")[0] for note in key.notes] == [c.name for c in CRITERIA]
    assert [item.answers for item in key.items] == [s.models for s in coach.situations]


TRAINER_KEY_CASES = [
    (
        parse_quiz,
        valid_quiz,
        lambda d: d.update(discuss=["fine", 3]),
        "discuss[1]",
        "expected text, got the number 3",
    ),
    (parse_quiz, valid_quiz, lambda d: d.update(discuss=[]), "discuss", "needs at least 1 entry, got 0"),
    (parse_quiz, valid_quiz, lambda d: d.update(discuss="talk"), "discuss", 'expected a list, got the text "talk"'),
    (
        parse_self_assessment,
        valid_assessment,
        lambda d: d.update(debrief=["  "]),
        "debrief[0]",
        "must not be empty",
    ),
    (
        parse_stage_map,
        valid_map,
        lambda d: d.update(confusions=[{"between": ["aligning"], "why": "w", "say": "s"}]),
        "confusions[0].between",
        "expected a list of two stage ids, got a list",
    ),
    (
        parse_stage_map,
        valid_map,
        lambda d: d.update(confusions=[{"between": ["aligning", "aligning"], "why": "w", "say": "s"}]),
        "confusions[0].between",
        "names 'aligning' twice; a confusion is between two different stages",
    ),
    (
        parse_stage_map,
        valid_map,
        lambda d: d.update(confusions=[{"between": ["aligning", "fixes"], "why": "w", "say": "s"}]),
        "confusions[0].between[1]",
        "unknown stage 'fixes'; the stages are: stable-enough, noticing-a-gap, internal-fixes, aligning, "
        "weighing-disruption, criteria-and-budget, choosing, integrating",
    ),
    (
        parse_stage_map,
        valid_map,
        lambda d: d.update(confusions=[{"between": ["aligning", "choosing"], "why": "w"}]),
        "confusions[0].say",
        "is required",
    ),
    (
        parse_stage_map,
        valid_map,
        lambda d: d.update(confusions=[{"between": ["aligning", "choosing"], "why": "w", "say": "s", "tip": "t"}]),
        "confusions[0].tip",
        "unknown key; allowed keys: between, why, say",
    ),
]


@pytest.mark.parametrize(("parse", "valid", "change", "path", "message"), TRAINER_KEY_CASES)
def test_trainer_only_keys_fail_with_an_exact_path_and_message(parse, valid, change, path, message):
    data = copy.deepcopy(valid())
    change(data)
    with pytest.raises(ContentError) as caught:
        parse(data)
    assert (caught.value.path, caught.value.message) == (path, message)


def test_trainer_only_keys_are_optional_and_round_trip():
    quiz = valid_quiz() | {"discuss": ["What would you ask next?"]}
    assert parse_quiz(parse_quiz(quiz).to_data()).discuss == ("What would you ask next?",)
    assert parse_quiz(valid_quiz()).discuss == () and "discuss" not in parse_quiz(valid_quiz()).to_data()
    stage_map = valid_map() | {
        "confusions": [{"between": ["internal-fixes", "noticing-a-gap"], "why": "w", "say": "s"}]
    }
    parsed = parse_stage_map(stage_map)
    assert parsed.confusions[0].between == ("internal-fixes", "noticing-a-gap")
    assert parse_stage_map(parsed.to_data()) == parsed
    assessment = parse_self_assessment(valid_assessment() | {"debrief": ["Compare, don't rank."]})
    assert parse_self_assessment(assessment.to_data()) == assessment
