"""Known differences explain what they name; an entry that no longer differs is stale."""

from __future__ import annotations

import pathlib

import pytest

from conformance.compare.differences import Difference
from conformance.compare.known import (
    KnownDifference,
    KnownDifferencesError,
    judge,
    load_known_differences,
)


def difference(step: str = "GET /images", aspect: str = "body /images/3/name") -> Difference:
    return Difference("candidate", step, aspect, '"a"', '"b"', 1, 2, "curl a", "curl b", "", "")


def test_an_entry_explains_a_difference_at_any_array_place() -> None:
    entry = KnownDifference(("GET /images",), ("body /images/*/name",), "renamed")

    verdict = judge([difference()], [entry], {"GET /images"})

    assert verdict.unexplained == []
    assert verdict.explained == [(difference(), "renamed")]
    assert verdict.stale == []


def test_a_difference_no_entry_names_is_unexplained() -> None:
    entry = KnownDifference(("GET /images",), ("status",), "why")

    verdict = judge([difference()], [entry], {"GET /images"})

    assert verdict.unexplained == [difference()]


def test_an_entry_whose_step_was_sent_without_that_difference_is_stale() -> None:
    entry = KnownDifference(("GET /images", "POST /images"), ("status",), "why")

    verdict = judge([], [entry], {"GET /images"})

    assert [(e.step, e.aspect) for e in verdict.stale] == [("GET /images", "status")]
    assert [(e.step, e.aspect) for e in verdict.unreached] == [("POST /images", "status")]


def test_the_glance_reference_runs_file_reads(tmp_path: pathlib.Path) -> None:
    glance = pathlib.Path(__file__).parents[2] / "reference/glance/known_differences.yaml"

    known = load_known_differences(glance)

    assert known
    assert all(entry.steps and entry.aspects and entry.reason for entry in known)


def test_an_entry_with_an_unknown_member_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "known.yaml"
    path.write_text("- steps: [a]\n  aspect: [status]\n  reason: typo\n")

    with pytest.raises(KnownDifferencesError, match="entry 1"):
        load_known_differences(path)
