"""`mockserver seed export` refuses what it cannot write whole, naming why: past
`--max-bytes`, without a credential, without an answer; a refused export writes nothing
and leaves an earlier one as it was (README, Exporting a seed)."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import httpx
import pytest
import yaml
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from mockserver.app import create_app
from mockserver.cli import main
from mockserver.config import MockConfig
from mockserver.seed import load_seed
from mockserver.seed_export.deployment import ByteBudget, Deployment
from mockserver.seed_pictures.section import load_pictures
from mockserver.served_contracts import SERVED_CONTRACTS
from tests.demo import CLOUD_TOKEN, CONTRIBUTOR_KEY, DEMO_ORG, GTIN, SECOND_GTIN
from tests.real_servers import free_port, serving_in_a_thread


@pytest.fixture(scope="module")
def demo() -> Iterator[str]:
    with serving_in_a_thread(create_app(MockConfig(seed_pictures=True))) as url:
        yield url


def export(source: str, out: pathlib.Path, *extra: str) -> int:
    return main(
        [
            "seed",
            "export",
            "--contract=closient",
            f"--from={source}",
            f"--out={out}",
            f"--organization={DEMO_ORG}",
            f"--gtin={GTIN},{SECOND_GTIN}",
            *extra,
        ]
    )


def test_the_exported_seed_loads_with_its_pictures(demo: str, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "seed.yaml"

    assert export(demo, out, f"--api-key={CONTRIBUTOR_KEY}") == 0

    load_seed(out)
    pictures = load_pictures(out, SERVED_CONTRACTS).by_contract["closient"]
    assert [len(images) for images in pictures.values()] == [3, 2]  # type: ignore[attr-defined]


def test_a_seed_past_max_bytes_is_refused_and_nothing_is_written(
    demo: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = export(
        demo, tmp_path / "seed.yaml", f"--api-key={CONTRIBUTOR_KEY}", "--max-bytes=4000"
    )

    assert status == 1
    assert "more than 4000 bytes (--max-bytes); nothing was written" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_refused_export_leaves_the_earlier_one_as_it_was(
    demo: str, tmp_path: pathlib.Path
) -> None:
    out = tmp_path / "seed.yaml"
    assert export(demo, out, f"--api-key={CONTRIBUTOR_KEY}") == 0
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}

    assert export(demo, out, f"--api-key={CONTRIBUTOR_KEY}", "--max-bytes=4000") == 1

    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


def test_a_missing_credential_is_named(
    demo: str,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CONFORMANCE_API_KEY", raising=False)

    assert export(demo, tmp_path / "seed.yaml") == 1
    assert "--api-key is needed" in capsys.readouterr().err


def test_a_deployment_that_refuses_the_credential_is_named(
    demo: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(demo, tmp_path / "seed.yaml", "--api-key=csb_nobody_0000") == 1
    assert "the deployment answered 401" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_deployment_that_does_not_answer_is_named(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    silent = f"http://127.0.0.1:{free_port()}"

    assert export(silent, tmp_path / "seed.yaml", f"--api-key={CONTRIBUTOR_KEY}") == 1
    assert "no answer from GET" in capsys.readouterr().err


def echoing_headers(request: Request) -> Response:
    return JSONResponse({"headers": dict(request.headers)})


def test_credentials_do_not_follow_a_redirect_to_another_origin() -> None:
    """A picture's link may lead elsewhere (a CDN): the source's credential stays with it."""
    elsewhere = Starlette(routes=[Route("/picture", echoing_headers)])
    with serving_in_a_thread(elsewhere) as cdn:
        redirecting = Starlette(
            routes=[
                Route("/home", echoing_headers),
                Route("/away", lambda _: RedirectResponse(f"{cdn}/picture")),
            ]
        )
        with serving_in_a_thread(redirecting) as source:
            deployment = Deployment(source, ByteBudget(1_000_000), {"X-Source-Key": "secret"})
            home, away = deployment.get("/home").json(), deployment.picture("/away").json()

    assert home["headers"]["x-source-key"] == "secret"
    assert "x-source-key" not in away["headers"]


def tiny(number: int) -> dict[str, object]:
    return {"width": 4, "height": 4, "colour": f"#{number * 7919 % 0xFFFFFF:06x}"}


PAGED_ORGANIZATION = "Yb3kFq9TzR7mNp2xWc4vHd"
PAGED_SEED = {
    "organizations": [
        {
            "id": PAGED_ORGANIZATION,
            "products": [
                {
                    "gtin": GTIN,
                    "images": [
                        {"title": f"t{i}", "primary": i == 50, "placeholder": tiny(i)}
                        for i in range(105)
                    ],
                }
            ],
        }
    ],
    "principals": [
        {
            "api_key": "csb_paged_key",
            "memberships": {PAGED_ORGANIZATION: ["organization.contribute_organization"]},
        }
    ],
    "cloud_images": {
        "projects": [
            {
                "id": "paged",
                "tokens": ["paged-token"],
                "images": [{"name": f"i{i}", "placeholder": tiny(i)} for i in range(105)],
            }
        ]
    },
    "bitrix24": {
        "products": [
            {
                "id": 2,
                "pictures": [{"name": f"p{i}.png", "placeholder": tiny(i)} for i in range(55)],
            }
        ],
        "users": [{"id": 1, "webhooks": ["paged"]}],
    },
}


@pytest.mark.slow  # pages through every list of the seed
def test_every_page_of_every_list_is_exported_in_order(tmp_path: pathlib.Path) -> None:
    """Past a page of each list (100 Closient images, 100 Cloud Images images, 50 Bitrix24
    pictures), in the order the seed gave them."""
    (tmp_path / "source.yaml").write_text(yaml.safe_dump(PAGED_SEED), encoding="utf-8")
    config = MockConfig(seed_path=tmp_path / "source.yaml", seed_pictures=True)
    out = tmp_path / "out" / "seed.yaml"
    with serving_in_a_thread(create_app(config)) as source:
        status = main(
            [
                *("seed", "export", "--contract=closient", "--contract=cloud-images"),
                *("--contract=bitrix24", f"--from={source}", f"--out={out}"),
                *("--api-key=csb_paged_key", f"--organization={PAGED_ORGANIZATION}"),
                *(f"--gtin={GTIN}", "--token=paged-token", "--webhook=1/paged", "--product-id=2"),
            ]
        )

    assert status == 0
    exported = yaml.safe_load(out.read_text(encoding="utf-8"))
    images = exported["organizations"][0]["products"][0]["images"]
    assert [image["title"] for image in images] == [f"t{i}" for i in range(105)]
    assert [image["title"] for image in images if image.get("primary")] == ["t50"]
    cloud = exported["cloud_images"]["projects"][0]["images"]
    assert [image["name"] for image in cloud] == [f"i{i}" for i in range(105)]
    pictures = exported["bitrix24"]["products"][0]["pictures"]
    assert [picture["name"] for picture in pictures] == [f"p{i}.png" for i in range(55)]


def test_what_a_seed_image_cannot_hold_is_printed_as_not_kept(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = MockConfig(seed_pictures=True)
    with serving_in_a_thread(create_app(config)) as source:
        listed = httpx.get(f"{source}/v2/images", headers={"X-Auth-Token": CLOUD_TOKEN})
        image = listed.json()["images"][0]
        tagged = httpx.put(
            f"{source}/v2/images/{image['id']}/tags/golden", headers={"X-Auth-Token": CLOUD_TOKEN}
        )
        assert tagged.status_code == 204
        status = main(
            [
                *("seed", "export", "--contract=cloud-images", f"--from={source}"),
                *(f"--out={tmp_path / 'seed.yaml'}", f"--token={CLOUD_TOKEN}"),
            ]
        )

    assert status == 0
    assert f"not kept: image {image['id']} ({image['name']}): tags ['golden']" in (
        capsys.readouterr().out
    )
