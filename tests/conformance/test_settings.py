"""From options to a contract's suite: required options, secrets from the environment."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conformance.closient.suite import ClosientSuite
from conformance.curl import shell_command
from conformance.settings import SettingsError, build_suite
from conformance.suite import Option
from tests.demo import CONTRIBUTOR_KEY, DEMO_ORG, GTIN

GIVEN = {"organization": DEMO_ORG, "gtin": GTIN}


def given(values: dict[str, str]) -> Callable[[Option], str | None]:
    return lambda option: values.get(option.dest)


def flag(option: Option) -> str:
    return f"--{option.name}"


def test_a_secret_option_falls_back_to_its_environment_variable() -> None:
    suite = build_suite(
        "closient",
        given(GIVEN),
        None,
        flag=flag,
        environment={"CONFORMANCE_API_KEY": CONTRIBUTOR_KEY},
    )

    assert isinstance(suite, ClosientSuite)
    assert suite.policy.credential_headers == {"X-API-Key": CONTRIBUTOR_KEY}


def test_a_given_option_wins_over_the_environment() -> None:
    suite = build_suite(
        "closient",
        given({**GIVEN, "api_key": "given"}),
        None,
        flag=flag,
        environment={"CONFORMANCE_API_KEY": "from-environment"},
    )

    assert suite.policy.credential_headers == {"X-API-Key": "given"}


def test_missing_required_options_are_named_as_the_user_types_them() -> None:
    with pytest.raises(SettingsError, match="--api-key, --gtin"):
        build_suite(
            "closient",
            given({"organization": DEMO_ORG}),
            None,
            flag=flag,
            environment={},
        )


def test_an_unknown_contract_is_refused() -> None:
    with pytest.raises(SettingsError, match="unknown contract"):
        build_suite("nope", given({}), None, flag=flag, environment={})


def test_curl_commands_show_secrets_as_variables_wherever_they_are() -> None:
    secrets = {"s3cr3t": "$SECRET"}

    command = shell_command(
        ["curl", "-H", "X-Key: s3cr3t", "http://h/rest/1/s3cr3t/m", "--data-binary", "{'a': 1}"],
        secrets,
    )

    assert "s3cr3t" not in command
    assert command == (
        """curl -H 'X-Key: '"$SECRET" http://h/rest/1/"$SECRET"/m """
        """--data-binary '{'"'"'a'"'"': 1}'"""
    )
