"""From the user's options to a contract's suite: shared by the CLI and the pytest plugin."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable, Mapping

from .contract_suites import SUITES
from .suite import ContractSuite, Option, SettingsError

__all__ = ["SettingsError", "all_options", "build_suite"]


def all_options() -> list[Option]:
    """Every contract's options, each name once (contracts may share one)."""
    unique: dict[str, Option] = {}
    for factory in SUITES.values():
        for option in factory.options:
            unique.setdefault(option.name, option)
    return list(unique.values())


def build_suite(
    contract: str,
    given: Callable[[Option], str | None],
    spec_dir: pathlib.Path | None,
    *,
    flag: Callable[[Option], str],
    environment: Mapping[str, str] | None = None,
) -> ContractSuite:
    """The suite for `contract`, its options read through `given` (falling back to their
    environment variable); `flag` spells an option as the user would type it."""
    factory = SUITES.get(contract)
    if factory is None:
        raise SettingsError(f"unknown contract {contract!r} (known: {', '.join(SUITES)})")
    environment = os.environ if environment is None else environment
    values: dict[str, str | None] = {}
    for option in factory.options:
        value = given(option)
        if value is None and option.environment:
            value = environment.get(option.environment) or None
        values[option.dest] = value
    missing = [
        flag(option) for option in factory.options if option.required and not values[option.dest]
    ]
    if missing:
        raise SettingsError(f"the {contract} contract needs {', '.join(missing)}")
    return factory.from_settings(values, spec_dir)
