"""The suite fails on every broken server, naming the rule it breaks."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from conformance.samples import png
from mockserver.domain.ratelimit import Window
from tests.broken_servers import any_contract, front_ends, mutants
from tests.broken_servers.layer import Mutation
from tests.demo import CONTRIBUTOR_KEY, images_path

from .. import test_reports
from ..judging import Judge, is_curl_command, mock_app

# Whole suite runs against a server: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow

CAUGHT_BY: list[tuple[type[Mutation], tuple[str, ...]]] = [
    (mutants.PrimaryNotDemoted, ("at_most_one_primary",)),
    (mutants.OldestPrimaryKept, ("newest_primary_wins",)),
    (mutants.UploadAnswers200, ("status_code_conformance", "upload_returns_201")),
    (
        mutants.CreatedFieldMissing,
        ("response_schema_conformance", "openapi_core_response_validation"),
    ),
    (mutants.ErrorsAsPlainJson, ("errors_are_problem_details", "content_type_conformance")),
    (mutants.DeleteThroughOtherProduct, ("delete_of_other_products_image_is_404",)),
    (mutants.ListingOrderReversed, ("listing_order",)),
    (mutants.TotalCountOffByOne, ("pagination_arithmetic",)),
    (mutants.LaterPagesSkipTheirFirstImage, ("pages_hold_the_listing_once",)),
    (mutants.PageSizeAbove100Accepted, ("page_size_at_most_100",)),
    (mutants.DeletedImageStillListed, ("listing_matches_model",)),
    (
        mutants.RateLimitHeadersMissing,
        ("rate_limit_headers_consistent", "response_headers_conformance"),
    ),
    (mutants.RelativeLegacyReset, ("rate_limit_headers_consistent",)),
    (mutants.ServerErrorOnLaterPages, ("not_a_server_error",)),
    (mutants.WrongBytesServed, ("image_url_serves_uploaded_bytes",)),
    (mutants.TitleTruncated, ("upload_returns_the_image",)),
    (mutants.DeletedTwiceAnswers204, ("delete_of_deleted_image_is_404",)),
    (mutants.UnknownImageForbidden, ("delete_of_unknown_image_is_404",)),
    (mutants.CredentialsIgnored, ("requests_without_a_valid_key_are_401",)),
    (mutants.ReaderMayChangeImages, ("members_without_permission_are_403",)),
    (any_contract.ConnectionDropped, ("target_answers_every_request",)),
    (any_contract.InvalidDataAccepted, ("negative_data_rejection",)),
    (mutants.DeleteAnswers200, ("delete_own_image_returns_204",)),
]
"""Each broken server, run once, and the rules the run must name."""


@pytest.mark.parametrize(("mutation", "rules"), CAUGHT_BY, ids=[m.__name__ for m, _ in CAUGHT_BY])
def test_suite_names_the_broken_rule_with_a_curl_command_per_finding(
    judge: Judge, mutation: type[Mutation], rules: tuple[str, ...]
) -> None:
    report = judge(mutation())

    assert not report.conforms
    assert set(rules) <= set(report.broken_rules)
    assert report.findings
    assert all(is_curl_command(finding.curl) for finding in report.findings)


def test_missing_retry_after_on_429_is_caught(judge: Judge) -> None:
    report = judge(mutants.RetryAfterMissing(), app=mock_app((Window(40, 60),)), max_examples=3)

    assert "retry_after_on_too_many_requests" in report.broken_rules


def test_images_that_cannot_be_deleted_are_reported(judge: Judge) -> None:
    report = judge(mutants.DeleteAnswers500())

    assert "cleanup_deletes_created_images" in report.broken_rules
    assert report.leftovers


def mock_with_an_image() -> ASGIApp:
    """The mock with one image on the product before the run."""
    app = mock_app()
    with TestClient(app) as http:
        http.post(
            images_path(),
            headers={"X-API-Key": CONTRIBUTOR_KEY},
            files={"image": ("a.png", png(1, 1, 1), "image/png")},
        ).raise_for_status()
    return app


def test_an_upload_answering_an_image_listed_before_is_a_finding(judge: Judge) -> None:
    report = judge(mutants.UploadAnswersAnImageListedBefore(), app=mock_with_an_image())

    assert "upload_creates_a_new_image" in report.broken_rules
    assert "answers_can_be_judged" not in report.broken_rules


@pytest.mark.parametrize(
    "front_end", [front_ends.ProxyRefusesLongRequestLines, front_ends.GatewayAnswers502Once]
)
def test_a_front_ends_answers_are_not_held_against_the_target(
    judge: Judge, front_end: type[Mutation]
) -> None:
    report = judge(front_end())

    assert report.conforms, [finding.render() for finding in report.findings]


def test_a_proxys_refusals_are_counted_in_a_note(judge: Judge) -> None:
    # Shorter than a listing's or a delete's request line with a long query or id, which
    # every run sends, whatever its seed draws.
    report = judge(front_ends.ProxyRefusesLongRequestLines(longest=100))

    assert any("front end" in note and "414" in note for note in report.notes)


def test_a_sequence_that_breaks_a_rule_once_is_not_reproducible(judge: Judge) -> None:
    """Shrinking sends the failing sequence again; a target that answers it otherwise the
    second time breaks `state_machine_reproducible` too."""
    report = judge(any_contract.BrokenOnce(broken=mutants.TitleTruncated()), shrink=True)

    assert {"upload_returns_the_image", "state_machine_reproducible"} <= set(report.broken_rules)


CAUGHT_ELSEWHERE = {
    "state_machine_reproducible": test_a_sequence_that_breaks_a_rule_once_is_not_reproducible,
    "answers_can_be_judged": (
        test_reports.test_a_layer_stopped_by_an_answer_names_a_rule_and_the_others_run
    ),
    "retry_after_on_too_many_requests": test_missing_retry_after_on_429_is_caught,
    "cleanup_deletes_created_images": test_images_that_cannot_be_deleted_are_reported,
    "upload_creates_a_new_image": test_an_upload_answering_an_image_listed_before_is_a_finding,
}
"""Rules a test of its own catches (its broken server needs a run set up apart)."""


def test_images_stored_by_uploads_answered_500_are_deleted_at_the_end(judge: Judge) -> None:
    app = mock_app()

    report = judge(mutants.UploadStoredButAnswered500(), app=app)

    assert "not_a_server_error" in report.broken_rules
    assert report.leftovers == []
    with TestClient(app) as http:
        listed = http.get(images_path(), headers={"X-API-Key": CONTRIBUTOR_KEY}).json()
    assert listed["data"] == []


def test_schema_layer_reproductions_read_the_key_from_its_variable(judge: Judge) -> None:
    report = judge(mutants.ErrorsAsPlainJson())

    schema_layer = [finding for finding in report.findings if finding.layer == "schema"]
    assert schema_layer
    for finding in schema_layer:
        assert "'x-api-key: '\"$CONFORMANCE_API_KEY\"" in finding.curl
        assert "[Filtered]" not in finding.curl
