"""The ```stage-reference fence: the eight-stage model, rendered from course.stage_model."""

from __future__ import annotations

import markdown

from course.stage_model import STAGES, Stage
from widgets.build import pages
from widgets.build.errors import WidgetBuildError
from widgets.build.fences.common import attr, from_docs_root, inline, register_anchor, stops_build_on_any_error

__all__ = ["format", "validate"]


def validate(language: str, inputs: dict, options: dict, attrs: dict, md: markdown.Markdown) -> bool:
    """The reference takes no options."""
    if inputs or attrs:
        raise WidgetBuildError(f"{pages.label_of(md)}: ```{language} fence: takes no options")
    return True


def render_text(text: str, md: markdown.Markdown | None, path: str) -> str:
    """Inline Markdown from the stage model, with its docs-relative links made page-relative."""
    return inline(from_docs_root(text, md), md, None, path)


@stops_build_on_any_error("stage-reference")
def format(src: str, language: str, class_name: str, options: dict, md: markdown.Markdown, **kwargs: object) -> str:  # noqa: A001
    """A route diagram linking to one section per stage."""
    if src.strip():
        raise WidgetBuildError(
            f"{pages.label_of(md)}: ```stage-reference fence: takes no body; the stages live in course/stage_model.py"
        )
    parts = [
        '<div class="course-stage-reference">',
        '<ol class="course-route" aria-label="The buyer\'s route through change">',
    ]
    parts += [
        f'<li><a href="#{attr(anchor(stage))}"><span class="course-route__number">{stage.number}</span> '
        f"{render_text(stage.name, md, 'name')}</a></li>"
        for stage in STAGES
    ]
    parts.append("</ol>")
    for stage in STAGES:
        register_anchor(md, anchor(stage))
        parts.append(_section(stage, md))
    parts.append("</div>")
    return "\n".join(parts)


def anchor(stage: Stage) -> str:
    """The id of a stage's section, for links from anywhere in the course."""
    return f"stage-{stage.id}"


def _section(stage: Stage, md: markdown.Markdown) -> str:
    """One stage: inside the organisation, what you might hear, the push mistake, the facilitative move."""
    signals = "".join(f"<li>{render_text(signal, md, 'signal')}</li>" for signal in stage.signals)
    return "\n".join(
        [
            f'<section class="course-stage" id="{attr(anchor(stage))}">',
            f"<h3>{stage.number}. {render_text(stage.name, md, 'name')}</h3>",
            "<dl>",
            f"<dt>Inside the organisation</dt><dd>{render_text(stage.inside, md, 'inside')}</dd>",
            f"<dt>You might hear</dt><dd><ul>{signals}</ul></dd>",
            f"<dt>Push mistake</dt><dd>{render_text(stage.push_mistake, md, 'push mistake')}</dd>",
            f"<dt>Facilitative move</dt><dd>{render_text(stage.facilitative_move, md, 'facilitative move')}</dd>",
            "</dl>",
            "</section>",
        ]
    )
