"""Broken Cloud Images servers: each mutation breaks one rule of the contract, in front of the
real mock (see `layer.py`)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import Scope

from tests.demo import CLOUD_TOKEN, OTHER_CLOUD_TOKEN

from .layer import Answer, Call, Mutation

IMAGE_PATH = re.compile(r"^/v2/images(?:/(?P<image>[^/]+)(?P<file>/file)?)?$")
WELL_FORMED_RANGE = re.compile(rb"^bytes=(\d+-\d*|-\d+)$")
UUID_TEXT = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")
OWNER_TOKEN = CLOUD_TOKEN.encode()
OTHER_TOKEN = OTHER_CLOUD_TOKEN.encode()


def image_of(call: Call) -> str | None:
    """The image id a call names (None for the collection and other paths)."""
    match = IMAGE_PATH.match(call.path)
    return match["image"] if match else None


def is_record(call: Call, method: str) -> bool:
    match = IMAGE_PATH.match(call.path)
    return (
        call.method == method and match is not None and not match["file"] and bool(match["image"])
    )


def is_file(call: Call, method: str) -> bool:
    match = IMAGE_PATH.match(call.path)
    return call.method == method and match is not None and bool(match["file"])


def is_listing(call: Call) -> bool:
    return call.method == "GET" and call.path == "/v2/images"


def is_create(call: Call) -> bool:
    return call.method == "POST" and call.path == "/v2/images"


def no_content(answer: Answer) -> Answer:
    headers = {k: v for k, v in answer.headers.items() if k != "content-type"}
    return Answer(204, headers, b"")


def glance_error(status: int, title: str, message: str) -> Answer:
    body = {"code": f"{status} {title}", "title": title, "message": message}
    return Answer(status, {"content-type": "application/json"}, json.dumps(body).encode())


def rewrite_listed(answer: Answer, change: Any) -> Answer:
    """The listing with `change(images)` applied to its images."""
    body = answer.json()
    body["images"] = change(body["images"])
    answer.set_json(body)
    return answer


class ProtectionTracker(Mutation):
    """Remembers which images the mock last reported protected."""

    def protected(self) -> set[str]:
        tracked: set[str] = self.seen.setdefault("protected", set())
        return tracked

    def track(self, call: Call, answer: Answer) -> None:
        if (is_create(call) and answer.status == 201) or (
            is_record(call, "PATCH") and answer.status == 200
        ):
            record = answer.json()
            if record.get("protected"):
                self.protected().add(record["id"])
            else:
                self.protected().discard(record["id"])


class ProtectedImageDeleted(ProtectionTracker):
    """A protected image is deleted anyway: DELETE answers 204 and the image is gone."""

    def response(self, call: Call, answer: Answer) -> Answer:
        self.track(call, answer)
        gone: set[str] = self.seen.setdefault("gone", set())
        image = image_of(call)
        if is_record(call, "DELETE") and answer.status == 403 and image in self.protected():
            gone.add(image or "")
            return no_content(answer)
        if call.method == "GET" and image in gone:
            return glance_error(404, "Not Found", f"No image found with ID {image}")
        if is_listing(call) and answer.status == 200:
            return rewrite_listed(answer, lambda items: [i for i in items if i["id"] not in gone])
        return answer


class ProtectedDeleteAnswers204(ProtectionTracker):
    """DELETE of a protected image answers 204, and the image stays."""

    def response(self, call: Call, answer: Answer) -> Answer:
        self.track(call, answer)
        if is_record(call, "DELETE") and answer.status == 403:
            return no_content(answer)
        return answer


class DeleteAnswers200(Mutation):
    """A successful delete answers 200 instead of 204."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_record(call, "DELETE") and answer.status == 204:
            answer.status = 200
        return answer


