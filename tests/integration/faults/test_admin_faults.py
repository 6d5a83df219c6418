"""Fault rules switched on and off at run time through /__admin/faults, and from a file."""

from __future__ import annotations

import pathlib
import socket

import httpx
import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from mockserver.faults.middleware import ConnectionDropped
from tests.conftest import StartMock
from tests.demo import CLOUD_TOKEN, auth, images_path
from tests.integration.uploads import listed_ids, upload
from tests.real_servers import running_mock

UPLOAD = "apps_dashboard_api_images_upload_image"


def test_a_rule_faults_one_operation_until_lifted(client: TestClient) -> None:
    rules = {"rules": [{"contract": "closient", "operation": UPLOAD, "status": 503}]}
    put = client.put("/__admin/faults", json=rules)
    assert put.status_code == 200
    assert put.json()["rules"][0]["status"] == 503
    assert upload(client).status_code == 503
    assert listed_ids(client) == []  # the listing is another operation: unaffected
    assert client.get("/__admin/faults").json()["rules"][0]["operation"] == UPLOAD
    assert client.delete("/__admin/faults").status_code == 204
    assert client.get("/__admin/faults").json()["rules"] == []
    assert upload(client).status_code == 201


def test_a_rate_is_drawn_from_the_seed(client: TestClient) -> None:
    rules = {"seed": 42, "rules": [{"operation": UPLOAD, "status": 500, "rate": 0.5}]}

    def outcomes() -> list[int]:
        client.put("/__admin/faults", json=rules)
        return [upload(client).status_code for _ in range(12)]

    first = outcomes()
    assert set(first) == {201, 500}
    assert outcomes() == first  # the same seed, the same sequence
    assert len(listed_ids(client)) == 2 * first.count(201)


def test_other_contracts_are_left_alone(client: TestClient) -> None:
    client.put("/__admin/faults", json={"rules": [{"contract": "cloud-images", "status": 500}]})
    assert client.get(images_path(), headers=auth()).status_code == 200
    listing = client.get("/v2/images", headers={"X-Auth-Token": CLOUD_TOKEN})
    assert listing.status_code == 500
    assert client.get("/__docs/cloud-images/openapi.json").status_code == 200


def test_a_bad_rule_is_refused_and_the_plan_kept(client: TestClient) -> None:
    client.put("/__admin/faults", json={"rules": [{"status": 500, "operation": UPLOAD}]})
    refused = client.put("/__admin/faults", json={"rules": [{"status": 200}]})
    assert refused.status_code == 400
    assert "status" in refused.json()["error"]
    assert client.put("/__admin/faults", json={"rules": [{"colour": 1}]}).status_code == 400
    assert client.get("/__admin/faults").json()["rules"][0]["status"] == 500


@pytest.mark.parametrize(
    "body",
    [
        b'{"rules": [{"contract": "\\ud800", "status": 503}]}',  # a lone surrogate
        b'{"rules": [{"operation": "\xed\xa0\x80", "status": 503}]}',  # one in UTF-8
        b'{"rules": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"rules": [' + b",".join([b"{}"] * 20_000) + b"]}",
        b'{"rules": [{"status": 503}]',
    ],
    ids=["lone surrogate", "encoded surrogate", "nested 5000 deep", "20,000 rules", "cut"],
)
def test_a_rule_that_cannot_be_read_is_refused_and_nothing_stored(
    client: TestClient, body: bytes
) -> None:
    client.put("/__admin/faults", json={"rules": [{"status": 500, "operation": UPLOAD}]})
    refused = client.put("/__admin/faults", content=body)
    assert refused.status_code == 400
    assert refused.json()["error"]
    shown = client.get("/__admin/faults")
    assert shown.status_code == 200
    assert [rule["status"] for rule in shown.json()["rules"]] == [500]


def test_a_faults_body_larger_than_the_contracts_take_is_413(
    config: MockConfig, mock: StartMock
) -> None:
    client = mock(MockConfig(rate_limit_windows=(), max_image_bytes=1000))
    body = b'{"rules": [], "seed": 1' + b" " * 200_000 + b"}"
    response = client.put("/__admin/faults", content=body)
    assert response.status_code == 413
    assert client.get("/__admin/faults").json() == {"seed": 0, "rules": []}


@pytest.mark.slow
def test_a_declared_length_past_the_limit_is_refused_before_continue() -> None:
    with running_mock("--rate-limit", "off", "--no-pictures") as base_url:
        host, port = base_url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as connection:
            connection.sendall(
                b"PUT /__admin/faults HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 10737418240\r\nExpect: 100-continue\r\n\r\n"
            )
            head = connection.recv(4096)
        assert head.startswith(b"HTTP/1.1 413"), head
        assert b"100 Continue" not in head


def test_a_dropped_connection_never_completes(client: TestClient) -> None:
    client.put("/__admin/faults", json={"rules": [{"operation": UPLOAD, "drop": True}]})
    strict = TestClient(client.app)
    with pytest.raises(ConnectionDropped):
        upload(strict)
    assert listed_ids(client) == []


def test_rules_from_a_faults_file(
    config: MockConfig, mock: StartMock, tmp_path: pathlib.Path
) -> None:
    faults = tmp_path / "faults.yaml"
    faults.write_text(
        "seed: 1\nrules:\n  - contract: closient\n    status: 429\n    retry_after: 7\n"
    )
    client = mock(MockConfig(rate_limit_windows=(), faults_path=faults))
    response = client.get(images_path(), headers=auth())
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"


@pytest.mark.slow
def test_a_dropped_connection_over_real_http() -> None:
    with running_mock("--rate-limit", "off", "--no-pictures") as base_url:
        rules = {"rules": [{"contract": "closient", "drop": True}]}
        httpx.put(base_url + "/__admin/faults", json=rules).raise_for_status()
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(base_url + images_path(), headers=auth())
        httpx.delete(base_url + "/__admin/faults").raise_for_status()
        assert httpx.get(base_url + images_path(), headers=auth()).status_code == 200


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_a_fault_change_from_another_origin_is_refused(client: TestClient, method: str) -> None:
    rules = {"rules": [{"contract": "closient", "operation": UPLOAD, "status": 503}]}
    client.put("/__admin/faults", json=rules)
    response = client.request(
        method, "/__admin/faults", json=rules, headers={"Origin": "https://elsewhere.example"}
    )
    assert response.status_code == 403
    assert response.json()["error"] == "cross_origin"
    assert client.get("/__admin/faults").json()["rules"] != []
