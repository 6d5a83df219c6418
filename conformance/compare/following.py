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
