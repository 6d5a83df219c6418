"""Closient's model-based layer: a rule-based state machine that uploads, deletes and lists images
on the one product it was given and, after every step, compares the server's listing with a
plain `GalleryModel`.
"""

from __future__ import annotations

from typing import Any

import shortuuid
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

from ..machine import ContractMachine
from ..replay import Spelling
from ..samples import png
from .model import GalleryModel, PageArithmetic, ordering_problem
from .target import ClosientTarget, normalized_gtin

MAX_PAGE_SIZE = 100
LISTING_PAGES_AT_MOST = 50
# The walked listing has more than two pages of at most this many images.
LONG_LISTING_PAGE_SIZE_AT_MOST = 3
TITLE_CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"))
TITLES = st.one_of(
    st.just(""),
    st.text(TITLE_CHARACTERS, max_size=40),
    st.text(TITLE_CHARACTERS, min_size=255, max_size=255),
    st.just("Façade — 正面 ✓" * 17),
)
COLOURS = st.tuples(*[st.integers(0, 255)] * 3)
# A key no deployment issues: the contract's keys start with `csb_`.
UNKNOWN_API_KEY = "conformance-unknown-key"


def uuid_form(image_id: str) -> str | None:
    """The canonical UUID form of an image id, which delete also takes."""
    try:
        return str(shortuuid.decode(image_id))
    except ValueError:
        return None


UUID_FORM = Spelling(
    "UUID",
    uuid_form,
    # shortuuid's decoding, for a shell without the library.
    'import functools, sys, uuid; a = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"; '
    "print(uuid.UUID(int=functools.reduce(lambda n, c: n * 57 + a.index(c), sys.argv[1], 0)))",
)


def gtin_forms(gtin: str) -> list[str]:
    """The 8/12/13/14-digit spellings of a GTIN that name the same product."""
    full = normalized_gtin(gtin)
    return [full[14 - n :] for n in (14, 13, 12, 8) if set(full[: 14 - n]) <= {"0"}]


