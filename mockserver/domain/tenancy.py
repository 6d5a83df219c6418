"""Who may do what: organizations, their products, principals and their memberships."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from .errors import NotAMember, PermissionMissing

CONTRIBUTE = "organization.contribute_organization"


class CredentialKind(Enum):
    API_KEY = "api_key"
    BEARER_TOKEN = "bearer_token"
    SESSION_ID = "session_id"


@dataclass(frozen=True)
class Product:
    organization_id: str
    gtin: str
    name: str = ""


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    products: tuple[Product, ...] = ()


@dataclass(frozen=True)
class Principal:
    name: str
    credentials: Mapping[CredentialKind, str] = field(default_factory=dict)
    memberships: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def require_member(self, organization_id: str) -> frozenset[str]:
        try:
            return self.memberships[organization_id]
        except KeyError:
            raise NotAMember(organization_id) from None

    def require_permission(self, organization_id: str, permission: str) -> None:
        if permission not in self.require_member(organization_id):
            raise PermissionMissing(organization_id, permission)
