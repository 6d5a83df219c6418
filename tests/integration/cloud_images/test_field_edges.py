"""The edges of each writable field over HTTP, answered as a real Glance 33 answers them
(tests/reference/glance/ asks both): counts past a 4-byte integer are 400 in Glance's
words, whole floats are counts (the write's answer shows them as sent, later reads the
integer kept), and a tag of 4-byte characters is refused on create and patch."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from tests.conftest import StartMock
from tests.integration.cloud_images.records import create, listed_ids, patch, token

EMOJI = "\U0001f600"
OUT_OF_RANGE = "'{}' value out of range, must not exceed 2147483647."


@pytest.fixture
def unchecked_answers(mock: StartMock) -> TestClient:
    """A mock whose answers are not checked against the contract: Connexion's response
    validator reads the document's `integer` as JSON Schema Draft 4 does, where a whole
    float (`0.0`, which Glance's answers carry) is none; in OpenAPI 3.1 it is one."""
    return mock(MockConfig(rate_limit_windows=(), validate_responses=False))


def message(response: Any) -> str:
    text: str = response.json()["message"]
    return text.split("<br />")[0]


@pytest.mark.parametrize("name", ["min_disk", "min_ram"])
@pytest.mark.parametrize("value", [2**31, 2**63, 2**64])
def test_a_create_with_a_count_past_a_4_byte_integer_is_400_and_stores_nothing(
    client: TestClient, name: str, value: int
) -> None:
    response = client.post("/v2/images", json={name: value}, headers=token())
    assert response.status_code == 400
    assert message(response) == OUT_OF_RANGE.format(name)
    assert listed_ids(client) == []


@pytest.mark.parametrize("op", ["add", "replace"])
@pytest.mark.parametrize("value", [2**31, 2**63, 2147483648.0])
def test_a_patch_to_a_count_past_a_4_byte_integer_is_400_and_changes_nothing(
    client: TestClient, op: str, value: float
) -> None:
    image = create(client, min_disk=3)
    response = patch(client, image["id"], [{"op": op, "path": "/min_disk", "value": value}])
    assert response.status_code == 400
    assert message(response) == OUT_OF_RANGE.format("min_disk")
    assert client.get(f"/v2/images/{image['id']}", headers=token()).json()["min_disk"] == 3


def test_the_largest_4_byte_integer_is_a_count(client: TestClient) -> None:
    image = create(client, min_disk=2**31 - 1, min_ram=2**31 - 1)
    assert (image["min_disk"], image["min_ram"]) == (2**31 - 1, 2**31 - 1)


@pytest.mark.parametrize(("sent", "kept"), [("0.0", 0), ("1.0", 1), ("1e2", 100), ("-0.0", 0)])
def test_a_patch_to_a_whole_float_answers_it_as_sent_and_keeps_the_integer(
    unchecked_answers: TestClient, sent: str, kept: int
) -> None:
    image = create(unchecked_answers)
    response = unchecked_answers.patch(
        f"/v2/images/{image['id']}",
        content=f'[{{"op": "replace", "path": "/min_ram", "value": {sent}}}]'.encode(),
        headers={**token(), "Content-Type": "application/openstack-images-v2.1-json-patch"},
    )
    assert response.status_code == 200, response.text
    assert f'"min_ram": {float(sent)}' in response.text
    shown = unchecked_answers.get(f"/v2/images/{image['id']}", headers=token())
    assert f'"min_ram": {kept},' in shown.text


def test_the_last_value_a_patch_sets_is_the_one_answered(unchecked_answers: TestClient) -> None:
    image = create(unchecked_answers)
    operations = [
        {"op": "replace", "path": "/min_disk", "value": 3.0},
        {"op": "replace", "path": "/min_disk", "value": 4},
        {"op": "replace", "path": "/min_ram", "value": 4},
        {"op": "add", "path": "/min_ram", "value": 5.0},
    ]
    body = patch(unchecked_answers, image["id"], operations).json()
    assert (body["min_disk"], body["min_ram"]) == (4, 5.0)
    assert (type(body["min_disk"]), type(body["min_ram"])) == (int, float)


def test_a_create_with_a_whole_float_answers_it_as_sent_and_keeps_the_integer(
    unchecked_answers: TestClient,
) -> None:
    response = unchecked_answers.post(
        "/v2/images", content=b'{"min_ram": 0.0, "min_disk": 1e2}', headers=token()
    )
    assert response.status_code == 201, response.text
    assert (response.json()["min_ram"], response.json()["min_disk"]) == (0.0, 100.0)
    shown = unchecked_answers.get(f"/v2/images/{response.json()['id']}", headers=token())
    assert '"min_ram": 0,' in shown.text


@pytest.mark.parametrize(("value", "quoted"), [(-1, "-1"), (-2.0, "-2.0")])
def test_a_negative_count_is_400_in_glances_words(
    client: TestClient, value: float, quoted: str
) -> None:
    image = create(client)
    response = patch(client, image["id"], [{"op": "replace", "path": "/min_ram", "value": value}])
    assert response.status_code == 400
    assert message(response) == (
        f"Invalid value '{quoted}' for parameter 'min_ram': Cannot be a negative value"
    )


@pytest.mark.parametrize("value", [True, 1.5, None, "1"])
def test_a_count_of_another_type_is_400(client: TestClient, value: Any) -> None:
    image = create(client)
    response = patch(client, image["id"], [{"op": "replace", "path": "/min_ram", "value": value}])
    assert response.status_code == 400


def test_a_create_with_a_tag_of_4_byte_characters_is_400_and_stores_nothing(
    client: TestClient,
) -> None:
    response = client.post("/v2/images", json={"tags": ["fine", EMOJI]}, headers=token())
    assert response.status_code == 400
    assert message(response) == "Param values can't contain 4 byte unicode."
    assert listed_ids(client) == []


def test_a_patch_to_a_tag_of_4_byte_characters_is_400_and_changes_nothing(
    client: TestClient,
) -> None:
    image = create(client, name="before", tags=["fine"])
    operations: list[dict[str, Any]] = [
        {"op": "replace", "path": "/name", "value": "after"},
        {"op": "replace", "path": "/tags", "value": [EMOJI]},
    ]
    response = patch(client, image["id"], operations)
    assert response.status_code == 400
    assert message(response) == "Param values can't contain 4 byte unicode."
    shown = client.get(f"/v2/images/{image['id']}", headers=token()).json()
    assert (shown["name"], shown["tags"]) == ("before", ["fine"])


def test_a_replace_of_an_absent_property_is_409_whatever_its_value(client: TestClient) -> None:
    image = create(client)
    for path, value in (("/absent", EMOJI), ("/" + "k" * 300, "v")):
        response = patch(client, image["id"], [{"op": "replace", "path": path, "value": value}])
        assert response.status_code == 409


def test_nul_characters_are_text_like_any_other(client: TestClient) -> None:
    image = create(client, name="a\x00b", tags=["t\x00"], **{"k\x00": "v\x00"})
    shown = client.get(f"/v2/images/{image['id']}", headers=token()).json()
    assert (shown["name"], shown["tags"], shown["k\x00"]) == ("a\x00b", ["t\x00"], "v\x00")


def test_a_v2_0_add_of_a_present_count_is_409_whatever_its_value(client: TestClient) -> None:
    image = create(client)
    response = patch(
        client,
        image["id"],
        [{"add": "/min_ram", "value": 7.0}],
        media_type="application/openstack-images-v2.0-json-patch",
    )
    assert response.status_code == 409
    assert response.json()["message"] == (
        "There was a conflict when trying to complete your request.<br /><br />\n"
        "Property min_ram already present.\n\n"
    )
