// The stage-mapping exercise: a native <select> per card (keyboard, touch, screen readers), stage
// columns to drag cards onto with a pointer, Python's diagnosis after each check, and a seeded
// card order a trainer can share with a whole room. Placements are kept on this device; a
// restored check is graded again by Python, never replayed from storage.

import { randomSeed, seededShuffle } from "./order.js";
import { roomSeed, workshop } from "./workshop.js";
import {
  NOTES,
  askPython,
  isObject,
  loadRecord,
  readContent,
  regrade,
  sameAnswers,
  startWidget,
  wasChecked,
} from "./widget-kit.js";

const KIND = "stage-map";
const ORDER_PARAM = "order";
// How a chosen reply is marked: the move for this stage, a good move for another stage, a push.
const REPLY_CLASSES = { fits: "is-correct", "other-stage": "is-partial", push: "is-wrong" };

export function mount(root, { python, store }) {
  const { content, contentHash } = readContent(root);
  const form = root.querySelector("form");
  const list = root.querySelector('[data-role="cards"]');
  const board = root.querySelector('[data-role="board"]');
  const checkButton = root.querySelector('[data-role="check"]');
  const resetButton = root.querySelector('[data-role="reset"]');
  const status = root.querySelector('[data-role="status"]');
  const orderNote = root.querySelector('[data-role="order"]');
  const diagnosis = root.querySelector('[data-role="diagnosis"]');
  const cards = new Map([...root.querySelectorAll("[data-card]")].map((card) => [card.dataset.card, card]));
  const authoredOrder = [...cards.keys()];
  const stageNames = new Map(
    [...root.querySelector('select[data-role="stage"]').options].filter((o) => o.value).map((o) => [o.value, o.text]),
  );

  // card id -> reply index -> its input, so stored values are looked up, never put in selectors.
  const replyInputs = new Map(
    [...cards].map(([id, card]) => [
      id,
      new Map([...card.querySelectorAll("[data-reply]")].map((reply) => [Number(reply.dataset.reply), reply])),
    ]),
  );

  const { record, note } = loadRecord(store, KIND, content.id, contentHash, isRecord);
  const urlSeed = readSeed();
  // A trainer's room (?room=) gives everyone in it one order; an explicit ?order= still wins.
  const roomOrder = workshop.room ? roomSeed(workshop.room, content.id) : null;
  let seed = urlSeed ?? roomOrder ?? record?.seed ?? null;
  arrange(seed);
  // The stored answers still to be re-graded; dropped as soon as the learner changes anything.
  let restored = null;
  if (record) {
    restoreInputs(record);
    restored = {
      placements: record.placements,
      replies: record.replies,
      checked: wasChecked(record),
    };
  }
  renderBoard();

  const widget = startWidget(root, {
    python,
    store,
    controls: [checkButton, ...root.querySelectorAll('[data-role="control"]')],
    fallback: "You can still open \u201cWhere it belongs\u201d on each card.",
    notes: note ? [note] : [],
    onReady: regradeRestored,
  });
  const pointerDevice = window.matchMedia("(pointer: fine)").matches;
  if (pointerDevice) {
    board.hidden = false;
    for (const handle of root.querySelectorAll('[data-role="handle"]')) handle.hidden = false;
  }

  form.addEventListener("change", (event) => {
    restored = null;
    const card = event.target.closest("[data-card]");
    if (card) clearCard(card);
    if (event.target.matches('select[data-role="stage"]')) renderBoard();
    save(false);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    restored = null;
    const answers = readAnswers();
    const request = { widget: KIND, action: "grade", content, ...answers };
    const result = await askPython(root, python, checkButton, request, status, "Your map couldn't be checked");
    if (!result) return;
    show(result);
    save(sameAnswers(readAnswers(), answers));
  });

  resetButton.addEventListener("click", () => {
    restored = null;
    clearAll();
    seed = randomSeed();
    arrange(seed);
    writeSeed(seed);
    renderBoard();
    status.textContent = "Cards cleared and reshuffled. Try again.";
    save(false);
    list.querySelector("select")?.focus();
  });

  enableDragging();

  function readAnswers() {
    const placements = {};
    const replies = {};
    for (const [id, card] of cards) {
      const stage = card.querySelector('select[data-role="stage"]').value;
      if (stage) placements[id] = stage;
      const reply = card.querySelector('input[type="radio"]:checked');
      if (reply) replies[id] = Number(reply.value);
    }
    return { placements, replies };
  }

  function save(checked) {
    store.write(KIND, content.id, { contentHash, seed, ...readAnswers(), checked });
  }

  async function regradeRestored() {
    const mine = restored;
    if (!mine) return;
    const request = { widget: KIND, action: "grade", content, placements: mine.placements, replies: mine.replies };
    const outcome = await regrade(python, request);
    if (restored !== mine) return;
    restored = null;
    if (outcome.rejected) {
      store.setAside(KIND, content.id, "refused by Python");
      clearAll();
      renderBoard();
      widget.note(NOTES.unreadable);
    } else if (outcome.result && mine.checked) {
      show(outcome.result);
    }
  }

  function clearAll() {
    form.reset();
    for (const card of cards.values()) clearCard(card);
    diagnosis.hidden = true;
    diagnosis.replaceChildren();
    resetButton.hidden = true;
  }

  function arrange(orderSeed) {
    const order = orderSeed === null ? authoredOrder : seededShuffle(authoredOrder, orderSeed);
    list.append(...order.map((id) => cards.get(id)));
    // The number a learner sees, the select's label a screen reader hears and the chip on the
    // board all follow the card's place, not its place in the authored order.
    order.forEach((id, position) => {
      const card = cards.get(id);
      card.querySelector(".course-stage-card__number").textContent = `Card ${position + 1}.`;
      const label = card.querySelector('[data-role="control"] label');
      if (label) label.textContent = `Stage for card ${position + 1}`;
      card.querySelector(".course-stage-card__write-in label").textContent = `Stage for card ${position + 1}:`;
    });
    orderNote.hidden = orderSeed === null;
    orderNote.textContent =
      orderSeed === null
        ? ""
        : orderSeed === roomOrder && urlSeed === null
          ? `Card order of room “${workshop.room}”: everyone who opens this page with ?room=${workshop.room} sees the same order.`
          : `Card order ${orderSeed}. To give a group the same order, share this page's address (it ends in ?${ORDER_PARAM}=${orderSeed}).`;
  }

  // The board and each card's "Stage for card n:" line (printed; on screen only while the select is
  // unavailable) both show what the selects say.
  function renderBoard() {
    for (const card of list.children) {
      const stage = card.querySelector('select[data-role="stage"]').value;
      card.querySelector('[data-role="written"]').value = stage ? stageNames.get(stage) : "";
    }
    for (const column of board.querySelectorAll("[data-stage]")) column.querySelector("ul").replaceChildren();
    for (const card of list.children) {
      const stage = card.querySelector('select[data-role="stage"]').value;
      if (!stage) continue;
      const chip = document.createElement("li");
      chip.className = "course-stage-map__chip";
      chip.dataset.card = card.dataset.card;
      chip.textContent = card.querySelector(".course-stage-card__number").textContent.replace(".", "");
      chip.title = card.querySelector(".course-stage-card__text").textContent.trim();
      if (card.dataset.verdict) chip.dataset.verdict = card.dataset.verdict;
      board.querySelector(`[data-stage="${stage}"] ul`).append(chip);
    }
  }

  function show(result) {
    for (const graded of result.cards) {
      const card = cards.get(graded.id);
      clearCard(card);
      card.dataset.verdict = graded.verdict;
      const box = card.querySelector('[data-role="result"]');
      const message = document.createElement("p");
      message.className = "course-stage-card__verdict";
      message.textContent = graded.message;
      box.replaceChildren(message);
      if (graded.verdict !== "unplaced") {
        box.append(card.querySelector(".course-stage-card__answer p").cloneNode(true));
      }
      box.hidden = false;
      if (graded.reply) {
        const option = replyInputs.get(graded.id).get(graded.reply.chosen);
        const feedback = option.querySelector('[data-role="feedback"]');
        const lead = document.createElement("strong");
        lead.textContent = graded.reply.lead;
        const paragraph = document.createElement("p");
        paragraph.append(lead, " ", option.querySelector(".course-widget__explanation-text").cloneNode(true));
        feedback.replaceChildren(paragraph);
        feedback.hidden = false;
        option.classList.add(REPLY_CLASSES[graded.reply.kind]);
      }
    }
    showDiagnosis(result);
    renderBoard();
    status.textContent = result.summary;
    resetButton.hidden = false;
  }

  function showDiagnosis(result) {
    const parts = [];
    const heading = document.createElement("h4");
    heading.textContent = "What your map shows";
    parts.push(heading);
    if (result.most_confused.length) {
      const intro = document.createElement("p");
      intro.textContent = "The stages you mixed up most:";
      const pairs = document.createElement("ul");
      for (const pair of result.most_confused) {
        const item = document.createElement("li");
        const move = document.createElement("span");
        move.className = "course-stage-map__move";
        move.textContent = ` What helps at ${stageNames.get(pair.belongs).replace(/^\d+\. /, "")}: ${pair.move}`;
        item.append(pair.text, move);
        item.dataset.belongs = pair.belongs;
        item.dataset.placed = pair.placed;
        pairs.append(item);
      }
      parts.push(intro, pairs);
    } else {
      const none = document.createElement("p");
      none.textContent = "No stage mix-ups: every card you placed was right, defensible or waiting to be placed.";
      parts.push(none);
    }
    const replies = result.replies;
    if (replies.available) {
      const line = document.createElement("p");
      line.textContent = replies.answered
        ? `Replies: on the ${replies.answered} cards you answered, ${replies.facilitative} fit the stage, ` +
          `${replies.other_stage} had the right spirit for another stage, and ${replies.push} pushed.`
        : `Replies: ${replies.available} cards also ask which reply helps the buyer most.`;
      parts.push(line);
    }
    diagnosis.replaceChildren(...parts);
    diagnosis.hidden = false;
  }

  function restoreInputs(saved) {
    for (const [id, stage] of Object.entries(saved.placements)) {
      const select = cards.get(id)?.querySelector('select[data-role="stage"]');
      if (select && stageNames.has(stage)) select.value = stage;
    }
    for (const [id, index] of Object.entries(saved.replies)) {
      const input = replyInputs.get(id)?.get(index)?.querySelector("input");
      if (input) input.checked = true;
    }
  }

  function clearCard(card) {
    delete card.dataset.verdict;
    const box = card.querySelector('[data-role="result"]');
    box.hidden = true;
    box.replaceChildren();
    for (const option of card.querySelectorAll("[data-reply]")) {
      option.classList.remove("is-correct", "is-partial", "is-wrong");
      const feedback = option.querySelector('[data-role="feedback"]');
      feedback.hidden = true;
      feedback.replaceChildren();
    }
  }

  function place(cardId, stage) {
    const select = cards.get(cardId).querySelector('select[data-role="stage"]');
    if (select.value === stage) return;
    select.value = stage;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // Pointer dragging (mouse, pen or touch on the handle): the select stays the source of truth.
  function enableDragging() {
    root.addEventListener("pointerdown", (event) => {
      const grip = event.target.closest('[data-role="handle"], .course-stage-map__chip');
      if (!grip || event.button !== 0) return;
      const cardId = grip.closest("[data-card]").dataset.card;
      event.preventDefault();
      const ghost = document.createElement("div");
      ghost.className = "course-stage-map__ghost";
      ghost.textContent = cards.get(cardId).querySelector(".course-stage-card__text").textContent.trim();
      document.body.append(ghost);
      let target = null;
      const move = (e) => {
        ghost.style.transform = `translate(${e.clientX + 8}px, ${e.clientY + 8}px)`;
        const column = document.elementFromPoint(e.clientX, e.clientY)?.closest(".course-stage-map__column");
        if (target && target !== column) target.classList.remove("is-target");
        target = column && board.contains(column) ? column : null;
        target?.classList.add("is-target");
      };
      const end = () => {
        ghost.remove();
        document.removeEventListener("pointermove", move);
        document.removeEventListener("pointerup", end);
        document.removeEventListener("pointercancel", cancel);
        if (target) {
          target.classList.remove("is-target");
          place(cardId, target.dataset.stage);
        }
      };
      const cancel = () => {
        target = null;
        end();
      };
      move(event);
      document.addEventListener("pointermove", move);
      document.addEventListener("pointerup", end);
      document.addEventListener("pointercancel", cancel);
    });
  }
}

function readSeed() {
  const value = new URLSearchParams(window.location.search).get(ORDER_PARAM);
  return value && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function writeSeed(seed) {
  const url = new URL(window.location.href);
  url.searchParams.set(ORDER_PARAM, String(seed));
  try {
    window.history.replaceState(window.history.state, "", url);
  } catch {
    // some sandboxed frames refuse; the order is still shown on the page
  }
}

// The shape only; whether the placements fit this exercise is for Python to say (see
// regradeRestored). `result` is what earlier versions stored: it only tells there was a check.
function isRecord(value) {
  return (
    isObject(value) &&
    typeof value.contentHash === "string" &&
    (value.seed === null || Number.isInteger(value.seed)) &&
    isObject(value.placements) &&
    Object.values(value.placements).every((stage) => typeof stage === "string") &&
    isObject(value.replies) &&
    Object.values(value.replies).every(Number.isInteger) &&
    (value.checked === undefined || typeof value.checked === "boolean")
  );
}
