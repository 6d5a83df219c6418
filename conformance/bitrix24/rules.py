"""Bitrix24's own rules, judged on one HTTP answer: status, headers and body alone.

The schema layer runs them as Schemathesis checks; the runner runs them over every other
exchange the suite makes with a method of the contract.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..reply import Reply, Rule, error_body
from .error_codes import statuses_of

JSON_MEDIA_TYPE = "application/json"
TIME_NUMBERS = ("start", "finish", "duration", "processing")
TIME_DATES = ("date_start", "date_finish")


def success_carries_result_and_time(reply: Reply) -> list[str]:
    """A 200 answer is a JSON object with `result` and `time` (start, finish, duration,
    processing as numbers; date_start, date_finish as ISO 8601 with offset)."""
    if reply.status != 200:
        return []
    body = reply.json_or_none()
    if not isinstance(body, dict):
        return ["a 200 answer is not a JSON object"]
    problems = [] if "result" in body else ["a 200 answer has no `result`"]
    time = body.get("time")
    if not isinstance(time, dict):
        return [*problems, "a 200 answer has no `time` object"]
    return problems + _time_problems(time)


def errors_are_bitrix_errors(reply: Reply) -> list[str]:
    """Every error is application/json `{"error": CODE, "error_description": TEXT}`, the
    code a string of letters, digits and underscores (never a JSON number, which the
    official SDKs do not read as an error)."""
    if reply.status < 400:
        return []
    body, problems = error_body(reply, JSON_MEDIA_TYPE)
    if body is None:
        return problems
    code = body.get("error")
    if not _is_code(code):
        problems.append(f"the error has no `error` code (a string of letters and digits): {code!r}")
    if not isinstance(body.get("error_description"), str):
        problems.append("the error has no `error_description` string")
    return problems


def error_status_matches_code(reply: Reply) -> list[str]:
    """An answer carrying an `error` code has the HTTP status the contract gives that code:
    400 for method errors (codes of digits), 401 for NO_AUTH_FOUND and INVALID_CREDENTIALS,
    404 for ERROR_METHOD_NOT_FOUND, 503 for QUERY_LIMIT_EXCEEDED, ...; never a success."""
    body = reply.json_or_none()
    if not isinstance(body, dict) or "error" not in body:
        return []
    code = body["error"]
    if reply.status < 400:
        return [f"the error {code!r} is answered with HTTP {reply.status}"]
    statuses = statuses_of(code)
    if statuses is not None and reply.status not in statuses:
        expected = " or ".join(str(status) for status in sorted(statuses))
        return [f"the error {code!r} is answered with HTTP {reply.status}, not {expected}"]
    return []


REPLY_RULES: dict[str, Rule] = {
    "success_carries_result_and_time": success_carries_result_and_time,
    "errors_are_bitrix_errors": errors_are_bitrix_errors,
    "error_status_matches_code": error_status_matches_code,
}


def _time_problems(time: dict[str, Any]) -> list[str]:
    problems = [
        f"`time.{name}` is not a number"
        for name in TIME_NUMBERS
        if isinstance(time.get(name), bool) or not isinstance(time.get(name), int | float)
    ]
    problems += [
        f"`time.{name}` is not an ISO 8601 date and time with offset"
        for name in TIME_DATES
        if not _is_datetime_with_offset(time.get(name))
    ]
    if not problems and time["finish"] < time["start"]:
        problems.append(f"`time.finish` {time['finish']} is before `time.start` {time['start']}")
    return problems


def _is_code(code: object) -> bool:
    return isinstance(code, str) and all(
        char.isascii() and (char.isalnum() or char == "_") for char in code
    )


def _is_datetime_with_offset(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False
