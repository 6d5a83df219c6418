"""Bitrix24's error answers: a description that quotes a value sent is cut."""

from __future__ import annotations

import json

from mockserver.adapters.bitrix24.errors import LONGEST_DESCRIPTION, BitrixError, render_error_body


def test_a_long_description_is_cut_in_the_answer() -> None:
    answer = render_error_body(BitrixError(400, "0", "x" * 5_000_000))

    description = json.loads(bytes(answer.body))["error_description"]
    assert description == "x" * LONGEST_DESCRIPTION + "..."


def test_a_short_description_is_sent_whole() -> None:
    answer = render_error_body(BitrixError(400, "0", "Invalid file name: 'a'"))

    assert json.loads(bytes(answer.body))["error_description"] == "Invalid file name: 'a'"