class UploadLeavesQueued(Mutation):
    """Uploaded data is stored, but the image stays `queued`."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if (is_record(call, "GET") or is_record(call, "PATCH")) and answer.status == 200:
            answer.set_json({**answer.json(), "status": "queued"})
        if is_listing(call) and answer.status == 200:
            return rewrite_listed(answer, lambda items: [{**i, "status": "queued"} for i in items])
        return answer


class DownloadServesOtherBytes(Mutation):
    """A download serves other bytes than those uploaded (with the right checksum header)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_file(call, "GET") and answer.status == 200:
            answer.body = answer.body[::-1] + b"\x00"
        return answer


class ErrorsAsProblemJson(Mutation):
    """Errors (but 401) are RFC 9457 problems instead of webob's JSON body."""

    def response(self, call: Call, answer: Answer) -> Answer:
        json_error = answer.headers.get("content-type", "").startswith("application/json")
        if answer.status >= 400 and answer.status != 401 and json_error:
            error = answer.json()
            answer.headers["content-type"] = "application/problem+json"
            answer.set_json(
                {"type": "about:blank", "title": error["title"], "status": answer.status}
            )
        return answer


class UnauthorizedWithoutKeystoneUri(Mutation):
    """A 401 that does not say where a token comes from (no `WWW-Authenticate`)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.status == 401:
            answer.headers.pop("www-authenticate", None)
        return answer


class ProtectedFlagNotReported(Mutation):
    """A PATCH that protects the image answers with `protected: false`."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_record(call, "PATCH") and answer.status == 200:
            answer.set_json({**answer.json(), "protected": False})
        return answer


class OtherProjectsImagesVisible(Mutation):
    """Another project reads every image as if it owned it."""

    def request(self, scope: Scope) -> Scope:
        if scope["method"] != "GET":
            return scope
        headers = [
            (name, OWNER_TOKEN if name == b"x-auth-token" and value == OTHER_TOKEN else value)
            for name, value in scope["headers"]
        ]
        return {**scope, "headers": headers}


class RequestsWithoutTokenServed(Mutation):
    """A request without a token, or with one never issued, is served as the first project's."""

    def request(self, scope: Scope) -> Scope:
        tokens = [value for name, value in scope["headers"] if name == b"x-auth-token"]
        if tokens and tokens[0] in (OWNER_TOKEN, OTHER_TOKEN):
            return scope
        headers = [(name, value) for name, value in scope["headers"] if name != b"x-auth-token"]
        return {**scope, "headers": [*headers, (b"x-auth-token", OWNER_TOKEN)]}


class SecondUploadAccepted(Mutation):
    """Uploading to an image that already has data answers 204 (and changes nothing)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_file(call, "PUT") and answer.status == 409:
            return no_content(answer)
        return answer


class DeactivateIgnored(Mutation):
    """A deactivation is answered 204 and changes nothing (sent on as a reactivation, which
    an active image takes as done already)."""

    def request(self, scope: Scope) -> Scope:
        path: str = scope["path"]
        if scope["method"] != "POST" or not path.endswith("/actions/deactivate"):
            return scope
        kept = path.removesuffix("deactivate") + "reactivate"
        return {**scope, "path": kept, "raw_path": kept.encode()}


class QueuedDownloadAnswers200(Mutation):
    """Downloading an image without data answers 200 with an empty body."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_file(call, "GET") and answer.status == 204:
            empty = hashlib.md5(b"", usedforsecurity=False).hexdigest()
            answer.status = 200
            answer.headers["content-type"] = "application/octet-stream"
            answer.headers["content-md5"] = empty
        return answer


class RangeIgnored(Mutation):
    """A download's well-formed Range header is ignored: the whole data, as 200 (a malformed
    one is still refused, so that the run names this rule and not that one)."""

    def request(self, scope: Scope) -> Scope:
        headers = [
            (name, value)
            for name, value in scope["headers"]
            if name != b"range" or not WELL_FORMED_RANGE.match(value)
        ]
        return {**scope, "headers": headers}


