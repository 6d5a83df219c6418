"""Closient's own rules, judged on one HTTP answer: status, headers and body alone.

The schema layer runs them as Schemathesis checks; the runner runs them over every other
exchange the suite makes.
"""

from __future__ import annotations

import email.utils
from datetime import datetime

from ..reply import Reply, Rule, error_body

PROBLEM_MEDIA_TYPE = "application/problem+json"
RATE_LIMIT_HEADERS = (
    "RateLimit-Policy",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
)
LEGACY_RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
# How far X-RateLimit-Reset may stray from the answer's Date + RateLimit-Reset: the two are
# rendered from one instant but rounded separately.
ABSOLUTE_RESET_SLACK_SECONDS = 5
# Without a Date header the suite's own clock stands in; allow for clock skew.
CLOCK_SKEW_SLACK_SECONDS = 300


def errors_are_problem_details(reply: Reply) -> list[str]:
    """Every error is application/problem+json with error_code, retryable and timestamp."""
    if reply.status < 400:
        return []
    body, problems = error_body(reply, PROBLEM_MEDIA_TYPE)
    if body is None:
        return problems
    if not isinstance(body.get("error_code"), str) or not body["error_code"]:
        problems.append("the error has no `error_code` string")
    if not isinstance(body.get("retryable"), bool):
        problems.append("the error has no boolean `retryable`")
    if not _is_datetime(body.get("timestamp")):
        problems.append("the error has no ISO-8601 `timestamp`")
    if body.get("status") != reply.status:
        problems.append(f"the problem's `status` {body.get('status')!r} is not {reply.status}")
    return problems


def rate_limit_headers_consistent(reply: Reply) -> list[str]:
    """RateLimit-* and X-RateLimit-* are on every answer and tell the same story."""
    missing = [n for n in (*RATE_LIMIT_HEADERS, *LEGACY_RATE_LIMIT_HEADERS) if not reply.header(n)]
    if missing:
        return [f"rate-limit headers missing: {', '.join(missing)}"]
    numbers = {
        name: _non_negative_int(reply.header(name))
        for name in (*RATE_LIMIT_HEADERS[1:], *LEGACY_RATE_LIMIT_HEADERS)
    }
    not_numbers = [name for name, value in numbers.items() if value is None]
    if not_numbers:
        return [f"rate-limit headers not non-negative integers: {', '.join(not_numbers)}"]
    limit, remaining, reset = (numbers[n] or 0 for n in RATE_LIMIT_HEADERS[1:])
    problems = []
    if remaining > limit:
        problems.append(f"RateLimit-Remaining {remaining} exceeds RateLimit-Limit {limit}")
    if numbers["X-RateLimit-Limit"] != limit:
        problems.append("X-RateLimit-Limit differs from RateLimit-Limit")
    if numbers["X-RateLimit-Remaining"] != remaining:
        problems.append("X-RateLimit-Remaining differs from RateLimit-Remaining")
    problems += _absolute_reset_problems(reply, reset, numbers["X-RateLimit-Reset"] or 0)
    problems += _policy_problems(reply.header("RateLimit-Policy") or "", limit, reset)
    return problems


def retry_after_on_too_many_requests(reply: Reply) -> list[str]:
    """A 429 says when to come back: a Retry-After header and `retry_after_seconds`."""
    if reply.status != 429:
        return []
    problems = []
    if _non_negative_int(reply.header("Retry-After")) is None:
        problems.append("a 429 has no integer Retry-After header")
    try:
        body = reply.json()
    except ValueError:
        body = None
    seconds = body.get("retry_after_seconds") if isinstance(body, dict) else None
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
        problems.append("a 429 problem has no integer `retry_after_seconds`")
    return problems


REPLY_RULES: dict[str, Rule] = {
    "errors_are_problem_details": errors_are_problem_details,
    "rate_limit_headers_consistent": rate_limit_headers_consistent,
    "retry_after_on_too_many_requests": retry_after_on_too_many_requests,
}


def _absolute_reset_problems(reply: Reply, reset: int, absolute: int) -> list[str]:
    sent = reply.header("Date")
    parsed = email.utils.parsedate_to_datetime(sent).timestamp() if sent else None
    now, slack = (
        (parsed, ABSOLUTE_RESET_SLACK_SECONDS)
        if parsed is not None
        else (reply.received_at, CLOCK_SKEW_SLACK_SECONDS)
    )
    if abs(absolute - (now + reset)) > slack:
        return [
            f"X-RateLimit-Reset {absolute} is not the Unix time RateLimit-Reset ({reset} s) "
            f"points at (about {int(now + reset)})"
        ]
    return []


def _policy_problems(policy: str, limit: int, reset: int) -> list[str]:
    windows: list[tuple[int, int]] = []
    for item in policy.split(","):
        quota, _, parameters = item.strip().partition(";")
        seconds = dict(
            part.strip().partition("=")[::2] for part in parameters.split(";") if "=" in part
        ).get("w")
        if _non_negative_int(quota) is None or _non_negative_int(seconds) is None:
            return [f"RateLimit-Policy {policy!r} is not a list of `quota;w=seconds`"]
        windows.append((int(quota), int(seconds or 0)))
    if not any(quota == limit and reset <= window for quota, window in windows):
        return [f"RateLimit-Limit {limit} / Reset {reset} match no window of {policy!r}"]
    return []


def _non_negative_int(text: str | None) -> int | None:
    if text is None or not text.strip().isdigit():
        return None
    return int(text.strip())


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