class GalleryMachine(ContractMachine):
    """Bound to a client and its `ClosientTarget` by `bound`; a fresh instance per example."""

    target: ClosientTarget
    spellings = (UUID_FORM,)

    def __init__(self) -> None:
        super().__init__()
        self.other_gtin = self.target.other_gtin
        self.target.cleanup(self.client)
        items = self.full_listing()
        left = sorted({str(item.get("id")) for item in items} - self.target.read_only)
        if left:
            self.fail(
                "listing_matches_model",
                f"images the run deleted (or tried to) are still listed: {left}",
            )
        self.model = GalleryModel.from_listing(items)

    def teardown(self) -> None:
        self.target.cleanup(self.client)

    @initialize(title=TITLES, colour=COLOURS, data=st.data())
    def start_with_an_image(
        self, title: str, colour: tuple[int, int, int], data: st.DataObject
    ) -> None:
        """Every sequence has an image of its own from the first step, so the delete rules
        are open to it from the start."""
        self.upload_image(False, title, colour, data)

    @rule(title=TITLES, colour=COLOURS, data=st.data())
    def upload(self, title: str, colour: tuple[int, int, int], data: st.DataObject) -> None:
        self.upload_image(False, title, colour, data)

    @precondition(lambda self: not self.target.keeps_foreign_primary)
    @rule(title=TITLES, colour=COLOURS, data=st.data())
    def upload_primary(self, title: str, colour: tuple[int, int, int], data: st.DataObject) -> None:
        self.upload_image(True, title, colour, data)

    @precondition(lambda self: bool(self.model.own_ids))
    @rule(data=st.data(), uuid_form=st.booleans())
    def delete_own_image(self, data: st.DataObject, uuid_form: bool) -> None:
        image_id = data.draw(st.sampled_from(self.model.own_ids))
        spelled = str(shortuuid.decode(image_id)) if uuid_form else image_id
        form = data.draw(st.sampled_from(gtin_forms(self.target.scope.gtin)))
        response = self.client.send("DELETE", self.target.images_path(form, spelled))
        self.expect_status("delete_own_image_returns_204", 204, response.status_code)
        self.model.delete(image_id)
        # Delete-then-404 at once, in the other spelling of the id, not only when a later
        # step happens to pick a deleted image.
        again = image_id if uuid_form else str(shortuuid.decode(image_id))
        response = self.client.send("DELETE", self.target.images_path(image_id=again))
        self.expect_status("delete_of_deleted_image_is_404", 404, response.status_code)

    @precondition(lambda self: bool(self.model.deleted))
    @rule(data=st.data())
    def delete_deleted_image(self, data: st.DataObject) -> None:
        image_id = data.draw(st.sampled_from(self.model.deleted))
        response = self.client.send("DELETE", self.target.images_path(image_id=image_id))
        self.expect_status("delete_of_deleted_image_is_404", 404, response.status_code)

    @rule(unknown=st.uuids(version=4), uuid_form=st.booleans())
    def delete_unknown_image(self, unknown: Any, uuid_form: bool) -> None:
        spelled = str(unknown) if uuid_form else shortuuid.encode(unknown)
        response = self.client.send("DELETE", self.target.images_path(image_id=spelled))
        self.expect_status("delete_of_unknown_image_is_404", 404, response.status_code)

    @precondition(lambda self: bool(self.model.own_ids and self.other_gtin))
    @rule(data=st.data())
    def delete_image_through_other_product(self, data: st.DataObject) -> None:
        image_id = data.draw(st.sampled_from(self.model.own_ids))
        path = self.target.images_path(self.other_gtin, image_id)
        response = self.client.send("DELETE", path)
        self.expect_status("delete_of_other_products_image_is_404", 404, response.status_code)

    @rule(
        operation=st.sampled_from(["list", "upload", "delete"]),
        key=st.sampled_from([None, UNKNOWN_API_KEY]),
        data=st.data(),
    )
    def request_without_a_valid_key(
        self, operation: str, key: str | None, data: st.DataObject
    ) -> None:
        """No key, or one the target never issued: 401, and nothing changes."""
        headers = {"X-API-Key": key} if key else {}
        response = self.send_as(operation, headers, data)
        self.expect_status("requests_without_a_valid_key_are_401", 401, response.status_code)

    @precondition(lambda self: self.target.reader_api_key is not None)
    @rule(operation=st.sampled_from(["upload", "delete"]), data=st.data())
    def change_as_a_member_without_permission(self, operation: str, data: st.DataObject) -> None:
        """A member who may only read: 403 for an upload or a delete, and nothing changes."""
        headers = {"X-API-Key": str(self.target.reader_api_key)}
        response = self.send_as(operation, headers, data)
        self.expect_status("members_without_permission_are_403", 403, response.status_code)

    def send_as(self, operation: str, headers: dict[str, str], data: st.DataObject) -> Any:
        """One request of `operation` with only `headers` for credentials."""
        if operation == "list":
            return self.client.send(
                "GET", self.target.images_path(), headers=headers, authenticate=False
            )
        if operation == "upload":
            return self.client.send(
                "POST",
                self.target.images_path(),
                headers=headers,
                authenticate=False,
                files={"image": ("image.png", png(1, 2, 3), "image/png")},
                data={"title": "not allowed", "is_primary": "false"},
            )
        own = self.model.own_ids
        image_id = data.draw(st.sampled_from(own)) if own else shortuuid.uuid()
        return self.client.send(
            "DELETE",
            self.target.images_path(image_id=image_id),
            headers=headers,
            authenticate=False,
        )

    @rule(page=st.integers(1, 4), page_size=st.one_of(st.integers(1, 5), st.integers(1, 100)))
    def list_page(self, page: int, page_size: int) -> None:
        self.client.send(
            "GET", self.target.images_path(), params={"page": page, "page_size": page_size}
        )
        body = self.json_object("pagination_arithmetic")
        items = body.get("data")
        arithmetic = PageArithmetic(page, page_size, len(self.model.images))
        if body.get("pagination") != arithmetic.expected():
            self.fail(
                "pagination_arithmetic",
                f"{len(self.model.images)} images, page {page} of size {page_size}: expected "
                f"{arithmetic.expected()}, got {body.get('pagination')}",
            )
        listed = [item.get("id") for item in self.full_listing()]
        start, end = arithmetic.bounds
        if not isinstance(items, list) or [i.get("id") for i in items] != listed[start:end]:
            self.fail(
                "pages_hold_the_listing_once",
                f"page {page} of size {page_size} is not {listed[start:end]}",
            )

    @rule(page_size=st.integers(1, LONG_LISTING_PAGE_SIZE_AT_MOST), data=st.data())
    def walk_every_page(self, page_size: int, data: st.DataObject) -> None:
        """A listing of more than two pages (the run uploads what it lacks), walked page by
        page: each page's numbers right, and the pages together hold every image once, in
        the listing's order across page boundaries too."""
        while len(self.model.images) <= 2 * page_size:
            self.upload_image(False, "", data.draw(COLOURS, label="colour"), data)
        walked: list[dict[str, Any]] = []
        for page in range(1, LISTING_PAGES_AT_MOST + 1):
            self.client.send(
                "GET", self.target.images_path(), params={"page": page, "page_size": page_size}
            )
            body = self.json_object("pages_hold_the_listing_once")
            arithmetic = PageArithmetic(page, page_size, len(self.model.images))
            if body.get("pagination") != arithmetic.expected():
                self.fail(
                    "pagination_arithmetic",
                    f"{len(self.model.images)} images, page {page} of size {page_size}: "
                    f"expected {arithmetic.expected()}, got {body.get('pagination')}",
                )
            items = body.get("data")
            walked += [item for item in items if isinstance(item, dict)] if items else []
            if not arithmetic.expected()["has_next"]:
                break
        ids = [item.get("id") for item in walked]
        if len(ids) != len(set(ids)) or set(ids) != set(self.model.images):
            missing = sorted(set(self.model.images) - set(ids))
            repeated = sorted({str(i) for i in ids if ids.count(i) > 1})
            self.fail(
                "pages_hold_the_listing_once",
                f"pages of {page_size} hold {len(ids)} images for {len(self.model.images)}: "
                f"missing {missing}, repeated {repeated}",
            )
        if problem := ordering_problem(walked):
            self.fail("listing_order", f"across pages of {page_size}: {problem}")

    @rule(page_size=st.integers(MAX_PAGE_SIZE + 1, 10_000))
    def list_page_too_large(self, page_size: int) -> None:
        response = self.client.send(
            "GET", self.target.images_path(), params={"page_size": page_size}
        )
        self.expect_status("page_size_at_most_100", 422, response.status_code)

    @invariant()
    def listing_agrees_with_model(self) -> None:
        items = self.full_listing()
        listed = {item.get("id"): item for item in items}
        if set(listed) != set(self.model.images) or len(items) != len(listed):
            extra = sorted(str(i) for i in set(listed) - set(self.model.images))
            missing = sorted(set(self.model.images) - set(listed))
            self.fail(
                "listing_matches_model", f"listed but not expected {extra}; missing {missing}"
            )
        titles = {image_id: item.get("title") for image_id, item in listed.items()}
        expected_titles = {image.id: image.title for image in self.model.images.values()}
        if titles != expected_titles:
            self.fail("listing_matches_model", f"titles {titles}, expected {expected_titles}")
        primaries = [item["id"] for item in items if item.get("is_primary")]
        if len(primaries) > 1:
            self.fail("at_most_one_primary", f"{len(primaries)} primary images: {primaries}")
        if primaries != ([self.model.primary] if self.model.primary else []):
            self.fail(
                "newest_primary_wins",
                f"primary is {primaries or 'none'}, expected {self.model.primary or 'none'}",
            )
        problem = ordering_problem(items)
        if problem:
            self.fail("listing_order", problem)

    def upload_image(
        self, primary: bool, title: str, colour: tuple[int, int, int], data: st.DataObject
    ) -> None:
        content = png(*colour)
        response = self.client.send(
            "POST",
            self.target.images_path(data.draw(st.sampled_from(gtin_forms(self.target.scope.gtin)))),
            files={"image": ("image.png", content, "image/png")},
            data={"title": title, "is_primary": "true" if primary else "false"},
        )
        self.expect_status("upload_returns_201", 201, response.status_code)
        body = self.json_object("upload_returns_the_image")
        sent = {"title": title, "is_primary": primary}
        echoed = {name: body.get(name) for name in sent}
        if echoed != sent or not isinstance(body.get("id"), str):
            self.fail("upload_returns_the_image", f"sent {sent}, the new image says {body}")
        self.model.upload(body["id"], title, content, primary)
        self.check_served_bytes(body, content)

    def full_listing(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for page in range(1, LISTING_PAGES_AT_MOST + 1):
            self.client.send(
                "GET", self.target.images_path(), params={"page": page, "page_size": MAX_PAGE_SIZE}
            )
            body = self.json_object("listing_matches_model")
            data = body.get("data")
            if not isinstance(data, list):
                self.fail("listing_matches_model", "the listing has no `data` array")
            items += [item for item in data if isinstance(item, dict)]
            pagination = body.get("pagination")
            if not (isinstance(pagination, dict) and pagination.get("has_next")):
                break
        return items

    def check_served_bytes(self, image: dict[str, Any], content: bytes) -> None:
        url = image.get("image_url")
        if not isinstance(url, str):
            self.fail("image_url_serves_uploaded_bytes", f"no image_url in {image}")
        served = self.client.send("GET", url)
        if served.status_code != 200 or served.content != content:
            self.fail(
                "image_url_serves_uploaded_bytes",
                f"GET {url} answered {served.status_code} with {len(served.content)} bytes, "
                f"not the {len(content)} uploaded",
            )
