"""Every domain error has a row in every vendor's table, and is answered by it."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Mapping
from typing import Any

import pytest

import mockserver.domain
from mockserver.adapters.bitrix24 import errors as bitrix24
from mockserver.adapters.closient import problems as closient
from mockserver.adapters.cloud_images import errors as cloud_images
from mockserver.domain.errors import DomainError


def every_domain_error() -> list[type[DomainError]]:
    """Every subclass of DomainError defined in a module of the domain."""
    found = []
    for module_info in pkgutil.iter_modules(mockserver.domain.__path__):
        module = importlib.import_module(f"mockserver.domain.{module_info.name}")
        found += [
            member
            for member in vars(module).values()
            if inspect.isclass(member)
            and issubclass(member, DomainError)
            and member is not DomainError
            and member.__module__ == module.__name__
        ]
    return sorted(found, key=lambda error: error.__qualname__)


_SAMPLES: dict[str, Any] = {"str": "x", "int": 1, "bool": False, "tuple[str, ...]": ("PNG",)}


def an_instance_of(error: type[DomainError]) -> DomainError:
    fields: tuple[dataclasses.Field[Any], ...] = (
        dataclasses.fields(error) if dataclasses.is_dataclass(error) else ()
    )
    return error(*(_SAMPLES[str(field.type)] for field in fields))


DOMAIN_ERRORS = every_domain_error()
TABLES: Mapping[str, Mapping[type[DomainError], object]] = {
    "closient": closient.DOMAIN_STATUS,
    "cloud-images": cloud_images.DOMAIN_ERRORS,
    "bitrix24": bitrix24.DOMAIN_ERRORS,
}
STATUS_OF: Mapping[str, Callable[[Exception], int]] = {
    "closient": lambda error: closient.problem_for(error).status,
    "cloud-images": lambda error: cloud_images.error_for(error).status,
    "bitrix24": lambda error: bitrix24.error_for(error).status,
}


def test_the_domain_has_errors_to_map() -> None:
    assert len(DOMAIN_ERRORS) > 30


@pytest.mark.parametrize("vendor", TABLES)
def test_every_domain_error_has_a_row_in_the_vendors_table(vendor: str) -> None:
    missing = [error.__name__ for error in DOMAIN_ERRORS if error not in TABLES[vendor]]
    assert missing == []


@pytest.mark.parametrize("vendor", TABLES)
@pytest.mark.parametrize("error", DOMAIN_ERRORS, ids=lambda error: error.__name__)
def test_every_domain_error_is_answered_as_a_refusal_not_a_failure(
    vendor: str, error: type[DomainError]
) -> None:
    assert 400 <= STATUS_OF[vendor](an_instance_of(error)) < 500
