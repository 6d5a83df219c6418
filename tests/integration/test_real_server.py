"""The mock as users run it: the CLI, a real uvicorn process, loopback HTTP."""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest

from tests.demo import CONTRIBUTOR_KEY, DEMO_PICTURE_TITLES, images_path
from tests.images import png
from tests.real_servers import free_port, serving

pytestmark = pytest.mark.slow


@dataclass
class RunningMock:
    base_url: str


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    # As users start it: the access log on.
    command = [sys.executable, "-m", "mockserver", "--rate-limit", "off"]
    with serving(lambda port: [*command, "--port", str(port)]) as (base_url, _):
        yield RunningMock(base_url)


def test_the_printed_curl_command_works_as_printed() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not any(line.strip().startswith("curl ") for line in lines):
            line = process.stdout.readline()
            assert line, "the banner printed no curl command"
            lines.append(line)
        words = shlex.split(lines[-1])
        assert words[0] == "curl"
        header = words[words.index("-H") + 1]
        name, _, value = header.partition(": ")
        url = words[-1]
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(url, headers={name: value}, timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the mock did not start"
                time.sleep(0.05)
        assert response.status_code == 200
        # The demo seed's pictures of the product, the primary one first.
        assert [image["title"] for image in response.json()["data"]] == DEMO_PICTURE_TITLES
        assert response.json()["data"][0]["is_primary"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_sixteen_concurrent_primary_uploads_leave_one_primary(mock: RunningMock) -> None:
    httpx.post(mock.base_url + "/__admin/reset")
    url = mock.base_url + images_path()
    headers = {"X-API-Key": CONTRIBUTOR_KEY}
    listing = httpx.get(url, headers=headers, params={"page_size": 100}).json()["data"]
    seeded = {image["id"] for image in listing}
    assert len(seeded) == len(DEMO_PICTURE_TITLES)  # a reset gives the seed's pictures back

    def upload_primary(i: int) -> str:
        response = httpx.post(
            url,
            headers=headers,
            files={"image": (f"{i}.png", png(seed=i), "image/png")},
            data={"is_primary": "true", "title": f"upload {i}"},
            timeout=30,
        )
        assert response.status_code == 201, response.text
        image_id: str = response.json()["id"]
        return image_id

    with ThreadPoolExecutor(max_workers=16) as pool:
        uploaded = set(pool.map(upload_primary, range(16)))

    listed = httpx.get(url, headers=headers, params={"page_size": 100}).json()["data"]
    assert {image["id"] for image in listed} == uploaded | seeded
    assert sum(image["is_primary"] for image in listed) == 1
    assert listed[0]["is_primary"]
    assert listed[0]["id"] in uploaded


def test_served_bytes_match_the_upload_over_real_http(mock: RunningMock) -> None:
    content = png(width=3, height=2, seed=7)
    response = httpx.post(
        mock.base_url + images_path(),
        headers={"X-API-Key": CONTRIBUTOR_KEY},
        files={"image": ("x.png", content, "image/png")},
    )
    image_url = response.json()["image_url"]
    assert image_url.startswith(mock.base_url + "/media/")
    served = httpx.get(image_url)
    assert served.content == content
    assert served.headers["content-type"] == "image/png"
