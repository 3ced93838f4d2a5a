"""Answer keys for trainers: what each widget expects, read from its validated content, one function per kind.

A key is plain data (inline Markdown strings), so the fence can render it inside the widget for the
trainer view (`?reveal=1`) and the build can write it into the printable key and guide pages, from the
same function. Links inside authored text stay as the author wrote them (relative to the widget's page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from course.question_coach import CAVEAT, CRITERIA, QuestionCoach
from course.quiz import Quiz
from course.self_assessment import Band, SelfAssessment
from course.stage_map import StageMap
from course.stage_model import BY_ID


@dataclass(frozen=True)
class KeyItem:
    """One entry of a key: what the learner meets, the expected answer, and why."""

    # The question, card, dimension or situation id it answers ("overall" for the overall position).
    id: str
    caption: str
    text: str
    answers: tuple[str, ...]
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerKey:
    """A widget's key: how to read it, general notes, then one item per question, card or dimension."""

    widget_id: str
    kind: str
    title: str
    intro: str
    notes: tuple[str, ...]
    items: tuple[KeyItem, ...]
    # How the renderers introduce each answer, and the first reason ("Correct", "Why"); "" for none.
    answer_label: str = "Answer"
    reason_label: str = "Why"


def quiz_key(quiz: Quiz) -> AnswerKey:
    """The correct option or options of every question, each with the explanation learners read."""
    items = tuple(
        KeyItem(
            id=question.id,
            caption=f"Question {number}",
            text=question.prompt,
            answers=tuple(option.text for option in question.options if option.correct),
            reasons=tuple(option.feedback for option in question.options if option.correct),
        )
        for number, question in enumerate(quiz.questions, start=1)
    )
    mark = round(quiz.pass_mark * 100)
    return AnswerKey(
        quiz.id,
        "quiz",
        quiz.title,
        f"The correct answers, with the explanation learners read. A multiple-choice question is right only "
        f"when exactly its correct options are chosen. The pass mark is {mark}%.",
        (),
        items,
        answer_label="Correct",
    )


def stage_map_key(stage_map: StageMap) -> AnswerKey:
    """Each card's best-fitting stage, the other defensible readings, why, and the reply that fits."""
    items = []
    for number, card in enumerate(stage_map.cards, start=1):
        best = BY_ID[card.stage]
        answer = f"Stage {best.number}: {best.name}"
        if card.also:
            others = ", ".join(f"stage {BY_ID[s].number}, {BY_ID[s].name}" for s in card.also)
            answer += f" (also defensible: {others})"
        fitting = next(reply for reply in card.replies if reply.kind == "fits")
        reasons = (card.explanation, f"The reply that fits this stage: {fitting.text}")
        items.append(KeyItem(card.id, f"Card {number}", card.text, (answer,), reasons))
    return AnswerKey(
        stage_map.id,
        "stage-map",
        stage_map.title,
        "Where each card fits best. Stages overlap: a defensible stage earns ¾ of a point and the stage next to "
        "the best fit earns ½, so discuss a neighbouring choice rather than marking it wrong.",
        (),
        tuple(items),
        answer_label="Fits best",
    )


def self_assessment_key(assessment: SelfAssessment) -> AnswerKey:
    """No right answers: how the profile is scored, and what each dimension and its bands mean."""
    steps = len(assessment.labels) - 1
    notes = (
        f"Each answer scores its place on the scale, from 0 ({assessment.labels[0]}) to {steps} "
        f"({assessment.labels[-1]}); statements that describe pushing are scored the other way round.",
        f"A dimension's score is the mean of its statements divided by {steps}, times 100: 0 is pushing on every "
        "statement, 100 facilitating on every one. The overall position is the same over all statements.",
        "It is a reflective profile, not a test or a validated instrument: there are no right answers, and it "
        "must never be used to rank people.",
    )
    items = []
    for dimension in assessment.dimensions:
        numbers = [
            f"{index}{' (reversed)' if item.direction == 'push' else ''}"
            for index, item in enumerate(assessment.items, start=1)
            if item.dimension == dimension.id
        ]
        items.append(
            KeyItem(
                dimension.id,
                "Dimension",
                dimension.name,
                (f"Statements {', '.join(numbers)}",),
                ((dimension.description,) if dimension.description else ()) + _bands(dimension.bands),
            )
        )
    items.append(KeyItem("overall", "Overall", "Overall position", ("All statements",), _bands(assessment.overall)))
    return AnswerKey(
        assessment.id,
        "self-assessment",
        assessment.title,
        "How the profile is scored and what its dimensions mean.",
        notes,
        tuple(items),
        answer_label="Scored from",
        reason_label="Meaning",
    )


def _bands(bands: tuple[Band, ...]) -> tuple[str, ...]:
    """Each band as one line: its range, its label and what it may suggest."""
    return tuple(f"{band.low}–{band.high}, {band.label}: {band.text}" for band in bands)


def question_coach_key(coach: QuestionCoach) -> AnswerKey:
    """The criteria the coach applies, then each situation's model questions and goal."""
    shown = [criterion for criterion in CRITERIA if criterion.id != "cues" or coach.has_cues]
    notes = tuple(f"{criterion.name}: {criterion.asks}" for criterion in shown)
    items = tuple(
        KeyItem(
            situation.id,
            f"Situation {number}",
            situation.context,
            situation.models,
            ((f"A good question would help them: {situation.goal}",) if situation.goal else ())
            + ((f"What matters here: {', '.join(situation.cues)}",) if situation.cues else ()),
        )
        for number, situation in enumerate(coach.situations, start=1)
    )
    return AnswerKey(
        coach.id,
        "question-coach",
        coach.title,
        f"No single right question: the criteria the coach applies, then model questions that pass all of them. "
        f"{CAVEAT}",
        notes,
        items,
        answer_label="Model question",
        reason_label="",
    )


KEY_BUILDERS: dict[str, Callable[[object], AnswerKey]] = {
    "quiz": quiz_key,
    "stage-map": stage_map_key,
    "self-assessment": self_assessment_key,
    "question-coach": question_coach_key,
}


def answer_key(kind: str, content: object) -> AnswerKey:
    """The key of a validated widget of `kind`."""
    return KEY_BUILDERS[kind](content)
