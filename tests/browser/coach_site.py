"""A small site with one question coach, built once per test run and served with its _headers (the policy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import serve_with_headers
from tests.build.fixture_site import build

COACH_PAGE = """\
# Practise a question

Write the question you would ask, then let the coach read it.

```question-coach
id: practice-coach
title: Ask the buyer's question
situations:
  - id: tracking
    context: >-
      Tomás Ferreira, operations manager at Harbourline, says their shipment tracking is
      "a bit of a mess, but it works".
    goal: Think about what would have to be true before a change was worth it.
    models:
      - What would need to be true for your team to consider changing how you track shipments?
      - How would you know that good enough had stopped being good enough?
    cues: [team, change]
  - id: peak
    context: Gary Lunn, depot supervisor, says nothing can change during peak season.
    models:
      - What would your team need protected if anything changed after peak season?
      - How would you know a change was safe enough to try at one depot first?
```
"""
PATH = "/"
_served: dict[str, str] = {}


def coach_site_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The address of the coach's site, built and served the first time any test asks for it."""
    if "url" not in _served:
        root = tmp_path_factory.mktemp("coach-site")
        result = build(root, {"index.md": COACH_PAGE})
        assert result.returncode == 0, result.stderr
        address, _server = serve_with_headers(Path(root) / "site")
        _served["url"] = address
    return _served["url"]
