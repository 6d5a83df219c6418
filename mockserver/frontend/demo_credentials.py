"""The seed's credentials that the browser pages fill in: a contributor's API key and bearer
token (Closient), a project token (Cloud Images), a webhook with write access (Bitrix24)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..domain.catalog import CatalogSeed
from ..domain.image_records import RegistrySeed
from ..domain.product_pictures import CatalogAccess, PictureSeed
from ..domain.tenancy import CONTRIBUTE, CredentialKind, Organization, Principal


@dataclass(frozen=True)
class Seed:
    """The parts of the contracts' seed sections the pages use."""

    organizations: tuple[Organization, ...] = ()
    principals: tuple[Principal, ...] = ()
    cloud_images: RegistrySeed = field(default_factory=RegistrySeed)
    bitrix24: PictureSeed = field(default_factory=PictureSeed)

    @classmethod
    def of(cls, sections: Mapping[str, object]) -> Seed:
        """From the decoded sections, whichever contracts are served."""
        view = cls()
        for section in sections.values():
            if isinstance(section, CatalogSeed):
                view = cls(
                    section.organizations, section.principals, view.cloud_images, view.bitrix24
                )
            elif isinstance(section, RegistrySeed):
                view = cls(view.organizations, view.principals, section, view.bitrix24)
            elif isinstance(section, PictureSeed):
                view = cls(view.organizations, view.principals, view.cloud_images, section)
        return view


@dataclass(frozen=True)
class Prefill:
    """Values for one contract's Swagger UI: security scheme → secret, parameter → value."""

    security: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)


def prefills(seed: Seed) -> dict[str, Prefill]:
    return {
        "closient": _closient(seed),
        "cloud-images": _cloud_images(seed),
        "bitrix24": _bitrix24(seed),
    }


def organization_keys(seed: Seed) -> dict[str, str]:
    """Organization id → an API key that may add and delete its images."""
    keys: dict[str, str] = {}
    for principal in seed.principals:
        api_key = principal.credentials.get(CredentialKind.API_KEY)
        for organization, permissions in principal.memberships.items():
            if api_key and CONTRIBUTE in permissions:
                keys.setdefault(organization, api_key)
    return keys


def project_tokens(seed: Seed) -> dict[str, str]:
    """Project id → a token acting for it."""
    return {p.id: p.tokens[0] for p in seed.cloud_images.projects if p.tokens}


def bitrix24_webhook(seed: Seed) -> str | None:
    """The path of a webhook with write access, e.g. /rest/1/k3q9x2v7m1p8z4r6."""
    for user in seed.bitrix24.users:
        if user.webhooks and user.access is CatalogAccess.MODIFY:
            return f"/rest/{user.id}/{user.webhooks[0]}"
    return None


def _closient(seed: Seed) -> Prefill:
    for principal in seed.principals:
        for organization in seed.organizations:
            if CONTRIBUTE not in principal.memberships.get(organization.id, ()):
                continue
            security = {}
            if CredentialKind.API_KEY in principal.credentials:
                security["APIKeyHeaderAuth"] = principal.credentials[CredentialKind.API_KEY]
            if CredentialKind.BEARER_TOKEN in principal.credentials:
                security["OAuthTokenAuth"] = principal.credentials[CredentialKind.BEARER_TOKEN]
            parameters = {"organization_id": organization.id}
            if organization.products:
                parameters["gtin"] = organization.products[0].gtin
            return Prefill(security, parameters)
    return Prefill()


def _cloud_images(seed: Seed) -> Prefill:
    tokens = list(project_tokens(seed).values())
    return Prefill({"keystoneToken": tokens[0]}) if tokens else Prefill()


def _bitrix24(seed: Seed) -> Prefill:
    webhook = bitrix24_webhook(seed)
    if webhook is None:
        return Prefill()
    _, _, user_id, code = webhook.split("/")
    return Prefill(parameters={"user_id": user_id, "webhook": code})
