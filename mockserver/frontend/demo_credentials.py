"""The seed's credentials that the browser pages fill in, as each served contract gives them
(`ContractPlugin.docs_prefill`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..contract_plugin import ContractPlugin, Prefill
from ..domain.catalog import CatalogSeed
from ..domain.image_records import RegistrySeed
from ..domain.product_pictures import CatalogAccess, PictureSeed
from ..domain.tenancy import CONTRIBUTE, CredentialKind, Organization, Principal
from ..seed import Seed as AnySeed

__all__ = ["Prefill", "prefills"]


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


def prefills(seed: AnySeed, contracts: Sequence[ContractPlugin[Any]]) -> dict[str, Prefill]:
    """Each contract's Swagger UI values, by contract name."""
    return {contract.name: contract.docs_prefill(seed.of(contract)) for contract in contracts}


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