class ContentRangeOffByOne(Mutation):
    """A 206 announces one byte more than it carries."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.status == 206:
            first_last, _, size = answer.headers["content-range"].partition("/")
            first, _, last = first_last.removeprefix("bytes ").partition("-")
            answer.headers["content-range"] = f"bytes {first}-{int(last) + 1}/{int(size) + 1}"
        return answer


class WrongContentMd5(Mutation):
    """Content-MD5 is the base64 digest of RFC 1864, not the contract's hex checksum."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if "content-md5" in answer.headers:
            digest = hashlib.md5(answer.body, usedforsecurity=False).digest()
            answer.headers["content-md5"] = base64.b64encode(digest).decode()
        return answer


class DeletedImageStillShown(Mutation):
    """A deleted image is still shown, as it was."""

    def response(self, call: Call, answer: Answer) -> Answer:
        shown: dict[str, Any] = self.seen.setdefault("shown", {})
        deleted: set[str] = self.seen.setdefault("deleted", set())
        image = image_of(call) or ""
        if is_record(call, "GET") and answer.status == 200:
            shown[image] = answer.json()
        if is_record(call, "DELETE") and answer.status == 204:
            deleted.add(image)
        if is_record(call, "GET") and answer.status == 404 and image in deleted & set(shown):
            answer = Answer(200, {"content-type": "application/json"}, b"")
            answer.set_json(shown[image])
        return answer


class UnknownImageForbidden(Mutation):
    """An id that names no image answers 403 instead of 404."""

    def response(self, call: Call, answer: Answer) -> Answer:
        known: set[str] = self.seen.setdefault("known", set())
        if is_create(call) and answer.status == 201:
            known.add(answer.json()["id"])
        image = image_of(call)
        if image is not None and image not in known and answer.status == 404:
            return glance_error(403, "Forbidden", "You are not permitted to see this image.")
        return answer


