"""The Bitrix24 suite fails on every broken server, naming the rule it breaks."""

from __future__ import annotations

import pytest

from tests.broken_servers import bitrix24_mutants as mutants
from tests.broken_servers.layer import Mutation

from .conftest import TOKEN, WEBHOOK, Judge

CAUGHT_BY: list[tuple[Mutation, set[str]]] = [
    (mutants.DeleteAnswersResultFalse(), {"delete_answers_result_true"}),
    (mutants.OldSinglePictureKept(), {"at_most_one_detail_picture"}),
    (mutants.OldSinglePictureKept(kind="PREVIEW_PICTURE"), {"at_most_one_preview_picture"}),
    (mutants.DeletedPictureStays(), {"deleted_picture_is_not_found"}),
    (
        mutants.ErrorsAsProblemJson(),
        {
            "errors_are_bitrix_errors",
            "content_type_conformance",
            "openapi_core_response_validation",
        },
    ),
    (mutants.ErrorsWithStatus200(), {"error_status_matches_code"}),
    (
        mutants.TimeMissing(),
        {"success_carries_result_and_time", "response_schema_conformance"},
    ),
    (mutants.ListTotalOffByOne(), {"list_pagination_arithmetic"}),
    (mutants.OtherProductsPictureReadable(), {"picture_of_another_product_is_not_found"}),
    (mutants.SelectKeepsProductId(), {"list_select_keeps_only_named_fields"}),
    (mutants.WrongBytesServed(), {"picture_urls_serve_uploaded_bytes"}),
    (mutants.UnknownMethodAnswers400(), {"unknown_method_is_error_method_not_found"}),
    (mutants.MissingTokenIsMissingParameter(), {"unauthenticated_calls_are_refused_with_401"}),
    (mutants.ApplicationStyleListsNewestFirst(), {"both_call_styles_agree"}),
    (mutants.AddAnswersMorePhoto(), {"add_returns_the_picture"}),
    (mutants.GetFieldsWithoutDownloadUrl(), {"get_fields_describes_the_picture_fields"}),
]


@pytest.mark.parametrize(
    ("mutation", "rules"),
    CAUGHT_BY,
    ids=[f"{type(m).__name__}-{'-'.join(sorted(r))}" for m, r in CAUGHT_BY],
)
def test_suite_names_the_broken_rule(judge: Judge, mutation: Mutation, rules: set[str]) -> None:
    report = judge(mutation)

    assert not report.conforms
    assert rules <= set(report.broken_rules)


def test_every_finding_carries_a_curl_command_without_secrets(judge: Judge) -> None:
    report = judge(mutants.ErrorsWithStatus200())

    assert report.findings
    for finding in report.findings:
        assert finding.curl.startswith("curl ")
        assert WEBHOOK.code not in finding.curl
        assert TOKEN not in finding.curl


def test_pictures_that_cannot_be_deleted_are_reported(judge: Judge) -> None:
    report = judge(mutants.DeletedPictureStays())

    assert "cleanup_deletes_created_images" in report.broken_rules
    assert report.leftovers
