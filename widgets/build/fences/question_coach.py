"""The ```question-coach fence: situations to write a question for, which becomes a coach with JavaScript.

Without JavaScript it is a worksheet: each situation with a box to write in, what the coach looks at, and
the model questions in a <details>. With it, course.question_coach reads each question in the browser.
"""

from __future__ import annotations

import markdown

from course.question_coach import CAVEAT, CRITERIA, QuestionCoach
from widgets.build.fences.common import (
    FenceSource,
    attr,
    inline,
    open_widget,
    stops_build_on_any_error,
    validate,
)
from widgets.build.keys import key_html

__all__ = ["format", "validate"]


@stops_build_on_any_error("question-coach")
def format(src: str, language: str, class_name: str, options: dict, md: markdown.Markdown, **kwargs: object) -> str:  # noqa: A001
    """Render the criteria, then every situation with its question box, status, feedback and model questions."""
    coach, source, parts = open_widget(
        "question-coach",
        src,
        md,
        "Write the question you would ask in each situation, then compare it with what the coach looks at "
        "and with the model questions. Open this page with JavaScript to have the coach read it for you.",
    )
    parts += [
        f'<p class="course-question-coach__caveat">{attr(CAVEAT)}</p>',
        _criteria(coach),
        '<ol class="course-question-coach__situations">',
    ]
    parts += [_situation(coach, index, md, source) for index in range(len(coach.situations))]
    parts += ["</ol>", key_html("question-coach", coach, md), "</div>"]
    return "\n".join(parts)


def _criteria(coach: QuestionCoach) -> str:
    """What the coach looks at, in the words its feedback uses."""
    shown = [c for c in CRITERIA if c.id != "cues" or coach.has_cues]
    items = "".join(
        f'<li data-criterion="{attr(c.id)}"><strong>{attr(c.name)}.</strong> {attr(c.asks)}</li>' for c in shown
    )
    return (
        f'<section class="course-question-coach__criteria"><h4>What the coach looks at</h4><ul>{items}</ul></section>'
    )


def _situation(coach: QuestionCoach, index: int, md: markdown.Markdown, source: FenceSource) -> str:
    """One situation: context, goal, a labelled box to write in, its status and feedback, and model questions."""
    situation = coach.situations[index]
    path = f"situations[{index}]"
    base = f"{coach.id}--{situation.id}"
    several = len(coach.situations) > 1
    heading = f"Situation {index + 1}" if several else "The situation"
    label = f"Write your question for situation {index + 1}" if several else "Write your question"
    rows = [
        f'<li class="course-question-coach__situation" data-situation="{attr(situation.id)}">',
        f'<h4 class="course-question-coach__heading">{heading}</h4>',
        f'<p class="course-question-coach__context" id="{attr(base)}--context">'
        f"{inline(situation.context, md, source, f'{path}.context')}</p>",
    ]
    if situation.goal:
        rows.append(
            '<p class="course-question-coach__goal"><strong>A good question would help them:</strong> '
            f"{inline(situation.goal, md, source, f'{path}.goal')}</p>"
        )
    models = "".join(
        f"<li>{inline(model, md, source, f'{path}.models[{i}]')}</li>" for i, model in enumerate(situation.models)
    )
    rows += [
        '<form class="course-question-coach__form" action="#">',
        f'<label class="course-question-coach__label" for="{attr(base)}--question">{label}</label>',
        f'<textarea class="course-question-coach__question" id="{attr(base)}--question" name="{attr(base)}--question" '
        f'rows="3" data-role="question" aria-describedby="{attr(base)}--context"></textarea>',
        '<div class="course-widget__actions">',
        '<button type="submit" class="md-button md-button--primary" data-role="check" hidden>'
        "Coach my question</button>",
        "</div>",
        "</form>",
        '<p class="course-widget__status" role="status" aria-live="polite" data-role="status"></p>',
        '<div class="course-question-coach__feedback" data-role="feedback" hidden></div>',
        '<details class="course-question-coach__models" data-role="models">',
        "<summary>Model questions for this situation</summary>",
        f"<ul>{models}</ul>",
        "</details>",
        "</li>",
    ]
    return "\n".join(rows)
