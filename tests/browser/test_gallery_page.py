"""The gallery page in Chromium: uploads from the page reach the API, changes through the
API reach the open page without a reload, the primary badge moves."""

from __future__ import annotations

import base64

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.demo import (
    CLOUD_PROJECT,
    CLOUD_TOKEN,
    CONTRIBUTOR_KEY,
    DEMO_ORG,
    DEMO_PICTURE_TITLES,
    GTIN,
    auth,
    images_path,
)
from tests.images import png

pytestmark = pytest.mark.slow

PRODUCT = f'.product[data-organization="{DEMO_ORG}"][data-gtin="{GTIN}"]'


def listed(base_url: str) -> list[dict[str, object]]:
    response = httpx.get(base_url + images_path(), headers=auth())
    response.raise_for_status()
    data: list[dict[str, object]] = response.json()["data"]
    return data


def api_upload(base_url: str, title: str, *, primary: bool = False) -> str:
    response = httpx.post(
        base_url + images_path(),
        headers={"X-API-Key": CONTRIBUTOR_KEY},
        files={"image": (f"{title}.png", png(), "image/png")},
        data={"title": title, "is_primary": "true" if primary else "false"},
    )
    response.raise_for_status()
    image_id: str = response.json()["id"]
    return image_id


def open_gallery(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")  # a browser's Accept: the page, not Glance's version document
    expect(page.locator("#live")).to_have_text("live")
    expect(page.locator(PRODUCT)).to_be_visible()


def test_a_dropped_file_is_uploaded_and_listed_by_the_api(page: Page, base_url: str) -> None:
    open_gallery(page, base_url)
    # The demo seed's pictures are there from the start.
    cards = page.locator(f"{PRODUCT} .card")
    expect(cards).to_have_count(len(DEMO_PICTURE_TITLES))
    expect(page.locator(f"{PRODUCT} .card .badge.primary")).to_have_count(1)
    page.locator(PRODUCT).evaluate(
        """(target, b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
            for (const type of ["dragover", "drop"]) {
                const event = { dataTransfer: transfer, bubbles: true };
                target.dispatchEvent(new DragEvent(type, event));
            }
        }""",
        base64.b64encode(png()).decode(),
    )
    expect(cards).to_have_count(len(DEMO_PICTURE_TITLES) + 1)
    assert [image["title"] for image in listed(base_url)] == [*DEMO_PICTURE_TITLES, "dropped"]
    # The thumbnail is the stored file, served by the mock.
    thumbnail = page.locator(f"{PRODUCT} .card:has-text('dropped') img")
    expect(thumbnail).to_have_js_property("naturalWidth", 1)


def test_every_seeded_thumbnail_loads(page: Page, base_url: str) -> None:
    open_gallery(page, base_url)
    thumbnails = page.locator("#closient .card img, #bitrix24 .card img")
    expect(thumbnails.first).to_be_visible()
    assert thumbnails.count() >= 10
    for index in range(thumbnails.count()):
        expect(thumbnails.nth(index)).not_to_have_js_property("naturalWidth", 0)


def test_an_api_upload_appears_on_the_open_page(page: Page, base_url: str) -> None:
    open_gallery(page, base_url)
    version = page.evaluate("document.body.dataset.version")
    image_id = api_upload(base_url, "from-the-api")
    card = page.locator(f'{PRODUCT} .card[data-image-id="{image_id}"]')
    expect(card).to_contain_text("from-the-api")
    assert page.evaluate("document.body.dataset.version") != version  # redrawn, not reloaded
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_the_primary_badge_moves(page: Page, base_url: str) -> None:
    open_gallery(page, base_url)
    first = api_upload(base_url, "first", primary=True)
    badge = page.locator(f"{PRODUCT} .card:has(.badge.primary)")
    expect(badge).to_have_attribute("data-image-id", first)
    second = api_upload(base_url, "second", primary=True)
    expect(badge).to_have_attribute("data-image-id", second)
    expect(badge).to_have_count(1)
    # From the page: "Make primary" on the first image takes the badge back to its title.
    page.locator(f'{PRODUCT} .card[data-image-id="{first}"] .make-primary').click()
    expect(badge).to_contain_text("first")
    primaries = [image["title"] for image in listed(base_url) if image["is_primary"]]
    assert primaries == ["first"]


def test_delete_from_the_page(page: Page, base_url: str) -> None:
    image_id = api_upload(base_url, "doomed")
    open_gallery(page, base_url)
    page.locator(f'{PRODUCT} .card[data-image-id="{image_id}"] .delete').click()
    expect(page.locator(f'{PRODUCT} .card[data-image-id="{image_id}"]')).to_have_count(0)
    assert [image["title"] for image in listed(base_url)] == DEMO_PICTURE_TITLES


def test_cloud_images_protect_from_the_page(page: Page, base_url: str) -> None:
    token = {"X-Auth-Token": CLOUD_TOKEN}
    created = httpx.post(
        base_url + "/v2/images", headers=token, json={"name": "disk", "disk_format": "raw"}
    ).json()
    open_gallery(page, base_url)
    project = page.locator(f'.product[data-project="{CLOUD_PROJECT}"]')
    card = project.locator(f'.card[data-image-id="{created["id"]}"]')
    card.locator(".protect").click()
    expect(card.locator(".badge.protected")).to_be_visible()
    shown = httpx.get(f"{base_url}/v2/images/{created['id']}", headers=token).json()
    assert shown["protected"] is True


def test_the_requests_the_apis_receive_are_shown_live(page: Page, base_url: str) -> None:
    open_gallery(page, base_url)
    image_id = api_upload(base_url, "journalled")
    httpx.delete(f"{base_url}{images_path()}/{image_id}", headers=auth()).raise_for_status()
    newest = page.locator("#journal tbody tr").first
    expect(newest).to_contain_text(f"DELETE {images_path()}/{image_id}")
    expect(newest).to_contain_text("apps_dashboard_api_images_delete_image")
    expect(newest.locator("td.status")).to_have_text("204")
