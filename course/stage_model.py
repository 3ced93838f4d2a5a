"""The course's eight-stage model of a buyer's route through change: the one source of its text.

This is the course's own synthesis (inspired by the Transtheoretical Model, Gartner's buying
jobs, Lewin and the JOLT research), not Sharon Drew Morgen's model. Text is inline Markdown;
links are relative to the docs folder and are made relative to the page when rendered.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    """One stage: what happens inside the buying organisation and how a seller can help or harm."""

    id: str
    number: int
    name: str
    inside: str
    signals: tuple[str, ...]
    push_mistake: str
    facilitative_move: str


STAGES: tuple[Stage, ...] = (
    Stage(
        id="stable-enough",
        number=1,
        name="Stable enough",
        inside=(
            "The problem exists, but its costs are absorbed into normal work. Nobody owns it, so nobody is "
            "working on it. (In Transtheoretical terms, precontemplation.)"
        ),
        signals=(
            '"It\'s clunky, but everyone knows how it works."',
            '"We\'ve got bigger things on our plate."',
            '"Nobody has complained loudly enough to change it."',
        ),
        push_mistake=(
            "Manufacturing urgency, or a return-on-investment pitch for a problem they haven't agreed they have."
        ),
        facilitative_move=(
            'Ask how they would notice if "good enough" stopped being good enough, and who would notice first.'
        ),
    ),
    Stage(
        id="noticing-a-gap",
        number=2,
        name="Noticing a gap",
        inside=(
            "One person starts to doubt the current way and mentions it informally. There is no mandate, budget or "
            "team. (Contemplation; the start of Gartner's problem identification.)"
        ),
        signals=(
            '"I keep thinking there might be a better way to do this."',
            '"A couple of us have been comparing notes."',
            '"Out of interest, how do other firms handle this?"',
        ),
        push_mistake="Treating curiosity as a qualified lead and booking a demo.",
        facilitative_move="Help them work out who else feels the gap and how they could raise it internally.",
    ),
    Stage(
        id="internal-fixes",
        number=3,
        name="Trying internal fixes",
        inside=(
            "They try what they already have: a [work-around](glossary.md#work-around), the "
            "[incumbent vendor](glossary.md#incumbent-vendor) or the in-house team. This is sensible, because "
            "familiar fixes feel cheaper and safer than change."
        ),
        signals=(
            '"Our developers reckon they can sort it themselves."',
            '"We\'ll see what our current provider can add first."',
            '"The spreadsheet we built does the job, mostly."',
        ),
        push_mistake="Criticising the work-around or the incumbent, which forces them to defend their own choices.",
        facilitative_move="Ask how they'll judge whether the fix is enough, and what they would do if it isn't.",
    ),
    Stage(
        id="aligning",
        number=4,
        name="Assembling and aligning",
        inside=(
            "More [stakeholders](glossary.md#stakeholder) join, each with their own objectives. A "
            "[buying group](glossary.md#buying-group) forms and its disagreements surface. (Gartner's consensus "
            "creation.)"
        ),
        signals=(
            '"I\'ll need to bring the finance director in."',
            '"Operations and sales want quite different things."',
            '"I can\'t take this further until my manager is on board."',
        ),
        push_mistake="Relying on a single contact, or going over their head to someone more senior.",
        facilitative_move=(
            "Help your [champion](glossary.md#champion) map everyone the change touches, and help them prepare "
            "for meetings you won't attend."
        ),
    ),
    Stage(
        id="weighing-disruption",
        number=5,
        name="Weighing disruption",
        inside=(
            "The group counts what it might lose, such as roles, workflows, political standing and relationships "
            "with current vendors. Losses weigh more than equal gains ([loss aversion](glossary.md#loss-aversion)), "
            "and the JOLT research links many lost deals to indecision and a preference for the status quo "
            "(researched: [Dixon & McKenna, 2022](references.md#jolt-2022))."
        ),
        signals=(
            '"Where does this leave the people who look after the current system?"',
            '"We can\'t change anything during our busy months."',
            '"Last time we switched suppliers, it took ages to settle down."',
        ),
        push_mistake="Objection-handling scripts, discounts and deadlines.",
        facilitative_move="Ask what must be protected, and what a safe, reversible transition would look like to them.",
    ),
    Stage(
        id="criteria-and-budget",
        number=6,
        name="Setting criteria and budget",
        inside=(
            "The group defines what success means, works out where the money will come from and meets "
            "procurement's rules. These become their [buying criteria](glossary.md#buying-criteria), and many are "
            "not technical."
        ),
        signals=(
            '"First we have to agree what a good result looks like."',
            '"The money would have to come from two budgets."',
            '"Purchasing insists on several competing quotes."',
        ),
        push_mistake="A feature dump, or writing their specification for them.",
        facilitative_move="Help them state and weight their own criteria, including the non-technical ones.",
    ),
    Stage(
        id="choosing",
        number=7,
        name="Choosing, including choosing nothing",
        inside=(
            "A shortlist forms, options are validated and sign-off begins. Staying as they are is still one of the "
            "options, and it is a real contender ([no decision](glossary.md#no-decision))."
        ),
        signals=(
            '"It\'s between two suppliers, or leaving things as they are."',
            '"It goes to legal, then to the board."',
            '"We\'d like to speak to a customer about our size."',
        ),
        push_mistake="Closing techniques, or trying to go around their process.",
        facilitative_move=(
            "Help them test each option, including no change, against their own criteria, and lay out the route "
            "to sign-off."
        ),
    ),
    Stage(
        id="integrating",
        number=8,
        name="Integrating and settling",
        inside=(
            "The new way is adopted, or not. Old habits pull back, and without an owner the system can slide back "
            "to where it started. (Lewin's refreeze.)"
        ),
        signals=(
            '"Some of the team have drifted back to the old spreadsheet."',
            '"By the autumn this should just be how we work."',
            '"Now it\'s live, nobody is sure who looks after it."',
        ),
        push_mistake="Disappearing after signature, or upselling before the change has settled.",
        facilitative_move="Help them plan adoption and ownership so the new way of working holds.",
    ),
)

STAGE_IDS: tuple[str, ...] = tuple(stage.id for stage in STAGES)
BY_ID: dict[str, Stage] = {stage.id: stage for stage in STAGES}


def stage(stage_id: str) -> Stage:
    """The stage with this id."""
    return BY_ID[stage_id]


def distance(first: str, second: str) -> int:
    """How many steps apart two stages are on the route."""
    return abs(BY_ID[first].number - BY_ID[second].number)
