"""The Cloud Images contract, set up for a run: one project's token, optionally a second
project's token to check that projects cannot see each other's images."""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Mapping
from dataclasses import astuple
from typing import Any
from urllib.parse import unquote

import schemathesis
from schemathesis import Case, GenerationMode

from ..client import TargetClient, json_member
from ..machine import ContractMachine
from ..reply import Rule
from ..suite import Option, PublishedContractSuite
from . import rules, views
from .listings import ListingImageMachine
from .target import (
    OTHER_TOKEN_VARIABLE,
    PATCH_MEDIA_TYPE,
    TOKEN_VARIABLE,
    CloudImagesTarget,
    canonical_id,
)

STATE_MACHINE_RULES = (
    "create_makes_a_new_image",
    "create_returns_a_queued_image",
    "patch_returns_the_patched_image",
    "delete_of_unprotected_image_is_204",
    "protected_image_survives_delete",
    "upload_makes_the_image_active",
    "second_upload_is_409",
    "deactivation_withholds_the_data_until_reactivated",
    "download_serves_the_uploaded_data",
    "download_without_data_is_204",
    "ranged_download_serves_those_bytes",
    "deleted_image_is_404",
    "unknown_image_is_404",
    "images_are_invisible_to_other_projects",
    "requests_without_a_valid_token_are_401",
    "show_matches_model",
    "listing_matches_model",
    "listing_is_newest_first",
    "add_of_a_present_property_replaces_it",
    "publicizing_needs_the_admin_role",
    "data_not_in_its_disk_format_is_refused",
    "malformed_range_is_416",
    "a_full_page_links_to_the_next",
    "pages_hold_the_listing_once",
    "listing_follows_its_sort_key",
    "listing_filters_hold",
    "an_image_id_that_is_no_uuid_is_404",
    "state_machine_reproducible",
)
NO_OTHER_PROJECT_NOTE = (
    "no --other-token: images_are_invisible_to_other_projects went untested "
    "(give a token of a second project)"
)
SUBJECT_FORMATS = {"container_format": "bare", "disk_format": "raw", "visibility": "private"}


class CloudImagesSuite(PublishedContractSuite[CloudImagesTarget]):
    name = "cloud-images"
    options = (
        Option(
            "token",
            f"X-Auth-Token of the project the suite may create images in "
            f"(default: {TOKEN_VARIABLE})",
            environment=TOKEN_VARIABLE.lstrip("$"),
        ),
        Option(
            "other-token",
            f"X-Auth-Token of a second project, to check it sees none of the run's images "
            f"(default: {OTHER_TOKEN_VARIABLE})",
            required=False,
            environment=OTHER_TOKEN_VARIABLE.lstrip("$"),
        ),
        Option(
            "token-role",
            "`member` (the default) or `admin`: the role --token carries; an admin may make "
            "images public, so the rule that a member may not goes unchecked",
            required=False,
        ),
    )
    contract_file = views.CONTRACT_FILE
    documented_view_of = staticmethod(views.documented_view)
    reply_rules: Mapping[str, Rule] = rules.REPLY_RULES
    state_machine_rules = STATE_MACHINE_RULES
    # openapi-core checks the data's `type: string` against raw bytes: read as latin-1 text,
    # which keeps every byte, the data is that string.
    media_type_deserializers: Mapping[str, Callable[[bytes], Any]] = {
        "application/octet-stream": lambda content: content.decode("latin-1")
    }

    def __init__(self, target: CloudImagesTarget, spec_dir: pathlib.Path | None = None) -> None:
        super().__init__(target, spec_dir)
        self.subjects: views.FuzzSubjects | None = None

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, str | None], spec_dir: pathlib.Path | None
    ) -> CloudImagesSuite:
        target = CloudImagesTarget(
            str(settings["token"]),
            settings.get("other_token"),
            token_is_admin=(settings.get("token_role") or "member") == "admin",
        )
        return cls(target, spec_dir)

    def fuzzing_view(self) -> dict[str, Any]:
        # Schemathesis cannot send a body of the PATCH media type without a serializer; the
        # media type is JSON under another name.
        schemathesis.serializer.alias(PATCH_MEDIA_TYPE, "application/json")
        subjects = self.subjects or self._made_up_subjects()
        return views.fuzzing_view(self.published, subjects)

    def prepare(self, client: TargetClient) -> list[str]:
        """Learn the images already there (read-only), and create the ones the schema-driven
        layer works on."""
        self.target.learn_existing_images(client)
        made_up = self._made_up_subjects()
        self.subjects = views.FuzzSubjects(
            record=self._create_subject(client, "record") or made_up.record,
            doomed=self._create_subject(client, "doomed") or made_up.doomed,
            data=self._create_subject(client, "data") or made_up.data,
            unknown=made_up.unknown,
        )
        return [] if self.target.other_token else [NO_OTHER_PROJECT_NOTE]

    def says_nothing(self, case: Case[Any]) -> bool:
        """A negative case whose image id is only another spelling of a pinned one (upper
        case, no hyphens, braces): the server rightly reads it as that image."""
        negative = case.meta is not None and case.meta.generation.mode is GenerationMode.NEGATIVE
        spelled = unquote(str((case.path_parameters or {}).get("image_id", "")))
        pinned = set(astuple(self.subjects)) if self.subjects else set()
        return negative and spelled not in pinned and canonical_id(spelled) in pinned

    def state_machine(self, client: TargetClient) -> type[ContractMachine]:
        return ListingImageMachine.bound(client, target=self.target)

    def _create_subject(self, client: TargetClient, purpose: str) -> str | None:
        body = {"name": f"conformance suite: {purpose}", **SUBJECT_FORMATS}
        response = client.send("POST", "/images", json=body)
        image_id = json_member(response, "id") if response.status_code == 201 else None
        return canonical_id(image_id) if isinstance(image_id, str) else None

    def _made_up_subjects(self) -> views.FuzzSubjects:
        return views.FuzzSubjects(*(self.target.make_up_id() for _ in range(4)))
