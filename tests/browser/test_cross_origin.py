"""A frontend on its own dev server (another port of this machine) calls the mock from
Chromium with the `sessionid` cookie (`credentials: 'include'`, preflights included), and
cannot read the mock's own routes, which carry the seed's credentials."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.demo import CONTRIBUTOR_SESSION, DEMO_PICTURE_TITLES, images_path

pytestmark = pytest.mark.slow

APP_PAGE = b"<!doctype html><title>frontend</title><p>a frontend's dev server"

FETCH = """async ([url, init]) => {
    try {
        const response = await fetch(url, init);
        const text = await response.text();
        return { status: response.status, body: text };
    } catch (error) {
        return { refused: error.name };
    }
}"""


class _AppPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(APP_PAGE)))
        self.end_headers()
        self.wfile.write(APP_PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def frontend() -> Iterator[str]:
    """A page's origin: the same host as the mock, another port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AppPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def on_frontend(page: Page, frontend: str, base_url: str) -> None:
    assert frontend != base_url
    page.context.add_cookies([{"name": "sessionid", "value": CONTRIBUTOR_SESSION, "url": base_url}])
    page.goto(frontend + "/")


def call(page: Page, url: str, **init: Any) -> dict[str, Any]:
    answer: dict[str, Any] = page.evaluate(FETCH, [url, init])
    return answer


def test_a_page_on_another_port_lists_and_deletes_with_the_cookie(
    page: Page, base_url: str, frontend: str
) -> None:
    on_frontend(page, frontend, base_url)
    listing_url = base_url + images_path()
    # Without the cookie the page reads the 401 (the answer is CORS-readable).
    assert call(page, listing_url, credentials="omit")["status"] == 401
    listed = call(page, listing_url, credentials="include")
    assert listed["status"] == 200
    images = json.loads(listed["body"])["data"]
    assert [image["title"] for image in images] == DEMO_PICTURE_TITLES
    first_id = images[0]["id"]
    # DELETE is not a simple method: the browser sends a preflight first.
    deleted = call(page, f"{listing_url}/{first_id}", method="DELETE", credentials="include")
    assert deleted["status"] == 204
    after = json.loads(call(page, listing_url, credentials="include")["body"])["data"]
    assert [image["id"] for image in after] == [image["id"] for image in images[1:]]


@pytest.mark.parametrize(
    "path", ["/__admin/state", "/__gallery/", "/__docs/closient/ui/", "/__admin/faults"]
)
def test_a_page_on_another_port_cannot_read_the_mocks_own_routes(
    page: Page, base_url: str, frontend: str, path: str
) -> None:
    on_frontend(page, frontend, base_url)
    for credentials in ("omit", "include"):
        assert call(page, base_url + path, credentials=credentials) == {"refused": "TypeError"}


def test_a_page_on_another_port_cannot_read_the_gallery_at_the_root(
    page: Page, base_url: str, frontend: str
) -> None:
    on_frontend(page, frontend, base_url)
    init = {"headers": {"Accept": "text/html"}}
    assert call(page, base_url + "/", **init) == {"refused": "TypeError"}
