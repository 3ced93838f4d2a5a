"""Knowledge checks: the content model, its validation and grading."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from course import fields
from course.errors import ContentError
from course.rounding import percent

KINDS = ("single", "multiple")
DEFAULT_PASS_MARK = 0.7
# The keys an author may write, as (required, optional); the README documents exactly these.
QUIZ_KEYS = (("id", "questions"), ("title", "pass_mark", "shuffle", "discuss"))
QUESTION_KEYS = (("id", "kind", "prompt", "options"), ())
OPTION_KEYS = (("text", "correct", "feedback"), ())
# The author lint (lint_quiz): what keeps a check from being passable on cues alone.
LONGEST_CORRECT_SHARE = 0.4
MIN_FEEDBACK_WORDS = 5
SIMILAR_PROMPTS = 0.8
VERDICT_OPENER = re.compile(r"^\W*(correct|right|yes|no|wrong|incorrect|not quite|not the best answer)\b\W*", re.I)


@dataclass(frozen=True)
class Option:
    """One answer option with the explanation of why it is right or wrong."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """A single- or multiple-choice question."""

    id: str
    kind: str
    prompt: str
    options: tuple[Option, ...]

    @property
    def correct_options(self) -> frozenset[int]:
        """Indices of the correct options."""
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class Quiz:
    """A knowledge check: questions, a pass mark and whether to shuffle options."""

    id: str
    questions: tuple[Question, ...]
    title: str = "Knowledge check"
    pass_mark: float = DEFAULT_PASS_MARK
    shuffle: bool = True
    # For trainers only: questions for groups to talk over after the check (the facilitator guide).
    discuss: tuple[str, ...] = ()

    def to_data(self) -> dict[str, object]:
        """The validated content as plain JSON-ready data that parse_quiz accepts again."""
        return {
            "id": self.id,
            "title": self.title,
            "pass_mark": self.pass_mark,
            "shuffle": self.shuffle,
            "questions": [
                {
                    "id": q.id,
                    "kind": q.kind,
                    "prompt": q.prompt,
                    "options": [{"text": o.text, "correct": o.correct, "feedback": o.feedback} for o in q.options],
                }
                for q in self.questions
            ],
            **({"discuss": list(self.discuss)} if self.discuss else {}),
        }


def parse_quiz(data: object) -> Quiz:
    """Validate raw quiz content and build the Quiz, or raise ContentError."""
    root = fields.mapping(data, "")
    fields.check_keys(root, "", *QUIZ_KEYS)
    quiz_id = fields.identifier(root, "id", "")
    seen: dict[str, str] = {}
    questions = tuple(
        _parse_question(raw, fields.join("questions", i), seen)
        for i, raw in enumerate(fields.items(root, "questions", ""))
    )
    return Quiz(
        id=quiz_id,
        questions=questions,
        title=fields.text(root, "title", "", default="Knowledge check"),
        pass_mark=fields.number(root, "pass_mark", "", DEFAULT_PASS_MARK, 0, 1),
        shuffle=fields.boolean(root, "shuffle", "", default=True),
        discuss=fields.optional_texts(root, "discuss", ""),
    )


def _parse_question(raw: object, path: str, seen: dict[str, str]) -> Question:
    """Validate one question."""
    data = fields.mapping(raw, path)
    fields.check_keys(data, path, *QUESTION_KEYS)
    question_id = fields.identifier(data, "id", path)
    fields.unique_id(seen, question_id, fields.join(path, "id"), "question")
    kind = fields.choice(data, "kind", path, KINDS)
    prompt = fields.text(data, "prompt", path)
    options_path = fields.join(path, "options")
    options = tuple(
        _parse_option(item, fields.join(options_path, i))
        for i, item in enumerate(fields.items(data, "options", path, minimum=2))
    )
    correct = sum(option.correct for option in options)
    if kind == "single" and correct != 1:
        raise ContentError(
            options_path,
            f"a single-choice question needs exactly one correct option, found {correct}",
        )
    if kind == "multiple" and correct == 0:
        raise ContentError(options_path, "a multiple-choice question needs at least one correct option")
    texts = [option.text for option in options]
    for i, option_text in enumerate(texts):
        if texts.index(option_text) != i:
            raise ContentError(
                fields.join(fields.join(options_path, i), "text"),
                f"repeats option {texts.index(option_text) + 1}",
            )
    return Question(id=question_id, kind=kind, prompt=prompt, options=options)


def _parse_option(raw: object, path: str) -> Option:
    """Validate one option; its feedback is required."""
    data = fields.mapping(raw, path)
    fields.check_keys(data, path, *OPTION_KEYS)
    return Option(
        text=fields.text(data, "text", path),
        correct=fields.boolean(data, "correct", path),
        feedback=fields.text(data, "feedback", path),
    )


def lint_quiz(quiz: Quiz) -> None:
    """Refuse a valid quiz whose answers can be guessed from its form, or whose feedback doesn't teach."""
    singles = [(i, q) for i, q in enumerate(quiz.questions) if q.kind == "single"]
    longest = [q.id for _, q in singles if _correct_is_longest(q)]
    allowed = int(LONGEST_CORRECT_SHARE * len(singles))
    if len(longest) > allowed:
        raise ContentError(
            "questions",
            f"the correct option is the longest in {len(longest)} of {len(singles)} single-choice questions "
            f"({', '.join(longest)}); at most {allowed} may be (40%), or length gives the answer away",
        )
    for i, question in enumerate(quiz.questions):
        for j, option in enumerate(question.options):
            if len(_words(VERDICT_OPENER.sub("", option.feedback))) < MIN_FEEDBACK_WORDS:
                raise ContentError(
                    fields.join(fields.join(fields.join(fields.join("questions", i), "options"), j), "feedback"),
                    f"says too little: explain why in at least {MIN_FEEDBACK_WORDS} words, "
                    "not only whether it is right",
                )
    prompts = [" ".join(_words(question.prompt)) for question in quiz.questions]
    for later in range(len(prompts)):
        for earlier in range(later):
            if difflib.SequenceMatcher(None, prompts[earlier], prompts[later]).ratio() >= SIMILAR_PROMPTS:
                raise ContentError(
                    fields.join(fields.join("questions", later), "prompt"),
                    f"is almost the same as questions[{earlier}].prompt; ask something different",
                )


