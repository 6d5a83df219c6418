from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from mockserver.adapters.closient.image_json import (
    BASES_KEPT_PER_PAGE,
    PAGES_KEPT_PER_LISTING,
    ImageJson,
)
from mockserver.domain.gallery import PRIMARY, Gallery
from mockserver.domain.media import PNG
from mockserver.domain.pagination import paginate
from mockserver.domain.tenancy import Product

PRODUCT = Product(organization_id="daqF5uqgcxrLXCkVJQEsLJ", gtin="00012345678905", name="p")
CREATED = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)


def gallery() -> Gallery:
    return Gallery(lambda: CREATED)


def expected_image(
    base: str, image_id: str, title: str, primary: bool, priority: int
) -> dict[str, object]:
    return {
        "id": image_id,
        "title": title,
        "is_primary": primary,
        "priority": priority,
        "created": "2026-01-02T03:04:05.678000Z",
        "image_url": f"{base}/media/{PRODUCT.organization_id}/{PRODUCT.gtin}/{image_id}.png",
    }


@given(
    title=st.text(max_size=40), base=st.sampled_from(["http://a:1", 'http://"q"\\', "http://é/x"])
)
def test_an_image_is_the_json_of_its_fields_whatever_its_title_and_url(
    title: str, base: str
) -> None:
    image = gallery().add(b"\x89PNG", PNG, title)
    rendered = json.loads(ImageJson().image(base, PRODUCT, image))
    assert rendered == expected_image(base, image.short_id, title, False, 0)


@given(title=st.text(max_size=40), primary=st.booleans())
def test_an_image_is_written_as_json_dumps_writes_its_fields(title: str, primary: bool) -> None:
    image = gallery().add(b"\x89PNG", PNG, title, PRIMARY if primary else None)
    fields = expected_image("http://h", image.short_id, title, primary, image.priority)

    written = ImageJson().image("http://h", PRODUCT, image)

    assert written == json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def test_a_page_lists_its_images_in_order_with_the_page_arithmetic() -> None:
    images = gallery()
    for n in range(5):
        images.add(b"\x89PNG", PNG, f"t{n}")
    page = paginate(images.ordered(), 2, 2)
    rendered = json.loads(ImageJson().page("http://h", PRODUCT, images.listing(), 2, 2))
    assert rendered == {
        "data": [
            expected_image("http://h", image.short_id, image.title, False, image.priority)
            for image in page.items
        ],
        "pagination": {
            "page": 2,
            "page_size": 2,
            "total_count": 5,
            "total_pages": 3,
            "has_next": True,
            "has_previous": True,
        },
    }


def test_a_demoted_image_is_rendered_anew_and_the_url_base_is_per_request() -> None:
    images = gallery()
    renderer = ImageJson()
    first = images.add(b"\x89PNG", PNG, "first", PRIMARY)
    assert json.loads(renderer.image("http://a", PRODUCT, first))["is_primary"] is True
    images.add(b"\x89PNG", PNG, "second", PRIMARY)
    (demoted,) = [image for image in images.ordered() if image.id == first.id]
    rendered = json.loads(renderer.image("http://b", PRODUCT, demoted))
    assert rendered["is_primary"] is False
    assert rendered["image_url"].startswith("http://b/media/")


def test_a_kept_page_takes_each_requests_url_base_and_a_change_is_seen() -> None:
    images = gallery()
    renderer = ImageJson()
    for n in range(3):
        images.add(b"\x89PNG", PNG, f"t{n}")

    def urls(base: str) -> list[str]:
        page = json.loads(renderer.page(base, PRODUCT, images.listing(), 1, 25))
        return [image["image_url"] for image in page["data"]]

    first = urls("http://a")
    assert all(url.startswith("http://a/media/") for url in first)
    assert [url.replace("http://a", 'http://"b"') for url in first] == urls('http://"b"')
    added = images.add(b"\x89PNG", PNG, "new", PRIMARY)
    after = json.loads(renderer.page("http://a", PRODUCT, images.listing(), 1, 25))
    assert after["data"][0]["id"] == added.short_id
    assert after["pagination"]["total_count"] == 4


def test_a_page_past_the_end_and_an_empty_gallery_list_nothing() -> None:
    images = gallery()
    renderer = ImageJson()
    empty = json.loads(renderer.page("http://h", PRODUCT, images.listing(), 1, 25))
    assert empty["data"] == []
    assert (empty["pagination"]["total_count"], empty["pagination"]["total_pages"]) == (0, 0)
    assert empty["pagination"]["has_next"] is False
    assert empty["pagination"]["has_previous"] is False
    images.add(b"\x89PNG", PNG, "only")
    past = json.loads(renderer.page("http://h", PRODUCT, images.listing(), 3, 1))
    assert past["data"] == []
    assert past["pagination"]["has_previous"] is True


def test_pages_kept_for_a_listing_are_bounded() -> None:
    images = gallery()
    images.add(b"\x89PNG", PNG, "only")
    renderer = ImageJson()
    for page in range(1, 1000):
        renderer.page("http://h", PRODUCT, images.listing(), page, 1)
    kept = renderer._pages[images.listing()]
    assert 0 < len(kept) <= PAGES_KEPT_PER_LISTING


def test_a_page_asked_again_is_the_same_bytes_and_each_base_its_own() -> None:
    images = gallery()
    renderer = ImageJson()
    for n in range(3):
        images.add(b"\x89PNG", PNG, f"t{n}")
    listing = images.listing()
    first = renderer.page("http://a", PRODUCT, listing, 1, 25)
    assert renderer.page("http://a", PRODUCT, listing, 1, 25) is first
    bases = [f"http://h{n}" for n in range(BASES_KEPT_PER_PAGE + 2)]
    for base in [*bases, *bases]:  # more bases than a page keeps: each still its own
        page = json.loads(renderer.page(base, PRODUCT, listing, 1, 25))
        assert all(image["image_url"].startswith(base + "/media/") for image in page["data"])
    assert renderer.page("http://a", PRODUCT, listing, 1, 25) == first
