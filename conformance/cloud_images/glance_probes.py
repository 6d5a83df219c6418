"""Rules of the Cloud Images state machine that probe how Glance itself behaves where its
reference pages are silent or wrong: properties added twice, publication, data in another
format, malformed ranges, full pages, error renderings, ids that are no UUID.

The machine the suite runs: `ImageRecordMachine` (see `stateful.py`) and these rules, kept
apart so that each module reads on one screen or two.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import rule

from .model import ACTIVE, QUEUED
from .stateful import ImageRecordMachine
from .target import PATCH_MEDIA_TYPE, listed_images

PROBED_PROPERTY = "x_conformance_probe"
PROPERTY_VALUES = st.sampled_from(["one", "two", "three"])
NOT_QCOW2 = b"plain bytes that are no qcow2 image, " * 32
MALFORMED_RANGES = st.sampled_from(["bytes=x-y", "bytes=5-2", "items=0-1"])
# Accept headers whose rendering webob fixes, and the media type of the error it renders.
ERROR_RENDERINGS = {"*/*": "text/html", "text/plain": "text/plain"}
NOT_A_UUID = "not-an-image-id"
MOST_PAGES = 60


PROBES = (
    "upload_data_of_another_format",
    "ask_for_an_unknown_image_accepting",
    "ask_for_an_id_that_is_no_uuid",
    "add_a_custom_property",
    "page_through_the_listing",
    "publicize_without_the_admin_role",
    "download_a_malformed_range",
)


class GlanceImageMachine(ImageRecordMachine):
    @classmethod
    def step_names(cls) -> set[str]:
        return super().step_names() | set(PROBES)

    @rule(data=st.data())
    def probe_glance_behaviour(self, data: st.DataObject) -> None:
        """One of the probes below, those that apply to the images the run has (one not
        taken yet in the run, while there is one): one rule for all of them, so that they
        do not crowd out the state machine's other rules."""
        probes = list(PROBES[:3])
        if self.model.images:
            probes += ["add_a_custom_property", "page_through_the_listing"]
            if not self.target.token_is_admin:
                probes.append("publicize_without_the_admin_role")
        if self.model.ids(status=ACTIVE):
            probes.append("download_a_malformed_range")
        self.steps.possible.update(probes)
        untaken = [probe for probe in probes if probe not in self.steps.taken]
        probe = data.draw(st.sampled_from(untaken or probes), label="probe")
        self.steps.take(probe)
        getattr(self, probe)(data)

    def add_a_custom_property(self, data: st.DataObject) -> None:
        """JSON patch `add` (v2.1) sets a custom property, and replaces it when present
        (the second of two adds always finds it)."""
        image = self.pick(data)
        first = data.draw(PROPERTY_VALUES, label="value")
        second = data.draw(PROPERTY_VALUES.filter(lambda value: value != first), label="again")
        for value in (first, second):
            response = self.patch(
                image.id, [{"op": "add", "path": f"/{PROBED_PROPERTY}", "value": value}]
            )
            rule_name = "add_of_a_present_property_replaces_it"
            self.expect_status(rule_name, 200, response.status_code)
            image.properties[PROBED_PROPERTY] = value
            sent_back = self.json_object(rule_name).get(PROBED_PROPERTY)
            if sent_back != value:
                self.fail(rule_name, f"{PROBED_PROPERTY} is {sent_back!r} after adding {value!r}")

    def publicize_without_the_admin_role(self, data: st.DataObject) -> None:
        """Making an image public takes the admin role: 403, and the image stays as it was
        (which the show after the step checks)."""
        image = self.pick(data)
        response = self.patch(
            image.id, [{"op": "replace", "path": "/visibility", "value": "public"}]
        )
        self.expect_status("publicizing_needs_the_admin_role", 403, response.status_code)

    def upload_data_of_another_format(self, _data: st.DataObject) -> None:
        """Plain bytes uploaded to a `qcow2` image are refused (415) and it stays queued."""
        rule_name = "data_not_in_its_disk_format_is_refused"
        body = {"name": "format probe", "disk_format": "qcow2", "container_format": "bare"}
        created = self.client.send("POST", "/images", json=body)
        self.expect_status(rule_name, 201, created.status_code)
        image_id = str(self.json_object(rule_name).get("id"))
        try:
            response = self.client.send(
                "PUT",
                f"/images/{image_id}/file",
                content=NOT_QCOW2,
                headers={"Content-Type": "application/octet-stream"},
            )
            self.expect_status(rule_name, 415, response.status_code)
            shown = self.client.send("GET", f"/images/{image_id}")
            status = self.json_object(rule_name).get("status")
            if shown.status_code != 200 or status != QUEUED:
                self.fail(rule_name, f"after the refused upload the image is {status!r}")
        finally:
            self.client.send("DELETE", f"/images/{image_id}")

    def download_a_malformed_range(self, data: st.DataObject) -> None:
        image = self.pick(data, status=ACTIVE)
        header = data.draw(MALFORMED_RANGES, label="range")
        response = self.client.send("GET", f"/images/{image.id}/file", headers={"Range": header})
        self.expect_status("malformed_range_is_416", 416, response.status_code)

    def page_through_the_listing(self, data: st.DataObject) -> None:
        """Every full page links to the next one (the server does not look ahead); a page
        that is not full is the last; the pages hold the whole listing, once."""
        rule_name = "a_full_page_links_to_the_next"
        whole = [str(item.get("id")) for item in self.listing(rule_name)]
        # At most half the listing: the second page is full too when there are two images.
        limit = data.draw(st.integers(1, max(1, len(whole) // 2)), label="limit")
        seen: list[str] = []
        params: dict[str, str | int] = {"limit": limit}
        for _ in range(MOST_PAGES):
            self.client.send("GET", "/images", params=params)
            body = self.json_object(rule_name)
            page = [str(item.get("id")) for item in listed_images(body)]
            seen += page
            if len(page) > limit:
                self.fail(rule_name, f"a page of {len(page)} images for limit={limit}")
            if len(page) == limit and "next" not in body:
                self.fail(rule_name, f"a full page of {limit} images without `next`")
            if len(page) < limit or "next" not in body:
                break
            params = {"limit": limit, "marker": page[-1]}
        if sorted(seen) != sorted(whole):
            self.fail(
                "pages_hold_the_listing_once",
                f"the pages of {limit} hold {len(seen)} images, not the {len(whole)} listed",
            )

    def ask_for_an_unknown_image_accepting(self, data: st.DataObject) -> None:
        """webob renders an error by `Accept` (judged by the reply rule
        `errors_are_rendered_for_the_accept_header`); the status is the same."""
        accept = data.draw(st.sampled_from(sorted(ERROR_RENDERINGS)), label="accept")
        image_id = self.target.make_up_id()
        response = self.client.send("GET", f"/images/{image_id}", headers={"Accept": accept})
        self.expect_status("unknown_image_is_404", 404, response.status_code)

    def ask_for_an_id_that_is_no_uuid(self, data: st.DataObject) -> None:
        method = data.draw(st.sampled_from(["GET", "DELETE"]), label="method")
        response = self.client.send(method, f"/images/{NOT_A_UUID}")
        self.expect_status("an_image_id_that_is_no_uuid_is_404", 404, response.status_code)

    def patch(self, image_id: str, operations: list[dict[str, Any]]) -> Any:
        return self.client.send(
            "PATCH",
            f"/images/{image_id}",
            content=json.dumps(operations).encode(),
            headers={"Content-Type": PATCH_MEDIA_TYPE},
        )