class CreatedImageActive(Mutation):
    """A new image is reported `active` rather than `queued`."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_create(call) and answer.status == 201:
            answer.set_json({**answer.json(), "status": "active"})
        return answer


class ListingKeepsFirstNames(Mutation):
    """The listing shows every image under the name it was created with."""

    def response(self, call: Call, answer: Answer) -> Answer:
        names: dict[str, Any] = self.seen.setdefault("names", {})
        if is_create(call) and answer.status == 201:
            names[answer.json()["id"]] = answer.json()["name"]
        if is_listing(call) and answer.status == 200:
            return rewrite_listed(
                answer, lambda items: [{**i, "name": names.get(i["id"], i["name"])} for i in items]
            )
        return answer


class ShowKeepsFirstNames(Mutation):
    """Showing an image gives the name it was created with."""

    def response(self, call: Call, answer: Answer) -> Answer:
        names: dict[str, Any] = self.seen.setdefault("names", {})
        if is_create(call) and answer.status == 201:
            names[answer.json()["id"]] = answer.json()["name"]
        image = image_of(call)
        if is_record(call, "GET") and answer.status == 200 and image in names:
            answer.set_json({**answer.json(), "name": names[image or ""]})
        return answer


def not_a_uuid(text: str | None) -> bool:
    return text is not None and UUID_TEXT.match(text) is None


class AddOfPresentPropertyConflicts(Mutation):
    """`add` of a custom property already present is 409 (the v2.0 media type's rule),
    where the v2.1 media type replaces it."""

    def response(self, call: Call, answer: Answer) -> Answer:
        operations = call.json_body()
        if not (is_record(call, "PATCH") and isinstance(operations, list)):
            return answer
        added = {
            f"{image_of(call)} {op.get('path')}"
            for op in operations
            if isinstance(op, dict) and op.get("op") == "add"
        }
        present = self.seen.setdefault("added", set())
        if added & present:
            return glance_error(409, "Conflict", "Property already present.")
        if answer.status == 200:
            present.update(added)
        return answer


class PublicizeAllowed(Mutation):
    """A member's token makes an image public: the refusal turns into a success."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_record(call, "PATCH") and answer.status == 403 and b"public" in call.body:
            return Answer(200, {"content-type": "application/json"}, b'{"visibility": "public"}')
        return answer


class AnyDataAccepted(Mutation):
    """Data that is not in the image's disk format is taken (204) instead of refused."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_file(call, "PUT") and answer.status == 415:
            return no_content(answer)
        return answer


class MalformedRangeIs400(Mutation):
    """A malformed Range is 400 instead of webob's 416."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_file(call, "GET") and answer.status == 416:
            return glance_error(400, "Bad Request", "Malformed Range header.")
        return answer


class NextNeverSent(Mutation):
    """No page links to a next one, full or not: every listing seems to end at once."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_listing(call) and answer.status == 200:
            answer.set_json({k: v for k, v in answer.json().items() if k != "next"})
        return answer


class ErrorsAlwaysJson(Mutation):
    """Errors are JSON whatever the client accepts (webob renders HTML for `*/*`)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.status >= 400 and "json" not in call.headers.get("accept", "json"):
            return glance_error(answer.status, "Error", "An error, as JSON.")
        return answer


class NoUuidIdIs400(Mutation):
    """An image id that is no UUID is refused as malformed (400), not unknown (404)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if not_a_uuid(image_of(call)) and answer.status == 404:
            return glance_error(400, "Bad Request", "Invalid image id.")
        return answer


class ListingOldestFirst(Mutation):
    """The default listing is in creation order, oldest first."""

    def response(self, call: Call, answer: Answer) -> Answer:
        sorted_as_asked = "sort_key" in dict(parse_qsl(call.query))
        if is_listing(call) and answer.status == 200 and not sorted_as_asked:
            answer.set_json({**answer.json(), "images": answer.json()["images"][::-1]})
        return answer


class CreateAnswersAnImageListedBefore(Mutation):
    """A create answers with the id of an image the project listed before the run (as a
    static mock answers its one example)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_listing(call) and answer.status == 200 and "first" not in self.seen:
            self.seen["first"] = next((item["id"] for item in answer.json()["images"]), None)
        if is_create(call) and answer.status == 201 and self.seen.get("first"):
            body = answer.json()
            body["id"] = self.seen["first"]
            answer.set_json(body)
        return answer


class ShowWithoutSchemaLink(Mutation):
    """An image shown on its own comes without its required `schema` member."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_record(call, "GET") and answer.status == 200:
            body = answer.json()
            body.pop("schema", None)
            answer.set_json(body)
        return answer


class CreateWithoutLocation(Mutation):
    """A create answers 201 without the `Location` of the new image."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_create(call) and answer.status == 201:
            answer.headers = {k: v for k, v in answer.headers.items() if k.lower() != "location"}
        return answer


class ListingQueryDropping(Mutation):
    """A listing that ignores the query parameters named in `dropped`."""

    dropped: tuple[str, ...] = ()

    def request(self, scope: Scope) -> Scope:
        if scope["method"] != "GET" or scope["path"] != "/v2/images":
            return scope
        query = parse_qsl(scope.get("query_string", b"").decode(), keep_blank_values=True)
        kept = [(name, value) for name, value in query if name not in self.dropped]
        return {**scope, "query_string": urlencode(kept).encode()}


class SortKeyIgnored(ListingQueryDropping):
    """`sort_key` and `sort_dir` are ignored: every listing is newest first."""

    dropped = ("sort_key", "sort_dir")


class NameFilterIgnored(ListingQueryDropping):
    """The `name` filter is ignored: the listing holds every image."""

    dropped = ("name",)


class MarkedPagesSkipTheirFirstImage(Mutation):
    """A page asked for after a `marker` leaves out its first image."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if is_listing(call) and answer.status == 200 and "marker=" in call.query:
            return rewrite_listed(answer, lambda images: images[1:])
        return answer
