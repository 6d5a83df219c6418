"""Broken Bitrix24 servers: each mutation of the real mock breaks one rule of the contract."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from starlette.types import Scope

from .layer import Answer, Call, Mutation

METHOD_PATH = re.compile(r"^/rest/(?:[^/]+/[^/]+/)?catalog\.productImage\.(?P<method>[A-Za-z]+)$")


def method_of(call: Call) -> str | None:
    """The catalog.productImage method a call is for (`add`, `list`, ...)."""
    match = METHOD_PATH.match(call.path)
    return match["method"] if match else None


def params_of(call: Call) -> dict[str, Any]:
    body = call.json_body()
    return body if isinstance(body, dict) else {}


def succeeded(call: Call, answer: Answer, method: str) -> bool:
    return method_of(call) == method and answer.status == 200


class DeleteAnswersResultFalse(Mutation):
    """A successful delete answers `result: false`."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if succeeded(call, answer, "delete"):
            answer.set_json({**answer.json(), "result": False})
        return answer


@dataclass
class OldSinglePictureKept(Mutation):
    """A new detail (or preview) picture does not replace the old one: the old one stays
    listed, counted, readable and deletable."""

    kind: str = "DETAIL_PICTURE"

    def response(self, call: Call, answer: Answer) -> Answer:
        kept: dict[int, dict[str, Any]] = self.seen.setdefault("kept", {})
        holder: dict[str, Any] | None = self.seen.get("holder")
        params = params_of(call)
        if succeeded(call, answer, "add"):
            picture = answer.json()["result"]["productImage"]
            if picture["type"] == self.kind:
                if holder is not None and holder["productId"] == picture["productId"]:
                    kept[holder["id"]] = holder
                self.seen["holder"] = picture
        elif method_of(call) == "delete" and params.get("id") in kept:
            del kept[params["id"]]
            return _answered_with(answer, {"result": True})
        elif succeeded(call, answer, "delete") and holder and holder["id"] == params.get("id"):
            self.seen["holder"] = None
        elif succeeded(call, answer, "list") and kept:
            body = answer.json()
            ghosts = [p for p in kept.values() if p["productId"] == params.get("productId")]
            body["result"]["productImages"] += ghosts
            body["total"] += len(ghosts)
            answer.set_json(body)
        elif method_of(call) == "get" and params.get("id") in kept:
            return _answered_with(answer, {"result": {"productImage": kept[params["id"]]}})
        return answer


class ReplacedPictureStillReadable(Mutation):
    """`get` still answers a detail or preview picture a new one replaced (listings do not
    show it)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        holders: dict[tuple[int, str], dict[str, Any]] = self.seen.setdefault("holders", {})
        replaced: dict[int, dict[str, Any]] = self.seen.setdefault("replaced", {})
        params = params_of(call)
        if succeeded(call, answer, "add"):
            picture = answer.json()["result"]["productImage"]
            slot = (picture["productId"], picture["type"])
            if picture["type"] != "MORE_PHOTO" and slot in holders:
                replaced[holders[slot]["id"]] = holders[slot]
            holders[slot] = picture
        elif succeeded(call, answer, "delete"):
            for slot, holder in list(holders.items()):
                if holder["id"] == params.get("id"):
                    del holders[slot]
        elif method_of(call) == "get" and params.get("id") in replaced:
            return _answered_with(answer, {"result": {"productImage": replaced[params["id"]]}})
        return answer


class DeletedPictureStays(Mutation):
    """A delete answers `result: true` but removes nothing (the mock is asked a get)."""

    def request(self, scope: Scope) -> Scope:
        if scope["path"].endswith("catalog.productImage.delete"):
            self.seen["deleting"] = True
            path = scope["path"].removesuffix("delete") + "get"
            return {**scope, "path": path, "raw_path": path.encode()}
        return scope

    def response(self, call: Call, answer: Answer) -> Answer:
        if self.seen.pop("deleting", False) and succeeded(call, answer, "get"):
            answer.set_json({"result": True, "time": answer.json()["time"]})
        return answer


class ErrorsAsProblemJson(Mutation):
    """Errors are RFC 9457 problem documents instead of `{error, error_description}`."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.status >= 400:
            body = answer.json()
            answer.headers["content-type"] = "application/problem+json"
            answer.set_json(
                {
                    "type": "about:blank",
                    "title": str(body.get("error")),
                    "status": answer.status,
                    "detail": body.get("error_description"),
                }
            )
        return answer


