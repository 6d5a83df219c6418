"""Every domain error has a row in every served contract's table, and is answered by it."""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from starlette.types import Scope

import mockserver.domain
from mockserver.contract_plugin import ContractPlugin, MountContext
from mockserver.domain.errors import DomainError, StoreUnavailable
from mockserver.domain.sources import Sources
from mockserver.http.contract_app import Contract
from mockserver.http.media_files import MediaUrls
from mockserver.served_contracts import SERVED_CONTRACTS


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


_SAMPLES: dict[str, Any] = {
    "str": "x",
    "str | None": None,
    "int": 1,
    "bool": False,
    "tuple[str, ...]": ("PNG",),
}


def an_instance_of(error: type[DomainError]) -> DomainError:
    fields: tuple[dataclasses.Field[Any], ...] = (
        dataclasses.fields(error) if dataclasses.is_dataclass(error) else ()
    )
    return error(*(_SAMPLES[str(field.type)] for field in fields))


@functools.cache
def served(name: str) -> Contract:
    """The contract named `name` over an empty seed."""
    plugin = next(plugin for plugin in SERVED_CONTRACTS if plugin.name == name)
    context = MountContext(Sources(), MediaUrls(None), max_image_bytes=1024)
    return plugin.mount(plugin.decode_seed({}), context).contract


def a_request_to(contract: Contract) -> Scope:
    return {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "path": contract.path_prefixes[0] + "x",
        "headers": [],
    }


DOMAIN_ERRORS = every_domain_error()


def test_the_domain_has_errors_to_map() -> None:
    assert len(DOMAIN_ERRORS) > 30


@pytest.mark.parametrize("plugin", SERVED_CONTRACTS, ids=lambda plugin: plugin.name)
def test_every_domain_error_has_a_row_in_the_contracts_table(plugin: ContractPlugin[Any]) -> None:
    missing = [error.__name__ for error in DOMAIN_ERRORS if error not in plugin.error_table]
    assert missing == []


@pytest.mark.parametrize("plugin", SERVED_CONTRACTS, ids=lambda plugin: plugin.name)
@pytest.mark.parametrize("error", DOMAIN_ERRORS, ids=lambda error: error.__name__)
def test_every_domain_error_is_answered_as_a_refusal_not_a_failure(
    plugin: ContractPlugin[Any], error: type[DomainError]
) -> None:
    contract = served(plugin.name)
    response = contract.render_error(a_request_to(contract), an_instance_of(error))
    if error is StoreUnavailable:  # not the client's fault: try again later
        assert (response.status_code, response.headers["Retry-After"]) == (503, "1")
    else:
        assert 400 <= response.status_code < 500
