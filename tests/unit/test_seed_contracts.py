"""The optional seed sections of the Cloud Images and Bitrix24 contracts."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.seed import SeedError, load_seed, parse_seed


def test_a_seed_without_the_new_sections_is_still_valid() -> None:
    parsed = parse_seed({"organizations": [], "principals": []})
    assert parsed.cloud_images.projects == ()


def test_the_demo_seed_has_cloud_images_projects_with_tokens() -> None:
    projects = load_seed().cloud_images.projects
    assert len(projects) == 2
    assert all(project.tokens for project in projects)


def test_cloud_images_projects_are_read_with_their_tokens() -> None:
    parsed = parse_seed(
        {"cloud_images": {"projects": [{"id": "p1", "name": "one", "tokens": ["t1", "t2"]}]}}
    )
    (project,) = parsed.cloud_images.projects
    assert (project.id, project.name, project.tokens) == ("p1", "one", ("t1", "t2"))


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ([], "mapping"),
        ({"projects": [{"name": "no id"}]}, "needs an id"),
        ({"projects": [{"id": "p", "tokens": "t"}]}, "tokens"),
        ({"projects": [{"id": "p"}, {"id": "p"}]}, "unique"),
        ({"projects": [{"id": "p", "tokens": ["t"]}, {"id": "q", "tokens": ["t"]}]}, "share"),
    ],
)
def test_invalid_cloud_images_sections_are_refused(section: Any, message: str) -> None:
    with pytest.raises(SeedError, match=message):
        parse_seed({"cloud_images": section})


def test_the_demo_seed_has_bitrix24_products_and_webhooks() -> None:
    bitrix24 = load_seed().bitrix24
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
    (user,) = parsed.bitrix24.users
    assert (user.id, user.access.value, user.webhooks, user.tokens) == (
        2,
        "view",
        ("abc123",),
        ("t",),
    )


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"products": [{"id": "1"}]}, "integer id"),
        ({"products": [{"id": 0}]}, "integer id"),
        ({"products": [{"id": 1}, {"id": 1}]}, "unique"),
        ({"users": [{"id": 1, "access": "admin"}]}, "access"),
        ({"users": [{"id": 1, "webhooks": ["not/a/code"]}]}, "letters and digits"),
        ({"users": [{"id": 1, "tokens": ["t"]}, {"id": 2, "tokens": ["t"]}]}, "share"),
    ],
)
def test_invalid_bitrix24_sections_are_refused(section: Any, message: str) -> None:
    with pytest.raises(SeedError, match=message):
        parse_seed({"bitrix24": section})
