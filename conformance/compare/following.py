"""The write policy of a side that follows the reference: its contract's own policy, except
that a write naming only ids this side never answered (ids the reference's run made up, to
see an unknown image refused) is sent, since it can name nothing there."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from ..client import Broken, TargetPolicy, WriteRefused
from .values import WORDS, looks_chosen


class FollowingPolicy:
    """`policy`, which also notes every word this side answered."""

    def __init__(self, policy: TargetPolicy) -> None:
        self.policy = policy
        self.answered_words: set[str] = set()

    @property
    def credential_headers(self) -> Mapping[str, str]:
        return self.policy.credential_headers

    @property
    def secrets(self) -> Mapping[str, str]:
        return self.policy.secrets

    def guard(self, request: httpx.Request) -> None:
        try:
            self.policy.guard(request)
        except WriteRefused:
            named = [word for word in WORDS.findall(request.url.path) if looks_chosen(word)]
            if not named or any(word in self.answered_words for word in named):
                raise

    def learn(self, request: httpx.Request, response: httpx.Response | None) -> list[Broken]:
        if response is not None:
            text = response.content.decode("utf-8", "replace")
            self.answered_words.update(word for word in WORDS.findall(text) if looks_chosen(word))
        return self.policy.learn(request, response)

    def retry_after(self, response: httpx.Response) -> float | None:
        return self.policy.retry_after(response)


class SecretsRenamed:
    """`policy`, whose secrets curl commands read from other shell variables: the
    reference's, where they differ from the candidate's (`$REFERENCE_CONFORMANCE_API_KEY`)."""

    def __init__(self, policy: TargetPolicy, variables: Mapping[str, str]) -> None:
        self.policy = policy
        self.variables = variables

    @property
    def credential_headers(self) -> Mapping[str, str]:
        return self.policy.credential_headers

    @property
    def secrets(self) -> Mapping[str, str]:
        return {
            text: self.variables.get(variable, variable)
            for text, variable in self.policy.secrets.items()
        }

    def guard(self, request: httpx.Request) -> None:
        self.policy.guard(request)

    def learn(self, request: httpx.Request, response: httpx.Response | None) -> list[Broken]:
        return self.policy.learn(request, response)

    def retry_after(self, response: httpx.Response) -> float | None:
        return self.policy.retry_after(response)


REFERENCE_VARIABLE_PREFIX = "REFERENCE_"


def reference_variables(reference: TargetPolicy, others: list[TargetPolicy]) -> dict[str, str]:
    """The reference's secret variables that another side reads a different secret from,
    each to a variable of the reference's own."""
    renamed = {}
    for text, variable in reference.secrets.items():
        for other in others:
            theirs = {v: t for t, v in other.secrets.items()}
            if theirs.get(variable, text) != text:
                renamed[variable] = "$" + REFERENCE_VARIABLE_PREFIX + variable.lstrip("$")
    return renamed
