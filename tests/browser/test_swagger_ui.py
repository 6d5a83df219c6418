"""Each contract's Swagger UI renders its OpenAPI 3.1 document in Chromium, and "Try it
out" reaches the mock with the seed's credentials filled in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("contract", ["closient", "cloud-images", "bitrix24"])
def test_the_document_renders(page: Page, base_url: str, contract: str) -> None:
    page.goto(f"{base_url}/__docs/{contract}/ui/")
    expect(page.locator(".opblock").first).to_be_visible()
    assert "Unable to render" not in page.content()
    assert page.locator(".opblock").count() >= 3


def test_try_it_out_lists_images_with_the_demo_key(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/__docs/closient/ui/")
    operation = page.locator(".opblock-get").first
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")


def test_try_it_out_calls_a_bitrix24_webhook(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/__docs/bitrix24/ui/")
    operation = page.locator('.opblock:has-text("catalog.productImage.getFields")').first
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")


@pytest.mark.parametrize(
    ("contract", "path"), [("closient", ""), ("cloud-images", "/v2"), ("bitrix24", "")]
)
def test_the_servers_list_offers_the_mocks_own_url(
    page: Page, base_url: str, contract: str, path: str
) -> None:
    page.goto(f"{base_url}/__docs/{contract}/ui/")
    servers = page.locator(".servers select option")
    # Bitrix24's document is long: on a busy machine it takes a while to render.
    expect(servers.first).to_have_attribute("value", base_url + path, timeout=20_000)
