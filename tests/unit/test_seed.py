from __future__ import annotations

import pathlib
from typing import Any

import pytest

from mockserver.domain.tenancy import CONTRIBUTE, CredentialKind
from mockserver.seed import SeedError, load_seed, parse_seed
from mockserver.served_contracts import CLOSIENT

ORG = "daqF5uqgcxrLXCkVJQEsLJ"


def seed(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organizations": [{"id": ORG, "name": "Brand", "products": [{"gtin": "96385074"}]}],
        "principals": [
            {"name": "p", "api_key": "k", "memberships": {ORG: [CONTRIBUTE]}},
        ],
    }
    data.update(changes)
    return data


def test_the_embedded_demo_seed_loads() -> None:
    demo = load_seed()
    assert len(demo.of(CLOSIENT).organizations) == 2
    assert any(CredentialKind.API_KEY in p.credentials for p in demo.of(CLOSIENT).principals)


def test_gtins_are_stored_as_gtin14_and_memberships_as_permission_sets() -> None:
    parsed = parse_seed(seed())
    assert parsed.of(CLOSIENT).organizations[0].products[0].gtin == "00000096385074"
    assert parsed.of(CLOSIENT).principals[0].memberships == {ORG: frozenset({CONTRIBUTE})}


def test_a_seed_file_is_read_from_disk(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "seed.yaml"
    path.write_text(f"organizations:\n  - id: {ORG}\n    products: []\nprincipals: []\n")
    assert load_seed(path).of(CLOSIENT).organizations[0].id == ORG


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "mapping"),
        (seed(organizations=[{"id": "too-short"}]), "shortuuid"),
        (seed(organizations=[{"id": ORG, "products": [{"gtin": "123"}]}]), "gtin"),
        (
            seed(organizations=[{"id": ORG, "products": [{"gtin": "96385074"}] * 2}]),
            "twice",
        ),
        (seed(principals=[{"name": "nobody"}]), "at least one"),
        (seed(principals=[{"api_key": "k", "memberships": {"x" * 22: []}}]), "unknown"),
        (seed(principals=[{"api_key": "k"}, {"api_key": "k"}]), "share"),
        (seed(organizations=[{"id": ORG}, {"id": ORG}]), "unique"),
    ],
)
def test_invalid_seeds_are_refused_with_a_reason(data: Any, message: str) -> None:
    with pytest.raises(SeedError, match=message):
        parse_seed(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            seed(organizations=[{"id": ORG, "prodcuts": [{"gtin": "96385074"}]}]),
            r"organizations\[0\]: Object contains unknown field `prodcuts`",
        ),
        (
            seed(organizations=[{"id": ORG, "products": [{"gtin": "96385074", "nmae": "x"}]}]),
            r"organizations\[0\].products\[0\]: Object contains unknown field `nmae`",
        ),
        (
            seed(principals=[{"api_key": "k", "membership": {}}]),
            r"principals\[0\]: Object contains unknown field `membership`",
        ),
        (seed(prodcuts=[]), "unknown section 'prodcuts'"),
    ],
)
def test_an_unknown_key_is_refused_by_name(data: Any, message: str) -> None:
    with pytest.raises(SeedError, match=message):
        parse_seed(data)


def test_digits_yaml_reads_as_numbers_are_read_as_text(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "seed.yaml"
    path.write_text(
        f"organizations:\n  - id: {ORG}\n    name: 1984\n    products:\n"
        "      - gtin: 96385074\n        name: 7\n"
        "principals:\n  - api_key: 12345\n"
    )
    catalog = load_seed(path).of(CLOSIENT)
    assert catalog.organizations[0].name == "1984"
    assert catalog.organizations[0].products[0].gtin == "00000096385074"
    assert catalog.principals[0].credentials == {CredentialKind.API_KEY: "12345"}


def test_a_missing_or_malformed_file_is_a_seed_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(SeedError, match="cannot read"):
        load_seed(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("organizations: [")
    with pytest.raises(SeedError, match="not valid YAML"):
        load_seed(broken)
