"""Trainers' pages, generated from every page's fences: a printable answer key and a facilitator guide.

The site-assembly step (run by both builders before they read docs/) calls `pages_for()` and writes the
result under docs/facilitator/ (git-ignored), so nothing here is written twice by hand: the answers
come from course.answer_key, the timings from reading_time, the role-plays from the stage map's cards
and the stage model, and the discussion prompts, confusions and debrief notes from the fences' own
trainer-only keys. A fence that does not validate is skipped here: its page's build reports it.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from course.answer_key import AnswerKey, answer_key
from course.kinds import BY_NAME, EXERCISES
from course.question_coach import QuestionCoach
from course.self_assessment import SelfAssessment
from course.stage_map import StageMap, plain
from course.stage_model import BY_ID, STAGES
from widgets.build import pages, reading_time, yaml_source

# Under docs/, git-ignored; the pages' URLs are facilitator/keys/<slug>/ and facilitator/guide/<slug>/.
FOLDER = Path("facilitator")
KEYS = "keys"
GUIDES = "guide"
# The exercises: My results and the room page have no answers of their own to key or guide.
WIDGET_KINDS = frozenset(kind.name for kind in EXERCISES)
KIND_NAMES = {
    "quiz": "knowledge check",
    "stage-map": "stage-mapping exercise",
    "self-assessment": "self-assessment",
    "question-coach": "question coach",
}
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
LINK_TARGET = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/|#)([^)\s]*)")
CODE_SPAN = re.compile(r"(`+).*?\1", re.DOTALL)

# Session lengths, in minutes: a 2-hour session, and a half day of 3½ hours with a break.
FORMATS = (("A 2-hour session", 120), ("A half day (3½ hours)", 210))
BREAK_MINUTES = 20
ROLE_PLAY_ROUND = 10
# The least group discussion a session keeps; below it, the reading moves out of the room.
MIN_TALK = 10


@dataclass(frozen=True)
class Widget:
    """A validated widget of a page, in page order."""

    kind: str
    content: object


@dataclass(frozen=True)
class SourcePage:
    """A page with at least one widget: where it is, what it is called, its widgets and its time estimate."""

    src_uri: str
    title: str
    widgets: tuple[Widget, ...]
    estimate: reading_time.Estimate
    # A module (front matter with `covers:`) is taught as a session; other pages are used within one.
    is_module: bool = False
    headings: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The page's name in the trainers' URLs: its file name without `.md` (an index page: its folder's)."""
        folder, name = posixpath.split(posixpath.splitext(self.src_uri)[0])
        # index.md would become the generated folder's own index page.
        return name if name != "index" else posixpath.basename(folder) or "home"

    def of_kind(self, kind: str) -> list[object]:
        """The validated contents of this page's widgets of one kind."""
        return [widget.content for widget in self.widgets if widget.kind == kind]


def source_pages(docs_dir: Path) -> list[SourcePage]:
    """Every page under docs_dir with a valid widget, in path order, leaving out generated folders."""
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        if src_uri.startswith((f"{FOLDER.as_posix()}/", "assets/")):
            continue
        text = path.read_text(encoding="utf-8-sig")
        widgets = tuple(_widgets(text))
        if widgets:
            meta = _front_matter(text)
            title = meta["title"].strip() if isinstance(meta.get("title"), str) else _heading(text, path)
            prose, _ = pages.split_fences(text.splitlines())
            headings = tuple(line[3:].split("{")[0].strip() for line in prose if line.startswith("## "))
            found.append(
                SourcePage(src_uri, title, widgets, reading_time.estimate(text), bool(meta.get("covers")), headings)
            )
    return found


def _widgets(text: str) -> Iterator[Widget]:
    """The page's widget fences that validate, parsed by their kind's own parser."""
    _, fences = pages.split_fences(text.expandtabs(pages.TAB_LENGTH).splitlines())
    for _, language, body in fences:
        if language not in WIDGET_KINDS:
            continue
        try:
            data, _ = yaml_source.load("\n".join(body))
            yield Widget(language, BY_NAME[language].parse(data))
        except (yaml_source.YamlSyntaxError, ValueError, TypeError, KeyError):
            continue  # the fence stops the build with its own file:line message


def _front_matter(text: str) -> dict:
    """The page's front matter as a mapping; empty when it has none or it cannot be read."""
    front = FRONT_MATTER.match(text)
    try:
        meta = yaml.safe_load(front[1]) if front else None
    except yaml.YAMLError:
        meta = None
    return meta if isinstance(meta, dict) else {}


