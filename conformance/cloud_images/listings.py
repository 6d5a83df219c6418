"""What the Cloud Images document states about its listing, checked on a listing long enough
to show it: the order of `sort_key` and `sort_dir`, pages of `limit` images followed through
their `next` links, and the `name` and `status` filters.

The machine the suite runs: `GlanceImageMachine` (see `glance_probes.py`) and this rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from .glance_probes import GlanceImageMachine
from .model import ACTIVE, QUEUED
from .target import listed_images

LISTED = 5
"""Images the rule creates for its listing (and deletes after it)."""
WITH_DATA = (1, 3)
"""Which of them get data, so that the status filter has both kinds to tell apart."""
PAGE_LIMIT = 2
MOST_PAGES = 60
NAME_PREFIX = "conformance-listing-"
# A permutation of the names' letters that is neither the creation order nor its reverse,
# so that no sort by name agrees with a sort by creation time.
NAME_ORDERS = st.permutations("abcde").filter(
    lambda letters: "".join(letters) not in ("abcde", "edcba")
)
SORTS = st.sampled_from([("name", "asc"), ("name", "desc"), ("created_at", "asc")])


class ListingImageMachine(GlanceImageMachine):
    listed_long = False
    """Whether this sequence walked its long listing: once a sequence is enough, at about
    twenty requests."""

    @precondition(lambda self: not self.listed_long)
    @rule(data=st.data())
    def list_a_long_listing(self, data: st.DataObject) -> None:
        """Five images of its own (named in an order that is not their creation order, two
        with data), then the listing in a sort order, walked in pages of two through `next`,
        and filtered by name and by status."""
        self.listed_long = True
        letters = data.draw(NAME_ORDERS, label="name order")
        created: list[tuple[str, str]] = []
        try:
            for letter in letters:
                created.append((self.create_listed(NAME_PREFIX + letter), NAME_PREFIX + letter))
            for index in WITH_DATA:
                response = self.client.send(
                    "PUT",
                    f"/images/{created[index][0]}/file",
                    content=b"listed",
                    headers={"Content-Type": "application/octet-stream"},
                )
                self.expect_status("upload_makes_the_image_active", 204, response.status_code)
                self.client.send("GET", f"/images/{created[index][0]}")
                status = self.json_object("upload_makes_the_image_active").get("status")
                if status != ACTIVE:
                    self.fail("upload_makes_the_image_active", f"after its upload: {status!r}")
            key, direction = data.draw(SORTS, label="sort")
            self.check_sorted_pages(created, key, direction)
            self.check_filters(created, data)
        finally:
            for image_id, _ in created:
                self.client.send("DELETE", f"/images/{image_id}")

    def create_listed(self, name: str) -> str:
        body = {"name": name, "container_format": "bare", "disk_format": "raw"}
        response = self.client.send("POST", "/images", json=body)
        self.expect_status("create_returns_a_queued_image", 201, response.status_code)
        image_id = self.json_object("create_returns_a_queued_image").get("id")
        if not isinstance(image_id, str):
            self.fail("create_returns_a_queued_image", "the new image has no id")
        return image_id

    def check_sorted_pages(self, created: list[tuple[str, str]], key: str, direction: str) -> None:
        """The rule's images (by their names, so that the listing stays short on a project
        of many images) sorted by `key` in `direction`, in pages of two: the pages hold
        each image once, in that order."""
        params = {
            "name": in_names(name for _, name in created),
            "sort_key": key,
            "sort_dir": direction,
            "limit": PAGE_LIMIT,
        }
        ours = {image_id for image_id, _ in created}
        listed = self.walk("pages_hold_the_listing_once", params)
        ids = [str(item.get("id")) for item in listed if str(item.get("id")) in ours]
        repeated = sorted({image_id for image_id in ids if ids.count(image_id) > 1})
        missing = sorted(ours - set(ids))
        if repeated or missing:
            self.fail(
                "pages_hold_the_listing_once",
                f"pages of {PAGE_LIMIT} sorted by {key} {direction}: missing {missing}, "
                f"repeated {repeated}",
            )
        if key == "name":
            ordered = [image_id for image_id, _ in sorted(created, key=lambda pair: pair[1])]
        else:
            ordered = [image_id for image_id, _ in created]
        expected = ordered if direction == "asc" else ordered[::-1]
        if ids != expected:
            names = dict(created)
            self.fail(
                "listing_follows_its_sort_key",
                f"sorted by {key} {direction}, the images are listed as "
                f"{[names[i] for i in ids]}, not {[names[i] for i in expected]}",
            )

    def check_filters(self, created: list[tuple[str, str]], data: st.DataObject) -> None:
        """`name=in:A,B` lists the images named so, and only those; `status` (with the
        names of all the rule's images) those of that status, and only those."""
        rule_name = "listing_filters_hold"
        picked = data.draw(st.lists(st.sampled_from(created), min_size=2, max_size=2, unique=True))
        names = sorted(name for _, name in picked)
        listed = self.walk(rule_name, {"name": in_names(names)})
        if problem := filter_problem(listed, {"name": names}, {i for i, _ in picked}):
            self.fail(rule_name, f"name={in_names(names)}: {problem}")
        status = data.draw(st.sampled_from([ACTIVE, QUEUED]), label="status")
        with_data = {created[index][0] for index in WITH_DATA}
        ours = {image_id for image_id, _ in created}
        having = with_data if status == ACTIVE else ours - with_data
        all_names = [name for _, name in created]
        listed = self.walk(rule_name, {"name": in_names(all_names), "status": status})
        allowed = {"name": all_names, "status": [status]}
        if problem := filter_problem(listed, allowed, having):
            self.fail(rule_name, f"status={status} of the rule's images: {problem}")

    def walk(self, rule_name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every page of the listing asked with `params`, each next one from the `next` link
        of the one before (a full page must have one)."""
        limit = params.get("limit")
        items: list[dict[str, Any]] = []
        url: httpx.URL | str = "/images"
        for _ in range(MOST_PAGES):
            response = self.client.send(
                "GET", str(url), params=params if url == "/images" else None
            )
            body = self.json_object(rule_name)
            if response.status_code != 200 or not isinstance(body.get("images"), list):
                self.fail(rule_name, f"the listing answered {response.status_code}")
            page = listed_images(body)
            items += page
            following = body.get("next")
            if limit is not None and len(page) == limit and not isinstance(following, str):
                self.fail("a_full_page_links_to_the_next", f"a full page of {limit} without `next`")
            if not isinstance(following, str) or (limit is not None and len(page) < limit):
                break
            # `next` is a path from the server's root (`/v2/images?...`).
            url = httpx.URL(self.client.base_url).join(following)
        return items


def in_names(names: Iterable[str]) -> str:
    """The `name` filter that matches any of `names` (none holds a comma)."""
    return "in:" + ",".join(names)


def filter_problem(
    listed: list[dict[str, Any]], allowed: dict[str, list[str]], expected: set[str]
) -> str | None:
    """Where a filtered listing goes wrong: an image with a member of none of its `allowed`
    values, or one of `expected` left out; None when it holds."""
    stray = sorted(
        f"{item.get('id')} ({', '.join(f'{m} {item.get(m)!r}' for m in allowed)})"
        for item in listed
        if any(item.get(member) not in values for member, values in allowed.items())
    )
    missing = sorted(expected - {str(item.get("id")) for item in listed})
    if stray or missing:
        return f"listed {stray} it should not, left out {missing}"
    return None
