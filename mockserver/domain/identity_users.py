"""The users of an identity service and the roles they hold on projects, as a seed names
them (see `identity`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_DOMAIN = "default"
DEFAULT_DOMAIN_NAME = "Default"
_ROLE_IDS = uuid.UUID("0b5bd3b3-8d2b-4a4e-9f0c-6f6d1a8c2e10")


def role_id(name: str) -> str:
    """A role's id: the same for a name in every run, as the seed names roles only."""
    return uuid.uuid5(_ROLE_IDS, name).hex


def user_id(name: str) -> str:
    """A seeded user's id, from its name: stable across runs and processes."""
    return uuid.uuid5(_ROLE_IDS, "user:" + name).hex


@dataclass(frozen=True)
class RoleAssignment:
    project_id: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class User:
    id: str
    name: str
    password: str
    assignments: tuple[RoleAssignment, ...]
    """The projects the user holds roles on; the first is its default project."""

    def roles_on(self, project_id: str) -> tuple[str, ...]:
        return next((a.roles for a in self.assignments if a.project_id == project_id), ())

    @property
    def default_project_id(self) -> str | None:
        return self.assignments[0].project_id if self.assignments else None


@dataclass(frozen=True)
class IdentitySeed:
    users: tuple[User, ...] = ()


def seeded_users(entries: Iterable[tuple[str, str, str, tuple[str, ...]]]) -> IdentitySeed:
    """Users from (project id, user name, password, roles) entries: one user per name,
    holding roles on every project that names it (the first is its default)."""
    users: dict[str, User] = {}
    for project_id, name, password, roles in entries:
        known = users.get(name)
        assignment = RoleAssignment(project_id, roles)
        if known is None:
            users[name] = User(user_id(name), name, password, (assignment,))
        else:
            users[name] = User(known.id, name, password, (*known.assignments, assignment))
    return IdentitySeed(tuple(users.values()))