def _heading(text: str, path: Path) -> str:
    """A title for a page without one in its front matter: its first heading, else its file name."""
    heading = re.search(r"^# (.+)$", text, re.MULTILINE)
    return heading[1].strip() if heading else path.stem


def pages_for(docs_dir: Path) -> dict[Path, bytes]:
    """The generated files, by their path under docs_dir: a key page and a guide page per source page."""
    wanted = {}
    for page in source_pages(docs_dir):
        wanted[docs_dir / FOLDER / KEYS / f"{page.slug}.md"] = key_page(page).encode()
        wanted[docs_dir / FOLDER / GUIDES / f"{page.slug}.md"] = guide_page(page).encode()
    return wanted


# --- Markdown from authored text -----------------------------------------------------------------


def relink(text: str, from_uri: str, to_uri: str) -> str:
    """Rewrite the relative links of text written for page `from_uri` so they work on page `to_uri`."""
    here, there = posixpath.dirname(from_uri), posixpath.dirname(to_uri)

    def moved(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(here, match[1])) if match[1] else from_uri
        return f"]({posixpath.relpath(target, there or '.')}"

    return LINK_TARGET.sub(moved, text)


def as_markdown(text: str, from_uri: str, to_uri: str) -> str:
    """Authored inline Markdown for a generated page: links moved, raw HTML kept as text, on one line."""
    pieces, last = [], 0
    for match in CODE_SPAN.finditer(text):
        pieces += [_no_html(text[last : match.start()]), match[0]]
        last = match.end()
    pieces.append(_no_html(text[last:]))
    return " ".join(relink("".join(pieces), from_uri, to_uri).split())


def _no_html(text: str) -> str:
    """Text outside code spans with `<` as an entity: widget text is data, never markup, here too."""
    return text.replace("<", "&lt;")


# --- answer keys ---------------------------------------------------------------------------------


def key_markdown(key: AnswerKey, level: int, from_uri: str, to_uri: str) -> list[str]:
    """One widget's key as Markdown, its title at heading `level`."""

    def md(value: str) -> str:
        return as_markdown(value, from_uri, to_uri)

    lines = [f"{'#' * level} {md(key.title)} ({KIND_NAMES[key.kind]})", "", md(key.intro), ""]
    lines += [f"- {md(note)}" for note in key.notes]
    if key.notes:
        lines.append("")
    for item in key.items:
        # A paragraph and one short list per item, not a heading each: the key prints compactly.
        lines += [f"**{item.caption}.** {md(item.text)}", ""]
        lines += [f"- {_lead(key.answer_label)}{md(answer)}" for answer in item.answers]
        lines += [
            f"- {_lead(key.reason_label) if index == 0 else ''}{md(reason)}"
            for index, reason in enumerate(item.reasons)
        ]
        lines.append("")
    return lines


def _lead(label: str) -> str:
    """A label in bold before a key line, or nothing for an empty label."""
    return f"**{label}:** " if label else ""


def _front(title: str, description: str) -> list[str]:
    """Front matter for a generated page; the title quoted as YAML."""
    return ["---", f"title: {_yaml_text(title)}", f"description: {_yaml_text(description)}", "---", ""]


def _yaml_text(text: str) -> str:
    """A one-line YAML string that any title survives."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def link(target_uri: str, from_uri: str) -> str:
    """A relative link from one page under docs/ to another, as Markdown links are written."""
    return posixpath.relpath(target_uri, posixpath.dirname(from_uri) or ".")


def _uri(kind: str, page: SourcePage) -> str:
    """Where a generated page sits, relative to docs/."""
    return f"{FOLDER.as_posix()}/{kind}/{page.slug}.md"


def key_page(page: SourcePage) -> str:
    """The printable answer key of every check on a page."""
    here = _uri(KEYS, page)
    title = f"Answer key: {page.title}"
    lines = [
        *_front(title, f"Every answer of every check on “{page.title}”, for trainers to print."),
        f"# {title}",
        "",
        f"For trainers: the answers of every check on [{page.title}]({link(page.src_uri, here)}), generated from "
        f"the same content the learners see. The [facilitator guide]({link(_uri(GUIDES, page), here)}) runs the "
        "session around them.",
        "",
    ]
    for widget in page.widgets:
        lines += key_markdown(answer_key(widget.kind, widget.content), 2, page.src_uri, here)
    return "\n".join(lines).rstrip() + "\n"


# --- facilitator guides --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One block of a run sheet."""

    minutes: int
    activity: str
    # Group discussion: the block that takes whatever time the fixed blocks leave.
    talk: bool = False


