"""Pictures a seed gives its products: the demo seed's on every contract, files and
placeholders of a seed file, back after a reset, and none when asked."""

from __future__ import annotations

import pathlib

import pytest
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.domain.disk_formats import virtual_size
from mockserver.seed_pictures.placeholders import placeholder_png
from mockserver.seed_pictures.section import PictureSeedError
from tests.conftest import StartMock
from tests.demo import CLOUD_TOKEN, DEMO_PICTURE_TITLES, auth, images_path
from tests.images import png
from tests.integration.bitrix24.calls import listed

PICTURES = MockConfig(rate_limit_windows=(), validate_responses=True, seed_pictures=True)


@pytest.fixture
def pictured(mock: StartMock) -> TestClient:
    return mock(PICTURES)


def test_the_demo_seed_gives_every_contract_pictures(pictured: TestClient) -> None:
    images = pictured.get(images_path(), headers=auth()).json()["data"]
    assert [image["title"] for image in images] == DEMO_PICTURE_TITLES
    assert [image["is_primary"] for image in images] == [True, False, False]
    served = pictured.get(images[0]["image_url"])
    assert served.headers["content-type"] == "image/png"
    assert served.content[:8] == b"\x89PNG\r\n\x1a\n"
    state = pictured.get("/__admin/state").json()
    for organization in state["organizations"]:
        for product in organization["products"]:
            assert sum(image["is_primary"] for image in product["images"]) == 1, product
    cloud = pictured.get("/v2/images", headers={"X-Auth-Token": CLOUD_TOKEN}).json()["images"]
    assert {image["status"] for image in cloud} == {"active"}
    assert any(image["protected"] for image in cloud)
    assert {picture["type"] for picture in listed(pictured)} == {
        "DETAIL_PICTURE",
        "PREVIEW_PICTURE",
        "MORE_PHOTO",
    }


def test_a_reset_brings_the_pictures_back(pictured: TestClient) -> None:
    first = pictured.get(images_path(), headers=auth()).json()["data"]
    for image in first:
        pictured.delete(f"{images_path()}/{image['id']}", headers=auth())
    assert pictured.get(images_path(), headers=auth()).json()["data"] == []
    pictured.post("/__admin/reset")
    again = pictured.get(images_path(), headers=auth()).json()["data"]
    assert [image["title"] for image in again] == DEMO_PICTURE_TITLES


def test_placeholders_are_raw_data_to_glances_inspectors(pictured: TestClient) -> None:
    """The seed's placeholders are stored without inspection (a start-up does not load the
    inspectors): their virtual size must be what inspection gives them."""
    cloud = pictured.get("/v2/images", headers={"X-Auth-Token": CLOUD_TOKEN}).json()["images"]
    assert cloud
    for image in cloud:
        content = pictured.get(image["file"], headers={"X-Auth-Token": CLOUD_TOKEN}).content
        assert image["virtual_size"] == virtual_size(content, "raw", "bare") == len(content)
    for side in (1, 16, 64, 400, 1024):
        content = placeholder_png(side, side, "#2a6fdb", "Front")
        assert virtual_size(content, "raw", "bare") == len(content)


def test_placeholders_are_the_same_bytes_every_time() -> None:
    placeholder_png.cache_clear()
    first = placeholder_png(40, 30, "#2a6fdb", "A")
    placeholder_png.cache_clear()
    assert placeholder_png(40, 30, "#2a6fdb", "A") == first
    assert placeholder_png(40, 30, "#2a6fdb", "B") != first


def test_a_seed_file_gives_files_and_placeholders(tmp_path: pathlib.Path) -> None:
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "side.png").write_bytes(png(width=2, height=2, seed=3))
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        """
organizations:
  - id: daqF5uqgcxrLXCkVJQEsLJ
    products:
      - gtin: "00012345678905"
        images:
          - title: Side
            file: pictures/side.png
          - title: Front
            primary: true
            placeholder: {width: 30, height: 20, colour: red, label: F}
principals:
  - api_key: csb_democontributor_k7Qx
    memberships:
      daqF5uqgcxrLXCkVJQEsLJ: [organization.contribute_organization]
"""
    )
    config = MockConfig(rate_limit_windows=(), seed_path=seed, seed_pictures=True)
    with TestClient(create_app(config)) as client:
        images = client.get(images_path(), headers=auth()).json()["data"]
        assert [(image["title"], image["is_primary"]) for image in images] == [
            ("Front", True),
            ("Side", False),
        ]
        assert client.get(images[1]["image_url"]).content == png(width=2, height=2, seed=3)


@pytest.mark.parametrize(
    "image",
    [
        "{title: x}",
        "{title: x, file: missing.png}",
        "{title: x, placeholder: {width: 0, height: 10}}",
        "{title: x, placeholder: {colour: not-a-colour}}",
        "{title: x, file: a.png, placeholder: {}}",
    ],
)
def test_a_bad_picture_stops_the_start(tmp_path: pathlib.Path, image: str) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        "organizations:\n  - id: daqF5uqgcxrLXCkVJQEsLJ\n    products:\n"
        f'      - gtin: "00012345678905"\n        images: [{image}]\n'
    )
    with pytest.raises(PictureSeedError):
        create_app(MockConfig(seed_path=seed, seed_pictures=True))


def test_without_pictures_every_gallery_starts_empty(client: TestClient) -> None:
    assert client.get(images_path(), headers=auth()).json()["data"] == []
