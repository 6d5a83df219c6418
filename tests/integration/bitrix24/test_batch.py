"""`batch`: commands served as direct calls, references between them, halt, limits."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from tests.integration.bitrix24.calls import PRODUCT, TOKEN, WEBHOOK, add, error, file_content

BATCH = f"{WEBHOOK}/batch"


def _add_command(product: int = PRODUCT) -> str:
    name, encoded = file_content()
    return (
        f"catalog.productImage.add?fields[productId]={product}"
        f"&fileContent[0]={name}&fileContent[1]={quote(encoded, safe='')}"
    )


def _batch(client: TestClient, body: dict[str, Any], path: str = BATCH) -> dict[str, Any]:
    response = client.post(path, json=body)
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"result", "time"}
    answers: dict[str, Any] = response.json()["result"]
    return answers


def test_a_command_reads_the_result_of_an_earlier_one(client: TestClient) -> None:
    answers = _batch(
        client,
        {
            "cmd": {
                "added": _add_command(),
                "read": "catalog.productImage.get?productId=1&id=$result[added][productImage][id]",
            }
        },
    )
    added = answers["result"]["added"]["productImage"]
    assert answers["result"]["read"]["productImage"] == added
    assert answers["result_error"] == []
    assert set(answers["result_time"]) == {"added", "read"}


def test_commands_answer_as_direct_calls_do(client: TestClient) -> None:
    image = add(client)
    direct = client.post(f"{WEBHOOK}/catalog.productImage.list", json={"productId": PRODUCT}).json()
    answers = _batch(client, {"cmd": {"list": "catalog.productImage.list?productId=1"}})
    assert answers["result"]["list"] == direct["result"]
    assert answers["result_total"] == {"list": 1}
    assert answers["result"]["list"]["productImages"][0]["id"] == image["id"]


def test_a_list_of_commands_answers_lists(client: TestClient) -> None:
    answers = _batch(
        client, {"cmd": ["catalog.productImage.getFields", "catalog.productImage.list?productId=1"]}
    )
    assert isinstance(answers["result"], list)
    assert len(answers["result"]) == 2
    assert answers["result_total"] == {"1": 0}


def test_failed_commands_are_in_result_error_and_the_rest_run(client: TestClient) -> None:
    answers = _batch(
        client,
        {
            "halt": 0,
            "cmd": {
                "missing": "catalog.productImage.get?productId=1&id=99",
                "unknown": "catalog.nothing.here",
                "fields": "catalog.productImage.getFields",
            },
        },
    )
    assert answers["result_error"] == {
        "missing": {"error": "0", "error_description": "Image not found"},
        "unknown": {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"},
    }
    assert list(answers["result"]) == ["fields"]


def test_halt_stops_at_the_first_failure(client: TestClient) -> None:
    answers = _batch(
        client,
        {
            "halt": 1,
            "cmd": {"missing": "catalog.productImage.get?productId=1&id=99", "add": _add_command()},
        },
    )
    assert list(answers["result_error"]) == ["missing"]
    assert answers["result"] == []
    assert (
        client.post(f"{WEBHOOK}/catalog.productImage.list", json={"productId": 1}).json()["total"]
        == 0
    )


def test_a_batch_inside_a_batch_is_refused(client: TestClient) -> None:
    answers = _batch(client, {"cmd": {"inner": "batch?cmd[0]=catalog.productImage.getFields"}})
    assert answers["result_error"]["inner"]["error"] == "ERROR_BATCH_METHOD_NOT_ALLOWED"


def test_more_than_50_commands_are_refused(client: TestClient) -> None:
    commands = ["catalog.productImage.getFields"] * 51
    assert error(client.post(BATCH, json={"cmd": commands})) == (
        400,
        "ERROR_BATCH_LENGTH_EXCEEDED",
    )
    assert len(_batch(client, {"cmd": commands[:50]})["result"]) == 50


def test_each_command_reads_at_most_max_input_vars_of_its_query(client: TestClient) -> None:
    appends = "&".join(["select[]=id"] * 1500)
    commands = {
        "first": f"catalog.productImage.list?productId=1&{appends}",
        "dropped": f"catalog.productImage.list?{appends}&productId=1",
    }
    answers = _batch(
        client, {"cmd": {**commands, **{str(n): commands["first"] for n in range(48)}}}
    )
    assert len(answers["result"]) == 49
    assert answers["result_error"]["dropped"]["error"] == "100"  # productId lay past the 1000th


def test_a_command_nested_past_the_limit_drops_that_variable(client: TestClient) -> None:
    deep = "productId" + "[a]" * 500
    answers = _batch(client, {"cmd": {"deep": f"catalog.productImage.list?{deep}=1"}})
    assert answers["result_error"]["deep"]["error"] == "100"


def test_a_command_that_is_not_utf8_text_is_refused_alone(client: TestClient) -> None:
    commands = {
        "bad": "catalog.productImage.list?productId=%FF",
        "good": "catalog.productImage.getFields",
    }
    answers = _batch(client, {"cmd": commands})
    assert answers["result_error"]["bad"]["error"] == "0"
    assert "good" in answers["result"]


def test_the_application_style_passes_its_token_to_every_command(client: TestClient) -> None:
    answers = _batch(
        client,
        {"auth": TOKEN, "cmd": {"add": _add_command()}},
        path="/rest/batch",
    )
    assert answers["result"]["add"]["productImage"]["productId"] == PRODUCT


def test_a_batch_with_a_bad_webhook_is_401(client: TestClient) -> None:
    response = client.post("/rest/1/wrongcode/batch", json={"cmd": {}})
    assert error(response) == (401, "INVALID_CREDENTIALS")


def test_a_batch_is_served_over_every_transport(client: TestClient) -> None:
    by_json = _batch(client, {"cmd": ["catalog.productImage.list?productId=1"]})
    form = {"cmd[0]": "catalog.productImage.list?productId=1"}
    by_form = client.post(BATCH, data=form).json()["result"]
    by_query = client.get(f"{WEBHOOK}/BATCH.json", params=form).json()["result"]
    assert by_json["result"] == by_form["result"] == by_query["result"]


def test_a_batch_counts_once_against_the_rate_limit() -> None:
    config = MockConfig(rate_limit_windows=(Window(2, 60),), validate_responses=True)
    with TestClient(create_app(config)) as client:
        commands = ["catalog.productImage.getFields"] * 10
        first = client.post(BATCH, json={"cmd": commands})
        assert first.headers["ratelimit-remaining"] == "1"
        assert first.json()["result"]["result_error"] == []
        assert client.post(BATCH, json={"cmd": commands}).status_code == 200
        assert error(client.post(BATCH, json={"cmd": commands})) == (503, "QUERY_LIMIT_EXCEEDED")