class MethodErrorCodesAsNumbers(Mutation):
    """Method error codes are JSON numbers (`"error": 0`), which neither official SDK reads
    as an error."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.status == 400 and call.path.startswith("/rest/"):
            body = answer.json()
            code = body.get("error") if isinstance(body, dict) else None
            if isinstance(code, str) and code.isdigit():
                answer.set_json({**body, "error": int(code)})
        return answer


class CursorPagesDropAPicture(Mutation):
    """A list read with `start: -1` (the SDKs' cursor) answers its page without its last
    picture, so a full page looks like the last one (offset pages are right)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if succeeded(call, answer, "list") and params_of(call).get("start") == -1:
            body = answer.json()
            pictures = body["result"]["productImages"]
            if pictures:
                pictures.pop()
                answer.set_json(body)
        return answer


class ErrorsWithStatus200(Mutation):
    """Errors are answered with HTTP 200 (their body unchanged)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if method_of(call) is not None and answer.status >= 400:
            answer.status = 200
        return answer


class TimeMissing(Mutation):
    """Successful answers come without `time`."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if method_of(call) is not None and answer.status == 200:
            body = answer.json()
            body.pop("time", None)
            answer.set_json(body)
        return answer


class ListTotalOffByOne(Mutation):
    """`list` reports one picture more than there is."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if succeeded(call, answer, "list"):
            body = answer.json()
            body["total"] += 1
            answer.set_json(body)
        return answer


PAGE_SIZE = 50
SHIFTED = "shiftedByTheBrokenServer"


class LaterPagesRepeatAPicture(Mutation):
    """A page after the first starts with the last picture of the page before, and leaves
    out its own last one (`total`, lengths and `next` stay right)."""

    def request_body(self, scope: Scope, body: bytes) -> bytes:
        params = _json_object(body)
        start = params.get("start")
        if (
            _method_of_path(scope["path"]) == "list"
            and isinstance(start, int)
            and start >= PAGE_SIZE
        ):
            # Unknown members are ignored by the server: this one marks the call shifted.
            return json.dumps({**params, "start": start - 1, SHIFTED: True}).encode()
        return body

    def response(self, call: Call, answer: Answer) -> Answer:
        params = params_of(call)
        if succeeded(call, answer, "list") and params.get(SHIFTED):
            body = answer.json()
            start, total = params["start"] + 1, body["total"]
            pictures = body["result"]["productImages"]
            body["result"]["productImages"] = pictures[: max(0, min(PAGE_SIZE, total - start))]
            body.pop("next", None)
            if start + PAGE_SIZE < total:
                body["next"] = start + PAGE_SIZE
            answer.set_json(body)
        return answer


class OtherProductsPictureReadable(Mutation):
    """`get` through one product answers a picture of another product."""

    def response(self, call: Call, answer: Answer) -> Answer:
        pictures: dict[int, dict[str, Any]] = self.seen.setdefault("pictures", {})
        params = params_of(call)
        if succeeded(call, answer, "add"):
            picture = answer.json()["result"]["productImage"]
            pictures[picture["id"]] = picture
        elif method_of(call) == "get" and answer.status == 400:
            picture = pictures.get(params.get("id"))  # type: ignore[arg-type]
            if picture is not None and picture["productId"] != params.get("productId"):
                return _answered_with(answer, {"result": {"productImage": picture}})
        return answer


class SelectKeepsProductId(Mutation):
    """`list` answers `productId` whether `select` names it or not."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if succeeded(call, answer, "list"):
            body = answer.json()
            for item in body["result"]["productImages"]:
                item["productId"] = params_of(call).get("productId")
            answer.set_json(body)
        return answer


class WrongBytesServed(Mutation):
    """A picture's files are served with other bytes than those uploaded."""

    def response(self, call: Call, answer: Answer) -> Answer:
        files = call.path.startswith("/upload/") or call.path == "/rest/download.json"
        if call.method == "GET" and files and answer.status == 200:
            answer.body = answer.body[::-1]
        return answer


class GetLinksADeadDownload(Mutation):
    """`get` answers a `downloadUrl` whose token names no file (the add's and the listing's
    links are right)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if succeeded(call, answer, "get"):
            body = answer.json()
            picture = body["result"]["productImage"]
            # The token ends with the picture's file key: another key names no file.
            picture["downloadUrl"] += "0"
            answer.set_json(body)
        return answer


class UnknownMethodAnswers400(Mutation):
    """An unknown method is a method error (400, code 0) instead of ERROR_METHOD_NOT_FOUND."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.status == 404 and call.path.startswith("/rest/"):
            answer.status = 400
            answer.set_json({"error": "0", "error_description": "Unknown method"})
        return answer


class MissingTokenIsMissingParameter(Mutation):
    """A call without `auth` is answered as a missing parameter (400, code 100)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.status == 401 and answer.json().get("error") == "NO_AUTH_FOUND":
            answer.status = 400
            answer.set_json({"error": "100", "error_description": "Parameter auth is missing"})
        return answer


class ApplicationStyleListsNewestFirst(Mutation):
    """`list` in the application style answers the pictures in the reverse order."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if succeeded(call, answer, "list") and call.path.startswith("/rest/catalog."):
            body = answer.json()
            body["result"]["productImages"].reverse()
            answer.set_json(body)
        return answer


class AddAnswersMorePhoto(Mutation):
    """`add` answers every new picture as a MORE_PHOTO, whatever its type."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if succeeded(call, answer, "add"):
            body = answer.json()
            body["result"]["productImage"]["type"] = "MORE_PHOTO"
            answer.set_json(body)
        return answer


class GetFieldsWithoutDownloadUrl(Mutation):
    """`getFields` does not describe `downloadUrl`."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if succeeded(call, answer, "getFields"):
            body = answer.json()
            body["result"]["productImage"].pop("downloadUrl", None)
            answer.set_json(body)
        return answer


class FormBodyRefused(Mutation):
    """A form-encoded body is refused, as if only JSON were read."""

    def request(self, scope: Scope) -> Scope:
        self.seen["form"] = _media_type(scope) == "application/x-www-form-urlencoded"
        return scope

    def response(self, call: Call, answer: Answer) -> Answer:
        if self.seen.pop("form", False):
            return _refused_with(answer, 400, "0", "Invalid Content-type")
        return answer


class QueryStringIgnored(Mutation):
    """Parameters in the query string are not read."""

    def request(self, scope: Scope) -> Scope:
        if scope["path"].startswith("/rest/") and "download.json" not in scope["path"]:
            return {**scope, "query_string": b""}
        return scope


class MethodNameCaseSensitive(Mutation):
    """A method name is found only in the case the contract spells it."""

    def request(self, scope: Scope) -> Scope:
        if "/catalog.productimage." in scope["path"]:
            path = scope["path"] + ".unknown"
            return {**scope, "path": path, "raw_path": path.encode()}
        return scope


class BatchReferencesUnresolved(Mutation):
    """`batch` passes `$result[...]` references on as they are written."""

    def request_body(self, scope: Scope, body: bytes) -> bytes:
        if scope["path"].endswith("/batch"):
            return body.replace(b"%24result", b"%24unresolved").replace(b"$result", b"$unresolved")
        return body


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _method_of_path(path: str) -> str | None:
    match = METHOD_PATH.match(path)
    return match["method"] if match else None


def _media_type(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return str(value.decode("latin-1")).split(";")[0].strip().lower()
    return ""


def _refused_with(answer: Answer, status: int, code: str, description: str) -> Answer:
    answer.status = status
    answer.headers["content-type"] = "application/json"
    answer.set_json({"error": code, "error_description": description})
    return answer


def _answered_with(answer: Answer, body: dict[str, Any]) -> Answer:
    """A 200 answer carrying `body` and the timing of the original answer."""
    timing = json.loads(answer.body).get("time") if answer.status == 200 else None
    now = {
        "start": 1.0,
        "finish": 1.0,
        "duration": 0.0,
        "processing": 0.0,
        "date_start": "1970-01-01T00:00:01+00:00",
        "date_finish": "1970-01-01T00:00:01+00:00",
    }
    answer.status = 200
    answer.headers["content-type"] = "application/json"
    answer.set_json({**body, "time": timing or now})
    return answer


class ListingNamesPicturesOtherwise(Mutation):
    """`list` answers every picture under another name than the one it has."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if succeeded(call, answer, "list"):
            body = answer.json()
            for item in body["result"]["productImages"]:
                if isinstance(item.get("name"), str):
                    item["name"] += " (listed)"
            answer.set_json(body)
        return answer


class UnknownPictureFound(Mutation):
    """`get` of a picture no answer ever named succeeds with an empty result."""

    def response(self, call: Call, answer: Answer) -> Answer:
        named: set[int] = self.seen.setdefault("named", set())
        if succeeded(call, answer, "add"):
            named.add(answer.json()["result"]["productImage"]["id"])
        elif succeeded(call, answer, "list"):
            named.update(item.get("id") for item in answer.json()["result"]["productImages"])
        elif (
            method_of(call) == "get"
            and answer.status == 400
            and params_of(call).get("id") not in named
        ):
            return _answered_with(answer, {"result": {"productImage": None}})
        return answer


class RefusalsAs418(Mutation):
    """Every refusal (a 4xx) is answered with status 418, which no contract documents."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if 400 <= answer.status < 500:
            answer.status = 418
        return answer
