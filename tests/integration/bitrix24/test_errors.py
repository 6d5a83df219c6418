"""System errors in Bitrix24's shape: credentials, rights, unknown methods, limits."""

from __future__ import annotations

from starlette.testclient import TestClient

from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from tests.conftest import StartMock
from tests.integration.bitrix24.calls import (
    PRODUCT,
    VIEWER_WEBHOOK,
    WEBHOOK,
    add,
    call,
    error,
    file_content,
)


def test_an_unknown_webhook_is_401_invalid_credentials(client: TestClient) -> None:
    response = call(client, "list", {"productId": PRODUCT}, webhook="/rest/1/wrongcode")
    assert error(response) == (401, "INVALID_CREDENTIALS")


def test_a_webhook_of_another_user_is_401(client: TestClient) -> None:
    response = call(client, "list", {"productId": PRODUCT}, webhook="/rest/7/k3q9x2v7m1p8z4r6")
    assert error(response) == (401, "INVALID_CREDENTIALS")


def test_the_webhook_is_checked_before_the_parameters(client: TestClient) -> None:
    assert error(call(client, "delete", {}, webhook="/rest/1/wrongcode")) == (
        401,
        "INVALID_CREDENTIALS",
    )


def test_a_missing_token_is_401_no_auth_found(client: TestClient) -> None:
    response = client.post("/rest/catalog.productImage.list", json={"productId": PRODUCT})
    assert error(response) == (401, "NO_AUTH_FOUND")


def test_an_empty_token_is_401_no_auth_found(client: TestClient) -> None:
    for method in ("getFields", "list"):
        response = call(client, method, {"productId": PRODUCT}, token="")
        assert error(response) == (401, "NO_AUTH_FOUND")


def test_method_error_codes_are_strings_of_digits(client: TestClient) -> None:
    """As both official SDKs read them: a JSON number is not an error code to them."""
    missing = call(client, "get", {"productId": PRODUCT, "id": 999_999})
    denied = call(client, "delete", {"productId": PRODUCT, "id": 1}, webhook=VIEWER_WEBHOOK)
    assert missing.json()["error"] == "0"
    assert denied.json()["error"] == "200040300020"


def test_an_unknown_token_is_401_invalid_credentials(client: TestClient) -> None:
    response = call(client, "list", {"productId": PRODUCT}, token="no-such-token")
    assert error(response) == (401, "INVALID_CREDENTIALS")


def test_a_viewer_may_read_but_not_modify(client: TestClient) -> None:
    image = add(client)
    params = {"productId": PRODUCT, "id": image["id"]}
    assert call(client, "get", params, webhook=VIEWER_WEBHOOK).status_code == 200
    assert error(call(client, "delete", params, webhook=VIEWER_WEBHOOK)) == (400, "200040300020")
    added = call(
        client,
        "add",
        {"fields": {"productId": PRODUCT}, "fileContent": file_content()},
        webhook=VIEWER_WEBHOOK,
    )
    assert error(added) == (400, "200040300020")


def test_an_unknown_method_is_404_error_method_not_found(client: TestClient) -> None:
    for path in (f"{WEBHOOK}/catalog.product.list", "/rest/catalog.productImage.update"):
        assert error(client.post(path, json={})) == (404, "ERROR_METHOD_NOT_FOUND")


def test_a_body_that_is_not_json_is_error_0(client: TestClient) -> None:
    response = client.post(
        f"{WEBHOOK}/catalog.productImage.list",
        content=b'{"productId": 1',
        headers={"Content-Type": "application/json"},
    )
    assert error(response) == (400, "0")


def test_a_body_that_is_not_utf8_is_error_0(client: TestClient) -> None:
    for path in (f"{WEBHOOK}/catalog.productImage.list", "/rest/catalog.productImage.list"):
        response = client.post(
            path,
            content=b'{"productId": 1, "x": "\xff"}',
            headers={"Content-Type": "application/json"},
        )
        assert error(response) == (400, "0")


def test_a_call_without_a_body_is_no_auth_found_in_the_application_style(
    client: TestClient,
) -> None:
    for method in ("list", "getFields"):
        response = client.post(f"/rest/catalog.productImage.{method}")
        assert error(response) == (401, "NO_AUTH_FOUND")


def test_get_fields_without_a_body_answers_the_fields(client: TestClient) -> None:
    response = client.post(f"{WEBHOOK}/catalog.productImage.getFields")
    assert response.status_code == 200
    assert "productId" in response.json()["result"]["productImage"]


def test_a_method_with_parameters_without_a_body_is_a_missing_parameter(client: TestClient) -> None:
    response = client.post(f"{WEBHOOK}/catalog.productImage.list")
    assert error(response) == (400, "100")


def test_a_spent_rate_limit_is_503_query_limit_exceeded(mock: StartMock) -> None:
    client = mock(MockConfig(rate_limit_windows=(Window(2, 60),), validate_responses=True))
    for _ in range(2):
        assert call(client, "getFields", {}).status_code == 200
    response = call(client, "getFields", {})
    assert error(response) == (503, "QUERY_LIMIT_EXCEEDED")
    assert response.headers["ratelimit-remaining"] == "0"


def test_reset_and_state_cover_the_pictures(client: TestClient) -> None:
    image = add(client, "DETAIL_PICTURE")
    state = client.get("/__admin/state").json()["bitrix24"]
    product = next(p for p in state["products"] if p["id"] == PRODUCT)
    assert [(p["id"], p["slot"]) for p in product["pictures"]] == [(image["id"], "detail")]
    assert client.post("/__admin/reset").status_code == 204
    assert client.get(image["detailUrl"]).status_code == 404
    assert add(client)["id"] == 1


def test_swagger_ui_is_served_for_the_contract(client: TestClient) -> None:
    assert client.get("/__docs/bitrix24/ui/").status_code == 200
