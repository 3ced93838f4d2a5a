"""The ```self-assessment fence: a questionnaire to print, with scoring rules to score it by hand; then a profile."""

from __future__ import annotations

import markdown

from course.self_assessment import Band, SelfAssessment
from widgets.build.fences.common import (
    STATUS,
    FenceSource,
    attr,
    inline,
    open_widget,
    stops_build_on_any_error,
    validate,
)
from widgets.build.keys import key_html

__all__ = ["format", "validate"]


@stops_build_on_any_error("self-assessment")
def format(src: str, language: str, class_name: str, options: dict, md: markdown.Markdown, **kwargs: object) -> str:  # noqa: A001
    """Render the statements as radio groups, then the dimensions with their bands and a scoring key."""
    assessment, source, parts = open_widget(
        "self-assessment",
        src,
        md,
        "Rate each statement, then score it by hand with the key below, or open this page with JavaScript "
        "for an automatic profile.",
    )
    parts += [
        '<form class="course-self-assessment__form" action="#">',
        '<ol class="course-self-assessment__items">',
    ]
    parts += [_item(assessment, index, md, source) for index in range(len(assessment.items))]
    parts += [
        "</ol>",
        '<div class="course-widget__actions">',
        '<button type="submit" class="md-button md-button--primary" data-role="check" hidden>Show my profile</button>',
        '<button type="button" class="md-button" data-role="retake" hidden>Retake</button>',
        '<button type="button" class="md-button" data-role="clear" hidden>Clear my answers</button>',
        "</div>",
        "</form>",
        STATUS,
        '<div class="course-self-assessment__profile" data-role="profile" hidden></div>',
        _key(assessment, md, source),
        key_html("self-assessment", assessment, md),
        "</div>",
    ]
    return "\n".join(parts)


def _item(assessment: SelfAssessment, index: int, md: markdown.Markdown, source: FenceSource) -> str:
    """One statement as a radio group with a visible label for every point on the scale."""
    item = assessment.items[index]
    name = f"{assessment.id}--{item.id}"
    choices = "".join(
        f'<span class="course-self-assessment__choice">'
        f'<input type="radio" id="{attr(name)}--{point}" name="{attr(name)}" value="{point}">'
        f'<label for="{attr(name)}--{point}">{attr(label)}</label></span>'
        for point, label in enumerate(assessment.labels)
    )
    return (
        f'<li class="course-self-assessment__item" data-item="{attr(item.id)}">'
        f'<fieldset><legend><span class="course-self-assessment__number">{index + 1}.</span> '
        f"{inline(item.statement, md, source, f'items[{index}].statement')}</legend>"
        f'<div class="course-self-assessment__scale">{choices}</div></fieldset></li>'
    )


def _key(assessment: SelfAssessment, md: markdown.Markdown, source: FenceSource) -> str:
    """Dimensions, their statements and bands: the scoring rules, readable without JS (never printed)."""
    steps = len(assessment.labels) - 1
    rows = [
        # Open without JavaScript, so a learner can score by hand; it never prints (a worksheet has no key).
        '<details class="course-self-assessment__key" data-role="key" open>',
        "<summary>Scoring key and what the scores mean</summary>",
        f"<p>Score each answer from 0 ({attr(assessment.labels[0])}) to {steps} ({attr(assessment.labels[-1])}). "
        f"Statements marked “reversed” describe pushing: score them the other way round, from {steps} down to 0. "
        f"A dimension's score is the average of its statements divided by {steps} and multiplied by 100, "
        "so 0 means pushing on every statement and 100 means facilitating on every one. "
        "Your overall position is the same calculation over all statements.</p>",
    ]
    for d_index, dimension in enumerate(assessment.dimensions):
        path = f"dimensions[{d_index}]"
        numbers = [
            f"{i + 1}{' (reversed)' if item.direction == 'push' else ''}"
            for i, item in enumerate(assessment.items)
            if item.dimension == dimension.id
        ]
        rows += [
            f'<section class="course-self-assessment__dimension" data-dimension="{attr(dimension.id)}">',
            f"<h4>{inline(dimension.name, md, source, f'{path}.name')}</h4>",
        ]
        if dimension.description:
            rows.append(f"<p>{inline(dimension.description, md, source, f'{path}.description')}</p>")
        rows.append(f"<p>Statements: {', '.join(numbers)}.</p>")
        rows.append(_bands(dimension.bands, md, source, f"{path}.bands"))
        rows.append("</section>")
    rows += [
        '<section class="course-self-assessment__dimension" data-dimension="overall">',
        "<h4>Overall</h4>",
        _bands(assessment.overall, md, source, "overall"),
        "</section>",
        "</details>",
    ]
    return "\n".join(rows)


def _bands(bands: tuple[Band, ...], md: markdown.Markdown, source: FenceSource, path: str) -> str:
    """A band list: range, label, interpretation and the modules to revisit."""
    items = []
    for index, band in enumerate(bands):
        here = f"{path}[{index}]"
        revisit = ""
        if band.revisit:
            links = ", ".join(inline(link, md, source, f"{here}.revisit[{i}]") for i, link in enumerate(band.revisit))
            revisit = f' <span class="course-self-assessment__revisit">Revisit: {links}.</span>'
        label = inline(band.label, md, source, f"{here}.label")
        text = inline(band.text, md, source, f"{here}.text")
        items.append(
            f'<li data-band="{index}"><strong>{band.low}–{band.high}: {label}.</strong> '
            f'<span class="course-self-assessment__band-text">{text}</span>{revisit}</li>'
        )
    return f'<ul class="course-self-assessment__bands">{"".join(items)}</ul>'
