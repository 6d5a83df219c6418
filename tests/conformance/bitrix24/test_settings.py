"""From options to the Bitrix24 suite: either credential, secrets from the environment."""

from __future__ import annotations

import pytest

from conformance.bitrix24.calls import Style, Webhook
from conformance.bitrix24.suite import Bitrix24Suite
from conformance.settings import SettingsError, build_suite
from conformance.suite import ContractSuite, Option

from .conftest import TOKEN, WEBHOOK


def suite_from(values: dict[str, str], environment: dict[str, str]) -> ContractSuite:
    def given(option: Option) -> str | None:
        return values.get(option.dest)

    return build_suite(
        "bitrix24", given, None, flag=lambda option: f"--{option.name}", environment=environment
    )


def test_credentials_fall_back_to_their_environment_variables() -> None:
    suite = suite_from(
        {"product_id": "1"},
        {"CONFORMANCE_BITRIX_WEBHOOK": WEBHOOK.text, "CONFORMANCE_BITRIX_TOKEN": TOKEN},
    )

    assert isinstance(suite, Bitrix24Suite)
    assert suite.target.credentials.webhook == WEBHOOK
    assert suite.target.credentials.styles == (Style.WEBHOOK, Style.APPLICATION)
    assert suite.policy.secrets == {
        WEBHOOK.text: "$CONFORMANCE_BITRIX_WEBHOOK",
        WEBHOOK.code: "${CONFORMANCE_BITRIX_WEBHOOK#*/}",
        TOKEN: "$CONFORMANCE_BITRIX_TOKEN",
    }


def test_one_credential_is_enough() -> None:
    suite = suite_from({"auth_token": TOKEN, "product_id": "3", "other_product_id": "2"}, {})

    assert isinstance(suite, Bitrix24Suite)
    assert suite.target.credentials.styles == (Style.APPLICATION,)
    assert (suite.target.product_id, suite.target.other_product_id) == (3, 2)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"product_id": "1"}, "--webhook or --auth-token"),
        ({"webhook": WEBHOOK.text}, "--product-id"),
        ({"webhook": "k3q9x2v7m1p8z4r6", "product_id": "1"}, "USER_ID/CODE"),
        ({"webhook": WEBHOOK.text, "product_id": "first"}, "--product-id is a product id"),
        ({"auth_token": TOKEN, "product_id": "1", "other_product_id": "0"}, "--other-product-id"),
    ],
)
def test_options_that_describe_no_run_are_usage_errors(
    values: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        suite_from(values, {})


def test_a_webhook_may_keep_the_slashes_of_its_path() -> None:
    assert Webhook.parse("/1/k3q9x2v7m1p8z4r6/") == WEBHOOK
