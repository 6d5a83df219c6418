"""The Bitrix24 suite fails on every broken server, naming the rule it breaks."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest

from conformance.runner import RunReport
from tests.broken_servers import any_contract
from tests.broken_servers import bitrix24_mutants as mutants
from tests.broken_servers.layer import Mutation

from .. import test_reports
from ..judging import is_curl_command
from .conftest import TOKEN, WEBHOOK, judge_run

# Whole suite runs against a server: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow

BROKEN_SERVERS: dict[str, tuple[Callable[[], Mutation], set[str]]] = {
    "DeleteAnswersResultFalse": (mutants.DeleteAnswersResultFalse, {"delete_answers_result_true"}),
    "OldDetailPictureKept": (mutants.OldSinglePictureKept, {"at_most_one_detail_picture"}),
    "OldPreviewPictureKept": (
        partial(mutants.OldSinglePictureKept, kind="PREVIEW_PICTURE"),
        {"at_most_one_preview_picture"},
    ),
    "ReplacedPictureStillReadable": (
        mutants.ReplacedPictureStillReadable,
        {"replaced_picture_is_not_found"},
    ),
    "DeletedPictureStays": (mutants.DeletedPictureStays, {"deleted_picture_is_not_found"}),
    "ErrorsAsProblemJson": (
        mutants.ErrorsAsProblemJson,
        {
            "errors_are_bitrix_errors",
            "content_type_conformance",
            "openapi_core_response_validation",
        },
    ),
    "MethodErrorCodesAsNumbers": (
        mutants.MethodErrorCodesAsNumbers,
        {"errors_are_bitrix_errors", "response_schema_conformance"},
    ),
    "ErrorsWithStatus200": (mutants.ErrorsWithStatus200, {"error_status_matches_code"}),
    "TimeMissing": (
        mutants.TimeMissing,
        {"success_carries_result_and_time", "response_schema_conformance"},
    ),
    "ListTotalOffByOne": (mutants.ListTotalOffByOne, {"list_pagination_arithmetic"}),
    "LaterPagesRepeatAPicture": (
        mutants.LaterPagesRepeatAPicture,
        {"pages_hold_the_listing_once"},
    ),
    "CursorPagesDropAPicture": (
        mutants.CursorPagesDropAPicture,
        {"cursor_pages_hold_the_listing_once"},
    ),
    "OtherProductsPictureReadable": (
        mutants.OtherProductsPictureReadable,
        {"picture_of_another_product_is_not_found"},
    ),
    "SelectKeepsProductId": (
        mutants.SelectKeepsProductId,
        {"list_select_keeps_only_named_fields"},
    ),
    "WrongBytesServed": (mutants.WrongBytesServed, {"picture_urls_serve_uploaded_bytes"}),
    "GetLinksADeadDownload": (mutants.GetLinksADeadDownload, {"get_returns_the_picture"}),
    "UnknownMethodAnswers400": (
        mutants.UnknownMethodAnswers400,
        {"unknown_method_is_error_method_not_found"},
    ),
    "MissingTokenIsMissingParameter": (
        mutants.MissingTokenIsMissingParameter,
        {"unauthenticated_calls_are_refused_with_401"},
    ),
    "ApplicationStyleListsNewestFirst": (
        mutants.ApplicationStyleListsNewestFirst,
        {"both_call_styles_agree"},
    ),
    "AddAnswersMorePhoto": (mutants.AddAnswersMorePhoto, {"add_returns_the_picture"}),
    "GetFieldsWithoutDownloadUrl": (
        mutants.GetFieldsWithoutDownloadUrl,
        {"get_fields_describes_the_picture_fields"},
    ),
    "FormBodyRefused": (mutants.FormBodyRefused, {"form_body_is_read_as_json"}),
    "QueryStringIgnored": (mutants.QueryStringIgnored, {"query_string_is_read_as_json"}),
    "MethodNameCaseSensitive": (
        mutants.MethodNameCaseSensitive,
        {"method_name_is_read_in_any_case"},
    ),
    "BatchReferencesUnresolved": (
        mutants.BatchReferencesUnresolved,
        {"batch_answers_as_direct_calls"},
    ),
    "ConnectionDropped": (any_contract.ConnectionDropped, {"target_answers_every_request"}),
    "ServerErrorEveryTwentiethAnswer": (
        any_contract.ServerErrorEveryTwentiethAnswer,
        {"not_a_server_error"},
    ),
    "InvalidDataAccepted": (any_contract.InvalidDataAccepted, {"negative_data_rejection"}),
    "ListingNamesPicturesOtherwise": (
        mutants.ListingNamesPicturesOtherwise,
        {"listing_matches_model"},
    ),
    "UnknownPictureFound": (mutants.UnknownPictureFound, {"unknown_picture_is_not_found"}),
    "RefusalsAs418": (mutants.RefusalsAs418, {"status_code_conformance"}),
}
"""Each broken server by the name its test is shown with, and the rules its run must name."""

CAUGHT_BY: list[tuple[Callable[[], Mutation], tuple[str, ...]]] = [
    (broken, tuple(sorted(rules))) for broken, rules in BROKEN_SERVERS.values()
]
"""The same, in the shape every contract's broken-server table has."""

ReportOf = Callable[[str], RunReport]


@pytest.fixture(scope="module")
def report_of() -> ReportOf:
    """The run against each broken server, made once for the tests that judge it."""
    reports: dict[str, RunReport] = {}

    def judged(name: str) -> RunReport:
        if name not in reports:
            reports[name] = judge_run(BROKEN_SERVERS[name][0]())
        return reports[name]

    return judged


@pytest.mark.parametrize("broken_server", list(BROKEN_SERVERS))
def test_suite_names_the_broken_rule(report_of: ReportOf, broken_server: str) -> None:
    report = report_of(broken_server)

    assert not report.conforms
    assert BROKEN_SERVERS[broken_server][1] <= set(report.broken_rules)


def test_every_finding_carries_a_curl_command_without_secrets(report_of: ReportOf) -> None:
    report = report_of("ErrorsWithStatus200")

    assert report.findings
    for finding in report.findings:
        assert is_curl_command(finding.curl)
        assert WEBHOOK.code not in finding.curl
        assert TOKEN not in finding.curl


def test_pictures_that_cannot_be_deleted_are_reported(report_of: ReportOf) -> None:
    report = report_of("DeletedPictureStays")

    assert "cleanup_deletes_created_images" in report.broken_rules
    assert report.leftovers


def test_a_sequence_that_breaks_a_rule_once_is_not_reproducible() -> None:
    """Shrinking sends the failing sequence again; a target that answers it otherwise the
    second time breaks `state_machine_reproducible` too."""
    report = judge_run(any_contract.BrokenOnce(broken=mutants.AddAnswersMorePhoto()), shrink=True)

    assert {"add_returns_the_picture", "state_machine_reproducible"} <= set(report.broken_rules)


CAUGHT_ELSEWHERE = {
    "cleanup_deletes_created_images": test_pictures_that_cannot_be_deleted_are_reported,
    "state_machine_reproducible": test_a_sequence_that_breaks_a_rule_once_is_not_reproducible,
    "answers_can_be_judged": (
        test_reports.test_a_layer_stopped_by_an_answer_names_a_rule_and_the_others_run
    ),
}
"""Rules a test of its own catches."""
