"""Bitrix24's model-based layer: a rule-based state machine that adds, gets, lists and deletes
pictures of the one product it was given, in either call style, and after every step compares
the server's listing (in both styles, when it has both credentials) with a plain
`PicturesModel`.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

from ..machine import ContractMachine
from ..samples import png
from .answers import (
    FIELD_NAMES,
    comparable,
    comparable_picture,
    field_description_problem,
    is_not_found,
    page_of,
    picture_of,
)
from .calls import Style
from .model import (
    DEFAULT_TYPE,
    PAGE_SIZE,
    SINGLE_TYPES,
    Gone,
    ListPage,
    ModelPicture,
    PicturesModel,
)
from .refusals import Fault, unauthenticated_problem, unknown_method_problem
from .target import LISTING_PAGES_AT_MOST, Bitrix24Target
from .transports import Transport, outcome_of, send_batch, send_over

FILE_NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,30}\.png", fullmatch=True)
COLOURS = st.tuples(*[st.integers(0, 255)] * 3)
GONE_RULES = {
    Gone.DELETED: "deleted_picture_is_not_found",
    Gone.REPLACED: "replaced_picture_is_not_found",
}
SINGLE_TYPE_RULES = {
    "DETAIL_PICTURE": "at_most_one_detail_picture",
    "PREVIEW_PICTURE": "at_most_one_preview_picture",
}
SELECTIONS: tuple[list[str], ...] = (
    ["id", "type"],
    ["name", "createTime", "detailUrl"],
    [],
    ["downloadUrl", "productId", "id"],
)
"""The `select` of the invariant's second listing, in turn."""
Page = tuple[dict[str, Any], list[dict[str, Any]]]


