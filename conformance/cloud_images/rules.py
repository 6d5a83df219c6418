"""Cloud Images' own rules, judged on one HTTP answer: status, headers and body alone.

The schema layer runs them as Schemathesis checks; the runner runs them over every other
exchange the suite makes.
"""

from __future__ import annotations

import hashlib
import re

from ..reply import Reply, Rule, error_body

JSON_MEDIA_TYPE = "application/json"
# The Accept headers other than JSON whose error rendering webob fixes, and that rendering.
RENDERINGS = {"*/*": "text/html", "text/plain": "text/plain"}
CONTENT_RANGE = re.compile(r"^bytes (?P<first>\d+)-(?P<last>\d+)/(?P<size>\d+|\*)$")


def errors_have_the_glance_shape(reply: Reply) -> list[str]:
    """Every error asked for as JSON is webob's JSON body: `code` is the status line
    (`404 Not Found`), `title` its reason phrase, and a `message`. A 401 may instead come
    in the Keystone auth middleware's own shape, which `unauthorized_is_keystones_when_not_
    webobs` judges (deployments that set `delay_auth_decision = false` answer so)."""
    if reply.status < 400 or reply.accept in RENDERINGS:
        return []
    body, problems = error_body(reply, JSON_MEDIA_TYPE)
    if body is None:
        return problems
    if reply.status == 401 and "error" in body:
        return []
    code, title = body.get("code"), body.get("title")
    if not isinstance(code, str) or not code.startswith(f"{reply.status} "):
        problems.append(f"`code` {code!r} is not the status line of a {reply.status}")
    elif not isinstance(title, str) or code != f"{reply.status} {title}":
        problems.append(f"`title` {title!r} is not the reason phrase of `code` {code!r}")
    if not isinstance(body.get("message"), str):
        problems.append("the error has no `message` string")
    return problems


def unauthorized_is_keystones_when_not_webobs(reply: Reply) -> list[str]:
    """A 401 in the Keystone middleware's shape is `{"error": {"code": 401, "title",
    "message"}}`, and every 401 names the identity service in `WWW-Authenticate`."""
    if reply.status != 401:
        return []
    problems = []
    if not (reply.header("WWW-Authenticate") or "").startswith("Keystone uri="):
        problems.append("the 401 has no `WWW-Authenticate: Keystone uri=...` header")
    body, unreadable = error_body(reply, JSON_MEDIA_TYPE)
    if body is None:
        return [*problems, *unreadable]
    error = body.get("error")
    if error is None:
        return problems
    if not isinstance(error, dict):
        return [*problems, "the 401's `error` member is no object"]
    if error.get("code") != 401 or isinstance(error.get("code"), bool):
        problems.append(f"`error.code` is {error.get('code')!r}, not the integer 401")
    for member in ("title", "message"):
        if not isinstance(error.get(member), str):
            problems.append(f"the 401 has no `error.{member}` string")
    return problems


def errors_are_rendered_for_the_accept_header(reply: Reply) -> list[str]:
    """webob renders an error for the client's `Accept`: HTML to one that accepts anything
    (`*/*`, as python-glanceclient sends), plain text to `text/plain`."""
    expected = RENDERINGS.get(reply.accept or "")
    if reply.status < 400 or expected is None or reply.media_type == expected:
        return []
    return [
        f"a {reply.status} error for `Accept: {reply.accept}` is sent as "
        f"{reply.media_type or 'no content type'!r}, not {expected!r}"
    ]


def content_md5_is_the_datas_checksum(reply: Reply) -> list[str]:
    """A Content-MD5 header is the hex MD5 digest of the body it comes with."""
    sent = reply.header("Content-MD5")
    if sent is None or reply.status != 200:
        return []
    digest = hashlib.md5(reply.content, usedforsecurity=False).hexdigest()
    if sent != digest:
        return [f"Content-MD5 {sent!r} is not the MD5 of the {len(reply.content)} bytes sent"]
    return []


def partial_content_matches_its_range(reply: Reply) -> list[str]:
    """A 206 says in Content-Range which bytes it holds, and holds that many."""
    if reply.status != 206:
        return []
    match = CONTENT_RANGE.match(reply.header("Content-Range") or "")
    if match is None:
        return [f"a 206 with Content-Range {reply.header('Content-Range')!r}, not `bytes a-b/n`"]
    first, last = int(match["first"]), int(match["last"])
    problems = []
    if last < first or (match["size"] != "*" and last >= int(match["size"])):
        problems.append(f"Content-Range {match.group(0)!r} is no range of the data")
    elif len(reply.content) != last - first + 1:
        problems.append(
            f"Content-Range {match.group(0)!r} announces {last - first + 1} bytes, "
            f"the body has {len(reply.content)}"
        )
    return problems


REPLY_RULES: dict[str, Rule] = {
    "errors_have_the_glance_shape": errors_have_the_glance_shape,
    "unauthorized_is_keystones_when_not_webobs": unauthorized_is_keystones_when_not_webobs,
    "errors_are_rendered_for_the_accept_header": errors_are_rendered_for_the_accept_header,
    "content_md5_is_the_datas_checksum": content_md5_is_the_datas_checksum,
    "partial_content_matches_its_range": partial_content_matches_its_range,
}
