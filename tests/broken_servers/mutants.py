"""The broken servers: each mutation breaks exactly one rule of the contract."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

import shortuuid
from starlette.types import Scope

from conformance.closient.target import short_image_id
from tests.demo import CONTRIBUTOR_KEY, OTHER_CONTRIBUTOR_KEY, VIEWER_KEY

from .layer import Answer, Call, Mutation

KNOWN_API_KEYS = frozenset({CONTRIBUTOR_KEY, VIEWER_KEY, OTHER_CONTRIBUTOR_KEY})

RATE_LIMIT_HEADERS = (
    "ratelimit-policy",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
)


class PrimaryNotDemoted(Mutation):
    """Every image uploaded as primary stays primary in listings."""

    def response(self, call: Call, answer: Answer) -> Answer:
        primaries: set[str] = self.seen.setdefault("primaries", set())
        if call.is_upload and answer.status == 201 and answer.json().get("is_primary"):
            primaries.add(answer.json()["id"])
        if call.is_listing and answer.status == 200:
            body = answer.json()
            for item in body["data"]:
                item["is_primary"] = item["is_primary"] or item["id"] in primaries
            answer.set_json(body)
        return answer


class OldestPrimaryKept(Mutation):
    """A new primary is reported, but listings keep the oldest primary still there."""

    def response(self, call: Call, answer: Answer) -> Answer:
        primaries: list[str] = self.seen.setdefault("primaries", [])
        if call.is_upload and answer.status == 201 and answer.json().get("is_primary"):
            primaries.append(answer.json()["id"])
        if call.is_listing and answer.status == 200:
            body = answer.json()
            listed = {item["id"] for item in body["data"]}
            oldest = next((image for image in primaries if image in listed), None)
            for item in body["data"]:
                item["is_primary"] = item["id"] == oldest
            answer.set_json(body)
        return answer


class UploadAnswers200(Mutation):
    """A successful upload answers 200 instead of 201."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.is_upload and answer.status == 201:
            answer.status = 200
        return answer


class CreatedFieldMissing(Mutation):
    """Images come without their required `created` field."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if (call.is_upload or call.is_listing) and answer.status in (200, 201):
            body = answer.json()
            for item in body.get("data", [body]):
                item.pop("created", None)
            answer.set_json(body)
        return answer


class ErrorsAsPlainJson(Mutation):
    """Errors are sent as application/json instead of application/problem+json."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.headers.get("content-type") == "application/problem+json":
            answer.headers["content-type"] = "application/json"
        return answer


class DeleteThroughOtherProduct(Mutation):
    """Deleting an image through another product's path answers 204 (and deletes nothing)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        owners: dict[str, str] = self.seen.setdefault("owners", {})
        match = call.images_path
        if call.is_upload and answer.status == 201 and match:
            owners[answer.json()["id"]] = match["gtin"].zfill(14)
        if call.is_delete and match and answer.status == 404:
            owner = owners.get(match["image"] or "")
            if owner is not None and owner != match["gtin"].zfill(14):
                return Answer(
                    204, {k: v for k, v in answer.headers.items() if k != "content-type"}, b""
                )
        return answer


class ListingOrderReversed(Mutation):
    """Listings come in reverse order."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.is_listing and answer.status == 200:
            body = answer.json()
            body["data"].reverse()
            answer.set_json(body)
        return answer


class TotalCountOffByOne(Mutation):
    """Pagination reports one image more than there is."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.is_listing and answer.status == 200:
            body = answer.json()
            body["pagination"]["total_count"] += 1
            answer.set_json(body)
        return answer


class LaterPagesSkipTheirFirstImage(Mutation):
    """Every page after the first leaves out its first image (the numbers stay right)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        page = dict(parse_qsl(call.query)).get("page", "1")
        if call.is_listing and answer.status == 200 and page not in ("1", ""):
            body = answer.json()
            body["data"] = body["data"][1:]
            answer.set_json(body)
        return answer


class PageSizeAbove100Accepted(Mutation):
    """A page_size above 100 is served (as 100) instead of rejected."""

    def request(self, scope: Scope) -> Scope:
        query = parse_qsl(scope.get("query_string", b"").decode(), keep_blank_values=True)
        clamped = [
            (name, "100" if name == "page_size" and value.isdigit() and int(value) > 100 else value)
            for name, value in query
        ]
        return {**scope, "query_string": urlencode(clamped).encode()}

    def response(self, call: Call, answer: Answer) -> Answer:
        return answer


class DeletedImageStillListed(Mutation):
    """A deleted image keeps appearing in listings."""

    def response(self, call: Call, answer: Answer) -> Answer:
        images: dict[str, Any] = self.seen.setdefault("images", {})
        ghosts: dict[str, Any] = self.seen.setdefault("ghosts", {})
        match = call.images_path
        if call.is_upload and answer.status == 201:
            images[answer.json()["id"]] = answer.json()
        if call.is_delete and match and answer.status == 204 and match["image"] in images:
            ghosts[match["image"]] = images[match["image"]]
        if call.is_listing and answer.status == 200 and ghosts:
            body = answer.json()
            body["data"] += list(ghosts.values())
            answer.set_json(body)
        return answer


class RateLimitHeadersMissing(Mutation):
    """No RateLimit-* or X-RateLimit-* headers."""

    def response(self, call: Call, answer: Answer) -> Answer:
        for name in RATE_LIMIT_HEADERS:
            answer.headers.pop(name, None)
        return answer


