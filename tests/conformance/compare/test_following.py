"""A side that follows the reference keeps its contract's write policy, but for writes that
name only ids it never answered (made up by the reference's run)."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
import pytest

from conformance.client import Broken, WriteRefused
from conformance.compare.following import FollowingPolicy, SecretsRenamed, reference_variables

ANSWERED_ID = "9e3b0d47-3695-40ef-9ce8-330c080b3663"
MADE_UP_ID = "edd889b5-103f-417d-bbaa-664dd5fbe774"


class RefusesEveryDelete:
    """A contract's policy that refuses every delete (none of the images is the run's)."""

    credential_headers: Mapping[str, str] = {}
    secrets: Mapping[str, str] = {}

    def guard(self, request: httpx.Request) -> None:
        if request.method == "DELETE":
            raise WriteRefused(request.method, request.url.path, "not the run's")

    def learn(self, request: httpx.Request, response: httpx.Response | None) -> list[Broken]:
        return []

    def retry_after(self, response: httpx.Response) -> float | None:
        return None


def following_after_a_listing() -> FollowingPolicy:
    policy = FollowingPolicy(RefusesEveryDelete())
    listing = httpx.Request("GET", "http://candidate/v2/images")
    policy.learn(listing, httpx.Response(200, json={"images": [{"id": ANSWERED_ID}]}))
    return policy


def test_a_write_naming_an_id_this_side_answered_is_refused_as_its_policy_says() -> None:
    with pytest.raises(WriteRefused):
        following_after_a_listing().guard(
            httpx.Request("DELETE", f"http://candidate/v2/images/{ANSWERED_ID}")
        )


def test_a_write_naming_only_an_id_this_side_never_answered_is_sent() -> None:
    following_after_a_listing().guard(
        httpx.Request("DELETE", f"http://candidate/v2/images/{MADE_UP_ID}")
    )


def test_a_write_naming_no_id_is_refused_as_its_policy_says() -> None:
    with pytest.raises(WriteRefused):
        following_after_a_listing().guard(httpx.Request("DELETE", "http://candidate/v2/images"))


class HoldsAKey(RefusesEveryDelete):
    def __init__(self, key: str) -> None:
        self.secrets = {key: "$CONFORMANCE_API_KEY"}


def test_the_references_secret_is_read_from_its_own_variable_where_the_keys_differ() -> None:
    reference, candidate = HoldsAKey("csb_reference"), HoldsAKey("csb_candidate")

    variables = reference_variables(reference, [candidate])

    assert SecretsRenamed(reference, variables).secrets == {
        "csb_reference": "$REFERENCE_CONFORMANCE_API_KEY"
    }
    assert reference_variables(reference, [HoldsAKey("csb_reference")]) == {}
