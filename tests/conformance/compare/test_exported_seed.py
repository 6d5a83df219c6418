"""A seed exported from one mock, loaded by another: `conformance compare` between the two
finds no difference, for each contract (README, Exporting a seed). The source mock's seed
is not the demo's: more products and pictures, a primary other than the first, a protected
image among others."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest
import yaml
from starlette.types import ASGIApp

from conformance.cli import main as conformance
from mockserver.app import create_app
from mockserver.cli import main as mockserver
from mockserver.config import MockConfig
from tests.real_servers import serving_in_a_thread

from ..judging import ROOMY_WINDOWS

# Two mocks over real loopback ports and a comparison per contract: `make test` runs it.
pytestmark = pytest.mark.slow

ORGANIZATION = "Yb3kFq9TzR7mNp2xWc4vHd"
GTINS = ("00012345678905", "04006381333931", "96385074")
SOURCE_KEY, SOURCE_READER_KEY = "csb_source_contributor_9x", "csb_source_member_4k"
PROJECT, SOURCE_TOKEN = "0c6f2b8e1d7a4e95b3f0a2c4d6e8f1a3", "gAAAAAsource-token"
SOURCE_WEBHOOK, SOURCE_BITRIX_TOKEN = "3/s0urcew3bh00k", "source-bitrix-token"


def box(label: str, colour: str) -> dict[str, object]:
    return {"width": 40, "height": 30, "colour": colour, "label": label}


SOURCE_SEED = {
    "organizations": [
        {
            "id": ORGANIZATION,
            "name": "Source Brand",
            "products": [
                {
                    "gtin": GTINS[0],
                    "images": [
                        {"title": "Left", "placeholder": box("L", "#112233")},
                        {"title": "Front", "primary": True, "placeholder": box("F", "#445566")},
                        {"title": "Right", "placeholder": box("R", "#778899")},
                        {"title": "Top", "placeholder": box("T", "#aabbcc")},
                    ],
                },
                {"gtin": GTINS[1], "images": [{"title": "Pen", "placeholder": box("P", "red")}]},
                {"gtin": GTINS[2], "images": []},
            ],
        }
    ],
    "principals": [
        {
            "api_key": SOURCE_KEY,
            "memberships": {ORGANIZATION: ["organization.contribute_organization"]},
        },
        {"api_key": SOURCE_READER_KEY, "memberships": {ORGANIZATION: []}},
    ],
    "cloud_images": {
        "projects": [
            {
                "id": PROJECT,
                "tokens": [SOURCE_TOKEN],
                "images": [
                    {"name": "base", "placeholder": box("B", "navy")},
                    {"name": "golden", "protected": True, "placeholder": box("G", "gold")},
                    {"name": "scratch", "placeholder": box("S", "grey")},
                ],
            }
        ]
    },
    "bitrix24": {
        "products": [
            {
                "id": 4,
                "pictures": [
                    {"type": "DETAIL_PICTURE", "name": "d.png", "placeholder": box("D", "teal")},
                    {"type": "MORE_PHOTO", "name": "m1.png", "placeholder": box("1", "olive")},
                    {"type": "MORE_PHOTO", "name": "m2.png", "placeholder": box("2", "maroon")},
                ],
            },
            {
                "id": 9,
                "pictures": [
                    {"type": "PREVIEW_PICTURE", "name": "p.png", "placeholder": box("P", "pink")}
                ],
            },
        ],
        "users": [
            {"id": 3, "webhooks": ["s0urcew3bh00k"], "tokens": [SOURCE_BITRIX_TOKEN]},
        ],
    },
}

EXPORT_FLAGS = [
    f"--api-key={SOURCE_KEY}",
    f"--organization={ORGANIZATION}",
    f"--gtin={GTINS[0]}",
    f"--other-gtin={GTINS[1]},{GTINS[2]}",
    f"--token={SOURCE_TOKEN}",
    f"--webhook={SOURCE_WEBHOOK}",
    "--product-id=4",
    "--other-product-id=9",
]
SECRETS = (SOURCE_KEY, SOURCE_READER_KEY, SOURCE_TOKEN, "s0urcew3bh00k", SOURCE_BITRIX_TOKEN)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    seed = tmp_path_factory.mktemp("source") / "seed.yaml"
    seed.write_text(yaml.safe_dump(SOURCE_SEED), encoding="utf-8")
    with serving_in_a_thread(served(seed)) as url:
        yield url


@pytest.fixture(scope="module")
def exported(source: str, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("exported") / "seed.yaml"
    contracts = ["--contract=closient", "--contract=cloud-images", "--contract=bitrix24"]
    status = mockserver(
        ["seed", "export", *contracts, f"--from={source}", f"--out={out}", *EXPORT_FLAGS]
    )
    assert status == 0
    return out


@pytest.fixture(scope="module")
def candidate(exported: pathlib.Path) -> Iterator[str]:
    with serving_in_a_thread(served(exported)) as url:
        yield url


def served(seed: pathlib.Path) -> ASGIApp:
    return create_app(
        MockConfig(seed_path=seed, seed_pictures=True, rate_limit_windows=ROOMY_WINDOWS)
    )


def test_the_export_writes_none_of_the_sources_secrets(exported: pathlib.Path) -> None:
    written = b"".join(path.read_bytes() for path in exported.parent.rglob("*") if path.is_file())

    assert not [secret for secret in SECRETS if secret.encode() in written]


def exported_credentials(seed: pathlib.Path) -> dict[str, str]:
    data = yaml.safe_load(seed.read_text(encoding="utf-8"))
    contributor, member = data["principals"]
    project = data["cloud_images"]["projects"][0]
    user = data["bitrix24"]["users"][0]
    return {
        "api_key": contributor["api_key"],
        "reader_api_key": member["api_key"],
        "token": project["tokens"][0],
        "webhook": f"{user['id']}/{user['webhooks'][0]}",
        "auth_token": user["tokens"][0],
    }


def compare_flags(contract: str, given: dict[str, str]) -> list[str]:
    """Each side's credentials, the products or project they share, one short run."""
    sides = {
        "closient": [
            f"--api-key={given['api_key']}",
            f"--reader-api-key={given['reader_api_key']}",
            f"--reference-api-key={SOURCE_KEY}",
            f"--reference-reader-api-key={SOURCE_READER_KEY}",
            f"--organization={ORGANIZATION}",
            f"--gtin={GTINS[0]}",
            f"--other-gtin={GTINS[1]}",
        ],
        "cloud-images": [f"--token={given['token']}", f"--reference-token={SOURCE_TOKEN}"],
        "bitrix24": [
            f"--webhook={given['webhook']}",
            f"--auth-token={given['auth_token']}",
            f"--reference-webhook={SOURCE_WEBHOOK}",
            f"--reference-auth-token={SOURCE_BITRIX_TOKEN}",
            "--product-id=4",
            "--other-product-id=9",
        ],
    }
    return [f"--contract={contract}", *sides[contract], "--seed=1", "--sequences=2", "--steps=10"]


@pytest.mark.parametrize(
    ("contract", "api"), [("closient", ""), ("cloud-images", "/v2"), ("bitrix24", "")]
)
def test_a_mock_on_the_exported_seed_answers_as_its_source(
    contract: str,
    api: str,
    source: str,
    candidate: str,
    exported: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    flags = compare_flags(contract, exported_credentials(exported))
    status = conformance(
        ["compare", f"--base-url={candidate}{api}", f"--reference-url={source}{api}", *flags]
    )

    assert status == 0, capsys.readouterr().out