class PicturesMachine(ContractMachine):
    """Bound to a client and its `Bitrix24Target` by `bound`; a fresh instance per example."""

    target: Bitrix24Target
    long_listing_walked = False
    """Whether a sequence of this run walked a listing of several pages (set on the class
    `bound` made, so for the whole run)."""

    def __init__(self) -> None:
        super().__init__()
        self.target.cleanup(self.client)
        items = [item for _, page in self.listing_pages(self.target.style) for item in page]
        self.check_single_types(items)
        existing = {picture.id for picture in self.target.existing}
        left = sorted(str(item.get("id")) for item in items if item.get("id") not in existing)
        stayed = sorted(str(p) for p in self.target.deleted_yet_listed if str(p) in left)
        if stayed:
            self.fail(
                "deleted_picture_is_not_found",
                f"deletes of pictures {stayed} answered `result: true`, yet they are still listed",
            )
        if left:
            self.fail(
                "listing_matches_model",
                f"pictures the run deleted (or tried to) are still listed: {left}",
            )
        self.model = PicturesModel.from_listing(items)
        self.violations_before = len(self.violations)
        self.fillers: set[int] = set()
        self.invariant_checks = 0

    def teardown(self) -> None:
        """Delete the run's pictures through the contract, judging every delete, unless the
        sequence already broke a rule; then clean up whatever is left."""
        try:
            if len(self.violations) == self.violations_before:
                # The photos that only lengthened a listing are left to the cleanup's
                # plain deletes: judging each delete of fifty adds nothing.
                for picture_id in set(self.model.own_ids) - self.fillers:
                    self.delete_picture(picture_id, self.target.style, self.target.style)
        finally:
            self.target.cleanup(self.client)

    @property
    def styles(self) -> st.SearchStrategy[Style]:
        return st.sampled_from(self.target.credentials.styles)

    @property
    def allowed_single_types(self) -> list[str]:
        return [kind for kind in SINGLE_TYPES if kind not in self.target.protected_types]

    def call(self, method: str, params: dict[str, Any], style: Style) -> httpx.Response:
        return self.target.call(self.client, method, params, style)

    @initialize(data=st.data())
    def add_first_pictures(self, data: st.DataObject) -> None:
        """Two pictures of each single type the run may add (the second replaces the first)
        and a further photo with and without its type, in a drawn order."""
        singles = self.allowed_single_types
        kinds: list[str | None] = [*singles, DEFAULT_TYPE, None, *singles]
        for kind in data.draw(st.permutations(kinds)):
            self.add_picture(data, kind)

    @initialize(data=st.data())
    def call_stateless_methods(self, data: st.DataObject) -> None:
        """What does not depend on the pictures: getFields, calls without valid credentials,
        and a method that does not exist."""
        rule_name = "get_fields_describes_the_picture_fields"
        response = self.call("getFields", {}, data.draw(self.styles))
        self.expect_status(rule_name, 200, response.status_code)
        if problem := field_description_problem(self.json_object(rule_name)):
            self.fail(rule_name, problem)
        for fault in Fault:
            if problem := unauthenticated_problem(self.client, self.target, fault):
                self.fail("unauthenticated_calls_are_refused_with_401", problem)
        if problem := unknown_method_problem(self.client, self.target):
            self.fail("unknown_method_is_error_method_not_found", problem)

    @precondition(lambda self: "DETAIL_PICTURE" in self.allowed_single_types)
    @rule(data=st.data())
    def add_detail_picture(self, data: st.DataObject) -> None:
        self.add_picture(data, "DETAIL_PICTURE")

    @precondition(lambda self: "PREVIEW_PICTURE" in self.allowed_single_types)
    @rule(data=st.data())
    def add_preview_picture(self, data: st.DataObject) -> None:
        self.add_picture(data, "PREVIEW_PICTURE")

    @rule(data=st.data(), typed=st.booleans())
    def add_more_photo(self, data: st.DataObject, typed: bool) -> None:
        self.add_picture(data, DEFAULT_TYPE if typed else None)

    @precondition(lambda self: bool(self.model.pictures))
    @rule(data=st.data())
    def get_picture(self, data: st.DataObject) -> None:
        rule_name = "get_returns_the_picture"
        picture_id = data.draw(st.sampled_from(sorted(self.model.pictures)))
        params = {"productId": self.target.product_id, "id": picture_id}
        response = self.call("get", params, data.draw(self.styles))
        self.expect_status(rule_name, 200, response.status_code)
        picture = picture_of(self.json_object(rule_name))
        problem = self.difference_from_model(picture) if picture else "no `result.productImage`"
        if problem or picture is None or picture.get("id") != picture_id:
            self.fail(rule_name, f"picture {picture_id}: {problem or picture}")
        content = self.model.pictures[picture_id].content
        if content is not None:
            # The links a get answers are the picture's own (the download link may be
            # signed anew for each answer, so only what it serves can be judged).
            self.check_served_bytes(picture, content, rule_name)
        if self.target.other_product_id is not None:
            self.expect_not_found_elsewhere(picture_id, "get", data.draw(self.styles))

    @precondition(lambda self: bool(self.model.own_ids))
    @rule(data=st.data())
    def delete_own_picture(self, data: st.DataObject) -> None:
        picture_id = data.draw(st.sampled_from(self.model.own_ids))
        self.delete_picture(picture_id, data.draw(self.styles), data.draw(self.styles))

    @rule(data=st.data(), by_delete=st.booleans())
    def call_missing_picture(self, data: st.DataObject, by_delete: bool) -> None:
        """A picture deleted, replaced, never there, or of the other product: not found
        (a delete only of what the run added, a get of anything)."""
        cases = ["unknown"] + ["gone"] * bool(self.model.gone)
        cases += ["other product's"] * bool(self.target.other_product_pictures)
        case = data.draw(st.sampled_from(cases))
        style = data.draw(self.styles)
        if case == "gone":
            picture_id = data.draw(st.sampled_from(sorted(self.model.gone)))
            rule_name = GONE_RULES[self.model.gone[picture_id]]
            self.expect_not_found(rule_name, picture_id, style, "delete" if by_delete else "get")
        elif case == "unknown":
            picture_id = data.draw(st.integers(1, 2**31 - 1))
            if picture_id not in self.model.pictures:
                self.expect_not_found("unknown_picture_is_not_found", picture_id, style)
        else:
            picture_id = data.draw(st.sampled_from(self.target.other_product_pictures))
            self.expect_not_found("picture_of_another_product_is_not_found", picture_id, style)

    @rule(
        data=st.data(),
        start=st.one_of(st.just(0), st.integers(0, 5), st.integers(0, 120)),
        select=st.lists(st.sampled_from(FIELD_NAMES), unique=True),
    )
    def list_page(self, data: st.DataObject, start: int, select: list[str]) -> None:
        """A page from `start` with the fields of `select` (all of them when it is empty,
        the contract's choice; listings without `select` are the invariant's)."""
        params = {"productId": self.target.product_id, "start": start, "select": select}
        response = self.call("list", params, data.draw(self.styles))
        self.expect_status("list_pagination_arithmetic", 200, response.status_code)
        body, items = self.listing_page("list_pagination_arithmetic")
        if problem := ListPage(start, len(self.model.pictures)).problem(body, items):
            self.fail("list_pagination_arithmetic", problem)
        for item in items:
            if set(item) != set(select or FIELD_NAMES):
                self.fail(
                    "list_select_keeps_only_named_fields",
                    f"select {select} listed a picture with {sorted(item)}",
                )

    @precondition(lambda self: not self.long_listing_walked)
    @rule(data=st.data())
    def walk_a_listing_of_several_pages(self, data: st.DataObject) -> None:
        """More pictures than a page holds (the run adds the photos it lacks), listed page by
        page from `start` 0 by `next`: each page's `total`, length and `next` right, and the
        pages together hold every picture once; then the same by the cursor the SDKs page
        with. Once a run: a portal counts every call."""
        type(self).long_listing_walked = True
        while len(self.model.pictures) <= PAGE_SIZE:
            self.fillers.add(self.add_picture(data, DEFAULT_TYPE, serves_files=False))
        style = data.draw(self.styles)
        pages = self.listing_pages(style)
        starts = [0, *(int(body["next"]) for body, _ in pages[:-1])]
        for start, (body, page) in zip(starts, pages, strict=True):
            if problem := ListPage(start, len(self.model.pictures)).problem(body, page):
                self.fail("list_pagination_arithmetic", problem)
        ids = [item.get("id") for _, page in pages for item in page]
        if len(ids) != len(set(ids)) or set(ids) != set(self.model.pictures):
            missing = sorted(set(self.model.pictures) - set(ids))
            repeated = sorted({str(i) for i in ids if ids.count(i) > 1})
            self.fail(
                "pages_hold_the_listing_once",
                f"{len(pages)} pages hold {len(ids)} pictures for {len(self.model.pictures)}: "
                f"missing {missing}, repeated {repeated}",
            )
        self.walk_by_cursor(style)

    def walk_by_cursor(self, style: Style) -> None:
        """The same listing as the SDKs' cursor helpers read it: `start: -1` (no count),
        `order: {id: ASC}`, `filter: {">id": last id read}`, until a page is short. Each
        page has neither `total` nor `next`, ids ascend, and the pages hold every picture
        once."""
        rule_name = "cursor_pages_hold_the_listing_once"
        ids: list[int] = []
        last = 0
        for _ in range(LISTING_PAGES_AT_MOST):
            params = {
                "productId": self.target.product_id,
                "start": -1,
                "order": {"id": "ASC"},
                "filter": {">id": last},
                "select": ["id"],
            }
            response = self.call("list", params, style)
            self.expect_status(rule_name, 200, response.status_code)
            body, page = self.listing_page(rule_name)
            counted = sorted({"total", "next"} & set(body))
            if counted:
                self.fail(rule_name, f"a page read with start -1 answered {counted}")
            read = [item.get("id") for item in page]
            page_ids = [i for i in read if isinstance(i, int) and i > last]
            if page_ids != read or page_ids != sorted(page_ids):
                self.fail(rule_name, f"after id {last} the cursor read {read}")
            ids += page_ids
            if len(page_ids) < PAGE_SIZE:
                break
            last = page_ids[-1]
        if len(ids) != len(set(ids)) or set(ids) != set(self.model.pictures):
            missing = sorted(set(self.model.pictures) - set(ids))
            self.fail(
                rule_name,
                f"the cursor read {len(ids)} pictures for {len(self.model.pictures)}: "
                f"missing {missing}",
            )

    @precondition(lambda self: len(self.target.credentials.styles) > 1)
    @rule(data=st.data())
    def get_in_both_styles(self, data: st.DataObject) -> None:
        """The same get (of a picture there, gone or never there) or getFields in both
        styles gets the same answer; listings are compared after every step."""
        known = sorted({*self.model.pictures, *self.model.gone})
        picture_id = data.draw(st.sampled_from(known) if known else st.integers(1, 2**31 - 1))
        method, params = data.draw(
            st.sampled_from(
                [
                    ("get", {"productId": self.target.product_id, "id": picture_id}),
                    ("getFields", {}),
                ]
            )
        )
        answers = [self.call(method, params, style) for style in Style]
        seen = [(answer.status_code, comparable(_json(answer))) for answer in answers]
        if seen[0] != seen[1]:
            self.fail("both_call_styles_agree", f"{method} {params}: {seen[0]} != {seen[1]}")

    @rule(data=st.data())
    def same_read_over_every_transport(self, data: st.DataObject) -> None:
        """A read (a page of the listing, a get of a picture there or not, getFields) gets
        the same answer over every transport as over the canonical JSON POST."""
        known = sorted({*self.model.pictures, *self.model.gone})
        picture_id = data.draw(st.sampled_from(known) if known else st.integers(1, 2**31 - 1))
        product = self.target.product_id
        reads: list[tuple[str, dict[str, Any]]] = [
            ("list", {"productId": product, "select": ["id", "type", "name"]}),
            ("list", {"productId": product, "start": 1}),
            ("get", {"productId": product, "id": picture_id}),
            ("getFields", {}),
        ]
        method, params = data.draw(st.sampled_from(reads))
        style = data.draw(self.styles)
        expected = outcome_of(self.call(method, params, style))
        for transport in Transport:
            credentials = self.target.credentials
            answered = send_over(self.client, credentials, transport, method, params, style)
            if answered != expected:
                self.fail(
                    transport.rule,
                    f"{method} {params} in the {style.value} style answered {answered} over "
                    f"{transport.name.lower().replace('_', ' ')}, {expected} as JSON",
                )

    @precondition(lambda self: bool(self.model.pictures))
    @rule(data=st.data())
    def batch_reads_an_earlier_result(self, data: st.DataObject) -> None:
        """A batch command naming a part of an earlier command's result
        (`$result[listed][productImages][0][id]`) gets what the direct call gets."""
        product, style = self.target.product_id, data.draw(self.styles)
        first = min(self.model.pictures)
        reference = "$result[listed][productImages][0][id]"
        outcomes = send_batch(
            self.client,
            self.target.credentials,
            {
                "listed": ("list", {"productId": product, "select": ["id"]}),
                "read": ("get", {"productId": product, "id": reference}),
            },
            style,
        )
        direct = outcome_of(self.call("get", {"productId": product, "id": first}, style))
        if outcomes["read"] != direct:
            self.fail(
                Transport.BATCH.rule,
                f"get of {reference} after a listing answered {outcomes['read']}; "
                f"the direct get of picture {first}, {direct}",
            )

    @invariant()
    def listing_agrees_with_model(self) -> None:
        pages = self.listing_pages(self.target.style)
        items = [item for _, page in pages for item in page]
        self.check_single_types(items)
        starts = [0, *(int(body["next"]) for body, _ in pages[:-1])]
        for start, (body, page) in zip(starts, pages, strict=True):
            problem = ListPage(start, len(self.model.pictures)).problem(body, page)
            if problem:
                self.fail("list_pagination_arithmetic", problem)
        listed = [item.get("id") for item in items]
        if len(listed) != len(set(listed)) or set(listed) != set(self.model.pictures):
            extra = sorted(str(i) for i in set(listed) - set(self.model.pictures))
            missing = sorted(set(self.model.pictures) - set(listed))
            message = f"listed but not expected {extra}; missing {missing}"
            self.fail("listing_matches_model", message)
        for item in items:
            if problem := self.difference_from_model(item):
                self.fail("listing_matches_model", problem)
        self.check_selected_listing(items)

    def check_single_types(self, items: list[dict[str, Any]]) -> None:
        for kind, rule_name in SINGLE_TYPE_RULES.items():
            holders = [item.get("id") for item in items if item.get("type") == kind]
            if len(holders) > 1:
                self.fail(rule_name, f"{len(holders)} pictures of type {kind}: {holders}")

    def check_selected_listing(self, items: list[dict[str, Any]]) -> None:
        """The listing with a `select` (one of `SELECTIONS` in turn) in the other style, or
        in the only one: only the fields named, and the same pictures as `items`."""
        select = SELECTIONS[self.invariant_checks % len(SELECTIONS)]
        self.invariant_checks += 1
        style = self.target.credentials.styles[-1]
        selected = [item for _, page in self.listing_pages(style, select) for item in page]
        for item in selected:
            if set(item) != set(select or FIELD_NAMES):
                rule_name = "list_select_keeps_only_named_fields"
                self.fail(rule_name, f"select {select} listed a picture with {sorted(item)}")
        expected = [comparable_picture({n: item.get(n) for n in select or item}) for item in items]
        if [comparable_picture(item) for item in selected] != expected:
            rule_name = (
                "both_call_styles_agree" if style != self.target.style else "listing_matches_model"
            )
            self.fail(
                rule_name,
                f"listed in the {self.target.style.value} style: {expected}; with select "
                f"{select} in the {style.value} style: {selected}",
            )

    def add_picture(self, data: st.DataObject, kind: str | None, serves_files: bool = True) -> int:
        """Add a picture of `kind` and judge the answer (and, unless told not to, that its
        URLs serve the bytes sent); its id."""
        rule_name = "add_returns_the_picture"
        name, content = data.draw(FILE_NAMES), png(*data.draw(COLOURS))
        fields: dict[str, Any] = {"productId": self.target.product_id}
        if kind is not None:
            fields["type"] = kind
        file_content = [name, base64.b64encode(content).decode()]
        params = {"fields": fields, "fileContent": file_content}
        response = self.call("add", params, data.draw(self.styles))
        self.expect_status(rule_name, 200, response.status_code)
        picture = picture_of(self.json_object(rule_name)) or {}
        kind = kind or DEFAULT_TYPE
        expected = {"productId": self.target.product_id, "type": kind, "name": name}
        answered = {member: picture.get(member) for member in expected}
        known = {*self.model.pictures, *self.model.gone}
        if answered != expected or not isinstance(picture.get("id"), int) or picture["id"] in known:
            self.fail(rule_name, f"sent {expected}, the new picture is {picture or None}")
        replaced = self.model.add(ModelPicture(picture["id"], kind, name, content))
        if serves_files:
            self.check_served_bytes(picture, content)
        if replaced:
            # The listing first: a server that kept the old picture has two of the type.
            listed = [item for _, page in self.listing_pages(self.target.style) for item in page]
            self.check_single_types(listed)
            for picture_id in replaced:
                self.expect_not_found(GONE_RULES[Gone.REPLACED], picture_id, self.target.style)
        return int(picture["id"])

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
        body = _json(response)
        if not is_not_found(response.status_code, body):
            code = body.get("error") if isinstance(body, dict) else None
            self.fail(
                rule_name,
                f"{method} of picture {picture_id} through product {params['productId']} "
                f"answered {response.status_code} with error {code!r}, not 400 with error '0'",
            )

    def delete_picture(self, picture_id: int, style: Style, other_style: Style) -> None:
        """Delete one of the run's pictures (first through the other product, if given,
        which must not find it); then it is not found."""
        rule_name = "delete_answers_result_true"
        if self.target.other_product_id is not None:
            self.expect_not_found_elsewhere(picture_id, "get", other_style)
            self.expect_not_found_elsewhere(picture_id, "delete", other_style)
        params = {"productId": self.target.product_id, "id": picture_id}
        response = self.call("delete", params, style)
        self.expect_status(rule_name, 200, response.status_code)
        if self.json_object(rule_name).get("result") is not True:
            self.fail(rule_name, "a successful delete's `result` is not true")
        self.model.delete(picture_id)
        self.expect_not_found(GONE_RULES[Gone.DELETED], picture_id, other_style)

    def expect_not_found_elsewhere(self, picture_id: int, method: str, style: Style) -> None:
        """The run's picture is not found through the other product (and stays)."""
        rule_name = "picture_of_another_product_is_not_found"
        other = self.target.other_product_id
        self.expect_not_found(rule_name, picture_id, style, method, other)

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

    def listing_page(self, rule_name: str) -> Page:
        body = self.json_object(rule_name)
        page = page_of(body)
        if page is None:
            self.fail(rule_name, "the listing has no `result.productImages` array")
        return body, page

    def listing_pages(self, style: Style, select: list[str] | None = None) -> list[Page]:
        """Every page of the product's listing, following `next`."""
        pages: list[Page] = []
        start = 0
        for _ in range(LISTING_PAGES_AT_MOST):
            params: dict[str, Any] = {"productId": self.target.product_id, "start": start}
            if select is not None:
                params["select"] = select
            response = self.call("list", params, style)
            self.expect_status("listing_matches_model", 200, response.status_code)
            pages.append(self.listing_page("listing_matches_model"))
            following = pages[-1][0].get("next")
            if not isinstance(following, int) or following <= start:
                break
            start = following
        return pages

    def check_served_bytes(
        self,
        picture: dict[str, Any],
        content: bytes,
        rule_name: str = "picture_urls_serve_uploaded_bytes",
    ) -> None:
        """The picture's `detailUrl` and `downloadUrl` serve `content`."""
        for member in ("detailUrl", "downloadUrl"):
            url = picture.get(member)
            if not isinstance(url, str):
                self.fail(rule_name, f"no {member} in {picture}")
            served = self.client.send("GET", url)
            if served.status_code != 200 or served.content != content:
                self.fail(
                    rule_name,
                    f"GET {member} {url} answered {served.status_code} with "
                    f"{len(served.content)} bytes, not the {len(content)} uploaded",
                )


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None
