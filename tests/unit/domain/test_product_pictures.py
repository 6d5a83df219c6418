from __future__ import annotations

import pytest

from mockserver.domain.errors import ImageNotFound
from mockserver.domain.product_pictures import (
    DETAIL,
    PREVIEW,
    CannotModify,
    CatalogAccess,
    CatalogProduct,
    CatalogProductNotFound,
    CatalogUser,
    InvalidFileName,
    InvalidWebhook,
    NotAPicture,
    PictureSeed,
    ProductPictures,
)
from tests.images import png

ADMIN = CatalogUser(1, webhooks=("code1",))
VIEWER = CatalogUser(2, access=CatalogAccess.VIEW)


@pytest.fixture
def pictures() -> ProductPictures:
    seed = PictureSeed((CatalogProduct(1), CatalogProduct(2)), (ADMIN, VIEWER))
    return ProductPictures(seed, max_image_bytes=1024 * 1024)


def test_a_webhook_is_a_user_id_and_its_code(pictures: ProductPictures) -> None:
    assert pictures.by_webhook(1, "code1") == ADMIN
    with pytest.raises(InvalidWebhook):
        pictures.by_webhook(2, "code1")


def test_a_new_detail_picture_removes_the_previous_one(pictures: ProductPictures) -> None:
    first = pictures.add(ADMIN, 1, "a.png", png(), DETAIL)
    second = pictures.add(ADMIN, 1, "b.png", png(), DETAIL)
    assert [p.serial for p in pictures.list(ADMIN, 1)] == [second.serial]
    with pytest.raises(ImageNotFound):
        pictures.get(ADMIN, 1, first.serial)


def test_detail_preview_and_more_photos_coexist(pictures: ProductPictures) -> None:
    added = [pictures.add(ADMIN, 1, "x.png", png(), slot) for slot in (DETAIL, PREVIEW, None)]
    assert [p.serial for p in pictures.list(ADMIN, 1)] == [p.serial for p in added]


def test_ids_are_unique_across_products_and_restart_on_reset(pictures: ProductPictures) -> None:
    assert pictures.add(ADMIN, 1, "x.png", png()).serial == 1
    assert pictures.add(ADMIN, 2, "x.png", png()).serial == 2
    pictures.reset()
    assert pictures.add(ADMIN, 2, "x.png", png()).serial == 1


def test_a_viewer_cannot_add(pictures: ProductPictures) -> None:
    with pytest.raises(CannotModify):
        pictures.add(VIEWER, 1, "x.png", png())


def test_unknown_products_and_non_images_are_refused(pictures: ProductPictures) -> None:
    with pytest.raises(CatalogProductNotFound):
        pictures.add(ADMIN, 9, "x.png", png())
    with pytest.raises(NotAPicture):
        pictures.add(ADMIN, 1, "x.txt", b"plain text")


def test_a_picture_is_found_by_its_random_id_for_its_files(pictures: ProductPictures) -> None:
    picture = pictures.add(ADMIN, 2, "x.png", png())
    assert pictures.find(picture.id) == (2, picture)
    pictures.delete(ADMIN, 2, picture.serial)
    assert pictures.find(picture.id) is None


def test_a_refused_file_name_is_quoted_briefly() -> None:
    # The name may be megabytes (all of a request's body): the message quotes its start.
    message = str(InvalidFileName("[" * 8_000_000))

    assert message == "Invalid file name: " + repr("[" * 100) + "..."
    assert str(InvalidFileName("a\x00.png")) == "Invalid file name: 'a\\x00.png'"
