"""The Closient Brand Dashboard images contract, set up for a run: one product of one
organization, an API key with contribute rights, optionally a second product."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable, Mapping
from typing import Any

from schemathesis import Case, GenerationMode

from ..client import TargetClient
from ..machine import ContractMachine
from ..reply import Rule
from ..suite import Option, PublishedContractSuite
from . import rules, views
from .stateful import GalleryMachine
from .target import API_KEY_VARIABLE, READER_API_KEY_VARIABLE, ClosientTarget, ProductScope

STATE_MACHINE_RULES = (
    "upload_creates_a_new_image",
    "upload_returns_201",
    "upload_returns_the_image",
    "image_url_serves_uploaded_bytes",
    "delete_own_image_returns_204",
    "delete_of_deleted_image_is_404",
    "delete_of_unknown_image_is_404",
    "delete_of_other_products_image_is_404",
    "pagination_arithmetic",
    "pages_hold_the_listing_once",
    "page_size_at_most_100",
    "listing_matches_model",
    "at_most_one_primary",
    "newest_primary_wins",
    "listing_order",
    "requests_without_a_valid_key_are_401",
    "members_without_permission_are_403",
    "state_machine_reproducible",
)
FOREIGN_PRIMARY_NOTE = (
    "the product already has a primary image, which the run may not demote: no primary "
    "uploads, so the primary rules went untested (use a product without one)"
)


class ClosientSuite(PublishedContractSuite[ClosientTarget]):
    name = "closient"
    options = (
        Option(
            "api-key",
            "X-API-Key with contribute rights (default: $CONFORMANCE_API_KEY)",
            environment=API_KEY_VARIABLE.lstrip("$"),
        ),
        Option("organization", "organization id (shortuuid)"),
        Option("gtin", "the product the suite may write to"),
        Option("other-gtin", "a second product of the organization", required=False),
        Option(
            "reader-api-key",
            "X-API-Key of a member without the right to change images, to check their uploads "
            "and deletes are 403 (default: $CONFORMANCE_READER_API_KEY)",
            required=False,
            environment=READER_API_KEY_VARIABLE.lstrip("$"),
        ),
    )
    contract_file = views.CONTRACT_FILE
    documented_view_of = staticmethod(views.documented_view)
    reply_rules: Mapping[str, Rule] = rules.REPLY_RULES
    state_machine_rules = STATE_MACHINE_RULES
    media_type_deserializers: Mapping[str, Callable[[bytes], Any]] = {
        rules.PROBLEM_MEDIA_TYPE: json.loads
    }

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, str | None], spec_dir: pathlib.Path | None
    ) -> ClosientSuite:
        scope = ProductScope(str(settings["organization"]), str(settings["gtin"]))
        target = ClosientTarget(
            str(settings["api_key"]),
            scope,
            settings.get("other_gtin"),
            reader_api_key=settings.get("reader_api_key"),
        )
        return cls(target, spec_dir)

    def fuzzing_view(self) -> dict[str, Any]:
        return views.fuzzing_view(self.published, self.target.scope)

    def prepare(self, client: TargetClient) -> list[str]:
        self.target.learn_existing_images(client)
        return [FOREIGN_PRIMARY_NOTE] if self.target.keeps_foreign_primary else []

    def says_nothing(self, case: Case[Any]) -> bool:
        """Form fields the server cannot tell from valid ones, and primary uploads that would
        demote an image the run must leave alone."""
        return _form_hides_negation(case) or (
            self.target.keeps_foreign_primary and _asks_for_primary(case)
        )

    def state_machine(self, client: TargetClient) -> type[ContractMachine]:
        return GalleryMachine.bound(client, target=self.target)


def _asks_for_primary(case: Case[Any]) -> bool:
    flag = case.body.get("is_primary") if isinstance(case.body, dict) else None
    return flag is not None and str(flag).lower() not in ("false", "0", "")


def _form_hides_negation(case: Case[Any]) -> bool:
    """Form fields carry text only: a field negated into null goes out omitted, into an array
    repeated, into a number, boolean or object as its text, which may well be valid. The
    server cannot see such a negation (and taking one of repeated values is tolerated form
    handling), so the answer says nothing about the contract."""
    if not isinstance(case.body, dict):
        return False
    negative = case.meta is not None and case.meta.generation.mode is GenerationMode.NEGATIVE
    return any(
        value is None
        or isinstance(value, list)
        or (negative and not isinstance(value, str | bytes))
        for value in case.body.values()
    )
