"""Every sentence is the course's own: no run of eight words shared with the seed post outside a quotation."""

from __future__ import annotations

import pytest

from tests.build.own_words import DOCS, HASHES, RUN, digest, runs, shared_runs, source_hashes

PAGES = sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("doc", PAGES, ids=lambda path: path.relative_to(DOCS).as_posix())
def test_no_page_shares_an_unquoted_run_of_eight_words_with_the_seed_post(doc):
    assert shared_runs(doc.read_text(encoding="utf-8"), source_hashes()) == []


def test_the_stored_hashes_are_there_and_hold_no_text():
    hashes = source_hashes()
    assert len(hashes) > 500
    assert all(len(line) == 20 and set(line) <= set("0123456789abcdef") for line in hashes)
    assert "buying" not in HASHES.read_text(encoding="utf-8").split("\n", 1)[1]


def test_a_shared_run_is_found_whatever_its_case_punctuation_or_line_breaks():
    source = "one two three four five six seven eight nine"
    hashes = {digest(run) for run in runs(source)}
    assert shared_runs("ONE two, three—four\nfive six (seven) eight", hashes) == [" ".join(source.split()[:RUN])]
    assert shared_runs("one two three four five six seven", hashes) == []  # seven words are not a run


def test_a_curly_quoted_run_is_a_credited_quotation_and_is_skipped():
    hashes = {digest(run) for run in runs("one two three four five six seven eight")}
    assert shared_runs("As she puts it, “one two three four five six seven eight” (Morgen).", hashes) == []
    assert shared_runs('As she puts it, "one two three four five six seven eight".', hashes) != []
