"""The suite fails on every broken Cloud Images server, naming the rule it breaks."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.broken_servers import any_contract
from tests.broken_servers import cloud_images_mutants as mutants
from tests.broken_servers.layer import Mutation

from .. import test_reports
from ..judging import Judge, is_curl_command, mock_app
from .conftest import OTHER_TOKEN, TOKEN

# Whole suite runs against a server: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow

CAUGHT_BY: list[tuple[type[Mutation], tuple[str, ...]]] = [
    (mutants.ProtectedImageDeleted, ("protected_image_survives_delete",)),
    (mutants.ProtectedDeleteAnswers204, ("protected_image_survives_delete",)),
    (
        mutants.DeleteAnswers200,
        ("delete_of_unprotected_image_is_204", "status_code_conformance"),
    ),
    (mutants.UploadLeavesQueued, ("upload_makes_the_image_active",)),
    (mutants.DownloadServesOtherBytes, ("download_serves_the_uploaded_data",)),
    (mutants.ErrorsAsProblemJson, ("errors_have_the_glance_shape", "content_type_conformance")),
    (mutants.UnauthorizedWithoutKeystoneUri, ("unauthorized_is_keystones_when_not_webobs",)),
    (mutants.ProtectedFlagNotReported, ("patch_returns_the_patched_image",)),
    (mutants.OtherProjectsImagesVisible, ("images_are_invisible_to_other_projects",)),
    (mutants.RequestsWithoutTokenServed, ("requests_without_a_valid_token_are_401",)),
    (mutants.SecondUploadAccepted, ("second_upload_is_409",)),
    (mutants.DeactivateIgnored, ("deactivation_withholds_the_data_until_reactivated",)),
    (mutants.QueuedDownloadAnswers200, ("download_without_data_is_204",)),
    (mutants.RangeIgnored, ("ranged_download_serves_those_bytes",)),
    (mutants.ContentRangeOffByOne, ("partial_content_matches_its_range",)),
    (mutants.WrongContentMd5, ("content_md5_is_the_datas_checksum",)),
    (mutants.DeletedImageStillShown, ("deleted_image_is_404",)),
    (mutants.UnknownImageForbidden, ("unknown_image_is_404",)),
    (mutants.CreatedImageActive, ("create_returns_a_queued_image",)),
    (mutants.ListingKeepsFirstNames, ("listing_matches_model",)),
    (mutants.ShowKeepsFirstNames, ("show_matches_model",)),
    (mutants.AddOfPresentPropertyConflicts, ("add_of_a_present_property_replaces_it",)),
    (mutants.PublicizeAllowed, ("publicizing_needs_the_admin_role",)),
    (mutants.AnyDataAccepted, ("data_not_in_its_disk_format_is_refused",)),
    (mutants.MalformedRangeIs400, ("malformed_range_is_416",)),
    (mutants.NextNeverSent, ("a_full_page_links_to_the_next",)),
    (mutants.ErrorsAlwaysJson, ("errors_are_rendered_for_the_accept_header",)),
    (mutants.NoUuidIdIs400, ("an_image_id_that_is_no_uuid_is_404",)),
    (mutants.ListingOldestFirst, ("listing_is_newest_first",)),
    (mutants.SortKeyIgnored, ("listing_follows_its_sort_key",)),
    (mutants.NameFilterIgnored, ("listing_filters_hold",)),
    (mutants.MarkedPagesSkipTheirFirstImage, ("pages_hold_the_listing_once",)),
    (any_contract.ConnectionDropped, ("target_answers_every_request",)),
    (any_contract.ServerErrorEveryTwentiethAnswer, ("not_a_server_error",)),
    (any_contract.InvalidDataAccepted, ("negative_data_rejection",)),
    (any_contract.DeleteFailsWith500, ("cleanup_deletes_created_images",)),
    (
        mutants.ShowWithoutSchemaLink,
        ("response_schema_conformance", "openapi_core_response_validation"),
    ),
    (mutants.CreateWithoutLocation, ("response_headers_conformance",)),
]


@pytest.mark.parametrize(("mutation", "rules"), CAUGHT_BY, ids=[m.__name__ for m, _ in CAUGHT_BY])
def test_suite_names_the_broken_rule_with_curl_commands_free_of_tokens(
    judge: Judge, mutation: type[Mutation], rules: tuple[str, ...]
) -> None:
    report = judge(mutation())

    assert set(rules) <= set(report.broken_rules)
    assert all(is_curl_command(finding.curl) for finding in report.findings)
    assert not any(TOKEN in f.curl or OTHER_TOKEN in f.curl for f in report.findings)


def test_a_create_answering_an_image_listed_before_is_a_finding(judge: Judge) -> None:
    app = mock_app()
    with TestClient(app) as http:
        http.post(
            "/v2/images", headers={"X-Auth-Token": TOKEN}, json={"name": "there before"}
        ).raise_for_status()

    report = judge(mutants.CreateAnswersAnImageListedBefore(), app=app)

    assert "create_makes_a_new_image" in report.broken_rules
    assert "answers_can_be_judged" not in report.broken_rules


def test_a_sequence_that_breaks_a_rule_once_is_not_reproducible(judge: Judge) -> None:
    """Shrinking sends the failing sequence again; a target that answers it otherwise the
    second time breaks `state_machine_reproducible` too."""
    once = any_contract.BrokenOnce(broken=mutants.ProtectedFlagNotReported())

    report = judge(once, shrink=True)

    rules = {"patch_returns_the_patched_image", "state_machine_reproducible"}
    assert rules <= set(report.broken_rules)


CAUGHT_ELSEWHERE = {
    "create_makes_a_new_image": test_a_create_answering_an_image_listed_before_is_a_finding,
    "state_machine_reproducible": test_a_sequence_that_breaks_a_rule_once_is_not_reproducible,
    "answers_can_be_judged": (
        test_reports.test_a_layer_stopped_by_an_answer_names_a_rule_and_the_others_run
    ),
}
"""Rules a test of its own catches (its broken server needs a run set up apart)."""
