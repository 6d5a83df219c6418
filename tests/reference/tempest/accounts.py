"""The accounts a Tempest run uses, named once: the mock's seed gives them to its identity
endpoint, Tempest's `accounts.yaml` names them as pre-provisioned credentials, and Glance's
keystonemiddleware logs in as the service user."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    user: str
    project: str
    project_id: str
    roles: tuple[str, ...]
    """The roles the identity endpoint gives the user on its project."""
    tempest_roles: tuple[str, ...]
    """The roles Tempest picks the account by (one persona each)."""
    password: str = "tempest-password"


PRIMARY_PROJECT = ("tempest-primary", "1d0c9f3e8a7b4c2d9e5f6a1b2c3d4e5f")
ALT_PROJECT = ("tempest-alt", "2e1d0a4f9b8c4d3e8f6a7b2c3d4e5f60")
MEMBER = ("member", "reader")
PRIMARY = Account("tempest-primary", *PRIMARY_PROJECT, MEMBER, ("member",))
ALT = Account("tempest-alt", *ALT_PROJECT, MEMBER, ("member",))
READER = Account("tempest-reader", *PRIMARY_PROJECT, ("reader",), ("reader",))
ALT_READER = Account("tempest-alt-reader", *ALT_PROJECT, ("reader",), ("reader",))
ADMIN = Account(
    "tempest-admin",
    "tempest-admin",
    "3f2e1b5a0c9d4e4f9a7b8c3d4e5f6071",
    ("admin", *MEMBER),
    ("admin",),
)
SERVICE = Account("glance", "service", "4a3f2c6b1d0e4f5a8b8c9d4e5f607182", ("admin", "service"), ())
"""The user Glance's keystonemiddleware checks tokens as."""
# In this order: Tempest hands out the first free account that fits, and its primary and
# alt credentials must be members of two projects.
TEMPEST_ACCOUNTS = (PRIMARY, ALT, READER, ALT_READER, ADMIN)
EVERY_ACCOUNT = (*TEMPEST_ACCOUNTS, SERVICE)


def mock_seed(
    image_endpoint: str | None = None, url_filters: dict[str, object] | None = None
) -> str:
    """A seed file (JSON is YAML) of the projects and users, and nothing else; with
    `image_endpoint`, the identity endpoint's catalog names that Images API; with
    `url_filters`, what web-download may fetch from."""
    projects: dict[str, dict[str, object]] = {}
    for account in EVERY_ACCOUNT:
        project = projects.setdefault(
            account.project_id, {"id": account.project_id, "name": account.project, "users": []}
        )
        users = project["users"]
        assert isinstance(users, list)
        users.append(
            {"name": account.user, "password": account.password, "roles": list(account.roles)}
        )
    # Glance's shipped metadata definitions, as the reference Glance loads them.
    section: dict[str, object] = {"projects": list(projects.values()), "shipped_metadefs": True}
    if image_endpoint:
        section["image_endpoint"] = image_endpoint
    if url_filters:  # what web-download may fetch from
        section["imports"] = {"url_filters": url_filters}
    return json.dumps({"cloud_images": section}, indent=1)


def accounts_yaml() -> str:
    """Tempest's pre-provisioned credentials (JSON is YAML)."""
    entries = []
    for account in TEMPEST_ACCOUNTS:
        entry: dict[str, object] = {
            "username": account.user,
            "project_name": account.project,
            "password": account.password,
            "roles": list(account.tempest_roles),
        }
        if "admin" in account.tempest_roles:
            entry["types"] = ["admin"]
        entries.append(entry)
    return json.dumps(entries, indent=1)
