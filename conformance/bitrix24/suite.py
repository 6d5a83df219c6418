"""The Bitrix24 catalog.productImage contract, set up for a run: one product, a webhook and/or
an access token with the right to modify the catalog, optionally a second product."""

from __future__ import annotations

import base64
import pathlib
from collections.abc import Callable, Mapping
from typing import Any

from schemathesis import Case

from ..client import TargetClient
from ..machine import ContractMachine
from ..reply import Rule
from ..samples import png
from ..suite import Option, PublishedContractSuite, SettingsError
from . import rules, views
from .calls import TOKEN_VARIABLE, WEBHOOK_VARIABLE, Credentials, Webhook
from .stateful import PicturesMachine
from .target import Bitrix24Target
from .transports import TRANSPORT_RULES

STATE_MACHINE_RULES = (
    "add_returns_the_picture",
    "picture_urls_serve_uploaded_bytes",
    "get_returns_the_picture",
    "delete_answers_result_true",
    "deleted_picture_is_not_found",
    "replaced_picture_is_not_found",
    "unknown_picture_is_not_found",
    "picture_of_another_product_is_not_found",
    "at_most_one_detail_picture",
    "at_most_one_preview_picture",
    "listing_matches_model",
    "list_pagination_arithmetic",
    "pages_hold_the_listing_once",
    "cursor_pages_hold_the_listing_once",
    "list_select_keeps_only_named_fields",
    "get_fields_describes_the_picture_fields",
    "both_call_styles_agree",
    "unknown_method_is_error_method_not_found",
    "unauthenticated_calls_are_refused_with_401",
    *TRANSPORT_RULES,
    "state_machine_reproducible",
)
FUZZED_FILE = ("conformance.png", base64.b64encode(png(3, 3, 3)).decode())


class Bitrix24Suite(PublishedContractSuite[Bitrix24Target]):
    name = "bitrix24"
    options = (
        Option(
            "webhook",
            f"incoming webhook as USER_ID/CODE (default: {WEBHOOK_VARIABLE}); "
            "give it and/or --auth-token, both to check both call styles",
            required=False,
            environment=WEBHOOK_VARIABLE.lstrip("$"),
        ),
        Option(
            "auth-token",
            f"application access token (default: {TOKEN_VARIABLE})",
            required=False,
            environment=TOKEN_VARIABLE.lstrip("$"),
        ),
        Option("product-id", "the product the suite may add pictures to"),
        Option("other-product-id", "a second product, only read", required=False),
    )
    contract_file = views.CONTRACT_FILE
    documented_view_of = staticmethod(views.documented_view)
    reply_rules: Mapping[str, Rule] = rules.REPLY_RULES
    state_machine_rules = STATE_MACHINE_RULES
    media_type_deserializers: Mapping[str, Callable[[bytes], Any]] = {}

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, str | None], spec_dir: pathlib.Path | None
    ) -> Bitrix24Suite:
        webhook, token = settings.get("webhook"), settings.get("auth_token")
        if not webhook and not token:
            raise SettingsError("the bitrix24 contract needs --webhook or --auth-token (or both)")
        try:
            credentials = Credentials(Webhook.parse(webhook) if webhook else None, token or None)
            product = _product_id(settings.get("product_id"), "--product-id")
            other = settings.get("other_product_id")
            other_product = _product_id(other, "--other-product-id") if other else None
        except ValueError as error:
            raise SettingsError(str(error)) from None
        return cls(Bitrix24Target(credentials, product, other_product), spec_dir)

    def fuzzing_view(self) -> dict[str, Any]:
        pins = views.Pins(
            self.target.credentials,
            self.target.product_id,
            self.target.probe,
            self.target.protected_types,
            FUZZED_FILE,
        )
        return views.fuzzing_view(self.published, pins)

    def prepare(self, client: TargetClient) -> list[str]:
        self.target.learn_existing_pictures(client)
        notes = []
        if self.target.add_probe(client) is None:
            notes.append(
                "the run could not add a picture of its own, so the schema-driven layer "
                "leaves delete out (it deletes only pictures it added)"
            )
        for kind in sorted(self.target.protected_types):
            notes.append(
                f"the product already has a {kind} the run did not add, which a new one would "
                f"replace: no {kind} adds, so its replacement went untested (use a product "
                "without one)"
            )
        if len(self.target.credentials.styles) < 2:
            notes.append(
                "only one call style has a credential: both_call_styles_agree went untested "
                "(give --webhook and --auth-token)"
            )
        return notes

    def says_nothing(self, case: Case[Any]) -> bool:
        return False

    def state_machine(self, client: TargetClient) -> type[ContractMachine]:
        return PicturesMachine.bound(client, target=self.target)


def _product_id(text: str | None, flag: str) -> int:
    if text is None or not text.strip().isdigit() or int(text) < 1:
        raise ValueError(f"{flag} is a product id, an integer from 1: {text!r}")
    return int(text)
