"""The stage-mapping exercise in Chromium: keyboard-only, Python's diagnosis, kept progress, dragging, shared order."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from course import grade_stage_map, parse_stage_map
from course.stage_model import BY_ID, STAGES
from tests.browser.controllers import StageMapWidget

MODULE_4 = "/modules/04-the-buyers-route/"


def far_stage(stage_id: str) -> str:
    """A stage at least two steps away, so the mix-up is neither right, defensible nor adjacent."""
    number = BY_ID[stage_id].number
    return STAGES[(number + 3) % len(STAGES)].id


def planned_answers(content: dict) -> tuple[dict, dict, tuple[str, str]]:
    """Everything right, except two cards of one stage placed on a far stage; facilitative replies."""
    stage_map = parse_stage_map(content)
    placements = {card.id: card.stage for card in stage_map.cards}
    by_stage: dict[str, list[str]] = {}
    for card in stage_map.cards:
        by_stage.setdefault(card.stage, []).append(card.id)
    confused_stage = next(stage for stage, ids in by_stage.items() if len(ids) >= 2)
    wrong = far_stage(confused_stage)
    for card_id in by_stage[confused_stage][:2]:
        if wrong not in next(c for c in stage_map.cards if c.id == card_id).also:
            placements[card_id] = wrong
    # The move for the stage on most cards; on the first, a good move for another stage; on the second, a push.
    kinds = ["other-stage", "push"] + ["fits"] * len(stage_map.cards)
    replies = {
        card.id: next(i for i, r in enumerate(card.replies) if r.kind == kind)
        for card, kind in zip(stage_map.cards, kinds, strict=False)
    }
    return placements, replies, (confused_stage, wrong)


def test_complete_the_exercise_with_the_keyboard_only_and_read_the_diagnosis(page: Page, problems):
    page.goto(MODULE_4)
    exercise = StageMapWidget.first_on(page).wait_until_ready()
    content = exercise.content
    placements, replies, (belongs, placed) = planned_answers(content)
    cards = {card["id"]: card for card in content["cards"]}
    exercise.root.locator("select").first.focus()
    for card_id in exercise.card_order():
        # Typing a stage's number picks it in a focused <select> (type-ahead), no mouse needed.
        page.keyboard.type(str(BY_ID[placements[card_id]].number))
        page.keyboard.press("Tab")
        if cards[card_id].get("replies"):
            for _ in range(replies[card_id]):
                page.keyboard.press("ArrowDown")
            if replies[card_id] == 0:
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
    expect(exercise.root.get_by_role("button", name="Check my map")).to_be_focused()
    page.keyboard.press("Enter")

    expected = grade_stage_map(parse_stage_map(content), placements, replies)
    exercise.expect_status(expected["summary"])
    assert expected["most_confused"][0]["belongs"] == belongs
    exercise.expect_diagnosis_names(f"cards that show {BY_ID[belongs].name} went on {BY_ID[placed].name}")
    exercise.expect_diagnosis_names(f"What helps at {BY_ID[belongs].name}:")
    for card in expected["cards"]:
        exercise.expect_card_message(card["id"], card["message"])
        assert exercise.placed(card["id"]) == placements[card["id"]]
        # Each chosen reply says whether it fits the stage, fits another stage, or pushes.
        exercise.expect_reply_feedback(card["id"], f"{card['reply']['lead']} {card['reply']['feedback']}")
    assert [card["reply"]["kind"] for card in expected["cards"][:2]] == ["other-stage", "push"]
    assert expected["cards"][0]["reply"]["lead"].startswith("Right spirit, wrong stage: this move fits stage ")
    exercise.expect_diagnosis_names("had the right spirit for another stage, and 1 pushed")


def test_placements_and_diagnosis_are_kept_across_a_reload(page: Page, problems):
    page.goto(MODULE_4)
    exercise = StageMapWidget.first_on(page).wait_until_ready()
    placements, replies, _ = planned_answers(exercise.content)
    for card_id, stage_id in placements.items():
        exercise.place(card_id, stage_id)
    exercise.check()
    summary = grade_stage_map(parse_stage_map(exercise.content), placements, {})["summary"]
    exercise.expect_status(summary)
    page.reload()
    exercise = StageMapWidget.first_on(page).wait_until_ready()
    exercise.expect_status(summary)
    assert {card_id: exercise.placed(card_id) for card_id in placements} == placements


def test_drag_a_card_onto_a_stage_column(page: Page, problems):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(MODULE_4)
    exercise = StageMapWidget.first_on(page).wait_until_ready()
    first = exercise.card_order()[0]
    exercise.drag(first, "choosing")
    assert exercise.placed(first) == "choosing"
    column = exercise.root.locator('.course-stage-map__column[data-stage="choosing"] li')
    expect(column).to_have_count(1)
    expect(column).to_have_attribute("data-card", first)


def test_try_again_reshuffles_with_a_seed_a_trainer_can_share(page: Page, problems, browser, base_url):
    page.goto(MODULE_4)
    exercise = StageMapWidget.first_on(page).wait_until_ready()
    authored = [card["id"] for card in exercise.content["cards"]]
    assert exercise.card_order() == authored
    exercise.place(authored[0], "aligning").check()
    exercise.expect_status(grade_stage_map(parse_stage_map(exercise.content), {authored[0]: "aligning"}, {})["summary"])
    exercise.try_again()
    shuffled = exercise.card_order()
    assert sorted(shuffled) == sorted(authored) and shuffled != authored
    assert exercise.placed(authored[0]) == ""
    seed = page.url.split("order=")[1]
    expect(exercise.root.locator('[data-role="order"]')).to_contain_text(f"Card order {seed}.")

    other = browser.new_context(base_url=base_url)
    trainee = other.new_page()
    trainee.goto(f"{MODULE_4}?order={seed}")
    assert StageMapWidget.first_on(trainee).card_order() == shuffled
    other.close()


def test_without_javascript_every_card_shows_its_stage_and_explanation(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(MODULE_4)
    exercise = StageMapWidget.first_on(page)
    for card in exercise.content["cards"]:
        item = exercise.card(card["id"])
        expect(item.locator(".course-stage-card__text")).to_be_visible()
        expect(item.locator("select")).to_be_hidden()
        answer = item.locator("details.course-stage-card__answer")
        answer.locator("summary").click()
        expect(answer).to_contain_text(f"{BY_ID[card['stage']].number}. {BY_ID[card['stage']].name}.")
    expect(exercise.root.get_by_role("button")).to_have_count(0)
    context.close()


def test_corrupt_saved_map_is_set_aside(page: Page, problems):
    page.goto(MODULE_4)
    exercise = StageMapWidget.first_on(page)
    key = "course-site:v1:stage-map:" + exercise.root.get_attribute("id")
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [key, '{"placements": [1, 2]}'])
    page.reload()
    exercise = StageMapWidget.first_on(page).wait_until_ready()
    assert page.evaluate("key => localStorage.getItem(key + ':set-aside')", key) == '{"placements": [1, 2]}'
    first = exercise.card_order()[0]
    exercise.place(first, "aligning").check()
    expect(exercise.card(first).locator(".course-stage-card__verdict")).to_be_visible()
