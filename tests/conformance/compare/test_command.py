"""`conformance compare` on the command line, against mocks served over HTTP."""

from __future__ import annotations

import contextlib
import pathlib
from collections.abc import Iterator
from xml.etree import ElementTree

import pytest

from conformance.cli import main
from tests.broken_servers import mutants
from tests.broken_servers.layer import RewritingLayer
from tests.demo import CONTRIBUTOR_KEY, DEMO_ORG, GTIN, SECOND_GTIN, VIEWER_KEY
from tests.real_servers import serving_in_a_thread

from ..judging import mock_app

# Whole comparisons of generated sequences: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow

CLOSIENT = [
    "--contract=closient",
    f"--api-key={CONTRIBUTOR_KEY}",
    f"--organization={DEMO_ORG}",
    f"--gtin={GTIN}",
    f"--other-gtin={SECOND_GTIN}",
    f"--reader-api-key={VIEWER_KEY}",
    "--seed=1",
    "--sequences=2",
    "--steps=10",
]
UPLOAD = "POST /dashboard/api/v1/trade-items/{organization_id}/{gtin}/images"


@contextlib.contextmanager
def reference_and_candidate(broken: bool) -> Iterator[tuple[str, str]]:
    candidate = RewritingLayer(mock_app(), mutants.UploadAnswers200()) if broken else mock_app()
    with serving_in_a_thread(mock_app()) as reference, serving_in_a_thread(candidate) as other:
        yield reference, other


def compare(reference: str, candidate: str, *extra: str) -> int:
    return main(
        ["compare", f"--reference-url={reference}", f"--base-url={candidate}", *CLOSIENT, *extra]
    )


def test_two_mocks_agree_and_the_junit_report_says_so(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junit = tmp_path / "compare.xml"
    with reference_and_candidate(broken=False) as (reference, candidate):
        status = compare(reference, candidate, f"--junit-xml={junit}")

    assert status == 0
    assert "AGREE" in capsys.readouterr().out
    suite = ElementTree.parse(junit).getroot()
    assert (suite.get("name"), suite.get("failures")) == ("compare.closient", "0")


def test_a_difference_is_reported_with_both_curls_and_the_seed(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junit = tmp_path / "compare.xml"
    with reference_and_candidate(broken=True) as (reference, candidate):
        status = compare(reference, candidate, f"--junit-xml={junit}")

    out = capsys.readouterr().out
    assert status == 1
    assert f"DIFFERS {UPLOAD}: status" in out
    assert "  reference: 201\n  candidate: 200" in out
    assert f"| curl -i -X POST {reference}/" in out
    assert f"| curl -i -X POST {candidate}/" in out
    assert "--seed 1" in out
    failures = ElementTree.parse(junit).getroot().findall("testcase/failure")
    assert [failure.get("message") for failure in failures] == ["reference 201 | candidate 200"]


def test_a_known_difference_is_accepted_and_one_that_no_longer_differs_is_stale(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    known = tmp_path / "known.yaml"
    known.write_text(
        f"- steps: ['{UPLOAD}']\n  aspects: [status]\n  reason: the candidate answers 200\n"
    )
    with reference_and_candidate(broken=True) as (reference, candidate):
        accepted = compare(reference, candidate, f"--known-differences={known}")
    with reference_and_candidate(broken=False) as (reference, candidate):
        stale = compare(reference, candidate, f"--known-differences={known}")

    out = capsys.readouterr().out
    assert (accepted, stale) == (0, 1)
    assert f"KNOWN {UPLOAD}: status (the candidate answers 200)" in out
    assert f"STALE known difference {UPLOAD}: status" in out


def test_an_unreachable_side_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with serving_in_a_thread(mock_app()) as reference:
        status = compare(reference, "http://127.0.0.1:9")

    assert status == 2
    assert "cannot be reached" in capsys.readouterr().err


def test_the_same_reference_given_twice_is_run_twice_to_learn_its_noise(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with reference_and_candidate(broken=False) as (reference, candidate):
        status = compare(reference, candidate, f"--reference-url={reference}")

    out = capsys.readouterr().out
    assert status == 0, out
    assert "AGREE" in out
