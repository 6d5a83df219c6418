"""The suite fails on every broken server, naming the rule it breaks."""

from __future__ import annotations

import pytest

from mockserver.domain.ratelimit import Window
from tests.broken_servers import mutants
from tests.broken_servers.layer import Mutation

from .judging import Judge, mock_app

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
    assert all(finding.curl.startswith("curl ") for finding in report.findings)


def test_missing_retry_after_on_429_is_caught(judge: Judge) -> None:
    report = judge(mutants.RetryAfterMissing(), app=mock_app((Window(40, 60),)), max_examples=3)

    assert "retry_after_on_too_many_requests" in report.broken_rules


def test_images_that_cannot_be_deleted_are_reported(judge: Judge) -> None:
    report = judge(mutants.DeleteAnswers500())

    assert "cleanup_deletes_created_images" in report.broken_rules
    assert report.leftovers
