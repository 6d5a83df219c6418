"""A candidate that changes one behaviour of the mock (a broken server: the mock behind a
rewriting layer) is reported where it answers otherwise, with a curl command for each
side."""

from __future__ import annotations

import fnmatch

import pytest

from tests.broken_servers import bitrix24_mutants as bitrix
from tests.broken_servers import cloud_images_mutants as cloud
from tests.broken_servers import mutants as closient
from tests.broken_servers.layer import Mutation

from ..judging import is_curl_command
from .sides import SEQUENCES, compare_mocks

# Whole comparisons of generated sequences: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow

LISTING = "GET /dashboard/api/v1/trade-items/*/images"
UPLOAD = "POST /dashboard/api/v1/trade-items/*/images"
DELETE = "DELETE /dashboard/api/v1/trade-items/*/images/{image_id}"

# Behaviours that only a rule most sequences leave out reaches (swarm testing).
RARELY_REACHED = {
    closient.PageSizeAbove100Accepted,
    closient.CredentialsIgnored,
    cloud.AnyDataAccepted,
    cloud.ProtectedDeleteAnswers204,
    cloud.RangeIgnored,
    cloud.NoUuidIdIs400,
}
MORE_SEQUENCES = 8

REPORTED_AT: dict[str, list[tuple[type[Mutation], str, str]]] = {
    "closient": [
        (closient.PrimaryNotDemoted, LISTING, "body /data/*/is_primary"),
        (closient.OldestPrimaryKept, LISTING, "body /data/*/is_primary"),
        (closient.UploadAnswers200, UPLOAD, "status"),
        (closient.CreatedFieldMissing, UPLOAD, "body /created"),
        (closient.ErrorsAsPlainJson, DELETE, "media type"),
        (closient.DeleteThroughOtherProduct, DELETE, "status"),
        (closient.ListingOrderReversed, LISTING, "body /data/*/id"),
        (closient.TotalCountOffByOne, LISTING, "body /pagination/total_count"),
        (closient.LaterPagesSkipTheirFirstImage, LISTING, "body /data"),
        (closient.PageSizeAbove100Accepted, LISTING, "status"),
        (closient.DeletedImageStillListed, LISTING, "body /data"),
        (closient.RateLimitHeadersMissing, UPLOAD, "header ratelimit-limit"),
        (closient.RelativeLegacyReset, LISTING, "header x-ratelimit-reset"),
        (closient.ServerErrorOnLaterPages, LISTING, "status"),
        (closient.WrongBytesServed, "GET /media/*", "body"),
        (closient.TitleTruncated, UPLOAD, "body /title"),
        (closient.DeletedTwiceAnswers204, DELETE, "status"),
        (closient.DeleteAnswers200, DELETE, "status"),
        (closient.CredentialsIgnored, "*", "status"),
    ],
    "cloud-images": [
        (cloud.AnyDataAccepted, "PUT /images/{image_id}/file", "status"),
        (cloud.CreateWithoutLocation, "POST /images", "header location"),
        (cloud.CreatedImageActive, "POST /images", "body /status"),
        (cloud.DeleteAnswers200, "DELETE /images/{image_id}", "status"),
        (cloud.DownloadServesOtherBytes, "GET /images/{image_id}/file", "body"),
        (cloud.ErrorsAlwaysJson, "GET /images/{image_id}", "media type"),
        (cloud.ErrorsAsProblemJson, "*", "body /type"),
        (cloud.ListingKeepsFirstNames, "GET /images", "body /images/*/name"),
        (cloud.NextNeverSent, "GET /images", "body /next"),
        (cloud.NoUuidIdIs400, "GET /images/{image_id}", "status"),
        (cloud.ProtectedDeleteAnswers204, "DELETE /images/{image_id}", "status"),
        (cloud.ProtectedFlagNotReported, "PATCH /images/{image_id}", "body /protected"),
        (cloud.QueuedDownloadAnswers200, "GET /images/{image_id}/file", "status"),
        (cloud.RangeIgnored, "GET /images/{image_id}/file", "status"),
        (cloud.UploadLeavesQueued, "GET /images/{image_id}", "body /status"),
        (cloud.ShowWithoutSchemaLink, "GET /images/{image_id}", "body /schema"),
    ],
    "bitrix24": [
        (bitrix.AddAnswersMorePhoto, "*.add", "body /result/productImage/type"),
        (bitrix.DeleteAnswersResultFalse, "*.delete", "body /result"),
        (bitrix.GetFieldsWithoutDownloadUrl, "*.getFields", "body /result/productImage/*"),
        (bitrix.ListTotalOffByOne, "*.list", "body /total"),
        (bitrix.ListingNamesPicturesOtherwise, "*.list", "body /result/productImages/*/name"),
        (bitrix.MethodErrorCodesAsNumbers, "*", "body /error"),
        (bitrix.MissingTokenIsMissingParameter, "*.list", "status"),
        (bitrix.RefusalsAs418, "*", "status"),
        (bitrix.TimeMissing, "*", "body /time"),
        (bitrix.WrongBytesServed, "GET *", "body"),
        (bitrix.SelectKeepsProductId, "*.list", "body /result/productImages/*/productId"),
        (bitrix.GetLinksADeadDownload, "*.get", "body /result/productImage/downloadUrl"),
    ],
}


@pytest.mark.parametrize(
    ("contract", "mutation", "step", "aspect"),
    [(contract, *case) for contract, cases in REPORTED_AT.items() for case in cases],
    ids=[
        f"{contract}-{case[0].__name__}"
        for contract, cases in REPORTED_AT.items()
        for case in cases
    ],
)
def test_a_changed_behaviour_is_reported_with_a_curl_command_for_each_side(
    contract: str, mutation: type[Mutation], step: str, aspect: str
) -> None:
    sequences = MORE_SEQUENCES if mutation in RARELY_REACHED else SEQUENCES
    report = compare_mocks(contract, 1, mutation(), sequences=sequences)

    assert not report.agrees
    assert any(
        fnmatch.fnmatchcase(difference.step, step)
        and fnmatch.fnmatchcase(difference.place[1], aspect)
        for difference in report.differences
    ), sorted({difference.place for difference in report.differences})
    for difference in report.differences:
        assert is_curl_command(difference.reference_curl)
        assert is_curl_command(difference.other_curl), difference
