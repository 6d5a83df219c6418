from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from mockserver.adapters.closient.image_json import ImageJson
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


def test_a_page_lists_its_images_in_order_with_the_page_arithmetic() -> None:
    images = gallery()
    for n in range(5):
        images.add(b"\x89PNG", PNG, f"t{n}")
    page = paginate(images.ordered(), 2, 2)
    rendered = json.loads(ImageJson().page("http://h", PRODUCT, page))
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
