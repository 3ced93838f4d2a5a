"""A widget's answer key as HTML inside the widget, hidden until the trainer view (`?reveal=1`) shows it.

The key lives inside the widget's root, so every page that carries the widget (its module, an embed
page) carries its key too. It is `hidden` in the markup: without JavaScript, or without `?reveal=1`,
nothing shows beyond what the widget itself shows, and print style sheets leave it out.
"""

from __future__ import annotations

import markdown

from course.answer_key import answer_key
from widgets.build.fences.common import attr, inline

ROLE = "answer-key"


def key_html(kind: str, content: object, md: markdown.Markdown | None) -> str:
    """The key of a validated widget, as a hidden section for the end of the widget's root."""
    key = answer_key(kind, content)
    heading = f"{key.widget_id}--answer-key"

    def text(value: str) -> str:
        # Authored text was already rendered (and checked) in the widget above; this renders it again.
        return inline(value, md, None, "answer key")

    rows = [
        f'<section class="course-key" data-role="{ROLE}" aria-labelledby="{attr(heading)}" hidden>',
        f'<h4 class="course-key__title" id="{attr(heading)}">Answer key: {text(key.title)}</h4>',
        f'<p class="course-key__intro">{text(key.intro)}</p>',
    ]
    if key.notes:
        rows.append(f'<ul class="course-key__notes">{"".join(f"<li>{text(note)}</li>" for note in key.notes)}</ul>')
    rows.append('<ol class="course-key__items">')
    for item in key.items:
        # The same lines as the printed key page: each answer labelled, then the reasons.
        answers = [f'<li class="course-key__answer">{_lead(key.answer_label)}{text(a)}</li>' for a in item.answers]
        reasons = [
            f'<li class="course-key__reason">{_lead(key.reason_label) if index == 0 else ""}{text(r)}</li>'
            for index, r in enumerate(item.reasons)
        ]
        rows += [
            f'<li class="course-key__item" data-key-item="{attr(item.id)}">',
            f'<p class="course-key__asked"><strong>{attr(item.caption)}.</strong> {text(item.text)}</p>',
            f'<ul class="course-key__lines">{"".join(answers + reasons)}</ul>',
            "</li>",
        ]
    rows += ["</ol>", "</section>"]
    return "\n".join(rows)


def _lead(label: str) -> str:
    """A label in bold before a key line, or nothing for an empty label."""
    return f"<strong>{attr(label)}:</strong> " if label else ""
