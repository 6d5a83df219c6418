"""One reading of the Cookie header: authentication and the rate limit's key agree."""

from __future__ import annotations

import pytest
from starlette.types import Scope

from mockserver.http.authentication import CredentialSource
from mockserver.http.cookies import request_cookie
from mockserver.http.rate_limiting import authenticated_key

SESSION = CredentialSource("SessionAuth", "cookie", "sessionid")


def scope_with(*cookies: str) -> Scope:
    return {"headers": [(b"cookie", value.encode("latin-1")) for value in cookies]}


@pytest.mark.parametrize(
    ("headers", "session"),
    [
        (("theme=dark; sessionid=abc",), "abc"),
        # A pair http.cookies cannot read does not hide the others.
        (('theme={"a":1}; sessionid=abc',), "abc"),
        (("a=b c; sessionid=abc",), "abc"),
        (('sessionid="abc"',), "abc"),
        (("xsessionid=1; sessionid=abc",), "abc"),
        (("sessionid=abc; sessionid=def",), "def"),
        (("sessionid=abc", "theme=dark"), "abc"),
        (("theme=dark",), None),
        (("sessionid=",), None),
    ],
)
def test_the_session_cookie_means_the_same_to_authentication_and_the_rate_limit(
    headers: tuple[str, ...], session: str | None
) -> None:
    scope = scope_with(*headers)
    assert request_cookie(scope, "sessionid") == session
    assert SESSION.extract(scope) == session
    expected_key = f"SessionAuth:{session}" if session else "address:unknown"
    assert authenticated_key(scope, (SESSION,), lambda _scheme, _secret: None) == expected_key