@dataclass(frozen=True)
class RunSheet:
    """A session plan: what learners do beforehand (if anything) and the blocks, which fill the time exactly."""

    name: str
    total: int
    before: str
    steps: tuple[Step, ...]


def _round_up_5(minutes: float) -> int:
    """Minutes rounded up to a multiple of five, at least five."""
    return max(5, 5 * math.ceil(minutes / 5))


def run_sheet(page: SourcePage, name: str, total: int) -> RunSheet:
    """Blocks for a session of `total` minutes, from the page's time estimate and its widgets.

    The fixed blocks come first (opening) and last (exercises and close); group discussion takes
    the time left between them, split around the break in a half day.
    """
    long = total > 150
    estimate = page.estimate
    welcome = Step(15 if long else 10, "Welcome: the aims of the session, and what people want from it.")
    solo = Step(estimate.total_minutes, "Everyone works through the page alone: reading it, and answering its checks.")
    opening = [welcome, solo]
    if "Worked example" in page.headings and long:
        opening.append(
            Step(
                20,
                "In groups, go back through the worked example and mark where the seller helped the buyer "
                "decide and where the seller could have pushed instead.",
            )
        )
    later = _exercise_steps(page, long)
    later.append(Step(10, "Go through the answer key together; settle the questions people disagree on."))
    later.append(Step(15 if long else 10, "Close: each person names one thing they will do differently this week."))
    pause = BREAK_MINUTES if long else 0
    before = ""
    if sum(step.minutes for step in [*opening, *later]) + pause + MIN_TALK > total:
        # Not enough room for discussion: the reading becomes preparation, the checks stay in the room.
        before = f"Ask learners to read the page before the session (about {estimate.reading_minutes} minutes)."
        checks = estimate.questions * reading_time.MINUTES_PER_QUESTION
        checks += estimate.situations * reading_time.MINUTES_PER_SITUATION
        checks += estimate.exercise_words / reading_time.WORDS_PER_MINUTE
        opening[1] = Step(
            _round_up_5(checks), "Everyone does the page's checks and exercises alone, having read it beforehand."
        )
    talk = total - sum(step.minutes for step in [*opening, *later]) - pause
    topic = "discussion prompts" if _prompts(page) else "debriefing notes"
    discussion = [Step(talk, f"Groups of three or four talk over the {topic} below.", talk=True)]
    if long:
        # Half the talking before the break and half after it, so the break falls mid-session.
        first = 5 * round(talk / 10)
        discussion = [
            Step(first, f"Groups of three or four talk over the first {topic} below.", talk=True),
            Step(BREAK_MINUTES, "Break."),
            Step(talk - first, f"Each group reports one answer to the room, then takes the other {topic}.", talk=True),
        ]
    return RunSheet(name, total, before, (*opening, *discussion, *later))


def _exercise_steps(page: SourcePage, long: bool) -> list[Step]:
    """The blocks the page's own exercises and reflection questions call for."""
    steps = []
    if page.of_kind("stage-map"):
        rounds = 3 if long else 2
        steps.append(
            Step(
                rounds * ROLE_PLAY_ROUND,
                f"Role-plays in threes: {rounds} rounds of {ROLE_PLAY_ROUND} minutes, swapping buyer, seller "
                "and observer each round (briefs below).",
            )
        )
        steps.append(Step(20 if long else 15, "Debrief the stage map with the whole room (notes below)."))
    if page.of_kind("question-coach"):
        steps.append(
            Step(15 if long else 10, "Pairs read each other's questions for the coach aloud and improve one together.")
        )
    if page.of_kind("self-assessment"):
        steps.append(Step(20 if long else 15, "Debrief the self-assessment in small groups (notes below)."))
    if "Reflect" in page.headings:
        steps.append(
            Step(
                15 if long else 10,
                "Alone, then in pairs: the page's reflection questions (under “Reflect”), about people's own deals.",
            )
        )
    return steps


def _prompts(page: SourcePage) -> list[str]:
    """The discussion prompts of every check on the page, in page order."""
    return [prompt for quiz in page.of_kind("quiz") for prompt in quiz.discuss]


