"""The optional seed sections of the Cloud Images and Bitrix24 contracts."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.seed import SeedError, load_seed, parse_seed
from mockserver.served_contracts import BITRIX24, CLOUD_IMAGES


def test_a_seed_without_the_new_sections_is_still_valid() -> None:
    parsed = parse_seed({"organizations": [], "principals": []})
    assert parsed.of(CLOUD_IMAGES).projects == ()


def test_the_demo_seed_has_cloud_images_projects_with_tokens() -> None:
    projects = load_seed().of(CLOUD_IMAGES).projects
    assert len(projects) == 2
    assert all(project.tokens for project in projects)


def test_cloud_images_projects_are_read_with_their_tokens() -> None:
    parsed = parse_seed(
        {"cloud_images": {"projects": [{"id": "p1", "name": "one", "tokens": ["t1", "t2"]}]}}
    )
    (project,) = parsed.of(CLOUD_IMAGES).projects
    assert (project.id, project.name, project.tokens) == ("p1", "one", ("t1", "t2"))


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ([], r"cloud_images: Expected `object`, got `array`"),
        (
            {"projects": [{"name": "no id"}]},
            r"cloud_images.projects\[0\]: Object missing required field `id`",
        ),
        ({"projects": [{"id": "p", "tokens": "t"}]}, "tokens"),
        ({"projects": [{"id": "p"}, {"id": "p"}]}, "unique"),
        ({"projects": [{"id": "p", "tokens": ["t"]}, {"id": "q", "tokens": ["t"]}]}, "share"),
    ],
)
def test_invalid_cloud_images_sections_are_refused(section: Any, message: str) -> None:
    with pytest.raises(SeedError, match=message):
        parse_seed({"cloud_images": section})


def test_the_demo_seed_has_bitrix24_products_and_webhooks() -> None:
    bitrix24 = load_seed().of(BITRIX24)
    assert [product.id for product in bitrix24.products] == [1, 2, 3]
    assert all(user.webhooks and user.tokens for user in bitrix24.users)


def test_bitrix24_users_are_read_with_their_access() -> None:
    parsed = parse_seed(
        {
            "bitrix24": {
                "products": [{"id": 4, "name": "Pen"}],
                "users": [{"id": 2, "access": "view", "webhooks": ["abc123"], "tokens": ["t"]}],
            }
        }
    )
    (user,) = parsed.of(BITRIX24).users
    assert (user.id, user.access.value, user.webhooks, user.tokens) == (
        2,
        "view",
        ("abc123",),
        ("t",),
    )


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"products": [{"id": "1"}]}, r"products\[0\].id: Expected `int`, got `str`"),
        ({"products": [{"id": 0}]}, r"products\[0\].id: Expected `int` >= 1"),
        ({"products": [{"id": 1}, {"id": 1}]}, "unique"),
        ({"users": [{"id": 1, "access": "admin"}]}, "access"),
        ({"users": [{"id": 1, "webhooks": ["not/a/code"]}]}, "letters and digits"),
        ({"users": [{"id": 1, "tokens": ["t"]}, {"id": 2, "tokens": ["t"]}]}, "share"),
    ],
)
def test_invalid_bitrix24_sections_are_refused(section: Any, message: str) -> None:
    with pytest.raises(SeedError, match=message):
        parse_seed({"bitrix24": section})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"cloud_images": {"projects": [{"id": "p", "token": ["t"]}]}},
            r"cloud_images.projects\[0\]: Object contains unknown field `token`",
        ),
        (
            {"cloud_images": {"project": []}},
            "cloud_images: Object contains unknown field `project`",
        ),
        (
            {"bitrix24": {"users": [{"id": 1, "webhook": ["abc"]}]}},
            r"bitrix24.users\[0\]: Object contains unknown field `webhook`",
        ),
        ({"bitrix24": {"product": []}}, "bitrix24: Object contains unknown field `product`"),
    ],
)
def test_an_unknown_key_in_a_contract_section_is_refused_by_name(data: Any, message: str) -> None:
    with pytest.raises(SeedError, match=message):
        parse_seed(data)
