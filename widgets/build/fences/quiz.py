"""The ```quiz fence: YAML -> course.Quiz -> HTML that works before any script runs."""

from __future__ import annotations

import markdown

from course.quiz import Quiz
from widgets.build.fences.common import (
    STATUS,
    FenceSource,
    attr,
    choice_with_explanation,
    inline,
    open_widget,
    stops_build_on_any_error,
    validate,
)
from widgets.build.keys import key_html

__all__ = ["format", "validate"]

HINTS = {"single": "Choose one answer.", "multiple": "Choose all that apply."}
INPUT_TYPES = {"single": "radio", "multiple": "checkbox"}


@stops_build_on_any_error("quiz")
def format(src: str, language: str, class_name: str, options: dict, md: markdown.Markdown, **kwargs: object) -> str:  # noqa: A001 - superfences' name
    """Render a quiz fence as a complete, readable form with the content as a JSON payload."""
    quiz, source, parts = open_widget(
        "quiz", src, md, "Open the explanation under each option to see whether it is right and why."
    )
    parts.append('<form class="course-quiz__form" action="#">')
    parts += [_question(quiz, number, md, source) for number in range(1, len(quiz.questions) + 1)]
    parts += [
        '<div class="course-widget__actions">',
        '<button type="submit" class="md-button md-button--primary" data-role="check" hidden>Check answers</button>',
        '<button type="button" class="md-button" data-role="reset" hidden>Try again</button>',
        "</div>",
        "</form>",
        STATUS,
        key_html("quiz", quiz, md),
        "</div>",
    ]
    return "\n".join(parts)


def _question(quiz: Quiz, number: int, md: markdown.Markdown, source: FenceSource) -> str:
    """One question as a fieldset of native inputs, each option with its explanation."""
    index = number - 1
    question = quiz.questions[index]
    path = f"questions[{index}]"
    name = f"{quiz.id}--{question.id}"
    rows = [
        f'<fieldset class="course-quiz__question" data-question="{attr(question.id)}">',
        f'<legend class="course-quiz__prompt"><span class="course-quiz__number">{number}.</span> '
        f"{inline(question.prompt, md, source, f'{path}.prompt')}</legend>",
        f'<p class="course-quiz__hint">{HINTS[question.kind]}</p>',
        '<ul class="course-quiz__options">',
    ]
    for i, option in enumerate(question.options):
        option_path = f"{path}.options[{i}]"
        rows.append(f'<li class="course-quiz__option" data-option="{i}">')
        rows += choice_with_explanation(
            input_type=INPUT_TYPES[question.kind],
            input_id=f"{name}--{i}",
            name=name,
            value=i,
            label_html=inline(option.text, md, source, f"{option_path}.text"),
            lead="Correct." if option.correct else "Not the best answer.",
            explanation_html=inline(option.feedback, md, source, f"{option_path}.feedback"),
        )
        rows.append("</li>")
    rows += [
        "</ul>",
        '<p class="course-quiz__verdict" data-role="verdict" hidden></p>',
        "</fieldset>",
    ]
    return "\n".join(rows)