def _parts(estimate: reading_time.Estimate) -> str:
    """What the learner's time is made of, naming only what the page has."""
    parts = [f"{_count(estimate.reading_minutes, 'minute')} of reading"]
    if estimate.questions:
        parts.append(_count(estimate.questions, "quiz question"))
    if estimate.situations:
        parts.append(f"{_count(estimate.situations, 'question')} to write for the coach")
    return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    """A count with its noun, singular for one: 1 minute, 3 minutes."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def run_sheet_markdown(sheet: RunSheet) -> list[str]:
    """A run sheet as a table of start times, lengths and activities."""
    lines = [f"### {sheet.name}", ""]
    if sheet.before:
        lines += [sheet.before, ""]
    lines += ["| Starts at | Minutes | What happens |", "|---|---|---|"]
    start = 0
    for step in sheet.steps:
        lines.append(f"| {start // 60}:{start % 60:02d} | {step.minutes} | {step.activity} |")
        start += step.minutes
    lines += ["", f"Total: {start} minutes.", ""]
    return lines


def _role_play_cards(stage_map: StageMap) -> list:
    """One card per stage the exercise covers, in route order: the first card written for that stage."""
    chosen = {}
    for card in stage_map.cards:
        chosen.setdefault(card.stage, card)
    return [chosen[stage.id] for stage in STAGES if stage.id in chosen]


def role_plays(stage_map: StageMap, from_uri: str, to_uri: str) -> list[str]:
    """Pair role-plays built from the exercise's cards: a buyer brief, a seller brief, an observer checklist."""

    def md(value: str) -> str:
        return as_markdown(value, from_uri, to_uri)

    lines = [
        "In threes: a buyer, a seller and an observer. The buyer reads only the buyer brief, the seller only "
        "the seller brief. Play for five minutes, then the observer leads five minutes of feedback with the "
        "checklist. Swap roles each round, and take as many role-plays as you have rounds for: there is one for "
        "each stage the exercise covers. The headings name the stage for you; hand out the briefs without them, "
        "so the seller has to find the stage by listening.",
        "",
    ]
    for number, card in enumerate(_role_play_cards(stage_map), start=1):
        stage = BY_ID[card.stage]
        push = next(reply for reply in card.replies if reply.kind == "push")
        fits = next(reply for reply in card.replies if reply.kind == "fits")
        lines += [
            f"### Role-play {number}: stage {stage.number}, {stage.name}",
            "",
            f"**Buyer brief.** What you say or do: {md(card.text)} What is going on inside your organisation: "
            f"{plain(stage.inside)} "
            "Stay in that place. Warm up only if the seller's questions help you think about your own next step; "
            "if they pitch, go quiet or change the subject, as a real buyer would.",
            "",
            f"**Seller brief.** What you hear from a contact at a prospect: {md(card.text)} Before you offer "
            "anything, find out where they are on their route. Ask one or two questions that help them take "
            "their own next step, and do not present your product.",
            "",
            "**Observer checklist.**",
            "",
            "- Did the seller find out where the buyer is before suggesting anything?",
            f"- Did the seller avoid this stage's push mistake? {plain(stage.push_mistake)}",
            f"- Did a question do what fits here? {plain(stage.facilitative_move)}",
            f"- Closer to which reply from the exercise: {md(fits.text)} (fits this stage) or {md(push.text)} "
            "(pushes)?",
            "- What did the buyer say that showed the stage?",
            "",
        ]
    return lines


def stage_map_debrief(stage_map: StageMap, from_uri: str, to_uri: str) -> list[str]:
    """How to debrief the stage map: the mix-ups to expect and what to say, then the cards with two readings."""

    def md(value: str) -> str:
        return as_markdown(value, from_uri, to_uri)

    lines = [
        "Ask the room which cards they placed differently from each other before showing the key. Stages overlap, "
        "so a neighbouring stage earns half a point: treat it as a reading to discuss, not a mistake.",
        "",
    ]
    if stage_map.confusions:
        lines += ["#### The confusions people commonly make", ""]
        for confusion in stage_map.confusions:
            first, second = (BY_ID[stage_id] for stage_id in confusion.between)
            lines += [
                f"- **Stage {first.number}, {first.name}, or stage {second.number}, {second.name}?** "
                f"{md(confusion.why)} *What to say:* {md(confusion.say)}",
            ]
        lines.append("")
    both = [(n, card) for n, card in enumerate(stage_map.cards, start=1) if card.also]
    if both:
        lines += ["#### Cards with more than one defensible reading", ""]
        for number, card in both:
            best = BY_ID[card.stage]
            others = ", ".join(f"stage {BY_ID[s].number}, {BY_ID[s].name}" for s in card.also)
            lines.append(
                f"- Card {number}, {md(card.text)} Fits stage {best.number}, {best.name}, best; "
                f"also defensible: {others}. {md(card.explanation)}"
            )
        lines.append("")
    return lines


