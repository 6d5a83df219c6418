"""The tests' demo names are the embedded demo seed's."""

from __future__ import annotations

from mockserver.domain.gtin import normalize_gtin
from mockserver.domain.tenancy import CredentialKind
from mockserver.seed import load_seed
from mockserver.served_contracts import BITRIX24, CLOSIENT, CLOUD_IMAGES
from tests import demo


def test_the_closient_names_are_in_the_demo_seed() -> None:
    seed = load_seed()
    products = {
        (org.id, product.gtin)
        for org in seed.of(CLOSIENT).organizations
        for product in org.products
    }
    for organization, gtin in (
        (demo.DEMO_ORG, demo.GTIN),
        (demo.DEMO_ORG, demo.SECOND_GTIN),
        (demo.OTHER_ORG, demo.OTHER_ORG_GTIN),
    ):
        assert (organization, normalize_gtin(gtin)) in products
    credentials = {
        (kind, secret)
        for p in seed.of(CLOSIENT).principals
        for kind, secret in p.credentials.items()
    }
    assert {
        (CredentialKind.API_KEY, demo.CONTRIBUTOR_KEY),
        (CredentialKind.API_KEY, demo.VIEWER_KEY),
        (CredentialKind.API_KEY, demo.OTHER_CONTRIBUTOR_KEY),
        (CredentialKind.BEARER_TOKEN, demo.CONTRIBUTOR_BEARER),
        (CredentialKind.SESSION_ID, demo.CONTRIBUTOR_SESSION),
    } <= credentials


def test_the_cloud_images_and_bitrix24_names_are_in_the_demo_seed() -> None:
    seed = load_seed()
    projects = {project.id: project.tokens for project in seed.of(CLOUD_IMAGES).projects}
    assert demo.CLOUD_TOKEN in projects[demo.CLOUD_PROJECT]
    assert any(demo.OTHER_CLOUD_TOKEN in tokens for tokens in projects.values())
    admins = {project.id: project.admin_tokens for project in seed.of(CLOUD_IMAGES).projects}
    assert demo.CLOUD_ADMIN_TOKEN in admins[demo.CLOUD_PROJECT]
    users = {user.id: user for user in seed.of(BITRIX24).users}
    assert demo.BITRIX_WEBHOOK_CODE in users[demo.BITRIX_USER].webhooks
    assert demo.BITRIX_VIEWER_WEBHOOK_CODE in users[demo.BITRIX_VIEWER].webhooks
    assert demo.BITRIX_TOKEN in users[demo.BITRIX_USER].tokens
    product_ids = {product.id for product in seed.of(BITRIX24).products}
    assert {demo.BITRIX_PRODUCT, demo.BITRIX_OTHER_PRODUCT} <= product_ids
