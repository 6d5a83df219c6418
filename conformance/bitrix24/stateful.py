"""Bitrix24's model-based layer: a rule-based state machine that adds, gets, lists and deletes
pictures of the one product it was given, in either call style, and after every step compares
the server's listing with a plain `PicturesModel`.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from ..machine import ContractMachine
from ..samples import png
from .calls import Credentials, Style, Webhook
from .error_codes import OTHER_ERROR
from .model import DEFAULT_TYPE, SINGLE_TYPES, Gone, ListPage, ModelPicture, PicturesModel
from .target import LISTING_PAGES_AT_MOST, UNKNOWN_METHOD, Bitrix24Target

FIELD_NAMES = ("id", "name", "productId", "type", "createTime", "detailUrl", "downloadUrl")
PICTURE_TYPES = (*SINGLE_TYPES, DEFAULT_TYPE)
FILE_NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,30}\.png", fullmatch=True)
COLOURS = st.tuples(*[st.integers(0, 255)] * 3)
# Answers that may differ between the call styles: timing, and the download link, which
# the contract says is signed for the credential.
PER_CALL_MEMBERS = ("time",)
PER_CREDENTIAL_FIELDS = ("downloadUrl",)
WRONG_CODE = "0conformance0wrong0code"
WRONG_TOKEN = "conformance-wrong-token"
GONE_RULES = {
    Gone.DELETED: "deleted_picture_is_not_found",
    Gone.REPLACED: "replaced_picture_is_not_found",
}


class PicturesMachine(ContractMachine):
    """Bound to a client and its `Bitrix24Target` by `bound`; a fresh instance per example."""

    target: Bitrix24Target

    def __init__(self) -> None:
        super().__init__()
        self.target.cleanup(self.client)
        items = self.full_listing()
        existing = {picture.id for picture in self.target.existing}
        left = sorted(str(item.get("id")) for item in items if item.get("id") not in existing)
        if left:
            self.fail(
                "listing_matches_model",
                f"pictures the run deleted (or tried to) are still listed: {left}",
            )
        self.model = PicturesModel.from_listing(items)

    def teardown(self) -> None:
        self.target.cleanup(self.client)

    @property
    def styles(self) -> st.SearchStrategy[Style]:
        return st.sampled_from(self.target.credentials.styles)

    def call(self, method: str, params: dict[str, Any], style: Style) -> httpx.Response:
        return self.target.call(self.client, method, params, style)

    @rule(data=st.data(), name=FILE_NAMES, colour=COLOURS)
    def add(self, data: st.DataObject, name: str, colour: tuple[int, int, int]) -> None:
        allowed = [t for t in PICTURE_TYPES if t not in self.target.protected_types]
        kind = data.draw(st.sampled_from([*allowed, None]))
        content = png(*colour)
        fields: dict[str, Any] = {"productId": self.target.product_id}
        if kind is not None:
            fields["type"] = kind
        file_content = [name, base64.b64encode(content).decode()]
        params = {"fields": fields, "fileContent": file_content}
        response = self.call("add", params, data.draw(self.styles))
        self.expect_status("add_returns_the_picture", 200, response.status_code)
        picture = self.picture_in_answer("add_returns_the_picture")
        kind = kind or DEFAULT_TYPE
        expected = {"productId": self.target.product_id, "type": kind, "name": name}
        answered = {member: picture.get(member) for member in expected}
        known = {*self.model.pictures, *self.model.gone}
        if answered != expected or not isinstance(picture.get("id"), int) or picture["id"] in known:
            self.fail("add_returns_the_picture", f"sent {expected}, the new picture is {picture}")
        replaced = self.model.add(ModelPicture(picture["id"], kind, name, content))
        self.check_served_bytes(picture, content)
        for picture_id in replaced:
            self.expect_not_found(GONE_RULES[Gone.REPLACED], picture_id, data.draw(self.styles))

    @precondition(lambda self: bool(self.model.pictures))
    @rule(data=st.data())
    def get_picture(self, data: st.DataObject) -> None:
        picture_id = data.draw(st.sampled_from(sorted(self.model.pictures)))
        params = {"productId": self.target.product_id, "id": picture_id}
        response = self.call("get", params, data.draw(self.styles))
        self.expect_status("get_returns_the_picture", 200, response.status_code)
        picture = self.picture_in_answer("get_returns_the_picture")
        problem = self.difference_from_model(picture)
        if problem or picture.get("id") != picture_id:
            self.fail("get_returns_the_picture", f"picture {picture_id}: {problem or picture}")

    @precondition(lambda self: bool(self.model.own_ids))
    @rule(data=st.data())
    def delete_own_picture(self, data: st.DataObject) -> None:
        picture_id = data.draw(st.sampled_from(self.model.own_ids))
        params = {"productId": self.target.product_id, "id": picture_id}
        response = self.call("delete", params, data.draw(self.styles))
        self.expect_status("delete_answers_result_true", 200, response.status_code)
        if self.json_object("delete_answers_result_true").get("result") is not True:
            self.fail("delete_answers_result_true", "a successful delete's `result` is not true")
        self.model.delete(picture_id)
        self.expect_not_found(GONE_RULES[Gone.DELETED], picture_id, data.draw(self.styles))

    @precondition(lambda self: bool(self.model.gone))
    @rule(data=st.data(), by_delete=st.booleans())
    def call_gone_picture(self, data: st.DataObject, by_delete: bool) -> None:
        picture_id = data.draw(st.sampled_from(sorted(self.model.gone)))
        rule_name = GONE_RULES[self.model.gone[picture_id]]
        method = "delete" if by_delete else "get"
        self.expect_not_found(rule_name, picture_id, data.draw(self.styles), method)

    @rule(data=st.data(), picture_id=st.integers(1, 2**31 - 1))
    def get_unknown_picture(self, data: st.DataObject, picture_id: int) -> None:
        if picture_id in self.model.pictures:
            return
        self.expect_not_found("unknown_picture_is_not_found", picture_id, data.draw(self.styles))

    @precondition(
        lambda self: (
            self.target.other_product_id is not None
            and bool(self.model.own_ids or self.target.other_product_pictures)
        )
    )
    @rule(data=st.data(), by_delete=st.booleans())
    def call_picture_through_another_product(self, data: st.DataObject, by_delete: bool) -> None:
        """A picture of one product is not found through the other, in either direction
        (and a delete of the run's own picture through the other product leaves it)."""
        theirs = self.target.other_product_pictures
        ours = self.model.own_ids
        if ours and (not theirs or data.draw(st.booleans())):
            picture_id, product = data.draw(st.sampled_from(ours)), self.target.other_product_id
            method = "delete" if by_delete else "get"
        else:
            picture_id, product, method = data.draw(st.sampled_from(theirs)), None, "get"
        self.expect_not_found(
            "picture_of_another_product_is_not_found",
            picture_id,
            data.draw(self.styles),
            method,
            product,
        )

    @rule(
        data=st.data(),
        start=st.one_of(st.integers(0, 5), st.integers(0, 200)),
        select=st.one_of(st.none(), st.lists(st.sampled_from(FIELD_NAMES), unique=True)),
    )
    def list_page(self, data: st.DataObject, start: int, select: list[str] | None) -> None:
        params: dict[str, Any] = {"productId": self.target.product_id, "start": start}
        if select is not None:
            params["select"] = select
        response = self.call("list", params, data.draw(self.styles))
        self.expect_status("list_pagination_arithmetic", 200, response.status_code)
        body, items = self.listing_page("list_pagination_arithmetic")
        problem = ListPage(start, len(self.model.pictures)).problem(body, items)
        if problem:
            self.fail("list_pagination_arithmetic", problem)
        named = set(select or FIELD_NAMES)
        for item in items:
            if set(item) != named:
                self.fail(
                    "list_select_keeps_only_named_fields",
                    f"select {select} listed a picture with {sorted(item)}",
                )

    @rule(data=st.data())
    def get_fields(self, data: st.DataObject) -> None:
        response = self.call("getFields", {}, data.draw(self.styles))
        rule_name = "get_fields_describes_the_picture_fields"
        self.expect_status(rule_name, 200, response.status_code)
        result = self.json_object(rule_name).get("result")
        described = result.get("productImage") if isinstance(result, dict) else None
        if not isinstance(described, dict):
            self.fail(rule_name, "the answer has no `result.productImage`")
        for name in FIELD_NAMES:
            field = described.get(name)
            flags = ("isRequired", "isReadOnly", "isImmutable")
            if not isinstance(field, dict) or not isinstance(field.get("type"), str):
                self.fail(rule_name, f"the field {name!r} is not described: {field!r}")
            if not all(isinstance(field.get(flag), bool) for flag in flags):
                self.fail(rule_name, f"the field {name!r} lacks boolean {', '.join(flags)}")
        if described["productId"]["isRequired"] is not True:
            self.fail(rule_name, "`productId`, which add requires, is not described as required")

    @precondition(lambda self: len(self.target.credentials.styles) > 1)
    @rule(data=st.data())
    def both_styles(self, data: st.DataObject) -> None:
        """The same call in both styles gets the same answer."""
        picture_ids = sorted({*self.model.pictures, *self.model.gone}) or [1]
        params: dict[str, Any] = {"productId": self.target.product_id}
        method = data.draw(st.sampled_from(["list", "get", "getFields"]))
        if method == "get":
            params["id"] = data.draw(st.sampled_from(picture_ids))
        elif method == "getFields":
            params = {}
        answers = [(r.status_code, comparable(r)) for r in self.in_both_styles(method, params)]
        if answers[0] != answers[1]:
            self.fail(
                "both_call_styles_agree",
                f"{method} {params}: webhook {answers[0]}, application {answers[1]}",
            )

    @rule(call=st.sampled_from(["no auth", "wrong webhook", "wrong token", "unknown method"]))
    def call_refused(self, call: str) -> None:
        """Calls without valid credentials, or of a method that does not exist."""
        if call == "unknown method":
            self.call_unknown_method()
        else:
            self.call_without_valid_credentials(call)

    def call_unknown_method(self) -> None:
        rule_name = "unknown_method_is_error_method_not_found"
        response = self.call(UNKNOWN_METHOD, {}, self.target.style)
        self.expect_status(rule_name, 404, response.status_code)
        if self.json_object(rule_name).get("error") != "ERROR_METHOD_NOT_FOUND":
            self.fail(rule_name, "the error is not ERROR_METHOD_NOT_FOUND")

    def call_without_valid_credentials(self, credential: str) -> None:
        rule_name = "unauthenticated_calls_are_refused_with_401"
        params = {"productId": self.target.product_id}
        if credential == "no auth":
            self.client.send("POST", Credentials().path("list", Style.APPLICATION), json=params)
        else:
            credentials, style = wrong_credentials(self.target.credentials, credential)
            path, body = credentials.path("list", style), credentials.body(params, style)
            self.client.send("POST", path, json=body)
        self.expect_status(rule_name, 401, self.client.exchanges[-1].status)
        code = self.json_object(rule_name).get("error")
        expected = {"no auth": "NO_AUTH_FOUND", "wrong webhook": "INVALID_CREDENTIALS"}
        if credential in expected and code != expected[credential]:
            self.fail(rule_name, f"{credential}: the error is {code!r}, not {expected[credential]}")

    @invariant()
    def listing_agrees_with_model(self) -> None:
        pages = self.listing_pages()
        items = [item for _, page in pages for item in page]
        for kind, rule_name in zip(
            SINGLE_TYPES, ("at_most_one_detail_picture", "at_most_one_preview_picture"), strict=True
        ):
            holders = [item.get("id") for item in items if item.get("type") == kind]
            if len(holders) > 1:
                self.fail(rule_name, f"{len(holders)} pictures of type {kind}: {holders}")
        for start, (body, page) in zip(self.page_starts(pages), pages, strict=True):
            problem = ListPage(start, len(self.model.pictures)).problem(body, page)
            if problem:
                self.fail("list_pagination_arithmetic", problem)
        listed = [item.get("id") for item in items]
        if len(listed) != len(set(listed)) or set(listed) != set(self.model.pictures):
            extra = sorted(str(i) for i in set(listed) - set(self.model.pictures))
            missing = sorted(set(self.model.pictures) - set(listed))
            self.fail(
                "listing_matches_model", f"listed but not expected {extra}; missing {missing}"
            )
        for item in items:
            problem = self.difference_from_model(item)
            if problem:
                self.fail("listing_matches_model", problem)

    def expect_not_found(
        self,
        rule_name: str,
        picture_id: int,
        style: Style,
        method: str = "get",
        product: int | None = None,
    ) -> None:
        """`method` on the picture answers the vendor's "not found": 400, error 0."""
        params = {"productId": product or self.target.product_id, "id": picture_id}
        response = self.call(method, params, style)
        code = self.json_object(rule_name).get("error")
        if response.status_code != 400 or str(code) != str(OTHER_ERROR):
            self.fail(
                rule_name,
                f"{method} of picture {picture_id} through product {params['productId']} answered "
                f"{response.status_code} {code if code is not None else 'without an error code'}, "
                f"not 400 error {OTHER_ERROR}",
            )

    def picture_in_answer(self, rule_name: str) -> dict[str, Any]:
        result = self.json_object(rule_name).get("result")
        picture = result.get("productImage") if isinstance(result, dict) else None
        if not isinstance(picture, dict):
            self.fail(rule_name, "the answer has no `result.productImage` object")
        return picture

    def difference_from_model(self, item: dict[str, Any]) -> str | None:
        """How a picture the server answered differs from the model's; None when it agrees."""
        expected = self.model.pictures.get(item.get("id"))  # type: ignore[arg-type]
        if expected is None:
            return f"picture {item.get('id')} is not expected"
        answered = (item.get("type"), item.get("productId"))
        if answered != (expected.type, self.target.product_id):
            return (
                f"picture {expected.id} is ({answered[0]}, product {answered[1]}), expected "
                f"({expected.type}, product {self.target.product_id})"
            )
        if expected.name is not None and item.get("name") != expected.name:
            return f"picture {expected.id} is named {item.get('name')!r}, not {expected.name!r}"
        return None

    def listing_page(self, rule_name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        body = self.json_object(rule_name)
        result = body.get("result")
        page = result.get("productImages") if isinstance(result, dict) else None
        if not isinstance(page, list):
            self.fail(rule_name, "the listing has no `result.productImages` array")
        return body, [item for item in page if isinstance(item, dict)]

    def listing_pages(self) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        pages = []
        start = 0
        for _ in range(LISTING_PAGES_AT_MOST):
            params = {"productId": self.target.product_id, "start": start}
            response = self.call("list", params, self.target.style)
            self.expect_status("listing_matches_model", 200, response.status_code)
            pages.append(self.listing_page("listing_matches_model"))
            following = pages[-1][0].get("next")
            if not isinstance(following, int) or following <= start:
                break
            start = following
        return pages

    @staticmethod
    def page_starts(pages: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> list[int]:
        return [0, *(int(body["next"]) for body, _ in pages[:-1])]

    def full_listing(self) -> list[dict[str, Any]]:
        return [item for _, page in self.listing_pages() for item in page]

    def in_both_styles(self, method: str, params: dict[str, Any]) -> list[httpx.Response]:
        return [self.call(method, params, style) for style in (Style.WEBHOOK, Style.APPLICATION)]

    def check_served_bytes(self, picture: dict[str, Any], content: bytes) -> None:
        for member in ("detailUrl", "downloadUrl"):
            url = picture.get(member)
            if not isinstance(url, str):
                self.fail("picture_urls_serve_uploaded_bytes", f"no {member} in {picture}")
            served = self.client.send("GET", url)
            if served.status_code != 200 or served.content != content:
                self.fail(
                    "picture_urls_serve_uploaded_bytes",
                    f"GET {member} {url} answered {served.status_code} with "
                    f"{len(served.content)} bytes, not the {len(content)} uploaded",
                )


def wrong_credentials(given: Credentials, which: str) -> tuple[Credentials, Style]:
    """A webhook of the given user with a code it does not have, or a token nobody has."""
    if which == "wrong webhook":
        user_id = given.webhook.user_id if given.webhook else 1
        return Credentials(Webhook(user_id, WRONG_CODE)), Style.WEBHOOK
    return Credentials(token=WRONG_TOKEN), Style.APPLICATION


def comparable(response: httpx.Response) -> Any:
    """An answer without what may differ between call styles."""
    try:
        body = response.json()
    except ValueError:
        return response.content
    if not isinstance(body, dict):
        return body
    body = {name: value for name, value in body.items() if name not in PER_CALL_MEMBERS}
    result = body.get("result")
    if isinstance(result, dict):
        for picture in [result.get("productImage"), *(result.get("productImages") or [])]:
            if isinstance(picture, dict):
                for field in PER_CREDENTIAL_FIELDS:
                    picture.pop(field, None)
    return body
