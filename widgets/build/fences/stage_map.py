"""The ```stage-map fence: YAML -> course.StageMap -> a readable list of cards that becomes an exercise."""

from __future__ import annotations

import markdown

from course.stage_map import CREDIT, StageMap, reply_lead
from course.stage_model import BY_ID, STAGES
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
from widgets.build.fences.stage_reference import render_text
from widgets.build.keys import key_html

__all__ = ["format", "validate"]


def scoring_rule() -> str:
    """How the score is computed, in words, from the same credits Python uses."""
    names = {1.0: "1 point", 0.75: "¾ of a point", 0.5: "½ a point", 0.0: "nothing"}
    return (
        f"Scoring: the best-fitting stage earns {names[CREDIT['right']]}; a stage the explanation calls defensible "
        f"earns {names[CREDIT['defensible']]}; the stage right next to the best fit earns "
        f"{names[CREDIT['adjacent']]}; any other stage earns {names[CREDIT['wrong']]}. "
        "Your score is your points as a share of the number of cards."
    )


@stops_build_on_any_error("stage-map")
def format(src: str, language: str, class_name: str, options: dict, md: markdown.Markdown, **kwargs: object) -> str:  # noqa: A001
    """Render a stage map: every card with its stage and explanation in <details>, plus the board."""
    stage_map, source, parts = open_widget(
        "stage-map",
        src,
        md,
        "Read each card, decide which stage it shows, then open \u201cWhere it belongs\u201d to compare.",
    )
    parts += [
        f'<p class="course-stage-map__rules">{scoring_rule()}</p>',
        _stage_names(),
        '<form class="course-stage-map__form" action="#">',
        _board(stage_map),
        '<ol class="course-stage-map__cards" data-role="cards">',
    ]
    parts += [_card(stage_map, index, md, source) for index in range(len(stage_map.cards))]
    parts += [
        "</ol>",
        '<div class="course-widget__actions">',
        '<button type="submit" class="md-button md-button--primary" data-role="check" hidden>Check my map</button>',
        '<button type="button" class="md-button" data-role="reset" hidden>Try again</button>',
        "</div>",
        "</form>",
        '<p class="course-stage-map__order" data-role="order" hidden></p>',
        '<div class="course-stage-map__diagnosis" data-role="diagnosis" hidden></div>',
        STATUS,
        key_html("stage-map", stage_map, md),
        "</div>",
    ]
    return "\n".join(parts)


def _stage_names() -> str:
    """The eight stages in one line, for writing a stage in without the select (no JavaScript, or on paper)."""
    names = ", ".join(f"{stage.number}. {attr(stage.name)}" for stage in STAGES)
    return f'<p class="course-stage-map__stages"><strong>The stages:</strong> {names}.</p>'


def _board(stage_map: StageMap) -> str:
    """Stage columns to drop cards on; shown by the script on devices with a pointer."""
    columns = "".join(
        f'<div class="course-stage-map__column" data-stage="{attr(stage.id)}">'
        f'<p class="course-stage-map__column-name">{stage.number}. {attr(stage.name)}</p>'
        '<ul class="course-stage-map__placed" data-role="placed"></ul></div>'
        for stage in STAGES
    )
    return f'<div class="course-stage-map__board" data-role="board" aria-hidden="true" hidden>{columns}</div>'


def _card(stage_map: StageMap, index: int, md: markdown.Markdown, source: FenceSource) -> str:
    """One card: what the buyer says or does, a stage chooser, optional replies, and the answer."""
    card = stage_map.cards[index]
    path = f"cards[{index}]"
    control = f"{stage_map.id}--{card.id}"
    written = f"{control}--written"
    choices = "".join(
        f'<option value="{attr(stage.id)}">{stage.number}. {attr(stage.name)}</option>' for stage in STAGES
    )
    best = BY_ID[card.stage]
    also = ""
    if card.also:
        names = ", ".join(f"{BY_ID[s].number}. {attr(BY_ID[s].name)}" for s in card.also)
        also = f" Also defensible: {names}."
    rows = [
        f'<li class="course-stage-card" data-card="{attr(card.id)}">',
        '<div class="course-stage-card__head">',
        '<span class="course-stage-card__handle" data-role="handle" hidden title="Drag onto a stage">⠿</span>',
        f'<p class="course-stage-card__text"><span class="course-stage-card__number">Card {index + 1}.</span> '
        f"{inline(card.text, md, source, f'{path}.text')}</p>",
        "</div>",
        f'<div class="course-stage-card__control" data-role="control" hidden>'
        f'<label for="{attr(control)}">Stage for card {index + 1}</label> '
        f'<select id="{attr(control)}" name="{attr(control)}" data-role="stage">'
        f'<option value="">Choose a stage…</option>{choices}</select></div>',
        # Where to write a stage without the select: on screen without JavaScript, and on paper
        # (stage-map.js copies the chosen stage in, so a learner's printout shows their map).
        f'<p class="course-stage-card__write-in"><label for="{attr(written)}">Stage for card {index + 1}:</label> '
        f'<input type="text" id="{attr(written)}" class="course-stage-card__written" data-role="written" '
        'autocomplete="off"></p>',
    ]
    if card.replies:
        rows += [
            '<fieldset class="course-stage-card__replies">',
            "<legend>Which reply helps this buyer most?</legend>",
        ]
        for i, reply in enumerate(card.replies):
            reply_path = f"{path}.replies[{i}]"
            rows.append(f'<div class="course-stage-card__reply" data-reply="{i}">')
            rows += choice_with_explanation(
                input_type="radio",
                input_id=f"{control}--reply-{i}",
                name=f"{control}--reply",
                value=i,
                label_html=inline(reply.text, md, source, f"{reply_path}.text"),
                lead=reply_lead(reply),
                explanation_html=inline(reply.feedback, md, source, f"{reply_path}.feedback"),
            )
            rows.append("</div>")
        rows.append("</fieldset>")
    rows += [
        '<details class="course-widget__explanation course-stage-card__answer"><summary>Where it belongs</summary>',
        f"<p><strong>{best.number}. {render_text(best.name, md, 'stage')}.</strong>"
        f'{also} <span class="course-widget__explanation-text">'
        f"{inline(card.explanation, md, source, f'{path}.explanation')}</span></p>",
        "</details>",
        '<div class="course-stage-card__result" data-role="result" hidden></div>',
        "</li>",
    ]
    return "\n".join(rows)
