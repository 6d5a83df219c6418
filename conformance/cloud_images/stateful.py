"""Cloud Images' model-based layer: a rule-based state machine that creates, patches, uploads
to, downloads, deactivates and deletes images of its own and, after every step, compares
what the server shows and lists with a plain `ProjectModel`.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

from ..machine import ContractMachine
from .model import ACTIVE, QUEUED, ModelImage, ProjectModel
from .target import PATCH_MEDIA_TYPE, CloudImagesTarget, listed_images, listing_pages

MAX_IMAGES = 4
# Glance's database keeps no character outside the Basic Multilingual Plane (a name with
# one is refused with 400), so names are drawn from that plane.
NAME_CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0xFFFF)
NAMES = st.one_of(
    st.text(NAME_CHARACTERS, max_size=40),
    st.text(NAME_CHARACTERS, min_size=255, max_size=255),
    st.just("Ubuntu 24.04 — 正式版 ✓"),
)
# Visibilities another project cannot see: private, and shared with no member.
OWN_VISIBILITIES = st.sampled_from(["private", "shared"])
CHANGES = st.one_of(
    st.just(("/protected", True)),
    st.just(("/protected", False)),
    NAMES.map(lambda name: ("/name", name)),
)
DATA = st.binary(min_size=1, max_size=256)
OCTET_STREAM = "application/octet-stream"
# Operation → method, path suffix, content type and body (an update's is its change).
OPERATIONS: dict[str, tuple[str, str, str | None, bytes | None]] = {
    "show": ("GET", "", None, None),
    "update": ("PATCH", "", PATCH_MEDIA_TYPE, None),
    "delete": ("DELETE", "", None, None),
    "upload": ("PUT", "/file", OCTET_STREAM, b"not uploaded"),
    "download": ("GET", "/file", None, None),
}
OTHER_PROJECT_OPERATIONS = ("show", "update", "delete", "download")
BOGUS_TOKEN = "gAAAAA-not-a-token-of-this-deployment"


def image_path(image_id: str) -> str:
    return f"/images/{image_id}"


def patch_body(path: str, value: object) -> bytes:
    return json.dumps([{"op": "replace", "path": path, "value": value}]).encode()


class ImageRecordMachine(ContractMachine):
    """Bound to a client and its `CloudImagesTarget` by `bound`; a fresh instance per example."""

    target: CloudImagesTarget

    def __init__(self) -> None:
        super().__init__()
        self.target.cleanup(self.client)
        self.model = ProjectModel()
        self.touched: str | None = None
        """The image the last step changed or read: the one shown after it."""
        self.unvisited: list[str] = []
        """Deleted images not revisited yet."""

    def teardown(self) -> None:
        self.target.cleanup(self.client)

    def pick(
        self, data: st.DataObject, *, protected: bool | None = None, status: str | None = None
    ) -> ModelImage:
        """One of the model's images (of that protection and status, when given)."""
        ids = self.model.ids(protected=protected, status=status)
        self.touched = data.draw(st.sampled_from(ids))
        return self.model.images[self.touched]

    @initialize(name=NAMES, visibility=OWN_VISIBILITIES, protected=st.booleans())
    def create_first_image(self, name: str, visibility: str, protected: bool) -> None:
        self.create_image(name, visibility, protected)

    @precondition(lambda self: len(self.model.images) < MAX_IMAGES)
    @rule(name=NAMES, visibility=OWN_VISIBILITIES, protected=st.booleans())
    def create_image(self, name: str, visibility: str, protected: bool) -> None:
        sent = {"name": name, "visibility": visibility, "protected": protected}
        formats = {"container_format": "bare", "disk_format": "raw"}
        response = self.client.send("POST", "/images", json={**sent, **formats})
        self.expect_status("create_returns_a_queued_image", 201, response.status_code)
        body = self.json_object("create_returns_a_queued_image")
        image_id = body.get("id")
        if not isinstance(image_id, str) or image_id in self.model.created:
            self.fail("create_returns_a_queued_image", f"the new image has no new id: {body}")
        image = ModelImage(image_id, name, visibility, protected)
        if problems := image.differences(body):
            self.fail("create_returns_a_queued_image", "; ".join(problems))
        self.model.add(image)
        self.touched = image_id

    @precondition(lambda self: bool(self.model.images))
    @rule(data=st.data(), change=CHANGES)
    def patch_image(self, data: st.DataObject, change: tuple[str, Any]) -> None:
        image = self.pick(data)
        response = self.client.send(
            "PATCH",
            image_path(image.id),
            content=patch_body(*change),
            headers={"Content-Type": PATCH_MEDIA_TYPE},
        )
        self.expect_status("patch_returns_the_patched_image", 200, response.status_code)
        path, value = change
        if path == "/protected":
            image.protected = value
        else:
            image.name = value
        if problems := image.differences(self.json_object("patch_returns_the_patched_image")):
            self.fail("patch_returns_the_patched_image", "; ".join(problems))

    @precondition(lambda self: bool(self.model.ids(protected=False)))
    @rule(data=st.data())
    def delete_unprotected(self, data: st.DataObject) -> None:
        image = self.pick(data, protected=False)
        response = self.client.send("DELETE", image_path(image.id))
        self.expect_status("delete_of_unprotected_image_is_204", 204, response.status_code)
        self.model.delete(image.id)
        self.unvisited.append(image.id)

    @precondition(lambda self: bool(self.model.ids(protected=True)))
    @rule(data=st.data())
    def delete_protected(self, data: st.DataObject) -> None:
        image = self.pick(data, protected=True)
        response = self.client.send("DELETE", image_path(image.id))
        self.expect_status("protected_image_survives_delete", 403, response.status_code)
        shown = self.client.send("GET", image_path(image.id))
        self.expect_status("protected_image_survives_delete", 200, shown.status_code)
        listed = {item.get("id") for item in self.listing("protected_image_survives_delete")}
        if image.id not in listed:
            self.fail("protected_image_survives_delete", f"{image.id} is no longer listed")

    @precondition(lambda self: bool(self.model.ids(status=QUEUED)))
    @rule(data=st.data(), content=DATA)
    def upload_data(self, data: st.DataObject, content: bytes) -> None:
        image = self.pick(data, status=QUEUED)
        response = self.upload(image, content)
        self.expect_status("upload_makes_the_image_active", 204, response.status_code)
        image.data = content
        self.client.send("GET", image_path(image.id))
        if problems := image.differences(self.json_object("upload_makes_the_image_active")):
            self.fail("upload_makes_the_image_active", "; ".join(problems))

    @precondition(lambda self: bool(self.model.ids(status=ACTIVE)))
    @rule(data=st.data(), content=DATA)
    def upload_again(self, data: st.DataObject, content: bytes) -> None:
        response = self.upload(self.pick(data, status=ACTIVE), content)
        self.expect_status("second_upload_is_409", 409, response.status_code)

    @precondition(lambda self: bool(self.model.ids(status=ACTIVE)))
    @rule(data=st.data())
    def deactivate_then_reactivate(self, data: st.DataObject) -> None:
        """A deactivated image is shown so and its data is refused to its own project (403);
        reactivated, it is active again (the invariants then see it serve its data)."""
        rule_name = "deactivation_withholds_the_data_until_reactivated"
        path = image_path(self.pick(data, status=ACTIVE).id)
        response = self.client.send("POST", path + "/actions/deactivate")
        self.expect_status(rule_name, 204, response.status_code)
        self.client.send("GET", path)
        shown = self.json_object(rule_name).get("status")
        if shown != "deactivated":
            self.fail(rule_name, f"a deactivated image is shown {shown!r}")
        response = self.client.send("GET", path + "/file")
        self.expect_status(rule_name, 403, response.status_code)
        response = self.client.send("POST", path + "/actions/reactivate")
        self.expect_status(rule_name, 204, response.status_code)

    @precondition(lambda self: bool(self.model.ids(status=ACTIVE)))
    @rule(data=st.data())
    def download_range(self, data: st.DataObject) -> None:
        image = self.pick(data, status=ACTIVE)
        content = image.data or b""
        first = data.draw(st.integers(0, len(content) - 1))
        last = data.draw(st.integers(first, len(content) + 8))
        response = self.client.send(
            "GET", image_path(image.id) + "/file", headers={"Range": f"bytes={first}-{last}"}
        )
        self.expect_status("ranged_download_serves_those_bytes", 206, response.status_code)
        end = min(last, len(content) - 1)
        expected = f"bytes {first}-{end}/{len(content)}"
        served = response.headers.get("Content-Range")
        if response.content != content[first : end + 1] or served != expected:
            self.fail(
                "ranged_download_serves_those_bytes",
                f"bytes={first}-{last} of {len(content)} bytes: got {len(response.content)} "
                f"bytes as {served!r}, expected {end - first + 1} as {expected!r}",
            )

    @precondition(lambda self: bool(self.unvisited))
    @rule(data=st.data())
    def revisit_deleted(self, data: st.DataObject) -> None:
        """A deleted image is gone for good (each is revisited once: again says no more)."""
        image_id = data.draw(st.sampled_from(self.unvisited))
        self.unvisited.remove(image_id)
        for method in ("GET", "DELETE"):
            response = self.client.send(method, image_path(image_id))
            self.expect_status("deleted_image_is_404", 404, response.status_code)

    @rule(data=st.data())
    def ask_for_what_is_off_limits(self, data: st.DataObject) -> None:
        """An image that does not exist; or one of the run's, without a valid token or
        (given a second project's token) from another project."""
        probes = ["unknown image"]
        if self.model.images:
            probes.append("no valid token")
            if self.target.other_token:
                probes.append("other project")
        probe = data.draw(st.sampled_from(probes))
        if probe == "other project":
            operation = data.draw(st.sampled_from(OTHER_PROJECT_OPERATIONS))
            self.trespass(self.pick(data), operation)
            return
        operation = data.draw(st.sampled_from(sorted(OPERATIONS)))
        if probe == "unknown image":
            response = self.operate(operation, self.target.make_up_id())
            self.expect_status("unknown_image_is_404", 404, response.status_code)
            return
        headers = {"Accept": "application/json"}
        if data.draw(st.booleans()):
            headers["X-Auth-Token"] = BOGUS_TOKEN
        image = self.pick(data)
        response = self.operate(operation, image.id, headers, image.name, authenticate=False)
        self.expect_status("requests_without_a_valid_token_are_401", 401, response.status_code)

    @invariant()
    def touched_image_agrees_with_model(self) -> None:
        """The image the step touched is shown as the model has it, and serves its data
        (none while it has none)."""
        image = self.model.images.get(self.touched or "")
        if image is None:
            return
        response = self.client.send("GET", image_path(image.id))
        self.expect_status("show_matches_model", 200, response.status_code)
        if problems := image.differences(self.json_object("show_matches_model")):
            self.fail("show_matches_model", f"{image.id}: {'; '.join(problems)}")
        if image.data is None:
            response = self.client.send("GET", image_path(image.id) + "/file")
            self.expect_status("download_without_data_is_204", 204, response.status_code)
            if response.content:
                self.fail("download_without_data_is_204", "a 204 with a body")
        else:
            self.download_whole(image)

    @invariant()
    def listing_agrees_with_model(self) -> None:
        created = self.model.created
        ours = [item for item in self.listing("listing_matches_model") if item.get("id") in created]
        listed = {item.get("id"): item for item in ours}
        if set(listed) != set(self.model.images) or len(ours) != len(listed):
            extra = sorted(str(i) for i in set(listed) - set(self.model.images))
            missing = sorted(set(self.model.images) - set(listed))
            self.fail(
                "listing_matches_model", f"listed but not expected {extra}; missing {missing}"
            )
        for image_id, item in listed.items():
            if problems := self.model.images[str(image_id)].differences(item):
                self.fail("listing_matches_model", f"{image_id}: {'; '.join(problems)}")
        newest_first = list(reversed(self.model.images))
        if [item.get("id") for item in ours] != newest_first:
            self.fail(
                "listing_is_newest_first",
                f"the run's images are listed as {[item.get('id') for item in ours]}, "
                f"not newest first {newest_first}",
            )

    def listing(self, rule_name: str) -> list[dict[str, Any]]:
        """Every image of the project's listing; a violation of `rule_name` if a page is no
        listing."""
        items: list[dict[str, Any]] = []
        for page in listing_pages(self.client):
            body = self.json_object(rule_name)
            if not page.is_success or not isinstance(body.get("images"), list):
                self.fail(rule_name, f"the listing answered {page.status_code} without `images`")
            items += listed_images(body)
        return items

    def upload(self, image: ModelImage, content: bytes) -> httpx.Response:
        return self.client.send(
            "PUT",
            image_path(image.id) + "/file",
            content=content,
            headers={"Content-Type": OCTET_STREAM},
        )

    def trespass(self, image: ModelImage, operation: str) -> None:
        """Another project asks for one of the run's images (an update renames it to the
        name it has), then lists its own."""
        other = {"X-Auth-Token": self.target.other_token or ""}
        response = self.operate(operation, image.id, other, image.name)
        self.expect_status("images_are_invisible_to_other_projects", 404, response.status_code)
        for page in listing_pages(self.client, other):
            body = self.json_object("images_are_invisible_to_other_projects")
            seen = {str(item.get("id")) for item in listed_images(body)} & self.model.created
            if not page.is_success or seen:
                self.fail(
                    "images_are_invisible_to_other_projects",
                    f"another project's listing answered {page.status_code} with {sorted(seen)}",
                )

    def download_whole(self, image: ModelImage) -> None:
        response = self.client.send("GET", image_path(image.id) + "/file")
        self.expect_status("download_serves_the_uploaded_data", 200, response.status_code)
        size = len(image.data or b"")
        if response.content != image.data:
            self.fail(
                "download_serves_the_uploaded_data",
                f"{len(response.content)} bytes served, not the {size} uploaded",
            )
        if response.headers.get("Content-MD5") != image.checksum:
            self.fail(
                "download_serves_the_uploaded_data",
                f"Content-MD5 {response.headers.get('Content-MD5')!r} is not the "
                f"image's checksum {image.checksum!r}",
            )

    def operate(
        self,
        operation: str,
        image_id: str,
        headers: dict[str, str] | None = None,
        name: str = "renamed",
        *,
        authenticate: bool = True,
    ) -> httpx.Response:
        """One of the operations on a single image; an update renames it to `name`."""
        method, suffix, content_type, content = OPERATIONS[operation]
        if operation == "update":
            content = patch_body("/name", name)
        typed = {"Content-Type": content_type} if content_type else {}
        return self.client.send(
            method,
            image_path(image_id) + suffix,
            headers={**(headers or {}), **typed},
            authenticate=authenticate,
            content=content,
        )