class RelativeLegacyReset(Mutation):
    """X-RateLimit-Reset sent in seconds from now instead of as a Unix time."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if "ratelimit-reset" in answer.headers:
            answer.headers["x-ratelimit-reset"] = answer.headers["ratelimit-reset"]
        return answer


class RetryAfterMissing(Mutation):
    """A 429 without its Retry-After header."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.status == 429:
            answer.headers.pop("retry-after", None)
        return answer


class ServerErrorOnLaterPages(Mutation):
    """Any page after the first answers 500."""

    def response(self, call: Call, answer: Answer) -> Answer:
        pages = dict(parse_qsl(call.query))
        if call.is_listing and pages.get("page", "1") not in ("1", ""):
            answer.status = 500
            answer.headers["content-type"] = "application/problem+json"
            answer.set_json(
                {
                    "type": "https://closient.com/docs/errors/internal_error",
                    "title": "Internal Server Error",
                    "status": 500,
                    "detail": "boom",
                    "error_code": "internal_error",
                    "retryable": True,
                    "timestamp": "2026-01-01T00:00:00+00:00",
                }
            )
        return answer


class WrongBytesServed(Mutation):
    """The image file served is not the one uploaded."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.method == "GET" and call.path.startswith("/media/") and answer.status == 200:
            answer.body = answer.body[::-1]
        return answer


class TitleTruncated(Mutation):
    """Titles are cut to 100 characters."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if (call.is_upload or call.is_listing) and answer.status in (200, 201):
            body = answer.json()
            for item in body.get("data", [body]):
                item["title"] = item["title"][:100]
            answer.set_json(body)
        return answer


class DeletedTwiceAnswers204(Mutation):
    """Deleting an already deleted image answers 204 again."""

    def response(self, call: Call, answer: Answer) -> Answer:
        deleted: set[str] = self.seen.setdefault("deleted", set())
        match = call.images_path
        if call.is_delete and match:
            image = short_image_id(match["image"] or "")
            if answer.status == 204:
                deleted.add(image)
            elif answer.status == 404 and image in deleted:
                return Answer(
                    204, {k: v for k, v in answer.headers.items() if k != "content-type"}, b""
                )
        return answer


class UnknownImageForbidden(Mutation):
    """Deleting an image that never existed answers 403 instead of 404."""

    def response(self, call: Call, answer: Answer) -> Answer:
        known: set[str] = self.seen.setdefault("known", set())
        match = call.images_path
        if call.is_upload and answer.status == 201:
            image_id = answer.json()["id"]
            # Both spellings of the id: a delete may name it by its UUID.
            known.update({image_id, str(shortuuid.decode(image_id))})
        named = (match["image"] or "") if match else ""
        never_seen = not {named, named.lower()} & known
        if call.is_delete and match and answer.status == 404 and never_seen:
            body = answer.json()
            body.update(status=403, error_code="forbidden", title="Forbidden")
            answer.status = 403
            answer.set_json(body)
        return answer


class DeleteAnswers500(Mutation):
    """Deleting an existing image fails with a server error (and deletes nothing)."""

    def request(self, scope: Scope) -> Scope:
        if scope["method"] == "DELETE":
            return {**scope, "method": "GET", "path": "/__broken__"}
        return scope

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.path == "/__broken__":
            return Answer(500, {"content-type": "text/plain"}, b"boom")
        return answer


def _with_api_key(scope: Scope, key: str) -> Scope:
    headers = [(name, value) for name, value in scope["headers"] if name != b"x-api-key"]
    return {**scope, "headers": [*headers, (b"x-api-key", key.encode())]}


class CredentialsIgnored(Mutation):
    """A request without an API key, or with one never issued, is served as the
    contributor's."""

    def request(self, scope: Scope) -> Scope:
        headers = dict(scope["headers"])
        key = headers.get(b"x-api-key", b"").decode("latin-1")
        if b"authorization" not in headers and key not in KNOWN_API_KEYS:
            return _with_api_key(scope, CONTRIBUTOR_KEY)
        return scope


class ReaderMayChangeImages(Mutation):
    """A member without the right to change images uploads and deletes all the same."""

    def request(self, scope: Scope) -> Scope:
        headers = dict(scope["headers"])
        if (
            scope["method"] in ("POST", "DELETE")
            and headers.get(b"x-api-key") == VIEWER_KEY.encode()
        ):
            return _with_api_key(scope, CONTRIBUTOR_KEY)
        return scope


class UploadAnswersAnImageListedBefore(Mutation):
    """An upload answers with the id of an image that was on the product before the run (as
    a static mock answers its one example)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.is_listing and answer.status == 200 and "first" not in self.seen:
            self.seen["first"] = next((item["id"] for item in answer.json()["data"]), None)
        if call.is_upload and answer.status == 201 and self.seen.get("first"):
            body = answer.json()
            body["id"] = self.seen["first"]
            answer.set_json(body)
        return answer


class DeleteAnswers200(Mutation):
    """A successful delete answers 200 instead of 204."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.is_delete and answer.status == 204:
            answer.status = 200
        return answer


class UploadStoredButAnswered500(Mutation):
    """Every third upload is stored, but answered with a server error (its id unsaid)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.is_upload and answer.status == 201:
            count = self.seen["uploads"] = self.seen.get("uploads", 0) + 1
            if count % 3 == 0:
                return Answer(500, {"content-type": "text/plain"}, b"Internal Server Error")
        return answer