def _correct_is_longest(question: Question) -> bool:
    """Whether the correct option is the longest one, or tied for it."""
    correct = next(option for option in question.options if option.correct)
    return len(correct.text) >= max(len(option.text) for option in question.options if not option.correct)


def _words(text: str) -> list[str]:
    """Lower-case words, for comparing and counting."""
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text.lower().replace("’", "'"))


def read_answers(quiz: Quiz, raw: object) -> dict[str, tuple[int, ...]]:
    """Validate a learner's answers: question id -> chosen option indices."""
    data = fields.mapping(raw, "answers")
    known = {q.id: q for q in quiz.questions}
    answers: dict[str, tuple[int, ...]] = {}
    for question_id, chosen in data.items():
        path = fields.join("answers", question_id)
        question = known.get(question_id)
        if question is None:
            raise ContentError(path, f'no question "{question_id}" in quiz "{quiz.id}"')
        if isinstance(chosen, (str, bytes)) or not isinstance(chosen, (list, tuple)):
            raise ContentError(path, f"expected a list of option numbers, got {fields.describe(chosen)}")
        for index in chosen:
            if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(question.options):
                raise ContentError(path, f"{fields.describe(index)} is not an option of this question")
        if question.kind == "single" and len(chosen) > 1:
            raise ContentError(path, "a single-choice question takes one answer")
        answers[question_id] = tuple(sorted(set(chosen)))
    return answers


def grade_quiz(quiz: Quiz, raw_answers: Mapping[str, object]) -> dict[str, object]:
    """Grade answers: per-question correctness and feedback, score, and pass or fail."""
    answers = read_answers(quiz, raw_answers)
    results = [_grade_question(question, answers.get(question.id, ())) for question in quiz.questions]
    score = sum(1 for result in results if result["correct"])
    total = len(quiz.questions)
    fraction = score / total
    passed = fraction >= quiz.pass_mark
    unanswered = sum(1 for result in results if not result["answered"])
    return {
        "quiz": quiz.id,
        "score": score,
        "total": total,
        "percent": percent(score, total),
        "pass_mark_percent": percent(quiz.pass_mark, 1),
        "passed": passed,
        "unanswered": unanswered,
        "summary": _summary(score, total, passed, quiz.pass_mark, unanswered),
        "questions": results,
    }


def _grade_question(question: Question, chosen: tuple[int, ...]) -> dict[str, object]:
    """Grade one question and pick the feedback to show."""
    correct_set = question.correct_options
    is_correct = bool(chosen) and frozenset(chosen) == correct_set
    missed = sorted(correct_set - frozenset(chosen))
    feedback = [
        {"option": i, "correct": question.options[i].correct, "text": question.options[i].feedback} for i in chosen
    ]
    if not chosen:
        verdict = "Not answered yet."
    elif is_correct:
        verdict = "Correct."
    elif question.kind == "multiple" and missed and all(question.options[i].correct for i in chosen):
        verdict = f"Partly right: {len(missed)} more correct option{'s' if len(missed) > 1 else ''} to find."
    else:
        verdict = "Not quite."
    return {
        "id": question.id,
        "answered": bool(chosen),
        "correct": is_correct,
        "selected": list(chosen),
        "verdict": verdict,
        "feedback": feedback,
        "missed_count": len(missed) if chosen else 0,
    }


def _summary(score: int, total: int, passed: bool, pass_mark: float, unanswered: int) -> str:
    """One sentence for the learner, announced after each check."""
    mark = f"{percent(pass_mark, 1)}%"
    text = f"You answered {score} of {total} questions correctly."
    if passed:
        text += f" You passed (the pass mark is {mark})."
    else:
        text += f" The pass mark is {mark}: read the feedback, change your answers and check again."
    if unanswered:
        text += f" {unanswered} question{'s are' if unanswered > 1 else ' is'} still unanswered."
    return text