def coach_debrief(coach: QuestionCoach, from_uri: str, to_uri: str) -> list[str]:
    """How pairs use the coach: write alone, read aloud, test against the criteria, compare with the models."""

    def md(value: str) -> str:
        return as_markdown(value, from_uri, to_uri)

    lines = [
        "Everyone writes a question alone and lets the coach read it. Then, in pairs, each reads their question "
        "aloud as if to the buyer, and the partner says what the buyer would hear. Only then compare with the "
        "model questions in the answer key. The coach applies rules of thumb to words: where it and the pair "
        "disagree, the pair's reading of the buyer wins, and that disagreement is worth a minute of discussion.",
        "",
    ]
    for number, situation in enumerate(coach.situations, start=1):
        goal = f" A good question helps them: {md(situation.goal)}" if situation.goal else ""
        cues = f" Listen for whether it touches {', '.join(situation.cues)}." if situation.cues else ""
        lines.append(f"- **Situation {number}.** {md(situation.context)}{goal}{cues}")
    return [*lines, ""]


def self_assessment_debrief(assessment: SelfAssessment, from_uri: str, to_uri: str) -> list[str]:
    """How to debrief the self-assessment: the authored notes, then what each dimension is about."""

    def md(value: str) -> str:
        return as_markdown(value, from_uri, to_uri)

    lines = [f"- {md(note)}" for note in assessment.debrief]
    lines += [
        f"- **{md(dimension.name)}**" + (f": {md(dimension.description)}" if dimension.description else "")
        for dimension in assessment.dimensions
    ]
    return [*lines, ""]


def guide_page(page: SourcePage) -> str:
    """The facilitator guide of a page: run sheets, prompts, role-plays, debriefs and every answer."""
    here = _uri(GUIDES, page)
    source_link = link(page.src_uri, here)
    title = f"Facilitator guide: {page.title}"
    estimate = page.estimate
    widgets = ", ".join(f"{KIND_NAMES[w.kind]} ({w.content.id})" for w in page.widgets)
    lines = [
        *_front(title, f"How to run “{page.title}” with a group: timings, prompts, role-plays and answers."),
        f"# {title}",
        "",
        f"For trainers running [{page.title}]({source_link}) with a group. Everything here comes from the page's "
        f"own content, so it changes when the page does. The [answer key]({link(_uri(KEYS, page), here)}) prints on "
        f"its own. To show the answers under each exercise on a projector, open [the page in the trainer view]"
        f"({source_link}?reveal=1): its address with `?reveal=1` added.",
        "",
        "## At a glance",
        "",
        f"- Time for one learner alone: about {estimate.total_minutes} minutes ({_parts(estimate)})"
        + (", as on the home page's course map." if page.is_module else "."),
        f"- On the page: {widgets}.",
        "",
    ]
    if page.is_module:
        lines += ["## Run sheets", ""]
        for name, total in FORMATS:
            lines += run_sheet_markdown(run_sheet(page, name, total))
    else:
        lines += [
            "## When to use it",
            "",
            f"Not a session of its own: give it about {estimate.total_minutes} minutes at the start of the first "
            "session and again at the end of the last, so people can see what changed, and allow 15 to 20 "
            "minutes to debrief it in small groups each time.",
            "",
        ]
    prompts = _prompts(page)
    if prompts:
        lines += ["## Discussion prompts for groups", ""]
        lines += [f"{number}. {as_markdown(p, page.src_uri, here)}" for number, p in enumerate(prompts, start=1)]
        lines.append("")
    elif page.of_kind("quiz"):
        lines += ["## Discussion prompts for groups", ""]
        lines += ["Ask each group which question of the check they found hardest, and why.", ""]
    for stage_map in page.of_kind("stage-map"):
        lines += ["## Pair role-plays", "", *role_plays(stage_map, page.src_uri, here)]
        lines += ["## Debriefing the stage map", "", *stage_map_debrief(stage_map, page.src_uri, here)]
    for coach in page.of_kind("question-coach"):
        lines += ["## Using the question coach with a group", "", *coach_debrief(coach, page.src_uri, here)]
    for assessment in page.of_kind("self-assessment"):
        lines += ["## Debriefing the self-assessment", "", *self_assessment_debrief(assessment, page.src_uri, here)]
    lines += ["## Answer key", ""]
    for widget in page.widgets:
        lines += key_markdown(answer_key(widget.kind, widget.content), 3, page.src_uri, here)
    return "\n".join(lines).rstrip() + "\n"
